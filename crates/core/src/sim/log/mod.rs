//! A replica's log: record batches, the leader epoch cache, and what is flushed to disk.
//!
//! Records are stored as batches (offset range, leader epoch, producer id and sequence), as
//! Kafka's log segments store them. Batches are shared between replicas (`Arc`), so a follower's
//! copy of the leader's batch costs one pointer, and a snapshot of the world clones pointers.

use crate::rules::truncation::EpochEntry;

mod batches;
mod record;

pub(crate) use batches::RecordHistory;
pub use batches::{RETAINED_BATCHES, SEGMENT_BATCHES};
pub use record::{ProducerStamp, Record, RecordBatch, Value};

use batches::{Batches, CHUNK_BATCHES};

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
        let oldest_kept = self.batches.first_in_chunk(SEGMENT_BATCHES / CHUNK_BATCHES);
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
mod tests;
