//! The producer: partitions each record, batches it per partition, sends one request at a
//! time per partition, retries and expires batches (`delivery.timeout.ms`), and runs the
//! steady produce rates.
//!
//! Simplifications, each chosen so behaviour stays Kafka's where it matters: the producer keeps
//! one request in flight per partition (`max.in.flight.requests.per.connection=1`, which keeps
//! per-partition order with or without idempotence). Records without key or partition go to one
//! "sticky" partition until its batch is sent, then the next partition (KIP-794's default
//! partitioner since 3.3, with partitions taken in turn rather than weighted by queue size).

use super::{Clients, ProduceOutcome, ProducedRecord, ProducedRecords};
use crate::config::Acks;
use crate::ids::{BrokerId, NodeId, TopicPartition};
use crate::partitioner::partition_for_key;
use crate::rules::delivery::{can_retry, delivery_deadline_ms, has_reached_delivery_timeout};
use crate::sim::log::{ProducerStamp, Value};
use crate::sim::protocol::{ErrorCode, Message, ProduceRequest};
use crate::sim::trace::EventKind;
use crate::sim::{Ctx, Outbox, Timer, MAX_RECORDS_PER_BATCH};
use std::collections::VecDeque;
use std::sync::Arc;

/// Where the producer's records for one partition stand: what a learner needs to see why they
/// wait.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProducerQueueView {
    /// Records not yet sent (batching, or waiting behind the request in flight).
    pub waiting: u64,
    /// Records in the request on the wire or held by the leader, and when it times out.
    pub in_flight: u64,
    /// A failed batch waits to be sent again until this time (`retry.backoff.ms`).
    pub retry: Option<(u64, u64)>,
    /// The producer's metadata names a leader for the partition.
    pub leader_known: bool,
    /// When the oldest of these records was sent (`send()`): it fails with a
    /// `TimeoutException` `delivery.timeout.ms` later unless acknowledged.
    pub oldest_created_ms: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct PartitionQueue {
    waiting: VecDeque<u32>,
    /// A batch that failed and is sent again exactly as it was (Kafka retries the same
    /// ProducerBatch, so its sequence numbers and records never change).
    retry_batch: Option<Vec<u32>>,
    pub(super) in_flight: Option<(u64, Vec<u32>)>,
    /// The broker the request in flight went to, and when.
    pub(super) in_flight_to: Option<(BrokerId, u64)>,
    retry_at_ms: u64,
    next_sequence: u32,
}

impl PartitionQueue {
    /// The acks of the next batch and how many waiting records it takes: the records that
    /// follow the first with the same acks, up to `MAX_RECORDS_PER_BATCH`, or just the first
    /// when it may not share a batch.
    fn next_batch(&self, records: &ProducedRecords) -> (Acks, usize) {
        let first = self
            .retry_batch
            .as_ref()
            .and_then(|b| b.first())
            .or(self.waiting.front())
            .copied()
            .unwrap_or(0);
        let acks = records[first].acks;
        let take = if records[first].batchable {
            self.waiting
                .iter()
                .take_while(|&&i| records[i].batchable && records[i].acks == acks)
                .take(MAX_RECORDS_PER_BATCH)
                .count()
        } else {
            1
        };
        (acks, take)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProduceRate {
    pub topic: String,
    pub per_second: u32,
    pub until_ms: Option<u64>,
    pub acks: Option<Acks>,
    pub started_ms: u64,
    pub emitted: u64,
}

impl ProduceRate {
    /// Whether the rate still sends records after `now_ms`.
    pub fn is_running(&self, now_ms: u64) -> bool {
        self.per_second > 0 && self.until_ms.is_none_or(|u| u > now_ms)
    }
}

impl Clients {
    /// The producer's records for `tp` that are not finished yet, and what holds them; `None`
    /// when it has none.
    pub fn producer_queue(&self, tp: &TopicPartition, now_ms: u64) -> Option<ProducerQueueView> {
        let q = self.queues.get(tp)?;
        let in_flight = q
            .in_flight
            .as_ref()
            .map_or(0, |(_, batch)| batch.len() as u64);
        let retrying = q.retry_batch.as_ref().map_or(0, |batch| batch.len() as u64);
        let view = ProducerQueueView {
            waiting: q.waiting.len() as u64,
            in_flight,
            retry: (retrying > 0 && q.retry_at_ms > now_ms).then_some((retrying, q.retry_at_ms)),
            leader_known: self.metadata.get(tp).is_some_and(|s| s.leader.is_some()),
            oldest_created_ms: Self::oldest_unfinished(q)
                .map_or(now_ms, |i| self.records[i].created_ms),
        };
        (view.waiting + view.in_flight + retrying > 0).then_some(view)
    }

    /// The next `m…` value (numbered across the whole scenario).
    pub fn next_value(&mut self) -> Value {
        self.next_produced_value += 1;
        Value::Produced(self.next_produced_value)
    }

    /// The partition a record goes to. A topic the clients do not know counts as one
    /// partition: its records go to partition 0 unless they name another.
    fn choose_partition(
        &mut self,
        topic: &str,
        partition: Option<u32>,
        key: Option<&str>,
    ) -> TopicPartition {
        let Some(t) = self.topics.get_mut(topic) else {
            return TopicPartition::new(topic, partition.unwrap_or(0));
        };
        let count = t.partitions;
        let p = match (partition, key) {
            (Some(p), _) => p,
            (None, Some(key)) => partition_for_key(key.as_bytes(), count),
            (None, None) => {
                let p = t.sticky.unwrap_or(0) % count.max(1);
                // A full batch sends at once, so stickiness moves on too.
                let tp = TopicPartition {
                    topic: Arc::clone(&t.name),
                    partition: p,
                };
                let full = self
                    .queues
                    .get(&tp)
                    .is_some_and(|q| q.waiting.len() + 1 >= MAX_RECORDS_PER_BATCH);
                t.sticky = Some(if full { (p + 1) % count.max(1) } else { p });
                return tp;
            }
        };
        TopicPartition {
            topic: Arc::clone(&t.name),
            partition: p,
        }
    }

    /// Queue one record for sending.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn produce(
        &mut self,
        ctx: &Ctx,
        out: &mut Outbox,
        topic: &str,
        partition: Option<u32>,
        key: Option<&str>,
        value: Value,
        acks: Option<Acks>,
        batchable: bool,
    ) {
        let tp = self.choose_partition(topic, partition, key);
        let index = self.records.push(ProducedRecord {
            value,
            tp: tp.clone(),
            acks: acks.unwrap_or(ctx.config.acks),
            outcome: ProduceOutcome::Pending,
            offset: None,
            created_ms: ctx.now_ms,
            attempts: 0,
            sequence: None,
            batchable,
        });
        let queue = self.queues.entry(tp.clone()).or_default();
        let starts_batch = queue.waiting.is_empty();
        if Self::oldest_unfinished(queue).is_none() {
            // The new record is the oldest: its delivery deadline is the next expiry. (Later
            // records are younger; a timer left behind by finished ones fires early and moves
            // on to the oldest then.)
            let deadline =
                delivery_deadline_ms(ctx.now_ms, ctx.config.effective_delivery_timeout_ms());
            out.timers
                .push((deadline, Timer::ProducerExpiry { tp: tp.clone() }));
        }
        queue.waiting.push_back(index);
        // linger.ms counts from the first record of a batch; later records ride along.
        if ctx.config.linger_ms > 0 && starts_batch {
            out.timers.push((
                ctx.now_ms + ctx.config.linger_ms,
                Timer::ProducerSend { tp },
            ));
        } else if ctx.config.linger_ms == 0 {
            self.send_next(ctx, out, &tp);
        }
    }

    /// Send the next request for `tp` if none is in flight and the leader is known.
    pub(super) fn send_next(&mut self, ctx: &Ctx, out: &mut Outbox, tp: &TopicPartition) {
        let Some(leader) = self.leader_to_send_to(ctx, out, tp) else {
            return;
        };
        let Some(queue) = self.queues.get(tp) else {
            return;
        };
        let (acks, take) = queue.next_batch(&self.records);
        let request_id = self.request_id();
        let idempotent = ctx.config.effective_idempotence_for(acks);
        let Some(indices) = self.take_batch(tp, take, idempotent) else {
            return;
        };
        let producer = self.records[indices[0]]
            .sequence
            .map(|base_sequence| ProducerStamp {
                producer_id: self.producer_id,
                base_sequence,
            });
        let values = indices
            .iter()
            .map(|&i| self.records[i].value.clone())
            .collect();
        out.sends.push((
            NodeId::Broker(leader),
            Message::Produce(ProduceRequest {
                request_id,
                tp: tp.clone(),
                acks,
                producer,
                values,
            }),
        ));
        if acks == Acks::Zero {
            // Fire and forget: the send itself completes the record, with no offset.
            for &i in &indices {
                self.records[i].outcome = ProduceOutcome::Acked;
            }
            self.send_next(ctx, out, tp);
        } else {
            self.await_answer(ctx, out, tp, leader, request_id, indices);
        }
    }

    /// The leader to send `tp`'s next request to, when one may go now: none is in flight,
    /// something waits, no retry backoff runs, the leader is known (else ask for metadata) and
    /// its connection is not backing off (else come back when it ends).
    fn leader_to_send_to(
        &mut self,
        ctx: &Ctx,
        out: &mut Outbox,
        tp: &TopicPartition,
    ) -> Option<BrokerId> {
        let queue = self.queues.get(tp)?;
        let nothing_to_send = queue.waiting.is_empty() && queue.retry_batch.is_none();
        if queue.in_flight.is_some() || nothing_to_send || queue.retry_at_ms > ctx.now_ms {
            return None;
        }
        let Some(leader) = self.metadata.get(tp).and_then(|s| s.leader) else {
            self.request_metadata(ctx, out);
            return None;
        };
        // A broker whose connection failed is not tried again before its reconnect backoff
        // ends; the batch waits in the accumulator meanwhile, without an error.
        if let Some(until) = self.backoff_until(leader, ctx.now_ms) {
            out.timers
                .push((until, Timer::ProducerRetry { tp: tp.clone() }));
            return None;
        }
        Some(leader)
    }

    /// Take the next batch of `tp` (the one to retry, or the first `take` waiting records):
    /// unkeyed records move on to the next sticky partition, and each record counts an
    /// attempt and, when idempotent, gets its sequence number once.
    fn take_batch(
        &mut self,
        tp: &TopicPartition,
        take: usize,
        idempotent: bool,
    ) -> Option<Vec<u32>> {
        let queue = self.queues.get_mut(tp)?;
        let indices: Vec<u32> = match queue.retry_batch.take() {
            Some(batch) => batch,
            None => queue.waiting.drain(..take).collect(),
        };
        // The sticky partition's batch is on its way: unkeyed records move to the next one.
        if let Some(t) = self.topics.get_mut(&*tp.topic) {
            let count = t.partitions.max(1);
            if let Some(sticky) = t.sticky.as_mut().filter(|s| **s % count == tp.partition) {
                *sticky = (tp.partition + 1) % count;
            }
        }
        for &i in &indices {
            let record = &mut self.records[i];
            record.attempts += 1;
            if idempotent && record.sequence.is_none() {
                record.sequence = Some(queue.next_sequence);
                queue.next_sequence += 1;
            }
        }
        Some(indices)
    }

    /// The request `request_id` carrying `indices` is in flight to `leader`: it times out if
    /// unanswered.
    fn await_answer(
        &mut self,
        ctx: &Ctx,
        out: &mut Outbox,
        tp: &TopicPartition,
        leader: BrokerId,
        request_id: u64,
        indices: Vec<u32>,
    ) {
        let Some(queue) = self.queues.get_mut(tp) else {
            return;
        };
        queue.in_flight = Some((request_id, indices));
        queue.in_flight_to = Some((leader, ctx.now_ms));
        let timeout_ms = self.first_timeout_ms(ctx, leader);
        out.timers.push((
            ctx.now_ms + timeout_ms,
            Timer::ProducerRequestTimeout { request_id },
        ));
    }

    /// A produce request that never left because its connection could not be made: the batch
    /// goes back to wait, without counting an attempt (Kafka never sent it).
    pub(super) fn unsend(&mut self, out: &mut Outbox, tp: &TopicPartition) {
        let Some(queue) = self.queues.get_mut(tp) else {
            return;
        };
        queue.in_flight_to = None;
        let Some((request_id, indices)) = queue.in_flight.take() else {
            return;
        };
        out.cancels
            .push(Timer::ProducerRequestTimeout { request_id });
        for &i in &indices {
            let record = &mut self.records[i];
            record.attempts = record.attempts.saturating_sub(1);
        }
        queue.retry_batch = Some(indices);
    }

    /// The partition of the producer's request in flight `request_id`.
    pub(crate) fn tp_of_request(&self, request_id: u64) -> Option<TopicPartition> {
        self.queues
            .iter()
            .find(|(_, q)| q.in_flight.as_ref().is_some_and(|f| f.0 == request_id))
            .map(|(tp, _)| tp.clone())
    }

    pub(crate) fn start_rate(&mut self, ctx: &Ctx, out: &mut Outbox, rate: ProduceRate) {
        let rate_id = self.rates.len() as u32;
        self.rates.push(rate);
        self.tick_rate(ctx, out, rate_id);
    }

    /// Ends every rate of `topic` still running at `now_ms`: each stops as if its `until_ms`
    /// had been now, so its pending timer sends the records already due and then stops.
    pub(crate) fn stop_rates(&mut self, topic: &str, now_ms: u64) {
        for rate in self.rates.iter_mut().filter(|r| r.topic == topic) {
            if rate.until_ms.is_none_or(|u| u > now_ms) {
                rate.until_ms = Some(now_ms.max(rate.started_ms));
            }
        }
    }

    /// Emit the records a steady rate owes by now, then come back when the next is due. The
    /// k-th record is due at k·1000/per_second ms after the start, and a rate with `until_ms`
    /// sends exactly the records due before it: rate × duration of them. The rate wakes at most
    /// once per `linger.ms`: records due within one linger window share a batch anyway.
    pub(super) fn tick_rate(&mut self, ctx: &Ctx, out: &mut Outbox, rate_id: u32) {
        let Some(rate) = self.rates.get(rate_id as usize).cloned() else {
            return;
        };
        let per_second = rate.per_second as u64;
        if per_second == 0 {
            return;
        }
        let cap = rate
            .until_ms
            .map(|u| (u.saturating_sub(rate.started_ms) * per_second).div_ceil(1000));
        let due_by_now = (ctx.now_ms - rate.started_ms) * per_second / 1000 + 1;
        let owed = cap.map_or(due_by_now, |c| due_by_now.min(c));
        for _ in rate.emitted..owed {
            let value = self.next_value();
            self.produce(ctx, out, &rate.topic, None, None, value, rate.acks, true);
        }
        if let Some(r) = self.rates.get_mut(rate_id as usize) {
            r.emitted = r.emitted.max(owed);
        }
        if cap.is_some_and(|c| owed >= c) {
            return;
        }
        let next_due = rate.started_ms + (owed * 1000).div_ceil(per_second);
        let next_wake = next_due.max(ctx.now_ms + ctx.config.linger_ms.max(1));
        out.timers.push((next_wake, Timer::ProduceRate { rate_id }));
    }

    pub(super) fn complete(
        &mut self,
        ctx: &Ctx,
        out: &mut Outbox,
        tp: &TopicPartition,
        error: Option<ErrorCode>,
        base_offset: Option<u64>,
    ) {
        let Some(queue) = self.queues.get_mut(tp) else {
            return;
        };
        let Some((request_id, indices)) = queue.in_flight.take() else {
            return;
        };
        queue.in_flight_to = None;
        out.cancels
            .push(Timer::ProducerRequestTimeout { request_id });
        match error {
            None => {
                for (i, &index) in indices.iter().enumerate() {
                    let record = &mut self.records[index];
                    record.outcome = ProduceOutcome::Acked;
                    record.offset = base_offset.map(|b| b + i as u64);
                    self.newly_acked.push(index);
                }
                self.send_next(ctx, out, tp);
            }
            Some(error) => self.retry_or_fail(ctx, out, tp, error, indices),
        }
    }

    /// A produce request failed with `error`: its batch is sent again after
    /// `retry.backoff.ms`, or fails, and an error that says the metadata is stale asks for
    /// fresh metadata.
    fn retry_or_fail(
        &mut self,
        ctx: &Ctx,
        out: &mut Outbox,
        tp: &TopicPartition,
        error: ErrorCode,
        indices: Vec<u32>,
    ) {
        // The batch retries or fails as a unit, decided by its oldest record (Kafka
        // expires whole batches after delivery.timeout.ms).
        let oldest = &self.records[indices[0]];
        let retry = can_retry(
            error.is_retriable(),
            oldest.attempts,
            ctx.config.retries,
            oldest.created_ms,
            ctx.config.effective_delivery_timeout_ms(),
            ctx.now_ms,
        );
        let values: Vec<String> = indices
            .iter()
            .map(|&i| self.records[i].value.to_string())
            .collect();
        let value = values.join(", ");
        let Some(queue) = self.queues.get_mut(tp) else {
            return;
        };
        if retry {
            out.events.push(EventKind::ProduceRetried {
                tp: tp.clone(),
                value,
                error: error.name(),
            });
            queue.retry_batch = Some(indices);
        } else {
            for &i in &indices {
                self.records[i].outcome = ProduceOutcome::Failed(error);
            }
            out.events.push(EventKind::ProduceFailed {
                tp: tp.clone(),
                value,
                error: error.name(),
            });
        }
        queue.retry_at_ms = ctx.now_ms + ctx.config.retry_backoff_ms;
        out.timers
            .push((queue.retry_at_ms, Timer::ProducerRetry { tp: tp.clone() }));
        if matches!(
            error,
            ErrorCode::NotLeaderOrFollower
                | ErrorCode::RequestTimedOut
                | ErrorCode::NetworkException
        ) {
            self.request_metadata(ctx, out);
        }
    }

    /// The oldest record of `queue` not finished yet: in flight, retrying or waiting (records
    /// are numbered in the order they were sent, so the smallest index is the oldest).
    fn oldest_unfinished(queue: &PartitionQueue) -> Option<u32> {
        let in_flight = queue.in_flight.as_ref().and_then(|(_, b)| b.first());
        let retrying = queue.retry_batch.as_ref().and_then(|b| b.first());
        [in_flight, retrying, queue.waiting.front()]
            .into_iter()
            .flatten()
            .copied()
            .min()
    }

    /// Fail with a `TimeoutException` every batch for `tp` that has reached
    /// `delivery.timeout.ms` (`RecordAccumulator.expiredBatches` for those waiting,
    /// `Sender.getExpiredInflightBatches` for one in flight, whose answer is then ignored), then
    /// wait for the next oldest record's deadline.
    pub(super) fn expire(&mut self, ctx: &Ctx, out: &mut Outbox, tp: &TopicPartition) {
        let timeout_ms = ctx.config.effective_delivery_timeout_ms();
        let leader_known = self.metadata.get(tp).is_some_and(|s| s.leader.is_some());
        let Some(queue) = self.queues.get_mut(tp) else {
            return;
        };
        let records = &self.records;
        let reached =
            |i: &u32| has_reached_delivery_timeout(records[*i].created_ms, timeout_ms, ctx.now_ms);
        let mut expired: Vec<Vec<u32>> = Vec::new();
        if queue
            .in_flight
            .as_ref()
            .is_some_and(|(_, b)| b.first().is_some_and(reached))
        {
            if let Some((request_id, batch)) = queue.in_flight.take() {
                queue.in_flight_to = None;
                out.cancels
                    .push(Timer::ProducerRequestTimeout { request_id });
                expired.push(batch);
            }
        }
        if queue
            .retry_batch
            .as_ref()
            .is_some_and(|b| b.first().is_some_and(reached))
        {
            expired.extend(queue.retry_batch.take());
        }
        let waiting = queue.waiting.iter().take_while(|i| reached(i)).count();
        if waiting > 0 {
            expired.push(queue.waiting.drain(..waiting).collect());
        }
        if let Some(oldest) = Self::oldest_unfinished(queue) {
            let deadline = delivery_deadline_ms(self.records[oldest].created_ms, timeout_ms);
            out.timers
                .push((deadline, Timer::ProducerExpiry { tp: tp.clone() }));
        }
        if expired.is_empty() {
            return;
        }
        for batch in expired {
            let values: Vec<String> = batch
                .iter()
                .map(|&i| self.records[i].value.to_string())
                .collect();
            for &i in &batch {
                self.records[i].outcome = ProduceOutcome::Failed(ErrorCode::DeliveryTimeout);
            }
            out.events.push(EventKind::ProduceExpired {
                tp: tp.clone(),
                value: values.join(", "),
                timeout_ms,
                leader_known,
            });
        }
        self.send_next(ctx, out, tp);
    }
}
