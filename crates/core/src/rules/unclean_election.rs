//! When a controller elects uncleanly after `unclean.leader.election.enable` is switched on at
//! run time. ZooKeeper mode elects at once; a KRaft controller (Kafka 3.9+, KAFKA-12670) leaves
//! it to a periodic scan, and Kafka's documentation of the setting says to run
//! `kafka-leader-election.sh --election-type UNCLEAN` to elect now. (KRaft 3.7 and 3.8 ignored
//! the setting: `ConfigurationControlManager.uncleanLeaderElectionEnabledForTopic` returned
//! false.)

/// Enabling the setting dynamically elects for leaderless partitions at once only in ZooKeeper
/// mode (`KafkaController.processTopicUncleanLeaderElectionEnable` and
/// `enableDefaultUncleanLeaderElection` trigger `triggerOnlinePartitionStateChange`). A KRaft
/// controller acts at its next scan ([`next_scan_ms`]).
pub fn enabling_elects_at_once(zookeeper: bool) -> bool {
    zookeeper
}

/// When a KRaft controller schedules its next unclean-election scan, if it does
/// (`QuorumController.maybeScheduleNextElectUncleanLeaders`, run after every metadata write):
/// only while some partition has no leader and no scan is scheduled yet, then
/// `unclean.leader.election.interval.ms` from now. The scan
/// (`ReplicationControlManager.maybeElectUncleanLeaders`) elects uncleanly in every leaderless
/// partition whose topic allows it; the write it makes schedules the next one if some are still
/// leaderless.
pub fn next_scan_ms(
    now_ms: u64,
    interval_ms: u64,
    already_scheduled: bool,
    some_leaderless: bool,
) -> Option<u64> {
    (some_leaderless && !already_scheduled).then(|| now_ms.saturating_add(interval_ms.max(1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_zookeeper_elects_as_soon_as_the_setting_is_enabled() {
        // (ZooKeeper mode, elects at once)
        for (zookeeper, expected) in [(true, true), (false, false)] {
            assert_eq!(enabling_elects_at_once(zookeeper), expected);
        }
    }

    #[test]
    fn a_scan_is_scheduled_an_interval_ahead_while_a_partition_is_leaderless() {
        // (now, interval, already scheduled, some leaderless, expected) — Kafka's default
        // interval is 5 minutes (ReplicationConfigs.UNCLEAN_LEADER_ELECTION_INTERVAL_MS_DEFAULT).
        let table = [
            (9_000, 300_000, false, true, Some(309_000)),
            (9_000, 300_000, true, true, None), // one is pending: not moved
            (9_000, 300_000, false, false, None), // every partition has a leader
            (0, 0, false, true, Some(1)),       // the config's minimum is 1 ms
        ];
        for (now, interval, scheduled, leaderless, expected) in table {
            assert_eq!(
                next_scan_ms(now, interval, scheduled, leaderless),
                expected,
                "now {now} interval {interval} scheduled {scheduled} leaderless {leaderless}"
            );
        }
    }
}
