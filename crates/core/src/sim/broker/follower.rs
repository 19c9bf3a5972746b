//! The follower's side of a [`Partition`]: becoming follower (Kafka's `makeFollower`, with
//! pre-0.11 Kafka's truncation to the HW), what to ask the leader for, and applying one
//! partition of a fetch response (`AbstractFetcherThread.processFetchRequest`): truncating
//! where the leader says the logs diverge, starting over past the leader's log start,
//! appending, and taking the HW from the leader.

use super::partition::{Partition, Role, Truncation};
use super::response_bytes;
use crate::ids::BrokerId;
use crate::rules::high_watermark::follower_high_watermark;
use crate::rules::truncation::{epoch_truncation, high_watermark_truncation};
use crate::sim::log::Log;
use crate::sim::protocol::{FetchPartition, FetchPartitionResponse};

/// What applying one partition of a fetch response did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum FetchApplied {
    /// The response is not for this follower's current leader: ignored.
    Ignored,
    /// The leader answered with an error: the fetcher backs off.
    Error,
    /// The logs diverge: truncated to where they agree (`None` if nothing was removed).
    Diverged(Option<Truncation>),
    /// Records appended (maybe none), HW taken; `fetched_bytes` counts for the follower quota.
    Appended { fetched_bytes: u64 },
}

impl Partition {
    /// Kafka's `makeFollower`. With `truncate_to_hw` (pre-0.11 Kafka, outside a scenario's
    /// starting state) the follower drops everything above its own HW before fetching from the
    /// new leader; returns what it dropped.
    pub(super) fn make_follower(&mut self, truncate_to_hw: bool) -> Option<Truncation> {
        self.role = Role::Follower { fetch_lag: None };
        if !truncate_to_hw || self.state().is_none_or(|s| s.leader.is_none()) {
            return None;
        }
        // ⚠ Pre-0.11 Kafka: truncate to the own HW before fetching from the new leader.
        let from = self.log.log_end_offset();
        let to = high_watermark_truncation(self.high_watermark, from);
        let removed = self.log.truncate_to(to);
        Truncation::of(from, to, &removed)
    }

    /// As follower: the leader to fetch from and what to ask it (from this log's end).
    pub(super) fn fetch_request(&self) -> Option<(BrokerId, FetchPartition)> {
        let state = self.state()?;
        let leader = state.leader.filter(|&l| l != self.local())?;
        let request = FetchPartition {
            tp: self.topic_partition().clone(),
            fetch_offset: self.log.log_end_offset(),
            log_start_offset: self.log.log_start_offset(),
            last_fetched_epoch: self.log.latest_epoch(),
            current_leader_epoch: state.leader_epoch,
        };
        Some((leader, request))
    }

    /// Apply one partition of `leader`'s fetch response. `flush_messages` is the topic's
    /// `log.flush.interval.messages`.
    pub(super) fn apply_fetch(
        &mut self,
        leader: BrokerId,
        response: FetchPartitionResponse,
        flush_messages: Option<u64>,
    ) -> FetchApplied {
        if self.is_leader() || self.state().and_then(|s| s.leader) != Some(leader) {
            return FetchApplied::Ignored;
        }
        if response.error.is_some() {
            return FetchApplied::Error;
        }
        if let Some(diverging) = response.diverging_epoch {
            let from = self.log.log_end_offset();
            let decision =
                epoch_truncation(diverging, self.log.epoch_cache(), from, self.high_watermark);
            let removed = self.log.truncate_to(decision.truncate_to);
            self.high_watermark = self.high_watermark.min(self.log.log_end_offset());
            return FetchApplied::Diverged(Truncation::of(from, decision.truncate_to, &removed));
        }
        if let Some(first) = response.batches.first() {
            // The leader's retention deleted what this follower needs next: start over at the
            // leader's log start offset (Kafka's truncateFullyAndStartAt).
            if first.base_offset > self.log.log_end_offset()
                && response.log_start_offset > self.log.log_end_offset()
            {
                self.log = Log::starting_at(response.log_start_offset);
            }
        }
        let fetched_bytes = response_bytes(&response, self.log.log_end_offset());
        for batch in response.batches {
            let leo = self.log.log_end_offset();
            if batch.next_offset() <= leo {
                continue;
            }
            if !self.log.append(batch.suffix_from(leo)) {
                break;
            }
        }
        if flush_messages.is_some_and(|n| self.log.unflushed_records() >= n) {
            self.log.flush(None);
        }
        let leo = self.log.log_end_offset();
        self.role = Role::Follower {
            fetch_lag: Some(response.high_watermark.saturating_sub(leo)),
        };
        self.high_watermark = follower_high_watermark(response.high_watermark, leo);
        self.debug_assert_hw_within_log("follower");
        self.log.apply_retention(self.high_watermark);
        FetchApplied::Appended { fetched_bytes }
    }
}
