//! A broker: hosts replicas, leads some partitions and follows others.
//!
//! As leader it appends produce requests, answers follower fetches (long-polling), tracks each
//! follower's fetch offset and last caught-up time, moves the high watermark and asks the
//! controller to shrink or expand the ISR. As follower it pulls from the leader, truncates where
//! its history diverges (by profile) and takes the HW from fetch responses.

use super::trace::{EventKind, TruncationReason};
use super::{Ctx, Outbox, Timer};
use super::{
    ALTER_PARTITION_TIMEOUT_MS, CONTROLLED_SHUTDOWN_TIMEOUT_MS, DIRTY_EXPIRE_MS,
    FETCH_TIMEOUT_CHECK_INTERVAL_MS, HW_CHECKPOINT_INTERVAL_MS, RECORD_SIZE_BYTES,
    REPLICA_FETCH_BACKOFF_MS, REPLICA_SOCKET_TIMEOUT_MS, WRITEBACK_INTERVAL_MS,
};
use crate::config::{Acks, ReplicaSelector};
use crate::ids::{BrokerId, NodeId, TopicPartition};
use crate::log::{Log, RecordBatch};
use crate::protocol::{
    ErrorCode, FetchPartition, FetchPartitionResponse, Message, PartitionState, ProduceRequest,
};
use crate::rules::acks_all::{not_enough_replicas_after_append, refused_before_append};
use crate::rules::high_watermark::{
    follower_high_watermark, follower_holds_high_watermark, high_watermark_candidate,
    next_leader_high_watermark,
};
use crate::rules::isr::{
    is_caught_up, is_out_of_sync, may_join_isr, record_follower_fetch, FollowerFetchState,
};
use crate::rules::offset_reset::{consumer_fetch_out_of_range, latest_offset_available};
use crate::rules::read_replica::{preferred_read_replica, Follower};
use crate::rules::throttle::{should_throttle, ByteRate};
use crate::rules::truncation::{
    diverging_epoch, end_offset_for_epoch, epoch_truncation, high_watermark_truncation,
    EpochEndOffset,
};
use crate::vec_map::VecMap;

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

/// What a leader knows of one follower: only what its fetches told it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FollowerInfo {
    pub fetch: FollowerFetchState,
    /// The follower's log start offset, from its last fetch.
    pub log_start_offset: u64,
    /// False until the follower's first fetch in this leader epoch (Kafka's UnknownOffset):
    /// until then the follower holds the HW back.
    pub known: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeaderState {
    pub followers: VecMap<BrokerId, FollowerInfo>,
    /// The ISR this leader proposed in an AlterPartition still in flight.
    pub pending_isr: Option<Vec<BrokerId>>,
    /// Where this leader's epoch starts in its log (a follower must reach it to join the ISR).
    pub epoch_start_offset: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Replica {
    pub log: Log,
    pub high_watermark: u64,
    /// The HW as last written to `replication-offset-checkpoint`; what a restart reads back.
    pub checkpointed_high_watermark: u64,
    /// The partition state this broker last applied.
    pub state: Option<PartitionState>,
    pub leader: Option<LeaderState>,
    /// As follower: the leader's HW minus this replica's LEO after the last fetch response
    /// (Kafka's `PartitionFetchState.lag`); `None` before the first one. At 0 the follower
    /// counts itself in sync and is no longer throttled.
    pub fetch_lag: Option<u64>,
}

impl Replica {
    pub fn new(log: Log, high_watermark: u64) -> Self {
        Replica {
            log,
            high_watermark,
            checkpointed_high_watermark: high_watermark,
            state: None,
            leader: None,
            fetch_lag: None,
        }
    }

    /// The ISR plus replicas whose addition is in flight: what the HW must wait for.
    pub fn maximal_isr(&self) -> Vec<BrokerId> {
        self.maximal_isr_members().collect()
    }

    /// `maximal_isr` without collecting it: the ISR, then each proposed member it lacks.
    pub fn maximal_isr_members(&self) -> impl Iterator<Item = BrokerId> + '_ {
        let isr = self.state.as_ref().map_or(&[][..], |s| &s.isr[..]);
        let pending = self
            .leader
            .as_ref()
            .and_then(|l| l.pending_isr.as_deref())
            .unwrap_or(&[]);
        let added = pending
            .iter()
            .enumerate()
            .filter(move |&(i, b)| !isr.contains(b) && !pending[..i].contains(b))
            .map(|(_, &b)| b);
        isr.iter().copied().chain(added)
    }

    /// The checker's `hw-le-leo`, asserted in debug builds right where the HW moves: the
    /// leader's advance and a follower's fetch both set it, and both call this, so the two
    /// paths are held to the same rule (the checker only sees the state after the step).
    #[track_caller]
    fn debug_assert_hw_within_log(&self, tp: &TopicPartition, broker: BrokerId, role: &str) {
        debug_assert!(
            self.high_watermark <= self.log.log_end_offset(),
            "{tp}: {role} broker {broker} set HW {} above its LEO {}",
            self.high_watermark,
            self.log.log_end_offset()
        );
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct FetcherSlot {
    in_flight: Option<u64>,
    /// When the fetch in flight was sent, for `replica.socket.timeout.ms`.
    sent_at_ms: u64,
    backoff_until_ms: u64,
}

/// A fetch the leader holds until data arrives or `replica.fetch.wait.max.ms` passes.
#[derive(Clone, Debug, PartialEq, Eq)]
struct HeldFetch {
    hold_id: u64,
    from: NodeId,
    replica_id: Option<BrokerId>,
    session: u64,
    partitions: Vec<FetchPartition>,
    client_rack: Option<String>,
    min_bytes: u64,
}

/// An acks=all produce waiting for the HW to pass its last offset (Kafka's DelayedProduce).
#[derive(Clone, Debug, PartialEq, Eq)]
struct HeldProduce {
    hold_id: u64,
    from: NodeId,
    request_id: u64,
    tp: TopicPartition,
    base_offset: u64,
    required_offset: u64,
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
    pub(crate) installing: bool,
    pub replicas: VecMap<TopicPartition, Replica>,
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
            replicas: VecMap::new(),
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
        match self.replicas.get(tp) {
            Some(replica) => self.role_of(replica),
            None => ReplicaRole::None,
        }
    }

    /// The role of one of this broker's replicas (`role` without the lookup).
    pub(crate) fn role_of(&self, replica: &Replica) -> ReplicaRole {
        match replica.state.as_ref().and_then(|s| s.leader) {
            _ if !self.is_running() => ReplicaRole::None,
            Some(leader) if leader == self.id && replica.leader.is_some() => ReplicaRole::Leader,
            Some(_) => ReplicaRole::Follower,
            None => ReplicaRole::None,
        }
    }

    /// The acks=all produce requests this leader holds for `tp`, each with the offset the HW
    /// must reach before it is answered and the hold id of its `request.timeout.ms` timer.
    pub(crate) fn held_produces_for<'a>(
        &'a self,
        tp: &'a TopicPartition,
    ) -> impl Iterator<Item = (u64, u64)> + 'a {
        self.held_produces
            .iter()
            .filter(move |h| &h.tp == tp)
            .map(|h| (h.required_offset, h.hold_id))
    }

    fn fresh_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    /// Start (or restart) the broker's periodic work. The first heartbeat registers it.
    pub(crate) fn start(&mut self, ctx: &Ctx, out: &mut Outbox) {
        out.timers.push((ctx.now_ms, Timer::Heartbeat));
        out.timers.push((
            ctx.now_ms + ctx.config.replica_lag_time_max_ms / 2,
            Timer::IsrCheck,
        ));
        out.timers
            .push((ctx.now_ms + WRITEBACK_INTERVAL_MS, Timer::Writeback));
        out.timers
            .push((ctx.now_ms + HW_CHECKPOINT_INTERVAL_MS, Timer::HwCheckpoint));
        out.timers.push((
            ctx.now_ms + FETCH_TIMEOUT_CHECK_INTERVAL_MS,
            Timer::FetchTimeoutCheck,
        ));
    }

    /// Process killed. With `power_loss`, the unflushed tail of every log is gone too; a
    /// machine whose broker was killed earlier loses what its OS had not yet written back.
    pub(crate) fn crash(&mut self, power_loss: bool, now_ms: u64, out: &mut Outbox) {
        if power_loss && self.status == BrokerStatus::Crashed {
            // The kernel kept writing dirty pages back after the process died: what has been
            // dirty for longer than dirty_expire is on disk by now.
            for replica in self.replicas.values_mut() {
                replica
                    .log
                    .flush(Some(now_ms.saturating_sub(DIRTY_EXPIRE_MS)));
            }
        }
        self.status = BrokerStatus::Crashed;
        self.restart_after_shutdown = false;
        self.incarnation += 1;
        self.unclean_restart = true;
        self.power_lost = power_loss;
        for (tp, replica) in &mut self.replicas {
            if power_loss {
                let from = replica.log.log_end_offset();
                let removed = replica.log.lose_unflushed();
                if !removed.is_empty() {
                    out.events.push(EventKind::Truncated {
                        tp: tp.clone(),
                        broker: self.id,
                        from,
                        to: replica.log.log_end_offset(),
                        values: removed.iter().map(|r| r.value.to_string()).collect(),
                        reason: TruncationReason::PowerLoss,
                    });
                }
            }
            replica.checkpointed_high_watermark = replica
                .checkpointed_high_watermark
                .min(replica.log.log_end_offset());
        }
        self.forget_volatile_state();
    }

    /// Everything held in memory goes with the process.
    fn forget_volatile_state(&mut self) {
        for replica in self.replicas.values_mut() {
            replica.high_watermark = replica.checkpointed_high_watermark;
            replica.state = None;
            replica.leader = None;
            replica.fetch_lag = None;
        }
        self.leader_quota = ByteRate::default();
        self.follower_quota = ByteRate::default();
        self.metadata.clear();
        self.metadata_version = 0;
        // A new process starts its fetchers, however the old one had them.
        self.fetcher_paused = false;
        self.fetchers.clear();
        self.held_fetches.clear();
        self.held_produces.clear();
        self.fenced = true;
    }

    pub(crate) fn restart(&mut self, ctx: &Ctx, out: &mut Outbox) {
        if self.status == BrokerStatus::Running {
            return;
        }
        self.status = BrokerStatus::Running;
        self.incarnation += 1;
        self.broker_epoch += 1;
        self.shutting_down = false;
        self.restart_after_shutdown = false;
        self.start(ctx, out);
    }

    /// The controlled shutdown is over: stop, and start again if a restart was asked for
    /// meanwhile.
    fn finish_controlled_shutdown(&mut self, ctx: &Ctx, out: &mut Outbox) {
        let restart = self.restart_after_shutdown;
        self.stop_cleanly(out);
        if restart {
            out.events
                .push(EventKind::BrokerRestarted { broker: self.id });
            self.restart(ctx, out);
        }
    }

    fn stop_cleanly(&mut self, out: &mut Outbox) {
        for replica in self.replicas.values_mut() {
            replica.log.flush(None);
            replica.checkpointed_high_watermark = replica.high_watermark;
        }
        self.status = BrokerStatus::Stopped;
        self.incarnation += 1;
        self.unclean_restart = false;
        self.forget_volatile_state();
        out.events
            .push(EventKind::BrokerStopped { broker: self.id });
    }

    /// Controlled shutdown: ask the controller to move leadership away, then stop.
    pub(crate) fn begin_controlled_shutdown(&mut self, ctx: &Ctx, out: &mut Outbox) {
        if !self.is_running() || self.shutting_down {
            return;
        }
        self.shutting_down = true;
        self.send_heartbeat(out);
        out.timers.push((
            ctx.now_ms + CONTROLLED_SHUTDOWN_TIMEOUT_MS,
            Timer::ShutdownDeadline,
        ));
    }

    /// A peer's process died: the OS reset its connections, so a fetch in flight to it fails
    /// now rather than at the socket timeout.
    pub(crate) fn peer_disconnected(&mut self, peer: BrokerId, ctx: &Ctx, out: &mut Outbox) {
        for (&(leader, fetcher_id), slot) in self.fetchers.iter_mut() {
            if slot.in_flight.is_some() && leader == peer {
                slot.in_flight = None;
                slot.backoff_until_ms = ctx.now_ms + REPLICA_FETCH_BACKOFF_MS;
                out.timers.push((
                    slot.backoff_until_ms,
                    Timer::FetcherBackoff { leader, fetcher_id },
                ));
            }
        }
    }

    pub(crate) fn set_fetcher_paused(&mut self, paused: bool, ctx: &Ctx, out: &mut Outbox) {
        self.fetcher_paused = paused;
        if !paused {
            self.send_fetches(ctx, out);
        }
    }

    fn send_heartbeat(&mut self, out: &mut Outbox) {
        out.sends.push((
            NodeId::Controller,
            Message::BrokerHeartbeat {
                broker_epoch: self.broker_epoch,
                want_shutdown: self.shutting_down,
                metadata_version: self.metadata_version,
                unclean_restart: self.unclean_restart,
            },
        ));
    }

    pub(crate) fn handle_timer(&mut self, ctx: &Ctx, out: &mut Outbox, timer: Timer) {
        match timer {
            Timer::Heartbeat => {
                self.send_heartbeat(out);
                out.timers
                    .push((ctx.now_ms + ctx.heartbeat_interval_ms(), Timer::Heartbeat));
            }
            Timer::IsrCheck => {
                self.shrink_isrs(ctx, out);
                out.timers.push((
                    ctx.now_ms + (ctx.config.replica_lag_time_max_ms / 2).max(1),
                    Timer::IsrCheck,
                ));
            }
            Timer::Writeback => {
                self.writeback(ctx);
                out.timers
                    .push((ctx.now_ms + WRITEBACK_INTERVAL_MS, Timer::Writeback));
            }
            Timer::HwCheckpoint => {
                for replica in self.replicas.values_mut() {
                    replica.checkpointed_high_watermark = replica.high_watermark;
                }
                out.timers
                    .push((ctx.now_ms + HW_CHECKPOINT_INTERVAL_MS, Timer::HwCheckpoint));
            }
            Timer::FetchHold { hold_id } => {
                if let Some(i) = self.held_fetches.iter().position(|h| h.hold_id == hold_id) {
                    let hold = self.held_fetches.remove(i);
                    let responses = self.read_fetch(ctx, out, &hold).0;
                    self.send_fetch_response(ctx, out, &hold, responses);
                }
            }
            Timer::FetchTimeoutCheck => {
                // Fetches unanswered for replica.socket.timeout.ms are abandoned and sent again.
                let expired = ctx.now_ms.saturating_sub(REPLICA_SOCKET_TIMEOUT_MS);
                for slot in self.fetchers.values_mut() {
                    if slot.in_flight.is_some() && slot.sent_at_ms <= expired {
                        slot.in_flight = None;
                    }
                }
                self.send_fetches(ctx, out);
                out.timers.push((
                    ctx.now_ms + FETCH_TIMEOUT_CHECK_INTERVAL_MS,
                    Timer::FetchTimeoutCheck,
                ));
            }
            Timer::FetcherBackoff { .. } => self.send_fetches(ctx, out),
            Timer::ProduceTimeout { hold_id } => {
                if let Some(i) = self.held_produces.iter().position(|h| h.hold_id == hold_id) {
                    let held = self.held_produces.remove(i);
                    out.sends.push((
                        held.from,
                        Message::ProduceResponse {
                            request_id: held.request_id,
                            error: Some(ErrorCode::RequestTimedOut),
                            base_offset: None,
                        },
                    ));
                }
            }
            Timer::AlterPartitionTimeout {
                tp,
                partition_epoch,
            } => {
                if let Some(leader) = self
                    .replicas
                    .get_mut(&tp)
                    .filter(|r| {
                        r.state.as_ref().map(|s| s.partition_epoch) == Some(partition_epoch)
                    })
                    .and_then(|r| r.leader.as_mut())
                {
                    leader.pending_isr = None;
                }
            }
            Timer::ShutdownDeadline if self.shutting_down && self.is_running() => {
                self.finish_controlled_shutdown(ctx, out)
            }
            _ => {}
        }
    }

    /// Page-cache writeback, and Kafka's own flush settings when given.
    fn writeback(&mut self, ctx: &Ctx) {
        for (tp, replica) in &mut self.replicas {
            let flush_ms = ctx.topic(&tp.topic).log_flush_interval_ms;
            if flush_ms.is_some_and(|ms| ms <= WRITEBACK_INTERVAL_MS) {
                replica.log.flush(None);
            } else {
                replica
                    .log
                    .flush(Some(ctx.now_ms.saturating_sub(
                        DIRTY_EXPIRE_MS.min(flush_ms.unwrap_or(u64::MAX)),
                    )));
            }
        }
    }

    pub(crate) fn handle(&mut self, ctx: &Ctx, out: &mut Outbox, from: NodeId, message: Message) {
        match message {
            Message::BrokerHeartbeatResponse {
                fenced,
                shutdown_ready,
            } => {
                self.fenced = fenced;
                if shutdown_ready && self.shutting_down {
                    self.finish_controlled_shutdown(ctx, out);
                }
            }
            Message::PartitionChange { broker_epoch, .. }
            | Message::MetadataSnapshot { broker_epoch, .. }
                if broker_epoch != self.broker_epoch => {}
            Message::PartitionChange { state, version, .. } => {
                if version == self.metadata_version + 1 {
                    self.metadata_version = version;
                }
                self.apply_partition_state(ctx, out, state);
            }
            Message::MetadataSnapshot {
                partitions,
                version,
                ..
            } => {
                for state in partitions {
                    self.apply_partition_state(ctx, out, state);
                }
                self.metadata_version = self.metadata_version.max(version);
            }
            Message::AlterPartitionResponse { tp, state } => {
                // Only the leader that asked acts on the answer (not a later incarnation).
                let Some(leader) = self.replicas.get_mut(&tp).and_then(|r| r.leader.as_mut())
                else {
                    return;
                };
                leader.pending_isr = None;
                if let Some(state) = state {
                    self.apply_partition_state(ctx, out, state);
                }
            }
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
            Message::OffsetsForLeaderEpoch {
                request_id,
                tp,
                current_leader_epoch,
                leader_epoch,
            } => {
                let (error, end) = self.epoch_end(&tp, current_leader_epoch, leader_epoch);
                out.sends.push((
                    from,
                    Message::OffsetsForLeaderEpochResponse {
                        request_id,
                        tp,
                        error,
                        end,
                    },
                ));
            }
            Message::ListOffsets {
                request_id,
                tp,
                current_leader_epoch,
                earliest,
            } => {
                let (error, offset, leader_epoch) =
                    self.list_offsets(&tp, current_leader_epoch, earliest);
                out.sends.push((
                    from,
                    Message::ListOffsetsResponse {
                        request_id,
                        tp,
                        error,
                        offset,
                        leader_epoch,
                    },
                ));
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

    /// Apply a partition state from the controller if it is newer than what this broker has,
    /// becoming leader or follower as it says.
    fn apply_partition_state(&mut self, ctx: &Ctx, out: &mut Outbox, state: PartitionState) {
        let tp = state.tp.clone();
        let newer = |old: &PartitionState| {
            (state.leader_epoch, state.partition_epoch) > (old.leader_epoch, old.partition_epoch)
        };
        if self.metadata.get(&tp).is_some_and(|old| !newer(old)) {
            return;
        }
        self.metadata.insert(tp.clone(), state.clone());
        let hosts = state.replicas.contains(&self.id);
        if !hosts {
            if self.replicas.remove(&tp).is_some() {
                self.fail_held_produces(&tp, out);
            }
            return;
        }
        let replica = self
            .replicas
            .entry(tp.clone())
            .or_insert_with(|| Replica::new(Log::default(), 0));
        let previous = replica.state.replace(state.clone());
        let same_epoch = previous
            .as_ref()
            .is_some_and(|p| p.leader_epoch == state.leader_epoch);
        if state.leader == Some(self.id) {
            if !(same_epoch && replica.leader.is_some()) {
                self.become_leader(ctx, out, &tp);
            } else if let Some(leader) = replica.leader.as_mut() {
                leader.pending_isr = None;
                // A reassignment changes the replica set within an epoch: track the adding
                // replicas (unknown until they fetch) and forget the removed ones.
                leader.followers.retain(|b, _| state.replicas.contains(b));
                for &b in state.replicas.iter().filter(|&&b| b != self.id) {
                    leader.followers.entry(b).or_insert(FollowerInfo {
                        fetch: FollowerFetchState::default(),
                        log_start_offset: 0,
                        known: false,
                    });
                }
                self.maybe_advance_high_watermark(ctx, out, &tp);
            }
        } else if !same_epoch || replica.leader.is_some() {
            self.become_follower(ctx, out, &tp);
        }
        self.send_fetches(ctx, out);
    }

    fn become_leader(&mut self, ctx: &Ctx, out: &mut Outbox, tp: &TopicPartition) {
        let id = self.id;
        let Some(replica) = self.replicas.get_mut(tp) else {
            return;
        };
        let Some(state) = replica.state.clone() else {
            return;
        };
        let leo = replica.log.log_end_offset();
        // A new leader writes (new epoch, its LEO) to its epoch cache before appending.
        replica.log.assign_epoch(state.leader_epoch, leo);
        // Followers start unknown; ISR members get a full lag period to fetch before they can
        // be found out of sync (Kafka resets lastCaughtUpTime to now for them).
        let followers = VecMap::from_iter(state.replicas.iter().filter(|&&b| b != id).map(|&b| {
            let caught_up = if state.isr.contains(&b) {
                ctx.now_ms
            } else {
                0
            };
            let fetch = FollowerFetchState {
                last_caught_up_time_ms: caught_up,
                ..FollowerFetchState::default()
            };
            (
                b,
                FollowerInfo {
                    fetch,
                    log_start_offset: 0,
                    known: false,
                },
            )
        }));
        replica.leader = Some(LeaderState {
            followers,
            pending_isr: None,
            epoch_start_offset: leo,
        });
        self.maybe_advance_high_watermark(ctx, out, tp);
    }

    fn become_follower(&mut self, ctx: &Ctx, out: &mut Outbox, tp: &TopicPartition) {
        self.fail_held_produces(tp, out);
        let id = self.id;
        let Some(replica) = self.replicas.get_mut(tp) else {
            return;
        };
        replica.leader = None;
        replica.fetch_lag = None;
        // A scenario's starting state is history: the broker was already this leader's follower,
        // so installing it is not becoming one and truncates nothing.
        if !ctx.profile.uses_leader_epoch_truncation()
            && !self.installing
            && replica.state.as_ref().is_some_and(|s| s.leader.is_some())
        {
            // ⚠ Pre-0.11 Kafka: truncate to the own HW before fetching from the new leader.
            let from = replica.log.log_end_offset();
            let to = high_watermark_truncation(replica.high_watermark, from);
            let removed = replica.log.truncate_to(to);
            if !removed.is_empty() {
                out.events.push(EventKind::Truncated {
                    tp: tp.clone(),
                    broker: id,
                    from,
                    to,
                    values: removed.iter().map(|r| r.value.to_string()).collect(),
                    reason: TruncationReason::HighWatermark,
                });
            }
        }
        // Any fetcher slot pointing at the partition's old leader is left to finish; a response
        // from an old leader is ignored partition by partition (epoch check below).
        let _ = ctx;
    }

    fn fail_held_produces(&mut self, tp: &TopicPartition, out: &mut Outbox) {
        let (failed, kept): (Vec<_>, Vec<_>) =
            self.held_produces.drain(..).partition(|h| &h.tp == tp);
        self.held_produces = kept;
        for held in failed {
            out.cancels.push(Timer::ProduceTimeout {
                hold_id: held.hold_id,
            });
            out.sends.push((
                held.from,
                Message::ProduceResponse {
                    request_id: held.request_id,
                    error: Some(ErrorCode::NotLeaderOrFollower),
                    base_offset: None,
                },
            ));
        }
    }

    /// Kafka's replica fetcher id for a partition: `abs(31 * topic.hashCode + partition) % n`.
    fn fetcher_id(tp: &TopicPartition, fetchers: u32) -> u32 {
        let topic_hash = tp
            .topic
            .encode_utf16()
            .fold(0i32, |h, c| h.wrapping_mul(31).wrapping_add(c as i32));
        let h = topic_hash
            .wrapping_mul(31)
            .wrapping_add(tp.partition as i32);
        h.unsigned_abs() % fetchers.max(1)
    }

    /// The pull loop: one fetch in flight per (leader, fetcher id), carrying every partition this
    /// broker follows from that leader.
    pub(crate) fn send_fetches(&mut self, ctx: &Ctx, out: &mut Outbox) {
        if !self.is_running() || self.fetcher_paused {
            return;
        }
        let mut groups: VecMap<(BrokerId, u32), Vec<FetchPartition>> = VecMap::new();
        // Fetchers whose every partition was held back by the follower quota.
        let mut throttled: Vec<(BrokerId, u32)> = Vec::new();
        let id = self.id;
        let bound = ctx.config.follower_replication_throttled_rate;
        let quota = &mut self.follower_quota;
        for (tp, replica) in &self.replicas {
            let Some(state) = &replica.state else {
                continue;
            };
            let Some(leader) = state.leader.filter(|&l| l != self.id) else {
                continue;
            };
            let fetcher = Self::fetcher_id(tp, ctx.config.num_replica_fetchers);
            // Only idle fetchers send: skip building requests that could not go out.
            let busy = self
                .fetchers
                .get(&(leader, fetcher))
                .is_some_and(|slot| slot.in_flight.is_some() || slot.backoff_until_ms > ctx.now_ms);
            if busy {
                continue;
            }
            let listed = ctx
                .topic(&tp.topic)
                .follower_replication_throttled_replicas
                .as_ref()
                .is_some_and(|r| r.contains(tp.partition, id));
            if listed {
                let in_sync = replica.fetch_lag == Some(0);
                let exceeded = bound.is_some_and(|b| quota.exceeds(ctx.now_ms, b));
                if should_throttle(listed, in_sync, exceeded) {
                    throttled.push((leader, fetcher));
                    continue;
                }
            }
            groups
                .entry((leader, fetcher))
                .or_default()
                .push(FetchPartition {
                    tp: tp.clone(),
                    fetch_offset: replica.log.log_end_offset(),
                    log_start_offset: replica.log.log_start_offset(),
                    last_fetched_epoch: replica.log.latest_epoch(),
                    current_leader_epoch: state.leader_epoch,
                });
        }
        // A fetcher with nothing to ask for waits replica.fetch.backoff.ms (Kafka's
        // AbstractFetcherThread.maybeFetch when buildFetch returns no request).
        for key in throttled {
            if groups.contains_key(&key) {
                continue;
            }
            let slot = self.fetchers.entry(key).or_default();
            if slot.backoff_until_ms <= ctx.now_ms {
                slot.backoff_until_ms = ctx.now_ms + REPLICA_FETCH_BACKOFF_MS;
                out.timers.push((
                    slot.backoff_until_ms,
                    Timer::FetcherBackoff {
                        leader: key.0,
                        fetcher_id: key.1,
                    },
                ));
            }
        }
        for ((leader, fetcher_id), partitions) in groups {
            let session = self.next_id + 1;
            let slot = self.fetchers.entry((leader, fetcher_id)).or_default();
            if slot.in_flight.is_some() || slot.backoff_until_ms > ctx.now_ms {
                continue;
            }
            slot.in_flight = Some(session);
            self.next_id = session;
            out.sends.push((
                NodeId::Broker(leader),
                Message::Fetch {
                    replica_id: Some(self.id),
                    fetcher_id,
                    session,
                    partitions,
                    client_rack: None,
                },
            ));
            if let Some(slot) = self.fetchers.get_mut(&(leader, fetcher_id)) {
                slot.sent_at_ms = ctx.now_ms;
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn handle_fetch(
        &mut self,
        ctx: &Ctx,
        out: &mut Outbox,
        from: NodeId,
        replica_id: Option<BrokerId>,
        session: u64,
        partitions: Vec<FetchPartition>,
        client_rack: Option<String>,
    ) {
        let min_bytes = if replica_id.is_some() {
            ctx.config.replica_fetch_min_bytes as u64
        } else {
            1
        };
        let hold = HeldFetch {
            hold_id: self.fresh_id(),
            from,
            replica_id,
            session,
            partitions,
            client_rack,
            min_bytes,
        };
        let (responses, ready) = self.read_fetch(ctx, out, &hold);
        if ready {
            self.send_fetch_response(ctx, out, &hold, responses);
        } else {
            out.timers.push((
                ctx.now_ms + ctx.config.replica_fetch_wait_max_ms,
                Timer::FetchHold {
                    hold_id: hold.hold_id,
                },
            ));
            self.held_fetches.push(hold);
        }
    }

    /// Read every partition of a fetch. Returns the responses and whether to answer now (data
    /// of at least min bytes, or an error or divergence to report).
    fn read_fetch(
        &mut self,
        ctx: &Ctx,
        out: &mut Outbox,
        hold: &HeldFetch,
    ) -> (Vec<FetchPartitionResponse>, bool) {
        let mut urgent = false;
        let mut bytes = 0;
        let mut responses = Vec::with_capacity(hold.partitions.len());
        for p in &hold.partitions {
            let response = match hold.replica_id {
                Some(follower) => self.read_for_follower(ctx, out, follower, p),
                None => self.read_for_consumer(ctx, p, hold.client_rack.as_deref()),
            };
            urgent |= response.error.is_some()
                || response.diverging_epoch.is_some()
                || response.preferred_read_replica.is_some();
            bytes += response_bytes(&response, p.fetch_offset);
            responses.push(response);
        }
        (responses, urgent || bytes >= hold.min_bytes)
    }

    /// Answer a fetch. For a follower, the bytes of every leader-throttled partition in the
    /// answer count against the leader quota, in sync or not (KafkaApis records
    /// `sizeOfThrottledPartitions` once the response is ready).
    fn send_fetch_response(
        &mut self,
        ctx: &Ctx,
        out: &mut Outbox,
        hold: &HeldFetch,
        responses: Vec<FetchPartitionResponse>,
    ) {
        if hold.replica_id.is_some() {
            let bytes: u64 = hold
                .partitions
                .iter()
                .zip(&responses)
                .filter(|(p, _)| self.leader_throttled(ctx, &p.tp))
                .map(|(p, r)| response_bytes(r, p.fetch_offset))
                .sum();
            if bytes > 0 {
                self.leader_quota.record(ctx.now_ms, bytes);
            }
        }
        out.sends.push((
            hold.from,
            Message::FetchResponse {
                session: hold.session,
                partitions: responses,
            },
        ));
    }

    /// Whether this broker, as leader, lists `tp` in `leader.replication.throttled.replicas`.
    fn leader_throttled(&self, ctx: &Ctx, tp: &TopicPartition) -> bool {
        ctx.topic(&tp.topic)
            .leader_replication_throttled_replicas
            .as_ref()
            .is_some_and(|r| r.contains(tp.partition, self.id))
    }

    fn error_response(tp: &TopicPartition, error: ErrorCode) -> FetchPartitionResponse {
        FetchPartitionResponse {
            tp: tp.clone(),
            error: Some(error),
            high_watermark: 0,
            log_start_offset: 0,
            diverging_epoch: None,
            batches: Vec::new(),
            preferred_read_replica: None,
        }
    }

    /// The leader's answer to a consumer's OffsetsForLeaderEpoch (Kafka's
    /// `Partition.lastOffsetForLeaderEpoch`, leader only): where `leader_epoch` ends in this log,
    /// after the same current-epoch check as a fetch.
    fn epoch_end(
        &self,
        tp: &TopicPartition,
        current_leader_epoch: u32,
        leader_epoch: u32,
    ) -> (Option<ErrorCode>, EpochEndOffset) {
        let leading = self.replicas.get(tp).filter(|r| r.leader.is_some());
        let Some((replica, state)) = leading.and_then(|r| Some((r, r.state.as_ref()?))) else {
            return (
                Some(ErrorCode::NotLeaderOrFollower),
                EpochEndOffset::UNDEFINED,
            );
        };
        if let Some(error) = Self::check_epoch(state, current_leader_epoch) {
            return (Some(error), EpochEndOffset::UNDEFINED);
        }
        let end = end_offset_for_epoch(
            replica.log.epoch_cache(),
            replica.log.log_end_offset(),
            leader_epoch,
        );
        (None, end)
    }

    /// The leader's answer to a consumer's ListOffsets (`Partition.fetchOffsetForTimestamp`,
    /// leader only): its log start for EARLIEST, its high watermark for LATEST (the last offset
    /// a `read_uncommitted` consumer may fetch), with its leader epoch.
    fn list_offsets(
        &self,
        tp: &TopicPartition,
        current_leader_epoch: u32,
        earliest: bool,
    ) -> (Option<ErrorCode>, u64, u32) {
        let leading = self.replicas.get(tp).filter(|r| r.leader.is_some());
        let Some((replica, state)) = leading.and_then(|r| Some((r, r.state.as_ref()?))) else {
            return (Some(ErrorCode::NotLeaderOrFollower), 0, 0);
        };
        if let Some(error) = Self::check_epoch(state, current_leader_epoch) {
            return (Some(error), 0, state.leader_epoch);
        }
        let offset = if earliest {
            replica.log.log_start_offset()
        } else {
            let epoch_start = replica.leader.as_ref().map_or(0, |l| l.epoch_start_offset);
            if !latest_offset_available(replica.high_watermark, epoch_start) {
                return (Some(ErrorCode::OffsetNotAvailable), 0, state.leader_epoch);
            }
            replica.high_watermark
        };
        (None, offset, state.leader_epoch)
    }

    /// The epoch check every fetch goes through (KIP-320's current leader epoch).
    fn check_epoch(state: &PartitionState, current_leader_epoch: u32) -> Option<ErrorCode> {
        use std::cmp::Ordering::*;
        match current_leader_epoch.cmp(&state.leader_epoch) {
            Less => Some(ErrorCode::FencedLeaderEpoch),
            Greater => Some(ErrorCode::UnknownLeaderEpoch),
            Equal => None,
        }
    }

    fn read_for_follower(
        &mut self,
        ctx: &Ctx,
        out: &mut Outbox,
        follower: BrokerId,
        p: &FetchPartition,
    ) -> FetchPartitionResponse {
        let Some(replica) = self.replicas.get_mut(&p.tp).filter(|r| r.leader.is_some()) else {
            return Self::error_response(&p.tp, ErrorCode::NotLeaderOrFollower);
        };
        let Some(state) = replica.state.as_ref() else {
            return Self::error_response(&p.tp, ErrorCode::NotLeaderOrFollower);
        };
        if let Some(error) = Self::check_epoch(state, p.current_leader_epoch) {
            return Self::error_response(&p.tp, error);
        }
        let leo = replica.log.log_end_offset();
        let mut response = FetchPartitionResponse {
            tp: p.tp.clone(),
            error: None,
            high_watermark: replica.high_watermark,
            log_start_offset: replica.log.log_start_offset(),
            diverging_epoch: None,
            batches: Vec::new(),
            preferred_read_replica: None,
        };
        if let Some(diverging) = diverging_epoch(
            replica.log.epoch_cache(),
            leo,
            p.fetch_offset,
            p.last_fetched_epoch,
        ) {
            response.diverging_epoch = Some(diverging);
            return response;
        }
        if let Some(leader) = replica.leader.as_mut() {
            if let Some(info) = leader.followers.get_mut(&follower) {
                info.fetch =
                    record_follower_fetch(info.fetch, p.fetch_offset.min(leo), leo, ctx.now_ms);
                info.log_start_offset = p.log_start_offset;
                info.known = true;
            }
        }
        self.maybe_expand_isr(ctx, out, &p.tp, follower);
        self.maybe_advance_high_watermark(ctx, out, &p.tp);
        let Some(replica) = self.replicas.get(&p.tp) else {
            return response;
        };
        let max_records = (ctx.config.replica_fetch_max_bytes as u64 / RECORD_SIZE_BYTES).max(1);
        response.high_watermark = replica.high_watermark;
        let in_sync = replica
            .state
            .as_ref()
            .is_some_and(|s| s.isr.contains(&follower));
        let listed = self.leader_throttled(ctx, &p.tp);
        // A throttled partition comes back empty while the leader quota is exceeded.
        if listed {
            let bound = ctx.config.leader_replication_throttled_rate;
            let exceeded = bound.is_some_and(|b| self.leader_quota.exceeds(ctx.now_ms, b));
            if should_throttle(listed, in_sync, exceeded) {
                return response;
            }
        }
        let Some(replica) = self.replicas.get(&p.tp) else {
            return response;
        };
        response.batches = replica.log.read_batches(p.fetch_offset, max_records);
        response
    }

    fn read_for_consumer(
        &self,
        ctx: &Ctx,
        p: &FetchPartition,
        client_rack: Option<&str>,
    ) -> FetchPartitionResponse {
        let Some(replica) = self.replicas.get(&p.tp) else {
            return Self::error_response(&p.tp, ErrorCode::NotLeaderOrFollower);
        };
        let Some(state) = replica.state.as_ref().filter(|s| s.leader.is_some()) else {
            return Self::error_response(&p.tp, ErrorCode::NotLeaderOrFollower);
        };
        let is_leader = replica.leader.is_some();
        let selector = ctx.config.replica_selector_class;
        if !is_leader && selector != ReplicaSelector::RackAware {
            return Self::error_response(&p.tp, ErrorCode::NotLeaderOrFollower);
        }
        if let Some(error) = Self::check_epoch(state, p.current_leader_epoch) {
            return Self::error_response(&p.tp, error);
        }
        let hw = replica.high_watermark;
        let mut response = FetchPartitionResponse {
            tp: p.tp.clone(),
            error: None,
            high_watermark: hw,
            log_start_offset: replica.log.log_start_offset(),
            // A consumer's position is checked by OffsetsForLeaderEpoch, not in the fetch.
            diverging_epoch: None,
            batches: Vec::new(),
            preferred_read_replica: None,
        };
        if is_leader && selector == ReplicaSelector::RackAware {
            response.preferred_read_replica =
                self.preferred_read_replica(ctx, replica, state, client_rack, p.fetch_offset);
            if response.preferred_read_replica.is_some() {
                return response;
            }
        }
        let (log_start, log_end) = (replica.log.log_start_offset(), replica.log.log_end_offset());
        if consumer_fetch_out_of_range(p.fetch_offset, log_start, log_end) {
            return Self::error_response(&p.tp, ErrorCode::OffsetOutOfRange);
        }
        // Consumers only ever see records below the serving replica's HW.
        let max_records = (ctx.config.replica_fetch_max_bytes as u64 / RECORD_SIZE_BYTES).max(1);
        response.batches = replica
            .log
            .read_batches(p.fetch_offset, max_records)
            .into_iter()
            .filter(|b| b.base_offset < hw)
            .map(|b| cap_batch(b, hw))
            .collect();
        response
    }

    /// KIP-392's RackAwareReplicaSelector, as [`preferred_read_replica`] decides it from what
    /// this leader knows of its followers.
    fn preferred_read_replica(
        &self,
        ctx: &Ctx,
        replica: &Replica,
        state: &PartitionState,
        client_rack: Option<&str>,
        fetch_offset: u64,
    ) -> Option<BrokerId> {
        let leader = replica.leader.as_ref()?;
        let rack_of = |b: &BrokerId| ctx.racks.get(b).and_then(|r| r.as_deref());
        let followers: Vec<Follower> = state
            .replicas
            .iter()
            .filter_map(|b| {
                let info = leader.followers.get(b).filter(|i| i.known)?;
                Some(Follower {
                    broker: *b,
                    rack: rack_of(b),
                    in_isr: state.isr.contains(b),
                    log_end_offset: info.fetch.fetch_offset,
                    log_start_offset: info.log_start_offset,
                    last_caught_up_time_ms: info.fetch.last_caught_up_time_ms,
                })
            })
            .collect();
        preferred_read_replica(rack_of(&self.id), client_rack, fetch_offset, &followers)
    }

    fn handle_fetch_response(
        &mut self,
        ctx: &Ctx,
        out: &mut Outbox,
        leader: BrokerId,
        session: u64,
        partitions: Vec<FetchPartitionResponse>,
    ) {
        let Some((&key, _)) = self
            .fetchers
            .iter()
            .find(|(k, slot)| k.0 == leader && slot.in_flight == Some(session))
        else {
            return;
        };
        if self.fetcher_paused {
            // A stuck fetcher thread processes nothing; the fetch is abandoned.
            if let Some(slot) = self.fetchers.get_mut(&key) {
                slot.in_flight = None;
            }
            return;
        }
        let mut backoff = false;
        for response in partitions {
            backoff |= self.apply_fetched_partition(ctx, out, leader, response);
        }
        let (leader, fetcher_id) = key;
        if let Some(slot) = self.fetchers.get_mut(&key) {
            slot.in_flight = None;
            if backoff {
                slot.backoff_until_ms = ctx.now_ms + REPLICA_FETCH_BACKOFF_MS;
                out.timers.push((
                    slot.backoff_until_ms,
                    Timer::FetcherBackoff { leader, fetcher_id },
                ));
            }
        }
        self.send_fetches(ctx, out);
    }

    /// Apply one partition of a fetch response as a follower. Returns true on an error that
    /// calls for backing off.
    fn apply_fetched_partition(
        &mut self,
        ctx: &Ctx,
        out: &mut Outbox,
        leader: BrokerId,
        response: FetchPartitionResponse,
    ) -> bool {
        let id = self.id;
        let Some(replica) = self.replicas.get_mut(&response.tp) else {
            return false;
        };
        if replica.leader.is_some() || replica.state.as_ref().and_then(|s| s.leader) != Some(leader)
        {
            return false;
        }
        if response.error.is_some() {
            return true;
        }
        if let Some(diverging) = response.diverging_epoch {
            let from = replica.log.log_end_offset();
            let decision = epoch_truncation(
                diverging,
                replica.log.epoch_cache(),
                from,
                replica.high_watermark,
            );
            let removed = replica.log.truncate_to(decision.truncate_to);
            replica.high_watermark = replica.high_watermark.min(replica.log.log_end_offset());
            if !removed.is_empty() {
                out.events.push(EventKind::Truncated {
                    tp: response.tp.clone(),
                    broker: id,
                    from,
                    to: decision.truncate_to,
                    values: removed.iter().map(|r| r.value.to_string()).collect(),
                    reason: TruncationReason::DivergingEpoch,
                });
            }
            return false;
        }
        if let Some(first) = response.batches.first() {
            // The leader's retention deleted what this follower needs next: start over at the
            // leader's log start offset (Kafka's truncateFullyAndStartAt).
            if first.base_offset > replica.log.log_end_offset()
                && response.log_start_offset > replica.log.log_end_offset()
            {
                replica.log = Log::starting_at(response.log_start_offset);
            }
        }
        let fetched = response_bytes(&response, replica.log.log_end_offset());
        let follower_throttled = ctx
            .topic(&response.tp.topic)
            .follower_replication_throttled_replicas
            .as_ref()
            .is_some_and(|r| r.contains(response.tp.partition, id));
        if follower_throttled && fetched > 0 {
            self.follower_quota.record(ctx.now_ms, fetched);
        }
        let Some(replica) = self.replicas.get_mut(&response.tp) else {
            return false;
        };
        for batch in response.batches {
            let leo = replica.log.log_end_offset();
            if batch.next_offset() <= leo {
                continue;
            }
            if !replica.log.append(batch.suffix_from(leo)) {
                break;
            }
        }
        let flush_messages = ctx.topic(&response.tp.topic).log_flush_interval_messages;
        if flush_messages.is_some_and(|n| replica.log.unflushed_records() >= n) {
            replica.log.flush(None);
        }
        replica.fetch_lag = Some(
            response
                .high_watermark
                .saturating_sub(replica.log.log_end_offset()),
        );
        replica.high_watermark =
            follower_high_watermark(response.high_watermark, replica.log.log_end_offset());
        replica.debug_assert_hw_within_log(&response.tp, id, "follower");
        replica.log.apply_retention(replica.high_watermark);
        false
    }

    fn maybe_expand_isr(
        &mut self,
        ctx: &Ctx,
        out: &mut Outbox,
        tp: &TopicPartition,
        follower: BrokerId,
    ) {
        let Some(replica) = self.replicas.get_mut(tp) else {
            return;
        };
        let Some(state) = replica.state.as_ref() else {
            return;
        };
        let Some(leader) = replica.leader.as_mut() else {
            return;
        };
        if leader.pending_isr.is_some() || state.isr.contains(&follower) {
            return;
        }
        // Only now, with a change to propose, is the state worth copying.
        let state = state.clone();
        let Some(info) = leader.followers.get(&follower) else {
            return;
        };
        // The leader cannot see the follower's fencing in ZooKeeper mode; in KRaft the
        // controller rejects a fenced broker, which comes to the same thing here.
        if !may_join_isr(
            info.fetch.fetch_offset,
            replica.high_watermark,
            leader.epoch_start_offset,
            false,
        ) {
            return;
        }
        let mut new_isr = state.isr.clone();
        new_isr.push(follower);
        Self::propose_isr(ctx, out, leader, &state, new_isr);
    }

    fn propose_isr(
        ctx: &Ctx,
        out: &mut Outbox,
        leader: &mut LeaderState,
        state: &PartitionState,
        new_isr: Vec<BrokerId>,
    ) {
        leader.pending_isr = Some(new_isr.clone());
        out.sends.push((
            NodeId::Controller,
            Message::AlterPartition {
                tp: state.tp.clone(),
                leader_epoch: state.leader_epoch,
                partition_epoch: state.partition_epoch,
                new_isr,
            },
        ));
        out.timers.push((
            ctx.now_ms + ALTER_PARTITION_TIMEOUT_MS,
            Timer::AlterPartitionTimeout {
                tp: state.tp.clone(),
                partition_epoch: state.partition_epoch,
            },
        ));
    }

    /// The periodic check (every `replica.lag.time.max.ms / 2`): propose removing followers
    /// that have not caught up for longer than the lag limit.
    fn shrink_isrs(&mut self, ctx: &Ctx, out: &mut Outbox) {
        let lag_ms = ctx.config.replica_lag_time_max_ms;
        for replica in self.replicas.values_mut() {
            let Some(state) = replica.state.clone() else {
                continue;
            };
            let leo = replica.log.log_end_offset();
            let Some(leader) = replica.leader.as_mut() else {
                continue;
            };
            if leader.pending_isr.is_some() {
                continue;
            }
            let out_of_sync: Vec<BrokerId> = state
                .isr
                .iter()
                .copied()
                .filter(|b| {
                    leader
                        .followers
                        .get(b)
                        .is_some_and(|f| is_out_of_sync(&f.fetch, leo, ctx.now_ms, lag_ms))
                })
                .collect();
            if out_of_sync.is_empty() {
                continue;
            }
            for &follower in &out_of_sync {
                out.events.push(EventKind::FollowerOutOfSync {
                    tp: state.tp.clone(),
                    leader: self.id,
                    follower,
                    caught_up_ms: leader.followers[&follower].fetch.last_caught_up_time_ms,
                    lag_max_ms: lag_ms,
                });
            }
            let new_isr = state
                .isr
                .iter()
                .copied()
                .filter(|b| !out_of_sync.contains(b))
                .collect();
            Self::propose_isr(ctx, out, leader, &state, new_isr);
        }
    }

    /// Move the leader's HW as far as the maximal ISR and the caught-up followers allow, then
    /// answer waiting acks=all produces and wake fetches that can now return.
    fn maybe_advance_high_watermark(&mut self, ctx: &Ctx, out: &mut Outbox, tp: &TopicPartition) {
        let Some(replica) = self.replicas.get_mut(tp) else {
            return;
        };
        let Some(leader) = replica.leader.as_ref() else {
            return;
        };
        let Some(state) = replica.state.as_ref() else {
            return;
        };
        let leo = replica.log.log_end_offset();
        let config = ctx.topic(&tp.topic);
        let lag_ms = ctx.config.replica_lag_time_max_ms;
        let in_maximal_isr = |b: BrokerId| replica.maximal_isr_members().any(|m| m == b);
        // Every member of the maximal ISR holds the HW (at 0 until its first fetch in this
        // epoch); a follower outside it holds the HW only while it is caught up.
        let holding = replica
            .maximal_isr_members()
            .filter(|&b| b != self.id)
            .map(|b| {
                leader
                    .followers
                    .get(&b)
                    .filter(|f| f.known)
                    .map_or(0, |f| f.fetch.fetch_offset)
            })
            .chain(
                leader
                    .followers
                    .iter()
                    .filter(|(b, f)| {
                        !in_maximal_isr(**b)
                            && follower_holds_high_watermark(
                                false,
                                is_caught_up(&f.fetch, leo, ctx.now_ms, lag_ms),
                                ctx.isr_eligible_brokers.contains(b),
                                ctx.profile.hw_waits_only_for_isr_eligible_followers(),
                            )
                    })
                    .map(|(_, f)| f.fetch.fetch_offset),
            );
        let candidate = high_watermark_candidate(leo, holding);
        let min_isr =
            config.effective_min_insync_replicas(state.replicas.len() as u32, ctx.profile);
        let new_hw = next_leader_high_watermark(
            replica.high_watermark,
            candidate,
            state.isr.len() as u32,
            min_isr,
            ctx.profile.strict_min_isr(),
        );
        if new_hw == replica.high_watermark {
            return;
        }
        replica.high_watermark = new_hw;
        replica.debug_assert_hw_within_log(tp, self.id, "leader");
        let maximal_isr_size = replica.maximal_isr_members().count() as u32;
        let (done, waiting): (Vec<_>, Vec<_>) = self
            .held_produces
            .drain(..)
            .partition(|h| &h.tp == tp && h.required_offset <= new_hw);
        self.held_produces = waiting;
        for held in done {
            out.cancels.push(Timer::ProduceTimeout {
                hold_id: held.hold_id,
            });
            // Kafka's DelayedProduce re-checks the maximal ISR's size once the HW has passed
            // the write.
            let error = not_enough_replicas_after_append(maximal_isr_size, min_isr)
                .then_some(ErrorCode::NotEnoughReplicasAfterAppend);
            out.sends.push((
                held.from,
                Message::ProduceResponse {
                    request_id: held.request_id,
                    error,
                    base_offset: Some(held.base_offset),
                },
            ));
        }
        self.wake_held_fetches(ctx, out, tp, true);
    }

    /// Answer held fetches on `tp` that can now return. `hw_moved` wakes consumer fetches,
    /// which only see records below the HW.
    fn wake_held_fetches(
        &mut self,
        ctx: &Ctx,
        out: &mut Outbox,
        tp: &TopicPartition,
        hw_moved: bool,
    ) {
        let candidates: Vec<u64> = self
            .held_fetches
            .iter()
            .filter(|h| {
                h.partitions.iter().any(|p| &p.tp == tp) && (h.replica_id.is_some() || hw_moved)
            })
            .map(|h| h.hold_id)
            .collect();
        for hold_id in candidates {
            let Some(i) = self.held_fetches.iter().position(|h| h.hold_id == hold_id) else {
                continue;
            };
            let hold = self.held_fetches[i].clone();
            let (responses, ready) = self.read_fetch(ctx, out, &hold);
            if ready {
                self.held_fetches.retain(|h| h.hold_id != hold_id);
                out.cancels.push(Timer::FetchHold { hold_id });
                self.send_fetch_response(ctx, out, &hold, responses);
            }
        }
    }

    fn handle_produce(
        &mut self,
        ctx: &Ctx,
        out: &mut Outbox,
        from: NodeId,
        request: ProduceRequest,
    ) {
        let respond = |out: &mut Outbox, error: Option<ErrorCode>, base_offset: Option<u64>| {
            if request.acks != Acks::Zero {
                out.sends.push((
                    from,
                    Message::ProduceResponse {
                        request_id: request.request_id,
                        error,
                        base_offset,
                    },
                ));
            }
        };
        let Some(replica) = self
            .replicas
            .get_mut(&request.tp)
            .filter(|r| r.leader.is_some())
        else {
            return respond(out, Some(ErrorCode::NotLeaderOrFollower), None);
        };
        let Some(state) = replica.state.as_ref() else {
            return;
        };
        let (leader_epoch, isr_size) = (state.leader_epoch, state.isr.len() as u32);
        let config = ctx.topic(&request.tp.topic);
        let min_isr =
            config.effective_min_insync_replicas(state.replicas.len() as u32, ctx.profile);
        if request.acks == Acks::All && refused_before_append(isr_size, min_isr) {
            return respond(out, Some(ErrorCode::NotEnoughReplicas), None);
        }
        // Idempotent producer: a retry of a batch already in the log gets the original offset.
        let duplicate = request.producer.and_then(|stamp| {
            replica
                .log
                .recent_batches_of(stamp.producer_id)
                .find(|b| {
                    b.producer.map(|p| p.base_sequence) == Some(stamp.base_sequence)
                        && b.record_count() == request.values.len() as u64
                })
                .map(|b| (b.base_offset, b.next_offset()))
        });
        if let Some((base, required)) = duplicate {
            if request.acks == Acks::All && replica.high_watermark < required {
                let hold_id = self.fresh_id();
                self.held_produces.push(HeldProduce {
                    hold_id,
                    from,
                    request_id: request.request_id,
                    tp: request.tp.clone(),
                    base_offset: base,
                    required_offset: required,
                });
                out.timers.push((
                    ctx.now_ms + config.request_timeout_ms,
                    Timer::ProduceTimeout { hold_id },
                ));
                return;
            }
            return respond(out, None, Some(base));
        }
        let base_offset = replica.log.log_end_offset();
        let batch = RecordBatch {
            base_offset,
            leader_epoch,
            producer: request.producer,
            append_time_ms: ctx.now_ms,
            values: request.values.clone().into(),
        };
        let required_offset = batch.next_offset();
        replica.log.append(batch);
        replica.log.apply_retention(replica.high_watermark);
        if config
            .log_flush_interval_messages
            .is_some_and(|n| replica.log.unflushed_records() >= n)
        {
            replica.log.flush(None);
        }
        match request.acks {
            Acks::Zero => {}
            Acks::One => respond(out, None, Some(base_offset)),
            Acks::All => {
                let hold_id = self.fresh_id();
                self.held_produces.push(HeldProduce {
                    hold_id,
                    from,
                    request_id: request.request_id,
                    tp: request.tp.clone(),
                    base_offset,
                    required_offset,
                });
                out.timers.push((
                    ctx.now_ms + config.request_timeout_ms,
                    Timer::ProduceTimeout { hold_id },
                ));
            }
        }
        self.wake_held_fetches(ctx, out, &request.tp, false);
        self.maybe_advance_high_watermark(ctx, out, &request.tp);
    }
}

/// Keep only the records of a batch below `hw` (consumers never read past the HW).
fn cap_batch(batch: RecordBatch, hw: u64) -> RecordBatch {
    if batch.next_offset() <= hw {
        return batch;
    }
    let keep = (hw - batch.base_offset) as usize;
    RecordBatch {
        values: batch.values[..keep].into(),
        ..batch
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
        * RECORD_SIZE_BYTES
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hw_at_the_log_end_passes_the_assertion() {
        let replica = Replica::new(Log::starting_at(5), 5);
        replica.debug_assert_hw_within_log(&TopicPartition::new("t", 0), BrokerId(2), "leader");
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "t-0: follower broker 2 set HW 6 above its LEO 5")]
    fn a_hw_above_the_log_end_fails_in_debug_builds() {
        let replica = Replica::new(Log::starting_at(5), 6);
        replica.debug_assert_hw_within_log(&TopicPartition::new("t", 0), BrokerId(2), "follower");
    }
}
