//! Every problem is one line that names where it is: keys that would break the line or hide
//! are quoted with JSON's escapes, an empty key is named, strings from the file are escaped
//! inside messages, and input that is not UTF-8 names its first bad byte.

use replication_core::scenario::{parse_scenario, parse_scenario_bytes};
use serde_json::{json, Value};

fn problems(doc: &Value) -> Vec<String> {
    parse_scenario(&doc.to_string())
        .expect_err("the document has a problem")
        .iter()
        .map(|e| e.to_string())
        .collect()
}

fn base() -> Value {
    json!({
        "brokers": [{"id": 1, "rack": "a"}, {"id": 2, "rack": "b"}, {"id": 3, "rack": "c"}],
        "topics": [{"name": "orders", "partitions": 1, "replication.factor": 3}],
    })
}

#[test]
fn a_key_with_a_newline_is_escaped_in_its_path() {
    // The issue's case: today the first of two lines names nothing.
    let root = problems(&json!({"a\nb: c": 1}));
    assert_eq!(root.len(), 2, "{root:?}");
    assert!(
        root[0].starts_with(r#""a\nb: c": unknown field; allowed fields are name, "#),
        "{}",
        root[0]
    );
    let mut doc = base();
    doc["config"] = json!({"a\nb": 1});
    let config = problems(&doc);
    assert_eq!(config.len(), 1);
    assert!(config[0].starts_with(r#"config."a\nb": "#), "{}", config[0]);
}

#[test]
fn an_empty_key_is_named() {
    let mut doc = base();
    doc["brokers"][0][""] = json!(2);
    assert_eq!(
        problems(&doc),
        [r#"brokers[0]."": unknown field; allowed fields are id, rack"#]
    );
}

#[test]
fn control_separator_and_invisible_characters_never_reach_a_problem_raw() {
    for bad in [
        "x\ny",
        "x\ry",
        "x\u{2028}y",
        "x\u{85}y",
        "x\u{202e}y",
        "x\u{7f}y",
    ] {
        let mut doc = base();
        doc["topics"][0][bad] = json!(1);
        doc["topics"][0]["assignment"] = json!({bad: [1, 2, 3]});
        doc["brokers"][0]["rack"] = json!(bad);
        doc["actions"] = json!([
            {"at_ms": 0, "consume": {"topic": bad}},
            {"at_ms": 0, "fail_rack": {"rack": bad}},
            {"at_ms": 0, "set_config": {"key": "acks", "value": bad}}
        ]);
        let mut topic = base();
        topic["topics"][0]["name"] = json!(bad);
        for problem in problems(&doc).into_iter().chain(problems(&topic)) {
            assert!(
                !problem
                    .chars()
                    .any(|c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202e}')),
                "{bad:?}: {problem:?}"
            );
        }
    }
    let mut doc = base();
    doc["actions"] = json!([{"at_ms": 0, "consume": {"topic": "a\nb"}}]);
    assert_eq!(
        problems(&doc),
        [r#"actions[0].consume.topic: no topic "a\nb"; topics are "orders""#]
    );
}

#[test]
fn input_that_is_not_utf8_names_the_byte() {
    let mut bytes = br#"{"name": "caf"#.to_vec();
    bytes.extend_from_slice(b"\xe9\"}");
    let errors = parse_scenario_bytes(&bytes).expect_err("not UTF-8");
    assert_eq!(errors.to_string(), "$: not UTF-8 at byte 13");
    // The same text in UTF-8 gets as far as the scenario's own problems.
    let text = "{\"name\": \"café\"}";
    assert_eq!(
        parse_scenario_bytes(text.as_bytes())
            .unwrap_err()
            .to_string(),
        "brokers: required field is missing"
    );
}
