//! One broker's copy of one partition, like Kafka's `Partition`: its log, its high watermark,
//! the partition state it last applied, and its role.
//!
//! What only a leader knows (its followers' fetch state, an ISR change in flight, where its
//! epoch starts) lives in [`Role::Leader`], so it exists only while this broker leads. The
//! leader's rules are in `leader.rs`, the follower's in `follower.rs`, the reads clients make in
//! `reads.rs`; each method returns what changed, and the broker turns that into messages,
//! timers and trace events.

use crate::ids::{BrokerId, TopicPartition};
use crate::partition_state::PartitionState;
use crate::rules::isr::FollowerFetchState;
use crate::sim::log::{Log, Record};
use crate::sim::trace::{EventKind, TruncationReason};
use crate::vec_map::VecMap;

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

impl FollowerInfo {
    /// A follower the leader has not heard from in this epoch.
    pub(super) fn unknown(last_caught_up_time_ms: u64) -> Self {
        FollowerInfo {
            fetch: FollowerFetchState {
                last_caught_up_time_ms,
                ..FollowerFetchState::default()
            },
            log_start_offset: 0,
            known: false,
        }
    }
}

/// The state a leader keeps for its epoch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct LeaderState {
    pub(super) followers: VecMap<BrokerId, FollowerInfo>,
    /// The ISR this leader proposed in an AlterPartition still in flight.
    pub(super) pending_isr: Option<Vec<BrokerId>>,
    /// Where this leader's epoch starts in its log (a follower must reach it to join the ISR).
    pub(super) epoch_start_offset: u64,
}

/// What this broker does for the partition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Role {
    Leader(LeaderState),
    /// Following the leader the partition state names, or waiting for one (no leader known,
    /// or no partition state applied since the broker started).
    Follower {
        /// The leader's HW minus this replica's LEO after the last fetch response (Kafka's
        /// `PartitionFetchState.lag`); `None` before the first one. At 0 the follower counts
        /// itself in sync and is no longer throttled.
        fetch_lag: Option<u64>,
    },
}

impl Role {
    const WAITING: Role = Role::Follower { fetch_lag: None };
}

/// Records removed from the end of a log: what a `Truncated` trace event reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Truncation {
    pub from: u64,
    pub to: u64,
    pub values: Vec<String>,
}

impl Truncation {
    /// `None` when nothing was removed.
    pub(super) fn of(from: u64, to: u64, removed: &[Record]) -> Option<Truncation> {
        (!removed.is_empty()).then(|| Truncation {
            from,
            to,
            values: removed.iter().map(|r| r.value.to_string()).collect(),
        })
    }

    /// The trace event for `broker`'s copy of `tp`, truncated for `reason`.
    pub(super) fn event(
        self,
        tp: &TopicPartition,
        broker: BrokerId,
        reason: TruncationReason,
    ) -> EventKind {
        EventKind::Truncated {
            tp: tp.clone(),
            broker,
            from: self.from,
            to: self.to,
            values: self.values,
            reason,
        }
    }
}

/// How a newly applied partition state changes this broker's role.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Transition {
    /// A new leader epoch names this broker leader (or it was not leading yet).
    BecomeLeader,
    /// Still the leader in the same epoch: the ISR or the replica set changed.
    StayLeader,
    /// A new epoch with another leader (or none), or this broker stops leading.
    BecomeFollower,
    /// Still following in the same epoch.
    StayFollower,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Partition {
    tp: TopicPartition,
    /// The broker holding this copy (Kafka's `localBrokerId`).
    local: BrokerId,
    pub(super) log: Log,
    pub(super) high_watermark: u64,
    /// The HW as last written to `replication-offset-checkpoint`; what a restart reads back.
    checkpointed_high_watermark: u64,
    /// The partition state this broker last applied.
    pub(super) state: Option<PartitionState>,
    pub(super) role: Role,
}

impl Partition {
    pub(crate) fn new(tp: TopicPartition, local: BrokerId, log: Log, high_watermark: u64) -> Self {
        Partition {
            tp,
            local,
            log,
            high_watermark,
            checkpointed_high_watermark: high_watermark,
            state: None,
            role: Role::WAITING,
        }
    }

    pub(super) fn topic_partition(&self) -> &TopicPartition {
        &self.tp
    }

    /// The broker holding this copy.
    pub(super) fn local(&self) -> BrokerId {
        self.local
    }

    pub fn log(&self) -> &Log {
        &self.log
    }

    pub fn high_watermark(&self) -> u64 {
        self.high_watermark
    }

    /// The partition state this broker last applied (none since it started, until one comes).
    pub fn state(&self) -> Option<&PartitionState> {
        self.state.as_ref()
    }

    /// The leader epoch of the partition state this broker last applied.
    pub fn leader_epoch(&self) -> Option<u32> {
        self.state.as_ref().map(|s| s.leader_epoch)
    }

    /// Whether this broker acts as the partition's leader (its own view, which may be stale).
    pub fn is_leader(&self) -> bool {
        matches!(self.role, Role::Leader(_))
    }

    pub(super) fn leader_state(&self) -> Option<&LeaderState> {
        match &self.role {
            Role::Leader(leader) => Some(leader),
            Role::Follower { .. } => None,
        }
    }

    pub(super) fn leader_state_mut(&mut self) -> Option<&mut LeaderState> {
        match &mut self.role {
            Role::Leader(leader) => Some(leader),
            Role::Follower { .. } => None,
        }
    }

    /// As leader: what this broker knows of `follower` from its fetches.
    pub fn follower(&self, follower: BrokerId) -> Option<&FollowerInfo> {
        self.leader_state()?.followers.get(&follower)
    }

    /// As follower: the lag after the last fetch response (see `Role::Follower`).
    pub(super) fn fetch_lag(&self) -> Option<u64> {
        match self.role {
            Role::Follower { fetch_lag } => fetch_lag,
            Role::Leader(_) => None,
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
            .leader_state()
            .and_then(|l| l.pending_isr.as_deref())
            .unwrap_or(&[]);
        let added = pending
            .iter()
            .enumerate()
            .filter(move |&(i, b)| !isr.contains(b) && !pending[..i].contains(b))
            .map(|(_, &b)| b);
        isr.iter().copied().chain(added)
    }

    /// Take a partition state from the controller and say how the role changes; the caller
    /// then makes this replica leader or follower (Kafka's `makeLeader` / `makeFollower`).
    pub(super) fn update_state(&mut self, state: PartitionState) -> Transition {
        let leads = state.leader == Some(self.local);
        let previous = self.state.replace(state);
        let same_epoch = previous
            .zip(self.state.as_ref())
            .is_some_and(|(p, s)| p.leader_epoch == s.leader_epoch);
        match (leads, same_epoch && self.is_leader()) {
            (true, true) => Transition::StayLeader,
            (true, false) => Transition::BecomeLeader,
            (false, _) if !same_epoch || self.is_leader() => Transition::BecomeFollower,
            (false, _) => Transition::StayFollower,
        }
    }

    /// The checker's `hw-le-leo`, asserted in debug builds right where the HW moves: the
    /// leader's advance and a follower's fetch both set it, and both call this, so the two
    /// paths are held to the same rule (the checker only sees the state after the step).
    #[track_caller]
    pub(super) fn debug_assert_hw_within_log(&self, role: &str) {
        debug_assert!(
            self.high_watermark <= self.log.log_end_offset(),
            "{}: {role} broker {} set HW {} above its LEO {}",
            self.tp,
            self.local,
            self.high_watermark,
            self.log.log_end_offset()
        );
    }

    /// Write the HW to `replication-offset-checkpoint`.
    pub(super) fn checkpoint_high_watermark(&mut self) {
        self.checkpointed_high_watermark = self.high_watermark;
    }

    /// Write dirty pages older than `cutoff_ms` to disk (all of them with `None`).
    pub(super) fn flush(&mut self, cutoff_ms: Option<u64>) {
        self.log.flush(cutoff_ms);
    }

    /// The machine lost power: what was not on disk is gone.
    pub(super) fn lose_unflushed(&mut self) -> Option<Truncation> {
        let from = self.log.log_end_offset();
        let removed = self.log.lose_unflushed();
        Truncation::of(from, self.log.log_end_offset(), &removed)
    }

    /// The process died: the checkpoint on disk cannot name offsets its log lost.
    pub(super) fn clamp_checkpoint_to_log(&mut self) {
        self.checkpointed_high_watermark = self
            .checkpointed_high_watermark
            .min(self.log.log_end_offset());
    }

    /// The process is gone: all that was in memory (HW, partition state, role) goes with it,
    /// and a restart reads the HW back from the checkpoint.
    pub(super) fn reload_checkpoint(&mut self) {
        self.high_watermark = self.checkpointed_high_watermark;
        self.state = None;
        self.role = Role::WAITING;
    }

    /// The scenario's starting state: the leader already knows `follower`'s fetch offset.
    pub(crate) fn install_known_follower(&mut self, follower: BrokerId, fetch_offset: u64) {
        if let Some(info) = self
            .leader_state_mut()
            .and_then(|l| l.followers.get_mut(&follower))
        {
            *info = FollowerInfo {
                fetch: FollowerFetchState {
                    fetch_offset,
                    ..FollowerFetchState::default()
                },
                log_start_offset: 0,
                known: true,
            };
        }
    }
}

#[cfg(test)]
mod tests;
