//! The checker: watches the whole world after every step and records what breaks, as data.
//!
//! Cheap structural checks run after every step. Checks that read logs (loss, agreement below
//! the HW) run for a partition whenever its serving replica or leader epoch changed or its log
//! shrank, which are the only ways records can disappear.

use super::broker::{Broker, ReplicaRole};
use super::clients::{Clients, ProduceOutcome};
use super::controller::Controller;
pub use super::invariant::Invariant;
use super::trace::{EventKind, TraceEvent};
use crate::config::Acks;
use crate::ids::NodeId;
use crate::ids::{BrokerId, TopicPartition};
use crate::partition_state::PartitionState;
use crate::sim::log::{RecordHistory, Value};
use crate::vec_map::{VecMap, VecSet};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    pub invariant: Invariant,
    /// The partition the violation is about; `detail` names it too, first.
    pub tp: TopicPartition,
    pub at_ms: u64,
    pub detail: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Checker {
    pub violations: Vec<Violation>,
    /// Values acknowledged to the producer that the partition no longer holds, in loss order.
    pub lost_acked: Vec<(TopicPartition, Value)>,
    /// Values once below a leader's HW that the partition no longer holds.
    pub lost_committed: Vec<(TopicPartition, Value)>,
    /// What the checker saw of each partition's leaders: one map, so the check after every
    /// step looks a leader's partition up once.
    led: VecMap<TopicPartition, Led>,
    leader_epochs: VecMap<TopicPartition, u32>,
    reported: VecSet<(TopicPartition, Value)>,
}

/// What the checker remembers of one partition's leaders.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Led {
    /// The current leader's HW, with who leads and in which epoch.
    high_watermark: Option<(BrokerId, u32, u64)>,
    /// Every committed record (below some leader's HW), while retention keeps it.
    committed: RecordHistory,
}

impl Led {
    /// Record `broker`'s HW as leader in `epoch`; returns its previous HW in that leadership
    /// (0 for a new one).
    fn leader_high_watermark(&mut self, broker: BrokerId, epoch: u32, hw: u64) -> u64 {
        match &mut self.high_watermark {
            Some(last) if last.0 == broker && last.1 == epoch => std::mem::replace(&mut last.2, hw),
            last => {
                *last = Some((broker, epoch, hw));
                0
            }
        }
    }

    /// Remember every record below a leader's HW, for as long as retention keeps it.
    fn track_committed(&mut self, replica: &super::broker::Partition, hw: u64) {
        if self.committed.end() >= hw {
            return;
        }
        self.committed.extend_from(replica.log(), hw);
        self.committed
            .forget_below(replica.log().log_start_offset());
    }
}

impl Checker {
    /// The committed records of `tp` that the checker remembers, if it ever saw a leader.
    fn committed(&self, tp: &TopicPartition) -> Option<&RecordHistory> {
        self.led.get(tp).map(|l| &l.committed)
    }

    pub(crate) fn violate(
        &mut self,
        invariant: Invariant,
        tp: &TopicPartition,
        at_ms: u64,
        detail: String,
        found: &mut Vec<EventKind>,
    ) {
        // One report per distinct problem keeps long runs readable.
        if self
            .violations
            .iter()
            .any(|v| v.invariant == invariant && v.detail == detail)
        {
            return;
        }
        found.push(EventKind::InvariantViolated {
            invariant,
            tp: tp.clone(),
            detail: detail.clone(),
        });
        self.violations.push(Violation {
            invariant,
            tp: tp.clone(),
            at_ms,
            detail,
        });
    }

    /// Check what one step could have changed: the controller's partitions if it ran, the
    /// replicas of the broker that ran (`None`: everything), and the data of every partition
    /// the step's events name — elections, truncations and crashes are the only ways records
    /// disappear, and each of them leaves an event.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn observe(
        &mut self,
        brokers: &VecMap<BrokerId, Broker>,
        controller: &Controller,
        clients: &Clients,
        touched: Option<NodeId>,
        events: &[TraceEvent],
        now_ms: u64,
        found: &mut Vec<EventKind>,
    ) {
        if matches!(touched, None | Some(NodeId::Controller)) {
            for state in controller.partitions.values() {
                self.check_partition_state(state, now_ms, found);
            }
        }
        for broker in brokers.values().filter(|b| b.is_running()) {
            if touched.is_none() || touched == Some(NodeId::Broker(broker.id)) {
                self.check_broker(broker, now_ms, found);
            }
        }
        let mut partitions: VecSet<&TopicPartition> = VecSet::new();
        for event in events {
            // Only these change where a partition's records live: retries, ISR changes and
            // the like cannot lose a record, so they cost no log scans.
            let moves_data = matches!(
                event.kind,
                EventKind::LeaderElected { .. }
                    | EventKind::PartitionOffline { .. }
                    | EventKind::Truncated { .. }
            );
            if let Some(tp) = event.kind.partition().filter(|_| moves_data) {
                partitions.insert(tp);
            }
            if let EventKind::BrokerCrashed { broker, .. } = event.kind {
                if let Some(b) = brokers.get(&broker) {
                    partitions.extend(b.partitions.keys());
                }
            }
        }
        for tp in partitions {
            self.check_partition_data(brokers, controller, clients, tp, now_ms, found);
        }
    }

    fn check_partition_state(
        &mut self,
        state: &PartitionState,
        now_ms: u64,
        found: &mut Vec<EventKind>,
    ) {
        let tp = &state.tp;
        if let Some(leader) = state.leader {
            if !state.isr.contains(&leader) {
                let detail = format!("{tp}: leader {leader} is not in ISR {:?}", ids(&state.isr));
                self.violate(Invariant::LeaderInIsr, tp, now_ms, detail, found);
            }
        }
        if state.isr.iter().any(|b| !state.replicas.contains(b)) {
            let detail = format!(
                "{tp}: ISR {:?} not within replicas {:?}",
                ids(&state.isr),
                ids(&state.replicas)
            );
            self.violate(Invariant::IsrSubsetOfReplicas, tp, now_ms, detail, found);
        }
        // Placement: a broker holds at most one replica of a partition.
        let mut distinct = state.replicas.clone();
        crate::sorting::sort(&mut distinct);
        distinct.dedup();
        if distinct.len() != state.replicas.len() {
            let detail = format!(
                "{tp}: replicas {:?} name a broker twice",
                ids(&state.replicas)
            );
            self.violate(
                Invariant::PlacementDistinctBrokers,
                tp,
                now_ms,
                detail,
                found,
            );
        }
        // KIP-455: during a reassignment the replica set is target ++ removing, and a replica is
        // never both adding and removing.
        let mut moving = state.adding_replicas.iter().chain(&state.removing_replicas);
        let misplaced = moving.any(|b| !state.replicas.contains(b))
            || state
                .adding_replicas
                .iter()
                .any(|b| state.removing_replicas.contains(b));
        if misplaced {
            let detail = format!(
                "{tp}: replicas {:?} with adding {:?} and removing {:?}",
                ids(&state.replicas),
                ids(&state.adding_replicas),
                ids(&state.removing_replicas)
            );
            self.violate(Invariant::ReassignmentReplicaSet, tp, now_ms, detail, found);
        }
        let last = self
            .leader_epochs
            .get(tp)
            .copied()
            .unwrap_or(state.leader_epoch);
        if state.leader_epoch < last {
            let detail = format!(
                "{tp}: leader epoch went from {last} to {}",
                state.leader_epoch
            );
            self.violate(Invariant::EpochsIncrease, tp, now_ms, detail, found);
        } else if last != state.leader_epoch || !self.leader_epochs.contains_key(tp) {
            self.leader_epochs.insert(tp.clone(), state.leader_epoch);
        }
    }

    fn check_broker(&mut self, broker: &Broker, now_ms: u64, found: &mut Vec<EventKind>) {
        for (tp, replica) in &broker.partitions {
            let hw = replica.high_watermark();
            let leo = replica.log().log_end_offset();
            if hw > leo {
                let detail = format!("{tp}: broker {} has HW {hw} above LEO {leo}", broker.id);
                self.violate(Invariant::HwLeLeo, tp, now_ms, detail, found);
            }
            if broker.role_of(replica) != ReplicaRole::Leader {
                continue;
            }
            let epoch = replica.leader_epoch().unwrap_or(0);
            if !self.led.contains_key(tp) {
                self.led.insert(tp.clone(), Led::default());
            }
            let Some(led) = self.led.get_mut(tp) else {
                continue;
            };
            let previous = led.leader_high_watermark(broker.id, epoch, hw);
            led.track_committed(replica, hw);
            if hw < previous {
                let detail = format!("{tp}: leader {} HW went from {previous} to {hw}", broker.id);
                self.violate(Invariant::LeaderHwMonotonic, tp, now_ms, detail, found);
            }
        }
    }

    /// An acknowledgement names an offset: some replica must hold the record there right now
    /// (a broken promise here would be a simulator bug, not a Kafka behaviour).
    pub(crate) fn verify_acks(
        &mut self,
        brokers: &VecMap<BrokerId, Broker>,
        clients: &Clients,
        acked: &[u32],
        now_ms: u64,
        found: &mut Vec<EventKind>,
    ) {
        // The replica that held the previous record: records acknowledged together are
        // neighbours in one partition, so it is asked first.
        let mut last_holder: Option<(&TopicPartition, &super::broker::Partition)> = None;
        for &index in acked {
            let Some(record) = clients.records.get(index) else {
                continue;
            };
            let Some(offset) = record.offset else {
                continue;
            };
            let holds = |r: &super::broker::Partition| {
                offset < r.log().log_start_offset()
                    || r.log().value_at(offset).is_some_and(|v| *v == record.value)
            };
            let holder = last_holder
                .filter(|(tp, r)| **tp == record.tp && holds(r))
                .or_else(|| {
                    brokers
                        .values()
                        .filter_map(|b| b.partitions.get_key_value(&record.tp))
                        .find(|(_, r)| holds(r))
                });
            let held = holder.is_some();
            last_holder = holder.or(last_holder);
            // An acknowledgement can be on the wire while the only copy loses power: that is
            // Kafka's behaviour (the loss checks report it), not a broken promise.
            let power_lost = || {
                brokers
                    .values()
                    .any(|b| b.lost_power() && b.partitions.contains_key(&record.tp))
            };
            if !held && !power_lost() {
                let detail = format!(
                    "{}: {} acknowledged at offset {offset}, which no replica holds",
                    record.tp, record.value
                );
                self.violate(
                    Invariant::AckedOffsetHoldsValue,
                    &record.tp,
                    now_ms,
                    detail,
                    found,
                );
            }
        }
    }

    /// The values a partition holds: its leader's log, or any replica's while it has no leader.
    fn held_values(
        brokers: &VecMap<BrokerId, Broker>,
        controller: &Controller,
        tp: &TopicPartition,
    ) -> Option<(VecSet<Value>, u64)> {
        let state = controller.partitions.get(tp)?;
        // A leader whose process is down serves nothing: until the controller notices, the
        // partition holds whatever any replica's disk holds.
        let live_leader = state
            .leader
            .filter(|l| brokers.get(l).is_some_and(Broker::is_running));
        let holders: Vec<BrokerId> = match live_leader {
            Some(leader) => vec![leader],
            None => state.replicas.clone(),
        };
        let mut values = Vec::new();
        // Offsets below the largest log start were deleted by retention somewhere: they are
        // gone by design, not lost.
        let mut log_start = 0;
        for b in holders {
            if let Some(replica) = brokers.get(&b).and_then(|x| x.partitions.get(tp)) {
                log_start = log_start.max(replica.log().log_start_offset());
                values.extend(
                    replica
                        .log()
                        .records_from(0, u64::MAX)
                        .into_iter()
                        .map(|r| r.value),
                );
            }
        }
        // Sorted once: inserting a log's values one by one would shift the set each time.
        Some((VecSet::from_vec(values), log_start))
    }

    fn check_partition_data(
        &mut self,
        brokers: &VecMap<BrokerId, Broker>,
        controller: &Controller,
        clients: &Clients,
        tp: &TopicPartition,
        now_ms: u64,
        found: &mut Vec<EventKind>,
    ) {
        let Some((held, log_start)) = Self::held_values(brokers, controller, tp) else {
            return;
        };
        let committed: Vec<(u64, Value)> = self
            .committed(tp)
            .map(|c| {
                c.records_from(log_start)
                    .map(|(o, v)| (o, v.clone()))
                    .collect()
            })
            .unwrap_or_default();
        let newly_lost_committed: Vec<Value> = committed
            .iter()
            .filter(|(_, v)| !held.contains(v))
            .map(|(_, v)| v.clone())
            .collect();
        let mut newly_lost_acked = Vec::new();
        let mut acks_all_lost = Vec::new();
        for record in clients
            .records
            .iter()
            .filter(|r| &r.tp == tp && r.outcome == ProduceOutcome::Acked)
        {
            if record.offset.is_some_and(|o| o >= log_start) && !held.contains(&record.value) {
                newly_lost_acked.push(record.value.clone());
                if record.acks == Acks::All {
                    acks_all_lost.push(record.value.clone());
                }
            }
        }
        self.report_loss(tp, newly_lost_committed, false, now_ms, found);
        self.report_loss(tp, newly_lost_acked, true, now_ms, found);
        for value in acks_all_lost {
            self.violate(
                Invariant::AcksAllDurable,
                tp,
                now_ms,
                format!("{tp}: {value} was acknowledged with acks=all and is gone"),
                found,
            );
        }
        self.check_agreement(brokers, controller, tp, now_ms, found);
    }

    fn report_loss(
        &mut self,
        tp: &TopicPartition,
        values: Vec<Value>,
        acknowledged: bool,
        now_ms: u64,
        found: &mut Vec<EventKind>,
    ) {
        let mut fresh = Vec::new();
        for value in values {
            let list = if acknowledged {
                &mut self.lost_acked
            } else {
                &mut self.lost_committed
            };
            if !list.iter().any(|(t, v)| t == tp && v == &value) {
                list.push((tp.clone(), value.clone()));
                fresh.push(value);
            }
        }
        if fresh.is_empty() {
            return;
        }
        let names: Vec<String> = fresh.iter().map(|v| v.to_string()).collect();
        if !acknowledged {
            self.violate(
                Invariant::NoCommittedDataLoss,
                tp,
                now_ms,
                format!("{tp}: committed {} gone", names.join(", ")),
                found,
            );
        }
        for v in &fresh {
            self.reported.insert((tp.clone(), v.clone()));
        }
        found.push(EventKind::DataLost {
            tp: tp.clone(),
            values: names,
            acknowledged,
        });
    }

    /// Replicas must agree on every offset below both their HWs, and every running ISR/ELR
    /// member must hold every committed record.
    fn check_agreement(
        &mut self,
        brokers: &VecMap<BrokerId, Broker>,
        controller: &Controller,
        tp: &TopicPartition,
        now_ms: u64,
        found: &mut Vec<EventKind>,
    ) {
        let Some(state) = controller.partitions.get(tp) else {
            return;
        };
        if let Some(detail) = disagreement(brokers, tp, &state.replicas) {
            self.violate(Invariant::ReplicasAgreeBelowHw, tp, now_ms, detail, found);
        }
        let committed_end = self.committed(tp).map_or(0, RecordHistory::end);
        for b in state.isr.iter().chain(&state.elr) {
            let Some(replica) = brokers
                .get(b)
                .filter(|x| x.is_running())
                .and_then(|x| x.partitions.get(tp))
            else {
                continue;
            };
            let from = replica.log().log_start_offset();
            let missing = self
                .committed(tp)
                .into_iter()
                .flat_map(|c| c.records_from(from))
                .take_while(|(o, _)| *o < committed_end)
                .find(|(o, v)| {
                    replica
                        .log()
                        .records_from(*o, *o + 1)
                        .first()
                        .is_none_or(|r| &r.value != *v)
                });
            if let Some((offset, value)) = missing {
                let detail =
                    format!("{tp}: in-sync broker {b} lacks committed {value} at offset {offset}");
                self.violate(Invariant::IsrHoldsCommittedData, tp, now_ms, detail, found);
            }
        }
    }
}

/// The first offset where two replicas' logs differ below both of their HWs, described.
pub(crate) fn disagreement(
    brokers: &VecMap<BrokerId, Broker>,
    tp: &TopicPartition,
    replicas: &[BrokerId],
) -> Option<String> {
    let logs: Vec<(BrokerId, &super::broker::Partition)> = replicas
        .iter()
        .filter_map(|b| {
            brokers
                .get(b)
                .and_then(|x| x.partitions.get(tp))
                .map(|r| (*b, r))
        })
        .collect();
    for (i, (a, ra)) in logs.iter().enumerate() {
        for (b, rb) in &logs[i + 1..] {
            let from = ra.log().log_start_offset().max(rb.log().log_start_offset());
            let to = ra.high_watermark().min(rb.high_watermark());
            if from >= to {
                continue;
            }
            let left = ra.log().iter_records(from, to);
            let right = rb.log().iter_records(from, to);
            if let Some((x, y)) = left.zip(right).find(|(x, y)| x.2 != y.2 || x.1 != y.1) {
                return Some(format!(
                    "{tp}: brokers {a} and {b} differ at offset {} ({} vs {}) below their HWs",
                    x.0, x.2, y.2
                ));
            }
        }
    }
    None
}

fn ids(v: &[BrokerId]) -> Vec<u32> {
    v.iter().map(|b| b.0).collect()
}

mod not_enough_replicas;
pub(crate) use not_enough_replicas::expectation as not_enough_replicas_expected;

#[cfg(test)]
mod tests;
