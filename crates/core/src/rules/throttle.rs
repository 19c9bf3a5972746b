//! Replication throttling (KIP-73): Kafka's `ReplicationQuotaManager`, one per broker and side.
//!
//! - `leader.replication.throttled.rate` / `follower.replication.throttled.rate` are the bounds,
//!   in bytes per second, of a broker's leader-side and follower-side quota.
//! - Only replicas listed in the topic configs `leader.replication.throttled.replicas` /
//!   `follower.replication.throttled.replicas` (`partition:broker,…` or `*`) are throttled; a
//!   broker reads the entries with its own id ([`ThrottledReplicas::contains`]).
//! - The leader answers a throttled, out-of-sync follower's partition with no records while its
//!   quota is exceeded (`ReplicaManager.shouldLeaderThrottle`); the follower leaves a throttled,
//!   out-of-sync partition out of its fetch request while its quota is exceeded
//!   (`RemoteLeaderEndPoint.shouldFollowerThrottle` since 3.3, `ReplicaFetcherThread` before).
//!   In-sync replicas are never held back, "to avoid ISR thrashing" ([`should_throttle`]).
//! - Both sides record the bytes of every throttled partition they send or receive, in sync or
//!   not, and measure them as a `SimpleRate` over 11 one-second samples ([`ByteRate`]).

use crate::ids::BrokerId;
use std::fmt;

/// `replication.quota.window.size.seconds` (1), in ms.
pub const QUOTA_WINDOW_MS: u64 = 1_000;
/// `replication.quota.window.num` (11): "10 whole windows + 1 current window".
pub const QUOTA_SAMPLES: usize = 11;

/// `ReplicaManager.shouldLeaderThrottle` / `RemoteLeaderEndPoint.shouldFollowerThrottle`: a
/// replica is held back only if it is listed, not in sync, and the broker's quota is exceeded.
pub fn should_throttle(listed: bool, in_sync: bool, quota_exceeded: bool) -> bool {
    listed && !in_sync && quota_exceeded
}

/// The value of a `*.replication.throttled.replicas` topic config.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ThrottledReplicas {
    /// `*`: every replica of the topic.
    All,
    /// `partition:broker` pairs; empty for `""`.
    List(Vec<(u32, BrokerId)>),
}

impl ThrottledReplicas {
    /// Parses as Kafka's `ThrottledReplicaListValidator` accepts: `*`, or a comma-separated list
    /// of `partition:broker` (spaces around entries allowed, empty entries ignored).
    pub fn parse(text: &str) -> Option<ThrottledReplicas> {
        if text.trim() == "*" {
            return Some(ThrottledReplicas::All);
        }
        let mut pairs = Vec::new();
        for entry in text.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let (p, b) = entry.split_once(':')?;
            let digits = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit());
            if !digits(p) || !digits(b) {
                return None;
            }
            pairs.push((p.parse().ok()?, BrokerId(b.parse().ok()?)));
        }
        Some(ThrottledReplicas::List(pairs))
    }

    /// Whether `broker` throttles `partition` (Kafka's `parseThrottledPartitions` keeps the
    /// entries naming the broker itself, then `isThrottled` looks the partition up).
    pub fn contains(&self, partition: u32, broker: BrokerId) -> bool {
        match self {
            ThrottledReplicas::All => true,
            ThrottledReplicas::List(pairs) => pairs.contains(&(partition, broker)),
        }
    }
}

/// Kafka's format: `*` or `0:1,0:2`.
impl fmt::Display for ThrottledReplicas {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ThrottledReplicas::All => f.write_str("*"),
            ThrottledReplicas::List(pairs) => {
                for (i, (p, b)) in pairs.iter().enumerate() {
                    write!(f, "{}{p}:{b}", if i == 0 { "" } else { "," })?;
                }
                Ok(())
            }
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Sample {
    start_ms: u64,
    bytes: u64,
}

/// The byte rate a quota is checked against: Kafka's `SimpleRate` (a `SampledStat` of
/// [`QUOTA_SAMPLES`] samples, each [`QUOTA_WINDOW_MS`] long, starting at the record that
/// opened it), measured as the retained bytes over the time since the oldest sample began, but
/// over at least one window.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ByteRate {
    samples: Vec<Sample>,
    current: usize,
}

impl ByteRate {
    /// `Sensor.record`: add to the current sample, or open the next one once it is a window old.
    pub fn record(&mut self, now_ms: u64, bytes: u64) {
        if self.samples.is_empty() {
            self.samples.push(Sample {
                start_ms: now_ms,
                bytes: 0,
            });
        }
        if now_ms.saturating_sub(self.samples[self.current].start_ms) >= QUOTA_WINDOW_MS {
            self.current = (self.current + 1) % QUOTA_SAMPLES;
            let fresh = Sample {
                start_ms: now_ms,
                bytes: 0,
            };
            if self.current >= self.samples.len() {
                self.samples.push(fresh);
            } else {
                self.samples[self.current] = fresh;
            }
        }
        let sample = &mut self.samples[self.current];
        sample.bytes = sample.bytes.saturating_add(bytes);
    }

    /// `Sensor.checkQuotas`: whether the rate is above `bound` bytes per second. Samples a full
    /// retention (11 windows) old are reset first, as `purgeObsoleteSamples` does.
    pub fn exceeds(&mut self, now_ms: u64, bound: u64) -> bool {
        let expire_ms = QUOTA_WINDOW_MS * QUOTA_SAMPLES as u64;
        for s in &mut self.samples {
            if now_ms.saturating_sub(s.start_ms) >= expire_ms {
                *s = Sample {
                    start_ms: now_ms,
                    bytes: 0,
                };
            }
        }
        let total: u64 = self.samples.iter().map(|s| s.bytes).sum();
        let oldest = self.samples.iter().map(|s| s.start_ms).min();
        let window_ms = now_ms
            .saturating_sub(oldest.unwrap_or(now_ms))
            .max(QUOTA_WINDOW_MS);
        // rate = total / (window_ms / 1000) > bound, in integers.
        u128::from(total) * 1_000 > u128::from(bound) * u128::from(window_ms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_listed_out_of_sync_replicas_over_quota_are_held_back() {
        // Kafka: `!isReplicaInSync && quota.isThrottled(tp) && quota.isQuotaExceeded`.
        // (listed, in sync, quota exceeded, held back)
        let table = [
            (true, false, true, true),
            (true, true, true, false), // in sync: never, to avoid ISR thrashing
            (false, false, true, false), // not in the throttled-replicas list
            (true, false, false, false), // under quota
            (false, true, false, false),
        ];
        for (listed, in_sync, exceeded, held) in table {
            assert_eq!(
                should_throttle(listed, in_sync, exceeded),
                held,
                "listed {listed} in sync {in_sync} exceeded {exceeded}"
            );
        }
    }

    #[test]
    fn throttled_replica_lists_parse_as_kafka_validates_them() {
        let b = BrokerId;
        // (config value, parsed)
        let table = [
            ("*", Some(ThrottledReplicas::All)),
            (" * ", Some(ThrottledReplicas::All)),
            ("", Some(ThrottledReplicas::List(vec![]))),
            ("0:1", Some(ThrottledReplicas::List(vec![(0, b(1))]))),
            (
                "0:1, 1:2",
                Some(ThrottledReplicas::List(vec![(0, b(1)), (1, b(2))])),
            ),
            ("0-1", None),
            ("a:1", None),
            ("0:", None),
            ("*,0:1", None),
        ];
        for (text, want) in table {
            assert_eq!(ThrottledReplicas::parse(text), want, "{text:?}");
        }
        let list = ThrottledReplicas::parse("0:1,2:3").unwrap();
        assert!(list.contains(0, b(1)) && list.contains(2, b(3)));
        assert!(!list.contains(0, b(3)) && !list.contains(1, b(1)));
        assert!(ThrottledReplicas::All.contains(7, b(9)));
        assert_eq!(list.to_string(), "0:1,2:3");
    }

    #[test]
    fn the_rate_is_bytes_over_at_least_one_window_since_the_oldest_sample() {
        // Each row: records (time, bytes) then a check at `now` against `bound`.
        // Kafka's SimpleRate: sum of retained samples / max(now − oldest start, 1 s).
        type Row = (&'static [(u64, u64)], u64, u64, bool);
        let table: [Row; 7] = [
            (&[], 0, 0, false),                              // nothing recorded: rate 0
            (&[(0, 1_000)], 10, 1_000, false),               // 1000 B over the 1 s minimum
            (&[(0, 1_001)], 10, 1_000, true),                // just above
            (&[(0, 3_000)], 2_999, 1_000, true),             // 3000 B over 2.999 s
            (&[(0, 3_000)], 3_000, 1_000, false),            // 3000 B over 3 s = the bound
            (&[(0, 5_000), (5_000, 1)], 10_999, 500, false), // 5001 B over 10.999 s
            (&[(0, 50_000), (5_000, 1)], 11_000, 1, false),  // the 0 s sample expired at 11 s
        ];
        for (records, now, bound, exceeded) in table {
            let mut rate = ByteRate::default();
            for &(t, bytes) in records {
                rate.record(t, bytes);
            }
            assert_eq!(
                rate.exceeds(now, bound),
                exceeded,
                "{records:?} at {now} vs {bound}"
            );
        }
    }

    #[test]
    fn a_sample_covers_one_window_from_the_record_that_opened_it() {
        let mut rate = ByteRate::default();
        rate.record(0, 100);
        rate.record(999, 100); // same sample
        rate.record(1_000, 100); // a new one, starting at 1000
        assert_eq!(rate.samples.len(), 2);
        // Twelve more windows wrap around the eleven samples.
        for t in 2..14 {
            rate.record(t * 1_000, 10);
        }
        assert_eq!(rate.samples.len(), QUOTA_SAMPLES);
        assert!(rate.samples.iter().all(|s| s.start_ms >= 3_000));
    }
}
