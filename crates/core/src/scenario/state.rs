//! `topics[i].state`: a partition's starting leader, epoch, ISR, ELR, high watermark and logs.

use super::limits::MAX_START_RECORDS;
use super::reader::{
    array_at, check_replica, field_path, index_path, join, numeric_key, object_at, partition_range,
    string_at, u32_at, u64_at, Cluster, Errors, Obj,
};
use super::{LogSpec, PartitionStateSpec, RecordSpec};
use crate::ids::BrokerId;
use crate::text;
use crate::vec_map::VecMap;
use serde_json::Value;

const STATE_FIELDS: &[&str] = &[
    "leader",
    "leader_epoch",
    "isr",
    "elr",
    "high_watermark",
    "logs",
];
const LOG_FIELDS: &[&str] = &["end_offset", "epoch", "high_watermark", "records"];
const RECORD_FIELDS: &[&str] = &["value", "epoch"];

/// What the topic's own fields say about its partitions, as far as they parsed.
pub(super) struct Shape<'a> {
    pub partitions: Option<u32>,
    /// `None`: Kafka's placement will choose the replicas, so replica membership is not checked.
    pub assignment: Option<&'a VecMap<u32, Vec<BrokerId>>>,
}

pub(super) fn parse_state(
    errs: &mut Errors,
    path: &str,
    v: &Value,
    shape: &Shape<'_>,
    cluster: &Cluster<'_>,
) -> VecMap<u32, PartitionStateSpec> {
    let mut states = VecMap::new();
    let Some(map) = object_at(errs, path, v) else {
        return states;
    };
    for (key, value) in map {
        let entry_path = field_path(path, key);
        let Some(p) = numeric_key(errs, &entry_path, key, text!("a partition number")) else {
            continue;
        };
        if let Some(n) = shape.partitions.filter(|n| p >= *n) {
            errs.push(
                &entry_path,
                text!(
                    "no partition {p}; the topic has {range}",
                    p,
                    range = partition_range(n)
                ),
            );
            continue;
        }
        let replicas = shape.assignment.and_then(|a| a.get(&p)).map(Vec::as_slice);
        if let Some(state) = parse_partition(errs, &entry_path, value, replicas, cluster) {
            states.insert(p, state);
        }
    }
    states
}

fn parse_partition(
    errs: &mut Errors,
    path: &str,
    v: &Value,
    replicas: Option<&[BrokerId]>,
    cluster: &Cluster<'_>,
) -> Option<PartitionStateSpec> {
    let obj = Obj::open(errs, path, v, STATE_FIELDS)?;
    let leader_epoch = obj
        .opt("leader_epoch")
        .and_then(|v| u32_at(errs, &obj.at("leader_epoch"), v))
        .unwrap_or(0);
    let isr = parse_isr(errs, &obj, replicas, cluster);
    let elr = parse_elr(errs, &obj, replicas, cluster, isr.as_deref());
    let leader = parse_leader(errs, &obj, replicas, cluster, isr.as_deref());
    let logs = parse_logs(errs, &obj, replicas, cluster, leader_epoch);
    let high_watermark = obj
        .opt("high_watermark")
        .and_then(|v| u64_at(errs, &obj.at("high_watermark"), v))
        .unwrap_or(0);
    let leader = leader?;
    check_leader_high_watermark(errs, &obj, leader, high_watermark, &logs);
    Some(PartitionStateSpec {
        leader,
        leader_epoch,
        isr: isr?,
        elr: elr?,
        high_watermark,
        logs,
    })
}

/// The ISR; every replica when the file leaves it out and the replicas are known. Without ELR
/// Kafka never empties the ISR, so an empty one is a state Kafka cannot be in.
fn parse_isr(
    errs: &mut Errors,
    obj: &Obj<'_>,
    replicas: Option<&[BrokerId]>,
    cluster: &Cluster<'_>,
) -> Option<Vec<BrokerId>> {
    let path = obj.at("isr");
    let Some(v) = obj.opt("isr") else {
        if replicas.is_none() {
            errs.push(&path, text!("required field is missing when the topic has no assignment (placement chooses the replicas later)"));
        }
        return replicas.map(<[BrokerId]>::to_vec);
    };
    let isr = cluster.broker_list_at(errs, &path, v, replicas)?;
    if isr.is_empty() && !cluster.profile.elr_enabled() {
        let message = text!("empty; without ELR (profile {profile}) Kafka never empties the ISR: the last member stays \
             and the partition goes offline", profile = cluster.profile.name());
        errs.push(&path, message);
        return None;
    }
    Some(isr)
}

/// The ELR exists only with KIP-966, and a replica is in the ISR or the ELR, never both.
fn parse_elr(
    errs: &mut Errors,
    obj: &Obj<'_>,
    replicas: Option<&[BrokerId]>,
    cluster: &Cluster<'_>,
    isr: Option<&[BrokerId]>,
) -> Option<Vec<BrokerId>> {
    let Some(v) = obj.opt("elr") else {
        return Some(Vec::new());
    };
    let path = obj.at("elr");
    let elr = cluster.broker_list_at(errs, &path, v, replicas)?;
    if !elr.is_empty() && !cluster.profile.elr_enabled() {
        let message = text!(
            "ELR exists only in profile kraft-elr; this scenario uses {profile}",
            profile = cluster.profile.name()
        );
        errs.push(&path, message);
        return None;
    }
    let both: Vec<&BrokerId> = elr
        .iter()
        .filter(|id| isr.is_some_and(|isr| isr.contains(id)))
        .collect();
    if !both.is_empty() {
        let message = text!(
            "broker {ids} is in both isr and elr; a replica enters the ELR when it leaves the ISR",
            ids = join(both)
        );
        errs.push(&path, message);
        return None;
    }
    Some(elr)
}

/// `Some(None)`: offline (`"leader": null`). A file that leaves the leader out gets the first
/// ISR member in assignment order, the replica a clean election picks.
fn parse_leader(
    errs: &mut Errors,
    obj: &Obj<'_>,
    replicas: Option<&[BrokerId]>,
    cluster: &Cluster<'_>,
    isr: Option<&[BrokerId]>,
) -> Option<Option<BrokerId>> {
    let path = obj.at("leader");
    let v = match obj.raw("leader") {
        None => return Some(default_leader(replicas, isr?)),
        Some(Value::Null) => return Some(None),
        Some(v) => v,
    };
    let id = cluster.broker_at(errs, &path, v)?;
    if !check_replica(errs, &path, id, replicas) {
        return None;
    }
    let isr = isr?;
    if !isr.contains(&id) {
        let message = text!(
            "leader {id} is not in the isr ({isr}); Kafka's leader is always an ISR member",
            id,
            isr = join(isr)
        );
        errs.push(&path, message);
        return None;
    }
    Some(Some(id))
}

fn default_leader(replicas: Option<&[BrokerId]>, isr: &[BrokerId]) -> Option<BrokerId> {
    match replicas {
        Some(replicas) => replicas.iter().find(|r| isr.contains(r)).copied(),
        None => isr.first().copied(),
    }
}

fn parse_logs(
    errs: &mut Errors,
    obj: &Obj<'_>,
    replicas: Option<&[BrokerId]>,
    cluster: &Cluster<'_>,
    leader_epoch: u32,
) -> VecMap<BrokerId, LogSpec> {
    let mut logs = VecMap::new();
    let path = obj.at("logs");
    let Some(map) = obj.opt("logs").and_then(|v| object_at(errs, &path, v)) else {
        return logs;
    };
    for (key, value) in map {
        let log_path = field_path(&path, key);
        let Some(id) = numeric_key(errs, &log_path, key, text!("a broker id")).map(BrokerId) else {
            continue;
        };
        if !cluster.check_broker(errs, &log_path, id)
            || !check_replica(errs, &log_path, id, replicas)
        {
            continue;
        }
        if let Some(log) = parse_log(errs, &log_path, value, leader_epoch) {
            logs.insert(id, log);
        }
    }
    logs
}

/// `{"end_offset": N, "epoch"?, "high_watermark"?}` or `{"records": [...], "high_watermark"?}`.
fn parse_log(errs: &mut Errors, path: &str, v: &Value, leader_epoch: u32) -> Option<LogSpec> {
    let obj = Obj::open(errs, path, v, LOG_FIELDS)?;
    let log = match (obj.opt("end_offset"), obj.opt("records")) {
        (Some(end), None) => end_offset_log(errs, &obj, end, leader_epoch),
        (None, Some(records)) => records_log(errs, &obj, records, leader_epoch),
        (Some(_), Some(_)) => {
            errs.push(path, text!("give end_offset or records, not both"));
            None
        }
        (None, None) => {
            errs.push(
                path,
                text!("give end_offset (records r0, r1, …) or records"),
            );
            None
        }
    }?;
    check_own_high_watermark(errs, &obj, &log).then_some(log)
}

fn end_offset_log(
    errs: &mut Errors,
    obj: &Obj<'_>,
    end: &Value,
    leader_epoch: u32,
) -> Option<LogSpec> {
    let end_offset = start_log_size(errs, &obj.at("end_offset"), end)?;
    let epoch = match obj.opt("epoch") {
        Some(v) => Some(record_epoch(errs, &obj.at("epoch"), v, leader_epoch)?),
        None => None,
    };
    let high_watermark = own_high_watermark(errs, obj)?;
    Some(LogSpec::EndOffset {
        end_offset,
        epoch,
        high_watermark,
    })
}

fn records_log(
    errs: &mut Errors,
    obj: &Obj<'_>,
    records: &Value,
    leader_epoch: u32,
) -> Option<LogSpec> {
    if obj.opt("epoch").is_some() {
        errs.push(
            &obj.at("epoch"),
            text!("epoch goes with end_offset; with records, each record carries its own epoch"),
        );
    }
    let path = obj.at("records");
    let items = array_at(errs, &path, records)?;
    if !start_log_within_budget(errs, &path, items.len() as u64) {
        return None;
    }
    let mut parsed = Vec::with_capacity(items.len());
    let mut all_ok = true;
    for (i, item) in items.iter().enumerate() {
        let previous_epoch = parsed.last().map_or(0, |r: &RecordSpec| r.epoch);
        match parse_record(
            errs,
            &index_path(&path, i),
            item,
            leader_epoch,
            previous_epoch,
        ) {
            Some(record) => parsed.push(record),
            None => all_ok = false,
        }
    }
    let high_watermark = own_high_watermark(errs, obj)?;
    if !all_ok {
        return None;
    }
    Some(LogSpec::Records {
        records: parsed,
        high_watermark,
    })
}

/// A record; its epoch defaults to the partition's leader epoch and never goes below the
/// previous record's (a log's epochs only grow).
fn parse_record(
    errs: &mut Errors,
    path: &str,
    v: &Value,
    leader_epoch: u32,
    previous: u32,
) -> Option<RecordSpec> {
    let obj = Obj::open(errs, path, v, RECORD_FIELDS)?;
    let value = obj
        .required(errs, "value")
        .and_then(|v| string_at(errs, &obj.at("value"), v));
    let epoch = match obj.opt("epoch") {
        Some(v) => record_epoch(errs, &obj.at("epoch"), v, leader_epoch)?,
        None => leader_epoch,
    };
    if epoch < previous {
        errs.push(
            &obj.at("epoch"),
            text!(
                "epoch {epoch} follows epoch {previous}; epochs in a log never go down",
                epoch,
                previous
            ),
        );
        return None;
    }
    Some(RecordSpec {
        value: value?,
        epoch,
    })
}

/// Records are written in the leader's epoch, so none can be newer than the current one.
fn record_epoch(errs: &mut Errors, path: &str, v: &Value, leader_epoch: u32) -> Option<u32> {
    let epoch = u32_at(errs, path, v)?;
    if epoch > leader_epoch {
        errs.push(
            path,
            text!(
                "epoch {epoch} is newer than the partition's leader_epoch {leader_epoch}",
                epoch,
                leader_epoch
            ),
        );
        return None;
    }
    Some(epoch)
}

fn start_log_size(errs: &mut Errors, path: &str, v: &Value) -> Option<u64> {
    let n = u64_at(errs, path, v)?;
    start_log_within_budget(errs, path, n).then_some(n)
}

/// One log alone over the budget of all starting logs (`budgets.rs` adds them up) is refused
/// before its records are read.
fn start_log_within_budget(errs: &mut Errors, path: &str, n: u64) -> bool {
    if n <= MAX_START_RECORDS {
        return true;
    }
    let message = text!(
        "{n} records is more than the simulator's budget of {limit} records in all starting logs",
        n,
        limit = MAX_START_RECORDS
    );
    errs.push(path, message);
    false
}

/// `Ok(None)` when absent; `None` (an error was recorded) when malformed.
fn own_high_watermark(errs: &mut Errors, obj: &Obj<'_>) -> Option<Option<u64>> {
    match obj.opt("high_watermark") {
        None => Some(None),
        Some(v) => u64_at(errs, &obj.at("high_watermark"), v).map(Some),
    }
}

/// A replica's HW never passes its own log end.
fn check_own_high_watermark(errs: &mut Errors, obj: &Obj<'_>, log: &LogSpec) -> bool {
    let end = log.end_offset();
    match log.high_watermark() {
        Some(hw) if hw > end => {
            errs.push(
                &obj.at("high_watermark"),
                text!("{hw} is beyond this log's end offset {end}", hw, end),
            );
            false
        }
        _ => true,
    }
}

/// The partition HW is the leader's: it cannot pass the leader's log end, and the leader's log
/// entry cannot claim a different one.
fn check_leader_high_watermark(
    errs: &mut Errors,
    obj: &Obj<'_>,
    leader: Option<BrokerId>,
    high_watermark: u64,
    logs: &VecMap<BrokerId, LogSpec>,
) {
    let Some(leader) = leader else {
        return;
    };
    let leader_log = logs.get(&leader);
    let end = leader_log.map_or(0, LogSpec::end_offset);
    if high_watermark > end {
        let message = text!(
            "{high_watermark} is beyond the leader's (broker {leader}) log end offset {end}",
            high_watermark,
            leader,
            end
        );
        errs.push(&obj.at("high_watermark"), message);
    }
    if let Some(own) = leader_log
        .and_then(LogSpec::high_watermark)
        .filter(|hw| *hw != high_watermark)
    {
        let path = field_path(
            &field_path(&obj.at("logs"), &leader.to_string()),
            "high_watermark",
        );
        let message = text!("{own} differs from the partition's high_watermark {high_watermark}; the leader's HW is \
             the partition's, so set it there", own, high_watermark);
        errs.push(&path, message);
    }
}
