//! Writing a scenario back in the contract's format. Everything the parser filled in by default
//! (leader, ISR, record epochs) is written out explicitly, so reading the output gives the same
//! scenario.

use super::{
    Action, BrokerSpec, LogSpec, PartitionStateSpec, PlanEntry, ProduceValues, Scenario, TopicSpec,
};
use crate::config::Acks;
use crate::ids::{BrokerId, NodeId};
use serde_json::{json, Map, Value};

pub(super) fn scenario(s: &Scenario) -> Value {
    let mut root = Map::new();
    insert_opt(&mut root, "name", s.name.as_ref().map(|n| json!(n)));
    insert_opt(
        &mut root,
        "description",
        s.description.as_ref().map(|d| json!(d)),
    );
    root.insert("seed".into(), json!(s.seed));
    root.insert("profile".into(), json!(s.profile.name()));
    root.insert("brokers".into(), s.brokers.iter().map(broker).collect());
    if !s.config_overrides.is_empty() {
        let config = object(
            s.config_overrides
                .iter()
                .map(|(k, v)| (k.clone(), v.clone())),
        );
        root.insert("config".into(), Value::Object(config));
    }
    root.insert("topics".into(), s.topics.iter().map(topic).collect());
    let actions = s
        .actions
        .iter()
        .map(|a| timed(a.at_ms, &a.action))
        .collect();
    root.insert("actions".into(), actions);
    insert_opt(&mut root, "run_until_ms", s.run_until_ms.map(|t| json!(t)));
    Value::Object(root)
}

fn insert_opt(map: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    if let Some(v) = value {
        map.insert(key.into(), v);
    }
}

fn broker(b: &BrokerSpec) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), json!(b.id.0));
    insert_opt(&mut m, "rack", b.rack.as_ref().map(|r| json!(r)));
    Value::Object(m)
}

/// A JSON object from pairs whose keys come sorted already. Inserting one by one instead of
/// `collect` keeps serde_json's `Map::from_iter` (a `BTreeMap` collect, which sorts first) out
/// of the browser bundle.
fn object(pairs: impl Iterator<Item = (String, Value)>) -> Map<String, Value> {
    let mut map = Map::new();
    for (k, v) in pairs {
        map.insert(k, v);
    }
    map
}

fn ids(list: &[BrokerId]) -> Value {
    list.iter().map(|id| json!(id.0)).collect()
}

fn topic(t: &TopicSpec) -> Value {
    let mut m = Map::new();
    m.insert("name".into(), json!(t.name));
    m.insert("partitions".into(), json!(t.partitions));
    m.insert("replication.factor".into(), json!(t.replication_factor));
    if let Some(a) = &t.assignment {
        let map = object(a.iter().map(|(p, r)| (p.to_string(), ids(r))));
        m.insert("assignment".into(), Value::Object(map));
    }
    let mut placement = Map::new();
    if let Some(p) = &t.placement {
        placement.insert("start_index".into(), json!(p.start_index));
        placement.insert("replica_shift".into(), json!(p.replica_shift));
    }
    if !t.rack_aware {
        placement.insert("rack_aware".into(), json!(false));
    }
    if !placement.is_empty() {
        m.insert("placement".into(), Value::Object(placement));
    }
    if !t.config.is_empty() {
        m.insert("config".into(), Value::Object(t.config.to_json()));
    }
    if !t.state.is_empty() {
        let map = object(t.state.iter().map(|(p, s)| (p.to_string(), state(s))));
        m.insert("state".into(), Value::Object(map));
    }
    Value::Object(m)
}

fn state(s: &PartitionStateSpec) -> Value {
    let mut m = Map::new();
    m.insert(
        "leader".into(),
        s.leader.map_or(Value::Null, |l| json!(l.0)),
    );
    m.insert("leader_epoch".into(), json!(s.leader_epoch));
    m.insert("isr".into(), ids(&s.isr));
    if !s.elr.is_empty() {
        m.insert("elr".into(), ids(&s.elr));
    }
    m.insert("high_watermark".into(), json!(s.high_watermark));
    if !s.logs.is_empty() {
        let logs = object(s.logs.iter().map(|(b, l)| (b.to_string(), log(l))));
        m.insert("logs".into(), Value::Object(logs));
    }
    Value::Object(m)
}

fn log(l: &LogSpec) -> Value {
    let mut m = Map::new();
    match l {
        LogSpec::EndOffset {
            end_offset, epoch, ..
        } => {
            m.insert("end_offset".into(), json!(end_offset));
            insert_opt(&mut m, "epoch", epoch.map(|e| json!(e)));
        }
        LogSpec::Records { records, .. } => {
            let list = records
                .iter()
                .map(|r| json!({"value": r.value, "epoch": r.epoch}))
                .collect();
            m.insert("records".into(), list);
        }
    }
    insert_opt(
        &mut m,
        "high_watermark",
        l.high_watermark().map(|hw| json!(hw)),
    );
    Value::Object(m)
}

pub(super) fn timed(at_ms: u64, action: &Action) -> Value {
    let mut m = Map::new();
    m.insert("at_ms".into(), json!(at_ms));
    m.insert(action.kind().into(), body(action));
    Value::Object(m)
}

fn node(n: &NodeId) -> Value {
    match n {
        NodeId::Broker(b) => json!(b.0),
        NodeId::Controller => json!("controller"),
        NodeId::Clients => json!("clients"),
    }
}

/// The object under the action's kind key.
fn body(action: &Action) -> Value {
    match action {
        Action::Produce {
            topic,
            partition,
            key,
            values,
            acks,
        } => produce(topic, *partition, key.as_deref(), values, *acks),
        Action::ProduceRate {
            topic,
            per_second,
            until_ms,
            acks,
        } => produce_rate(topic, *per_second, *until_ms, *acks),
        Action::Consume { topic, client_rack } => consume(topic, client_rack.as_deref()),
        Action::Crash { broker }
        | Action::PowerLoss { broker }
        | Action::Shutdown { broker }
        | Action::Restart { broker }
        | Action::PauseFetcher { broker }
        | Action::ResumeFetcher { broker } => json!({"broker": broker.0}),
        Action::FailRack { rack } | Action::RestoreRack { rack } => json!({"rack": rack}),
        Action::Isolate { node: n } => json!({"node": node(n)}),
        Action::Partition { groups } => {
            let groups: Vec<Value> = groups
                .iter()
                .map(|g| g.iter().map(node).collect())
                .collect();
            json!({"groups": groups})
        }
        Action::Cut { from, to } => json!({"from": node(from), "to": node(to)}),
        Action::Heal => json!({}),
        Action::Slow {
            node: n,
            latency_ms,
        } => json!({"node": node(n), "latency_ms": latency_ms}),
        Action::Reassign {
            topic,
            partition,
            replicas,
        } => json!({"topic": topic, "partition": partition, "replicas": ids(replicas)}),
        Action::ReassignPlan { partitions } => {
            json!({"partitions": partitions.iter().map(plan_entry).collect::<Vec<_>>()})
        }
        Action::ElectLeaders {
            election_type,
            topic,
            partition,
        } => {
            let mut m = Map::new();
            m.insert("election_type".into(), json!(election_type.name()));
            Value::Object(election_scope(m, topic.as_deref(), *partition))
        }
        Action::ElectPreferred { topic, partition } => {
            Value::Object(election_scope(Map::new(), topic.as_deref(), *partition))
        }
        Action::SetConfig { key, value, topic } => set_config(key, value, topic.as_deref()),
    }
}

fn produce_rate(topic: &str, per_second: u32, until_ms: Option<u64>, acks: Option<Acks>) -> Value {
    let mut m = Map::new();
    m.insert("topic".into(), json!(topic));
    m.insert("per_second".into(), json!(per_second));
    insert_opt(&mut m, "until_ms", until_ms.map(|t| json!(t)));
    insert_opt(&mut m, "acks", acks.map(|a| json!(a.name())));
    Value::Object(m)
}

fn consume(topic: &str, client_rack: Option<&str>) -> Value {
    let mut m = Map::new();
    m.insert("topic".into(), json!(topic));
    insert_opt(&mut m, "client.rack", client_rack.map(|r| json!(r)));
    Value::Object(m)
}

/// The optional topic and partition an election names.
fn election_scope(
    mut m: Map<String, Value>,
    topic: Option<&str>,
    partition: Option<u32>,
) -> Map<String, Value> {
    insert_opt(&mut m, "topic", topic.map(|t| json!(t)));
    insert_opt(&mut m, "partition", partition.map(|p| json!(p)));
    m
}

fn set_config(key: &str, value: &Value, topic: Option<&str>) -> Value {
    let mut m = Map::new();
    m.insert("key".into(), json!(key));
    m.insert("value".into(), value.clone());
    insert_opt(&mut m, "topic", topic.map(|t| json!(t)));
    Value::Object(m)
}

fn produce(
    topic: &str,
    partition: Option<u32>,
    key: Option<&str>,
    values: &ProduceValues,
    acks: Option<Acks>,
) -> Value {
    let mut m = Map::new();
    m.insert("topic".into(), json!(topic));
    insert_opt(&mut m, "partition", partition.map(|p| json!(p)));
    insert_opt(&mut m, "key", key.as_ref().map(|k| json!(k)));
    match values {
        ProduceValues::Values(list) => m.insert("values".into(), json!(list)),
        ProduceValues::Count(n) => m.insert("count".into(), json!(n)),
    };
    insert_opt(&mut m, "acks", acks.map(|a| json!(a.name())));
    Value::Object(m)
}

fn plan_entry(e: &PlanEntry) -> Value {
    let mut m = Map::new();
    m.insert("topic".into(), json!(e.topic));
    m.insert("partition".into(), json!(e.partition));
    m.insert("replicas".into(), ids(&e.replicas));
    insert_opt(&mut m, "log_dirs", e.log_dirs.as_ref().map(|d| json!(d)));
    Value::Object(m)
}
