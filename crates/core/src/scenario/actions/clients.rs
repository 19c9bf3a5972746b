//! The client actions: `produce`, `produce_rate` and `consume`, and the check of a produce's
//! own `acks` against the settings in force.

use super::{non_empty_string, optional_partition, topic_at, within, World};
use crate::config::{show_value, Acks, Config};
use crate::scenario::limits::{MAX_PRODUCE_AT_ONCE, MAX_PRODUCE_PER_SECOND};
use crate::scenario::reader::{
    array_at, field_path, index_path, string_at, time_ms_at, u32_at, u32_min_at, Errors, Obj,
};
use crate::scenario::{Action, ProduceValues};
use crate::text;
use serde_json::Value;

pub(super) fn produce(errs: &mut Errors, path: &str, v: &Value, w: &World<'_>) -> Option<Action> {
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

pub(super) fn produce_rate(
    errs: &mut Errors,
    path: &str,
    v: &Value,
    w: &World<'_>,
) -> Option<Action> {
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

pub(super) fn consume(errs: &mut Errors, path: &str, v: &Value, w: &World<'_>) -> Option<Action> {
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

/// Kafka refuses to build a producer with an explicit `enable.idempotence=true` and acks
/// other than all; a default `true` is silently dropped instead.
pub(super) fn check_acks(errs: &mut Errors, path: &str, acks: Acks, config: &Config) {
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
