//! What the cluster is waiting for right now, and when each wait ends if nothing else happens
//! first. Kafka waits on purpose (a session must expire before a broker is fenced, a follower
//! must lag for `replica.lag.time.max.ms` before it leaves the ISR, acks=all waits for the
//! ISR), and a learner watching a paused-looking cluster needs to see the clock that runs.
//!
//! Everything is read off the world as it is: the controller's last heartbeat from each broker,
//! each leader's view of its followers and its ISR-check timer, the producer's queues. The
//! front end words each wait in its language.

use crate::ids::{BrokerId, NodeId, TopicPartition};
use crate::protocol::MessageKind;
use crate::sim::{World, RECORD_SIZE_BYTES};

/// One thing the cluster waits for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Wait {
    pub kind: WaitKind,
    /// When the wait began, for a progress bar.
    pub since_ms: u64,
    /// When it ends if nothing intervenes; `None` when it ends on an event no clock decides
    /// (a follower's next fetch).
    pub ends_at_ms: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WaitKind {
    /// The controller has had no heartbeat from `broker` since `since_ms` (it is down or cut
    /// off) and fences it when its session expires: `broker.session.timeout.ms` in KRaft,
    /// `zookeeper.session.timeout.ms` in ZooKeeper mode.
    Fencing {
        broker: BrokerId,
        timeout_ms: u64,
        zookeeper: bool,
    },
    /// `follower` has not caught up with `leader` since `since_ms`; the leader removes it from
    /// the ISR at its first check (every `check_every_ms`) after `lag_max_ms` have passed.
    LeavingIsr {
        tp: TopicPartition,
        leader: BrokerId,
        follower: BrokerId,
        lag_max_ms: u64,
        check_every_ms: u64,
    },
    /// acks=all records the leader has held for a while until the HW reaches `offset`, which
    /// waits for `brokers` (ISR members whose fetches have not reached it). The wait ends, at
    /// the latest, when the request times out (`request.timeout.ms`).
    AwaitingReplicas {
        tp: TopicPartition,
        leader: BrokerId,
        offset: u64,
        brokers: Vec<BrokerId>,
    },
    /// acks=all writes wait because the ISR is smaller than `min.insync.replicas`: the HW is
    /// frozen (Kafka 3.7+) or the leader refuses them (NOT_ENOUGH_REPLICAS).
    BelowMinIsr {
        tp: TopicPartition,
        isr: usize,
        min_isr: u32,
    },
    /// A failed batch of `records` is sent again after `retry.backoff.ms`.
    ProducerRetry {
        tp: TopicPartition,
        records: u64,
        backoff_ms: u64,
    },
    /// The producer holds `records` for a partition it knows no leader of; the oldest fails
    /// with a `TimeoutException` when `delivery.timeout.ms` has passed since it was sent.
    NoLeader { tp: TopicPartition, records: u64 },
    /// The partition has no leader, its topic allows unclean election and a replica is alive
    /// to lead: a KRaft controller elects one at its next periodic scan
    /// (`unclean.leader.election.interval.ms`; see [`crate::rules::unclean_election`]).
    UncleanScan {
        tp: TopicPartition,
        interval_ms: u64,
    },
    /// A replica being added by a reassignment copies the leader's log; with a replication
    /// throttle, at about `rate_bytes` per second.
    Copying {
        tp: TopicPartition,
        broker: BrokerId,
        copied: u64,
        total: u64,
        rate_bytes: Option<u64>,
    },
}

impl Wait {
    /// The broker this wait is about, to show it on its card.
    pub fn broker(&self) -> Option<BrokerId> {
        match &self.kind {
            WaitKind::Fencing { broker, .. } | WaitKind::Copying { broker, .. } => Some(*broker),
            WaitKind::LeavingIsr { follower, .. } => Some(*follower),
            _ => None,
        }
    }

    /// How long is left at `now_ms`.
    pub fn remaining_ms(&self, now_ms: u64) -> Option<u64> {
        self.ends_at_ms.map(|end| end.saturating_sub(now_ms))
    }
}

/// How long after the last caught-up fetch a follower counts as lagging for the countdown:
/// under load every fetch catches up within a round trip, so only a follower that has missed
/// two `replica.fetch.wait.max.ms` windows is really falling behind.
fn lagging_after_ms(world: &World) -> u64 {
    (world.config().replica_fetch_wait_max_ms * 2).max(200)
}

/// Every wait in the cluster that concerns `focus` (the partition on screen) or the whole
/// cluster (fencing): the cluster's own waits first (fencing, the ISR, acks=all), then the
/// producer's; soonest first within each.
pub fn waits(world: &World, focus: Option<&TopicPartition>) -> Vec<Wait> {
    let mut all = fencing(world);
    if let Some(tp) = focus {
        all.extend(partition_waits(world, tp));
    }
    crate::sorting::sort_by_key(&mut all, |w| {
        (w.kind.rank(), w.ends_at_ms.unwrap_or(u64::MAX), w.since_ms)
    });
    all
}

impl WaitKind {
    /// Order of importance: what the cluster decides before what the producer repeats.
    fn rank(&self) -> u8 {
        match self {
            WaitKind::Fencing { .. } => 0,
            WaitKind::LeavingIsr { .. } | WaitKind::UncleanScan { .. } => 1,
            WaitKind::AwaitingReplicas { .. } | WaitKind::BelowMinIsr { .. } => 2,
            WaitKind::Copying { .. } => 3,
            WaitKind::NoLeader { .. } => 4,
            WaitKind::ProducerRetry { .. } => 5,
        }
    }
}

/// Brokers the controller still counts as alive although no heartbeat can reach it.
fn fencing(world: &World) -> Vec<Wait> {
    let timeout_ms = world.session_timeout_ms();
    let zookeeper = world.profile().is_zookeeper();
    let network = world.network();
    world
        .controller()
        .brokers
        .iter()
        .filter(|(_, r)| r.registered && !r.fenced)
        .filter_map(|(&broker, r)| {
            let b = world.broker(broker)?;
            let silent =
                !b.is_running() || !network.is_up(NodeId::Broker(broker), NodeId::Controller);
            if !silent {
                return None;
            }
            // A heartbeat sent just before the crash or the cut may still be on the wire: the
            // session then counts from its arrival.
            let last = world
                .in_flight()
                .filter(|e| {
                    e.source == NodeId::Broker(broker)
                        && e.target == NodeId::Controller
                        && e.message.kind() == MessageKind::Heartbeat
                })
                .map(|e| e.deliver_at_ms)
                .fold(r.last_heartbeat_ms, u64::max);
            Some(Wait {
                kind: WaitKind::Fencing {
                    broker,
                    timeout_ms,
                    zookeeper,
                },
                since_ms: last,
                ends_at_ms: Some(last + timeout_ms),
            })
        })
        .collect()
}

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

fn partition_waits(world: &World, tp: &TopicPartition) -> Vec<Wait> {
    let mut out = Vec::new();
    let Some(state) = world.partitions().find(|p| &p.tp == tp) else {
        return out;
    };
    let now = world.now_ms();
    let leader = state
        .leader
        .and_then(|l| world.broker(l))
        .filter(|b| b.is_running());
    let replica = leader.and_then(|b| b.replicas.get(tp));
    let leading = replica.filter(|r| r.is_leader());
    if let (Some(broker), Some(replica)) = (leader, leading) {
        let lag_max = world.config().replica_lag_time_max_ms;
        let period = (lag_max / 2).max(1);
        let leo = replica.log().log_end_offset();
        // Followers falling behind, and when the leader's check will drop them.
        if let Some(next_check) = world.next_isr_check_ms(broker.id) {
            for &follower in state.isr.iter().filter(|&&f| f != broker.id) {
                let Some(info) = replica.follower(follower) else {
                    continue;
                };
                let caught_up = info.fetch.last_caught_up_time_ms;
                if info.fetch.fetch_offset >= leo
                    || now.saturating_sub(caught_up) < lagging_after_ms(world)
                {
                    continue;
                }
                out.push(Wait {
                    kind: WaitKind::LeavingIsr {
                        tp: tp.clone(),
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
        // acks=all requests held until the HW passes them: who the HW waits for.
        let config = world.topic_config(&tp.topic);
        let min_isr =
            config.effective_min_insync_replicas(state.replicas.len() as u32, world.profile());
        let held: Vec<(u64, u64)> = broker.held_produces_for(tp).collect();
        let oldest = held.iter().min_by_key(|(offset, _)| *offset).copied();
        // Under load every acks=all write waits a round trip: only one held for longer than a
        // follower's lag threshold is worth a line.
        let held_since = |hold_id| {
            world
                .held_produce_timeout_ms(broker.id, hold_id)
                .map(|end| end.saturating_sub(config.request_timeout_ms))
        };
        let long = oldest.filter(|&(_, hold_id)| {
            held_since(hold_id)
                .is_some_and(|since| now.saturating_sub(since) >= lagging_after_ms(world))
        });
        if let Some((offset, hold_id)) = long {
            let brokers: Vec<BrokerId> = replica
                .maximal_isr_members()
                .filter(|&b| b != broker.id)
                .filter(|&b| {
                    replica
                        .follower(b)
                        .is_none_or(|f| !f.known || f.fetch.fetch_offset < offset)
                })
                .collect();
            let ends = world.held_produce_timeout_ms(broker.id, hold_id);
            out.push(Wait {
                kind: WaitKind::AwaitingReplicas {
                    tp: tp.clone(),
                    leader: broker.id,
                    offset,
                    brokers,
                },
                since_ms: held_since(hold_id).unwrap_or(now),
                ends_at_ms: ends,
            });
        }
        if (state.isr.len() as u32) < min_isr && world.clients().producer_queue(tp, now).is_some() {
            out.push(Wait {
                kind: WaitKind::BelowMinIsr {
                    tp: tp.clone(),
                    isr: state.isr.len(),
                    min_isr,
                },
                since_ms: now,
                ends_at_ms: None,
            });
        }
        // Replicas a reassignment adds, copying the log.
        for &adding in &state.adding_replicas {
            let copied = world
                .broker(adding)
                .and_then(|b| b.replicas.get(tp))
                .map_or(0, |r| r.log().log_end_offset());
            let rate = throttle_rate(world, tp, broker.id, adding);
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
    // No leader: a KRaft controller's unclean election scan elects one, if the topic allows it
    // and a replica is alive to lead.
    if let Some(at_ms) = world.controller().unclean_scan_at_ms() {
        let controller = world.controller();
        let electable = state.replicas.iter().any(|&b| controller.is_acceptable(b));
        let allowed = world.topic_config(&tp.topic).unclean_leader_election_enable;
        if state.leader.is_none() && allowed && electable {
            let interval_ms = world.config().unclean_leader_election_interval_ms;
            out.push(Wait {
                kind: WaitKind::UncleanScan {
                    tp: tp.clone(),
                    interval_ms,
                },
                since_ms: at_ms.saturating_sub(interval_ms),
                ends_at_ms: Some(at_ms),
            });
        }
    }
    // The producer's side: a retry backing off, or no leader to send to.
    if let Some(q) = world.clients().producer_queue(tp, now) {
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
    out
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{parse_scenario, Action};

    #[test]
    fn a_follower_leaves_at_the_first_check_past_the_lag_limit() {
        // (next check, period, last caught up, lag max, expected)
        let table = [
            (5_000, 5_000, 1_000, 10_000, 15_000), // 11 s is out of sync: the 15 s check
            (15_000, 5_000, 1_000, 10_000, 15_000),
            (5_000, 5_000, 0, 10_000, 15_000), // exactly 10 s at 10 s is still in sync
            (20_000, 5_000, 1_000, 10_000, 20_000), // a check already past the limit
            (2_500, 15_000, 0, 30_000, 32_500),
        ];
        for (next, period, caught_up, lag_max, want) in table {
            assert_eq!(
                isr_leave_time(next, period, caught_up, lag_max),
                want,
                "next {next} period {period} caught up {caught_up} lag max {lag_max}"
            );
        }
    }

    fn world(json: &str) -> World {
        World::from_scenario(&parse_scenario(json).unwrap()).unwrap()
    }

    const THREE: &str = r#"{
      "brokers": [{"id": 1}, {"id": 2}, {"id": 3}],
      "config": {"min.insync.replicas": 2, "replica.lag.time.max.ms": 10000},
      "topics": [{"name": "t", "partitions": 1, "replication.factor": 3,
                  "assignment": {"0": [1, 2, 3]}}],
      "actions": [{"at_ms": 0, "produce_rate": {"topic": "t", "per_second": 10}}]
    }"#;

    #[test]
    fn a_crashed_broker_is_fenced_when_its_session_expires() {
        let mut w = world(THREE);
        w.run_until(2_000);
        assert!(
            waits(&w, None).is_empty(),
            "nothing waits in a healthy cluster"
        );
        w.apply(&Action::Crash {
            broker: BrokerId(3),
        });
        let fence = waits(&w, None).into_iter().next().expect("a fencing wait");
        let WaitKind::Fencing {
            broker,
            timeout_ms,
            zookeeper,
        } = fence.kind
        else {
            panic!("{fence:?}");
        };
        assert_eq!((broker, timeout_ms, zookeeper), (BrokerId(3), 9_000, false));
        let deadline = fence.ends_at_ms.unwrap();
        // The last heartbeat arrives within one heartbeat interval of the crash (one sent just
        // before it is still on the wire).
        let interval = w.config().broker_heartbeat_interval_ms;
        assert!(
            (2_000 - interval..=2_000 + interval).contains(&fence.since_ms),
            "{fence:?}"
        );
        assert_eq!(deadline, fence.since_ms + 9_000);
        // The wait ends exactly when the controller fences broker 3.
        w.run_until(deadline - 1);
        assert!(!w.controller().brokers[&BrokerId(3)].fenced);
        w.run_until(deadline);
        assert!(w.controller().brokers[&BrokerId(3)].fenced);
        assert!(waits(&w, None)
            .iter()
            .all(|w| !matches!(w.kind, WaitKind::Fencing { .. })));
    }

    #[test]
    fn a_paused_follower_leaves_the_isr_when_the_countdown_says() {
        let mut w = world(THREE);
        let tp = TopicPartition::new("t", 0);
        w.run_until(1_000);
        w.apply(&Action::PauseFetcher {
            broker: BrokerId(3),
        });
        w.run_until(4_000);
        let leaving = waits(&w, Some(&tp))
            .into_iter()
            .find(|w| matches!(w.kind, WaitKind::LeavingIsr { .. }))
            .expect("broker 3 is falling behind");
        assert_eq!(leaving.broker(), Some(BrokerId(3)));
        let at = leaving.ends_at_ms.unwrap();
        assert!(at > leaving.since_ms + 10_000, "{leaving:?}");
        // acks=all records wait for broker 3's fetch meanwhile.
        let held = waits(&w, Some(&tp))
            .into_iter()
            .find_map(|w| match w.kind {
                WaitKind::AwaitingReplicas { brokers, .. } => Some(brokers),
                _ => None,
            })
            .expect("acks=all records wait");
        assert_eq!(held, vec![BrokerId(3)]);
        // The leader's check drops it at that time, and not before.
        w.run_until(at - 1);
        assert!(w.partitions().next().unwrap().isr.contains(&BrokerId(3)));
        w.run_until(at + 100);
        assert!(!w.partitions().next().unwrap().isr.contains(&BrokerId(3)));
    }

    #[test]
    fn the_producer_waits_for_a_leader_until_its_records_expire() {
        let mut w = world(THREE);
        let tp = TopicPartition::new("t", 0);
        w.run_until(500);
        for b in [1, 2, 3] {
            w.apply(&Action::Crash {
                broker: BrokerId(b),
            });
        }
        w.run_until(20_000);
        let wait = waits(&w, Some(&tp))
            .into_iter()
            .find(|w| matches!(w.kind, WaitKind::NoLeader { records, .. } if records > 0))
            .expect("records wait for a leader");
        // The oldest record still waiting was sent at about 500 ms (the rate sends 10 a
        // second); it fails delivery.timeout.ms (120 s) after that.
        assert!((400..=600).contains(&wait.since_ms), "{wait:?}");
        let deadline = wait
            .ends_at_ms
            .expect("the wait ends at the delivery deadline");
        assert_eq!(deadline, wait.since_ms + 120_000);
        let failed = |w: &World| {
            w.clients()
                .records
                .iter()
                .filter(|r| {
                    r.outcome
                        == crate::sim::ProduceOutcome::Failed(
                            crate::protocol::ErrorCode::DeliveryTimeout,
                        )
                })
                .count()
        };
        w.run_until(deadline - 1);
        assert_eq!(failed(&w), 0);
        w.run_until(deadline);
        assert!(failed(&w) > 0, "the oldest records expire at the deadline");
    }

    #[test]
    fn an_offline_partition_waits_for_the_kraft_unclean_scan_once_its_topic_allows_it() {
        // The unclean-election example without its actions at 15 s: the partition is offline
        // from 9 s, when the controller also schedules its scan (interval 30 s here: at 39 s).
        let json = include_str!("../../../../scenarios/unclean-election-loss.json");
        let mut scenario = parse_scenario(json).unwrap();
        scenario.actions.retain(|a| a.at_ms < 15_000);
        scenario
            .config
            .set("unclean.leader.election.interval.ms", &30_000.into())
            .unwrap();
        let tp = TopicPartition::new("orders", 0);
        let scan = |w: &World| {
            waits(w, Some(&tp))
                .into_iter()
                .find(|w| matches!(w.kind, WaitKind::UncleanScan { .. }))
        };
        let mut w = World::from_scenario(&scenario).unwrap();
        w.run_until(20_000);
        assert_eq!(
            scan(&w),
            None,
            "unclean election is off: the scan would elect nobody"
        );
        w.apply(&Action::SetConfig {
            key: "unclean.leader.election.enable".into(),
            value: true.into(),
            topic: None,
        });
        let wait = scan(&w).expect("the scan elects a leader");
        assert_eq!((wait.since_ms, wait.ends_at_ms), (9_000, Some(39_000)));
        w.run_until(39_000);
        assert_eq!(w.partitions().next().unwrap().leader, Some(BrokerId(3)));
        assert_eq!(scan(&w), None);
    }
}
