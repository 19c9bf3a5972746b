//! The values of Kafka's settings: the typed choices (`acks`, `replica.selector.class`,
//! `auto.offset.reset`) and the parsing of a JSON value the way Kafka's `ConfigDef` parses a
//! property (numbers or their string spellings, booleans in any letter case, Kafka's ranges).

use super::{ConfigError, ThrottledReplicas};
use crate::text;
use serde_json::Value;
use std::fmt;

/// Kafka's `INT` and `LONG` upper bounds: larger values fail Kafka's own parsing.
pub(super) const INT_MAX: u64 = i32::MAX as u64;
pub(super) const LONG_MAX: u64 = i64::MAX as u64;

/// The producer's `acks`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Acks {
    Zero,
    One,
    All,
}

impl Acks {
    /// Kafka's spellings: `0`, `1`, `-1`, `"0"`, `"1"`, `"-1"`, `"all"`.
    pub fn from_json(value: &Value) -> Option<Acks> {
        match value {
            Value::Number(n) => match n.as_i64()? {
                0 => Some(Acks::Zero),
                1 => Some(Acks::One),
                -1 => Some(Acks::All),
                _ => None,
            },
            Value::String(s) => Acks::from_name(s.trim()),
            _ => None,
        }
    }

    pub fn from_name(name: &str) -> Option<Acks> {
        match name {
            "0" => Some(Acks::Zero),
            "1" => Some(Acks::One),
            "all" | "-1" => Some(Acks::All),
            _ => None,
        }
    }

    /// `"0"`, `"1"` or `"all"`, as the report writes it.
    pub fn name(&self) -> &'static str {
        match self {
            Acks::Zero => "0",
            Acks::One => "1",
            Acks::All => "all",
        }
    }
}

impl fmt::Display for Acks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// `replica.selector.class`: who serves a consumer's fetches (KIP-392).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ReplicaSelector {
    /// Kafka's default (the setting unset): consumers always fetch from the leader.
    #[default]
    Leader,
    /// A consumer with `client.rack` fetches from an in-sync replica in its rack.
    RackAware,
}

impl ReplicaSelector {
    const LEADER_CLASS: &'static str = "org.apache.kafka.common.replica.LeaderSelector";
    const RACK_AWARE_CLASS: &'static str =
        "org.apache.kafka.common.replica.RackAwareReplicaSelector";

    /// The fully qualified class name, or the bare class name.
    pub fn from_name(name: &str) -> Option<ReplicaSelector> {
        match name {
            Self::LEADER_CLASS | "LeaderSelector" => Some(ReplicaSelector::Leader),
            Self::RACK_AWARE_CLASS | "RackAwareReplicaSelector" => Some(ReplicaSelector::RackAware),
            _ => None,
        }
    }

    /// The fully qualified class name, as a broker's properties file would hold it.
    pub fn class_name(&self) -> &'static str {
        match self {
            ReplicaSelector::Leader => Self::LEADER_CLASS,
            ReplicaSelector::RackAware => Self::RACK_AWARE_CLASS,
        }
    }
}

/// The consumer's `auto.offset.reset`: where it goes when its position is out of range or
/// must be reset (see [`crate::rules::offset_reset`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AutoOffsetReset {
    /// Kafka's default: the end of the partition (its high watermark).
    #[default]
    Latest,
    /// The start of the partition's log.
    Earliest,
    /// No reset: `poll()` throws to the application.
    None,
}

impl AutoOffsetReset {
    pub fn from_name(name: &str) -> Option<AutoOffsetReset> {
        match name {
            "latest" => Some(AutoOffsetReset::Latest),
            "earliest" => Some(AutoOffsetReset::Earliest),
            "none" => Some(AutoOffsetReset::None),
            _ => None,
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            AutoOffsetReset::Latest => "latest",
            AutoOffsetReset::Earliest => "earliest",
            AutoOffsetReset::None => "none",
        }
    }
}

/// `ThrottledReplicaListValidator`: `*` or `partition:broker,…`, as a string.
pub(super) fn throttled_replicas(key: &str, v: &Value) -> Result<ThrottledReplicas, ConfigError> {
    v.as_str()
        .and_then(ThrottledReplicas::parse)
        .ok_or_else(|| {
            ConfigError::invalid(
                key,
                text!("the literal \"*\" or a list of replicas as \"[partitionId]:[brokerId],[partitionId]:[brokerId],...\""),
                v,
            )
        })
}

pub(super) fn replicas_value(r: &Option<ThrottledReplicas>) -> Value {
    r.as_ref().map_or(Value::Null, |r| r.to_string().into())
}

/// A JSON value as it appeared, cut short so a huge value cannot swamp the message.
pub(crate) fn show_value(v: &Value) -> String {
    const MAX_CHARS: usize = 60;
    let text = crate::scenario::path::escape_invisible(&v.to_string()).into_owned();
    if text.chars().count() <= MAX_CHARS {
        return text;
    }
    let cut: String = text.chars().take(MAX_CHARS).collect();
    format!("{cut}…")
}

/// An integer in `min..=max` from a JSON number or a decimal string, as Kafka's ConfigDef
/// parses `INT` and `LONG` (strings are trimmed, fractions are refused).
pub(super) fn int(key: &str, v: &Value, min: u64, max: u64) -> Result<u64, ConfigError> {
    let parsed: Option<i128> = match v {
        Value::Number(n) => n.as_i64().map(i128::from).or(n.as_u64().map(i128::from)),
        Value::String(s) => s.trim().parse::<i128>().ok(),
        _ => None,
    };
    let expected = || text!("an integer from {min} to {max}", min, max);
    match parsed {
        Some(n) if n >= i128::from(min) && n <= i128::from(max) => {
            u64::try_from(n).map_err(|_| ConfigError::invalid(key, expected(), v))
        }
        _ => Err(ConfigError::invalid(key, expected(), v)),
    }
}

/// A Kafka `INT` stored as `u32` (Kafka's bound i32::MAX always fits).
pub(super) fn int32(key: &str, v: &Value, min: u64) -> Result<u32, ConfigError> {
    let n = int(key, v, min, INT_MAX)?;
    u32::try_from(n).map_err(|_| ConfigError::invalid(key, text!("a 32-bit integer"), v))
}

/// A `LONG` that Kafka leaves unset by default; `null` means unset.
pub(super) fn opt_int(key: &str, v: &Value, min: u64) -> Result<Option<u64>, ConfigError> {
    if v.is_null() {
        return Ok(None);
    }
    int(key, v, min, LONG_MAX).map(Some)
}

/// Kafka accepts `true`/`false` in any letter case.
pub(super) fn boolean(key: &str, v: &Value) -> Result<bool, ConfigError> {
    match v {
        Value::Bool(b) => Ok(*b),
        Value::String(s) if s.trim().eq_ignore_ascii_case("true") => Ok(true),
        Value::String(s) if s.trim().eq_ignore_ascii_case("false") => Ok(false),
        _ => Err(ConfigError::invalid(key, text!("true or false"), v)),
    }
}

pub(super) fn acks(key: &str, v: &Value) -> Result<Acks, ConfigError> {
    Acks::from_json(v).ok_or_else(|| ConfigError::invalid(key, text!("0, 1, \"all\" or -1"), v))
}

pub(super) fn selector(key: &str, v: &Value) -> Result<ReplicaSelector, ConfigError> {
    let expected = || {
        text!(
            "\"org.apache.kafka.common.replica.RackAwareReplicaSelector\" or \
             \"org.apache.kafka.common.replica.LeaderSelector\" (or the bare class name)"
        )
    };
    v.as_str()
        .and_then(|s| ReplicaSelector::from_name(s.trim()))
        .ok_or_else(|| ConfigError::invalid(key, expected(), v))
}

/// `auto.offset.reset`: one of `OffsetResetStrategy`'s lower-case names (`ConsumerConfig`
/// validates it with `ValidString.in`, which is case-sensitive).
pub(super) fn offset_reset(key: &str, v: &Value) -> Result<AutoOffsetReset, ConfigError> {
    v.as_str()
        .and_then(|s| AutoOffsetReset::from_name(s.trim()))
        .ok_or_else(|| ConfigError::invalid(key, text!("\"latest\", \"earliest\" or \"none\""), v))
}

/// `client.rack`: Kafka's default is the empty string, meaning no rack.
pub(super) fn rack(key: &str, v: &Value) -> Result<Option<String>, ConfigError> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) if s.trim().is_empty() => Ok(None),
        Value::String(s) => Ok(Some(s.trim().to_string())),
        _ => Err(ConfigError::invalid(
            key,
            text!("a rack name (a string)"),
            v,
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::super::Config;
    use serde_json::json;

    #[test]
    fn int_keys_reject_fractions_and_out_of_range_values() {
        let mut c = Config::default();
        assert!(c.set("retries", &json!(1.5)).is_err());
        assert!(c.set("retries", &json!(2147483648u64)).is_err());
        assert!(c.set("retries", &json!(-1)).is_err());
        assert!(c.set("retries", &json!(" 7 ")).is_ok());
        assert_eq!(c.retries, 7);
    }
}
