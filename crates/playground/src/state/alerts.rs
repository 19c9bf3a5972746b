//! The alerts the page raises, read from the run's trace: every data loss with the rule of
//! Kafka's that allowed it, the checker's reports in the developer view (`?dev`), and a stop
//! over a run budget. Which checker reports are Kafka's own outcome is the core's decision
//! (`replication_core::sim::expected`); `components/alerts.rs` words and shows the alerts.

use super::trace_cursor::TraceCursor;
use super::PartitionKey;
use replication_core::sim::expected::expected_because;
use replication_core::sim::trace::{EventKind, TraceEvent, TruncationReason};
use replication_core::sim::{Invariant, LossReason, RunStopped, World};
use replication_core::text::Text;
use replication_core::view::{explain_loss, LossExplanation};
use replication_core::TopicPartition;
use std::collections::BTreeSet;

/// A data loss or a broken invariant, named with its cause.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Alert {
    pub at_ms: u64,
    /// The event's place in the run's trace: going back in time before it takes the alert away.
    pub event: usize,
    pub what: AlertWhat,
    pub partition: Option<PartitionKey>,
}

/// What the alert is about: kept as facts, so that it is worded in the language shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AlertWhat {
    Lost {
        tp: String,
        why: LossExplanation,
    },
    /// The checker's invariant and its (English) diagnostic: a bug report, not a lesson.
    Invariant {
        invariant: Invariant,
        detail: String,
    },
    /// The run went over one of the simulator's run budgets and processes no more events.
    Stopped {
        why: Text,
    },
}

impl AlertWhat {
    /// The alert's `data-alert` value, for tests and embedding pages.
    pub fn hook(&self) -> &'static str {
        match self {
            AlertWhat::Lost { .. } | AlertWhat::Invariant { .. } => "data-loss",
            AlertWhat::Stopped { .. } => "run-stopped",
        }
    }
}

/// A loss Kafka allows: its partition, its time and the reason.
type AllowedLoss<'t> = (&'t TopicPartition, u64, LossReason);

/// The alerts raised so far in the run shown, and how far the trace has been read.
#[derive(Debug, Default)]
pub struct Alerts {
    list: Vec<Alert>,
    read: TraceCursor,
    /// The run-budget stop already alerted, so it is alerted once.
    stop_alerted: Option<RunStopped>,
}

impl Alerts {
    /// The alerts, oldest first.
    pub fn list(&self) -> &[Alert] {
        &self.list
    }

    /// The run was restarted or replaced: its alerts go.
    pub fn clear(&mut self) {
        self.list.clear();
    }

    /// The learner dismissed alert `i` (an index out of range does nothing: the list changed
    /// under the click).
    pub fn dismiss(&mut self, i: usize) {
        if i < self.list.len() {
            self.list.remove(i);
        }
    }

    /// Raise an alert for every data loss (and, with `dev`, every checker report) in `world`'s
    /// trace (the trace of `run`) since the last scan, and for a run-budget stop. Returns
    /// whether the run has just stopped, so that the page pauses.
    pub fn scan(&mut self, world: &World, run: u64, dev: bool) -> bool {
        let stopped = self.scan_stop(world);
        let trace = world.trace();
        // Back in time: alerts for events no longer in the trace go (they come back if the run
        // reaches them again).
        self.list
            .retain(|a| matches!(a.what, AlertWhat::Stopped { .. }) || a.event < trace.len());
        let start = trace.len() - self.read.unread(run, trace).len();
        // Losses first: a data invariant broken on a partition at the moment of a loss Kafka
        // allows there (an unclean election, acks=1, …) is that same loss, already named with
        // its cause; only a loss Kafka does not allow keeps its invariant alerts, as a bug report.
        let mut allowed_at: Vec<AllowedLoss> = Vec::new();
        for (event, i) in trace[start..].iter().zip(start..) {
            if let EventKind::DataLost {
                tp,
                values,
                acknowledged,
            } = &event.kind
            {
                let why = explain_loss(world, tp, values, *acknowledged);
                if let Some(rule) = why.rule() {
                    allowed_at.push((tp, event.at_ms, rule.reason()));
                }
                self.list.push(Alert {
                    at_ms: event.at_ms,
                    event: i,
                    what: AlertWhat::Lost {
                        tp: tp.to_string(),
                        why,
                    },
                    partition: Some((tp.topic.to_string(), tp.partition)),
                });
            }
        }
        // The checker's own reports are for the simulator's developers (`?dev`): a learner
        // reads losses, each with the rule that allowed it; the event log keeps the rest.
        if dev {
            self.list.extend(report_alerts(trace, start, &allowed_at));
        }
        stopped
    }

    /// A run that went over a run budget processes no more events: say so once. Going back in
    /// time before the stop takes the alert away. Returns whether the run has just stopped.
    fn scan_stop(&mut self, world: &World) -> bool {
        let stopped = world.stopped().cloned();
        if stopped == self.stop_alerted {
            return false;
        }
        self.list
            .retain(|a| !matches!(a.what, AlertWhat::Stopped { .. }));
        self.stop_alerted = stopped.clone();
        let Some(stopped) = stopped else {
            return false;
        };
        self.list.push(Alert {
            at_ms: stopped.at_ms(),
            event: world.trace().len(),
            what: AlertWhat::Stopped {
                why: stopped.text(),
            },
            partition: None,
        });
        true
    }
}

/// An alert for each checker report in `trace[start..]` that is not Kafka's own outcome. The
/// core judges each break, as the sweep does: a data invariant broken at the moment of a loss
/// Kafka allows on its partition (`allowed_at`: partition, time, reason) is that loss, and a
/// replica back from a power loss is still in the ISR until its registration drops it.
fn report_alerts(trace: &[TraceEvent], start: usize, allowed_at: &[AllowedLoss]) -> Vec<Alert> {
    let mut alerts = Vec::new();
    for (event, i) in trace[start..].iter().zip(start..) {
        let EventKind::InvariantViolated {
            invariant,
            tp,
            detail,
        } = &event.kind
        else {
            continue;
        };
        let reasons: BTreeSet<LossReason> = allowed_at
            .iter()
            .filter(|(t, at, _)| *t == tp && *at == event.at_ms)
            .map(|(_, _, reason)| *reason)
            .collect();
        let lost_power = lost_records_to_power_loss(&trace[..i], tp);
        if expected_because(*invariant, &reasons, lost_power).is_some() {
            continue;
        }
        alerts.push(Alert {
            at_ms: event.at_ms,
            event: i,
            what: AlertWhat::Invariant {
                invariant: *invariant,
                detail: detail.clone(),
            },
            partition: None,
        });
    }
    alerts
}

/// Whether a replica of `tp` lost records at a power loss in `trace`.
fn lost_records_to_power_loss(trace: &[TraceEvent], tp: &TopicPartition) -> bool {
    trace.iter().any(|e| {
        matches!(&e.kind, EventKind::Truncated { tp: t, reason: TruncationReason::PowerLoss, .. }
            if t == tp)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use replication_core::scenario::parse_scenario;

    /// The world of `scenario`, run to its end.
    fn run(scenario: &str) -> World {
        let scenario = parse_scenario(scenario).unwrap();
        let mut world = World::from_scenario(&scenario).unwrap();
        world.run_until(scenario.run_until_ms.unwrap());
        world
    }

    fn kinds(alerts: &Alerts) -> Vec<&'static str> {
        alerts
            .list()
            .iter()
            .map(|a| match &a.what {
                AlertWhat::Lost { .. } => "lost",
                AlertWhat::Invariant { invariant, .. } => invariant.name(),
                AlertWhat::Stopped { .. } => "stopped",
            })
            .collect()
    }

    /// acks=1, the leader crashes before its follower fetched: m7 is lost, by Kafka's rule.
    const ACKS_ONE_LOSS: &str = r#"{"seed": 1, "brokers": [{"id": 1}, {"id": 2}],
        "config": {"acks": "1"},
        "topics": [{"name": "t", "partitions": 1, "replication.factor": 2,
                    "assignment": {"0": [1, 2]}}],
        "actions": [
          {"at_ms": 100, "pause_fetcher": {"broker": 2}},
          {"at_ms": 200, "produce": {"topic": "t", "partition": 0, "values": ["m7"]}},
          {"at_ms": 300, "crash": {"broker": 1}},
          {"at_ms": 400, "resume_fetcher": {"broker": 2}},
          {"at_ms": 60000, "restart": {"broker": 1}}],
        "run_until_ms": 90000}"#;

    #[test]
    fn a_loss_kafka_allows_is_one_alert_with_its_partition() {
        let world = run(ACKS_ONE_LOSS);
        for dev in [false, true] {
            let mut alerts = Alerts::default();
            assert!(!alerts.scan(&world, 0, dev));
            // The data invariants broken by the same loss are that loss, even in `?dev`.
            assert_eq!(kinds(&alerts), ["lost"], "dev {dev}");
            let alert = &alerts.list()[0];
            assert_eq!(alert.partition, Some(("t".to_string(), 0)));
            let AlertWhat::Lost { tp, why } = &alert.what else {
                unreachable!()
            };
            assert_eq!(tp, "t-0");
            assert_eq!(why.values, ["m7"]);
            assert!(why.kafka_allows());
        }
    }

    #[test]
    fn each_event_is_alerted_once_and_going_back_takes_it_away() {
        let world = run(ACKS_ONE_LOSS);
        let mut alerts = Alerts::default();
        alerts.scan(&world, 0, false);
        alerts.scan(&world, 0, false);
        assert_eq!(kinds(&alerts), ["lost"], "a second scan reads nothing new");
        // The same run, rewound to before the loss: the alert goes.
        let mut before = World::from_scenario(&parse_scenario(ACKS_ONE_LOSS).unwrap()).unwrap();
        before.run_until(250);
        alerts.scan(&before, 0, false);
        assert!(alerts.list().is_empty());
        // A new run is read from its first event.
        alerts.scan(&world, 1, false);
        assert_eq!(kinds(&alerts), ["lost"]);
        alerts.dismiss(5);
        assert_eq!(kinds(&alerts), ["lost"], "a stale index dismisses nothing");
        alerts.dismiss(0);
        assert!(alerts.list().is_empty());
    }

    #[test]
    fn checker_reports_reach_only_the_developer_view() {
        let world = run(ACKS_ONE_LOSS);
        let mut alerts = Alerts::default();
        alerts.scan(&world, 0, false);
        assert!(alerts
            .list()
            .iter()
            .all(|a| !matches!(a.what, AlertWhat::Invariant { .. })));
    }

    fn event(at_ms: u64, kind: EventKind) -> TraceEvent {
        TraceEvent { at_ms, kind }
    }

    fn report(at_ms: u64, invariant: Invariant, topic: &str) -> TraceEvent {
        event(
            at_ms,
            EventKind::InvariantViolated {
                invariant,
                tp: TopicPartition::new(topic, 0),
                detail: "test".into(),
            },
        )
    }

    fn power_loss_truncation(at_ms: u64, topic: &str) -> TraceEvent {
        event(
            at_ms,
            EventKind::Truncated {
                tp: TopicPartition::new(topic, 0),
                broker: replication_core::BrokerId(1),
                from: 5,
                to: 3,
                values: vec!["a".into(), "b".into()],
                reason: TruncationReason::PowerLoss,
            },
        )
    }

    /// Which checker reports are bug reports, given the losses Kafka allows and the power
    /// losses before them.
    #[test]
    fn a_report_is_a_bug_unless_kafka_allows_it() {
        use Invariant::*;
        let t = TopicPartition::new("t", 0);
        let acks_one_at_500 = [(&t, 500, LossReason::AcksNotAll)];
        // (trace, losses Kafka allowed, invariants alerted)
        let table: [(Vec<TraceEvent>, &[AllowedLoss], Vec<Invariant>); 7] = [
            // A data invariant with no loss Kafka allows: a bug.
            (
                vec![report(500, NoCommittedDataLoss, "t")],
                &[],
                vec![NoCommittedDataLoss],
            ),
            // The same, at the moment of a loss Kafka allows on its partition: that loss.
            (
                vec![report(500, NoCommittedDataLoss, "t")],
                &acks_one_at_500,
                vec![],
            ),
            // ... not at another moment, nor on another partition.
            (
                vec![report(600, AcksAllDurable, "t")],
                &acks_one_at_500,
                vec![AcksAllDurable],
            ),
            (
                vec![report(500, AcksAllDurable, "u")],
                &acks_one_at_500,
                vec![AcksAllDurable],
            ),
            // An invariant that holds in every Kafka version is a bug whatever the loss.
            (
                vec![report(500, LeaderInIsr, "t")],
                &acks_one_at_500,
                vec![LeaderInIsr],
            ),
            // A replica back from a power loss, its tail gone, is still in the ISR until its
            // registration drops it: Kafka's own outcome, on that partition only.
            (
                vec![
                    power_loss_truncation(100, "t"),
                    report(200, IsrHoldsCommittedData, "t"),
                    report(200, IsrHoldsCommittedData, "u"),
                    report(200, ReplicasAgreeBelowHw, "t"),
                ],
                &[],
                vec![IsrHoldsCommittedData, ReplicasAgreeBelowHw],
            ),
            // A power loss after the report does not explain it.
            (
                vec![
                    report(200, IsrHoldsCommittedData, "t"),
                    power_loss_truncation(300, "t"),
                ],
                &[],
                vec![IsrHoldsCommittedData],
            ),
        ];
        for (trace, allowed, expected) in table {
            let alerted: Vec<Invariant> = report_alerts(&trace, 0, allowed)
                .into_iter()
                .map(|a| match a.what {
                    AlertWhat::Invariant { invariant, .. } => invariant,
                    other => panic!("{other:?}"),
                })
                .collect();
            assert_eq!(alerted, expected, "{trace:?}");
        }
    }

    #[test]
    fn only_reports_since_the_last_scan_are_read() {
        let trace = [
            report(100, Invariant::HwLeLeo, "t"),
            report(200, Invariant::EpochsIncrease, "t"),
        ];
        let alerts = report_alerts(&trace, 1, &[]);
        assert_eq!(alerts.len(), 1);
        assert_eq!(alerts[0].event, 1);
        assert_eq!(alerts[0].at_ms, 200);
    }
}
