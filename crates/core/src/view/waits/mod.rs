//! What the cluster is waiting for right now, and when each wait ends if nothing else happens
//! first. Kafka waits on purpose (a session must expire before a broker is fenced, a follower
//! must lag for `replica.lag.time.max.ms` before it leaves the ISR, acks=all waits for the
//! ISR), and a learner watching a paused-looking cluster needs to see the clock that runs.
//!
//! Everything is read off the world as it is: the controller's last heartbeat from each broker,
//! each leader's view of its followers and its ISR-check timer, the producer's queues. The
//! front end words each wait in its language. The waits of one partition are in `partition`.

mod partition;

pub use partition::isr_leave_time;
use partition::partition_waits;

use crate::ids::{BrokerId, NodeId, TopicPartition};
use crate::sim::protocol::MessageKind;
use crate::sim::World;

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
                            crate::sim::protocol::ErrorCode::DeliveryTimeout,
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
        let json = include_str!("../../../../../scenarios/unclean-election-loss.json");
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
