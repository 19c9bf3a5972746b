//! Which Kafka era the simulator imitates (the semantics table's profiles), and Kafka's
//! defaults in each era.

use super::{Acks, AutoOffsetReset, Config, ReplicaSelector};
use std::fmt;

/// Which Kafka era the simulator imitates (the semantics table's profiles).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Profile {
    /// Kafka 4.1+: KRaft with Eligible Leader Replicas (KIP-966).
    KraftElr,
    /// Kafka 3.9–4.0: KRaft with strict min ISR, no ELR, and the controller's periodic unclean
    /// election scan (KAFKA-12670; 3.7 and 3.8 ignored `unclean.leader.election.enable`).
    #[default]
    Kraft,
    /// Kafka 2.5–3.6: ZooKeeper controller, leader-epoch truncation.
    Zk,
    /// Kafka before 0.11: followers truncate to their own high watermark (pre KIP-101).
    HwTruncation,
}

impl Profile {
    pub const ALL: [Profile; 4] = [
        Profile::KraftElr,
        Profile::Kraft,
        Profile::Zk,
        Profile::HwTruncation,
    ];

    /// The profile named as in scenario files (`kraft-elr`, `kraft`, `zk`, `hw-truncation`).
    pub fn from_name(name: &str) -> Option<Profile> {
        Profile::ALL.into_iter().find(|p| p.name() == name)
    }

    pub fn name(&self) -> &'static str {
        match self {
            Profile::KraftElr => "kraft-elr",
            Profile::Kraft => "kraft",
            Profile::Zk => "zk",
            Profile::HwTruncation => "hw-truncation",
        }
    }

    /// One sentence on what sets this profile apart, for the UI and `describe`.
    pub fn describe(&self) -> &'static str {
        match self {
            Profile::KraftElr => {
                "Kafka 4.1+ (KRaft, 9 s broker session): leader-epoch truncation, the high \
                 watermark frozen while the ISR is below min.insync.replicas, and replicas that \
                 leave a too-small ISR stay electable as Eligible Leader Replicas (KIP-966)."
            }
            Profile::Kraft => {
                "Kafka 3.9–4.0 (KRaft, 9 s broker session): leader-epoch truncation and the high \
                 watermark frozen while the ISR is below min.insync.replicas, but no ELR, so a \
                 partition whose last ISR member dies stays offline until that broker returns. \
                 unclean.leader.election.enable switched on at run time acts at the \
                 controller's periodic scan (3.7 and 3.8 ignored it)."
            }
            Profile::Zk => {
                "Kafka 2.5–3.6 (ZooKeeper, 18 s session): leader-epoch truncation, but the high \
                 watermark advances with any ISR size, and every ISR change the controller makes \
                 (a failed broker removed) bumps the leader epoch."
            }
            Profile::HwTruncation => {
                "Kafka before 0.11 (ZooKeeper): a follower truncates to its own high watermark, \
                 which can lose acknowledged records and leave logs divergent (KIP-101); acks=1 \
                 and unclean leader election are the defaults."
            }
        }
    }

    /// Followers find the divergence point from leader epochs (KIP-101/279), not from their HW.
    pub fn uses_leader_epoch_truncation(&self) -> bool {
        !matches!(self, Profile::HwTruncation)
    }

    /// Kafka 3.7+: the leader HW does not advance while |ISR| < effective min ISR.
    pub fn strict_min_isr(&self) -> bool {
        matches!(self, Profile::KraftElr | Profile::Kraft)
    }

    /// Kafka 3.6+ (KAFKA-15021): a caught-up follower outside the ISR holds the leader's HW only
    /// if it is eligible to join the ISR. The `zk` profile follows 2.5–3.5, where being caught
    /// up was enough (3.6's ZooKeeper mode only checked the broker was alive).
    pub fn hw_waits_only_for_isr_eligible_followers(&self) -> bool {
        matches!(self, Profile::KraftElr | Profile::Kraft)
    }

    /// Eligible Leader Replicas (KIP-966).
    pub fn elr_enabled(&self) -> bool {
        matches!(self, Profile::KraftElr)
    }

    /// `kafka-leader-election.sh --election-type PREFERRED|UNCLEAN` exists: Kafka 2.4+ (KIP-460,
    /// `LeaderElectionCommand`). Before 0.11 only a preferred election could be asked for
    /// (`kafka-preferred-replica-election.sh`, the scenario's `elect_preferred`).
    pub fn has_leader_election_command(&self) -> bool {
        !matches!(self, Profile::HwTruncation)
    }

    /// ZooKeeper-era controller: session expiry instead of KRaft fencing.
    pub fn is_zookeeper(&self) -> bool {
        matches!(self, Profile::Zk | Profile::HwTruncation)
    }

    /// The ZooKeeper controller bumped the leader epoch on every ISR change; KRaft does not.
    pub fn bumps_epoch_on_isr_change(&self) -> bool {
        self.is_zookeeper()
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Config {
    /// Kafka's defaults for the era the profile imitates.
    pub fn defaults_for(profile: Profile) -> Config {
        let current = Config::current_kafka();
        match profile {
            Profile::KraftElr | Profile::Kraft => current,
            Profile::Zk => Config::zookeeper_era(current),
            Profile::HwTruncation => Config::pre_0_11_era(Config::zookeeper_era(current)),
        }
    }

    /// Current Kafka (4.x) defaults.
    fn current_kafka() -> Config {
        Config {
            replica_lag_time_max_ms: 30_000,
            replica_fetch_wait_max_ms: 500,
            replica_fetch_min_bytes: 1,
            replica_fetch_max_bytes: 1_048_576,
            num_replica_fetchers: 1,
            broker_session_timeout_ms: 9_000,
            broker_heartbeat_interval_ms: 2_000,
            zookeeper_session_timeout_ms: 18_000,
            min_insync_replicas: 1,
            unclean_leader_election_enable: false,
            auto_leader_rebalance_enable: true,
            leader_imbalance_check_interval_seconds: 300,
            replica_selector_class: ReplicaSelector::Leader,
            log_flush_interval_messages: None,
            log_flush_interval_ms: None,
            acks: Acks::All,
            retries: i32::MAX as u32,
            enable_idempotence: true,
            enable_idempotence_explicit: false,
            delivery_timeout_ms: 120_000,
            delivery_timeout_ms_explicit: false,
            request_timeout_ms: 30_000,
            retry_backoff_ms: 100,
            // KIP-1030 raised the producer's linger.ms from 0 to 5 in Kafka 4.0.
            linger_ms: 5,
            client_rack: None,
            auto_offset_reset: AutoOffsetReset::Latest,
            metadata_max_age_ms: 300_000,
            socket_connection_setup_timeout_ms: 10_000,
            unclean_leader_election_interval_ms: 300_000,
            network_latency_ms: 1,
            leader_replication_throttled_rate: None,
            follower_replication_throttled_rate: None,
            leader_replication_throttled_replicas: None,
            follower_replication_throttled_replicas: None,
        }
    }

    /// Kafka 2.5–3.6 defaults; the `zk` profile follows the brief's choice of acks=all and
    /// idempotence on (the 3.x producer defaults) for the whole era.
    fn zookeeper_era(current: Config) -> Config {
        Config {
            // linger.ms was 0 until KIP-1030 (Kafka 4.0).
            linger_ms: 0,
            // 30000 since Kafka 2.5 (KIP-537); the same as today.
            replica_lag_time_max_ms: 30_000,
            // 18000 since Kafka 2.5 (KIP-537).
            zookeeper_session_timeout_ms: 18_000,
            ..current
        }
    }

    /// Kafka 0.10 defaults, where they differ from the ZooKeeper era after it.
    fn pre_0_11_era(zk: Config) -> Config {
        Config {
            // The producer acknowledged after the leader's append until Kafka 3.0 (KIP-679).
            acks: Acks::One,
            // Unclean election was on by default until 0.11 (KIP-106).
            unclean_leader_election_enable: true,
            // The idempotent producer arrived in 0.11 (KIP-98); there was none to enable.
            enable_idempotence: false,
            // The producer did not retry by default until 2.1 (KIP-91).
            retries: 0,
            // 10000 and 6000 until Kafka 2.5 raised them (KIP-537).
            replica_lag_time_max_ms: 10_000,
            zookeeper_session_timeout_ms: 6_000,
            ..zk
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_round_trip_their_names() {
        for p in Profile::ALL {
            assert_eq!(Profile::from_name(p.name()), Some(p));
        }
        assert_eq!(Profile::default(), Profile::Kraft);
        assert_eq!(Profile::from_name("KRaft"), None);
    }

    #[test]
    fn kafka_leader_election_sh_exists_from_kafka_2_4() {
        // LeaderElectionCommand arrived with KIP-460 in 2.4: every profile but the pre-0.11 one.
        for (profile, expected) in [
            (Profile::KraftElr, true),
            (Profile::Kraft, true),
            (Profile::Zk, true),
            (Profile::HwTruncation, false),
        ] {
            assert_eq!(
                profile.has_leader_election_command(),
                expected,
                "{profile:?}"
            );
        }
    }
}
