//! The simulator's budgets: small files that once exhausted memory or ran for hours are refused
//! while parsing, each with the budget, the numbers and the path; what only a run can show is
//! stopped by the run budgets; and every bundled scenario stays far inside all of them.
//!
//! Nothing here simulates a large cluster: the refused files are only parsed, and the run
//! budgets are tested on a small cluster with tight budgets.

use replication_core::scenario::budgets::{usage, Usage};
use replication_core::scenario::bundled::BUNDLED;
use replication_core::scenario::limits::*;
use replication_core::scenario::parse_scenario;
use replication_core::sim::{RunStopped, World};
use replication_core::view::DEFAULT_SCENARIO;
use serde_json::{json, Value};

fn brokers(n: u32) -> Value {
    (1..=n).map(|id| json!({"id": id})).collect()
}

fn topic(partitions: u32, rf: u32) -> Value {
    json!([{"name": "t", "partitions": partitions, "replication.factor": rf}])
}

/// `n` copies of an action at `at_ms` = its index (a file a script writes).
fn repeated(n: usize, action: Value) -> Value {
    (0..n)
        .map(|i| {
            let mut entry = action.clone();
            entry["at_ms"] = json!(i);
            entry
        })
        .collect()
}

fn errors(doc: &Value) -> Vec<String> {
    errors_of(&doc.to_string())
}

fn errors_of(text: &str) -> Vec<String> {
    match parse_scenario(text) {
        Ok(_) => Vec::new(),
        Err(errs) => errs.iter().map(|e| e.to_string()).collect(),
    }
}

#[test]
fn a_hundred_produce_actions_of_a_million_records_are_refused() {
    let doc = json!({
        "brokers": brokers(3), "topics": topic(1, 3),
        "actions": repeated(100, json!({"produce": {"topic": "t", "count": 1_000_000}}))
    });
    assert_eq!(
        errors(&doc),
        [
            "actions[1].produce.count: the produce actions up to here send 2000000 records, more \
             than the simulator's budget of 1000000 records in all produce actions (each waits \
             in the producer until it is sent)",
            "actions[20].produce.count: the actions up to here produce 21000000 records by the \
             run's end at 60099 ms, more than the simulator's budget of 20000000 records \
             produced in a run",
        ]
    );
}

#[test]
fn a_thousand_rates_of_a_hundred_thousand_per_second_are_refused() {
    let doc = json!({
        "brokers": brokers(3), "topics": topic(1, 3),
        "actions": repeated(1_000, json!({"produce_rate": {"topic": "t", "per_second": 100_000}}))
    });
    // Each rate runs from its at_ms to the run's end, 60 s after the last action (at 999 ms).
    assert_eq!(
        errors(&doc),
        ["actions[3].produce_rate.per_second: the actions up to here produce 24399000 records by \
          the run's end at 60999 ms, more than the simulator's budget of 20000000 records \
          produced in a run"]
    );
}

#[test]
fn a_rate_counts_only_until_it_is_stopped() {
    // 100,000/s for a day would be refused; stopped after 10 s it makes a million records.
    let doc = json!({
        "brokers": brokers(3), "topics": topic(1, 3), "run_until_ms": 86_400_000,
        "actions": [
            {"at_ms": 0, "produce_rate": {"topic": "t", "per_second": 100_000}},
            {"at_ms": 10_000, "produce_rate": {"topic": "t", "per_second": 0}}
        ]
    });
    let scenario = parse_scenario(&doc.to_string()).expect("within the budget");
    assert_eq!(usage(&scenario).produce_volume, 1_000_000);
}

#[test]
fn starting_logs_of_three_hundred_million_records_are_refused() {
    let logs: Value = (1..=3)
        .map(|b| (b.to_string(), json!({"end_offset": 1_000_000})))
        .collect::<serde_json::Map<_, _>>()
        .into();
    let state: serde_json::Map<String, Value> = (0..100)
        .map(|p| {
            let partition =
                json!({"leader": 1, "isr": [1, 2, 3], "high_watermark": 1_000_000, "logs": logs});
            (p.to_string(), partition)
        })
        .collect();
    let assignment: serde_json::Map<String, Value> = (0..100)
        .map(|p| (p.to_string(), json!([1, 2, 3])))
        .collect();
    let doc = json!({
        "brokers": brokers(3),
        "topics": [{"name": "t", "assignment": assignment, "state": state}]
    });
    assert_eq!(
        errors(&doc),
        ["topics[0].state.0.logs.2.end_offset: the starting logs up to here hold 2000000 records, \
          more than the simulator's budget of 1000000 records in all starting logs"]
    );
}

#[test]
fn a_thousand_brokers_with_ten_thousand_partitions_are_refused() {
    let doc = json!({"brokers": brokers(1_000), "topics": topic(10_000, 3)});
    assert_eq!(
        errors(&doc),
        [
            "topics[0].partitions: the topics up to here hold 30000 replicas (partitions × \
             replication factor), more than the simulator's budget of 10000 replicas in all \
             topics",
            "topics[0].partitions: the topics up to here have 10000 partitions on 1000 brokers: \
             10000000 partition-broker pairs (every broker keeps every partition's metadata), \
             more than the simulator's budget of 100000",
        ]
    );
}

#[test]
fn a_hundred_thousand_partitions_on_three_brokers_are_refused() {
    let doc = json!({"brokers": brokers(3), "topics": topic(100_000, 3)});
    let found = errors(&doc);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(
        found[0].starts_with("topics[0].partitions: the topics up to here hold 300000 replicas")
    );
    assert!(found[1].contains("100000 partitions on 3 brokers: 300000 partition-broker pairs"));
}

#[test]
fn the_replica_budget_counts_every_topic() {
    let doc = json!({
        "brokers": brokers(5),
        "topics": [
            {"name": "a", "partitions": 1_000, "replication.factor": 5},
            {"name": "b", "partitions": 1_001, "replication.factor": 5}
        ],
        "actions": [{"at_ms": 0, "consume": {"topic": "b"}}]
    });
    // The topic over the budget is left out; an action naming it adds nothing.
    assert_eq!(
        errors(&doc),
        [
            "topics[1].partitions: the topics up to here hold 10005 replicas (partitions × \
          replication factor), more than the simulator's budget of 10000 replicas in all topics"
        ]
    );
}

#[test]
fn a_replication_factor_of_a_thousand_is_refused() {
    let doc = json!({"brokers": brokers(1_000), "topics": topic(1, 1_000)});
    assert_eq!(
        errors(&doc),
        [
            "topics[0].replication.factor: 1000 replicas of one partition is more than the \
          simulator's limit of 16 (a leader's work for each record grows with its followers)"
        ]
    );
    let reassign = json!({
        "brokers": brokers(20), "topics": topic(1, 3),
        "actions": [{"at_ms": 0, "reassign": {"topic": "t", "partition": 0, "replicas": (1..=17).collect::<Vec<u32>>()}}]
    });
    assert_eq!(
        errors(&reassign),
        [
            "actions[0].reassign.replicas: 17 replicas of one partition is more than the \
          simulator's limit of 16 (a leader's work for each record grows with its followers)"
        ]
    );
}

#[test]
fn a_thousand_consumers_are_refused_once_they_read_too_many_partitions() {
    let doc = json!({
        "brokers": brokers(3), "topics": topic(10, 3),
        "actions": repeated(1_000, json!({"consume": {"topic": "t"}}))
    });
    assert_eq!(
        errors(&doc),
        ["actions[100].consume.topic: the consumers up to here read 1010 partitions (each reads \
          every partition of its topic), more than the simulator's budget of 1000 partitions \
          read by all consumers"]
    );
}

#[test]
fn more_actions_than_the_budget_are_refused_before_any_is_read() {
    let doc = json!({
        "brokers": brokers(3), "topics": topic(1, 3),
        "actions": repeated(10_001, json!({"heal": {}, "bogus": 1}))
    });
    assert_eq!(
        errors(&doc),
        ["actions: 10001 actions is more than the simulator's budget of 10000 actions"]
    );
}

#[test]
fn a_file_over_the_input_budget_is_refused_before_it_is_parsed() {
    // A million actions do not fit in the input budget; nor does this, which is not even JSON.
    let text = " ".repeat(2_000_001);
    assert_eq!(
        errors_of(&text),
        ["$: the file is 2000001 bytes, more than the simulator's input budget of 2000000 bytes"]
    );
}

#[test]
fn a_partition_into_a_thousand_groups_is_accepted_and_applies_at_once() {
    let groups: Vec<Vec<u32>> = (1..=1_000).map(|b| vec![b]).collect();
    let doc = json!({
        "brokers": brokers(1_000), "topics": topic(1, 3), "run_until_ms": 0,
        "actions": [{"at_ms": 0, "partition": {"groups": groups}}]
    });
    let scenario = parse_scenario(&doc.to_string()).expect("within every budget");
    let mut world = World::from_scenario(&scenario).unwrap();
    world.run_until(0);
    let network = world.network();
    use replication_core::ids::{BrokerId, NodeId};
    assert!(!network.is_up(NodeId::Broker(BrokerId(1)), NodeId::Broker(BrokerId(1_000))));
    assert!(network.is_up(NodeId::Broker(BrokerId(1)), NodeId::Controller));
}

/// The default cluster with tight run budgets, run for a minute.
fn default_run(work: u64, held: u64) -> World {
    let scenario = parse_scenario(DEFAULT_SCENARIO).unwrap();
    let mut world = World::from_scenario(&scenario)
        .unwrap()
        .with_run_budgets(work, held);
    world.run_until(60_000);
    world
}

#[test]
fn a_run_over_its_work_budget_stops_at_the_same_event_every_time() {
    let mut world = default_run(20_000, MAX_HELD_ITEMS);
    let Some(RunStopped::Work {
        at_ms,
        events,
        work,
        limit: 20_000,
    }) = world.stopped().cloned()
    else {
        panic!("expected a stop on work, got {:?}", world.stopped());
    };
    assert!(
        work > 20_000 && work < 20_000 + 100,
        "stops at the first event over: {work}"
    );
    assert_eq!(world.events_processed(), events);
    assert_eq!(
        world.now_ms(),
        at_ms,
        "the clock stays where the run stopped"
    );
    assert!(at_ms < 60_000);
    assert!(!world.step(), "a stopped run processes nothing more");
    assert_eq!(world.next_event_at(), None);
    assert_eq!(replication_core::view::next_step(&world), None);
    world.run_until(120_000);
    assert_eq!((world.events_processed(), world.now_ms()), (events, at_ms));
    let again = default_run(20_000, MAX_HELD_ITEMS);
    assert_eq!(again.stopped(), world.stopped(), "deterministic");
    assert!(world
        .stopped()
        .unwrap()
        .text()
        .to_string()
        .starts_with(&format!(
            "the run stopped at {at_ms} ms after {events} events: they cost {work} units of work, \
         more than the simulator's run budget of 20000"
        )));
}

#[test]
fn a_run_over_its_memory_budget_stops() {
    // The default cluster holds a few hundred items at once (queued timers and messages).
    let world = default_run(MAX_RUN_WORK, 50);
    match world.stopped() {
        Some(RunStopped::Memory {
            held, limit: 50, ..
        }) => assert!(*held > 50),
        other => panic!("expected a stop on memory, got {other:?}"),
    }
}

#[test]
fn a_run_within_its_budgets_does_not_stop() {
    let world = default_run(MAX_RUN_WORK, MAX_HELD_ITEMS);
    assert_eq!(world.stopped(), None);
    assert_eq!(world.now_ms(), 60_000);
    assert!(world.work() > 0);
}

/// The 24-broker cluster of the front-end benchmark (`tests/e2e/perf.mjs`).
fn ui_bench_cluster() -> String {
    let brokers: Vec<Value> = (0..24)
        .map(|i| json!({"id": i + 1, "rack": format!("r{}", i % 8 + 1)}))
        .collect();
    json!({
        "seed": 1, "brokers": brokers,
        "config": {"min.insync.replicas": 2, "network.latency.ms": 10},
        "topics": [{"name": "orders", "partitions": 100, "replication.factor": 3}],
        "actions": [
            {"at_ms": 0, "produce_rate": {"topic": "orders", "per_second": 100}},
            {"at_ms": 0, "consume": {"topic": "orders"}}
        ]
    })
    .to_string()
}

/// Every budget at least four times what `u` uses.
#[track_caller]
fn assert_margin(name: &str, u: &Usage) {
    let checks = [
        ("brokers", u.brokers, u64::from(MAX_BROKERS)),
        ("replicas", u.replicas, MAX_REPLICAS),
        (
            "partition-brokers",
            u.partition_brokers,
            MAX_PARTITION_BROKERS,
        ),
        (
            "replication factor",
            u.replication_factor,
            u64::from(MAX_REPLICATION_FACTOR),
        ),
        ("actions", u.actions, MAX_ACTIONS),
        ("starting records", u.start_records, MAX_START_RECORDS),
        ("produced at once", u.produce_at_once, MAX_PRODUCE_AT_ONCE),
        ("produce volume", u.produce_volume, MAX_PRODUCE_VOLUME),
        (
            "consumer partitions",
            u.consumer_partitions,
            MAX_CONSUMER_PARTITIONS,
        ),
    ];
    for (budget, used, limit) in checks {
        assert!(used * 4 <= limit, "{name}: {budget} {used} of {limit}");
    }
}

#[test]
fn every_bundled_scenario_stays_far_inside_every_budget() {
    let bench = [
        (
            "bench/steady-1h",
            include_str!("../../../bench/steady-1h.json"),
        ),
        (
            "bench/steady-1min",
            include_str!("../../../bench/steady-1min.json"),
        ),
    ];
    let ui_bench = ui_bench_cluster();
    let all = BUNDLED
        .iter()
        .map(|e| (e.id, e.json))
        .chain(bench)
        .chain([("the front-end benchmark's 24 brokers", ui_bench.as_str())]);
    for (name, json) in all {
        assert!(
            json.len() as u64 * 4 <= MAX_INPUT_BYTES,
            "{name}: input bytes"
        );
        let scenario = parse_scenario(json).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_margin(name, &usage(&scenario));
    }
}

#[test]
fn every_bundled_example_runs_to_its_end_far_inside_the_run_budgets() {
    for example in BUNDLED {
        let scenario = parse_scenario(example.json).unwrap();
        let mut world = World::from_scenario(&scenario).unwrap();
        world.run_until(scenario.run_end_ms());
        assert_eq!(world.stopped(), None, "{}", example.id);
        assert!(
            world.work() * 4 <= MAX_RUN_WORK,
            "{}: work {}",
            example.id,
            world.work()
        );
    }
}
