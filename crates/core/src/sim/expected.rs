//! Which invariant breaks are Kafka's own outcome, not a simulator bug.
//!
//! The checker reports every break; whether one is expected depends on why the partition may
//! lose data (/work/shared/kafka-semantics.md). The sweep (`replication-sim sweep`) finds the
//! reasons from the scenario's configuration and faults, the playground from the cause of each
//! loss in the trace (`view::loss`); both ask [`expected_because`] what a break means.

use crate::config::{Acks, Config, Profile};
use std::collections::BTreeSet;

/// Why Kafka's rules let a partition lose data. The names are the sweep's summary's: never
/// rename one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LossReason {
    /// Before 0.11 a follower truncates to its own HW (KIP-101): committed records go, and logs
    /// can diverge.
    HwTruncation,
    /// acks=0 or 1: the leader acknowledges after its own append
    /// (`Partition.appendRecordsToLeader` waits for no follower).
    AcksNotAll,
    /// `unclean.leader.election.enable` (or an UNCLEAN election): a replica outside the ISR leads.
    UncleanElection,
    /// min(min.insync.replicas, RF) < 2: an acknowledged record may have a single copy.
    MinIsrOne,
    /// Records not yet flushed are lost (Kafka does not fsync per write).
    PowerLoss,
    /// KIP-966: ISR and ELR were empty and the last known leader was elected back.
    LastKnownLeader,
    /// A replica that lost power runs again, its tail gone, while the controller still lists it
    /// in the ISR/ELR: until its new registration (another incarnation) drops it
    /// (`ReplicationControlManager.handleBrokerUncleanShutdown`, called when
    /// `ClusterControlManager` sees the re-registration), the ISR holds a member without every
    /// committed record.
    PowerLossRejoin,
}

impl LossReason {
    /// The name the sweep's summary shows.
    pub fn name(self) -> &'static str {
        match self {
            LossReason::HwTruncation => "hw-truncation",
            LossReason::AcksNotAll => "acks=1",
            LossReason::UncleanElection => "unclean-election",
            LossReason::MinIsrOne => "min-isr-1",
            LossReason::PowerLoss => "power-loss",
            LossReason::LastKnownLeader => "last-known-leader",
            LossReason::PowerLossRejoin => "power-loss-rejoin",
        }
    }
}

/// The reasons a topic's configuration in force gives it to lose data: the `hw-truncation`
/// profile, acks other than all, unclean election enabled, and a min ISR below 2 (as Kafka
/// counts it: `rules::high_watermark::effective_min_isr`).
pub fn config_loss_reasons(
    config: &Config,
    replication_factor: u32,
    profile: Profile,
) -> BTreeSet<LossReason> {
    let mut reasons = BTreeSet::new();
    if profile == Profile::HwTruncation {
        reasons.insert(LossReason::HwTruncation);
    }
    if config.acks != Acks::All {
        reasons.insert(LossReason::AcksNotAll);
    }
    if config.unclean_leader_election_enable {
        reasons.insert(LossReason::UncleanElection);
    }
    if config.effective_min_insync_replicas(replication_factor, profile) < 2 {
        reasons.insert(LossReason::MinIsrOne);
    }
    reasons
}

/// Whether power losses can lose a partition's committed records. Without ELR one suffices: the
/// last ISR member may return empty and be elected again ("last replica standing"). With ELR
/// (KIP-966) a replica back from an unclean shutdown is no longer eligible, so one alone is safe;
/// not once a second replica also stopped uncleanly (power loss or kill -9): ISR and ELR empty,
/// the last known leader is elected, even the one whose tail power took.
pub fn power_loss_risks_data(
    profile: Profile,
    replicas_lost_power: usize,
    replicas_stopped_uncleanly: usize,
) -> bool {
    replicas_lost_power >= 1 && (!profile.elr_enabled() || replicas_stopped_uncleanly >= 2)
}

/// Why a break of `invariant` on a partition is Kafka's own outcome, given why that partition
/// may lose data (`reasons`) and whether one of its replicas lost power; `None`: the break is a
/// simulator bug.
///
/// Only the data invariants may break ([`crate::sim::Invariant::is_about_data`]), and only
/// with a reason; `isr-holds-committed-data` also breaks wherever a replica lost power, for
/// [`LossReason::PowerLossRejoin`]. Every other invariant holds in every Kafka version.
pub fn expected_because(
    invariant: crate::sim::Invariant,
    reasons: &BTreeSet<LossReason>,
    replica_lost_power: bool,
) -> Option<BTreeSet<LossReason>> {
    if !invariant.is_about_data() {
        return None;
    }
    if !reasons.is_empty() {
        return Some(reasons.clone());
    }
    (invariant == crate::sim::Invariant::IsrHoldsCommittedData && replica_lost_power)
        .then(|| BTreeSet::from([LossReason::PowerLossRejoin]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::Invariant;

    #[test]
    fn only_data_invariants_break_and_only_with_a_reason() {
        use LossReason::*;
        let none = BTreeSet::new();
        let acks = BTreeSet::from([AcksNotAll]);
        let rejoin = Some(BTreeSet::from([PowerLossRejoin]));
        // (invariant, reasons, a replica lost power, expected because)
        let table = [
            (Invariant::LeaderInIsr, &acks, true, None),
            (Invariant::EpochsIncrease, &acks, false, None),
            (Invariant::HwLeLeo, &none, true, None),
            (
                Invariant::NotEnoughReplicasExactlyWhenKafka,
                &acks,
                true,
                None,
            ),
            (Invariant::AcksAllDurable, &none, false, None),
            (Invariant::AcksAllDurable, &none, true, None),
            (Invariant::AcksAllDurable, &acks, false, Some(acks.clone())),
            (
                Invariant::NoCommittedDataLoss,
                &acks,
                true,
                Some(acks.clone()),
            ),
            (Invariant::ReplicasAgreeBelowHw, &none, true, None),
            (
                Invariant::AckedOffsetHoldsValue,
                &acks,
                false,
                Some(acks.clone()),
            ),
            (Invariant::IsrHoldsCommittedData, &none, false, None),
            (Invariant::IsrHoldsCommittedData, &none, true, rejoin),
            // A reason in force names the break, not the rejoin.
            (
                Invariant::IsrHoldsCommittedData,
                &acks,
                true,
                Some(acks.clone()),
            ),
        ];
        for (invariant, reasons, lost_power, expected) in table {
            assert_eq!(
                expected_because(invariant, reasons, lost_power),
                expected,
                "{invariant} with {reasons:?}, power lost: {lost_power}"
            );
        }
    }

    #[test]
    fn a_configuration_names_its_reasons() {
        use LossReason::*;
        let safe = Config {
            acks: Acks::All,
            min_insync_replicas: 2,
            unclean_leader_election_enable: false,
            ..Config::default()
        };
        // (what differs from a safe configuration, RF, profile, reasons)
        let table = [
            (safe.clone(), 3, Profile::Kraft, vec![]),
            (safe.clone(), 3, Profile::HwTruncation, vec![HwTruncation]),
            (
                Config {
                    acks: Acks::One,
                    ..safe.clone()
                },
                3,
                Profile::Kraft,
                vec![AcksNotAll],
            ),
            (
                Config {
                    acks: Acks::Zero,
                    ..safe.clone()
                },
                3,
                Profile::Kraft,
                vec![AcksNotAll],
            ),
            (
                Config {
                    unclean_leader_election_enable: true,
                    ..safe.clone()
                },
                3,
                Profile::Zk,
                vec![UncleanElection],
            ),
            (
                Config {
                    min_insync_replicas: 1,
                    ..safe.clone()
                },
                3,
                Profile::Kraft,
                vec![MinIsrOne],
            ),
            // min.insync.replicas 2 on one replica: Kafka 3.7+ counts min(min ISR, RF) = 1.
            (safe.clone(), 1, Profile::Kraft, vec![MinIsrOne]),
        ];
        for (config, rf, profile, reasons) in table {
            assert_eq!(
                config_loss_reasons(&config, rf, profile),
                reasons.into_iter().collect::<BTreeSet<_>>(),
                "{config:?} rf {rf} {profile:?}"
            );
        }
    }

    #[test]
    fn with_elr_one_power_loss_alone_is_safe() {
        // (profile, replicas that lost power, replicas stopped uncleanly, risks data)
        let table = [
            (Profile::Kraft, 0, 2, false),
            (Profile::Kraft, 1, 1, true),
            (Profile::Zk, 1, 1, true),
            (Profile::KraftElr, 1, 1, false),
            (Profile::KraftElr, 1, 2, true),
            (Profile::KraftElr, 2, 2, true),
            (Profile::KraftElr, 0, 3, false),
        ];
        for (profile, lost, unclean, risky) in table {
            assert_eq!(
                power_loss_risks_data(profile, lost, unclean),
                risky,
                "{profile:?} lost {lost} unclean {unclean}"
            );
        }
    }
}
