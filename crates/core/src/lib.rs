//! # replication-core
//!
//! A deterministic simulation of Apache Kafka replication, written sans-IO.
//!
//! **Contract.** This crate does no IO, reads no wall clock, draws no OS entropy and touches no
//! browser API. Time and randomness come in from the caller (a seed in the scenario), and the
//! same scenario, seed and commands give the same trace on native targets and on wasm32.
//! State that must replay identically uses fixed-width integers and ordered maps only.

pub mod config;
pub mod ids;
pub mod partition_state;
pub mod partitioner;
pub mod placement;
pub mod plan;
pub mod report;
pub mod rng;
pub mod rules;
pub mod scenario;
pub mod sim;
pub mod sorting;
pub mod text;
pub mod vec_map;
pub mod view;

pub use ids::{BrokerId, NodeId, TopicPartition};
