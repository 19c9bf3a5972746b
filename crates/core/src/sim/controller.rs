//! The controller (one logical node: a KRaft quorum, or ZooKeeper plus the controller broker).
//!
//! It registers brokers from their heartbeats, fences those whose session expires, changes
//! partitions by Kafka's rules (ISR, ELR and leader in [`crate::rules::partition_change`], KIP-455
//! moves in [`crate::rules::reassignment`]), applies AlterPartition requests and publishes every
//! partition change to the brokers.

use super::trace::{EventKind, ReassignmentChange};
use super::{Ctx, Outbox, Timer};
use crate::config::Profile;
use crate::ids::{BrokerId, NodeId, TopicPartition};
use crate::protocol::{Message, PartitionState};
use crate::rules::election::{election_needed, ElectionKind, ElectionType};
use crate::rules::isr::{isr_change, IsrChange};
use crate::rules::leader_balance::{lacks_preferred_leader, partitions_to_rebalance};
use crate::rules::partition_change::{change_partition, ChangeRules};
use crate::rules::unclean_election;
use crate::vec_map::VecMap;

/// The ZooKeeper controller's first imbalance check, after it starts (`KafkaController
/// .onControllerFailover`).
const ZK_FIRST_IMBALANCE_CHECK_MS: u64 = 5_000;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RegisteredBroker {
    pub registered: bool,
    pub fenced: bool,
    pub broker_epoch: u32,
    pub last_heartbeat_ms: u64,
    pub shutting_down: bool,
    /// The metadata version a broker must have applied before it is unfenced: KRaft unfences a
    /// (re)registered broker only once it has caught up on metadata.
    pub caught_up_at_version: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Controller {
    pub brokers: VecMap<BrokerId, RegisteredBroker>,
    pub partitions: VecMap<TopicPartition, PartitionState>,
    pub metadata_version: u64,
    /// KRaft: an auto leader rebalance check is scheduled (Kafka's `imbalancedScheduled`).
    balance_check_scheduled: bool,
    /// KRaft: when the scheduled unclean leader election scan runs (Kafka's `uncleanScheduled`).
    unclean_scan_at_ms: Option<u64>,
}

/// What a partition change should do about leadership.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Election {
    /// Keep the leader if it may stay; otherwise elect.
    Normal,
    /// Move leadership to the first replica if it may lead.
    Preferred,
    /// Elect a leader even outside the ISR, whatever `unclean.leader.election.enable` says
    /// (`kafka-leader-election.sh --election-type UNCLEAN`).
    Unclean,
}

impl Controller {
    pub(crate) fn start(&mut self, ctx: &Ctx, out: &mut Outbox) {
        // Every registered broker must heartbeat within a session timeout from the start.
        for &broker in self.brokers.keys() {
            out.timers.push((
                ctx.now_ms + ctx.session_timeout_ms(),
                Timer::SessionCheck { broker },
            ));
        }
        if ctx.profile.is_zookeeper() {
            // `KafkaController.onControllerFailover`: the first check 5 s after the controller
            // starts, then one every interval.
            out.timers.push((
                ctx.now_ms + ZK_FIRST_IMBALANCE_CHECK_MS,
                Timer::ImbalanceCheck,
            ));
        } else {
            self.maybe_schedule_balance_check(ctx, out);
            self.maybe_schedule_unclean_check(ctx, out);
        }
    }

    /// KRaft (Kafka 3.9+): the periodic unclean-election scan, scheduled after a write while
    /// some partition has no leader ([`unclean_election::next_scan_ms`]). So enabling
    /// `unclean.leader.election.enable` at run time takes effect at the next scan, not at once
    /// as in ZooKeeper mode.
    fn maybe_schedule_unclean_check(&mut self, ctx: &Ctx, out: &mut Outbox) {
        if ctx.profile.is_zookeeper() {
            return;
        }
        let leaderless = self.partitions.values().any(|p| p.leader.is_none());
        if let Some(at_ms) = unclean_election::next_scan_ms(
            ctx.now_ms,
            ctx.config.unclean_leader_election_interval_ms,
            self.unclean_scan_at_ms.is_some(),
            leaderless,
        ) {
            self.unclean_scan_at_ms = Some(at_ms);
            out.timers.push((at_ms, Timer::UncleanElectionCheck));
        }
    }

    /// When the KRaft controller's next unclean leader election scan runs, if one is scheduled.
    pub fn unclean_scan_at_ms(&self) -> Option<u64> {
        self.unclean_scan_at_ms
    }

    /// `leader.imbalance.check.interval.seconds` in ms.
    fn imbalance_check_interval_ms(ctx: &Ctx) -> u64 {
        ctx.config
            .leader_imbalance_check_interval_seconds
            .saturating_mul(1000)
            .max(1)
    }

    /// KRaft (`QuorumController.maybeScheduleNextBalancePartitionLeaders`, run after every
    /// metadata write): while auto rebalance is on and some partition is not led by its
    /// preferred replica, a check is scheduled one interval from now, unless one already is.
    fn maybe_schedule_balance_check(&mut self, ctx: &Ctx, out: &mut Outbox) {
        if ctx.profile.is_zookeeper()
            || self.balance_check_scheduled
            || !ctx.config.auto_leader_rebalance_enable
        {
            return;
        }
        let imbalanced = self
            .partitions
            .values()
            .any(|p| lacks_preferred_leader(&p.replicas, p.leader));
        if imbalanced {
            self.balance_check_scheduled = true;
            out.timers.push((
                ctx.now_ms + Self::imbalance_check_interval_ms(ctx),
                Timer::ImbalanceCheck,
            ));
        }
    }

    /// May `broker` lead or join an ISR right now?
    pub fn is_acceptable(&self, broker: BrokerId) -> bool {
        self.brokers
            .get(&broker)
            .is_some_and(|b| b.registered && !b.fenced && !b.shutting_down)
    }

    pub(crate) fn handle(&mut self, ctx: &Ctx, out: &mut Outbox, from: NodeId, message: Message) {
        let NodeId::Broker(broker) = from else { return };
        match message {
            Message::BrokerHeartbeat {
                broker_epoch,
                want_shutdown,
                metadata_version,
                unclean_restart,
            } => {
                self.handle_heartbeat(
                    ctx,
                    out,
                    broker,
                    broker_epoch,
                    want_shutdown,
                    metadata_version,
                    unclean_restart,
                );
            }
            Message::AlterPartition {
                tp,
                leader_epoch,
                partition_epoch,
                new_isr,
            } => {
                let state = self.alter_partition(
                    ctx,
                    out,
                    broker,
                    &tp,
                    leader_epoch,
                    partition_epoch,
                    new_isr,
                );
                out.sends
                    .push((from, Message::AlterPartitionResponse { tp, state }));
            }
            _ => {}
        }
    }

    pub(crate) fn handle_timer(&mut self, ctx: &Ctx, out: &mut Outbox, timer: Timer) {
        match timer {
            Timer::SessionCheck { broker } => {
                let expired = self.brokers.get(&broker).is_some_and(|b| {
                    b.registered
                        && !b.fenced
                        && ctx.now_ms.saturating_sub(b.last_heartbeat_ms)
                            >= ctx.session_timeout_ms()
                });
                if expired {
                    self.fence(ctx, out, broker);
                }
            }
            Timer::UncleanElectionCheck => {
                self.unclean_scan_at_ms = None;
                let leaderless: Vec<TopicPartition> = self
                    .partitions
                    .values()
                    .filter(|p| {
                        p.leader.is_none() && ctx.topic(&p.tp.topic).unclean_leader_election_enable
                    })
                    .map(|p| p.tp.clone())
                    .collect();
                for tp in leaderless {
                    let isr = self.partitions[&tp].isr.clone();
                    self.change(ctx, out, &tp, isr, Election::Normal, false);
                }
                self.maybe_schedule_unclean_check(ctx, out);
            }
            Timer::ImbalanceCheck => {
                self.balance_check_scheduled = false;
                if ctx.config.auto_leader_rebalance_enable {
                    self.rebalance_leaders(ctx, out);
                }
                if ctx.profile.is_zookeeper() {
                    out.timers.push((
                        ctx.now_ms + Self::imbalance_check_interval_ms(ctx),
                        Timer::ImbalanceCheck,
                    ));
                } else {
                    self.maybe_schedule_balance_check(ctx, out);
                }
            }
            _ => {}
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn handle_heartbeat(
        &mut self,
        ctx: &Ctx,
        out: &mut Outbox,
        broker: BrokerId,
        broker_epoch: u32,
        want_shutdown: bool,
        metadata_version: u64,
        unclean_restart: bool,
    ) {
        let new_registration = self
            .brokers
            .get(&broker)
            .is_none_or(|b| !b.registered || b.broker_epoch != broker_epoch);
        if new_registration {
            self.register(ctx, out, broker, broker_epoch, unclean_restart);
        }
        let entry = self.brokers.entry(broker).or_default();
        entry.last_heartbeat_ms = ctx.now_ms;
        out.timers.push((
            ctx.now_ms + ctx.session_timeout_ms(),
            Timer::SessionCheck { broker },
        ));
        if metadata_version < self.metadata_version || new_registration {
            out.sends.push((
                NodeId::Broker(broker),
                Message::MetadataSnapshot {
                    partitions: self.partitions.values().cloned().collect(),
                    version: self.metadata_version,
                    broker_epoch,
                },
            ));
        }
        let shutdown_ready = if want_shutdown {
            self.prepare_shutdown(ctx, out, broker)
        } else {
            self.maybe_unfence(ctx, out, broker, metadata_version, new_registration);
            false
        };
        let fenced = self.brokers.get(&broker).is_none_or(|b| b.fenced);
        out.sends.push((
            NodeId::Broker(broker),
            Message::BrokerHeartbeatResponse {
                fenced,
                shutdown_ready,
            },
        ));
    }

    /// A heartbeat with a new broker epoch: the new incarnation registers, fenced until it has
    /// caught up on metadata.
    fn register(
        &mut self,
        ctx: &Ctx,
        out: &mut Outbox,
        broker: BrokerId,
        broker_epoch: u32,
        unclean_restart: bool,
    ) {
        let entry = self.brokers.entry(broker).or_default();
        let was_unfenced = entry.registered && !entry.fenced;
        *entry = RegisteredBroker {
            registered: true,
            fenced: true,
            broker_epoch,
            last_heartbeat_ms: ctx.now_ms,
            shutting_down: false,
            caught_up_at_version: self.metadata_version,
        };
        if was_unfenced && ctx.profile != Profile::HwTruncation {
            // A new incarnation replaces the old one, which is treated as failed first:
            // KRaft fences it; ZooKeeper-mode Kafka since 2.2 (KIP-380's broker epochs,
            // fixing KAFKA-1120) handles a bounced broker as failure then startup. Before
            // that, the controller missed a quick bounce and the broker kept its ISR places,
            // which is what KIP-101's first scenario relies on.
            out.events.push(EventKind::BrokerReregistered { broker });
            self.remove_from_partitions(ctx, out, broker);
        } else if was_unfenced {
            // Before 0.11 a bounced follower kept its ISR place, but the partitions it led
            // still got a new leader: it restarts without its in-memory state.
            let led: Vec<TopicPartition> = self
                .partitions
                .values()
                .filter(|p| p.leader == Some(broker))
                .map(|p| p.tp.clone())
                .collect();
            for tp in led {
                let isr = self.partitions[&tp].isr.clone();
                self.change(ctx, out, &tp, isr, Election::Normal, true);
            }
        }
        if unclean_restart && ctx.profile.elr_enabled() {
            self.forget_after_unclean_shutdown(ctx, out, broker);
        }
    }

    /// A controlled shutdown asked for in a heartbeat: the broker leaves the ISRs and its
    /// leaderships move; it may stop once it leads nothing, and is then fenced.
    fn prepare_shutdown(&mut self, ctx: &Ctx, out: &mut Outbox, broker: BrokerId) -> bool {
        let entry = self.brokers.entry(broker).or_default();
        if !entry.shutting_down {
            entry.shutting_down = true;
            self.remove_from_partitions(ctx, out, broker);
        }
        let ready = !self.partitions.values().any(|p| p.leader == Some(broker));
        if ready {
            self.brokers.entry(broker).or_default().fenced = true;
        }
        ready
    }

    /// Unfence a fenced broker: at once under ZooKeeper, in KRaft once it has applied the
    /// metadata published up to its registration.
    fn maybe_unfence(
        &mut self,
        ctx: &Ctx,
        out: &mut Outbox,
        broker: BrokerId,
        metadata_version: u64,
        new_registration: bool,
    ) {
        let entry = self.brokers.entry(broker).or_default();
        let caught_up = ctx.profile.is_zookeeper()
            || (metadata_version >= entry.caught_up_at_version && !new_registration);
        if entry.fenced && caught_up {
            entry.fenced = false;
            out.events.push(EventKind::BrokerUnfenced { broker });
            self.elect_where_leaderless(ctx, out);
        }
    }

    fn fence(&mut self, ctx: &Ctx, out: &mut Outbox, broker: BrokerId) {
        if let Some(entry) = self.brokers.get_mut(&broker) {
            entry.fenced = true;
        }
        out.events.push(EventKind::BrokerFenced { broker });
        self.remove_from_partitions(ctx, out, broker);
    }

    /// Take `broker` out of every ISR (never emptying it without ELR) and move its leaderships.
    fn remove_from_partitions(&mut self, ctx: &Ctx, out: &mut Outbox, broker: BrokerId) {
        let affected: Vec<TopicPartition> = self
            .partitions
            .values()
            .filter(|p| p.isr.contains(&broker) || p.leader == Some(broker))
            .map(|p| p.tp.clone())
            .collect();
        for tp in affected {
            let isr: Vec<BrokerId> = self.partitions[&tp]
                .isr
                .iter()
                .copied()
                .filter(|&b| b != broker)
                .collect();
            self.change(ctx, out, &tp, isr, Election::Normal, true);
        }
    }

    /// KIP-966: a broker back from an unclean shutdown may have lost its unflushed tail, so it is
    /// no longer eligible: out of the ISR and the ELR.
    fn forget_after_unclean_shutdown(&mut self, ctx: &Ctx, out: &mut Outbox, broker: BrokerId) {
        let affected: Vec<TopicPartition> = self
            .partitions
            .values()
            .filter(|p| p.isr.contains(&broker) || p.elr.contains(&broker))
            .map(|p| p.tp.clone())
            .collect();
        for tp in affected {
            let isr = without(&self.partitions[&tp].isr, &[broker]);
            self.change_excluding(ctx, out, &tp, isr, Election::Normal, true, Some(broker));
        }
    }

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
    fn rebalance_leaders(&mut self, ctx: &Ctx, out: &mut Outbox) {
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
    fn alter_partition(
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
    fn maybe_complete_reassignment(&mut self, ctx: &Ctx, out: &mut Outbox, tp: &TopicPartition) {
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
    fn change(
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
    fn change_excluding(
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

    fn record_events(
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
    fn publish(&mut self, ctx: &Ctx, out: &mut Outbox, state: PartitionState) {
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

pub(crate) use crate::rules::reassignment::reassigning;
use crate::rules::reassignment::{complete_reassignment, start_reassignment, without};

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
