//! The controller (one logical node: a KRaft quorum, or ZooKeeper plus the controller broker).
//!
//! It registers brokers from their heartbeats, fences those whose session expires, changes
//! partitions by Kafka's rules (ISR, ELR and leader in [`crate::rules::partition_change`], KIP-455
//! moves in [`crate::rules::reassignment`]), applies AlterPartition requests and publishes every
//! partition change to the brokers. This file holds its state, its timers and the dispatch of
//! its messages; `membership` the brokers' registration, fencing and shutdown; `partitions`
//! the partition changes.

mod membership;
mod partitions;

use super::{Ctx, Outbox, Timer};
use crate::ids::{BrokerId, NodeId, TopicPartition};
use crate::partition_state::PartitionState;
use crate::rules::leader_balance::lacks_preferred_leader;
use crate::rules::unclean_election;
use crate::sim::protocol::Message;
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
}

pub(crate) use crate::rules::reassignment::reassigning;
