//! The controller's partition changes: elections asked for or due, AlterPartition requests,
//! KIP-455 moves, and every change applied by Kafka's rules (`rules::partition_change`,
//! `rules::reassignment`), recorded as events and published to the brokers.

use super::{Controller, Election};
use crate::ids::{BrokerId, NodeId, TopicPartition};
use crate::partition_state::PartitionState;
use crate::rules::election::{election_needed, ElectionKind, ElectionType};
use crate::rules::isr::{isr_change, IsrChange};
use crate::rules::leader_balance::{lacks_preferred_leader, partitions_to_rebalance};
use crate::rules::partition_change::{change_partition, ChangeRules};
use crate::rules::reassignment::{complete_reassignment, start_reassignment, without};
use crate::sim::protocol::Message;
use crate::sim::trace::{EventKind, ReassignmentChange};
use crate::sim::{Ctx, Outbox};

impl Controller {
    pub(crate) fn elect_where_leaderless(&mut self, ctx: &Ctx, out: &mut Outbox) {
        let leaderless: Vec<TopicPartition> = self
            .partitions
            .values()
            .filter(|p| p.leader.is_none())
            .map(|p| p.tp.clone())
            .collect();
        for tp in leaderless {
            let isr = self.partitions[&tp].isr.clone();
            self.change(ctx, out, &tp, isr, Election::Normal, false);
        }
    }

    /// KIP-966: any change of min.insync.replicas (cluster-wide, or for `topic`) cleans the ELR,
    /// since eligibility was judged against the old value.
    pub(crate) fn clear_elr(&mut self, ctx: &Ctx, out: &mut Outbox, topic: Option<&str>) {
        let affected: Vec<TopicPartition> = self
            .partitions
            .values()
            .filter(|p| !p.elr.is_empty() && topic.is_none_or(|t| *p.tp.topic == *t))
            .map(|p| p.tp.clone())
            .collect();
        for tp in affected {
            let Some(mut state) = self.partitions.get(&tp).cloned() else {
                continue;
            };
            state.elr.clear();
            state.partition_epoch += 1;
            out.events.push(EventKind::ElrChanged {
                tp: tp.clone(),
                elr: Vec::new(),
            });
            self.partitions.insert(tp, state.clone());
            self.publish(ctx, out, state);
        }
    }

    /// Preferred leader election for the given partitions (`kafka-leader-election.sh --election-type PREFERRED`).
    pub(crate) fn elect_preferred(
        &mut self,
        ctx: &Ctx,
        out: &mut Outbox,
        partitions: &[TopicPartition],
    ) {
        for tp in partitions {
            if let Some(p) = self.partitions.get(tp) {
                let isr = p.isr.clone();
                self.change(ctx, out, tp, isr, Election::Preferred, false);
            }
        }
    }

    /// Unclean leader election for the given partitions that have no leader
    /// (`kafka-leader-election.sh --election-type UNCLEAN`, `ReplicationControlManager
    /// .electLeader`): the ISR, the ELR and the last known leader first, then any live replica,
    /// whatever the topic's `unclean.leader.election.enable` says. A partition with a leader
    /// needs no election (ELECTION_NOT_NEEDED).
    pub(crate) fn elect_unclean(
        &mut self,
        ctx: &Ctx,
        out: &mut Outbox,
        partitions: &[TopicPartition],
    ) {
        for tp in partitions {
            let needed =
                |p: &&PartitionState| election_needed(ElectionType::Unclean, p.leader, &p.replicas);
            if let Some(p) = self.partitions.get(tp).filter(needed) {
                let isr = p.isr.clone();
                self.change(ctx, out, tp, isr, Election::Unclean, false);
            }
        }
    }

    /// `auto.leader.rebalance.enable`: a preferred election for the partitions
    /// [`partitions_to_rebalance`] picks (every imbalanced one in KRaft; in ZooKeeper mode those
    /// of brokers above `leader.imbalance.per.broker.percentage`).
    pub(super) fn rebalance_leaders(&mut self, ctx: &Ctx, out: &mut Outbox) {
        let all: Vec<(&[BrokerId], Option<BrokerId>)> = self
            .partitions
            .values()
            .map(|p| (p.replicas.as_slice(), p.leader))
            .collect();
        let picked = partitions_to_rebalance(ctx.profile.is_zookeeper(), &all);
        let tps: Vec<TopicPartition> = self
            .partitions
            .values()
            .enumerate()
            .filter(|(i, _)| picked.contains(i))
            .map(|(_, p)| p.tp.clone())
            .collect();
        self.elect_preferred(ctx, out, &tps);
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn alter_partition(
        &mut self,
        ctx: &Ctx,
        out: &mut Outbox,
        leader: BrokerId,
        tp: &TopicPartition,
        leader_epoch: u32,
        partition_epoch: u32,
        new_isr: Vec<BrokerId>,
    ) -> Option<PartitionState> {
        let state = self.partitions.get(tp)?;
        let stale = state.leader != Some(leader)
            || state.leader_epoch != leader_epoch
            || state.partition_epoch != partition_epoch;
        let invalid =
            !new_isr.contains(&leader) || new_isr.iter().any(|b| !state.replicas.contains(b));
        // KRaft refuses to add a fenced or shutting-down broker (INELIGIBLE_REPLICA).
        let ineligible = !ctx.profile.is_zookeeper()
            && new_isr
                .iter()
                .any(|&b| !state.isr.contains(&b) && !self.is_acceptable(b));
        if stale || invalid || ineligible {
            return None;
        }
        self.change(ctx, out, tp, new_isr, Election::Normal, false);
        self.maybe_complete_reassignment(ctx, out, tp);
        self.partitions.get(tp).cloned()
    }

    /// KIP-455: start moving a partition to `target`. The replica set becomes target ++ the
    /// replicas being removed; adding replicas fetch from the leader and join the ISR, and the
    /// move completes only when every target replica is in the ISR. A new target for a partition
    /// already moving replaces the old one (its adding replicas that are not in the new target
    /// are dropped).
    pub(crate) fn reassign(
        &mut self,
        ctx: &Ctx,
        out: &mut Outbox,
        tp: &TopicPartition,
        target: &[BrokerId],
    ) {
        let Some(old) = self.partitions.get(tp).cloned() else {
            return;
        };
        let Some(new) = start_reassignment(ctx.profile.is_zookeeper(), &old, target) else {
            return;
        };
        out.events.push(EventKind::ReassignmentStarted {
            tp: tp.clone(),
            target: target.to_vec(),
            adding: new.adding_replicas.clone(),
            removing: new.removing_replicas.clone(),
            change: reassignment_change(&old, &new, target),
        });
        let leader_stays = new.leader.is_some_and(|l| new.isr.contains(&l));
        let isr = new.isr.clone();
        self.partitions.insert(tp.clone(), new.clone());
        self.publish(ctx, out, new);
        if !leader_stays {
            // A cancelled move whose leader was one of the replicas it added.
            self.change(ctx, out, tp, isr, Election::Normal, true);
        }
        self.maybe_complete_reassignment(ctx, out, tp);
    }

    /// Finish a reassignment once every target replica is in the ISR: the removed replicas
    /// leave, leadership moves into the target set if it must, and the leader epoch is bumped so
    /// the removed replicas are fenced.
    pub(super) fn maybe_complete_reassignment(
        &mut self,
        ctx: &Ctx,
        out: &mut Outbox,
        tp: &TopicPartition,
    ) {
        let Some(old) = self.partitions.get(tp).cloned() else {
            return;
        };
        let zookeeper = ctx.profile.is_zookeeper();
        let elr_enabled = ctx.profile.elr_enabled();
        let acceptable = |b: BrokerId| self.is_acceptable(b);
        let Some((new, election)) = complete_reassignment(zookeeper, elr_enabled, &old, acceptable)
        else {
            return;
        };
        out.events.push(EventKind::ReassignmentCompleted {
            tp: tp.clone(),
            replicas: new.replicas.clone(),
        });
        self.record_events(out, &old, &new, election);
        self.partitions.insert(tp.clone(), new.clone());
        self.publish(ctx, out, new);
    }

    /// Apply a new ISR to a partition, keeping ELR and leadership consistent with it (Kafka's
    /// `PartitionChangeBuilder`), then publish the change if anything changed.
    pub(super) fn change(
        &mut self,
        ctx: &Ctx,
        out: &mut Outbox,
        tp: &TopicPartition,
        isr: Vec<BrokerId>,
        election: Election,
        controller_driven: bool,
    ) {
        self.change_excluding(ctx, out, tp, isr, election, controller_driven, None);
    }

    /// `change`, also keeping `unclean_shutdown` out of the ELR (Kafka's
    /// uncleanShutdownReplicas: a broker back from an unclean shutdown is no longer eligible).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn change_excluding(
        &mut self,
        ctx: &Ctx,
        out: &mut Outbox,
        tp: &TopicPartition,
        isr: Vec<BrokerId>,
        election: Election,
        controller_driven: bool,
        unclean_shutdown: Option<BrokerId>,
    ) {
        let Some(old) = self.partitions.get(tp).cloned() else {
            return;
        };
        let config = ctx.topic(&tp.topic);
        let rules = ChangeRules {
            min_isr: config.effective_min_insync_replicas(old.replicas.len() as u32, ctx.profile)
                as usize,
            elr_enabled: ctx.profile.elr_enabled(),
            unclean: config.unclean_leader_election_enable || election == Election::Unclean,
            preferred: election == Election::Preferred,
            bump_epoch_on_isr_change: controller_driven && ctx.profile.bumps_epoch_on_isr_change(),
            unclean_shutdown,
        };
        let acceptable = |b: BrokerId| self.is_acceptable(b);
        let Some(change) = change_partition(&old, isr, &rules, acceptable) else {
            return;
        };
        self.record_events(out, &old, &change.state, change.election);
        self.partitions.insert(tp.clone(), change.state.clone());
        self.publish(ctx, out, change.state);
    }

    pub(super) fn record_events(
        &self,
        out: &mut Outbox,
        old: &PartitionState,
        new: &PartitionState,
        kind: Option<ElectionKind>,
    ) {
        let tp = new.tp.clone();
        let set_by_election = kind.is_some_and(ElectionKind::sets_isr);
        match isr_change(&old.isr, &new.isr, set_by_election) {
            IsrChange::Unchanged => {}
            IsrChange::Shrunk { removed } => out.events.push(EventKind::IsrShrunk {
                tp: tp.clone(),
                isr: new.isr.clone(),
                removed,
            }),
            IsrChange::Expanded { added } => out.events.push(EventKind::IsrExpanded {
                tp: tp.clone(),
                isr: new.isr.clone(),
                added,
            }),
            IsrChange::Replaced { removed, added } => out.events.push(EventKind::IsrChanged {
                tp: tp.clone(),
                isr: new.isr.clone(),
                removed,
                added,
            }),
        }
        if new.elr != old.elr {
            out.events.push(EventKind::ElrChanged {
                tp: tp.clone(),
                elr: new.elr.clone(),
            });
        }
        if new.leader != old.leader {
            match (new.leader, kind) {
                (Some(leader), Some(election)) => out.events.push(EventKind::LeaderElected {
                    tp,
                    leader,
                    leader_epoch: new.leader_epoch,
                    election,
                }),
                _ => out.events.push(EventKind::PartitionOffline {
                    tp,
                    leader_epoch: new.leader_epoch,
                }),
            }
        }
    }

    /// Send a partition change to every registered broker (KRaft brokers replay the metadata
    /// log; a broker that misses one catches up from its next heartbeat).
    pub(super) fn publish(&mut self, ctx: &Ctx, out: &mut Outbox, state: PartitionState) {
        // Imbalance appears only with a write like this one, so looking at this partition is
        // enough to schedule the KRaft check (a check rescans them all).
        if lacks_preferred_leader(&state.replicas, state.leader) {
            self.maybe_schedule_balance_check(ctx, out);
        }
        if state.leader.is_none() {
            self.maybe_schedule_unclean_check(ctx, out);
        }
        self.metadata_version += 1;
        for (&broker, entry) in &self.brokers {
            if entry.registered {
                out.sends.push((
                    NodeId::Broker(broker),
                    Message::PartitionChange {
                        state: state.clone(),
                        version: self.metadata_version,
                        broker_epoch: entry.broker_epoch,
                    },
                ));
            }
        }
    }
}

/// What a new target does to the reassignment in progress, for the event log.
fn reassignment_change(
    old: &PartitionState,
    new: &PartitionState,
    target: &[BrokerId],
) -> ReassignmentChange {
    let in_progress = !old.adding_replicas.is_empty() || !old.removing_replicas.is_empty();
    if !in_progress {
        let moves = !new.adding_replicas.is_empty() || !new.removing_replicas.is_empty();
        return if moves {
            ReassignmentChange::Started
        } else {
            ReassignmentChange::Reordered
        };
    }
    let previous = without(&old.replicas, &old.removing_replicas);
    let original = without(&old.replicas, &old.adding_replicas);
    if target == original.as_slice() {
        ReassignmentChange::Cancelled { previous }
    } else {
        ReassignmentChange::Replaced { previous }
    }
}
