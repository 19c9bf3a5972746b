//! Whether an acks=all write has enough in-sync replicas. The leader checks twice, against two
//! different sets: before the append against the ISR (`NOT_ENOUGH_REPLICAS`, nothing appended),
//! and once its HW has passed the write against the *maximal* ISR
//! (`NOT_ENOUGH_REPLICAS_AFTER_APPEND`: the write is in the log, but the producer is told the
//! ISR was too small and retries it). The two differ only while an ISR expansion is in flight.

/// Kafka's `Partition.appendRecordsToLeader`: an acks=all write is refused before the append
/// when the ISR (the last committed one, `partitionState.isr`) is smaller than the effective
/// min ISR.
pub fn refused_before_append(isr_size: u32, effective_min_isr: u32) -> bool {
    isr_size < effective_min_isr
}

/// Kafka's `Partition.checkEnoughReplicasReachOffset`, called by `DelayedProduce` once the HW
/// has passed the write: the answer is `NOT_ENOUGH_REPLICAS_AFTER_APPEND` when the maximal ISR
/// (the ISR plus a member whose addition is in flight, `partitionState.maximalIsr`, 2.7+ with
/// AlterIsr, KAFKA-8836) is smaller than the effective min ISR. Before 2.7 the leader changed
/// the ISR itself, with nothing in flight, so the maximal ISR was the ISR.
pub fn not_enough_replicas_after_append(maximal_isr_size: u32, effective_min_isr: u32) -> bool {
    maximal_isr_size < effective_min_isr
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn before_the_append_the_isr_counts_after_it_the_maximal_isr() {
        // (committed ISR size, maximal ISR size, effective min ISR, refused before the append,
        //  NOT_ENOUGH_REPLICAS_AFTER_APPEND)
        let table = [
            (3, 3, 2, false, false),
            (2, 2, 2, false, false),
            (1, 1, 2, true, true),
            // An expansion in flight (PendingExpandIsr): the ISR is still 2 of min ISR 3, so a
            // new write is refused, but one the HW has passed is acknowledged.
            (2, 3, 3, true, false),
            // A shrink in flight (PendingShrinkIsr) keeps the larger, committed ISR as maximal.
            (3, 3, 3, false, false),
        ];
        for (isr, maximal, min_isr, before, after) in table {
            assert_eq!(
                refused_before_append(isr, min_isr),
                before,
                "isr={isr} min={min_isr}"
            );
            assert_eq!(
                not_enough_replicas_after_append(maximal, min_isr),
                after,
                "maximal isr={maximal} min={min_isr}"
            );
        }
    }
}
