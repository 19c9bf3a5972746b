//! Two scenario features the playground's panels rely on: stopping a `produce_rate` with
//! `per_second: 0`, and rack-unaware placement (`"placement": {"rack_aware": false}`, Kafka's
//! `--disable-rack-aware`) on brokers that have racks.

use replication_core::placement::{assign_replicas, BrokerRack, PlacementSeed, RackMode};
use replication_core::scenario::{parse_scenario, Action};
use replication_core::sim::World;
use replication_core::view::ClientsView;
use replication_core::BrokerId;
use serde_json::{json, Value};

fn world(doc: &Value) -> World {
    let scenario = parse_scenario(&doc.to_string()).expect("valid scenario");
    World::from_scenario(&scenario).expect("the scenario builds")
}

fn errors(doc: &Value) -> Vec<String> {
    parse_scenario(&doc.to_string())
        .expect_err("the scenario is invalid")
        .iter()
        .map(|e| e.to_string())
        .collect()
}

fn rate_scenario(actions: Value) -> Value {
    json!({
        "brokers": [{"id": 1}, {"id": 2}, {"id": 3}],
        "topics": [{"name": "orders", "partitions": 1, "replication.factor": 3}],
        "actions": actions,
    })
}

fn produced(world: &World) -> u64 {
    ClientsView::of(world).produced
}

#[test]
fn a_rate_of_zero_stops_the_running_rate_after_the_records_already_due() {
    // 100/s from t=0: records are due at 0, 10, …, 990 ms, so 100 of them before t=1000.
    let mut w = world(&rate_scenario(json!([
        {"at_ms": 0, "produce_rate": {"topic": "orders", "per_second": 100}},
        {"at_ms": 1000, "produce_rate": {"topic": "orders", "per_second": 0}},
    ])));
    w.run_until(5_000);
    assert_eq!(produced(&w), 100);
    assert!(w.clients().rates.iter().all(|r| !r.is_running(5_000)));
}

#[test]
fn a_new_rate_after_a_stop_sends_at_the_new_rate_only() {
    // 100 records before the stop at 1 s, then 50/s from 2 s: due at 2000, 2020, …, 2980 by 3 s.
    let mut w = world(&rate_scenario(json!([
        {"at_ms": 0, "produce_rate": {"topic": "orders", "per_second": 100}},
        {"at_ms": 1000, "produce_rate": {"topic": "orders", "per_second": 0}},
        {"at_ms": 2000, "produce_rate": {"topic": "orders", "per_second": 50}},
    ])));
    w.run_until(2_999);
    assert_eq!(produced(&w), 150);
}

#[test]
fn stopping_applies_live_and_leaves_other_topics_running() {
    let mut doc = rate_scenario(json!([
        {"at_ms": 0, "produce_rate": {"topic": "orders", "per_second": 10}},
        {"at_ms": 0, "produce_rate": {"topic": "audit", "per_second": 10}},
    ]));
    doc["topics"]
        .as_array_mut()
        .unwrap()
        .push(json!({"name": "audit", "partitions": 1, "replication.factor": 1}));
    let mut w = world(&doc);
    w.run_until(1_000);
    w.apply(&Action::ProduceRate {
        topic: "orders".into(),
        per_second: 0,
        until_ms: None,
        acks: None,
    });
    let running: Vec<&str> = w
        .clients()
        .rates
        .iter()
        .filter(|r| r.is_running(w.now_ms()))
        .map(|r| r.topic.as_str())
        .collect();
    assert_eq!(running, ["audit"]);
}

#[test]
fn a_rate_of_zero_round_trips_through_the_scenario_format() {
    let doc = rate_scenario(json!([
        {"at_ms": 5, "produce_rate": {"topic": "orders", "per_second": 0}},
    ]));
    let s = parse_scenario(&doc.to_string()).unwrap();
    assert_eq!(parse_scenario(&s.to_json().to_string()), Ok(s));
}

fn racked(rack_aware: Option<bool>) -> Value {
    let mut topic = json!({"name": "orders", "partitions": 4, "replication.factor": 2,
                           "placement": {"start_index": 0, "replica_shift": 0}});
    if let Some(b) = rack_aware {
        topic["placement"]["rack_aware"] = json!(b);
    }
    json!({
        "brokers": [{"id": 1, "rack": "a"}, {"id": 2, "rack": "a"},
                    {"id": 3, "rack": "b"}, {"id": 4, "rack": "b"}],
        "topics": [topic],
    })
}

fn replicas(world: &World) -> Vec<Vec<BrokerId>> {
    world.partitions().map(|p| p.replicas.clone()).collect()
}

fn kafka_placement(brokers: &[(u32, Option<&str>)], mode: RackMode) -> Vec<Vec<BrokerId>> {
    let brokers: Vec<BrokerRack> = brokers
        .iter()
        .map(|(id, rack)| BrokerRack {
            id: BrokerId(*id),
            rack: rack.map(str::to_string),
        })
        .collect();
    let seed = PlacementSeed {
        start_index: 0,
        replica_shift: 0,
    };
    assign_replicas(&brokers, 4, 2, mode, seed).unwrap()
}

#[test]
fn rack_unaware_placement_ignores_the_brokers_racks() {
    let brokers = [
        (1, Some("a")),
        (2, Some("a")),
        (3, Some("b")),
        (4, Some("b")),
    ];
    let unaware = replicas(&world(&racked(Some(false))));
    assert_eq!(unaware, kafka_placement(&brokers, RackMode::Unaware));
    // From start 0 with shift 0, partition 0 lands on brokers 1 and 2: both in rack a.
    assert_eq!(unaware[0], [BrokerId(1), BrokerId(2)]);
    let aware = replicas(&world(&racked(None)));
    assert_eq!(aware, kafka_placement(&brokers, RackMode::Aware));
    assert_eq!(replicas(&world(&racked(Some(true)))), aware);
    assert_ne!(aware, unaware);
}

#[test]
fn rack_unaware_placement_accepts_brokers_of_which_only_some_have_a_rack() {
    let mut doc = racked(None);
    doc["brokers"][3] = json!({"id": 4});
    assert_eq!(
        errors(&doc),
        [
            "brokers: some brokers have a rack (1, 2, 3) and some do not (4); Kafka's rack-aware \
          placement, needed by topics[0] which has no assignment, wants a rack on every broker \
          or on none"
        ]
    );
    doc["topics"][0]["placement"]["rack_aware"] = json!(false);
    let brokers = [(1, Some("a")), (2, Some("a")), (3, Some("b")), (4, None)];
    assert_eq!(
        replicas(&world(&doc)),
        kafka_placement(&brokers, RackMode::Unaware)
    );
}

#[test]
fn rack_aware_alone_leaves_the_start_index_to_the_seed() {
    let mut doc = racked(Some(false));
    doc["topics"][0]["placement"] = json!({"rack_aware": false});
    let s = parse_scenario(&doc.to_string()).unwrap();
    assert_eq!(s.topics[0].placement, None);
    assert!(!s.topics[0].rack_aware);
    assert_eq!(
        s.to_json()["topics"][0]["placement"],
        json!({"rack_aware": false})
    );
    assert_eq!(parse_scenario(&s.to_json().to_string()), Ok(s));
}

#[test]
fn rack_aware_is_written_back_beside_a_fixed_seed_only_when_false() {
    let s = parse_scenario(&racked(Some(false)).to_string()).unwrap();
    assert_eq!(
        s.to_json()["topics"][0]["placement"],
        json!({"start_index": 0, "replica_shift": 0, "rack_aware": false})
    );
    assert_eq!(parse_scenario(&s.to_json().to_string()), Ok(s));
    let s = parse_scenario(&racked(Some(true)).to_string()).unwrap();
    assert_eq!(
        s.to_json()["topics"][0]["placement"],
        json!({"start_index": 0, "replica_shift": 0})
    );
}

#[test]
fn bad_placement_fields_are_reported_with_their_path() {
    let mut doc = racked(None);
    doc["topics"][0]["placement"] = json!({"rack_aware": "no"});
    assert_eq!(
        errors(&doc),
        [
            "topics[0].placement.rack_aware: expected true or false (false: Kafka's \
          --disable-rack-aware), got \"no\""
        ]
    );
    doc["topics"][0]["placement"] = json!({"start_index": 0, "rack_aware": false});
    assert_eq!(
        errors(&doc),
        ["topics[0].placement.replica_shift: required field is missing"]
    );
    doc["topics"][0]["placement"] = json!({});
    assert_eq!(errors(&doc).len(), 2, "{:?}", errors(&doc));
}
