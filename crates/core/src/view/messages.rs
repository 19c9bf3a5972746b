//! Messages on the wire, as the playground animates them.

use crate::ids::NodeId;
use crate::protocol::{Envelope, Message, MessageKind};
use crate::sim::World;

/// Every kind, in legend order.
pub const MESSAGE_KINDS: [MessageKind; 9] = [
    MessageKind::Fetch,
    MessageKind::FetchResponse,
    MessageKind::Produce,
    MessageKind::ProduceResponse,
    MessageKind::ConsumerFetch,
    MessageKind::AlterPartition,
    MessageKind::PartitionChange,
    MessageKind::Metadata,
    MessageKind::Heartbeat,
];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MessageView {
    pub kind: MessageKind,
    pub source: NodeId,
    pub target: NodeId,
    pub sent_at_ms: u64,
    pub deliver_at_ms: u64,
    /// What it carries, in a few words ("fetch orders-0 from 41", "3 records, HW 40").
    pub label: String,
}

impl MessageView {
    /// Messages in flight now, oldest first.
    pub fn in_flight(world: &World) -> Vec<MessageView> {
        world.in_flight().map(MessageView::of).collect()
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

fn label(message: &Message) -> String {
    match message {
        Message::Fetch { partitions, .. } => {
            let parts: Vec<String> = partitions
                .iter()
                .map(|p| format!("{} from {}", p.tp, p.fetch_offset))
                .collect();
            format!("fetch {}", parts.join(", "))
        }
        Message::FetchResponse { partitions, .. } => {
            let records: u64 = partitions.iter().map(|p| p.record_count()).sum();
            let hws: Vec<String> = partitions
                .iter()
                .map(|p| format!("{} HW {}", p.tp, p.high_watermark))
                .collect();
            format!("{records} record(s); {}", hws.join(", "))
        }
        Message::Produce(request) => {
            let values: Vec<String> = request.values.iter().map(|v| v.to_string()).collect();
            format!("produce {} to {}", values.join(", "), request.tp)
        }
        Message::ProduceResponse { error: Some(e), .. } => format!("error {}", e.name()),
        Message::ProduceResponse {
            base_offset: Some(o),
            ..
        } => format!("acked at offset {o}"),
        Message::ProduceResponse { .. } => "acked".to_string(),
        Message::Metadata => "metadata request".to_string(),
        Message::MetadataResponse { .. } => "metadata".to_string(),
        Message::BrokerHeartbeat { .. } => "heartbeat".to_string(),
        Message::BrokerHeartbeatResponse { fenced, .. } => if *fenced {
            "heartbeat reply: fenced"
        } else {
            "heartbeat reply"
        }
        .to_string(),
        Message::PartitionChange { state, .. } => format!(
            "{}: leader {}, epoch {}, ISR {:?}",
            state.tp,
            state.leader.map_or("none".to_string(), |b| b.to_string()),
            state.leader_epoch,
            state.isr.iter().map(|b| b.0).collect::<Vec<_>>()
        ),
        Message::MetadataSnapshot { partitions, .. } => {
            format!("metadata snapshot of {} partition(s)", partitions.len())
        }
        Message::AlterPartition { tp, new_isr, .. } => format!(
            "AlterPartition {tp}: ISR {:?}",
            new_isr.iter().map(|b| b.0).collect::<Vec<_>>()
        ),
        Message::AlterPartitionResponse { tp, .. } => format!("AlterPartition reply for {tp}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(sent: u64, deliver: u64) -> MessageView {
        MessageView {
            kind: MessageKind::Fetch,
            source: NodeId::Controller,
            target: NodeId::Clients,
            sent_at_ms: sent,
            deliver_at_ms: deliver,
            label: String::new(),
        }
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
