//! `topics`: names, partition counts, replication factors, assignments and per-topic configs.

use super::budgets::{check_replication_factor, Totals};
use super::reader::{
    array_at, field_path, index_path, join, numeric_key, object_at, partition_range, string_at,
    u32_at, u32_min_at, Cluster, Errors, Obj,
};
use super::state::{self, Shape};
use super::{Placement, TopicSpec};
use crate::config::TopicConfig;
use crate::ids::BrokerId;
use crate::text;
use crate::vec_map::VecMap;
use serde_json::Value;

const TOPIC_FIELDS: &[&str] = &[
    "name",
    "partitions",
    "replication.factor",
    "assignment",
    "placement",
    "config",
    "state",
];

type Assignment = VecMap<u32, Vec<BrokerId>>;

pub(super) fn parse_topics(
    errs: &mut Errors,
    root: &Obj<'_>,
    cluster: &Cluster<'_>,
    totals: &mut Totals,
) -> Vec<TopicSpec> {
    let path = root.at("topics");
    let Some(items) = root.opt("topics").and_then(|v| array_at(errs, &path, v)) else {
        return Vec::new();
    };
    let mut topics: Vec<TopicSpec> = Vec::with_capacity(items.len().min(64));
    for (i, item) in items.iter().enumerate() {
        let topic_path = index_path(&path, i);
        let Some(topic) = parse_topic(errs, &topic_path, item, cluster) else {
            continue;
        };
        if let Some(first) = topics.iter().position(|t| t.name == topic.name) {
            errs.push(
                &field_path(&topic_path, "name"),
                text!(
                    "duplicate topic \"{name}\" (also topics[{first}])",
                    name = topic.name,
                    first
                ),
            );
            continue;
        }
        if totals.add_topic(errs, &topic_path, &topic) {
            topics.push(topic);
        }
    }
    topics
}

/// One topic. Every part is checked even when an earlier one failed, so that all problems are
/// reported together.
fn parse_topic(
    errs: &mut Errors,
    path: &str,
    v: &Value,
    cluster: &Cluster<'_>,
) -> Option<TopicSpec> {
    let obj = Obj::open(errs, path, v, TOPIC_FIELDS)?;
    let name = topic_name(errs, &obj);
    let assignment = obj
        .opt("assignment")
        .and_then(|v| read_assignment(errs, &obj.at("assignment"), v));
    let partitions = partition_count(errs, &obj, assignment.as_ref());
    let replication_factor = replication_factor(errs, &obj, assignment.as_ref(), cluster);
    if let (Some(a), Some(p), Some(rf)) = (&assignment, partitions, replication_factor) {
        check_assignment(errs, &obj.at("assignment"), a, p, rf, cluster);
    }
    let (placement, rack_aware) = parse_placement(errs, &obj, cluster);
    let config = parse_topic_config(errs, &obj);
    let shape = Shape {
        partitions,
        assignment: assignment.as_ref(),
    };
    let state = obj
        .opt("state")
        .map(|v| state::parse_state(errs, &obj.at("state"), v, &shape, cluster))
        .unwrap_or_default();
    Some(TopicSpec {
        name: name?,
        partitions: partitions?,
        replication_factor: replication_factor?,
        assignment,
        placement,
        rack_aware,
        config,
        state,
    })
}

/// Kafka's `Topic.validate`: 1 to 249 of `[a-zA-Z0-9._-]`, and not `.` or `..`.
fn topic_name(errs: &mut Errors, obj: &Obj<'_>) -> Option<String> {
    let path = obj.at("name");
    let name = obj
        .required(errs, "name")
        .and_then(|v| string_at(errs, &path, v))?;
    let legal_chars = name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b));
    if name.is_empty() || name.len() > 249 || !legal_chars || name == "." || name == ".." {
        let message = text!(
            "\"{name}\" is not a legal topic name; Kafka allows 1 to 249 of the characters a-z, \
             A-Z, 0-9, '.', '_' and '-' (but not \".\" or \"..\")",
            name = super::path::escaped(&name).into_owned()
        );
        errs.push(&path, message);
        return None;
    }
    Some(name)
}

/// `partitions`, or the number of partitions the assignment lists (as
/// `kafka-topics.sh --replica-assignment` derives it).
fn partition_count(
    errs: &mut Errors,
    obj: &Obj<'_>,
    assignment: Option<&Assignment>,
) -> Option<u32> {
    if let Some(v) = obj.opt("partitions") {
        return u32_min_at(errs, &obj.at("partitions"), v, 1, text!("partition"));
    }
    match assignment {
        Some(a) if !a.is_empty() => u32::try_from(a.len()).ok(),
        Some(_) => {
            errs.push(
                &obj.at("assignment"),
                text!("expected replicas for at least partition 0"),
            );
            None
        }
        None => {
            errs.push(
                &obj.at("partitions"),
                text!("required field is missing (or give an assignment)"),
            );
            None
        }
    }
}

/// `replication.factor` (at most the number of brokers), or the size of the assignment's first
/// replica list.
fn replication_factor(
    errs: &mut Errors,
    obj: &Obj<'_>,
    assignment: Option<&Assignment>,
    cluster: &Cluster<'_>,
) -> Option<u32> {
    let path = obj.at("replication.factor");
    let Some(v) = obj.opt("replication.factor") else {
        let Some(assignment) = assignment else {
            errs.push(
                &path,
                text!("required field is missing (or give an assignment)"),
            );
            return None;
        };
        let (partition, replicas) = assignment.iter().next()?;
        let first_path = field_path(&obj.at("assignment"), &partition.to_string());
        let rf = u32::try_from(replicas.len()).ok()?;
        return check_replication_factor(errs, &first_path, u64::from(rf)).then_some(rf);
    };
    let rf = u32_min_at(errs, &path, v, 1, text!("replica"))?;
    if !check_replication_factor(errs, &path, u64::from(rf)) {
        return None;
    }
    let Some(brokers) = cluster.broker_count() else {
        return Some(rf);
    };
    if rf > brokers {
        let message = if brokers == 1 {
            text!("{rf} is larger than the 1 broker", rf)
        } else {
            text!("{rf} is larger than the {brokers} brokers", rf, brokers)
        };
        errs.push(&path, message);
        return None;
    }
    Some(rf)
}

/// The assignment's shape only: partition keys and broker-id lists.
fn read_assignment(errs: &mut Errors, path: &str, v: &Value) -> Option<Assignment> {
    let map = object_at(errs, path, v)?;
    let mut assignment = Assignment::new();
    let mut ok = true;
    for (key, replicas) in map {
        let entry_path = field_path(path, key);
        let partition = numeric_key(errs, &entry_path, key, text!("a partition number"));
        let list = array_at(errs, &entry_path, replicas)
            .map(|items| super::reader::broker_ids_at(errs, &entry_path, items));
        match (partition, list) {
            (Some(p), Some(Some(ids))) => {
                assignment.insert(p, ids);
            }
            _ => ok = false,
        }
    }
    ok.then_some(assignment)
}

/// Every partition has exactly `rf` distinct, existing brokers, and no partition is missing.
fn check_assignment(
    errs: &mut Errors,
    path: &str,
    a: &Assignment,
    partitions: u32,
    rf: u32,
    cluster: &Cluster<'_>,
) {
    for (p, replicas) in a {
        let entry_path = field_path(path, &p.to_string());
        if *p >= partitions {
            errs.push(
                &entry_path,
                text!(
                    "no partition {p}; the topic has {range}",
                    p,
                    range = partition_range(partitions)
                ),
            );
            continue;
        }
        check_replica_list(errs, &entry_path, replicas, Some(rf), cluster);
    }
    let missing = missing_partitions(a, partitions);
    if !missing.is_empty() {
        let message = text!(
            "no replicas for partition {missing}; give every partition from 0 to {last}",
            missing = join(missing.iter()),
            last = partitions.saturating_sub(1)
        );
        errs.push(path, message);
    }
}

/// The first few partitions below `partitions` the assignment lacks. Bounded by the
/// assignment's size, not by the (possibly huge) partition count.
fn missing_partitions(a: &Assignment, partitions: u32) -> Vec<u32> {
    const SHOWN: usize = 5;
    (0..partitions)
        .filter(|p| !a.contains_key(p))
        .take(SHOWN)
        .collect()
}

/// A replica list: `expected` brokers if given, each existing and listed once.
pub(super) fn check_replica_list(
    errs: &mut Errors,
    path: &str,
    replicas: &[BrokerId],
    expected: Option<u32>,
    cluster: &Cluster<'_>,
) -> bool {
    let len = u32::try_from(replicas.len()).unwrap_or(u32::MAX);
    if !check_replication_factor(errs, path, u64::from(len)) {
        return false;
    }
    let mut ok = true;
    if let Some(rf) = expected.filter(|rf| *rf != len) {
        errs.push(
            path,
            text!(
                "expected {rf} replicas (the replication factor), got {len}",
                rf,
                len
            ),
        );
        ok = false;
    }
    if replicas.is_empty() {
        errs.push(path, text!("expected at least one replica"));
        return false;
    }
    for (i, id) in replicas.iter().enumerate() {
        let item_path = index_path(path, i);
        if replicas[..i].contains(id) {
            errs.push(&item_path, text!("broker {id} is listed twice", id));
            ok = false;
        } else if !cluster.check_broker(errs, &item_path, *id) {
            ok = false;
        }
    }
    ok
}

/// `start_index` and `replica_shift` (together) fix Kafka's random draws; `rack_aware: false`
/// is `--disable-rack-aware`. Kept even beside an assignment (the contract's own example gives
/// both); it only matters when placement chooses the replicas.
fn parse_placement(
    errs: &mut Errors,
    topic: &Obj<'_>,
    cluster: &Cluster<'_>,
) -> (Option<Placement>, bool) {
    let Some(v) = topic.opt("placement") else {
        return (None, true);
    };
    let path = topic.at("placement");
    let Some(obj) = Obj::open(
        errs,
        &path,
        v,
        &["start_index", "replica_shift", "rack_aware"],
    ) else {
        return (None, true);
    };
    let rack_aware_given = obj.opt("rack_aware");
    let rack_aware = rack_aware_given.and_then(|v| rack_aware_at(errs, &obj.at("rack_aware"), v));
    // The seed's two fields come as a pair; with `rack_aware` alone, Kafka draws them.
    let seed_given = obj.opt("start_index").is_some() || obj.opt("replica_shift").is_some();
    let placement = if seed_given || rack_aware_given.is_none() {
        let start_index = placement_index(errs, &obj, "start_index", cluster);
        let replica_shift = placement_index(errs, &obj, "replica_shift", cluster);
        start_index
            .zip(replica_shift)
            .map(|(start_index, replica_shift)| Placement {
                start_index,
                replica_shift,
            })
    } else {
        None
    };
    (placement, rack_aware.unwrap_or(true))
}

fn rack_aware_at(errs: &mut Errors, path: &str, v: &Value) -> Option<bool> {
    let b = v.as_bool();
    if b.is_none() {
        let got = crate::config::show_value(v);
        errs.push(
            path,
            text!(
                "expected true or false (false: Kafka's --disable-rack-aware), got {got}",
                got
            ),
        );
    }
    b
}

/// An index into the broker list, the range Kafka draws its random start index and shift from.
fn placement_index(
    errs: &mut Errors,
    obj: &Obj<'_>,
    key: &str,
    cluster: &Cluster<'_>,
) -> Option<u32> {
    let path = obj.at(key);
    let n = obj
        .required(errs, key)
        .and_then(|v| u32_at(errs, &path, v))?;
    let Some(brokers) = cluster.broker_count() else {
        return Some(n);
    };
    if n >= brokers {
        errs.push(
            &path,
            text!(
                "expected an index into the {brokers} brokers (0 to {last}), got {n}",
                brokers,
                last = brokers - 1,
                n
            ),
        );
        return None;
    }
    Some(n)
}

fn parse_topic_config(errs: &mut Errors, topic: &Obj<'_>) -> TopicConfig {
    let mut config = TopicConfig::default();
    let Some(v) = topic.opt("config") else {
        return config;
    };
    let path = topic.at("config");
    let Some(map) = object_at(errs, &path, v) else {
        return config;
    };
    for (key, value) in map {
        if let Err(e) = config.set(key, value) {
            errs.push(&field_path(&path, key), e.message);
        }
    }
    config
}
