//! A consumer whose position is out of range, and `auto.offset.reset`.
//!
//! The leader (or a follower serving a KIP-392 read) answers a consumer's fetch with
//! `OFFSET_OUT_OF_RANGE` when the offset is below its log start or above its log end
//! (`LocalLog.read`, `Partition.fetchRecords`); an offset between its high watermark and its
//! log end is simply not readable yet (an empty answer). The consumer then drops its preferred
//! read replica if it had one and fetches from the leader again; otherwise it resets its
//! position by `auto.offset.reset` (`FetchCollector.handleInitializeErrors`,
//! `SubscriptionState.requestOffsetReset`). A KIP-320 position check that finds the epoch of
//! the last record read unknown to the leader resets the same way
//! (`SubscriptionState.maybeCompleteValidation`). The reset asks the leader with ListOffsets:
//! `latest` is its high watermark (the last fetchable offset for `read_uncommitted`),
//! `earliest` its log start; with `none`, `poll()` throws to the application.

use crate::config::AutoOffsetReset;

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
