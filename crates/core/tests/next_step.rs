//! `World::next_step` says what the next step will process; stepping then does exactly that.

use replication_core::scenario::parse_scenario;
use replication_core::sim::World;
use replication_core::{BrokerId, NodeId};

const TWO_BROKERS: &str = r#"{"seed": 1, "brokers": [{"id": 1}, {"id": 2}],
  "topics": [{"name": "t", "partitions": 1, "replication.factor": 2, "assignment": {"0": [1, 2]}}],
  "actions": [{"at_ms": 50, "crash": {"broker": 2}}],
  "run_until_ms": 1000}"#;

#[test]
fn each_step_does_what_it_was_described_as() {
    let scenario = parse_scenario(TWO_BROKERS).unwrap();
    let mut world = World::from_scenario(&scenario).unwrap();
    let (mut deliveries, mut timers, mut actions) = (0, 0, 0);
    // Messages on the wire as "source → target: label", the way next_step words a delivery.
    let wire = |world: &World| -> Vec<String> {
        world
            .in_flight()
            .map(|e| {
                let m = replication_core::view::MessageView::of(e);
                format!("{} → {}: {}", e.source, e.target, m.label)
            })
            .collect()
    };
    while world.now_ms() < 60 {
        let said = replication_core::view::next_step(&world)
            .expect("something is always due")
            .to_string();
        let copies = |w: &Vec<String>| w.iter().filter(|m| **m == said).count();
        let before = wire(&world);
        let crashed_before = world.broker(BrokerId(2)).unwrap().is_running();
        assert!(world.step());
        if said.contains(" → ") {
            // "broker 2 → broker 1: fetch t-0 from 0": that message has arrived.
            deliveries += 1;
            assert!(copies(&before) >= 1, "{said} was on the wire");
            assert_eq!(copies(&wire(&world)), copies(&before) - 1, "{said} arrived");
        } else if said == "the scenario's action: crash" {
            actions += 1;
            assert!(crashed_before);
            assert!(!world.broker(BrokerId(2)).unwrap().is_running(), "crashed");
        } else if said == "broker 1: heartbeat to the controller" {
            timers += 1;
            assert!(
                world
                    .in_flight()
                    .any(|e| e.source == NodeId::Broker(BrokerId(1))
                        && e.target == NodeId::Controller),
                "a heartbeat is on its way"
            );
        } else {
            timers += 1;
        }
    }
    assert!(
        deliveries > 0 && timers > 0,
        "{deliveries} deliveries, {timers} timers"
    );
    assert_eq!(actions, 1, "the crash at 50 ms was one step");
}
