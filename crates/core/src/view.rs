//! Read-only views of the cluster, the shape the front end and the runner's report consume.

use crate::ids::BrokerId;
use crate::placement::{assign_replicas, BrokerRack, PlacementError, PlacementSeed, RackMode};
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

/// A freshly created cluster: one topic placed by Kafka's assignment rules, every preferred
/// replica leading at epoch 0 with a full ISR (what a new topic looks like in Kafka).
pub fn new_cluster(
    brokers: &[BrokerRack],
    topic: &str,
    partitions: u32,
    replication_factor: u32,
    mode: RackMode,
    seed: PlacementSeed,
) -> Result<ClusterView, PlacementError> {
    let assignment = assign_replicas(brokers, partitions, replication_factor, mode, seed)?;
    let mut broker_views: Vec<BrokerView> = brokers
        .iter()
        .map(|b| BrokerView {
            id: b.id,
            rack: b.rack.clone(),
            state: BrokerState::Running,
        })
        .collect();
    broker_views.sort_by_key(|b| b.id);
    let partitions = assignment
        .into_iter()
        .zip(0u32..)
        .map(|(replicas, partition)| PartitionView {
            topic: topic.to_string(),
            partition,
            leader: replicas.first().copied(),
            leader_epoch: 0,
            isr: replicas.clone(),
            elr: Vec::new(),
            replicas,
        })
        .collect();
    Ok(ClusterView {
        brokers: broker_views,
        partitions,
    })
}

/// The playground's default cluster: 6 brokers in 3 racks, topic `orders` with 6 partitions at
/// RF 3, placed rack-aware from a fixed start so the first view is the same for everyone.
pub fn default_cluster() -> ClusterView {
    let brokers: Vec<BrokerRack> = (1..=6)
        .map(|id| BrokerRack {
            id: BrokerId(id),
            rack: Some(["a", "b", "c"][((id - 1) % 3) as usize].to_string()),
        })
        .collect();
    let seed = PlacementSeed {
        start_index: 0,
        replica_shift: 0,
    };
    new_cluster(&brokers, "orders", 6, 3, RackMode::Aware, seed)
        .expect("6 brokers in 3 racks can hold RF 3")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_cluster_spreads_every_partition_over_three_racks() {
        let cluster = default_cluster();
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
