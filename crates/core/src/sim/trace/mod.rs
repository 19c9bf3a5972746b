//! The trace: typed events, each with a plain-language description, in simulated-time order.
//!
//! The events and what they are about live here; their sentences are in `text`.

mod text;

use super::invariant::Invariant;
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
    /// An election that set the ISR at once (unclean, from the ELR, the last known leader):
    /// one change, members out and in (see [`crate::rules::isr::isr_change`]).
    IsrChanged {
        tp: TopicPartition,
        isr: Vec<BrokerId>,
        removed: Vec<BrokerId>,
        added: Vec<BrokerId>,
    },
    /// A leader's periodic check found a follower out of sync and asks the controller to shrink
    /// the ISR (`Partition.maybeShrinkIsr`): the reason behind the `IsrShrunk` that follows.
    FollowerOutOfSync {
        tp: TopicPartition,
        leader: BrokerId,
        follower: BrokerId,
        caught_up_ms: u64,
        lag_max_ms: u64,
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
    /// A restart during a controlled shutdown: the broker starts again once it has stopped.
    RestartQueued {
        broker: BrokerId,
    },
    /// An action that changed nothing, and why (`why` is the whole sentence).
    ActionIgnored {
        action: &'static str,
        broker: Option<BrokerId>,
        tp: Option<TopicPartition>,
        why: Text,
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
    /// Records failed with a `TimeoutException`: `delivery.timeout.ms` (`timeout_ms`) passed
    /// since they were sent and nothing acknowledged them; `leader_known` says whether the
    /// producer knew a leader to send them to when they expired.
    ProduceExpired {
        tp: TopicPartition,
        value: String,
        timeout_ms: u64,
        leader_known: bool,
    },
    ConsumerTruncationDetected {
        tp: TopicPartition,
        offset: u64,
    },
    /// A consumer's position `from` could not be used (out of range, or truncated under an
    /// epoch the leader does not know) and `auto.offset.reset` (`policy`) moved it to `to`.
    ConsumerOffsetReset {
        tp: TopicPartition,
        from: u64,
        to: u64,
        policy: &'static str,
    },
    /// A consumer's position was out of range, or the log was `truncated` under it (KIP-320),
    /// with `auto.offset.reset=none`: its `poll()` threw and it reads the partition no further.
    /// `divergent_offset` is where the leader's log stops agreeing with what it read, when the
    /// leader knew the epoch of its last record (`LogTruncationException.divergentOffsets`).
    ConsumerOffsetOutOfRange {
        tp: TopicPartition,
        offset: u64,
        truncated: bool,
        divergent_offset: Option<u64>,
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
    /// `kafka-leader-election.sh --election-type UNCLEAN` for `scope`.
    UncleanElectionRequested {
        scope: Arg,
    },
    ReassignmentStarted {
        tp: TopicPartition,
        target: Vec<BrokerId>,
        adding: Vec<BrokerId>,
        removing: Vec<BrokerId>,
        change: ReassignmentChange,
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
    /// `tp` is the partition `detail` names first. Unlike other events' partitions, it is not
    /// in [`EventKind::partition`]: the report's trace has never shown one for a violation.
    InvariantViolated {
        invariant: Invariant,
        tp: TopicPartition,
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
            EventKind::IsrChanged { .. } => "isr_changed",
            EventKind::FollowerOutOfSync { .. } => "follower_out_of_sync",
            EventKind::ElrChanged { .. } => "elr_changed",
            EventKind::Truncated { .. } => "truncated",
            EventKind::BrokerFenced { .. } => "broker_fenced",
            EventKind::BrokerReregistered { .. } => "broker_reregistered",
            EventKind::BrokerUnfenced { .. } => "broker_unfenced",
            EventKind::BrokerCrashed { .. } => "broker_crashed",
            EventKind::BrokerStopped { .. } => "broker_stopped",
            EventKind::BrokerRestarted { .. } => "broker_restarted",
            EventKind::RestartQueued { .. } => "restart_queued",
            EventKind::ActionIgnored { .. } => "action_ignored",
            EventKind::ProduceFailed { .. } => "produce_failed",
            EventKind::ProduceRetried { .. } => "produce_retried",
            EventKind::ProduceExpired { .. } => "produce_expired",
            EventKind::ConsumerTruncationDetected { .. } => "consumer_truncation_detected",
            EventKind::ConsumerOffsetReset { .. } => "consumer_offset_reset",
            EventKind::ConsumerOffsetOutOfRange { .. } => "consumer_offset_out_of_range",
            EventKind::NetworkChanged { .. } => "network_changed",
            EventKind::ConfigChanged { .. } => "config_changed",
            EventKind::PreferredElectionRequested { .. } => "preferred_election_requested",
            EventKind::UncleanElectionRequested { .. } => "unclean_election_requested",
            EventKind::ReassignmentStarted { .. } => "reassignment_started",
            EventKind::ReassignmentCompleted { .. } => "reassignment_completed",
            EventKind::FetcherPaused { .. } => "fetcher_paused",
            EventKind::DataLost { .. } => "data_lost",
            EventKind::InvariantViolated { .. } => "invariant_violated",
        }
    }

    /// One sentence a learner can read.
    pub fn describe(&self) -> String {
        self.text().to_string()
    }

    /// The partition an event is about, if any (the playground selects it on click).
    pub fn partition(&self) -> Option<&TopicPartition> {
        use EventKind::*;
        match self {
            LeaderElected { tp, .. }
            | PartitionOffline { tp, .. }
            | IsrShrunk { tp, .. }
            | IsrExpanded { tp, .. }
            | IsrChanged { tp, .. }
            | FollowerOutOfSync { tp, .. }
            | ElrChanged { tp, .. }
            | Truncated { tp, .. }
            | ProduceFailed { tp, .. }
            | ProduceRetried { tp, .. }
            | ProduceExpired { tp, .. }
            | ConsumerTruncationDetected { tp, .. }
            | ConsumerOffsetReset { tp, .. }
            | ConsumerOffsetOutOfRange { tp, .. }
            | ActionIgnored { tp: Some(tp), .. }
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
            | FollowerOutOfSync {
                follower: broker, ..
            }
            | BrokerFenced { broker }
            | BrokerReregistered { broker }
            | BrokerUnfenced { broker }
            | BrokerCrashed { broker, .. }
            | BrokerStopped { broker }
            | BrokerRestarted { broker }
            | RestartQueued { broker }
            | ActionIgnored {
                broker: Some(broker),
                ..
            }
            | FetcherPaused { broker, .. } => Some(*broker),
            _ => None,
        }
    }
}

/// What a reassignment request did to the partition's replica set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReassignmentChange {
    /// A move started: replicas to add and to remove.
    Started,
    /// Only the order of the replicas changed (the preferred leader may be another).
    Reordered,
    /// A move in progress (to `previous`) got a new target.
    Replaced { previous: Vec<BrokerId> },
    /// A move in progress (to `previous`) was sent back to the original replicas.
    Cancelled { previous: Vec<BrokerId> },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraceEvent {
    pub at_ms: u64,
    pub kind: EventKind,
}
