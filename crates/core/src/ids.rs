//! Identifiers shared by every part of the simulation.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

/// A broker's `node.id` (Kafka's `broker.id`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct BrokerId(pub u32);

impl fmt::Display for BrokerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Anything that sends or receives messages on the simulated network.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NodeId {
    Broker(BrokerId),
    /// The one logical controller (a KRaft quorum, or ZooKeeper plus the controller broker).
    Controller,
    /// Every producer and consumer; the scenario format addresses them as one node.
    Clients,
}

impl NodeId {
    /// The node as a message value ("broker 1", "controller", "clients"), worded by a front end.
    pub fn text(self) -> crate::text::Text {
        match self {
            NodeId::Broker(id) => crate::text!("broker {id}", id),
            NodeId::Controller => crate::text!("controller"),
            NodeId::Clients => crate::text!("clients"),
        }
    }
}

impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NodeId::Broker(b) => write!(f, "broker {b}"),
            NodeId::Controller => f.write_str("controller"),
            NodeId::Clients => f.write_str("clients"),
        }
    }
}

/// A topic partition, written `topic-partition` as Kafka's tools do. The topic name is shared
/// (`Arc<str>`): partitions are copied into every fetch and every produced record, and a copy
/// should not allocate.
#[derive(Clone, Debug, Eq)]
pub struct TopicPartition {
    pub topic: Arc<str>,
    pub partition: u32,
}

impl TopicPartition {
    pub fn new(topic: impl AsRef<str>, partition: u32) -> Self {
        Self {
            topic: Arc::from(topic.as_ref()),
            partition,
        }
    }
}

/// Ordered by topic name, then partition. Copies of one partition share their topic name, so
/// comparing the pointer first skips most string comparisons in the simulation's maps.
impl Ord for TopicPartition {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let topics = if Arc::ptr_eq(&self.topic, &other.topic) {
            std::cmp::Ordering::Equal
        } else {
            self.topic.cmp(&other.topic)
        };
        topics.then(self.partition.cmp(&other.partition))
    }
}

impl PartialOrd for TopicPartition {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for TopicPartition {
    fn eq(&self, other: &Self) -> bool {
        self.partition == other.partition
            && (Arc::ptr_eq(&self.topic, &other.topic) || self.topic == other.topic)
    }
}

impl fmt::Display for TopicPartition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.topic, self.partition)
    }
}
