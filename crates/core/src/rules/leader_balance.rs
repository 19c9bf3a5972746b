//! Auto leader rebalance (`auto.leader.rebalance.enable`): which partitions the controller's
//! periodic check gives a preferred leader election.
//!
//! The two controllers differ:
//! - ZooKeeper mode (`KafkaController.checkAndTriggerAutoLeaderRebalance`) groups partitions
//!   by preferred replica and moves a broker's partitions back only when its share of
//!   preferred-but-not-led partitions is above `leader.imbalance.per.broker.percentage` (10).
//!   The check runs every `leader.imbalance.check.interval.seconds`, the first 5 s after the
//!   controller starts (`onControllerFailover`).
//! - KRaft (`ReplicationControlManager.maybeBalancePartitionLeaders`, KAFKA-13682) keeps a set
//!   of partitions not led by their preferred replica and elects the preferred leader for every
//!   one of them: no threshold (KRaft never reads the percentage). `QuorumController
//!   .maybeScheduleNextBalancePartitionLeaders` schedules the check
//!   `leader.imbalance.check.interval.seconds` after a metadata write leaves some partition
//!   imbalanced, and again after each check that leaves one.

use crate::ids::BrokerId;

/// Kafka's `leader.imbalance.per.broker.percentage` default, read by the ZooKeeper controller
/// only.
pub const LEADER_IMBALANCE_PER_BROKER_PERCENTAGE: u64 = 10;

/// ZooKeeper mode's per-broker test: `preferred_not_leading / preferred` above the percentage.
pub fn broker_above_threshold(preferred: u64, preferred_not_leading: u64) -> bool {
    preferred > 0
        && preferred_not_leading * 100 > preferred * LEADER_IMBALANCE_PER_BROKER_PERCENTAGE
}

/// KRaft's `PartitionRegistration.hasPreferredLeader`, negated: the partition is led by another
/// replica than its first, or by none.
pub fn lacks_preferred_leader(replicas: &[BrokerId], leader: Option<BrokerId>) -> bool {
    crate::rules::election::preferred_replica(replicas).is_some_and(|p| leader != Some(p))
}

/// The partitions (indices into `partitions`, each given as its replicas and leader) that the
/// check gives a preferred election. The election itself keeps the leader when the preferred
/// replica may not lead (dead, fenced or out of the ISR).
pub fn partitions_to_rebalance(
    zookeeper: bool,
    partitions: &[(&[BrokerId], Option<BrokerId>)],
) -> Vec<usize> {
    let imbalanced = |i: &usize| {
        let (replicas, leader) = partitions[*i];
        lacks_preferred_leader(replicas, leader)
    };
    if !zookeeper {
        return (0..partitions.len()).filter(imbalanced).collect();
    }
    let preferred_of = |i: usize| partitions[i].0.first().copied();
    (0..partitions.len())
        .filter(imbalanced)
        .filter(|&i| {
            let broker = preferred_of(i);
            let of_broker = (0..partitions.len()).filter(|&j| preferred_of(j) == broker);
            let preferred = of_broker.clone().count() as u64;
            let not_leading = of_broker.filter(imbalanced).count() as u64;
            broker_above_threshold(preferred, not_leading)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kraft_moves_every_partition_zookeeper_only_brokers_above_ten_percent() {
        let b = BrokerId;
        // Broker 1 is preferred for eleven partitions and leads ten of them (9 % off its
        // share); broker 2 is preferred for one and does not lead it (100 %).
        let r1 = [b(1), b(2), b(3)];
        let r2 = [b(2), b(1), b(3)];
        let mut partitions: Vec<(&[BrokerId], Option<BrokerId>)> =
            (0..10).map(|_| (&r1[..], Some(b(1)))).collect();
        partitions.push((&r1, Some(b(2)))); // 10: broker 1's one partition led elsewhere
        partitions.push((&r2, Some(b(1)))); // 11: broker 2's only partition
                                            // (controller, expected partitions moved)
        let table: [(bool, &[usize]); 2] = [(false, &[10, 11]), (true, &[11])];
        for (zookeeper, want) in table {
            assert_eq!(
                partitions_to_rebalance(zookeeper, &partitions),
                want,
                "zookeeper {zookeeper}"
            );
        }
        // An offline partition counts as not led by its preferred replica in both.
        let offline: Vec<(&[BrokerId], Option<BrokerId>)> = vec![(&r1, None)];
        assert_eq!(partitions_to_rebalance(false, &offline), [0]);
        assert_eq!(partitions_to_rebalance(true, &offline), [0]);
    }

    #[test]
    fn the_threshold_is_strictly_above_the_percentage() {
        // (preferred, preferred but not leading, above)
        let table = [(10, 1, false), (9, 1, true), (1, 0, false), (0, 0, false)];
        for (preferred, not_leading, above) in table {
            assert_eq!(
                broker_above_threshold(preferred, not_leading),
                above,
                "{not_leading}/{preferred}"
            );
        }
    }
}
