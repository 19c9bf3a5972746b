//! The trace: typed events, each with a plain-language description, in simulated-time order.

use super::invariant::Invariant;
use crate::ids::{BrokerId, TopicPartition};
use crate::rules::election::ElectionKind;
use crate::text;
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

    /// The sentence as a message, for a front end to word in its language.
    pub fn text(&self) -> Text {
        use EventKind::*;
        match self {
            LeaderElected {
                tp,
                leader,
                leader_epoch,
                election,
            } => {
                let how = match election {
                    ElectionKind::Kept => text!("kept leadership"),
                    ElectionKind::Clean => {
                        text!(
                            "was elected: the first in-sync replica in assignment order that the \
                             controller counts as alive (not fenced)"
                        )
                    }
                    ElectionKind::EligibleLeaderReplica => text!(
                        "was elected from the Eligible Leader Replicas (the ISR was empty)"
                    ),
                    ElectionKind::Unclean => text!(
                        "was elected UNCLEANLY: it was not in sync, so committed records may be lost"
                    ),
                    ElectionKind::Preferred => text!("took over as the preferred (first) replica"),
                    ElectionKind::LastKnownLeader => text!(
                        "came back as the partition's last known leader and was elected UNCLEANLY \
                         (ISR and ELR were empty): records it lost are gone"
                    ),
                };
                text!(
                    "{tp}: broker {leader} {how} (leader epoch {leader_epoch})",
                    tp,
                    leader,
                    how,
                    leader_epoch = *leader_epoch
                )
            }
            PartitionOffline { tp, leader_epoch } => text!(
                "{tp} is offline: no replica the controller may elect (leader epoch {leader_epoch})",
                tp,
                leader_epoch = *leader_epoch
            ),
            IsrShrunk { tp, isr, removed } => text!(
                "{tp}: ISR shrank to {isr} (removed {removed})",
                tp,
                isr = list(isr),
                removed = list(removed)
            ),
            IsrExpanded { tp, isr, added } => text!(
                "{tp}: ISR grew to {isr} (added {added})",
                tp,
                isr = list(isr),
                added = list(added)
            ),
            IsrChanged {
                tp, isr, removed, ..
            } if removed.is_empty() => text!(
                "{tp}: the election set the ISR to {isr} (it was empty)",
                tp,
                isr = list(isr)
            ),
            IsrChanged {
                tp,
                isr,
                removed,
                added,
            } => text!(
                "{tp}: the election replaced the ISR with {isr} (out: {removed}; in: {added})",
                tp,
                isr = list(isr),
                removed = list(removed),
                added = list(added)
            ),
            FollowerOutOfSync {
                tp,
                leader,
                follower,
                caught_up_ms,
                lag_max_ms,
            } => text!(
                "{tp}: leader {leader} finds broker {follower} out of sync: not caught up since \
                 t = {since}, more than replica.lag.time.max.ms ({limit}) ago; it asks the \
                 controller to remove it from the ISR",
                tp,
                leader,
                follower,
                since = crate::text::format_time(*caught_up_ms),
                limit = crate::text::format_duration(*lag_max_ms)
            ),
            ElrChanged { tp, elr } => text!(
                "{tp}: eligible leader replicas are now {elr}",
                tp,
                elr = list(elr)
            ),
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
                        text!("to its own high watermark on becoming follower (pre-0.11 Kafka)")
                    }
                    TruncationReason::DivergingEpoch => {
                        text!("where its leader epochs agree with the leader's")
                    }
                    TruncationReason::PowerLoss => {
                        text!("after power loss: the unflushed tail never reached disk")
                    }
                };
                text!(
                    "{tp}: broker {broker} truncated its log from {from} to {to} {why}; removed \
                     {values}",
                    tp,
                    broker,
                    from = *from,
                    to = *to,
                    why,
                    values = values.join(", ")
                )
            }
            BrokerFenced { broker } => text!(
                "broker {broker} was fenced: its session expired, so it leads nothing and leaves the ISRs it can leave",
                broker
            ),
            BrokerReregistered { broker } => text!(
                "broker {broker} registered again with a new broker epoch: its previous \
                 incarnation is handled as failed and leaves every ISR",
                broker
            ),
            BrokerUnfenced { broker } => text!(
                "broker {broker} is unfenced and may lead and join ISRs again",
                broker
            ),
            BrokerCrashed {
                broker,
                power_loss: false,
            } => text!("broker {broker} crashed (its log survives on disk)", broker),
            BrokerCrashed {
                broker,
                power_loss: true,
            } => text!(
                "broker {broker} lost power: unflushed records are gone",
                broker
            ),
            BrokerStopped { broker } => {
                text!("broker {broker} finished a controlled shutdown", broker)
            }
            BrokerRestarted { broker } => text!("broker {broker} restarted", broker),
            RestartQueued { broker } => text!(
                "broker {broker} will start again once its controlled shutdown finishes: Kafka \
                 cannot abort a controlled shutdown",
                broker
            ),
            ActionIgnored { why, .. } => why.clone(),
            ProduceFailed { tp, value, error } => {
                text!("{value} to {tp} failed: {error}", value, tp, error)
            }
            ProduceRetried { tp, value, error } => text!(
                "{value} to {tp} got {error}; the producer retries",
                value,
                tp,
                error
            ),
            ProduceExpired {
                tp,
                value,
                timeout_ms,
                leader_known: false,
            } => text!(
                "{value} to {tp} failed with a TimeoutException: the producer found no leader \
                 within delivery.timeout.ms ({timeout_ms} ms)",
                value,
                tp,
                timeout_ms = *timeout_ms
            ),
            ProduceExpired {
                tp,
                value,
                timeout_ms,
                leader_known: true,
            } => text!(
                "{value} to {tp} failed with a TimeoutException: not acknowledged within \
                 delivery.timeout.ms ({timeout_ms} ms)",
                value,
                tp,
                timeout_ms = *timeout_ms
            ),
            ConsumerTruncationDetected { tp, offset } => text!(
                "the consumer detected log truncation on {tp} and reset to offset {offset} \
                 (KIP-320)",
                tp,
                offset = *offset
            ),
            ConsumerOffsetReset {
                tp,
                from,
                to,
                policy,
            } => text!(
                "the consumer could not use its position {from} on {tp}: \
                 auto.offset.reset={policy} moved it to offset {to}",
                from = *from,
                tp,
                policy,
                to = *to
            ),
            ConsumerOffsetOutOfRange {
                tp,
                offset,
                truncated: false,
                ..
            } => text!(
                "the consumer's position {offset} on {tp} is out of range and \
                 auto.offset.reset=none: poll() throws OffsetOutOfRangeException, and it reads \
                 {tp} no further",
                offset = *offset,
                tp
            ),
            ConsumerOffsetOutOfRange {
                tp,
                offset,
                truncated: true,
                divergent_offset: Some(divergent),
            } => text!(
                "the log of {tp} was truncated under the consumer's position {offset}: the \
                 leader's log agrees with what it read only up to offset {divergent}, and \
                 auto.offset.reset=none: poll() throws LogTruncationException, and it reads {tp} \
                 no further",
                tp,
                offset = *offset,
                divergent = *divergent
            ),
            ConsumerOffsetOutOfRange {
                tp,
                offset,
                truncated: true,
                divergent_offset: None,
            } => text!(
                "the log of {tp} was truncated under the consumer's position {offset} and \
                 auto.offset.reset=none: poll() throws LogTruncationException, and it reads {tp} \
                 no further",
                offset = *offset,
                tp
            ),
            NetworkChanged { what } => what.clone(),
            // A null value removes the setting, as `kafka-configs.sh --delete-config` does.
            ConfigChanged {
                key,
                value,
                topic: None,
            } if value == "null" => text!("{key} unset: back to its default", key),
            ConfigChanged {
                key,
                value,
                topic: Some(t),
            } if value == "null" => text!("{key} unset for topic {t}: back to its default", key, t),
            ConfigChanged {
                key,
                value,
                topic: None,
            } => text!("{key} set to {value}", key, value),
            ConfigChanged {
                key,
                value,
                topic: Some(t),
            } => text!("{key} set to {value} for topic {t}", key, value, t),
            PreferredElectionRequested { scope } => text!(
                "preferred leader election requested for {scope}",
                scope = scope.clone()
            ),
            UncleanElectionRequested { scope } => text!(
                "unclean leader election requested for {scope} (kafka-leader-election.sh \
                 --election-type UNCLEAN): a leaderless partition may get a leader outside the \
                 ISR, whatever unclean.leader.election.enable says",
                scope = scope.clone()
            ),
            ReassignmentStarted {
                tp,
                target,
                adding,
                removing,
                change,
            } => match change {
                ReassignmentChange::Started => text!(
                    "{tp}: reassignment to {target} started: adding {adding} (they fetch from \
                     offset 0 and must join the ISR), removing {removing}",
                    tp,
                    target = list(target),
                    adding = list(adding),
                    removing = list(removing)
                ),
                ReassignmentChange::Reordered => text!(
                    "{tp}: replicas reordered to {target}: none to add or remove",
                    tp,
                    target = list(target)
                ),
                ReassignmentChange::Replaced { previous } => text!(
                    "{tp}: the reassignment to {previous} was replaced by one to {target}: \
                     adding {adding}, removing {removing}",
                    tp,
                    previous = list(previous),
                    target = list(target),
                    adding = list(adding),
                    removing = list(removing)
                ),
                ReassignmentChange::Cancelled { previous } => text!(
                    "{tp}: the reassignment to {previous} was cancelled: back to {target}",
                    tp,
                    previous = list(previous),
                    target = list(target)
                ),
            },
            ReassignmentCompleted { tp, replicas } => text!(
                "{tp}: reassignment complete: replicas are now {replicas}; a new leader epoch \
                 fences the removed ones",
                tp,
                replicas = list(replicas)
            ),
            FetcherPaused {
                broker,
                paused: true,
            } => text!("broker {broker}'s replica fetchers are paused", broker),
            FetcherPaused {
                broker,
                paused: false,
            } => text!("broker {broker}'s replica fetchers resumed", broker),
            DataLost {
                tp,
                values,
                acknowledged: true,
            } => text!(
                "{tp} lost acknowledged record(s): {values}",
                tp,
                values = values.join(", ")
            ),
            DataLost {
                tp,
                values,
                acknowledged: false,
            } => text!(
                "{tp} lost committed record(s): {values}",
                tp,
                values = values.join(", ")
            ),
            InvariantViolated {
                invariant, detail, ..
            } => text!(
                "invariant {invariant} broken: {detail}",
                invariant = invariant.name(),
                detail
            ),
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

fn list(ids: &[BrokerId]) -> String {
    let inner: Vec<String> = ids.iter().map(|b| b.to_string()).collect();
    format!("[{}]", inner.join(","))
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
