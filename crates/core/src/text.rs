//! Messages for people, kept apart from their wording so a front end can show them in another
//! language.
//!
//! A [`Text`] is an English template with named holes (`"no broker {id}; brokers are {ids}"`)
//! and the values for them. Its `Display` is the English; the playground looks the template up
//! in its own table to word it in Chinese. Build one with [`text!`](crate::text!), which reads
//! like `format!` with the holes' values named:
//!
//! ```
//! use replication_core::text;
//! let id = 9;
//! let t = text!("no broker {id}; brokers are {ids}", id, ids = "1, 2, 3");
//! assert_eq!(t.to_string(), "no broker 9; brokers are 1, 2, 3");
//! ```
//!
//! `{{` and `}}` stand for literal braces. A value may itself be a `Text` (a noun phrase such
//! as "a partition number"), which is then worded in the same language as the whole.

use crate::text;
use std::fmt;

/// A message: an English template and the values of its holes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    pub template: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

/// The value of one hole: shown as it is, a nested message worded like the whole, or a list of
/// values joined by a separator (each item worded).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg {
    Plain(String),
    Text(Text),
    List(Vec<Arg>, &'static str),
}

impl Arg {
    /// The items joined by `separator`, each shown by `show`.
    pub fn join(items: &[Arg], separator: &str, show: &mut dyn FnMut(&Arg) -> String) -> String {
        let mut out = String::new();
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                out.push_str(separator);
            }
            out.push_str(&show(item));
        }
        out
    }
}

impl Text {
    pub fn new(template: &'static str, args: Vec<(&'static str, Arg)>) -> Text {
        debug_assert!(
            holes(template).all(|h| args.iter().any(|(name, _)| *name == h)),
            "a hole of {template:?} has no value"
        );
        Text { template, args }
    }

    /// The value for hole `name`.
    pub fn arg(&self, name: &str) -> Option<&Arg> {
        self.args.iter().find(|(n, _)| *n == name).map(|(_, a)| a)
    }

    /// `template` (this text's or a translation of it) with the holes filled by `show`.
    pub fn fill(&self, template: &str, show: &mut dyn FnMut(&Arg, &mut String)) -> String {
        let mut out = String::with_capacity(template.len() + 16);
        let mut rest = template;
        while let Some(i) = rest.find(['{', '}']) {
            out.push_str(&rest[..i]);
            let tail = &rest[i..];
            if tail.starts_with("{{") || tail.starts_with("}}") {
                out.push_str(&tail[..1]);
                rest = &tail[2..];
            } else if let (true, Some(end)) = (tail.starts_with('{'), tail.find('}')) {
                match self.arg(&tail[1..end]) {
                    Some(arg) => show(arg, &mut out),
                    None => out.push_str(&tail[..=end]),
                }
                rest = &tail[end + 1..];
            } else {
                out.push_str(&tail[..1]);
                rest = &tail[1..];
            }
        }
        out.push_str(rest);
        out
    }
}

/// A message located by a path (`topics[0].replication.factor: …`, `run.events: …`).
pub fn located(path: impl Into<Arg>, message: impl Into<Arg>) -> Text {
    text!(
        "{path}: {message}",
        path = path.into(),
        message = message.into()
    )
}

/// The names of a template's holes, in order (`{{`/`}}` are not holes).
pub fn holes(template: &str) -> impl Iterator<Item = &str> {
    let mut rest = template;
    std::iter::from_fn(move || loop {
        let i = rest.find(['{', '}'])?;
        let tail = &rest[i..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            rest = &tail[2..];
        } else if let (true, Some(end)) = (tail.starts_with('{'), tail.find('}')) {
            rest = &tail[end + 1..];
            return Some(&tail[1..end]);
        } else {
            rest = &tail[1..];
        }
    })
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.fill(self.template, &mut |arg, out| {
            out.push_str(&arg.to_string())
        }))
    }
}

/// A value as it reads in English.
impl fmt::Display for Arg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Arg::Plain(s) => f.write_str(s),
            Arg::Text(t) => t.fmt(f),
            Arg::List(items, separator) => {
                f.write_str(&Arg::join(items, separator, &mut |a| a.to_string()))
            }
        }
    }
}

impl From<Text> for Arg {
    fn from(t: Text) -> Arg {
        Arg::Text(t)
    }
}

impl From<&Text> for Arg {
    fn from(t: &Text) -> Arg {
        Arg::Text(t.clone())
    }
}

/// Values shown as they are.
macro_rules! plain_args {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(v: $t) -> Arg {
                Arg::Plain(v.to_string())
            }
        }
    )*};
}

plain_args!(
    String,
    &String,
    &str,
    &&str,
    char,
    u8,
    u16,
    u32,
    u64,
    usize,
    i32,
    i64,
    &u32,
    &u64,
    &usize,
    &i64,
    f64,
    crate::BrokerId,
    &crate::BrokerId,
    crate::TopicPartition,
    &crate::TopicPartition
);

/// A [`Text`] like `format!`: `text!("broker {id} is listed twice", id)` takes `id` from a
/// variable of that name, `text!("expected a string, got {got}", got = show(v))` names the
/// value. The playground's `i18n::messages` has every template's Chinese (a test scans the
/// sources for them), so write the template as a literal.
#[macro_export]
macro_rules! text {
    (@value $name:ident) => { $name };
    (@value $name:ident $value:expr) => { $value };
    ($template:literal $(, $name:ident $(= $value:expr)?)* $(,)?) => {
        $crate::text::Text::new(
            $template,
            ::std::vec![$((
                ::core::stringify!($name),
                $crate::text::Arg::from($crate::text!(@value $name $($value)?)),
            )),*],
        )
    };
}

/// Simulated time as `12.345 s` or `3 min 04.5 s`, with integer arithmetic (float formatting
/// costs the browser bundle about 20 KB).
pub fn format_time(ms: u64) -> String {
    if ms < 60_000 {
        format!("{}.{:03} s", ms / 1000, ms % 1000)
    } else {
        let minutes = ms / 60_000;
        let tenths = (ms % 60_000).div_ceil(100).min(599);
        format!("{minutes} min {:02}.{} s", tenths / 10, tenths % 10)
    }
}

/// A duration as a config value reads: `500 ms`, `9 s`, `2.5 s`, `5 min`.
pub fn format_duration(ms: u64) -> String {
    match ms {
        0..=999 => format!("{ms} ms"),
        _ if ms % 60_000 == 0 => format!("{} min", ms / 60_000),
        _ if ms % 1000 == 0 => format!("{} s", ms / 1000),
        _ if ms % 100 == 0 => format!("{}.{} s", ms / 1000, ms % 1000 / 100),
        _ => format!("{}.{:03} s", ms / 1000, ms % 1000),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holes_are_named_and_braces_escape() {
        let cases: &[(&str, &[&str])] = &[
            ("no holes", &[]),
            ("no broker {id}; brokers are {ids}", &["id", "ids"]),
            ("expected {{}} or true, got {got}", &["got"]),
            ("{a}{b}", &["a", "b"]),
            ("a lone } and {", &[]),
        ];
        for (template, want) in cases {
            assert_eq!(holes(template).collect::<Vec<_>>(), *want, "{template}");
        }
    }

    #[test]
    fn display_fills_the_english() {
        let id = 9;
        let what = text!("a partition number");
        let cases = [
            (text!("no broker {id}", id), "no broker 9"),
            (
                text!("expected {{}} or true, got {got}", got = "5"),
                "expected {} or true, got 5",
            ),
            (
                text!("expected {what}", what),
                "expected a partition number",
            ),
            (text!("{b} before {a}", a = 1, b = 2), "2 before 1"),
        ];
        for (t, want) in cases {
            assert_eq!(t.to_string(), want);
        }
    }

    #[test]
    fn another_template_fills_the_same_values() {
        let t = text!("no broker {id}; brokers are {ids}", id = 9, ids = "1, 2");
        let zh = t.fill("没有 broker {id}（现有：{ids}）", &mut |a, out| {
            if let Arg::Plain(s) = a {
                out.push_str(s)
            }
        });
        assert_eq!(zh, "没有 broker 9（现有：1, 2）");
    }

    #[test]
    fn times_and_durations_read_as_people_write_them() {
        assert_eq!(format_time(0), "0.000 s");
        assert_eq!(format_time(9_010), "9.010 s");
        assert_eq!(format_time(59_999), "59.999 s");
        assert_eq!(format_time(60_000), "1 min 00.0 s");
        assert_eq!(format_time(184_500), "3 min 04.5 s");
        let cases = [
            (500, "500 ms"),
            (9_000, "9 s"),
            (2_500, "2.5 s"),
            (1_234, "1.234 s"),
            (300_000, "5 min"),
            (90_000, "90 s"),
        ];
        for (ms, want) in cases {
            assert_eq!(format_duration(ms), want);
        }
    }
}
