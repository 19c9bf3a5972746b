//! Budgets on a scenario's totals (`limits.rs` holds the numbers), checked while parsing, before
//! the simulation allocates anything: each item of a file may be within its own limit while
//! their sum exhausts memory or time (100 `produce` actions of a million records each). A
//! total over its budget is reported once, at the item that crossed it, naming the budget,
//! the numbers and the item's path.

use super::limits::{
    MAX_CONSUMER_PARTITIONS, MAX_INPUT_BYTES, MAX_PARTITION_BROKERS, MAX_PRODUCE_AT_ONCE,
    MAX_PRODUCE_VOLUME, MAX_REPLICAS, MAX_REPLICATION_FACTOR, MAX_START_RECORDS,
};
use super::reader::{field_path, index_path, Errors};
use super::{Action, LogSpec, ProduceValues, Scenario, ScenarioError, TimedAction, TopicSpec};
use crate::text;
use crate::vec_map::VecMap;

/// How much of each budget a scenario uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Usage {
    pub brokers: u64,
    pub partitions: u64,
    /// Partitions × replication factor, over all topics.
    pub replicas: u64,
    /// Partitions over all topics × brokers.
    pub partition_brokers: u64,
    /// The largest replica list (replication factor, assignment, reassignment).
    pub replication_factor: u64,
    pub actions: u64,
    pub start_records: u64,
    pub produce_at_once: u64,
    pub produce_volume: u64,
    pub consumer_partitions: u64,
}

/// What a parsed scenario uses of every budget (for tests and tools: a scenario that parsed is
/// within all of them).
pub fn usage(scenario: &Scenario) -> Usage {
    let mut errs = Errors::default();
    let mut totals = Totals::new(scenario.brokers.len());
    for (i, topic) in scenario.topics.iter().enumerate() {
        totals.add_topic(&mut errs, &format!("topics[{i}]"), topic);
    }
    let indexed: Vec<(usize, TimedAction)> = scenario.actions.iter().cloned().enumerate().collect();
    totals.add_actions(
        &mut errs,
        "actions",
        &indexed,
        &scenario.topics,
        scenario.run_end_ms(),
    );
    totals.usage
}

/// A file longer than the input budget is refused before it is parsed.
pub(super) fn check_input_bytes(len: usize) -> Option<ScenarioError> {
    let bytes = len as u64;
    (bytes > MAX_INPUT_BYTES).then(|| ScenarioError {
        path: "$".to_string(),
        message: text!(
            "the file is {bytes} bytes, more than the simulator's input budget of {limit} bytes",
            bytes,
            limit = MAX_INPUT_BYTES
        ),
    })
}

/// A replica list of `n` brokers within the replication factor limit.
pub(super) fn check_replication_factor(errs: &mut Errors, path: &str, n: u64) -> bool {
    if n <= u64::from(MAX_REPLICATION_FACTOR) {
        return true;
    }
    errs.push(
        path,
        text!(
            "{n} replicas of one partition is more than the simulator's limit of {limit} (a \
             leader's work for each record grows with its followers)",
            n,
            limit = MAX_REPLICATION_FACTOR
        ),
    );
    false
}

/// The running totals, in file order for topics and in time order for actions.
pub(super) struct Totals {
    usage: Usage,
    /// Budgets already reported: each is reported once, where it was crossed.
    reported: Vec<&'static str>,
}

impl Totals {
    pub fn new(brokers: usize) -> Totals {
        Totals {
            usage: Usage {
                brokers: brokers as u64,
                ..Usage::default()
            },
            reported: Vec::new(),
        }
    }

    /// True (and remembered) the first time `budget` is over.
    fn first_time_over(&mut self, budget: &'static str, total: u64, limit: u64) -> bool {
        if total <= limit || self.reported.contains(&budget) {
            return false;
        }
        self.reported.push(budget);
        true
    }

    /// Count a topic's partitions, replicas and starting records. False when it goes over
    /// the replica or partition budgets (the topic is then left out, as a topic with an error
    /// is). `path` is the topic's own path (`topics[2]`).
    pub fn add_topic(&mut self, errs: &mut Errors, path: &str, topic: &TopicSpec) -> bool {
        let partitions = u64::from(topic.partitions);
        let rf = u64::from(topic.replication_factor);
        let u = &mut self.usage;
        u.partitions = u.partitions.saturating_add(partitions);
        u.replicas = u.replicas.saturating_add(partitions.saturating_mul(rf));
        u.partition_brokers = u.partitions.saturating_mul(u.brokers);
        u.replication_factor = u.replication_factor.max(rf);
        if let Some(assignment) = &topic.assignment {
            let longest = assignment.values().map(Vec::len).max().unwrap_or(0);
            u.replication_factor = u.replication_factor.max(longest as u64);
        }
        let size_path = field_path(path, "partitions");
        let (replicas, partition_brokers) = (u.replicas, u.partition_brokers);
        let mut fits = true;
        if self.first_time_over("replicas", replicas, MAX_REPLICAS) {
            let message = text!(
                "the topics up to here hold {replicas} replicas (partitions × replication \
                 factor), more than the simulator's budget of {limit} replicas in all topics",
                replicas,
                limit = MAX_REPLICAS
            );
            errs.push(&size_path, message);
            fits = false;
        }
        if self.first_time_over(
            "partition_brokers",
            partition_brokers,
            MAX_PARTITION_BROKERS,
        ) {
            let message = text!(
                "the topics up to here have {partitions} partitions on {brokers} brokers: \
                 {pairs} partition-broker pairs (every broker keeps every partition's \
                 metadata), more than the simulator's budget of {limit}",
                partitions = self.usage.partitions,
                brokers = self.usage.brokers,
                pairs = partition_brokers,
                limit = MAX_PARTITION_BROKERS
            );
            errs.push(&size_path, message);
            fits = false;
        }
        self.add_start_records(errs, path, topic);
        fits
    }

    fn add_start_records(&mut self, errs: &mut Errors, path: &str, topic: &TopicSpec) {
        for (partition, state) in &topic.state {
            for (broker, log) in &state.logs {
                let total = self.usage.start_records.saturating_add(log.end_offset());
                self.usage.start_records = total;
                if !self.first_time_over("start_records", total, MAX_START_RECORDS) {
                    continue;
                }
                let field = match log {
                    LogSpec::EndOffset { .. } => "end_offset",
                    LogSpec::Records { .. } => "records",
                };
                let log_path = format!("{path}.state.{partition}.logs.{broker}.{field}");
                let message = text!(
                    "the starting logs up to here hold {total} records, more than the \
                     simulator's budget of {limit} records in all starting logs",
                    total,
                    limit = MAX_START_RECORDS
                );
                errs.push(&log_path, message);
            }
        }
    }

    /// Count the actions' records and consumers, in time order (`actions` as the parser
    /// sorted them, each with its index in the file). `run_end_ms` ends the rates that
    /// nothing else stops.
    pub fn add_actions(
        &mut self,
        errs: &mut Errors,
        path: &str,
        actions: &[(usize, TimedAction)],
        topics: &[TopicSpec],
        run_end_ms: u64,
    ) {
        self.usage.actions = actions.len() as u64;
        let rate_ends = rate_ends(actions, run_end_ms);
        for ((i, timed), rate_end) in actions.iter().zip(rate_ends) {
            let entry = field_path(&index_path(path, *i), timed.action.kind());
            match &timed.action {
                Action::Produce { values, .. } => {
                    let (count, field) = match values {
                        ProduceValues::Values(v) => (v.len() as u64, "values"),
                        ProduceValues::Count(n) => (u64::from(*n), "count"),
                    };
                    let at = field_path(&entry, field);
                    self.add_produce_at_once(errs, &at, count);
                    self.add_produce_volume(errs, &at, count, run_end_ms);
                }
                Action::ProduceRate { per_second, .. } => {
                    let ms = rate_end.saturating_sub(timed.at_ms);
                    // Whole records: a rate that runs at all makes at least one per started ms.
                    let count = (u64::from(*per_second) * ms).div_ceil(1_000);
                    let at = field_path(&entry, "per_second");
                    self.add_produce_volume(errs, &at, count, run_end_ms);
                }
                Action::Consume { topic, .. } => {
                    let partitions = topics
                        .iter()
                        .find(|t| &t.name == topic)
                        .map_or(0, |t| u64::from(t.partitions));
                    self.add_consumer(errs, &field_path(&entry, "topic"), partitions);
                }
                Action::Reassign { replicas, .. } => {
                    let rf = self.usage.replication_factor.max(replicas.len() as u64);
                    self.usage.replication_factor = rf;
                }
                Action::ReassignPlan { partitions } => {
                    let longest = partitions.iter().map(|e| e.replicas.len()).max();
                    let rf = self
                        .usage
                        .replication_factor
                        .max(longest.unwrap_or(0) as u64);
                    self.usage.replication_factor = rf;
                }
                _ => {}
            }
        }
    }

    fn add_produce_at_once(&mut self, errs: &mut Errors, path: &str, count: u64) {
        let total = self.usage.produce_at_once.saturating_add(count);
        self.usage.produce_at_once = total;
        if self.first_time_over("produce_at_once", total, MAX_PRODUCE_AT_ONCE) {
            let message = text!(
                "the produce actions up to here send {total} records, more than the \
                 simulator's budget of {limit} records in all produce actions (each waits in \
                 the producer until it is sent)",
                total,
                limit = MAX_PRODUCE_AT_ONCE
            );
            errs.push(path, message);
        }
    }

    fn add_produce_volume(&mut self, errs: &mut Errors, path: &str, count: u64, end_ms: u64) {
        let total = self.usage.produce_volume.saturating_add(count);
        self.usage.produce_volume = total;
        if self.first_time_over("produce_volume", total, MAX_PRODUCE_VOLUME) {
            let message = text!(
                "the actions up to here produce {total} records by the run's end at {end_ms} \
                 ms, more than the simulator's budget of {limit} records produced in a run",
                total,
                end_ms,
                limit = MAX_PRODUCE_VOLUME
            );
            errs.push(path, message);
        }
    }

    fn add_consumer(&mut self, errs: &mut Errors, path: &str, partitions: u64) {
        let total = self.usage.consumer_partitions.saturating_add(partitions);
        self.usage.consumer_partitions = total;
        if self.first_time_over("consumer_partitions", total, MAX_CONSUMER_PARTITIONS) {
            let message = text!(
                "the consumers up to here read {total} partitions (each reads every partition \
                 of its topic), more than the simulator's budget of {limit} partitions read by \
                 all consumers",
                total,
                limit = MAX_CONSUMER_PARTITIONS
            );
            errs.push(path, message);
        }
    }
}

/// For each action (in time order), when a `produce_rate` it starts stops: its `until_ms`, the
/// next `per_second: 0` on its topic, or the run's end, whichever comes first. Other actions
/// get their own time.
fn rate_ends(actions: &[(usize, TimedAction)], run_end_ms: u64) -> Vec<u64> {
    let mut next_stop: VecMap<&str, u64> = VecMap::new();
    let mut ends = vec![0; actions.len()];
    for (k, (_, timed)) in actions.iter().enumerate().rev() {
        ends[k] = timed.at_ms;
        let Action::ProduceRate {
            topic,
            per_second,
            until_ms,
            ..
        } = &timed.action
        else {
            continue;
        };
        if *per_second == 0 {
            next_stop.insert(topic.as_str(), timed.at_ms);
            continue;
        }
        let stop = next_stop.get(topic.as_str()).copied().unwrap_or(u64::MAX);
        ends[k] = until_ms.unwrap_or(u64::MAX).min(stop).min(run_end_ms);
    }
    ends
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate(
        at_ms: u64,
        topic: &str,
        per_second: u32,
        until_ms: Option<u64>,
    ) -> (usize, TimedAction) {
        let action = Action::ProduceRate {
            topic: topic.to_string(),
            per_second,
            until_ms,
            acks: None,
        };
        (0, TimedAction { at_ms, action })
    }

    #[test]
    fn a_rate_runs_to_its_until_a_stop_on_its_topic_or_the_end() {
        let actions = [
            rate(0, "a", 10, None),
            rate(0, "b", 10, Some(5_000)),
            rate(1_000, "a", 10, None),
            rate(2_000, "a", 0, None),
            rate(3_000, "a", 10, None),
            rate(4_000, "c", 10, Some(90_000)),
        ];
        assert_eq!(
            rate_ends(&actions, 60_000),
            vec![2_000, 5_000, 2_000, 2_000, 60_000, 60_000]
        );
    }
}
