//! The runner's report: the world's state as the scenario contract's JSON.

use crate::sim::checker::disagreement;
use crate::sim::trace::{EventKind, TraceEvent};
use crate::sim::{BrokerStatus, ProduceOutcome, World};
use crate::view::broker_state;
use serde_json::{json, Map, Value as Json};

/// The report of `replication-sim run`. With `summary`, the per-record arrays are replaced by
/// their lengths (`records_count`, `produced_count`, `consumed_count`, `events_count`).
pub fn report(world: &World, summary: bool) -> Json {
    let mut root = Map::new();
    root.insert("time_ms".into(), json!(world.now_ms()));
    root.insert("profile".into(), json!(world.profile().name()));
    root.insert("brokers".into(), Json::Array(world.brokers().map(|b| json!({"id": b.id.0, "rack": b.rack, "state": broker_state(world, b.id).report_name()})).collect()));
    let partitions: Vec<Json> = world
        .partitions()
        .map(|p| partition_json(world, p, summary))
        .collect();
    root.insert("partitions".into(), Json::Array(partitions));
    let clients = world.clients();
    put_list(
        &mut root,
        "produced",
        clients.records.total() as usize,
        summary,
        || clients.records.iter().map(produced_json).collect(),
    );
    // Long runs fold old records into counts; say so rather than silently shortening lists.
    if clients.records.folded() > 0 {
        root.insert("produced_folded".into(), json!(clients.records.folded()));
    }
    if clients.consumed_folded > 0 {
        root.insert("consumed_folded".into(), json!(clients.consumed_folded));
    }
    put_list(
        &mut root,
        "consumed",
        clients.consumed.len() + clients.consumed_folded as usize,
        summary,
        || {
            clients.consumed.iter().map(|c| json!({"consumer": consumer_name(c.consumer), "topic": c.tp.topic, "partition": c.tp.partition, "offset": c.offset, "value": c.value.to_string()})).collect()
        },
    );
    let checker = world.checker();
    root.insert(
        "lost_acked".into(),
        json!(checker
            .lost_acked
            .iter()
            .map(|(_, v)| v.to_string())
            .collect::<Vec<_>>()),
    );
    root.insert(
        "lost_committed".into(),
        json!(checker
            .lost_committed
            .iter()
            .map(|(_, v)| v.to_string())
            .collect::<Vec<_>>()),
    );
    let consistent = world
        .partitions()
        .all(|p| disagreement(&world.brokers, &p.tp, &p.replicas).is_none());
    root.insert("logs_consistent".into(), json!(consistent));
    root.insert(
        "invariant_violations".into(),
        Json::Array(
            checker
                .violations
                .iter()
                .map(|v| json!({"invariant": v.invariant.name(), "at_ms": v.at_ms, "detail": v.detail}))
                .collect(),
        ),
    );
    put_list(&mut root, "events", world.trace().len(), summary, || {
        world.trace().iter().map(event_json).collect()
    });
    Json::Object(root)
}

/// A consumer's name in the report: `consumer-1` for the first `consume` action's, as Kafka
/// names a consumer with no `client.id` and no group (`ConsumerUtils.buildClientId`:
/// `"consumer-" + CONSUMER_CLIENT_ID_SEQUENCE`, counting from 1).
pub fn consumer_name(index: u32) -> String {
    format!("consumer-{}", index + 1)
}

/// The list itself, or with `summary` just its length as `<key>_count` (built only if needed).
fn put_list(
    root: &mut Map<String, Json>,
    key: &str,
    len: usize,
    summary: bool,
    items: impl FnOnce() -> Vec<Json>,
) {
    if summary {
        root.insert(format!("{key}_count"), json!(len));
    } else {
        root.insert(key.into(), Json::Array(items()));
    }
}

fn partition_json(
    world: &World,
    p: &crate::partition_state::PartitionState,
    summary: bool,
) -> Json {
    let ids = |v: &[crate::BrokerId]| v.iter().map(|b| b.0).collect::<Vec<_>>();
    let leader_hw = p
        .leader
        .and_then(|l| world.broker(l))
        .filter(|b| b.status == BrokerStatus::Running)
        .and_then(|b| b.partitions.get(&p.tp))
        .map(|r| r.high_watermark());
    let replicas_state: Vec<Json> = p.replicas.iter().filter_map(|&b| {
        let replica = world.broker(b)?.partitions.get(&p.tp)?;
        let mut m = Map::new();
        m.insert("broker".into(), json!(b.0));
        m.insert("log_end_offset".into(), json!(replica.log().log_end_offset()));
        m.insert("log_start_offset".into(), json!(replica.log().log_start_offset()));
        m.insert("high_watermark".into(), json!(replica.high_watermark()));
        let retained = replica.log().log_end_offset() - replica.log().log_start_offset();
        put_list(&mut m, "records", retained as usize, summary, || {
            replica.log().records_from(0, u64::MAX).iter().map(|r| json!({"offset": r.offset, "epoch": r.leader_epoch, "value": r.value.to_string()})).collect()
        });
        m.insert("epoch_cache".into(), json!(replica.log().epoch_cache().iter().map(|e| [e.epoch as u64, e.start_offset]).collect::<Vec<_>>()));
        Some(Json::Object(m))
    }).collect();
    json!({
        "topic": p.tp.topic, "partition": p.tp.partition, "replicas": ids(&p.replicas),
        "leader": p.leader.map(|b| b.0), "leader_epoch": p.leader_epoch,
        "isr": ids(&p.isr), "elr": ids(&p.elr), "last_known_elr": ids(&p.last_known_elr),
        "adding_replicas": ids(&p.adding_replicas), "removing_replicas": ids(&p.removing_replicas),
        "high_watermark": if p.leader.is_some() { json!(leader_hw) } else { Json::Null },
        "replicas_state": replicas_state,
    })
}

fn produced_json(r: &crate::sim::ProducedRecord) -> Json {
    let mut m = Map::new();
    m.insert("value".into(), json!(r.value.to_string()));
    m.insert("topic".into(), json!(r.tp.topic));
    m.insert("partition".into(), json!(r.tp.partition));
    m.insert("acks".into(), json!(r.acks.name()));
    let outcome = match r.outcome {
        ProduceOutcome::Pending => "pending",
        ProduceOutcome::Acked => "acked",
        ProduceOutcome::Failed(e) => {
            m.insert("error".into(), json!(e.name()));
            "failed"
        }
    };
    m.insert("outcome".into(), json!(outcome));
    m.insert("offset".into(), json!(r.offset));
    Json::Object(m)
}

fn event_json(event: &TraceEvent) -> Json {
    let mut m = Map::new();
    m.insert("at_ms".into(), json!(event.at_ms));
    m.insert("kind".into(), json!(event.kind.name()));
    if let Some(tp) = event.kind.partition() {
        m.insert("topic".into(), json!(tp.topic));
        m.insert("partition".into(), json!(tp.partition));
    }
    if let Some(b) = event.kind.broker() {
        m.insert("broker".into(), json!(b.0));
    }
    match &event.kind {
        EventKind::LeaderElected { leader_epoch, .. }
        | EventKind::PartitionOffline { leader_epoch, .. } => {
            m.insert("leader_epoch".into(), json!(leader_epoch));
        }
        EventKind::IsrShrunk { isr, .. }
        | EventKind::IsrExpanded { isr, .. }
        | EventKind::IsrChanged { isr, .. } => {
            m.insert(
                "isr".into(),
                json!(isr.iter().map(|b| b.0).collect::<Vec<_>>()),
            );
        }
        EventKind::Truncated { from, to, .. } => {
            m.insert("from".into(), json!(from));
            m.insert("to".into(), json!(to));
        }
        EventKind::ActionIgnored { action, .. } => {
            m.insert("action".into(), json!(action));
        }
        _ => {}
    }
    m.insert("description".into(), json!(event.kind.describe()));
    Json::Object(m)
}
