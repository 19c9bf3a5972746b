//! The clients node: one producer and any number of consumers, sharing one metadata cache.
//!
//! Simplifications, each chosen so behaviour stays Kafka's where it matters: the producer keeps
//! one request in flight per partition (`max.in.flight.requests.per.connection=1`, which keeps
//! per-partition order with or without idempotence). Records without key or partition go to one
//! "sticky" partition until its batch is sent, then the next partition (KIP-794's default
//! partitioner since 3.3, with partitions taken in turn rather than weighted by queue size).

use super::trace::EventKind;
use super::{Ctx, Outbox, Timer, MAX_RECORDS_PER_BATCH};
use crate::config::{Acks, AutoOffsetReset};
use crate::ids::{BrokerId, NodeId, TopicPartition};
use crate::log::{ProducerStamp, Value};
use crate::partitioner::partition_for_key;
use crate::protocol::{
    ErrorCode, FetchPartition, FetchPartitionResponse, Message, PartitionState, ProduceRequest,
};
use crate::rules::connection::{connection_setup_timeout_ms, reconnect_backoff_ms};
use crate::rules::delivery::{can_retry, delivery_deadline_ms, has_reached_delivery_timeout};
use crate::rules::offset_reset::{complete_validation, ValidationOutcome};
use crate::rules::truncation::EpochEndOffset;
use crate::vec_map::VecMap;
use std::collections::VecDeque;
use std::sync::Arc;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProduceOutcome {
    Pending,
    Acked,
    Failed(ErrorCode),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProducedRecord {
    pub value: Value,
    pub tp: TopicPartition,
    pub acks: Acks,
    pub outcome: ProduceOutcome,
    /// The offset the leader acknowledged (none for acks=0).
    pub offset: Option<u64>,
    pub created_ms: u64,
    pub attempts: u32,
    sequence: Option<u32>,
    /// produce_rate records may share a batch; `produce` values are one request each.
    batchable: bool,
}

/// Above this many produced records, finished records whose offsets retention has already
/// deleted are folded into counts: they can no longer be lost, and an hour of steady load
/// would otherwise keep millions of them in memory.
pub const FOLD_PRODUCED_ABOVE: usize = 10_000;
/// Consumed records kept for the report; older ones are folded into a count.
pub const KEEP_CONSUMED: usize = 10_000;

/// Records per shared chunk of `ProducedRecords`.
const RECORD_CHUNK: usize = 1024;

/// Every record the producer was asked to send, by a stable index that survives folding. Kept
/// as full, shared chunks plus an open tail, so a world snapshot copies chunk pointers; a chunk
/// is copied only if a record in it changes later (a late acknowledgement), and records are
/// folded a whole chunk at a time.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProducedRecords {
    folded: u32,
    /// Outcomes of the folded records, so statistics survive folding.
    folded_stats: ProducerStats,
    sealed: VecDeque<Arc<Vec<ProducedRecord>>>,
    tail: Vec<ProducedRecord>,
}

/// What the producer has achieved so far: the playground's producer panel.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProducerStats {
    pub acked: u64,
    pub pending: u64,
    /// Failed records by Kafka error name.
    pub failed: VecMap<&'static str, u64>,
}

impl ProducerStats {
    fn count(&mut self, outcome: ProduceOutcome) {
        match outcome {
            ProduceOutcome::Acked => self.acked += 1,
            ProduceOutcome::Pending => self.pending += 1,
            ProduceOutcome::Failed(e) => *self.failed.entry(e.name()).or_default() += 1,
        }
    }
}

impl ProducedRecords {
    fn push(&mut self, record: ProducedRecord) -> u32 {
        self.tail.push(record);
        if self.tail.len() == RECORD_CHUNK {
            self.sealed
                .push_back(Arc::new(std::mem::take(&mut self.tail)));
        }
        self.total() - 1
    }
    /// Records kept, not yet folded into counts.
    pub(crate) fn retained(&self) -> usize {
        self.sealed.len() * RECORD_CHUNK + self.tail.len()
    }
    /// Records produced so far, folded ones included.
    pub fn total(&self) -> u32 {
        self.folded + self.retained() as u32
    }
    /// Records folded into counts (finished, and below their partition's log start).
    pub fn folded(&self) -> u32 {
        self.folded
    }
    /// Where a record index lives: (chunk, position) or, with `None` chunk, the tail.
    fn locate(&self, index: u32) -> Option<(Option<usize>, usize)> {
        let i = index.checked_sub(self.folded)? as usize;
        let chunk = i / RECORD_CHUNK;
        if chunk < self.sealed.len() {
            Some((Some(chunk), i % RECORD_CHUNK))
        } else {
            Some((None, i - self.sealed.len() * RECORD_CHUNK))
        }
    }
    pub fn get(&self, index: u32) -> Option<&ProducedRecord> {
        match self.locate(index)? {
            (Some(chunk), i) => self.sealed[chunk].get(i),
            (None, i) => self.tail.get(i),
        }
    }
    /// Acked, pending and failed-by-error counts over every record, folded ones included.
    pub fn stats(&self) -> ProducerStats {
        let mut stats = self.folded_stats.clone();
        for record in self.iter() {
            stats.count(record.outcome);
        }
        stats
    }
    /// Retained records, oldest first.
    pub fn iter(&self) -> impl Iterator<Item = &ProducedRecord> {
        self.sealed
            .iter()
            .flat_map(|c| c.iter())
            .chain(self.tail.iter())
    }
    /// Fold the oldest chunks whose every record `can_fold` allows, while more than
    /// `FOLD_PRODUCED_ABOVE` records are retained.
    pub(crate) fn fold_prefix(&mut self, can_fold: impl Fn(&ProducedRecord) -> bool) {
        while self.retained() > FOLD_PRODUCED_ABOVE
            && self.sealed.front().is_some_and(|c| c.iter().all(&can_fold))
        {
            if let Some(chunk) = self.sealed.pop_front() {
                for record in chunk.iter() {
                    self.folded_stats.count(record.outcome);
                }
            }
            self.folded += RECORD_CHUNK as u32;
        }
    }
}

impl std::ops::Index<u32> for ProducedRecords {
    type Output = ProducedRecord;
    fn index(&self, index: u32) -> &ProducedRecord {
        self.get(index)
            .expect("record indices come from push and are never folded while in use")
    }
}

impl std::ops::IndexMut<u32> for ProducedRecords {
    fn index_mut(&mut self, index: u32) -> &mut ProducedRecord {
        match self
            .locate(index)
            .expect("record indices come from push and are never folded while in use")
        {
            (Some(chunk), i) => &mut Arc::make_mut(&mut self.sealed[chunk])[i],
            (None, i) => &mut self.tail[i],
        }
    }
}

/// Records per shared chunk of `ConsumedRecords`.
const CONSUMED_CHUNK: usize = 256;

/// The newest `KEEP_CONSUMED` consumed records, oldest first, as shared full chunks plus an
/// open tail: a world snapshot (the playground keeps many) copies chunk pointers and at most
/// one small tail, not ten thousand records.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConsumedRecords {
    sealed: VecDeque<Arc<Vec<ConsumedRecord>>>,
    /// Records of the first sealed chunk already dropped.
    skip: usize,
    tail: Vec<ConsumedRecord>,
}

impl ConsumedRecords {
    pub fn len(&self) -> usize {
        self.sealed.len() * CONSUMED_CHUNK + self.tail.len() - self.skip
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    fn push_back(&mut self, record: ConsumedRecord) {
        self.tail.push(record);
        if self.tail.len() == CONSUMED_CHUNK {
            self.sealed
                .push_back(Arc::new(std::mem::take(&mut self.tail)));
        }
    }
    fn pop_front(&mut self) {
        if self.sealed.is_empty() {
            if !self.tail.is_empty() {
                self.tail.remove(0);
            }
            return;
        }
        self.skip += 1;
        if self.skip == CONSUMED_CHUNK {
            self.sealed.pop_front();
            self.skip = 0;
        }
    }
    /// Oldest first.
    pub fn iter(&self) -> impl Iterator<Item = &ConsumedRecord> {
        self.sealed
            .iter()
            .flat_map(|c| c.iter())
            .skip(self.skip)
            .chain(self.tail.iter())
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsumedRecord {
    /// Which consumer read it: its index in `Clients::consumers`.
    pub consumer: u32,
    pub tp: TopicPartition,
    pub offset: u64,
    pub value: Value,
}

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
struct PartitionQueue {
    waiting: VecDeque<u32>,
    /// A batch that failed and is sent again exactly as it was (Kafka retries the same
    /// ProducerBatch, so its sequence numbers and records never change).
    retry_batch: Option<Vec<u32>>,
    in_flight: Option<(u64, Vec<u32>)>,
    /// The broker the request in flight went to, and when.
    in_flight_to: Option<(BrokerId, u64)>,
    retry_at_ms: u64,
    next_sequence: u32,
}

/// What the clients know of their connection to one broker (Kafka's
/// `ClusterConnectionStates`, see [`crate::rules::connection`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Connection {
    /// Open: the broker's machine accepted it, and it has not broken since.
    open: bool,
    /// Failed or lost connections in a row.
    failures: u32,
    /// No new connection before this time (`reconnect.backoff.ms`).
    backoff_until_ms: u64,
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
    in_flight: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct ClientTopic {
    /// One shared name, for the partition ids the clients create (cheap to compare).
    name: Arc<str>,
    partitions: u32,
    /// The partition unkeyed records stick to until its batch is sent (KIP-794); none before
    /// the first unkeyed record.
    sticky: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clients {
    pub metadata: VecMap<TopicPartition, PartitionState>,
    pub records: ProducedRecords,
    pub consumed: ConsumedRecords,
    /// Consumed records dropped from `consumed` to bound memory (the report counts them).
    pub consumed_folded: u64,
    pub consumers: Vec<Consumer>,
    /// Records acknowledged since the checker last looked (indices into `records`).
    pub(crate) newly_acked: Vec<u32>,
    pub rates: Vec<ProduceRate>,
    queues: VecMap<TopicPartition, PartitionQueue>,
    brokers: Vec<BrokerId>,
    /// Everything the clients know of each topic, found with one lookup per record.
    topics: VecMap<String, ClientTopic>,
    producer_id: u64,
    next_request_id: u64,
    next_produced_value: u32,
    metadata_in_flight: bool,
    /// The broker the metadata request in flight went to, and when.
    metadata_in_flight_to: Option<(BrokerId, u64)>,
    metadata_target: usize,
    connections: VecMap<BrokerId, Connection>,
}

impl Clients {
    pub fn new(brokers: Vec<BrokerId>, partitions_per_topic: VecMap<String, u32>) -> Self {
        let topics = partitions_per_topic
            .into_iter()
            .map(|(t, partitions)| {
                let topic = ClientTopic {
                    name: Arc::from(t.as_str()),
                    partitions,
                    sticky: None,
                };
                (t, topic)
            })
            .collect();
        Clients {
            metadata: VecMap::new(),
            records: ProducedRecords::default(),
            consumed: ConsumedRecords::default(),
            consumed_folded: 0,
            consumers: Vec::new(),
            newly_acked: Vec::new(),
            rates: Vec::new(),
            queues: VecMap::new(),
            brokers,
            topics,
            producer_id: 1000,
            next_request_id: 0,
            next_produced_value: 0,
            metadata_in_flight: false,
            metadata_in_flight_to: None,
            metadata_target: 0,
            connections: VecMap::new(),
        }
    }

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

    fn request_id(&mut self) -> u64 {
        self.next_request_id += 1;
        self.next_request_id
    }

    /// The next `m…` value (numbered across the whole scenario).
    pub fn next_value(&mut self) -> Value {
        self.next_produced_value += 1;
        Value::Produced(self.next_produced_value)
    }

    /// A partition id sharing the topic's name with every other copy (cheap to compare).
    pub(crate) fn partition_id(&self, topic: &str, partition: u32) -> TopicPartition {
        match self.topics.get(topic) {
            Some(t) => TopicPartition {
                topic: Arc::clone(&t.name),
                partition,
            },
            None => TopicPartition::new(topic, partition),
        }
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
    fn send_next(&mut self, ctx: &Ctx, out: &mut Outbox, tp: &TopicPartition) {
        let Some(queue) = self.queues.get(tp) else {
            return;
        };
        let nothing_to_send = queue.waiting.is_empty() && queue.retry_batch.is_none();
        if queue.in_flight.is_some() || nothing_to_send || queue.retry_at_ms > ctx.now_ms {
            return;
        }
        let Some(leader) = self.metadata.get(tp).and_then(|s| s.leader) else {
            self.request_metadata(ctx, out);
            return;
        };
        // A broker whose connection failed is not tried again before its reconnect backoff
        // ends; the batch waits in the accumulator meanwhile, without an error.
        if let Some(until) = self.backoff_until(leader, ctx.now_ms) {
            out.timers
                .push((until, Timer::ProducerRetry { tp: tp.clone() }));
            return;
        }
        let first = queue
            .retry_batch
            .as_ref()
            .and_then(|b| b.first())
            .or(queue.waiting.front())
            .copied()
            .unwrap_or(0);
        let acks = self.records[first].acks;
        let take = if self.records[first].batchable {
            queue
                .waiting
                .iter()
                .take_while(|&&i| self.records[i].batchable && self.records[i].acks == acks)
                .take(MAX_RECORDS_PER_BATCH)
                .count()
        } else {
            1
        };
        let request_id = self.request_id();
        let idempotent = ctx.config.effective_idempotence_for(acks);
        let Some(queue) = self.queues.get_mut(tp) else {
            return;
        };
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
            queue.in_flight = Some((request_id, indices));
            queue.in_flight_to = Some((leader, ctx.now_ms));
            let timeout_ms = self.first_timeout_ms(ctx, leader);
            out.timers.push((
                ctx.now_ms + timeout_ms,
                Timer::ProducerRequestTimeout { request_id },
            ));
        }
    }

    /// How long a request to `broker` may go unanswered before the client acts: the
    /// connection setup timeout while the connection is not open, else `request.timeout.ms`.
    fn first_timeout_ms(&self, ctx: &Ctx, broker: BrokerId) -> u64 {
        match self.connections.get(&broker) {
            Some(c) if c.open => ctx.config.request_timeout_ms,
            c => connection_setup_timeout_ms(
                ctx.config.socket_connection_setup_timeout_ms,
                c.map_or(0, |c| c.failures),
            )
            .min(ctx.config.request_timeout_ms.max(1)),
        }
    }

    /// The broker's machine accepted a connection from the clients (the world delivers a
    /// request to it): the connection is open.
    pub(crate) fn connection_made(&mut self, broker: BrokerId) {
        let c = self.connections.entry(broker).or_default();
        c.open = true;
        c.failures = 0;
        c.backoff_until_ms = 0;
    }

    /// When `broker` may be tried again, if its connection is in its reconnect backoff.
    fn backoff_until(&self, broker: BrokerId, now_ms: u64) -> Option<u64> {
        self.connections
            .get(&broker)
            .map(|c| c.backoff_until_ms)
            .filter(|&until| until > now_ms)
    }

    /// A connection to `broker` failed or broke: back off before the next attempt, and ask for
    /// fresh metadata from another broker (`DefaultMetadataUpdater.handleServerDisconnect`).
    fn connection_lost(&mut self, ctx: &Ctx, out: &mut Outbox, broker: BrokerId) {
        let c = self.connections.entry(broker).or_default();
        c.open = false;
        c.failures = c.failures.saturating_add(1);
        c.backoff_until_ms = ctx.now_ms + reconnect_backoff_ms(c.failures);
        self.request_metadata(ctx, out);
    }

    /// A produce request that never left because its connection could not be made: the batch
    /// goes back to wait, without counting an attempt (Kafka never sent it).
    fn unsend(&mut self, out: &mut Outbox, tp: &TopicPartition) {
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

    /// Ask the least loaded broker for metadata (Kafka's `NetworkClient.leastLoadedNode`): one
    /// not in its reconnect backoff, with the fewest requests in flight, an open connection
    /// before a new one, taken in turn; when every broker is backing off, ask again once the
    /// first backoff ends. Unanswered, the request times out as any other does.
    fn request_metadata(&mut self, ctx: &Ctx, out: &mut Outbox) {
        if self.metadata_in_flight || self.brokers.is_empty() {
            return;
        }
        self.metadata_in_flight = true;
        let n = self.brokers.len();
        let in_flight = |b: BrokerId| {
            self.queues
                .values()
                .filter(|q| q.in_flight.is_some() && q.in_flight_to.map(|t| t.0) == Some(b))
                .count()
        };
        let candidate = (0..n)
            .map(|k| self.brokers[(self.metadata_target + k) % n])
            .filter(|&b| self.backoff_until(b, ctx.now_ms).is_none())
            .min_by_key(|&b| {
                let open = self.connections.get(&b).is_some_and(|c| c.open);
                (in_flight(b), !open)
            });
        let Some(target) = candidate else {
            let first_back = self
                .connections
                .values()
                .map(|c| c.backoff_until_ms)
                .min()
                .unwrap_or(ctx.now_ms);
            self.metadata_in_flight_to = None;
            out.timers.push((first_back, Timer::MetadataRefresh));
            return;
        };
        self.metadata_target = self.brokers.iter().position(|&b| b == target).unwrap_or(0) + 1;
        self.metadata_in_flight_to = Some((target, ctx.now_ms));
        out.sends.push((NodeId::Broker(target), Message::Metadata));
        let timeout_ms = self.first_timeout_ms(ctx, target);
        out.timers
            .push((ctx.now_ms + timeout_ms, Timer::MetadataRefresh));
    }

    pub(crate) fn handle_timer(&mut self, ctx: &Ctx, out: &mut Outbox, timer: Timer) {
        match timer {
            Timer::ProducerRequestTimeout { request_id } => {
                let Some(tp) = self.tp_of_request(request_id) else {
                    return;
                };
                let Some((broker, sent_ms)) = self.queues.get(&tp).and_then(|q| q.in_flight_to)
                else {
                    return;
                };
                let open = self.connections.get(&broker).is_some_and(|c| c.open);
                let request_deadline = sent_ms + ctx.config.request_timeout_ms;
                if !open {
                    // The connection was never made (a machine that does not answer): the
                    // batch was never sent, and waits for a leader it can reach.
                    self.unsend(out, &tp);
                    self.connection_lost(ctx, out, broker);
                    self.send_next(ctx, out, &tp);
                } else if ctx.now_ms < request_deadline {
                    // The connection was made in time: the request has its full timeout.
                    out.timers.push((
                        request_deadline,
                        Timer::ProducerRequestTimeout { request_id },
                    ));
                } else {
                    // A request on an open connection timed out: Kafka closes the connection
                    // and fails the batch with REQUEST_TIMED_OUT (retried).
                    self.connection_lost(ctx, out, broker);
                    self.complete(ctx, out, &tp, Some(ErrorCode::RequestTimedOut), None);
                }
            }
            Timer::ProducerRetry { tp } | Timer::ProducerSend { tp } => {
                self.send_next(ctx, out, &tp)
            }
            Timer::ProducerExpiry { tp } => self.expire(ctx, out, &tp),
            Timer::MetadataRefresh if self.metadata_in_flight => match self.metadata_in_flight_to {
                Some((broker, sent_ms)) => {
                    let open = self.connections.get(&broker).is_some_and(|c| c.open);
                    let deadline = sent_ms + ctx.config.request_timeout_ms;
                    if open && ctx.now_ms < deadline {
                        out.timers.push((deadline, Timer::MetadataRefresh));
                        return;
                    }
                    self.metadata_in_flight = false;
                    self.metadata_in_flight_to = None;
                    self.connection_lost(ctx, out, broker);
                }
                None => {
                    self.metadata_in_flight = false;
                    self.request_metadata(ctx, out);
                }
            },
            Timer::ProduceRate { rate_id } => self.tick_rate(ctx, out, rate_id),
            Timer::ConsumerFetchTimeout { consumer, session } => {
                if let Some(c) = self.consumers.get_mut(consumer as usize) {
                    for pos in c.positions.values_mut() {
                        if pos.in_flight == Some(session) {
                            pos.in_flight = None;
                            pos.read_replica = None;
                        }
                    }
                }
                self.request_metadata(ctx, out);
                self.fetch_all(ctx, out);
            }
            Timer::ConsumerRetry { .. } => self.fetch_all(ctx, out),
            _ => {}
        }
    }

    /// A broker's process died: requests in flight to it fail at once with a disconnect.
    pub(crate) fn broker_disconnected(&mut self, ctx: &Ctx, out: &mut Outbox, broker: BrokerId) {
        if self.metadata_in_flight_to.is_some_and(|(b, _)| b == broker) {
            self.metadata_in_flight = false;
            self.metadata_in_flight_to = None;
            out.cancels.push(Timer::MetadataRefresh);
        }
        // First the connection, so the metadata request goes to another broker.
        self.connection_lost(ctx, out, broker);
        let failed: Vec<TopicPartition> = self
            .queues
            .iter()
            .filter(|(_, q)| q.in_flight.is_some() && q.in_flight_to.is_some_and(|t| t.0 == broker))
            .map(|(tp, _)| tp.clone())
            .collect();
        for tp in failed {
            self.complete(ctx, out, &tp, Some(ErrorCode::NetworkException), None);
        }
        for c in &mut self.consumers {
            for pos in c.positions.values_mut() {
                pos.in_flight = None;
                pos.read_replica = None;
            }
        }
        out.timers.push((
            ctx.now_ms + ctx.config.retry_backoff_ms,
            Timer::ConsumerRetry { consumer: 0 },
        ));
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
    fn tick_rate(&mut self, ctx: &Ctx, out: &mut Outbox, rate_id: u32) {
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

    fn fetch_all(&mut self, ctx: &Ctx, out: &mut Outbox) {
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
        if pos.awaiting_reset {
            out.sends.push((
                NodeId::Broker(leader),
                Message::ListOffsets {
                    request_id: session,
                    tp,
                    current_leader_epoch: state.leader_epoch,
                    earliest: ctx.config.auto_offset_reset == AutoOffsetReset::Earliest,
                },
            ));
        } else {
            match pos.last_epoch.filter(|_| pos.awaiting_validation) {
                Some(leader_epoch) => out.sends.push((
                    NodeId::Broker(leader),
                    Message::OffsetsForLeaderEpoch {
                        request_id: session,
                        tp,
                        current_leader_epoch: state.leader_epoch,
                        leader_epoch,
                    },
                )),
                // Kafka's consumer sends no last fetched epoch (`AbstractFetch`): its position is
                // checked by OffsetsForLeaderEpoch when the leader changes instead.
                None => out.sends.push((
                    NodeId::Broker(pos.read_replica.unwrap_or(leader)),
                    Message::Fetch {
                        replica_id: None,
                        fetcher_id: 0,
                        session,
                        partitions: vec![FetchPartition {
                            tp,
                            fetch_offset: pos.offset,
                            log_start_offset: 0,
                            last_fetched_epoch: None,
                            current_leader_epoch: state.leader_epoch,
                        }],
                        client_rack,
                    },
                )),
            }
        }
        out.timers.push((
            ctx.now_ms + ctx.config.request_timeout_ms,
            Timer::ConsumerFetchTimeout {
                consumer: c as u32,
                session,
            },
        ));
    }

    pub(crate) fn handle(&mut self, ctx: &Ctx, out: &mut Outbox, from: NodeId, message: Message) {
        if let Message::ConnectionRefused { broker, request_id } = message {
            return self.connection_refused(ctx, out, broker, request_id);
        }
        match message {
            Message::ProduceResponse {
                request_id,
                error,
                base_offset,
            } => {
                if let Some(tp) = self.tp_of_request(request_id) {
                    self.complete(ctx, out, &tp, error, base_offset);
                }
            }
            Message::MetadataResponse { partitions } => {
                let answering = match from {
                    NodeId::Broker(b) => Some(b),
                    _ => None,
                };
                if self.metadata_in_flight_to.map(|(b, _)| b) == answering {
                    self.metadata_in_flight = false;
                    self.metadata_in_flight_to = None;
                    out.cancels.push(Timer::MetadataRefresh);
                }
                for state in partitions {
                    let old = self.metadata.get(&state.tp);
                    let newer = old.is_none_or(|old| {
                        (state.leader_epoch, state.partition_epoch)
                            > (old.leader_epoch, old.partition_epoch)
                    });
                    if !newer {
                        continue;
                    }
                    let leader_changed = old.is_some_and(|old| {
                        (old.leader, old.leader_epoch) != (state.leader, state.leader_epoch)
                    });
                    if leader_changed && state.leader.is_some() {
                        self.validate_positions(&state.tp);
                    }
                    self.metadata.insert(state.tp.clone(), state);
                }
                let tps: Vec<TopicPartition> = self.queues.keys().cloned().collect();
                for tp in tps {
                    self.send_next(ctx, out, &tp);
                }
                self.fetch_all(ctx, out);
            }
            Message::FetchResponse {
                session,
                partitions,
            } => {
                for response in partitions {
                    self.consumer_response(ctx, out, session, response);
                }
            }
            Message::OffsetsForLeaderEpochResponse {
                request_id,
                tp,
                error,
                end,
            } => self.validation_response(ctx, out, request_id, &tp, error, end),
            Message::ListOffsetsResponse {
                request_id,
                tp,
                error,
                offset,
                leader_epoch,
            } => self.reset_response(ctx, out, request_id, &tp, error, offset, leader_epoch),
            _ => {}
        }
    }

    /// A broker's machine refused a connection (its Kafka process is down): back off from it
    /// and put back what was to be sent there; nothing was sent, so nothing failed.
    fn connection_refused(
        &mut self,
        ctx: &Ctx,
        out: &mut Outbox,
        broker: BrokerId,
        request_id: Option<u64>,
    ) {
        self.connection_lost(ctx, out, broker);
        match request_id {
            None => {
                if self.metadata_in_flight_to.is_some_and(|(b, _)| b == broker) {
                    self.metadata_in_flight = false;
                    self.metadata_in_flight_to = None;
                    out.cancels.push(Timer::MetadataRefresh);
                }
            }
            Some(id) => {
                if let Some(tp) = self.tp_of_request(id) {
                    self.unsend(out, &tp);
                    out.timers.push((
                        ctx.now_ms + reconnect_backoff_ms(1),
                        Timer::ProducerRetry { tp },
                    ));
                } else if let Some(tp) = self.consumer_request_tp(id) {
                    // A consumer's fetch or position check: it retries after a backoff.
                    self.take_answer(ctx, out, &tp, id, true);
                }
            }
        }
        self.request_metadata(ctx, out);
    }

    /// The partition of a consumer's request in flight `request_id`.
    fn consumer_request_tp(&self, request_id: u64) -> Option<TopicPartition> {
        self.consumers.iter().find_map(|c| {
            c.positions
                .iter()
                .find(|(_, p)| p.in_flight == Some(request_id))
                .map(|(&partition, _)| self.partition_id(&c.topic, partition))
        })
    }

    fn complete(
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
            }
            Some(error) => {
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
                return;
            }
        }
        self.send_next(ctx, out, tp);
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
    fn expire(&mut self, ctx: &Ctx, out: &mut Outbox, tp: &TopicPartition) {
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

    /// The partition's leader changed: positions read under an earlier leader are checked
    /// before the next fetch (Kafka's `SubscriptionState.maybeValidatePositionForCurrentLeader`;
    /// a position without an epoch has nothing to check).
    fn validate_positions(&mut self, tp: &TopicPartition) {
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
    fn validation_response(
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
    fn reset_response(
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
    fn take_answer(
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

    fn consumer_response(
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

#[cfg(test)]
mod consumed_tests {
    use super::*;

    fn record(offset: u64) -> ConsumedRecord {
        ConsumedRecord {
            consumer: 0,
            tp: TopicPartition::new("t", 0),
            offset,
            value: Value::Produced(offset as u32),
        }
    }

    #[test]
    fn keeps_the_newest_records_in_order_across_chunks() {
        let mut kept = ConsumedRecords::default();
        let mut reference = VecDeque::new();
        for offset in 0..(3 * CONSUMED_CHUNK as u64 + 17) {
            if kept.len() >= 300 {
                kept.pop_front();
                reference.pop_front();
            }
            kept.push_back(record(offset));
            reference.push_back(record(offset));
            assert_eq!(kept.len(), reference.len());
        }
        assert!(kept.iter().eq(reference.iter()));
    }
}
