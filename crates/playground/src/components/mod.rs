//! Presentational components: data in through props, events out through callbacks.

pub mod broker;
pub mod cluster;
pub mod replica_chip;
