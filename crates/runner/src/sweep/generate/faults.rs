//! The safety phase's faults: 2–8 at random times in `FAULT_FROM_MS..SAFETY_MS - FAULT_MARGIN_MS`,
//! each with an even chance of its own repair later on. A fault stops brokers (crash, power
//! loss, controlled shutdown, a whole rack), cuts or slows the network, pauses a fetcher, moves
//! leadership or changes min.insync.replicas; restarts and rack restores come as faults too.

use super::{any_topic, min_isr, Cluster, Topic};
use crate::sweep::SAFETY_MS;
use replication_core::rng::Rng;
use serde_json::{json, Value};

const FAULT_FROM_MS: u64 = 1_000;
const FAULT_MARGIN_MS: u64 = 1_000;
/// A restart this soon after a controlled shutdown began finds it still in progress (it takes
/// a heartbeat's round trip, longer when the controller cannot be reached).
pub(super) const RESTART_DURING_SHUTDOWN_MS: u64 = 3;

/// The faults and their repairs, as `(at_ms, action)` in the order drawn.
pub(super) fn draw(g: &mut Rng, cluster: &Cluster, topics: &[Topic]) -> Vec<(u64, Value)> {
    let fault_count = 2 + g.below(7);
    let mut times: Vec<u64> = (0..fault_count)
        .map(|_| FAULT_FROM_MS + g.below(SAFETY_MS - FAULT_MARGIN_MS - FAULT_FROM_MS))
        .collect();
    times.sort_unstable();
    // Half the seeds have no power loss, the other half may (in `kraft` any power loss of a
    // replica makes its losses legitimate, so this keeps enough partitions that must be safe).
    let power_faults = g.chance(1, 2);
    let mut schedule = Schedule {
        cluster,
        topics,
        power_faults,
        stopped: Vec::new(),
        actions: Vec::new(),
    };
    for at in times {
        schedule.fault(g, at);
    }
    schedule.actions
}

/// The schedule being drawn: what a fault may pick from, and the brokers stopped so far (a
/// restart picks one of them).
struct Schedule<'a> {
    cluster: &'a Cluster,
    topics: &'a [Topic],
    power_faults: bool,
    stopped: Vec<u32>,
    actions: Vec<(u64, Value)>,
}

impl Schedule<'_> {
    /// One fault at `at`: a broker is drawn first (the kinds about one broker take it), then
    /// the kind; the rack kinds only with racks.
    fn fault(&mut self, g: &mut Rng, at: u64) {
        let kinds = if self.cluster.racks().is_empty() {
            13
        } else {
            15
        };
        let broker = self.cluster.any_broker(g);
        match g.below(kinds) {
            k @ 0..=2 => self.stop_broker(g, at, broker, k),
            3 => self.restart_stopped(g, at, broker),
            k @ 4..=7 => {
                let fault = self.network_fault(g, k);
                self.push(at, fault);
                self.maybe_repair(g, at, json!({"heal": {}}));
            }
            8 => {
                self.push(at, json!({"pause_fetcher": {"broker": broker}}));
                self.maybe_repair(g, at, json!({"resume_fetcher": {"broker": broker}}));
            }
            9 => self.push(at, json!({"resume_fetcher": {"broker": broker}})),
            10 => self.elect_preferred(g, at),
            11 | 12 => self.set_min_isr(g, at),
            13 => self.fail_rack(g, at),
            _ => {
                let rack = self.any_rack(g);
                self.push(at, json!({"restore_rack": {"rack": rack}}));
            }
        }
    }

    fn push(&mut self, at: u64, action: Value) {
        self.actions.push((at, action));
    }

    /// `repair` later on, with an even chance (see [`repair_at`]).
    fn maybe_repair(&mut self, g: &mut Rng, at: u64, repair: Value) {
        if let Some(t) = repair_at(g, at) {
            self.push(t, repair);
        }
    }

    /// A crash (kill -9), a power loss (on seeds that have them; a crash otherwise) or a
    /// controlled shutdown, and maybe a restart: after a shutdown, half the time at once, while
    /// the shutdown is still in progress.
    fn stop_broker(&mut self, g: &mut Rng, at: u64, broker: u32, k: u64) {
        let kind = match k {
            0 => "crash",
            1 if self.power_faults => "power_loss",
            1 => "crash",
            _ => "shutdown",
        };
        self.push(at, json!({kind: {"broker": broker}}));
        self.stopped.push(broker);
        let repair = if kind == "shutdown" && g.chance(1, 2) {
            Some(at + g.below(RESTART_DURING_SHUTDOWN_MS))
        } else {
            repair_at(g, at)
        };
        if let Some(t) = repair {
            // Sometimes twice: the second finds the broker running, or already due to
            // restart once its shutdown finishes.
            let times = if g.chance(1, 4) { 2 } else { 1 };
            for _ in 0..times {
                self.push(t, json!({"restart": {"broker": broker}}));
            }
        }
    }

    /// A restart of a broker stopped earlier (or of `broker`, running, when none was).
    fn restart_stopped(&mut self, g: &mut Rng, at: u64, broker: u32) {
        let target = if self.stopped.is_empty() {
            broker
        } else {
            self.stopped[g.below(self.stopped.len() as u64) as usize]
        };
        self.push(at, json!({"restart": {"broker": target}}));
    }

    /// Kinds 4–7: isolate a node, partition the network in two, cut one link, slow a node.
    fn network_fault(&self, g: &mut Rng, k: u64) -> Value {
        let brokers = &self.cluster.brokers;
        match k {
            4 => json!({"isolate": {"node": node(g, brokers)}}),
            5 => json!({"partition": {"groups": two_groups(g, brokers)}}),
            6 => {
                let from = node(g, brokers);
                let mut to = node(g, brokers);
                while to == from {
                    to = node(g, brokers);
                }
                json!({"cut": {"from": from, "to": to}})
            }
            _ => {
                let node = node(g, brokers);
                let latency = 5 + g.below(1_996);
                json!({"slow": {"node": node, "latency_ms": latency}})
            }
        }
    }

    /// A preferred leader election: everywhere, for one topic, or for one partition.
    fn elect_preferred(&mut self, g: &mut Rng, at: u64) {
        let topic = any_topic(g, self.topics);
        let scope = match g.below(3) {
            0 => json!({}),
            1 => json!({"topic": topic.name}),
            _ => json!({"topic": topic.name, "partition": g.below(u64::from(topic.partitions))}),
        };
        self.push(at, json!({ "elect_preferred": scope }));
    }

    /// min.insync.replicas set for the cluster or for one topic.
    fn set_min_isr(&mut self, g: &mut Rng, at: u64) {
        let value = min_isr(g, 3);
        let change = if g.chance(1, 2) {
            json!({"key": "min.insync.replicas", "value": value})
        } else {
            let name = &any_topic(g, self.topics).name;
            json!({"key": "min.insync.replicas", "value": value, "topic": name})
        };
        self.push(at, json!({ "set_config": change }));
    }

    /// A whole rack fails: a power loss on seeds that have them, else the same correlated
    /// failure as process kills (logs survive); maybe restored later.
    fn fail_rack(&mut self, g: &mut Rng, at: u64) {
        let rack = self.any_rack(g);
        let in_rack = self.cluster.in_rack(rack);
        self.stopped.extend(&in_rack);
        let repair = repair_at(g, at);
        if self.power_faults {
            self.push(at, json!({"fail_rack": {"rack": rack}}));
            if let Some(t) = repair {
                self.push(t, json!({"restore_rack": {"rack": rack}}));
            }
        } else {
            for &b in &in_rack {
                self.push(at, json!({"crash": {"broker": b}}));
                if let Some(t) = repair {
                    self.push(t, json!({"restart": {"broker": b}}));
                }
            }
        }
    }

    fn any_rack(&self, g: &mut Rng) -> &'static str {
        let racks = self.cluster.racks();
        racks[g.below(racks.len() as u64) as usize]
    }
}

/// When to repair a fault at `at`: 0.5–20.5 s later, with an even chance, and only within the
/// safety phase (the liveness phase repairs everything anyway).
fn repair_at(g: &mut Rng, at: u64) -> Option<u64> {
    let at = at + 500 + g.below(20_000);
    (g.chance(1, 2) && at < SAFETY_MS).then_some(at)
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
