//! Same scenario and seed ⇒ the same trace, natively and on wasm32.
//!
//! Each run's report is hashed (FNV-1a over its JSON text). Two runs in one process must agree,
//! and the hash must equal the pinned value below on every target: the native test and the
//! wasm-bindgen test in headless Chromium check the same constant. The constant pins
//! cross-platform determinism, not Kafka behaviour (the scenario tests do that); when the
//! simulation changes on purpose, update it from `cargo test -p replication-core --test
//! determinism -- --nocapture`.

use replication_core::report::report;
use replication_core::scenario::parse_scenario;
use replication_core::sim::World;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// A scenario that exercises every subsystem: steady load, keyed writes, a consumer, a crash,
/// power loss, a network partition, a slow node, and a config change.
const BUSY: &str = r#"{
  "seed": 42,
  "brokers": [{"id": 1, "rack": "a"}, {"id": 2, "rack": "b"}, {"id": 3, "rack": "c"},
              {"id": 4, "rack": "a"}, {"id": 5, "rack": "b"}, {"id": 6, "rack": "c"}],
  "config": {"min.insync.replicas": 2},
  "topics": [{"name": "orders", "partitions": 6, "replication.factor": 3}],
  "actions": [
    {"at_ms": 0, "produce_rate": {"topic": "orders", "per_second": 200}},
    {"at_ms": 0, "consume": {"topic": "orders", "client.rack": "a"}},
    {"at_ms": 50, "produce": {"topic": "orders", "key": "customer-7", "count": 20}},
    {"at_ms": 3000, "crash": {"broker": 2}},
    {"at_ms": 6000, "power_loss": {"broker": 4}},
    {"at_ms": 9000, "partition": {"groups": [[1, 3], [5, 6, "controller"]]}},
    {"at_ms": 12000, "slow": {"node": 5, "latency_ms": 40}},
    {"at_ms": 20000, "heal": {}},
    {"at_ms": 21000, "restart": {"broker": 2}},
    {"at_ms": 22000, "restart": {"broker": 4}},
    {"at_ms": 25000, "set_config": {"key": "unclean.leader.election.enable", "value": true}}
  ],
  "run_until_ms": 40000
}"#;

/// The report hash every target must produce for `BUSY`.
const BUSY_REPORT_HASH: u64 = 9099291599814683559;

fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

fn report_hash(json: &str) -> u64 {
    let scenario = parse_scenario(json).expect("valid scenario");
    let mut world = World::from_scenario(&scenario).expect("builds");
    world.run_until(scenario.run_until_ms.unwrap_or(0));
    fnv1a(&report(&world, false).to_string())
}

#[test]
fn the_same_seed_gives_the_same_report_on_every_target() {
    let first = report_hash(BUSY);
    assert_eq!(first, report_hash(BUSY), "two runs in one process differ");
    println!("BUSY report hash: {first}");
    assert_eq!(
        first, BUSY_REPORT_HASH,
        "the pinned cross-platform hash changed"
    );
}

#[test]
fn a_different_seed_places_replicas_differently() {
    let other = BUSY.replace("\"seed\": 42", "\"seed\": 43");
    assert_ne!(report_hash(BUSY), report_hash(&other));
}
