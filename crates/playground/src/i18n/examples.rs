//! The bundled example scenarios' descriptions in Chinese. The scenario files (a public
//! contract, `scenarios/`) carry English; a description shows in Chinese while the example is
//! loaded unchanged. Kafka's names (configs, ISR, HW, LEO, KIPs) stay as they are.

/// `(example id, description)`, one per bundled example with a description.
const ZH: &[(&str, &str)] = &[
    (
        "acks1-loss",
        "acks=1 时，Leader 追加到自己的日志后就确认写入。它的 Follower 没有在拉取；Leader 崩溃后，一个同步 Follower 接任，已确认的记录就此丢失。",
    ),
    (
        "auto-leader-rebalance",
        "Broker 1 是它两个首选分区的 Leader，崩溃后又回来。Leader 身份留在其他副本上，直到控制器下一次检查不均衡（leader.imbalance.check.interval.seconds=10）：Broker 1 一个首选分区都没领导，超过 leader.imbalance.per.broker.percentage（10%），于是首选 Leader 选举把两个分区都移回给它。",
    ),
    (
        "consumer-detects-truncation",
        "消费者已从 Leader 1 读到 r0..r9（均已提交）。Broker 1 和 2 崩溃；非干净选举让只有 r0..r4 的 Broker 3 成为 Leader，新记录在新的 leader epoch 中从偏移量 5 开始。消费者下一次拉取时带上它读到的最后一条记录的 epoch；Broker 3 答复该 epoch 止于偏移量 5，于是消费者报告截断，并从 5 继续读（KIP-320）。",
    ),
    (
        "election-follows-assignment-order",
        "副本为 [1, 3, 2]。Broker 2 的日志比 Broker 3 长，但 Kafka 选的是按分配顺序第一个存活的同步副本：Broker 3。随后 Broker 2 在与 Broker 3 的 leader epoch 一致之处截断，删掉两条未提交的记录。",
    ),
    (
        "election-order-swapped",
        "日志与“选举按分配顺序，而非日志长度”相同，但副本列为 [1, 2, 3]。Broker 1 宕机；这次 Broker 2 排在分配顺序的最前面，于是当选。决定结果的不是它更长的日志，而是顺序。Broker 3 无需截断，从 Broker 2 拉取 r7 和 r8。",
    ),
    (
        "follower-fetching",
        "消费者位于机架 c，client.rack=c，集群使用 RackAwareReplicaSelector。Leader（机架 a）让它去找 Broker 3，即机架 c 中的同步副本；消费者在那里读取，读到该副本自己的 HW 以下（KIP-392）。",
    ),
    (
        "hw-is-min-leo-over-isr",
        "Leader 有 9 条记录，两个 Follower 分别拉取到 6 和 8：HW 为 6。消费者只能读到它以下。Follower 恢复拉取后，HW 到达 9。",
    ),
    (
        "isr-shrink-and-expand",
        "Broker 3 的拉取停止，而记录仍在不断到来。它最后一次追上是在约 1 s；replica.lag.time.max.ms 为 10 s，Leader 每 5 s 检查一次，所以它在超过 11 s 后的第一次检查（15 s）时离开 ISR。20 s 时拉取恢复；它追上进度并重新加入。",
    ),
    (
        "kip101-hw-truncation",
        "KIP-101 的第一个场景，0.11 之前的 Kafka：Leader 1 和 Follower 2 都有 r0 和 r1（已提交：Leader 的 HW 为 2），但 Follower 2 只听说了 HW 1。Broker 2 在 ZooKeeper 会话内重启，保住了 ISR 位置，成为 Follower 时把日志截断到自己的 HW，丢掉 r1。Broker 1 宕机；仍在 ISR 中的 Broker 2 当选：已提交的 r1 丢失。Kafka 0.11 用 leader epoch 取代了这种截断（KIP-101）。",
    ),
    (
        "kip101-zk",
        "KIP-101 的第一个场景，ZooKeeper 模式的 Kafka 2.x：Leader 1 和 Follower 2 都有 r0 和 r1（已提交：Leader 的 HW 为 2），但 Follower 2 只听说了 HW 1。Broker 2 重启的同时 Broker 1 宕机。自 Kafka 1.1 起，控制器把重启的 Broker 当作先失败再启动处理，所以 Broker 2 离开 ISR；有了 leader epoch，它在得到 Leader 答复前不截断任何记录，r1 得以保留。Broker 1 仍是 ISR 的最后一员，所以分区是离线而不是出错：已提交的数据没有丢失。",
    ),
    (
        "last-known-leader-recovery",
        "kraft-elr，min.insync.replicas=2。Broker 3、2、1 依次崩溃。ISR 第一次变空时，Broker 1（当时的 Leader）被记为最后已知的 Leader；Broker 2 和 1 在 ELR 中。它们各自从非正常关闭中回来，因此离开 ELR。ISR 和 ELR 都为空时，Kafka 在最后已知的 Leader 回来后选它：这是一次不需要 unclean.leader.election.enable 的非干净选举。这里 Broker 1 的日志在崩溃后完好，所以没有数据丢失。",
    ),
    (
        "last-replica-standing-kraft-elr",
        "min.insync.replicas=2。Broker 3 崩溃，Broker 2 受控关闭，ISR 里只剩 Broker 1，它有三条已确认但尚未刷盘的记录。接着 Broker 1 断电，Broker 2 回来。没有 ELR 时，Broker 1 仍是 ISR 的最后一员：它回来后带着空日志再次当选，已确认的记录丢失。有 ELR（KIP-966）时，Broker 2 离开的是一个已低于 min ISR 的 ISR，所以它是合格 Leader：它带着全部记录接任；从非正常关闭中回来的 Broker 1 不再合格。",
    ),
    (
        "last-replica-standing-kraft",
        "min.insync.replicas=2。Broker 3 崩溃，Broker 2 受控关闭，ISR 里只剩 Broker 1，它有三条已确认但尚未刷盘的记录。接着 Broker 1 断电，Broker 2 回来。没有 ELR 时，Broker 1 仍是 ISR 的最后一员：它回来后带着空日志再次当选，已确认的记录丢失。有 ELR（KIP-966）时，Broker 2 离开的是一个已低于 min ISR 的 ISR，所以它是合格 Leader：它带着全部记录接任；从非正常关闭中回来的 Broker 1 不再合格。",
    ),
    (
        "min-isr-refuses-writes",
        "两个 Follower 都宕机。控制器隔离它们之后，ISR 只剩 Leader，小于 min.insync.replicas=2，于是 acks=all 的写入收到 NOT_ENOUGH_REPLICAS，没有任何记录被追加。",
    ),
    (
        "one-way-cut",
        "从 Broker 1 发往控制器的消息被丢弃，但控制器仍能联系到 Broker 1。它的心跳不再到达，所以控制器在 broker.session.timeout.ms 后隔离它，并选出 Broker 2。Broker 1 仍然存活并收到了变更，于是停止担任 Leader，转而跟随 Broker 2；已确认的记录一条也没有丢。",
    ),
    (
        "playground-default",
        "三个机架中的六台 Broker，一个主题六个分区，副本因子 3，按 Kafka 的规则机架感知放置；生产者以 acks=all 每秒写入 100 条记录，一个消费者读取它们。链路单程 10 ms，慢速播放时能看清消息。",
    ),
    (
        "preferred-leader-election",
        "Broker 1 是 Leader，崩溃后又回来：Leader 身份留在 Broker 2。一次显式的首选 Leader 选举把它移回第一个副本 Broker 1；auto.leader.rebalance.enable 是关闭的，所以只有显式选举会这样做。",
    ),
    (
        "rack-failure-aware",
        "三个机架中的六台 Broker，六个分区副本因子 3，机架感知放置，min.insync.replicas=2。机架 a（Broker 1 和 2）断电。每个分区在机架 a 之外都有两个副本，所以各自保留两个副本的 ISR：acks=all 的写入继续进行，已确认的数据不丢。",
    ),
    (
        "rack-failure-unaware",
        "同样的六台 Broker，但没有机架，从同样的起点按非机架感知放置：分区 0 和 5 的三个副本中有两个在 Broker 1 和 2 上。这两台断电后，这些分区的 ISR 只剩一个副本，低于 min.insync.replicas=2，所以写给它们的 acks=all 请求被拒绝。",
    ),
    (
        "reassignment",
        "分区 orders-0 在记录不断到来时从 Broker [1, 2, 3] 迁到 [4, 2, 3]。副本集合变为 target ++ removing = [4, 2, 3, 1]；Broker 4 从偏移量 0 拉取整个日志并加入 ISR；之后迁移才完成：Broker 1 离开，而它原是 Leader，所以 Leader 身份在新的 leader epoch 中移到 Broker 4，即目标列表中第一个在 ISR 里的副本（KIP-455）。",
    ),
    (
        "three-brokers-steady",
        "三个机架中的三台 Broker，一个分区副本因子 3，副本 [1, 2, 3]，min.insync.replicas=2。生产者以 acks=all 每秒写入 10 条记录，一个消费者读取它们。不会自己出故障：课程会请你动手把它弄坏。",
    ),
    (
        "throttled-reassignment",
        "orders-0 在 Broker [1, 2, 3] 上有 10000 条 100 字节的记录（1 MB），要迁到 [4, 2, 3]，做法同 kafka-reassign-partitions.sh --execute --throttle 100000：两种复制速率都设为 100000 字节/秒，分区现有副本受 Leader 端限流（0:1,0:2,0:3），新副本受 Follower 端限流（0:4）。Broker 4 每秒约复制 100 kB，所以迁移约需 10 s，而不是不到 1 秒；同步的 Follower 2 和 3 从不受限（KIP-73）。",
    ),
    (
        "unclean-election-loss",
        "Broker 3 未同步，10 条已提交记录中只有 5 条。Broker 1 和 2 崩溃：分区离线。启用 unclean.leader.election.enable 后 Broker 3 成为 Leader，已提交的 r5..r9 丢失。",
    ),
];

/// The description to show for the scenario loaded from `source`: the example's Chinese text
/// in Chinese, else the file's own.
pub fn scenario_description<'a>(lang: super::Lang, source: &str, own: &'a str) -> &'a str {
    if lang == super::Lang::Zh {
        if let Some((_, zh)) = ZH.iter().find(|(id, _)| *id == source) {
            return zh;
        }
    }
    own
}

#[cfg(test)]
mod tests {
    use super::*;
    use replication_core::examples::EXAMPLES;
    use replication_core::scenario::parse_scenario;

    /// Every bundled example with a description has it in Chinese, and every entry is an
    /// example's.
    #[test]
    fn every_example_description_is_translated() {
        for e in EXAMPLES {
            let scenario = parse_scenario(e.json).expect("bundled examples parse");
            let has = ZH.iter().any(|(id, _)| *id == e.id);
            assert_eq!(
                scenario.description.is_some(),
                has,
                "{}: a description needs its Chinese text in i18n/examples.rs",
                e.id
            );
        }
        for (id, zh) in ZH {
            assert!(
                EXAMPLES.iter().any(|e| e.id == *id),
                "{id} is not an example"
            );
            assert!(!zh.trim().is_empty());
        }
        assert_eq!(
            scenario_description(super::super::Lang::En, "acks1-loss", "own"),
            "own"
        );
        assert_ne!(
            scenario_description(super::super::Lang::Zh, "acks1-loss", "own"),
            "own"
        );
        assert_eq!(
            scenario_description(super::super::Lang::Zh, "orders.json", "own"),
            "own"
        );
    }
}
