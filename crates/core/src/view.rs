//! Read-only views of the cluster, the shape the front end and the runner's report consume.

use crate::ids::BrokerId;
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
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClusterView {
    pub brokers: Vec<BrokerView>,
    pub partitions: Vec<PartitionView>,
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
        let brokers = world
            .brokers()
            .map(|b| BrokerView {
                id: b.id,
                rack: b.rack.clone(),
                state: broker_state(world, b.id),
            })
            .collect();
        let partitions = world
            .partitions()
            .map(|p| PartitionView {
                topic: p.tp.topic.to_string(),
                partition: p.tp.partition,
                replicas: p.replicas.clone(),
                leader: p.leader,
                leader_epoch: p.leader_epoch,
                isr: p.isr.clone(),
                elr: p.elr.clone(),
            })
            .collect();
        ClusterView {
            brokers,
            partitions,
        }
    }
}

/// The playground's default scenario (`scenarios/playground-default.json`).
pub const DEFAULT_SCENARIO: &str = include_str!("../../../scenarios/playground-default.json");

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
            racks.sort();
            racks.dedup();
            assert_eq!(racks.len(), 3, "{p:?} is not spread over three racks");
            assert_eq!(p.leader, p.replicas.first().copied());
        }
    }
}
