//! The broker answering Fetch requests, from followers and consumers: reading each partition,
//! holding a fetch until data arrives or `replica.fetch.wait.max.ms` passes (Kafka's
//! `DelayedFetch`), waking held fetches, and the leader replication quota.

use super::reads::{error_response, max_records};
use super::{response_bytes, Broker};
use crate::ids::{BrokerId, NodeId, TopicPartition};
use crate::rules::throttle::should_throttle;
use crate::sim::protocol::{ErrorCode, FetchPartition, FetchPartitionResponse, Message};
use crate::sim::{Ctx, Outbox, Timer};

/// A fetch the leader holds until data arrives or `replica.fetch.wait.max.ms` passes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct HeldFetch {
    hold_id: u64,
    from: NodeId,
    replica_id: Option<BrokerId>,
    session: u64,
    partitions: Vec<FetchPartition>,
    client_rack: Option<String>,
    min_bytes: u64,
}

impl Broker {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn handle_fetch(
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

    /// `replica.fetch.wait.max.ms` passed for a held fetch: answer with what there is.
    pub(super) fn answer_held_fetch(&mut self, ctx: &Ctx, out: &mut Outbox, hold_id: u64) {
        if let Some(i) = self.held_fetches.iter().position(|h| h.hold_id == hold_id) {
            let hold = self.held_fetches.remove(i);
            let responses = self.read_fetch(ctx, out, &hold).0;
            self.send_fetch_response(ctx, out, &hold, responses);
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
                None => match self.partitions.get(&p.tp) {
                    Some(partition) => {
                        partition.read_for_consumer(ctx, p, hold.client_rack.as_deref())
                    }
                    None => error_response(&p.tp, ErrorCode::NotLeaderOrFollower),
                },
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

    /// A follower's fetch of one partition: the partition records what it says of the
    /// follower, which may expand the ISR and move the HW; then the records, unless the leader
    /// quota holds a throttled partition back.
    fn read_for_follower(
        &mut self,
        ctx: &Ctx,
        out: &mut Outbox,
        follower: BrokerId,
        p: &FetchPartition,
    ) -> FetchPartitionResponse {
        let Some(partition) = self.partitions.get_mut(&p.tp) else {
            return error_response(&p.tp, ErrorCode::NotLeaderOrFollower);
        };
        let mut response = match partition.update_follower_fetch_state(follower, p, ctx.now_ms) {
            Ok(response) => response,
            Err(answer) => return answer,
        };
        self.maybe_expand_isr(ctx, out, &p.tp, follower);
        self.maybe_advance_high_watermark(ctx, out, &p.tp);
        let Some(partition) = self.partitions.get(&p.tp) else {
            return response;
        };
        response.high_watermark = partition.high_watermark();
        let in_sync = partition.state().is_some_and(|s| s.isr.contains(&follower));
        let listed = self.leader_throttled(ctx, &p.tp);
        // A throttled partition comes back empty while the leader quota is exceeded.
        if listed {
            let bound = ctx.config.leader_replication_throttled_rate;
            let exceeded = bound.is_some_and(|b| self.leader_quota.exceeds(ctx.now_ms, b));
            if should_throttle(listed, in_sync, exceeded) {
                return response;
            }
        }
        response.batches = partition.read_records(p.fetch_offset, max_records(ctx));
        response
    }

    /// Answer held fetches on `tp` that can now return. `hw_moved` wakes consumer fetches,
    /// which only see records below the HW.
    pub(super) fn wake_held_fetches(
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
}
