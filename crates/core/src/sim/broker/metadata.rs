//! The partition states a broker learns from the controller (a change, a snapshot, the answer
//! to its AlterPartition) and what they make of its partitions: leader, follower, or gone.

use super::partition::{Partition, Transition};
use super::Broker;
use crate::partition_state::PartitionState;
use crate::sim::log::Log;
use crate::sim::protocol::Message;
use crate::sim::trace::TruncationReason;
use crate::sim::{Ctx, Outbox};

impl Broker {
    /// A PartitionChange, MetadataSnapshot or AlterPartitionResponse from the controller.
    pub(super) fn handle_metadata(&mut self, ctx: &Ctx, out: &mut Outbox, message: Message) {
        match message {
            Message::PartitionChange { broker_epoch, .. }
            | Message::MetadataSnapshot { broker_epoch, .. }
                if broker_epoch != self.broker_epoch => {}
            Message::PartitionChange { state, version, .. } => {
                if version == self.metadata_version + 1 {
                    self.metadata_version = version;
                }
                self.apply_partition_state(ctx, out, state);
            }
            Message::MetadataSnapshot {
                partitions,
                version,
                ..
            } => {
                for state in partitions {
                    self.apply_partition_state(ctx, out, state);
                }
                self.metadata_version = self.metadata_version.max(version);
            }
            Message::AlterPartitionResponse { tp, state } => {
                // Only the leader that asked acts on the answer (not a later incarnation).
                let leads = self
                    .partitions
                    .get_mut(&tp)
                    .is_some_and(Partition::clear_pending_isr);
                if let Some(state) = state.filter(|_| leads) {
                    self.apply_partition_state(ctx, out, state);
                }
            }
            _ => {}
        }
    }

    /// Apply a partition state from the controller if it is newer than what this broker has,
    /// becoming leader or follower as it says.
    fn apply_partition_state(&mut self, ctx: &Ctx, out: &mut Outbox, state: PartitionState) {
        let tp = state.tp.clone();
        let newer = |old: &PartitionState| {
            (state.leader_epoch, state.partition_epoch) > (old.leader_epoch, old.partition_epoch)
        };
        if self.metadata.get(&tp).is_some_and(|old| !newer(old)) {
            return;
        }
        self.metadata.insert(tp.clone(), state.clone());
        if !state.replicas.contains(&self.id) {
            if self.partitions.remove(&tp).is_some() {
                self.fail_held_produces(&tp, out);
            }
            return;
        }
        let id = self.id;
        let partition = self
            .partitions
            .entry(tp.clone())
            .or_insert_with(|| Partition::new(tp.clone(), id, Log::default(), 0));
        match partition.update_state(state) {
            Transition::BecomeLeader => {
                partition.make_leader(ctx.now_ms);
                self.maybe_advance_high_watermark(ctx, out, &tp);
            }
            Transition::StayLeader => {
                partition.update_assignment();
                self.maybe_advance_high_watermark(ctx, out, &tp);
            }
            Transition::BecomeFollower => self.become_follower(ctx, out, &tp),
            Transition::StayFollower => {}
        }
        self.send_fetches(ctx, out);
    }

    /// Any fetcher slot pointing at the partition's old leader is left to finish; a response
    /// from an old leader is ignored partition by partition (the fetcher checks the leader).
    fn become_follower(&mut self, ctx: &Ctx, out: &mut Outbox, tp: &crate::ids::TopicPartition) {
        self.fail_held_produces(tp, out);
        // A scenario's starting state is history: the broker was already this leader's follower,
        // so installing it is not becoming one and truncates nothing.
        let truncate_to_hw = !ctx.profile.uses_leader_epoch_truncation() && !self.installing;
        let Some(partition) = self.partitions.get_mut(tp) else {
            return;
        };
        if let Some(t) = partition.make_follower(truncate_to_hw) {
            out.events
                .push(t.event(tp, self.id, TruncationReason::HighWatermark));
        }
    }
}
