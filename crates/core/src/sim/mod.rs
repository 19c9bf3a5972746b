//! The simulation: brokers, the controller and clients as state machines that only talk through
//! the simulated network ([`network`], carrying the [`protocol`]'s messages), driven by
//! [`World`]; each replica keeps a [`log`].

mod broker;
pub mod checker;
mod clients;
mod controller;
pub mod expected;
mod ignored;
mod invariant;
pub mod log;
pub mod network;
pub mod protocol;
pub(crate) mod queue;
mod run_budget;
pub mod trace;
mod world;

pub use broker::{Broker, BrokerStatus, Partition, ReplicaRole};
pub use clients::{
    ConsumedRecord, Consumer, ConsumerPosition, ProduceOutcome, ProduceRate, ProducedRecord,
    ProducedRecords, ProducerQueueView, ProducerStats,
};
pub use expected::LossReason;
pub use invariant::Invariant;
pub use run_budget::RunStopped;
pub use world::{World, WorldError};

use crate::config::{Config, Profile};
use crate::ids::{BrokerId, NodeId, TopicPartition};
use crate::sim::protocol::Message;
use crate::vec_map::VecMap;
use trace::EventKind;

/// Bytes one record counts for against `replica.fetch.max.bytes` and `.min.bytes`.
pub const RECORD_SIZE_BYTES: u64 = 100;
/// `replica.fetch.backoff.ms` (Kafka's default) after a failed fetch.
pub const REPLICA_FETCH_BACKOFF_MS: u64 = 1_000;
/// `replica.socket.timeout.ms`: a fetch with no answer is abandoned and sent again.
pub const REPLICA_SOCKET_TIMEOUT_MS: u64 = 30_000;
/// How often a broker looks for fetches past that timeout (one periodic check instead of a
/// timer per fetch): a lost fetch is sent again 30–35 s after it left.
pub const FETCH_TIMEOUT_CHECK_INTERVAL_MS: u64 = 5_000;
/// Linux page-cache writeback: dirty pages older than `dirty_expire_centisecs` (30 s) are
/// written every `dirty_writeback_centisecs` (5 s). What survives power loss by default.
pub const DIRTY_EXPIRE_MS: u64 = 30_000;
pub const WRITEBACK_INTERVAL_MS: u64 = 5_000;
/// `replica.high.watermark.checkpoint.interval.ms`: how often the HW reaches disk.
pub const HW_CHECKPOINT_INTERVAL_MS: u64 = 5_000;
/// How long a controlled shutdown waits for the controller before stopping anyway.
pub const CONTROLLED_SHUTDOWN_TIMEOUT_MS: u64 = 30_000;
/// How long a leader waits for an AlterPartition answer before proposing again.
pub const ALTER_PARTITION_TIMEOUT_MS: u64 = 5_000;
/// The most records one produce_rate batch carries (the producer's `batch.size` stand-in).
pub const MAX_RECORDS_PER_BATCH: usize = 16;

/// A timer a node set for itself. Timers carry the node's incarnation in the queue, so a timer
/// set before a crash never fires after the restart. A node has at most one pending timer of
/// each value: setting it again moves it, and `Outbox::cancels` removes it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Timer {
    Heartbeat,
    IsrCheck,
    Writeback,
    HwCheckpoint,
    FetchHold {
        hold_id: u64,
    },
    FetchTimeoutCheck,
    FetcherBackoff {
        leader: BrokerId,
        fetcher_id: u32,
    },
    ProduceTimeout {
        hold_id: u64,
    },
    AlterPartitionTimeout {
        tp: TopicPartition,
        partition_epoch: u32,
    },
    ShutdownDeadline,
    SessionCheck {
        broker: BrokerId,
    },
    ImbalanceCheck,
    UncleanElectionCheck,
    ProducerRequestTimeout {
        request_id: u64,
    },
    ProducerRetry {
        tp: TopicPartition,
    },
    ProducerSend {
        tp: TopicPartition,
    },
    /// The oldest unfinished record for `tp` reaches `delivery.timeout.ms`.
    ProducerExpiry {
        tp: TopicPartition,
    },
    ProduceRate {
        rate_id: u32,
    },
    MetadataRefresh,
    ConsumerFetchTimeout {
        consumer: u32,
        session: u64,
    },
    ConsumerRetry {
        consumer: u32,
    },
}

impl Timer {
    /// What the timer makes its node do, for a learner stepping through a run.
    pub(crate) fn describe(&self) -> crate::text::Text {
        use crate::text;
        match self {
            Timer::Heartbeat => text!("heartbeat to the controller"),
            Timer::IsrCheck => {
                text!("checks its followers against replica.lag.time.max.ms (every half of it)")
            }
            Timer::Writeback => text!("flushes its logs to disk (page-cache writeback)"),
            Timer::HwCheckpoint => text!("checkpoints its high watermarks to disk"),
            Timer::FetchHold { .. } => {
                text!("answers a fetch it held, its wait (replica.fetch.wait.max.ms) over")
            }
            Timer::FetchTimeoutCheck => text!("resends fetches left unanswered too long"),
            Timer::FetcherBackoff { .. } => text!("fetches again after a backoff"),
            Timer::ProduceTimeout { .. } => {
                text!("gives up waiting for the ISR on a produce request (REQUEST_TIMED_OUT)")
            }
            Timer::AlterPartitionTimeout { tp, .. } => {
                text!(
                    "may ask again for {tp}'s ISR: its AlterPartition got no answer",
                    tp
                )
            }
            Timer::ShutdownDeadline => text!("controlled shutdown: its time is up, it stops"),
            Timer::SessionCheck { broker } => {
                text!(
                    "checks whether broker {broker}'s session has expired",
                    broker = *broker
                )
            }
            Timer::ImbalanceCheck => text!("checks leader imbalance (auto leader rebalance)"),
            Timer::UncleanElectionCheck => text!(
                "looks for leaderless partitions it may elect uncleanly \
                 (unclean.leader.election.interval.ms)"
            ),
            Timer::ProducerRequestTimeout { .. } => {
                text!("a produce request got no answer in request.timeout.ms")
            }
            Timer::ProducerRetry { tp } => text!("the producer retries on {tp}", tp),
            Timer::ProducerSend { tp } => text!("the producer sends a batch to {tp}", tp),
            Timer::ProducerExpiry { tp } => text!(
                "the producer fails records for {tp} that waited delivery.timeout.ms",
                tp
            ),
            Timer::ProduceRate { .. } => text!("the producer's steady load makes new records"),
            Timer::MetadataRefresh => text!("metadata request unanswered: asks again"),
            Timer::ConsumerFetchTimeout { .. } => text!("a consumer fetch got no answer"),
            Timer::ConsumerRetry { .. } => text!("the consumer fetches again after a backoff"),
        }
    }
}

/// What a node's handler asks the world to do: messages to send, timers to set, events to log.
#[derive(Clone, Debug, Default)]
pub(crate) struct Outbox {
    pub sends: Vec<(NodeId, Message)>,
    pub timers: Vec<(u64, Timer)>,
    /// Timers that are no longer needed (a response arrived before its timeout).
    pub cancels: Vec<Timer>,
    pub events: Vec<EventKind>,
}

/// The session timeout the controller fences by: KRaft's `broker.session.timeout.ms` or
/// ZooKeeper's `zookeeper.session.timeout.ms`.
pub fn session_timeout_ms(profile: Profile, config: &Config) -> u64 {
    if profile.is_zookeeper() {
        config.zookeeper_session_timeout_ms
    } else {
        config.broker_session_timeout_ms
    }
}

/// What every handler may read: the time, the profile and the configuration.
pub(crate) struct Ctx<'a> {
    pub now_ms: u64,
    pub profile: Profile,
    pub config: &'a Config,
    pub topic_configs: &'a VecMap<String, Config>,
    pub racks: &'a VecMap<BrokerId, Option<String>>,
    /// Brokers registered, unfenced and not shutting down, as the controller knows them: what a
    /// KRaft leader's metadata cache tells `Partition.isReplicaIsrEligible`. The simulator lets
    /// the leader see it at once instead of when it replays the metadata log (1 ms later).
    pub isr_eligible_brokers: &'a [BrokerId],
}

impl Ctx<'_> {
    /// The effective configuration of a topic (cluster settings plus its overrides).
    pub fn topic(&self, topic: &str) -> &Config {
        self.topic_configs.get(topic).unwrap_or(self.config)
    }
    /// The session timeout the controller fences by.
    pub fn session_timeout_ms(&self) -> u64 {
        session_timeout_ms(self.profile, self.config)
    }
    /// KRaft heartbeats every `broker.heartbeat.interval.ms`; a ZooKeeper client pings after a
    /// third of its session timeout of silence.
    pub fn heartbeat_interval_ms(&self) -> u64 {
        if self.profile.is_zookeeper() {
            (self.config.zookeeper_session_timeout_ms / 3).max(1)
        } else {
            self.config.broker_heartbeat_interval_ms.max(1)
        }
    }
}
