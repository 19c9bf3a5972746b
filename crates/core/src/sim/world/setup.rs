//! Building a [`World`] from a scenario: the brokers, the controller's registrations, each
//! topic's placement and starting partition states, then the nodes' first timers and fetches.

use super::World;
use super::WorldError;
use crate::ids::{BrokerId, NodeId, TopicPartition};
use crate::partition_state::PartitionState;
use crate::placement::{assign_replicas, default_rack_mode, BrokerRack, PlacementSeed, RackMode};
use crate::rng::{stream, Rng};
use crate::scenario::{LogSpec, PartitionStateSpec, Scenario, TopicSpec};
use crate::sim::broker::{Broker, Partition};
use crate::sim::checker::Checker;
use crate::sim::clients::Clients;
use crate::sim::controller::{Controller, RegisteredBroker};
use crate::sim::log::{Log, RecordBatch, Value};
use crate::sim::network::Network;
use crate::sim::protocol::Message;
use crate::sim::queue::{EventQueue, Queued, CLASS_ACTION};
use crate::sim::run_budget::RunBudget;
use crate::sim::Outbox;
use crate::vec_map::VecMap;

impl World {
    /// Build the cluster a scenario describes and queue its actions.
    pub fn from_scenario(scenario: &Scenario) -> Result<World, WorldError> {
        let rng = Rng::new(scenario.seed);
        let mut placement_rng = rng.fork(stream::PLACEMENT);
        let mut world = World::without_partitions(scenario);
        world.register_brokers(scenario);
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

    /// The scenario's brokers, clients and configs, with no partition yet and nothing queued.
    fn without_partitions(scenario: &Scenario) -> World {
        let racks: VecMap<BrokerId, Option<String>> =
            VecMap::from_iter(scenario.brokers.iter().map(|b| (b.id, b.rack.clone())));
        World {
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
        }
    }

    /// Every broker starts registered and unfenced, as if the cluster had been running.
    fn register_brokers(&mut self, scenario: &Scenario) {
        for broker in scenario.brokers.iter().map(|b| b.id) {
            self.controller.brokers.insert(
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
        let (state, hw) = starting_state(tp.clone(), replicas, spec);
        self.controller.partitions.insert(tp.clone(), state.clone());
        self.clients.metadata.insert(tp.clone(), state.clone());
        let leos = self.install_logs(&state, spec, hw);
        self.announce_partition(&state);
        self.seed_follower_offsets(&tp, state.leader, &state.isr, &leos);
    }

    /// Give each replica its starting log and HW; returns each replica's LEO.
    fn install_logs(
        &mut self,
        state: &PartitionState,
        spec: Option<&PartitionStateSpec>,
        hw: u64,
    ) -> VecMap<BrokerId, u64> {
        let tp = &state.tp;
        let mut leos = VecMap::new();
        for &b in &state.replicas {
            let log_spec = spec.and_then(|s| s.logs.get(&b));
            let log = build_log(log_spec, state.leader_epoch);
            let own_hw = log_spec
                .and_then(LogSpec::high_watermark)
                .unwrap_or(hw.min(log.log_end_offset()));
            leos.insert(b, log.log_end_offset());
            if let Some(broker) = self.brokers.get_mut(&b) {
                broker.partitions.insert(
                    tp.clone(),
                    Partition::new(tp.clone(), b, log, own_hw.min(leos[&b])),
                );
            }
        }
        leos
    }

    /// Every broker learns the partition; replicas take up their roles.
    fn announce_partition(&mut self, state: &PartitionState) {
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
    }

    /// The leader starts knowing each ISR follower's fetch offset as that follower's LEO.
    fn seed_follower_offsets(
        &mut self,
        tp: &TopicPartition,
        leader: Option<BrokerId>,
        isr: &[BrokerId],
        leos: &VecMap<BrokerId, u64>,
    ) {
        if let Some(leader) = leader.and_then(|l| self.brokers.get_mut(&l)) {
            if let Some(partition) = leader.partitions.get_mut(tp) {
                for b in isr {
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
}

/// A partition's starting state, as the scenario gives it or fresh (the preferred replica
/// leads, every replica in sync), with the HW the scenario gives (0 when fresh).
fn starting_state(
    tp: TopicPartition,
    replicas: Vec<BrokerId>,
    spec: Option<&PartitionStateSpec>,
) -> (PartitionState, u64) {
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
        tp,
        replicas,
        isr,
        elr,
        leader,
        leader_epoch,
        partition_epoch: 0,
        adding_replicas: Vec::new(),
        removing_replicas: Vec::new(),
        last_known_elr: Vec::new(),
    };
    (state, hw)
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
