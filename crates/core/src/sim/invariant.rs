//! The invariants the checker watches, by name.
//!
//! A name is part of the report (`invariant_violations[].invariant`, see
//! /work/shared/scenario-format.md) and of the sweep's summary: never rename one.

use std::fmt;

/// One invariant of the simulation. Each one the checker (or the world, for
/// `not-enough-replicas-exactly-when-kafka`) reports is named here.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Invariant {
    /// The controller's leader is in the ISR.
    LeaderInIsr,
    /// The ISR only names assigned replicas.
    IsrSubsetOfReplicas,
    /// A partition's leader epoch never goes down.
    EpochsIncrease,
    /// A replica's HW is never above its log end offset.
    HwLeLeo,
    /// A leader's HW never goes down during its leadership.
    LeaderHwMonotonic,
    /// A broker holds at most one replica of a partition.
    PlacementDistinctBrokers,
    /// KIP-455: during a move the replicas are target ++ removing, never adding and removing.
    ReassignmentReplicaSet,
    /// An acknowledged offset holds the acknowledged value on some replica.
    AckedOffsetHoldsValue,
    /// A record acknowledged with acks=all stays.
    AcksAllDurable,
    /// A record once below a leader's HW stays.
    NoCommittedDataLoss,
    /// Replicas agree on every offset below both their HWs.
    ReplicasAgreeBelowHw,
    /// Every running ISR/ELR member holds every committed record.
    IsrHoldsCommittedData,
    /// An acks=all produce is refused with NOT_ENOUGH_REPLICAS exactly when Kafka refuses it.
    NotEnoughReplicasExactlyWhenKafka,
}

impl Invariant {
    /// Every invariant, in the order the sweep's summary lists them.
    pub const ALL: [Invariant; 13] = [
        Invariant::LeaderInIsr,
        Invariant::IsrSubsetOfReplicas,
        Invariant::EpochsIncrease,
        Invariant::HwLeLeo,
        Invariant::LeaderHwMonotonic,
        Invariant::PlacementDistinctBrokers,
        Invariant::ReassignmentReplicaSet,
        Invariant::AckedOffsetHoldsValue,
        Invariant::AcksAllDurable,
        Invariant::NoCommittedDataLoss,
        Invariant::ReplicasAgreeBelowHw,
        Invariant::IsrHoldsCommittedData,
        Invariant::NotEnoughReplicasExactlyWhenKafka,
    ];

    /// The stable name reports and the sweep show.
    pub fn name(self) -> &'static str {
        match self {
            Invariant::LeaderInIsr => "leader-in-isr",
            Invariant::IsrSubsetOfReplicas => "isr-subset-of-replicas",
            Invariant::PlacementDistinctBrokers => "placement-distinct-brokers",
            Invariant::ReassignmentReplicaSet => "reassignment-replica-set",
            Invariant::EpochsIncrease => "epochs-increase",
            Invariant::HwLeLeo => "hw-le-leo",
            Invariant::LeaderHwMonotonic => "leader-hw-monotonic",
            Invariant::AckedOffsetHoldsValue => "acked-offset-holds-value",
            Invariant::AcksAllDurable => "acks-all-durable",
            Invariant::NoCommittedDataLoss => "no-committed-data-loss",
            Invariant::ReplicasAgreeBelowHw => "replicas-agree-below-hw",
            Invariant::IsrHoldsCommittedData => "isr-holds-committed-data",
            Invariant::NotEnoughReplicasExactlyWhenKafka => {
                "not-enough-replicas-exactly-when-kafka"
            }
        }
    }

    /// An invariant about data, which a configuration that allows loss breaks legitimately
    /// (`acked-offset-holds-value` too: a leader that acknowledged with acks=1, or alone in its
    /// ISR, can lose power while the acknowledgement is on the wire). Every other invariant
    /// holds in every Kafka version: a violation is a simulator bug whatever the configuration.
    pub fn is_about_data(self) -> bool {
        matches!(
            self,
            Invariant::AcksAllDurable
                | Invariant::NoCommittedDataLoss
                | Invariant::ReplicasAgreeBelowHw
                | Invariant::IsrHoldsCommittedData
                | Invariant::AckedOffsetHoldsValue
        )
    }
}

impl fmt::Display for Invariant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names are a public contract: the report and the sweep's summary show them.
    #[test]
    fn names_are_the_reports_names() {
        let names: Vec<&str> = Invariant::ALL.iter().map(|i| i.name()).collect();
        assert_eq!(
            names,
            [
                "leader-in-isr",
                "isr-subset-of-replicas",
                "epochs-increase",
                "hw-le-leo",
                "leader-hw-monotonic",
                "placement-distinct-brokers",
                "reassignment-replica-set",
                "acked-offset-holds-value",
                "acks-all-durable",
                "no-committed-data-loss",
                "replicas-agree-below-hw",
                "isr-holds-committed-data",
                "not-enough-replicas-exactly-when-kafka",
            ]
        );
    }

    /// Exactly the five data invariants may break in a configuration that allows loss.
    #[test]
    fn the_data_invariants_are_the_five_about_records() {
        let data: Vec<&str> = Invariant::ALL
            .iter()
            .filter(|i| i.is_about_data())
            .map(|i| i.name())
            .collect();
        assert_eq!(
            data,
            [
                "acked-offset-holds-value",
                "acks-all-durable",
                "no-committed-data-loss",
                "replicas-agree-below-hw",
                "isr-holds-committed-data",
            ]
        );
    }
}
