//! The generator: one scenario per profile and seed, drawn from [`stream::SWEEP`] only, so a
//! seed is reproducible and a failing seed is a file anyone can `run`.
//!
//! A cluster shape (3–6 brokers, racks on all or none), 1–3 topics, a configuration among the
//! keys that decide safety, a steady load, 2–8 faults in the safety phase, then the liveness
//! phase's repairs (module `sweep`).

use super::{LIVENESS_MS, SAFETY_MS};
use replication_core::config::Profile;
use replication_core::rng::{stream, Rng};
use serde_json::{json, Value};

const FAULT_FROM_MS: u64 = 1_000;
const FAULT_MARGIN_MS: u64 = 1_000;
/// A restart this soon after a controlled shutdown began finds it still in progress (it takes
/// a heartbeat's round trip, longer when the controller cannot be reached).
const RESTART_DURING_SHUTDOWN_MS: u64 = 3;

/// The scenario JSON for one seed. Deterministic: the same profile and seed give the same file.
pub fn generate(profile: Profile, seed: u64) -> Value {
    let mut rng = Rng::new(seed).fork(stream::SWEEP);
    let g = &mut rng;

    // Shape: 3–6 brokers, racks on all or none.
    let broker_count = 3 + g.below(4) as u32;
    let rack_count = if g.chance(1, 2) { 2 + g.below(2) } else { 0 };
    let rack_names = ["a", "b", "c"];
    let rack_of = |id: u32| -> Option<&'static str> {
        (rack_count > 0).then(|| rack_names[((id - 1) as u64 % rack_count) as usize])
    };
    let brokers: Vec<u32> = (1..=broker_count).collect();
    let broker_json: Vec<Value> = brokers
        .iter()
        .map(|&id| match rack_of(id) {
            Some(rack) => json!({"id": id, "rack": rack}),
            None => json!({"id": id}),
        })
        .collect();
    let racks: Vec<&str> = rack_names[..rack_count as usize].to_vec();

    // 1–3 topics, 1–4 partitions, RF 1–3 (3 most often: the configuration worth checking).
    let topic_count = 1 + g.below(3) as usize;
    let mut topics: Vec<(String, u32, u32)> = Vec::new();
    for t in 0..topic_count {
        let partitions = 1 + g.below(4) as u32;
        let rf = [1, 2, 3, 3, 3][g.below(5) as usize].min(broker_count);
        topics.push((format!("t{t}"), partitions, rf));
    }
    let max_rf = topics.iter().map(|t| t.2).max().unwrap_or(1);

    // Configuration among the keys that decide safety.
    let mut config = serde_json::Map::new();
    let acks_all = g.chance(3, 4);
    config.insert("acks".into(), json!(if acks_all { "all" } else { "1" }));
    // Kafka refuses an explicit enable.idempotence=true with acks=1 (and with retries=0, the
    // hw-truncation profile's default).
    let idempotence = match g.below(3) {
        0 => None,
        1 if acks_all && profile != Profile::HwTruncation => Some(true),
        _ => Some(false),
    };
    if let Some(on) = idempotence {
        config.insert("enable.idempotence".into(), json!(on));
    }
    config.insert("min.insync.replicas".into(), json!(min_isr(g, max_rf)));
    config.insert(
        "replica.lag.time.max.ms".into(),
        json!(2_000 + g.below(28_001)),
    );
    config.insert(
        "linger.ms".into(),
        json!(if g.chance(1, 2) { 0 } else { 5 }),
    );
    if g.chance(1, 6) {
        // Mostly the profile's default (off, or on for hw-truncation); sometimes the opposite.
        let default_on = profile == Profile::HwTruncation;
        config.insert("unclean.leader.election.enable".into(), json!(!default_on));
    }

    let topic_json: Vec<Value> = topics
        .iter()
        .map(|(name, partitions, rf)| {
            let mut topic =
                json!({"name": name, "partitions": partitions, "replication.factor": rf});
            if g.chance(1, 4) {
                topic["config"] = json!({"min.insync.replicas": min_isr(g, *rf)});
            }
            topic
        })
        .collect();

    // Load: a steady rate per topic until the safety phase ends, and one consumer.
    let mut actions: Vec<(u64, Value)> = Vec::new();
    for (name, _, _) in &topics {
        let rate = 10 + g.below(191);
        actions.push((
            0,
            json!({"produce_rate": {"topic": name, "per_second": rate, "until_ms": SAFETY_MS}}),
        ));
    }
    let consumed = &topics[g.below(topics.len() as u64) as usize].0;
    actions.push((0, json!({"consume": {"topic": consumed}})));

    // 2–8 faults at random times, each with an even chance of its own repair later on.
    let fault_count = 2 + g.below(7);
    let mut times: Vec<u64> = (0..fault_count)
        .map(|_| FAULT_FROM_MS + g.below(SAFETY_MS - FAULT_MARGIN_MS - FAULT_FROM_MS))
        .collect();
    times.sort_unstable();
    // Half the seeds have no power loss, the other half may (in `kraft` any power loss of a
    // replica makes its losses legitimate, so this keeps enough partitions that must be safe).
    let power_faults = g.chance(1, 2);
    let mut stopped: Vec<u32> = Vec::new();
    for at in times {
        let repair_at = |g: &mut Rng| -> Option<u64> {
            let at = at + 500 + g.below(20_000);
            (g.chance(1, 2) && at < SAFETY_MS).then_some(at)
        };
        let kinds = if racks.is_empty() { 13 } else { 15 };
        let broker = brokers[g.below(brokers.len() as u64) as usize];
        match g.below(kinds) {
            k @ 0..=2 => {
                let kind = match k {
                    0 => "crash",
                    1 if power_faults => "power_loss",
                    1 => "crash",
                    _ => "shutdown",
                };
                actions.push((at, json!({kind: {"broker": broker}})));
                stopped.push(broker);
                let repair = if kind == "shutdown" && g.chance(1, 2) {
                    Some(at + g.below(RESTART_DURING_SHUTDOWN_MS))
                } else {
                    repair_at(g)
                };
                if let Some(t) = repair {
                    // Sometimes twice: the second finds the broker running, or already due to
                    // restart once its shutdown finishes.
                    let times = if g.chance(1, 4) { 2 } else { 1 };
                    for _ in 0..times {
                        actions.push((t, json!({"restart": {"broker": broker}})));
                    }
                }
            }
            3 => {
                let target = if stopped.is_empty() {
                    broker
                } else {
                    stopped[g.below(stopped.len() as u64) as usize]
                };
                actions.push((at, json!({"restart": {"broker": target}})));
            }
            4 => {
                let node = node(g, &brokers);
                actions.push((at, json!({"isolate": {"node": node}})));
                if let Some(t) = repair_at(g) {
                    actions.push((t, json!({"heal": {}})));
                }
            }
            5 => {
                actions.push((
                    at,
                    json!({"partition": {"groups": two_groups(g, &brokers)}}),
                ));
                if let Some(t) = repair_at(g) {
                    actions.push((t, json!({"heal": {}})));
                }
            }
            6 => {
                let from = node(g, &brokers);
                let mut to = node(g, &brokers);
                while to == from {
                    to = node(g, &brokers);
                }
                actions.push((at, json!({"cut": {"from": from, "to": to}})));
                if let Some(t) = repair_at(g) {
                    actions.push((t, json!({"heal": {}})));
                }
            }
            7 => {
                let node = node(g, &brokers);
                let latency = 5 + g.below(1_996);
                actions.push((at, json!({"slow": {"node": node, "latency_ms": latency}})));
                if let Some(t) = repair_at(g) {
                    actions.push((t, json!({"heal": {}})));
                }
            }
            8 => {
                actions.push((at, json!({"pause_fetcher": {"broker": broker}})));
                if let Some(t) = repair_at(g) {
                    actions.push((t, json!({"resume_fetcher": {"broker": broker}})));
                }
            }
            9 => actions.push((at, json!({"resume_fetcher": {"broker": broker}}))),
            10 => {
                let (name, partitions, _) = &topics[g.below(topics.len() as u64) as usize];
                let scope = match g.below(3) {
                    0 => json!({}),
                    1 => json!({"topic": name}),
                    _ => json!({"topic": name, "partition": g.below(u64::from(*partitions))}),
                };
                actions.push((at, json!({ "elect_preferred": scope })));
            }
            11 | 12 => {
                let value = min_isr(g, 3);
                let change = if g.chance(1, 2) {
                    json!({"key": "min.insync.replicas", "value": value})
                } else {
                    let name = &topics[g.below(topics.len() as u64) as usize].0;
                    json!({"key": "min.insync.replicas", "value": value, "topic": name})
                };
                actions.push((at, json!({ "set_config": change })));
            }
            13 => {
                let rack = racks[g.below(racks.len() as u64) as usize];
                let in_rack: Vec<u32> = brokers
                    .iter()
                    .copied()
                    .filter(|&b| rack_of(b) == Some(rack))
                    .collect();
                stopped.extend(&in_rack);
                let repair = repair_at(g);
                if power_faults {
                    actions.push((at, json!({"fail_rack": {"rack": rack}})));
                    if let Some(t) = repair {
                        actions.push((t, json!({"restore_rack": {"rack": rack}})));
                    }
                } else {
                    // The same correlated failure as process kills: logs survive.
                    for &b in &in_rack {
                        actions.push((at, json!({"crash": {"broker": b}})));
                        if let Some(t) = repair {
                            actions.push((t, json!({"restart": {"broker": b}})));
                        }
                    }
                }
            }
            _ => {
                let rack = racks[g.below(racks.len() as u64) as usize];
                actions.push((at, json!({"restore_rack": {"rack": rack}})));
            }
        }
    }

    // Liveness phase: repair everything and stop the load.
    actions.push((SAFETY_MS, json!({"heal": {}})));
    for &b in &brokers {
        actions.push((SAFETY_MS, json!({"resume_fetcher": {"broker": b}})));
    }
    for &b in &brokers {
        actions.push((SAFETY_MS, json!({"restart": {"broker": b}})));
    }
    actions.sort_by_key(|(at, _)| *at);
    let actions: Vec<Value> = actions
        .into_iter()
        .map(|(at, mut action)| {
            action["at_ms"] = json!(at);
            action
        })
        .collect();

    json!({
        "name": format!("sweep {} seed {seed}", profile.name()),
        "description": format!(
            "Generated by `replication-sim sweep --profile {} --start {seed} --seeds 1`: random \
             faults until {SAFETY_MS} ms, then heal, restart everything and stop the load.",
            profile.name()
        ),
        "seed": seed,
        "profile": profile.name(),
        "brokers": broker_json,
        "config": config,
        "topics": topic_json,
        "actions": actions,
        "run_until_ms": SAFETY_MS + LIVENESS_MS,
    })
}

/// A min.insync.replicas of 1 to `rf`, 2 most often (the safe setting worth checking).
fn min_isr(g: &mut Rng, rf: u32) -> u32 {
    [1, 2, 2, 3][g.below(4) as usize].min(rf)
}

/// A broker (most often), the controller or the clients.
fn node(g: &mut Rng, brokers: &[u32]) -> Value {
    match g.below(10) {
        0 => json!("controller"),
        1 => json!("clients"),
        _ => json!(brokers[g.below(brokers.len() as u64) as usize]),
    }
}

/// Two non-empty groups of nodes; a node may also be left out (it keeps every link).
fn two_groups(g: &mut Rng, brokers: &[u32]) -> Value {
    let mut nodes: Vec<Value> = brokers.iter().map(|&b| json!(b)).collect();
    nodes.push(json!("controller"));
    nodes.push(json!("clients"));
    loop {
        let mut groups: [Vec<Value>; 2] = [Vec::new(), Vec::new()];
        for n in &nodes {
            match g.below(5) {
                0 => {}
                k => groups[(k % 2) as usize].push(n.clone()),
            }
        }
        if groups.iter().all(|group| !group.is_empty()) {
            return json!(groups);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sweep::judge::judge;
    use crate::sweep::run::simulate;
    use replication_core::scenario::parse_scenario_value;
    use replication_core::sim::World;

    #[test]
    fn the_generator_is_deterministic_and_always_valid() {
        for profile in Profile::ALL {
            for seed in 0..40 {
                let json = generate(profile, seed);
                assert_eq!(json, generate(profile, seed));
                let scenario = parse_scenario_value(&json)
                    .unwrap_or_else(|e| panic!("{profile} seed {seed}: {e}\n{json:#}"));
                World::from_scenario(&scenario)
                    .unwrap_or_else(|e| panic!("{profile} seed {seed}: {e}"));
            }
        }
        assert_ne!(generate(Profile::Kraft, 1), generate(Profile::Kraft, 2));
    }

    /// The first seed whose schedule restarts a broker while its controlled shutdown (begun
    /// at most `RESTART_DURING_SHUTDOWN_MS` before) may still be in progress.
    fn seed_restarting_during_a_shutdown(profile: Profile) -> Option<u64> {
        (0..200).find(|&seed| {
            let json = generate(profile, seed);
            let actions = json["actions"].as_array().cloned().unwrap_or_default();
            actions.iter().any(|shutdown| {
                let (Some(broker), Some(at)) = (
                    &shutdown["shutdown"]["broker"].as_u64(),
                    shutdown["at_ms"].as_u64(),
                ) else {
                    return false;
                };
                actions.iter().any(|restart| {
                    restart["restart"]["broker"].as_u64() == Some(*broker)
                        && restart["at_ms"]
                            .as_u64()
                            .is_some_and(|t| t >= at && t < at + RESTART_DURING_SHUTDOWN_MS)
                })
            })
        })
    }

    #[test]
    fn the_sweep_restarts_brokers_during_their_controlled_shutdown() {
        // Kafka cannot abort a controlled shutdown: the broker stops, then starts again, and
        // the liveness checks then hold it to rejoin like any other.
        let seed = seed_restarting_during_a_shutdown(Profile::Kraft).expect("such a seed");
        let (scenario, world) = simulate(&generate(Profile::Kraft, seed));
        let queued = world
            .trace()
            .iter()
            .any(|e| e.kind.name() == "restart_queued");
        assert!(queued, "seed {seed} queued no restart");
        assert!(!judge(&scenario, &world, seed).failing());
    }
}
