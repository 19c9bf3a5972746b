#![cfg(not(target_arch = "wasm32"))]
//! Property tests: generated clusters and fault schedules, checked against Kafka's guarantees.
//!
//! * In the safe configuration (acks=all, min.insync.replicas=2, RF 3, no unclean election,
//!   idempotence on, KRaft with or without ELR) no fault schedule without power loss loses an
//!   acknowledged or committed record or breaks an invariant.
//! * Each unsafe mode's known loss is found by the checker on a schedule that forces it, whatever
//!   the incidental parameters (seed, record counts, timings, placement of the leader).
//! * Nothing the generator makes panics the simulator.
//!
//! The cases are few and short (≤ 60 s simulated) so the file runs quickly in a debug build;
//! `replication-sim sweep` explores far more seeds. The proptest RNG seed is fixed so a run is
//! reproducible; set `PROPTEST_RNG_SEED` (and `PROPTEST_CASES`) to explore other cases.
//! Record counts stay below the logs' retention (2048 + 512 batches): the sweep covers
//! retention.

use proptest::prelude::*;
use proptest::test_runner::{Config as ProptestConfig, RngSeed};
use replication_core::scenario::parse_scenario_value;
use replication_core::sim::World;
use serde_json::{json, Value};

fn config(default_cases: u32) -> ProptestConfig {
    let env = |key: &str| std::env::var(key).ok().and_then(|v| v.parse::<u64>().ok());
    ProptestConfig {
        cases: env("PROPTEST_CASES").map_or(default_cases, |n| n as u32),
        rng_seed: RngSeed::Fixed(env("PROPTEST_RNG_SEED").unwrap_or(0x5EED_CAFE)),
        // The fixed seed replays a failure; no regression files in the source tree.
        failure_persistence: None,
        max_shrink_iters: 256,
        ..ProptestConfig::default()
    }
}

/// Build the world a scenario describes and run it to its end.
fn run(scenario: &Value) -> World {
    let parsed = parse_scenario_value(scenario)
        .unwrap_or_else(|e| panic!("generated an invalid scenario:\n{e}\n{scenario:#}"));
    let mut world = World::from_scenario(&parsed).expect("generated scenarios build");
    world.run_until(
        parsed
            .run_until_ms
            .expect("generated scenarios say how long they run"),
    );
    world
}

fn lost_acked(world: &World) -> Vec<String> {
    let checker = world.checker();
    checker
        .lost_acked
        .iter()
        .map(|(_, v)| v.to_string())
        .collect()
}

fn lost_committed(world: &World) -> Vec<String> {
    let checker = world.checker();
    checker
        .lost_committed
        .iter()
        .map(|(_, v)| v.to_string())
        .collect()
}

fn violations(world: &World) -> Vec<String> {
    let checker = world.checker();
    checker
        .violations
        .iter()
        .map(|v| format!("{} at {} ms: {}", v.invariant, v.at_ms, v.detail))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// A compact scenario generator (the sweep in crates/runner has a larger one)

/// One fault. Broker and node numbers are indices, taken modulo the cluster's brokers (nodes:
/// the brokers, then the controller, then the clients), so the strategies need no cluster size.
#[derive(Clone, Debug)]
enum Fault {
    Crash(u32),
    PowerLoss(u32),
    Shutdown(u32),
    Restart(u32),
    Isolate(u32),
    /// Per node: 0 = left out, 1 = first group, 2 = second group.
    Partition(Vec<u8>),
    Cut(u32, u32),
    Slow(u32, u64),
    PauseFetcher(u32),
    ResumeFetcher(u32),
    Heal,
    ElectPreferred,
    /// `kafka-leader-election.sh --election-type UNCLEAN` for every partition: may lose data.
    ElectUnclean,
    /// min.insync.replicas for the cluster (`None`) or one topic (index).
    MinIsr(u32, Option<u32>),
    FailRack(u32),
    RestoreRack(u32),
}

/// Faults that keep every record on disk (no power loss), and keep min ISR at 2 or more.
fn safe_fault() -> impl Strategy<Value = Fault> {
    let b = || 0u32..6;
    let node = || 0u32..8;
    prop_oneof![
        b().prop_map(Fault::Crash),
        b().prop_map(Fault::Shutdown),
        b().prop_map(Fault::Restart),
        node().prop_map(Fault::Isolate),
        prop::collection::vec(0u8..3, 8).prop_map(Fault::Partition),
        (node(), node()).prop_map(|(a, b)| Fault::Cut(a, b)),
        (node(), 5u64..2_000).prop_map(|(n, ms)| Fault::Slow(n, ms)),
        b().prop_map(Fault::PauseFetcher),
        b().prop_map(Fault::ResumeFetcher),
        Just(Fault::Heal),
        Just(Fault::ElectPreferred),
        (2u32..=3, prop::option::of(0u32..3)).prop_map(|(n, t)| Fault::MinIsr(n, t)),
    ]
}

/// Every fault kind, power loss and min ISR 1 included.
fn any_fault() -> impl Strategy<Value = Fault> {
    prop_oneof![
        4 => safe_fault(),
        1 => (0u32..6).prop_map(Fault::PowerLoss),
        1 => (1u32..=3, prop::option::of(0u32..3)).prop_map(|(n, t)| Fault::MinIsr(n, t)),
        1 => (0u32..3).prop_map(Fault::FailRack),
        1 => (0u32..3).prop_map(Fault::RestoreRack),
        1 => Just(Fault::ElectUnclean),
    ]
}

#[derive(Clone, Debug)]
struct Cluster {
    seed: u64,
    profile: &'static str,
    brokers: u32,
    /// Number of racks (0: no racks).
    racks: u32,
    /// (partitions, replication factor) per topic.
    topics: Vec<(u32, u32)>,
    config: Value,
    /// Records per second per topic.
    rate: u32,
    faults: Vec<(u64, Fault)>,
    run_until_ms: u64,
}

const RACKS: [&str; 3] = ["a", "b", "c"];

impl Cluster {
    fn node(&self, index: u32) -> Value {
        match index % (self.brokers + 2) {
            i if i < self.brokers => json!(i + 1),
            i if i == self.brokers => json!("controller"),
            _ => json!("clients"),
        }
    }

    fn broker(&self, index: u32) -> u32 {
        index % self.brokers + 1
    }

    fn scenario(&self) -> Value {
        let brokers: Vec<Value> = (1..=self.brokers)
            .map(|id| match self.racks {
                0 => json!({"id": id}),
                n => json!({"id": id, "rack": RACKS[((id - 1) % n) as usize]}),
            })
            .collect();
        let topics: Vec<Value> = self
            .topics
            .iter()
            .enumerate()
            .map(|(i, (partitions, rf))| {
                json!({"name": format!("t{i}"), "partitions": partitions,
                       "replication.factor": (*rf).min(self.brokers)})
            })
            .collect();
        let mut actions = vec![json!({"at_ms": 0, "consume": {"topic": "t0"}})];
        for i in 0..self.topics.len() {
            actions.push(
                json!({"at_ms": 0, "produce_rate": {"topic": format!("t{i}"),
                "per_second": self.rate, "until_ms": self.run_until_ms}}),
            );
        }
        for (at, fault) in &self.faults {
            if let Some(action) = self.action(fault) {
                actions.push(json!({"at_ms": at, action.0: action.1}));
            }
        }
        json!({
            "seed": self.seed,
            "profile": self.profile,
            "brokers": brokers,
            "config": self.config,
            "topics": topics,
            "actions": actions,
            "run_until_ms": self.run_until_ms,
        })
    }

    fn action(&self, fault: &Fault) -> Option<(&'static str, Value)> {
        let broker = |b: &u32| json!({"broker": self.broker(*b)});
        let rack =
            |r: &u32| (self.racks > 0).then(|| json!({"rack": RACKS[(*r % self.racks) as usize]}));
        Some(match fault {
            Fault::Crash(b) => ("crash", broker(b)),
            Fault::PowerLoss(b) => ("power_loss", broker(b)),
            Fault::Shutdown(b) => ("shutdown", broker(b)),
            Fault::Restart(b) => ("restart", broker(b)),
            Fault::PauseFetcher(b) => ("pause_fetcher", broker(b)),
            Fault::ResumeFetcher(b) => ("resume_fetcher", broker(b)),
            Fault::Isolate(n) => ("isolate", json!({"node": self.node(*n)})),
            Fault::Partition(sides) => {
                let mut groups = [Vec::new(), Vec::new()];
                for (i, side) in sides.iter().enumerate().take((self.brokers + 2) as usize) {
                    if *side > 0 {
                        groups[(*side - 1) as usize].push(self.node(i as u32));
                    }
                }
                if groups.iter().any(Vec::is_empty) {
                    return None;
                }
                ("partition", json!({"groups": groups}))
            }
            Fault::Cut(a, b) => {
                let (from, to) = (self.node(*a), self.node(*b));
                if from == to {
                    return None;
                }
                ("cut", json!({"from": from, "to": to}))
            }
            Fault::Slow(n, ms) => ("slow", json!({"node": self.node(*n), "latency_ms": ms})),
            Fault::Heal => ("heal", json!({})),
            Fault::ElectPreferred => ("elect_preferred", json!({})),
            Fault::ElectUnclean => ("elect_leaders", json!({"election_type": "unclean"})),
            Fault::MinIsr(value, topic) => {
                let mut change = json!({"key": "min.insync.replicas", "value": value});
                if let Some(t) = topic {
                    change["topic"] = json!(format!("t{}", *t as usize % self.topics.len()));
                }
                ("set_config", change)
            }
            Fault::FailRack(r) => ("fail_rack", rack(r)?),
            Fault::RestoreRack(r) => ("restore_rack", rack(r)?),
        })
    }
}

/// Fault times within the first `until_ms`, sorted (the scenario sorts them anyway).
fn schedule(
    fault: impl Strategy<Value = Fault>,
    count: std::ops::RangeInclusive<usize>,
    until_ms: u64,
) -> impl Strategy<Value = Vec<(u64, Fault)>> {
    prop::collection::vec((500u64..until_ms, fault), count).prop_map(|mut faults| {
        faults.sort_by_key(|(at, _)| *at);
        faults
    })
}

/// The safe configuration under faults without power loss.
fn safe_cluster() -> impl Strategy<Value = Cluster> {
    (
        any::<u64>(),
        prop::sample::select(vec!["kraft", "kraft-elr"]),
        3u32..=5,
        prop::sample::select(vec![0u32, 2, 3]),
        prop::collection::vec(1u32..=3, 1..=2),
        2_000u64..=30_000,
        prop::sample::select(vec![0u64, 5]),
        5u32..=40,
        schedule(safe_fault(), 2..=8, 30_000),
    )
        .prop_map(
            |(seed, profile, brokers, racks, partitions, lag, linger, rate, faults)| Cluster {
                seed,
                profile,
                brokers,
                racks,
                topics: partitions.into_iter().map(|p| (p, 3)).collect(),
                config: json!({
                    "acks": "all", "min.insync.replicas": 2, "enable.idempotence": true,
                    "unclean.leader.election.enable": false,
                    "replica.lag.time.max.ms": lag, "linger.ms": linger,
                }),
                rate,
                faults,
                run_until_ms: 40_000,
            },
        )
}

/// Anything: every profile, RF 1–3, acks 1 or all, min ISR 1–3, unclean election, power loss.
fn any_cluster() -> impl Strategy<Value = Cluster> {
    (
        (
            any::<u64>(),
            prop::sample::select(vec!["kraft", "kraft-elr", "zk", "hw-truncation"]),
            1u32..=5,
            prop::sample::select(vec![0u32, 2, 3]),
            prop::collection::vec((1u32..=4, 1u32..=3), 1..=3),
        ),
        (
            any::<bool>(),
            1u32..=3,
            any::<bool>(),
            2_000u64..=30_000,
            prop::sample::select(vec![0u64, 5]),
        ),
        1u32..=40,
        schedule(any_fault(), 0..=10, 40_000),
    )
        .prop_map(
            |(
                (seed, profile, brokers, racks, topics),
                (acks_all, min_isr, unclean, lag, linger),
                rate,
                faults,
            )| Cluster {
                seed,
                profile,
                brokers,
                racks: racks.min(brokers),
                topics,
                config: json!({
                    "acks": if acks_all { "all" } else { "1" },
                    "min.insync.replicas": min_isr,
                    "unclean.leader.election.enable": unclean,
                    "replica.lag.time.max.ms": lag, "linger.ms": linger,
                }),
                rate,
                faults,
                run_until_ms: 45_000,
            },
        )
}

// ---------------------------------------------------------------------------------------------
// Properties

proptest! {
    #![proptest_config(config(32))]

    /// Kafka's promise: with acks=all, min.insync.replicas=2, RF 3 and no unclean election, an
    /// acknowledged record survives any failure short of losing unflushed data to power loss.
    #[test]
    fn the_safe_configuration_loses_nothing_without_power_loss(cluster in safe_cluster()) {
        let scenario = cluster.scenario();
        let world = run(&scenario);
        prop_assert!(violations(&world).is_empty(), "violations {:?}\n{scenario:#}", violations(&world));
        prop_assert!(lost_acked(&world).is_empty(), "lost acked {:?}\n{scenario:#}", lost_acked(&world));
        prop_assert!(lost_committed(&world).is_empty(), "lost committed {:?}\n{scenario:#}", lost_committed(&world));
    }

    /// Whatever the generator makes builds and runs without a panic.
    #[test]
    fn no_generated_scenario_panics(cluster in any_cluster()) {
        run(&cluster.scenario());
    }

    /// acks=1: the leader acknowledges after its own append. Followers that have not fetched
    /// (paused) take over when it crashes, and every acknowledged record is gone, without any
    /// invariant being broken. Profiles with leader-epoch truncation all behave so.
    #[test]
    fn acks_one_loses_what_the_crashed_leader_alone_held(
        seed in any::<u64>(),
        profile in prop::sample::select(vec!["kraft", "kraft-elr", "zk"]),
        order in Just([1u32, 2, 3]).prop_shuffle(),
        racks in any::<bool>(),
        count in 1u32..=20,
        produce_at in 0u64..=1_000,
        crash_after in 200u64..=2_000,
        resume_after in 1u64..=1_000,
    ) {
        let leader = order[0];
        let followers = [order[1], order[2]];
        let crash_at = produce_at + crash_after;
        let resume_at = crash_at + resume_after;
        let brokers: Vec<Value> = (1..=3u32)
            .map(|id| if racks { json!({"id": id, "rack": RACKS[id as usize - 1]}) } else { json!({"id": id}) })
            .collect();
        let mut actions = vec![];
        for f in followers {
            actions.push(json!({"at_ms": 0, "pause_fetcher": {"broker": f}}));
        }
        actions.push(json!({"at_ms": produce_at, "produce": {"topic": "orders", "partition": 0, "count": count}}));
        actions.push(json!({"at_ms": crash_at, "crash": {"broker": leader}}));
        for f in followers {
            actions.push(json!({"at_ms": resume_at, "resume_fetcher": {"broker": f}}));
        }
        actions.push(json!({"at_ms": crash_at + 25_000, "restart": {"broker": leader}}));
        let scenario = json!({
            "seed": seed, "profile": profile, "brokers": brokers,
            "config": {"acks": "1", "linger.ms": 0},
            "topics": [{"name": "orders", "partitions": 1, "replication.factor": 3,
                        "assignment": {"0": order}}],
            "actions": actions,
            "run_until_ms": crash_at + 35_000,
        });
        let world = run(&scenario);
        let expected: Vec<String> = (1..=count).map(|i| format!("m{i}")).collect();
        prop_assert_eq!(lost_acked(&world), expected, "{:#}", scenario);
        prop_assert!(lost_committed(&world).is_empty(), "nothing was ever committed\n{scenario:#}");
        prop_assert!(violations(&world).is_empty(), "acks=1 loss breaks no invariant: {:?}", violations(&world));
    }

    /// Unclean election: the ISR's members both die and the out-of-sync replica is elected once
    /// `unclean.leader.election.enable` is on (switched on later: at once with ZooKeeper, forced
    /// in KRaft), losing the committed records it never had.
    #[test]
    fn an_unclean_election_after_the_isr_dies_loses_committed_records(
        seed in any::<u64>(),
        profile in prop::sample::select(vec!["kraft", "kraft-elr", "zk"]),
        high_watermark in 2u64..=200,
        behind in 1u64..=200,
        epoch in 0u32..=10,
        second_crash in 0u64..=5_000,
        from_the_start in any::<bool>(),
    ) {
        let behind = behind.min(high_watermark);
        let out_of_sync_end = high_watermark - behind;
        // The leader dies at once: a millisecond later broker 3's first fetch would reach it and
        // catch up. Broker 2 dies before the leader is fenced, or 3 would catch up from it.
        // Both fenced by then: their session (9 s KRaft, 18 s ZooKeeper) plus a heartbeat.
        let session = if profile == "zk" { 18_000 } else { 9_000 };
        let enable_at = second_crash + session + 3_000;
        let mut topic = json!({
            "name": "orders", "partitions": 1, "replication.factor": 3, "assignment": {"0": [1, 2, 3]},
            "state": {"0": {"leader": 1, "leader_epoch": epoch, "isr": [1, 2], "high_watermark": high_watermark,
                "logs": {"1": {"end_offset": high_watermark}, "2": {"end_offset": high_watermark},
                         "3": {"end_offset": out_of_sync_end}}}}
        });
        let mut actions = vec![
            json!({"at_ms": 0, "crash": {"broker": 1}}),
            json!({"at_ms": second_crash, "crash": {"broker": 2}}),
        ];
        if from_the_start {
            topic["config"] = json!({"unclean.leader.election.enable": true});
        } else {
            actions.push(json!({"at_ms": enable_at,
                "set_config": {"key": "unclean.leader.election.enable", "value": true}}));
            // A KRaft controller acts on the change only at its periodic scan (5 minutes): force
            // the election as kafka-leader-election.sh --election-type UNCLEAN does.
            if profile != "zk" {
                actions.push(json!({"at_ms": enable_at,
                    "elect_leaders": {"election_type": "unclean", "topic": "orders"}}));
            }
        }
        let scenario = json!({
            "seed": seed, "profile": profile,
            "brokers": [{"id": 1}, {"id": 2}, {"id": 3}],
            "topics": [topic], "actions": actions, "run_until_ms": enable_at + 5_000,
        });
        let world = run(&scenario);
        let expected: Vec<String> = (out_of_sync_end..high_watermark).map(|i| format!("r{i}")).collect();
        let mut lost = lost_committed(&world);
        lost.sort_by_key(|v| v[1..].parse::<u64>().unwrap_or(0));
        prop_assert_eq!(lost, expected, "{:#}", scenario);
        let leader = world.partitions().next().and_then(|p| p.leader).map(|b| b.0);
        prop_assert_eq!(leader, Some(3));
    }

    /// KIP-101 scenario 1: a follower that heard an older HW restarts as the leader dies. Before
    /// 0.11 (`hw-truncation`) it truncates to its own HW and then leads: committed records are
    /// lost. With leader epochs (`zk`, the same ZooKeeper controller) the same schedule keeps them.
    #[test]
    fn hw_truncation_loses_committed_records_that_leader_epochs_keep(
        seed in any::<u64>(),
        high_watermark in 2u64..=100,
        behind in 1u64..=100,
        epoch in 0u32..=5,
        crash_at in 0u64..=1_000,
        down_for in 10u64..=3_000,
    ) {
        let follower_hw = high_watermark - behind.min(high_watermark);
        let restart_at = crash_at + down_for;
        let scenario = |profile: &str| json!({
            "seed": seed, "profile": profile,
            "brokers": [{"id": 1}, {"id": 2}],
            "config": {"unclean.leader.election.enable": false},
            "topics": [{"name": "orders", "partitions": 1, "replication.factor": 2, "assignment": {"0": [1, 2]},
                "state": {"0": {"leader": 1, "leader_epoch": epoch, "isr": [1, 2], "high_watermark": high_watermark,
                    "logs": {"1": {"end_offset": high_watermark},
                             "2": {"end_offset": high_watermark, "high_watermark": follower_hw}}}}}],
            "actions": [
                {"at_ms": crash_at, "crash": {"broker": 2}},
                {"at_ms": restart_at, "crash": {"broker": 1}},
                {"at_ms": restart_at, "restart": {"broker": 2}},
            ],
            "run_until_ms": restart_at + 30_000,
        });
        let old = scenario("hw-truncation");
        let world = run(&old);
        let expected: Vec<String> = (follower_hw..high_watermark).map(|i| format!("r{i}")).collect();
        let mut lost = lost_committed(&world);
        lost.sort_by_key(|v| v[1..].parse::<u64>().unwrap_or(0));
        prop_assert_eq!(lost, expected, "{:#}", old);
        prop_assert!(violations(&world).iter().any(|v| v.starts_with("no-committed-data-loss")));

        let new = scenario("zk");
        let world = run(&new);
        prop_assert!(lost_committed(&world).is_empty(), "leader epochs keep them: {:?}\n{new:#}", lost_committed(&world));
    }

    /// The last replica standing: with min.insync.replicas=2, one follower crashes, the other
    /// shuts down cleanly, and the leader (alone in the ISR, writes not yet flushed) loses power.
    /// Without ELR (`kraft`) it stays the ISR and leads again with an empty log: the acknowledged
    /// records are lost. With ELR (`kraft-elr`) the cleanly stopped follower takes over with them.
    #[test]
    fn power_loss_of_the_last_isr_member_loses_acked_records_without_elr(
        seed in any::<u64>(),
        order in Just([1u32, 2, 3]).prop_shuffle(),
        count in 1u32..=20,
        produce_at in 0u64..=1_000,
        crash_at in 500u64..=2_000,
        shutdown_after in 12_000u64..=14_000,
        power_loss_after in 1_000u64..=3_000,
        restart_after in 1_000u64..=3_000,
        leader_back_after in 12_000u64..=20_000,
    ) {
        let [leader, stopped, crashed] = order;
        let shutdown_at = crash_at + shutdown_after;
        let power_loss_at = shutdown_at + power_loss_after;
        let scenario = |profile: &str| json!({
            "seed": seed, "profile": profile,
            "brokers": [{"id": 1}, {"id": 2}, {"id": 3}],
            "config": {"min.insync.replicas": 2, "linger.ms": 0},
            "topics": [{"name": "orders", "partitions": 1, "replication.factor": 3,
                        "assignment": {"0": [leader, stopped, crashed]}}],
            "actions": [
                {"at_ms": produce_at, "produce": {"topic": "orders", "partition": 0, "count": count}},
                {"at_ms": crash_at, "crash": {"broker": crashed}},
                {"at_ms": shutdown_at, "shutdown": {"broker": stopped}},
                {"at_ms": power_loss_at, "power_loss": {"broker": leader}},
                {"at_ms": power_loss_at + restart_after, "restart": {"broker": stopped}},
                {"at_ms": power_loss_at + leader_back_after, "restart": {"broker": leader}},
            ],
            "run_until_ms": power_loss_at + leader_back_after + 15_000,
        });
        let expected: Vec<String> = (1..=count).map(|i| format!("m{i}")).collect();
        let kraft = scenario("kraft");
        let world = run(&kraft);
        prop_assert_eq!(lost_acked(&world), expected, "{:#}", kraft);

        let elr = scenario("kraft-elr");
        let world = run(&elr);
        prop_assert!(lost_acked(&world).is_empty(), "ELR keeps them: {:?}\n{elr:#}", lost_acked(&world));
    }
}
