//! What is wrong with a config key or value, worded for the learner: Kafka's own refusals and
//! the lists of keys that would have been accepted.

use super::keys::{self, DYNAMIC_KEYS, KNOWN_KEYS, TOPIC_LEVEL_KEYS, TOPIC_ONLY_KEYS};
use super::values::show_value;
use crate::text;
use crate::text::Text;
use serde_json::Value;
use std::fmt;

/// What kind of problem a config key or value has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConfigErrorKind {
    /// Not a key the simulator knows.
    UnknownKey,
    /// Wrong JSON type, unparsable string, or out of Kafka's range.
    InvalidValue,
    /// A per-topic override for a key Kafka only has at broker or client level.
    NotTopicLevel,
    /// A key Kafka reads only at startup, changed while running.
    NotDynamic,
    /// Valid alone, but it contradicts another key the way Kafka refuses.
    Conflict,
}

/// A rejected key or value. `key` is the key as written; the message does not repeat it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub key: String,
    pub kind: ConfigErrorKind,
    pub message: Text,
}

impl ConfigError {
    pub(super) fn new(key: &str, kind: ConfigErrorKind, message: Text) -> Self {
        Self {
            key: key.to_string(),
            kind,
            message,
        }
    }

    pub(super) fn invalid(key: &str, expected: Text, got: &Value) -> Self {
        let message = text!(
            "expected {expected}, got {got}",
            expected,
            got = show_value(got)
        );
        Self::new(key, ConfigErrorKind::InvalidValue, message)
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.key, self.message)
    }
}

impl std::error::Error for ConfigError {}

impl ConfigError {
    /// The problem with its key, for a front end to word.
    pub fn text(&self) -> Text {
        text::located(&self.key, &self.message)
    }
}

/// "unknown key; known keys are …".
pub fn unknown_key_error(key: &str) -> ConfigError {
    let known = KNOWN_KEYS.join(", ");
    let aliased = keys::KEYS.iter().find(|spec| spec.topic_alias == Some(key));
    let message = if let Some(spec) = aliased {
        let (alias, canonical) = (key, spec.name);
        text!(
            "unknown key ({alias} is the per-topic name of {canonical}); known keys are {known}",
            alias,
            canonical,
            known
        )
    } else if keys::is_topic_only(key) {
        text!(
            "unknown key for the cluster (it is a topic config); known keys are {known}",
            known
        )
    } else {
        text!("unknown key; known keys are {known}", known)
    };
    ConfigError::new(key, ConfigErrorKind::UnknownKey, message)
}

/// A key no topic may override.
pub fn not_topic_level_error(key: &str) -> ConfigError {
    let message = text!(
        "not a per-topic setting; {keys}",
        keys = topic_keys_sentence()
    );
    ConfigError::new(key, ConfigErrorKind::NotTopicLevel, message)
}

/// An unknown key in a topic's overrides: the useful list is the per-topic keys.
pub(super) fn unknown_topic_key_error(key: &str) -> ConfigError {
    let message = text!("unknown key; {keys}", keys = topic_keys_sentence());
    ConfigError::new(key, ConfigErrorKind::UnknownKey, message)
}

fn topic_keys_sentence() -> Text {
    text!(
        "topics may override {overrides} (the last two also as flush.messages and flush.ms), and \
         set {own}",
        overrides = TOPIC_LEVEL_KEYS.join(", "),
        own = TOPIC_ONLY_KEYS.join(", ")
    )
}

/// The error for a key that Kafka reads only at startup; used by `set_config` validation.
pub fn not_dynamic_error(key: &str) -> ConfigError {
    let message = text!(
        "cannot change while running (Kafka reads it at startup); keys that can are {keys}",
        keys = DYNAMIC_KEYS.join(", ")
    );
    ConfigError::new(key, ConfigErrorKind::NotDynamic, message)
}
