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

/// The offset the leader's HW would move to: the smallest of the leader's LEO and the fetch
/// offsets of every member of the *maximal* ISR (the ISR plus replicas whose addition is in
/// flight). The leader knows followers only by their last fetch offset, never their LEO.
pub fn high_watermark_candidate(
    leader_log_end_offset: u64,
    maximal_isr_fetch_offsets: impl IntoIterator<Item = u64>,
) -> u64 {
    maximal_isr_fetch_offsets
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
