//! The clients node: one producer and any number of consumers, sharing one metadata cache.
//!
//! Record storage is in `records`, the producer in `producer`, the consumers in `consumer`,
//! and the connections to brokers with the metadata requests and answers in `connections`;
//! this file holds the shared state and routes messages and timers.

mod connections;
mod consumer;
mod producer;
mod records;

pub use consumer::{Consumer, ConsumerPosition};
pub use producer::{ProduceRate, ProducerQueueView};
pub use records::{
    ConsumedRecord, ConsumedRecords, ProduceOutcome, ProducedRecord, ProducedRecords,
    ProducerStats, FOLD_PRODUCED_ABOVE, KEEP_CONSUMED,
};

use crate::ids::{BrokerId, NodeId, TopicPartition};
use crate::partition_state::PartitionState;
use crate::sim::protocol::{ErrorCode, Message};
use crate::sim::{Ctx, Outbox, Timer};
use crate::vec_map::VecMap;
use connections::Connection;
use producer::PartitionQueue;
use std::sync::Arc;

#[derive(Clone, Debug, PartialEq, Eq)]
struct ClientTopic {
    /// One shared name, for the partition ids the clients create (cheap to compare).
    name: Arc<str>,
    partitions: u32,
    /// The partition unkeyed records stick to until its batch is sent (KIP-794); none before
    /// the first unkeyed record.
    sticky: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clients {
    pub metadata: VecMap<TopicPartition, PartitionState>,
    pub records: ProducedRecords,
    pub consumed: ConsumedRecords,
    /// Consumed records dropped from `consumed` to bound memory (the report counts them).
    pub consumed_folded: u64,
    pub consumers: Vec<Consumer>,
    /// Records acknowledged since the checker last looked (indices into `records`).
    pub(crate) newly_acked: Vec<u32>,
    pub rates: Vec<ProduceRate>,
    queues: VecMap<TopicPartition, PartitionQueue>,
    brokers: Vec<BrokerId>,
    /// Everything the clients know of each topic, found with one lookup per record.
    topics: VecMap<String, ClientTopic>,
    producer_id: u64,
    next_request_id: u64,
    next_produced_value: u32,
    metadata_in_flight: bool,
    /// The broker the metadata request in flight went to, and when.
    metadata_in_flight_to: Option<(BrokerId, u64)>,
    metadata_target: usize,
    connections: VecMap<BrokerId, Connection>,
}

impl Clients {
    pub fn new(brokers: Vec<BrokerId>, partitions_per_topic: VecMap<String, u32>) -> Self {
        let topics = partitions_per_topic
            .into_iter()
            .map(|(t, partitions)| {
                let topic = ClientTopic {
                    name: Arc::from(t.as_str()),
                    partitions,
                    sticky: None,
                };
                (t, topic)
            })
            .collect();
        Clients {
            metadata: VecMap::new(),
            records: ProducedRecords::default(),
            consumed: ConsumedRecords::default(),
            consumed_folded: 0,
            consumers: Vec::new(),
            newly_acked: Vec::new(),
            rates: Vec::new(),
            queues: VecMap::new(),
            brokers,
            topics,
            producer_id: 1000,
            next_request_id: 0,
            next_produced_value: 0,
            metadata_in_flight: false,
            metadata_in_flight_to: None,
            metadata_target: 0,
            connections: VecMap::new(),
        }
    }

    fn request_id(&mut self) -> u64 {
        self.next_request_id += 1;
        self.next_request_id
    }

    /// A partition id sharing the topic's name with every other copy (cheap to compare).
    pub(crate) fn partition_id(&self, topic: &str, partition: u32) -> TopicPartition {
        match self.topics.get(topic) {
            Some(t) => TopicPartition {
                topic: Arc::clone(&t.name),
                partition,
            },
            None => TopicPartition::new(topic, partition),
        }
    }

    pub(crate) fn handle_timer(&mut self, ctx: &Ctx, out: &mut Outbox, timer: Timer) {
        match timer {
            Timer::ProducerRequestTimeout { request_id } => {
                let Some(tp) = self.tp_of_request(request_id) else {
                    return;
                };
                let Some((broker, sent_ms)) = self.queues.get(&tp).and_then(|q| q.in_flight_to)
                else {
                    return;
                };
                let open = self.connections.get(&broker).is_some_and(|c| c.open);
                let request_deadline = sent_ms + ctx.config.request_timeout_ms;
                if !open {
                    // The connection was never made (a machine that does not answer): the
                    // batch was never sent, and waits for a leader it can reach.
                    self.unsend(out, &tp);
                    self.connection_lost(ctx, out, broker);
                    self.send_next(ctx, out, &tp);
                } else if ctx.now_ms < request_deadline {
                    // The connection was made in time: the request has its full timeout.
                    out.timers.push((
                        request_deadline,
                        Timer::ProducerRequestTimeout { request_id },
                    ));
                } else {
                    // A request on an open connection timed out: Kafka closes the connection
                    // and fails the batch with REQUEST_TIMED_OUT (retried).
                    self.connection_lost(ctx, out, broker);
                    self.complete(ctx, out, &tp, Some(ErrorCode::RequestTimedOut), None);
                }
            }
            Timer::ProducerRetry { tp } | Timer::ProducerSend { tp } => {
                self.send_next(ctx, out, &tp)
            }
            Timer::ProducerExpiry { tp } => self.expire(ctx, out, &tp),
            Timer::MetadataRefresh if self.metadata_in_flight => match self.metadata_in_flight_to {
                Some((broker, sent_ms)) => {
                    let open = self.connections.get(&broker).is_some_and(|c| c.open);
                    let deadline = sent_ms + ctx.config.request_timeout_ms;
                    if open && ctx.now_ms < deadline {
                        out.timers.push((deadline, Timer::MetadataRefresh));
                        return;
                    }
                    self.metadata_in_flight = false;
                    self.metadata_in_flight_to = None;
                    self.connection_lost(ctx, out, broker);
                }
                None => {
                    self.metadata_in_flight = false;
                    self.request_metadata(ctx, out);
                }
            },
            Timer::ProduceRate { rate_id } => self.tick_rate(ctx, out, rate_id),
            Timer::ConsumerFetchTimeout { consumer, session } => {
                if let Some(c) = self.consumers.get_mut(consumer as usize) {
                    for pos in c.positions.values_mut() {
                        if pos.in_flight == Some(session) {
                            pos.in_flight = None;
                            pos.read_replica = None;
                        }
                    }
                }
                self.request_metadata(ctx, out);
                self.fetch_all(ctx, out);
            }
            Timer::ConsumerRetry { .. } => self.fetch_all(ctx, out),
            _ => {}
        }
    }

    pub(crate) fn handle(&mut self, ctx: &Ctx, out: &mut Outbox, from: NodeId, message: Message) {
        if let Message::ConnectionRefused { broker, request_id } = message {
            return self.connection_refused(ctx, out, broker, request_id);
        }
        match message {
            Message::ProduceResponse {
                request_id,
                error,
                base_offset,
            } => {
                if let Some(tp) = self.tp_of_request(request_id) {
                    self.complete(ctx, out, &tp, error, base_offset);
                }
            }
            Message::MetadataResponse { partitions } => {
                self.metadata_response(ctx, out, from, partitions)
            }
            Message::FetchResponse {
                session,
                partitions,
            } => {
                for response in partitions {
                    self.consumer_response(ctx, out, session, response);
                }
            }
            Message::OffsetsForLeaderEpochResponse {
                request_id,
                tp,
                error,
                end,
            } => self.validation_response(ctx, out, request_id, &tp, error, end),
            Message::ListOffsetsResponse {
                request_id,
                tp,
                error,
                offset,
                leader_epoch,
            } => self.reset_response(ctx, out, request_id, &tp, error, offset, leader_epoch),
            _ => {}
        }
    }
}
