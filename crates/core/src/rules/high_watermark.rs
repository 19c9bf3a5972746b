//! The leader's high watermark (Kafka's `Partition.maybeIncrementLeaderHW`).

/// The min ISR a leader holds acks=all writes (and, from 3.7, its HW) to. From Kafka 3.7 it is
/// `min(min.insync.replicas, RF)`, so a partition with fewer replicas than min ISR can still
/// take acks=all writes (`Partition.effectiveMinIsr`, KAFKA-15583); before, the leader compared
/// the ISR with `min.insync.replicas` itself (`Partition.appendRecordsToLeader`) and such a
/// partition refused every acks=all write with NOT_ENOUGH_REPLICAS. `capped_by_replicas`: the
/// profile follows 3.7+ (`Profile::strict_min_isr`). `min.insync.replicas` is at least 1 (the
/// config refuses 0, as Kafka's validator does).
pub fn effective_min_isr(
    min_insync_replicas: u32,
    replication_factor: u32,
    capped_by_replicas: bool,
) -> u32 {
    if capped_by_replicas {
        min_insync_replicas.min(replication_factor)
    } else {
        min_insync_replicas
    }
}

/// Does a follower hold the leader's HW back? Kafka's `Partition.maybeIncrementLeaderHW` waits
/// for every member of the *maximal* ISR (the ISR plus replicas whose addition is in flight,
/// 2.7+) and for every follower outside it that is caught up (`ReplicaState.isCaughtUp`, see
/// `rules::isr::is_caught_up`): with the ISR down to the leader, a follower catching up under
/// steady writes would otherwise chase a HW at the leader's LEO and never reach it to rejoin
/// (0.10.2+, KAFKA-4485). Since 3.6 (KAFKA-15021, `shouldWaitForReplicaToJoinIsr`) such a
/// follower must also be eligible to join the ISR (`Partition.isReplicaIsrEligible`: in KRaft
/// not fenced and not shutting down), so a fenced broker that caught up a moment before it died
/// does not stall the HW for `replica.lag.time.max.ms`. `checks_eligibility`: the profile
/// follows 3.6+ (`Profile::hw_waits_only_for_isr_eligible_followers`).
pub fn follower_holds_high_watermark(
    in_maximal_isr: bool,
    caught_up: bool,
    isr_eligible: bool,
    checks_eligibility: bool,
) -> bool {
    in_maximal_isr || (caught_up && (isr_eligible || !checks_eligibility))
}

/// The offset the leader's HW would move to: the smallest of the leader's LEO and the fetch
/// offsets of every follower that holds the HW back (`follower_holds_high_watermark`). The
/// leader knows followers only by their last fetch offset, never their LEO.
pub fn high_watermark_candidate(
    leader_log_end_offset: u64,
    holding_fetch_offsets: impl IntoIterator<Item = u64>,
) -> u64 {
    holding_fetch_offsets
        .into_iter()
        .fold(leader_log_end_offset, u64::min)
}

/// The leader's next HW. It never goes down, and with strict min ISR (Kafka 3.7+, KAFKA-15583)
/// it does not advance while the ISR is smaller than the effective min ISR.
pub fn next_leader_high_watermark(
    current_high_watermark: u64,
    candidate: u64,
    isr_size: u32,
    effective_min_isr: u32,
    strict_min_isr: bool,
) -> u64 {
    if strict_min_isr && isr_size < effective_min_isr {
        return current_high_watermark;
    }
    current_high_watermark.max(candidate)
}

/// A follower's HW after a fetch response: the leader's HW capped by its own LEO. Unlike the
/// leader's, it can go down (Kafka's `ReplicaFetcherThread.processPartitionData`).
pub fn follower_high_watermark(response_high_watermark: u64, own_log_end_offset: u64) -> u64 {
    response_high_watermark.min(own_log_end_offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn effective_min_isr_is_capped_by_the_replication_factor_from_kafka_3_7() {
        for (min_isr, rf, capped, expected) in [
            (1, 3, true, 1),
            (2, 3, true, 2),
            (3, 3, true, 3),
            (3, 2, true, 2),
            (5, 1, true, 1),
            // Before 3.7: min.insync.replicas as it is, even above the replica count.
            (2, 3, false, 2),
            (3, 2, false, 3),
            (5, 1, false, 5),
        ] {
            assert_eq!(
                effective_min_isr(min_isr, rf, capped),
                expected,
                "min.insync.replicas={min_isr} rf={rf} capped={capped}"
            );
        }
    }

    #[test]
    fn candidate_is_the_minimum_over_the_leader_and_the_maximal_isr() {
        // The teaching figure: leader LEO 9, followers fetched up to 6 and 8 → HW 6.
        let table: [(u64, &[u64], u64); 5] = [
            (9, &[6, 8], 6),
            (9, &[9, 9], 9),
            (9, &[], 9),  // ISR = {leader}
            (5, &[7], 5), // never above the leader's own LEO
            (0, &[0, 0], 0),
        ];
        for (leo, fetch_offsets, expected) in table {
            assert_eq!(
                high_watermark_candidate(leo, fetch_offsets.iter().copied()),
                expected,
                "{leo} {fetch_offsets:?}"
            );
        }
    }

    #[test]
    fn the_hw_waits_for_the_maximal_isr_and_caught_up_followers_eligible_to_join() {
        // Kafka's Partition.maybeIncrementLeaderHW.
        // (in maximal ISR, caught up, ISR-eligible, checks eligibility (3.6+), expected)
        let table = [
            (true, false, false, true, true),  // an ISR member always counts
            (true, false, false, false, true), // ... in every version
            (false, false, true, true, false), // outside the ISR and lagging: ignored
            (false, false, true, false, false),
            (false, true, true, true, true), // caught up and eligible: waited for (3.6+)
            (false, true, false, true, false), // caught up but fenced: ignored (3.6+)
            (false, true, false, false, true), // before 3.6 (KAFKA-4485): caught up is enough
        ];
        for (in_isr, caught_up, eligible, checks, expected) in table {
            assert_eq!(
                follower_holds_high_watermark(in_isr, caught_up, eligible, checks),
                expected,
                "in ISR {in_isr}, caught up {caught_up}, eligible {eligible}, 3.6+ {checks}"
            );
        }
    }

    #[test]
    fn leader_high_watermark_never_decreases_and_freezes_below_min_isr() {
        // (current, candidate, isr size, effective min ISR, strict, expected)
        let table = [
            (4, 6, 3, 2, true, 6),  // enough in-sync replicas: advances
            (6, 4, 3, 2, true, 6),  // never goes down
            (4, 6, 1, 2, true, 4),  // strict (3.7+): frozen below min ISR
            (4, 6, 1, 2, false, 6), // before 3.7: advances with ISR = {leader}
            (4, 6, 2, 2, true, 6),  // exactly min ISR is enough
        ];
        for (current, candidate, isr, min_isr, strict, expected) in table {
            assert_eq!(
                next_leader_high_watermark(current, candidate, isr, min_isr, strict),
                expected,
                "current={current} candidate={candidate} isr={isr} min={min_isr} strict={strict}"
            );
        }
    }

    #[test]
    fn follower_high_watermark_is_capped_by_its_own_log_and_can_go_down() {
        for (response_hw, leo, expected) in [(6, 9, 6), (9, 6, 6), (3, 9, 3), (0, 0, 0)] {
            assert_eq!(follower_high_watermark(response_hw, leo), expected);
        }
    }
}
