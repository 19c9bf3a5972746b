//! One partition in detail: every replica's log, HW, LEO and epoch cache, as the partition
//! panel draws them.

use super::{broker_state, BrokerState};
use crate::ids::{BrokerId, TopicPartition};
use crate::sim::World;
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
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PartitionDetail {
    pub topic: String,
    pub partition: u32,
    pub replicas: Vec<BrokerId>,
    pub leader: Option<BrokerId>,
    pub leader_epoch: u32,
    pub isr: Vec<BrokerId>,
    pub elr: Vec<BrokerId>,
    pub adding_replicas: Vec<BrokerId>,
    pub removing_replicas: Vec<BrokerId>,
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
        let window_end = brokers
            .iter()
            .filter_map(|b| world.broker(*b)?.replicas.get(&tp))
            .map(|r| r.log.log_end_offset())
            .max()
            .unwrap_or(0);
        let window_start = window_end.saturating_sub(window);
        let leader_replica = state
            .leader
            .and_then(|l| world.broker(l)?.replicas.get(&tp));
        let replica_logs = brokers
            .iter()
            .map(|&b| {
                let replica = world.broker(b).and_then(|br| br.replicas.get(&tp));
                let follower = leader_replica
                    .and_then(|l| l.leader.as_ref()?.followers.get(&b))
                    .filter(|_| state.leader != Some(b));
                let leader_leo = leader_replica.map_or(0, |l| l.log.log_end_offset());
                ReplicaLogView {
                    broker: b,
                    state: broker_state(world, b),
                    log_start_offset: replica.map_or(0, |r| r.log.log_start_offset()),
                    log_end_offset: replica.map_or(0, |r| r.log.log_end_offset()),
                    high_watermark: replica.map_or(0, |r| r.high_watermark),
                    flushed_offset: replica.map_or(0, |r| r.log.flushed_offset()),
                    epoch_cache: replica.map_or_else(Vec::new, |r| {
                        r.log
                            .epoch_cache()
                            .iter()
                            .map(|e| (e.epoch, e.start_offset))
                            .collect()
                    }),
                    records: replica.map_or_else(Vec::new, |r| {
                        r.log
                            .iter_records(window_start, window_end)
                            .map(|(offset, epoch, value)| LogRecordView {
                                offset,
                                epoch,
                                value: value.to_string(),
                            })
                            .collect()
                    }),
                    lag_records: follower.map(|f| leader_leo.saturating_sub(f.fetch.fetch_offset)),
                    last_caught_up_ms: follower.map(|f| f.fetch.last_caught_up_time_ms),
                }
            })
            .collect();
        Some(PartitionDetail {
            topic: topic.to_string(),
            partition,
            replicas: state.replicas.clone(),
            leader: state.leader,
            leader_epoch: state.leader_epoch,
            isr: state.isr.clone(),
            elr: state.elr.clone(),
            adding_replicas: state.adding_replicas.clone(),
            removing_replicas: state.removing_replicas.clone(),
            window_start,
            window_end,
            replica_logs,
        })
    }

    /// The leader's HW: what consumers may read. `None` while the partition is offline.
    pub fn high_watermark(&self) -> Option<u64> {
        let leader = self.leader?;
        self.replica_logs
            .iter()
            .find(|r| r.broker == leader)
            .map(|r| r.high_watermark)
    }
}
