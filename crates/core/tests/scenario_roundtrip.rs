//! The contract's own example, writing scenarios back, and the parser's robustness: no input
//! makes it panic, and whatever it accepts it writes back unchanged.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use replication_core::config::{Acks, Profile};
use replication_core::scenario::{parse_scenario, Action, LogSpec, ProduceValues, Scenario};
use replication_core::{BrokerId, NodeId};
use serde_json::{json, Value};

/// The example from `scenario-format.md`, `//` notes included, exactly as the contract shows it.
const CONTRACT_EXAMPLE: &str = r#"{
  "name": "leader failover",            // optional
  "seed": 7,                            // optional, default 0; drives every random choice
  "profile": "kraft",                   // kraft-elr | kraft (default) | zk | hw-truncation
  "brokers": [{"id": 1, "rack": "a"}, {"id": 2, "rack": "b"}, {"id": 3, "rack": "c"}],
  "config": {"min.insync.replicas": 2, "acks": "all"},   // Kafka property names; broker,
                                        // topic, producer and consumer settings share one map;
                                        // an unknown key is an error that lists the known ones
  "topics": [{
    "name": "orders", "partitions": 1, "replication.factor": 3,
    "assignment": {"0": [1, 2, 3]},     // optional; else Kafka's placement (rack-aware when
                                        // brokers have racks), start index and shift from seed
    "placement": {"start_index": 0, "replica_shift": 0},  // optional: fix Kafka's random start
                                        // index and next-replica shift (as AdminUtils'
                                        // fixedStartIndex does) for reproducible placements
    "config": {"unclean.leader.election.enable": false},  // optional per-topic overrides
    "state": {                          // optional starting state per partition
      "0": {"leader": 1, "leader_epoch": 5, "isr": [1, 2, 3], "high_watermark": 98,
            "logs": {"1": {"end_offset": 100},          // records r0..r99 in epoch leader_epoch
                     "2": {"end_offset": 99},           // a prefix of the same history
                     "3": {"records": [{"value": "A", "epoch": 0}, {"value": "B", "epoch": 5}]}}}
    }
  }],
  "actions": [{"at_ms": 0, "produce": {"topic": "orders", "partition": 0, "values": ["x", "y"], "acks": "1"}}],
  "run_until_ms": 60000
}"#;

/// Drops `//` notes outside strings, as the contract says they are not part of the JSON.
fn strip_notes(text: &str) -> String {
    text.lines().map(strip_line).collect::<Vec<_>>().join("\n")
}

fn strip_line(line: &str) -> &str {
    let mut in_string = false;
    let mut escaped = false;
    let bytes = line.as_bytes();
    for i in 0..bytes.len() {
        match bytes[i] {
            _ if escaped => escaped = false,
            b'\\' if in_string => escaped = true,
            b'"' => in_string = !in_string,
            b'/' if !in_string && bytes.get(i + 1) == Some(&b'/') => return &line[..i],
            _ => {}
        }
    }
    line
}

fn round_trips(s: &Scenario) {
    let written = s.to_json().to_string();
    match parse_scenario(&written) {
        Ok(again) => assert_eq!(&again, s, "written as {written}"),
        Err(e) => panic!("the written scenario does not parse:\n{e}\n{written}"),
    }
}

#[test]
fn the_contracts_example_parses() {
    let s = parse_scenario(&strip_notes(CONTRACT_EXAMPLE)).unwrap();
    assert_eq!(s.name.as_deref(), Some("leader failover"));
    assert_eq!(s.seed, 7);
    assert_eq!(s.profile, Profile::Kraft);
    assert_eq!(s.brokers.len(), 3);
    assert_eq!(s.config.min_insync_replicas, 2);
    assert_eq!(s.config_overrides.len(), 2);
    let topic = &s.topics[0];
    assert_eq!(topic.config.unclean_leader_election_enable, Some(false));
    let state = &topic.state[&0];
    assert_eq!(state.leader, Some(BrokerId(1)));
    assert_eq!(state.leader_epoch, 5);
    assert_eq!(state.high_watermark, 98);
    assert_eq!(state.logs[&BrokerId(1)].end_offset(), 100);
    assert!(
        matches!(&state.logs[&BrokerId(3)], LogSpec::Records { records, .. } if records.len() == 2)
    );
    assert_eq!(
        s.actions[0].action,
        Action::Produce {
            topic: "orders".into(),
            partition: Some(0),
            key: None,
            values: ProduceValues::Values(vec!["x".into(), "y".into()]),
            acks: Some(Acks::One),
        }
    );
    assert_eq!(s.run_until_ms, Some(60_000));
}

#[test]
fn the_contracts_example_round_trips() {
    round_trips(&parse_scenario(&strip_notes(CONTRACT_EXAMPLE)).unwrap());
}

/// A scenario that uses every action kind and every optional field.
fn rich() -> Value {
    json!({
        "name": "everything", "description": "one of each", "seed": 42, "profile": "kraft-elr",
        "brokers": [{"id": 1, "rack": "a"}, {"id": 2, "rack": "b"}, {"id": 3, "rack": "a"}, {"id": 4, "rack": "b"}],
        "config": {"min.insync.replicas": "2", "acks": -1, "linger.ms": 0,
                   "replica.selector.class": "RackAwareReplicaSelector", "log.flush.interval.ms": null},
        "topics": [
            {"name": "orders", "partitions": 2, "replication.factor": 3,
             "placement": {"start_index": 1, "replica_shift": 2},
             "config": {"flush.messages": 10}},
            {"name": "audit", "assignment": {"0": [1, 2, 3], "1": [2, 3, 4]},
             "state": {
                 "0": {"leader_epoch": 3, "isr": [2], "elr": [3], "high_watermark": 4,
                       "logs": {"2": {"end_offset": 5, "epoch": 2},
                                "3": {"end_offset": 4, "high_watermark": 3},
                                "1": {"records": [{"value": "a", "epoch": 1}, {"value": "b"}]}}},
                 "1": {"leader": null, "isr": [], "elr": [4]}
             }}
        ],
        "actions": [
            {"at_ms": 900, "heal": true},
            {"at_ms": 0, "produce": {"topic": "orders", "key": "k", "count": 3}},
            {"at_ms": 0, "produce": {"topic": "orders", "partition": 1, "values": ["v"], "acks": 0}},
            {"at_ms": 5, "produce_rate": {"topic": "audit", "per_second": 20, "until_ms": 50, "acks": "all"}},
            {"at_ms": 5, "produce_rate": {"topic": "audit", "per_second": 1}},
            {"at_ms": 6, "consume": {"topic": "orders", "client.rack": "a"}},
            {"at_ms": 6, "consume": {"topic": "audit"}},
            {"at_ms": 10, "crash": {"broker": 1}},
            {"at_ms": 11, "power_loss": {"broker": 2}},
            {"at_ms": 12, "shutdown": {"broker": 3}},
            {"at_ms": 13, "restart": {"broker": 1}},
            {"at_ms": 14, "fail_rack": {"rack": "a"}},
            {"at_ms": 15, "restore_rack": {"rack": "a"}},
            {"at_ms": 16, "isolate": {"node": "controller"}},
            {"at_ms": 17, "partition": {"groups": [[1, "clients"], [2, 3], ["controller"]]}},
            {"at_ms": 18, "cut": {"from": 4, "to": "controller"}},
            {"at_ms": 19, "heal": {}},
            {"at_ms": 20, "slow": {"node": 2, "latency_ms": 250}},
            {"at_ms": 21, "pause_fetcher": {"broker": 4}},
            {"at_ms": 22, "resume_fetcher": {"broker": 4}},
            {"at_ms": 23, "reassign": {"topic": "orders", "partition": 0, "replicas": [4, 3]}},
            {"at_ms": 24, "reassign_plan": {"version": 1, "partitions": [
                {"topic": "audit", "partition": 1, "replicas": [1, 2, 3], "log_dirs": ["any", "any", "any"]},
                {"topic": "audit", "partition": 0, "replicas": [4, 3, 2]}]}},
            {"at_ms": 25, "elect_preferred": {}},
            {"at_ms": 25, "elect_preferred": {"topic": "audit"}},
            {"at_ms": 25, "elect_preferred": {"topic": "audit", "partition": 1}},
            {"at_ms": 25, "elect_leaders": {"election_type": "unclean"}},
            {"at_ms": 25, "elect_leaders": {"election_type": "preferred", "topic": "audit", "partition": 0}},
            {"at_ms": 26, "set_config": {"key": "flush.ms", "value": "1000", "topic": "audit"}},
            {"at_ms": 26, "set_config": {"key": "min.insync.replicas", "value": null, "topic": "audit"}},
            {"at_ms": 27, "set_config": {"key": "acks", "value": 1}}
        ],
        "run_until_ms": 1000
    })
}

#[test]
fn a_scenario_with_every_action_kind_parses_and_round_trips() {
    let s = parse_scenario(&rich().to_string()).unwrap();
    assert_eq!(s.actions.len(), 30);
    assert_eq!(s.actions.last().unwrap().action, Action::Heal);
    assert!(s.actions.windows(2).all(|w| w[0].at_ms <= w[1].at_ms));
    let audit = &s.topics[1];
    assert_eq!(
        audit.state[&0].leader,
        Some(BrokerId(2)),
        "the only ISR member leads"
    );
    assert_eq!(audit.state[&1].leader, None);
    let kinds: std::collections::BTreeSet<&str> =
        s.actions.iter().map(|a| a.action.kind()).collect();
    assert_eq!(kinds.len(), 21, "every kind: {kinds:?}");
    assert!(s.actions.iter().any(|a| matches!(
        &a.action,
        Action::Partition { groups } if groups[0] == vec![NodeId::Broker(BrokerId(1)), NodeId::Clients]
    )));
    assert!(s.actions.iter().any(|a| matches!(
        &a.action,
        Action::SetConfig { key, topic: Some(_), .. } if key == "log.flush.interval.ms"
    )));
    round_trips(&s);
}

#[test]
fn defaults_are_written_out_explicitly() {
    let doc = json!({"brokers": [{"id": 1}], "topics": [{"name": "t", "assignment": {"0": [1]},
                     "state": {"0": {"logs": {"1": {"records": [{"value": "a"}]}}}}}]});
    let s = parse_scenario(&doc.to_string()).unwrap();
    let written = s.to_json();
    assert_eq!(written["seed"], json!(0));
    assert_eq!(written["profile"], json!("kraft"));
    assert_eq!(written["topics"][0]["state"]["0"]["leader"], json!(1));
    assert_eq!(written["topics"][0]["state"]["0"]["isr"], json!([1]));
    round_trips(&s);
}

// ---- robustness ----

/// Names that occur in scenario files, so random documents often reach deep checks.
const VOCABULARY: &[&str] = &[
    "name",
    "seed",
    "profile",
    "brokers",
    "config",
    "topics",
    "actions",
    "run_until_ms",
    "id",
    "rack",
    "partitions",
    "replication.factor",
    "assignment",
    "placement",
    "start_index",
    "replica_shift",
    "rack_aware",
    "state",
    "leader",
    "leader_epoch",
    "isr",
    "elr",
    "high_watermark",
    "logs",
    "end_offset",
    "epoch",
    "records",
    "value",
    "at_ms",
    "produce",
    "produce_rate",
    "consume",
    "crash",
    "power_loss",
    "shutdown",
    "restart",
    "fail_rack",
    "restore_rack",
    "isolate",
    "partition",
    "cut",
    "heal",
    "slow",
    "pause_fetcher",
    "resume_fetcher",
    "reassign",
    "reassign_plan",
    "elect_preferred",
    "elect_leaders",
    "election_type",
    "unclean",
    "preferred",
    "set_config",
    "topic",
    "values",
    "count",
    "acks",
    "key",
    "per_second",
    "until_ms",
    "client.rack",
    "broker",
    "node",
    "groups",
    "from",
    "to",
    "latency_ms",
    "replicas",
    "log_dirs",
    "version",
    "0",
    "1",
    "2",
    "a",
    "orders",
    "all",
    "kraft",
    "kraft-elr",
    "zk",
    "hw-truncation",
    "controller",
    "clients",
    "min.insync.replicas",
    "enable.idempotence",
    "delivery.timeout.ms",
    "flush.ms",
    "unclean.leader.election.enable",
];

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(VOCABULARY).prop_map(str::to_string),
        1 => "[a-z0-9._ \u{e9}-]{0,6}",
    ]
}

fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        (0u64..5).prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        Just(Value::from(u64::from(u32::MAX) + 1)),
    ]
}

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number(),
        word().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((word(), inner), 0..5)
                .prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    })
}

/// Every JSON pointer in the document.
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                pointers(
                    child,
                    format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                pointers(child, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

/// Replaces, removes, or adds beside the node at a pointer.
fn mutate(doc: &mut Value, pointer: &str, how: u8, key: &str, value: Value) {
    let Some(target) = doc.pointer_mut(pointer) else {
        return;
    };
    match (how, target) {
        (0, target) => *target = value,
        (1, Value::Object(map)) => {
            let first = map.keys().next().cloned();
            if let Some(k) = first {
                map.remove(&k);
            }
        }
        (1, Value::Array(items)) => {
            items.pop();
        }
        (2, Value::Object(map)) => {
            map.insert(key.to_string(), value);
        }
        (2, Value::Array(items)) => items.push(value),
        (_, Value::Number(n)) => {
            let bumped = n
                .as_u64()
                .map_or(Value::from(0), |n| Value::from(n.wrapping_add(1)));
            *doc.pointer_mut(pointer).unwrap() = bumped;
        }
        (_, target) => *target = value,
    }
}

fn parses_or_errs_then_round_trips(text: &str) {
    if let Ok(s) = parse_scenario(text) {
        round_trips(&s);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_json_never_panics(doc in arb_json()) {
        parses_or_errs_then_round_trips(&doc.to_string());
    }

    #[test]
    fn random_text_never_panics(text in "\\PC{0,40}") {
        let _ = parse_scenario(&text);
    }

    #[test]
    fn mutated_valid_scenarios_never_panic_and_round_trip_when_accepted(
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..4, word(), arb_json()), 1..4),
        base in prop::sample::select(vec![0usize, 1]),
    ) {
        let mut doc = if base == 0 {
            serde_json::from_str(&strip_notes(CONTRACT_EXAMPLE)).unwrap()
        } else {
            rich()
        };
        for (index, how, key, value) in edits {
            let mut all = Vec::new();
            pointers(&doc, String::new(), &mut all);
            let pointer = all[index.index(all.len())].clone();
            mutate(&mut doc, &pointer, how, &key, value);
        }
        parses_or_errs_then_round_trips(&doc.to_string());
    }
}
