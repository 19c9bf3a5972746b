//! `cargo xtask shape [--files N] [--functions N]`: the largest source files and the longest
//! functions of `crates/*/src`, against issue 17's limits (about 600 lines a file, 70 a
//! function), so a file that starts doing several jobs shows before it is the next refactor.
//!
//! It reads rustfmt'd code as text: a function starts at a line whose first word (after
//! `pub`, `const`, `async`, `unsafe`) is `fn`, and ends at the first later line that is its
//! own indentation followed by `}`. Test functions count too: a long table is visible, and
//! whoever reads the list judges whether it is one.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::cmd::Result;

pub const FILE_LINES: usize = 600;
pub const FUNCTION_LINES: usize = 70;

pub fn run(root: &Path, file_limit: usize, function_limit: usize) -> Result {
    let mut files = Vec::new();
    for krate in read_dir(&root.join("crates"))? {
        collect_rs(&krate.join("src"), &mut files)?;
    }
    files.sort();
    let mut sizes = Vec::new();
    let mut functions = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let shown = path
            .strip_prefix(root)
            .unwrap_or(path)
            .display()
            .to_string();
        let lines: Vec<&str> = text.lines().collect();
        sizes.push((lines.len(), shown.clone()));
        for (start, len, name) in function_spans(&lines) {
            functions.push((len, format!("{shown}:{}", start + 1), name));
        }
    }
    sizes.sort_by(|a, b| b.cmp(a));
    functions.sort_by(|a, b| b.cmp(a));

    let mut out = String::new();
    let big: Vec<_> = sizes.iter().filter(|(n, _)| *n > file_limit).collect();
    let _ = writeln!(
        out,
        "{} files in crates/*/src, {} lines; {} over {file_limit} lines:",
        sizes.len(),
        sizes.iter().map(|(n, _)| n).sum::<usize>(),
        big.len()
    );
    for (n, path) in big {
        let _ = writeln!(out, "  {n:>6}  {path}");
    }
    let long: Vec<_> = functions
        .iter()
        .filter(|(n, ..)| *n > function_limit)
        .collect();
    let _ = writeln!(
        out,
        "{} functions; {} over {function_limit} lines:",
        functions.len(),
        long.len()
    );
    for (n, place, name) in long {
        let _ = writeln!(out, "  {n:>6}  {name}  {place}");
    }
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = std::io::stdout().write_all(out.as_bytes());
    Ok(())
}

fn read_dir(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    out.sort();
    Ok(out)
}

fn collect_rs(dir: &Path, out: &mut Vec<PathBuf>) -> Result {
    if !dir.is_dir() {
        return Ok(());
    }
    for path in read_dir(dir)? {
        if path.is_dir() {
            collect_rs(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    Ok(())
}

/// Every function with a body: (index of its first line, its length in lines, its name).
fn function_spans(lines: &[&str]) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some((indent, name)) = fn_start(line) else {
            continue;
        };
        if line.trim_end().ends_with(';') {
            continue; // a declaration without a body
        }
        let close = format!("{indent}}}");
        let one_line = line.trim_end().ends_with('}');
        let end = if one_line {
            Some(i)
        } else {
            (i + 1..lines.len()).find(|&j| lines[j].trim_end() == close)
        };
        if let Some(end) = end {
            out.push((i, end - i + 1, name));
        }
    }
    out
}

/// `(indentation, name)` when `line` starts a function.
fn fn_start(line: &str) -> Option<(&str, String)> {
    let indent = &line[..line.len() - line.trim_start().len()];
    let mut rest = line.trim_start();
    if let Some(r) = rest.strip_prefix("pub") {
        rest = match r.strip_prefix('(') {
            Some(r) => r.split_once(')')?.1,
            None => r,
        }
        .trim_start();
    }
    for word in ["const ", "async ", "unsafe "] {
        rest = rest.strip_prefix(word).unwrap_or(rest);
    }
    let name: String = rest
        .strip_prefix("fn ")?
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    (!name.is_empty()).then_some((indent, name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn functions_are_measured_from_their_line_to_their_closing_brace() {
        let code = [
            "pub(crate) fn outer() {", // 0
            "    let x = 1;",
            "    fn inner() -> u8 {", // 2
            "        1",
            "    }",
            "}",
            "fn one() {}", // 6
            "    fn declared(&self);",
            "async fn later()", // 8
            "where",
            "    T: Sized,",
            "{",
            "}",
            "let fnord = 1;",
        ];
        let spans = function_spans(&code);
        let got: Vec<_> = spans
            .iter()
            .map(|(s, n, name)| (*s, *n, name.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (0, 6, "outer"),
                (2, 3, "inner"),
                (6, 1, "one"),
                (8, 5, "later")
            ]
        );
    }
}
