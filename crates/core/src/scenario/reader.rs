//! Reading JSON values by hand, so that each problem is recorded with its exact path and the
//! parse goes on to find the next one.

use super::limits::MAX_TIME_MS;
use super::{BrokerSpec, ScenarioError};
use crate::config::{show_value, Profile};
use crate::ids::BrokerId;
use crate::text;
use crate::text::Text;
use serde_json::{Map, Value};
use std::fmt::Display;

/// The problems found so far.
#[derive(Default)]
pub(super) struct Errors(Vec<ScenarioError>);

impl Errors {
    /// Records a problem at `path`; the document root is written `$`.
    pub fn push(&mut self, path: &str, message: Text) {
        let path = if path.is_empty() { "$" } else { path };
        self.0.push(ScenarioError {
            path: path.to_string(),
            message,
        });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn into_vec(self) -> Vec<ScenarioError> {
        self.0
    }
}

pub(super) use super::path::{field as field_path, index as index_path};

/// `1, 2, 3`.
pub(super) fn join<T: Display>(items: impl IntoIterator<Item = T>) -> String {
    items
        .into_iter()
        .map(|item| item.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A JSON object whose keys were checked against the fields allowed there.
pub(super) struct Obj<'a> {
    map: &'a Map<String, Value>,
    path: String,
}

impl<'a> Obj<'a> {
    /// Opens `v` as an object, recording a problem for each key not in `allowed`.
    pub fn open(errs: &mut Errors, path: &str, v: &'a Value, allowed: &[&str]) -> Option<Obj<'a>> {
        let Some(map) = v.as_object() else {
            errs.push(
                path,
                text!("expected an object, got {got}", got = show_value(v)),
            );
            return None;
        };
        for key in map.keys().filter(|k| !allowed.contains(&k.as_str())) {
            errs.push(&field_path(path, key), unknown_field(allowed));
        }
        Some(Obj {
            map,
            path: path.to_string(),
        })
    }

    /// The field's path.
    pub fn at(&self, key: &str) -> String {
        field_path(&self.path, key)
    }

    pub fn path(&self) -> &str {
        &self.path
    }

    /// The field as written, `null` included.
    pub fn raw(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key)
    }

    /// An optional field: absent and `null` both mean "not given".
    pub fn opt(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    /// A required field; records a problem when it is absent or `null`.
    pub fn required(&self, errs: &mut Errors, key: &str) -> Option<&'a Value> {
        let v = self.opt(key);
        if v.is_none() {
            errs.push(&self.at(key), text!("required field is missing"));
        }
        v
    }

    pub fn keys(&self) -> impl Iterator<Item = &'a String> {
        self.map.keys()
    }
}

fn unknown_field(allowed: &[&str]) -> Text {
    if allowed.is_empty() {
        text!("unknown field; no fields are allowed here")
    } else {
        text!(
            "unknown field; allowed fields are {fields}",
            fields = allowed.join(", ")
        )
    }
}

/// An object whose keys are data (partition numbers, broker ids, config keys), not fields.
pub(super) fn object_at<'a>(
    errs: &mut Errors,
    path: &str,
    v: &'a Value,
) -> Option<&'a Map<String, Value>> {
    let map = v.as_object();
    if map.is_none() {
        errs.push(
            path,
            text!("expected an object, got {got}", got = show_value(v)),
        );
    }
    map
}

pub(super) fn u64_at(errs: &mut Errors, path: &str, v: &Value) -> Option<u64> {
    let n = v.as_u64();
    if n.is_none() {
        errs.push(
            path,
            text!(
                "expected a whole number ≥ 0, got {got}",
                got = show_value(v)
            ),
        );
    }
    n
}

/// A simulated time or duration, bounded so that sums of a few of them cannot overflow.
pub(super) fn time_ms_at(errs: &mut Errors, path: &str, v: &Value) -> Option<u64> {
    let n = u64_at(errs, path, v)?;
    if n > MAX_TIME_MS {
        let message = text!(
            "{n} ms is beyond the simulator's limit of {max} ms (seven days)",
            n,
            max = MAX_TIME_MS
        );
        errs.push(path, message);
        return None;
    }
    Some(n)
}

pub(super) fn u32_at(errs: &mut Errors, path: &str, v: &Value) -> Option<u32> {
    let n = v.as_u64().and_then(|n| u32::try_from(n).ok());
    if n.is_none() {
        let got = show_value(v);
        errs.push(
            path,
            text!(
                "expected a whole number from 0 to {max}, got {got}",
                max = u32::MAX,
                got
            ),
        );
    }
    n
}

/// A whole number that must be at least `min` (a count or a size).
pub(super) fn u32_min_at(
    errs: &mut Errors,
    path: &str,
    v: &Value,
    min: u32,
    what: Text,
) -> Option<u32> {
    let n = u32_at(errs, path, v)?;
    if n < min {
        errs.push(
            path,
            text!("expected at least {min} {what}, got {n}", min, what, n),
        );
        return None;
    }
    Some(n)
}

pub(super) fn string_at(errs: &mut Errors, path: &str, v: &Value) -> Option<String> {
    let s = v.as_str().map(str::to_string);
    if s.is_none() {
        errs.push(
            path,
            text!("expected a string, got {got}", got = show_value(v)),
        );
    }
    s
}

pub(super) fn array_at<'a>(errs: &mut Errors, path: &str, v: &'a Value) -> Option<&'a Vec<Value>> {
    let a = v.as_array();
    if a.is_none() {
        errs.push(
            path,
            text!("expected an array, got {got}", got = show_value(v)),
        );
    }
    a
}

/// A map key that names a partition or a broker: decimal digits only (`"0"`, `"12"`).
pub(super) fn numeric_key(errs: &mut Errors, path: &str, key: &str, what: Text) -> Option<u32> {
    let n = Some(key)
        .filter(|k| !k.is_empty() && k.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|k| k.parse::<u32>().ok());
    if n.is_none() {
        errs.push(
            path,
            text!(
                "expected {what} as the key, got {got}",
                what,
                got = show_value(&Value::from(key))
            ),
        );
    }
    n
}

/// What every part of the file is checked against: the brokers and the profile.
pub(super) struct Cluster<'a> {
    pub brokers: &'a [BrokerSpec],
    pub profile: Profile,
    /// Whether every broker entry parsed; if not, checks that count brokers are skipped, as
    /// they would only echo the broker's own problem.
    pub brokers_complete: bool,
}

impl Cluster<'_> {
    pub fn has_broker(&self, id: BrokerId) -> bool {
        self.brokers.iter().any(|b| b.id == id)
    }

    /// The number of brokers, when every broker entry parsed.
    pub fn broker_count(&self) -> Option<u32> {
        let n = u32::try_from(self.brokers.len()).ok()?;
        (self.brokers_complete && n > 0).then_some(n)
    }

    /// "no broker 9; brokers are 1, 2, 3" unless the broker exists.
    pub fn check_broker(&self, errs: &mut Errors, path: &str, id: BrokerId) -> bool {
        if self.has_broker(id) {
            return true;
        }
        if self.brokers.is_empty() {
            errs.push(
                path,
                text!("no broker {id}; the scenario has no brokers", id),
            );
        } else {
            let ids = join(self.brokers.iter().map(|b| b.id));
            errs.push(path, text!("no broker {id}; brokers are {ids}", id, ids));
        }
        false
    }

    /// A broker id that exists.
    pub fn broker_at(&self, errs: &mut Errors, path: &str, v: &Value) -> Option<BrokerId> {
        let id = broker_id_at(errs, path, v)?;
        self.check_broker(errs, path, id).then_some(id)
    }

    /// A list of distinct, existing brokers; `replicas`, when known, bounds it further.
    pub fn broker_list_at(
        &self,
        errs: &mut Errors,
        path: &str,
        v: &Value,
        replicas: Option<&[BrokerId]>,
    ) -> Option<Vec<BrokerId>> {
        let items = array_at(errs, path, v)?;
        let mut ids = Vec::with_capacity(items.len().min(64));
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            let item_path = index_path(path, i);
            match self.list_member(errs, &item_path, item, &ids, replicas) {
                Some(id) => ids.push(id),
                None => ok = false,
            }
        }
        ok.then_some(ids)
    }

    fn list_member(
        &self,
        errs: &mut Errors,
        path: &str,
        v: &Value,
        seen: &[BrokerId],
        replicas: Option<&[BrokerId]>,
    ) -> Option<BrokerId> {
        let id = self.broker_at(errs, path, v)?;
        if seen.contains(&id) {
            errs.push(path, text!("broker {id} is listed twice", id));
            return None;
        }
        check_replica(errs, path, id, replicas).then_some(id)
    }
}

/// A broker id, existing or not.
/// A list of broker ids, each problem reported at its own index. `None` if any is invalid.
pub(super) fn broker_ids_at(
    errs: &mut Errors,
    path: &str,
    items: &[Value],
) -> Option<Vec<BrokerId>> {
    let ids: Vec<Option<BrokerId>> = items
        .iter()
        .enumerate()
        .map(|(i, v)| broker_id_at(errs, &index_path(path, i), v))
        .collect();
    ids.into_iter().collect()
}

pub(super) fn broker_id_at(errs: &mut Errors, path: &str, v: &Value) -> Option<BrokerId> {
    let id = v.as_u64().and_then(|n| u32::try_from(n).ok()).map(BrokerId);
    if id.is_none() {
        errs.push(
            path,
            text!(
                "expected a broker id (a whole number), got {got}",
                got = show_value(v)
            ),
        );
    }
    id
}

/// "broker 4 is not a replica of this partition; replicas are 1, 2, 3" unless it is one (or
/// the replicas are not known yet because placement will choose them).
pub(super) fn check_replica(
    errs: &mut Errors,
    path: &str,
    id: BrokerId,
    replicas: Option<&[BrokerId]>,
) -> bool {
    match replicas {
        Some(replicas) if !replicas.contains(&id) => {
            let list = join(replicas.iter());
            errs.push(
                path,
                text!(
                    "broker {id} is not a replica of this partition; replicas are {list}",
                    id,
                    list
                ),
            );
            false
        }
        _ => true,
    }
}

/// "partitions 0 to 2" or "partition 0".
pub(super) fn partition_range(partitions: u32) -> Text {
    match partitions {
        0 => text!("no partitions"),
        1 => text!("only partition 0"),
        n => text!("partitions 0 to {last}", last = n - 1),
    }
}
