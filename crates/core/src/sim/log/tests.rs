use super::*;
use std::sync::Arc;

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
