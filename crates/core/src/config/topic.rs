//! A topic's overrides of the broker's settings (`kafka-configs.sh --entity-type topics`).

use super::errors::{not_topic_level_error, unknown_topic_key_error};
use super::keys::{canonical_key, is_topic_level, TOPIC_ONLY_KEYS};
use super::values::{boolean, int32, opt_int, throttled_replicas};
use super::{ConfigError, ThrottledReplicas};
use serde_json::Value;

/// Per-topic overrides (`kafka-configs.sh --entity-type topics`); `None` = the broker's value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TopicConfig {
    pub min_insync_replicas: Option<u32>,
    pub unclean_leader_election_enable: Option<bool>,
    pub log_flush_interval_messages: Option<u64>,
    pub log_flush_interval_ms: Option<u64>,
    pub leader_replication_throttled_replicas: Option<ThrottledReplicas>,
    pub follower_replication_throttled_replicas: Option<ThrottledReplicas>,
}

impl TopicConfig {
    /// Sets one override; the broker-level name or Kafka's topic-level name (`flush.messages`,
    /// `flush.ms`). JSON `null` removes the override, as `--delete-config` does.
    pub fn set(&mut self, key: &str, v: &Value) -> Result<(), ConfigError> {
        let Some(canonical) = canonical_key(key) else {
            return Err(unknown_topic_key_error(key));
        };
        if !is_topic_level(canonical) {
            return Err(not_topic_level_error(key));
        }
        if v.is_null() {
            self.clear(canonical);
            return Ok(());
        }
        match canonical {
            "min.insync.replicas" => self.min_insync_replicas = Some(int32(key, v, 1)?),
            "unclean.leader.election.enable" => {
                self.unclean_leader_election_enable = Some(boolean(key, v)?)
            }
            "log.flush.interval.messages" => self.log_flush_interval_messages = opt_int(key, v, 1)?,
            "leader.replication.throttled.replicas" => {
                self.leader_replication_throttled_replicas = Some(throttled_replicas(key, v)?)
            }
            "follower.replication.throttled.replicas" => {
                self.follower_replication_throttled_replicas = Some(throttled_replicas(key, v)?)
            }
            _ => self.log_flush_interval_ms = opt_int(key, v, 0)?,
        }
        Ok(())
    }

    fn clear(&mut self, canonical: &str) {
        match canonical {
            "min.insync.replicas" => self.min_insync_replicas = None,
            "unclean.leader.election.enable" => self.unclean_leader_election_enable = None,
            "log.flush.interval.messages" => self.log_flush_interval_messages = None,
            "leader.replication.throttled.replicas" => {
                self.leader_replication_throttled_replicas = None
            }
            "follower.replication.throttled.replicas" => {
                self.follower_replication_throttled_replicas = None
            }
            _ => self.log_flush_interval_ms = None,
        }
    }

    pub fn is_empty(&self) -> bool {
        *self == TopicConfig::default()
    }

    /// The overrides as a config map with broker-level key names.
    pub fn to_json(&self) -> serde_json::Map<String, Value> {
        let mut map = serde_json::Map::new();
        if let Some(n) = self.min_insync_replicas {
            map.insert("min.insync.replicas".into(), n.into());
        }
        if let Some(b) = self.unclean_leader_election_enable {
            map.insert("unclean.leader.election.enable".into(), b.into());
        }
        if let Some(n) = self.log_flush_interval_messages {
            map.insert("log.flush.interval.messages".into(), n.into());
        }
        if let Some(n) = self.log_flush_interval_ms {
            map.insert("log.flush.interval.ms".into(), n.into());
        }
        if let Some(r) = &self.leader_replication_throttled_replicas {
            map.insert(TOPIC_ONLY_KEYS[0].into(), r.to_string().into());
        }
        if let Some(r) = &self.follower_replication_throttled_replicas {
            map.insert(TOPIC_ONLY_KEYS[1].into(), r.to_string().into());
        }
        map
    }
}
