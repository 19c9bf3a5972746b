//! How a log stores its batches: full, immutable chunks shared between replicas and snapshots,
//! plus an open tail; and the committed history the checker keeps in the same form.

use super::{Log, RecordBatch, Value};
use std::sync::Arc;

/// The most batches a log keeps; older ones are deleted as retention would, advancing the log
/// start offset. Keeps an hour-long run's memory bounded.
pub const RETAINED_BATCHES: usize = 2048;
/// Retention deletes this many batches at once, as Kafka deletes whole segments: the log start
/// offset moves in steps, and an append never shifts the whole log.
pub const SEGMENT_BATCHES: usize = 512;

/// Batches per shared chunk. Retention drops whole chunks, so `SEGMENT_BATCHES` is a multiple.
pub(super) const CHUNK_BATCHES: usize = 256;
const _: () =
    assert!(SEGMENT_BATCHES % CHUNK_BATCHES == 0 && RETAINED_BATCHES % CHUNK_BATCHES == 0);

/// Batches in append order, kept as full, immutable, shared chunks plus an open tail. Cloning a
/// log (a world snapshot) copies chunk pointers and at most one chunk of batches.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Batches {
    pub(super) sealed: Vec<Arc<Vec<RecordBatch>>>,
    tail: Vec<RecordBatch>,
    /// Some batch was appended before an older one (possible only after leadership moves
    /// between diverged logs). While false, batches are in append-time order and a flush can
    /// binary-search its cutoff instead of scanning the whole log.
    out_of_time_order: bool,
}

impl Batches {
    /// The first batch of sealed chunk `chunk`, if that chunk exists.
    pub(super) fn first_in_chunk(&self, chunk: usize) -> Option<&RecordBatch> {
        self.sealed.get(chunk).and_then(|c| c.first())
    }

    pub(super) fn from_vec(batches: Vec<RecordBatch>) -> Batches {
        let mut list = Batches::default();
        for batch in batches {
            list.push(batch);
        }
        list
    }

    pub(super) fn len(&self) -> usize {
        self.sealed.len() * CHUNK_BATCHES + self.tail.len()
    }

    pub(super) fn push(&mut self, batch: RecordBatch) {
        self.out_of_time_order |= self
            .last()
            .is_some_and(|b| b.append_time_ms > batch.append_time_ms);
        self.tail.push(batch);
        if self.tail.len() == CHUNK_BATCHES {
            self.sealed.push(Arc::new(std::mem::take(&mut self.tail)));
        }
    }

    pub(super) fn last(&self) -> Option<&RecordBatch> {
        self.tail
            .last()
            .or_else(|| self.sealed.last().and_then(|c| c.last()))
    }

    pub(super) fn first(&self) -> Option<&RecordBatch> {
        self.sealed
            .first()
            .and_then(|c| c.first())
            .or(self.tail.first())
    }

    pub(super) fn iter(&self) -> impl DoubleEndedIterator<Item = &RecordBatch> {
        self.sealed
            .iter()
            .flat_map(|c| c.iter())
            .chain(self.tail.iter())
    }

    /// Batches from position `index` on, without walking the batches before it (`skip` on the
    /// chained iterator would step through them one by one).
    pub(super) fn iter_from(&self, index: usize) -> impl Iterator<Item = &RecordBatch> {
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
    pub(super) fn partition_point(&self, pred: impl Fn(&RecordBatch) -> bool) -> usize {
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

    pub(super) fn drop_front_chunks(&mut self, chunks: usize) {
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
    pub(super) fn appended_by(&self, cutoff_ms: u64) -> usize {
        if self.out_of_time_order {
            return self
                .iter()
                .take_while(|b| b.append_time_ms <= cutoff_ms)
                .count();
        }
        self.partition_point(|b| b.append_time_ms <= cutoff_ms)
    }

    pub(super) fn get(&self, index: usize) -> Option<&RecordBatch> {
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
