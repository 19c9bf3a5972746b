//! One partition in detail: every replica's log, HW, LEO and epoch cache, as the partition
//! panel draws them.

use super::{broker_state, BrokerState, ChipRole, PartitionView};
use crate::ids::{BrokerId, TopicPartition};
use crate::sim::{Partition, World};
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LogRecordView {
    pub offset: u64,
    pub epoch: u32,
    pub value: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReplicaLogView {
    pub broker: BrokerId,
    pub state: BrokerState,
    pub log_start_offset: u64,
    pub log_end_offset: u64,
    pub high_watermark: u64,
    /// Below this offset the log is on disk and survives power loss.
    pub flushed_offset: u64,
    /// (leader epoch, start offset), oldest first: Kafka's leader-epoch-checkpoint.
    pub epoch_cache: Vec<(u32, u64)>,
    /// The records inside the detail's offset window, oldest first.
    pub records: Vec<LogRecordView>,
    /// As the leader sees this follower (Kafka's replica lag): records behind the leader's LEO
    /// and when it was last caught up. `None` for the leader itself or with no leader.
    pub lag_records: Option<u64>,
    pub last_caught_up_ms: Option<u64>,
    /// Whether the leader has had a fetch from this follower in its epoch. Until then Kafka's
    /// leader knows no offset for it (`UnknownOffsetMetadata`) and counts it as behind, so
    /// `lag_records` is only an upper bound.
    pub lag_known: bool,
    /// The epoch this replica still leads in, in its own view, while the controller has made
    /// another replica leader: its metadata is behind (a broker that cannot reach the
    /// controller). Its followers have left it, so nothing it appends is committed.
    pub stale_leader_epoch: Option<u32>,
}

impl ReplicaLogView {
    /// `broker`'s copy of the partition (`None` if it hosts none), with the records in
    /// `[window.0, window.1)`; the leader's view of it is added by [`Self::lag_from`].
    fn of(
        broker: BrokerId,
        state: BrokerState,
        replica: Option<&Partition>,
        window: (u64, u64),
    ) -> Self {
        let log = replica.map(Partition::log);
        ReplicaLogView {
            broker,
            state,
            log_start_offset: log.map_or(0, |l| l.log_start_offset()),
            log_end_offset: log.map_or(0, |l| l.log_end_offset()),
            high_watermark: replica.map_or(0, Partition::high_watermark),
            flushed_offset: log.map_or(0, |l| l.flushed_offset()),
            epoch_cache: log.map_or_else(Vec::new, |l| {
                l.epoch_cache()
                    .iter()
                    .map(|e| (e.epoch, e.start_offset))
                    .collect()
            }),
            records: log.map_or_else(Vec::new, |l| {
                l.iter_records(window.0, window.1)
                    .map(|(offset, epoch, value)| LogRecordView {
                        offset,
                        epoch,
                        value: value.to_string(),
                    })
                    .collect()
            }),
            lag_records: None,
            last_caught_up_ms: None,
            lag_known: false,
            stale_leader_epoch: None,
        }
    }

    /// What `leader` (the partition's leader, when this replica is another) knows of this
    /// follower from its fetches.
    fn lag_from(&mut self, leader: Option<&Partition>) {
        let Some(leader) = leader else {
            return;
        };
        let Some(follower) = leader.follower(self.broker) else {
            return;
        };
        let leader_leo = leader.log().log_end_offset();
        self.lag_records = Some(leader_leo.saturating_sub(follower.fetch.fetch_offset));
        self.last_caught_up_ms = Some(follower.fetch.last_caught_up_time_ms);
        self.lag_known = follower.known;
    }

    /// Whether the record at `offset` is committed as this replica knows it: below its own HW
    /// (a follower learns the leader's HW one fetch later, so its own HW may trail).
    pub fn is_committed(&self, offset: u64) -> bool {
        offset < self.high_watermark
    }

    /// Records this replica holds at or above its HW: written, not known to be committed.
    pub fn uncommitted_records(&self) -> u64 {
        self.log_end_offset
            .saturating_sub(self.high_watermark.max(self.log_start_offset))
    }

    /// How long, at `now_ms`, since the leader last saw this follower caught up (the time
    /// Kafka compares with `replica.lag.time.max.ms`). `None` for the leader.
    pub fn lag_ms(&self, now_ms: u64) -> Option<u64> {
        self.last_caught_up_ms.map(|t| now_ms.saturating_sub(t))
    }

    /// Whether this follower is past `replica.lag.time.max.ms` as the leader sees it: behind
    /// the leader's LEO and not caught up for longer than the limit (what makes the leader
    /// shrink the ISR). False for the leader.
    pub fn past_lag_time_max(&self, now_ms: u64, replica_lag_time_max_ms: u64) -> bool {
        self.lag_records.is_some_and(|lag| lag > 0)
            && self
                .lag_ms(now_ms)
                .is_some_and(|ms| ms > replica_lag_time_max_ms)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PartitionDetail {
    /// Leader, epoch, replicas, ISR, ELR and reassignment, as the cluster view has them.
    pub view: PartitionView,
    /// The offsets shown, `[window_start, window_end)`: the newest offsets of the longest log.
    pub window_start: u64,
    pub window_end: u64,
    pub replica_logs: Vec<ReplicaLogView>,
}

impl PartitionDetail {
    /// The partition `topic-partition`, showing at most `window` offsets; `None` if no such
    /// partition exists.
    pub fn of(world: &World, topic: &str, partition: u32, window: u64) -> Option<PartitionDetail> {
        let state = world
            .partitions()
            .find(|p| &*p.tp.topic == topic && p.tp.partition == partition)?;
        let tp = TopicPartition::new(topic, partition);
        // Replicas being removed still hold logs until the reassignment completes; show them.
        let mut brokers = state.replicas.clone();
        for b in &state.removing_replicas {
            if !brokers.contains(b) {
                brokers.push(*b);
            }
        }
        let hosted = |b: BrokerId| world.broker(b)?.partitions.get(&tp);
        let window_end = brokers
            .iter()
            .filter_map(|&b| hosted(b))
            .map(|r| r.log().log_end_offset())
            .max()
            .unwrap_or(0);
        let window = (window_end.saturating_sub(window), window_end);
        let leader = state.leader.and_then(hosted);
        let replica_logs = brokers
            .iter()
            .map(|&b| {
                let running = world.broker(b).is_some_and(|br| br.is_running());
                let mut view = ReplicaLogView::of(b, broker_state(world, b), hosted(b), window);
                view.lag_from(leader.filter(|_| state.leader != Some(b)));
                // A replica that still leads in its own view, on a running broker, while the
                // controller made another leader.
                view.stale_leader_epoch = hosted(b)
                    .filter(|r| r.is_leader() && state.leader != Some(b) && running)
                    .and_then(Partition::leader_epoch);
                view
            })
            .collect();
        Some(PartitionDetail {
            view: PartitionView::of(world, state),
            window_start: window.0,
            window_end,
            replica_logs,
        })
    }

    /// The role of `replica`, as its chip shows it (a replica on a down broker is offline).
    pub fn role(&self, replica: &ReplicaLogView) -> ChipRole {
        self.view.chip_role(replica.broker, replica.state)
    }

    /// Whether the record at `offset` written in `epoch` is committed as the cluster knows it:
    /// some replica holds the same record (same offset and leader epoch, which in Kafka's logs
    /// means the same record) below its own HW. A follower or a crashed replica may not have
    /// heard the HW that covers a record yet; it is committed all the same.
    pub fn is_committed(&self, offset: u64, epoch: u32) -> bool {
        self.replica_logs.iter().any(|r| {
            offset < r.high_watermark
                && r.records
                    .binary_search_by_key(&offset, |rec| rec.offset)
                    .is_ok_and(|i| r.records[i].epoch == epoch)
        })
    }

    /// How many of `r`'s records are not committed as the cluster knows it (`is_committed`):
    /// from its first uncommitted record in the window to its LEO. Below the window only its
    /// own HW is known, so a run of uncommitted records reaching back past the window counts
    /// from there.
    pub fn uncommitted_records(&self, r: &ReplicaLogView) -> u64 {
        let first = r
            .records
            .iter()
            .position(|rec| !self.is_committed(rec.offset, rec.epoch));
        let from = match first {
            None => r.log_end_offset,
            Some(0) => r.records[0]
                .offset
                .min(r.high_watermark.max(r.log_start_offset)),
            Some(i) => r.records[i].offset,
        };
        r.log_end_offset.saturating_sub(from)
    }

    /// The leader's HW: what consumers may read. `None` while the partition is offline.
    pub fn high_watermark(&self) -> Option<u64> {
        let leader = self.view.leader?;
        self.replica_logs
            .iter()
            .find(|r| r.broker == leader)
            .map(|r| r.high_watermark)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::parse_scenario;

    const TWO_REPLICAS: &str = r#"{
      "brokers": [{"id": 1}, {"id": 2}],
      "topics": [{"name": "t", "partitions": 1, "replication.factor": 2,
        "assignment": {"0": [1, 2]},
        "state": {"0": {"leader": 1, "leader_epoch": 2, "isr": [1, 2], "high_watermark": 3,
          "logs": {"1": {"records": [{"value": "a", "epoch": 0}, {"value": "b", "epoch": 0},
                                     {"value": "c", "epoch": 2}, {"value": "d", "epoch": 2}]},
                   "2": {"end_offset": 3, "epoch": 0, "high_watermark": 2}}}}}]
    }"#;

    fn detail() -> PartitionDetail {
        let world = World::from_scenario(&parse_scenario(TWO_REPLICAS).unwrap()).unwrap();
        PartitionDetail::of(&world, "t", 0, 24).unwrap()
    }

    #[test]
    fn records_below_the_replicas_own_hw_are_committed() {
        let d = detail();
        let leader = &d.replica_logs[0];
        assert_eq!((leader.high_watermark, leader.log_end_offset), (3, 4));
        assert!(leader.is_committed(2));
        assert!(!leader.is_committed(3));
        assert_eq!(leader.uncommitted_records(), 1);
        let follower = &d.replica_logs[1];
        assert_eq!((follower.high_watermark, follower.log_end_offset), (2, 3));
        assert!(
            !follower.is_committed(2),
            "the follower has not heard HW 3 yet"
        );
        assert_eq!(follower.uncommitted_records(), 1);
    }

    #[test]
    fn a_record_is_committed_if_any_replica_holds_it_below_its_hw() {
        let d = detail();
        // (offset, epoch, committed): the leader's HW 3 covers offset 2, which the follower
        // (HW 2) has not heard of yet; offset 3 is above every HW; a different epoch at an
        // offset is a different record.
        let table = [(0, 0, true), (2, 2, true), (2, 0, false), (3, 2, false)];
        for (offset, epoch, committed) in table {
            assert_eq!(d.is_committed(offset, epoch), committed, "{offset}@{epoch}");
        }
        // The leader's d (offset 3) waits; the follower's x at offset 2 is not the leader's c.
        assert_eq!(d.uncommitted_records(&d.replica_logs[0]), 1);
        assert_eq!(d.uncommitted_records(&d.replica_logs[1]), 1);
    }

    #[test]
    fn roles_and_lag_follow_the_leader() {
        let d = detail();
        let (leader, follower) = (&d.replica_logs[0], &d.replica_logs[1]);
        assert_eq!(d.role(leader), ChipRole::Leader);
        assert_eq!(d.role(follower), ChipRole::InSyncFollower);
        assert_eq!(leader.lag_ms(5_000), None);
        assert!(!leader.past_lag_time_max(1_000_000, 10));
        let caught_up = follower
            .last_caught_up_ms
            .expect("the leader tracks its follower");
        assert_eq!(follower.lag_ms(caught_up + 700), Some(700));
        assert_eq!(
            follower.lag_records,
            Some(1),
            "one record behind the leader's LEO"
        );
        assert!(follower.past_lag_time_max(caught_up + 701, 700));
        assert!(!follower.past_lag_time_max(caught_up + 700, 700));
    }
}
