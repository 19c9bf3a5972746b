//! The messages nodes exchange, one type per Kafka protocol message the simulation models.
//! Nodes never reach into each other: everything they learn arrives as one of these.

use crate::config::Acks;
use crate::ids::{BrokerId, NodeId, TopicPartition};
use crate::partition_state::PartitionState;
use crate::rules::truncation::EpochEndOffset;
use crate::sim::log::{ProducerStamp, RecordBatch, Value};

/// Kafka error codes the simulation produces, and the producer's own delivery timeout.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ErrorCode {
    NotLeaderOrFollower,
    NotEnoughReplicas,
    NotEnoughReplicasAfterAppend,
    RequestTimedOut,
    FencedLeaderEpoch,
    UnknownLeaderEpoch,
    OutOfOrderSequenceNumber,
    /// A consumer fetched outside the replica's log (below its start or past its end).
    OffsetOutOfRange,
    /// A new leader's HW is still below the start of its epoch: it cannot say which offset is
    /// the latest yet (retriable; `Partition.fetchOffsetForTimestamp`).
    OffsetNotAvailable,
    /// The connection broke (the broker process died and its sockets were reset).
    NetworkException,
    /// Not a broker's answer: the producer gave up on a batch after `delivery.timeout.ms`
    /// (Kafka's client-side `TimeoutException`, see [`crate::rules::delivery`]).
    DeliveryTimeout,
}

impl ErrorCode {
    /// Kafka's upper-case name, as clients log it.
    pub fn name(self) -> &'static str {
        match self {
            ErrorCode::NotLeaderOrFollower => "NOT_LEADER_OR_FOLLOWER",
            ErrorCode::NotEnoughReplicas => "NOT_ENOUGH_REPLICAS",
            ErrorCode::NotEnoughReplicasAfterAppend => "NOT_ENOUGH_REPLICAS_AFTER_APPEND",
            ErrorCode::RequestTimedOut => "REQUEST_TIMED_OUT",
            ErrorCode::FencedLeaderEpoch => "FENCED_LEADER_EPOCH",
            ErrorCode::UnknownLeaderEpoch => "UNKNOWN_LEADER_EPOCH",
            ErrorCode::OutOfOrderSequenceNumber => "OUT_OF_ORDER_SEQUENCE_NUMBER",
            ErrorCode::OffsetOutOfRange => "OFFSET_OUT_OF_RANGE",
            ErrorCode::OffsetNotAvailable => "OFFSET_NOT_AVAILABLE",
            ErrorCode::NetworkException => "NETWORK_EXCEPTION",
            ErrorCode::DeliveryTimeout => "TimeoutException",
        }
    }
    /// Every broker error modelled here is retriable in Kafka's producer; an expired batch is
    /// final.
    pub fn is_retriable(self) -> bool {
        self != ErrorCode::DeliveryTimeout
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FetchPartition {
    pub tp: TopicPartition,
    pub fetch_offset: u64,
    /// A follower's log start offset (Kafka's `PartitionData.logStartOffset`); 0 from a
    /// consumer.
    pub log_start_offset: u64,
    pub last_fetched_epoch: Option<u32>,
    pub current_leader_epoch: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FetchPartitionResponse {
    pub tp: TopicPartition,
    pub error: Option<ErrorCode>,
    pub high_watermark: u64,
    pub log_start_offset: u64,
    pub diverging_epoch: Option<EpochEndOffset>,
    pub batches: Vec<RecordBatch>,
    /// KIP-392: the replica a consumer should fetch from instead.
    pub preferred_read_replica: Option<BrokerId>,
}

impl FetchPartitionResponse {
    pub fn record_count(&self) -> u64 {
        self.batches.iter().map(RecordBatch::record_count).sum()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProduceRequest {
    pub request_id: u64,
    pub tp: TopicPartition,
    pub acks: Acks,
    pub producer: Option<ProducerStamp>,
    pub values: Vec<Value>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Message {
    /// A follower (`replica_id` set) or consumer pulling records from a leader.
    Fetch {
        replica_id: Option<BrokerId>,
        fetcher_id: u32,
        session: u64,
        partitions: Vec<FetchPartition>,
        /// A consumer's `client.rack` (KIP-392).
        client_rack: Option<String>,
    },
    FetchResponse {
        session: u64,
        partitions: Vec<FetchPartitionResponse>,
    },
    Produce(ProduceRequest),
    ProduceResponse {
        request_id: u64,
        error: Option<ErrorCode>,
        base_offset: Option<u64>,
    },
    Metadata,
    MetadataResponse {
        partitions: Vec<PartitionState>,
    },
    /// KRaft broker heartbeat, or the ZooKeeper session ping in the ZooKeeper profiles. It
    /// carries how much metadata the broker has applied, so the controller can resend the rest
    /// (KRaft brokers fetch the metadata log; this stands in for that).
    BrokerHeartbeat {
        broker_epoch: u32,
        want_shutdown: bool,
        metadata_version: u64,
        unclean_restart: bool,
    },
    BrokerHeartbeatResponse {
        fenced: bool,
        shutdown_ready: bool,
    },
    /// The controller's partition change, sent to every broker (KRaft brokers replay it from the
    /// metadata log; ZooKeeper's controller sends LeaderAndIsr and UpdateMetadata). In KRaft it
    /// stands for the answer to the broker's metadata fetch, so it needs both directions of
    /// the link (`rules::metadata`).
    /// `broker_epoch` is the target broker's registration as the controller knows it: a
    /// restarted broker ignores what was meant for its previous incarnation (KIP-380).
    PartitionChange {
        state: PartitionState,
        version: u64,
        broker_epoch: u32,
    },
    /// Every partition's state, for a broker that missed changes (or just started).
    MetadataSnapshot {
        partitions: Vec<PartitionState>,
        version: u64,
        broker_epoch: u32,
    },
    /// A leader asking the controller to change the ISR.
    AlterPartition {
        tp: TopicPartition,
        leader_epoch: u32,
        partition_epoch: u32,
        new_isr: Vec<BrokerId>,
    },
    AlterPartitionResponse {
        state: Option<PartitionState>,
        tp: TopicPartition,
    },
    /// A consumer checking its position after the partition's leader changed (KIP-320): where
    /// does `leader_epoch`, the epoch of the last record it read, end in the leader's log?
    OffsetsForLeaderEpoch {
        request_id: u64,
        tp: TopicPartition,
        current_leader_epoch: u32,
        leader_epoch: u32,
    },
    OffsetsForLeaderEpochResponse {
        request_id: u64,
        tp: TopicPartition,
        error: Option<ErrorCode>,
        end: EpochEndOffset,
    },
    /// A consumer resetting its position by `auto.offset.reset`: the leader's log start
    /// (`earliest`) or its high watermark (`latest`).
    ListOffsets {
        request_id: u64,
        tp: TopicPartition,
        current_leader_epoch: u32,
        earliest: bool,
    },
    ListOffsetsResponse {
        request_id: u64,
        tp: TopicPartition,
        error: Option<ErrorCode>,
        offset: u64,
        leader_epoch: u32,
    },
    /// The OS of `broker`'s machine refused a client's connection: its Kafka process is down.
    /// `request_id` names what the client was about to send (none for a metadata request).
    ConnectionRefused {
        broker: BrokerId,
        request_id: Option<u64>,
    },
}

impl Message {
    /// The name the playground uses for the `data-message` hook and its legend.
    pub fn kind(&self) -> MessageKind {
        match self {
            Message::Fetch {
                replica_id: Some(_),
                ..
            } => MessageKind::Fetch,
            Message::Fetch {
                replica_id: None, ..
            } => MessageKind::ConsumerFetch,
            Message::FetchResponse { .. } => MessageKind::FetchResponse,
            Message::Produce(_) => MessageKind::Produce,
            Message::ProduceResponse { .. } => MessageKind::ProduceResponse,
            Message::Metadata | Message::MetadataResponse { .. } => MessageKind::Metadata,
            Message::BrokerHeartbeat { .. } | Message::BrokerHeartbeatResponse { .. } => {
                MessageKind::Heartbeat
            }
            Message::PartitionChange { .. } | Message::MetadataSnapshot { .. } => {
                MessageKind::PartitionChange
            }
            Message::AlterPartition { .. } | Message::AlterPartitionResponse { .. } => {
                MessageKind::AlterPartition
            }
            Message::OffsetsForLeaderEpoch { .. }
            | Message::OffsetsForLeaderEpochResponse { .. } => MessageKind::OffsetsForLeaderEpoch,
            Message::ListOffsets { .. } | Message::ListOffsetsResponse { .. } => {
                MessageKind::ListOffsets
            }
            Message::ConnectionRefused { .. } => MessageKind::ConnectionRefused,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum MessageKind {
    Fetch,
    ConsumerFetch,
    FetchResponse,
    Produce,
    ProduceResponse,
    Metadata,
    Heartbeat,
    PartitionChange,
    AlterPartition,
    OffsetsForLeaderEpoch,
    ListOffsets,
    ConnectionRefused,
}

impl MessageKind {
    pub fn name(self) -> &'static str {
        match self {
            MessageKind::Fetch => "fetch",
            MessageKind::ConsumerFetch => "consumer-fetch",
            MessageKind::FetchResponse => "fetch-response",
            MessageKind::Produce => "produce",
            MessageKind::ProduceResponse => "produce-response",
            MessageKind::Metadata => "metadata",
            MessageKind::Heartbeat => "heartbeat",
            MessageKind::PartitionChange => "partition-change",
            MessageKind::AlterPartition => "alter-partition",
            MessageKind::OffsetsForLeaderEpoch => "offsets-for-leader-epoch",
            MessageKind::ListOffsets => "list-offsets",
            MessageKind::ConnectionRefused => "connection-refused",
        }
    }
}

/// A message on the wire, with its endpoints and simulated timing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Envelope {
    pub source: NodeId,
    pub target: NodeId,
    pub sent_at_ms: u64,
    pub deliver_at_ms: u64,
    pub message: Message,
}
