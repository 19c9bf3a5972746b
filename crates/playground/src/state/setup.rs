//! Setup edits without DOM code: a draft setup checked by the core's own parser and world
//! builder, and the scenario changes the panels make before restarting from a setup. Nothing
//! here decides what Kafka does; it only rewrites the scenario the core then reads.

use super::history::RecordedAction;
use crate::i18n::Key;
use replication_core::config::{Config, ReplicaSelector};
use replication_core::scenario::{parse_scenario_value, Action, BrokerSpec, Scenario, TimedAction};
use replication_core::sim::World;
use replication_core::text::Text;
use replication_core::BrokerId;
use serde_json::Value;

/// The settings the setup panel features, each with what it does in a few words: a choice among
/// the core's keys (`config::keys::KEYS`), which says whether each is dynamic and its value.
pub const KEY_CONFIGS: &[(&str, Key)] = &[
    ("min.insync.replicas", Key::CfgMinIsr),
    ("unclean.leader.election.enable", Key::CfgUnclean),
    ("replica.lag.time.max.ms", Key::CfgLagTime),
    ("replica.fetch.wait.max.ms", Key::CfgFetchWait),
    ("replica.fetch.min.bytes", Key::CfgFetchMinBytes),
    ("acks", Key::CfgAcks),
    ("enable.idempotence", Key::CfgIdempotence),
    ("retries", Key::CfgRetries),
    ("delivery.timeout.ms", Key::CfgDeliveryTimeout),
    ("log.flush.interval.messages", Key::CfgFlushMessages),
    ("broker.session.timeout.ms", Key::CfgBrokerSession),
    ("zookeeper.session.timeout.ms", Key::CfgZkSession),
    ("network.latency.ms", Key::CfgLatency),
];

/// The draft as the core reads it: written out and parsed back (so the profile's defaults and
/// the config map apply as for a file), then built into a world (Kafka's placement). On failure,
/// every problem with its path.
pub fn check_setup(draft: &Scenario) -> Result<Scenario, Vec<Text>> {
    let parsed = parse_scenario_value(&draft.to_json())
        .map_err(|errors| errors.iter().map(|e| e.text()).collect::<Vec<_>>())?;
    World::from_scenario(&parsed).map_err(|e| vec![e.text()])?;
    Ok(parsed)
}

/// The settings a draft would start with: the profile's defaults with the draft's config map,
/// as the parser derives them (the map's values were checked when they were entered).
pub fn draft_config(draft: &Scenario) -> Config {
    let mut config = Config::defaults_for(draft.profile);
    // Inserted one by one: `collect` would bring a sort into the bundle for keys already sorted.
    let mut map = serde_json::Map::new();
    for (k, v) in &draft.config_overrides {
        map.insert(k.clone(), v.clone());
    }
    // A rejected map leaves the defaults, which is what the draft's error list then explains.
    let _ = config.apply_map(&map);
    config
}

/// Sets one key of a draft's config map after the core accepted it for the draft's settings;
/// Kafka's message when it did not.
pub fn set_draft_config(draft: &mut Scenario, key: &str, value: Value) -> Result<(), Text> {
    let mut config = draft_config(draft);
    config.set(key, &value).map_err(|e| e.text())?;
    draft.config_overrides.insert(key.to_string(), value);
    Ok(())
}

/// The config changes the user made while running (`set_config` without a topic), in order,
/// so that restarting from an edited setup keeps them.
pub fn with_user_configs(mut scenario: Scenario, user_actions: &[RecordedAction]) -> Scenario {
    for timed in user_actions {
        if let Action::SetConfig {
            key,
            value,
            topic: None,
        } = &timed.action
        {
            scenario.config_overrides.insert(key.clone(), value.clone());
        }
    }
    scenario
}

/// KIP-392 follower fetching on (`Some(rack)`) or off: `replica.selector.class` on the brokers
/// and `client.rack` on every consumer of `topic`, adding one at time 0 when the setup has
/// none. Kafka reads both at startup, so this is a change of setup, not a live one.
pub fn with_follower_fetching(mut scenario: Scenario, topic: &str, rack: Option<&str>) -> Scenario {
    let key = "replica.selector.class".to_string();
    match rack {
        Some(_) => {
            let class = ReplicaSelector::RackAware.class_name();
            scenario.config_overrides.insert(key, Value::from(class));
        }
        None => {
            scenario.config_overrides.remove(&key);
        }
    }
    let mut found = false;
    for timed in &mut scenario.actions {
        if let Action::Consume {
            topic: t,
            client_rack,
        } = &mut timed.action
        {
            if t == topic {
                *client_rack = rack.map(str::to_string);
                found = true;
            }
        }
    }
    if !found {
        let consume = Action::Consume {
            topic: topic.to_string(),
            client_rack: rack.map(str::to_string),
        };
        scenario.actions.insert(
            0,
            TimedAction {
                at_ms: 0,
                action: consume,
            },
        );
    }
    scenario
}

/// A new broker with the next free id, in the rack that has the fewest brokers (no rack when
/// no broker has one), so the racks stay balanced.
pub fn add_broker(scenario: &mut Scenario) {
    let id = scenario.brokers.iter().map(|b| b.id.0).max().unwrap_or(0) + 1;
    let members = |rack: &str| {
        scenario
            .brokers
            .iter()
            .filter(|b| b.rack.as_deref() == Some(rack))
            .count()
    };
    let rack = scenario
        .racks()
        .into_iter()
        .min_by_key(|r| members(r))
        .map(str::to_string);
    scenario.brokers.push(BrokerSpec {
        id: BrokerId(id),
        rack,
    });
}

/// A config value as a person reads it: `unset` for Kafka's unset settings. Config values are
/// integers, booleans or strings; matching them here keeps serde_json's float printing out of
/// the bundle.
pub fn show_value(value: &Value) -> String {
    match value {
        Value::Null => "unset".to_string(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => match n.as_u64() {
            Some(n) => n.to_string(),
            None => n
                .as_i64()
                .map_or_else(|| "?".to_string(), |n| n.to_string()),
        },
        Value::Array(_) | Value::Object(_) => "?".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use replication_core::scenario::parse_scenario;
    use replication_core::view::DEFAULT_SCENARIO;

    fn default_setup() -> Scenario {
        parse_scenario(DEFAULT_SCENARIO).unwrap()
    }

    #[test]
    fn the_featured_settings_are_the_cores_keys_by_their_broker_names() {
        for &(key, _) in KEY_CONFIGS {
            let canonical = replication_core::config::canonical_key(key);
            assert_eq!(canonical, Some(key), "{key}");
        }
    }

    #[test]
    fn a_seventh_broker_joins_the_emptiest_rack_with_the_next_id() {
        let mut s = default_setup();
        add_broker(&mut s);
        let last = s.brokers.last().unwrap();
        assert_eq!(last.id, BrokerId(7));
        assert_eq!(last.rack.as_deref(), Some("a"));
        assert_eq!(check_setup(&s).unwrap().brokers.len(), 7);
    }

    #[test]
    fn a_replication_factor_above_the_broker_count_is_the_cores_error() {
        let mut s = default_setup();
        s.topics[0].replication_factor = 7;
        let errors = check_setup(&s).unwrap_err();
        // The parser then also finds the actions' topic missing: it dropped the invalid topic.
        assert_eq!(
            errors[0].to_string(),
            "topics[0].replication.factor: 7 is larger than the 6 brokers"
        );
    }

    #[test]
    fn draft_configs_are_checked_with_kafkas_rules() {
        let mut s = default_setup();
        set_draft_config(&mut s, "replica.lag.time.max.ms", Value::from(10_000)).unwrap();
        assert_eq!(
            check_setup(&s).unwrap().config.replica_lag_time_max_ms,
            10_000
        );
        let err = set_draft_config(&mut s, "replica.lag.time.max.ms", Value::from(0));
        assert!(err
            .unwrap_err()
            .to_string()
            .starts_with("replica.lag.time.max.ms: expected"));
    }

    #[test]
    fn follower_fetching_sets_the_selector_and_the_consumers_rack() {
        let s = with_follower_fetching(default_setup(), "orders", Some("b"));
        let checked = check_setup(&s).unwrap();
        assert_eq!(
            checked.config.replica_selector_class,
            ReplicaSelector::RackAware
        );
        assert!(checked.actions.iter().any(|a| a.action
            == Action::Consume {
                topic: "orders".into(),
                client_rack: Some("b".into())
            }));
        let off = check_setup(&with_follower_fetching(checked, "orders", None)).unwrap();
        assert_eq!(off.config.replica_selector_class, ReplicaSelector::Leader);
    }

    #[test]
    fn live_config_changes_survive_a_restart_from_the_setup() {
        let user = [RecordedAction {
            after_events: 40,
            at_ms: 500,
            action: Action::SetConfig {
                key: "min.insync.replicas".into(),
                value: Value::from(3),
                topic: None,
            },
        }];
        let s = check_setup(&with_user_configs(default_setup(), &user)).unwrap();
        assert_eq!(s.config.min_insync_replicas, 3);
    }
}
