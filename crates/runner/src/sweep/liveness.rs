//! The liveness checks, made on the end state after the liveness phase: every broker running,
//! every partition with a running leader, a full ISR, and on every replica the leader's LEO, log
//! and HW; no write still pending. Each is a finding named `liveness-…`.
//!
//! Three outcomes are Kafka's own, not a simulator bug, and are excused on their partition:
//! anything on `hw-truncation` (KIP-101 divergence); on `kraft-elr` a partition left with no
//! leader, ISR and ELR after its replicas restarted uncleanly (`elr-unclean-shutdown`: KIP-966
//! removes them from ISR and ELR, as kafka-semantics.md says, and the last known leader, the
//! only other way back, has not returned); and acks=all writes left pending where
//! min.insync.replicas is above the replica count (`min-isr-above-replicas`).

use super::judge::SeedResult;
use super::risks::unclean_shutdowns;
use replication_core::config::{Acks, Profile};
use replication_core::partition_state::PartitionState;
use replication_core::scenario::Scenario;
use replication_core::sim::log::Log;
use replication_core::sim::{Broker, ProduceOutcome, World};
use replication_core::{BrokerId, TopicPartition};
use std::collections::{BTreeMap, BTreeSet};

/// Why a partition's liveness findings are Kafka's own outcome (none: they are failures).
type Excuse = BTreeSet<&'static str>;

/// The end state after the liveness phase: everything repaired and converged.
pub(super) fn liveness(scenario: &Scenario, world: &World, result: &mut SeedResult) {
    brokers_running(world, result);
    let unclean = unclean_shutdowns(scenario);
    let mut excuses: BTreeMap<&TopicPartition, Excuse> = BTreeMap::new();
    for p in world.partitions() {
        let excuse = excuse(scenario.profile, world, p, &unclean);
        let mut findings = PartitionFindings {
            result: &mut *result,
            excused: Some(&excuse).filter(|e| !e.is_empty()),
        };
        converged(world, p, &mut findings);
        excuses.insert(&p.tp, excuse);
    }
    no_pending_produce(world, &excuses, result);
}

/// Findings on one partition, all excused alike.
struct PartitionFindings<'a> {
    result: &'a mut SeedResult,
    excused: Option<&'a Excuse>,
}

impl PartitionFindings<'_> {
    fn fail(&mut self, name: &str, detail: String) {
        self.result.add(name, self.excused, detail);
    }
}

/// `liveness-broker-running`: every broker restarted.
fn brokers_running(world: &World, result: &mut SeedResult) {
    for b in world.brokers().filter(|b| !b.is_running()) {
        result.add(
            "liveness-broker-running",
            None,
            format!("broker {} is {:?}", b.id, b.status),
        );
    }
}

/// Kafka's own outcome, not a simulator bug (module comment): KIP-101's divergent logs,
/// KIP-966 keeping a partition offline when every ISR/ELR member restarted uncleanly, and
/// acks=all writes refused for good.
fn excuse(
    profile: Profile,
    world: &World,
    p: &PartitionState,
    unclean: &BTreeSet<BrokerId>,
) -> Excuse {
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
    let config = world.topic_config(&p.tp.topic);
    let min_isr = config.effective_min_insync_replicas(p.replicas.len() as u32, profile);
    if config.acks == Acks::All && min_isr as usize > p.replicas.len() {
        excuse.insert("min-isr-above-replicas");
    }
    excuse
}

/// `liveness-leader`, `liveness-isr`, then each replica against the leader's log: the
/// partition converged.
fn converged(world: &World, p: &PartitionState, findings: &mut PartitionFindings) {
    let tp = &p.tp;
    let Some(leader) = running_leader(world, p, findings) else {
        return;
    };
    full_isr(p, findings);
    let Some(leader_replica) = leader.partitions.get(tp) else {
        findings.fail(
            "liveness-leader",
            format!("{tp}: leader {} has no replica", leader.id),
        );
        return;
    };
    let leader = LeaderLog {
        id: leader.id,
        log: leader_replica.log(),
        leo: leader_replica.log().log_end_offset(),
    };
    for &b in &p.replicas {
        replica_converged(world, tp, b, &leader, findings);
    }
}

/// `liveness-leader`: the partition's leader is a running broker.
fn running_leader<'w>(
    world: &'w World,
    p: &PartitionState,
    findings: &mut PartitionFindings,
) -> Option<&'w Broker> {
    let leader = p
        .leader
        .and_then(|l| world.broker(l))
        .filter(|b| b.is_running());
    if leader.is_none() {
        findings.fail(
            "liveness-leader",
            format!(
                "{}: no running leader (leader {:?}, ISR {:?}, ELR {:?})",
                p.tp,
                p.leader.map(|b| b.0),
                ids(&p.isr),
                ids(&p.elr)
            ),
        );
    }
    leader
}

/// `liveness-isr`: every replica is back in the ISR.
fn full_isr(p: &PartitionState, findings: &mut PartitionFindings) {
    let mut isr = ids(&p.isr);
    let mut replicas = ids(&p.replicas);
    isr.sort_unstable();
    replicas.sort_unstable();
    if isr != replicas {
        findings.fail(
            "liveness-isr",
            format!("{}: ISR {isr:?}, replicas {replicas:?}", p.tp),
        );
    }
}

/// The leader's log, which every replica must have reached.
struct LeaderLog<'a> {
    id: BrokerId,
    log: &'a Log,
    leo: u64,
}

/// `liveness-leo`, `liveness-logs-agree`, `liveness-hw`: broker `b`'s replica has the leader's
/// LEO, the same records, and the leader's LEO as its HW.
fn replica_converged(
    world: &World,
    tp: &TopicPartition,
    b: BrokerId,
    leader: &LeaderLog,
    findings: &mut PartitionFindings,
) {
    let Some(replica) = world.broker(b).and_then(|x| x.partitions.get(tp)) else {
        findings.fail("liveness-leo", format!("{tp}: broker {b} has no replica"));
        return;
    };
    let leo = replica.log().log_end_offset();
    if leo != leader.leo {
        findings.fail(
            "liveness-leo",
            format!(
                "{tp}: broker {b} LEO {leo}, leader {} LEO {}",
                leader.id, leader.leo
            ),
        );
    } else if b != leader.id && !logs_agree(replica.log(), leader.log, leo) {
        findings.fail(
            "liveness-logs-agree",
            format!("{tp}: broker {b}'s log differs from leader {}'s", leader.id),
        );
    }
    if replica.high_watermark() != leader.leo {
        findings.fail(
            "liveness-hw",
            format!(
                "{tp}: broker {b} HW {}, leader {} LEO {}",
                replica.high_watermark(),
                leader.id,
                leader.leo
            ),
        );
    }
}

/// Two logs ending at `leo` hold the same records (offset, value, epoch) over the offsets both
/// still hold (retention starts logs at different offsets).
fn logs_agree(replica: &Log, leader: &Log, leo: u64) -> bool {
    let from = replica.log_start_offset().max(leader.log_start_offset());
    replica
        .records_from(from, leo)
        .iter()
        .zip(&leader.records_from(from, leo))
        .all(|(x, y)| {
            x.offset == y.offset && x.value == y.value && x.leader_epoch == y.leader_epoch
        })
}

/// `liveness-pending-produce`: no write still waits for an answer (excused as its partition's
/// other findings are).
fn no_pending_produce(
    world: &World,
    excuses: &BTreeMap<&TopicPartition, Excuse>,
    result: &mut SeedResult,
) {
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

fn ids(v: &[BrokerId]) -> Vec<u32> {
    v.iter().map(|b| b.0).collect()
}
