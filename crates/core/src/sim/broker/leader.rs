//! The leader's side of a [`Partition`], after Kafka's `Partition.scala`: becoming leader,
//! tracking what each follower's fetches say, proposing ISR changes (`maybeExpandIsr`,
//! `maybeShrinkIsr`), moving the high watermark (`maybeIncrementLeaderHW`) and appending
//! produced records (`appendRecordsToLeader`). Each method returns what changed; the broker
//! sends the messages and records the events.

use super::partition::{FollowerInfo, LeaderState, Partition, Role};
use super::reads::{check_epoch, error_response};
use crate::ids::BrokerId;
use crate::rules::acks_all::refused_before_append;
use crate::rules::high_watermark::{
    follower_holds_high_watermark, high_watermark_candidate, next_leader_high_watermark,
};
use crate::rules::isr::{is_caught_up, is_out_of_sync, may_join_isr, record_follower_fetch};
use crate::rules::truncation::diverging_epoch;
use crate::sim::log::RecordBatch;
use crate::sim::protocol::{ErrorCode, FetchPartition, FetchPartitionResponse, ProduceRequest};
use crate::sim::Ctx;
use crate::vec_map::VecMap;

/// An ISR the leader proposes to the controller (an AlterPartition request).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct IsrProposal {
    pub leader_epoch: u32,
    pub partition_epoch: u32,
    pub new_isr: Vec<BrokerId>,
}

/// Followers found out of sync, each with when it last caught up, and the smaller ISR.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct IsrShrink {
    pub out_of_sync: Vec<(BrokerId, u64)>,
    pub proposal: IsrProposal,
}

/// The leader's HW moved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct HwIncrement {
    pub high_watermark: u64,
    /// The maximal ISR's size now, which Kafka's `DelayedProduce` checks once the HW passes a
    /// write.
    pub maximal_isr_size: u32,
    pub min_isr: u32,
}

/// What a produce request did to the leader's log.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum AppendOutcome {
    NotLeader,
    /// Refused before the append (acks=all below min ISR).
    Refused(ErrorCode),
    /// An idempotent producer's retry of a batch already in the log: the original offsets.
    Duplicate {
        base_offset: u64,
        next_offset: u64,
    },
    Appended {
        base_offset: u64,
        next_offset: u64,
    },
}

impl Partition {
    /// Kafka's `makeLeader`: write (new epoch, LEO) to the epoch cache, and start every
    /// follower unknown. ISR members get a full lag period to fetch before they can be found
    /// out of sync (Kafka resets `lastCaughtUpTime` to now for them).
    pub(super) fn make_leader(&mut self, now_ms: u64) {
        let Some(state) = self.state.as_ref() else {
            return;
        };
        let local = self.local();
        let leo = self.log.log_end_offset();
        self.log.assign_epoch(state.leader_epoch, leo);
        let followers = state.replicas.iter().filter(|&&b| b != local).map(|&b| {
            let caught_up = if state.isr.contains(&b) { now_ms } else { 0 };
            (b, FollowerInfo::unknown(caught_up))
        });
        self.role = Role::Leader(LeaderState {
            followers: VecMap::from_iter(followers),
            pending_isr: None,
            epoch_start_offset: leo,
        });
    }

    /// Still leader in the same epoch: the AlterPartition in flight is answered, and a
    /// reassignment may have changed the replica set. Track the adding replicas (unknown until
    /// they fetch) and forget the removed ones.
    pub(super) fn update_assignment(&mut self) {
        let local = self.local();
        let (Some(state), Role::Leader(leader)) = (self.state.as_ref(), &mut self.role) else {
            return;
        };
        leader.pending_isr = None;
        leader.followers.retain(|b, _| state.replicas.contains(b));
        for &b in state.replicas.iter().filter(|&&b| b != local) {
            leader
                .followers
                .entry(b)
                .or_insert(FollowerInfo::unknown(0));
        }
    }

    /// The controller answered (or not in time): no ISR change is in flight any more.
    /// Returns whether this broker leads the partition.
    pub(super) fn clear_pending_isr(&mut self) -> bool {
        match self.leader_state_mut() {
            Some(leader) => {
                leader.pending_isr = None;
                true
            }
            None => false,
        }
    }

    /// Kafka's `fetchRecords` for a follower up to the read: the leader and epoch checks, the
    /// divergence check (KIP-320), then `updateFollowerFetchState`. `Ok` carries the answer to
    /// fill with records; `Err` the answer to send as it is.
    pub(super) fn update_follower_fetch_state(
        &mut self,
        follower: BrokerId,
        p: &FetchPartition,
        now_ms: u64,
    ) -> Result<FetchPartitionResponse, FetchPartitionResponse> {
        let (Some(state), Role::Leader(leader)) = (self.state.as_ref(), &mut self.role) else {
            return Err(error_response(&p.tp, ErrorCode::NotLeaderOrFollower));
        };
        if let Some(error) = check_epoch(state, p.current_leader_epoch) {
            return Err(error_response(&p.tp, error));
        }
        let leo = self.log.log_end_offset();
        let mut response = FetchPartitionResponse {
            tp: p.tp.clone(),
            error: None,
            high_watermark: self.high_watermark,
            log_start_offset: self.log.log_start_offset(),
            diverging_epoch: None,
            batches: Vec::new(),
            preferred_read_replica: None,
        };
        let cache = self.log.epoch_cache();
        if let Some(diverging) = diverging_epoch(cache, leo, p.fetch_offset, p.last_fetched_epoch) {
            response.diverging_epoch = Some(diverging);
            return Err(response);
        }
        if let Some(info) = leader.followers.get_mut(&follower) {
            info.fetch = record_follower_fetch(info.fetch, p.fetch_offset.min(leo), leo, now_ms);
            info.log_start_offset = p.log_start_offset;
            info.known = true;
        }
        Ok(response)
    }

    /// The records a follower fetches from `fetch_offset`, at most `max_records`.
    pub(super) fn read_records(&self, fetch_offset: u64, max_records: u64) -> Vec<RecordBatch> {
        self.log.read_batches(fetch_offset, max_records)
    }

    /// Kafka's `maybeExpandIsr`: a follower outside the ISR joins once it has reached the HW
    /// and this leader's epoch start, unless an ISR change is already in flight.
    pub(super) fn maybe_expand_isr(&mut self, follower: BrokerId) -> Option<IsrProposal> {
        let (Some(state), Role::Leader(leader)) = (self.state.as_ref(), &mut self.role) else {
            return None;
        };
        if leader.pending_isr.is_some() || state.isr.contains(&follower) {
            return None;
        }
        let info = leader.followers.get(&follower)?;
        // The leader cannot see the follower's fencing in ZooKeeper mode; in KRaft the
        // controller rejects a fenced broker, which comes to the same thing here.
        if !may_join_isr(
            info.fetch.fetch_offset,
            self.high_watermark,
            leader.epoch_start_offset,
            false,
        ) {
            return None;
        }
        let mut new_isr = state.isr.clone();
        new_isr.push(follower);
        Some(propose_isr(leader, state, new_isr))
    }

    /// Kafka's `maybeShrinkIsr` (checked every `replica.lag.time.max.ms / 2`): propose removing
    /// the ISR followers that have not caught up for longer than `lag_ms`.
    pub(super) fn maybe_shrink_isr(&mut self, now_ms: u64, lag_ms: u64) -> Option<IsrShrink> {
        let leo = self.log.log_end_offset();
        let (Some(state), Role::Leader(leader)) = (self.state.as_ref(), &mut self.role) else {
            return None;
        };
        if leader.pending_isr.is_some() {
            return None;
        }
        let out_of_sync: Vec<(BrokerId, u64)> = state
            .isr
            .iter()
            .filter_map(|b| {
                let f = leader.followers.get(b)?;
                is_out_of_sync(&f.fetch, leo, now_ms, lag_ms)
                    .then_some((*b, f.fetch.last_caught_up_time_ms))
            })
            .collect();
        if out_of_sync.is_empty() {
            return None;
        }
        let new_isr = state
            .isr
            .iter()
            .copied()
            .filter(|b| !out_of_sync.iter().any(|(o, _)| o == b))
            .collect();
        let proposal = propose_isr(leader, state, new_isr);
        Some(IsrShrink {
            out_of_sync,
            proposal,
        })
    }

    /// Who holds the leader's HW back, with the offset each has fetched to (Kafka's
    /// `maybeIncrementLeaderHW`): every other member of the maximal ISR (at 0 until its first
    /// fetch in this epoch), and each follower outside it while it is caught up (and, in KRaft,
    /// eligible to join the ISR: `isReplicaIsrEligible`). Empty unless leading.
    pub(crate) fn hw_holders<'a>(
        &'a self,
        ctx: &'a Ctx,
    ) -> impl Iterator<Item = (BrokerId, u64)> + 'a {
        let leader = self.leader_state();
        let local = self.local();
        let leo = self.log.log_end_offset();
        let lag_ms = ctx.config.replica_lag_time_max_ms;
        let in_maximal_isr = move |b: BrokerId| self.maximal_isr_members().any(|m| m == b);
        let isr_members = leader.into_iter().flat_map(move |leader| {
            self.maximal_isr_members()
                .filter(move |&b| b != local)
                .map(move |b| {
                    let fetched = leader.followers.get(&b).filter(|f| f.known);
                    (b, fetched.map_or(0, |f| f.fetch.fetch_offset))
                })
        });
        let caught_up_others = leader.into_iter().flat_map(move |leader| {
            leader
                .followers
                .iter()
                .filter(move |(b, f)| {
                    !in_maximal_isr(**b)
                        && follower_holds_high_watermark(
                            false,
                            is_caught_up(&f.fetch, leo, ctx.now_ms, lag_ms),
                            ctx.isr_eligible_brokers.contains(b),
                            ctx.profile.hw_waits_only_for_isr_eligible_followers(),
                        )
                })
                .map(|(b, f)| (*b, f.fetch.fetch_offset))
        });
        isr_members.chain(caught_up_others)
    }

    /// Kafka's `maybeIncrementLeaderHW`: move the HW as far as its holders
    /// ([`Self::hw_holders`]) allow, and min ISR permits.
    pub(super) fn maybe_increment_leader_hw(&mut self, ctx: &Ctx) -> Option<HwIncrement> {
        self.leader_state()?;
        let state = self.state.as_ref()?;
        let leo = self.log.log_end_offset();
        let holding = self.hw_holders(ctx).map(|(_, offset)| offset);
        let candidate = high_watermark_candidate(leo, holding);
        let min_isr = self.min_isr(ctx)?;
        let new_hw = next_leader_high_watermark(
            self.high_watermark,
            candidate,
            state.isr.len() as u32,
            min_isr,
            ctx.profile.strict_min_isr(),
        );
        if new_hw == self.high_watermark {
            return None;
        }
        self.high_watermark = new_hw;
        self.debug_assert_hw_within_log("leader");
        Some(HwIncrement {
            high_watermark: new_hw,
            maximal_isr_size: self.maximal_isr_members().count() as u32,
            min_isr,
        })
    }

    /// The topic's effective `min.insync.replicas` for this partition's replica count.
    fn min_isr(&self, ctx: &Ctx) -> Option<u32> {
        let replicas = self.state.as_ref()?.replicas.len() as u32;
        Some(
            ctx.topic(&self.topic_partition().topic)
                .effective_min_insync_replicas(replicas, ctx.profile),
        )
    }

    /// Kafka's `appendRecordsToLeader`: refuse an acks=all write below min ISR, answer an
    /// idempotent producer's retry with the original offsets, else append the batch in the
    /// leader's epoch (then retention, and `log.flush.interval.messages`).
    pub(super) fn append_records_to_leader(
        &mut self,
        ctx: &Ctx,
        request: &ProduceRequest,
    ) -> AppendOutcome {
        let (Some(state), true) = (self.state.as_ref(), self.is_leader()) else {
            return AppendOutcome::NotLeader;
        };
        let leader_epoch = state.leader_epoch;
        let isr_size = state.isr.len() as u32;
        let min_isr = self.min_isr(ctx).unwrap_or_default();
        if request.acks == crate::config::Acks::All && refused_before_append(isr_size, min_isr) {
            return AppendOutcome::Refused(ErrorCode::NotEnoughReplicas);
        }
        // Idempotent producer: a retry of a batch already in the log gets the original offset.
        let duplicate = request.producer.and_then(|stamp| {
            self.log
                .recent_batches_of(stamp.producer_id)
                .find(|b| {
                    b.producer.map(|p| p.base_sequence) == Some(stamp.base_sequence)
                        && b.record_count() == request.values.len() as u64
                })
                .map(|b| (b.base_offset, b.next_offset()))
        });
        if let Some((base_offset, next_offset)) = duplicate {
            return AppendOutcome::Duplicate {
                base_offset,
                next_offset,
            };
        }
        let base_offset = self.log.log_end_offset();
        let batch = RecordBatch {
            base_offset,
            leader_epoch,
            producer: request.producer,
            append_time_ms: ctx.now_ms,
            values: request.values.clone().into(),
        };
        let next_offset = batch.next_offset();
        self.log.append(batch);
        self.log.apply_retention(self.high_watermark);
        let flush_messages = ctx.topic(&request.tp.topic).log_flush_interval_messages;
        if flush_messages.is_some_and(|n| self.log.unflushed_records() >= n) {
            self.log.flush(None);
        }
        AppendOutcome::Appended {
            base_offset,
            next_offset,
        }
    }
}

/// Record the proposal as in flight (the leader waits for its answer before the next one).
fn propose_isr(
    leader: &mut LeaderState,
    state: &crate::partition_state::PartitionState,
    new_isr: Vec<BrokerId>,
) -> IsrProposal {
    leader.pending_isr = Some(new_isr.clone());
    IsrProposal {
        leader_epoch: state.leader_epoch,
        partition_epoch: state.partition_epoch,
        new_isr,
    }
}
