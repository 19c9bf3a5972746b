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
use replication_core::scenario::Scenario;
use replication_core::sim::{ProduceOutcome, World};
use replication_core::{BrokerId, TopicPartition};
use std::collections::{BTreeMap, BTreeSet};

/// The end state after the liveness phase: everything repaired and converged.
pub(super) fn liveness(scenario: &Scenario, world: &World, result: &mut SeedResult) {
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
        let leader_leo = leader_log.log.log_end_offset();
        for &b in &p.replicas {
            let Some(replica) = world.broker(b).and_then(|x| x.replicas.get(tp)) else {
                fail("liveness-leo", format!("{tp}: broker {b} has no replica"));
                continue;
            };
            let leo = replica.log.log_end_offset();
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
                    .log
                    .log_start_offset()
                    .max(leader_log.log.log_start_offset());
                let same = replica
                    .log
                    .records_from(from, leo)
                    .iter()
                    .zip(&leader_log.log.records_from(from, leo))
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
            if replica.high_watermark != leader_leo {
                fail(
                    "liveness-hw",
                    format!(
                        "{tp}: broker {b} HW {}, leader {} LEO {leader_leo}",
                        replica.high_watermark, leader.id
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

fn ids(v: &[BrokerId]) -> Vec<u32> {
    v.iter().map(|b| b.0).collect()
}
