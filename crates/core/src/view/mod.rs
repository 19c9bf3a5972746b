//! Read-only views of the world, the shapes the front end and the runner's report consume.
//! Everything here is derived from the simulation; the playground adds no Kafka logic of its own.

mod clients;
mod detail;
mod loss;
mod messages;
mod next_step;
mod waits;
mod why;

pub use clients::{leader_high_watermark, ClientsView, ConsumerPartitionView, ConsumerView};
pub use detail::{LogRecordView, PartitionDetail, ReplicaLogView};
pub use loss::{explain_loss, BrokerFailure, LossElection, LossExplanation, LossRule};
pub use messages::{MessageView, MESSAGE_KINDS};
pub use next_step::next_step;
pub use waits::{isr_leave_time, waits, Wait, WaitKind};
pub use why::{cause_of, recent as recent_reasons, Explained};

use crate::ids::{BrokerId, NodeId};
use serde::Serialize;

/// What a broker is doing, as the playground and the report name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BrokerState {
    Running,
    Fenced,
    Crashed,
    Stopped,
}

impl BrokerState {
    /// The report's name: the contract knows running, crashed, stopped and fenced.
    pub fn report_name(self) -> &'static str {
        self.name()
    }

    pub fn name(self) -> &'static str {
        match self {
            BrokerState::Running => "running",
            BrokerState::Fenced => "fenced",
            BrokerState::Crashed => "crashed",
            BrokerState::Stopped => "stopped",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BrokerView {
    pub id: BrokerId,
    pub rack: Option<String>,
    pub state: BrokerState,
    /// Every link to and from the broker is cut (it may still be running).
    pub isolated: bool,
    /// Latency added to every message to or from the broker.
    pub slow_ms: u64,
    pub fetcher_paused: bool,
    /// In a controlled shutdown that has not finished (leadership is moving away).
    pub shutting_down: bool,
    /// Down by power loss, not a process crash: records not yet flushed are gone.
    pub power_lost: bool,
}

/// How one replica chip reads: the replica's role as the controller publishes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChipRole {
    Leader,
    InSyncFollower,
    OutOfSyncFollower,
    /// The partition has no leader, or this replica's broker is down.
    Offline,
}

impl ChipRole {
    /// The `data-role` hook's value.
    pub fn name(self) -> &'static str {
        match self {
            ChipRole::Leader => "leader",
            ChipRole::InSyncFollower => "follower",
            ChipRole::OutOfSyncFollower => "out-of-sync",
            ChipRole::Offline => "offline",
        }
    }
}

/// The role of the replica on `broker`, given the partition's leader and ISR: shared by the
/// chips and the partition detail, so both always agree.
pub(crate) fn chip_role(
    leader: Option<BrokerId>,
    isr: &[BrokerId],
    broker: BrokerId,
    state: BrokerState,
) -> ChipRole {
    if state == BrokerState::Crashed || state == BrokerState::Stopped {
        return ChipRole::Offline;
    }
    match leader {
        Some(leader) if leader == broker => ChipRole::Leader,
        Some(_) if isr.contains(&broker) => ChipRole::InSyncFollower,
        Some(_) => ChipRole::OutOfSyncFollower,
        None => ChipRole::Offline,
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PartitionView {
    pub topic: String,
    pub partition: u32,
    /// Assignment order: the first replica is the preferred leader.
    pub replicas: Vec<BrokerId>,
    pub leader: Option<BrokerId>,
    pub leader_epoch: u32,
    pub isr: Vec<BrokerId>,
    pub elr: Vec<BrokerId>,
    /// A KIP-455 reassignment in progress: replicas being added (they fetch from the leader and
    /// must join the ISR) and being removed (once every target replica is in sync).
    pub adding_replicas: Vec<BrokerId>,
    pub removing_replicas: Vec<BrokerId>,
    /// For each adding replica: (broker, its LEO, the leader's LEO), the move's progress.
    pub adding_progress: Vec<(BrokerId, u64, u64)>,
}

impl PartitionView {
    /// The controller's view of partition `p` in `world`, with its reassignment's progress.
    pub fn of(
        world: &crate::sim::World,
        p: &crate::partition_state::PartitionState,
    ) -> PartitionView {
        PartitionView {
            topic: p.tp.topic.to_string(),
            partition: p.tp.partition,
            replicas: p.replicas.clone(),
            leader: p.leader,
            leader_epoch: p.leader_epoch,
            isr: p.isr.clone(),
            elr: p.elr.clone(),
            adding_replicas: p.adding_replicas.clone(),
            removing_replicas: p.removing_replicas.clone(),
            adding_progress: adding_progress(world, p),
        }
    }

    /// The chip role of the replica on `broker`: the controller's leader and ISR decide, and a
    /// replica on a broker that is down is offline whatever the metadata still says.
    pub fn chip_role(&self, broker: BrokerId, state: BrokerState) -> ChipRole {
        chip_role(self.leader, &self.isr, broker, state)
    }

    /// The replicas a running reassignment heads for (all of them when none runs).
    pub fn target_replicas(&self) -> Vec<BrokerId> {
        crate::rules::reassignment::target_replicas(&self.replicas, &self.removing_replicas)
    }

    /// The preferred leader: the first replica in assignment order (Kafka's
    /// `PartitionRegistration.preferredReplica`).
    pub fn preferred_leader(&self) -> Option<BrokerId> {
        crate::rules::election::preferred_replica(&self.replicas)
    }

    /// Kafka's under-replicated: led, with an ISR below the replication factor.
    pub fn is_under_replicated(&self) -> bool {
        crate::rules::isr::is_under_replicated(
            self.leader.is_some(),
            self.isr.len(),
            crate::rules::reassignment::replication_factor(&self.replicas, &self.adding_replicas),
        )
    }

    /// `orders-0`, as Kafka's tools name a partition.
    pub fn name(&self) -> String {
        format!("{}-{}", self.topic, self.partition)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClusterView {
    pub brokers: Vec<BrokerView>,
    pub partitions: Vec<PartitionView>,
    /// Every link to and from the controller is cut.
    pub controller_isolated: bool,
    pub clients_isolated: bool,
}

impl ClusterView {
    /// Racks in first-seen broker order; brokers without a rack are grouped under `None`.
    pub fn racks(&self) -> Vec<Option<String>> {
        let mut racks: Vec<Option<String>> = Vec::new();
        for broker in &self.brokers {
            if !racks.contains(&broker.rack) {
                racks.push(broker.rack.clone());
            }
        }
        racks
    }

    /// Partitions that have a replica on `broker`, in topic and partition order.
    pub fn replicas_on(&self, broker: BrokerId) -> impl Iterator<Item = &PartitionView> {
        self.partitions
            .iter()
            .filter(move |p| p.replicas.contains(&broker))
    }
}

/// A broker's state as the controller and the broker itself make it: down beats fenced.
pub fn broker_state(world: &crate::sim::World, id: BrokerId) -> BrokerState {
    use crate::sim::BrokerStatus;
    let Some(broker) = world.broker(id) else {
        return BrokerState::Stopped;
    };
    match broker.status {
        BrokerStatus::Crashed => BrokerState::Crashed,
        BrokerStatus::Stopped => BrokerState::Stopped,
        BrokerStatus::Running if !world.controller().is_acceptable(id) => BrokerState::Fenced,
        BrokerStatus::Running => BrokerState::Running,
    }
}

impl ClusterView {
    /// The cluster as the world stands: brokers with their state, partitions as the controller
    /// publishes them.
    pub fn of(world: &crate::sim::World) -> ClusterView {
        let nodes = all_nodes(world);
        let network = world.network();
        let brokers = world
            .brokers()
            .map(|b| BrokerView {
                id: b.id,
                rack: b.rack.clone(),
                state: broker_state(world, b.id),
                isolated: network.is_isolated(NodeId::Broker(b.id), &nodes),
                slow_ms: network.extra(NodeId::Broker(b.id)),
                fetcher_paused: b.fetcher_paused,
                shutting_down: b.shutting_down && b.is_running(),
                power_lost: b.lost_power(),
            })
            .collect();
        let partitions = world
            .partitions()
            .map(|p| PartitionView::of(world, p))
            .collect();
        ClusterView {
            brokers,
            partitions,
            controller_isolated: network.is_isolated(NodeId::Controller, &nodes),
            clients_isolated: network.is_isolated(NodeId::Clients, &nodes),
        }
    }

    pub fn broker(&self, id: BrokerId) -> Option<&BrokerView> {
        self.brokers.iter().find(|b| b.id == id)
    }
}

/// How far each adding replica has copied the leader's log.
fn adding_progress(
    world: &crate::sim::World,
    p: &crate::partition_state::PartitionState,
) -> Vec<(BrokerId, u64, u64)> {
    if p.adding_replicas.is_empty() {
        return Vec::new();
    }
    let leo = |b: BrokerId| {
        world
            .broker(b)
            .and_then(|br| br.partitions.get(&p.tp))
            .map_or(0, |r| r.log().log_end_offset())
    };
    let leader_leo = p.leader.map_or(0, leo);
    p.adding_replicas
        .iter()
        .map(|&b| (b, leo(b), leader_leo))
        .collect()
}

/// Every node of the world: its brokers, the controller and the clients.
pub fn all_nodes(world: &crate::sim::World) -> Vec<NodeId> {
    let mut nodes: Vec<NodeId> = world.brokers().map(|b| NodeId::Broker(b.id)).collect();
    nodes.push(NodeId::Controller);
    nodes.push(NodeId::Clients);
    nodes
}

/// The partitions as `kafka-topics.sh --describe` prints them (with KIP-966's Elr and
/// LastKnownElr columns, as Kafka 3.7+ does).
pub fn describe(world: &crate::sim::World) -> String {
    let list = |v: &[BrokerId]| {
        v.iter()
            .map(|b| b.to_string())
            .collect::<Vec<_>>()
            .join(",")
    };
    let mut out = String::new();
    for p in world.partitions() {
        let leader = p.leader.map_or("none".to_string(), |b| b.to_string());
        out.push_str(&format!(
            "Topic: {}\tPartition: {}\tLeader: {}\tReplicas: {}\tIsr: {}\tElr: {}\tLastKnownElr: {}\n",
            p.tp.topic,
            p.tp.partition,
            leader,
            list(&p.replicas),
            list(&p.isr),
            list(&p.elr),
            list(&p.last_known_elr)
        ));
    }
    out
}

/// The playground's default scenario (`scenarios/playground-default.json`).
pub const DEFAULT_SCENARIO: &str = crate::scenario::bundled::BUNDLED[0].json;

/// The playground's default world: 6 brokers in 3 racks, topic `orders` with 6 partitions at
/// RF 3, placed rack-aware from a fixed start so the first view is the same for everyone.
pub fn default_world() -> crate::sim::World {
    let scenario = crate::scenario::parse_scenario(DEFAULT_SCENARIO)
        .expect("the bundled default scenario is valid");
    crate::sim::World::from_scenario(&scenario).expect("the bundled default scenario builds")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chip_roles_follow_the_published_leader_and_isr_and_broker_liveness() {
        let p = PartitionView {
            topic: "t".into(),
            partition: 0,
            replicas: vec![BrokerId(1), BrokerId(2), BrokerId(3)],
            leader: Some(BrokerId(1)),
            leader_epoch: 3,
            isr: vec![BrokerId(1), BrokerId(2)],
            elr: vec![],
            adding_replicas: vec![],
            removing_replicas: vec![],
            adding_progress: vec![],
        };
        let offline = PartitionView {
            leader: None,
            ..p.clone()
        };
        use BrokerState::*;
        let cases = [
            (&p, 1, Running, ChipRole::Leader),
            (&p, 2, Running, ChipRole::InSyncFollower),
            (&p, 3, Running, ChipRole::OutOfSyncFollower),
            // A fenced broker still hosts its replica; the ISR says whether it is in sync.
            (&p, 2, Fenced, ChipRole::InSyncFollower),
            // A broker that is down hosts nothing live, whatever the metadata still says.
            (&p, 1, Crashed, ChipRole::Offline),
            (&p, 2, Stopped, ChipRole::Offline),
            // No leader: every replica is offline (the partition is unavailable).
            (&offline, 2, Running, ChipRole::Offline),
        ];
        for (partition, broker, state, role) in cases {
            assert_eq!(
                partition.chip_role(BrokerId(broker), state),
                role,
                "broker {broker} {state:?}"
            );
        }
    }

    #[test]
    fn default_cluster_spreads_every_partition_over_three_racks() {
        let cluster = ClusterView::of(&default_world());
        assert_eq!(cluster.brokers.len(), 6);
        assert_eq!(cluster.racks().len(), 3);
        assert_eq!(cluster.partitions.len(), 6);
        for p in &cluster.partitions {
            let mut racks: Vec<_> = p
                .replicas
                .iter()
                .map(|r| {
                    cluster
                        .brokers
                        .iter()
                        .find(|b| b.id == *r)
                        .unwrap()
                        .rack
                        .clone()
                })
                .collect();
            crate::sorting::sort(&mut racks);
            racks.dedup();
            assert_eq!(racks.len(), 3, "{p:?} is not spread over three racks");
            assert_eq!(p.leader, p.replicas.first().copied());
        }
    }
}
