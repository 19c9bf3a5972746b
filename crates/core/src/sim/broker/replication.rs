//! What the broker does with the changes of the partitions it leads: ISR proposals go to the
//! controller as AlterPartition (with a timeout to ask again), followers found out of sync are
//! traced, and an HW move answers held produces and wakes held fetches.

use super::leader::IsrProposal;
use super::Broker;
use crate::ids::{BrokerId, NodeId, TopicPartition};
use crate::sim::protocol::Message;
use crate::sim::trace::EventKind;
use crate::sim::{Ctx, Outbox, Timer, ALTER_PARTITION_TIMEOUT_MS};

impl Broker {
    /// A follower fetched: it may join the ISR.
    pub(super) fn maybe_expand_isr(
        &mut self,
        ctx: &Ctx,
        out: &mut Outbox,
        tp: &TopicPartition,
        follower: BrokerId,
    ) {
        let proposal = self
            .partitions
            .get_mut(tp)
            .and_then(|p| p.maybe_expand_isr(follower));
        if let Some(proposal) = proposal {
            send_alter_partition(ctx, out, tp, proposal);
        }
    }

    /// The periodic check (every `replica.lag.time.max.ms / 2`): propose removing followers
    /// that have not caught up for longer than the lag limit.
    pub(super) fn shrink_isrs(&mut self, ctx: &Ctx, out: &mut Outbox) {
        let lag_max_ms = ctx.config.replica_lag_time_max_ms;
        for (tp, partition) in &mut self.partitions {
            let Some(shrink) = partition.maybe_shrink_isr(ctx.now_ms, lag_max_ms) else {
                continue;
            };
            for (follower, caught_up_ms) in shrink.out_of_sync {
                out.events.push(EventKind::FollowerOutOfSync {
                    tp: tp.clone(),
                    leader: self.id,
                    follower,
                    caught_up_ms,
                    lag_max_ms,
                });
            }
            send_alter_partition(ctx, out, tp, shrink.proposal);
        }
    }

    /// Move the leader's HW as far as the maximal ISR and the caught-up followers allow, then
    /// answer waiting acks=all produces and wake fetches that can now return.
    pub(super) fn maybe_advance_high_watermark(
        &mut self,
        ctx: &Ctx,
        out: &mut Outbox,
        tp: &TopicPartition,
    ) {
        let Some(moved) = self
            .partitions
            .get_mut(tp)
            .and_then(|p| p.maybe_increment_leader_hw(ctx))
        else {
            return;
        };
        self.complete_held_produces(
            out,
            tp,
            moved.high_watermark,
            moved.maximal_isr_size,
            moved.min_isr,
        );
        self.wake_held_fetches(ctx, out, tp, true);
    }
}

/// Ask the controller for the proposed ISR; if no answer comes within the timeout, the leader
/// may propose again.
fn send_alter_partition(ctx: &Ctx, out: &mut Outbox, tp: &TopicPartition, proposal: IsrProposal) {
    out.sends.push((
        NodeId::Controller,
        Message::AlterPartition {
            tp: tp.clone(),
            leader_epoch: proposal.leader_epoch,
            partition_epoch: proposal.partition_epoch,
            new_isr: proposal.new_isr,
        },
    ));
    out.timers.push((
        ctx.now_ms + ALTER_PARTITION_TIMEOUT_MS,
        Timer::AlterPartitionTimeout {
            tp: tp.clone(),
            partition_epoch: proposal.partition_epoch,
        },
    ));
}
