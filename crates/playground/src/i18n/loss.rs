//! A data loss explained in words: the core's English sentence, or the same facts in
//! Chinese (each fact worded apart, joined as a Chinese sentence).

use super::Lang;
use replication_core::rules::election::ElectionKind;
use replication_core::sim::trace::TruncationReason;
use replication_core::view::{BrokerFailure, LossExplanation};

/// Why records were lost: the core's English sentence, or the same facts in Chinese.
pub fn describe_loss(lang: Lang, why: &LossExplanation) -> String {
    if lang == Lang::En {
        return why.to_string();
    }
    let names = why.values.join("、");
    let mut parts = vec![match (why.acknowledged, why.acks) {
        (false, _) => format!("{names} 已提交（低于 HW）"),
        (true, Some(acks)) => format!("{names} 已按 acks={acks} 得到确认"),
        (true, None) => format!("{names} 已得到确认"),
    }];
    parts.extend(why.failure.map(|f| match f {
        BrokerFailure::Crashed(b) => format!("Broker {b} 崩溃"),
        BrokerFailure::LostPower(b) => format!("Broker {b} 断电"),
        BrokerFailure::ShutDown(b) => format!("Broker {b} 受控关闭"),
        BrokerFailure::Fenced(b) => format!("Broker {b} 被隔离（fenced）"),
    }));
    if let Some(e) = &why.election {
        let how = match e.kind {
            ElectionKind::Unclean | ElectionKind::LastKnownLeader => "以非干净（unclean）方式当选",
            ElectionKind::EligibleLeaderReplica => "从 ELR 中当选",
            ElectionKind::Preferred => "作为首选 Leader 接任",
            ElectionKind::Clean | ElectionKind::Kept => "当选",
        };
        parts.push(format!(
            "Broker {} {how}（epoch {}），而它没有这些记录",
            e.leader, e.leader_epoch
        ));
    }
    parts.push(match why.truncation {
        Some((broker, reason)) => {
            let how = match reason {
                TruncationReason::HighWatermark => "截断到自己的 HW（Kafka 0.11 之前的规则）",
                TruncationReason::DivergingEpoch => "截断到其 epoch 与新 Leader 分叉之处",
                TruncationReason::PowerLoss => "断电时丢掉了未刷盘的尾部",
            };
            format!("Broker {broker} {how}，记录随之被删除")
        }
        None => "仍持有这些记录的副本都不是 Leader".to_string(),
    });
    parts.join("；")
}

#[cfg(test)]
mod tests {
    use super::*;
    use replication_core::config::Acks;
    use replication_core::view::LossElection;
    use replication_core::BrokerId;

    const B: fn(u32) -> BrokerId = BrokerId;

    /// An acknowledged write lost to an unclean election and a truncation.
    fn unclean_loss() -> LossExplanation {
        LossExplanation {
            values: vec!["m7".into(), "m8".into()],
            acknowledged: true,
            acks: Some(Acks::One),
            failure: Some(BrokerFailure::Crashed(B(1))),
            election: Some(LossElection {
                leader: B(2),
                leader_epoch: 3,
                kind: ElectionKind::Unclean,
            }),
            truncation: Some((B(1), TruncationReason::DivergingEpoch)),
        }
    }

    /// A loss explanation in full: English is the core's, Chinese the same facts in order.
    #[test]
    fn a_loss_is_explained_in_both_languages() {
        let base = unclean_loss();
        assert_eq!(describe_loss(Lang::En, &base), base.to_string());
        assert_eq!(
            describe_loss(Lang::Zh, &base),
            "m7、m8 已按 acks=1 得到确认；Broker 1 崩溃；Broker 2 以非干净（unclean）方式当选（epoch 3），而它没有这些记录；Broker 1 截断到其 epoch 与新 Leader 分叉之处，记录随之被删除"
        );
    }

    /// Every fact of a loss explanation has its Chinese wording, and English is the core's.
    #[test]
    fn every_fact_of_a_loss_has_its_chinese_wording() {
        let with = |change: &dyn Fn(&mut LossExplanation)| {
            let mut why = unclean_loss();
            change(&mut why);
            why
        };
        let elected = |kind| {
            Some(LossElection {
                leader: B(5),
                leader_epoch: 9,
                kind,
            })
        };
        let cases: &[(LossExplanation, &str)] = &[
            (
                with(&|w| (w.acknowledged, w.acks) = (false, None)),
                "m7、m8 已提交（低于 HW）",
            ),
            (with(&|w| w.acks = None), "m7、m8 已得到确认；"),
            (
                with(&|w| w.failure = Some(BrokerFailure::LostPower(B(4)))),
                "Broker 4 断电",
            ),
            (
                with(&|w| w.failure = Some(BrokerFailure::ShutDown(B(4)))),
                "Broker 4 受控关闭",
            ),
            (
                with(&|w| w.failure = Some(BrokerFailure::Fenced(B(4)))),
                "Broker 4 被隔离",
            ),
            (
                with(&|w| w.election = elected(ElectionKind::EligibleLeaderReplica)),
                "Broker 5 从 ELR 中当选（epoch 9）",
            ),
            (
                with(&|w| w.election = elected(ElectionKind::Preferred)),
                "Broker 5 作为首选 Leader 接任",
            ),
            (
                with(&|w| w.election = None),
                "m7、m8 已按 acks=1 得到确认；Broker 1 崩溃；Broker 1 截断",
            ),
            (
                with(&|w| w.truncation = Some((B(3), TruncationReason::HighWatermark))),
                "Broker 3 截断到自己的 HW（Kafka 0.11 之前的规则）",
            ),
            (
                with(&|w| w.truncation = Some((B(3), TruncationReason::PowerLoss))),
                "Broker 3 断电时丢掉了未刷盘的尾部",
            ),
            (
                with(&|w| w.truncation = None),
                "仍持有这些记录的副本都不是 Leader",
            ),
        ];
        for (why, expected) in cases {
            let zh = describe_loss(Lang::Zh, why);
            assert!(zh.contains(expected), "{zh:?} lacks {expected:?}");
            assert_eq!(describe_loss(Lang::En, why), why.to_string());
        }
    }
}
