//! `actions`: each entry is `{"at_ms": t, "<kind>": {...}}` with exactly one kind.
//!
//! Entries are checked in file order against the cluster and topics, then sorted stably by
//! `at_ms`; a second pass in time order replays `set_config` on a running configuration, so a
//! change is checked against the settings in force when it happens.

use super::budgets::Totals;
use super::limits::{MAX_ACTIONS, MAX_PRODUCE_AT_ONCE, MAX_PRODUCE_PER_SECOND};
use super::path::escaped;
use super::reader::{
    array_at, field_path, index_path, join, partition_range, string_at, time_ms_at, u32_at,
    u32_min_at, Cluster, Errors, Obj,
};
use super::topics::check_replica_list;
use super::{Action, ElectionType, PlanEntry, ProduceValues, TimedAction, TopicSpec};
use crate::config::{self, show_value, Acks, Config, TopicConfig};
use crate::ids::{BrokerId, NodeId};
use crate::text;
use crate::text::{Arg, Text};
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

fn produce(errs: &mut Errors, path: &str, v: &Value, w: &World<'_>) -> Option<Action> {
    let obj = Obj::open(
        errs,
        path,
        v,
        &["topic", "partition", "key", "values", "count", "acks"],
    )?;
    let topic = topic_at(errs, &obj, w);
    let partition = optional_partition(errs, &obj, topic);
    let key = obj
        .opt("key")
        .and_then(|v| string_at(errs, &obj.at("key"), v));
    let values = produce_values(errs, &obj);
    let acks = optional_acks(errs, &obj);
    Some(Action::Produce {
        topic: topic?.name.clone(),
        partition: partition?,
        key,
        values: values?,
        acks: acks?,
    })
}

/// `values: [...]` or `count: n`, exactly one of them.
fn produce_values(errs: &mut Errors, obj: &Obj<'_>) -> Option<ProduceValues> {
    match (obj.opt("values"), obj.opt("count")) {
        (Some(v), None) => value_list(errs, &obj.at("values"), v).map(ProduceValues::Values),
        (None, Some(v)) => {
            let count = u32_min_at(errs, &obj.at("count"), v, 1, text!("record"))?;
            within(
                errs,
                &obj.at("count"),
                u64::from(count),
                MAX_PRODUCE_AT_ONCE,
                text!("records"),
            )?;
            Some(ProduceValues::Count(count))
        }
        (Some(_), Some(_)) => {
            errs.push(obj.path(), text!("give values or count, not both"));
            None
        }
        (None, None) => {
            errs.push(
                obj.path(),
                text!("give values (a list of strings) or count (a number of records)"),
            );
            None
        }
    }
}

fn value_list(errs: &mut Errors, path: &str, v: &Value) -> Option<Vec<String>> {
    let items = array_at(errs, path, v)?;
    if items.is_empty() {
        errs.push(path, text!("expected at least one value"));
        return None;
    }
    within(
        errs,
        path,
        items.len() as u64,
        MAX_PRODUCE_AT_ONCE,
        text!("records"),
    )?;
    let values: Vec<Option<String>> = items
        .iter()
        .enumerate()
        .map(|(i, item)| string_at(errs, &index_path(path, i), item))
        .collect();
    values.into_iter().collect()
}

fn produce_rate(errs: &mut Errors, path: &str, v: &Value, w: &World<'_>) -> Option<Action> {
    let obj = Obj::open(errs, path, v, &["topic", "per_second", "until_ms", "acks"])?;
    let topic = topic_at(errs, &obj, w);
    let per_second_path = obj.at("per_second");
    let per_second = obj
        .required(errs, "per_second")
        // 0 stops the topic's running rates (see `Action::ProduceRate`).
        .and_then(|v| u32_at(errs, &per_second_path, v))
        .and_then(|n| {
            within(
                errs,
                &per_second_path,
                u64::from(n),
                MAX_PRODUCE_PER_SECOND,
                text!("records per second"),
            )
            .map(|_| n)
        });
    let until_ms = match obj.opt("until_ms") {
        Some(v) => Some(time_ms_at(errs, &obj.at("until_ms"), v)?),
        None => None,
    };
    let acks = optional_acks(errs, &obj);
    Some(Action::ProduceRate {
        topic: topic?.name.clone(),
        per_second: per_second?,
        until_ms,
        acks: acks?,
    })
}

fn consume(errs: &mut Errors, path: &str, v: &Value, w: &World<'_>) -> Option<Action> {
    let obj = Obj::open(errs, path, v, &["topic", "client.rack"])?;
    let topic = topic_at(errs, &obj, w);
    let client_rack = match obj.opt("client.rack") {
        Some(v) => Some(non_empty_string(
            errs,
            &obj.at("client.rack"),
            v,
            text!("rack name"),
        )?),
        None => None,
    };
    Some(Action::Consume {
        topic: topic?.name.clone(),
        client_rack,
    })
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

/// A broker id (number), `"controller"` or `"clients"`.
fn node_at(errs: &mut Errors, path: &str, v: &Value, w: &World<'_>) -> Option<NodeId> {
    match v {
        Value::Number(_) => w.cluster.broker_at(errs, path, v).map(NodeId::Broker),
        Value::String(s) if s == "controller" => Some(NodeId::Controller),
        Value::String(s) if s == "clients" => Some(NodeId::Clients),
        _ => {
            let got = show_value(v);
            errs.push(
                path,
                text!(
                    "expected a broker id, \"controller\" or \"clients\", got {got}",
                    got
                ),
            );
            None
        }
    }
}

fn required_node(errs: &mut Errors, obj: &Obj<'_>, key: &str, w: &World<'_>) -> Option<NodeId> {
    let path = obj.at(key);
    obj.required(errs, key)
        .and_then(|v| node_at(errs, &path, v, w))
}

fn isolate(errs: &mut Errors, path: &str, v: &Value, w: &World<'_>) -> Option<Action> {
    let obj = Obj::open(errs, path, v, &["node"])?;
    required_node(errs, &obj, "node", w).map(|node| Action::Isolate { node })
}

/// Groups of nodes; links between groups are cut. A node may be in one group only, and one
/// group alone would cut nothing.
fn partition(errs: &mut Errors, path: &str, v: &Value, w: &World<'_>) -> Option<Action> {
    let obj = Obj::open(errs, path, v, &["groups"])?;
    let groups_path = obj.at("groups");
    let items = obj
        .required(errs, "groups")
        .and_then(|v| array_at(errs, &groups_path, v))?;
    if items.len() < 2 {
        errs.push(
            &groups_path,
            text!(
                "expected at least two groups (links between groups are cut), got {len}",
                len = items.len()
            ),
        );
        return None;
    }
    let mut groups: Vec<Vec<NodeId>> = Vec::with_capacity(items.len());
    let mut all_ok = true;
    for (g, item) in items.iter().enumerate() {
        match node_group(errs, &index_path(&groups_path, g), item, &groups, w) {
            Some(group) => groups.push(group),
            None => all_ok = false,
        }
    }
    all_ok.then_some(Action::Partition { groups })
}

fn node_group(
    errs: &mut Errors,
    path: &str,
    v: &Value,
    earlier: &[Vec<NodeId>],
    w: &World<'_>,
) -> Option<Vec<NodeId>> {
    let items = array_at(errs, path, v)?;
    if items.is_empty() {
        errs.push(path, text!("expected at least one node in the group"));
        return None;
    }
    let mut group: Vec<NodeId> = Vec::with_capacity(items.len());
    let mut all_ok = true;
    for (i, item) in items.iter().enumerate() {
        let node_path = index_path(path, i);
        let Some(node) = node_at(errs, &node_path, item, w) else {
            all_ok = false;
            continue;
        };
        if let Some(where_) = group_of(node, earlier, &group) {
            errs.push(
                &node_path,
                text!(
                    "{node} is already in {where_}; a node belongs to one group",
                    node = node.text(),
                    where_
                ),
            );
            all_ok = false;
            continue;
        }
        group.push(node);
    }
    all_ok.then_some(group)
}

/// Where `node` was listed before: an earlier group, or this one.
fn group_of(node: NodeId, earlier: &[Vec<NodeId>], current: &[NodeId]) -> Option<Arg> {
    if current.contains(&node) {
        return Some(text!("this group").into());
    }
    earlier
        .iter()
        .position(|g| g.contains(&node))
        .map(|g| Arg::Plain(format!("groups[{g}]")))
}

fn cut(errs: &mut Errors, path: &str, v: &Value, w: &World<'_>) -> Option<Action> {
    let obj = Obj::open(errs, path, v, &["from", "to"])?;
    let from = required_node(errs, &obj, "from", w);
    let to = required_node(errs, &obj, "to", w);
    let (from, to) = (from?, to?);
    if from == to {
        errs.push(
            &obj.at("to"),
            text!(
                "{to} cannot be cut from itself; give two different nodes",
                to = to.text()
            ),
        );
        return None;
    }
    Some(Action::Cut { from, to })
}

/// `"heal": {}`, `"heal": true` or `"heal": null`.
fn heal(errs: &mut Errors, path: &str, v: &Value) -> Option<Action> {
    match v {
        Value::Null | Value::Bool(true) => Some(Action::Heal),
        Value::Object(_) => Obj::open(errs, path, v, &[]).map(|_| Action::Heal),
        _ => {
            errs.push(
                path,
                text!("expected {{}} or true, got {got}", got = show_value(v)),
            );
            None
        }
    }
}

fn slow(errs: &mut Errors, path: &str, v: &Value, w: &World<'_>) -> Option<Action> {
    let obj = Obj::open(errs, path, v, &["node", "latency_ms"])?;
    let node = required_node(errs, &obj, "node", w);
    let latency_path = obj.at("latency_ms");
    let latency_ms = obj
        .required(errs, "latency_ms")
        .and_then(|v| time_ms_at(errs, &latency_path, v));
    Some(Action::Slow {
        node: node?,
        latency_ms: latency_ms?,
    })
}

fn reassign(errs: &mut Errors, path: &str, v: &Value, w: &World<'_>) -> Option<Action> {
    let obj = Obj::open(errs, path, v, &["topic", "partition", "replicas"])?;
    let (topic, partition, replicas) = plan_target(errs, &obj, w);
    Some(Action::Reassign {
        topic: topic?,
        partition: partition?,
        replicas: replicas?,
    })
}

/// The topic, partition and target replicas shared by `reassign` and a plan entry. The
/// replication factor may change (KIP-455 allows it), but replicas must exist and be distinct.
fn plan_target(
    errs: &mut Errors,
    obj: &Obj<'_>,
    w: &World<'_>,
) -> (Option<String>, Option<u32>, Option<Vec<BrokerId>>) {
    let topic = topic_at(errs, obj, w);
    let partition = required_partition(errs, obj, topic);
    let replicas_path = obj.at("replicas");
    let replicas = obj
        .required(errs, "replicas")
        .and_then(|v| array_at(errs, &replicas_path, v))
        .and_then(|items| super::reader::broker_ids_at(errs, &replicas_path, items))
        .filter(|ids| check_replica_list(errs, &replicas_path, ids, None, w.cluster));
    (topic.map(|t| t.name.clone()), partition, replicas)
}

/// A plan file on its own (the playground's import), checked with the same rules as a
/// `reassign_plan` action; paths start at the plan's root (`partitions[0].replicas[1]`).
pub(super) fn plan_document(
    errs: &mut Errors,
    v: &Value,
    cluster: &Cluster<'_>,
    topics: &[TopicSpec],
) -> Option<Vec<PlanEntry>> {
    let w = World {
        cluster,
        topics,
        declared: Vec::new(),
    };
    match reassign_plan(errs, "", v, &w)? {
        Action::ReassignPlan { partitions } => Some(partitions),
        _ => None,
    }
}

/// `kafka-reassign-partitions.sh`'s JSON as is: `{"version": 1, "partitions": [...]}`.
fn reassign_plan(errs: &mut Errors, path: &str, v: &Value, w: &World<'_>) -> Option<Action> {
    let obj = Obj::open(errs, path, v, &["version", "partitions"])?;
    if let Some(version) = obj.opt("version").filter(|v| v.as_u64() != Some(1)) {
        errs.push(
            &obj.at("version"),
            text!(
                "expected 1 (the only plan version), got {got}",
                got = show_value(version)
            ),
        );
    }
    let list_path = obj.at("partitions");
    let items = obj
        .required(errs, "partitions")
        .and_then(|v| array_at(errs, &list_path, v))?;
    if items.is_empty() {
        errs.push(
            &list_path,
            text!("expected at least one partition (Kafka refuses an empty reassignment)"),
        );
        return None;
    }
    let mut entries: Vec<PlanEntry> = Vec::with_capacity(items.len());
    let mut all_ok = true;
    for (i, item) in items.iter().enumerate() {
        match plan_entry(errs, &index_path(&list_path, i), item, &entries, w) {
            Some(entry) => entries.push(entry),
            None => all_ok = false,
        }
    }
    all_ok.then_some(Action::ReassignPlan {
        partitions: entries,
    })
}

fn plan_entry(
    errs: &mut Errors,
    path: &str,
    v: &Value,
    earlier: &[PlanEntry],
    w: &World<'_>,
) -> Option<PlanEntry> {
    let obj = Obj::open(
        errs,
        path,
        v,
        &["topic", "partition", "replicas", "log_dirs"],
    )?;
    let (topic, partition, replicas) = plan_target(errs, &obj, w);
    let (topic, partition, replicas) = (topic?, partition?, replicas?);
    let log_dirs = match obj.opt("log_dirs") {
        Some(v) => Some(log_dirs(errs, &obj.at("log_dirs"), v, replicas.len())?),
        None => None,
    };
    if let Some(first) = earlier
        .iter()
        .position(|e| e.topic == topic && e.partition == partition)
    {
        errs.push(path, text!("{topic}-{partition} is already in partitions[{first}]; Kafka refuses duplicate partitions", topic, partition, first));
        return None;
    }
    Some(PlanEntry {
        topic,
        partition,
        replicas,
        log_dirs,
    })
}

/// One log dir (`"any"` or a path) per replica, as the tool requires.
fn log_dirs(errs: &mut Errors, path: &str, v: &Value, replicas: usize) -> Option<Vec<String>> {
    let items = array_at(errs, path, v)?;
    if items.len() != replicas {
        errs.push(
            path,
            text!(
                "expected one log dir per replica ({replicas}), got {len}",
                replicas,
                len = items.len()
            ),
        );
        return None;
    }
    let dirs: Vec<Option<String>> = items
        .iter()
        .enumerate()
        .map(|(i, item)| string_at(errs, &index_path(path, i), item))
        .collect();
    dirs.into_iter().collect()
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

/// A dynamic config change, for the cluster or (with `topic`) one topic. Key and topic are
/// checked here; the value is checked by [`replay_config`] against the settings in force.
fn set_config(errs: &mut Errors, path: &str, v: &Value, w: &World<'_>) -> Option<Action> {
    let obj = Obj::open(errs, path, v, &["key", "value", "topic"])?;
    let topic = match obj.opt("topic") {
        Some(_) => Some(topic_at(errs, &obj, w)?),
        None => None,
    };
    let key_path = obj.at("key");
    let key = obj
        .required(errs, "key")
        .and_then(|v| string_at(errs, &key_path, v));
    let value = obj.raw("value");
    if value.is_none() {
        errs.push(
            &obj.at("value"),
            text!("required field is missing (null removes a topic override)"),
        );
    }
    let canonical = check_config_key(errs, &key_path, &key?, topic.is_some())?;
    let value = value?.clone();
    if topic.is_some() {
        if let Err(e) = TopicConfig::default().set(canonical, &value) {
            errs.push(&obj.at("value"), e.message);
            return None;
        }
    }
    Some(Action::SetConfig {
        key: canonical.to_string(),
        value,
        topic: topic.map(|t| t.name.clone()),
    })
}

/// The key's broker-level name if it is known, dynamic, and (for a topic) topic-level.
fn check_config_key(
    errs: &mut Errors,
    path: &str,
    key: &str,
    for_topic: bool,
) -> Option<&'static str> {
    let problem = match config::canonical_key(key) {
        None => config::unknown_key_error(key),
        Some(_) if for_topic && !config::is_topic_level(key) => config::not_topic_level_error(key),
        Some(_) if !config::is_dynamic(key) => config::not_dynamic_error(key),
        Some(canonical) if for_topic || config::KNOWN_KEYS.contains(&key) => {
            return Some(canonical)
        }
        // A topic-level spelling (flush.ms) without a topic: the cluster key has another name.
        Some(_) => config::unknown_key_error(key),
    };
    errs.push(path, problem.message);
    None
}

/// Replays cluster-wide `set_config` actions in time order on a copy of the starting config,
/// so each is checked (value and Kafka's cross-key rules) against the settings in force then.
/// A produce action's own `acks` is checked against an explicitly enabled idempotence.
fn replay_config(errs: &mut Errors, path: &str, actions: &[(usize, TimedAction)], start: &Config) {
    let mut running = start.clone();
    for (i, timed) in actions {
        let entry_path = index_path(path, *i);
        match &timed.action {
            Action::SetConfig {
                key,
                value,
                topic: None,
            } => {
                if let Err(e) = running.set(key, value) {
                    errs.push(
                        &field_path(&field_path(&entry_path, "set_config"), "value"),
                        e.message,
                    );
                }
            }
            Action::Produce {
                acks: Some(acks), ..
            } => check_acks(errs, &field_path(&entry_path, "produce"), *acks, &running),
            Action::ProduceRate {
                acks: Some(acks), ..
            } => check_acks(
                errs,
                &field_path(&entry_path, "produce_rate"),
                *acks,
                &running,
            ),
            _ => {}
        }
    }
}

/// Kafka refuses to build a producer with an explicit `enable.idempotence=true` and acks
/// other than all; a default `true` is silently dropped instead.
fn check_acks(errs: &mut Errors, path: &str, acks: Acks, config: &Config) {
    if acks == Acks::All || !(config.enable_idempotence && config.enable_idempotence_explicit) {
        return;
    }
    let message = text!(
        "acks {acks} conflicts with enable.idempotence=true set in config; Kafka's producer \
         refuses this (\"Must set acks to all in order to use the idempotent producer\")",
        acks = acks.to_string()
    );
    errs.push(&field_path(path, "acks"), message);
}

fn optional_acks(errs: &mut Errors, obj: &Obj<'_>) -> Option<Option<Acks>> {
    let Some(v) = obj.opt("acks") else {
        return Some(None);
    };
    let acks = Acks::from_json(v);
    if acks.is_none() {
        errs.push(
            &obj.at("acks"),
            text!(
                "expected 0, 1, \"all\" or -1, got {got}",
                got = show_value(v)
            ),
        );
    }
    acks.map(Some)
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
