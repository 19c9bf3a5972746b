//! The network actions: `isolate`, `partition`, `cut`, `heal` and `slow`, naming brokers, the
//! controller or the clients.

use super::World;
use crate::config::show_value;
use crate::ids::NodeId;
use crate::scenario::reader::{array_at, index_path, time_ms_at, Errors, Obj};
use crate::scenario::Action;
use crate::text;
use crate::text::Arg;
use serde_json::Value;

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

pub(super) fn isolate(errs: &mut Errors, path: &str, v: &Value, w: &World<'_>) -> Option<Action> {
    let obj = Obj::open(errs, path, v, &["node"])?;
    required_node(errs, &obj, "node", w).map(|node| Action::Isolate { node })
}

/// Groups of nodes; links between groups are cut. A node may be in one group only, and one
/// group alone would cut nothing.
pub(super) fn partition(errs: &mut Errors, path: &str, v: &Value, w: &World<'_>) -> Option<Action> {
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

pub(super) fn cut(errs: &mut Errors, path: &str, v: &Value, w: &World<'_>) -> Option<Action> {
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
pub(super) fn heal(errs: &mut Errors, path: &str, v: &Value) -> Option<Action> {
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

pub(super) fn slow(errs: &mut Errors, path: &str, v: &Value, w: &World<'_>) -> Option<Action> {
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
