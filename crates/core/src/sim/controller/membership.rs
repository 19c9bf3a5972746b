//! The controller's side of broker membership: registration from heartbeats (a new broker
//! epoch is a new incarnation), fencing when a session expires, controlled shutdown, and what
//! each does to the partitions the broker is in.

use super::{Controller, Election, RegisteredBroker};
use crate::config::Profile;
use crate::ids::{BrokerId, NodeId, TopicPartition};
use crate::rules::reassignment::without;
use crate::sim::protocol::Message;
use crate::sim::trace::EventKind;
use crate::sim::{Ctx, Outbox, Timer};

impl Controller {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn handle_heartbeat(
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
    pub(super) fn register(
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
    pub(super) fn prepare_shutdown(
        &mut self,
        ctx: &Ctx,
        out: &mut Outbox,
        broker: BrokerId,
    ) -> bool {
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
    pub(super) fn maybe_unfence(
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

    pub(super) fn fence(&mut self, ctx: &Ctx, out: &mut Outbox, broker: BrokerId) {
        if let Some(entry) = self.brokers.get_mut(&broker) {
            entry.fenced = true;
        }
        out.events.push(EventKind::BrokerFenced { broker });
        self.remove_from_partitions(ctx, out, broker);
    }

    /// Take `broker` out of every ISR (never emptying it without ELR) and move its leaderships.
    pub(super) fn remove_from_partitions(&mut self, ctx: &Ctx, out: &mut Outbox, broker: BrokerId) {
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
    pub(super) fn forget_after_unclean_shutdown(
        &mut self,
        ctx: &Ctx,
        out: &mut Outbox,
        broker: BrokerId,
    ) {
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
}
