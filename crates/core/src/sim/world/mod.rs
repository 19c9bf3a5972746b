//! [`World`]: owns the clock, the ordered event queue, the network, every node and the trace.
//!
//! Built from a scenario in `setup`, driven event by event in `event_loop`, changed by
//! commands in `actions`; this file holds the type and what it shows.

mod actions;
mod event_loop;
mod setup;

pub(crate) use actions::election_scope;

use super::broker::Broker;
use super::clients::Clients;
use super::controller::Controller;
use super::queue::EventQueue;
use super::run_budget::{RunBudget, RunStopped};
use super::trace::TraceEvent;
use super::{Outbox, Timer};
use crate::config::{Config, Profile, TopicConfig};
use crate::ids::{BrokerId, NodeId};
use crate::partition_state::PartitionState;
use crate::placement::PlacementError;
use crate::scenario::Action;
use crate::sim::checker::Checker;
use crate::sim::network::Network;
use crate::sim::protocol::Envelope;
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

    /// What the next step will process (`None` when nothing is left to do, also once the run
    /// stopped); `view::next_step` says it in words.
    pub(crate) fn peek_next(&self) -> Option<super::queue::Peeked<'_>> {
        if self.stopped().is_some() {
            return None;
        }
        self.queue.peek()
    }

    /// The kind of the scenario's action `index` (`produce`, `crash`, …).
    pub(crate) fn action_kind(&self, index: u32) -> Option<&'static str> {
        self.actions.get(index as usize).map(Action::kind)
    }

    /// What a handler would read now: for views that ask a node the question its handler
    /// answers (who holds a leader's HW), so both answer it with the same rule.
    pub(crate) fn ctx(&self) -> super::Ctx<'_> {
        super::Ctx {
            now_ms: self.now_ms,
            profile: self.profile,
            config: &self.config,
            topic_configs: &self.topic_configs,
            racks: &self.racks,
            isr_eligible_brokers: &self.isr_eligible_brokers,
        }
    }

    /// Messages on the wire, oldest first.
    pub fn in_flight(&self) -> impl Iterator<Item = &Envelope> {
        self.queue.deliveries().into_iter()
    }
}
