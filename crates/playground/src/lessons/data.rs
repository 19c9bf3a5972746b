//! The lessons' text. Facts follow real Kafka (`../shared/kafka-semantics.md`); where the
//! teaching material simplifies (election by highest offset, truncation to the HW), the lesson
//! shows both and says which one Kafka does. Every time and number below was read off the
//! scenario's run and is pinned by `crates/core/tests/kafka_scenarios.rs`.

use super::Check::*;
use super::Evidence::*;
use super::StepAction::{AutoPlay, Learner};
use super::{t, Lesson, Step};

const STEADY: &str = "three-brokers-steady";

pub static LESSONS: &[Lesson] = &[
    Lesson {
        id: "replicas",
        title: t("Replica basics"),
        steps: &[
            Step {
                text: t("Partition orders-0 has three replicas, one on each broker: its replication factor is 3. Every record the producer writes ends up in all three logs. Play and watch them grow together."),
                scenario: STEADY,
                action: AutoPlay { until_ms: 3_000 },
                question: t("How many brokers can fail before a committed record is lost?"),
                answer: t("Two: every committed record is on all three replicas, and one in-sync survivor keeps it. Writes are another matter: with min.insync.replicas=2, acks=all writes survive only one failure."),
                evidence: &[Log(1), Log(2), Log(3)],
            },
            Step {
                text: t("Replicas exist for the day a broker dies. Break a follower and watch the others."),
                scenario: STEADY,
                action: Learner {
                    instruction: t("Crash broker 3: the crash button on its card."),
                    done_when: &[BrokerDown(3)],
                },
                question: t("Broker 3 is down, yet it is still listed in the ISR. Why?"),
                answer: t("Nobody has noticed yet. The controller fences a broker only after its heartbeats stop for broker.session.timeout.ms (9 s in KRaft); until then broker 3 stays in the ISR."),
                evidence: &[Facts, Waits],
            },
            Step {
                text: t("Play on and watch the high watermark and the producer's acknowledgements."),
                scenario: STEADY,
                action: AutoPlay { until_ms: 14_000 },
                question: t("For several seconds after the crash no write was acknowledged. Why, and what ended it?"),
                answer: t("The HW is a minimum over the ISR, and silent broker 3 was still in it, so the HW stood still and acks=all writes waited. When the controller fenced broker 3 it left the ISR; ISR [1, 2] still meets min.insync.replicas, so the HW moved and the writes were acknowledged."),
                evidence: &[Why, Producer, Facts],
            },
        ],
    },
    Lesson {
        id: "leader-followers",
        title: t("Leader and followers"),
        steps: &[
            Step {
                text: t("Broker 1 leads orders-0 (chip L); brokers 2 and 3 follow (F). Slow down and watch: produce requests go to broker 1 only, and the followers keep asking it for records."),
                scenario: STEADY,
                action: AutoPlay { until_ms: 1_000 },
                question: t("Could the producer write to broker 2 instead?"),
                answer: t("No. Only the leader appends writes; a follower answers NOT_LEADER_OR_FOLLOWER and the client refreshes its metadata. Followers copy the leader's log and, by default, consumers read from the leader too."),
                evidence: &[Replicas(0), Facts],
            },
            Step {
                text: t("Now take the leader away."),
                scenario: STEADY,
                action: Learner {
                    instruction: t("Crash broker 1, the leader."),
                    done_when: &[BrokerDown(1)],
                },
                question: t("Which broker will be the next leader, and when?"),
                answer: t("Broker 2, about 9 s later: when broker 1's session expires the controller fences it and elects the first live ISR member in assignment order [1, 2, 3]."),
                evidence: &[Waits, Facts],
            },
            Step {
                text: t("Play until the election."),
                scenario: STEADY,
                action: AutoPlay { until_ms: 12_000 },
                question: t("What changed besides the leader?"),
                answer: t("The leader epoch went from 0 to 1 and broker 1 left the ISR. Every leader change bumps the epoch, so stale leaders can be recognised. No acknowledged record was lost: with acks=all, broker 2 had them all."),
                evidence: &[Facts, Why],
            },
            Step {
                text: t("Many tutorials say the replica with the highest offset becomes leader. Kafka never compares logs. Here the replicas are [1, 3, 2], the HW is 7, broker 2 holds 9 records and broker 3 only 7. The highest-offset rule would pick broker 2. Play and see what Kafka does."),
                scenario: "election-follows-assignment-order",
                action: AutoPlay { until_ms: 12_000 },
                question: t("Who won, and what happened to r7 and r8 on broker 2?"),
                answer: t("Broker 3: Kafka elects the first live ISR member in assignment order. Broker 2 then truncated r7 and r8 to match the new leader. They were above the HW, never committed, so nothing acknowledged was lost."),
                evidence: &[Why, Log(2), Log(3)],
            },
            Step {
                text: t("The same logs, with the replicas listed [1, 2, 3]."),
                scenario: "election-order-swapped",
                action: AutoPlay { until_ms: 12_000 },
                question: t("Broker 2 wins this time. Did its longer log help?"),
                answer: t("No: it now comes first in the order. Here both rules agree by chance. r7 and r8 survive and broker 3 fetches them, so which uncommitted records live depends on who leads."),
                evidence: &[Why, Log(2), Log(3)],
            },
        ],
    },
    Lesson {
        id: "isr",
        title: t("The ISR"),
        steps: &[
            Step {
                text: t("Broker 3's fetcher stops at 1 s while records keep coming. replica.lag.time.max.ms is 10 s here (30 s by default)."),
                scenario: "isr-shrink-and-expand",
                action: AutoPlay { until_ms: 6_000 },
                question: t("At 6 s broker 3 is far behind but still in the ISR. Why?"),
                answer: t("The test is time, not a message count: a follower is out of sync once it has not caught up with the leader's log end for replica.lag.time.max.ms. The count-based replica.lag.max.messages was removed in Kafka 0.9."),
                evidence: &[Log(3), Facts, Waits],
            },
            Step {
                text: t("Play on."),
                scenario: "isr-shrink-and-expand",
                action: AutoPlay { until_ms: 16_000 },
                question: t("Broker 3 last caught up at about 1 s, so it was out of sync from 11 s. Why did it leave only at 15 s?"),
                answer: t("The leader looks for lagging followers every replica.lag.time.max.ms / 2 = 5 s; the first check after 11 s is at 15 s. It then shrinks the ISR through the controller (AlterPartition)."),
                evidence: &[Why],
            },
            Step {
                text: t("Broker 3's fetcher resumes at 20 s."),
                scenario: "isr-shrink-and-expand",
                action: AutoPlay { until_ms: 25_000 },
                question: t("What did broker 3 need before it could rejoin?"),
                answer: t("Its log end had to reach the leader's high watermark (and the start of the current leader epoch). The leader then asked the controller to add it back: the ISR is [1, 2, 3] again a few milliseconds after 20 s."),
                evidence: &[Why, Log(3)],
            },
        ],
    },
    Lesson {
        id: "fetch",
        title: t("The fetch protocol"),
        steps: &[
            Step {
                text: t("Replication is pull. Each follower sends Fetch(offset) to the leader, which answers with the records from that offset and its high watermark. With nothing new it holds the request up to replica.fetch.wait.max.ms (500 ms). Slow down to watch."),
                scenario: STEADY,
                action: AutoPlay { until_ms: 500 },
                question: t("What does the offset in a follower's fetch tell the leader?"),
                answer: t("That the follower holds every record below it: the fetch offset is the follower's log end. The leader knows its followers only through these offsets and computes the HW from them."),
                evidence: &[Log(1), Log(2), Log(3)],
            },
            Step {
                text: t("What if a follower stops asking?"),
                scenario: STEADY,
                action: Learner {
                    instruction: t("Pause broker 2's fetcher: the pause fetch button on its card."),
                    done_when: &[FetcherPaused(2)],
                },
                question: t("Will the leader push the new records to broker 2 instead?"),
                answer: t("No. There is no push: a follower that stops asking gets nothing, and the leader only sees its fetch offset stop moving."),
                evidence: &[Log(2), Facts],
            },
            Step {
                text: t("Play a few seconds with broker 2 silent."),
                scenario: STEADY,
                action: AutoPlay { until_ms: 6_000 },
                question: t("The HW froze and acks=all writes wait. What holds them back?"),
                answer: t("Broker 2's fetch offset. Less than replica.lag.time.max.ms (30 s) has passed, so broker 2 is still in the ISR, and the HW is the smallest fetch offset over the ISR."),
                evidence: &[Waits, Log(2), Facts],
            },
            Step {
                text: t("Let it ask again."),
                scenario: STEADY,
                action: Learner {
                    instruction: t("Resume broker 2's fetcher (resume fetch)."),
                    done_when: &[FetcherRunning(2)],
                },
                question: t("How quickly will broker 2 catch up?"),
                answer: t("Within a round trip or two: one response carries up to replica.fetch.max.bytes (1 MiB) per partition, so the backlog arrives in batches and the HW jumps forward."),
                evidence: &[Log(2), Facts],
            },
        ],
    },
    Lesson {
        id: "hw-leo",
        title: t("HW and LEO"),
        steps: &[
            Step {
                text: t("The leader holds 9 records: its log end offset (LEO) is 9, the next offset to write. The followers fetched up to 6 and 8, then paused. Offsets start at 0; LEO and HW point one past the last record they cover."),
                scenario: "hw-is-min-leo-over-isr",
                action: AutoPlay { until_ms: 2_000 },
                question: t("The HW stopped at 6. Why?"),
                answer: t("The HW is the smallest fetch offset over the ISR: min(9, 6, 8) = 6. Offsets 0 to 5 are committed; 6 to 8 exist only on some replicas."),
                evidence: &[Log(1), Log(2), Log(3)],
            },
            Step {
                text: t("A consumer is reading the partition."),
                scenario: "hw-is-min-leo-over-isr",
                action: AutoPlay { until_ms: 4_500 },
                question: t("How many records has the consumer read, though the leader holds 9?"),
                answer: t("Six, r0 to r5. Consumers only see records below the HW, so a clean failover never takes back what they read; only an unclean election can (the consistency lesson shows one)."),
                evidence: &[Consumer, Facts],
            },
            Step {
                text: t("The followers resume at 5 s."),
                scenario: "hw-is-min-leo-over-isr",
                action: AutoPlay { until_ms: 8_000 },
                question: t("The HW reached 9. Did every replica learn it at the same moment?"),
                answer: t("No. The leader raised its HW to 9 as soon as both fetch offsets reached it (at about 5.003 s). Each follower learns it from its next fetch response and takes min(leader HW, own LEO), but with nothing new to send the leader holds that fetch for up to replica.fetch.wait.max.ms (500 ms): the followers' HW reached 9 only at about 5.5 s."),
                evidence: &[Log(1), Log(2), Log(3)],
            },
        ],
    },
    Lesson {
        id: "recovery",
        title: t("Failure recovery and truncation"),
        steps: &[
            Step {
                text: t("Leader 1 crashes at 100 ms, with acks=all and min.insync.replicas=2; the producer sends 8 records around the crash."),
                scenario: "leader-failover",
                action: AutoPlay { until_ms: 15_000 },
                question: t("Was any acknowledged record lost?"),
                answer: t("No. acks=all acknowledges a record only once every ISR member has it, so broker 2, elected from the ISR at about 9 s, holds them all. Records sent meanwhile were retried to the new leader."),
                evidence: &[Why, Producer],
            },
            Step {
                text: t("Broker 1 restarts at 20 s."),
                scenario: "leader-failover",
                action: AutoPlay { until_ms: 30_000 },
                question: t("How does broker 1 know which part of its log to keep?"),
                answer: t("Leader epochs: its fetch names the epoch of its last record, and the leader answers where that epoch ended in its own log (divergingEpoch). Broker 1 truncates only past that point (here nothing), copies the rest and rejoins the ISR."),
                evidence: &[Log(1), Why],
            },
            Step {
                text: t("Older material says a recovering follower truncates its log to its own HW. That is Kafka before 0.11, and this run does it (profile hw-truncation). Both replicas hold r0 and r1 and the leader's HW is 2, but broker 2 has only heard HW 1. Broker 2 restarts just as broker 1 dies."),
                scenario: "kip101-hw-truncation",
                action: AutoPlay { until_ms: 10_000 },
                question: t("What happened to r1?"),
                answer: t("It is lost. Broker 2 cut its log to its own HW 1, dropping the committed r1, then became leader when broker 1's ZooKeeper session expired. This is KIP-101's first scenario: truncating to the HW loses committed data."),
                evidence: &[Alert, Why],
            },
            Step {
                text: t("The same faults on ZooKeeper-mode Kafka 2.5–3.6, which truncates by leader epoch (KIP-101, KIP-279). This is what Kafka does since 0.11."),
                scenario: "kip101-zk",
                action: AutoPlay { until_ms: 25_000 },
                question: t("Why is r1 safe now, and why is the partition offline?"),
                answer: t("A follower truncates only after a leader says where their histories part, so broker 2 keeps r1. Restarted, broker 2 left the ISR; broker 1, the last ISR member, is down, so there is no clean leader: Kafka waits rather than lose data."),
                evidence: &[Facts, Why, Log(2)],
            },
        ],
    },
    Lesson {
        id: "placement",
        title: t("Replica placement"),
        steps: &[
            Step {
                text: t("Six brokers, six partitions at RF 3, placed as Kafka does without racks: partition p's first replica goes to the broker at index (start + p) mod 6, the others follow it, shifted anew every 6 partitions. Real clusters pick start and shift at random. Each chip on a broker is one replica (p0 is partition 0; L marks its leader)."),
                scenario: "rack-failure-unaware",
                action: AutoPlay { until_ms: 2_000 },
                question: t("Which brokers hold partition 0, and which one leads it?"),
                answer: t("Brokers [1, 2, 3]. The first in the list, broker 1, is the preferred leader and leads. Each broker is first for exactly one partition, so leadership is spread evenly."),
                evidence: &[Replicas(0)],
            },
            Step {
                text: t("Broker 1, the preferred leader, crashes at 0 and restarts at 12 s."),
                scenario: "preferred-leader-election",
                action: AutoPlay { until_ms: 19_000 },
                question: t("Broker 1 is back in the ISR, yet broker 2 still leads. Why?"),
                answer: t("Leadership does not move back by itself. A preferred leader election returns it: automatic with auto.leader.rebalance.enable (checked every 300 s by default; off here), or requested by an admin."),
                evidence: &[Facts, Why],
            },
            Step {
                text: t("An admin requests a preferred leader election at 20 s."),
                scenario: "preferred-leader-election",
                action: AutoPlay { until_ms: 25_000 },
                question: t("What is the leader epoch now, and why?"),
                answer: t("2: broker 2 took over in epoch 1, and broker 1, first in the list and in the ISR, took it back in epoch 2. Every leader change bumps the epoch."),
                evidence: &[Facts, Why],
            },
            Step {
                text: t("Moving a replica, as kafka-reassign-partitions.sh does: orders-0 goes from [1, 2, 3] to [4, 2, 3] while writes continue."),
                scenario: "reassignment",
                action: AutoPlay { until_ms: 10_000 },
                question: t("When did broker 1 give up its replica?"),
                answer: t("Only after broker 4 had copied the log and joined the ISR (KIP-455). Then broker 1 left, and because it led, broker 4 took over in a new leader epoch."),
                evidence: &[Why, Replicas(0)],
            },
        ],
    },
    Lesson {
        id: "racks",
        title: t("Rack awareness"),
        steps: &[
            Step {
                text: t("Brokers 1 and 2 share a rack, but Kafka was not told (no broker.rack). They lose power together at 5 s. min.insync.replicas=2."),
                scenario: "rack-failure-unaware",
                action: AutoPlay { until_ms: 16_000 },
                question: t("Which partitions refuse writes, and why?"),
                answer: t("Partitions 0 [1, 2, 3] and 5 [6, 1, 2]: two of their three replicas were in the failed pair, so their ISR is one broker, below min.insync.replicas, and acks=all writes get NOT_ENOUGH_REPLICAS."),
                evidence: &[Replicas(0), Replicas(5)],
            },
            Step {
                text: t("The same failure with broker.rack set: racks a, b, c of two brokers each, and rack a fails. Placement walks a list that alternates racks."),
                scenario: "rack-failure-aware",
                action: AutoPlay { until_ms: 16_000 },
                question: t("Why do all six partitions keep accepting writes?"),
                answer: t("Each partition's three replicas sit in three different racks, so losing rack a costs each at most one: an ISR of two still meets min.insync.replicas."),
                evidence: &[Replicas(0), Replicas(3)],
            },
            Step {
                text: t("A consumer in rack c sets client.rack=c, and the brokers use RackAwareReplicaSelector (KIP-392, Kafka 2.4)."),
                scenario: "follower-fetching",
                action: AutoPlay { until_ms: 3_000 },
                question: t("Which broker does the consumer read from?"),
                answer: t("Broker 3, the in-sync follower in its own rack, not leader 1. Since 2.4 consumers may fetch from a nearby follower, which serves only records below its own HW."),
                evidence: &[Consumer],
            },
        ],
    },
    Lesson {
        id: "acks",
        title: t("Consistency and acks"),
        steps: &[
            Step {
                text: t("acks=1: the leader acknowledges after its own append. The followers are not fetching when x, y, z arrive, and the leader crashes at 100 ms."),
                scenario: "acks1-loss",
                action: AutoPlay { until_ms: 25_000 },
                question: t("x, y and z were acknowledged. Where are they?"),
                answer: t("Gone. Only broker 1 had them; broker 2 was elected with an empty log, and broker 1, back at 20 s, truncated them to match it. acks=1 trades this risk for latency."),
                evidence: &[Alert, Why],
            },
            Step {
                text: t("acks=all with min.insync.replicas=2. Both followers die at 0; one record is sent at 15 s."),
                scenario: "min-isr-refuses-writes",
                action: AutoPlay { until_ms: 40_000 },
                question: t("Why was the record never written?"),
                answer: t("Once the followers are fenced the ISR is [1], smaller than min.insync.replicas, so the leader answers NOT_ENOUGH_REPLICAS without appending; the producer retries until delivery.timeout.ms runs out. Kafka refuses rather than acknowledge what one broker holds."),
                evidence: &[Facts, Producer],
            },
            Step {
                text: t("Unclean leader election (off by default since 0.11) lets an out-of-sync replica lead. Brokers 1 and 2 crash; at 15 s it is switched on and forced with kafka-leader-election.sh (KRaft would wait for its 5-minute scan). Broker 3 had only r0 to r4 of 10 committed records."),
                scenario: "consumer-detects-truncation",
                action: AutoPlay { until_ms: 40_000 },
                question: t("The consumer had read r0 to r9. What does it notice?"),
                answer: t("Seeing a new leader, it first asks broker 3 where the epoch of the last record it read ends (OffsetsForLeaderEpoch). The answer, offset 5, is below its position 10, so it detects the truncation (KIP-320) and goes on from 5 with n1, n2. r5 to r9 are lost: availability won over consistency."),
                evidence: &[Consumer, Alert],
            },
        ],
    },
    Lesson {
        id: "drill",
        title: t("Closing drill: break it on purpose"),
        steps: &[
            Step {
                text: t("Your turn. Three brokers, acks=all, min.insync.replicas=2, 10 records a second."),
                scenario: STEADY,
                action: Learner {
                    instruction: t("Crash the leader, broker 1."),
                    done_when: &[BrokerDown(1)],
                },
                question: t("Predict: who leads next, and after how long?"),
                answer: t("Broker 2, the first live ISR member in [1, 2, 3], about 9 s later when broker 1's session expires."),
                evidence: &[Waits, Facts],
            },
            Step {
                text: t("Check your prediction."),
                scenario: STEADY,
                action: AutoPlay { until_ms: 12_000 },
                question: t("What happened to writes while there was no leader?"),
                answer: t("They waited and were retried to broker 2 once it led. None was lost: every acknowledged record was already on broker 2."),
                evidence: &[Why, Producer],
            },
            Step {
                text: t("Take another one away."),
                scenario: STEADY,
                action: Learner {
                    instruction: t("Crash broker 2."),
                    done_when: &[BrokerDown(2)],
                },
                question: t("Only broker 3 is left. What will happen to writes?"),
                answer: t("Broker 3 leads once broker 2 is fenced, but ISR [3] is below min.insync.replicas=2: acks=all writes get NOT_ENOUGH_REPLICAS and the HW stays put (Kafka 3.7+). Nothing is acknowledged that one broker alone holds."),
                evidence: &[Waits, Facts],
            },
            Step {
                text: t("Play on, and watch the producer's counts on the clients node."),
                scenario: STEADY,
                action: AutoPlay { until_ms: 25_000 },
                question: t("Is any acknowledged record lost?"),
                answer: t("No. Broker 3 was in the ISR all along, so it had every committed record. New writes are refused and retried, not lost: the cluster chose to stop rather than risk them."),
                evidence: &[Producer, Facts, Why],
            },
            Step {
                text: t("Now heal the cluster."),
                scenario: STEADY,
                action: Learner {
                    instruction: t("Restart brokers 1 and 2 (restart on their cards), then play."),
                    done_when: &[BrokerUp(1), BrokerUp(2)],
                },
                question: t("When do writes resume?"),
                answer: t("When the ISR has two members again: a restarted broker is unfenced, catches up from broker 3 and rejoins. The HW then advances and the waiting records are acknowledged, without duplicates thanks to the idempotent producer."),
                evidence: &[Facts, Producer],
            },
        ],
    },
];
