//! `kafka-reassign-partitions.sh` for the playground: the current assignment as a plan (what
//! `--generate` prints as "Current partition replica assignment"), a rack-aware proposal
//! (`--generate`), the throttle `--execute --throttle` sets, and the plan JSON the tool writes.
//! Parsing a plan is [`crate::scenario::parse_reassignment_plan`], with the scenario parser's
//! rules.

use crate::ids::BrokerId;
use crate::placement::PlacementSeed;
use crate::placement::{assign_replicas, default_rack_mode, BrokerRack, PlacementError};
use crate::rng::Rng;
use crate::rules::throttle::ThrottledReplicas;
use crate::scenario::{Action, PlanEntry};
use crate::sim::World;
use crate::vec_map::VecMap;
use std::fmt::Write;

/// The plan as the tool writes it (`formatAsReassignmentJson`): compact JSON, `version` then
/// `partitions` sorted by topic and partition, each with `topic`, `partition`, `replicas` and
/// one `log_dirs` entry per replica (`"any"` unless the plan named one).
pub fn plan_json(entries: &[PlanEntry]) -> String {
    let mut sorted: Vec<&PlanEntry> = entries.iter().collect();
    // A plan names each partition once, so the order is total.
    crate::sorting::sort_by(&mut sorted, |a, b| {
        (&a.topic, a.partition) < (&b.topic, b.partition)
    });
    let mut out = String::from("{\"version\":1,\"partitions\":[");
    for (i, e) in sorted.iter().enumerate() {
        let topic = serde_json::Value::from(e.topic.as_str());
        let ids: Vec<String> = e.replicas.iter().map(|b| b.0.to_string()).collect();
        let dirs: Vec<String> = match &e.log_dirs {
            Some(dirs) => dirs
                .iter()
                .map(|d| serde_json::Value::from(d.as_str()).to_string())
                .collect(),
            None => vec!["\"any\"".to_string(); e.replicas.len()],
        };
        let _ = write!(
            out,
            "{}{{\"topic\":{topic},\"partition\":{},\"replicas\":[{}],\"log_dirs\":[{}]}}",
            if i == 0 { "" } else { "," },
            e.partition,
            ids.join(","),
            dirs.join(",")
        );
    }
    out.push_str("]}");
    out
}

fn entry(topic: &str, partition: u32, replicas: Vec<BrokerId>) -> PlanEntry {
    PlanEntry {
        topic: topic.to_string(),
        partition,
        replicas,
        log_dirs: None,
    }
}

/// Every partition's replicas as the controller has them now (during a move: target ++
/// removing, as Kafka's metadata lists them).
pub fn current_assignment(world: &World) -> Vec<PlanEntry> {
    world
        .partitions()
        .map(|p| entry(&p.tp.topic, p.tp.partition, p.replicas.clone()))
        .collect()
}

/// `--generate` over every topic and every broker: Kafka's AdminUtils placement (rack-aware
/// when the brokers have racks) with the topic's current partition count and replication
/// factor, a fresh random start index and shift per topic drawn from `rng`.
pub fn propose(world: &World, rng: &mut Rng) -> Result<Vec<PlanEntry>, PlacementError> {
    let brokers: Vec<BrokerRack> = world
        .brokers()
        .map(|b| BrokerRack {
            id: b.id,
            rack: b.rack.clone(),
        })
        .collect();
    let mode = default_rack_mode(&brokers);
    let mut plan = Vec::new();
    for (topic, partitions) in world.topics() {
        // The replication factor of the topic's first partition, as the tool takes it.
        let rf = world
            .partitions()
            .find(|p| *p.tp.topic == **topic)
            .map_or(0, |p| (p.replicas.len() - p.removing_replicas.len()) as u32);
        let seed = PlacementSeed::draw(rng, brokers.len() as u32);
        let layout = assign_replicas(&brokers, *partitions, rf, mode, seed)?;
        for (partition, replicas) in layout.into_iter().enumerate() {
            plan.push(entry(topic, partition as u32, replicas));
        }
    }
    Ok(plan)
}

/// What `--execute --throttle <rate>` sets before starting the moves: both replication rates,
/// and per topic the replicas they apply to. Leader side: every current replica of a partition
/// gaining a replica (any of them may lead); follower side: the replicas it gains. A partition
/// whose replicas stay is not throttled.
pub fn throttle_actions(world: &World, plan: &[PlanEntry], rate: u64) -> Vec<Action> {
    let mut actions: Vec<Action> = [
        "leader.replication.throttled.rate",
        "follower.replication.throttled.rate",
    ]
    .iter()
    .map(|key| Action::SetConfig {
        key: key.to_string(),
        value: rate.into(),
        topic: None,
    })
    .collect();
    type Pairs = Vec<(u32, BrokerId)>;
    let mut per_topic: VecMap<&str, (Pairs, Pairs)> = VecMap::new();
    for e in plan {
        let Some(state) = world
            .partitions()
            .find(|p| *p.tp.topic == *e.topic && p.tp.partition == e.partition)
        else {
            continue;
        };
        // Before any move in flight: the replicas minus those still being added.
        let existing: Vec<BrokerId> = state
            .replicas
            .iter()
            .copied()
            .filter(|b| !state.adding_replicas.contains(b))
            .collect();
        let adding: Vec<BrokerId> = e
            .replicas
            .iter()
            .copied()
            .filter(|b| !existing.contains(b))
            .collect();
        if adding.is_empty() {
            continue;
        }
        let (leader, follower) = per_topic.entry(&e.topic).or_default();
        leader.extend(existing.iter().map(|&b| (e.partition, b)));
        follower.extend(adding.iter().map(|&b| (e.partition, b)));
    }
    for (topic, (mut leader, mut follower)) in per_topic {
        crate::sorting::sort(&mut leader);
        crate::sorting::sort(&mut follower);
        for (key, pairs) in [
            ("leader.replication.throttled.replicas", leader),
            ("follower.replication.throttled.replicas", follower),
        ] {
            actions.push(Action::SetConfig {
                key: key.to_string(),
                value: ThrottledReplicas::List(pairs).to_string().into(),
                topic: Some(topic.to_string()),
            });
        }
    }
    actions
}

pub use crate::rules::leader_balance::LEADER_IMBALANCE_PER_BROKER_PERCENTAGE;

/// One broker's leadership as the controller's imbalance check counts it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BrokerLeadership {
    pub broker: BrokerId,
    /// Partitions it leads now.
    pub leaders: u32,
    /// Partitions whose preferred (first) replica it is.
    pub preferred: u32,
    /// Of those, the ones led by another broker (or by none).
    pub preferred_not_leading: u32,
    /// The controller is ZooKeeper's, which applies `leader.imbalance.per.broker.percentage`.
    pub zookeeper: bool,
}

impl BrokerLeadership {
    /// preferred-but-not-leading / preferred, in whole percent (0 with no preferred partition).
    pub fn imbalance_percent(&self) -> u64 {
        let p = u64::from(self.preferred.max(1));
        u64::from(self.preferred_not_leading) * 100 / p
    }

    /// The next auto rebalance check moves leadership back to this broker: in KRaft whenever
    /// it does not lead a partition it prefers, in ZooKeeper mode only above
    /// `leader.imbalance.per.broker.percentage` (see [`crate::rules::leader_balance`]).
    pub fn imbalanced(&self) -> bool {
        let (preferred, off) = (
            u64::from(self.preferred),
            u64::from(self.preferred_not_leading),
        );
        if self.zookeeper {
            crate::rules::leader_balance::broker_above_threshold(preferred, off)
        } else {
            off > 0
        }
    }
}

/// Every broker's leadership, in id order.
pub fn leadership(world: &World) -> Vec<BrokerLeadership> {
    let mut rows: Vec<BrokerLeadership> = world
        .brokers()
        .map(|b| BrokerLeadership {
            broker: b.id,
            leaders: 0,
            preferred: 0,
            preferred_not_leading: 0,
            zookeeper: world.profile().is_zookeeper(),
        })
        .collect();
    for p in world.partitions() {
        for row in &mut rows {
            if p.leader == Some(row.broker) {
                row.leaders += 1;
            }
            if crate::rules::election::preferred_replica(&p.replicas) == Some(row.broker) {
                row.preferred += 1;
                if p.leader != Some(row.broker) {
                    row.preferred_not_leading += 1;
                }
            }
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{parse_reassignment_plan, parse_scenario};
    use serde_json::json;

    const CLUSTER: &str = r#"{
      "brokers": [{"id": 1, "rack": "a"}, {"id": 2, "rack": "b"}, {"id": 3, "rack": "c"},
                  {"id": 4, "rack": "a"}],
      "topics": [{"name": "orders", "partitions": 2, "replication.factor": 3,
                  "assignment": {"0": [1, 2, 3], "1": [2, 3, 4]}}]
    }"#;

    fn world() -> (crate::scenario::Scenario, World) {
        let s = parse_scenario(CLUSTER).unwrap();
        let w = World::from_scenario(&s).unwrap();
        (s, w)
    }

    #[test]
    fn the_plan_json_is_the_tools_format_and_parses_back() {
        let (s, w) = world();
        let current = current_assignment(&w);
        let text = plan_json(&current);
        assert_eq!(
            text,
            "{\"version\":1,\"partitions\":[\
             {\"topic\":\"orders\",\"partition\":0,\"replicas\":[1,2,3],\"log_dirs\":[\"any\",\"any\",\"any\"]},\
             {\"topic\":\"orders\",\"partition\":1,\"replicas\":[2,3,4],\"log_dirs\":[\"any\",\"any\",\"any\"]}]}"
        );
        let back = parse_reassignment_plan(&text, &s).unwrap();
        let replicas: Vec<_> = back.iter().map(|e| e.replicas.clone()).collect();
        assert_eq!(
            replicas,
            current
                .iter()
                .map(|e| e.replicas.clone())
                .collect::<Vec<_>>()
        );
        assert_eq!(plan_json(&back), text);
    }

    #[test]
    fn an_invalid_plan_names_every_problem_by_its_path() {
        let (s, _) = world();
        let plan = json!({"version": 2, "partitions": [
            {"topic": "orders", "partition": 0, "replicas": [1, 9, 1]},
            {"topic": "orders", "partition": 5, "replicas": [1, 2, 3]},
            {"topic": "payments", "partition": 0, "replicas": [1]}
        ]});
        let errors = parse_reassignment_plan(&plan.to_string(), &s).unwrap_err();
        let lines: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(
            lines,
            [
                "version: expected 1 (the only plan version), got 2",
                "partitions[0].replicas[1]: no broker 9; brokers are 1, 2, 3, 4",
                "partitions[0].replicas[2]: broker 1 is listed twice",
                "partitions[1].partition: no partition 5; \"orders\" has partitions 0 to 1",
                "partitions[2].topic: no topic \"payments\"; topics are \"orders\"",
            ]
        );
        let not_json = parse_reassignment_plan("{", &s).unwrap_err();
        assert_eq!(not_json.0[0].path, "$");
    }

    #[test]
    fn a_proposal_is_kafkas_rack_aware_placement_for_every_partition() {
        let (_, w) = world();
        let plan = propose(&w, &mut Rng::new(7)).unwrap();
        assert_eq!(plan.len(), 2);
        let rack = |b: &BrokerId| {
            if b.0 == 4 {
                'a'
            } else {
                (b'a' + (b.0 - 1) as u8) as char
            }
        };
        for e in &plan {
            assert_eq!(e.replicas.len(), 3, "the topic's replication factor");
            let mut racks: Vec<char> = e.replicas.iter().map(rack).collect();
            crate::sorting::sort(&mut racks);
            racks.dedup();
            assert_eq!(
                racks.len(),
                3,
                "three racks, one replica each: {:?}",
                e.replicas
            );
        }
    }

    #[test]
    fn leadership_counts_preferred_partitions_led_elsewhere() {
        let (_, mut w) = world();
        w.run_until(100);
        let before = leadership(&w);
        // Preferred: orders-0 → 1, orders-1 → 2; both lead their own.
        assert_eq!((before[0].leaders, before[0].preferred), (1, 1));
        assert_eq!((before[1].leaders, before[1].preferred), (1, 1));
        assert!(before.iter().all(|r| !r.imbalanced()));
        w.apply(&Action::Shutdown {
            broker: BrokerId(1),
        });
        w.run_until(5_000);
        let after = leadership(&w);
        assert_eq!(after[0].leaders, 0);
        assert_eq!(after[0].preferred_not_leading, 1);
        assert_eq!(after[0].imbalance_percent(), 100);
        assert!(after[0].imbalanced());
    }

    #[test]
    fn the_throttle_covers_the_moving_partitions_as_the_tool_sets_it() {
        let (_, w) = world();
        // orders-0 [1,2,3] → [4,2,3] moves; orders-1 [2,3,4] → [4,3,2] only reorders.
        let plan = vec![
            entry("orders", 0, vec![BrokerId(4), BrokerId(2), BrokerId(3)]),
            entry("orders", 1, vec![BrokerId(4), BrokerId(3), BrokerId(2)]),
        ];
        let actions = throttle_actions(&w, &plan, 1_000);
        let set = |key: &str, value: serde_json::Value, topic: Option<&str>| Action::SetConfig {
            key: key.to_string(),
            value,
            topic: topic.map(str::to_string),
        };
        assert_eq!(
            actions,
            [
                set("leader.replication.throttled.rate", json!(1000), None),
                set("follower.replication.throttled.rate", json!(1000), None),
                set(
                    "leader.replication.throttled.replicas",
                    json!("0:1,0:2,0:3"),
                    Some("orders")
                ),
                set(
                    "follower.replication.throttled.replicas",
                    json!("0:4"),
                    Some("orders")
                ),
            ]
        );
    }
}
