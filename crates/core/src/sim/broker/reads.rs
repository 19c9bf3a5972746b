//! What a [`Partition`] answers to clients' reads: a consumer's fetch (from the leader, or
//! from a follower with KIP-392's rack-aware selector), ListOffsets and OffsetsForLeaderEpoch;
//! and the KIP-320 epoch check every fetch goes through.

use super::partition::Partition;
use crate::config::ReplicaSelector;
use crate::ids::{BrokerId, TopicPartition};
use crate::partition_state::PartitionState;
use crate::rules::offset_reset::{consumer_fetch_out_of_range, latest_offset_available};
use crate::rules::read_replica::{preferred_read_replica, Follower};
use crate::rules::truncation::{end_offset_for_epoch, EpochEndOffset};
use crate::sim::log::RecordBatch;
use crate::sim::protocol::{ErrorCode, FetchPartition, FetchPartitionResponse};
use crate::sim::{Ctx, RECORD_SIZE_BYTES};

/// The epoch check every fetch goes through (KIP-320's current leader epoch).
pub(super) fn check_epoch(state: &PartitionState, current_leader_epoch: u32) -> Option<ErrorCode> {
    use std::cmp::Ordering::*;
    match current_leader_epoch.cmp(&state.leader_epoch) {
        Less => Some(ErrorCode::FencedLeaderEpoch),
        Greater => Some(ErrorCode::UnknownLeaderEpoch),
        Equal => None,
    }
}

pub(super) fn error_response(tp: &TopicPartition, error: ErrorCode) -> FetchPartitionResponse {
    FetchPartitionResponse {
        tp: tp.clone(),
        error: Some(error),
        high_watermark: 0,
        log_start_offset: 0,
        diverging_epoch: None,
        batches: Vec::new(),
        preferred_read_replica: None,
    }
}

/// How many records one fetch answer carries (`replica.fetch.max.bytes`).
pub(super) fn max_records(ctx: &Ctx) -> u64 {
    (ctx.config.replica_fetch_max_bytes as u64 / RECORD_SIZE_BYTES).max(1)
}

impl Partition {
    /// A consumer's fetch: only the leader serves it, unless the rack-aware selector lets a
    /// follower; the leader may instead name a preferred read replica. Consumers only ever
    /// see records below the serving replica's HW.
    pub(super) fn read_for_consumer(
        &self,
        ctx: &Ctx,
        p: &FetchPartition,
        client_rack: Option<&str>,
    ) -> FetchPartitionResponse {
        let Some(state) = self.state().filter(|s| s.leader.is_some()) else {
            return error_response(&p.tp, ErrorCode::NotLeaderOrFollower);
        };
        let is_leader = self.is_leader();
        let selector = ctx.config.replica_selector_class;
        if !is_leader && selector != ReplicaSelector::RackAware {
            return error_response(&p.tp, ErrorCode::NotLeaderOrFollower);
        }
        if let Some(error) = check_epoch(state, p.current_leader_epoch) {
            return error_response(&p.tp, error);
        }
        let hw = self.high_watermark;
        let mut response = FetchPartitionResponse {
            tp: p.tp.clone(),
            error: None,
            high_watermark: hw,
            log_start_offset: self.log.log_start_offset(),
            // A consumer's position is checked by OffsetsForLeaderEpoch, not in the fetch.
            diverging_epoch: None,
            batches: Vec::new(),
            preferred_read_replica: None,
        };
        if is_leader && selector == ReplicaSelector::RackAware {
            response.preferred_read_replica =
                self.preferred_read_replica(ctx, state, client_rack, p.fetch_offset);
            if response.preferred_read_replica.is_some() {
                return response;
            }
        }
        let (log_start, log_end) = (self.log.log_start_offset(), self.log.log_end_offset());
        if consumer_fetch_out_of_range(p.fetch_offset, log_start, log_end) {
            return error_response(&p.tp, ErrorCode::OffsetOutOfRange);
        }
        response.batches = self
            .log
            .read_batches(p.fetch_offset, max_records(ctx))
            .into_iter()
            .filter(|b| b.base_offset < hw)
            .map(|b| cap_batch(b, hw))
            .collect();
        response
    }

    /// KIP-392's RackAwareReplicaSelector, as [`preferred_read_replica`] decides it from what
    /// this leader knows of its followers.
    fn preferred_read_replica(
        &self,
        ctx: &Ctx,
        state: &PartitionState,
        client_rack: Option<&str>,
        fetch_offset: u64,
    ) -> Option<BrokerId> {
        self.leader_state()?;
        let rack_of = |b: &BrokerId| ctx.racks.get(b).and_then(|r| r.as_deref());
        let followers: Vec<Follower> = state
            .replicas
            .iter()
            .filter_map(|b| {
                let info = self.follower(*b).filter(|i| i.known)?;
                Some(Follower {
                    broker: *b,
                    rack: rack_of(b),
                    in_isr: state.isr.contains(b),
                    log_end_offset: info.fetch.fetch_offset,
                    log_start_offset: info.log_start_offset,
                    last_caught_up_time_ms: info.fetch.last_caught_up_time_ms,
                })
            })
            .collect();
        preferred_read_replica(
            rack_of(&self.local()),
            client_rack,
            fetch_offset,
            &followers,
        )
    }

    /// The leader's answer to a consumer's OffsetsForLeaderEpoch (Kafka's
    /// `Partition.lastOffsetForLeaderEpoch`, leader only): where `leader_epoch` ends in this log,
    /// after the same current-epoch check as a fetch.
    pub(super) fn last_offset_for_leader_epoch(
        &self,
        current_leader_epoch: u32,
        leader_epoch: u32,
    ) -> (Option<ErrorCode>, EpochEndOffset) {
        let Some(state) = self.state().filter(|_| self.is_leader()) else {
            return (
                Some(ErrorCode::NotLeaderOrFollower),
                EpochEndOffset::UNDEFINED,
            );
        };
        if let Some(error) = check_epoch(state, current_leader_epoch) {
            return (Some(error), EpochEndOffset::UNDEFINED);
        }
        let end = end_offset_for_epoch(
            self.log.epoch_cache(),
            self.log.log_end_offset(),
            leader_epoch,
        );
        (None, end)
    }

    /// The leader's answer to a consumer's ListOffsets (`Partition.fetchOffsetForTimestamp`,
    /// leader only): its log start for EARLIEST, its high watermark for LATEST (the last offset
    /// a `read_uncommitted` consumer may fetch), with its leader epoch.
    pub(super) fn fetch_offset_for_timestamp(
        &self,
        current_leader_epoch: u32,
        earliest: bool,
    ) -> (Option<ErrorCode>, u64, u32) {
        let (Some(state), Some(leader)) = (self.state(), self.leader_state()) else {
            return (Some(ErrorCode::NotLeaderOrFollower), 0, 0);
        };
        if let Some(error) = check_epoch(state, current_leader_epoch) {
            return (Some(error), 0, state.leader_epoch);
        }
        let offset = if earliest {
            self.log.log_start_offset()
        } else {
            if !latest_offset_available(self.high_watermark, leader.epoch_start_offset) {
                return (Some(ErrorCode::OffsetNotAvailable), 0, state.leader_epoch);
            }
            self.high_watermark
        };
        (None, offset, state.leader_epoch)
    }
}

/// Keep only the records of a batch below `hw` (consumers never read past the HW).
fn cap_batch(batch: RecordBatch, hw: u64) -> RecordBatch {
    if batch.next_offset() <= hw {
        return batch;
    }
    let keep = (hw - batch.base_offset) as usize;
    RecordBatch {
        values: batch.values[..keep].into(),
        ..batch
    }
}
