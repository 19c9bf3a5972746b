//! Who is in sync (Kafka's `Replica.updateFetchStateOrThrow`, `ReplicaState.isCaughtUp`,
//! `Partition.isFollowerOutOfSync` and `Partition.isReplicaIsrEligible`), and how one partition
//! change moves the ISR.

use crate::ids::BrokerId;
use crate::rules::reassignment::without;

/// What the leader remembers about one follower between its fetches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct FollowerFetchState {
    /// The offset the follower asked for last: the leader's only knowledge of its LEO.
    pub fetch_offset: u64,
    pub last_caught_up_time_ms: u64,
    /// The leader's LEO when the previous fetch arrived, and when that was.
    pub last_fetch_leader_log_end_offset: u64,
    pub last_fetch_time_ms: u64,
}

/// The follower state after a fetch at `fetch_offset` arrives at `now_ms`, when the leader's LEO
/// is `leader_log_end_offset`. A fetch counts as caught up if it reaches the leader's LEO now,
/// or the leader's LEO as of the previous fetch — so a follower that keeps up with a steady
/// stream of writes stays in sync even though it is never exactly at the end.
pub fn record_follower_fetch(
    state: FollowerFetchState,
    fetch_offset: u64,
    leader_log_end_offset: u64,
    now_ms: u64,
) -> FollowerFetchState {
    let last_caught_up_time_ms = if fetch_offset >= leader_log_end_offset {
        state.last_caught_up_time_ms.max(now_ms)
    } else if fetch_offset >= state.last_fetch_leader_log_end_offset {
        state.last_caught_up_time_ms.max(state.last_fetch_time_ms)
    } else {
        state.last_caught_up_time_ms
    };
    FollowerFetchState {
        fetch_offset,
        last_caught_up_time_ms,
        last_fetch_leader_log_end_offset: leader_log_end_offset,
        last_fetch_time_ms: now_ms,
    }
}

/// How often a leader checks its followers for the ISR: `ReplicaManager.startup` schedules
/// `maybeShrinkIsr` every `replica.lag.time.max.ms / 2` (at least 1 ms here, so a 1 ms lag
/// limit still moves the clock). A follower stuck from time t is therefore dropped between
/// t + lag and t + 1.5 × lag.
pub fn isr_check_interval_ms(replica_lag_time_max_ms: u64) -> u64 {
    (replica_lag_time_max_ms / 2).max(1)
}

/// A follower is out of sync when it is not at the leader's LEO and has not been caught up for
/// more than `replica.lag.time.max.ms`. ⚠ There is no message-count rule: Kafka removed
/// `replica.lag.max.messages` in 0.9.
pub fn is_out_of_sync(
    state: &FollowerFetchState,
    leader_log_end_offset: u64,
    now_ms: u64,
    replica_lag_time_max_ms: u64,
) -> bool {
    let at_end = state.fetch_offset == leader_log_end_offset;
    let lag_ms = now_ms.saturating_sub(state.last_caught_up_time_ms);
    !at_end && lag_ms > replica_lag_time_max_ms
}

/// Kafka's `ReplicaState.isCaughtUp`: the follower is at the leader's LEO, or it was last caught
/// up no more than `replica.lag.time.max.ms` ago. A `last_caught_up_time_ms` of 0 means never:
/// Kafka resets a follower outside the ISR to 0 (`Replica.resetReplicaState`), which on its
/// wall clock lies decades back, while the simulator's clock starts at 0.
pub fn is_caught_up(
    state: &FollowerFetchState,
    leader_log_end_offset: u64,
    now_ms: u64,
    replica_lag_time_max_ms: u64,
) -> bool {
    state.fetch_offset == leader_log_end_offset
        || (state.last_caught_up_time_ms > 0
            && now_ms.saturating_sub(state.last_caught_up_time_ms) <= replica_lag_time_max_ms)
}

/// A follower may join the ISR when it has reached the leader's HW and the start offset of the
/// leader's current epoch (so it holds everything the new leader appended in this epoch's
/// history), and — in KRaft — its broker is not fenced.
pub fn may_join_isr(
    fetch_offset: u64,
    leader_high_watermark: u64,
    leader_epoch_start_offset: u64,
    broker_fenced: bool,
) -> bool {
    !broker_fenced
        && fetch_offset >= leader_high_watermark
        && fetch_offset >= leader_epoch_start_offset
}

/// Kafka's under-replicated partition (the `UnderReplicated` gauge, summed by
/// `ReplicaManager`'s `UnderReplicatedPartitions`): a leader whose ISR is smaller than the
/// replication factor (`Partition.isUnderReplicated`; `rules::reassignment::replication_factor`
/// during a move). A partition without a leader is offline, not under-replicated: no broker
/// reports it.
pub fn is_under_replicated(has_leader: bool, isr_size: usize, replication_factor: usize) -> bool {
    has_leader && isr_size < replication_factor
}

/// How one partition change moved the ISR, as the event log tells it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IsrChange {
    Unchanged,
    /// Members left (fencing, a leader's lag check, a shutdown).
    Shrunk {
        removed: Vec<BrokerId>,
    },
    /// Caught-up followers joined.
    Expanded {
        added: Vec<BrokerId>,
    },
    /// The ISR was set at once: one change, members out and in.
    Replaced {
        removed: Vec<BrokerId>,
        added: Vec<BrokerId>,
    },
}

/// The ISR change from `old` to `new` in one partition change. An election from the ELR, of the
/// last known leader or of an out-of-sync replica sets the ISR to the new leader alone in the
/// same record that names the leader (`PartitionChangeBuilder.tryElection`: `targetIsr =
/// singletonList(node)` for an ELR member, `record.setIsr(singletonList(node))` for an unclean
/// one): `set_by_election` makes that one replacement, even when the ISR was empty before (it
/// did not "grow": nobody caught up).
pub fn isr_change(old: &[BrokerId], new: &[BrokerId], set_by_election: bool) -> IsrChange {
    let removed = without(old, new);
    let added = without(new, old);
    match (removed.is_empty(), added.is_empty()) {
        (true, true) => IsrChange::Unchanged,
        (false, true) if !set_by_election => IsrChange::Shrunk { removed },
        (true, false) if !set_by_election => IsrChange::Expanded { added },
        _ => IsrChange::Replaced { removed, added },
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_isr_check_runs_every_half_of_the_lag_limit() {
        for (lag, every) in [(30_000, 15_000), (10_000, 5_000), (3, 1), (1, 1)] {
            assert_eq!(
                isr_check_interval_ms(lag),
                every,
                "replica.lag.time.max.ms={lag}"
            );
        }
    }

    use super::*;

    #[test]
    fn under_replicated_needs_a_leader_and_an_isr_below_the_replication_factor() {
        // (has leader, ISR size, replication factor, under-replicated)
        for (leader, isr, rf, expected) in [
            (true, 3, 3, false),
            (true, 2, 3, true),
            (true, 1, 3, true),
            (false, 1, 3, false),
            (true, 3, 2, false),
        ] {
            assert_eq!(
                is_under_replicated(leader, isr, rf),
                expected,
                "leader {leader}, ISR {isr}, RF {rf}"
            );
        }
    }

    fn state(
        fetch_offset: u64,
        caught_up: u64,
        last_leo: u64,
        last_fetch: u64,
    ) -> FollowerFetchState {
        FollowerFetchState {
            fetch_offset,
            last_caught_up_time_ms: caught_up,
            last_fetch_leader_log_end_offset: last_leo,
            last_fetch_time_ms: last_fetch,
        }
    }

    #[test]
    fn a_fetch_updates_the_last_caught_up_time_as_kafka_does() {
        // (before, fetch offset, leader LEO, now, expected last caught-up time)
        let table = [
            (state(0, 0, 0, 0), 10, 10, 500, 500), // at the leader's end: caught up now
            (state(5, 100, 8, 400), 8, 12, 900, 400), // reached the LEO of the previous fetch
            (state(5, 100, 8, 400), 7, 12, 900, 100), // behind both: unchanged
            (state(10, 800, 10, 800), 10, 10, 700, 800), // never moves backwards
        ];
        for (before, fetch_offset, leo, now, expected) in table {
            let after = record_follower_fetch(before, fetch_offset, leo, now);
            assert_eq!(
                after.last_caught_up_time_ms, expected,
                "{before:?} fetch {fetch_offset} leo {leo} now {now}"
            );
            assert_eq!(after.fetch_offset, fetch_offset);
            assert_eq!(after.last_fetch_leader_log_end_offset, leo);
            assert_eq!(after.last_fetch_time_ms, now);
        }
    }

    #[test]
    fn out_of_sync_needs_both_lag_time_and_a_gap() {
        let lag = 30_000;
        // (fetch offset, last caught up, leader LEO, now, expected out of sync)
        let table = [
            (5, 0, 10, 30_000, false),  // exactly the limit: still in sync
            (5, 0, 10, 30_001, true),   // past it with a gap
            (10, 0, 10, 90_000, false), // at the leader's end: in sync however long ago
            (9, 50_000, 10, 60_000, false),
        ];
        for (fetch_offset, caught_up, leo, now, expected) in table {
            let s = state(fetch_offset, caught_up, 0, 0);
            assert_eq!(
                is_out_of_sync(&s, leo, now, lag),
                expected,
                "{s:?} leo {leo} now {now}"
            );
        }
    }

    #[test]
    fn caught_up_is_at_the_leaders_end_or_caught_up_within_the_lag_time() {
        // Kafka's ReplicaState.isCaughtUp. replica.lag.time.max.ms = 30 s.
        let lag = 30_000;
        // (fetch offset, last caught up, leader LEO, now, expected caught up)
        let table = [
            (10, 0, 10, 90_000, true),      // at the leader's end
            (8, 40_000, 10, 70_000, true),  // caught up exactly the lag time ago
            (8, 40_000, 10, 70_001, false), // one millisecond past it
            (8, 69_000, 10, 70_000, true),  // caught up a second ago, two records behind
            (8, 0, 10, 1_000, false),       // never caught up (0), even early in a run
        ];
        for (fetch_offset, caught_up, leo, now, expected) in table {
            let s = state(fetch_offset, caught_up, 0, 0);
            assert_eq!(
                is_caught_up(&s, leo, now, lag),
                expected,
                "{s:?} leo {leo} now {now}"
            );
        }
    }

    #[test]
    fn joining_the_isr_needs_the_hw_the_epoch_start_and_an_unfenced_broker() {
        // (fetch offset, leader HW, epoch start offset, fenced, expected)
        let table = [
            (10, 10, 8, false, true),
            (9, 10, 8, false, false),   // below the HW
            (10, 10, 12, false, false), // below the start of the leader's epoch
            (12, 10, 12, true, false),  // fenced broker (KRaft)
        ];
        for (fetch_offset, hw, epoch_start, fenced, expected) in table {
            assert_eq!(
                may_join_isr(fetch_offset, hw, epoch_start, fenced),
                expected
            );
        }
    }

    #[test]
    fn an_election_that_sets_the_isr_is_one_change() {
        // PartitionChangeBuilder.tryElection writes the new leader and its one-member ISR in
        // one PartitionChangeRecord. (old ISR, new ISR, set by the election, expected)
        let b = |v: &[u32]| v.iter().map(|&x| BrokerId(x)).collect::<Vec<_>>();
        let table = [
            (b(&[1, 2]), b(&[1, 2]), false, IsrChange::Unchanged),
            (
                b(&[1, 2, 3]),
                b(&[1, 2]),
                false,
                IsrChange::Shrunk { removed: b(&[3]) },
            ),
            (
                b(&[1, 2]),
                b(&[1, 2, 3]),
                false,
                IsrChange::Expanded { added: b(&[3]) },
            ),
            // Unclean election: [2] replaced by [3].
            (
                b(&[2]),
                b(&[3]),
                true,
                IsrChange::Replaced {
                    removed: b(&[2]),
                    added: b(&[3]),
                },
            ),
            // ELR / last known leader / unclean with ELR: the empty ISR is set, not grown.
            (
                b(&[]),
                b(&[3]),
                true,
                IsrChange::Replaced {
                    removed: vec![],
                    added: b(&[3]),
                },
            ),
            // The new leader was the last ISR member left: only the others go.
            (
                b(&[2, 3]),
                b(&[3]),
                true,
                IsrChange::Replaced {
                    removed: b(&[2]),
                    added: vec![],
                },
            ),
        ];
        for (old, new, by_election, expected) in table {
            assert_eq!(
                isr_change(&old, &new, by_election),
                expected,
                "{old:?} -> {new:?}"
            );
        }
    }
}
