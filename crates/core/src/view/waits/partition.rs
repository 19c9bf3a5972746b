//! The waits of one partition: what its leader holds up (followers leaving the ISR, acks=all
//! writes waiting for the HW, a too-small ISR, a reassignment's copy), the KRaft unclean
//! election scan of an offline partition, and its producer's retries and missing leader.

use super::{lagging_after_ms, Wait, WaitKind};
use crate::ids::{BrokerId, TopicPartition};
use crate::partition_state::PartitionState;
use crate::sim::{Broker, World, RECORD_SIZE_BYTES};

/// When a leader whose next ISR check is at `next_check` and which checks every `period` first
/// finds a follower last caught up at `caught_up` out of sync: the first check strictly more
/// than `lag_max` after it (Kafka's `Partition.isFollowerOutOfSync` compares with `>`).
pub fn isr_leave_time(next_check: u64, period: u64, caught_up: u64, lag_max: u64) -> u64 {
    let out_of_sync_from = caught_up + lag_max + 1;
    if next_check >= out_of_sync_from {
        return next_check;
    }
    let period = period.max(1);
    next_check + (out_of_sync_from - next_check).div_ceil(period) * period
}

pub(super) fn partition_waits(world: &World, tp: &TopicPartition) -> Vec<Wait> {
    let mut out = Vec::new();
    let Some(state) = world.partitions().find(|p| &p.tp == tp) else {
        return out;
    };
    let now = world.now_ms();
    leader_waits(world, state, now, &mut out);
    unclean_scan_wait(world, state, &mut out);
    producer_waits(world, state, now, &mut out);
    out
}

/// What the partition's running leader holds up: followers about to leave the ISR, acks=all
/// writes waiting for the HW, a too-small ISR, replicas a reassignment is copying to.
fn leader_waits(world: &World, state: &PartitionState, now: u64, out: &mut Vec<Wait>) {
    let tp = &state.tp;
    let leader = state
        .leader
        .and_then(|l| world.broker(l))
        .filter(|b| b.is_running());
    let replica = leader.and_then(|b| b.partitions.get(tp));
    let leading = replica.filter(|r| r.is_leader());
    let (Some(broker), Some(replica)) = (leader, leading) else {
        return;
    };
    let side = LeaderSide {
        world,
        state,
        broker,
        now,
    };
    let leo = replica.log().log_end_offset();
    side.leaving_isr(out, leo, |follower| {
        let info = replica.follower(follower)?;
        Some((info.fetch.fetch_offset, info.fetch.last_caught_up_time_ms))
    });
    let ctx = world.ctx();
    side.awaiting_replicas(out, |offset| {
        replica
            .hw_holders(&ctx)
            .filter(|&(_, fetched)| fetched < offset)
            .map(|(b, _)| b)
            .collect()
    });
    side.below_min_isr(out);
    side.copying(out, leo);
}

/// A partition and its running leader, for the waits the leader holds.
struct LeaderSide<'a> {
    world: &'a World,
    state: &'a PartitionState,
    broker: &'a Broker,
    now: u64,
}

impl LeaderSide<'_> {
    /// Followers falling behind, and when the leader's check will drop them; `fetch` gives a
    /// follower's fetch offset and when it was last caught up.
    fn leaving_isr(
        &self,
        out: &mut Vec<Wait>,
        leo: u64,
        fetch: impl Fn(BrokerId) -> Option<(u64, u64)>,
    ) {
        let (world, state, broker, now) = (self.world, self.state, self.broker, self.now);
        let lag_max = world.config().replica_lag_time_max_ms;
        let period = crate::rules::isr::isr_check_interval_ms(lag_max);
        let Some(next_check) = world.next_isr_check_ms(broker.id) else {
            return;
        };
        for &follower in state.isr.iter().filter(|&&f| f != broker.id) {
            let Some((fetch_offset, caught_up)) = fetch(follower) else {
                continue;
            };
            if fetch_offset >= leo || now.saturating_sub(caught_up) < lagging_after_ms(world) {
                continue;
            }
            out.push(Wait {
                kind: WaitKind::LeavingIsr {
                    tp: state.tp.clone(),
                    leader: broker.id,
                    follower,
                    lag_max_ms: lag_max,
                    check_every_ms: period,
                },
                since_ms: caught_up,
                ends_at_ms: Some(isr_leave_time(next_check, period, caught_up, lag_max)),
            });
        }
    }

    /// acks=all requests held until the HW passes them: who the HW waits for (`behind` gives
    /// the ISR members not yet at an offset). Under load every acks=all write waits a round
    /// trip: only one held for longer than a follower's lag threshold is worth a line.
    fn awaiting_replicas(&self, out: &mut Vec<Wait>, behind: impl Fn(u64) -> Vec<BrokerId>) {
        let (world, tp, broker, now) = (self.world, &self.state.tp, self.broker, self.now);
        let config = world.topic_config(&tp.topic);
        let held: Vec<(u64, u64)> = broker.held_produces_for(tp).collect();
        let oldest = held.iter().min_by_key(|(offset, _)| *offset).copied();
        let held_since = |hold_id| {
            world
                .held_produce_timeout_ms(broker.id, hold_id)
                .map(|end| end.saturating_sub(config.request_timeout_ms))
        };
        let long = oldest.filter(|&(_, hold_id)| {
            held_since(hold_id)
                .is_some_and(|since| now.saturating_sub(since) >= lagging_after_ms(world))
        });
        let Some((offset, hold_id)) = long else {
            return;
        };
        out.push(Wait {
            kind: WaitKind::AwaitingReplicas {
                tp: tp.clone(),
                leader: broker.id,
                offset,
                brokers: behind(offset),
            },
            since_ms: held_since(hold_id).unwrap_or(now),
            ends_at_ms: world.held_produce_timeout_ms(broker.id, hold_id),
        });
    }

    /// Writes refused while the ISR is below the effective min ISR, and a producer waiting.
    fn below_min_isr(&self, out: &mut Vec<Wait>) {
        let (world, state) = (self.world, self.state);
        let config = world.topic_config(&state.tp.topic);
        let min_isr =
            config.effective_min_insync_replicas(state.replicas.len() as u32, world.profile());
        let producing = world
            .clients()
            .producer_queue(&state.tp, self.now)
            .is_some();
        let refused =
            crate::rules::acks_all::refused_before_append(state.isr.len() as u32, min_isr);
        if refused && producing {
            out.push(Wait {
                kind: WaitKind::BelowMinIsr {
                    tp: state.tp.clone(),
                    isr: state.isr.len(),
                    min_isr,
                },
                since_ms: self.now,
                ends_at_ms: None,
            });
        }
    }

    /// Replicas a reassignment adds, copying the log up to the leader's `leo`.
    fn copying(&self, out: &mut Vec<Wait>, leo: u64) {
        let (world, tp, now) = (self.world, &self.state.tp, self.now);
        for &adding in &self.state.adding_replicas {
            let copied = world
                .broker(adding)
                .and_then(|b| b.partitions.get(tp))
                .map_or(0, |r| r.log().log_end_offset());
            let rate = throttle_rate(world, tp, self.broker.id, adding);
            let ends_at_ms = rate
                .filter(|&r| r > 0)
                .map(|r| now + (leo.saturating_sub(copied) * RECORD_SIZE_BYTES * 1000).div_ceil(r));
            out.push(Wait {
                kind: WaitKind::Copying {
                    tp: tp.clone(),
                    broker: adding,
                    copied,
                    total: leo,
                    rate_bytes: rate,
                },
                since_ms: now,
                ends_at_ms,
            });
        }
    }
}

/// No leader: a KRaft controller's unclean election scan elects one, if the topic allows it
/// and a replica is alive to lead.
fn unclean_scan_wait(world: &World, state: &PartitionState, out: &mut Vec<Wait>) {
    let Some(at_ms) = world.controller().unclean_scan_at_ms() else {
        return;
    };
    let controller = world.controller();
    let electable = state.replicas.iter().any(|&b| controller.is_acceptable(b));
    let allowed = world
        .topic_config(&state.tp.topic)
        .unclean_leader_election_enable;
    if state.leader.is_none() && allowed && electable {
        let interval_ms = world.config().unclean_leader_election_interval_ms;
        out.push(Wait {
            kind: WaitKind::UncleanScan {
                tp: state.tp.clone(),
                interval_ms,
            },
            since_ms: at_ms.saturating_sub(interval_ms),
            ends_at_ms: Some(at_ms),
        });
    }
}

/// The producer's side: a retry backing off, or no leader to send to.
fn producer_waits(world: &World, state: &PartitionState, now: u64, out: &mut Vec<Wait>) {
    let tp = &state.tp;
    let Some(q) = world.clients().producer_queue(tp, now) else {
        return;
    };
    if let Some((records, at)) = q.retry {
        let backoff_ms = world.config().retry_backoff_ms;
        out.push(Wait {
            kind: WaitKind::ProducerRetry {
                tp: tp.clone(),
                records,
                backoff_ms,
            },
            since_ms: at.saturating_sub(backoff_ms),
            ends_at_ms: Some(at),
        });
    }
    if !q.leader_known || state.leader.is_none() {
        // Unless a leader turns up first, the oldest record fails with a TimeoutException
        // at its delivery deadline (`RecordAccumulator.expiredBatches`).
        let timeout_ms = world.config().effective_delivery_timeout_ms();
        out.push(Wait {
            kind: WaitKind::NoLeader {
                tp: tp.clone(),
                records: q.waiting + q.in_flight + q.retry.map_or(0, |r| r.0),
            },
            since_ms: q.oldest_created_ms,
            ends_at_ms: Some(crate::rules::delivery::delivery_deadline_ms(
                q.oldest_created_ms,
                timeout_ms,
            )),
        });
    }
}

/// The replication throttle a copy of `tp` from `leader` to `follower` runs under, if any:
/// each side's rate applies when the topic lists that side's replica (the leader's
/// `leader.replication.throttled.replicas`, the follower's `follower.…`), the lower one binds.
fn throttle_rate(
    world: &World,
    tp: &TopicPartition,
    leader: BrokerId,
    follower: BrokerId,
) -> Option<u64> {
    let (config, topic) = (world.config(), world.topic_config(&tp.topic));
    let listed = |list: &Option<crate::rules::throttle::ThrottledReplicas>, b: BrokerId| {
        list.as_ref().is_some_and(|r| r.contains(tp.partition, b))
    };
    let leader_rate = config
        .leader_replication_throttled_rate
        .filter(|_| listed(&topic.leader_replication_throttled_replicas, leader));
    let follower_rate = config
        .follower_replication_throttled_rate
        .filter(|_| listed(&topic.follower_replication_throttled_replicas, follower));
    match (leader_rate, follower_rate) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}
