//! The broker's replica fetchers (Kafka's `ReplicaFetcherThread`s): one fetch in flight per
//! (leader, fetcher id), carrying every partition this broker follows from that leader; the
//! follower replication quota; timeouts and backoff; and handing each partition of a response
//! to its [`Partition`](super::Partition).

use super::follower::FetchApplied;
use super::Broker;
use crate::ids::{BrokerId, NodeId, TopicPartition};
use crate::rules::throttle::should_throttle;
use crate::sim::protocol::{FetchPartition, FetchPartitionResponse, Message};
use crate::sim::trace::TruncationReason;
use crate::sim::{Ctx, Outbox, Timer, REPLICA_FETCH_BACKOFF_MS};
use crate::vec_map::VecMap;

/// One fetcher thread towards one leader.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct FetcherSlot {
    in_flight: Option<u64>,
    /// When the fetch in flight was sent, for `replica.socket.timeout.ms`.
    sent_at_ms: u64,
    backoff_until_ms: u64,
}

impl FetcherSlot {
    fn idle(&self, now_ms: u64) -> bool {
        self.in_flight.is_none() && self.backoff_until_ms <= now_ms
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

/// What the fetchers would ask for now: requests by idle fetcher, and the fetchers whose every
/// partition the follower quota holds back.
#[derive(Default)]
struct FetchPlan {
    groups: VecMap<(BrokerId, u32), Vec<FetchPartition>>,
    throttled: Vec<(BrokerId, u32)>,
}

impl Broker {
    /// The pull loop: every idle fetcher sends one fetch for all its partitions.
    pub(crate) fn send_fetches(&mut self, ctx: &Ctx, out: &mut Outbox) {
        if !self.is_running() || self.fetcher_paused {
            return;
        }
        let plan = self.plan_fetches(ctx);
        // A fetcher with nothing to ask for waits replica.fetch.backoff.ms (Kafka's
        // AbstractFetcherThread.maybeFetch when buildFetch returns no request).
        for key in plan.throttled {
            if plan.groups.contains_key(&key) {
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
        for ((leader, fetcher_id), partitions) in plan.groups {
            let session = self.next_id + 1;
            let slot = self.fetchers.entry((leader, fetcher_id)).or_default();
            if !slot.idle(ctx.now_ms) {
                continue;
            }
            slot.in_flight = Some(session);
            slot.sent_at_ms = ctx.now_ms;
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
        }
    }

    /// Group what each followed partition asks for by fetcher; only idle fetchers get
    /// requests (building one that could not go out is wasted work).
    fn plan_fetches(&mut self, ctx: &Ctx) -> FetchPlan {
        let mut plan = FetchPlan::default();
        let bound = ctx.config.follower_replication_throttled_rate;
        for (tp, partition) in &self.partitions {
            let Some((leader, request)) = partition.fetch_request() else {
                continue;
            };
            let key = (leader, fetcher_id(tp, ctx.config.num_replica_fetchers));
            if self.fetchers.get(&key).is_some_and(|s| !s.idle(ctx.now_ms)) {
                continue;
            }
            let listed = ctx
                .topic(&tp.topic)
                .follower_replication_throttled_replicas
                .as_ref()
                .is_some_and(|r| r.contains(tp.partition, self.id));
            if listed {
                let in_sync = partition.fetch_lag() == Some(0);
                let exceeded = bound.is_some_and(|b| self.follower_quota.exceeds(ctx.now_ms, b));
                if should_throttle(listed, in_sync, exceeded) {
                    plan.throttled.push(key);
                    continue;
                }
            }
            plan.groups.entry(key).or_default().push(request);
        }
        plan
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

    /// Forget fetches sent at or before `expired_ms` (replica.socket.timeout.ms).
    pub(super) fn abandon_fetches_sent_before(&mut self, expired_ms: u64) {
        for slot in self.fetchers.values_mut() {
            if slot.in_flight.is_some() && slot.sent_at_ms <= expired_ms {
                slot.in_flight = None;
            }
        }
    }

    pub(super) fn handle_fetch_response(
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
        let tp = response.tp.clone();
        let Some(partition) = self.partitions.get_mut(&tp) else {
            return false;
        };
        let config = ctx.topic(&tp.topic);
        match partition.apply_fetch(leader, response, config.log_flush_interval_messages) {
            FetchApplied::Ignored => false,
            FetchApplied::Error => true,
            FetchApplied::Diverged(truncation) => {
                if let Some(t) = truncation {
                    out.events
                        .push(t.event(&tp, self.id, TruncationReason::DivergingEpoch));
                }
                false
            }
            FetchApplied::Appended { fetched_bytes } => {
                let follower_throttled = config
                    .follower_replication_throttled_replicas
                    .as_ref()
                    .is_some_and(|r| r.contains(tp.partition, self.id));
                if follower_throttled && fetched_bytes > 0 {
                    self.follower_quota.record(ctx.now_ms, fetched_bytes);
                }
                false
            }
        }
    }
}
