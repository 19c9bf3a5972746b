//! [`PartitionState`]: the controller's record of one partition (replicas, leader, epochs, ISR,
//! ELR, a move in progress). The controller publishes it to brokers in its messages
//! ([`crate::sim::protocol`]), and the rules that decide its next value
//! ([`crate::rules::partition_change`], [`crate::rules::reassignment`]) take it as it is: so it
//! sits below both, not inside the simulation.

use crate::ids::{BrokerId, TopicPartition};

/// A partition's state as the controller publishes it (KRaft `PartitionRecord` /
/// `PartitionChangeRecord`; ZooKeeper's LeaderAndIsr request).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartitionState {
    pub tp: TopicPartition,
    pub replicas: Vec<BrokerId>,
    pub isr: Vec<BrokerId>,
    pub elr: Vec<BrokerId>,
    /// With ELR: the leader when the ISR last became empty (Kafka's LastKnownElr field, as
    /// balanced recovery uses it).
    pub last_known_elr: Vec<BrokerId>,
    pub leader: Option<BrokerId>,
    pub leader_epoch: u32,
    pub partition_epoch: u32,
    pub adding_replicas: Vec<BrokerId>,
    pub removing_replicas: Vec<BrokerId>,
}
