//! A consumer whose position is out of range, and `auto.offset.reset`.
//!
//! The leader (or a follower serving a KIP-392 read) answers a consumer's fetch with
//! `OFFSET_OUT_OF_RANGE` when the offset is below its log start or above its log end
//! (`LocalLog.read`, `Partition.fetchRecords`); an offset between its high watermark and its
//! log end is simply not readable yet (an empty answer). The consumer then drops its preferred
//! read replica if it had one and fetches from the leader again; otherwise it resets its
//! position by `auto.offset.reset` (`FetchCollector.handleInitializeErrors`,
//! `SubscriptionState.requestOffsetReset`). A KIP-320 position check that finds the epoch of
//! the last record read unknown to the leader resets the same way; one that finds the log
//! truncated under the position moves it back to the divergence point, unless the policy is
//! `none` ([`complete_validation`]). The reset asks the leader with ListOffsets:
//! `latest` is its high watermark (the last fetchable offset for `read_uncommitted`),
//! `earliest` its log start; with `none`, `poll()` throws to the application.

use crate::config::AutoOffsetReset;
use crate::rules::truncation::EpochEndOffset;

/// Whether a consumer's fetch at `fetch_offset` is out of range for a replica whose log runs
/// from `log_start` to `log_end` (exclusive).
pub fn consumer_fetch_out_of_range(fetch_offset: u64, log_start: u64, log_end: u64) -> bool {
    fetch_offset < log_start || fetch_offset > log_end
}

/// The offset a reset takes the consumer to, from the leader's log start and high watermark;
/// `None` when the policy is `none` (the application gets the exception instead).
pub fn reset_offset(policy: AutoOffsetReset, log_start: u64, high_watermark: u64) -> Option<u64> {
    match policy {
        AutoOffsetReset::Latest => Some(high_watermark),
        AutoOffsetReset::Earliest => Some(log_start),
        AutoOffsetReset::None => None,
    }
}

/// Can the leader answer a client's ListOffsets for the latest offset? Not while its HW is
/// below the start offset of its leader epoch (a new leader whose followers have not fetched
/// from it yet): Kafka's `Partition.fetchOffsetForTimestamp` then answers the retriable
/// `OFFSET_NOT_AVAILABLE` (2.2+, KAFKA-2334), so a reset never lands below what this leader
/// will call committed; the consumer asks again. The earliest offset is always answered.
pub fn latest_offset_available(high_watermark: u64, leader_epoch_start_offset: u64) -> bool {
    high_watermark >= leader_epoch_start_offset
}

/// What a consumer does with the leader's answer to its KIP-320 position check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValidationOutcome {
    /// The epoch of the last record read ends at or after the position: nothing was truncated
    /// under it, and it fetches on.
    Valid,
    /// The log was truncated under the position: it goes back to `offset`, where the logs agree,
    /// in `epoch` (`FetchPosition` with the answer's epoch, `seekValidated`).
    SeekTo { offset: u64, epoch: u32 },
    /// The leader does not know the epoch: reset by `auto.offset.reset` (`requestOffsetReset`).
    Reset,
    /// `auto.offset.reset=none`: the position stays, and `poll()` throws
    /// `LogTruncationException` to the application, naming where the logs diverge when the
    /// leader knew the epoch.
    LogTruncation { divergent_offset: Option<u64> },
}

/// Kafka's `SubscriptionState.maybeCompleteValidation` (2.3+, KIP-320): the consumer at
/// `position` asked where the epoch of the last record it read ends, and the leader answered
/// `end`. A truncation moves the position back only when a reset policy is set
/// (`hasDefaultOffsetResetPolicy`, any policy but `none`); with `none` it is returned as a
/// `LogTruncation`, which `OffsetFetcherUtils.onSuccessfulResponseForValidatingPositions`
/// turns into a `LogTruncationException` thrown by the next `poll()`.
pub fn complete_validation(
    policy: AutoOffsetReset,
    position: u64,
    end: EpochEndOffset,
) -> ValidationOutcome {
    let may_reset = policy != AutoOffsetReset::None;
    match (end.epoch, end.end_offset) {
        (Some(epoch), Some(offset)) if offset < position => {
            if may_reset {
                ValidationOutcome::SeekTo { offset, epoch }
            } else {
                ValidationOutcome::LogTruncation {
                    divergent_offset: Some(offset),
                }
            }
        }
        (Some(_), Some(_)) => ValidationOutcome::Valid,
        _ if may_reset => ValidationOutcome::Reset,
        _ => ValidationOutcome::LogTruncation {
            divergent_offset: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latest_offset_waits_until_the_hw_reaches_the_leaders_epoch_start() {
        // Kafka's Partition.fetchOffsetForTimestamp: OFFSET_NOT_AVAILABLE while epochStart > HW.
        // (high watermark, leader epoch start offset, answered)
        for (hw, epoch_start, expected) in [
            (3000, 3001, false), // a new leader, followers not caught up with it yet
            (3001, 3001, true),  // the HW reached the start of the epoch
            (3005, 3001, true),
            (0, 0, true), // a fresh partition
        ] {
            assert_eq!(
                latest_offset_available(hw, epoch_start),
                expected,
                "HW {hw}, epoch start {epoch_start}"
            );
        }
    }

    #[test]
    fn only_offsets_outside_the_log_are_out_of_range() {
        // (fetch offset, log start, log end, out of range)
        let table = [
            (5, 0, 10, false),
            (10, 0, 10, false), // at the log end: wait for more
            (11, 0, 10, true),  // past it: the log was truncated under the consumer
            (2, 3, 10, true),   // below the log start: retention deleted it
            (3, 3, 10, false),
        ];
        for (offset, start, end, want) in table {
            assert_eq!(
                consumer_fetch_out_of_range(offset, start, end),
                want,
                "{offset} in [{start}, {end}]"
            );
        }
    }

    #[test]
    fn latest_is_the_high_watermark_earliest_the_log_start_none_throws() {
        use AutoOffsetReset::*;
        let table = [(Latest, Some(8)), (Earliest, Some(2)), (None, Option::None)];
        for (policy, want) in table {
            assert_eq!(reset_offset(policy, 2, 8), want, "{policy:?}");
        }
    }

    #[test]
    fn a_detected_truncation_moves_the_position_back_unless_the_policy_is_none() {
        // SubscriptionState.maybeCompleteValidation, for a consumer at position 10.
        use AutoOffsetReset::*;
        use ValidationOutcome::*;
        let known = |epoch, end| EpochEndOffset {
            epoch: Some(epoch),
            end_offset: Some(end),
        };
        let seek = |offset, epoch| SeekTo { offset, epoch };
        let throws = |divergent_offset| LogTruncation { divergent_offset };
        let unknown = EpochEndOffset::UNDEFINED;
        let table = [
            // (policy, leader's answer, outcome)
            (Latest, known(3, 5), seek(5, 3)),
            (Earliest, known(3, 5), seek(5, 3)),
            (None, known(3, 5), throws(Some(5))),
            // The epoch ends at or past the position: nothing to do, whatever the policy.
            (None, known(3, 10), Valid),
            (Latest, known(4, 12), Valid),
            // An epoch the leader does not know: reset, or throw without a divergent offset.
            (Latest, unknown, Reset),
            (Earliest, unknown, Reset),
            (None, unknown, throws(Option::None)),
        ];
        for (policy, end, want) in table {
            assert_eq!(
                complete_validation(policy, 10, end),
                want,
                "{policy:?} {end:?}"
            );
        }
    }
}
