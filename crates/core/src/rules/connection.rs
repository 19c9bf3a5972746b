//! How a client finds out that a broker is gone (Kafka's `NetworkClient` and
//! `ClusterConnectionStates`).
//!
//! - A crashed process on a running machine refuses connections at once (the OS answers with a
//!   reset), and its open connections break at once: requests in flight on them fail with
//!   NETWORK_EXCEPTION.
//! - A machine without power answers nothing. A request already sent on an open connection
//!   fails when `request.timeout.ms` passes (REQUEST_TIMED_OUT, and the connection is closed);
//!   a new connection is given up after `socket.connection.setup.timeout.ms`, which doubles
//!   with each failure in a row up to `socket.connection.setup.timeout.max.ms`.
//! - After a failed or lost connection the client waits `reconnect.backoff.ms` before trying
//!   that broker again, doubling up to `reconnect.backoff.max.ms`; every disconnection asks for
//!   fresh metadata (`DefaultMetadataUpdater.handleServerDisconnect`), from the least loaded
//!   broker it may connect to (`NetworkClient.leastLoadedNode`). A batch whose connection was
//!   never made was never sent: it waits in the accumulator without an error.
//!
//! Kafka adds ±20 % jitter to both exponential backoffs; the simulator leaves it out to stay
//! deterministic without a draw per connection.

/// `reconnect.backoff.ms` and `reconnect.backoff.max.ms` (Kafka's defaults).
pub const RECONNECT_BACKOFF_MS: u64 = 50;
pub const RECONNECT_BACKOFF_MAX_MS: u64 = 1_000;
/// `socket.connection.setup.timeout.max.ms` (Kafka's default).
pub const SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS: u64 = 30_000;

/// `base · 2^(failures − 1)`, at most `max`: Kafka's `ExponentialBackoff` without jitter.
fn exponential(base: u64, failures: u32, max: u64) -> u64 {
    let doublings = failures.saturating_sub(1).min(32);
    base.saturating_mul(1u64 << doublings).min(max)
}

/// How long a client waits before connecting again after `failures` failed or lost
/// connections in a row (at least one).
pub fn reconnect_backoff_ms(failures: u32) -> u64 {
    exponential(RECONNECT_BACKOFF_MS, failures, RECONNECT_BACKOFF_MAX_MS)
}

/// How long a new connection may take after `failures` failed ones in a row, from
/// `socket.connection.setup.timeout.ms` (`setup_ms`).
pub fn connection_setup_timeout_ms(setup_ms: u64, failures: u32) -> u64 {
    exponential(
        setup_ms,
        failures + 1,
        SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS.max(setup_ms),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoffs_double_with_each_failure_up_to_their_maximum() {
        // (failures, reconnect backoff, setup timeout with the default 10 s)
        let table = [
            (1, 50, 20_000),
            (2, 100, 30_000),
            (3, 200, 30_000),
            (5, 800, 30_000),
            (6, 1_000, 30_000),
            (60, 1_000, 30_000),
        ];
        for (failures, backoff, setup) in table {
            assert_eq!(reconnect_backoff_ms(failures), backoff, "{failures}");
            assert_eq!(
                connection_setup_timeout_ms(10_000, failures),
                setup,
                "{failures}"
            );
        }
        assert_eq!(
            connection_setup_timeout_ms(10_000, 0),
            10_000,
            "the first attempt"
        );
    }
}
