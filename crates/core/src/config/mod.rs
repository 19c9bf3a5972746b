//! Kafka settings the simulator honours: Kafka's property names, Kafka's defaults per profile
//! (era), and Kafka's validation.
//!
//! Broker, topic, producer and consumer settings share one map in a scenario, as the scenario
//! contract says. [`Config`] holds one typed field per key (Rust name = Kafka name with dots
//! turned into underscores). [`Config::set`] takes a key and a JSON value the way Kafka reads a
//! properties file: numbers, booleans or their string spellings (`500`, `"500"`, `true`,
//! `"true"`).
//!
//! The keys themselves are one table ([`keys::KEYS`]); the files here hold the profiles and
//! their defaults (`profile`), the values and their parsing (`values`), a topic's overrides
//! (`topic`) and the errors (`errors`).
//!
//! Cross-key rules (idempotence needs `acks=all`, the delivery timeout must cover linger plus the
//! request timeout) are Kafka's producer rules, and like Kafka they only fire when the user set
//! the key explicitly; when the default conflicts, Kafka quietly adjusts instead (see
//! [`Config::effective_idempotence`] and [`Config::effective_delivery_timeout_ms`]).

mod errors;
pub mod keys;
mod profile;
mod topic;
mod values;

pub use crate::rules::throttle::ThrottledReplicas;
pub use errors::{
    not_dynamic_error, not_topic_level_error, unknown_key_error, ConfigError, ConfigErrorKind,
};
pub use keys::{
    canonical_key, is_dynamic, is_topic_level, is_topic_only, key_spec, KeySpec, Scope,
    DYNAMIC_KEYS, KNOWN_KEYS, TOPIC_LEVEL_KEYS, TOPIC_ONLY_KEYS,
};
pub use profile::Profile;
pub use topic::TopicConfig;
pub(crate) use values::show_value;
pub use values::{Acks, AutoOffsetReset, ReplicaSelector};

use crate::text;
use serde_json::Value;

/// Every setting the simulator honours, one typed field per Kafka key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub replica_lag_time_max_ms: u64,
    pub replica_fetch_wait_max_ms: u64,
    pub replica_fetch_min_bytes: u32,
    pub replica_fetch_max_bytes: u32,
    pub num_replica_fetchers: u32,
    pub broker_session_timeout_ms: u64,
    pub broker_heartbeat_interval_ms: u64,
    pub zookeeper_session_timeout_ms: u64,
    pub min_insync_replicas: u32,
    pub unclean_leader_election_enable: bool,
    pub auto_leader_rebalance_enable: bool,
    pub leader_imbalance_check_interval_seconds: u64,
    pub replica_selector_class: ReplicaSelector,
    /// `None`: Kafka's default, flushing left to the OS (records reach disk ~30 s later).
    pub log_flush_interval_messages: Option<u64>,
    /// `None`: Kafka's default, flushing left to the OS.
    pub log_flush_interval_ms: Option<u64>,
    pub acks: Acks,
    pub retries: u32,
    pub enable_idempotence: bool,
    /// Whether `enable.idempotence` was set by the user. Kafka refuses an explicit `true` with
    /// `acks` other than all, but silently turns a default `true` off.
    pub enable_idempotence_explicit: bool,
    pub delivery_timeout_ms: u64,
    /// Whether `delivery.timeout.ms` was set by the user: Kafka refuses an explicit value below
    /// `linger.ms + request.timeout.ms`, but raises a default one to that sum.
    pub delivery_timeout_ms_explicit: bool,
    pub request_timeout_ms: u64,
    pub retry_backoff_ms: u64,
    pub linger_ms: u64,
    /// `None`: Kafka's default empty `client.rack` (no rack).
    pub client_rack: Option<String>,
    pub auto_offset_reset: AutoOffsetReset,
    /// How long a client trusts its metadata; a consumer keeps a preferred read replica this
    /// long (KIP-392).
    pub metadata_max_age_ms: u64,
    /// How long a client waits for a new connection (doubling per failure, see
    /// [`crate::rules::connection`]).
    pub socket_connection_setup_timeout_ms: u64,
    /// How often a KRaft controller looks for leaderless partitions it may elect uncleanly
    /// (Kafka 3.9+, KAFKA-12670).
    pub unclean_leader_election_interval_ms: u64,
    /// The simulator's one-way message latency.
    pub network_latency_ms: u64,
    /// `None`: unthrottled (Kafka's default `Long.MAX_VALUE`), bytes per second.
    pub leader_replication_throttled_rate: Option<u64>,
    /// `None`: unthrottled (Kafka's default `Long.MAX_VALUE`), bytes per second.
    pub follower_replication_throttled_rate: Option<u64>,
    /// A topic's `leader.replication.throttled.replicas` (only a topic's overrides set it).
    pub leader_replication_throttled_replicas: Option<ThrottledReplicas>,
    /// A topic's `follower.replication.throttled.replicas` (only a topic's overrides set it).
    pub follower_replication_throttled_replicas: Option<ThrottledReplicas>,
}

impl Default for Config {
    fn default() -> Self {
        Config::defaults_for(Profile::default())
    }
}

impl Config {
    /// Sets one key from a JSON value, as Kafka parses a property. On error nothing changes.
    /// Cross-key rules are checked against the result, so a runtime change can never leave an
    /// invalid configuration behind.
    pub fn set(&mut self, key: &str, value: &Value) -> Result<(), ConfigError> {
        let mut next = self.clone();
        next.set_field(key, value)?;
        next.validate()?;
        *self = next;
        Ok(())
    }

    /// Sets every key of a scenario's `config` map, then checks the cross-key rules once, so
    /// the map's key order does not matter. On error nothing changes.
    pub fn apply_map(
        &mut self,
        map: &serde_json::Map<String, Value>,
    ) -> Result<(), Vec<ConfigError>> {
        let mut next = self.clone();
        let errors: Vec<ConfigError> = map
            .iter()
            .filter_map(|(key, value)| next.set_field(key, value).err())
            .collect();
        if !errors.is_empty() {
            return Err(errors);
        }
        next.validate().map_err(|e| vec![e])?;
        *self = next;
        Ok(())
    }

    /// Kafka's producer rules that involve more than one key.
    pub fn validate(&self) -> Result<(), ConfigError> {
        self.validate_idempotence()?;
        self.validate_delivery_timeout()
    }

    /// `ProducerConfig.postProcessAndValidateIdempotenceConfigs`: only an explicit `true` fails.
    fn validate_idempotence(&self) -> Result<(), ConfigError> {
        if !(self.enable_idempotence && self.enable_idempotence_explicit) {
            return Ok(());
        }
        if self.acks != Acks::All {
            let message = text!(
                "enable.idempotence=true needs acks=all, but acks is {acks}; Kafka's producer \
                 refuses this (\"Must set acks to all in order to use the idempotent producer\"): \
                 set acks to \"all\" or enable.idempotence to false",
                acks = self.acks.to_string()
            );
            return Err(ConfigError::new(
                "enable.idempotence",
                ConfigErrorKind::Conflict,
                message,
            ));
        }
        if self.retries == 0 {
            let message = text!(
                "enable.idempotence=true needs retries ≥ 1, but retries is 0; Kafka's producer \
                 refuses this (\"Must set retries to non-zero when using the idempotent \
                 producer\")"
            );
            return Err(ConfigError::new(
                "enable.idempotence",
                ConfigErrorKind::Conflict,
                message,
            ));
        }
        Ok(())
    }

    /// `KafkaProducer.configureDeliveryTimeout`: only an explicit value that is too small fails.
    fn validate_delivery_timeout(&self) -> Result<(), ConfigError> {
        let floor = self.linger_ms.saturating_add(self.request_timeout_ms);
        if !self.delivery_timeout_ms_explicit || self.delivery_timeout_ms >= floor {
            return Ok(());
        }
        let message = text!(
            "{timeout} is less than linger.ms + request.timeout.ms = {floor}; Kafka's producer \
             refuses this (\"delivery.timeout.ms should be equal to or larger than linger.ms + \
             request.timeout.ms\")",
            timeout = self.delivery_timeout_ms,
            floor
        );
        Err(ConfigError::new(
            "delivery.timeout.ms",
            ConfigErrorKind::Conflict,
            message,
        ))
    }

    /// Whether the producer is idempotent: Kafka turns a default `enable.idempotence=true` off
    /// when acks is not all or retries is 0 (an explicit `true` is refused by `validate`).
    pub fn effective_idempotence(&self) -> bool {
        self.effective_idempotence_for(self.acks)
    }

    /// Idempotence for a producer with these settings but different `acks` (a produce action's
    /// own `acks`).
    pub fn effective_idempotence_for(&self, acks: Acks) -> bool {
        self.enable_idempotence && acks == Acks::All && self.retries > 0
    }

    /// The delivery timeout the producer uses: Kafka raises a default one to
    /// `linger.ms + request.timeout.ms`.
    pub fn effective_delivery_timeout_ms(&self) -> u64 {
        let floor = self.linger_ms.saturating_add(self.request_timeout_ms);
        if self.delivery_timeout_ms_explicit {
            self.delivery_timeout_ms
        } else {
            self.delivery_timeout_ms.max(floor)
        }
    }

    /// The effective min ISR of a partition with `replication_factor` replicas under `profile`
    /// (`rules::high_watermark::effective_min_isr`).
    pub fn effective_min_insync_replicas(&self, replication_factor: u32, profile: Profile) -> u32 {
        crate::rules::high_watermark::effective_min_isr(
            self.min_insync_replicas,
            replication_factor,
            profile.strict_min_isr(),
        )
    }

    /// This configuration with a topic's overrides applied.
    pub fn for_topic(&self, topic: &TopicConfig) -> Config {
        let mut config = self.clone();
        if let Some(n) = topic.min_insync_replicas {
            config.min_insync_replicas = n;
        }
        if let Some(b) = topic.unclean_leader_election_enable {
            config.unclean_leader_election_enable = b;
        }
        if let Some(n) = topic.log_flush_interval_messages {
            config.log_flush_interval_messages = Some(n);
        }
        if let Some(n) = topic.log_flush_interval_ms {
            config.log_flush_interval_ms = Some(n);
        }
        config.leader_replication_throttled_replicas =
            topic.leader_replication_throttled_replicas.clone();
        config.follower_replication_throttled_replicas =
            topic.follower_replication_throttled_replicas.clone();
        config
    }

    /// The value of a known key (broker-level name or topic-level alias) as [`Config::set`]
    /// takes it: numbers, booleans, `acks` as `"0"`/`"1"`/`"all"`, the selector's class name,
    /// and `null` for a setting Kafka leaves unset. `None` for an unknown key.
    pub fn value_of(&self, key: &str) -> Option<Value> {
        key_spec(key).map(|spec| (spec.get)(self))
    }

    /// One key, checked alone (no cross-key rules). Only broker-level names: a topic-level
    /// alias or a topic-only key is an unknown key here.
    fn set_field(&mut self, key: &str, v: &Value) -> Result<(), ConfigError> {
        match keys::KEYS
            .iter()
            .find(|spec| spec.name == key && spec.scope != Scope::Topic)
        {
            Some(spec) => (spec.set)(self, key, v),
            None => Err(unknown_key_error(key)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_known_key_accepts_its_own_default_spelling() {
        let c = Config::defaults_for(Profile::Kraft);
        assert_eq!(KNOWN_KEYS.len(), 30);
        for key in KNOWN_KEYS {
            assert!(canonical_key(key).is_some());
        }
        assert!(c.validate().is_ok());
    }

    #[test]
    fn value_of_gives_back_what_set_takes_for_every_key_and_profile() {
        for profile in Profile::ALL {
            let c = Config::defaults_for(profile);
            for key in KNOWN_KEYS {
                let v = c.value_of(key).expect("every known key has a value");
                let mut d = c.clone();
                d.set_field(key, &v)
                    .unwrap_or_else(|e| panic!("{profile} {key}: {e}"));
                assert_eq!(d.value_of(key), Some(v), "{profile} {key}");
            }
        }
        assert_eq!(Config::default().value_of("flush.ms"), Some(Value::Null));
        assert_eq!(Config::default().value_of("acks"), Some(json!("all")));
        assert_eq!(Config::default().value_of("no.such.key"), None);
    }

    #[test]
    fn value_of_follows_set() {
        let mut c = Config::default();
        c.set("min.insync.replicas", &json!("2")).unwrap();
        c.set("log.flush.interval.messages", &json!(1)).unwrap();
        c.set("client.rack", &json!(" b ")).unwrap();
        assert_eq!(c.value_of("min.insync.replicas"), Some(json!(2)));
        assert_eq!(c.value_of("flush.messages"), Some(json!(1)));
        assert_eq!(c.value_of("client.rack"), Some(json!("b")));
    }

    #[test]
    fn throttled_replicas_are_topic_configs_only() {
        let key = "leader.replication.throttled.replicas";
        assert!(is_topic_level(key) && is_dynamic(key) && is_topic_only(key));
        let mut t = TopicConfig::default();
        t.set(key, &json!("0:1, 1:2")).unwrap();
        assert!(t.set(key, &json!("0-1")).is_err());
        let c = Config::default().for_topic(&t);
        assert_eq!(c.value_of(key), Some(json!("0:1,1:2")));
        assert_eq!(t.to_json()[key], json!("0:1,1:2"));
        t.set(key, &Value::Null).unwrap();
        assert!(t.is_empty());
        // Not a broker setting.
        let err = Config::default().set(key, &json!("*")).unwrap_err();
        assert!(
            err.message.to_string().contains("it is a topic config"),
            "{err}"
        );
    }
}
