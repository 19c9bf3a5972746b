//! The runner refuses a file over a budget like any other invalid file: exit code 2 and one
//! line per problem on stderr, nothing on stdout.

use std::process::Command;

fn run(name: &str, json: &str) -> std::process::Output {
    let path = std::env::temp_dir().join(format!(
        "replication-sim-budgets-{}-{name}.json",
        std::process::id()
    ));
    std::fs::write(&path, json).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_replication-sim"))
        .arg("run")
        .arg(&path)
        .output()
        .unwrap();
    std::fs::remove_file(&path).unwrap();
    output
}

#[test]
fn a_file_over_a_budget_exits_2_with_one_line_per_problem() {
    let actions: Vec<String> = (0..100)
        .map(|i| format!(r#"{{"at_ms": {i}, "produce": {{"topic": "t", "count": 1000000}}}}"#))
        .collect();
    let json = format!(
        r#"{{"brokers": [{{"id": 1}}], "topics": [{{"name": "t", "partitions": 1, "replication.factor": 1}}], "actions": [{}]}}"#,
        actions.join(",")
    );
    let output = run("produce", &json);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).unwrap();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(lines[0].starts_with(
        "actions[1].produce.count: the produce actions up to here send 2000000 records"
    ));
    assert!(lines[1]
        .starts_with("actions[20].produce.count: the actions up to here produce 21000000 records"));
}

#[test]
fn a_file_over_the_input_budget_exits_2_unread() {
    let output = run("bytes", &" ".repeat(3_000_000));
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        "$: the file is more than the simulator's input budget of 2000000 bytes\n"
    );
}
