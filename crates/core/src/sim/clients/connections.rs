//! The clients' connections to brokers, and their metadata requests and answers: reconnect
//! backoff, connection timeouts, refused and broken connections (Kafka's `NetworkClient`).

use super::Clients;
use crate::ids::{BrokerId, NodeId, TopicPartition};
use crate::partition_state::PartitionState;
use crate::rules::connection::{connection_setup_timeout_ms, reconnect_backoff_ms};
use crate::sim::protocol::{ErrorCode, Message};
use crate::sim::{Ctx, Outbox, Timer};

/// What the clients know of their connection to one broker (Kafka's
/// `ClusterConnectionStates`, see [`crate::rules::connection`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Connection {
    /// Open: the broker's machine accepted it, and it has not broken since.
    pub(super) open: bool,
    /// Failed or lost connections in a row.
    failures: u32,
    /// No new connection before this time (`reconnect.backoff.ms`).
    backoff_until_ms: u64,
}

impl Clients {
    /// How long a request to `broker` may go unanswered before the client acts: the
    /// connection setup timeout while the connection is not open, else `request.timeout.ms`.
    pub(super) fn first_timeout_ms(&self, ctx: &Ctx, broker: BrokerId) -> u64 {
        match self.connections.get(&broker) {
            Some(c) if c.open => ctx.config.request_timeout_ms,
            c => connection_setup_timeout_ms(
                ctx.config.socket_connection_setup_timeout_ms,
                c.map_or(0, |c| c.failures),
            )
            .min(ctx.config.request_timeout_ms.max(1)),
        }
    }

    /// The broker's machine accepted a connection from the clients (the world delivers a
    /// request to it): the connection is open.
    pub(crate) fn connection_made(&mut self, broker: BrokerId) {
        let c = self.connections.entry(broker).or_default();
        c.open = true;
        c.failures = 0;
        c.backoff_until_ms = 0;
    }

    /// When `broker` may be tried again, if its connection is in its reconnect backoff.
    pub(super) fn backoff_until(&self, broker: BrokerId, now_ms: u64) -> Option<u64> {
        self.connections
            .get(&broker)
            .map(|c| c.backoff_until_ms)
            .filter(|&until| until > now_ms)
    }

    /// A connection to `broker` failed or broke: back off before the next attempt, and ask for
    /// fresh metadata from another broker (`DefaultMetadataUpdater.handleServerDisconnect`).
    pub(super) fn connection_lost(&mut self, ctx: &Ctx, out: &mut Outbox, broker: BrokerId) {
        let c = self.connections.entry(broker).or_default();
        c.open = false;
        c.failures = c.failures.saturating_add(1);
        c.backoff_until_ms = ctx.now_ms + reconnect_backoff_ms(c.failures);
        self.request_metadata(ctx, out);
    }

    /// Ask the least loaded broker for metadata (Kafka's `NetworkClient.leastLoadedNode`): one
    /// not in its reconnect backoff, with the fewest requests in flight, an open connection
    /// before a new one, taken in turn; when every broker is backing off, ask again once the
    /// first backoff ends. Unanswered, the request times out as any other does.
    pub(super) fn request_metadata(&mut self, ctx: &Ctx, out: &mut Outbox) {
        if self.metadata_in_flight || self.brokers.is_empty() {
            return;
        }
        self.metadata_in_flight = true;
        let n = self.brokers.len();
        let in_flight = |b: BrokerId| {
            self.queues
                .values()
                .filter(|q| q.in_flight.is_some() && q.in_flight_to.map(|t| t.0) == Some(b))
                .count()
        };
        let candidate = (0..n)
            .map(|k| self.brokers[(self.metadata_target + k) % n])
            .filter(|&b| self.backoff_until(b, ctx.now_ms).is_none())
            .min_by_key(|&b| {
                let open = self.connections.get(&b).is_some_and(|c| c.open);
                (in_flight(b), !open)
            });
        let Some(target) = candidate else {
            let first_back = self
                .connections
                .values()
                .map(|c| c.backoff_until_ms)
                .min()
                .unwrap_or(ctx.now_ms);
            self.metadata_in_flight_to = None;
            out.timers.push((first_back, Timer::MetadataRefresh));
            return;
        };
        self.metadata_target = self.brokers.iter().position(|&b| b == target).unwrap_or(0) + 1;
        self.metadata_in_flight_to = Some((target, ctx.now_ms));
        out.sends.push((NodeId::Broker(target), Message::Metadata));
        let timeout_ms = self.first_timeout_ms(ctx, target);
        out.timers
            .push((ctx.now_ms + timeout_ms, Timer::MetadataRefresh));
    }

    /// A broker's process died: requests in flight to it fail at once with a disconnect.
    pub(crate) fn broker_disconnected(&mut self, ctx: &Ctx, out: &mut Outbox, broker: BrokerId) {
        if self.metadata_in_flight_to.is_some_and(|(b, _)| b == broker) {
            self.metadata_in_flight = false;
            self.metadata_in_flight_to = None;
            out.cancels.push(Timer::MetadataRefresh);
        }
        // First the connection, so the metadata request goes to another broker.
        self.connection_lost(ctx, out, broker);
        let failed: Vec<TopicPartition> = self
            .queues
            .iter()
            .filter(|(_, q)| q.in_flight.is_some() && q.in_flight_to.is_some_and(|t| t.0 == broker))
            .map(|(tp, _)| tp.clone())
            .collect();
        for tp in failed {
            self.complete(ctx, out, &tp, Some(ErrorCode::NetworkException), None);
        }
        for c in &mut self.consumers {
            for pos in c.positions.values_mut() {
                pos.in_flight = None;
                pos.read_replica = None;
            }
        }
        out.timers.push((
            ctx.now_ms + ctx.config.retry_backoff_ms,
            Timer::ConsumerRetry { consumer: 0 },
        ));
    }

    /// A broker's machine refused a connection (its Kafka process is down): back off from it
    /// and put back what was to be sent there; nothing was sent, so nothing failed.
    pub(super) fn connection_refused(
        &mut self,
        ctx: &Ctx,
        out: &mut Outbox,
        broker: BrokerId,
        request_id: Option<u64>,
    ) {
        self.connection_lost(ctx, out, broker);
        match request_id {
            None => {
                if self.metadata_in_flight_to.is_some_and(|(b, _)| b == broker) {
                    self.metadata_in_flight = false;
                    self.metadata_in_flight_to = None;
                    out.cancels.push(Timer::MetadataRefresh);
                }
            }
            Some(id) => {
                if let Some(tp) = self.tp_of_request(id) {
                    self.unsend(out, &tp);
                    out.timers.push((
                        ctx.now_ms + reconnect_backoff_ms(1),
                        Timer::ProducerRetry { tp },
                    ));
                } else if let Some(tp) = self.consumer_request_tp(id) {
                    // A consumer's fetch or position check: it retries after a backoff.
                    self.take_answer(ctx, out, &tp, id, true);
                }
            }
        }
        self.request_metadata(ctx, out);
    }

    /// A broker's answer to a metadata request: newer partition states replace older ones (a
    /// consumer checks its positions when a leader changed), then waiting records are sent and
    /// consumers fetch.
    pub(super) fn metadata_response(
        &mut self,
        ctx: &Ctx,
        out: &mut Outbox,
        from: NodeId,
        partitions: Vec<PartitionState>,
    ) {
        let answering = match from {
            NodeId::Broker(b) => Some(b),
            _ => None,
        };
        if self.metadata_in_flight_to.map(|(b, _)| b) == answering {
            self.metadata_in_flight = false;
            self.metadata_in_flight_to = None;
            out.cancels.push(Timer::MetadataRefresh);
        }
        for state in partitions {
            let old = self.metadata.get(&state.tp);
            let newer = old.is_none_or(|old| {
                (state.leader_epoch, state.partition_epoch)
                    > (old.leader_epoch, old.partition_epoch)
            });
            if !newer {
                continue;
            }
            let leader_changed = old.is_some_and(|old| {
                (old.leader, old.leader_epoch) != (state.leader, state.leader_epoch)
            });
            if leader_changed && state.leader.is_some() {
                self.validate_positions(&state.tp);
            }
            self.metadata.insert(state.tp.clone(), state);
        }
        let tps: Vec<TopicPartition> = self.queues.keys().cloned().collect();
        for tp in tps {
            self.send_next(ctx, out, &tp);
        }
        self.fetch_all(ctx, out);
    }
}
