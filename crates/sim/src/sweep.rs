//! `replication-sim sweep`: a seed sweep in the style of TigerBeetle's VOPR.
//!
//! Every seed draws (from [`stream::SWEEP`] only) a cluster shape, a configuration and a fault
//! schedule, written as a scenario file, so a failing seed is a file anyone can `run`. Each
//! scenario has two phases:
//!
//! * **safety** (`0..SAFETY_MS`): a steady load per topic, a consumer, and 2–8 random faults,
//!   among them restarts while a controlled shutdown is still in progress, and restarts twice;
//! * **liveness** (`SAFETY_MS..SAFETY_MS + LIVENESS_MS`): the network heals, every fetcher
//!   resumes, every broker restarts (one still in its controlled shutdown once it has stopped,
//!   as Kafka cannot abort one), the load stops. At the end every partition must have a
//!   running leader, a full ISR, and every replica the leader's log and HW; no write may still
//!   be pending.
//!
//! The checker's invariants are checked throughout the run (`World::checker`); the liveness
//! checks are made here, at the end, and named `liveness-…`.
//!
//! ## Which findings are failures
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
//!
//! A data finding (`lost_acked`, `lost_committed`, `acks-all-durable`, `no-committed-data-loss`,
//! `replicas-agree-below-hw`, `isr-holds-committed-data`, `acked-offset-holds-value`) on a
//! partition with one of these reasons is **expected-unsafe**, counted apart. So is
//! `isr-holds-committed-data` on a partition where any replica lost power (`power-loss-rejoin`:
//! the replica runs again, tail gone, until its registration drops it from the ISR/ELR).
//!
//! Everything else is a **failure**: a data finding on a partition without such a reason (in
//! `kraft`/`kraft-elr` that means acks=all, min ISR ≥ 2, no unclean election, no power loss
//! beyond what ELR covers); any other invariant (`leader-in-isr`, `epochs-increase`,
//! `hw-le-leo`, `leader-hw-monotonic`, …, which hold in every Kafka version); a panic; and a
//! liveness finding, except two that are Kafka's own outcome: anything on `hw-truncation`
//! (KIP-101 divergence), and on `kraft-elr` a partition left with no leader, ISR and ELR after
//! its replicas restarted uncleanly (`elr-unclean-shutdown`: KIP-966 removes them from ISR and
//! ELR, as kafka-semantics.md says, and the last known leader, the only other way back, has
//! not returned).

use replication_core::config::{Acks, Config, Profile, TopicConfig};
use replication_core::report::report;
use replication_core::rng::{stream, Rng};
use replication_core::scenario::{parse_scenario_value, Action, Scenario};
use replication_core::sim::{expected, Invariant, LossReason, ProduceOutcome, World};
use replication_core::{BrokerId, TopicPartition};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Faults happen in `FAULT_FROM_MS..SAFETY_MS - FAULT_MARGIN_MS`.
pub const SAFETY_MS: u64 = 60_000;
/// Healing time after the safety phase: enough for a restarted broker to register, be
/// unfenced, catch up and rejoin every ISR, and for producer retries to finish.
pub const LIVENESS_MS: u64 = 60_000;
const FAULT_FROM_MS: u64 = 1_000;
const FAULT_MARGIN_MS: u64 = 1_000;
/// A restart this soon after a controlled shutdown began finds it still in progress (it takes
/// a heartbeat's round trip, longer when the controller cannot be reached).
const RESTART_DURING_SHUTDOWN_MS: u64 = 3;

pub const USAGE: &str = "usage: replication-sim sweep --profile kraft|kraft-elr|zk|hw-truncation \
--seeds N [--start S] [--out DIR] [--summary-only]
       (REPLICATION_SIM_SEED=n replays seed n alone and prints its report summary)";

/// The environment variable that replays one seed.
pub const SEED_ENV: &str = "REPLICATION_SIM_SEED";

/// Every finding name, in the order the summary lists them (others found are appended): a
/// panic, each of the checker's invariants, the losses, the liveness checks.
fn known_findings() -> impl Iterator<Item = &'static str> {
    let invariants = Invariant::ALL.into_iter().map(Invariant::name);
    let after = [
        "lost_acked",
        "lost_committed",
        "liveness-broker-running",
        "liveness-leader",
        "liveness-isr",
        "liveness-leo",
        "liveness-hw",
        "liveness-logs-agree",
        "liveness-pending-produce",
    ];
    std::iter::once("panic").chain(invariants).chain(after)
}

// ---------------------------------------------------------------------------------------------
// Command line

struct Options {
    profile: Profile,
    seeds: Option<u64>,
    start: u64,
    out: PathBuf,
    summary_only: bool,
}

fn usage_error(message: String) -> Vec<String> {
    vec![message, USAGE.to_string()]
}

fn parse_options(args: &[String]) -> Result<Options, Vec<String>> {
    let mut profile = None;
    let mut seeds = None;
    let mut start = 0;
    let mut out = PathBuf::from("sweep-failures");
    let mut summary_only = false;
    let mut i = 0;
    while i < args.len() {
        let flag = args[i].as_str();
        let mut value = || {
            i += 1;
            args.get(i)
                .cloned()
                .ok_or_else(|| usage_error(format!("{flag} needs a value")))
        };
        match flag {
            "--profile" => {
                let name = value()?;
                profile = Some(Profile::from_name(&name).ok_or_else(|| {
                    usage_error(format!(
                        "unknown profile {name}; profiles are kraft-elr, kraft, zk, hw-truncation"
                    ))
                })?);
            }
            "--seeds" => seeds = Some(number(flag, &value()?)?),
            "--start" => start = number(flag, &value()?)?,
            "--out" => out = PathBuf::from(value()?),
            "--summary-only" => summary_only = true,
            other if other.starts_with("--") => {
                return Err(usage_error(format!("unknown option {other}")))
            }
            other => return Err(usage_error(format!("unexpected argument {other}"))),
        }
        i += 1;
    }
    let profile = profile.ok_or_else(|| usage_error("--profile is required".to_string()))?;
    Ok(Options {
        profile,
        seeds,
        start,
        out,
        summary_only,
    })
}

fn number(flag: &str, text: &str) -> Result<u64, Vec<String>> {
    text.parse::<u64>()
        .map_err(|_| usage_error(format!("{flag}: expected a whole number, got {text}")))
}

/// `replication-sim sweep …`: the text to print, or usage errors (exit 2).
pub fn main(args: &[String]) -> Result<String, Vec<String>> {
    let options = parse_options(args)?;
    match std::env::var(SEED_ENV) {
        Ok(text) => {
            let seed = text.trim().parse::<u64>().map_err(|_| {
                usage_error(format!("{SEED_ENV}: expected a seed number, got {text:?}"))
            })?;
            replay(&options, seed)
        }
        Err(_) => {
            let seeds = options
                .seeds
                .ok_or_else(|| usage_error("--seeds is required".to_string()))?;
            let end = options.start.checked_add(seeds).ok_or_else(|| {
                usage_error("--start + --seeds is beyond the last seed".to_string())
            })?;
            sweep(&options, options.start..end)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The generator

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

// ---------------------------------------------------------------------------------------------
// Running and judging one seed

/// One kind of finding on one seed.
#[derive(Clone, Debug, Default)]
pub struct Tally {
    pub unexpected: u64,
    pub expected: u64,
}

/// What one seed found.
#[derive(Debug, Default)]
pub struct SeedResult {
    pub seed: u64,
    pub findings: BTreeMap<String, Tally>,
    /// Why the expected findings are expected (reasons of the partitions they were on).
    pub expected_reasons: BTreeSet<&'static str>,
    /// A short line per unexpected finding, for the replay output.
    pub details: Vec<String>,
    /// Partitions, and those in a configuration that must lose nothing (no reason above).
    pub partitions: u64,
    pub safe_partitions: u64,
}

impl SeedResult {
    pub fn failing(&self) -> bool {
        self.findings.values().any(|t| t.unexpected > 0)
    }
    fn expected_unsafe(&self) -> bool {
        self.findings.values().any(|t| t.expected > 0)
    }
    fn add(&mut self, name: &str, expected: Option<&BTreeSet<&'static str>>, detail: String) {
        let tally = self.findings.entry(name.to_string()).or_default();
        match expected {
            Some(reasons) => {
                tally.expected += 1;
                self.expected_reasons.extend(reasons);
            }
            None => {
                tally.unexpected += 1;
                self.details.push(format!("{name}: {detail}"));
            }
        }
    }
}

/// Parse the generated JSON, build the world and run it to the end.
pub fn simulate(json: &Value) -> (Scenario, World) {
    let scenario = parse_scenario_value(json).unwrap_or_else(|errors| {
        panic!("the sweep generated an invalid scenario:\n{errors}\n{json:#}")
    });
    let mut world = World::from_scenario(&scenario)
        .unwrap_or_else(|e| panic!("the sweep generated a scenario that does not build: {e}"));
    world.run_until(scenario.run_until_ms.unwrap_or(SAFETY_MS + LIVENESS_MS));
    if let Some(stopped) = world.stopped() {
        panic!("the sweep generated a scenario over the run budget: {stopped:?}\n{json:#}");
    }
    (scenario, world)
}

/// Why loss is legitimate Kafka behaviour on each partition (empty: the partition must be safe).
/// See the module comment for the rules.
pub fn risks(scenario: &Scenario, world: &World) -> Risks {
    let profile = scenario.profile;
    // Replay the configuration over time: the riskiest moment counts.
    let mut cluster: Config = scenario.config.clone();
    let mut overrides: BTreeMap<&str, TopicConfig> = scenario
        .topics
        .iter()
        .map(|t| (t.name.as_str(), t.config.clone()))
        .collect();
    let mut per_topic: BTreeMap<&str, BTreeSet<LossReason>> = BTreeMap::new();
    note(scenario, &mut per_topic, &cluster, &overrides);
    let mut power_lost: BTreeSet<BrokerId> = BTreeSet::new();
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
            Action::PowerLoss { broker } => {
                power_lost.insert(*broker);
            }
            Action::FailRack { rack } => power_lost.extend(in_rack(scenario, rack)),
            _ => {}
        }
        note(scenario, &mut per_topic, &cluster, &overrides);
    }
    let unclean = unclean_shutdowns(scenario);
    let mut risks = Risks::default();
    for p in world.partitions() {
        let mut reasons = per_topic.get(&*p.tp.topic).cloned().unwrap_or_default();
        let lost = p.replicas.iter().filter(|b| power_lost.contains(b)).count();
        let stopped_uncleanly = p.replicas.iter().filter(|b| unclean.contains(b)).count();
        if expected::power_loss_risks_data(profile, lost, stopped_uncleanly) {
            reasons.insert(LossReason::PowerLoss);
        }
        if lost > 0 {
            risks.power_lost.insert(p.tp.clone());
        }
        risks.reasons.insert(p.tp.clone(), reasons);
    }
    risks
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
fn unclean_shutdowns(scenario: &Scenario) -> BTreeSet<BrokerId> {
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

/// Run one seed and judge what it found.
pub fn check_seed(profile: Profile, seed: u64) -> (Value, Scenario, World, SeedResult) {
    let json = generate(profile, seed);
    let (scenario, world) = simulate(&json);
    let result = judge(&scenario, &world, seed);
    (json, scenario, world, result)
}

/// Classify the checker's findings and make the liveness checks.
pub fn judge(scenario: &Scenario, world: &World, seed: u64) -> SeedResult {
    let Risks {
        reasons: risks,
        power_lost,
    } = risks(scenario, world);
    let no_reasons = BTreeSet::new();
    // Data findings on a partition with reasons are expected; without a known partition, only
    // when every partition has reasons.
    let all_risky = risks.values().all(|r| !r.is_empty());
    let union: BTreeSet<LossReason> = risks.values().flatten().copied().collect();
    let reasons_of = |tp: Option<&TopicPartition>| match tp {
        Some(tp) => risks.get(tp).unwrap_or(&no_reasons),
        None if all_risky => &union,
        None => &no_reasons,
    };
    let mut result = SeedResult {
        seed,
        partitions: risks.len() as u64,
        safe_partitions: risks.values().filter(|r| r.is_empty()).count() as u64,
        ..SeedResult::default()
    };
    let checker = world.checker();
    for v in &checker.violations {
        // Every violation names a partition; one the world no longer lists counts as unknown.
        let tp = risks.get_key_value(&v.tp).map(|(tp, _)| tp);
        let lost_power = tp.is_some_and(|tp| power_lost.contains(tp));
        let expected = expected::expected_because(v.invariant, reasons_of(tp), lost_power);
        result.add(
            v.invariant.name(),
            expected.map(|r| names(&r)).as_ref(),
            format!("at {} ms: {}", v.at_ms, v.detail),
        );
    }
    for (name, list) in [
        ("lost_acked", &checker.lost_acked),
        ("lost_committed", &checker.lost_committed),
    ] {
        for (tp, value) in list {
            let reasons = Some(names(reasons_of(Some(tp)))).filter(|r| !r.is_empty());
            result.add(name, reasons.as_ref(), format!("{tp}: {value}"));
        }
    }
    liveness(scenario, world, &mut result);
    result
}

/// The end state after the liveness phase: everything repaired and converged.
fn liveness(scenario: &Scenario, world: &World, result: &mut SeedResult) {
    let profile = scenario.profile;
    for b in world.brokers().filter(|b| !b.is_running()) {
        result.add(
            "liveness-broker-running",
            None,
            format!("broker {} is {:?}", b.id, b.status),
        );
    }
    let unclean = unclean_shutdowns(scenario);
    let mut excuses: BTreeMap<&TopicPartition, BTreeSet<&'static str>> = BTreeMap::new();
    for p in world.partitions() {
        let tp = &p.tp;
        // Kafka's own outcome, not a simulator bug (module comment): KIP-101's divergent logs,
        // and KIP-966 keeping a partition offline when every ISR/ELR member restarted uncleanly.
        let mut excuse = BTreeSet::new();
        if profile == Profile::HwTruncation {
            excuse.insert("hw-truncation");
        }
        if profile.elr_enabled()
            && p.leader.is_none()
            && p.isr.is_empty()
            && p.elr.is_empty()
            && p.replicas.iter().any(|b| unclean.contains(b))
        {
            excuse.insert("elr-unclean-shutdown");
        }
        // Before Kafka 3.7 min.insync.replicas above the replica count refuses every acks=all
        // write (rules::high_watermark::effective_min_isr): they stay pending.
        let config = world.topic_config(&tp.topic);
        let min_isr = config.effective_min_insync_replicas(p.replicas.len() as u32, profile);
        if config.acks == Acks::All && min_isr as usize > p.replicas.len() {
            excuse.insert("min-isr-above-replicas");
        }
        let excused = Some(&excuse).filter(|e| !e.is_empty());
        excuses.insert(tp, excuse.clone());
        let mut fail = |name: &str, detail: String| result.add(name, excused, detail);
        let leader = p
            .leader
            .and_then(|l| world.broker(l))
            .filter(|b| b.is_running());
        let Some(leader) = leader else {
            fail(
                "liveness-leader",
                format!(
                    "{tp}: no running leader (leader {:?}, ISR {:?}, ELR {:?})",
                    p.leader.map(|b| b.0),
                    ids(&p.isr),
                    ids(&p.elr)
                ),
            );
            continue;
        };
        let mut isr = ids(&p.isr);
        let mut replicas = ids(&p.replicas);
        isr.sort_unstable();
        replicas.sort_unstable();
        if isr != replicas {
            fail(
                "liveness-isr",
                format!("{tp}: ISR {isr:?}, replicas {replicas:?}"),
            );
        }
        let Some(leader_log) = leader.replicas.get(tp) else {
            fail(
                "liveness-leader",
                format!("{tp}: leader {} has no replica", leader.id),
            );
            continue;
        };
        let leader_leo = leader_log.log().log_end_offset();
        for &b in &p.replicas {
            let Some(replica) = world.broker(b).and_then(|x| x.replicas.get(tp)) else {
                fail("liveness-leo", format!("{tp}: broker {b} has no replica"));
                continue;
            };
            let leo = replica.log().log_end_offset();
            if leo != leader_leo {
                fail(
                    "liveness-leo",
                    format!(
                        "{tp}: broker {b} LEO {leo}, leader {} LEO {leader_leo}",
                        leader.id
                    ),
                );
            } else if b != leader.id {
                // Over the offsets both still hold (retention starts logs at different offsets).
                let from = replica
                    .log()
                    .log_start_offset()
                    .max(leader_log.log().log_start_offset());
                let same = replica
                    .log()
                    .records_from(from, leo)
                    .iter()
                    .zip(&leader_log.log().records_from(from, leo))
                    .all(|(x, y)| {
                        x.offset == y.offset
                            && x.value == y.value
                            && x.leader_epoch == y.leader_epoch
                    });
                if !same {
                    fail(
                        "liveness-logs-agree",
                        format!("{tp}: broker {b}'s log differs from leader {}'s", leader.id),
                    );
                }
            }
            if replica.high_watermark() != leader_leo {
                fail(
                    "liveness-hw",
                    format!(
                        "{tp}: broker {b} HW {}, leader {} LEO {leader_leo}",
                        replica.high_watermark(),
                        leader.id
                    ),
                );
            }
        }
    }
    let mut pending: BTreeMap<&TopicPartition, u64> = BTreeMap::new();
    for r in world.clients().records.iter() {
        if r.outcome == ProduceOutcome::Pending {
            *pending.entry(&r.tp).or_default() += 1;
        }
    }
    for (tp, n) in pending {
        let excused = excuses.get(tp).filter(|e| !e.is_empty());
        result.add(
            "liveness-pending-produce",
            excused,
            format!("{tp}: {n} records still pending"),
        );
    }
}

/// The reasons' names, as the summary shows them.
fn names(reasons: &BTreeSet<LossReason>) -> BTreeSet<&'static str> {
    reasons.iter().map(|r| r.name()).collect()
}

fn ids(v: &[BrokerId]) -> Vec<u32> {
    v.iter().map(|b| b.0).collect()
}

// ---------------------------------------------------------------------------------------------
// The sweep and its summary

fn failure_path(out: &Path, profile: Profile, seed: u64) -> PathBuf {
    out.join(format!("{}-seed-{seed}.json", profile.name()))
}

fn write_failure(
    out: &Path,
    profile: Profile,
    seed: u64,
    json: &Value,
) -> Result<PathBuf, Vec<String>> {
    std::fs::create_dir_all(out).map_err(|e| vec![format!("{}: {e}", out.display())])?;
    let path = failure_path(out, profile, seed);
    let text = serde_json::to_string_pretty(json).map_err(|e| vec![e.to_string()])? + "\n";
    std::fs::write(&path, text).map_err(|e| vec![format!("{}: {e}", path.display())])?;
    Ok(path)
}

fn replay_hint(profile: Profile, seed: u64) -> String {
    format!(
        "{SEED_ENV}={seed} replication-sim sweep --profile {}",
        profile.name()
    )
}

fn finding_list(result: &SeedResult, unexpected: bool) -> String {
    result
        .findings
        .iter()
        .filter_map(|(name, t)| {
            let n = if unexpected { t.unexpected } else { t.expected };
            (n > 0).then(|| format!("{name}×{n}"))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn sweep(options: &Options, seeds: std::ops::Range<u64>) -> Result<String, Vec<String>> {
    let profile = options.profile;
    let results = {
        let _quiet = quiet_panics();
        run_seeds(profile, seeds.clone())
    };
    let mut totals: BTreeMap<String, (Tally, u64)> = known_findings()
        .map(|n| (n.to_string(), (Tally::default(), 0)))
        .collect();
    let mut order: Vec<String> = known_findings().map(str::to_string).collect();
    let mut reasons: BTreeMap<&'static str, u64> = BTreeMap::new();
    let mut expected_seeds = 0;
    for (result, _) in &results {
        for (name, t) in &result.findings {
            if !totals.contains_key(name) {
                order.push(name.clone());
            }
            let entry = totals.entry(name.clone()).or_default();
            entry.0.unexpected += t.unexpected;
            entry.0.expected += t.expected;
            entry.1 += 1;
        }
        if result.expected_unsafe() {
            expected_seeds += 1;
            for r in &result.expected_reasons {
                *reasons.entry(r).or_default() += 1;
            }
        }
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "sweep --profile {} seeds {}..{}: faults until {} s, then {} s to heal",
        profile.name(),
        seeds.start,
        seeds.end,
        SAFETY_MS / 1000,
        LIVENESS_MS / 1000
    );
    let width = order.iter().map(String::len).max().unwrap_or(0);
    let _ = writeln!(
        out,
        "{:<width$} {:>10} {:>16} {:>6}",
        "finding", "unexpected", "expected-unsafe", "seeds"
    );
    for name in &order {
        let (t, n) = &totals[name];
        let _ = writeln!(
            out,
            "{name:<width$} {:>10} {:>16} {n:>6}",
            t.unexpected, t.expected
        );
    }
    let reason_text = reasons
        .iter()
        .map(|(r, n)| format!("{r} {n}"))
        .collect::<Vec<_>>()
        .join(", ");
    let _ = writeln!(
        out,
        "expected-unsafe seeds (loss Kafka allows in that configuration): {expected_seeds}{}",
        if reason_text.is_empty() {
            String::new()
        } else {
            format!(" (by reason: {reason_text})")
        }
    );
    let partitions: u64 = results.iter().map(|(r, _)| r.partitions).sum();
    let safe: u64 = results.iter().map(|(r, _)| r.safe_partitions).sum();
    let _ = writeln!(
        out,
        "partitions: {partitions}, of which {safe} in a configuration that must lose nothing"
    );
    let failing: Vec<&(SeedResult, Value)> = results.iter().filter(|(r, _)| r.failing()).collect();
    for (result, json) in &failing {
        let location = if options.summary_only {
            String::from("not written (--summary-only)")
        } else {
            write_failure(&options.out, profile, result.seed, json)?
                .display()
                .to_string()
        };
        let _ = writeln!(
            out,
            "FAIL seed {}: {} -> {location} (replay: {})",
            result.seed,
            finding_list(result, true),
            replay_hint(profile, result.seed)
        );
    }
    let _ = writeln!(out, "{} seeds, {} failing", results.len(), failing.len());
    Ok(out)
}

/// Every seed's result and scenario, in seed order. Seeds are split over the available cores;
/// each seed is independent, so the results do not depend on the split.
fn run_seeds(profile: Profile, seeds: std::ops::Range<u64>) -> Vec<(SeedResult, Value)> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8) as u64;
    let count = seeds.end - seeds.start;
    if threads <= 1 || count < 2 {
        return seeds.map(|s| one(profile, s)).collect();
    }
    let start = seeds.start;
    let workers: Vec<_> = (0..threads)
        .map(|w| {
            std::thread::spawn(move || {
                let mut mine = Vec::new();
                let mut s = start + w;
                while s < start + count {
                    mine.push(one(profile, s));
                    s += threads;
                }
                mine
            })
        })
        .collect();
    let mut all: Vec<(SeedResult, Value)> = workers
        .into_iter()
        .flat_map(|w| w.join().expect("a sweep worker panicked"))
        .collect();
    all.sort_by_key(|(r, _)| r.seed);
    all
}

/// One seed; a panic in the simulator is a finding too (named `panic`), not the sweep's end.
fn one(profile: Profile, seed: u64) -> (SeedResult, Value) {
    let run = std::panic::catch_unwind(|| {
        let (json, _, _, result) = check_seed(profile, seed);
        (result, json)
    });
    run.unwrap_or_else(|payload| {
        let message = payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "unknown panic".to_string());
        let mut result = SeedResult {
            seed,
            ..SeedResult::default()
        };
        result.add("panic", None, message);
        (result, generate(profile, seed))
    })
}

/// Silence the default panic message while seeds run: a panic is reported as a finding.
fn quiet_panics() -> impl Drop {
    struct Restore;
    impl Drop for Restore {
        fn drop(&mut self) {
            let _ = std::panic::take_hook();
        }
    }
    std::panic::set_hook(Box::new(|_| {}));
    Restore
}

/// `REPLICATION_SIM_SEED=n`: one seed, with its report summary and every finding spelled out,
/// and its scenario file (failing or not).
fn replay(options: &Options, seed: u64) -> Result<String, Vec<String>> {
    let profile = options.profile;
    let (json, _, world, result) = check_seed(profile, seed);
    let mut out =
        serde_json::to_string_pretty(&report(&world, true)).map_err(|e| vec![e.to_string()])?;
    out.push('\n');
    let _ = writeln!(out, "seed {seed} ({}):", profile.name());
    for line in &result.details {
        let _ = writeln!(out, "  unexpected {line}");
    }
    if result.expected_unsafe() {
        let reasons: Vec<&str> = result.expected_reasons.iter().copied().collect();
        let _ = writeln!(
            out,
            "  expected-unsafe: {} (reasons: {})",
            finding_list(&result, false),
            reasons.join(", ")
        );
    }
    // Replay writes the scenario whether or not the seed fails: it is how to get any seed's file.
    {
        let location = if options.summary_only {
            String::from("not written (--summary-only)")
        } else {
            write_failure(&options.out, profile, seed, &json)?
                .display()
                .to_string()
        };
        let _ = writeln!(out, "  scenario: {location}");
    }
    let _ = writeln!(out, "1 seeds, {} failing", u8::from(result.failing()));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use replication_core::scenario::parse_scenario;

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

    #[test]
    fn usage_errors_are_reported() {
        let args = |s: &str| s.split_whitespace().map(String::from).collect::<Vec<_>>();
        assert!(parse_options(&args("--seeds 3")).is_err());
        assert!(parse_options(&args("--profile nope --seeds 3")).is_err());
        assert!(parse_options(&args("--profile kraft --seeds x")).is_err());
        assert!(parse_options(&args("--profile kraft --seeds 3 --what")).is_err());
        let ok = parse_options(&args(
            "--profile kraft-elr --seeds 3 --start 7 --out d --summary-only",
        ))
        .unwrap();
        assert_eq!(
            (ok.profile, ok.seeds, ok.start, ok.summary_only),
            (Profile::KraftElr, Some(3), 7, true)
        );
    }
}

/// Scenarios on which the sweep once found simulator bugs (`crates/sim/tests/regressions/`,
/// each file named after the bug): every one must now be judged clean.
#[cfg(test)]
mod regressions {
    use super::*;

    const FILES: &[(&str, &str)] = &[
        ("01-epoch-cache-entry-survives-truncation", include_str!("../tests/regressions/01-epoch-cache-entry-survives-truncation-kraft-seed-186.json")),
        ("02-checker-panicked-after-retention", include_str!("../tests/regressions/02-checker-panicked-after-retention-kraft-seed-57.json")),
        ("03-checker-false-loss-after-retention", include_str!("../tests/regressions/03-checker-false-loss-after-retention-kraft-seed-188.json")),
        ("04-restarted-broker-leads-old-epoch", include_str!("../tests/regressions/04-restarted-broker-leads-old-epoch-kraft-seed-125.json")),
        ("05-elr-not-cleared-on-min-isr-change", include_str!("../tests/regressions/05-elr-not-cleared-on-min-isr-change-kraft-elr-seed-123.json")),
        ("06-zk-bounced-broker-keeps-leadership", include_str!("../tests/regressions/06-zk-bounced-broker-keeps-leadership-zk-seed-12.json")),
        ("06b-zk-bounced-broker-divergent-logs", include_str!("../tests/regressions/06b-zk-bounced-broker-keeps-leadership-divergent-logs-zk-seed-104.json")),
        ("07-truncation-below-log-start", include_str!("../tests/regressions/07-truncation-below-log-start-zk-seed-32.json")),
        ("08-elr-no-last-known-leader", include_str!("../tests/regressions/08-elr-no-last-known-leader-kraft-elr-seed-9.json")),
        ("09-acked-offset-checker-false-positive", include_str!("../tests/regressions/09-acked-offset-checker-false-positive-power-loss-kraft-seed-9.json")),
    ];

    #[test]
    fn scenarios_that_once_exposed_simulator_bugs_are_judged_clean() {
        for (name, text) in FILES {
            let json: Value = serde_json::from_str(text).expect("regression files are JSON");
            let (scenario, world) = simulate(&json);
            let result = judge(&scenario, &world, 0);
            assert!(!result.failing(), "{name}: {:?}", result.details);
        }
    }
}
