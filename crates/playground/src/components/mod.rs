//! Presentational components: they read the session through a `SessionHandle` and send
//! `Command`s up; none of them changes the simulation directly.

pub mod alerts;
pub mod broker;
pub mod broker_menu;
pub mod card_log;
pub mod charts;
pub mod clients_panel;
pub mod cluster;
pub mod controls;
pub mod describe;
pub mod embed_code;
pub mod event_log;
pub mod faults;
pub mod form;
pub mod help;
pub mod language_switch;
pub mod lesson;
pub mod messages;
pub mod now;
pub mod partition;
pub mod plans;
pub mod replica_chip;
pub mod scenarios;
pub mod setup;
pub mod share;
pub mod timeline;
