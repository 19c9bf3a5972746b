//! Why the latest key things happened to a partition: its newest leader change, ISR change and
//! truncation, each paired with the trace event that caused it (a fencing, a leader's lag
//! check, an admin request), so the reason can stand beside the picture instead of only in the
//! event log.

use crate::ids::{BrokerId, TopicPartition};
use crate::sim::trace::{EventKind, TraceEvent};
use crate::sim::World;

/// A key event of the partition (an index into the trace) and the event that caused it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Explained {
    pub event: usize,
    pub cause: Option<usize>,
}

/// What a key event is about, to keep only the newest of each.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Topic {
    Leadership,
    Isr,
    Truncation,
}

fn topic_of(kind: &EventKind) -> Option<Topic> {
    use EventKind::*;
    Some(match kind {
        LeaderElected { .. } | PartitionOffline { .. } => Topic::Leadership,
        IsrShrunk { .. } | IsrExpanded { .. } | IsrChanged { .. } => Topic::Isr,
        Truncated { .. } => Topic::Truncation,
        _ => return None,
    })
}

/// How far back the newest key events are looked for (a long run's trace is not read whole
/// every frame).
const LOOK_BACK: usize = 4_000;

/// The newest leader change, ISR change and truncation of `tp`, newest first, each with its
/// cause when the trace shows one.
pub fn recent(world: &World, tp: &TopicPartition) -> Vec<Explained> {
    let trace = world.trace();
    let mut found: Vec<(Topic, usize)> = Vec::new();
    let start = trace.len().saturating_sub(LOOK_BACK);
    for i in (start..trace.len()).rev() {
        let kind = &trace[i].kind;
        if kind.partition() != Some(tp) {
            continue;
        }
        if let Some(topic) = topic_of(kind) {
            if !found.iter().any(|(t, _)| *t == topic) {
                found.push((topic, i));
            }
        }
        if found.len() == 3 {
            break;
        }
    }
    found
        .into_iter()
        .map(|(_, event)| Explained {
            event,
            cause: cause_of(trace, event),
        })
        .collect()
}

/// The trace event that caused event `index`, if the trace shows it:
/// - a leader change or an ISR shrink in the same step as a broker's fencing, re-registration
///   or stop, a forced (preferred or unclean) election request, a completed reassignment or a
///   config change (the controller acts on those at once);
/// - an ISR shrink a leader asked for: that leader's out-of-sync finding for the removed
///   follower, a round trip earlier.
pub fn cause_of(trace: &[TraceEvent], index: usize) -> Option<usize> {
    let event = trace.get(index)?;
    let tp = event.kind.partition()?;
    let involved: Vec<BrokerId> = match &event.kind {
        EventKind::IsrShrunk { removed, .. } | EventKind::IsrChanged { removed, .. } => {
            removed.clone()
        }
        EventKind::LeaderElected { .. } | EventKind::PartitionOffline { .. } => Vec::new(),
        _ => return None,
    };
    let is_leadership = involved.is_empty();
    // Same step: the events just before it at the same time.
    let same_step = (0..index)
        .rev()
        .take_while(|&i| trace[i].at_ms == event.at_ms)
        .find(|&i| {
            use EventKind::*;
            match &trace[i].kind {
                BrokerFenced { broker }
                | BrokerReregistered { broker }
                | BrokerStopped { broker }
                | BrokerUnfenced { broker } => is_leadership || involved.contains(broker),
                PreferredElectionRequested { .. }
                | UncleanElectionRequested { .. }
                | ConfigChanged { .. } => is_leadership,
                ReassignmentCompleted { tp: t, .. } => t == tp,
                _ => false,
            }
        });
    if same_step.is_some() || is_leadership {
        return same_step;
    }
    // A leader's request: its finding comes a round trip (or a retried AlterPartition) before.
    (0..index).rev().take(LOOK_BACK).find(|&i| {
        matches!(&trace[i].kind,
            EventKind::FollowerOutOfSync { tp: t, follower, .. }
                if t == tp && involved.contains(follower))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::parse_scenario;

    fn run(json: &str, until: u64) -> World {
        let mut w = World::from_scenario(&parse_scenario(json).unwrap()).unwrap();
        w.run_until(until);
        w
    }

    fn name(w: &World, i: usize) -> &'static str {
        w.trace()[i].kind.name()
    }

    #[test]
    fn a_failover_is_explained_by_the_fencing_of_the_old_leader() {
        let w = run(
            include_str!("../../../../scenarios/leader-failover.json"),
            15_000,
        );
        let tp = TopicPartition::new("orders", 0);
        let recent = recent(&w, &tp);
        let election = recent
            .iter()
            .find(|e| name(&w, e.event) == "leader_elected")
            .expect("broker 2 was elected");
        let cause = election.cause.expect("the election has a cause");
        assert_eq!(
            w.trace()[cause].kind,
            EventKind::BrokerFenced {
                broker: BrokerId(1)
            }
        );
        let shrink = recent
            .iter()
            .find(|e| name(&w, e.event) == "isr_shrunk")
            .expect("broker 1 left the ISR");
        assert_eq!(shrink.cause, Some(cause), "fenced, it left the ISR");
    }

    #[test]
    fn a_lag_shrink_is_explained_by_the_leaders_finding() {
        let w = run(
            include_str!("../../../../scenarios/isr-shrink-and-expand.json"),
            16_000,
        );
        let tp = TopicPartition::new("orders", 0);
        let shrink = recent(&w, &tp)
            .into_iter()
            .find(|e| name(&w, e.event) == "isr_shrunk")
            .expect("broker 3 left the ISR");
        let cause = shrink.cause.expect("the leader's finding");
        assert!(matches!(
            w.trace()[cause].kind,
            EventKind::FollowerOutOfSync {
                follower: BrokerId(3),
                leader: BrokerId(1),
                ..
            }
        ));
    }

    #[test]
    fn only_the_newest_of_each_kind_newest_first() {
        let w = run(
            include_str!("../../../../scenarios/isr-shrink-and-expand.json"),
            25_000,
        );
        let tp = TopicPartition::new("orders", 0);
        let kinds: Vec<&str> = recent(&w, &tp).iter().map(|e| name(&w, e.event)).collect();
        assert_eq!(kinds.first(), Some(&"isr_expanded"), "{kinds:?}");
        assert_eq!(kinds.iter().filter(|k| k.starts_with("isr")).count(), 1);
    }
}
