//! A replica's log: record batches, the leader epoch cache, and what is flushed to disk.
//!
//! Records are stored as batches (offset range, leader epoch, producer id and sequence), as
//! Kafka's log segments store them. Batches are shared between replicas (`Arc`), so a follower's
//! copy of the leader's batch costs one pointer, and a snapshot of the world clones pointers.

use crate::rules::truncation::EpochEntry;
use std::fmt;
use std::sync::Arc;

/// A record value. Generated values (`m1`, `m2`, … from `count`/`produce_rate`, `r0`, `r1`, … from
/// a starting state) are stored as numbers; only hand-written values keep their text.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Value {
    Produced(u32),
    Initial(u32),
    Named(Arc<str>),
}

impl Value {
    pub fn named(text: &str) -> Value {
        Value::Named(Arc::from(text))
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Produced(n) => write!(f, "m{n}"),
            Value::Initial(n) => write!(f, "r{n}"),
            Value::Named(s) => f.write_str(s),
        }
    }
}

/// Producer identity of a batch, for idempotent de-duplication. `None` for non-idempotent
/// producers (Kafka's producer id -1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProducerStamp {
    pub producer_id: u64,
    pub base_sequence: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordBatch {
    pub base_offset: u64,
    pub leader_epoch: u32,
    pub producer: Option<ProducerStamp>,
    /// When the leader appended it, for flushing (page-cache writeback) and retention.
    pub append_time_ms: u64,
    pub values: Arc<[Value]>,
}

impl RecordBatch {
    pub fn record_count(&self) -> u64 {
        self.values.len() as u64
    }
    /// The part of the batch from `offset` on (the whole batch if it starts there or later).
    pub fn suffix_from(&self, offset: u64) -> RecordBatch {
        if offset <= self.base_offset {
            return self.clone();
        }
        let skip = ((offset - self.base_offset) as usize).min(self.values.len());
        RecordBatch {
            base_offset: self.base_offset + skip as u64,
            values: self.values[skip..].into(),
            ..self.clone()
        }
    }

    /// The records of this batch within `[from, to)`.
    pub fn slice(&self, from: u64, to: u64) -> RecordBatch {
        let skip = from
            .saturating_sub(self.base_offset)
            .min(self.record_count()) as usize;
        let keep = to.saturating_sub(self.base_offset).min(self.record_count()) as usize;
        if skip == 0 && keep == self.values.len() {
            // The whole batch, the usual case: share its records rather than copy them.
            return self.clone();
        }
        RecordBatch {
            base_offset: self.base_offset + skip as u64,
            values: self.values[skip..keep.max(skip)].into(),
            ..self.clone()
        }
    }

    /// Records at or after `offset`: what counts against fetch min/max bytes.
    pub fn records_from(&self, offset: u64) -> u64 {
        self.next_offset()
            .saturating_sub(offset.max(self.base_offset))
    }

    /// One past the last offset in the batch.
    pub fn next_offset(&self) -> u64 {
        self.base_offset + self.record_count()
    }
}

/// One record as views and reports show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub offset: u64,
    pub leader_epoch: u32,
    pub value: Value,
}

/// The most batches a log keeps; older ones are deleted as retention would, advancing the log
/// start offset. Keeps an hour-long run's memory bounded.
pub const RETAINED_BATCHES: usize = 2048;
/// Retention deletes this many batches at once, as Kafka deletes whole segments: the log start
/// offset moves in steps, and an append never shifts the whole log.
pub const SEGMENT_BATCHES: usize = 512;

/// Batches per shared chunk. Retention drops whole chunks, so `SEGMENT_BATCHES` is a multiple.
const CHUNK_BATCHES: usize = 256;
const _: () =
    assert!(SEGMENT_BATCHES % CHUNK_BATCHES == 0 && RETAINED_BATCHES % CHUNK_BATCHES == 0);

/// Batches in append order, kept as full, immutable, shared chunks plus an open tail. Cloning a
/// log (a world snapshot) copies chunk pointers and at most one chunk of batches.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Batches {
    sealed: Vec<Arc<Vec<RecordBatch>>>,
    tail: Vec<RecordBatch>,
    /// Some batch was appended before an older one (possible only after leadership moves
    /// between diverged logs). While false, batches are in append-time order and a flush can
    /// binary-search its cutoff instead of scanning the whole log.
    out_of_time_order: bool,
}

impl Batches {
    fn from_vec(batches: Vec<RecordBatch>) -> Batches {
        let mut list = Batches::default();
        for batch in batches {
            list.push(batch);
        }
        list
    }

    fn len(&self) -> usize {
        self.sealed.len() * CHUNK_BATCHES + self.tail.len()
    }

    fn push(&mut self, batch: RecordBatch) {
        self.out_of_time_order |= self
            .last()
            .is_some_and(|b| b.append_time_ms > batch.append_time_ms);
        self.tail.push(batch);
        if self.tail.len() == CHUNK_BATCHES {
            self.sealed.push(Arc::new(std::mem::take(&mut self.tail)));
        }
    }

    fn last(&self) -> Option<&RecordBatch> {
        self.tail
            .last()
            .or_else(|| self.sealed.last().and_then(|c| c.last()))
    }

    fn first(&self) -> Option<&RecordBatch> {
        self.sealed
            .first()
            .and_then(|c| c.first())
            .or(self.tail.first())
    }

    fn iter(&self) -> impl DoubleEndedIterator<Item = &RecordBatch> {
        self.sealed
            .iter()
            .flat_map(|c| c.iter())
            .chain(self.tail.iter())
    }

    /// Batches from position `index` on, without walking the batches before it (`skip` on the
    /// chained iterator would step through them one by one).
    fn iter_from(&self, index: usize) -> impl Iterator<Item = &RecordBatch> {
        let chunk = index / CHUNK_BATCHES;
        let (head, rest, tail) = match self.sealed.get(chunk) {
            Some(c) => (
                &c[index % CHUNK_BATCHES..],
                &self.sealed[chunk + 1..],
                &self.tail[..],
            ),
            None => {
                let skip = (index - self.sealed.len() * CHUNK_BATCHES).min(self.tail.len());
                (&self.tail[skip..], &[][..], &[][..])
            }
        };
        head.iter()
            .chain(rest.iter().flat_map(|c| c.iter()))
            .chain(tail)
    }

    /// The position of the first batch for which `pred` is false (batches are ordered).
    fn partition_point(&self, pred: impl Fn(&RecordBatch) -> bool) -> usize {
        // Most searches land near the end: when the open tail starts before the answer, the
        // sealed chunks (cold in the cache) need no search.
        if self.tail.first().is_some_and(&pred) {
            return self.sealed.len() * CHUNK_BATCHES + self.tail.partition_point(&pred);
        }
        let full = self.sealed.partition_point(|c| c.last().is_some_and(&pred));
        match self.sealed.get(full) {
            Some(chunk) => full * CHUNK_BATCHES + chunk.partition_point(&pred),
            None => full * CHUNK_BATCHES + self.tail.partition_point(&pred),
        }
    }

    fn drop_front_chunks(&mut self, chunks: usize) {
        let chunks = chunks.min(self.sealed.len());
        self.sealed.drain(..chunks);
        if self.out_of_time_order {
            let later = self.iter().skip(1);
            let in_order = self
                .iter()
                .zip(later)
                .all(|(a, b)| a.append_time_ms <= b.append_time_ms);
            self.out_of_time_order = !in_order;
        }
    }

    /// How many leading batches were appended at or before `cutoff_ms`: the batches a
    /// page-cache writeback at that cutoff flushes.
    fn appended_by(&self, cutoff_ms: u64) -> usize {
        if self.out_of_time_order {
            return self
                .iter()
                .take_while(|b| b.append_time_ms <= cutoff_ms)
                .count();
        }
        self.partition_point(|b| b.append_time_ms <= cutoff_ms)
    }

    fn get(&self, index: usize) -> Option<&RecordBatch> {
        match self.sealed.get(index / CHUNK_BATCHES) {
            Some(chunk) => chunk.get(index % CHUNK_BATCHES),
            None => self.tail.get(index - self.sealed.len() * CHUNK_BATCHES),
        }
    }
}

/// A contiguous history of records `[start, end)` kept as shared batch slices: what the checker
/// remembers as committed. Extending it from a leader's log copies batch pointers, and a
/// snapshot copies chunk pointers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct RecordHistory {
    batches: Batches,
    start: u64,
    end: u64,
}

impl RecordHistory {
    /// One past the last offset remembered.
    pub(crate) fn end(&self) -> u64 {
        self.end
    }

    /// Remember `log`'s records from the current end up to `to`. Offsets already remembered are
    /// never overwritten: the first history committed at an offset is the one that counts.
    pub(crate) fn extend_from(&mut self, log: &Log, to: u64) {
        let from = self.end.max(log.log_start_offset());
        if to <= from {
            return;
        }
        if self.batches.len() == 0 {
            self.start = from;
        }
        let first = log.batches.partition_point(|b| b.next_offset() <= from);
        for batch in log.batches.iter_from(first) {
            if batch.base_offset >= to {
                break;
            }
            self.batches.push(batch.slice(from, to));
        }
        self.end = to.min(log.log_end_offset()).max(self.end);
    }

    /// Forget chunks wholly below `offset` (retention deleted them from every log).
    pub(crate) fn forget_below(&mut self, offset: u64) {
        let mut drop = 0;
        while self
            .batches
            .sealed
            .get(drop)
            .and_then(|c| c.last())
            .is_some_and(|b| b.next_offset() <= offset)
        {
            drop += 1;
        }
        self.batches.drop_front_chunks(drop);
        self.start = self.batches.first().map_or(self.end, |b| b.base_offset);
    }

    /// Remembered records at offsets `from..end`, oldest first.
    pub(crate) fn records_from(&self, from: u64) -> impl Iterator<Item = (u64, &Value)> {
        let first = self.batches.partition_point(|b| b.next_offset() <= from);
        self.batches
            .iter_from(first)
            .flat_map(|b| (b.base_offset..).zip(b.values.iter()))
            .filter(move |(offset, _)| *offset >= from)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Log {
    batches: Batches,
    log_start_offset: u64,
    log_end_offset: u64,
    epoch_cache: Vec<EpochEntry>,
    /// Everything below this offset is on disk and survives power loss.
    flushed_offset: u64,
}

impl Log {
    /// An empty log whose next offset is `offset` (a follower restarting at the leader's log
    /// start offset after retention deleted what it needed).
    pub fn starting_at(offset: u64) -> Log {
        Log {
            log_start_offset: offset,
            log_end_offset: offset,
            flushed_offset: offset,
            ..Log::default()
        }
    }

    pub fn log_start_offset(&self) -> u64 {
        self.log_start_offset
    }
    pub fn log_end_offset(&self) -> u64 {
        self.log_end_offset
    }
    pub fn flushed_offset(&self) -> u64 {
        self.flushed_offset
    }
    pub fn epoch_cache(&self) -> &[EpochEntry] {
        &self.epoch_cache
    }
    /// How many batches the log retains.
    pub fn batch_count(&self) -> usize {
        self.batches.len()
    }
    /// The epoch of the last batch, what a follower sends as `lastFetchedEpoch`.
    pub fn latest_epoch(&self) -> Option<u32> {
        self.epoch_cache.last().map(|e| e.epoch)
    }

    /// Kafka's `LeaderEpochFileCache.assign`: record that `epoch` starts at `start_offset`,
    /// removing entries it supersedes (an epoch that never got a record is replaced).
    pub fn assign_epoch(&mut self, epoch: u32, start_offset: u64) {
        if let Some(last) = self.epoch_cache.last() {
            if last.epoch == epoch || (last.epoch > epoch && last.start_offset <= start_offset) {
                return;
            }
        }
        self.epoch_cache
            .retain(|e| e.epoch < epoch && e.start_offset < start_offset);
        self.epoch_cache.push(EpochEntry {
            epoch,
            start_offset,
        });
    }

    /// Append a batch at the log end (as leader, or as follower copying the leader's batch).
    /// Returns false, changing nothing, if the batch does not start at the log end.
    pub fn append(&mut self, batch: RecordBatch) -> bool {
        if batch.base_offset != self.log_end_offset || batch.values.is_empty() {
            return false;
        }
        self.assign_epoch(batch.leader_epoch, batch.base_offset);
        self.log_end_offset = batch.next_offset();
        self.batches.push(batch);
        true
    }

    /// Delete the oldest segment when the log is over its size, as retention would, but never
    /// records at or above `high_watermark` (Kafka's log start offset never passes the HW).
    pub fn apply_retention(&mut self, high_watermark: u64) {
        let oldest_kept = self
            .batches
            .sealed
            .get(SEGMENT_BATCHES / CHUNK_BATCHES)
            .and_then(|c| c.first());
        let below_hw = oldest_kept.is_some_and(|b| b.base_offset <= high_watermark);
        if below_hw && self.batches.len() >= RETAINED_BATCHES + SEGMENT_BATCHES {
            self.batches
                .drop_front_chunks(SEGMENT_BATCHES / CHUNK_BATCHES);
            self.log_start_offset = self
                .batches
                .first()
                .map_or(self.log_end_offset, |b| b.base_offset);
            self.flushed_offset = self.flushed_offset.max(self.log_start_offset);
        }
    }

    /// Remove every record at or above `offset` (Kafka's `UnifiedLog.truncateTo`), and the epoch
    /// cache entries that start there or later. Returns the removed records, oldest first.
    pub fn truncate_to(&mut self, offset: u64) -> Vec<Record> {
        if offset >= self.log_end_offset {
            // Kafka trims the epoch cache even here: a broker elected leader that appended
            // nothing before losing leadership must forget its (epoch, LEO) entry, or its
            // fetches would name an epoch the new leader never had, forever.
            self.epoch_cache
                .retain(|e| e.start_offset < self.log_end_offset);
            return Vec::new();
        }
        if offset < self.log_start_offset {
            // Below the oldest retained record: Kafka's truncateFullyAndStartAt(offset).
            let removed = self.records_from(0, u64::MAX);
            *self = Log::starting_at(offset);
            return removed;
        }
        let removed = self.records_from(offset, u64::MAX);
        // A batch straddling the cut is split: Kafka truncates at batch boundaries on disk, but
        // the cut offsets here always come from batch boundaries or HWs inside one record batch.
        let mut kept = Vec::with_capacity(self.batches.len());
        for batch in self.batches.iter() {
            if batch.next_offset() <= offset {
                kept.push(batch.clone());
            } else if batch.base_offset < offset {
                let keep = (offset - batch.base_offset) as usize;
                kept.push(RecordBatch {
                    values: batch.values[..keep].into(),
                    ..batch.clone()
                });
            }
        }
        self.batches = Batches::from_vec(kept);
        self.log_end_offset = offset;
        self.flushed_offset = self.flushed_offset.min(offset);
        self.epoch_cache.retain(|e| e.start_offset < offset);
        removed
    }

    /// Everything not yet flushed is lost (power loss): the log falls back to its flushed offset.
    pub fn lose_unflushed(&mut self) -> Vec<Record> {
        self.truncate_to(self.flushed_offset)
    }

    /// Flush batches appended at or before `cutoff_ms` (page-cache writeback), or all if `None`.
    pub fn flush(&mut self, cutoff_ms: Option<u64>) {
        let flushed = match cutoff_ms {
            None => self.log_end_offset,
            Some(cutoff) => match self.batches.appended_by(cutoff) {
                0 => self.flushed_offset,
                n => self.batches.get(n - 1).map_or(0, RecordBatch::next_offset),
            },
        };
        self.flushed_offset = self.flushed_offset.max(flushed);
    }

    /// Unflushed record count, for `log.flush.interval.messages`.
    pub fn unflushed_records(&self) -> u64 {
        self.log_end_offset - self.flushed_offset
    }

    /// Batches holding offsets from `from` on, up to about `max_records` records (at least one
    /// whole batch, as Kafka returns at least one batch whatever `fetch.max.bytes` says).
    pub fn read_batches(&self, from: u64, max_records: u64) -> Vec<RecordBatch> {
        if from >= self.log_end_offset {
            // A caught-up follower's fetch, the common case: nothing to search for.
            return Vec::new();
        }
        let start = self.batches.partition_point(|b| b.next_offset() <= from);
        let mut out = Vec::new();
        let mut records = 0;
        for batch in self.batches.iter_from(start) {
            if !out.is_empty() && records + batch.record_count() > max_records {
                break;
            }
            records += batch.record_count();
            out.push(batch.clone());
        }
        out
    }

    /// Records in `[from, to)`, oldest first.
    pub fn records_from(&self, from: u64, to: u64) -> Vec<Record> {
        self.iter_records(from, to)
            .map(|(offset, leader_epoch, value)| Record {
                offset,
                leader_epoch,
                value: value.clone(),
            })
            .collect()
    }

    /// Records in `[from, to)` as (offset, leader epoch, value), oldest first, without copying.
    pub fn iter_records(&self, from: u64, to: u64) -> impl Iterator<Item = (u64, u32, &Value)> {
        let start = self.batches.partition_point(|b| b.next_offset() <= from);
        self.batches
            .iter_from(start)
            .take_while(move |b| b.base_offset < to)
            .flat_map(|b| {
                (b.base_offset..)
                    .zip(b.values.iter())
                    .map(move |(o, v)| (o, b.leader_epoch, v))
            })
            .filter(move |(offset, _, _)| *offset >= from && *offset < to)
    }

    /// The record value at `offset`, if retained.
    pub fn value_at(&self, offset: u64) -> Option<&Value> {
        let batch = self.batch_at(offset)?;
        batch.values.get((offset - batch.base_offset) as usize)
    }

    /// The batch holding `offset`, if retained.
    pub fn batch_at(&self, offset: u64) -> Option<&RecordBatch> {
        let i = self.batches.partition_point(|b| b.next_offset() <= offset);
        self.batches
            .iter_from(i)
            .next()
            .filter(|b| b.base_offset <= offset)
    }

    /// The last batches appended by `producer_id`, newest first (Kafka keeps five per producer).
    pub fn recent_batches_of(&self, producer_id: u64) -> impl Iterator<Item = &RecordBatch> {
        self.batches
            .iter()
            .rev()
            .filter(move |b| b.producer.is_some_and(|p| p.producer_id == producer_id))
            .take(5)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn batch(base: u64, epoch: u32, values: &[u32], at: u64) -> RecordBatch {
        RecordBatch {
            base_offset: base,
            leader_epoch: epoch,
            producer: None,
            append_time_ms: at,
            values: values.iter().map(|&n| Value::Produced(n)).collect(),
        }
    }

    #[test]
    fn appends_track_leo_and_epoch_starts() {
        let mut log = Log::default();
        assert!(log.append(batch(0, 1, &[1, 2], 0)));
        assert!(log.append(batch(2, 1, &[3], 0)));
        assert!(log.append(batch(3, 4, &[4], 0)));
        assert!(!log.append(batch(9, 4, &[5], 0)), "a gap is refused");
        assert_eq!(log.log_end_offset(), 4);
        assert_eq!(
            log.epoch_cache(),
            &[
                EpochEntry {
                    epoch: 1,
                    start_offset: 0
                },
                EpochEntry {
                    epoch: 4,
                    start_offset: 3
                }
            ]
        );
    }

    #[test]
    fn truncation_removes_records_and_epoch_entries_from_the_cut_on() {
        let mut log = Log::default();
        log.append(batch(0, 1, &[1, 2, 3], 0));
        log.append(batch(3, 2, &[4, 5], 0));
        let removed = log.truncate_to(2);
        assert_eq!(
            removed
                .iter()
                .map(|r| r.value.to_string())
                .collect::<Vec<_>>(),
            ["m3", "m4", "m5"]
        );
        assert_eq!(log.log_end_offset(), 2);
        assert_eq!(
            log.epoch_cache(),
            &[EpochEntry {
                epoch: 1,
                start_offset: 0
            }]
        );
        assert!(log.append(batch(2, 3, &[9], 0)));
        assert_eq!(log.records_from(0, 10).len(), 3);
    }

    #[test]
    fn a_new_epoch_without_records_is_replaced_by_the_next() {
        let mut log = Log::default();
        log.append(batch(0, 1, &[1], 0));
        log.assign_epoch(2, 1); // elected, but wrote nothing
        log.assign_epoch(3, 1); // elected again
        assert_eq!(
            log.epoch_cache(),
            &[
                EpochEntry {
                    epoch: 1,
                    start_offset: 0
                },
                EpochEntry {
                    epoch: 3,
                    start_offset: 1
                }
            ]
        );
    }

    #[test]
    fn reads_cross_chunk_boundaries_and_snapshots_share_full_chunks() {
        let mut log = Log::default();
        for i in 0..(CHUNK_BATCHES as u64 * 3 + 7) {
            log.append(batch(i, 0, &[i as u32], 0));
        }
        let around_boundary = log.records_from(CHUNK_BATCHES as u64 - 2, CHUNK_BATCHES as u64 + 2);
        let offsets: Vec<u64> = around_boundary.iter().map(|r| r.offset).collect();
        assert_eq!(
            offsets,
            (CHUNK_BATCHES as u64 - 2..CHUNK_BATCHES as u64 + 2).collect::<Vec<_>>()
        );
        assert_eq!(
            log.batch_at(2 * CHUNK_BATCHES as u64)
                .map(|b| b.base_offset),
            Some(2 * CHUNK_BATCHES as u64)
        );
        assert_eq!(
            log.read_batches(CHUNK_BATCHES as u64 * 3 + 5, 10).len(),
            2,
            "reads reach into the open tail"
        );
        let snapshot = log.clone();
        assert!(
            Arc::ptr_eq(&snapshot.batches.sealed[0], &log.batches.sealed[0]),
            "a clone shares full chunks"
        );
        log.truncate_to(CHUNK_BATCHES as u64 + 1);
        assert_eq!(log.log_end_offset(), CHUNK_BATCHES as u64 + 1);
        assert_eq!(
            snapshot.log_end_offset(),
            CHUNK_BATCHES as u64 * 3 + 7,
            "the snapshot is unaffected"
        );
        assert_eq!(log.records_from(0, u64::MAX).len(), CHUNK_BATCHES + 1);
    }

    #[test]
    fn truncation_at_the_end_forgets_an_epoch_that_never_got_a_record() {
        // A broker elected in epoch 2 that appended nothing, then follows a leader of epoch 3.
        let mut log = Log::default();
        log.append(batch(0, 1, &[1, 2], 0));
        log.assign_epoch(2, 2);
        assert!(log.truncate_to(2).is_empty());
        assert_eq!(
            log.epoch_cache(),
            &[EpochEntry {
                epoch: 1,
                start_offset: 0
            }]
        );
        assert_eq!(log.latest_epoch(), Some(1));
    }

    #[test]
    fn truncation_below_the_log_start_restarts_the_log_there() {
        let mut log = Log::starting_at(100);
        log.append(batch(100, 1, &[1, 2, 3], 0));
        let removed = log.truncate_to(40);
        assert_eq!(removed.len(), 3);
        assert_eq!((log.log_start_offset(), log.log_end_offset()), (40, 40));
        assert!(log.append(batch(40, 2, &[9], 0)));
    }

    #[test]
    fn power_loss_keeps_only_what_was_flushed() {
        let mut log = Log::default();
        log.append(batch(0, 1, &[1], 1_000));
        log.append(batch(1, 1, &[2], 40_000));
        log.flush(Some(10_000)); // writeback of data older than the dirty-expire age
        assert_eq!(log.flushed_offset(), 1);
        let lost = log.lose_unflushed();
        assert_eq!(lost.len(), 1);
        assert_eq!(log.log_end_offset(), 1);
    }

    #[test]
    fn writeback_flushes_the_prefix_appended_by_the_cutoff_even_out_of_time_order() {
        let mut log = Log::default();
        log.append(batch(0, 1, &[1], 1_000));
        log.append(batch(1, 2, &[2], 50_000)); // a leader of a later epoch wrote this first
        log.append(batch(2, 3, &[3], 20_000));
        log.flush(Some(30_000));
        assert_eq!(
            log.flushed_offset(),
            1,
            "the flush stops at the first later batch"
        );
        log.truncate_to(2);
        log.append(batch(2, 3, &[3], 60_000));
        log.flush(Some(55_000));
        assert_eq!(
            log.flushed_offset(),
            2,
            "back in order after the truncation"
        );
    }

    #[test]
    fn retention_advances_the_log_start_offset() {
        let mut log = Log::default();
        let total = (RETAINED_BATCHES + SEGMENT_BATCHES) as u64;
        for i in 0..total - 1 {
            log.append(batch(i, 0, &[i as u32], 0));
            log.apply_retention(u64::MAX);
        }
        assert_eq!(
            log.log_start_offset(),
            0,
            "nothing deleted before a whole segment is due"
        );
        log.append(batch(total - 1, 0, &[0], 0));
        log.apply_retention(SEGMENT_BATCHES as u64 - 1);
        assert_eq!(log.log_start_offset(), 0, "never past the high watermark");
        log.apply_retention(SEGMENT_BATCHES as u64);
        assert_eq!(log.log_start_offset(), SEGMENT_BATCHES as u64);
        assert_eq!(log.batch_count(), RETAINED_BATCHES);
        assert_eq!(
            log.read_batches(0, 3)[0].base_offset,
            SEGMENT_BATCHES as u64
        );
    }
}
