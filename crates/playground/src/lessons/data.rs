//! The lessons' text. Facts follow real Kafka (`../shared/kafka-semantics.md`); where the
//! teaching material simplifies (election by highest offset, truncation to the HW), the lesson
//! shows both and says which one Kafka does. Every time and number below was read off the
//! scenario's run and is pinned by `crates/core/tests/kafka_scenarios.rs`.

use super::Check::*;
use super::StepAction::{AutoPlay, Learner};
use super::{t, Lesson, Step};

const STEADY: &str = "three-brokers-steady";

pub static LESSONS: &[Lesson] = &[
    Lesson {
        id: "replicas",
        title: t("Replica basics", "副本基础"),
        steps: &[
            Step {
                text: t(
                    "Partition orders-0 has three replicas, one on each broker: its replication factor is 3. Every record the producer writes ends up in all three logs. Play and watch them grow together.",
                    "分区 orders-0 有三个副本，每台 broker 上一个，也就是副本因子为 3。生产者写入的每条记录最后都会落在这三份日志里。点播放，看三份日志同步增长。",
                ),
                scenario: STEADY,
                action: AutoPlay { until_ms: 3_000 },
                question: t(
                    "How many brokers can fail before a committed record is lost?",
                    "最多可以坏几台 broker 而不丢失已提交的记录？",
                ),
                answer: t(
                    "Two: every committed record is on all three replicas, and one in-sync survivor keeps it. Writes are another matter: with min.insync.replicas=2, acks=all writes survive only one failure.",
                    "两台：每条已提交记录都在三个副本上，只要还剩一个同步副本就不会丢。写入则不同：这里 min.insync.replicas=2，acks=all 的写入只能扛住一台故障。",
                ),
            },
            Step {
                text: t(
                    "Replicas exist for the day a broker dies. Break a follower and watch the others.",
                    "副本就是为 broker 宕机的那一天准备的。弄坏一个 follower，看看其他副本的反应。",
                ),
                scenario: STEADY,
                action: Learner {
                    instruction: t(
                        "Crash broker 3: the crash button on its card.",
                        "点击 broker 3 卡片上的 crash 按钮，让它崩溃。",
                    ),
                    done_when: &[BrokerDown(3)],
                },
                question: t(
                    "Broker 3 is down, yet it is still listed in the ISR. Why?",
                    "broker 3 已经挂了，为什么 ISR 里还有它？",
                ),
                answer: t(
                    "Nobody has noticed yet. The controller fences a broker only after its heartbeats stop for broker.session.timeout.ms (9 s in KRaft); until then broker 3 stays in the ISR.",
                    "还没有人察觉。控制器要等它的心跳中断满 broker.session.timeout.ms（KRaft 下 9 秒）才会隔离它；在那之前 broker 3 仍留在 ISR 里。",
                ),
            },
            Step {
                text: t(
                    "Play on and watch the high watermark and the producer's acknowledgements.",
                    "继续播放，留意高水位和生产者收到的确认。",
                ),
                scenario: STEADY,
                action: AutoPlay { until_ms: 14_000 },
                question: t(
                    "For several seconds after the crash no write was acknowledged. Why, and what ended it?",
                    "崩溃后有好几秒没有任何写入得到确认。为什么？后来又是什么让它恢复的？",
                ),
                answer: t(
                    "The HW is a minimum over the ISR, and silent broker 3 was still in it, so the HW stood still and acks=all writes waited. When the controller fenced broker 3 it left the ISR; ISR [1, 2] still meets min.insync.replicas, so the HW moved and the writes were acknowledged.",
                    "高水位取 ISR 中的最小值，而不再拉取的 broker 3 还在 ISR 里，于是高水位停住，acks=all 的写入只能等待。控制器隔离 broker 3 后它离开 ISR；ISR [1, 2] 仍满足 min.insync.replicas，高水位继续前进，积压的写入得到确认。",
                ),
            },
        ],
    },
    Lesson {
        id: "leader-followers",
        title: t("Leader and followers", "Leader 与 Follower"),
        steps: &[
            Step {
                text: t(
                    "Broker 1 leads orders-0 (chip L); brokers 2 and 3 follow (F). Slow down and watch: produce requests go to broker 1 only, and the followers keep asking it for records.",
                    "broker 1 是 orders-0 的 leader（标记 L），broker 2、3 是 follower（F）。放慢速度观察：生产请求只发往 broker 1，follower 不断向它索取新记录。",
                ),
                scenario: STEADY,
                action: AutoPlay { until_ms: 1_000 },
                question: t(
                    "Could the producer write to broker 2 instead?",
                    "生产者能不能改为写入 broker 2？",
                ),
                answer: t(
                    "No. Only the leader appends writes; a follower answers NOT_LEADER_OR_FOLLOWER and the client refreshes its metadata. Followers copy the leader's log and, by default, consumers read from the leader too.",
                    "不能。只有 leader 接受写入；follower 会回复 NOT_LEADER_OR_FOLLOWER，客户端随即刷新元数据。follower 只复制 leader 的日志，默认情况下消费者也从 leader 读取。",
                ),
            },
            Step {
                text: t("Now take the leader away.", "现在把 leader 拿掉。"),
                scenario: STEADY,
                action: Learner {
                    instruction: t(
                        "Crash broker 1, the leader.",
                        "让 leader broker 1 崩溃。",
                    ),
                    done_when: &[BrokerDown(1)],
                },
                question: t(
                    "Which broker will be the next leader, and when?",
                    "下一个 leader 会是谁？什么时候产生？",
                ),
                answer: t(
                    "Broker 2, about 9 s later: when broker 1's session expires the controller fences it and elects the first live ISR member in assignment order [1, 2, 3].",
                    "broker 2，大约 9 秒后：broker 1 的会话过期后，控制器隔离它，并按副本分配顺序 [1, 2, 3] 选出第一个存活且在 ISR 中的副本。",
                ),
            },
            Step {
                text: t("Play until the election.", "播放到选举发生。"),
                scenario: STEADY,
                action: AutoPlay { until_ms: 12_000 },
                question: t(
                    "What changed besides the leader?",
                    "除了 leader，还有什么变了？",
                ),
                answer: t(
                    "The leader epoch went from 0 to 1 and broker 1 left the ISR. Every leader change bumps the epoch, so stale leaders can be recognised. No acknowledged record was lost: with acks=all, broker 2 had them all.",
                    "leader epoch 从 0 变成 1，broker 1 被移出 ISR。每次换 leader 都会递增 epoch，以便识别过期的 leader。没有丢失任何已确认记录：acks=all 下 broker 2 拥有全部记录。",
                ),
            },
            Step {
                text: t(
                    "Many tutorials say the replica with the highest offset becomes leader. Kafka never compares logs. Here the replicas are [1, 3, 2], the HW is 7, broker 2 holds 9 records and broker 3 only 7. The highest-offset rule would pick broker 2. Play and see what Kafka does.",
                    "很多教程说 offset 最大的副本当选 leader，但 Kafka 从不比较日志长度。这里副本顺序是 [1, 3, 2]，高水位为 7，broker 2 有 9 条记录，broker 3 只有 7 条。按“最大 offset”规则应选 broker 2。播放，看看 Kafka 实际怎么做。",
                ),
                scenario: "election-follows-assignment-order",
                action: AutoPlay { until_ms: 12_000 },
                question: t(
                    "Who won, and what happened to r7 and r8 on broker 2?",
                    "谁当选了？broker 2 上的 r7、r8 怎么样了？",
                ),
                answer: t(
                    "Broker 3: Kafka elects the first live ISR member in assignment order. Broker 2 then truncated r7 and r8 to match the new leader. They were above the HW, never committed, so nothing acknowledged was lost.",
                    "broker 3：Kafka 选择分配顺序中第一个存活的 ISR 成员。随后 broker 2 截掉 r7、r8 以与新 leader 保持一致。它们在高水位之上、从未提交，所以没有丢失任何已确认数据。",
                ),
            },
            Step {
                text: t(
                    "The same logs, with the replicas listed [1, 2, 3].",
                    "日志完全相同，只是副本顺序改为 [1, 2, 3]。",
                ),
                scenario: "election-order-swapped",
                action: AutoPlay { until_ms: 12_000 },
                question: t(
                    "Broker 2 wins this time. Did its longer log help?",
                    "这次 broker 2 当选了。是因为它的日志更长吗？",
                ),
                answer: t(
                    "No: it now comes first in the order. Here both rules agree by chance. r7 and r8 survive and broker 3 fetches them, so which uncommitted records live depends on who leads.",
                    "不是：只是它现在排在前面。这次两种规则碰巧一致。r7、r8 得以保留并被 broker 3 拉取——未提交的记录能否留下，取决于谁当选。",
                ),
            },
        ],
    },
    Lesson {
        id: "isr",
        title: t("The ISR", "ISR 同步副本集合"),
        steps: &[
            Step {
                text: t(
                    "Broker 3's fetcher stops at 1 s while records keep coming. replica.lag.time.max.ms is 10 s here (30 s by default).",
                    "broker 3 的拉取线程在第 1 秒停止，而新记录持续写入。这里 replica.lag.time.max.ms 设为 10 秒（默认 30 秒）。",
                ),
                scenario: "isr-shrink-and-expand",
                action: AutoPlay { until_ms: 6_000 },
                question: t(
                    "At 6 s broker 3 is far behind but still in the ISR. Why?",
                    "到第 6 秒 broker 3 已经落后很多，为什么还在 ISR 里？",
                ),
                answer: t(
                    "The test is time, not a message count: a follower is out of sync once it has not caught up with the leader's log end for replica.lag.time.max.ms. The count-based replica.lag.max.messages was removed in Kafka 0.9.",
                    "判断依据是时间而不是消息条数：follower 超过 replica.lag.time.max.ms 没有追上 leader 的日志末端才算失去同步。按条数判断的 replica.lag.max.messages 在 Kafka 0.9 已被移除。",
                ),
            },
            Step {
                text: t("Play on.", "继续播放。"),
                scenario: "isr-shrink-and-expand",
                action: AutoPlay { until_ms: 16_000 },
                question: t(
                    "Broker 3 last caught up at about 1 s, so it was out of sync from 11 s. Why did it leave only at 15 s?",
                    "broker 3 最后一次追上大约在第 1 秒，11 秒起就已不同步。为什么到 15 秒才被移出？",
                ),
                answer: t(
                    "The leader looks for lagging followers every replica.lag.time.max.ms / 2 = 5 s; the first check after 11 s is at 15 s. It then shrinks the ISR through the controller (AlterPartition).",
                    "leader 每隔 replica.lag.time.max.ms / 2 = 5 秒检查一次落后的 follower；11 秒之后的第一次检查在 15 秒。随后它通过控制器（AlterPartition）收缩 ISR。",
                ),
            },
            Step {
                text: t(
                    "Broker 3's fetcher resumes at 20 s.",
                    "broker 3 的拉取线程在第 20 秒恢复。",
                ),
                scenario: "isr-shrink-and-expand",
                action: AutoPlay { until_ms: 25_000 },
                question: t(
                    "What did broker 3 need before it could rejoin?",
                    "broker 3 需要满足什么条件才能重新加入 ISR？",
                ),
                answer: t(
                    "Its log end had to reach the leader's high watermark (and the start of the current leader epoch). The leader then asked the controller to add it back: the ISR is [1, 2, 3] again a few milliseconds after 20 s.",
                    "它的日志末端必须追到 leader 的高水位（以及当前 leader epoch 的起点）。之后 leader 请求控制器把它加回来：20 秒后几毫秒，ISR 又变回 [1, 2, 3]。",
                ),
            },
        ],
    },
    Lesson {
        id: "fetch",
        title: t("The fetch protocol", "Fetch 拉取协议"),
        steps: &[
            Step {
                text: t(
                    "Replication is pull. Each follower sends Fetch(offset) to the leader, which answers with the records from that offset and its high watermark. With nothing new it holds the request up to replica.fetch.wait.max.ms (500 ms). Slow down to watch.",
                    "复制采用拉模式。每个 follower 向 leader 发送 Fetch(offset)，leader 返回从该位置开始的记录以及自己的高水位。没有新数据时，leader 最多把请求挂起 replica.fetch.wait.max.ms（500 毫秒）。放慢速度观察。",
                ),
                scenario: STEADY,
                action: AutoPlay { until_ms: 500 },
                question: t(
                    "What does the offset in a follower's fetch tell the leader?",
                    "follower 请求里的 offset 告诉了 leader 什么？",
                ),
                answer: t(
                    "That the follower holds every record below it: the fetch offset is the follower's log end. The leader knows its followers only through these offsets and computes the HW from them.",
                    "说明 follower 已拥有该位置之前的全部记录：拉取位置就是它的日志末端。leader 只能通过这些 offset 了解 follower，并据此计算高水位。",
                ),
            },
            Step {
                text: t(
                    "What if a follower stops asking?",
                    "如果某个 follower 不再发请求会怎样？",
                ),
                scenario: STEADY,
                action: Learner {
                    instruction: t(
                        "Pause broker 2's fetcher: the pause fetch button on its card.",
                        "暂停 broker 2 的拉取线程：点击它卡片上的 pause fetch 按钮。",
                    ),
                    done_when: &[FetcherPaused(2)],
                },
                question: t(
                    "Will the leader push the new records to broker 2 instead?",
                    "leader 会改为把新记录推送给 broker 2 吗？",
                ),
                answer: t(
                    "No. There is no push: a follower that stops asking gets nothing, and the leader only sees its fetch offset stop moving.",
                    "不会。Kafka 没有推送：不再请求的 follower 什么也得不到，leader 只会看到它的拉取位置不再前进。",
                ),
            },
            Step {
                text: t(
                    "Play a few seconds with broker 2 silent.",
                    "在 broker 2 沉默的状态下播放几秒。",
                ),
                scenario: STEADY,
                action: AutoPlay { until_ms: 6_000 },
                question: t(
                    "The HW froze and acks=all writes wait. What holds them back?",
                    "高水位停住了，acks=all 的写入在等待。是什么拖住了它们？",
                ),
                answer: t(
                    "Broker 2's fetch offset. Less than replica.lag.time.max.ms (30 s) has passed, so broker 2 is still in the ISR, and the HW is the smallest fetch offset over the ISR.",
                    "broker 2 的拉取位置。距离它上次追上还不到 replica.lag.time.max.ms（30 秒），它仍在 ISR 中，而高水位取的是 ISR 中最小的拉取位置。",
                ),
            },
            Step {
                text: t("Let it ask again.", "让它重新开始拉取。"),
                scenario: STEADY,
                action: Learner {
                    instruction: t(
                        "Resume broker 2's fetcher (resume fetch).",
                        "恢复 broker 2 的拉取线程（resume fetch 按钮）。",
                    ),
                    done_when: &[FetcherRunning(2)],
                },
                question: t(
                    "How quickly will broker 2 catch up?",
                    "broker 2 多快能追上？",
                ),
                answer: t(
                    "Within a round trip or two: one response carries up to replica.fetch.max.bytes (1 MiB) per partition, so the backlog arrives in batches and the HW jumps forward.",
                    "一两个来回就够了：一次响应每个分区最多可带 replica.fetch.max.bytes（1 MiB），积压的数据成批到达，高水位随之跃进。",
                ),
            },
        ],
    },
    Lesson {
        id: "hw-leo",
        title: t("HW and LEO", "高水位与 LEO"),
        steps: &[
            Step {
                text: t(
                    "The leader holds 9 records: its log end offset (LEO) is 9, the next offset to write. The followers fetched up to 6 and 8, then paused. Offsets start at 0; LEO and HW point one past the last record they cover.",
                    "leader 有 9 条记录：它的日志末端偏移量（LEO）是 9，即下一条要写的位置。两个 follower 分别拉到 6 和 8 后暂停。offset 从 0 开始；LEO 和高水位都指向所覆盖的最后一条记录的下一个位置。",
                ),
                scenario: "hw-is-min-leo-over-isr",
                action: AutoPlay { until_ms: 2_000 },
                question: t("The HW stopped at 6. Why?", "高水位停在了 6，为什么？"),
                answer: t(
                    "The HW is the smallest fetch offset over the ISR: min(9, 6, 8) = 6. Offsets 0 to 5 are committed; 6 to 8 exist only on some replicas.",
                    "高水位是 ISR 中最小的拉取位置：min(9, 6, 8) = 6。offset 0 到 5 已提交，6 到 8 只存在于部分副本上。",
                ),
            },
            Step {
                text: t(
                    "A consumer is reading the partition.",
                    "一个消费者正在读取这个分区。",
                ),
                scenario: "hw-is-min-leo-over-isr",
                action: AutoPlay { until_ms: 4_500 },
                question: t(
                    "How many records has the consumer read, though the leader holds 9?",
                    "leader 有 9 条记录，消费者读到了几条？",
                ),
                answer: t(
                    "Six, r0 to r5. Consumers only see records below the HW, so they never read something a failover could take back.",
                    "6 条，r0 到 r5。消费者只能看到高水位以下的记录，因此不会读到故障切换后可能消失的数据。",
                ),
            },
            Step {
                text: t(
                    "The followers resume at 5 s.",
                    "两个 follower 在第 5 秒恢复拉取。",
                ),
                scenario: "hw-is-min-leo-over-isr",
                action: AutoPlay { until_ms: 8_000 },
                question: t(
                    "The HW reached 9. Did every replica learn it at the same moment?",
                    "高水位到了 9。所有副本是同时知道的吗？",
                ),
                answer: t(
                    "No. The leader raised its HW when both fetch offsets reached 9; each follower learns it from its next fetch response, a round trip later, and takes min(leader HW, own LEO).",
                    "不是。两个拉取位置都到 9 时 leader 才提高高水位；follower 要等下一次拉取响应才得知，晚一个来回，并取 min(leader 高水位, 自己的 LEO)。",
                ),
            },
        ],
    },
    Lesson {
        id: "recovery",
        title: t("Failure recovery and truncation", "故障恢复与日志截断"),
        steps: &[
            Step {
                text: t(
                    "Leader 1 crashes at 100 ms, with acks=all and min.insync.replicas=2; the producer sends 8 records around the crash.",
                    "leader broker 1 在 100 毫秒时崩溃，配置为 acks=all、min.insync.replicas=2；生产者在崩溃前后共发送 8 条记录。",
                ),
                scenario: "leader-failover",
                action: AutoPlay { until_ms: 15_000 },
                question: t(
                    "Was any acknowledged record lost?",
                    "有没有已确认的记录丢失？",
                ),
                answer: t(
                    "No. acks=all acknowledges a record only once every ISR member has it, so broker 2, elected from the ISR at about 9 s, holds them all. Records sent meanwhile were retried to the new leader.",
                    "没有。acks=all 只在所有 ISR 成员都拿到记录后才确认，所以约 9 秒时从 ISR 中选出的 broker 2 拥有全部记录。其间发送的记录被重试发往新 leader。",
                ),
            },
            Step {
                text: t(
                    "Broker 1 restarts at 20 s.",
                    "broker 1 在第 20 秒重启。",
                ),
                scenario: "leader-failover",
                action: AutoPlay { until_ms: 30_000 },
                question: t(
                    "How does broker 1 know which part of its log to keep?",
                    "broker 1 怎么知道自己的日志该保留哪些？",
                ),
                answer: t(
                    "Leader epochs: its fetch names the epoch of its last record, and the leader answers where that epoch ended in its own log (divergingEpoch). Broker 1 truncates only past that point (here nothing), copies the rest and rejoins the ISR.",
                    "靠 leader epoch：它在拉取请求里带上最后一条记录的 epoch，leader 回复该 epoch 在自己日志中的结束位置（divergingEpoch）。broker 1 只截掉此后的部分（这里没有），再复制其余数据并重新加入 ISR。",
                ),
            },
            Step {
                text: t(
                    "Older material says a recovering follower truncates its log to its own HW. That is Kafka before 0.11, and this run does it (profile hw-truncation). Both replicas hold r0 and r1 and the leader's HW is 2, but broker 2 has only heard HW 1. Broker 2 restarts just as broker 1 dies.",
                    "一些旧资料说，恢复中的 follower 会把日志截断到自己的高水位。那是 0.11 之前的 Kafka，本次运行正是这样（hw-truncation 配置）。两个副本都有 r0、r1，leader 高水位为 2，但 broker 2 只听说了高水位 1。broker 2 重启的同时 broker 1 宕机。",
                ),
                scenario: "kip101-hw-truncation",
                action: AutoPlay { until_ms: 10_000 },
                question: t("What happened to r1?", "r1 怎么样了？"),
                answer: t(
                    "It is lost. Broker 2 cut its log to its own HW 1, dropping the committed r1, then became leader when broker 1 was fenced. This is KIP-101's first scenario: truncating to the HW loses committed data.",
                    "丢了。broker 2 把日志截到自己的高水位 1，删掉了已提交的 r1，随后在 broker 1 被隔离后当选 leader。这就是 KIP-101 的第一个场景：按高水位截断会丢失已提交数据。",
                ),
            },
            Step {
                text: t(
                    "The same faults on Kafka 2.x, which truncates by leader epoch (KIP-101, KIP-279). This is what Kafka does since 0.11.",
                    "同样的故障放在 Kafka 2.x 上，它按 leader epoch 截断（KIP-101、KIP-279）。这是 0.11 以来 Kafka 的实际行为。",
                ),
                scenario: "kip101-zk",
                action: AutoPlay { until_ms: 25_000 },
                question: t(
                    "Why is r1 safe now, and why is the partition offline?",
                    "为什么这次 r1 安然无恙？分区又为什么离线了？",
                ),
                answer: t(
                    "A follower truncates only after a leader says where their histories part, so broker 2 keeps r1. Restarted, broker 2 left the ISR; broker 1, the last ISR member, is down, so there is no clean leader: Kafka waits rather than lose data.",
                    "follower 只有在 leader 告诉它双方历史从哪里分叉之后才截断，所以 broker 2 保留了 r1。重启后的 broker 2 被移出 ISR；ISR 里仅剩的 broker 1 已宕机，没有可以干净当选的 leader：Kafka 宁可等待也不丢数据。",
                ),
            },
        ],
    },
    Lesson {
        id: "placement",
        title: t("Replica placement", "副本分配"),
        steps: &[
            Step {
                text: t(
                    "Six brokers, six partitions at RF 3, placed as Kafka does without racks: partition p's first replica goes to the broker at index (start + p) mod 6, the others follow it, shifted anew every 6 partitions. Real clusters pick start and shift at random. Open the Describe tab.",
                    "6 台 broker、6 个分区、副本因子 3，按 Kafka 不考虑机架时的方式分配：分区 p 的第一个副本放在下标 (start + p) mod 6 的 broker 上，其余副本依次跟随，每 6 个分区换一次偏移。真实集群随机选取起点和偏移。打开 Describe 标签页看看。",
                ),
                scenario: "rack-failure-unaware",
                action: AutoPlay { until_ms: 2_000 },
                question: t(
                    "Which brokers hold partition 0, and which one leads it?",
                    "分区 0 在哪些 broker 上？谁是 leader？",
                ),
                answer: t(
                    "Brokers [1, 2, 3]. The first in the list, broker 1, is the preferred leader and leads. Each broker is first for exactly one partition, so leadership is spread evenly.",
                    "broker [1, 2, 3]。列表中的第一个 broker 1 是首选 leader，也是当前 leader。每台 broker 恰好是一个分区的首选，leader 因此分布均匀。",
                ),
            },
            Step {
                text: t(
                    "Broker 1, the preferred leader, crashes at 0 and restarts at 12 s.",
                    "首选 leader broker 1 在第 0 秒崩溃，第 12 秒重启。",
                ),
                scenario: "preferred-leader-election",
                action: AutoPlay { until_ms: 19_000 },
                question: t(
                    "Broker 1 is back in the ISR, yet broker 2 still leads. Why?",
                    "broker 1 已经回到 ISR，为什么 leader 还是 broker 2？",
                ),
                answer: t(
                    "Leadership does not move back by itself. A preferred leader election returns it: automatic with auto.leader.rebalance.enable (checked every 300 s by default; off here), or requested by an admin.",
                    "leader 不会自己迁回。需要一次首选 leader 选举：开启 auto.leader.rebalance.enable 时自动进行（默认每 300 秒检查一次，这里关闭了），或由管理员手动发起。",
                ),
            },
            Step {
                text: t(
                    "An admin requests a preferred leader election at 20 s.",
                    "管理员在第 20 秒发起首选 leader 选举。",
                ),
                scenario: "preferred-leader-election",
                action: AutoPlay { until_ms: 25_000 },
                question: t(
                    "What is the leader epoch now, and why?",
                    "现在的 leader epoch 是多少？为什么？",
                ),
                answer: t(
                    "2: broker 2 took over in epoch 1, and broker 1, first in the list and in the ISR, took it back in epoch 2. Every leader change bumps the epoch.",
                    "2：broker 2 在 epoch 1 接管，排在首位且在 ISR 中的 broker 1 又在 epoch 2 收回。每次换 leader 都会递增 epoch。",
                ),
            },
            Step {
                text: t(
                    "Moving a replica, as kafka-reassign-partitions.sh does: orders-0 goes from [1, 2, 3] to [4, 2, 3] while writes continue.",
                    "像 kafka-reassign-partitions.sh 那样迁移副本：在持续写入的同时，把 orders-0 从 [1, 2, 3] 迁到 [4, 2, 3]。",
                ),
                scenario: "reassignment",
                action: AutoPlay { until_ms: 10_000 },
                question: t(
                    "When did broker 1 give up its replica?",
                    "broker 1 是什么时候交出它的副本的？",
                ),
                answer: t(
                    "Only after broker 4 had copied the log and joined the ISR (KIP-455). Then broker 1 left, and because it led, broker 4 took over in a new leader epoch.",
                    "要等 broker 4 复制完日志并加入 ISR 之后（KIP-455）。然后 broker 1 才退出；因为它原来是 leader，broker 4 在新的 leader epoch 中接任。",
                ),
            },
        ],
    },
    Lesson {
        id: "racks",
        title: t("Rack awareness", "机架感知"),
        steps: &[
            Step {
                text: t(
                    "Brokers 1 and 2 share a rack, but Kafka was not told (no broker.rack). They lose power together at 5 s. min.insync.replicas=2.",
                    "broker 1 和 2 在同一个机架上，但没有告诉 Kafka（未设置 broker.rack）。第 5 秒它们同时断电。min.insync.replicas=2。",
                ),
                scenario: "rack-failure-unaware",
                action: AutoPlay { until_ms: 16_000 },
                question: t(
                    "Which partitions refuse writes, and why?",
                    "哪些分区拒绝写入？为什么？",
                ),
                answer: t(
                    "Partitions 0 [1, 2, 3] and 5 [6, 1, 2]: two of their three replicas were in the failed pair, so their ISR is one broker, below min.insync.replicas, and acks=all writes get NOT_ENOUGH_REPLICAS.",
                    "分区 0 [1, 2, 3] 和分区 5 [6, 1, 2]：它们三个副本中有两个在故障的机器上，ISR 只剩一台 broker，低于 min.insync.replicas，acks=all 的写入收到 NOT_ENOUGH_REPLICAS。",
                ),
            },
            Step {
                text: t(
                    "The same failure with broker.rack set: racks a, b, c of two brokers each, and rack a fails. Placement walks a list that alternates racks.",
                    "同样的故障，但设置了 broker.rack：a、b、c 三个机架各两台，机架 a 整体故障。分配时按机架交替排列的列表依次放置。",
                ),
                scenario: "rack-failure-aware",
                action: AutoPlay { until_ms: 16_000 },
                question: t(
                    "Why do all six partitions keep accepting writes?",
                    "为什么六个分区都还能写入？",
                ),
                answer: t(
                    "Each partition's three replicas sit in three different racks, so losing rack a costs each at most one: an ISR of two still meets min.insync.replicas.",
                    "每个分区的三个副本分处三个机架，失去机架 a 最多让每个分区少一个副本：ISR 还有两个，仍满足 min.insync.replicas。",
                ),
            },
            Step {
                text: t(
                    "A consumer in rack c sets client.rack=c, and the brokers use RackAwareReplicaSelector (KIP-392, Kafka 2.4).",
                    "位于机架 c 的消费者设置了 client.rack=c，broker 使用 RackAwareReplicaSelector（KIP-392，Kafka 2.4 起）。",
                ),
                scenario: "follower-fetching",
                action: AutoPlay { until_ms: 3_000 },
                question: t(
                    "Which broker does the consumer read from?",
                    "消费者从哪台 broker 读取？",
                ),
                answer: t(
                    "Broker 3, the in-sync follower in its own rack, not leader 1. Since 2.4 consumers may fetch from a nearby follower, which serves only records below its own HW.",
                    "broker 3，即同机架的同步 follower，而不是 leader broker 1。从 2.4 起消费者可以就近从 follower 读取，follower 只提供自己高水位以下的记录。",
                ),
            },
        ],
    },
    Lesson {
        id: "acks",
        title: t("Consistency and acks", "一致性与 acks"),
        steps: &[
            Step {
                text: t(
                    "acks=1: the leader acknowledges after its own append. The followers are not fetching when x, y, z arrive, and the leader crashes at 100 ms.",
                    "acks=1：leader 自己写入后就确认。x、y、z 到达时 follower 恰好没在拉取，leader 在 100 毫秒时崩溃。",
                ),
                scenario: "acks1-loss",
                action: AutoPlay { until_ms: 25_000 },
                question: t(
                    "x, y and z were acknowledged. Where are they?",
                    "x、y、z 都得到了确认，它们现在在哪？",
                ),
                answer: t(
                    "Gone. Only broker 1 had them; broker 2 was elected with an empty log, and broker 1, back at 20 s, truncated them to match it. acks=1 trades this risk for latency.",
                    "没了。只有 broker 1 有它们；broker 2 以空日志当选，20 秒回来的 broker 1 为与之保持一致又把它们截掉了。acks=1 用这种风险换取更低的延迟。",
                ),
            },
            Step {
                text: t(
                    "acks=all with min.insync.replicas=2. Both followers die at 0; one record is sent at 15 s.",
                    "acks=all，min.insync.replicas=2。两个 follower 在第 0 秒宕机；第 15 秒发送一条记录。",
                ),
                scenario: "min-isr-refuses-writes",
                action: AutoPlay { until_ms: 40_000 },
                question: t(
                    "Why was the record never written?",
                    "这条记录为什么始终没有写入？",
                ),
                answer: t(
                    "Once the followers are fenced the ISR is [1], smaller than min.insync.replicas, so the leader answers NOT_ENOUGH_REPLICAS without appending; the producer retries until delivery.timeout.ms runs out. Kafka refuses rather than acknowledge what one broker holds.",
                    "follower 被隔离后 ISR 只剩 [1]，小于 min.insync.replicas，leader 直接回复 NOT_ENOUGH_REPLICAS 而不写入；生产者一直重试到 delivery.timeout.ms 耗尽。Kafka 宁可拒绝，也不确认只存在于一台 broker 上的数据。",
                ),
            },
            Step {
                text: t(
                    "Unclean leader election (off by default since 0.11) lets an out-of-sync replica lead. Brokers 1 and 2 crash; it is switched on at 15 s, and broker 3 had only r0 to r4 of 10 committed records.",
                    "不干净的 leader 选举（0.11 起默认关闭）允许不同步的副本当选。broker 1、2 崩溃后，第 15 秒打开该选项，而 broker 3 只有 10 条已提交记录中的 r0 到 r4。",
                ),
                scenario: "consumer-detects-truncation",
                action: AutoPlay { until_ms: 40_000 },
                question: t(
                    "The consumer had read r0 to r9. What does it notice?",
                    "消费者之前已读到 r9。它会发现什么？",
                ),
                answer: t(
                    "Its fetch names the leader epoch of the last record it read; broker 3 answers that this epoch ended at offset 5, so the consumer detects the truncation (KIP-320) and goes on from 5 with n1, n2. r5 to r9 are lost: availability won over consistency.",
                    "它的拉取请求带着最后读到记录的 leader epoch；broker 3 回复该 epoch 在 offset 5 结束，于是消费者发现日志被截断（KIP-320），从 5 开始继续读取 n1、n2。r5 到 r9 永久丢失：这是可用性压过了一致性。",
                ),
            },
        ],
    },
    Lesson {
        id: "drill",
        title: t("Closing drill: break it on purpose", "综合演练：故意搞坏它"),
        steps: &[
            Step {
                text: t(
                    "Your turn. Three brokers, acks=all, min.insync.replicas=2, 10 records a second.",
                    "轮到你了。三台 broker，acks=all，min.insync.replicas=2，每秒写入 10 条。",
                ),
                scenario: STEADY,
                action: Learner {
                    instruction: t(
                        "Crash the leader, broker 1.",
                        "让 leader broker 1 崩溃。",
                    ),
                    done_when: &[BrokerDown(1)],
                },
                question: t(
                    "Predict: who leads next, and after how long?",
                    "预测一下：谁会接任，要多久？",
                ),
                answer: t(
                    "Broker 2, the first live ISR member in [1, 2, 3], about 9 s later when broker 1's session expires.",
                    "broker 2，即 [1, 2, 3] 中第一个存活的 ISR 成员；大约 9 秒后 broker 1 会话过期时产生。",
                ),
            },
            Step {
                text: t("Check your prediction.", "验证你的预测。"),
                scenario: STEADY,
                action: AutoPlay { until_ms: 12_000 },
                question: t(
                    "What happened to writes while there was no leader?",
                    "没有 leader 的那段时间，写入怎么样了？",
                ),
                answer: t(
                    "They waited and were retried to broker 2 once it led. None was lost: every acknowledged record was already on broker 2.",
                    "它们在等待，broker 2 当选后被重试发往它。没有丢失：每条已确认的记录都早已在 broker 2 上。",
                ),
            },
            Step {
                text: t("Take another one away.", "再拿掉一台。"),
                scenario: STEADY,
                action: Learner {
                    instruction: t("Crash broker 2.", "让 broker 2 崩溃。"),
                    done_when: &[BrokerDown(2)],
                },
                question: t(
                    "Only broker 3 is left. What will happen to writes?",
                    "只剩 broker 3 了。写入会怎样？",
                ),
                answer: t(
                    "Broker 3 leads once broker 2 is fenced, but ISR [3] is below min.insync.replicas=2: acks=all writes get NOT_ENOUGH_REPLICAS and the HW stays put (Kafka 3.7+). Nothing is acknowledged that one broker alone holds.",
                    "broker 2 被隔离后 broker 3 当选，但 ISR [3] 小于 min.insync.replicas=2：acks=all 写入收到 NOT_ENOUGH_REPLICAS，高水位不动（Kafka 3.7+）。只在一台 broker 上的数据不会被确认。",
                ),
            },
            Step {
                text: t(
                    "Play on, then look at the Producer & consumer tab.",
                    "继续播放，然后查看 Producer & consumer 标签页。",
                ),
                scenario: STEADY,
                action: AutoPlay { until_ms: 25_000 },
                question: t(
                    "Is any acknowledged record lost?",
                    "有已确认的记录丢失吗？",
                ),
                answer: t(
                    "No. Broker 3 was in the ISR all along, so it had every committed record. New writes are refused and retried, not lost: the cluster chose to stop rather than risk them.",
                    "没有。broker 3 一直在 ISR 中，拥有所有已提交记录。新写入被拒绝并重试，而不是丢失：集群选择暂停，而不是冒险。",
                ),
            },
            Step {
                text: t("Now heal the cluster.", "现在修复集群。"),
                scenario: STEADY,
                action: Learner {
                    instruction: t(
                        "Restart brokers 1 and 2 (restart on their cards), then play.",
                        "重启 broker 1 和 2（卡片上的 restart 按钮），然后播放。",
                    ),
                    done_when: &[BrokerUp(1), BrokerUp(2)],
                },
                question: t("When do writes resume?", "写入什么时候恢复？"),
                answer: t(
                    "When the ISR has two members again: a restarted broker is unfenced, catches up from broker 3 and rejoins. The HW then advances and the waiting records are acknowledged, without duplicates thanks to the idempotent producer.",
                    "当 ISR 重新有两个成员时：重启的 broker 解除隔离，从 broker 3 追上数据后重新加入。随后高水位前进，等待中的记录得到确认；幂等生产者保证不会重复。",
                ),
            },
        ],
    },
];
