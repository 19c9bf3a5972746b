//! The KIP-455 actions: `reassign` and `reassign_plan` (a `kafka-reassign-partitions.sh`
//! plan document, also read on its own by the plan editor).

use super::{required_partition, topic_at, World};
use crate::config::show_value;
use crate::ids::BrokerId;
use crate::scenario::reader::{array_at, index_path, string_at, Cluster, Errors, Obj};
use crate::scenario::topics::check_replica_list;
use crate::scenario::{Action, PlanEntry, TopicSpec};
use crate::text;
use serde_json::Value;

pub(super) fn reassign(errs: &mut Errors, path: &str, v: &Value, w: &World<'_>) -> Option<Action> {
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
        .and_then(|items| crate::scenario::reader::broker_ids_at(errs, &replicas_path, items))
        .filter(|ids| check_replica_list(errs, &replicas_path, ids, None, w.cluster));
    (topic.map(|t| t.name.clone()), partition, replicas)
}

/// A plan file on its own (the playground's import), checked with the same rules as a
/// `reassign_plan` action; paths start at the plan's root (`partitions[0].replicas[1]`).
pub(in crate::scenario) fn plan_document(
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
pub(super) fn reassign_plan(
    errs: &mut Errors,
    path: &str,
    v: &Value,
    w: &World<'_>,
) -> Option<Action> {
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
