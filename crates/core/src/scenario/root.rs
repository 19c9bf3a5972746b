//! The top level of a scenario file: name, seed, profile, brokers, config, run length; topics
//! and actions are read by their own modules.

use super::limits::MAX_BROKERS;
use super::reader::{
    array_at, field_path, index_path, join, string_at, time_ms_at, u64_at, Cluster, Errors, Obj,
};
use super::{actions, budgets, topics, BrokerSpec, Scenario, TopicSpec};
use crate::config::{show_value, Config, Profile};
use crate::text;
use crate::vec_map::VecMap;
use serde_json::Value;

const ROOT_FIELDS: &[&str] = &[
    "name",
    "description",
    "seed",
    "profile",
    "brokers",
    "config",
    "topics",
    "actions",
    "run_until_ms",
];

/// The whole file. Returns a scenario whenever the root is an object; the caller discards it
/// when any problem was recorded.
pub(super) fn parse_root(errs: &mut Errors, v: &Value) -> Option<Scenario> {
    let root = Obj::open(errs, "", v, ROOT_FIELDS)?;
    let name = optional_string(errs, &root, "name");
    let description = optional_string(errs, &root, "description");
    let seed = root
        .opt("seed")
        .and_then(|v| u64_at(errs, &root.at("seed"), v))
        .unwrap_or(0);
    let profile = parse_profile(errs, &root);
    let run_until_ms = root
        .opt("run_until_ms")
        .and_then(|v| time_ms_at(errs, &root.at("run_until_ms"), v));
    let errors_before = errs.len();
    let brokers = parse_brokers(errs, &root);
    let brokers_complete = errs.len() == errors_before;
    let (config, config_overrides) = parse_config(errs, &root, profile);
    let cluster = Cluster {
        brokers: &brokers,
        profile,
        brokers_complete,
    };
    let mut totals = budgets::Totals::new(brokers.len());
    let topics = topics::parse_topics(errs, &root, &cluster, &mut totals);
    if brokers_complete {
        check_racks_for_placement(errs, &brokers, &topics);
    }
    let actions = actions::parse_actions(
        errs,
        &root,
        &cluster,
        &topics,
        &config,
        run_until_ms,
        &mut totals,
    );
    Some(Scenario {
        name,
        description,
        seed,
        profile,
        brokers,
        config,
        config_overrides,
        topics,
        actions,
        run_until_ms,
    })
}

fn optional_string(errs: &mut Errors, root: &Obj<'_>, key: &str) -> Option<String> {
    root.opt(key)
        .and_then(|v| string_at(errs, &root.at(key), v))
}

/// The profile; the default one when missing, and also (after recording the problem) when
/// unknown, so that the rest of the file is still checked.
fn parse_profile(errs: &mut Errors, root: &Obj<'_>) -> Profile {
    let Some(v) = root.opt("profile") else {
        return Profile::default();
    };
    let found = v.as_str().and_then(Profile::from_name);
    if found.is_none() {
        let names = join(Profile::ALL.iter().map(|p| format!("\"{}\"", p.name())));
        errs.push(
            &root.at("profile"),
            text!(
                "expected one of {names}, got {got}",
                names,
                got = show_value(v)
            ),
        );
    }
    found.unwrap_or_default()
}

fn parse_brokers(errs: &mut Errors, root: &Obj<'_>) -> Vec<BrokerSpec> {
    let path = root.at("brokers");
    let Some(items) = root
        .required(errs, "brokers")
        .and_then(|v| array_at(errs, &path, v))
    else {
        return Vec::new();
    };
    if items.is_empty() {
        errs.push(
            &path,
            text!("expected at least one broker, e.g. [{{\"id\": 1}}]"),
        );
    }
    if items.len() > MAX_BROKERS as usize {
        errs.push(
            &path,
            text!(
                "{n} brokers is more than the simulator's limit of {limit}",
                n = items.len(),
                limit = MAX_BROKERS
            ),
        );
        return Vec::new();
    }
    let mut brokers: Vec<BrokerSpec> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        if let Some(b) = parse_broker(errs, &index_path(&path, i), item, &brokers) {
            brokers.push(b);
        }
    }
    brokers
}

fn parse_broker(
    errs: &mut Errors,
    path: &str,
    v: &Value,
    earlier: &[BrokerSpec],
) -> Option<BrokerSpec> {
    let obj = Obj::open(errs, path, v, &["id", "rack"])?;
    let rack = obj
        .opt("rack")
        .and_then(|v| rack_name(errs, &obj.at("rack"), v));
    let id_path = obj.at("id");
    let id = obj
        .required(errs, "id")
        .and_then(|v| super::reader::broker_id_at(errs, &id_path, v))?;
    if let Some(first) = earlier.iter().position(|b| b.id == id) {
        errs.push(
            &id_path,
            text!(
                "duplicate broker id {id} (also brokers[{first}])",
                id,
                first
            ),
        );
        return None;
    }
    Some(BrokerSpec { id, rack })
}

/// A rack name must say something: an empty one is most likely a mistake for "no rack".
fn rack_name(errs: &mut Errors, path: &str, v: &Value) -> Option<String> {
    let rack = string_at(errs, path, v)?;
    if rack.trim().is_empty() {
        errs.push(
            path,
            text!("expected a non-empty rack name; leave rack out for a broker without one"),
        );
        return None;
    }
    Some(rack)
}

/// Kafka's defaults for the profile with the file's `config` map applied.
fn parse_config(
    errs: &mut Errors,
    root: &Obj<'_>,
    profile: Profile,
) -> (Config, VecMap<String, Value>) {
    let mut config = Config::defaults_for(profile);
    let Some(v) = root.opt("config") else {
        return (config, VecMap::new());
    };
    let Some(map) = v.as_object() else {
        let got = show_value(v);
        errs.push(
            &root.at("config"),
            text!(
                "expected an object of Kafka properties, e.g. {{\"acks\": \"all\"}}, got {got}",
                got
            ),
        );
        return (config, VecMap::new());
    };
    if let Err(problems) = config.apply_map(map) {
        for e in problems {
            errs.push(&field_path(&root.at("config"), &e.key), e.message);
        }
    }
    let overrides = VecMap::from_iter(map.iter().map(|(k, v)| (k.clone(), v.clone())));
    (config, overrides)
}

/// Kafka's rack-aware placement refuses a cluster where only some brokers have a rack; that
/// only matters for topics that leave placement to Kafka and do not disable rack awareness.
fn check_racks_for_placement(errs: &mut Errors, brokers: &[BrokerSpec], topics: &[TopicSpec]) {
    let (with, without): (Vec<&BrokerSpec>, Vec<&BrokerSpec>) =
        brokers.iter().partition(|b| b.rack.is_some());
    if with.is_empty() || without.is_empty() {
        return;
    }
    let Some(i) = topics
        .iter()
        .position(|t| t.assignment.is_none() && t.rack_aware)
    else {
        return;
    };
    let racked = join(with.iter().map(|b| b.id));
    let bare = join(without.iter().map(|b| b.id));
    let message = text!(
        "some brokers have a rack ({racked}) and some do not ({bare}); Kafka's rack-aware \
         placement, needed by topics[{i}] which has no assignment, wants a rack on every broker \
         or on none",
        racked,
        bare,
        i
    );
    errs.push("brokers", message);
}
