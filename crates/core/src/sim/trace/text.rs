//! The learner-facing sentence of each trace event, one function per family of events.
//!
//! Every sentence is a `text!` template: its Chinese is in web/zh.json, keyed by the English.

use super::{EventKind, ReassignmentChange, TruncationReason};
use crate::ids::BrokerId;
use crate::rules::election::ElectionKind;
use crate::text;
use crate::text::Text;

impl EventKind {
    /// The sentence as a message, for a front end to word in its language.
    pub fn text(&self) -> Text {
        use EventKind::*;
        let family = match self {
            LeaderElected { .. }
            | PartitionOffline { .. }
            | ElrChanged { .. }
            | Truncated { .. } => self.replica_text(),
            IsrShrunk { .. }
            | IsrExpanded { .. }
            | IsrChanged { .. }
            | FollowerOutOfSync { .. } => self.isr_text(),
            BrokerFenced { .. }
            | BrokerReregistered { .. }
            | BrokerUnfenced { .. }
            | BrokerCrashed { .. }
            | BrokerStopped { .. }
            | BrokerRestarted { .. }
            | RestartQueued { .. }
            | FetcherPaused { .. } => self.broker_text(),
            ProduceFailed { .. } | ProduceRetried { .. } | ProduceExpired { .. } => {
                self.producer_text()
            }
            ConsumerTruncationDetected { .. }
            | ConsumerOffsetReset { .. }
            | ConsumerOffsetOutOfRange { .. } => self.consumer_text(),
            ConfigChanged { .. }
            | PreferredElectionRequested { .. }
            | UncleanElectionRequested { .. } => self.admin_text(),
            ReassignmentStarted { .. } | ReassignmentCompleted { .. } => self.reassignment_text(),
            DataLost { .. } | InvariantViolated { .. } => self.checker_text(),
            ActionIgnored { why, .. } => return why.clone(),
            NetworkChanged { what } => return what.clone(),
        };
        // Each family words its own events. One routed to the wrong family fails debug builds
        // (every test run) and shows its name in a release, rather than stopping the page.
        debug_assert!(family.is_some(), "{} has no sentence", self.name());
        family.unwrap_or_else(|| text!("{event}", event = self.name()))
    }

    // Each family's function below words its own events (`None` for any other).

    /// Leaders, offline partitions, eligible leader replicas and truncations.
    fn replica_text(&self) -> Option<Text> {
        use EventKind::*;
        Some(match self {
            LeaderElected {
                tp,
                leader,
                leader_epoch,
                election,
            } => {
                let how = how_elected(election);
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
                let why = reason.text();
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
            _ => return None,
        })
    }

    /// ISR changes, and a follower the leader finds out of sync.
    fn isr_text(&self) -> Option<Text> {
        use EventKind::*;
        Some(match self {
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
            _ => return None,
        })
    }

    /// A broker's lifecycle and its replica fetchers.
    fn broker_text(&self) -> Option<Text> {
        use EventKind::*;
        Some(match self {
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
            FetcherPaused {
                broker,
                paused: true,
            } => text!("broker {broker}'s replica fetchers are paused", broker),
            FetcherPaused {
                broker,
                paused: false,
            } => text!("broker {broker}'s replica fetchers resumed", broker),
            _ => return None,
        })
    }

    /// A produced record that failed, is retried or expired.
    fn producer_text(&self) -> Option<Text> {
        use EventKind::*;
        Some(match self {
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
            _ => return None,
        })
    }

    /// A consumer whose position is no longer valid.
    fn consumer_text(&self) -> Option<Text> {
        use EventKind::*;
        Some(match self {
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
            _ => return None,
        })
    }

    /// Config changes and requested leader elections.
    fn admin_text(&self) -> Option<Text> {
        use EventKind::*;
        Some(match self {
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
            _ => return None,
        })
    }

    /// A reassignment started, changed or completed.
    fn reassignment_text(&self) -> Option<Text> {
        use EventKind::*;
        Some(match self {
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
            _ => return None,
        })
    }

    /// What the checker found: lost records and broken invariants.
    fn checker_text(&self) -> Option<Text> {
        use EventKind::*;
        Some(match self {
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
            _ => return None,
        })
    }
}

/// How a leader came to lead, in words.
fn how_elected(election: &ElectionKind) -> Text {
    match election {
        ElectionKind::Kept => text!("kept leadership"),
        ElectionKind::Clean => {
            text!(
                "was elected: the first in-sync replica in assignment order that the \
                 controller counts as alive (not fenced)"
            )
        }
        ElectionKind::EligibleLeaderReplica => {
            text!("was elected from the Eligible Leader Replicas (the ISR was empty)")
        }
        ElectionKind::Unclean => {
            text!("was elected UNCLEANLY: it was not in sync, so committed records may be lost")
        }
        ElectionKind::Preferred => text!("took over as the preferred (first) replica"),
        ElectionKind::LastKnownLeader => text!(
            "came back as the partition's last known leader and was elected UNCLEANLY \
             (ISR and ELR were empty): records it lost are gone"
        ),
    }
}

impl TruncationReason {
    /// Where a replica truncated its log to, and why.
    fn text(self) -> Text {
        match self {
            TruncationReason::HighWatermark => {
                text!("to its own high watermark on becoming follower (pre-0.11 Kafka)")
            }
            TruncationReason::DivergingEpoch => {
                text!("where its leader epochs agree with the leader's")
            }
            TruncationReason::PowerLoss => {
                text!("after power loss: the unflushed tail never reached disk")
            }
        }
    }
}

fn list(ids: &[BrokerId]) -> String {
    let inner: Vec<String> = ids.iter().map(|b| b.to_string()).collect();
    format!("[{}]", inner.join(","))
}
