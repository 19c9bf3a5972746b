//! Where a follower truncates its log when it follows a (new) leader.
//!
//! Kafka 0.11+ (KIP-101, KIP-279; inline through `divergingEpoch` since 2.7) uses the leader
//! epoch cache; Kafka before 0.11 truncated to the follower's own high watermark, which loses
//! committed records (⚠ what the teaching material describes). Both are here so the playground
//! can run them on the same faults.

/// One leader epoch cache entry: `epoch` began at `start_offset` (Kafka's `EpochEntry`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EpochEntry {
    pub epoch: u32,
    pub start_offset: u64,
}

/// An `(epoch, end offset)` answer; `None` fields are Kafka's UNDEFINED (-1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EpochEndOffset {
    pub epoch: Option<u32>,
    pub end_offset: Option<u64>,
}

impl EpochEndOffset {
    pub const UNDEFINED: EpochEndOffset = EpochEndOffset {
        epoch: None,
        end_offset: None,
    };
}

/// Kafka's `LeaderEpochFileCache.endOffsetFor`: the end offset of `requested_epoch` in this log
/// (the start of the next larger epoch, or the LEO for the latest epoch), paired with the largest
/// epoch ≤ the requested one that this log knows.
pub fn end_offset_for_epoch(
    cache: &[EpochEntry],
    log_end_offset: u64,
    requested_epoch: u32,
) -> EpochEndOffset {
    let Some(latest) = cache.last() else {
        return EpochEndOffset::UNDEFINED;
    };
    if latest.epoch == requested_epoch {
        return EpochEndOffset {
            epoch: Some(requested_epoch),
            end_offset: Some(log_end_offset),
        };
    }
    let Some(higher) = cache.iter().find(|e| e.epoch > requested_epoch) else {
        return EpochEndOffset::UNDEFINED;
    };
    let floor_epoch = cache
        .iter()
        .rev()
        .find(|e| e.epoch <= requested_epoch)
        .map_or(requested_epoch, |e| e.epoch);
    EpochEndOffset {
        epoch: Some(floor_epoch),
        end_offset: Some(higher.start_offset),
    }
}

/// The leader's check on each follower fetch (Kafka's
/// `Partition.fetchRecords` → `readRecords`): if the follower's last fetched
/// epoch ends earlier in the leader's log than the follower's fetch offset, or the leader does
/// not know that epoch, the response carries `divergingEpoch` instead of records.
pub fn diverging_epoch(
    leader_cache: &[EpochEntry],
    leader_log_end_offset: u64,
    fetch_offset: u64,
    last_fetched_epoch: Option<u32>,
) -> Option<EpochEndOffset> {
    let last_fetched_epoch = last_fetched_epoch?;
    let answer = end_offset_for_epoch(leader_cache, leader_log_end_offset, last_fetched_epoch);
    let epoch_behind = answer.epoch.is_none_or(|e| e < last_fetched_epoch);
    let ends_before_fetch = answer.end_offset.is_none_or(|o| o < fetch_offset);
    (epoch_behind || ends_before_fetch).then_some(answer)
}

/// Where the follower truncates, and whether the logs now agree or it must ask again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TruncationDecision {
    pub truncate_to: u64,
    /// False when the follower only got as far as the end of its own older epoch; its next fetch
    /// sends that epoch as `lastFetchedEpoch` and the leader checks again.
    pub completed: bool,
}

/// Kafka's `AbstractFetcherThread.getOffsetTruncationState` for a `divergingEpoch` answer.
pub fn epoch_truncation(
    diverging: EpochEndOffset,
    follower_cache: &[EpochEntry],
    follower_log_end_offset: u64,
    follower_high_watermark: u64,
) -> TruncationDecision {
    let Some(leader_end) = diverging.end_offset else {
        // The leader has no history for the epoch: fall back to the follower's HW.
        return TruncationDecision {
            truncate_to: follower_high_watermark.min(follower_log_end_offset),
            completed: true,
        };
    };
    let Some(leader_epoch) = diverging.epoch else {
        return TruncationDecision {
            truncate_to: leader_end.min(follower_log_end_offset),
            completed: true,
        };
    };
    let own = end_offset_for_epoch(follower_cache, follower_log_end_offset, leader_epoch);
    match (own.epoch, own.end_offset) {
        (Some(epoch), Some(own_end)) if epoch != leader_epoch => TruncationDecision {
            truncate_to: own_end.min(follower_log_end_offset),
            completed: false,
        },
        (Some(_), Some(own_end)) => TruncationDecision {
            truncate_to: own_end.min(leader_end).min(follower_log_end_offset),
            completed: true,
        },
        _ => TruncationDecision {
            truncate_to: leader_end.min(follower_log_end_offset),
            completed: true,
        },
    }
}

/// ⚠ Pre-0.11 Kafka: a broker that becomes a follower truncates to its own high watermark.
pub fn high_watermark_truncation(
    follower_high_watermark: u64,
    follower_log_end_offset: u64,
) -> u64 {
    follower_high_watermark.min(follower_log_end_offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cache(entries: &[(u32, u64)]) -> Vec<EpochEntry> {
        entries
            .iter()
            .map(|&(epoch, start_offset)| EpochEntry {
                epoch,
                start_offset,
            })
            .collect()
    }

    fn answer(epoch: i64, end: i64) -> EpochEndOffset {
        EpochEndOffset {
            epoch: (epoch >= 0).then_some(epoch as u32),
            end_offset: (end >= 0).then_some(end as u64),
        }
    }

    #[test]
    fn end_offset_for_epoch_matches_leader_epoch_file_cache() {
        let c = cache(&[(1, 0), (3, 5), (5, 9)]);
        // (requested epoch, LEO, expected (epoch, end offset)); -1 is UNDEFINED.
        let table = [
            (5, 12, answer(5, 12)), // the latest epoch ends at the LEO
            (3, 12, answer(3, 9)),  // ends where epoch 5 starts
            (4, 12, answer(3, 9)),  // unknown epoch 4: largest known ≤ 4 is 3
            (1, 12, answer(1, 5)),
            (0, 12, answer(0, 0)), // older than the first entry: the requested epoch, first start
            (6, 12, answer(-1, -1)), // newer than anything known
        ];
        for (requested, leo, expected) in table {
            assert_eq!(
                end_offset_for_epoch(&c, leo, requested),
                expected,
                "epoch {requested}"
            );
        }
        assert_eq!(end_offset_for_epoch(&[], 0, 3), EpochEndOffset::UNDEFINED);
    }

    #[test]
    fn the_leader_reports_divergence_only_when_histories_differ() {
        let leader = cache(&[(1, 0), (2, 4)]);
        // (fetch offset, last fetched epoch, expected)
        let table = [
            (6, Some(2), None),                 // same epoch, within the log
            (4, Some(1), None),                 // epoch 1 ends at 4, fetch at 4: agree
            (6, Some(1), Some(answer(1, 4))),   // follower has epoch-1 records past 4: diverged
            (5, Some(3), Some(answer(-1, -1))), // an epoch the leader never had
            (3, None, None),                    // no epoch sent (old protocol)
        ];
        for (fetch_offset, last_epoch, expected) in table {
            assert_eq!(
                diverging_epoch(&leader, 8, fetch_offset, last_epoch),
                expected,
                "fetch {fetch_offset} epoch {last_epoch:?}"
            );
        }
    }

    #[test]
    fn follower_truncates_to_where_the_epochs_agree() {
        // (diverging answer, follower cache, follower LEO, follower HW, expected)
        let table = [
            // KIP-101 scenario 1: the follower has epoch-1 records up to 6; the leader's epoch 1
            // ended at 4 → truncate to 4.
            (
                answer(1, 4),
                cache(&[(1, 0)]),
                6,
                2,
                TruncationDecision {
                    truncate_to: 4,
                    completed: true,
                },
            ),
            // The follower's own epoch ended earlier than the leader's: keep its whole epoch.
            (
                answer(1, 8),
                cache(&[(1, 0)]),
                6,
                2,
                TruncationDecision {
                    truncate_to: 6,
                    completed: true,
                },
            ),
            // The follower never had leader epoch 2; it knows epoch 1 ending at 3 (epoch 3 began
            // there). Truncate to 3 and ask again with epoch 1.
            (
                answer(2, 5),
                cache(&[(1, 0), (3, 3)]),
                7,
                1,
                TruncationDecision {
                    truncate_to: 3,
                    completed: false,
                },
            ),
            // The leader knows nothing of the epoch: fall back to the HW.
            (
                answer(-1, -1),
                cache(&[(4, 0)]),
                7,
                5,
                TruncationDecision {
                    truncate_to: 5,
                    completed: true,
                },
            ),
        ];
        for (diverging, follower, leo, hw, expected) in table {
            assert_eq!(
                epoch_truncation(diverging, &follower, leo, hw),
                expected,
                "{diverging:?} {follower:?}"
            );
        }
    }

    #[test]
    fn hw_truncation_cuts_to_the_followers_own_high_watermark() {
        for (hw, leo, expected) in [(4, 6, 4), (6, 6, 6), (7, 6, 6)] {
            assert_eq!(high_watermark_truncation(hw, leo), expected);
        }
    }
}
