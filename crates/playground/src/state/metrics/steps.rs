//! The exact steps, rebuilt from the trace: each partition's published state (ISR size,
//! replication factor, leader) and from them the cluster's under-replicated and offline
//! counts. They change only when the controller publishes a change, and every such change is
//! traced with its time, so a step chart of them is exact.

use super::Metrics;
use replication_core::rules::isr::is_under_replicated;
use replication_core::rules::reassignment::replication_factor;
use replication_core::sim::trace::EventKind;

/// A partition's published state, as far as the charts need it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PartitionStep {
    /// Position in the trace after which this state holds (0: from the run's start).
    pub(super) seq: usize,
    pub at_ms: u64,
    pub isr: u32,
    /// What the ISR is measured against: during a move, the original replicas' count
    /// (`rules::reassignment::replication_factor`).
    pub replication_factor: u32,
    pub leader: bool,
}

impl PartitionStep {
    fn under_replicated(&self) -> bool {
        is_under_replicated(
            self.leader,
            self.isr as usize,
            self.replication_factor as usize,
        )
    }
}

/// The cluster-wide counts, as a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CountStep {
    pub(super) seq: usize,
    pub at_ms: u64,
    pub under_replicated: u32,
    pub offline: u32,
}

impl Metrics {
    pub(super) fn apply(&mut self, seq: usize, at_ms: u64, kind: &EventKind) {
        let (tp, change): (_, &dyn Fn(&mut PartitionStep)) = match kind {
            EventKind::IsrShrunk { tp, isr, .. }
            | EventKind::IsrExpanded { tp, isr, .. }
            | EventKind::IsrChanged { tp, isr, .. } => (tp, &|s| s.isr = isr.len() as u32),
            EventKind::LeaderElected { tp, .. } => (tp, &|s| s.leader = true),
            EventKind::PartitionOffline { tp, .. } => (tp, &|s| s.leader = false),
            // While a move runs the replicas are the target plus the removing ones.
            EventKind::ReassignmentStarted {
                tp,
                target,
                adding,
                removing,
                ..
            } => (tp, &|s| {
                s.replication_factor =
                    replication_factor(&[&target[..], removing].concat(), adding) as u32
            }),
            EventKind::ReassignmentCompleted { tp, replicas } => {
                (tp, &|s| s.replication_factor = replicas.len() as u32)
            }
            _ => return,
        };
        let Some(steps) = self
            .partitions
            .iter()
            .position(|p| p == tp)
            .and_then(|i| self.steps.get_mut(i))
        else {
            return;
        };
        let Some(mut step) = steps.last().copied() else {
            return;
        };
        change(&mut step);
        step.seq = seq;
        step.at_ms = at_ms;
        if !steps.last().is_some_and(|last| same_state(last, &step)) {
            steps.push(step);
            self.push_counts(seq, at_ms);
            self.version += 1;
        }
    }

    pub(super) fn push_counts(&mut self, seq: usize, at_ms: u64) {
        let mut step = CountStep {
            seq,
            at_ms,
            under_replicated: 0,
            offline: 0,
        };
        for last in self.steps.iter().filter_map(|s| s.last()) {
            step.under_replicated += u32::from(last.under_replicated());
            step.offline += u32::from(!last.leader);
        }
        let same = self.counts.last().is_some_and(|c| {
            (c.under_replicated, c.offline) == (step.under_replicated, step.offline)
        });
        if !same {
            self.counts.push(step);
        }
    }

    /// Partition `p`'s ISR size from the start: `(time, size)` at each change.
    pub fn isr_size(&self, p: usize) -> Vec<(u64, u64)> {
        let mut out: Vec<(u64, u64)> = Vec::new();
        for s in self.steps.get(p).into_iter().flatten() {
            if out.last().is_none_or(|l| l.1 != u64::from(s.isr)) {
                out.push((s.at_ms, u64::from(s.isr)));
            }
        }
        out
    }

    /// Partition `p`'s published states, one per change.
    pub fn partition_steps(&self, p: usize) -> &[PartitionStep] {
        self.steps.get(p).map_or(&[], |s| s.as_slice())
    }

    /// Under-replicated (ISR smaller than the replica set) and offline (no leader) partition
    /// counts, at each change.
    pub fn counts(&self) -> &[CountStep] {
        &self.counts
    }
}

fn same_state(a: &PartitionStep, b: &PartitionStep) -> bool {
    (a.isr, a.replication_factor, a.leader) == (b.isr, b.replication_factor, b.leader)
}

#[cfg(test)]
mod tests {
    use crate::state::metrics::tests::followed_by;
    use crate::state::session::Session;
    use crate::state::test_support::{play, session};
    use replication_core::scenario::Action;
    use replication_core::sim::trace::EventKind;
    use replication_core::BrokerId;

    #[test]
    fn a_paused_fetcher_drops_its_replica_from_the_isr_after_replica_lag_time_max() {
        let mut s = session();
        play(&mut s, 2_000);
        let paused_at = s.world.now_ms();
        s.act(Action::PauseFetcher {
            broker: BrokerId(2),
        });
        play(&mut s, 50_000);
        let lag_max = s.world.config().replica_lag_time_max_ms;
        let followed = followed_by(&s, 2);
        assert!(!followed.is_empty());
        for p in followed {
            let isr = s.metrics.isr_size(p);
            assert_eq!(isr[0], (0, 3), "RF 3, all in sync at the start");
            assert_eq!(isr.len(), 2, "one change only: {isr:?}");
            let (shrunk_at, size) = isr[1];
            assert_eq!(size, 2);
            // Kafka drops a follower that has not caught up for replica.lag.time.max.ms; the
            // leader checks that every replica.lag.time.max.ms / 2, so it takes up to 1.5×.
            assert!(
                shrunk_at >= paused_at + lag_max && shrunk_at <= paused_at + lag_max * 3 / 2,
                "shrunk at {shrunk_at}, paused at {paused_at}"
            );
            // The exact time comes from the trace, not a sample grid.
            assert!(s.world.trace().iter().any(|e| e.at_ms == shrunk_at
                && matches!(&e.kind, EventKind::IsrShrunk { tp, .. } if *tp == s.metrics.partitions[p])));
        }
        let counts = s.metrics.counts();
        assert_eq!(counts[0].under_replicated, 0);
        let last = counts.last().unwrap();
        assert_eq!(
            last.under_replicated as usize,
            followed_by(&s, 2).len(),
            "every partition broker 2 follows is under-replicated"
        );
        assert_eq!(last.offline, 0, "the leaders are fine");
    }

    #[test]
    fn isr_size_steps_back_up_when_the_fetcher_resumes() {
        let mut s = session();
        s.act(Action::PauseFetcher {
            broker: BrokerId(2),
        });
        play(&mut s, 50_000);
        s.act(Action::ResumeFetcher {
            broker: BrokerId(2),
        });
        play(&mut s, 10_000);
        let p = followed_by(&s, 2)[0];
        let sizes: Vec<u64> = s.metrics.isr_size(p).iter().map(|x| x.1).collect();
        assert_eq!(sizes, vec![3, 2, 3]);
        assert_eq!(s.metrics.counts().last().unwrap().under_replicated, 0);
    }

    #[test]
    fn crashing_the_only_live_replicas_takes_partitions_offline() {
        let mut s = session();
        play(&mut s, 2_000);
        // Every replica of partition 0: its leader goes first, then the others.
        let replicas = s.world.partitions().next().unwrap().replicas.clone();
        for b in &replicas {
            s.act(Action::Crash { broker: *b });
            play(&mut s, 12_000);
        }
        let steps = s.metrics.partition_steps(0);
        assert!(steps.first().unwrap().leader);
        assert!(!steps.last().unwrap().leader, "no replica left to lead");
        let counts = s.metrics.counts();
        let last = counts.last().unwrap();
        assert!(last.offline >= 1);
        // Under-replication came before going offline: the first crash shrank ISRs while
        // another replica took over.
        let first_urp = counts.iter().find(|c| c.under_replicated > 0).unwrap();
        let first_offline = counts.iter().find(|c| c.offline > 0).unwrap();
        assert!(first_urp.at_ms < first_offline.at_ms);
        assert_eq!(counts[0].offline, 0);
        // Offline is not under-replicated: no leader reports it (Partition.isUnderReplicated).
        assert!(!steps.last().unwrap().under_replicated());
    }

    #[test]
    fn a_move_is_not_under_replicated_while_its_new_replica_catches_up() {
        // Kafka measures the ISR against the original replicas during a reassignment
        // (OngoingReassignmentState.replicationFactor): a full ISR of the original three is not
        // under-replicated while the fourth, adding, replica copies the log.
        let mut s = session();
        play(&mut s, 5_000);
        let p = s.world.partitions().next().unwrap().clone();
        let newcomer = s
            .world
            .brokers()
            .map(|b| b.id)
            .find(|b| !p.replicas.contains(b))
            .unwrap();
        let mut target = p.replicas.clone();
        target[2] = newcomer;
        s.act(Action::Reassign {
            topic: p.tp.topic.to_string(),
            partition: p.tp.partition,
            replicas: target,
        });
        // Slowly (1.6 ms a frame), until the controller has started the move.
        s.set_speed(0.1);
        let started = |s: &Session| {
            !s.world
                .partitions()
                .next()
                .unwrap()
                .adding_replicas
                .is_empty()
        };
        for _ in 0..1_000 {
            if started(&s) {
                break;
            }
            s.advance(16.0);
        }
        let now = s.world.partitions().next().unwrap().clone();
        assert_eq!(now.adding_replicas, vec![newcomer], "the move is under way");
        assert_eq!(now.replicas.len(), 4);
        let step = *s.metrics.partition_steps(0).last().unwrap();
        assert_eq!((step.isr, step.replication_factor), (3, 3));
        assert!(!step.under_replicated());
        assert_eq!(s.metrics.counts().last().unwrap().under_replicated, 0);
    }
}
