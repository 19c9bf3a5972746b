//! `replication-sim check` and `run`: an invalid file exits 2 with one line per problem, each
//! naming its JSON path, whatever bytes and keys the file holds.

use std::io::Write;
use std::process::{Command, Stdio};

/// Exit code and stderr lines of `replication-sim <command> -` fed `input`.
fn runner(command: &str, input: &[u8]) -> (i32, Vec<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_replication-sim"))
        .args([command, "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the runner starts");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input)
        .expect("input written");
    let out = child.wait_with_output().expect("the runner ends");
    let stderr = String::from_utf8(out.stderr).expect("problems are UTF-8");
    (
        out.status.code().unwrap_or(-1),
        stderr.lines().map(str::to_string).collect(),
    )
}

#[test]
fn a_key_with_a_newline_is_one_line_naming_its_path() {
    for command in ["check", "run"] {
        let (code, lines) = runner(command, b"{\"a\\nb: c\": 1}");
        assert_eq!(code, 2);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(
            lines[0].starts_with(r#""a\nb: c": unknown field"#),
            "{lines:?}"
        );
        assert_eq!(lines[1], "brokers: required field is missing");
    }
}

#[test]
fn an_empty_key_is_named() {
    let (code, lines) = runner("check", br#"{"brokers": [{"id": 1, "": 2}]}"#);
    assert_eq!(code, 2);
    assert_eq!(
        lines,
        [r#"brokers[0]."": unknown field; allowed fields are id, rack"#]
    );
}

#[test]
fn bytes_that_are_not_utf8_name_their_offset() {
    for command in ["check", "run"] {
        let (code, lines) = runner(command, b"{\"name\": \"x\xff\"}");
        assert_eq!(code, 2);
        assert_eq!(lines, ["$: not UTF-8 at byte 11"]);
    }
}
