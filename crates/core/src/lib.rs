//! # replication-core
//!
//! A deterministic simulation of Apache Kafka replication, written sans-IO.
//!
//! **Contract.** This crate does no IO, reads no wall clock, draws no OS entropy and touches no
//! browser API. Time and randomness come in from the caller (a seed in the scenario), and the
//! same scenario, seed and commands give the same trace on native targets and on wasm32.
//! State that must replay identically uses fixed-width integers and ordered maps only.
#![forbid(unsafe_code)]

pub mod config;
pub mod examples;
pub mod ids;
pub mod log;
pub mod network;
pub mod partitioner;
pub mod placement;
pub mod plan;
pub mod protocol;
pub mod report;
pub mod rng;
pub mod rules;
pub mod scenario;
pub mod sim;
pub mod view;

pub use ids::{BrokerId, NodeId, TopicPartition};

/// Build a map by inserting one entry at a time. `collect()` into a `BTreeMap` sorts its input
/// first with a stable sort, instantiated once per map type: about 3 KB of wasm each, which
/// the browser bundle pays for maps that have a handful of entries. (Later duplicates win, as
/// with `collect`.)
pub(crate) fn map_of<K: Ord, V>(
    entries: impl IntoIterator<Item = (K, V)>,
) -> std::collections::BTreeMap<K, V> {
    let mut map = std::collections::BTreeMap::new();
    for (k, v) in entries {
        map.insert(k, v);
    }
    map
}
