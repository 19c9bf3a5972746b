//! The consumers: each fetches every partition of its topic from the leader or a read
//! replica, checks its position after a leader change (KIP-320), and resets an out-of-range
//! position by `auto.offset.reset`.

use super::{Clients, ConsumedRecord, KEEP_CONSUMED};
use crate::config::AutoOffsetReset;
use crate::ids::{BrokerId, NodeId, TopicPartition};
use crate::partition_state::PartitionState;
use crate::rules::offset_reset::{complete_validation, ValidationOutcome};
use crate::rules::truncation::EpochEndOffset;
use crate::sim::protocol::{ErrorCode, FetchPartition, FetchPartitionResponse, Message};
use crate::sim::trace::EventKind;
use crate::sim::{Ctx, Outbox, Timer};
use crate::vec_map::VecMap;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Consumer {
    pub topic: String,
    pub client_rack: Option<String>,
    /// Per partition: next offset, epoch of the last record read, and the replica to read from.
    pub positions: VecMap<u32, ConsumerPosition>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConsumerPosition {
    pub offset: u64,
    pub last_epoch: Option<u32>,
    pub read_replica: Option<BrokerId>,
    /// When the read replica's lease ends: `metadata.max.age.ms` after the leader named it.
    pub read_replica_until_ms: u64,
    /// The partition's leader changed since this position was read: it is checked with an
    /// OffsetsForLeaderEpoch before the next fetch (KIP-320's AWAIT_VALIDATION).
    pub awaiting_validation: bool,
    /// The position must be reset by `auto.offset.reset` (a ListOffsets to the leader) before
    /// the next fetch (Kafka's AWAIT_RESET).
    pub awaiting_reset: bool,
    /// The position was out of range with `auto.offset.reset=none`: `poll()` threw to the
    /// application, which reads this partition no further.
    pub failed: bool,
    pub(super) in_flight: Option<u64>,
}

impl ConsumerPosition {
    /// The request this position needs next: a reset (ListOffsets) to the leader, a position
    /// check (OffsetsForLeaderEpoch) to the leader, or a fetch from the read replica or the
    /// leader; with the node it goes to.
    fn next_request(
        &self,
        ctx: &Ctx,
        tp: TopicPartition,
        state: &PartitionState,
        leader: BrokerId,
        session: u64,
        client_rack: Option<String>,
    ) -> (NodeId, Message) {
        if self.awaiting_reset {
            (
                NodeId::Broker(leader),
                Message::ListOffsets {
                    request_id: session,
                    tp,
                    current_leader_epoch: state.leader_epoch,
                    earliest: ctx.config.auto_offset_reset == AutoOffsetReset::Earliest,
                },
            )
        } else {
            match self.last_epoch.filter(|_| self.awaiting_validation) {
                Some(leader_epoch) => (
                    NodeId::Broker(leader),
                    Message::OffsetsForLeaderEpoch {
                        request_id: session,
                        tp,
                        current_leader_epoch: state.leader_epoch,
                        leader_epoch,
                    },
                ),
                // Kafka's consumer sends no last fetched epoch (`AbstractFetch`): its position is
                // checked by OffsetsForLeaderEpoch when the leader changes instead.
                None => (
                    NodeId::Broker(self.read_replica.unwrap_or(leader)),
                    Message::Fetch {
                        replica_id: None,
                        fetcher_id: 0,
                        session,
                        partitions: vec![FetchPartition {
                            tp,
                            fetch_offset: self.offset,
                            log_start_offset: 0,
                            last_fetched_epoch: None,
                            current_leader_epoch: state.leader_epoch,
                        }],
                        client_rack,
                    },
                ),
            }
        }
    }
}

impl Clients {
    pub(crate) fn add_consumer(
        &mut self,
        ctx: &Ctx,
        out: &mut Outbox,
        topic: &str,
        client_rack: Option<String>,
    ) {
        let count = self.topics.get(topic).map_or(0, |t| t.partitions);
        let positions = VecMap::from_iter((0..count).map(|p| (p, ConsumerPosition::default())));
        self.consumers.push(Consumer {
            topic: topic.to_string(),
            client_rack,
            positions,
        });
        self.fetch_all(ctx, out);
    }

    pub(super) fn fetch_all(&mut self, ctx: &Ctx, out: &mut Outbox) {
        for c in 0..self.consumers.len() {
            let partitions: Vec<u32> = self.consumers[c].positions.keys().copied().collect();
            for p in partitions {
                self.consumer_fetch(ctx, out, c, p);
            }
        }
    }

    fn consumer_fetch(&mut self, ctx: &Ctx, out: &mut Outbox, c: usize, partition: u32) {
        let tp = self.partition_id(&self.consumers[c].topic, partition);
        let Some(state) = self.metadata.get(&tp).cloned() else {
            self.request_metadata(ctx, out);
            return;
        };
        let Some(leader) = state.leader else { return };
        let session = self.request_id();
        let consumer = &mut self.consumers[c];
        let client_rack = consumer.client_rack.clone();
        let Some(pos) = consumer.positions.get_mut(&partition) else {
            return;
        };
        if pos.in_flight.is_some() || pos.failed {
            return;
        }
        // KIP-392: the preferred read replica is kept only until metadata.max.age.ms after the
        // leader named it (`SubscriptionState.preferredReadReplica` drops it once expired);
        // then the leader is asked again, and it names only in-sync replicas.
        if pos.read_replica.is_some() && ctx.now_ms >= pos.read_replica_until_ms {
            pos.read_replica = None;
        }
        pos.in_flight = Some(session);
        let request = pos.next_request(ctx, tp, &state, leader, session, client_rack);
        out.sends.push(request);
        out.timers.push((
            ctx.now_ms + ctx.config.request_timeout_ms,
            Timer::ConsumerFetchTimeout {
                consumer: c as u32,
                session,
            },
        ));
    }

    /// The partition of a consumer's request in flight `request_id`.
    pub(super) fn consumer_request_tp(&self, request_id: u64) -> Option<TopicPartition> {
        self.consumers.iter().find_map(|c| {
            c.positions
                .iter()
                .find(|(_, p)| p.in_flight == Some(request_id))
                .map(|(&partition, _)| self.partition_id(&c.topic, partition))
        })
    }

    /// The partition's leader changed: positions read under an earlier leader are checked
    /// before the next fetch (Kafka's `SubscriptionState.maybeValidatePositionForCurrentLeader`;
    /// a position without an epoch has nothing to check).
    pub(super) fn validate_positions(&mut self, tp: &TopicPartition) {
        for consumer in self.consumers.iter_mut().filter(|c| *c.topic == *tp.topic) {
            if let Some(pos) = consumer.positions.get_mut(&tp.partition) {
                pos.awaiting_validation = pos.last_epoch.is_some();
                pos.read_replica = None;
            }
        }
    }

    /// The leader's answer to a position check (Kafka's
    /// `SubscriptionState.maybeCompleteValidation`, see [`complete_validation`]): if the epoch of
    /// the last record read ends before the position, the log was truncated under the consumer,
    /// which goes back to where the logs agree; an unknown epoch is reset by
    /// `auto.offset.reset`. With `none` either stops the consumer, as its `poll()` throws
    /// `LogTruncationException`.
    pub(super) fn validation_response(
        &mut self,
        ctx: &Ctx,
        out: &mut Outbox,
        request_id: u64,
        tp: &TopicPartition,
        error: Option<ErrorCode>,
        end: EpochEndOffset,
    ) {
        let Some(c) = self.take_answer(ctx, out, tp, request_id, error.is_some()) else {
            return;
        };
        let Some(pos) = self.consumers[c].positions.get_mut(&tp.partition) else {
            return;
        };
        pos.awaiting_validation = false;
        match complete_validation(ctx.config.auto_offset_reset, pos.offset, end) {
            ValidationOutcome::Valid => {}
            ValidationOutcome::SeekTo { offset, epoch } => {
                pos.offset = offset;
                pos.last_epoch = Some(epoch);
                out.events.push(EventKind::ConsumerTruncationDetected {
                    tp: tp.clone(),
                    offset,
                });
            }
            ValidationOutcome::Reset => pos.awaiting_reset = true,
            ValidationOutcome::LogTruncation { divergent_offset } => {
                pos.failed = true;
                out.events.push(EventKind::ConsumerOffsetOutOfRange {
                    tp: tp.clone(),
                    offset: pos.offset,
                    truncated: true,
                    divergent_offset,
                });
            }
        }
        self.consumer_fetch(ctx, out, c, tp.partition);
    }

    /// The position of consumer `c` on `tp` is out of range: reset it by `auto.offset.reset` at
    /// the next fetch, or with `none` stop, as the application's `poll()` throws.
    fn request_reset(&mut self, ctx: &Ctx, out: &mut Outbox, c: usize, tp: &TopicPartition) {
        let Some(pos) = self.consumers[c].positions.get_mut(&tp.partition) else {
            return;
        };
        let policy = ctx.config.auto_offset_reset;
        if policy == AutoOffsetReset::None {
            pos.failed = true;
            out.events.push(EventKind::ConsumerOffsetOutOfRange {
                tp: tp.clone(),
                offset: pos.offset,
                truncated: false,
                divergent_offset: None,
            });
        } else {
            pos.awaiting_reset = true;
        }
    }

    /// The leader's answer to a reset: the consumer goes to `offset` (`SubscriptionState
    /// .maybeSeekUnvalidated`), in the leader's epoch.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn reset_response(
        &mut self,
        ctx: &Ctx,
        out: &mut Outbox,
        request_id: u64,
        tp: &TopicPartition,
        error: Option<ErrorCode>,
        offset: u64,
        leader_epoch: u32,
    ) {
        let Some(c) = self.take_answer(ctx, out, tp, request_id, error.is_some()) else {
            return;
        };
        let Some(pos) = self.consumers[c].positions.get_mut(&tp.partition) else {
            return;
        };
        let from = pos.offset;
        pos.offset = offset;
        pos.last_epoch = Some(leader_epoch);
        pos.awaiting_reset = false;
        pos.awaiting_validation = false;
        out.events.push(EventKind::ConsumerOffsetReset {
            tp: tp.clone(),
            from,
            to: offset,
            policy: ctx.config.auto_offset_reset.name(),
        });
        self.consumer_fetch(ctx, out, c, tp.partition);
    }

    /// A consumer's answer to `request_id` on `tp` (a fetch or a position check), taken once:
    /// no longer in flight, its timeout cancelled. The consumer's index, unless the answer is
    /// stale or `failed`: then the consumer drops any read replica, retries after
    /// `retry.backoff.ms` and asks for fresh metadata.
    pub(super) fn take_answer(
        &mut self,
        ctx: &Ctx,
        out: &mut Outbox,
        tp: &TopicPartition,
        request_id: u64,
        failed: bool,
    ) -> Option<usize> {
        // Request ids are unique across consumers: the one waiting for it is the one answered
        // (several consumers may read the same partition).
        let c = self.consumers.iter().position(|c| {
            *c.topic == *tp.topic
                && c.positions
                    .get(&tp.partition)
                    .is_some_and(|p| p.in_flight == Some(request_id))
        })?;
        let pos = self.consumers[c].positions.get_mut(&tp.partition)?;
        pos.in_flight = None;
        out.cancels.push(Timer::ConsumerFetchTimeout {
            consumer: c as u32,
            session: request_id,
        });
        if failed {
            pos.read_replica = None;
            out.timers.push((
                ctx.now_ms + ctx.config.retry_backoff_ms,
                Timer::ConsumerRetry { consumer: c as u32 },
            ));
            self.request_metadata(ctx, out);
            return None;
        }
        Some(c)
    }

    pub(super) fn consumer_response(
        &mut self,
        ctx: &Ctx,
        out: &mut Outbox,
        session: u64,
        response: FetchPartitionResponse,
    ) {
        let out_of_range = response.error == Some(ErrorCode::OffsetOutOfRange);
        let failed = response.error.is_some() && !out_of_range;
        let Some(c) = self.take_answer(ctx, out, &response.tp, session, failed) else {
            return;
        };
        let partition = response.tp.partition;
        if out_of_range {
            // A read replica that lacks the offset is dropped and the leader asked again
            // (FetchCollector.handleInitializeErrors); only the leader's answer resets.
            let from_replica = self.consumers[c]
                .positions
                .get_mut(&partition)
                .and_then(|pos| pos.read_replica.take())
                .is_some();
            if !from_replica {
                self.request_reset(ctx, out, c, &response.tp);
            }
            self.consumer_fetch(ctx, out, c, partition);
            return;
        }
        let Some(pos) = self.consumers[c].positions.get_mut(&partition) else {
            return;
        };
        if let Some(replica) = response.preferred_read_replica {
            // FetchCollector: the lease runs metadata.max.age.ms from now.
            pos.read_replica = Some(replica);
            pos.read_replica_until_ms = ctx.now_ms.saturating_add(ctx.config.metadata_max_age_ms);
        } else {
            for batch in &response.batches {
                for (offset, value) in (batch.base_offset..).zip(batch.values.iter()) {
                    if offset >= pos.offset {
                        if self.consumed.len() >= KEEP_CONSUMED {
                            self.consumed.pop_front();
                            self.consumed_folded += 1;
                        }
                        self.consumed.push_back(ConsumedRecord {
                            consumer: c as u32,
                            tp: response.tp.clone(),
                            offset,
                            value: value.clone(),
                        });
                        pos.offset = offset + 1;
                        pos.last_epoch = Some(batch.leader_epoch);
                    }
                }
            }
        }
        self.consumer_fetch(ctx, out, c, partition);
    }
}
