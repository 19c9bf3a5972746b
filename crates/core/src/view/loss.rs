//! Why records were lost, in one sentence, from the trace: the alert the playground raises
//! names the records and the chain of events that removed them.

use crate::ids::TopicPartition;
use crate::rules::election::ElectionKind;
use crate::sim::trace::{EventKind, TruncationReason};
use crate::sim::World;

/// Explain the loss of `values` from `tp`, which the checker has just reported, e.g.
/// "m7 acked with acks=1; broker 1 crashed; broker 2 was elected uncleanly (epoch 3) without it;
/// broker 1 truncated it away (diverging epoch)".
pub fn explain_loss(
    world: &World,
    tp: &TopicPartition,
    values: &[String],
    acknowledged: bool,
) -> String {
    let trace = world.trace();
    let mut parts = vec![subject(world, tp, values, acknowledged)];
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
    let failure_horizon = election.unwrap_or(horizon);
    parts.extend(failure_before(&trace[..failure_horizon]));
    if let Some(i) = election {
        if let EventKind::LeaderElected {
            leader,
            leader_epoch,
            election,
            ..
        } = &trace[i].kind
        {
            let how = match election {
                ElectionKind::Unclean | ElectionKind::LastKnownLeader => "was elected uncleanly",
                ElectionKind::EligibleLeaderReplica => "was elected from the ELR",
                ElectionKind::Preferred => "took over as preferred leader",
                _ => "was elected",
            };
            parts.push(format!(
                "broker {leader} {how} (epoch {leader_epoch}) without it"
            ));
        }
    }
    match truncation.map(|i| &trace[i].kind) {
        Some(EventKind::Truncated { broker, reason, .. }) => {
            let why = match reason {
                TruncationReason::HighWatermark => "to its high watermark (pre-0.11 rule)",
                TruncationReason::DivergingEpoch => {
                    "where its epochs diverged from the new leader's"
                }
                TruncationReason::PowerLoss => "with its unflushed tail at power loss",
            };
            parts.push(format!("broker {broker} truncated it away {why}"));
        }
        _ => parts.push("no replica that still holds it leads the partition".to_string()),
    }
    parts.join("; ")
}

/// The newest broker failure in `trace`. A fence that follows its broker's crash (the session
/// expiring) is reported as the crash, the cause a learner acted on.
fn failure_before(trace: &[crate::sim::trace::TraceEvent]) -> Option<String> {
    let describe = |kind: &EventKind| match kind {
        EventKind::BrokerCrashed {
            broker,
            power_loss: true,
        } => Some(format!("broker {broker} lost power")),
        EventKind::BrokerCrashed { broker, .. } => Some(format!("broker {broker} crashed")),
        EventKind::BrokerStopped { broker } => Some(format!("broker {broker} shut down")),
        _ => None,
    };
    let newest = trace.iter().rposition(|e| {
        describe(&e.kind).is_some() || matches!(e.kind, EventKind::BrokerFenced { .. })
    })?;
    let EventKind::BrokerFenced { broker } = trace[newest].kind else {
        return describe(&trace[newest].kind);
    };
    let cause = trace[..newest].iter().rev().find_map(|e| match &e.kind {
        EventKind::BrokerRestarted { broker: b } if *b == broker => Some(None),
        kind if kind.broker() == Some(broker) => describe(kind).map(Some),
        _ => None,
    });
    Some(
        cause
            .flatten()
            .unwrap_or_else(|| format!("broker {broker} was fenced")),
    )
}

/// "m7 acked with acks=1" or "m7, m8 committed", naming the producer's acks when known.
fn subject(world: &World, tp: &TopicPartition, values: &[String], acknowledged: bool) -> String {
    let names = values.join(", ");
    if !acknowledged {
        return format!("{names} committed (below the HW)");
    }
    let acks = world
        .clients()
        .records
        .iter()
        .find(|r| &r.tp == tp && values.first() == Some(&r.value.to_string()))
        .map(|r| r.acks);
    match acks {
        Some(acks) => format!("{names} acked with acks={acks}"),
        None => format!("{names} acked"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::parse_scenario;

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
        let text = explain_loss(&world, &tp, &values, true);
        assert!(text.starts_with("m7 acked with acks=1"), "{text}");
        assert!(text.contains("broker 1 crashed"), "{text}");
        assert!(
            text.contains("broker 2 was elected (epoch 1) without it"),
            "{text}"
        );
        assert!(text.contains("broker 1 truncated it away"), "{text}");
    }
}
