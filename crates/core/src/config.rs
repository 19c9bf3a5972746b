//! Kafka settings the simulator honours: Kafka's property names, Kafka's defaults per profile
//! (era), and Kafka's validation.
//!
//! Broker, topic, producer and consumer settings share one map in a scenario, as the scenario
//! contract says. [`Config`] holds one typed field per key (Rust name = Kafka name with dots
//! turned into underscores). [`Config::set`] takes a key and a JSON value the way Kafka reads a
//! properties file: numbers, booleans or their string spellings (`500`, `"500"`, `true`,
//! `"true"`).
//!
//! Cross-key rules (idempotence needs `acks=all`, the delivery timeout must cover linger plus the
//! request timeout) are Kafka's producer rules, and like Kafka they only fire when the user set
//! the key explicitly; when the default conflicts, Kafka quietly adjusts instead (see
//! [`Config::effective_idempotence`] and [`Config::effective_delivery_timeout_ms`]).

pub use crate::rules::throttle::ThrottledReplicas;
use crate::text;
use crate::text::Text;
use serde_json::Value;
use std::fmt;

/// Which Kafka era the simulator imitates (the semantics table's profiles).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Profile {
    /// Kafka 4.1+: KRaft with Eligible Leader Replicas (KIP-966).
    KraftElr,
    /// Kafka 3.9–4.0: KRaft with strict min ISR, no ELR, and the controller's periodic unclean
    /// election scan (KAFKA-12670; 3.7 and 3.8 ignored `unclean.leader.election.enable`).
    #[default]
    Kraft,
    /// Kafka 2.5–3.6: ZooKeeper controller, leader-epoch truncation.
    Zk,
    /// Kafka before 0.11: followers truncate to their own high watermark (pre KIP-101).
    HwTruncation,
}

impl Profile {
    pub const ALL: [Profile; 4] = [
        Profile::KraftElr,
        Profile::Kraft,
        Profile::Zk,
        Profile::HwTruncation,
    ];

    /// The profile named as in scenario files (`kraft-elr`, `kraft`, `zk`, `hw-truncation`).
    pub fn from_name(name: &str) -> Option<Profile> {
        Profile::ALL.into_iter().find(|p| p.name() == name)
    }

    pub fn name(&self) -> &'static str {
        match self {
            Profile::KraftElr => "kraft-elr",
            Profile::Kraft => "kraft",
            Profile::Zk => "zk",
            Profile::HwTruncation => "hw-truncation",
        }
    }

    /// One sentence on what sets this profile apart, for the UI and `describe`.
    pub fn describe(&self) -> &'static str {
        match self {
            Profile::KraftElr => {
                "Kafka 4.1+ (KRaft, 9 s broker session): leader-epoch truncation, the high \
                 watermark frozen while the ISR is below min.insync.replicas, and replicas that \
                 leave a too-small ISR stay electable as Eligible Leader Replicas (KIP-966)."
            }
            Profile::Kraft => {
                "Kafka 3.9–4.0 (KRaft, 9 s broker session): leader-epoch truncation and the high \
                 watermark frozen while the ISR is below min.insync.replicas, but no ELR, so a \
                 partition whose last ISR member dies stays offline until that broker returns. \
                 unclean.leader.election.enable switched on at run time acts at the \
                 controller's periodic scan (3.7 and 3.8 ignored it)."
            }
            Profile::Zk => {
                "Kafka 2.5–3.6 (ZooKeeper, 18 s session): leader-epoch truncation, but the high \
                 watermark advances with any ISR size, and every ISR change the controller makes \
                 (a failed broker removed) bumps the leader epoch."
            }
            Profile::HwTruncation => {
                "Kafka before 0.11 (ZooKeeper): a follower truncates to its own high watermark, \
                 which can lose acknowledged records and leave logs divergent (KIP-101); acks=1 \
                 and unclean leader election are the defaults."
            }
        }
    }

    /// Followers find the divergence point from leader epochs (KIP-101/279), not from their HW.
    pub fn uses_leader_epoch_truncation(&self) -> bool {
        !matches!(self, Profile::HwTruncation)
    }

    /// Kafka 3.7+: the leader HW does not advance while |ISR| < effective min ISR.
    pub fn strict_min_isr(&self) -> bool {
        matches!(self, Profile::KraftElr | Profile::Kraft)
    }

    /// Kafka 3.6+ (KAFKA-15021): a caught-up follower outside the ISR holds the leader's HW only
    /// if it is eligible to join the ISR. The `zk` profile follows 2.5–3.5, where being caught
    /// up was enough (3.6's ZooKeeper mode only checked the broker was alive).
    pub fn hw_waits_only_for_isr_eligible_followers(&self) -> bool {
        matches!(self, Profile::KraftElr | Profile::Kraft)
    }

    /// Eligible Leader Replicas (KIP-966).
    pub fn elr_enabled(&self) -> bool {
        matches!(self, Profile::KraftElr)
    }

    /// `kafka-leader-election.sh --election-type PREFERRED|UNCLEAN` exists: Kafka 2.4+ (KIP-460,
    /// `LeaderElectionCommand`). Before 0.11 only a preferred election could be asked for
    /// (`kafka-preferred-replica-election.sh`, the scenario's `elect_preferred`).
    pub fn has_leader_election_command(&self) -> bool {
        !matches!(self, Profile::HwTruncation)
    }

    /// ZooKeeper-era controller: session expiry instead of KRaft fencing.
    pub fn is_zookeeper(&self) -> bool {
        matches!(self, Profile::Zk | Profile::HwTruncation)
    }

    /// The ZooKeeper controller bumped the leader epoch on every ISR change; KRaft does not.
    pub fn bumps_epoch_on_isr_change(&self) -> bool {
        self.is_zookeeper()
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

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
    fn new(key: &str, kind: ConfigErrorKind, message: Text) -> Self {
        Self {
            key: key.to_string(),
            kind,
            message,
        }
    }

    fn invalid(key: &str, expected: Text, got: &Value) -> Self {
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

/// Every key [`Config::set`] accepts, in the scenario contract's order.
pub const KNOWN_KEYS: &[&str] = &[
    "replica.lag.time.max.ms",
    "replica.fetch.wait.max.ms",
    "replica.fetch.min.bytes",
    "replica.fetch.max.bytes",
    "num.replica.fetchers",
    "broker.session.timeout.ms",
    "broker.heartbeat.interval.ms",
    "zookeeper.session.timeout.ms",
    "min.insync.replicas",
    "unclean.leader.election.enable",
    "auto.leader.rebalance.enable",
    "leader.imbalance.check.interval.seconds",
    "replica.selector.class",
    "log.flush.interval.messages",
    "log.flush.interval.ms",
    "acks",
    "retries",
    "enable.idempotence",
    "delivery.timeout.ms",
    "request.timeout.ms",
    "retry.backoff.ms",
    "linger.ms",
    "client.rack",
    "network.latency.ms",
    "leader.replication.throttled.rate",
    "follower.replication.throttled.rate",
    "auto.offset.reset",
    "metadata.max.age.ms",
    "socket.connection.setup.timeout.ms",
    "unclean.leader.election.interval.ms",
];

/// Keys a topic may override (Kafka's topic configs with a broker-level synonym).
pub const TOPIC_LEVEL_KEYS: &[&str] = &[
    "min.insync.replicas",
    "unclean.leader.election.enable",
    "log.flush.interval.messages",
    "log.flush.interval.ms",
];

/// Topic configs with no broker-level synonym: the replicas a replication quota applies to
/// (KIP-73), which `kafka-reassign-partitions.sh --throttle` sets on the topics it moves. Only a
/// topic's overrides can set them; they are dynamic, like every topic config.
pub const TOPIC_ONLY_KEYS: &[&str] = &[
    "leader.replication.throttled.replicas",
    "follower.replication.throttled.replicas",
];

/// Kafka's topic-level spellings of broker keys (`LogConfig`'s synonyms).
const TOPIC_ALIASES: &[(&str, &str)] = &[
    ("flush.messages", "log.flush.interval.messages"),
    ("flush.ms", "log.flush.interval.ms"),
];

/// Keys that may change while the simulation runs. Broker keys follow Kafka's
/// `DynamicBrokerConfig`: the log configs with topic synonyms (`DynamicLogConfig`), the fetcher
/// thread count (`DynamicThreadPool`) and the replication quotas. Client keys count as dynamic
/// because the simulated clients are rebuilt with the new settings (a real application would
/// restart its producer). `network.latency.ms` is the simulator's own knob.
pub const DYNAMIC_KEYS: &[&str] = &[
    "min.insync.replicas",
    "unclean.leader.election.enable",
    "log.flush.interval.messages",
    "log.flush.interval.ms",
    "num.replica.fetchers",
    "leader.replication.throttled.rate",
    "follower.replication.throttled.rate",
    "acks",
    "retries",
    "enable.idempotence",
    "delivery.timeout.ms",
    "request.timeout.ms",
    "retry.backoff.ms",
    "linger.ms",
    "client.rack",
    "network.latency.ms",
    "auto.offset.reset",
    "metadata.max.age.ms",
    "socket.connection.setup.timeout.ms",
];

/// The broker-level name for a known key or a topic-level alias; `None` for unknown keys.
pub fn canonical_key(key: &str) -> Option<&'static str> {
    if let Some(known) = KNOWN_KEYS
        .iter()
        .chain(TOPIC_ONLY_KEYS)
        .find(|k| **k == key)
    {
        return Some(known);
    }
    TOPIC_ALIASES
        .iter()
        .find(|(alias, _)| *alias == key)
        .map(|(_, canonical)| *canonical)
}

/// Whether a topic may override `key` (Kafka's topic-level spellings accepted too).
pub fn is_topic_level(key: &str) -> bool {
    canonical_key(key)
        .is_some_and(|k| TOPIC_LEVEL_KEYS.contains(&k) || TOPIC_ONLY_KEYS.contains(&k))
}

/// Whether `key` is a topic config without a broker-level synonym ([`TOPIC_ONLY_KEYS`]).
pub fn is_topic_only(key: &str) -> bool {
    TOPIC_ONLY_KEYS.contains(&key)
}

/// Whether `key` may change while running (see [`DYNAMIC_KEYS`]).
pub fn is_dynamic(key: &str) -> bool {
    canonical_key(key).is_some_and(|k| DYNAMIC_KEYS.contains(&k) || TOPIC_ONLY_KEYS.contains(&k))
}

/// Kafka's `INT` and `LONG` upper bounds: larger values fail Kafka's own parsing.
const INT_MAX: u64 = i32::MAX as u64;
const LONG_MAX: u64 = i64::MAX as u64;

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
    /// Kafka's defaults for the era the profile imitates.
    pub fn defaults_for(profile: Profile) -> Config {
        let current = Config::current_kafka();
        match profile {
            Profile::KraftElr | Profile::Kraft => current,
            Profile::Zk => Config::zookeeper_era(current),
            Profile::HwTruncation => Config::pre_0_11_era(Config::zookeeper_era(current)),
        }
    }

    /// Current Kafka (4.x) defaults.
    fn current_kafka() -> Config {
        Config {
            replica_lag_time_max_ms: 30_000,
            replica_fetch_wait_max_ms: 500,
            replica_fetch_min_bytes: 1,
            replica_fetch_max_bytes: 1_048_576,
            num_replica_fetchers: 1,
            broker_session_timeout_ms: 9_000,
            broker_heartbeat_interval_ms: 2_000,
            zookeeper_session_timeout_ms: 18_000,
            min_insync_replicas: 1,
            unclean_leader_election_enable: false,
            auto_leader_rebalance_enable: true,
            leader_imbalance_check_interval_seconds: 300,
            replica_selector_class: ReplicaSelector::Leader,
            log_flush_interval_messages: None,
            log_flush_interval_ms: None,
            acks: Acks::All,
            retries: i32::MAX as u32,
            enable_idempotence: true,
            enable_idempotence_explicit: false,
            delivery_timeout_ms: 120_000,
            delivery_timeout_ms_explicit: false,
            request_timeout_ms: 30_000,
            retry_backoff_ms: 100,
            // KIP-1030 raised the producer's linger.ms from 0 to 5 in Kafka 4.0.
            linger_ms: 5,
            client_rack: None,
            auto_offset_reset: AutoOffsetReset::Latest,
            metadata_max_age_ms: 300_000,
            socket_connection_setup_timeout_ms: 10_000,
            unclean_leader_election_interval_ms: 300_000,
            network_latency_ms: 1,
            leader_replication_throttled_rate: None,
            follower_replication_throttled_rate: None,
            leader_replication_throttled_replicas: None,
            follower_replication_throttled_replicas: None,
        }
    }

    /// Kafka 2.5–3.6 defaults; the `zk` profile follows the brief's choice of acks=all and
    /// idempotence on (the 3.x producer defaults) for the whole era.
    fn zookeeper_era(current: Config) -> Config {
        Config {
            // linger.ms was 0 until KIP-1030 (Kafka 4.0).
            linger_ms: 0,
            // 30000 since Kafka 2.5 (KIP-537); the same as today.
            replica_lag_time_max_ms: 30_000,
            // 18000 since Kafka 2.5 (KIP-537).
            zookeeper_session_timeout_ms: 18_000,
            ..current
        }
    }

    /// Kafka 0.10 defaults, where they differ from the ZooKeeper era after it.
    fn pre_0_11_era(zk: Config) -> Config {
        Config {
            // The producer acknowledged after the leader's append until Kafka 3.0 (KIP-679).
            acks: Acks::One,
            // Unclean election was on by default until 0.11 (KIP-106).
            unclean_leader_election_enable: true,
            // The idempotent producer arrived in 0.11 (KIP-98); there was none to enable.
            enable_idempotence: false,
            // The producer did not retry by default until 2.1 (KIP-91).
            retries: 0,
            // 10000 and 6000 until Kafka 2.5 raised them (KIP-537).
            replica_lag_time_max_ms: 10_000,
            zookeeper_session_timeout_ms: 6_000,
            ..zk
        }
    }

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
        let opt = |n: Option<u64>| n.map_or(Value::Null, Value::from);
        let value = match canonical_key(key)? {
            "replica.lag.time.max.ms" => self.replica_lag_time_max_ms.into(),
            "replica.fetch.wait.max.ms" => self.replica_fetch_wait_max_ms.into(),
            "replica.fetch.min.bytes" => self.replica_fetch_min_bytes.into(),
            "replica.fetch.max.bytes" => self.replica_fetch_max_bytes.into(),
            "num.replica.fetchers" => self.num_replica_fetchers.into(),
            "broker.session.timeout.ms" => self.broker_session_timeout_ms.into(),
            "broker.heartbeat.interval.ms" => self.broker_heartbeat_interval_ms.into(),
            "zookeeper.session.timeout.ms" => self.zookeeper_session_timeout_ms.into(),
            "min.insync.replicas" => self.min_insync_replicas.into(),
            "unclean.leader.election.enable" => self.unclean_leader_election_enable.into(),
            "auto.leader.rebalance.enable" => self.auto_leader_rebalance_enable.into(),
            "leader.imbalance.check.interval.seconds" => {
                self.leader_imbalance_check_interval_seconds.into()
            }
            "replica.selector.class" => self.replica_selector_class.class_name().into(),
            "log.flush.interval.messages" => opt(self.log_flush_interval_messages),
            "log.flush.interval.ms" => opt(self.log_flush_interval_ms),
            "acks" => self.acks.name().into(),
            "retries" => self.retries.into(),
            "enable.idempotence" => self.enable_idempotence.into(),
            "delivery.timeout.ms" => self.delivery_timeout_ms.into(),
            "request.timeout.ms" => self.request_timeout_ms.into(),
            "retry.backoff.ms" => self.retry_backoff_ms.into(),
            "linger.ms" => self.linger_ms.into(),
            "client.rack" => self.client_rack.clone().map_or(Value::Null, Value::from),
            "auto.offset.reset" => self.auto_offset_reset.name().into(),
            "metadata.max.age.ms" => self.metadata_max_age_ms.into(),
            "socket.connection.setup.timeout.ms" => self.socket_connection_setup_timeout_ms.into(),
            "unclean.leader.election.interval.ms" => {
                self.unclean_leader_election_interval_ms.into()
            }
            "network.latency.ms" => self.network_latency_ms.into(),
            "leader.replication.throttled.rate" => opt(self.leader_replication_throttled_rate),
            "follower.replication.throttled.rate" => opt(self.follower_replication_throttled_rate),
            "leader.replication.throttled.replicas" => {
                replicas_value(&self.leader_replication_throttled_replicas)
            }
            "follower.replication.throttled.replicas" => {
                replicas_value(&self.follower_replication_throttled_replicas)
            }
            _ => return None,
        };
        Some(value)
    }

    /// One key, checked alone (no cross-key rules).
    fn set_field(&mut self, key: &str, v: &Value) -> Result<(), ConfigError> {
        match key {
            "replica.lag.time.max.ms" => self.replica_lag_time_max_ms = int(key, v, 1, LONG_MAX)?,
            "replica.fetch.wait.max.ms" => {
                self.replica_fetch_wait_max_ms = int(key, v, 0, INT_MAX)?
            }
            "replica.fetch.min.bytes" => self.replica_fetch_min_bytes = int32(key, v, 0)?,
            "replica.fetch.max.bytes" => self.replica_fetch_max_bytes = int32(key, v, 0)?,
            "num.replica.fetchers" => self.num_replica_fetchers = int32(key, v, 1)?,
            "broker.session.timeout.ms" => {
                self.broker_session_timeout_ms = int(key, v, 1, INT_MAX)?
            }
            "broker.heartbeat.interval.ms" => {
                self.broker_heartbeat_interval_ms = int(key, v, 1, INT_MAX)?
            }
            "zookeeper.session.timeout.ms" => {
                self.zookeeper_session_timeout_ms = int(key, v, 1, INT_MAX)?
            }
            "min.insync.replicas" => self.min_insync_replicas = int32(key, v, 1)?,
            "unclean.leader.election.enable" => {
                self.unclean_leader_election_enable = boolean(key, v)?
            }
            "auto.leader.rebalance.enable" => self.auto_leader_rebalance_enable = boolean(key, v)?,
            "leader.imbalance.check.interval.seconds" => {
                self.leader_imbalance_check_interval_seconds = int(key, v, 1, LONG_MAX)?
            }
            "replica.selector.class" => self.replica_selector_class = selector(key, v)?,
            "log.flush.interval.messages" => self.log_flush_interval_messages = opt_int(key, v, 1)?,
            "log.flush.interval.ms" => self.log_flush_interval_ms = opt_int(key, v, 0)?,
            _ => return self.set_client_field(key, v),
        }
        Ok(())
    }

    /// Producer, consumer and simulator keys.
    fn set_client_field(&mut self, key: &str, v: &Value) -> Result<(), ConfigError> {
        match key {
            "acks" => self.acks = acks(key, v)?,
            "retries" => self.retries = int32(key, v, 0)?,
            "enable.idempotence" => {
                self.enable_idempotence = boolean(key, v)?;
                self.enable_idempotence_explicit = true;
            }
            "delivery.timeout.ms" => {
                self.delivery_timeout_ms = int(key, v, 0, INT_MAX)?;
                self.delivery_timeout_ms_explicit = true;
            }
            "request.timeout.ms" => self.request_timeout_ms = int(key, v, 0, INT_MAX)?,
            "retry.backoff.ms" => self.retry_backoff_ms = int(key, v, 0, LONG_MAX)?,
            "linger.ms" => self.linger_ms = int(key, v, 0, LONG_MAX)?,
            "client.rack" => self.client_rack = rack(key, v)?,
            "auto.offset.reset" => self.auto_offset_reset = offset_reset(key, v)?,
            "metadata.max.age.ms" => self.metadata_max_age_ms = int(key, v, 0, LONG_MAX)?,
            "socket.connection.setup.timeout.ms" => {
                self.socket_connection_setup_timeout_ms = int(key, v, 1, LONG_MAX)?
            }
            "unclean.leader.election.interval.ms" => {
                self.unclean_leader_election_interval_ms = int(key, v, 1, LONG_MAX)?
            }
            "network.latency.ms" => self.network_latency_ms = int(key, v, 0, LONG_MAX)?,
            "leader.replication.throttled.rate" => {
                self.leader_replication_throttled_rate = opt_int(key, v, 0)?
            }
            "follower.replication.throttled.rate" => {
                self.follower_replication_throttled_rate = opt_int(key, v, 0)?
            }
            _ => return Err(unknown_key_error(key)),
        }
        Ok(())
    }
}

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
        if !TOPIC_LEVEL_KEYS.contains(&canonical) && !is_topic_only(canonical) {
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

/// "unknown key; known keys are …".
pub fn unknown_key_error(key: &str) -> ConfigError {
    let known = KNOWN_KEYS.join(", ");
    let alias = TOPIC_ALIASES.iter().find(|(alias, _)| *alias == key);
    let message = if let Some((alias, canonical)) = alias {
        text!(
            "unknown key ({alias} is the per-topic name of {canonical}); known keys are {known}",
            alias,
            canonical,
            known
        )
    } else if is_topic_only(key) {
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
fn unknown_topic_key_error(key: &str) -> ConfigError {
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

/// `ThrottledReplicaListValidator`: `*` or `partition:broker,…`, as a string.
fn throttled_replicas(key: &str, v: &Value) -> Result<ThrottledReplicas, ConfigError> {
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

fn replicas_value(r: &Option<ThrottledReplicas>) -> Value {
    r.as_ref().map_or(Value::Null, |r| r.to_string().into())
}

/// The error for a key that Kafka reads only at startup; used by `set_config` validation.
pub fn not_dynamic_error(key: &str) -> ConfigError {
    let message = text!(
        "cannot change while running (Kafka reads it at startup); keys that can are {keys}",
        keys = DYNAMIC_KEYS.join(", ")
    );
    ConfigError::new(key, ConfigErrorKind::NotDynamic, message)
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
fn int(key: &str, v: &Value, min: u64, max: u64) -> Result<u64, ConfigError> {
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
fn int32(key: &str, v: &Value, min: u64) -> Result<u32, ConfigError> {
    let n = int(key, v, min, INT_MAX)?;
    u32::try_from(n).map_err(|_| ConfigError::invalid(key, text!("a 32-bit integer"), v))
}

/// A `LONG` that Kafka leaves unset by default; `null` means unset.
fn opt_int(key: &str, v: &Value, min: u64) -> Result<Option<u64>, ConfigError> {
    if v.is_null() {
        return Ok(None);
    }
    int(key, v, min, LONG_MAX).map(Some)
}

/// Kafka accepts `true`/`false` in any letter case.
fn boolean(key: &str, v: &Value) -> Result<bool, ConfigError> {
    match v {
        Value::Bool(b) => Ok(*b),
        Value::String(s) if s.trim().eq_ignore_ascii_case("true") => Ok(true),
        Value::String(s) if s.trim().eq_ignore_ascii_case("false") => Ok(false),
        _ => Err(ConfigError::invalid(key, text!("true or false"), v)),
    }
}

fn acks(key: &str, v: &Value) -> Result<Acks, ConfigError> {
    Acks::from_json(v).ok_or_else(|| ConfigError::invalid(key, text!("0, 1, \"all\" or -1"), v))
}

fn selector(key: &str, v: &Value) -> Result<ReplicaSelector, ConfigError> {
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
fn offset_reset(key: &str, v: &Value) -> Result<AutoOffsetReset, ConfigError> {
    v.as_str()
        .and_then(|s| AutoOffsetReset::from_name(s.trim()))
        .ok_or_else(|| ConfigError::invalid(key, text!("\"latest\", \"earliest\" or \"none\""), v))
}

/// `client.rack`: Kafka's default is the empty string, meaning no rack.
fn rack(key: &str, v: &Value) -> Result<Option<String>, ConfigError> {
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
    use super::*;
    use serde_json::json;

    #[test]
    fn profiles_round_trip_their_names() {
        for p in Profile::ALL {
            assert_eq!(Profile::from_name(p.name()), Some(p));
        }
        assert_eq!(Profile::default(), Profile::Kraft);
        assert_eq!(Profile::from_name("KRaft"), None);
    }

    #[test]
    fn kafka_leader_election_sh_exists_from_kafka_2_4() {
        // LeaderElectionCommand arrived with KIP-460 in 2.4: every profile but the pre-0.11 one.
        for (profile, expected) in [
            (Profile::KraftElr, true),
            (Profile::Kraft, true),
            (Profile::Zk, true),
            (Profile::HwTruncation, false),
        ] {
            assert_eq!(
                profile.has_leader_election_command(),
                expected,
                "{profile:?}"
            );
        }
    }

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
