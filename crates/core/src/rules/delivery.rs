//! The producer's delivery timeout (KIP-91): how long a record may take from `send()` to an
//! acknowledgement, retries included.
//!
//! A batch that reaches `delivery.timeout.ms` fails with a `TimeoutException` ("Expiring N
//! record(s) for orders-0: 120000 ms has passed since batch creation") wherever it is: waiting
//! in the accumulator for a leader or for its retry (`RecordAccumulator.expiredBatches`), or
//! in flight (`Sender.getExpiredInflightBatches`); the sender fails it with `Sender.failBatch`
//! the moment the timeout passes, since it polls no longer than until the next expiry. A
//! retriable error is retried while the timeout has not passed (`Sender.canRetry`).

/// `ProducerBatch.hasReachedDeliveryTimeout`: `delivery.timeout.ms <= now − createdMs`.
pub fn has_reached_delivery_timeout(
    created_ms: u64,
    delivery_timeout_ms: u64,
    now_ms: u64,
) -> bool {
    delivery_timeout_ms <= now_ms.saturating_sub(created_ms)
}

/// When a batch created at `created_ms` expires.
pub fn delivery_deadline_ms(created_ms: u64, delivery_timeout_ms: u64) -> u64 {
    created_ms.saturating_add(delivery_timeout_ms)
}

/// `Sender.canRetry`: a retriable error, attempts left (`retries` counts the retries after the
/// first send, so `attempts` sends allow `attempts − 1` retries so far) and the delivery timeout
/// not reached. A retry that would come back after the timeout still waits: the timeout then
/// expires it in the accumulator.
pub fn can_retry(
    retriable: bool,
    attempts: u32,
    retries: u32,
    created_ms: u64,
    delivery_timeout_ms: u64,
    now_ms: u64,
) -> bool {
    retriable
        && attempts.saturating_sub(1) < retries
        && !has_reached_delivery_timeout(created_ms, delivery_timeout_ms, now_ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_expires_once_the_delivery_timeout_has_passed_since_its_creation() {
        // (created, delivery.timeout.ms, now, reached)
        let table = [
            (1_000, 120_000, 120_999, false),
            (1_000, 120_000, 121_000, true),
            (1_000, 120_000, 500_000, true),
            (5_000, 0, 5_000, true),
        ];
        for (created, timeout, now, reached) in table {
            assert_eq!(
                has_reached_delivery_timeout(created, timeout, now),
                reached,
                "created {created}, timeout {timeout}, now {now}"
            );
            assert_eq!(now >= delivery_deadline_ms(created, timeout), reached);
        }
    }

    #[test]
    fn a_retriable_error_is_retried_until_the_timeout_or_the_retries_run_out() {
        // (retriable, attempts so far, retries, created, now, retry)
        let table = [
            (true, 1, 3, 0, 1_000, true),
            (true, 4, 3, 0, 1_000, false), // three retries done
            (false, 1, 3, 0, 1_000, false),
            // The backoff would end past the timeout: still a retry, which then expires.
            (true, 1, u32::MAX, 0, 119_950, true),
            (true, 1, u32::MAX, 0, 120_000, false),
        ];
        for (retriable, attempts, retries, created, now, want) in table {
            assert_eq!(
                can_retry(retriable, attempts, retries, created, 120_000, now),
                want,
                "retriable {retriable}, attempts {attempts}, retries {retries}, now {now}"
            );
        }
    }
}
