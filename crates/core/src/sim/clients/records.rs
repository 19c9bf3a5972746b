//! Record storage: every record the producer was asked to send and the newest records the
//! consumers read, kept in shared chunks so a world snapshot copies pointers, not records.

use crate::config::Acks;
use crate::ids::TopicPartition;
use crate::sim::log::Value;
use crate::sim::protocol::ErrorCode;
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
    pub(super) sequence: Option<u32>,
    /// produce_rate records may share a batch; `produce` values are one request each.
    pub(super) batchable: bool,
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
    pub(super) fn push(&mut self, record: ProducedRecord) -> u32 {
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
    pub(super) fn push_back(&mut self, record: ConsumedRecord) {
        self.tail.push(record);
        if self.tail.len() == CONSUMED_CHUNK {
            self.sealed
                .push_back(Arc::new(std::mem::take(&mut self.tail)));
        }
    }
    pub(super) fn pop_front(&mut self) {
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
