//! Kafka's replication rules as small pure functions, one rule per function, each tested with a
//! table. The simulation's brokers and controller call these; nothing else decides these things.

pub mod acks_all;
pub mod connection;
pub mod delivery;
pub mod election;
pub mod high_watermark;
pub mod isr;
pub mod leader_balance;
pub mod metadata;
pub mod offset_reset;
pub mod partition_change;
pub mod read_replica;
pub mod reassignment;
pub mod throttle;
pub mod truncation;
pub mod unclean_election;
