//! `actions`: each entry is `{"at_ms": t, "<kind>": {...}}` with exactly one kind.
//!
//! Entries are checked in file order against the cluster and topics, then sorted stably by
//! `at_ms`; a second pass in time order replays `set_config` on a running configuration, so a
//! change is checked against the settings in force when it happens.
//!
//! This file holds that pipeline, the broker and rack actions, the elections and the helpers
//! the kinds share; `clients`, `network`, `reassignment` and `config_changes` the other kinds.

mod clients;
mod config_changes;
mod network;
mod reassignment;

use super::budgets::Totals;
use super::limits::MAX_ACTIONS;
use super::path::escaped;
use super::reader::{
    array_at, field_path, index_path, join, partition_range, string_at, time_ms_at, u32_at,
    Cluster, Errors, Obj,
};
use super::{Action, ElectionType, TimedAction, TopicSpec};
use crate::config::{show_value, Config};
use crate::ids::BrokerId;
use crate::text;
use crate::text::Text;
use clients::{consume, produce, produce_rate};
use config_changes::{replay_config, set_config};
use network::{cut, heal, isolate, partition, slow};
pub(super) use reassignment::plan_document;
use reassignment::{reassign, reassign_plan};
use serde_json::Value;

/// Every action kind, in the contract's order.
pub(super) const KINDS: &[&str] = &[
    "produce",
    "produce_rate",
    "consume",
    "crash",
    "power_loss",
    "shutdown",
    "restart",
    "fail_rack",
    "restore_rack",
    "isolate",
    "partition",
    "cut",
    "heal",
    "slow",
    "pause_fetcher",
    "resume_fetcher",
    "reassign",
    "reassign_plan",
    "elect_preferred",
    "elect_leaders",
    "set_config",
];

/// What actions are checked against.
struct World<'a> {
    cluster: &'a Cluster<'a>,
    topics: &'a [TopicSpec],
    /// Every topic name the file declares, valid or not: an action naming one that was refused
    /// adds nothing to that topic's own errors.
    declared: Vec<&'a str>,
}

pub(super) fn parse_actions(
    errs: &mut Errors,
    root: &Obj<'_>,
    cluster: &Cluster<'_>,
    topics: &[TopicSpec],
    config: &Config,
    run_until_ms: Option<u64>,
    totals: &mut Totals,
) -> Vec<TimedAction> {
    let path = root.at("actions");
    let Some(items) = root.opt("actions").and_then(|v| array_at(errs, &path, v)) else {
        return Vec::new();
    };
    if items.len() as u64 > MAX_ACTIONS {
        let message = text!(
            "{n} actions is more than the simulator's budget of {limit} actions",
            n = items.len(),
            limit = MAX_ACTIONS
        );
        errs.push(&path, message);
        return Vec::new();
    }
    let declared = root
        .opt("topics")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|t| t.get("name")?.as_str())
        .collect();
    let world = World {
        cluster,
        topics,
        declared,
    };
    let mut parsed: Vec<(usize, TimedAction)> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        if let Some(action) = parse_entry(errs, &index_path(&path, i), item, &world, run_until_ms) {
            parsed.push((i, action));
        }
    }
    // Actions at the same time keep their file order: the file index breaks ties (an
    // unstable sort on a unique key is as good as a stable one, and smaller in the wasm).
    crate::sorting::sort_by_key(&mut parsed, |(i, a)| (a.at_ms, *i));
    replay_config(errs, &path, &parsed, config);
    let last_action_ms = parsed.last().map(|(_, a)| a.at_ms);
    let run_end_ms = super::run_end_ms(run_until_ms, last_action_ms);
    totals.add_actions(errs, &path, &parsed, topics, run_end_ms);
    parsed.into_iter().map(|(_, a)| a).collect()
}

fn parse_entry(
    errs: &mut Errors,
    path: &str,
    v: &Value,
    w: &World<'_>,
    run_until_ms: Option<u64>,
) -> Option<TimedAction> {
    let mut allowed = vec!["at_ms"];
    allowed.extend_from_slice(KINDS);
    let obj = Obj::open(errs, path, v, &allowed)?;
    let at_ms = parse_at_ms(errs, &obj, run_until_ms);
    let kinds: Vec<&str> = obj
        .keys()
        .map(String::as_str)
        .filter(|k| KINDS.contains(k))
        .collect();
    let kind = match kinds.as_slice() {
        [kind] => *kind,
        [] => {
            errs.push(
                path,
                text!("no action; give one of {kinds}", kinds = KINDS.join(", ")),
            );
            return None;
        }
        many => {
            errs.push(
                path,
                text!(
                    "one action per entry, got {kinds}",
                    kinds = join(many.iter())
                ),
            );
            return None;
        }
    };
    let body = obj.raw(kind).unwrap_or(&Value::Null);
    let action = parse_kind(errs, &obj.at(kind), kind, body, w);
    let at_ms = at_ms?;
    let action = action?;
    check_until(errs, &obj.at(kind), &action, at_ms)?;
    Some(TimedAction { at_ms, action })
}

fn parse_at_ms(errs: &mut Errors, obj: &Obj<'_>, run_until_ms: Option<u64>) -> Option<u64> {
    let path = obj.at("at_ms");
    let at_ms = obj
        .required(errs, "at_ms")
        .and_then(|v| time_ms_at(errs, &path, v))?;
    if let Some(end) = run_until_ms.filter(|end| at_ms > *end) {
        errs.push(
            &path,
            text!("{at_ms} is after run_until_ms {end}", at_ms, end),
        );
        return None;
    }
    Some(at_ms)
}

/// A steady load cannot end before it starts.
fn check_until(errs: &mut Errors, path: &str, action: &Action, at_ms: u64) -> Option<()> {
    if let Action::ProduceRate {
        until_ms: Some(until),
        ..
    } = action
    {
        if *until < at_ms {
            errs.push(
                &field_path(path, "until_ms"),
                text!("{until} is before the action's at_ms {at_ms}", until, at_ms),
            );
            return None;
        }
    }
    Some(())
}

fn parse_kind(
    errs: &mut Errors,
    path: &str,
    kind: &str,
    v: &Value,
    w: &World<'_>,
) -> Option<Action> {
    match kind {
        "produce" => produce(errs, path, v, w),
        "produce_rate" => produce_rate(errs, path, v, w),
        "consume" => consume(errs, path, v, w),
        "crash" => broker_action(errs, path, v, w).map(|broker| Action::Crash { broker }),
        "power_loss" => broker_action(errs, path, v, w).map(|broker| Action::PowerLoss { broker }),
        "shutdown" => broker_action(errs, path, v, w).map(|broker| Action::Shutdown { broker }),
        "restart" => broker_action(errs, path, v, w).map(|broker| Action::Restart { broker }),
        "pause_fetcher" => {
            broker_action(errs, path, v, w).map(|broker| Action::PauseFetcher { broker })
        }
        "resume_fetcher" => {
            broker_action(errs, path, v, w).map(|broker| Action::ResumeFetcher { broker })
        }
        "fail_rack" => rack_action(errs, path, v, w).map(|rack| Action::FailRack { rack }),
        "restore_rack" => rack_action(errs, path, v, w).map(|rack| Action::RestoreRack { rack }),
        "isolate" => isolate(errs, path, v, w),
        "partition" => partition(errs, path, v, w),
        "cut" => cut(errs, path, v, w),
        "heal" => heal(errs, path, v),
        "slow" => slow(errs, path, v, w),
        "reassign" => reassign(errs, path, v, w),
        "reassign_plan" => reassign_plan(errs, path, v, w),
        "elect_preferred" => elect_preferred(errs, path, v, w),
        "elect_leaders" => elect_leaders(errs, path, v, w),
        _ => set_config(errs, path, v, w),
    }
}

fn broker_action(errs: &mut Errors, path: &str, v: &Value, w: &World<'_>) -> Option<BrokerId> {
    let obj = Obj::open(errs, path, v, &["broker"])?;
    let broker_path = obj.at("broker");
    obj.required(errs, "broker")
        .and_then(|v| w.cluster.broker_at(errs, &broker_path, v))
}

fn rack_action(errs: &mut Errors, path: &str, v: &Value, w: &World<'_>) -> Option<String> {
    let obj = Obj::open(errs, path, v, &["rack"])?;
    let rack_path = obj.at("rack");
    let rack = obj
        .required(errs, "rack")
        .and_then(|v| string_at(errs, &rack_path, v))?;
    let racks = super::distinct_racks(w.cluster.brokers);
    if racks.contains(&rack.as_str()) {
        return Some(rack);
    }
    let rack_shown = escaped(&rack).into_owned();
    if racks.is_empty() {
        errs.push(
            &rack_path,
            text!(
                "no broker has rack \"{rack}\"; no broker has a rack",
                rack = rack_shown
            ),
        );
    } else {
        let names = join(racks.iter().map(|r| format!("\"{}\"", escaped(r))));
        errs.push(
            &rack_path,
            text!(
                "no broker has rack \"{rack}\"; racks are {names}",
                rack = rack_shown,
                names
            ),
        );
    }
    None
}

/// Every partition, every partition of one topic, or one partition.
fn elect_preferred(errs: &mut Errors, path: &str, v: &Value, w: &World<'_>) -> Option<Action> {
    let obj = Obj::open(errs, path, v, &["topic", "partition"])?;
    let (topic, partition) = election_scope(errs, &obj, w)?;
    Some(Action::ElectPreferred { topic, partition })
}

/// `kafka-leader-election.sh`: an election type and the same scope as `elect_preferred`.
fn elect_leaders(errs: &mut Errors, path: &str, v: &Value, w: &World<'_>) -> Option<Action> {
    let obj = Obj::open(errs, path, v, &["election_type", "topic", "partition"])?;
    let election_type = obj.required(errs, "election_type").and_then(|v| {
        let parsed = v.as_str().and_then(ElectionType::from_name);
        if parsed.is_none() {
            errs.push(
                &obj.at("election_type"),
                text!(
                    "expected \"preferred\" or \"unclean\", got {got}",
                    got = show_value(v)
                ),
            );
        }
        parsed
    });
    let scope = election_scope(errs, &obj, w);
    let (topic, partition) = scope?;
    Some(Action::ElectLeaders {
        election_type: election_type?,
        topic,
        partition,
    })
}

/// The partitions an election names: all (no topic), a topic's, or one (topic and partition).
fn election_scope(
    errs: &mut Errors,
    obj: &Obj<'_>,
    w: &World<'_>,
) -> Option<(Option<String>, Option<u32>)> {
    let topic = match obj.opt("topic") {
        Some(_) => Some(topic_at(errs, obj, w)?),
        None => None,
    };
    if topic.is_none() && obj.opt("partition").is_some() {
        errs.push(
            &obj.at("partition"),
            text!("a partition needs its topic; give topic too"),
        );
        return None;
    }
    let partition = match topic {
        Some(t) => optional_partition(errs, obj, Some(t))?,
        None => None,
    };
    Some((topic.map(|t| t.name.clone()), partition))
}

/// The required `topic` field, naming a topic of the scenario.
fn topic_at<'w>(errs: &mut Errors, obj: &Obj<'_>, w: &World<'w>) -> Option<&'w TopicSpec> {
    let path = obj.at("topic");
    let name = obj
        .required(errs, "topic")
        .and_then(|v| string_at(errs, &path, v))?;
    let topic = w.topics.iter().find(|t| t.name == name);
    if topic.is_none() && !w.declared.contains(&name.as_str()) {
        let name = escaped(&name).into_owned();
        let message = match w.topics {
            [] if w.declared.is_empty() => {
                text!("no topic \"{name}\"; the scenario has no topics", name)
            }
            [] => text!(
                "no topic \"{name}\"; the scenario has no valid topics",
                name
            ),
            topics => text!(
                "no topic \"{name}\"; topics are {topics}",
                name,
                topics = join(topics.iter().map(|t| format!("\"{}\"", t.name)))
            ),
        };
        errs.push(&path, message);
    }
    topic
}

/// `Some(None)` when absent; `None` when invalid (recorded).
fn optional_partition(
    errs: &mut Errors,
    obj: &Obj<'_>,
    topic: Option<&TopicSpec>,
) -> Option<Option<u32>> {
    match obj.opt("partition") {
        None => Some(None),
        Some(v) => partition_of(errs, &obj.at("partition"), v, topic).map(Some),
    }
}

fn required_partition(errs: &mut Errors, obj: &Obj<'_>, topic: Option<&TopicSpec>) -> Option<u32> {
    let path = obj.at("partition");
    obj.required(errs, "partition")
        .and_then(|v| partition_of(errs, &path, v, topic))
}

/// A partition number within the topic (when the topic is known).
fn partition_of(
    errs: &mut Errors,
    path: &str,
    v: &Value,
    topic: Option<&TopicSpec>,
) -> Option<u32> {
    let p = u32_at(errs, path, v)?;
    if let Some(t) = topic.filter(|t| p >= t.partitions) {
        errs.push(
            path,
            text!(
                "no partition {p}; \"{name}\" has {range}",
                p,
                name = &t.name,
                range = partition_range(t.partitions)
            ),
        );
        return None;
    }
    Some(p)
}

fn non_empty_string(errs: &mut Errors, path: &str, v: &Value, what: Text) -> Option<String> {
    let s = string_at(errs, path, v)?;
    if s.trim().is_empty() {
        errs.push(path, text!("expected a non-empty {what}", what));
        return None;
    }
    Some(s)
}

/// `n` within the simulator's `limit`.
fn within(errs: &mut Errors, path: &str, n: u64, limit: u64, what: Text) -> Option<()> {
    if n > limit {
        errs.push(
            path,
            text!(
                "{n} {what} is more than the simulator's limit of {limit}",
                n,
                what,
                limit
            ),
        );
        return None;
    }
    Some(())
}
