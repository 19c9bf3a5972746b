//! Why each partition may lose data as Kafka itself would: the reasons the judge excuses a data
//! finding with.
//!
//! Per partition, from the scenario (config, topic overrides, every `set_config` replayed in
//! time order, every power loss), following /work/shared/kafka-semantics.md, these reasons make
//! data loss legitimate Kafka behaviour (the rules are the core's, `sim::expected`, which the
//! playground's alerts ask too):
//!
//! * `hw-truncation` — the profile truncates followers to their own HW: KIP-101 loses committed
//!   records and can leave logs divergent ("Truncation").
//! * `acks=1` — acks is not `all` at some point: the leader acknowledges after its own append
//!   ("Produce and acks").
//! * `unclean-election` — `unclean.leader.election.enable` is on at some point: "committed data
//!   can be lost and the HW goes backwards" ("Elections").
//! * `min-isr-1` — min(min.insync.replicas, RF) < 2 at some point: an acknowledged record may have
//!   a single copy.
//! * `power-loss` — records not yet flushed are lost ("Crashes"). Without ELR (`kraft`, `zk`)
//!   one power loss of a replica suffices: the last ISR member may return empty and be elected
//!   again ("last replica standing"). With ELR (`kraft-elr`, KIP-966) a replica back from an
//!   unclean shutdown is no longer eligible, so one power loss alone is safe. It is not once a
//!   second replica of the partition also stops uncleanly (power loss or kill -9): both leave
//!   the ELR on their return, ISR and ELR are empty, and the last known leader is elected
//!   (KIP-966's balanced recovery) even when it is the one whose tail power took.

use replication_core::config::{Acks, Config, TopicConfig};
use replication_core::scenario::{Action, Scenario};
use replication_core::sim::{expected, LossReason, World};
use replication_core::{BrokerId, TopicPartition};
use std::collections::{BTreeMap, BTreeSet};

/// Why loss is legitimate Kafka behaviour on each partition (empty: the partition must be safe).
/// See the module comment for the rules.
pub fn risks(scenario: &Scenario, world: &World) -> Risks {
    let per_topic = config_reasons(scenario);
    let power_lost = power_losses(scenario);
    let unclean = unclean_shutdowns(scenario);
    let mut risks = Risks::default();
    for p in world.partitions() {
        let mut reasons = per_topic.get(&*p.tp.topic).cloned().unwrap_or_default();
        let lost = p.replicas.iter().filter(|b| power_lost.contains(b)).count();
        let stopped_uncleanly = p.replicas.iter().filter(|b| unclean.contains(b)).count();
        if expected::power_loss_risks_data(scenario.profile, lost, stopped_uncleanly) {
            reasons.insert(LossReason::PowerLoss);
        }
        if lost > 0 {
            risks.power_lost.insert(p.tp.clone());
        }
        risks.reasons.insert(p.tp.clone(), reasons);
    }
    risks
}

/// Per topic, the reasons its configuration gives it, replayed over time (the riskiest moment
/// counts): the cluster's and the topic's every `set_config`, and produce actions that set
/// their own acks.
fn config_reasons(scenario: &Scenario) -> BTreeMap<&str, BTreeSet<LossReason>> {
    let mut cluster: Config = scenario.config.clone();
    let mut overrides: BTreeMap<&str, TopicConfig> = scenario
        .topics
        .iter()
        .map(|t| (t.name.as_str(), t.config.clone()))
        .collect();
    let mut per_topic: BTreeMap<&str, BTreeSet<LossReason>> = BTreeMap::new();
    note(scenario, &mut per_topic, &cluster, &overrides);
    for timed in &scenario.actions {
        match &timed.action {
            Action::SetConfig {
                key,
                value,
                topic: None,
            } => {
                let _ = cluster.set(key, value);
            }
            Action::SetConfig {
                key,
                value,
                topic: Some(t),
            } => {
                if let Some(o) = overrides.get_mut(t.as_str()) {
                    let _ = o.set(key, value);
                }
            }
            Action::Produce {
                topic,
                acks: Some(a),
                ..
            }
            | Action::ProduceRate {
                topic,
                acks: Some(a),
                ..
            } if *a != Acks::All => {
                per_topic
                    .entry(topic.as_str())
                    .or_default()
                    .insert(LossReason::AcksNotAll);
            }
            _ => {}
        }
        note(scenario, &mut per_topic, &cluster, &overrides);
    }
    per_topic
}

/// Brokers that lose power at some point (alone or with their rack).
fn power_losses(scenario: &Scenario) -> BTreeSet<BrokerId> {
    let mut brokers = BTreeSet::new();
    for timed in &scenario.actions {
        match &timed.action {
            Action::PowerLoss { broker } => {
                brokers.insert(*broker);
            }
            Action::FailRack { rack } => brokers.extend(in_rack(scenario, rack)),
            _ => {}
        }
    }
    brokers
}

/// Per partition, why loss is legitimate; and which partitions had a replica lose power.
#[derive(Debug, Default)]
pub struct Risks {
    pub reasons: BTreeMap<TopicPartition, BTreeSet<LossReason>>,
    /// A replica lost power. Even where that alone is safe (ELR), the replica runs again with its
    /// tail gone before its registration tells the controller to drop it from the ISR/ELR: the
    /// checker's `isr-holds-committed-data` sees it in that window.
    pub power_lost: BTreeSet<TopicPartition>,
}

/// Brokers that stop uncleanly at some point (kill -9 or power loss): KIP-966 takes them out of
/// the ISR and the ELR when they return.
pub(super) fn unclean_shutdowns(scenario: &Scenario) -> BTreeSet<BrokerId> {
    let mut brokers = BTreeSet::new();
    for timed in &scenario.actions {
        match &timed.action {
            Action::Crash { broker } | Action::PowerLoss { broker } => {
                brokers.insert(*broker);
            }
            Action::FailRack { rack } => brokers.extend(in_rack(scenario, rack)),
            _ => {}
        }
    }
    brokers
}

fn in_rack<'a>(scenario: &'a Scenario, rack: &'a str) -> impl Iterator<Item = BrokerId> + 'a {
    scenario
        .brokers
        .iter()
        .filter(move |b| b.rack.as_deref() == Some(rack))
        .map(|b| b.id)
}

/// Record the reasons the configuration in force gives each topic.
fn note<'s>(
    scenario: &'s Scenario,
    per_topic: &mut BTreeMap<&'s str, BTreeSet<LossReason>>,
    cluster: &Config,
    overrides: &BTreeMap<&'s str, TopicConfig>,
) {
    for topic in &scenario.topics {
        let config = cluster.for_topic(&overrides[topic.name.as_str()]);
        per_topic
            .entry(topic.name.as_str())
            .or_default()
            .extend(expected::config_loss_reasons(
                &config,
                topic.replication_factor,
                scenario.profile,
            ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sweep::judge::names;
    use replication_core::scenario::parse_scenario;

    fn reasons(json: &str) -> Vec<Vec<&'static str>> {
        let scenario = parse_scenario(json).unwrap();
        let world = World::from_scenario(&scenario).unwrap();
        risks(&scenario, &world)
            .reasons
            .values()
            .map(|r| names(r).into_iter().collect())
            .collect()
    }

    fn cluster(profile: &str, config: &str, actions: &str) -> String {
        format!(
            r#"{{"profile": "{profile}", "brokers": [{{"id": 1}}, {{"id": 2}}, {{"id": 3}}],
                "config": {config},
                "topics": [{{"name": "t", "partitions": 1, "replication.factor": 3,
                             "assignment": {{"0": [1, 2, 3]}}}}],
                "actions": {actions}}}"#
        )
    }

    #[test]
    fn the_safe_configuration_has_no_reason_to_lose_data() {
        let safe = r#"{"acks": "all", "min.insync.replicas": 2}"#;
        assert_eq!(reasons(&cluster("kraft", safe, "[]")), [Vec::<&str>::new()]);
        let crash = r#"[{"at_ms": 5, "crash": {"broker": 1}}]"#;
        assert_eq!(
            reasons(&cluster("kraft", safe, crash)),
            [Vec::<&str>::new()]
        );
    }

    #[test]
    fn each_unsafe_setting_is_a_reason() {
        let safe = r#"{"acks": "all", "min.insync.replicas": 2}"#;
        let acks1 = r#"{"acks": "1", "min.insync.replicas": 2}"#;
        assert_eq!(reasons(&cluster("kraft", acks1, "[]")), [["acks=1"]]);
        let lowered = r#"[{"at_ms": 5, "set_config": {"key": "min.insync.replicas", "value": 1, "topic": "t"}},
                          {"at_ms": 9, "set_config": {"key": "min.insync.replicas", "value": 2, "topic": "t"}}]"#;
        assert_eq!(reasons(&cluster("kraft", safe, lowered)), [["min-isr-1"]]);
        let unclean = r#"[{"at_ms": 5, "set_config": {"key": "unclean.leader.election.enable", "value": true}}]"#;
        assert_eq!(
            reasons(&cluster("kraft", safe, unclean)),
            [["unclean-election"]]
        );
        assert_eq!(
            reasons(&cluster("hw-truncation", safe, "[]")),
            [["hw-truncation", "unclean-election"]]
        );
    }

    #[test]
    fn one_power_loss_is_a_reason_without_elr_and_with_a_second_unclean_stop_with_it() {
        let safe = r#"{"acks": "all", "min.insync.replicas": 2}"#;
        let one = r#"[{"at_ms": 5, "power_loss": {"broker": 2}}]"#;
        let two = r#"[{"at_ms": 5, "power_loss": {"broker": 2}}, {"at_ms": 9, "power_loss": {"broker": 3}}]"#;
        // kraft-elr seeds 622 and 705: the leader loses power, a follower is killed; both leave
        // the ELR on return and the last known leader, tail gone, is elected.
        let with_crash =
            r#"[{"at_ms": 5, "power_loss": {"broker": 2}}, {"at_ms": 9, "crash": {"broker": 3}}]"#;
        let crash_only =
            r#"[{"at_ms": 5, "crash": {"broker": 2}}, {"at_ms": 9, "crash": {"broker": 3}}]"#;
        assert_eq!(reasons(&cluster("kraft", safe, one)), [["power-loss"]]);
        assert_eq!(
            reasons(&cluster("kraft-elr", safe, one)),
            [Vec::<&str>::new()]
        );
        assert_eq!(reasons(&cluster("kraft-elr", safe, two)), [["power-loss"]]);
        assert_eq!(
            reasons(&cluster("kraft-elr", safe, with_crash)),
            [["power-loss"]]
        );
        // Killed processes keep their logs (the page cache survives): no loss to expect.
        assert_eq!(
            reasons(&cluster("kraft-elr", safe, crash_only)),
            [Vec::<&str>::new()]
        );
    }
}
