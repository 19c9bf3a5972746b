use super::*;
use crate::sim::protocol::{ErrorCode, Message};

fn answer(error: Option<ErrorCode>) -> Vec<(NodeId, Message)> {
    vec![(
        NodeId::Clients,
        Message::ProduceResponse {
            request_id: 1,
            error,
            base_offset: error.is_none().then_some(0),
        },
    )]
}

/// Kafka's `Partition.appendRecordsToLeader` refuses an acks=all write with
/// NOT_ENOUGH_REPLICAS exactly when the ISR is below the effective min ISR: the checker reports
/// a refusal it did not expect and an acceptance it did not expect, and nothing else.
#[test]
fn not_enough_replicas_is_reported_when_the_answer_and_the_isr_disagree() {
    let tp = TopicPartition::new("t", 0);
    for (error, below_min_isr, violated) in [
        (Some(ErrorCode::NotEnoughReplicas), true, false),
        (None, false, false),
        (Some(ErrorCode::NotEnoughReplicas), false, true),
        (None, true, true),
        // Another error (here the broker no longer leads) is not a NOT_ENOUGH_REPLICAS refusal.
        (Some(ErrorCode::NotLeaderOrFollower), true, true),
        (Some(ErrorCode::NotLeaderOrFollower), false, false),
    ] {
        let mut checker = Checker::default();
        let mut found = Vec::new();
        let sends = answer(error);
        checker.check_not_enough_replicas(
            &tp,
            NodeId::Broker(BrokerId(1)),
            below_min_isr,
            &sends,
            5,
            &mut found,
        );
        let case = format!("{error:?}, ISR below min ISR: {below_min_isr}");
        assert_eq!(checker.violations.len(), usize::from(violated), "{case}");
        assert_eq!(found.len(), usize::from(violated), "{case}");
        if let Some(v) = checker.violations.first() {
            assert_eq!(
                v.invariant,
                Invariant::NotEnoughReplicasExactlyWhenKafka,
                "{case}"
            );
            assert_eq!((&v.tp, v.at_ms), (&tp, 5), "{case}");
        }
    }
}

#[test]
fn the_same_problem_is_reported_once() {
    let tp = TopicPartition::new("t", 0);
    let mut checker = Checker::default();
    let mut found = Vec::new();
    for at in [5, 6] {
        let sends = answer(None);
        checker.check_not_enough_replicas(
            &tp,
            NodeId::Broker(BrokerId(1)),
            true,
            &sends,
            at,
            &mut found,
        );
    }
    assert_eq!(checker.violations.len(), 1);
    assert_eq!(found.len(), 1);
}
