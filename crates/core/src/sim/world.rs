//! [`World`]: owns the clock, the ordered event queue, the network, every node and the trace.

use super::broker::{Broker, Partition};
use super::clients::{Clients, ProduceRate};
use super::controller::{Controller, RegisteredBroker};
use super::queue::{EventQueue, Queued, CLASS_ACTION, CLASS_OTHER};
use super::run_budget::{RunBudget, RunStopped, HELD_CHECK_EVERY};
use super::trace::{EventKind, TraceEvent};
use super::{Ctx, Outbox, Timer};
use crate::config::{Config, Profile, TopicConfig};
use crate::ids::{BrokerId, NodeId, TopicPartition};
use crate::log::{Log, RecordBatch, Value};
use crate::network::Network;
use crate::placement::{
    assign_replicas, default_rack_mode, BrokerRack, PlacementError, PlacementSeed, RackMode,
};
use crate::protocol::{Envelope, Message, MessageKind, PartitionState};
use crate::rng::{stream, Rng};
use crate::rules;
use crate::scenario::{
    Action, ElectionType, LogSpec, PartitionStateSpec, ProduceValues, Scenario, TopicSpec,
};
use crate::sim::checker::{Checker, Invariant};
use crate::text;
use crate::text::{Arg, Text};
use crate::vec_map::VecMap;
use std::fmt;

/// Why a scenario could not become a world.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WorldError {
    Placement { path: String, error: PlacementError },
}

impl fmt::Display for WorldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WorldError::Placement { path, error } => write!(f, "{path}: {error}"),
        }
    }
}

impl std::error::Error for WorldError {}

impl WorldError {
    /// The problem with its path, for a front end to word (Kafka's own message stays as
    /// Kafka words it).
    pub fn text(&self) -> crate::text::Text {
        match self {
            WorldError::Placement { path, error } => crate::text::located(path, error.to_string()),
        }
    }
}

/// The whole simulated cluster.
///
/// Drive it with [`World::apply`] (a command at the current time), [`World::step`] (the next
/// event), or [`World::run_until`]; ask [`World::next_event_at`] when the next event is due.
/// Read it through its views and [`World::trace`]. A `World` is `Clone`: logs share their
/// record batches, so a snapshot copies maps and pointers, not records.
#[derive(Clone, Debug)]
pub struct World {
    now_ms: u64,
    queue: EventQueue,
    pub(crate) network: Network,
    pub(crate) brokers: VecMap<BrokerId, Broker>,
    pub(crate) controller: Controller,
    pub(crate) clients: Clients,
    profile: Profile,
    pub(crate) config: Config,
    topic_configs: VecMap<String, Config>,
    topic_overrides: VecMap<String, TopicConfig>,
    racks: VecMap<BrokerId, Option<String>>,
    topics: Vec<(String, u32)>,
    actions: Vec<Action>,
    trace: Vec<TraceEvent>,
    pub(crate) checker: Checker,
    /// An emptied outbox kept for the next handler, so its buffers are allocated once.
    spare_outbox: Outbox,
    /// The brokers the controller holds eligible to join an ISR. Only the controller's own
    /// handlers change that, so it is refreshed after them, not before every broker event.
    isr_eligible_brokers: Vec<BrokerId>,
    events_processed: u64,
    run_until_ms: Option<u64>,
    /// Work and memory spent against the run budgets, and whether the run stopped on them.
    budget: RunBudget,
}

impl World {
    /// Build the cluster a scenario describes and queue its actions.
    pub fn from_scenario(scenario: &Scenario) -> Result<World, WorldError> {
        let rng = Rng::new(scenario.seed);
        let mut placement_rng = rng.fork(stream::PLACEMENT);
        let racks: VecMap<BrokerId, Option<String>> =
            VecMap::from_iter(scenario.brokers.iter().map(|b| (b.id, b.rack.clone())));
        let mut world = World {
            now_ms: 0,
            queue: EventQueue::default(),
            network: Network::new(scenario.config.network_latency_ms),
            brokers: VecMap::from_iter(
                scenario
                    .brokers
                    .iter()
                    .map(|b| (b.id, Broker::new(b.id, b.rack.clone()))),
            ),
            controller: Controller::default(),
            clients: Clients::new(
                scenario.brokers.iter().map(|b| b.id).collect(),
                VecMap::from_iter(
                    scenario
                        .topics
                        .iter()
                        .map(|t| (t.name.clone(), t.partitions)),
                ),
            ),
            profile: scenario.profile,
            config: scenario.config.clone(),
            topic_configs: VecMap::from_iter(
                scenario
                    .topics
                    .iter()
                    .map(|t| (t.name.clone(), scenario.config.for_topic(&t.config))),
            ),
            topic_overrides: VecMap::from_iter(
                scenario
                    .topics
                    .iter()
                    .map(|t| (t.name.clone(), t.config.clone())),
            ),
            racks,
            topics: scenario
                .topics
                .iter()
                .map(|t| (t.name.clone(), t.partitions))
                .collect(),
            actions: scenario.actions.iter().map(|a| a.action.clone()).collect(),
            trace: Vec::new(),
            checker: Checker::default(),
            spare_outbox: Outbox::default(),
            isr_eligible_brokers: Vec::new(),
            events_processed: 0,
            run_until_ms: scenario.run_until_ms,
            budget: RunBudget::default(),
        };
        for broker in world.controller_brokers(scenario) {
            world.controller.brokers.insert(
                broker,
                RegisteredBroker {
                    registered: true,
                    fenced: false,
                    broker_epoch: 1,
                    last_heartbeat_ms: 0,
                    shutting_down: false,
                    caught_up_at_version: 0,
                },
            );
        }
        world.refresh_isr_eligible_brokers();
        for (t, topic) in scenario.topics.iter().enumerate() {
            let assignment = world.assignment_for(scenario, t, topic, &mut placement_rng)?;
            for (partition, replicas) in assignment.into_iter().enumerate() {
                let partition = partition as u32;
                world.install_partition(topic, partition, replicas, topic.state.get(&partition));
            }
        }
        world.start_nodes();
        for (i, timed) in scenario.actions.iter().enumerate() {
            world
                .queue
                .push(timed.at_ms, CLASS_ACTION, Queued::Action(i as u32));
        }
        world.after_step(None, 0);
        Ok(world)
    }

    fn controller_brokers(&self, scenario: &Scenario) -> Vec<BrokerId> {
        scenario.brokers.iter().map(|b| b.id).collect()
    }

    fn assignment_for(
        &self,
        scenario: &Scenario,
        index: usize,
        topic: &TopicSpec,
        rng: &mut Rng,
    ) -> Result<Vec<Vec<BrokerId>>, WorldError> {
        let brokers: Vec<BrokerRack> = scenario
            .brokers
            .iter()
            .map(|b| BrokerRack {
                id: b.id,
                rack: b.rack.clone(),
            })
            .collect();
        // Drawn even when fixed, so one topic's fixed placement does not shift the next one's.
        let drawn = PlacementSeed::draw(rng, brokers.len() as u32);
        if let Some(given) = &topic.assignment {
            return Ok(given.values().cloned().collect());
        }
        let seed = topic.placement.map_or(drawn, |p| PlacementSeed {
            start_index: p.start_index,
            replica_shift: p.replica_shift,
        });
        assign_replicas(
            &brokers,
            topic.partitions,
            topic.replication_factor,
            if topic.rack_aware {
                default_rack_mode(&brokers)
            } else {
                RackMode::Unaware
            },
            seed,
        )
        .map_err(|error| WorldError::Placement {
            path: format!("topics[{index}]"),
            error,
        })
    }

    /// Put a partition's starting state into the controller, the replicas' logs and the
    /// brokers, as if the cluster had been running.
    fn install_partition(
        &mut self,
        topic: &TopicSpec,
        partition: u32,
        replicas: Vec<BrokerId>,
        spec: Option<&PartitionStateSpec>,
    ) {
        // One shared topic name for every copy of the id, so comparisons skip the string.
        let tp = self.clients.partition_id(&topic.name, partition);
        let (leader, leader_epoch, isr, elr, hw) = match spec {
            Some(s) => (
                s.leader,
                s.leader_epoch,
                s.isr.clone(),
                s.elr.clone(),
                s.high_watermark,
            ),
            None => (
                crate::rules::election::preferred_replica(&replicas),
                0,
                replicas.clone(),
                Vec::new(),
                0,
            ),
        };
        let state = PartitionState {
            tp: tp.clone(),
            replicas: replicas.clone(),
            isr: isr.clone(),
            elr,
            leader,
            leader_epoch,
            partition_epoch: 0,
            adding_replicas: Vec::new(),
            removing_replicas: Vec::new(),
            last_known_elr: Vec::new(),
        };
        self.controller.partitions.insert(tp.clone(), state.clone());
        self.clients.metadata.insert(tp.clone(), state.clone());
        let mut leos = VecMap::new();
        for &b in &replicas {
            let log_spec = spec.and_then(|s| s.logs.get(&b));
            let log = build_log(log_spec, leader_epoch);
            let own_hw = log_spec
                .and_then(LogSpec::high_watermark)
                .unwrap_or(hw.min(log.log_end_offset()));
            leos.insert(b, log.log_end_offset());
            if let Some(broker) = self.brokers.get_mut(&b) {
                broker.replicas.insert(
                    tp.clone(),
                    Partition::new(tp.clone(), b, log, own_hw.min(leos[&b])),
                );
            }
        }
        // Every broker learns the partition; replicas take up their roles.
        let ids: Vec<BrokerId> = self.brokers.keys().copied().collect();
        for id in ids {
            let broker_epoch = self.brokers.get(&id).map_or(0, |b| b.broker_epoch);
            let snapshot = Message::MetadataSnapshot {
                partitions: vec![state.clone()],
                version: 0,
                broker_epoch,
            };
            self.with_node(NodeId::Broker(id), |n, ctx, out| {
                let broker = n.into_broker();
                broker.handle(ctx, out, NodeId::Controller, snapshot);
                broker.fenced = false;
            });
        }
        // The leader starts knowing each ISR follower's fetch offset as that follower's LEO.
        if let Some(leader) = leader.and_then(|l| self.brokers.get_mut(&l)) {
            if let Some(partition) = leader.replicas.get_mut(&tp) {
                for b in &isr {
                    partition.install_known_follower(*b, leos.get(b).copied().unwrap_or(0));
                }
            }
        }
    }

    fn start_nodes(&mut self) {
        let ids: Vec<BrokerId> = self.brokers.keys().copied().collect();
        for id in ids {
            if let Some(broker) = self.brokers.get_mut(&id) {
                broker.installing = false;
            }
            self.with_node(NodeId::Broker(id), |b, ctx, out| {
                b.into_broker().start(ctx, out)
            });
            // Followers start pulling as the starting partition states say.
            self.with_node(NodeId::Broker(id), |b, ctx, out| {
                b.into_broker().send_fetches(ctx, out)
            });
        }
        self.with_node(NodeId::Controller, |n, ctx, out| {
            n.into_controller().start(ctx, out)
        });
    }

    pub fn now_ms(&self) -> u64 {
        self.now_ms
    }
    pub fn profile(&self) -> Profile {
        self.profile
    }
    pub fn config(&self) -> &Config {
        &self.config
    }
    pub fn topic_config(&self, topic: &str) -> &Config {
        self.topic_configs.get(topic).unwrap_or(&self.config)
    }
    /// The session timeout the controller fences brokers by, in this profile.
    pub fn session_timeout_ms(&self) -> u64 {
        super::session_timeout_ms(self.profile, &self.config)
    }
    /// When `broker`'s next ISR check (every `replica.lag.time.max.ms / 2`) is due.
    pub fn next_isr_check_ms(&self, broker: BrokerId) -> Option<u64> {
        self.queue
            .timer_at(NodeId::Broker(broker), &Timer::IsrCheck)
    }
    /// When a produce request `broker` holds (`hold_id`) times out (`request.timeout.ms`).
    pub(crate) fn held_produce_timeout_ms(&self, broker: BrokerId, hold_id: u64) -> Option<u64> {
        self.queue
            .timer_at(NodeId::Broker(broker), &Timer::ProduceTimeout { hold_id })
    }
    pub fn run_until_ms(&self) -> Option<u64> {
        self.run_until_ms
    }
    pub fn trace(&self) -> &[TraceEvent] {
        &self.trace
    }
    pub fn events_processed(&self) -> u64 {
        self.events_processed
    }
    /// Why the run stopped before its end, if it went over a run budget: it then processes
    /// no more events.
    pub fn stopped(&self) -> Option<&RunStopped> {
        self.budget.stopped.as_ref()
    }
    /// The work spent so far against the run budget (see `limits::MAX_RUN_WORK`).
    pub fn work(&self) -> u64 {
        self.budget.work()
    }
    /// The same world with tighter run budgets than the simulator's (`limits::MAX_RUN_WORK`,
    /// `limits::MAX_HELD_ITEMS`), for tests and tools that want a run to stop sooner. Set it
    /// before the run starts: work already spent counts against the new budget, and it is
    /// checked from the next event on.
    pub fn with_run_budgets(mut self, work: u64, held_items: u64) -> World {
        self.budget.set_limits(work, held_items);
        self
    }
    pub fn topics(&self) -> &[(String, u32)] {
        &self.topics
    }
    pub fn brokers(&self) -> impl Iterator<Item = &Broker> {
        self.brokers.values()
    }
    pub fn broker(&self, id: BrokerId) -> Option<&Broker> {
        self.brokers.get(&id)
    }
    pub fn controller(&self) -> &Controller {
        &self.controller
    }
    pub fn clients(&self) -> &Clients {
        &self.clients
    }
    pub fn network(&self) -> &Network {
        &self.network
    }
    pub fn checker(&self) -> &Checker {
        &self.checker
    }
    /// The controller's view of every partition, in topic and partition order.
    pub fn partitions(&self) -> impl Iterator<Item = &PartitionState> {
        self.controller.partitions.values()
    }

    /// When the next queued event is due, if any (none once the run stopped).
    pub fn next_event_at(&self) -> Option<u64> {
        if self.stopped().is_some() {
            return None;
        }
        self.queue.next_at()
    }

    /// What the next step will process, in words: the message delivered, the timer that fires
    /// on its node, or the scenario's action applied. `None` when nothing is left to do.
    pub fn next_step(&self) -> Option<Text> {
        use super::queue::Peeked;
        if self.stopped().is_some() {
            return None;
        }
        Some(match self.queue.peek()? {
            Peeked::Deliver(envelope) => {
                let m = crate::view::MessageView::of(envelope);
                text!(
                    "{source} → {target}: {label}",
                    source = m.source.text(),
                    target = m.target.text(),
                    label = m.label
                )
            }
            Peeked::Timer(node, timer) => {
                text!(
                    "{node}: {what}",
                    node = node.text(),
                    what = timer.describe()
                )
            }
            Peeked::Action(i) => text!(
                "the scenario's action: {kind}",
                kind = self.actions.get(i as usize).map_or("?", Action::kind)
            ),
        })
    }

    /// Messages on the wire, oldest first.
    pub fn in_flight(&self) -> impl Iterator<Item = &Envelope> {
        self.queue.deliveries().into_iter()
    }

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
            Some(NodeId::Broker(b)) => self.brokers.get(&b).map_or(0, |b| b.replicas.len()) as u64,
            Some(NodeId::Controller) => self.controller.partitions.len() as u64,
            Some(NodeId::Clients) => consumers,
            None => {
                let replicas = self
                    .brokers
                    .values()
                    .map(|b| b.replicas.len())
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
            .flat_map(|b| b.replicas.values())
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
        let expectation = self.not_enough_replicas_expected(&envelope);
        let out = self.run_handler(target, |n, ctx, out| {
            n.handle(ctx, out, source, envelope.message)
        });
        if let Some((tp, expected)) = expectation {
            let refused = out.sends.iter().any(|(_, m)| {
                matches!(
                    m,
                    Message::ProduceResponse {
                        error: Some(crate::protocol::ErrorCode::NotEnoughReplicas),
                        ..
                    }
                )
            });
            if refused != expected {
                let detail =
                    format!(
                    "{tp}: an acks=all produce at {target} was {} though its ISR was {} min ISR",
                    if refused { "refused with NOT_ENOUGH_REPLICAS" } else { "accepted" },
                    if expected { "below" } else { "at least" }
                );
                let mut found = Vec::new();
                self.checker.violate(
                    Invariant::NotEnoughReplicasExactlyWhenKafka,
                    &tp,
                    self.now_ms,
                    detail,
                    &mut found,
                );
                for kind in found {
                    self.record(kind);
                }
            }
        }
        self.dispatch(target, out);
    }

    /// For an acks=all produce reaching a broker that leads the partition: should Kafka refuse
    /// it with NOT_ENOUGH_REPLICAS (ISR, as the leader knows it, below the effective min ISR)?
    fn not_enough_replicas_expected(&self, envelope: &Envelope) -> Option<(TopicPartition, bool)> {
        let (NodeId::Broker(b), Message::Produce(request)) = (envelope.target, &envelope.message)
        else {
            return None;
        };
        if request.acks != crate::config::Acks::All {
            return None;
        }
        let replica = self
            .brokers
            .get(&b)?
            .replicas
            .get(&request.tp)
            .filter(|r| r.is_leader())?;
        let state = replica.state()?;
        let config = self.topic_config(&request.tp.topic);
        let min_isr =
            config.effective_min_insync_replicas(state.replicas.len() as u32, self.profile());
        Some((request.tp.clone(), (state.isr.len() as u32) < min_isr))
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
    fn with_node(&mut self, node: NodeId, f: impl FnOnce(NodeMut<'_>, &Ctx, &mut Outbox)) {
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

    fn refresh_isr_eligible_brokers(&mut self) {
        let mut eligible = std::mem::take(&mut self.isr_eligible_brokers);
        eligible.clear();
        eligible.extend(self.eligible_now());
        self.isr_eligible_brokers = eligible;
    }

    fn dispatch(&mut self, source: NodeId, mut out: Outbox) {
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
    fn after_step(&mut self, touched: Option<NodeId>, trace_start: usize) {
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
            <= super::clients::FOLD_PRODUCED_ABOVE
        {
            return;
        }
        let log_starts: VecMap<&TopicPartition, u64> = self
            .controller
            .partitions
            .values()
            .filter_map(|p| {
                let leader = self.brokers.get(&p.leader?)?;
                let replica = leader.replicas.get(&p.tp).filter(|_| leader.is_running())?;
                Some((&p.tp, replica.log().log_start_offset()))
            })
            .collect();
        self.clients
            .records
            .fold_prefix(|r| match (r.outcome, r.offset) {
                (super::ProduceOutcome::Pending, _) => false,
                (super::ProduceOutcome::Acked, Some(offset)) => {
                    log_starts.get(&r.tp).is_some_and(|&start| offset < start)
                }
                _ => true,
            });
    }

    fn record(&mut self, kind: EventKind) {
        self.trace.push(TraceEvent {
            at_ms: self.now_ms,
            kind,
        });
    }

    /// Why `action`, taken now, would change nothing (the words the trace records when it is
    /// taken anyway); `None` when it does something.
    pub fn why_ignored(&self, action: &Action) -> Option<Text> {
        super::ignored::why_ignored(self, action)
    }

    fn apply_action(&mut self, action: &Action) {
        // A plan records each entry it skips by itself.
        let whole_plan = matches!(action, Action::ReassignPlan { .. });
        if let Some(why) = self.why_ignored(action).filter(|_| !whole_plan) {
            self.record(super::ignored::ignored_event(action, why));
            return;
        }
        match action {
            Action::Produce {
                topic,
                partition,
                key,
                values,
                acks,
            } => {
                let values: Vec<Option<Value>> = match values {
                    ProduceValues::Values(v) => v.iter().map(|s| Some(Value::named(s))).collect(),
                    ProduceValues::Count(n) => (0..*n).map(|_| None).collect(),
                };
                for value in values {
                    self.with_node(NodeId::Clients, |n, ctx, out| {
                        let clients = n.into_clients();
                        let value = value.unwrap_or_else(|| clients.next_value());
                        clients.produce(
                            ctx,
                            out,
                            topic,
                            *partition,
                            key.as_deref(),
                            value,
                            *acks,
                            false,
                        );
                    });
                }
            }
            Action::ProduceRate {
                topic,
                per_second,
                until_ms,
                acks,
            } if *per_second == 0 => {
                let now_ms = self.now_ms;
                self.clients.stop_rates(topic, now_ms);
            }
            Action::ProduceRate {
                topic,
                per_second,
                until_ms,
                acks,
            } => {
                let rate = ProduceRate {
                    topic: topic.clone(),
                    per_second: *per_second,
                    until_ms: *until_ms,
                    acks: *acks,
                    started_ms: self.now_ms,
                    emitted: 0,
                };
                self.with_node(NodeId::Clients, |n, ctx, out| {
                    n.into_clients().start_rate(ctx, out, rate)
                });
            }
            Action::Consume { topic, client_rack } => {
                let rack = client_rack
                    .clone()
                    .or_else(|| self.config.client_rack.clone());
                self.with_node(NodeId::Clients, |n, ctx, out| {
                    n.into_clients().add_consumer(ctx, out, topic, rack)
                });
            }
            Action::Crash { broker } => self.crash(*broker, false),
            Action::PowerLoss { broker } => self.crash(*broker, true),
            Action::Shutdown { broker } => self
                .with_node(NodeId::Broker(*broker), |n, ctx, out| {
                    n.into_broker().begin_controlled_shutdown(ctx, out)
                }),
            Action::Restart { broker } => self.restart(*broker),
            Action::FailRack { rack } => {
                for b in self.brokers_in_rack(rack) {
                    self.crash(b, true);
                }
            }
            Action::RestoreRack { rack } => {
                for b in self.brokers_in_rack(rack) {
                    self.restart(b);
                }
            }
            Action::Isolate { node } => {
                self.network.isolate(*node);
                self.record(EventKind::NetworkChanged {
                    what: text!(
                        "{node} is isolated from every other node",
                        node = node.text()
                    ),
                });
            }
            Action::Partition { groups } => {
                self.network.partition(groups);
                let listed = groups
                    .iter()
                    .map(|g| {
                        let nodes = g.iter().map(|n| n.text().into()).collect();
                        text!("[{nodes}]", nodes = Arg::List(nodes, ", ")).into()
                    })
                    .collect();
                self.record(EventKind::NetworkChanged {
                    what: text!(
                        "network partitioned into {groups}",
                        groups = Arg::List(listed, " | ")
                    ),
                });
            }
            Action::Cut { from, to } => {
                self.network.cut_one_way(*from, *to);
                self.record(EventKind::NetworkChanged {
                    what: text!(
                        "messages from {from} to {to} are dropped",
                        from = from.text(),
                        to = to.text()
                    ),
                });
            }
            Action::Heal => {
                self.network.heal();
                self.record(EventKind::NetworkChanged {
                    what: text!("the network is healed: every link is up at normal latency"),
                });
            }
            Action::Slow { node, latency_ms } => {
                self.network.slow(*node, *latency_ms);
                self.record(EventKind::NetworkChanged {
                    what: text!(
                        "{node} is slowed: +{latency_ms} ms on every message",
                        node = node.text(),
                        latency_ms = *latency_ms
                    ),
                });
            }
            Action::PauseFetcher { broker } => self.set_fetcher(*broker, true),
            Action::ResumeFetcher { broker } => self.set_fetcher(*broker, false),
            Action::ElectPreferred { topic, partition } => {
                self.elect(ElectionType::Preferred, topic.as_deref(), *partition)
            }
            Action::ElectLeaders {
                election_type,
                topic,
                partition,
            } => self.elect(*election_type, topic.as_deref(), *partition),
            Action::SetConfig { key, value, topic } => {
                self.set_config(key, value, topic.as_deref())
            }
            Action::Reassign {
                topic,
                partition,
                replicas,
            } => {
                let tp = TopicPartition::new(topic, *partition);
                self.with_node(NodeId::Controller, |n, ctx, out| {
                    n.into_controller().reassign(ctx, out, &tp, replicas)
                });
            }
            Action::ReassignPlan { partitions } => {
                for entry in partitions {
                    let tp = TopicPartition::new(&entry.topic, entry.partition);
                    if let Some(why) = super::ignored::reassignment(self, &tp, &entry.replicas) {
                        self.record(EventKind::ActionIgnored {
                            action: action.kind(),
                            broker: None,
                            tp: Some(tp),
                            why,
                        });
                        continue;
                    }
                    self.with_node(NodeId::Controller, |n, ctx, out| {
                        n.into_controller().reassign(ctx, out, &tp, &entry.replicas)
                    });
                }
            }
        }
    }

    /// The partitions an election names: every one, a topic's, or one.
    pub(crate) fn election_targets(
        &self,
        topic: Option<&str>,
        partition: Option<u32>,
    ) -> Vec<TopicPartition> {
        self.controller
            .partitions
            .keys()
            .filter(|tp| {
                topic.is_none_or(|t| *tp.topic == *t) && partition.is_none_or(|p| tp.partition == p)
            })
            .cloned()
            .collect()
    }

    /// `kafka-leader-election.sh`: a preferred or an unclean election.
    fn elect(&mut self, election_type: ElectionType, topic: Option<&str>, partition: Option<u32>) {
        let targets = self.election_targets(topic, partition);
        let scope = election_scope(topic, partition);
        match election_type {
            ElectionType::Preferred => {
                self.record(EventKind::PreferredElectionRequested { scope });
                self.with_node(NodeId::Controller, |n, ctx, out| {
                    n.into_controller().elect_preferred(ctx, out, &targets)
                });
            }
            ElectionType::Unclean => {
                self.record(EventKind::UncleanElectionRequested { scope });
                self.with_node(NodeId::Controller, |n, ctx, out| {
                    n.into_controller().elect_unclean(ctx, out, &targets)
                });
            }
        }
    }

    fn brokers_in_rack(&self, rack: &str) -> Vec<BrokerId> {
        self.brokers
            .values()
            .filter(|b| b.rack.as_deref() == Some(rack))
            .map(|b| b.id)
            .collect()
    }

    /// Kill a broker's process, or cut its machine's power (also of a broker killed before:
    /// its page cache goes). A rack action skips brokers this would not change.
    fn crash(&mut self, broker: BrokerId, power_loss: bool) {
        let action = if power_loss {
            Action::PowerLoss { broker }
        } else {
            Action::Crash { broker }
        };
        if self.why_ignored(&action).is_some() {
            return;
        }
        let now = self.now_ms;
        let mut out = Outbox::default();
        let Some(b) = self.brokers.get_mut(&broker) else {
            return;
        };
        let queued_restart = b.restart_after_shutdown;
        b.crash(power_loss, now, &mut out);
        self.record(EventKind::BrokerCrashed { broker, power_loss });
        if queued_restart {
            self.record(EventKind::ActionIgnored {
                action: "restart",
                broker: Some(broker),
                tp: None,
                why: text!(
                    "restart ignored: broker {broker} went down before its controlled shutdown \
                     finished; restart it again",
                    broker
                ),
            });
        }
        self.dispatch(NodeId::Broker(broker), out);
        // A killed process's sockets are reset by its OS; a machine that lost power sends
        // nothing, and its peers find out only by timeouts.
        if !power_loss {
            let peers: Vec<BrokerId> = self
                .brokers
                .keys()
                .copied()
                .filter(|&b| b != broker)
                .collect();
            for peer in peers {
                self.with_node(NodeId::Broker(peer), |n, ctx, out| {
                    n.into_broker().peer_disconnected(broker, ctx, out)
                });
            }
            self.with_node(NodeId::Clients, |n, ctx, out| {
                n.into_clients().broker_disconnected(ctx, out, broker)
            });
        }
    }

    /// Start a stopped or crashed broker as a new process; one still in its controlled shutdown
    /// starts once that finishes. A rack action skips brokers already running.
    fn restart(&mut self, broker: BrokerId) {
        if self.why_ignored(&Action::Restart { broker }).is_some() {
            return;
        }
        let Some(b) = self.brokers.get_mut(&broker) else {
            return;
        };
        if b.is_running() {
            b.restart_after_shutdown = true;
            self.record(EventKind::RestartQueued { broker });
            return;
        }
        self.record(EventKind::BrokerRestarted { broker });
        self.with_node(NodeId::Broker(broker), |n, ctx, out| {
            n.into_broker().restart(ctx, out)
        });
    }

    fn set_fetcher(&mut self, broker: BrokerId, paused: bool) {
        self.record(EventKind::FetcherPaused { broker, paused });
        self.with_node(NodeId::Broker(broker), |n, ctx, out| {
            n.into_broker().set_fetcher_paused(paused, ctx, out)
        });
    }

    /// A dynamic config change. The scenario parser validated key and value already.
    fn set_config(&mut self, key: &str, value: &serde_json::Value, topic: Option<&str>) {
        // Topic overrides are kept apart from cluster settings, and each topic's effective
        // config is derived again, so a cluster change never erases a topic's override.
        let applied = match topic {
            Some(t) => self
                .topic_overrides
                .get_mut(t)
                .is_some_and(|o| o.set(key, value).is_ok()),
            None => self.config.set(key, value).is_ok(),
        };
        for (name, overrides) in &self.topic_overrides {
            self.topic_configs
                .insert(name.clone(), self.config.for_topic(overrides));
        }
        if !applied {
            return;
        }
        self.network.base_latency_ms = self.config.network_latency_ms;
        let shown = match value {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        self.record(EventKind::ConfigChanged {
            key: key.to_string(),
            value: shown,
            topic: topic.map(str::to_string),
        });
        if key == "min.insync.replicas" && self.profile.elr_enabled() {
            self.with_node(NodeId::Controller, |n, ctx, out| {
                n.into_controller().clear_elr(ctx, out, topic)
            });
        }
        // Enabling unclean election dynamically: the ZooKeeper controller elects for offline
        // partitions at once; a KRaft controller waits for its periodic scan.
        if key == "unclean.leader.election.enable"
            && rules::unclean_election::enabling_elects_at_once(self.profile.is_zookeeper())
        {
            self.with_node(NodeId::Controller, |n, ctx, out| {
                n.into_controller().elect_where_leaderless(ctx, out)
            });
        }
    }
}

/// The partitions an election names, in words.
pub(crate) fn election_scope(topic: Option<&str>, partition: Option<u32>) -> Arg {
    match (topic, partition) {
        (Some(t), Some(p)) => Arg::Plain(format!("{t}-{p}")),
        (Some(t), None) => text!("topic {t}", t).into(),
        _ => text!("every partition").into(),
    }
}

/// Build a replica's starting log from the scenario's description.
fn build_log(spec: Option<&LogSpec>, leader_epoch: u32) -> Log {
    let mut log = Log::default();
    match spec {
        None => {}
        Some(LogSpec::EndOffset {
            end_offset, epoch, ..
        }) => {
            // One batch per record, as a producer sending one record per request writes them,
            // so every replica's batch boundaries line up.
            for offset in 0..*end_offset {
                log.append(RecordBatch {
                    base_offset: offset,
                    leader_epoch: epoch.unwrap_or(leader_epoch),
                    producer: None,
                    append_time_ms: 0,
                    values: vec![Value::Initial(offset as u32)].into(),
                });
            }
        }
        Some(LogSpec::Records { records, .. }) => {
            for (offset, record) in records.iter().enumerate() {
                log.append(RecordBatch {
                    base_offset: offset as u64,
                    leader_epoch: record.epoch,
                    producer: None,
                    append_time_ms: 0,
                    values: vec![Value::named(&record.value)].into(),
                });
            }
        }
    }
    // A starting state is history: it is on disk.
    log.flush(None);
    log
}

/// One node, borrowed mutably for a handler.
enum NodeMut<'a> {
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
    fn into_broker(self) -> &'a mut Broker {
        match self {
            NodeMut::Broker(b) => b,
            _ => unreachable!("handler called on the wrong node kind"),
        }
    }
    fn into_controller(self) -> &'a mut Controller {
        match self {
            NodeMut::Controller(c) => c,
            _ => unreachable!("handler called on the wrong node kind"),
        }
    }
    fn into_clients(self) -> &'a mut Clients {
        match self {
            NodeMut::Clients(c) => c,
            _ => unreachable!("handler called on the wrong node kind"),
        }
    }
}
