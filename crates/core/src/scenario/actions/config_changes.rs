//! `set_config` actions: each key checked when read, then replayed in time order on the
//! running configuration, so a change is checked against the settings in force when it happens.

use super::clients::check_acks;
use super::{topic_at, World};
use crate::config::{self, Config, TopicConfig};
use crate::scenario::reader::{field_path, index_path, string_at, Errors, Obj};
use crate::scenario::{Action, TimedAction};
use crate::text;
use serde_json::Value;

/// A dynamic config change, for the cluster or (with `topic`) one topic. Key and topic are
/// checked here; the value is checked by [`replay_config`] against the settings in force.
pub(super) fn set_config(
    errs: &mut Errors,
    path: &str,
    v: &Value,
    w: &World<'_>,
) -> Option<Action> {
    let obj = Obj::open(errs, path, v, &["key", "value", "topic"])?;
    let topic = match obj.opt("topic") {
        Some(_) => Some(topic_at(errs, &obj, w)?),
        None => None,
    };
    let key_path = obj.at("key");
    let key = obj
        .required(errs, "key")
        .and_then(|v| string_at(errs, &key_path, v));
    let value = obj.raw("value");
    if value.is_none() {
        errs.push(
            &obj.at("value"),
            text!("required field is missing (null removes a topic override)"),
        );
    }
    let canonical = check_config_key(errs, &key_path, &key?, topic.is_some())?;
    let value = value?.clone();
    if topic.is_some() {
        if let Err(e) = TopicConfig::default().set(canonical, &value) {
            errs.push(&obj.at("value"), e.message);
            return None;
        }
    }
    Some(Action::SetConfig {
        key: canonical.to_string(),
        value,
        topic: topic.map(|t| t.name.clone()),
    })
}

/// The key's broker-level name if it is known, dynamic, and (for a topic) topic-level.
fn check_config_key(
    errs: &mut Errors,
    path: &str,
    key: &str,
    for_topic: bool,
) -> Option<&'static str> {
    let problem = match config::canonical_key(key) {
        None => config::unknown_key_error(key),
        Some(_) if for_topic && !config::is_topic_level(key) => config::not_topic_level_error(key),
        Some(_) if !config::is_dynamic(key) => config::not_dynamic_error(key),
        Some(canonical) if for_topic || config::KNOWN_KEYS.contains(&key) => {
            return Some(canonical)
        }
        // A topic-level spelling (flush.ms) without a topic: the cluster key has another name.
        Some(_) => config::unknown_key_error(key),
    };
    errs.push(path, problem.message);
    None
}

/// Replays cluster-wide `set_config` actions in time order on a copy of the starting config,
/// so each is checked (value and Kafka's cross-key rules) against the settings in force then.
/// A produce action's own `acks` is checked against an explicitly enabled idempotence.
pub(super) fn replay_config(
    errs: &mut Errors,
    path: &str,
    actions: &[(usize, TimedAction)],
    start: &Config,
) {
    let mut running = start.clone();
    for (i, timed) in actions {
        let entry_path = index_path(path, *i);
        match &timed.action {
            Action::SetConfig {
                key,
                value,
                topic: None,
            } => {
                if let Err(e) = running.set(key, value) {
                    errs.push(
                        &field_path(&field_path(&entry_path, "set_config"), "value"),
                        e.message,
                    );
                }
            }
            Action::Produce {
                acks: Some(acks), ..
            } => check_acks(errs, &field_path(&entry_path, "produce"), *acks, &running),
            Action::ProduceRate {
                acks: Some(acks), ..
            } => check_acks(
                errs,
                &field_path(&entry_path, "produce_rate"),
                *acks,
                &running,
            ),
            _ => {}
        }
    }
}
