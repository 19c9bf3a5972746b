//! Every action leaves a trace: it does what Kafka gives it to mean, or the trace says why it
//! changed nothing (an `action_ignored` event in the report, worded for a learner).

use replication_core::report::report;
use replication_core::scenario::parse_scenario;
use replication_core::sim::World;
use serde_json::{json, Value};

/// Three brokers in racks a, b, c; `orders` has one partition on [1, 2, 3] with min ISR 2.
fn cluster(actions: Value, run_until_ms: u64) -> Value {
    json!({
        "seed": 1,
        "brokers": [{"id": 1, "rack": "a"}, {"id": 2, "rack": "b"}, {"id": 3, "rack": "c"}],
        "config": {"min.insync.replicas": 2},
        "topics": [{"name": "orders", "partitions": 1, "replication.factor": 3,
                    "assignment": {"0": [1, 2, 3]}}],
        "actions": actions,
        "run_until_ms": run_until_ms,
    })
}

fn run(scenario: &Value) -> Value {
    let scenario = parse_scenario(&scenario.to_string()).expect("valid scenario");
    let mut world = World::from_scenario(&scenario).expect("builds");
    world.run_until(scenario.run_until_ms.expect("tests say how long they run"));
    report(&world, false)
}

/// `(at_ms, kind, description)` of the events of these kinds, in order.
fn events(report: &Value, kinds: &[&str]) -> Vec<(u64, String, String)> {
    report["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter(|e| kinds.contains(&e["kind"].as_str().unwrap_or("")))
        .map(|e| {
            (
                e["at_ms"].as_u64().unwrap_or(0),
                e["kind"].as_str().unwrap_or("").to_string(),
                e["description"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// The descriptions of the `action_ignored` events.
fn ignored(report: &Value) -> Vec<(u64, String)> {
    events(report, &["action_ignored"])
        .into_iter()
        .map(|(at, _, d)| (at, d))
        .collect()
}

fn state(report: &Value, broker: u64) -> String {
    report["brokers"]
        .as_array()
        .and_then(|b| b.iter().find(|b| b["id"] == broker))
        .map(|b| b["state"].as_str().unwrap_or("").to_string())
        .expect("broker in the report")
}

/// The ISR, sorted.
fn isr(report: &Value) -> Vec<u64> {
    let mut isr: Vec<u64> = report["partitions"][0]["isr"]
        .as_array()
        .expect("isr")
        .iter()
        .filter_map(Value::as_u64)
        .collect();
    isr.sort_unstable();
    isr
}

fn log_end_offset(report: &Value, broker: u64) -> u64 {
    report["partitions"][0]["replicas_state"]
        .as_array()
        .and_then(|r| r.iter().find(|s| s["broker"] == broker))
        .and_then(|s| s["log_end_offset"].as_u64())
        .expect("replica present")
}

#[test]
fn restarting_a_running_broker_is_recorded() {
    let r = run(&cluster(
        json!([{"at_ms": 1000, "restart": {"broker": 1}}]),
        5000,
    ));
    assert_eq!(
        ignored(&r),
        [(1000, "restart ignored: broker 1 is already running".into())]
    );
    let event = r["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "action_ignored")
        .unwrap();
    assert_eq!(
        (&event["action"], &event["broker"]),
        (&json!("restart"), &json!(1))
    );
}

#[test]
fn restarting_a_fenced_broker_is_recorded_as_running_and_fenced() {
    // Isolated at 1 s, broker 1 misses its heartbeats: KRaft fences it after
    // broker.session.timeout.ms (9 s), by 11 s. Its process still runs, so there is nothing to
    // start; a new process would be fenced as well while the network keeps it cut off.
    let r = run(&cluster(
        json!([{"at_ms": 1000, "isolate": {"node": 1}}, {"at_ms": 15000, "restart": {"broker": 1}}]),
        16000,
    ));
    assert_eq!(state(&r, 1), "fenced");
    assert_eq!(
        ignored(&r),
        [(
            15000,
            "restart ignored: broker 1 is running, only fenced by the controller; a new process \
             would be fenced as well until its heartbeats get through"
                .into()
        )]
    );
}

#[test]
fn a_restart_during_a_controlled_shutdown_starts_the_broker_once_it_has_stopped() {
    // Kafka cannot abort a controlled shutdown: the broker stops (leadership moved away
    // first), then starts as a new process, registers, catches up and rejoins the ISR.
    let r = run(&cluster(
        json!([
            {"at_ms": 0, "produce_rate": {"topic": "orders", "per_second": 50, "until_ms": 5000}},
            {"at_ms": 1000, "shutdown": {"broker": 1}},
            {"at_ms": 1000, "restart": {"broker": 1}}
        ]),
        40000,
    ));
    let kinds: Vec<String> = events(
        &r,
        &[
            "restart_queued",
            "broker_stopped",
            "broker_restarted",
            "action_ignored",
        ],
    )
    .into_iter()
    .map(|(_, k, _)| k)
    .collect();
    assert_eq!(
        kinds,
        ["restart_queued", "broker_stopped", "broker_restarted"]
    );
    assert_eq!(state(&r, 1), "running");
    assert_eq!(isr(&r), [1, 2, 3]);
    // The produce rate sent 50/s for 5 s: 250 records, on every replica.
    assert_eq!(log_end_offset(&r, 1), 250);
    assert_eq!(log_end_offset(&r, 1), log_end_offset(&r, 2));
}

#[test]
fn restarting_twice_records_the_second() {
    let r = run(&cluster(
        json!([
            {"at_ms": 1000, "crash": {"broker": 1}},
            {"at_ms": 2000, "restart": {"broker": 1}},
            {"at_ms": 2000, "restart": {"broker": 1}}
        ]),
        3000,
    ));
    assert_eq!(
        ignored(&r),
        [(2000, "restart ignored: broker 1 is already running".into())]
    );
    // Twice during one controlled shutdown: the first is queued, the second changes nothing.
    let r = run(&cluster(
        json!([
            {"at_ms": 1000, "shutdown": {"broker": 1}},
            {"at_ms": 1000, "restart": {"broker": 1}},
            {"at_ms": 1000, "restart": {"broker": 1}}
        ]),
        10000,
    ));
    assert_eq!(
        ignored(&r),
        [(
            1000,
            "restart ignored: broker 1 already restarts once its controlled shutdown finishes"
                .into()
        )]
    );
    assert_eq!(state(&r, 1), "running");
}

#[test]
fn crashing_a_broker_that_is_down_is_recorded() {
    let r = run(&cluster(
        json!([
            {"at_ms": 1000, "crash": {"broker": 1}},
            {"at_ms": 2000, "crash": {"broker": 1}},
            {"at_ms": 3000, "power_loss": {"broker": 2}},
            {"at_ms": 4000, "crash": {"broker": 2}},
            {"at_ms": 4000, "power_loss": {"broker": 2}}
        ]),
        5000,
    ));
    assert_eq!(
        ignored(&r),
        [
            (2000, "crash ignored: broker 1 has already crashed".into()),
            (
                4000,
                "crash ignored: broker 2 is already down: its machine lost power".into()
            ),
            (
                4000,
                "power_loss ignored: broker 2's machine has already lost power".into()
            ),
        ]
    );
}

#[test]
fn power_loss_after_a_crash_loses_what_the_os_had_not_written_back() {
    // Records appended at about 100 ms stay in broker 1's page cache when its process is killed
    // at 1 s; Linux writes dirty pages back once they are 30 s old. Power lost at 2 s takes
    // them (the log is truncated to 0); power lost at 40 s finds them on disk.
    let scenario = |power_at: u64| {
        cluster(
            json!([
                {"at_ms": 100, "produce": {"topic": "orders", "partition": 0, "count": 5}},
                {"at_ms": 1000, "crash": {"broker": 1}},
                {"at_ms": power_at, "power_loss": {"broker": 1}}
            ]),
            power_at + 1000,
        )
    };
    let early = run(&scenario(2000));
    assert_eq!(
        events(&early, &["broker_crashed", "truncated", "action_ignored"])
            .into_iter()
            .map(|(at, k, _)| (at, k))
            .collect::<Vec<_>>(),
        [
            (1000, "broker_crashed".to_string()),
            (2000, "broker_crashed".to_string()),
            (2000, "truncated".to_string())
        ]
    );
    assert_eq!(log_end_offset(&early, 1), 0);
    let late = run(&scenario(40000));
    assert_eq!(log_end_offset(&late, 1), 5);
    assert!(events(&late, &["truncated"]).is_empty());
}

#[test]
fn shutting_down_a_broker_that_is_not_running_is_recorded() {
    let r = run(&cluster(
        json!([
            {"at_ms": 1000, "crash": {"broker": 1}},
            {"at_ms": 2000, "shutdown": {"broker": 1}},
            {"at_ms": 3000, "shutdown": {"broker": 2}},
            {"at_ms": 3000, "shutdown": {"broker": 2}},
            {"at_ms": 5000, "shutdown": {"broker": 2}},
            {"at_ms": 6000, "crash": {"broker": 2}},
            {"at_ms": 6000, "power_loss": {"broker": 2}}
        ]),
        7000,
    ));
    assert_eq!(
        ignored(&r),
        [
            (
                2000,
                "shutdown ignored: broker 1 is not running: it crashed".into()
            ),
            (
                3000,
                "shutdown ignored: broker 2's controlled shutdown is already in progress".into()
            ),
            (5000, "shutdown ignored: broker 2 is already stopped".into()),
            (
                6000,
                "crash ignored: broker 2 is stopped, so no process is left to kill".into()
            ),
            (
                6000,
                "power_loss ignored: broker 2 is stopped, and its controlled shutdown flushed \
                 every log to disk: nothing is lost"
                    .into()
            ),
        ]
    );
    // A stopped broker stays one that stopped cleanly: nothing made it crashed.
    assert_eq!(state(&r, 2), "stopped");
}

#[test]
fn failing_a_failed_rack_and_restoring_a_running_one_are_recorded() {
    let r = run(&cluster(
        json!([
            {"at_ms": 1000, "restore_rack": {"rack": "a"}},
            {"at_ms": 2000, "fail_rack": {"rack": "a"}},
            {"at_ms": 3000, "fail_rack": {"rack": "a"}}
        ]),
        4000,
    ));
    assert_eq!(
        ignored(&r),
        [
            (
                1000,
                "restore_rack ignored: every broker in rack a is already running".into()
            ),
            (
                3000,
                "fail_rack ignored: every broker in rack a is already down".into()
            ),
        ]
    );
}

#[test]
fn reassigning_to_the_current_replicas_is_recorded() {
    // Kafka's controller writes no record for it (ReplicationControlManager
    // .changePartitionReassignment: "empty if no change is needed").
    let r = run(&cluster(
        json!([
            {"at_ms": 1000, "reassign": {"topic": "orders", "partition": 0, "replicas": [1, 2, 3]}},
            {"at_ms": 2000, "reassign_plan": {"partitions": [
                {"topic": "orders", "partition": 0, "replicas": [1, 2, 3]}]}}
        ]),
        3000,
    ));
    let why = "reassignment of orders-0 ignored: its replicas are already [1,2,3]";
    assert_eq!(ignored(&r), [(1000, why.into()), (2000, why.into())]);
    assert!(events(&r, &["reassignment_started"]).is_empty());
}

#[test]
fn repeating_a_reassignment_in_progress_is_recorded() {
    // Broker 4 is down, so the reassignment adding it cannot complete: still in progress
    // when the same one is asked for again.
    let mut scenario = cluster(
        json!([
            {"at_ms": 0, "crash": {"broker": 4}},
            {"at_ms": 1000, "reassign": {"topic": "orders", "partition": 0, "replicas": [1, 2, 4]}},
            {"at_ms": 2000, "reassign": {"topic": "orders", "partition": 0, "replicas": [1, 2, 4]}},
            {"at_ms": 3000, "reassign_plan": {"partitions": [
                {"topic": "orders", "partition": 0, "replicas": [1, 2, 4]}]}}
        ]),
        4000,
    );
    scenario["brokers"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": 4, "rack": "a"}));
    let r = run(&scenario);
    assert_eq!(events(&r, &["reassignment_started"]).len(), 1);
    let why = "reassignment of orders-0 ignored: it is already being reassigned to [1,2,4]";
    assert_eq!(ignored(&r), [(2000, why.into()), (3000, why.into())]);
}

#[test]
fn a_second_consumer_of_a_topic_reads_it_too() {
    // Two consumers without a group each read every partition from offset 0.
    let r = run(&cluster(
        json!([
            {"at_ms": 0, "produce": {"topic": "orders", "partition": 0, "count": 5}},
            {"at_ms": 0, "consume": {"topic": "orders"}},
            {"at_ms": 1000, "consume": {"topic": "orders"}}
        ]),
        3000,
    ));
    let read_by = |consumer: &str| -> Vec<u64> {
        r["consumed"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["consumer"] == consumer)
            .map(|c| c["offset"].as_u64().unwrap())
            .collect()
    };
    assert_eq!(read_by("consumer-1"), [0, 1, 2, 3, 4]);
    assert_eq!(read_by("consumer-2"), [0, 1, 2, 3, 4]);
}

#[test]
fn a_produce_rate_that_would_send_nothing_is_recorded() {
    let r = run(&cluster(
        json!([
            {"at_ms": 1000, "produce_rate": {"topic": "orders", "per_second": 0}},
            {"at_ms": 2000, "produce_rate": {"topic": "orders", "per_second": 10, "until_ms": 2000}}
        ]),
        3000,
    ));
    assert_eq!(
        ignored(&r),
        [
            (
                1000,
                "produce_rate ignored: per_second 0 stops a steady load, and none runs on orders"
                    .into()
            ),
            (
                2000,
                "produce_rate ignored: it would end at 2000 ms, as it starts, and send nothing"
                    .into()
            ),
        ]
    );
    // Stopping a rate that runs is not ignored.
    let r = run(&cluster(
        json!([
            {"at_ms": 0, "produce_rate": {"topic": "orders", "per_second": 10}},
            {"at_ms": 1000, "produce_rate": {"topic": "orders", "per_second": 0}}
        ]),
        3000,
    ));
    assert!(ignored(&r).is_empty());
}

#[test]
fn a_restarted_broker_fetches_even_if_its_fetchers_were_paused() {
    // A restart is a new process: its replica fetchers run. Broker 2 catches up and rejoins.
    let r = run(&cluster(
        json!([
            {"at_ms": 0, "produce_rate": {"topic": "orders", "per_second": 20, "until_ms": 10000}},
            {"at_ms": 1000, "pause_fetcher": {"broker": 2}},
            {"at_ms": 2000, "crash": {"broker": 2}},
            {"at_ms": 3000, "restart": {"broker": 2}}
        ]),
        40000,
    ));
    assert_eq!(log_end_offset(&r, 2), 200);
    assert_eq!(isr(&r), [1, 2, 3]);
}

#[test]
fn fetcher_actions_that_change_nothing_are_recorded() {
    let r = run(&cluster(
        json!([
            {"at_ms": 1000, "resume_fetcher": {"broker": 1}},
            {"at_ms": 2000, "pause_fetcher": {"broker": 1}},
            {"at_ms": 2000, "pause_fetcher": {"broker": 1}},
            {"at_ms": 3000, "crash": {"broker": 1}},
            {"at_ms": 3000, "resume_fetcher": {"broker": 1}}
        ]),
        4000,
    ));
    assert_eq!(
        ignored(&r),
        [
            (
                1000,
                "resume_fetcher ignored: broker 1's fetchers are not paused".into()
            ),
            (
                2000,
                "pause_fetcher ignored: broker 1's fetchers are already paused".into()
            ),
            (
                3000,
                "resume_fetcher ignored: broker 1 is not running (a restart starts its fetchers)"
                    .into()
            ),
        ]
    );
}

#[test]
fn ignoring_is_deterministic() {
    let scenario = cluster(
        json!([
            {"at_ms": 0, "produce_rate": {"topic": "orders", "per_second": 50}},
            {"at_ms": 0, "consume": {"topic": "orders"}},
            {"at_ms": 500, "consume": {"topic": "orders"}},
            {"at_ms": 1000, "shutdown": {"broker": 2}},
            {"at_ms": 1000, "restart": {"broker": 2}},
            {"at_ms": 1000, "restart": {"broker": 2}},
            {"at_ms": 2000, "crash": {"broker": 3}},
            {"at_ms": 2500, "power_loss": {"broker": 3}},
            {"at_ms": 3000, "restore_rack": {"rack": "c"}}
        ]),
        10000,
    );
    assert_eq!(run(&scenario).to_string(), run(&scenario).to_string());
}
