//! The broker answering Produce requests: the leader's partition appends, and an acks=all
//! request is held until the HW passes its last offset (Kafka's `DelayedProduce`), times out,
//! or fails when this broker stops leading.

use super::leader::AppendOutcome;
use super::Broker;
use crate::config::Acks;
use crate::ids::{NodeId, TopicPartition};
use crate::rules::acks_all::not_enough_replicas_after_append;
use crate::sim::protocol::{ErrorCode, Message, ProduceRequest};
use crate::sim::{Ctx, Outbox, Timer};

/// An acks=all produce waiting for the HW to pass its last offset (Kafka's DelayedProduce).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct HeldProduce {
    hold_id: u64,
    pub(super) from: NodeId,
    pub(super) request_id: u64,
    tp: TopicPartition,
    base_offset: u64,
    required_offset: u64,
}

impl Broker {
    /// The acks=all produce requests this leader holds for `tp`, each with the offset the HW
    /// must reach before it is answered and the hold id of its `request.timeout.ms` timer.
    pub(crate) fn held_produces_for<'a>(
        &'a self,
        tp: &'a TopicPartition,
    ) -> impl Iterator<Item = (u64, u64)> + 'a {
        self.held_produces
            .iter()
            .filter(move |h| &h.tp == tp)
            .map(|h| (h.required_offset, h.hold_id))
    }

    pub(super) fn handle_produce(
        &mut self,
        ctx: &Ctx,
        out: &mut Outbox,
        from: NodeId,
        request: ProduceRequest,
    ) {
        let respond = |out: &mut Outbox, error: Option<ErrorCode>, base_offset: Option<u64>| {
            if request.acks != Acks::Zero {
                out.sends.push((
                    from,
                    Message::ProduceResponse {
                        request_id: request.request_id,
                        error,
                        base_offset,
                    },
                ));
            }
        };
        let Some(partition) = self.partitions.get_mut(&request.tp) else {
            return respond(out, Some(ErrorCode::NotLeaderOrFollower), None);
        };
        let hw = partition.high_watermark();
        match partition.append_records_to_leader(ctx, &request) {
            AppendOutcome::NotLeader => respond(out, Some(ErrorCode::NotLeaderOrFollower), None),
            AppendOutcome::Refused(error) => respond(out, Some(error), None),
            AppendOutcome::Duplicate {
                base_offset,
                next_offset,
            } => {
                if request.acks == Acks::All && hw < next_offset {
                    self.hold_produce(ctx, out, from, &request, base_offset, next_offset);
                } else {
                    respond(out, None, Some(base_offset));
                }
            }
            AppendOutcome::Appended {
                base_offset,
                next_offset,
            } => {
                match request.acks {
                    Acks::Zero => {}
                    Acks::One => respond(out, None, Some(base_offset)),
                    Acks::All => {
                        self.hold_produce(ctx, out, from, &request, base_offset, next_offset)
                    }
                }
                self.wake_held_fetches(ctx, out, &request.tp, false);
                self.maybe_advance_high_watermark(ctx, out, &request.tp);
            }
        }
    }

    /// Hold an acks=all request until the HW reaches `required_offset` or
    /// `request.timeout.ms` passes.
    fn hold_produce(
        &mut self,
        ctx: &Ctx,
        out: &mut Outbox,
        from: NodeId,
        request: &ProduceRequest,
        base_offset: u64,
        required_offset: u64,
    ) {
        let hold_id = self.fresh_id();
        self.held_produces.push(HeldProduce {
            hold_id,
            from,
            request_id: request.request_id,
            tp: request.tp.clone(),
            base_offset,
            required_offset,
        });
        out.timers.push((
            ctx.now_ms + ctx.topic(&request.tp.topic).request_timeout_ms,
            Timer::ProduceTimeout { hold_id },
        ));
    }

    /// Stop holding the produce with this hold id (its timeout fired).
    pub(super) fn take_held_produce(&mut self, hold_id: u64) -> Option<HeldProduce> {
        let i = self
            .held_produces
            .iter()
            .position(|h| h.hold_id == hold_id)?;
        Some(self.held_produces.remove(i))
    }

    /// The HW of `tp` reached `high_watermark`: answer the produces it passed. Kafka's
    /// DelayedProduce re-checks the maximal ISR's size once the HW has passed the write.
    pub(super) fn complete_held_produces(
        &mut self,
        out: &mut Outbox,
        tp: &TopicPartition,
        high_watermark: u64,
        maximal_isr_size: u32,
        min_isr: u32,
    ) {
        let (done, waiting): (Vec<_>, Vec<_>) = self
            .held_produces
            .drain(..)
            .partition(|h| &h.tp == tp && h.required_offset <= high_watermark);
        self.held_produces = waiting;
        for held in done {
            out.cancels.push(Timer::ProduceTimeout {
                hold_id: held.hold_id,
            });
            let error = not_enough_replicas_after_append(maximal_isr_size, min_isr)
                .then_some(ErrorCode::NotEnoughReplicasAfterAppend);
            out.sends.push((
                held.from,
                Message::ProduceResponse {
                    request_id: held.request_id,
                    error,
                    base_offset: Some(held.base_offset),
                },
            ));
        }
    }

    /// This broker no longer leads `tp`: every produce held for it fails.
    pub(super) fn fail_held_produces(&mut self, tp: &TopicPartition, out: &mut Outbox) {
        let (failed, kept): (Vec<_>, Vec<_>) =
            self.held_produces.drain(..).partition(|h| &h.tp == tp);
        self.held_produces = kept;
        for held in failed {
            out.cancels.push(Timer::ProduceTimeout {
                hold_id: held.hold_id,
            });
            out.sends.push((
                held.from,
                Message::ProduceResponse {
                    request_id: held.request_id,
                    error: Some(ErrorCode::NotLeaderOrFollower),
                    base_offset: None,
                },
            ));
        }
    }
}
