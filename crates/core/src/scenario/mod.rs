//! Scenario files: the typed model of the JSON contract (`scenario-format.md`, v1), its parser
//! and its writer.
//!
//! [`parse_scenario`] reads the JSON by hand from a `serde_json::Value` so that every problem is
//! reported with the exact JSON path, and it collects all problems instead of stopping at the
//! first. Unknown fields are rejected at every level: the format may grow, but in a file written
//! today an unknown key is most likely a typo. [`Scenario::to_json`] writes the contract's format
//! back, and `parse_scenario(&s.to_json().to_string()) == Ok(s)` for every parsed scenario.

mod actions;
pub mod budgets;
pub mod bundled;
pub mod limits;
pub mod path;
mod reader;
mod root;
mod state;
mod topics;
mod write;

use crate::config::{Acks, Config, Profile, TopicConfig};
use crate::ids::{BrokerId, NodeId};
pub use crate::rules::election::ElectionType;
use crate::text;
use crate::text::Text;
use crate::vec_map::VecMap;
use std::fmt;

/// A whole scenario file.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    pub name: Option<String>,
    /// Free text for the playground and docs (an addition to contract v1).
    pub description: Option<String>,
    /// Drives every random choice; 0 when the file gives none.
    pub seed: u64,
    pub profile: Profile,
    pub brokers: Vec<BrokerSpec>,
    /// `Config::defaults_for(profile)` with the file's `config` map applied.
    pub config: Config,
    /// The file's `config` map as written, for writing the scenario back.
    pub config_overrides: VecMap<String, serde_json::Value>,
    pub topics: Vec<TopicSpec>,
    /// Sorted by `at_ms`; actions with the same time keep their file order.
    pub actions: Vec<TimedAction>,
    pub run_until_ms: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrokerSpec {
    pub id: BrokerId,
    pub rack: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopicSpec {
    pub name: String,
    pub partitions: u32,
    pub replication_factor: u32,
    /// Partition → replicas in preference order; `None`: Kafka's placement decides.
    pub assignment: Option<VecMap<u32, Vec<BrokerId>>>,
    /// Fixes Kafka's random start index and replica shift when placement decides.
    pub placement: Option<Placement>,
    /// Whether placement follows the brokers' racks (`"placement": {"rack_aware": false}` is
    /// `kafka-topics.sh --disable-rack-aware`). True by default: racks are used when the brokers
    /// have them. Only matters when placement decides (no `assignment`).
    pub rack_aware: bool,
    pub config: TopicConfig,
    /// Starting state for the partitions that have one.
    pub state: VecMap<u32, PartitionStateSpec>,
}

/// AdminUtils' start index and next-replica shift (drawn from the seed when not given).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Placement {
    pub start_index: u32,
    pub replica_shift: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartitionStateSpec {
    /// `None`: the partition is offline. A file that omits `leader` gets the first ISR member
    /// in assignment order, as a clean election would pick.
    pub leader: Option<BrokerId>,
    pub leader_epoch: u32,
    pub isr: Vec<BrokerId>,
    pub elr: Vec<BrokerId>,
    /// The leader's high watermark.
    pub high_watermark: u64,
    /// Replica → its log; a replica not listed starts with an empty log.
    pub logs: VecMap<BrokerId, LogSpec>,
}

/// One replica's starting log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LogSpec {
    /// Records `r0`…`r{end_offset-1}` of the partition's one shared history, all in `epoch`
    /// (the partition's `leader_epoch` when `None`).
    EndOffset {
        end_offset: u64,
        epoch: Option<u32>,
        /// A follower's own HW when it has not heard the latest one yet.
        high_watermark: Option<u64>,
    },
    /// Explicit records, for logs that diverge.
    Records {
        records: Vec<RecordSpec>,
        high_watermark: Option<u64>,
    },
}

impl LogSpec {
    /// The log end offset this log starts with.
    pub fn end_offset(&self) -> u64 {
        match self {
            LogSpec::EndOffset { end_offset, .. } => *end_offset,
            LogSpec::Records { records, .. } => u64::try_from(records.len()).unwrap_or(u64::MAX),
        }
    }

    /// The replica's own HW, when the file gives one.
    pub fn high_watermark(&self) -> Option<u64> {
        match self {
            LogSpec::EndOffset { high_watermark, .. } | LogSpec::Records { high_watermark, .. } => {
                *high_watermark
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordSpec {
    pub value: String,
    pub epoch: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TimedAction {
    pub at_ms: u64,
    pub action: Action,
}

impl TimedAction {
    /// The action as a scenario's `actions` entry writes it: `{"at_ms": t, "<kind>": {...}}`.
    pub fn to_json(&self) -> serde_json::Value {
        write::timed(self.at_ms, &self.action)
    }
}

/// What a `produce` action sends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProduceValues {
    Values(Vec<String>),
    /// `count: n`: values `m1`, `m2`, … numbered across the whole scenario.
    Count(u32),
}

/// One entry of a `reassign_plan` (`kafka-reassign-partitions.sh` JSON).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanEntry {
    pub topic: String,
    pub partition: u32,
    pub replicas: Vec<BrokerId>,
    /// Accepted as the tool writes it; the simulator has one log dir per broker.
    pub log_dirs: Option<Vec<String>>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    Produce {
        topic: String,
        partition: Option<u32>,
        key: Option<String>,
        values: ProduceValues,
        acks: Option<Acks>,
    },
    /// A steady load on `topic`, added to any rate already running. `per_second: 0` stops every
    /// running rate of the topic instead (records already due are still sent); `until_ms` and
    /// `acks` are then ignored. The playground changes a rate by stopping it and starting anew.
    ProduceRate {
        topic: String,
        per_second: u32,
        until_ms: Option<u64>,
        acks: Option<Acks>,
    },
    Consume {
        topic: String,
        client_rack: Option<String>,
    },
    Crash {
        broker: BrokerId,
    },
    PowerLoss {
        broker: BrokerId,
    },
    Shutdown {
        broker: BrokerId,
    },
    Restart {
        broker: BrokerId,
    },
    FailRack {
        rack: String,
    },
    RestoreRack {
        rack: String,
    },
    Isolate {
        node: NodeId,
    },
    Partition {
        groups: Vec<Vec<NodeId>>,
    },
    Cut {
        from: NodeId,
        to: NodeId,
    },
    Heal,
    Slow {
        node: NodeId,
        latency_ms: u64,
    },
    PauseFetcher {
        broker: BrokerId,
    },
    ResumeFetcher {
        broker: BrokerId,
    },
    Reassign {
        topic: String,
        partition: u32,
        replicas: Vec<BrokerId>,
    },
    ReassignPlan {
        partitions: Vec<PlanEntry>,
    },
    ElectPreferred {
        topic: Option<String>,
        partition: Option<u32>,
    },
    /// `kafka-leader-election.sh --election-type PREFERRED|UNCLEAN` (contract v1.1), for every
    /// partition, a topic's, or one.
    ElectLeaders {
        election_type: ElectionType,
        topic: Option<String>,
        partition: Option<u32>,
    },
    /// `key` is the broker-level name (`flush.ms` becomes `log.flush.interval.ms`); `value` is
    /// as written, for `Config::set` / `TopicConfig::set`.
    SetConfig {
        key: String,
        value: serde_json::Value,
        topic: Option<String>,
    },
}

impl Action {
    /// The action's key in the file (`"crash"`, `"set_config"`, …).
    pub fn kind(&self) -> &'static str {
        match self {
            Action::Produce { .. } => "produce",
            Action::ProduceRate { .. } => "produce_rate",
            Action::Consume { .. } => "consume",
            Action::Crash { .. } => "crash",
            Action::PowerLoss { .. } => "power_loss",
            Action::Shutdown { .. } => "shutdown",
            Action::Restart { .. } => "restart",
            Action::FailRack { .. } => "fail_rack",
            Action::RestoreRack { .. } => "restore_rack",
            Action::Isolate { .. } => "isolate",
            Action::Partition { .. } => "partition",
            Action::Cut { .. } => "cut",
            Action::Heal => "heal",
            Action::Slow { .. } => "slow",
            Action::PauseFetcher { .. } => "pause_fetcher",
            Action::ResumeFetcher { .. } => "resume_fetcher",
            Action::Reassign { .. } => "reassign",
            Action::ReassignPlan { .. } => "reassign_plan",
            Action::ElectPreferred { .. } => "elect_preferred",
            Action::ElectLeaders { .. } => "elect_leaders",
            Action::SetConfig { .. } => "set_config",
        }
    }
}

/// One problem, located by its JSON path (`actions[3].crash.broker`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError {
    pub path: String,
    pub message: Text,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for ScenarioError {}

impl ScenarioError {
    /// The problem with its path, for a front end to word.
    pub fn text(&self) -> Text {
        text::located(&self.path, &self.message)
    }
}

/// Every problem found in a scenario, in the order found (roughly file order).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioErrors(pub Vec<ScenarioError>);

impl ScenarioErrors {
    pub fn iter(&self) -> std::slice::Iter<'_, ScenarioError> {
        self.0.iter()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'a> IntoIterator for &'a ScenarioErrors {
    type Item = &'a ScenarioError;
    type IntoIter = std::slice::Iter<'a, ScenarioError>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// One problem per line, as the runner prints them.
impl fmt::Display for ScenarioErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ScenarioErrors {}

/// Parses and validates a scenario file; on failure, every problem found.
pub fn parse_scenario(json: &str) -> Result<Scenario, ScenarioErrors> {
    if let Some(error) = budgets::check_input_bytes(json.len()) {
        return Err(ScenarioErrors(vec![error]));
    }
    match serde_json::from_str::<serde_json::Value>(json) {
        Ok(value) => parse_scenario_value(&value),
        Err(e) => Err(ScenarioErrors(vec![ScenarioError {
            path: "$".to_string(),
            message: text!("invalid JSON: {e}", e = e.to_string()),
        }])),
    }
}

/// [`parse_scenario`] for a file's bytes: input that is not UTF-8 is one problem naming the
/// first bad byte (`$: not UTF-8 at byte 123`).
pub fn parse_scenario_bytes(bytes: &[u8]) -> Result<Scenario, ScenarioErrors> {
    parse_scenario(path::utf8(bytes).map_err(|e| ScenarioErrors(vec![e]))?)
}

/// [`parse_scenario`] for an already decoded JSON value.
pub fn parse_scenario_value(value: &serde_json::Value) -> Result<Scenario, ScenarioErrors> {
    let mut errors = reader::Errors::default();
    let scenario = root::parse_root(&mut errors, value);
    match scenario {
        Some(s) if errors.is_empty() => Ok(s),
        _ => Err(ScenarioErrors(errors.into_vec())),
    }
}

/// Parses a `kafka-reassign-partitions.sh` plan (`{"version":1,"partitions":[...]}`) against
/// this scenario's brokers and topics, with the rules of the `reassign_plan` action: on failure,
/// every problem, each named by its path in the plan (`partitions[1].replicas[0]: no broker 9;
/// brokers are 1, 2, 3`).
pub fn parse_reassignment_plan(
    json: &str,
    scenario: &Scenario,
) -> Result<Vec<PlanEntry>, ScenarioErrors> {
    let value: serde_json::Value = serde_json::from_str(json).map_err(|e| {
        ScenarioErrors(vec![ScenarioError {
            path: "$".to_string(),
            message: text!("invalid JSON: {e}", e = e.to_string()),
        }])
    })?;
    let mut errors = reader::Errors::default();
    let cluster = reader::Cluster {
        brokers: &scenario.brokers,
        profile: scenario.profile,
        brokers_complete: true,
    };
    let plan = actions::plan_document(&mut errors, &value, &cluster, &scenario.topics);
    match plan {
        Some(entries) if errors.is_empty() => Ok(entries),
        _ => Err(ScenarioErrors(errors.into_vec())),
    }
}

/// How long a run goes on after the last action when the file gives no `run_until_ms`.
pub const RUN_AFTER_LAST_ACTION_MS: u64 = 60_000;

impl Scenario {
    /// Where the runner stops: `run_until_ms`, else 60 s after the last action.
    pub fn run_end_ms(&self) -> u64 {
        run_end_ms(
            self.run_until_ms,
            self.actions.iter().map(|a| a.at_ms).max(),
        )
    }

    /// The scenario in the contract's JSON format.
    pub fn to_json(&self) -> serde_json::Value {
        write::scenario(self)
    }

    pub fn topic(&self, name: &str) -> Option<&TopicSpec> {
        self.topics.iter().find(|t| t.name == name)
    }

    pub fn broker(&self, id: BrokerId) -> Option<&BrokerSpec> {
        self.brokers.iter().find(|b| b.id == id)
    }

    /// The distinct racks, sorted.
    pub fn racks(&self) -> Vec<&str> {
        distinct_racks(&self.brokers)
    }
}

/// The distinct racks of `brokers`, sorted.
pub(crate) fn distinct_racks(brokers: &[BrokerSpec]) -> Vec<&str> {
    let mut racks: Vec<&str> = brokers.iter().filter_map(|b| b.rack.as_deref()).collect();
    crate::sorting::sort(&mut racks);
    racks.dedup();
    racks
}

/// [`Scenario::run_end_ms`] for a scenario still being parsed.
fn run_end_ms(run_until_ms: Option<u64>, last_action_ms: Option<u64>) -> u64 {
    run_until_ms.unwrap_or(last_action_ms.unwrap_or(0) + RUN_AFTER_LAST_ACTION_MS)
}
