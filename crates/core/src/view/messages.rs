//! Messages on the wire, as the playground animates them.

use crate::ids::{BrokerId, NodeId, TopicPartition};
use crate::partition_state::PartitionState;
use crate::rules::truncation::EpochEndOffset;
use crate::sim::protocol::{
    Envelope, FetchPartition, FetchPartitionResponse, Message, MessageKind,
};
use crate::sim::World;
use crate::text;
use crate::text::{Arg, Text};

/// Every kind, in legend order.
pub const MESSAGE_KINDS: [MessageKind; 12] = [
    MessageKind::Fetch,
    MessageKind::FetchResponse,
    MessageKind::Produce,
    MessageKind::ProduceResponse,
    MessageKind::ConsumerFetch,
    MessageKind::OffsetsForLeaderEpoch,
    MessageKind::ListOffsets,
    MessageKind::AlterPartition,
    MessageKind::PartitionChange,
    MessageKind::Metadata,
    MessageKind::Heartbeat,
    MessageKind::ConnectionRefused,
];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MessageView {
    pub kind: MessageKind,
    pub source: NodeId,
    pub target: NodeId,
    pub sent_at_ms: u64,
    pub deliver_at_ms: u64,
    /// What it carries, in a few words ("fetch orders-0 from offset 41", "3 record(s);
    /// orders-0 HW 40"), for a front end to word.
    pub label: Text,
}

impl MessageView {
    /// Messages in flight now, oldest first.
    pub fn in_flight(world: &World) -> Vec<MessageView> {
        world.in_flight().map(MessageView::of).collect()
    }

    /// Whether `envelope` carries anything about partition `tp` (a fetch or its response with
    /// it, a produce to it or its answer, a change of its state): what the playground keeps in
    /// focus when one partition is selected. Heartbeats and metadata are about no partition.
    pub fn concerns(world: &World, envelope: &Envelope, tp: &TopicPartition) -> bool {
        match &envelope.message {
            Message::Fetch { partitions, .. } => partitions.iter().any(|p| &p.tp == tp),
            Message::FetchResponse { partitions, .. } => partitions.iter().any(|p| &p.tp == tp),
            Message::Produce(request) => &request.tp == tp,
            Message::ProduceResponse { request_id, .. } => {
                world.clients().tp_of_request(*request_id).as_ref() == Some(tp)
            }
            Message::PartitionChange { state, .. } => &state.tp == tp,
            Message::AlterPartition { tp: t, .. }
            | Message::AlterPartitionResponse { tp: t, .. }
            | Message::OffsetsForLeaderEpoch { tp: t, .. }
            | Message::OffsetsForLeaderEpochResponse { tp: t, .. }
            | Message::ListOffsets { tp: t, .. }
            | Message::ListOffsetsResponse { tp: t, .. } => t == tp,
            Message::Metadata
            | Message::MetadataResponse { .. }
            | Message::MetadataSnapshot { .. }
            | Message::BrokerHeartbeat { .. }
            | Message::BrokerHeartbeatResponse { .. }
            | Message::ConnectionRefused { .. } => false,
        }
    }

    pub fn of(envelope: &Envelope) -> MessageView {
        MessageView {
            kind: envelope.message.kind(),
            source: envelope.source,
            target: envelope.target,
            sent_at_ms: envelope.sent_at_ms,
            deliver_at_ms: envelope.deliver_at_ms,
            label: label(&envelope.message),
        }
    }

    /// How far along its link the message is at `now_ms` (fractional), from 0 to 1.
    pub fn progress(&self, now_ms: f64) -> f64 {
        let span = self.deliver_at_ms.saturating_sub(self.sent_at_ms) as f64;
        if span <= 0.0 {
            return 1.0;
        }
        ((now_ms - self.sent_at_ms as f64) / span).clamp(0.0, 1.0)
    }
}

/// `[1, 2, 3]`, as an ISR is written.
fn id_list(ids: &[BrokerId]) -> String {
    format!("{:?}", ids.iter().map(|b| b.0).collect::<Vec<_>>())
}

fn label(message: &Message) -> Text {
    let joined = |items: Vec<String>| items.join(", ");
    match message {
        Message::Fetch { partitions, .. } => fetch_label(partitions),
        Message::FetchResponse { partitions, .. } => fetch_response_label(partitions),
        Message::Produce(request) => text!(
            "produce {values} to {tp}",
            values = joined(request.values.iter().map(|v| v.to_string()).collect()),
            tp = &request.tp
        ),
        Message::ProduceResponse { error: Some(e), .. }
        | Message::OffsetsForLeaderEpochResponse { error: Some(e), .. }
        | Message::ListOffsetsResponse { error: Some(e), .. } => {
            text!("error {name}", name = e.name())
        }
        Message::ProduceResponse {
            base_offset: Some(offset),
            ..
        } => text!("acked at offset {offset}", offset = *offset),
        Message::ProduceResponse { .. } => text!("acked"),
        Message::Metadata => text!("metadata request"),
        Message::MetadataResponse { .. } => text!("metadata"),
        Message::BrokerHeartbeat { .. } => text!("heartbeat"),
        Message::BrokerHeartbeatResponse { fenced: true, .. } => text!("heartbeat reply: fenced"),
        Message::BrokerHeartbeatResponse { .. } => text!("heartbeat reply"),
        Message::PartitionChange { state, .. } => partition_change_label(state),
        Message::MetadataSnapshot { partitions, .. } => text!(
            "metadata snapshot of {n} partition(s)",
            n = partitions.len()
        ),
        Message::AlterPartition { tp, new_isr, .. } => {
            text!("AlterPartition {tp}: ISR {isr}", tp, isr = id_list(new_isr))
        }
        Message::AlterPartitionResponse { tp, .. } => text!("AlterPartition reply for {tp}", tp),
        Message::OffsetsForLeaderEpoch {
            tp, leader_epoch, ..
        } => text!(
            "OffsetsForLeaderEpoch {tp}: where does epoch {epoch} end?",
            tp,
            epoch = *leader_epoch
        ),
        Message::OffsetsForLeaderEpochResponse { tp, end, .. } => epoch_end_label(tp, end),
        Message::ListOffsets {
            tp, earliest: true, ..
        } => text!("ListOffsets {tp}: the earliest offset?", tp),
        Message::ListOffsets { tp, .. } => text!("ListOffsets {tp}: the latest offset?", tp),
        Message::ListOffsetsResponse { tp, offset, .. } => {
            text!("{tp}: offset {offset}", tp, offset = *offset)
        }
        Message::ConnectionRefused { broker, .. } => text!(
            "connection refused: broker {broker}'s process is down",
            broker = *broker
        ),
    }
}

/// The leader's answer to OffsetsForLeaderEpoch: where the asked epoch ends, if it knows.
fn epoch_end_label(tp: &TopicPartition, end: &EpochEndOffset) -> Text {
    match end {
        EpochEndOffset {
            epoch: Some(epoch),
            end_offset: Some(offset),
        } => text!(
            "{tp}: epoch {epoch} ends at offset {offset}",
            tp,
            epoch = *epoch,
            offset = *offset
        ),
        _ => text!("{tp}: epoch unknown to the leader", tp),
    }
}

/// A fetch: each partition with the offset it fetches from.
fn fetch_label(partitions: &[FetchPartition]) -> Text {
    let parts = partitions
        .iter()
        .map(|p| {
            text!(
                "{tp} from offset {offset}",
                tp = &p.tp,
                offset = p.fetch_offset
            )
            .into()
        })
        .collect();
    text!("fetch {parts}", parts = Arg::List(parts, ", "))
}

/// A fetch response: the records it carries and each partition's HW.
fn fetch_response_label(partitions: &[FetchPartitionResponse]) -> Text {
    let hws: Vec<String> = partitions
        .iter()
        .map(|p| format!("{} HW {}", p.tp, p.high_watermark))
        .collect();
    text!(
        "{records} record(s); {hws}",
        records = partitions.iter().map(|p| p.record_count()).sum::<u64>(),
        hws = hws.join(", ")
    )
}

/// The controller's news of a partition: leader, epoch, ISR.
fn partition_change_label(state: &PartitionState) -> Text {
    text!(
        "{tp}: leader {leader}, epoch {epoch}, ISR {isr}",
        tp = &state.tp,
        leader = match state.leader {
            Some(b) => Arg::from(b),
            None => text!("none").into(),
        },
        epoch = state.leader_epoch,
        isr = id_list(&state.isr)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TopicPartition;

    fn at(sent: u64, deliver: u64) -> MessageView {
        MessageView {
            kind: MessageKind::Fetch,
            source: NodeId::Controller,
            target: NodeId::Clients,
            sent_at_ms: sent,
            deliver_at_ms: deliver,
            label: text!("metadata"),
        }
    }

    #[test]
    fn a_fetch_label_pairs_each_partition_with_its_offset() {
        use crate::sim::protocol::FetchPartition;
        let part = |p: u32, fetch_offset: u64| FetchPartition {
            tp: TopicPartition::new("t", p),
            fetch_offset,
            log_start_offset: 0,
            last_fetched_epoch: None,
            current_leader_epoch: 0,
        };
        let fetch = Message::Fetch {
            replica_id: Some(BrokerId(2)),
            fetcher_id: 0,
            session: 0,
            partitions: vec![part(0, 41), part(1, 12)],
            client_rack: None,
        };
        assert_eq!(
            label(&fetch).to_string(),
            "fetch t-0 from offset 41, t-1 from offset 12"
        );
    }

    #[test]
    fn progress_runs_from_send_to_delivery() {
        assert_eq!(at(10, 20).progress(10.0), 0.0);
        assert_eq!(at(10, 20).progress(12.5), 0.25);
        assert_eq!(at(10, 20).progress(30.0), 1.0);
        assert_eq!(
            at(10, 10).progress(10.0),
            1.0,
            "a zero-latency message has arrived"
        );
    }
}
