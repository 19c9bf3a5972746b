//! Why records were lost, in one sentence, from the trace: the alert the playground raises
//! names the records and the chain of events that removed them.

use crate::config::Acks;
use crate::ids::{BrokerId, TopicPartition};
use crate::rules::election::ElectionKind;
use crate::sim::trace::{EventKind, TruncationReason};
use crate::sim::{LossReason, World};
use std::fmt;

/// Why records were lost: the facts the alert names, found in the trace. `Display` gives the
/// English sentence, e.g. "m7 acked with acks=1; broker 1 crashed; broker 2 was elected
/// uncleanly (epoch 3) without it; broker 1 truncated it away where its epochs diverged from the
/// new leader's"; the playground words the same facts in Chinese.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LossExplanation {
    pub values: Vec<String>,
    /// Acknowledged to the producer (else only committed: below the HW).
    pub acknowledged: bool,
    /// The producer's acks for the first value, when known.
    pub acks: Option<Acks>,
    /// The newest broker failure before the election.
    pub failure: Option<BrokerFailure>,
    /// The election that chose a leader without the records.
    pub election: Option<LossElection>,
    /// The truncation that removed them; `None` means no replica that still holds them leads.
    pub truncation: Option<(BrokerId, TruncationReason)>,
}

/// A broker failure, as the learner caused it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BrokerFailure {
    Crashed(BrokerId),
    LostPower(BrokerId),
    ShutDown(BrokerId),
    /// Fenced with no crash or shutdown of its own before (its session expired).
    Fenced(BrokerId),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LossElection {
    pub leader: BrokerId,
    pub leader_epoch: u32,
    pub kind: ElectionKind,
}

/// Explain the loss of `values` from `tp`, which the checker has just reported.
pub fn explain_loss(
    world: &World,
    tp: &TopicPartition,
    values: &[String],
    acknowledged: bool,
) -> LossExplanation {
    let trace = world.trace();
    // The truncation that removed one of the values, searching from the newest event.
    let truncation = trace.iter().rposition(|e| match &e.kind {
        EventKind::Truncated {
            tp: t, values: v, ..
        } => t == tp && v.iter().any(|x| values.contains(x)),
        _ => false,
    });
    let horizon = truncation.unwrap_or(trace.len());
    let election = trace[..horizon].iter().rposition(|e| {
        matches!(&e.kind, EventKind::LeaderElected { tp: t, election, .. }
            if t == tp && *election != ElectionKind::Kept)
    });
    let failure = failure_before(&trace[..election.unwrap_or(horizon)]);
    let election = election.and_then(|i| match &trace[i].kind {
        EventKind::LeaderElected {
            leader,
            leader_epoch,
            election,
            ..
        } => Some(LossElection {
            leader: *leader,
            leader_epoch: *leader_epoch,
            kind: *election,
        }),
        _ => None,
    });
    let truncation = truncation.and_then(|i| match &trace[i].kind {
        EventKind::Truncated { broker, reason, .. } => Some((*broker, *reason)),
        _ => None,
    });
    // The producer's acks, when the first value is one of its records.
    let acks = acknowledged
        .then(|| {
            world
                .clients()
                .records
                .iter()
                .find(|r| &r.tp == tp && values.first() == Some(&r.value.to_string()))
                .map(|r| r.acks)
        })
        .flatten();
    LossExplanation {
        values: values.to_vec(),
        acknowledged,
        acks,
        failure,
        election,
        truncation,
    }
}

/// The rule of Kafka's that let records be lost: what a learner must know to avoid it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LossRule {
    /// Unclean election (`unclean.leader.election.enable`, or `kafka-leader-election.sh
    /// --election-type UNCLEAN`): a replica outside the ISR led.
    UncleanElection,
    /// ISR and ELR were empty and the last known leader came back (KIP-966), uncleanly.
    LastKnownLeader,
    /// acks=0: the producer does not wait at all.
    AcksZero,
    /// acks=1 waits for the leader alone; a follower in the ISR (in sync by time, not by
    /// holding every record) was elected without them.
    AcksOne,
    /// Power loss: records in the page cache, not yet flushed, never reached the disk.
    PowerLoss,
    /// Before 0.11 a new follower cut its log to its own HW (KIP-101).
    HwTruncation,
}

impl LossRule {
    /// The reason, as the checker's reports are judged ([`crate::sim::expected`]).
    pub fn reason(self) -> LossReason {
        match self {
            LossRule::UncleanElection => LossReason::UncleanElection,
            LossRule::LastKnownLeader => LossReason::LastKnownLeader,
            LossRule::AcksZero | LossRule::AcksOne => LossReason::AcksNotAll,
            LossRule::PowerLoss => LossReason::PowerLoss,
            LossRule::HwTruncation => LossReason::HwTruncation,
        }
    }
}

impl LossExplanation {
    /// The rule under which Kafka loses these records by design, for a cause the explanation
    /// names, the most direct first. `None`: the loss breaks what Kafka guarantees, and the
    /// playground treats the checker's report as a bug.
    pub fn rule(&self) -> Option<LossRule> {
        match self.election.map(|e| e.kind) {
            Some(ElectionKind::Unclean) => return Some(LossRule::UncleanElection),
            Some(ElectionKind::LastKnownLeader) => return Some(LossRule::LastKnownLeader),
            _ => {}
        }
        match self.acks {
            Some(Acks::Zero) => return Some(LossRule::AcksZero),
            Some(Acks::One) => return Some(LossRule::AcksOne),
            _ => {}
        }
        if matches!(self.failure, Some(BrokerFailure::LostPower(_)))
            || matches!(self.truncation, Some((_, TruncationReason::PowerLoss)))
        {
            return Some(LossRule::PowerLoss);
        }
        matches!(self.truncation, Some((_, TruncationReason::HighWatermark)))
            .then_some(LossRule::HwTruncation)
    }

    /// Whether Kafka loses these records by design (`rule` names why): an unclean (or
    /// last-known-leader) election, acks=0 or 1, a power loss taking records not yet flushed,
    /// or a pre-0.11 follower truncating to its HW (KIP-101).
    pub fn kafka_allows(&self) -> bool {
        self.rule().is_some()
    }
}

/// The newest broker failure in `trace`. A fence that follows its broker's crash (the session
/// expiring) is reported as the crash, the cause a learner acted on.
fn failure_before(trace: &[crate::sim::trace::TraceEvent]) -> Option<BrokerFailure> {
    let failure = |kind: &EventKind| match *kind {
        EventKind::BrokerCrashed {
            broker,
            power_loss: true,
        } => Some(BrokerFailure::LostPower(broker)),
        EventKind::BrokerCrashed { broker, .. } => Some(BrokerFailure::Crashed(broker)),
        EventKind::BrokerStopped { broker } => Some(BrokerFailure::ShutDown(broker)),
        _ => None,
    };
    let newest = trace.iter().rposition(|e| {
        failure(&e.kind).is_some() || matches!(e.kind, EventKind::BrokerFenced { .. })
    })?;
    let EventKind::BrokerFenced { broker } = trace[newest].kind else {
        return failure(&trace[newest].kind);
    };
    let cause = trace[..newest].iter().rev().find_map(|e| match &e.kind {
        EventKind::BrokerRestarted { broker: b } if *b == broker => Some(None),
        kind if kind.broker() == Some(broker) => failure(kind).map(Some),
        _ => None,
    });
    Some(cause.flatten().unwrap_or(BrokerFailure::Fenced(broker)))
}

impl fmt::Display for LossExplanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names = self.values.join(", ");
        match (self.acknowledged, self.acks) {
            (false, _) => write!(f, "{names} committed (below the HW)")?,
            (true, Some(acks)) => write!(f, "{names} acked with acks={acks}")?,
            (true, None) => write!(f, "{names} acked")?,
        }
        match self.failure {
            Some(BrokerFailure::Crashed(b)) => write!(f, "; broker {b} crashed")?,
            Some(BrokerFailure::LostPower(b)) => write!(f, "; broker {b} lost power")?,
            Some(BrokerFailure::ShutDown(b)) => write!(f, "; broker {b} shut down")?,
            Some(BrokerFailure::Fenced(b)) => write!(f, "; broker {b} was fenced")?,
            None => {}
        }
        let them = if self.values.len() == 1 { "it" } else { "them" };
        if let Some(e) = &self.election {
            let how = match e.kind {
                ElectionKind::Unclean | ElectionKind::LastKnownLeader => "was elected uncleanly",
                ElectionKind::EligibleLeaderReplica => "was elected from the ELR",
                ElectionKind::Preferred => "took over as preferred leader",
                ElectionKind::Clean | ElectionKind::Kept => "was elected",
            };
            write!(
                f,
                "; broker {} {how} (epoch {}) without {them}",
                e.leader, e.leader_epoch
            )?;
        }
        match self.truncation {
            Some((broker, reason)) => {
                let why = match reason {
                    TruncationReason::HighWatermark => "to its high watermark (pre-0.11 rule)",
                    TruncationReason::DivergingEpoch => {
                        "where its epochs diverged from the new leader's"
                    }
                    TruncationReason::PowerLoss => "with its unflushed tail at power loss",
                };
                write!(f, "; broker {broker} truncated {them} away {why}")
            }
            None => write!(
                f,
                "; no replica that still holds {them} leads the partition"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::parse_scenario;

    #[test]
    fn kafka_allows_loss_only_for_the_unsafe_causes() {
        let safe = LossExplanation {
            values: vec!["r1".into()],
            acknowledged: true,
            acks: Some(Acks::All),
            failure: Some(BrokerFailure::Crashed(BrokerId(1))),
            election: Some(LossElection {
                leader: BrokerId(2),
                leader_epoch: 1,
                kind: ElectionKind::Clean,
            }),
            truncation: Some((BrokerId(1), TruncationReason::DivergingEpoch)),
        };
        let election = |kind| LossElection {
            leader: BrokerId(2),
            leader_epoch: 1,
            kind,
        };
        // (what differs from a loss Kafka never allows, allowed)
        let table = [
            (safe.clone(), false),
            (
                LossExplanation {
                    acks: Some(Acks::One),
                    ..safe.clone()
                },
                true,
            ),
            (
                LossExplanation {
                    acks: Some(Acks::Zero),
                    ..safe.clone()
                },
                true,
            ),
            (
                LossExplanation {
                    acks: None,
                    ..safe.clone()
                },
                false,
            ),
            (
                LossExplanation {
                    election: Some(election(ElectionKind::Unclean)),
                    ..safe.clone()
                },
                true,
            ),
            (
                LossExplanation {
                    election: Some(election(ElectionKind::LastKnownLeader)),
                    ..safe.clone()
                },
                true,
            ),
            (
                LossExplanation {
                    election: Some(election(ElectionKind::EligibleLeaderReplica)),
                    ..safe.clone()
                },
                false,
            ),
            (
                LossExplanation {
                    failure: Some(BrokerFailure::LostPower(BrokerId(1))),
                    ..safe.clone()
                },
                true,
            ),
            (
                LossExplanation {
                    truncation: Some((BrokerId(2), TruncationReason::HighWatermark)),
                    ..safe.clone()
                },
                true,
            ),
            (
                LossExplanation {
                    truncation: Some((BrokerId(2), TruncationReason::PowerLoss)),
                    ..safe.clone()
                },
                true,
            ),
        ];
        for (why, allowed) in table {
            assert_eq!(why.kafka_allows(), allowed, "{why}");
        }
        // The rule named is the most direct cause: an unclean election before the acks.
        let both = LossExplanation {
            acks: Some(Acks::One),
            election: Some(election(ElectionKind::Unclean)),
            ..safe.clone()
        };
        assert_eq!(both.rule(), Some(LossRule::UncleanElection));
        let acks_one = LossExplanation {
            acks: Some(Acks::One),
            ..safe.clone()
        };
        assert_eq!(acks_one.rule(), Some(LossRule::AcksOne));
        assert_eq!(safe.rule(), None);
        // Several records are "them".
        let three = LossExplanation {
            values: vec!["x".into(), "y".into(), "z".into()],
            ..acks_one
        };
        let text = three.to_string();
        assert!(text.contains("(epoch 1) without them;"), "{text}");
        assert!(text.contains("truncated them away"), "{text}");
    }

    /// acks=1, then the leader crashes before its follower fetched: the classic loss. The
    /// paused follower is still in the ISR (replica.lag.time.max.ms has not passed), so its
    /// election is clean, and the old leader truncates on its return (KIP-101 epochs).
    #[test]
    fn names_the_acks_the_crash_the_election_and_the_truncation() {
        let scenario = parse_scenario(
            r#"{"seed": 1, "brokers": [{"id": 1}, {"id": 2}],
                "config": {"acks": "1"},
                "topics": [{"name": "t", "partitions": 1, "replication.factor": 2,
                            "assignment": {"0": [1, 2]}}],
                "actions": [
                  {"at_ms": 100, "pause_fetcher": {"broker": 2}},
                  {"at_ms": 200, "produce": {"topic": "t", "partition": 0, "values": ["m7"]}},
                  {"at_ms": 300, "crash": {"broker": 1}},
                  {"at_ms": 400, "resume_fetcher": {"broker": 2}},
                  {"at_ms": 60000, "restart": {"broker": 1}}],
                "run_until_ms": 90000}"#,
        )
        .unwrap();
        let mut world = World::from_scenario(&scenario).unwrap();
        world.run_until(90_000);
        let lost = world.trace().iter().find_map(|e| match &e.kind {
            EventKind::DataLost {
                tp,
                values,
                acknowledged: true,
            } => Some((tp.clone(), values.clone())),
            _ => None,
        });
        let (tp, values) = lost.expect("acks=1 with an unclean election loses m7");
        let text = explain_loss(&world, &tp, &values, true).to_string();
        assert!(text.starts_with("m7 acked with acks=1"), "{text}");
        assert!(text.contains("broker 1 crashed"), "{text}");
        assert!(
            text.contains("broker 2 was elected (epoch 1) without it"),
            "{text}"
        );
        assert!(text.contains("broker 1 truncated it away"), "{text}");
    }
}
