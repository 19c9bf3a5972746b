//! A broker: hosts partitions, leads some and follows others.
//!
//! Each hosted partition is a [`Partition`] (its log, HW, partition state and role), which
//! holds Kafka's per-partition rules. The broker around them keeps what Kafka's
//! `ReplicaManager` and `KafkaApis` keep: its lifecycle (`lifecycle.rs`), the partition states
//! it learns (`metadata.rs`), the fetches it answers and holds (`serve_fetch.rs`), the produce
//! requests it holds for acks=all (`produce.rs`), the ISR proposals and HW moves of the
//! partitions it leads (`replication.rs`), and its replica fetchers (`fetcher.rs`).

mod fetcher;
mod follower;
mod leader;
mod lifecycle;
mod metadata;
mod partition;
mod produce;
mod reads;
mod replication;
mod serve_fetch;

pub use partition::Partition;

use super::{Ctx, Outbox};
use crate::ids::{BrokerId, NodeId, TopicPartition};
use crate::partition_state::PartitionState;
use crate::rules::throttle::ByteRate;
use crate::rules::truncation::EpochEndOffset;
use crate::sim::protocol::{ErrorCode, FetchPartitionResponse, Message};
use crate::vec_map::VecMap;
use fetcher::FetcherSlot;
use produce::HeldProduce;
use serve_fetch::HeldFetch;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BrokerStatus {
    Running,
    /// Killed (kill -9 or power loss); the log on disk survives (minus the unflushed tail).
    Crashed,
    /// Finished a controlled shutdown.
    Stopped,
}

/// What this broker believes its replica's role is (from the last partition state it got).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReplicaRole {
    Leader,
    Follower,
    /// No leader is known, or the broker is down.
    None,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Broker {
    pub id: BrokerId,
    pub rack: Option<String>,
    pub status: BrokerStatus,
    /// Bumped on every crash and restart, so timers of a past life are ignored.
    pub incarnation: u32,
    /// Bumped on each start; a new epoch tells the controller this is a new registration.
    pub broker_epoch: u32,
    /// As the controller last told it.
    pub fenced: bool,
    pub shutting_down: bool,
    /// A restart asked for during the controlled shutdown: Kafka cannot abort one, so the
    /// broker first finishes stopping, then starts as a new process.
    pub restart_after_shutdown: bool,
    pub fetcher_paused: bool,
    /// The last stop was a crash or power loss (KIP-966 removes such a broker from ISR and ELR).
    unclean_restart: bool,
    /// Down because its machine lost power (no connection refusals, only silence).
    power_lost: bool,
    /// True while the world installs a scenario's starting state: the state is history, so
    /// becoming follower then must not truncate anything.
    pub(super) installing: bool,
    /// The partitions this broker hosts (Kafka's `ReplicaManager.allPartitions`).
    pub partitions: VecMap<TopicPartition, Partition>,
    /// Partition states of the whole cluster, for client metadata requests.
    pub metadata: VecMap<TopicPartition, PartitionState>,
    pub metadata_version: u64,
    fetchers: VecMap<(BrokerId, u32), FetcherSlot>,
    held_fetches: Vec<HeldFetch>,
    held_produces: Vec<HeldProduce>,
    next_id: u64,
    /// Bytes sent to and fetched for throttled replicas (the leader and follower
    /// `ReplicationQuotaManager`s' rates); in memory, so lost on a restart.
    pub leader_quota: ByteRate,
    pub follower_quota: ByteRate,
}

impl Broker {
    pub fn new(id: BrokerId, rack: Option<String>) -> Self {
        Broker {
            id,
            rack,
            status: BrokerStatus::Running,
            incarnation: 0,
            broker_epoch: 1,
            fenced: true,
            shutting_down: false,
            restart_after_shutdown: false,
            fetcher_paused: false,
            unclean_restart: false,
            power_lost: false,
            installing: true,
            partitions: VecMap::new(),
            metadata: VecMap::new(),
            metadata_version: 0,
            fetchers: VecMap::new(),
            held_fetches: Vec::new(),
            held_produces: Vec::new(),
            next_id: 1,
            leader_quota: ByteRate::default(),
            follower_quota: ByteRate::default(),
        }
    }

    pub fn lost_power(&self) -> bool {
        self.status == BrokerStatus::Crashed && self.power_lost
    }

    pub fn is_running(&self) -> bool {
        self.status == BrokerStatus::Running
    }

    pub fn role(&self, tp: &TopicPartition) -> ReplicaRole {
        match self.partitions.get(tp) {
            Some(partition) => self.role_of(partition),
            None => ReplicaRole::None,
        }
    }

    /// The role of one of this broker's partitions (`role` without the lookup).
    pub(super) fn role_of(&self, partition: &Partition) -> ReplicaRole {
        match partition.state().and_then(|s| s.leader) {
            _ if !self.is_running() => ReplicaRole::None,
            Some(leader) if leader == self.id && partition.is_leader() => ReplicaRole::Leader,
            Some(_) => ReplicaRole::Follower,
            None => ReplicaRole::None,
        }
    }

    fn fresh_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    pub(super) fn handle(&mut self, ctx: &Ctx, out: &mut Outbox, from: NodeId, message: Message) {
        match message {
            Message::BrokerHeartbeatResponse {
                fenced,
                shutdown_ready,
            } => self.on_heartbeat_response(ctx, out, fenced, shutdown_ready),
            Message::PartitionChange { .. }
            | Message::MetadataSnapshot { .. }
            | Message::AlterPartitionResponse { .. } => self.handle_metadata(ctx, out, message),
            Message::Fetch {
                replica_id,
                session,
                partitions,
                client_rack,
                ..
            } => {
                self.handle_fetch(ctx, out, from, replica_id, session, partitions, client_rack);
            }
            Message::FetchResponse {
                session,
                partitions,
            } => {
                if let NodeId::Broker(leader) = from {
                    self.handle_fetch_response(ctx, out, leader, session, partitions);
                }
            }
            Message::Produce(request) => self.handle_produce(ctx, out, from, request),
            Message::OffsetsForLeaderEpoch { .. } | Message::ListOffsets { .. } => {
                self.answer_offsets_request(out, from, message)
            }
            Message::Metadata => {
                out.sends.push((
                    from,
                    Message::MetadataResponse {
                        partitions: self.metadata.values().cloned().collect(),
                    },
                ));
            }
            _ => {}
        }
    }

    /// A consumer's OffsetsForLeaderEpoch or ListOffsets, answered by the partition's leader.
    fn answer_offsets_request(&self, out: &mut Outbox, from: NodeId, message: Message) {
        let reply = match message {
            Message::OffsetsForLeaderEpoch {
                request_id,
                tp,
                current_leader_epoch,
                leader_epoch,
            } => {
                let (error, end) = self.partitions.get(&tp).map_or(
                    (
                        Some(ErrorCode::NotLeaderOrFollower),
                        EpochEndOffset::UNDEFINED,
                    ),
                    |p| p.last_offset_for_leader_epoch(current_leader_epoch, leader_epoch),
                );
                Message::OffsetsForLeaderEpochResponse {
                    request_id,
                    tp,
                    error,
                    end,
                }
            }
            Message::ListOffsets {
                request_id,
                tp,
                current_leader_epoch,
                earliest,
            } => {
                let (error, offset, leader_epoch) = self
                    .partitions
                    .get(&tp)
                    .map_or((Some(ErrorCode::NotLeaderOrFollower), 0, 0), |p| {
                        p.fetch_offset_for_timestamp(current_leader_epoch, earliest)
                    });
                Message::ListOffsetsResponse {
                    request_id,
                    tp,
                    error,
                    offset,
                    leader_epoch,
                }
            }
            _ => return,
        };
        out.sends.push((from, reply));
    }
}

/// The bytes of a fetch answer's records from `fetch_offset` on, `RECORD_SIZE_BYTES` a record
/// (the size `replica.fetch.max.bytes` and the replication quotas count).
fn response_bytes(response: &FetchPartitionResponse, fetch_offset: u64) -> u64 {
    response
        .batches
        .iter()
        .map(|b| b.records_from(fetch_offset))
        .sum::<u64>()
        * super::RECORD_SIZE_BYTES
}
