//! The one table of the keys the simulator knows: for each, Kafka's name, where Kafka reads it
//! (broker, topic, client), its topic-level spelling, whether it may change while running, and
//! how [`Config`] reads and writes it. The key lists and lookups below all derive from it.

use super::values::{
    acks, boolean, int, int32, offset_reset, opt_int, rack, replicas_value, selector,
    throttled_replicas, INT_MAX, LONG_MAX,
};
use super::{Config, ConfigError};
use serde_json::Value;

/// Where Kafka reads a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// A broker (or controller) setting only.
    Broker,
    /// A broker setting a topic may override (Kafka's topic configs with a broker synonym).
    BrokerAndTopic,
    /// A topic config with no broker-level synonym: only a topic's overrides set it.
    Topic,
    /// A producer or consumer setting.
    Client,
    /// The simulator's own knob.
    Simulator,
}

/// One key of the table.
pub struct KeySpec {
    /// Kafka's (broker-level) name.
    pub name: &'static str,
    pub scope: Scope,
    /// Kafka's topic-level spelling when it differs (`LogConfig`'s synonyms).
    pub topic_alias: Option<&'static str>,
    /// May change while the simulation runs. Broker keys follow Kafka's `DynamicBrokerConfig`:
    /// the log configs with topic synonyms (`DynamicLogConfig`), the fetcher thread count
    /// (`DynamicThreadPool`) and the replication quotas; every topic config is dynamic. Client
    /// keys count as dynamic because the simulated clients are rebuilt with the new settings (a
    /// real application would restart its producer).
    pub dynamic: bool,
    /// The value as [`Config::set`] takes it (`null` for a setting Kafka leaves unset).
    pub(super) get: fn(&Config) -> Value,
    /// Parses the value the way Kafka does and stores it; the key as written is for errors.
    pub(super) set: fn(&mut Config, &str, &Value) -> Result<(), ConfigError>,
}

/// Every key, in the scenario contract's order, the topic-only keys last.
pub const KEYS: &[KeySpec] = &[
    KeySpec {
        name: "replica.lag.time.max.ms",
        scope: Scope::Broker,
        topic_alias: None,
        dynamic: false,
        get: |c| c.replica_lag_time_max_ms.into(),
        set: |c, k, v| int(k, v, 1, LONG_MAX).map(|n| c.replica_lag_time_max_ms = n),
    },
    KeySpec {
        name: "replica.fetch.wait.max.ms",
        scope: Scope::Broker,
        topic_alias: None,
        dynamic: false,
        get: |c| c.replica_fetch_wait_max_ms.into(),
        set: |c, k, v| int(k, v, 0, INT_MAX).map(|n| c.replica_fetch_wait_max_ms = n),
    },
    KeySpec {
        name: "replica.fetch.min.bytes",
        scope: Scope::Broker,
        topic_alias: None,
        dynamic: false,
        get: |c| c.replica_fetch_min_bytes.into(),
        set: |c, k, v| int32(k, v, 0).map(|n| c.replica_fetch_min_bytes = n),
    },
    KeySpec {
        name: "replica.fetch.max.bytes",
        scope: Scope::Broker,
        topic_alias: None,
        dynamic: false,
        get: |c| c.replica_fetch_max_bytes.into(),
        set: |c, k, v| int32(k, v, 0).map(|n| c.replica_fetch_max_bytes = n),
    },
    KeySpec {
        name: "num.replica.fetchers",
        scope: Scope::Broker,
        topic_alias: None,
        dynamic: true,
        get: |c| c.num_replica_fetchers.into(),
        set: |c, k, v| int32(k, v, 1).map(|n| c.num_replica_fetchers = n),
    },
    KeySpec {
        name: "broker.session.timeout.ms",
        scope: Scope::Broker,
        topic_alias: None,
        dynamic: false,
        get: |c| c.broker_session_timeout_ms.into(),
        set: |c, k, v| int(k, v, 1, INT_MAX).map(|n| c.broker_session_timeout_ms = n),
    },
    KeySpec {
        name: "broker.heartbeat.interval.ms",
        scope: Scope::Broker,
        topic_alias: None,
        dynamic: false,
        get: |c| c.broker_heartbeat_interval_ms.into(),
        set: |c, k, v| int(k, v, 1, INT_MAX).map(|n| c.broker_heartbeat_interval_ms = n),
    },
    KeySpec {
        name: "zookeeper.session.timeout.ms",
        scope: Scope::Broker,
        topic_alias: None,
        dynamic: false,
        get: |c| c.zookeeper_session_timeout_ms.into(),
        set: |c, k, v| int(k, v, 1, INT_MAX).map(|n| c.zookeeper_session_timeout_ms = n),
    },
    KeySpec {
        name: "min.insync.replicas",
        scope: Scope::BrokerAndTopic,
        topic_alias: None,
        dynamic: true,
        get: |c| c.min_insync_replicas.into(),
        set: |c, k, v| int32(k, v, 1).map(|n| c.min_insync_replicas = n),
    },
    KeySpec {
        name: "unclean.leader.election.enable",
        scope: Scope::BrokerAndTopic,
        topic_alias: None,
        dynamic: true,
        get: |c| c.unclean_leader_election_enable.into(),
        set: |c, k, v| boolean(k, v).map(|b| c.unclean_leader_election_enable = b),
    },
    KeySpec {
        name: "auto.leader.rebalance.enable",
        scope: Scope::Broker,
        topic_alias: None,
        dynamic: false,
        get: |c| c.auto_leader_rebalance_enable.into(),
        set: |c, k, v| boolean(k, v).map(|b| c.auto_leader_rebalance_enable = b),
    },
    KeySpec {
        name: "leader.imbalance.check.interval.seconds",
        scope: Scope::Broker,
        topic_alias: None,
        dynamic: false,
        get: |c| c.leader_imbalance_check_interval_seconds.into(),
        set: |c, k, v| {
            int(k, v, 1, LONG_MAX).map(|n| c.leader_imbalance_check_interval_seconds = n)
        },
    },
    KeySpec {
        name: "replica.selector.class",
        scope: Scope::Broker,
        topic_alias: None,
        dynamic: false,
        get: |c| c.replica_selector_class.class_name().into(),
        set: |c, k, v| selector(k, v).map(|s| c.replica_selector_class = s),
    },
    KeySpec {
        name: "log.flush.interval.messages",
        scope: Scope::BrokerAndTopic,
        topic_alias: Some("flush.messages"),
        dynamic: true,
        get: |c| optional(c.log_flush_interval_messages),
        set: |c, k, v| opt_int(k, v, 1).map(|n| c.log_flush_interval_messages = n),
    },
    KeySpec {
        name: "log.flush.interval.ms",
        scope: Scope::BrokerAndTopic,
        topic_alias: Some("flush.ms"),
        dynamic: true,
        get: |c| optional(c.log_flush_interval_ms),
        set: |c, k, v| opt_int(k, v, 0).map(|n| c.log_flush_interval_ms = n),
    },
    KeySpec {
        name: "acks",
        scope: Scope::Client,
        topic_alias: None,
        dynamic: true,
        get: |c| c.acks.name().into(),
        set: |c, k, v| acks(k, v).map(|a| c.acks = a),
    },
    KeySpec {
        name: "retries",
        scope: Scope::Client,
        topic_alias: None,
        dynamic: true,
        get: |c| c.retries.into(),
        set: |c, k, v| int32(k, v, 0).map(|n| c.retries = n),
    },
    KeySpec {
        name: "enable.idempotence",
        scope: Scope::Client,
        topic_alias: None,
        dynamic: true,
        get: |c| c.enable_idempotence.into(),
        set: |c, k, v| {
            c.enable_idempotence = boolean(k, v)?;
            c.enable_idempotence_explicit = true;
            Ok(())
        },
    },
    KeySpec {
        name: "delivery.timeout.ms",
        scope: Scope::Client,
        topic_alias: None,
        dynamic: true,
        get: |c| c.delivery_timeout_ms.into(),
        set: |c, k, v| {
            c.delivery_timeout_ms = int(k, v, 0, INT_MAX)?;
            c.delivery_timeout_ms_explicit = true;
            Ok(())
        },
    },
    KeySpec {
        name: "request.timeout.ms",
        scope: Scope::Client,
        topic_alias: None,
        dynamic: true,
        get: |c| c.request_timeout_ms.into(),
        set: |c, k, v| int(k, v, 0, INT_MAX).map(|n| c.request_timeout_ms = n),
    },
    KeySpec {
        name: "retry.backoff.ms",
        scope: Scope::Client,
        topic_alias: None,
        dynamic: true,
        get: |c| c.retry_backoff_ms.into(),
        set: |c, k, v| int(k, v, 0, LONG_MAX).map(|n| c.retry_backoff_ms = n),
    },
    KeySpec {
        name: "linger.ms",
        scope: Scope::Client,
        topic_alias: None,
        dynamic: true,
        get: |c| c.linger_ms.into(),
        set: |c, k, v| int(k, v, 0, LONG_MAX).map(|n| c.linger_ms = n),
    },
    KeySpec {
        name: "client.rack",
        scope: Scope::Client,
        topic_alias: None,
        dynamic: true,
        get: |c| c.client_rack.clone().map_or(Value::Null, Value::from),
        set: |c, k, v| rack(k, v).map(|r| c.client_rack = r),
    },
    KeySpec {
        name: "network.latency.ms",
        scope: Scope::Simulator,
        topic_alias: None,
        dynamic: true,
        get: |c| c.network_latency_ms.into(),
        set: |c, k, v| int(k, v, 0, LONG_MAX).map(|n| c.network_latency_ms = n),
    },
    KeySpec {
        name: "leader.replication.throttled.rate",
        scope: Scope::Broker,
        topic_alias: None,
        dynamic: true,
        get: |c| optional(c.leader_replication_throttled_rate),
        set: |c, k, v| opt_int(k, v, 0).map(|n| c.leader_replication_throttled_rate = n),
    },
    KeySpec {
        name: "follower.replication.throttled.rate",
        scope: Scope::Broker,
        topic_alias: None,
        dynamic: true,
        get: |c| optional(c.follower_replication_throttled_rate),
        set: |c, k, v| opt_int(k, v, 0).map(|n| c.follower_replication_throttled_rate = n),
    },
    KeySpec {
        name: "auto.offset.reset",
        scope: Scope::Client,
        topic_alias: None,
        dynamic: true,
        get: |c| c.auto_offset_reset.name().into(),
        set: |c, k, v| offset_reset(k, v).map(|r| c.auto_offset_reset = r),
    },
    KeySpec {
        name: "metadata.max.age.ms",
        scope: Scope::Client,
        topic_alias: None,
        dynamic: true,
        get: |c| c.metadata_max_age_ms.into(),
        set: |c, k, v| int(k, v, 0, LONG_MAX).map(|n| c.metadata_max_age_ms = n),
    },
    KeySpec {
        name: "socket.connection.setup.timeout.ms",
        scope: Scope::Client,
        topic_alias: None,
        dynamic: true,
        get: |c| c.socket_connection_setup_timeout_ms.into(),
        set: |c, k, v| int(k, v, 1, LONG_MAX).map(|n| c.socket_connection_setup_timeout_ms = n),
    },
    KeySpec {
        // The KRaft controller's periodic unclean election scan (Kafka 3.9+, KAFKA-12670).
        name: "unclean.leader.election.interval.ms",
        scope: Scope::Broker,
        topic_alias: None,
        dynamic: false,
        get: |c| c.unclean_leader_election_interval_ms.into(),
        set: |c, k, v| int(k, v, 1, LONG_MAX).map(|n| c.unclean_leader_election_interval_ms = n),
    },
    // The replicas a replication quota applies to (KIP-73), which
    // `kafka-reassign-partitions.sh --throttle` sets on the topics it moves.
    KeySpec {
        name: "leader.replication.throttled.replicas",
        scope: Scope::Topic,
        topic_alias: None,
        dynamic: true,
        get: |c| replicas_value(&c.leader_replication_throttled_replicas),
        set: |c, k, v| {
            throttled_replicas(k, v).map(|r| c.leader_replication_throttled_replicas = Some(r))
        },
    },
    KeySpec {
        name: "follower.replication.throttled.replicas",
        scope: Scope::Topic,
        topic_alias: None,
        dynamic: true,
        get: |c| replicas_value(&c.follower_replication_throttled_replicas),
        set: |c, k, v| {
            throttled_replicas(k, v).map(|r| c.follower_replication_throttled_replicas = Some(r))
        },
    },
];

/// A setting Kafka leaves unset by default: `null` when unset.
fn optional(n: Option<u64>) -> Value {
    n.map_or(Value::Null, Value::from)
}

/// The derived lists below: which rows each holds.
#[derive(Clone, Copy)]
enum Selection {
    Known,
    TopicLevel,
    TopicOnly,
    Dynamic,
}

const fn selects(spec: &KeySpec, selection: Selection) -> bool {
    let topic_only = matches!(spec.scope, Scope::Topic);
    match selection {
        Selection::Known => !topic_only,
        Selection::TopicLevel => matches!(spec.scope, Scope::BrokerAndTopic),
        Selection::TopicOnly => topic_only,
        Selection::Dynamic => spec.dynamic && !topic_only,
    }
}

const fn count(selection: Selection) -> usize {
    let (mut i, mut n) = (0, 0);
    while i < KEYS.len() {
        if selects(&KEYS[i], selection) {
            n += 1;
        }
        i += 1;
    }
    n
}

/// The names of the selected rows, in the table's order.
const fn names<const N: usize>(selection: Selection) -> [&'static str; N] {
    let mut out = [""; N];
    let (mut i, mut n) = (0, 0);
    while i < KEYS.len() {
        if selects(&KEYS[i], selection) {
            out[n] = KEYS[i].name;
            n += 1;
        }
        i += 1;
    }
    out
}

/// Every key [`Config::set`] accepts, in the scenario contract's order.
pub const KNOWN_KEYS: &[&str] = &names::<{ count(Selection::Known) }>(Selection::Known);

/// Keys a topic may override (Kafka's topic configs with a broker-level synonym).
pub const TOPIC_LEVEL_KEYS: &[&str] =
    &names::<{ count(Selection::TopicLevel) }>(Selection::TopicLevel);

/// Topic configs with no broker-level synonym ([`Scope::Topic`]). Only a topic's overrides can
/// set them; they are dynamic, like every topic config.
pub const TOPIC_ONLY_KEYS: &[&str] =
    &names::<{ count(Selection::TopicOnly) }>(Selection::TopicOnly);

/// The keys [`Config::set`] accepts that may change while the simulation runs (see
/// [`KeySpec::dynamic`]); the topic-only keys are dynamic too.
pub const DYNAMIC_KEYS: &[&str] = &names::<{ count(Selection::Dynamic) }>(Selection::Dynamic);

/// The row of a known key, by its broker-level name or its topic-level alias.
pub fn key_spec(key: &str) -> Option<&'static KeySpec> {
    KEYS.iter()
        .find(|spec| spec.name == key || spec.topic_alias == Some(key))
}

/// The broker-level name for a known key or a topic-level alias; `None` for unknown keys.
pub fn canonical_key(key: &str) -> Option<&'static str> {
    key_spec(key).map(|spec| spec.name)
}

/// Whether a topic may override `key` (Kafka's topic-level spellings accepted too).
pub fn is_topic_level(key: &str) -> bool {
    key_spec(key).is_some_and(|spec| matches!(spec.scope, Scope::BrokerAndTopic | Scope::Topic))
}

/// Whether `key` is a topic config without a broker-level synonym ([`TOPIC_ONLY_KEYS`]).
pub fn is_topic_only(key: &str) -> bool {
    TOPIC_ONLY_KEYS.contains(&key)
}

/// Whether `key` may change while running (see [`KeySpec::dynamic`]).
pub fn is_dynamic(key: &str) -> bool {
    key_spec(key).is_some_and(|spec| spec.dynamic)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_and_alias_spells_one_row() {
        let mut spellings: Vec<&str> = KEYS
            .iter()
            .map(|spec| spec.name)
            .chain(KEYS.iter().filter_map(|spec| spec.topic_alias))
            .collect();
        let n = spellings.len();
        spellings.sort_unstable();
        spellings.dedup();
        assert_eq!(spellings.len(), n, "a spelling names two rows");
    }

    #[test]
    fn the_lists_derive_from_the_rows() {
        assert_eq!(KNOWN_KEYS.len() + TOPIC_ONLY_KEYS.len(), KEYS.len());
        // LogConfig's topic configs with a broker synonym, and their topic-level spellings.
        assert_eq!(
            TOPIC_LEVEL_KEYS,
            [
                "min.insync.replicas",
                "unclean.leader.election.enable",
                "log.flush.interval.messages",
                "log.flush.interval.ms",
            ]
        );
        let flush_messages = canonical_key("flush.messages");
        assert_eq!(flush_messages, Some("log.flush.interval.messages"));
        assert_eq!(canonical_key("flush.ms"), Some("log.flush.interval.ms"));
        // Every topic config is dynamic; DYNAMIC_KEYS lists the ones Config::set accepts.
        assert!(TOPIC_LEVEL_KEYS
            .iter()
            .chain(TOPIC_ONLY_KEYS)
            .all(|k| is_dynamic(k)));
        assert!(DYNAMIC_KEYS
            .iter()
            .all(|k| is_dynamic(k) && KNOWN_KEYS.contains(k)));
        let dynamic_rows = KEYS.iter().filter(|spec| spec.dynamic).count();
        assert_eq!(DYNAMIC_KEYS.len() + TOPIC_ONLY_KEYS.len(), dynamic_rows);
    }
}
