//! JSON paths in problems (`brokers[0].rack`, `config."a\nb"`), and the one problem that comes
//! before any path: input that is not UTF-8 text. Every problem is one line naming where it
//! is, whatever the file's keys hold.

use super::ScenarioError;
use crate::text;
use std::borrow::Cow;
use std::fmt::Write as _;

/// `path.key`, or `key` at the root; a key that would not read as one plain word on one line
/// is quoted as a JSON string (see [`key`]).
pub fn field(path: &str, key: &str) -> String {
    let key = self::key(key);
    if path.is_empty() {
        key.into_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// `path[index]`.
pub fn index(path: &str, index: usize) -> String {
    format!("{path}[{index}]")
}

/// A key as a path writes it: as is, or quoted with JSON's escapes (`""`, `"a\nb"`,
/// `"x\u202e"`) when it is empty, holds a quote, a backslash, a control character, a line or
/// paragraph separator or an invisible formatting character (zero-width, bidirectional), or
/// starts or ends with white space. Such a key printed raw would break the line, vanish, or
/// make the path read as something else.
pub fn key(key: &str) -> Cow<'_, str> {
    let edge_space = key.starts_with(char::is_whitespace) || key.ends_with(char::is_whitespace);
    if !key.is_empty() && !edge_space && !key.chars().any(needs_escape) {
        return Cow::Borrowed(key);
    }
    Cow::Owned(format!("\"{}\"", escaped(key)))
}

/// A string from the file as it goes between quotes in a problem (`no topic "a\nb"`): with
/// JSON's escapes for what would break the line or hide (see [`key`]).
pub fn escaped(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => push_unicode_escape(&mut out, c),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A string from an address or a file between quotes, escaped (`"a\nb"`).
pub fn quoted(text: &str) -> String {
    format!("\"{}\"", escaped(text))
}

/// JSON text (serde_json's, which escapes only quotes, backslashes and C0 controls) with the
/// other characters that would break a line or hide escaped as well (DEL, C1 controls, line
/// separators, invisible formatting).
pub fn escape_invisible(json: &str) -> Cow<'_, str> {
    let invisible = |c: char| needs_escape(c) && !matches!(c, '"' | '\\');
    if !json.chars().any(invisible) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 8);
    for c in json.chars() {
        if invisible(c) {
            push_unicode_escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn push_unicode_escape(out: &mut String, c: char) {
    // Every character that needs it is in the Basic Multilingual Plane.
    let _ = write!(out, "\\u{:04x}", c as u32);
}

fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '"' | '\\'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{200b}'..='\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2060}'..='\u{206f}'
                | '\u{feff}'
        )
}

/// The input as text, or the problem `$: not UTF-8 at byte N` (N counted from 0: the first
/// byte that is not part of a valid UTF-8 sequence). A leading byte order mark is skipped, as
/// JSON (RFC 8259) lets a reader do and as a browser's `File.text()` does.
pub fn utf8(bytes: &[u8]) -> Result<&str, ScenarioError> {
    let text = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let skipped = bytes.len() - text.len();
    std::str::from_utf8(text).map_err(|e| ScenarioError {
        path: "$".to_string(),
        message: text!(
            "not UTF-8 at byte {offset}",
            offset = e.valid_up_to() + skipped
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_that_would_break_or_hide_a_path_are_quoted() {
        let cases = [
            ("rack", "rack"),
            ("min.insync.replicas", "min.insync.replicas"),
            ("é 机架", "é 机架"),
            ("", r#""""#),
            ("a\nb", r#""a\nb""#),
            ("a\r\tb", r#""a\r\tb""#),
            ("say \"hi\"", r#""say \"hi\"""#),
            ("back\\slash", r#""back\\slash""#),
            ("bell\u{7}", r#""bell\u0007""#),
            ("next\u{85}line", r#""next\u0085line""#),
            ("line\u{2028}sep", r#""line\u2028sep""#),
            ("rtl\u{202e}x", r#""rtl\u202ex""#),
            ("zero\u{200b}width", r#""zero\u200bwidth""#),
            (" padded", r#"" padded""#),
        ];
        for (raw, want) in cases {
            assert_eq!(key(raw), want, "{raw:?}");
            assert!(!key(raw).contains(['\n', '\r', '\u{2028}']), "{raw:?}");
        }
        assert_eq!(field("config", "a\nb"), r#"config."a\nb""#);
        assert_eq!(field(&index("brokers", 0), ""), "brokers[0].\"\"");
        assert_eq!(field("", "topics"), "topics");
    }

    #[test]
    fn strings_and_json_in_problems_stay_on_one_visible_line() {
        assert_eq!(escaped("orders"), "orders");
        assert_eq!(escaped("a\nb\u{2028}c\""), r#"a\nb\u2028c\""#);
        assert_eq!(
            escape_invisible("[\"a\\n\", \"b\u{85}\u{202e}\"]"),
            r#"["a\n", "b\u0085\u202e"]"#
        );
        assert_eq!(escape_invisible(r#""x\"y""#), r#""x\"y""#);
    }

    #[test]
    fn input_that_is_not_utf8_names_the_first_bad_byte() {
        let problem = |bytes: &[u8]| utf8(bytes).unwrap_err().to_string();
        assert_eq!(problem(b"{\"a\": \"\xff\"}"), "$: not UTF-8 at byte 7");
        assert_eq!(problem(b"\xc3"), "$: not UTF-8 at byte 0");
        // A byte order mark is skipped, and counted in the offset of a later bad byte.
        assert_eq!(utf8(b"\xef\xbb\xbf{}").unwrap(), "{}");
        assert_eq!(problem(b"\xef\xbb\xbf{\xfe}"), "$: not UTF-8 at byte 4");
        assert_eq!(utf8("{\"机架\": 1}".as_bytes()).unwrap(), "{\"机架\": 1}");
    }
}
