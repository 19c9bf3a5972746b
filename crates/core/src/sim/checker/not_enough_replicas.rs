//! [`Invariant::NotEnoughReplicasExactlyWhenKafka`]: an acks=all produce is refused with
//! NOT_ENOUGH_REPLICAS exactly when Kafka would. The world asks for the [`expectation`] as the
//! produce reaches its broker, runs the broker's handler, then has the checker compare its
//! answer ([`Checker::check_not_enough_replicas`]).

use super::{Checker, EventKind, Invariant};
use crate::ids::{BrokerId, NodeId, TopicPartition};
use crate::sim::broker::Broker;
use crate::sim::protocol::{Envelope, Message};
use crate::sim::Ctx;
use crate::vec_map::VecMap;

/// For an acks=all produce reaching a broker that leads the partition: should Kafka refuse it
/// with NOT_ENOUGH_REPLICAS (`Partition.appendRecordsToLeader`: the ISR, as the leader knows
/// it, below the effective min ISR)? `None` for any other message.
pub(crate) fn expectation(
    brokers: &VecMap<BrokerId, Broker>,
    ctx: &Ctx,
    envelope: &Envelope,
) -> Option<(TopicPartition, bool)> {
    let (NodeId::Broker(b), Message::Produce(request)) = (envelope.target, &envelope.message)
    else {
        return None;
    };
    if request.acks != crate::config::Acks::All {
        return None;
    }
    let partition = brokers
        .get(&b)?
        .partitions
        .get(&request.tp)
        .filter(|p| p.is_leader())?;
    let state = partition.state()?;
    let min_isr = ctx
        .topic(&request.tp.topic)
        .effective_min_insync_replicas(state.replicas.len() as u32, ctx.profile);
    Some((
        request.tp.clone(),
        crate::rules::acks_all::refused_before_append(state.isr.len() as u32, min_isr),
    ))
}

impl Checker {
    /// The leader's answer (`sends`) to an
    /// acks=all produce for `tp` refuses it with NOT_ENOUGH_REPLICAS exactly when Kafka would
    /// (`expected`: its ISR, as the leader knows it, was below the effective min ISR).
    pub(crate) fn check_not_enough_replicas(
        &mut self,
        tp: &TopicPartition,
        target: NodeId,
        expected: bool,
        sends: &[(NodeId, Message)],
        now_ms: u64,
        found: &mut Vec<EventKind>,
    ) {
        let refused = sends.iter().any(|(_, m)| {
            matches!(
                m,
                Message::ProduceResponse {
                    error: Some(crate::sim::protocol::ErrorCode::NotEnoughReplicas),
                    ..
                }
            )
        });
        if refused != expected {
            let detail = format!(
                "{tp}: an acks=all produce at {target} was {} though its ISR was {} min ISR",
                if refused {
                    "refused with NOT_ENOUGH_REPLICAS"
                } else {
                    "accepted"
                },
                if expected { "below" } else { "at least" }
            );
            self.violate(
                Invariant::NotEnoughReplicasExactlyWhenKafka,
                tp,
                now_ms,
                detail,
                found,
            );
        }
    }
}
