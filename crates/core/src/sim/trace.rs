//! The trace: typed events, each with a plain-language description, in simulated-time order.

use crate::ids::{BrokerId, TopicPartition};
use crate::rules::election::ElectionKind;
use crate::text::{Arg, Text};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventKind {
    LeaderElected {
        tp: TopicPartition,
        leader: BrokerId,
        leader_epoch: u32,
        election: ElectionKind,
    },
    PartitionOffline {
        tp: TopicPartition,
        leader_epoch: u32,
    },
    IsrShrunk {
        tp: TopicPartition,
        isr: Vec<BrokerId>,
        removed: Vec<BrokerId>,
    },
    IsrExpanded {
        tp: TopicPartition,
        isr: Vec<BrokerId>,
        added: Vec<BrokerId>,
    },
    ElrChanged {
        tp: TopicPartition,
        elr: Vec<BrokerId>,
    },
    Truncated {
        tp: TopicPartition,
        broker: BrokerId,
        from: u64,
        to: u64,
        values: Vec<String>,
        reason: TruncationReason,
    },
    BrokerFenced {
        broker: BrokerId,
    },
    /// A broker registered with a new broker epoch: its old incarnation counts as failed.
    BrokerReregistered {
        broker: BrokerId,
    },
    BrokerUnfenced {
        broker: BrokerId,
    },
    BrokerCrashed {
        broker: BrokerId,
        power_loss: bool,
    },
    BrokerStopped {
        broker: BrokerId,
    },
    BrokerRestarted {
        broker: BrokerId,
    },
    ProduceFailed {
        tp: TopicPartition,
        value: String,
        error: &'static str,
    },
    ProduceRetried {
        tp: TopicPartition,
        value: String,
        error: &'static str,
    },
    ConsumerTruncationDetected {
        tp: TopicPartition,
        offset: u64,
    },
    /// What changed, as a message (a front end words it in its language).
    NetworkChanged {
        what: Text,
    },
    ConfigChanged {
        key: String,
        value: String,
        topic: Option<String>,
    },
    /// Which partitions: "every partition", a topic or one partition.
    PreferredElectionRequested {
        scope: Arg,
    },
    ReassignmentStarted {
        tp: TopicPartition,
        target: Vec<BrokerId>,
        adding: Vec<BrokerId>,
        removing: Vec<BrokerId>,
    },
    ReassignmentCompleted {
        tp: TopicPartition,
        replicas: Vec<BrokerId>,
    },
    FetcherPaused {
        broker: BrokerId,
        paused: bool,
    },
    DataLost {
        tp: TopicPartition,
        values: Vec<String>,
        acknowledged: bool,
    },
    InvariantViolated {
        invariant: &'static str,
        detail: String,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TruncationReason {
    /// ⚠ Pre-0.11: truncated to its own high watermark on becoming follower.
    HighWatermark,
    /// The leader answered with `divergingEpoch`.
    DivergingEpoch,
    /// Power loss: the unflushed tail never reached the disk.
    PowerLoss,
}

impl EventKind {
    /// Short machine name, used in the report's `kind` and the playground's filters.
    pub fn name(&self) -> &'static str {
        match self {
            EventKind::LeaderElected { .. } => "leader_elected",
            EventKind::PartitionOffline { .. } => "partition_offline",
            EventKind::IsrShrunk { .. } => "isr_shrunk",
            EventKind::IsrExpanded { .. } => "isr_expanded",
            EventKind::ElrChanged { .. } => "elr_changed",
            EventKind::Truncated { .. } => "truncated",
            EventKind::BrokerFenced { .. } => "broker_fenced",
            EventKind::BrokerReregistered { .. } => "broker_reregistered",
            EventKind::BrokerUnfenced { .. } => "broker_unfenced",
            EventKind::BrokerCrashed { .. } => "broker_crashed",
            EventKind::BrokerStopped { .. } => "broker_stopped",
            EventKind::BrokerRestarted { .. } => "broker_restarted",
            EventKind::ProduceFailed { .. } => "produce_failed",
            EventKind::ProduceRetried { .. } => "produce_retried",
            EventKind::ConsumerTruncationDetected { .. } => "consumer_truncation_detected",
            EventKind::NetworkChanged { .. } => "network_changed",
            EventKind::ConfigChanged { .. } => "config_changed",
            EventKind::PreferredElectionRequested { .. } => "preferred_election_requested",
            EventKind::ReassignmentStarted { .. } => "reassignment_started",
            EventKind::ReassignmentCompleted { .. } => "reassignment_completed",
            EventKind::FetcherPaused { .. } => "fetcher_paused",
            EventKind::DataLost { .. } => "data_lost",
            EventKind::InvariantViolated { .. } => "invariant_violated",
        }
    }

    /// One sentence a learner can read.
    pub fn describe(&self) -> String {
        use EventKind::*;
        match self {
            LeaderElected {
                tp,
                leader,
                leader_epoch,
                election,
            } => {
                let how = match election {
                    ElectionKind::Kept => "kept leadership",
                    ElectionKind::Clean => "was elected: the first live in-sync replica in assignment order",
                    ElectionKind::EligibleLeaderReplica => "was elected from the Eligible Leader Replicas (the ISR was empty)",
                    ElectionKind::Unclean => "was elected UNCLEANLY: it was not in sync, so committed records may be lost",
                    ElectionKind::Preferred => "took over as the preferred (first) replica",
                    ElectionKind::LastKnownLeader => {
                        "came back as the partition's last known leader and was elected UNCLEANLY (ISR and ELR were empty): records it lost are gone"
                    }
                };
                format!("{tp}: broker {leader} {how} (leader epoch {leader_epoch})")
            }
            PartitionOffline { tp, leader_epoch } => {
                format!("{tp} is offline: no live replica may lead (leader epoch {leader_epoch})")
            }
            IsrShrunk { tp, isr, removed } => format!(
                "{tp}: ISR shrank to {} (removed {})",
                list(isr),
                list(removed)
            ),
            IsrExpanded { tp, isr, added } => {
                format!("{tp}: ISR grew to {} (added {})", list(isr), list(added))
            }
            ElrChanged { tp, elr } => {
                format!("{tp}: eligible leader replicas are now {}", list(elr))
            }
            Truncated {
                tp,
                broker,
                from,
                to,
                values,
                reason,
            } => {
                let why = match reason {
                    TruncationReason::HighWatermark => {
                        "to its own high watermark on becoming follower (pre-0.11 Kafka)"
                    }
                    TruncationReason::DivergingEpoch => {
                        "where its leader epochs agree with the leader's"
                    }
                    TruncationReason::PowerLoss => {
                        "after power loss: the unflushed tail never reached disk"
                    }
                };
                format!(
                    "{tp}: broker {broker} truncated its log from {from} to {to} {why}; removed {}",
                    values.join(", ")
                )
            }
            BrokerFenced { broker } => {
                format!("broker {broker} was fenced: its session expired, so it leaves every ISR")
            }
            BrokerReregistered { broker } => format!(
                "broker {broker} registered again with a new broker epoch: its previous incarnation is handled as failed and leaves every ISR"
            ),
            BrokerUnfenced { broker } => {
                format!("broker {broker} is unfenced and may lead and join ISRs again")
            }
            BrokerCrashed {
                broker,
                power_loss: false,
            } => format!("broker {broker} crashed (its log survives on disk)"),
            BrokerCrashed {
                broker,
                power_loss: true,
            } => format!("broker {broker} lost power: unflushed records are gone"),
            BrokerStopped { broker } => format!("broker {broker} finished a controlled shutdown"),
            BrokerRestarted { broker } => format!("broker {broker} restarted"),
            ProduceFailed { tp, value, error } => format!("{value} to {tp} failed: {error}"),
            ProduceRetried { tp, value, error } => {
                format!("{value} to {tp} got {error}; the producer retries")
            }
            ConsumerTruncationDetected { tp, offset } => {
                format!("the consumer detected log truncation on {tp} and reset to offset {offset} (KIP-320)")
            }
            NetworkChanged { what } => what.to_string(),
            ConfigChanged {
                key,
                value,
                topic: None,
            } => format!("{key} set to {value}"),
            ConfigChanged {
                key,
                value,
                topic: Some(t),
            } => format!("{key} set to {value} for topic {t}"),
            PreferredElectionRequested { scope } => {
                format!("preferred leader election requested for {scope}")
            }
            ReassignmentStarted { tp, target, adding, removing } => format!(
                "{tp}: reassignment to {} started: adding {} (they fetch from offset 0 and must join the ISR), removing {}",
                list(target),
                list(adding),
                list(removing)
            ),
            ReassignmentCompleted { tp, replicas } => format!(
                "{tp}: reassignment complete: replicas are now {}; a new leader epoch fences the removed ones",
                list(replicas)
            ),
            FetcherPaused {
                broker,
                paused: true,
            } => format!("broker {broker}'s replica fetchers are paused"),
            FetcherPaused {
                broker,
                paused: false,
            } => format!("broker {broker}'s replica fetchers resumed"),
            DataLost {
                tp,
                values,
                acknowledged,
            } => format!(
                "{tp} lost {} record(s): {}",
                if *acknowledged {
                    "acknowledged"
                } else {
                    "committed"
                },
                values.join(", ")
            ),
            InvariantViolated { invariant, detail } => {
                format!("invariant {invariant} broken: {detail}")
            }
        }
    }

    /// The partition an event is about, if any (the playground selects it on click).
    pub fn partition(&self) -> Option<&TopicPartition> {
        use EventKind::*;
        match self {
            LeaderElected { tp, .. }
            | PartitionOffline { tp, .. }
            | IsrShrunk { tp, .. }
            | IsrExpanded { tp, .. }
            | ElrChanged { tp, .. }
            | Truncated { tp, .. }
            | ProduceFailed { tp, .. }
            | ProduceRetried { tp, .. }
            | ConsumerTruncationDetected { tp, .. }
            | ReassignmentStarted { tp, .. }
            | ReassignmentCompleted { tp, .. }
            | DataLost { tp, .. } => Some(tp),
            _ => None,
        }
    }

    /// The broker an event is about, if any.
    pub fn broker(&self) -> Option<BrokerId> {
        use EventKind::*;
        match self {
            LeaderElected { leader, .. } => Some(*leader),
            Truncated { broker, .. }
            | BrokerFenced { broker }
            | BrokerReregistered { broker }
            | BrokerUnfenced { broker }
            | BrokerCrashed { broker, .. }
            | BrokerStopped { broker }
            | BrokerRestarted { broker }
            | FetcherPaused { broker, .. } => Some(*broker),
            _ => None,
        }
    }
}

fn list(ids: &[BrokerId]) -> String {
    let inner: Vec<String> = ids.iter().map(|b| b.to_string()).collect();
    format!("[{}]", inner.join(","))
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraceEvent {
    pub at_ms: u64,
    pub kind: EventKind,
}
