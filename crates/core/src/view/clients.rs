//! The producer's results and each consumer's position, as the client panels show them.

use crate::ids::{BrokerId, TopicPartition};
use crate::sim::{ProducerStats, World};
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ConsumerPartitionView {
    pub partition: u32,
    /// The next offset the consumer will read.
    pub position: u64,
    /// The leader's HW: consumers read only below it.
    pub high_watermark: Option<u64>,
    /// Records committed but not yet read: HW − position (Kafka's records-lag).
    pub lag: u64,
    /// The replica serving its fetches (a follower with KIP-392 follower fetching).
    pub read_replica: Option<BrokerId>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ConsumerView {
    pub topic: String,
    pub client_rack: Option<String>,
    pub partitions: Vec<ConsumerPartitionView>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientsView {
    pub producer: ProducerStats,
    /// Records the producer was asked to send in all.
    pub produced: u64,
    pub consumers: Vec<ConsumerView>,
}

impl ClientsView {
    pub fn of(world: &World) -> ClientsView {
        let clients = world.clients();
        let consumers = clients
            .consumers
            .iter()
            .map(|c| ConsumerView {
                topic: c.topic.clone(),
                client_rack: c.client_rack.clone(),
                partitions: c
                    .positions
                    .iter()
                    .map(|(&partition, pos)| {
                        let high_watermark = leader_high_watermark(world, &c.topic, partition);
                        ConsumerPartitionView {
                            partition,
                            position: pos.offset,
                            high_watermark,
                            lag: high_watermark.map_or(0, |hw| hw.saturating_sub(pos.offset)),
                            read_replica: pos.read_replica,
                        }
                    })
                    .collect(),
            })
            .collect();
        ClientsView {
            producer: clients.records.stats(),
            produced: u64::from(clients.records.total()),
            consumers,
        }
    }
}

/// The HW of the partition's current leader (as the controller names the leader).
pub fn leader_high_watermark(world: &World, topic: &str, partition: u32) -> Option<u64> {
    let tp = TopicPartition::new(topic, partition);
    let state = world.partitions().find(|p| p.tp == tp)?;
    let leader = world.broker(state.leader?)?;
    leader.partitions.get(&tp).map(|r| r.high_watermark())
}
