//! What a log holds: record batches and their records, with the value each record carries and
//! the producer id and sequence an idempotent producer stamps on a batch.

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
