//! The config map: Kafka's defaults per era, Kafka's spellings, and Kafka's refusals.

use replication_core::config::{
    is_dynamic, is_topic_level, Acks, Config, ConfigErrorKind, Profile, ReplicaSelector,
    TopicConfig, KNOWN_KEYS,
};
use replication_core::scenario::parse_scenario;
use serde_json::json;

#[test]
fn current_kafka_defaults_apply_to_the_kraft_profiles() {
    for profile in [Profile::Kraft, Profile::KraftElr] {
        let c = Config::defaults_for(profile);
        assert_eq!(c.replica_lag_time_max_ms, 30_000);
        assert_eq!(c.replica_fetch_wait_max_ms, 500);
        assert_eq!(c.replica_fetch_min_bytes, 1);
        assert_eq!(c.replica_fetch_max_bytes, 1_048_576);
        assert_eq!(c.num_replica_fetchers, 1);
        assert_eq!(c.broker_session_timeout_ms, 9_000);
        assert_eq!(c.broker_heartbeat_interval_ms, 2_000);
        assert_eq!(c.min_insync_replicas, 1);
        assert!(!c.unclean_leader_election_enable);
        assert!(c.auto_leader_rebalance_enable);
        assert_eq!(c.leader_imbalance_check_interval_seconds, 300);
        assert_eq!(c.replica_selector_class, ReplicaSelector::Leader);
        assert_eq!(c.log_flush_interval_messages, None);
        assert_eq!(c.acks, Acks::All);
        assert_eq!(c.retries, 2_147_483_647);
        assert!(c.enable_idempotence && !c.enable_idempotence_explicit);
        assert_eq!(c.delivery_timeout_ms, 120_000);
        assert_eq!(c.request_timeout_ms, 30_000);
        assert_eq!(c.retry_backoff_ms, 100);
        assert_eq!(c.linger_ms, 5, "KIP-1030 (Kafka 4.0)");
        assert_eq!(c.network_latency_ms, 1);
        assert_eq!(c.client_rack, None);
    }
    assert_eq!(Config::default(), Config::defaults_for(Profile::Kraft));
}

#[test]
fn the_zookeeper_profile_has_an_18_second_session_and_no_linger() {
    let c = Config::defaults_for(Profile::Zk);
    assert_eq!(c.zookeeper_session_timeout_ms, 18_000);
    assert_eq!(c.replica_lag_time_max_ms, 30_000);
    assert_eq!(c.linger_ms, 0);
    assert_eq!(c.acks, Acks::All);
    assert!(c.enable_idempotence);
    assert!(!c.unclean_leader_election_enable);
}

#[test]
fn the_pre_0_11_profile_uses_that_eras_defaults() {
    let c = Config::defaults_for(Profile::HwTruncation);
    assert_eq!(c.acks, Acks::One);
    assert!(c.unclean_leader_election_enable);
    assert!(!c.enable_idempotence);
    assert_eq!(c.replica_lag_time_max_ms, 10_000);
    assert_eq!(c.zookeeper_session_timeout_ms, 6_000);
    assert_eq!(c.retries, 0);
    assert_eq!(c.linger_ms, 0);
    assert!(c.validate().is_ok());
}

#[test]
fn profile_helpers_follow_the_semantics_table() {
    use Profile::*;
    let row = |p: Profile| {
        (
            p.uses_leader_epoch_truncation(),
            p.strict_min_isr(),
            p.elr_enabled(),
            p.is_zookeeper(),
            p.bumps_epoch_on_isr_change(),
        )
    };
    assert_eq!(row(KraftElr), (true, true, true, false, false));
    assert_eq!(row(Kraft), (true, true, false, false, false));
    assert_eq!(row(Zk), (true, false, false, true, true));
    assert_eq!(row(HwTruncation), (false, false, false, true, true));
    for p in Profile::ALL {
        assert_eq!(Profile::from_name(p.name()), Some(p));
        assert!(p.describe().ends_with('.'));
    }
}

#[test]
fn values_are_accepted_as_kafka_writes_them() {
    let mut c = Config::default();
    c.set("replica.lag.time.max.ms", &json!("500")).unwrap();
    assert_eq!(c.replica_lag_time_max_ms, 500);
    c.set("replica.lag.time.max.ms", &json!(600)).unwrap();
    assert_eq!(c.replica_lag_time_max_ms, 600);
    c.set("unclean.leader.election.enable", &json!("TRUE"))
        .unwrap();
    assert!(c.unclean_leader_election_enable);
    c.set("unclean.leader.election.enable", &json!(false))
        .unwrap();
    assert!(!c.unclean_leader_election_enable);
    c.set("log.flush.interval.messages", &json!("1")).unwrap();
    assert_eq!(c.log_flush_interval_messages, Some(1));
    c.set("log.flush.interval.messages", &json!(null)).unwrap();
    assert_eq!(c.log_flush_interval_messages, None);
    c.set("client.rack", &json!("")).unwrap();
    assert_eq!(c.client_rack, None);
    c.set("client.rack", &json!("b")).unwrap();
    assert_eq!(c.client_rack.as_deref(), Some("b"));
}

#[test]
fn acks_accepts_every_kafka_spelling() {
    for (v, expected) in [
        (json!(0), Acks::Zero),
        (json!("0"), Acks::Zero),
        (json!(1), Acks::One),
        (json!("1"), Acks::One),
        (json!(-1), Acks::All),
        (json!("-1"), Acks::All),
        (json!("all"), Acks::All),
    ] {
        assert_eq!(Acks::from_json(&v), Some(expected), "{v}");
    }
    assert_eq!(Acks::from_json(&json!(2)), None);
    assert_eq!(Acks::from_json(&json!(true)), None);
    assert_eq!(Acks::One.name(), "1");
    assert_eq!(Acks::All.name(), "all");
}

#[test]
fn the_replica_selector_accepts_full_and_bare_class_names() {
    let mut c = Config::default();
    for name in [
        "org.apache.kafka.common.replica.RackAwareReplicaSelector",
        "RackAwareReplicaSelector",
    ] {
        c.set("replica.selector.class", &json!(name)).unwrap();
        assert_eq!(c.replica_selector_class, ReplicaSelector::RackAware);
    }
    for name in [
        "org.apache.kafka.common.replica.LeaderSelector",
        "LeaderSelector",
    ] {
        c.set("replica.selector.class", &json!(name)).unwrap();
        assert_eq!(c.replica_selector_class, ReplicaSelector::Leader);
    }
    assert!(c.set("replica.selector.class", &json!("Rack")).is_err());
}

#[test]
fn a_rejected_value_leaves_the_config_unchanged() {
    let mut c = Config::default();
    let before = c.clone();
    let e = c.set("min.insync.replicas", &json!(true)).unwrap_err();
    assert_eq!(e.kind, ConfigErrorKind::InvalidValue);
    assert_eq!(e.key, "min.insync.replicas");
    assert_eq!(
        e.message.to_string(),
        "expected an integer from 1 to 2147483647, got true"
    );
    assert_eq!(c, before);
}

#[test]
fn unknown_keys_are_refused_with_the_known_ones() {
    let e = Config::default().set("acks.mode", &json!(1)).unwrap_err();
    assert_eq!(e.kind, ConfigErrorKind::UnknownKey);
    assert!(e.message.to_string().ends_with(&KNOWN_KEYS.join(", ")));
    let alias = Config::default().set("flush.ms", &json!(1)).unwrap_err();
    assert!(alias
        .message
        .to_string()
        .starts_with("unknown key (flush.ms is the per-topic name of log.flush.interval.ms)"));
}

#[test]
fn idempotence_explicitly_enabled_refuses_acks_other_than_all() {
    let mut c = Config::default();
    c.set("enable.idempotence", &json!(true)).unwrap();
    let e = c.set("acks", &json!("1")).unwrap_err();
    assert_eq!(e.kind, ConfigErrorKind::Conflict);
    assert_eq!(c.acks, Acks::All, "the refused change is not applied");
    let e = c.set("retries", &json!(0)).unwrap_err();
    assert!(e
        .message
        .to_string()
        .contains("Must set retries to non-zero"));
}

#[test]
fn idempotence_by_default_is_silently_off_with_acks_1_or_no_retries() {
    let mut c = Config::default();
    assert!(c.effective_idempotence());
    c.set("acks", &json!(1)).unwrap();
    assert!(!c.effective_idempotence());
    assert!(c.effective_idempotence_for(Acks::All));
    c.set("acks", &json!("all")).unwrap();
    c.set("retries", &json!(0)).unwrap();
    assert!(!c.effective_idempotence());
}

#[test]
fn a_default_delivery_timeout_is_raised_to_cover_linger_and_request_timeout() {
    let mut c = Config::default();
    c.set("request.timeout.ms", &json!(200_000)).unwrap();
    assert_eq!(c.effective_delivery_timeout_ms(), 200_005);
    let e = c.set("delivery.timeout.ms", &json!(150_000)).unwrap_err();
    assert_eq!(e.key, "delivery.timeout.ms");
}

#[test]
fn apply_map_checks_cross_key_rules_once_at_the_end() {
    let mut c = Config::default();
    let map = json!({"delivery.timeout.ms": 1000, "request.timeout.ms": 500, "linger.ms": 0});
    c.apply_map(map.as_object().unwrap()).unwrap();
    assert_eq!(c.effective_delivery_timeout_ms(), 1000);
    let bad = json!({"acks": "x", "retries": "y"});
    let errs = c.apply_map(bad.as_object().unwrap()).unwrap_err();
    assert_eq!(errs.len(), 2);
}

#[test]
fn topic_level_and_dynamic_keys_follow_kafka() {
    for key in [
        "min.insync.replicas",
        "unclean.leader.election.enable",
        "log.flush.interval.messages",
        "log.flush.interval.ms",
        "flush.messages",
        "flush.ms",
    ] {
        assert!(is_topic_level(key), "{key}");
        assert!(is_dynamic(key), "{key}");
    }
    for key in ["acks", "replica.lag.time.max.ms", "nope"] {
        assert!(!is_topic_level(key), "{key}");
    }
    for key in [
        "num.replica.fetchers",
        "leader.replication.throttled.rate",
        "acks",
        "linger.ms",
        "client.rack",
        "network.latency.ms",
    ] {
        assert!(is_dynamic(key), "{key}");
    }
    for key in [
        "broker.session.timeout.ms",
        "replica.lag.time.max.ms",
        "replica.fetch.max.bytes",
        "auto.leader.rebalance.enable",
        "replica.selector.class",
        "zookeeper.session.timeout.ms",
    ] {
        assert!(!is_dynamic(key), "{key}");
    }
}

#[test]
fn topic_overrides_apply_over_the_cluster_config() {
    let mut t = TopicConfig::default();
    t.set("min.insync.replicas", &json!(2)).unwrap();
    t.set("flush.messages", &json!(1)).unwrap();
    let c = Config::default().for_topic(&t);
    assert_eq!(c.min_insync_replicas, 2);
    assert_eq!(c.log_flush_interval_messages, Some(1));
    assert_eq!(c.effective_min_insync_replicas(1, Profile::Kraft), 1);
    assert_eq!(
        c.effective_min_insync_replicas(1, Profile::Zk),
        2,
        "capped only from 3.7"
    );
    t.set("min.insync.replicas", &json!(null)).unwrap();
    assert_eq!(t.min_insync_replicas, None, "null removes an override");
    let e = t.set("acks", &json!(1)).unwrap_err();
    assert_eq!(e.kind, ConfigErrorKind::NotTopicLevel);
}

#[test]
fn a_null_config_value_reads_as_unset_in_the_trace() {
    // As `kafka-configs.sh --delete-config`: the key goes back to its default.
    let scenario = parse_scenario(
        r#"{"seed": 1, "brokers": [{"id": 1}, {"id": 2}],
            "topics": [{"name": "t", "partitions": 1, "replication.factor": 2}],
            "actions": [
              {"at_ms": 10, "set_config": {"key": "leader.replication.throttled.rate", "value": 1000}},
              {"at_ms": 20, "set_config": {"key": "leader.replication.throttled.rate", "value": null}}],
            "run_until_ms": 100}"#,
    )
    .unwrap();
    let mut world = replication_core::sim::World::from_scenario(&scenario).unwrap();
    world.run_until(100);
    let said: Vec<String> = world
        .trace()
        .iter()
        .filter(|e| e.kind.name() == "config_changed")
        .map(|e| e.kind.describe())
        .collect();
    assert_eq!(
        said,
        [
            "leader.replication.throttled.rate set to 1000",
            "leader.replication.throttled.rate unset: back to its default",
        ]
    );
}
