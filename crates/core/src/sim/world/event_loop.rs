//! The event loop: pops the next due event (a delivery, a timer, a scenario action), runs the
//! node's handler, carries out what it asked for, and runs the checker and run budgets after.

use super::World;
use crate::ids::{BrokerId, NodeId, TopicPartition};
use crate::rules;
use crate::scenario::Action;
use crate::sim::broker::Broker;
use crate::sim::clients::Clients;
use crate::sim::controller::Controller;
use crate::sim::protocol::{Envelope, Message, MessageKind};
use crate::sim::queue::{Queued, CLASS_OTHER};
use crate::sim::run_budget::HELD_CHECK_EVERY;
use crate::sim::trace::{EventKind, TraceEvent};
use crate::sim::{Ctx, Outbox, Timer};
use crate::vec_map::VecMap;

impl World {
    /// Apply a command now, as the playground does when the user acts.
    pub fn apply(&mut self, action: &Action) {
        let trace_start = self.trace.len();
        self.apply_action(action);
        self.after_step(None, trace_start);
    }

    /// Process the next event. Returns false when nothing is left.
    pub fn step(&mut self) -> bool {
        self.step_due(u64::MAX)
    }

    /// Process the next event if it is due at or before `limit_ms`; false if none is.
    fn step_due(&mut self, limit_ms: u64) -> bool {
        if self.stopped().is_some() {
            return false;
        }
        let Some((key, item)) = self.queue.pop_due(limit_ms) else {
            return false;
        };
        self.now_ms = self.now_ms.max(key.0);
        self.events_processed += 1;
        let trace_start = self.trace.len();
        let touched = match &item {
            Queued::Action(_) => None,
            Queued::Timer { node, .. } => Some(*node),
            Queued::Deliver(envelope) => Some(envelope.target),
        };
        match item {
            Queued::Action(i) => {
                if let Some(action) = self.actions.get(i as usize).cloned() {
                    self.apply_action(&action);
                }
            }
            Queued::Timer {
                node,
                incarnation,
                timer,
            } => {
                if self.incarnation(node) == Some(incarnation) {
                    self.with_node(node, |n, ctx, out| n.handle_timer(ctx, out, timer));
                }
            }
            Queued::Deliver(envelope) => self.deliver(*envelope),
        }
        self.after_step(touched, trace_start);
        let scanned = self.scanned_by(touched);
        self.budget
            .charge(scanned, self.now_ms, self.events_processed);
        true
    }

    /// What a step on `node` makes the simulator look at, for the run's work budget: the
    /// broker's replicas (its fetchers and the checker go over them), the controller's
    /// partitions, the consumers (an answer is matched to its consumer), or for a scenario
    /// action (`None`, after which the checker looks at everything) all of them.
    fn scanned_by(&self, node: Option<NodeId>) -> u64 {
        let consumers = self.clients.consumers.len() as u64;
        match node {
            Some(NodeId::Broker(b)) => {
                self.brokers.get(&b).map_or(0, |b| b.partitions.len()) as u64
            }
            Some(NodeId::Controller) => self.controller.partitions.len() as u64,
            Some(NodeId::Clients) => consumers,
            None => {
                let replicas = self
                    .brokers
                    .values()
                    .map(|b| b.partitions.len())
                    .sum::<usize>();
                replicas as u64 + self.controller.partitions.len() as u64 + consumers
            }
        }
    }

    /// Everything the run holds that grows with it, for the run's memory budget: records in
    /// every replica's log and in the producer, queued messages and timers, trace events.
    fn held_items(&self) -> u64 {
        let logs: u64 = self
            .brokers
            .values()
            .flat_map(|b| b.partitions.values())
            .map(|r| {
                r.log()
                    .log_end_offset()
                    .saturating_sub(r.log().log_start_offset())
            })
            .sum();
        logs + self.clients.records.retained() as u64
            + self.queue.len() as u64
            + self.trace.len() as u64
    }

    /// Process every event due at or before `time_ms`, then set the clock to `time_ms`.
    /// A run over its budget (`stopped`) processes nothing more, and its clock stays where
    /// it stopped.
    pub fn run_until(&mut self, time_ms: u64) {
        while self.step_due(time_ms) {}
        self.advance_clock(time_ms);
    }

    /// Move the clock forward to `time_ms` without processing anything, even events already
    /// due: a replay uses it to apply a user's action at exactly the point it was taken (after
    /// the same number of events, at the same time).
    pub fn advance_clock(&mut self, time_ms: u64) {
        if self.stopped().is_none() {
            self.now_ms = self.now_ms.max(time_ms);
        }
    }

    fn deliver(&mut self, envelope: Envelope) {
        // A link cut while the message was on the wire drops it, as a broken connection would.
        let link_up = self.network.is_up(envelope.source, envelope.target);
        let arrives = if envelope.message.kind() == MessageKind::PartitionChange {
            // A KRaft broker gets them only in answer to its own metadata fetches.
            let back_up = self.network.is_up(envelope.target, envelope.source);
            rules::metadata::partition_change_arrives(self.profile, link_up, back_up)
        } else {
            link_up
        };
        if !arrives {
            return;
        }
        if let NodeId::Broker(b) = envelope.target {
            if !self.brokers.get(&b).is_some_and(Broker::is_running) {
                self.refuse_connection(envelope);
                return;
            }
            // The broker's machine accepts the clients' connection (the network stands in
            // for the TCP handshake).
            if envelope.source == NodeId::Clients {
                self.clients.connection_made(b);
            }
        }
        let source = envelope.source;
        let target = envelope.target;
        let expectation = crate::sim::checker::not_enough_replicas_expected(
            &self.brokers,
            &self.ctx(),
            &envelope,
        );
        let out = self.run_handler(target, |n, ctx, out| {
            n.handle(ctx, out, source, envelope.message)
        });
        if let Some((tp, expected)) = expectation {
            let mut found = Vec::new();
            self.checker.check_not_enough_replicas(
                &tp,
                target,
                expected,
                &out.sends,
                self.now_ms,
                &mut found,
            );
            for kind in found {
                self.record(kind);
            }
        }
        self.dispatch(target, out);
    }

    /// A machine that is up but whose broker process is down refuses connections: a client
    /// learns at once (`rules::connection`). A machine that lost power says nothing; the
    /// client's request or connection times out.
    fn refuse_connection(&mut self, envelope: Envelope) {
        let NodeId::Broker(b) = envelope.target else {
            return;
        };
        let powered = self.brokers.get(&b).is_some_and(|x| !x.lost_power());
        if !powered || envelope.source != NodeId::Clients {
            return;
        }
        let request_id = match envelope.message {
            Message::Produce(request) => Some(request.request_id),
            Message::Fetch { session, .. } => Some(session),
            Message::OffsetsForLeaderEpoch { request_id, .. }
            | Message::ListOffsets { request_id, .. } => Some(request_id),
            Message::Metadata => None,
            _ => return,
        };
        let out = Outbox {
            sends: vec![(
                NodeId::Clients,
                Message::ConnectionRefused {
                    broker: b,
                    request_id,
                },
            )],
            ..Outbox::default()
        };
        self.dispatch(envelope.target, out);
    }

    fn incarnation(&self, node: NodeId) -> Option<u32> {
        match node {
            NodeId::Broker(b) => self
                .brokers
                .get(&b)
                .filter(|b| b.is_running())
                .map(|b| b.incarnation),
            NodeId::Controller | NodeId::Clients => Some(0),
        }
    }

    /// Run a handler on one node with a context, then carry out what it asked for.
    pub(super) fn with_node(
        &mut self,
        node: NodeId,
        f: impl FnOnce(NodeMut<'_>, &Ctx, &mut Outbox),
    ) {
        let out = self.run_handler(node, f);
        self.dispatch(node, out);
    }

    /// Run a handler on one node and return what it asked for, without carrying it out.
    fn run_handler(
        &mut self,
        node: NodeId,
        f: impl FnOnce(NodeMut<'_>, &Ctx, &mut Outbox),
    ) -> Outbox {
        let mut out = std::mem::take(&mut self.spare_outbox);
        debug_assert!(
            self.isr_eligible_brokers
                .iter()
                .copied()
                .eq(self.eligible_now()),
            "the controller's ISR-eligible brokers changed outside its handlers"
        );
        {
            // Field by field, not `self.ctx()`: the handler borrows one node mutably meanwhile.
            let ctx = Ctx {
                now_ms: self.now_ms,
                profile: self.profile,
                config: &self.config,
                topic_configs: &self.topic_configs,
                racks: &self.racks,
                isr_eligible_brokers: &self.isr_eligible_brokers,
            };
            let target = match node {
                NodeId::Broker(b) => match self.brokers.get_mut(&b) {
                    Some(broker) => NodeMut::Broker(broker),
                    None => return out,
                },
                NodeId::Controller => NodeMut::Controller(&mut self.controller),
                NodeId::Clients => NodeMut::Clients(&mut self.clients),
            };
            f(target, &ctx, &mut out);
        }
        if node == NodeId::Controller {
            self.refresh_isr_eligible_brokers();
        }
        out
    }

    /// Registered, unfenced and not shutting down, as the controller knows them.
    fn eligible_now(&self) -> impl Iterator<Item = BrokerId> + '_ {
        let controller = &self.controller;
        controller
            .brokers
            .keys()
            .copied()
            .filter(|&b| controller.is_acceptable(b))
    }

    pub(super) fn refresh_isr_eligible_brokers(&mut self) {
        let mut eligible = std::mem::take(&mut self.isr_eligible_brokers);
        eligible.clear();
        eligible.extend(self.eligible_now());
        self.isr_eligible_brokers = eligible;
    }

    pub(super) fn dispatch(&mut self, source: NodeId, mut out: Outbox) {
        for (target, message) in out.sends.drain(..) {
            if let Some(deliver_at_ms) = self.network.schedule(source, target, self.now_ms) {
                let envelope = Envelope {
                    source,
                    target,
                    sent_at_ms: self.now_ms,
                    deliver_at_ms,
                    message,
                };
                let item = Queued::Deliver(Box::new(envelope));
                self.queue.push(deliver_at_ms, CLASS_OTHER, item);
            }
        }
        for timer in out.cancels.drain(..) {
            self.queue.cancel_timer(source, timer);
        }
        if let Some(incarnation) = self.incarnation(source) {
            for (at_ms, timer) in out.timers.drain(..) {
                let at_ms = at_ms.max(self.now_ms);
                self.queue.set_timer(source, incarnation, at_ms, timer);
            }
        }
        for kind in out.events.drain(..) {
            self.trace.push(TraceEvent {
                at_ms: self.now_ms,
                kind,
            });
        }
        out.timers.clear();
        self.spare_outbox = out;
    }

    /// Run the checker over what the step touched and the events it recorded.
    pub(super) fn after_step(&mut self, touched: Option<NodeId>, trace_start: usize) {
        if self.events_processed % HELD_CHECK_EVERY == 0 {
            self.fold_finished_records();
            let held = self.held_items();
            self.budget
                .check_held(held, self.now_ms, self.events_processed);
        }
        let mut found = Vec::new();
        let mut acked = std::mem::take(&mut self.clients.newly_acked);
        self.checker.verify_acks(
            &self.brokers,
            &self.clients,
            &acked,
            self.now_ms,
            &mut found,
        );
        // Handed back empty, so the next acknowledgements reuse its buffer.
        acked.clear();
        self.clients.newly_acked = acked;
        self.checker.observe(
            &self.brokers,
            &self.controller,
            &self.clients,
            touched,
            &self.trace[trace_start..],
            self.now_ms,
            &mut found,
        );
        for kind in found {
            self.trace.push(TraceEvent {
                at_ms: self.now_ms,
                kind,
            });
        }
    }

    /// Fold produced records that can no longer be lost: finished, and acknowledged at an
    /// offset below their partition's log start (retention deleted them).
    fn fold_finished_records(&mut self) {
        if (self.clients.records.total() - self.clients.records.folded()) as usize
            <= crate::sim::clients::FOLD_PRODUCED_ABOVE
        {
            return;
        }
        let log_starts: VecMap<&TopicPartition, u64> = self
            .controller
            .partitions
            .values()
            .filter_map(|p| {
                let leader = self.brokers.get(&p.leader?)?;
                let replica = leader
                    .partitions
                    .get(&p.tp)
                    .filter(|_| leader.is_running())?;
                Some((&p.tp, replica.log().log_start_offset()))
            })
            .collect();
        self.clients
            .records
            .fold_prefix(|r| match (r.outcome, r.offset) {
                (crate::sim::ProduceOutcome::Pending, _) => false,
                (crate::sim::ProduceOutcome::Acked, Some(offset)) => {
                    log_starts.get(&r.tp).is_some_and(|&start| offset < start)
                }
                _ => true,
            });
    }

    pub(super) fn record(&mut self, kind: EventKind) {
        self.trace.push(TraceEvent {
            at_ms: self.now_ms,
            kind,
        });
    }
}

/// One node, borrowed mutably for a handler.
pub(super) enum NodeMut<'a> {
    Broker(&'a mut Broker),
    Controller(&'a mut Controller),
    Clients(&'a mut Clients),
}

impl<'a> NodeMut<'a> {
    fn handle(self, ctx: &Ctx, out: &mut Outbox, from: NodeId, message: Message) {
        match self {
            NodeMut::Broker(b) => b.handle(ctx, out, from, message),
            NodeMut::Controller(c) => c.handle(ctx, out, from, message),
            NodeMut::Clients(c) => c.handle(ctx, out, from, message),
        }
    }
    fn handle_timer(self, ctx: &Ctx, out: &mut Outbox, timer: Timer) {
        match self {
            NodeMut::Broker(b) => b.handle_timer(ctx, out, timer),
            NodeMut::Controller(c) => c.handle_timer(ctx, out, timer),
            NodeMut::Clients(c) => c.handle_timer(ctx, out, timer),
        }
    }
    pub(super) fn into_broker(self) -> &'a mut Broker {
        match self {
            NodeMut::Broker(b) => b,
            _ => unreachable!("handler called on the wrong node kind"),
        }
    }
    pub(super) fn into_controller(self) -> &'a mut Controller {
        match self {
            NodeMut::Controller(c) => c,
            _ => unreachable!("handler called on the wrong node kind"),
        }
    }
    pub(super) fn into_clients(self) -> &'a mut Clients {
        match self {
            NodeMut::Clients(c) => c,
            _ => unreachable!("handler called on the wrong node kind"),
        }
    }
}
