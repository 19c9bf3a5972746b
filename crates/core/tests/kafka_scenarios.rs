//! The example scenarios, each checked against Kafka's rules. Every expected number below is
//! worked out from those rules in the comment beside it, not copied from a run.

use replication_core::report::report;
use replication_core::scenario::parse_scenario;
use replication_core::sim::protocol::Message;
use replication_core::sim::World;
use replication_core::{BrokerId, NodeId};
use serde_json::Value;

fn run(json: &str) -> Value {
    let scenario = parse_scenario(json).expect("example scenarios are valid");
    let mut world = World::from_scenario(&scenario).expect("example scenarios build");
    world.run_until(
        scenario
            .run_until_ms
            .expect("examples say how long they run"),
    );
    report(&world, false)
}

fn partition(report: &Value) -> &Value {
    &report["partitions"][0]
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn numbers(v: &Value) -> Vec<u64> {
    v.as_array()
        .map(|a| a.iter().filter_map(Value::as_u64).collect())
        .unwrap_or_default()
}

fn replica(report: &Value, broker: u64) -> &Value {
    partition(report)["replicas_state"]
        .as_array()
        .and_then(|r| r.iter().find(|s| s["broker"] == broker))
        .expect("replica present")
}

fn event_kinds(report: &Value) -> Vec<String> {
    report["events"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| e["kind"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn followers_learn_a_new_hw_when_their_held_fetch_returns() {
    // The followers resume at 5 s and reach 9, so the leader's HW is 9 a round trip later.
    // Their next fetches find nothing new: Kafka's DelayedFetch completes on bytes, a fenced or
    // diverging epoch, never on a moved HW, so the leader holds them for
    // replica.fetch.wait.max.ms (500 ms) and the followers hear HW 9 only then.
    let scenario = parse_scenario(include_str!(
        "../../../scenarios/hw-is-min-leo-over-isr.json"
    ))
    .unwrap();
    let mut world = World::from_scenario(&scenario).unwrap();
    let hws = |w: &World| -> Vec<u64> {
        let r = report(w, false);
        partition(&r)["replicas_state"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["high_watermark"].as_u64().unwrap())
            .collect()
    };
    world.run_until(5_100);
    assert_eq!(
        hws(&world),
        [9, 6, 6],
        "the leader knows, the followers not yet"
    );
    world.run_until(5_400);
    assert_eq!(hws(&world), [9, 6, 6]);
    world.run_until(5_600);
    assert_eq!(hws(&world), [9, 9, 9]);
}

#[test]
fn high_watermark_is_the_minimum_fetch_offset_over_the_isr() {
    // Leader LEO 9; followers' fetch offsets 6 and 8 → HW = min(9, 6, 8) = 6 while they are
    // paused (5 s, well inside replica.lag.time.max.ms, so both stay in the ISR). After they
    // resume they fetch to 9 → HW 9, and the consumer has read r0..r8.
    let r = run(include_str!(
        "../../../scenarios/hw-is-min-leo-over-isr.json"
    ));
    assert_eq!(partition(&r)["high_watermark"], 9);
    assert_eq!(numbers(&partition(&r)["isr"]), [1, 2, 3]);
    let consumed: Vec<String> = r["consumed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["value"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        consumed,
        (0..9).map(|i| format!("r{i}")).collect::<Vec<_>>()
    );
}

#[test]
fn consumers_read_only_below_the_high_watermark() {
    // Same file, stopped at 4 s: the followers are still paused, HW is 6, so the consumer has
    // exactly r0..r5 even though the leader holds r6..r8.
    let text = include_str!("../../../scenarios/hw-is-min-leo-over-isr.json");
    let scenario = parse_scenario(text).unwrap();
    let mut world = World::from_scenario(&scenario).unwrap();
    world.run_until(4_000);
    let r = report(&world, false);
    assert_eq!(partition(&r)["high_watermark"], 6);
    assert_eq!(replica(&r, 1)["log_end_offset"], 9);
    assert_eq!(r["consumed"].as_array().unwrap().len(), 6);
}

#[test]
fn acks_one_loses_acknowledged_records_when_the_leader_dies_first() {
    // acks=1 acknowledges after the leader's append; the followers never fetched x, y, z. The
    // leader crashes; after broker.session.timeout.ms (9 s) it is fenced and broker 2 (first
    // live ISR member in [1,2,3]) leads with an empty log. All three acknowledged values are
    // lost; none was ever committed (the HW stayed 0). Broker 1 comes back and truncates them.
    let r = run(include_str!("../../../scenarios/acks1-loss.json"));
    assert_eq!(strings(&r["lost_acked"]), ["x", "y", "z"]);
    assert!(strings(&r["lost_committed"]).is_empty());
    assert_eq!(partition(&r)["leader"], 2);
    assert_eq!(partition(&r)["leader_epoch"], 1);
    assert_eq!(replica(&r, 1)["log_end_offset"], 0);
    assert!(
        r["invariant_violations"].as_array().unwrap().is_empty(),
        "acks=1 loss breaks no invariant"
    );
}

#[test]
fn acks_all_below_min_isr_is_refused_with_not_enough_replicas() {
    // Followers crash at 0 and are fenced at 9 s: ISR = {1} < min.insync.replicas 2. A write at
    // 15 s gets NOT_ENOUGH_REPLICAS, retried (Sender.canRetry) until delivery.timeout.ms (20 s)
    // runs out at 35 s, when the producer fails it with a TimeoutException
    // (RecordAccumulator.expiredBatches); the leader never appends it.
    let r = run(include_str!(
        "../../../scenarios/min-isr-refuses-writes.json"
    ));
    let produced = &r["produced"][0];
    assert_eq!(produced["outcome"], "failed");
    assert_eq!(produced["error"], "TimeoutException");
    let retried = events_of(&r, "produce_retried");
    assert!(!retried.is_empty());
    assert!(retried.iter().all(|e| e["description"]
        .as_str()
        .unwrap()
        .contains("NOT_ENOUGH_REPLICAS")));
    assert_eq!(events_of(&r, "produce_expired")[0]["at_ms"], 35_000);
    assert_eq!(numbers(&partition(&r)["isr"]), [1]);
    assert_eq!(replica(&r, 1)["log_end_offset"], 0);
}

#[test]
fn min_isr_above_the_replica_count_refuses_acks_all_only_before_kafka_3_7() {
    // Two replicas, both in sync, min.insync.replicas=3. From 3.7 the leader compares its ISR
    // with min(3, RF) = 2 (Partition.effectiveMinIsr) and takes the write; before, with 3 itself
    // (Partition.appendRecordsToLeader), so every acks=all write gets NOT_ENOUGH_REPLICAS.
    let scenario = |profile: &str| {
        format!(
            r#"{{"profile": "{profile}", "seed": 1,
              "brokers": [{{"id": 1}}, {{"id": 2}}],
              "config": {{"min.insync.replicas": 3, "acks": "all", "delivery.timeout.ms": 10000,
                          "request.timeout.ms": 5000, "linger.ms": 0}},
              "topics": [{{"name": "orders", "partitions": 1, "replication.factor": 2,
                          "assignment": {{"0": [1, 2]}}}}],
              "actions": [{{"at_ms": 1000, "produce": {{"topic": "orders", "partition": 0, "values": ["r0"]}}}}],
              "run_until_ms": 15000}}"#
        )
    };
    let kraft = run(&scenario("kraft"));
    assert_eq!(kraft["produced"][0]["outcome"], "acked");
    assert!(events_of(&kraft, "produce_retried").is_empty());
    let zk = run(&scenario("zk"));
    assert_eq!(zk["produced"][0]["outcome"], "failed");
    assert_eq!(zk["produced"][0]["error"], "TimeoutException");
    let retried = events_of(&zk, "produce_retried");
    assert!(!retried.is_empty());
    assert!(retried.iter().all(|e| e["description"]
        .as_str()
        .unwrap()
        .contains("NOT_ENOUGH_REPLICAS")));
    assert_eq!(replica(&zk, 1)["log_end_offset"], 0);
}

#[test]
fn unclean_election_makes_an_out_of_sync_replica_leader_and_loses_committed_records() {
    // ISR [1,2], both crash: fencing 1 leaves ISR [2] led by 2; fencing 2 cannot empty the ISR
    // (no ELR), so it stays [2] with no leader: offline. At 15 s unclean election is enabled and
    // forced (kafka-leader-election.sh --election-type UNCLEAN): the first live replica, 3,
    // leads with ISR {3}; its log ends at 5, so committed r5..r9 are lost.
    let r = run(include_str!(
        "../../../scenarios/unclean-election-loss.json"
    ));
    assert_eq!(partition(&r)["leader"], 3);
    assert_eq!(numbers(&partition(&r)["isr"]), [3]);
    assert_eq!(
        strings(&r["lost_committed"]),
        ["r5", "r6", "r7", "r8", "r9"]
    );
    assert!(event_kinds(&r).contains(&"partition_offline".to_string()));
    // The election replaced ISR [2] with [3] in one change, told as one event, not as a shrink
    // to [3] followed by a growth to [3].
    let changed = events_of(&r, "isr_changed");
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert_eq!(numbers(&changed[0]["isr"]), [3]);
    let after_enable = |kind| {
        events_of(&r, kind)
            .into_iter()
            .filter(|e| e["at_ms"].as_u64() >= Some(15_000))
            .count()
    };
    assert_eq!(
        (after_enable("isr_shrunk"), after_enable("isr_expanded")),
        (0, 0)
    );
}

#[test]
fn election_takes_assignment_order_not_the_longest_log() {
    // Replicas [1,3,2], all in sync, HW 7; broker 2 holds 9 records, broker 3 only 7. Broker 1
    // dies: Kafka elects 3 (first live ISR member in assignment order), epoch 5 → 6. Broker 2
    // fetches with last epoch 5; epoch 5 ends at 7 in 3's log, so it truncates r7, r8 (never
    // committed). Nothing committed is lost.
    let r = run(include_str!(
        "../../../scenarios/election-follows-assignment-order.json"
    ));
    assert_eq!(partition(&r)["leader"], 3);
    assert_eq!(partition(&r)["leader_epoch"], 6);
    assert_eq!(replica(&r, 2)["log_end_offset"], 7);
    assert!(strings(&r["lost_committed"]).is_empty());
    let truncation = r["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "truncated")
        .expect("broker 2 truncates");
    assert_eq!(
        (
            truncation["broker"].as_u64(),
            truncation["from"].as_u64(),
            truncation["to"].as_u64()
        ),
        (Some(2), Some(9), Some(7))
    );
}

#[test]
fn hw_truncation_loses_a_committed_record_that_leader_epochs_keep() {
    // KIP-101 scenario 1. Leader HW 2 (r0, r1 committed); follower 2 knows HW 1. Broker 2
    // restarts as broker 1 dies. Pre-0.11, broker 2 truncates to its own HW (1) on becoming
    // follower, then is elected when 1 is fenced: committed r1 is lost. With leader epochs it
    // truncates nothing without the leader's answer and keeps r1.
    let old = run(include_str!("../../../scenarios/kip101-hw-truncation.json"));
    assert_eq!(strings(&old["lost_committed"]), ["r1"]);
    // It truncates when it comes back (at 10 ms), not while the starting state is installed.
    let truncated = events_of(&old, "truncated");
    assert_eq!(truncated.len(), 1);
    assert!(
        truncated[0]["at_ms"].as_u64().unwrap() >= 10,
        "{truncated:?}"
    );
    assert_eq!(old["partitions"][0]["leader"], 2);
    let invariants: Vec<&str> = old["invariant_violations"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v["invariant"].as_str())
        .collect();
    assert!(invariants.contains(&"no-committed-data-loss"));

    // Kafka 2.5–3.6 (zk profile): the bounced broker 2 is handled as failed then started, so it
    // leaves the ISR; it truncates nothing without a leader's answer and keeps r1. Broker 1
    // stays the last ISR member: the partition is offline, and nothing committed is lost.
    let new = run(include_str!("../../../scenarios/kip101-zk.json"));
    assert!(strings(&new["lost_committed"]).is_empty());
    assert_eq!(new["partitions"][0]["leader"], Value::Null);
    assert_eq!(numbers(&new["partitions"][0]["isr"]), [1]);
    assert_eq!(replica(&new, 2)["log_end_offset"], 2);
}

#[test]
fn leader_failover_keeps_every_acks_all_record() {
    // acks=all: a record is acknowledged only once the HW passes it, i.e. every ISR member has
    // it. Leader 1 crashes; broker 2 takes over at epoch 1 and every acknowledged record
    // survives. The 8 records end up on all three replicas once broker 1 rejoins.
    let r = run(include_str!("../../../scenarios/leader-failover.json"));
    assert!(strings(&r["lost_acked"]).is_empty());
    assert!(r["produced"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["outcome"] == "acked"));
    assert_eq!(partition(&r)["leader"], 2);
    for broker in [1, 2, 3] {
        assert_eq!(replica(&r, broker)["log_end_offset"], 8);
    }
    assert_eq!(r["logs_consistent"], true);
}

#[test]
fn the_same_scenario_and_seed_give_the_same_report() {
    for text in [
        include_str!("../../../scenarios/leader-failover.json"),
        include_str!("../../../scenarios/acks1-loss.json"),
    ] {
        assert_eq!(run(text).to_string(), run(text).to_string());
    }
}

fn world_after(json: &str) -> World {
    let scenario = parse_scenario(json).unwrap();
    let mut world = World::from_scenario(&scenario).unwrap();
    world.run_until(scenario.run_until_ms.unwrap());
    world
}

fn events_of<'a>(r: &'a Value, kind: &str) -> Vec<&'a Value> {
    r["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == kind)
        .collect()
}

#[test]
fn a_silent_follower_leaves_the_isr_between_lag_and_lag_and_a_half_and_rejoins() {
    // replica.lag.time.max.ms 10 s, checked every 5 s. Broker 3 last caught up just before its
    // fetcher stopped at 1 s, so it is out of sync from 11 s and removed at the next check, 15 s
    // (the AlterPartition lands a millisecond later). It resumes at 20 s, reaches the leader's
    // HW and rejoins within a few round trips.
    let r = run(include_str!(
        "../../../scenarios/isr-shrink-and-expand.json"
    ));
    let shrunk = events_of(&r, "isr_shrunk");
    assert_eq!(shrunk.len(), 1);
    let at = shrunk[0]["at_ms"].as_u64().unwrap();
    assert!((11_000..=16_000).contains(&at), "shrunk at {at}");
    assert_eq!(numbers(&shrunk[0]["isr"]), [1, 2]);
    // The leader's check said why first: broker 3 not caught up for over 10 s.
    let why = events_of(&r, "follower_out_of_sync");
    assert_eq!(why.len(), 1);
    assert_eq!(why[0]["broker"], 3);
    assert!(why[0]["at_ms"].as_u64().unwrap() <= at);
    let said = why[0]["description"].as_str().unwrap();
    assert!(said.contains("replica.lag.time.max.ms (10 s)"), "{said}");
    let expanded = events_of(&r, "isr_expanded");
    assert_eq!(expanded.len(), 1);
    let at = expanded[0]["at_ms"].as_u64().unwrap();
    assert!((20_000..20_100).contains(&at), "expanded at {at}");
    assert_eq!(numbers(&partition(&r)["isr"]), [1, 2, 3]);
    assert!(strings(&r["lost_acked"]).is_empty());
}

#[test]
fn without_elr_the_last_replica_returns_empty_and_acknowledged_records_are_lost() {
    // Broker 1, alone in the ISR, lost power 25 s after the writes: Linux writes dirty pages
    // back after 30 s, so m1..m3 were never on its disk. Without ELR it stays the ISR's last
    // member and is elected again when it restarts: the three acks=all records are gone.
    let r = run(include_str!(
        "../../../scenarios/last-replica-standing-kraft.json"
    ));
    assert_eq!(partition(&r)["leader"], 1);
    assert_eq!(strings(&r["lost_acked"]), ["m1", "m2", "m3"]);
}

#[test]
fn with_elr_a_cleanly_stopped_replica_takes_over_and_nothing_is_lost() {
    // kraft-elr: broker 2 left an ISR that was already below min ISR 2, so it joined the ELR;
    // its controlled shutdown kept it eligible. When broker 1 is fenced the ISR is empty and
    // broker 2, the first unfenced ELR member, leads with all three records.
    let r = run(include_str!(
        "../../../scenarios/last-replica-standing-kraft-elr.json"
    ));
    assert_eq!(partition(&r)["leader"], 2);
    assert!(strings(&r["lost_acked"]).is_empty());
    assert!(strings(&r["lost_committed"]).is_empty());
    let elected = events_of(&r, "leader_elected");
    assert!(elected.iter().any(|e| e["description"]
        .as_str()
        .unwrap()
        .contains("Eligible Leader Replicas")));
}

#[test]
fn rack_aware_placement_survives_a_rack_failure_that_rack_unaware_placement_does_not() {
    // Rack-aware: every partition has one replica per rack, so losing rack a leaves two in-sync
    // replicas (= min ISR): every acks=all write succeeds. Rack-unaware from the same start puts
    // partitions 0 ([1,2,3]) and 5 ([6,1,2]) two-thirds inside brokers 1 and 2: ISR of one, so
    // their writes after the failure get NOT_ENOUGH_REPLICAS (and are retried until they
    // expire). Nothing acknowledged is lost.
    let aware = run(include_str!("../../../scenarios/rack-failure-aware.json"));
    assert!(aware["produced"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["outcome"] == "acked"));
    let unaware = run(include_str!("../../../scenarios/rack-failure-unaware.json"));
    let refused: Vec<u64> = events_of(&unaware, "produce_retried")
        .iter()
        .filter(|e| {
            e["description"]
                .as_str()
                .unwrap()
                .contains("NOT_ENOUGH_REPLICAS")
        })
        .filter_map(|e| e["partition"].as_u64())
        .collect();
    assert!(!refused.is_empty());
    assert!(
        refused.iter().all(|&p| p == 0 || p == 5),
        "only partitions 0 and 5 lost their ISR: {refused:?}"
    );
    for r in [&aware, &unaware] {
        assert!(strings(&r["lost_acked"]).is_empty());
    }
}

#[test]
fn leadership_does_not_return_by_itself_but_a_preferred_election_moves_it_back() {
    // Broker 1 comes back at 12 s and rejoins the ISR; broker 2 keeps leading (epoch 1) until
    // the explicit preferred election at 20 s makes broker 1 leader again (epoch 2).
    let text = include_str!("../../../scenarios/preferred-leader-election.json");
    let scenario = parse_scenario(text).unwrap();
    let mut world = World::from_scenario(&scenario).unwrap();
    world.run_until(19_000);
    let before = report(&world, false);
    assert_eq!(partition(&before)["leader"], 2);
    assert_eq!(numbers(&partition(&before)["isr"]).len(), 3);
    world.run_until(25_000);
    let after = report(&world, false);
    assert_eq!(partition(&after)["leader"], 1);
    assert_eq!(partition(&after)["leader_epoch"], 2);
}

#[test]
fn a_consumer_with_client_rack_reads_from_the_replica_in_its_rack() {
    // KIP-392: the leader (rack a) names broker 3 (rack c, in sync) as preferred read replica.
    let world = world_after(include_str!("../../../scenarios/follower-fetching.json"));
    let consumer = &world.clients().consumers[0];
    assert_eq!(
        consumer.positions[&0].read_replica,
        Some(replication_core::BrokerId(3))
    );
    assert_eq!(world.clients().consumed.len(), 5);
}

#[test]
fn reassignment_completes_only_once_the_new_replica_is_in_sync_then_moves_leadership() {
    // KIP-455: [1,2,3] → [4,2,3]. While moving, the replica set is target ++ removing =
    // [4,2,3,1]. Broker 4 must fetch all 50+ records and join the ISR before the move completes;
    // then broker 1 leaves, and because it led, the first target replica in the ISR (4) leads in
    // the next leader epoch (2 → 3). No acknowledged record is lost.
    let text = include_str!("../../../scenarios/reassignment.json");
    let scenario = parse_scenario(text).unwrap();
    let mut world = World::from_scenario(&scenario).unwrap();
    world.run_until(1_000);
    let moving = report(&world, false);
    assert_eq!(numbers(&partition(&moving)["replicas"]), [4, 2, 3, 1]);
    assert_eq!(numbers(&partition(&moving)["adding_replicas"]), [4]);
    assert_eq!(numbers(&partition(&moving)["removing_replicas"]), [1]);
    world.run_until(scenario.run_until_ms.unwrap());
    let r = report(&world, false);
    assert_eq!(numbers(&partition(&r)["replicas"]), [4, 2, 3]);
    assert!(numbers(&partition(&r)["adding_replicas"]).is_empty());
    assert_eq!(partition(&r)["leader"], 4);
    assert_eq!(partition(&r)["leader_epoch"], 3);
    let completed = events_of(&r, "reassignment_completed")[0]["at_ms"]
        .as_u64()
        .unwrap();
    let joined = events_of(&r, "isr_expanded")
        .iter()
        .find(|e| numbers(&e["isr"]).contains(&4))
        .map(|e| e["at_ms"].as_u64().unwrap())
        .unwrap();
    assert!(
        joined <= completed,
        "completed at {completed} before broker 4 joined the ISR at {joined}"
    );
    assert!(
        world
            .broker(replication_core::BrokerId(1))
            .unwrap()
            .partitions
            .is_empty(),
        "broker 1 deleted its replica"
    );
    assert!(strings(&r["lost_acked"]).is_empty());
    assert!(r["invariant_violations"].as_array().unwrap().is_empty());
}

#[test]
fn a_consumer_detects_truncation_through_the_leader_epoch_and_resumes_where_histories_agree() {
    // The consumer read r0..r9 (last record in epoch 3). After the unclean election broker 3
    // leads with r0..r4 in epoch 6. Seeing the new leader, the consumer checks its position
    // before fetching again (KIP-320): OffsetsForLeaderEpoch asks where epoch 3 ends in
    // broker 3's log, at 5, below its position 10, so it reports truncation at 5 and reads the
    // new n1, n2 from there. Its fetches never carry a last fetched epoch, as Kafka's don't.
    let text = include_str!("../../../scenarios/consumer-detects-truncation.json");
    let scenario = parse_scenario(text).unwrap();
    let mut world = World::from_scenario(&scenario).unwrap();
    let mut checks = Vec::new();
    for t in 0..=scenario.run_until_ms.unwrap() {
        world.run_until(t);
        for envelope in world.in_flight() {
            match &envelope.message {
                Message::OffsetsForLeaderEpoch {
                    request_id,
                    current_leader_epoch,
                    leader_epoch,
                    ..
                } => {
                    let check = (
                        *request_id,
                        envelope.target,
                        *current_leader_epoch,
                        *leader_epoch,
                    );
                    if !checks.contains(&check) {
                        checks.push(check);
                    }
                }
                Message::Fetch {
                    replica_id: None,
                    partitions,
                    ..
                } => assert!(partitions.iter().all(|p| p.last_fetched_epoch.is_none())),
                _ => {}
            }
        }
    }
    let checks: Vec<_> = checks.iter().map(|c| (c.1, c.2, c.3)).collect();
    assert_eq!(
        checks,
        [(NodeId::Broker(BrokerId(3)), 6, 3)],
        "one position check, at the new leader in epoch 6, for epoch 3"
    );
    let r = report(&world, false);
    let detected = events_of(&r, "consumer_truncation_detected");
    assert_eq!(detected.len(), 1);
    assert!(detected[0]["description"]
        .as_str()
        .unwrap()
        .contains("offset 5"));
    let consumed: Vec<(u64, String)> = r["consumed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["offset"].as_u64().unwrap(),
                c["value"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(consumed.len(), 12);
    assert_eq!(consumed[9], (9, "r9".to_string()));
    assert_eq!(
        &consumed[10..],
        &[(5, "n1".to_string()), (6, "n2".to_string())]
    );
}

#[test]
fn auto_rebalance_returns_leadership_at_the_next_imbalance_check() {
    // Broker 1 crashes at 0 and is fenced when its 9 s session expires: brokers 2 and 3 take
    // its two partitions at 9 s (epoch 1). That write leaves partitions not led by their
    // preferred replica, so the KRaft controller schedules its check one
    // leader.imbalance.check.interval.seconds (10 s) later (QuorumController
    // .maybeScheduleNextBalancePartitionLeaders). Broker 1 is back in both ISRs by then (~13 s):
    // at 19 s both partitions move back to it, each in a new leader epoch (1 → 2).
    let r = run(include_str!(
        "../../../scenarios/auto-leader-rebalance.json"
    ));
    for p in r["partitions"].as_array().unwrap() {
        assert_eq!(p["leader"], 1);
        assert_eq!(p["leader_epoch"], 2);
    }
    let fenced = events_of(&r, "broker_fenced")[0]["at_ms"].as_u64().unwrap();
    assert_eq!(fenced, 9_000);
    let moved_back: Vec<u64> = events_of(&r, "leader_elected")
        .iter()
        .filter(|e| e["broker"] == 1)
        .map(|e| e["at_ms"].as_u64().unwrap())
        .collect();
    assert_eq!(moved_back, [19_000, 19_000]);
}

#[test]
fn kraft_rebalances_every_partition_zookeeper_only_brokers_above_the_percentage() {
    // Broker 1 is the preferred replica of eleven partitions and leads ten: 1/11 = 9 % of its
    // partitions are led elsewhere, not above leader.imbalance.per.broker.percentage (10).
    // ZooKeeper mode (KafkaController.checkAndTriggerAutoLeaderRebalance) leaves orders-10 with
    // broker 2; KRaft has no threshold (ReplicationControlManager.maybeBalancePartitionLeaders,
    // KAFKA-13682) and moves it back at the check 10 s after it starts imbalanced.
    let states: Vec<String> = (0..11)
        .map(|p| {
            let leader = if p == 10 { 2 } else { 1 };
            format!(r#""{p}": {{"leader": {leader}, "leader_epoch": 0, "isr": [1, 2, 3]}}"#)
        })
        .collect();
    let assignment: Vec<String> = (0..11).map(|p| format!(r#""{p}": [1, 2, 3]"#)).collect();
    let scenario = |profile: &str| {
        format!(
            r#"{{"profile": "{profile}", "brokers": [{{"id": 1}}, {{"id": 2}}, {{"id": 3}}],
                "config": {{"leader.imbalance.check.interval.seconds": 10}},
                "topics": [{{"name": "orders", "partitions": 11, "replication.factor": 3,
                             "assignment": {{{}}}, "state": {{{}}}}}],
                "run_until_ms": 30000}}"#,
            assignment.join(", "),
            states.join(", ")
        )
    };
    let leader_of_10 = |profile: &str| {
        let r = run(&scenario(profile));
        let p = r["partitions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["partition"] == 10)
            .unwrap()
            .clone();
        let moved: Vec<u64> = events_of(&r, "leader_elected")
            .iter()
            .map(|e| e["at_ms"].as_u64().unwrap())
            .collect();
        (p["leader"].as_u64().unwrap(), moved)
    };
    assert_eq!(leader_of_10("kraft"), (1, vec![10_000]));
    assert_eq!(leader_of_10("kraft-elr"), (1, vec![10_000]));
    assert_eq!(leader_of_10("zk"), (2, vec![]));
}

#[test]
fn zookeeper_mode_bumps_the_leader_epoch_on_controller_isr_changes_and_kraft_does_not() {
    // Followers 2 and 3 die and are removed from the ISR by the controller, one at a time.
    // Leader 1 keeps leading throughout. KRaft: leader epoch stays 0. ZooKeeper mode bumps it
    // on every controller-driven ISR change: 0 → 2.
    let kraft = include_str!("../../../scenarios/min-isr-refuses-writes.json");
    let zk = kraft.replace("\"seed\": 3,", "\"seed\": 3, \"profile\": \"zk\",");
    assert_ne!(kraft, zk);
    let epoch_at = |text: &str| {
        let scenario = parse_scenario(text).unwrap();
        let mut world = World::from_scenario(&scenario).unwrap();
        world.run_until(30_000);
        let r = report(&world, false);
        (
            partition(&r)["leader"].clone(),
            partition(&r)["leader_epoch"].clone(),
        )
    };
    assert_eq!(epoch_at(kraft), (Value::from(1), Value::from(0)));
    assert_eq!(epoch_at(&zk), (Value::from(1), Value::from(2)));
}

#[test]
fn a_one_way_cut_to_the_controller_fences_a_live_leader_that_hears_nothing_until_healed() {
    // Broker 1's heartbeats are dropped from 1 s; its last one landed before that, so the
    // controller fences it once broker.session.timeout.ms (9 s) passes and elects broker 2
    // (first live ISR member in [1,2,3]), epoch 1. A KRaft broker gets that change only by
    // fetching metadata from the controller, and its fetches are dropped too: broker 1 still
    // leads in epoch 0 in its own eyes. Its followers moved to broker 2, so nothing it appends
    // after that is replicated, and the acks=all write waits.
    let text = include_str!("../../../scenarios/one-way-cut.json");
    let scenario = parse_scenario(text).unwrap();
    let mut world = World::from_scenario(&scenario).unwrap();
    world.run_until(14_000);
    let r = report(&world, false);
    assert_eq!(partition(&r)["leader"], 2);
    assert_eq!(partition(&r)["leader_epoch"], 1);
    assert_eq!(numbers(&partition(&r)["isr"]), [2, 3]);
    let fenced = events_of(&r, "broker_fenced");
    assert_eq!(fenced.len(), 1);
    assert!((9_000..=10_001).contains(&fenced[0]["at_ms"].as_u64().unwrap()));
    let orders0 = replication_core::TopicPartition::new("orders", 0);
    let broker1 = world.broker(replication_core::BrokerId(1)).unwrap();
    assert_eq!(
        broker1.role(&orders0),
        replication_core::sim::ReplicaRole::Leader,
        "broker 1 has not heard of the election"
    );
    assert_eq!(
        replica(&r, 1)["epoch_cache"],
        serde_json::json!([[0, 0]]),
        "broker 1 knows no epoch but 0"
    );
    // The partition panel says so, and that leader 2 has had no fetch from it to measure by.
    let detail = replication_core::view::PartitionDetail::of(&world, "orders", 0, 20).unwrap();
    let row = |b: u32| {
        detail
            .replica_logs
            .iter()
            .find(|r| r.broker == BrokerId(b))
            .unwrap()
    };
    assert_eq!(row(1).stale_leader_epoch, Some(0));
    assert!(!row(1).lag_known);
    assert_eq!(row(2).stale_leader_epoch, None, "the real leader");
    assert_eq!(row(3).stale_leader_epoch, None);
    assert!(row(3).lag_known, "broker 3 fetches from broker 2");
    let new_epoch_start = replica(&r, 2)["epoch_cache"][1][1].as_u64().unwrap();
    assert!(
        replica(&r, 1)["log_end_offset"].as_u64().unwrap() > new_epoch_start,
        "broker 1 appended what no follower fetched"
    );

    // At 15 s the network heals. Broker 1's next heartbeat shows the controller it is behind,
    // so it gets the metadata, becomes a follower of broker 2 in epoch 1, and truncates to
    // where epoch 0 ends on the leader: the start of epoch 1. It then catches up and rejoins.
    // The producer's waiting write gets NOT_LEADER_OR_FOLLOWER and is retried on broker 2:
    // all 400 records (20 a second for 20 s) are acknowledged and nothing acknowledged is lost.
    world.run_until(scenario.run_until_ms.unwrap());
    let r = report(&world, false);
    assert_eq!(partition(&r)["leader"], 2);
    assert_eq!(numbers(&partition(&r)["isr"]), [2, 3, 1]);
    let broker1 = world.broker(replication_core::BrokerId(1)).unwrap();
    assert_eq!(
        broker1.role(&orders0),
        replication_core::sim::ReplicaRole::Follower
    );
    let truncated = events_of(&r, "truncated");
    assert_eq!(truncated.len(), 1);
    assert_eq!(truncated[0]["to"], new_epoch_start);
    assert!(truncated[0]["at_ms"].as_u64().unwrap() > 15_000);
    for b in [1, 3] {
        assert_eq!(
            replica(&r, b)["log_end_offset"],
            replica(&r, 2)["log_end_offset"]
        );
    }
    let produced = r["produced"].as_array().unwrap();
    assert_eq!(produced.len(), 400);
    assert!(produced.iter().all(|p| p["outcome"] == "acked"));
    assert!(strings(&r["lost_acked"]).is_empty());
}

#[test]
fn producer_statistics_count_every_record_even_after_old_ones_are_folded() {
    // 20,000 one-record requests exceed both the 10,000 records the clients keep in full and
    // the batches a log retains: records below the log start are folded into counts, and the
    // statistics must still add up to every record produced.
    let text = r#"{"seed": 3, "brokers": [{"id": 1}, {"id": 2}, {"id": 3}],
        "config": {"linger.ms": 0},
        "topics": [{"name": "load", "partitions": 1, "replication.factor": 3}],
        "actions": [{"at_ms": 0, "produce": {"topic": "load", "partition": 0, "count": 20000}}],
        "run_until_ms": 150000}"#;
    let world = world_after(text);
    let records = &world.clients().records;
    let stats = records.stats();
    let failed: u64 = stats.failed.values().sum();
    assert_eq!(records.total(), 20_000);
    assert!(records.folded() > 0, "old records were folded");
    assert_eq!(stats.acked + stats.pending + failed, 20_000);
    assert_eq!(
        stats.acked, 20_000,
        "a healthy cluster acknowledges everything"
    );
}

#[test]
fn a_rate_with_an_end_sends_exactly_rate_times_duration_records() {
    // 2,000 records/s for 10 s: the k-th record is due at k/2 ms, and those due before
    // 10,000 ms number exactly 20,000 (the last, due at 9,999.5 ms, goes out at 10,000 ms).
    let text = r#"{"seed": 3, "brokers": [{"id": 1}, {"id": 2}, {"id": 3}],
        "topics": [{"name": "load", "partitions": 1, "replication.factor": 3}],
        "actions": [{"at_ms": 0, "produce_rate": {"topic": "load", "per_second": 2000, "until_ms": 10000}}],
        "run_until_ms": 12000}"#;
    assert_eq!(world_after(text).clients().records.total(), 20_000);
}

#[test]
fn with_elr_the_last_known_leader_returns_when_isr_and_elr_are_both_empty() {
    // kraft-elr, min ISR 2 (Kafka's PartitionChangeBuilder). Broker 3 leaves an ISR that stays
    // at min ISR: no ELR. Broker 2 leaves an ISR that drops below it: ELR [2]. Broker 1, the
    // last member, leaves: ISR [], ELR [2,1], and broker 1 is remembered as last known leader.
    // Back from unclean shutdowns, 2 and then 1 leave the ELR. With ISR and ELR empty, the last
    // known leader is elected (uncleanly) once unfenced, in epoch 1 → 2. Crashes kept every
    // log, so nothing is lost, and 2 and 3 rejoin the ISR.
    let text = include_str!("../../../scenarios/last-known-leader-recovery.json");
    let scenario = parse_scenario(text).unwrap();
    let mut world = World::from_scenario(&scenario).unwrap();
    world.run_until(35_000);
    let offline = report(&world, false);
    assert_eq!(partition(&offline)["leader"], Value::Null);
    assert!(numbers(&partition(&offline)["isr"]).is_empty());
    assert_eq!(numbers(&partition(&offline)["elr"]), [2, 1]);
    assert_eq!(numbers(&partition(&offline)["last_known_elr"]), [1]);
    world.run_until(scenario.run_until_ms.unwrap());
    let r = report(&world, false);
    assert_eq!(partition(&r)["leader"], 1);
    assert_eq!(partition(&r)["leader_epoch"], 2);
    assert_eq!(numbers(&partition(&r)["isr"]), [1, 2, 3]);
    assert!(
        numbers(&partition(&r)["last_known_elr"]).is_empty(),
        "forgotten once a leader is back"
    );
    let elected = events_of(&r, "leader_elected");
    assert!(elected.last().unwrap()["description"]
        .as_str()
        .unwrap()
        .contains("last known leader"));
    assert!(strings(&r["lost_acked"]).is_empty());
}

#[test]
fn an_election_that_sets_an_empty_isr_is_told_as_one_change_not_a_growth() {
    // With ISR and ELR empty, broker 1 comes back as the last known leader at 52 s. Kafka writes
    // the leader and its one-member ISR in one PartitionChangeRecord
    // (PartitionChangeBuilder.tryElection, record.setIsr(singletonList(node))): the log says the
    // election set the ISR, not that it "grew to [1]" as if broker 1 had caught up.
    let r = run(include_str!(
        "../../../scenarios/last-known-leader-recovery.json"
    ));
    let elected = events_of(&r, "leader_elected");
    let at = elected.last().unwrap()["at_ms"].as_u64().unwrap();
    let isr_events: Vec<&Value> = r["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| {
            e["at_ms"].as_u64() == Some(at) && e["kind"].as_str().unwrap().starts_with("isr_")
        })
        .collect();
    assert_eq!(isr_events.len(), 1, "{isr_events:?}");
    let change = isr_events[0];
    assert_eq!(change["kind"], "isr_changed");
    assert_eq!(numbers(&change["isr"]), [1]);
    assert!(change["description"]
        .as_str()
        .unwrap()
        .contains("the election set the ISR to [1] (it was empty)"));
}

/// When `orders-0`'s reassignment completed, in ms after it started.
fn reassignment_duration_ms(json: &str) -> u64 {
    let r = run(json);
    let started = events_of(&r, "reassignment_started")[0]["at_ms"]
        .as_u64()
        .unwrap();
    let completed = events_of(&r, "reassignment_completed");
    assert_eq!(completed.len(), 1, "the move completes");
    assert_eq!(numbers(&partition(&r)["replicas"]), [4, 2, 3]);
    assert!(strings(&r["lost_acked"]).is_empty());
    completed[0]["at_ms"].as_u64().unwrap() - started
}

#[test]
fn a_replication_throttle_makes_a_move_take_its_size_over_the_rate() {
    // 10000 records of 100 bytes = 1,000,000 bytes for broker 4 to copy, at most 100 records
    // (replica.fetch.max.bytes 10000) a fetch. Throttled at R = 100,000 B/s on both sides:
    // - Lower bound. A quota lets a fetch through only while the bytes recorded so far are at
    //   most R × max(elapsed, 1 s) (Kafka's SimpleRate; no sample expires within 11 s), and
    //   that fetch adds at most 10,000 B more. So 1,000,000 B need at least
    //   (1,000,000 − 10,000) / 100,000 = 9.9 s.
    // - Upper bound. Once the rate is back under R, the follower retries within
    //   replica.fetch.backoff.ms (1 s) and the leader answers an empty throttled fetch after
    //   replica.fetch.wait.max.ms (0.5 s), then the copy catches up with R × elapsed at once.
    //   So it ends within 10 s + 1.5 s, plus the ISR expansion's few ms: under 11.6 s.
    let text = include_str!("../../../scenarios/throttled-reassignment.json");
    let throttled = reassignment_duration_ms(text);
    assert!(
        (9_900..=11_600).contains(&throttled),
        "took {throttled} ms; expected about 1,000,000 B / 100,000 B/s = 10 s"
    );
    // Without the throttle the same move is 100 back-to-back fetches of ~2 ms (1 ms latency
    // each way): well under a second.
    let mut unthrottled: Value = serde_json::from_str(text).unwrap();
    let actions = unthrottled["actions"].as_array_mut().unwrap();
    actions.retain(|a| a.get("set_config").is_none());
    let fast = reassignment_duration_ms(&unthrottled.to_string());
    assert!(fast < 1_000, "unthrottled took {fast} ms");
}

#[test]
fn election_with_the_order_swapped_elects_the_first_replica_in_the_new_order() {
    // The same logs as election-follows-assignment-order (HW 7; broker 2 holds 9, broker 3
    // holds 7), with replicas [1,2,3]. Broker 1 dies and is fenced at 9 s: broker 2, now first
    // live ISR member in assignment order, leads in epoch 5 → 6 with its end offset 9 as the
    // epoch's start. Broker 3 fetches at 7 with last epoch 5, which ends at 9 on the leader:
    // nothing diverges, nothing is truncated, and it copies r7, r8; the HW reaches 9.
    let r = run(include_str!(
        "../../../scenarios/election-order-swapped.json"
    ));
    assert_eq!(partition(&r)["leader"], 2);
    assert_eq!(partition(&r)["leader_epoch"], 6);
    assert_eq!(numbers(&partition(&r)["isr"]), [2, 3]);
    assert_eq!(partition(&r)["high_watermark"], 9);
    assert_eq!(replica(&r, 3)["log_end_offset"], 9);
    assert!(events_of(&r, "truncated").is_empty());
    assert!(strings(&r["lost_committed"]).is_empty());
}

#[test]
fn three_steady_brokers_keep_every_replica_in_sync_and_fail_over_in_assignment_order() {
    // 10 records/s for 30 s with acks=all, nothing failing: no ISR change, all 300 records on
    // all three replicas (the last ones may still be in flight), every acknowledged one read.
    let text = include_str!("../../../scenarios/three-brokers-steady.json");
    let r = run(text);
    assert_eq!(numbers(&partition(&r)["isr"]), [1, 2, 3]);
    assert_eq!(partition(&r)["leader"], 1);
    assert!(events_of(&r, "isr_shrunk").is_empty());
    for broker in [1, 2, 3] {
        let leo = replica(&r, broker)["log_end_offset"].as_u64().unwrap();
        assert!((299..=301).contains(&leo), "broker {broker} LEO {leo}");
    }
    // The lessons crash the leader: its heartbeats (every 2 s) stop, the controller fences it
    // after broker.session.timeout.ms (9 s) and elects broker 2, first live ISR member in
    // [1,2,3], in epoch 1. acks=all: no acknowledged record is lost.
    let scenario = parse_scenario(text).unwrap();
    let mut world = World::from_scenario(&scenario).unwrap();
    world.run_until(1_000);
    world.apply(&replication_core::scenario::Action::Crash {
        broker: replication_core::BrokerId(1),
    });
    world.run_until(12_000);
    let r = report(&world, false);
    assert_eq!(partition(&r)["leader"], 2);
    assert_eq!(partition(&r)["leader_epoch"], 1);
    let elected = events_of(&r, "leader_elected")[0]["at_ms"]
        .as_u64()
        .unwrap();
    assert!((9_000..=11_000).contains(&elected), "elected at {elected}");
    assert!(strings(&r["lost_acked"]).is_empty());
}

#[test]
fn a_record_waiting_for_a_leader_fails_with_a_timeout_at_delivery_timeout() {
    // The only replica of orders-0 crashes at 0; the KRaft controller fences it at 9 s and the
    // partition has no leader. "x", sent at 1 s, waits in the producer for one
    // (RecordAccumulator.expiredBatches) and fails with a TimeoutException when
    // delivery.timeout.ms (40 s here) has passed since it was sent: at 41 s, through
    // Sender.failBatch. It is never left pending.
    let r = run(r#"{
        "brokers": [{"id": 1}, {"id": 2}],
        "config": {"delivery.timeout.ms": 40000},
        "topics": [{"name": "orders", "partitions": 1, "replication.factor": 1,
                    "assignment": {"0": [1]}}],
        "actions": [
            {"at_ms": 0, "crash": {"broker": 1}},
            {"at_ms": 1000, "produce": {"topic": "orders", "values": ["x"]}}
        ],
        "run_until_ms": 60000
    }"#);
    let x = &r["produced"][0];
    assert_eq!(x["outcome"], "failed", "{x}");
    assert_eq!(x["error"], "TimeoutException");
    let expired = events_of(&r, "produce_expired");
    assert_eq!(expired.len(), 1);
    assert_eq!(expired[0]["at_ms"], 41_000);
    assert!(events_of(&r, "produce_failed").is_empty());
}

#[test]
fn a_consumer_with_auto_offset_reset_none_stops_on_log_truncation_instead_of_moving_back() {
    // The consumer-detects-truncation scenario (the consumer read r0..r9 in epoch 3; broker 3
    // leads with r0..r4 in epoch 6, then n1, n2 at 5 and 6) under each auto.offset.reset.
    // SubscriptionState.maybeCompleteValidation moves the position back to where epoch 3 ends
    // (5) only when a reset policy is set; with none it returns a LogTruncation, and the next
    // poll() throws LogTruncationException (OffsetFetcherUtils
    // .onSuccessfulResponseForValidatingPositions): the position stays at 10 and the consumer
    // reads nothing more.
    let outcome = |reset: &str| {
        let mut scenario: Value = serde_json::from_str(include_str!(
            "../../../scenarios/consumer-detects-truncation.json"
        ))
        .unwrap();
        scenario["config"]["auto.offset.reset"] = Value::from(reset);
        let r = run(&scenario.to_string());
        let consumed: Vec<String> = r["consumed"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["value"].as_str().unwrap().to_string())
            .collect();
        let stopped: Vec<String> = events_of(&r, "consumer_offset_out_of_range")
            .iter()
            .map(|e| e["description"].as_str().unwrap().to_string())
            .collect();
        let detected = events_of(&r, "consumer_truncation_detected").len();
        (consumed, detected, stopped)
    };
    let read_first: Vec<String> = (0..10).map(|i| format!("r{i}")).collect();
    let mut moved_back = read_first.clone();
    moved_back.extend(["n1".to_string(), "n2".to_string()]);
    for reset in ["latest", "earliest"] {
        let (consumed, detected, stopped) = outcome(reset);
        assert_eq!(consumed, moved_back, "{reset}");
        assert_eq!((detected, stopped.len()), (1, 0), "{reset}");
    }
    let (consumed, detected, stopped) = outcome("none");
    assert_eq!(consumed, read_first, "none: n1 and n2 are never read");
    assert_eq!(detected, 0, "none: the position does not move back");
    assert_eq!(stopped.len(), 1);
    for words in [
        "position 10",
        "offset 5",
        "LogTruncationException",
        "no further",
    ] {
        assert!(stopped[0].contains(words), "{words}: {}", stopped[0]);
    }
}

#[test]
fn after_the_append_the_min_isr_counts_the_replica_whose_isr_addition_is_in_flight() {
    // Kafka 2.7+ on ZooKeeper (the HW advances with any ISR), min.insync.replicas 3 of 3 and
    // replica.lag.time.max.ms 10 s (ISR checks every 5 s). Broker 3's fetcher stops at 0 and
    // broker 2's at 6 s; w, written at 7 s, is appended (ISR [1, 2, 3]) and held for the HW.
    // Broker 3 leaves the ISR at the 15 s check (more than 10 s since it last caught up); the
    // ISR [1, 2] still holds the HW below w (broker 2 lacks it). At 16 s broker 1's messages
    // to the controller are cut and broker 3 resumes: it catches up and its addition to the
    // ISR is proposed but gets no answer, so the maximal ISR is [1, 2, 3]. At 17 s broker 2
    // resumes and fetches w: the HW passes it while the ISR is [1, 2]. Kafka's
    // Partition.checkEnoughReplicasReachOffset compares min ISR with the maximal ISR (3), so
    // w is acknowledged; counting the ISR (2) would answer NOT_ENOUGH_REPLICAS_AFTER_APPEND.
    let text = r#"{"profile": "zk", "seed": 1,
        "brokers": [{"id": 1}, {"id": 2}, {"id": 3}],
        "config": {"replica.lag.time.max.ms": 10000, "min.insync.replicas": 3},
        "topics": [{"name": "orders", "partitions": 1, "replication.factor": 3,
                    "assignment": {"0": [1, 2, 3]}}],
        "actions": [
            {"at_ms": 0, "pause_fetcher": {"broker": 3}},
            {"at_ms": 6000, "pause_fetcher": {"broker": 2}},
            {"at_ms": 7000, "produce": {"topic": "orders", "partition": 0, "values": ["w"]}},
            {"at_ms": 16000, "cut": {"from": 1, "to": "controller"}},
            {"at_ms": 16000, "resume_fetcher": {"broker": 3}},
            {"at_ms": 17000, "resume_fetcher": {"broker": 2}},
            {"at_ms": 19000, "heal": {}}
        ],
        "run_until_ms": 30000}"#;
    let scenario = parse_scenario(text).unwrap();
    let mut world = World::from_scenario(&scenario).unwrap();
    let orders0 = replication_core::TopicPartition::new("orders", 0);
    let leader_view = |w: &World| {
        let replica = &w.broker(BrokerId(1)).unwrap().partitions[&orders0];
        let isr = replica.state().unwrap().isr.clone();
        (isr, replica.maximal_isr(), replica.high_watermark())
    };
    let b = BrokerId;
    world.run_until(16_500);
    assert_eq!(
        leader_view(&world),
        (vec![b(1), b(2)], vec![b(1), b(2), b(3)], 0)
    );
    world.run_until(17_500);
    assert_eq!(
        leader_view(&world),
        (vec![b(1), b(2)], vec![b(1), b(2), b(3)], 1)
    );
    world.run_until(30_000);
    let r = report(&world, false);
    assert_eq!(r["produced"][0]["outcome"], "acked", "{}", r["produced"][0]);
    assert!(
        events_of(&r, "produce_retried").is_empty(),
        "{:?}",
        events_of(&r, "produce_retried")
    );
    let all = vec![b(1), b(2), b(3)];
    assert_eq!(
        leader_view(&world),
        (all.clone(), all, 1),
        "the addition went through"
    );
}

#[test]
fn auto_offset_reset_decides_where_a_consumer_below_the_log_start_goes() {
    // 3,000 single-record batches; retention deletes whole 512-batch segments once 2,560 are
    // held (sim/log), so the log starts at 512 when a consumer joins at 30 s and fetches from
    // offset 0. The leader answers
    // OFFSET_OUT_OF_RANGE (LocalLog.read: below the log start), and the consumer resets by
    // auto.offset.reset (FetchCollector.handleInitializeErrors → SubscriptionState
    // .requestOffsetReset): latest, Kafka's default, is the HW 3000, so it reads nothing of the
    // old records; earliest is the log start, 512, and it reads m513..m3000 (offsets
    // 512..2999); none stops it.
    let scenario = |reset: Option<&str>| {
        let config = reset
            .map(|r| format!(r#", "config": {{"auto.offset.reset": "{r}"}}"#))
            .unwrap_or_default();
        format!(
            r#"{{"brokers": [{{"id": 1}}, {{"id": 2}}, {{"id": 3}}]{config},
                "topics": [{{"name": "orders", "partitions": 1, "replication.factor": 3}}],
                "actions": [
                    {{"at_ms": 0, "produce": {{"topic": "orders", "count": 3000}}}},
                    {{"at_ms": 30000, "consume": {{"topic": "orders"}}}}
                ],
                "run_until_ms": 40000}}"#
        )
    };
    let outcome = |reset: Option<&str>| {
        let r = run(&scenario(reset));
        assert_eq!(partition(&r)["high_watermark"], 3000, "{reset:?}");
        let consumed = r["consumed"].as_array().unwrap();
        let first = consumed.first().map(|c| c["offset"].as_u64().unwrap());
        let resets = events_of(&r, "consumer_offset_reset").len();
        let stopped = events_of(&r, "consumer_offset_out_of_range").len();
        (consumed.len(), first, resets, stopped)
    };
    assert_eq!(outcome(None), (0, None, 1, 0));
    assert_eq!(outcome(Some("latest")), (0, None, 1, 0));
    assert_eq!(outcome(Some("earliest")), (2488, Some(512), 1, 0));
    assert_eq!(outcome(Some("none")), (0, None, 0, 1));
}

#[test]
fn a_read_replica_is_kept_only_until_metadata_max_age_then_the_leader_serves() {
    // KIP-392: the leader (rack a) names broker 3 (rack c) as the consumer's read replica, and
    // the consumer reads m1..m5 there. Broker 3's fetcher stops at 1 s, so m6..m10 (produced at
    // 2 s) never reach it; it leaves the ISR after replica.lag.time.max.ms (30 s, at a check
    // 30-45 s after it last caught up). The consumer keeps its read replica only until
    // metadata.max.age.ms after the leader named it (SubscriptionState.preferredReadReplica,
    // FetchCollector), 20 s here: the leader names broker 3 again while it is in the ISR, and
    // not once it has left (ReplicaManager.findPreferredReadReplica takes ISR members only),
    // so within one more lease the consumer reads m6..m10 from the leader.
    let text = r#"{
        "seed": 12,
        "brokers": [{"id": 1, "rack": "a"}, {"id": 2, "rack": "b"}, {"id": 3, "rack": "c"}],
        "config": {"replica.selector.class": "RackAwareReplicaSelector",
                   "metadata.max.age.ms": 20000},
        "topics": [{"name": "orders", "partitions": 1, "replication.factor": 3,
                    "assignment": {"0": [1, 2, 3]}}],
        "actions": [
            {"at_ms": 0, "consume": {"topic": "orders", "client.rack": "c"}},
            {"at_ms": 10, "produce": {"topic": "orders", "partition": 0, "count": 5}},
            {"at_ms": 1000, "pause_fetcher": {"broker": 3}},
            {"at_ms": 2000, "produce": {"topic": "orders", "partition": 0, "count": 5}}
        ]
    }"#;
    let scenario = parse_scenario(text).unwrap();
    let mut world = World::from_scenario(&scenario).unwrap();
    world.run_until(19_000);
    let read_replica = |w: &World| w.clients().consumers[0].positions[&0].read_replica;
    assert_eq!(read_replica(&world), Some(BrokerId(3)));
    assert_eq!(
        world.clients().consumed.len(),
        5,
        "m6..m10 never reach broker 3"
    );
    world.run_until(30_000);
    assert_eq!(
        read_replica(&world),
        Some(BrokerId(3)),
        "named again: still in the ISR"
    );
    assert_eq!(world.clients().consumed.len(), 5);
    let left_isr = |w: &World| !w.partitions().next().unwrap().isr.contains(&BrokerId(3));
    world.run_until(46_000);
    assert!(left_isr(&world));
    world.run_until(70_000);
    assert_eq!(read_replica(&world), None);
    assert_eq!(world.clients().consumed.len(), 10);
}

/// orders-0 (10,000 records on [1, 2, 3], epoch 1) moves to [1, 2, 4] under a 100 kB/s
/// throttle (about 10 s of copying); at 3 s `second` replaces or cancels the move.
fn reassignment_changed_mid_way(profile: &str, second: &str) -> World {
    let text = format!(
        r#"{{"profile": "{profile}",
            "brokers": [{{"id": 1}}, {{"id": 2}}, {{"id": 3}}, {{"id": 4}}, {{"id": 5}}],
            "config": {{"replica.fetch.max.bytes": 10000,
                        "leader.replication.throttled.rate": 100000,
                        "follower.replication.throttled.rate": 100000}},
            "topics": [{{"name": "orders", "partitions": 1, "replication.factor": 3,
              "assignment": {{"0": [1, 2, 3]}},
              "config": {{"leader.replication.throttled.replicas": "*",
                          "follower.replication.throttled.replicas": "*"}},
              "state": {{"0": {{"leader": 1, "leader_epoch": 1, "isr": [1, 2, 3],
                "high_watermark": 10000, "logs": {{"1": {{"end_offset": 10000}},
                "2": {{"end_offset": 10000}}, "3": {{"end_offset": 10000}}}}}}}}}}],
            "actions": [
              {{"at_ms": 1000, "reassign": {{"topic": "orders", "partition": 0, "replicas": [1, 2, 4]}}}},
              {{"at_ms": 3000, "reassign": {{"topic": "orders", "partition": 0, "replicas": {second}}}}}
            ]}}"#
    );
    let scenario = parse_scenario(&text).unwrap();
    let mut world = World::from_scenario(&scenario).unwrap();
    world.run_until(3_000);
    world
}

fn reassignment_state(world: &World) -> (Vec<u32>, Vec<u32>, Vec<u32>, u32) {
    let p = world.partitions().next().unwrap();
    let ids = |v: &[BrokerId]| v.iter().map(|b| b.0).collect::<Vec<_>>();
    (
        ids(&p.replicas),
        ids(&p.adding_replicas),
        ids(&p.removing_replicas),
        p.leader_epoch,
    )
}

fn last_reassignment_text(world: &World) -> String {
    let r = report(world, false);
    assert_eq!(r["invariant_violations"], serde_json::json!([]));
    events_of(&r, "reassignment_started").last().unwrap()["description"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn a_reassignment_cancelled_mid_way_removes_the_new_replica_in_a_new_leader_epoch() {
    // Broker 4 is copying when the target goes back to [1, 2, 3], which the simulator takes as
    // kafka-reassign-partitions.sh --cancel. KRaft (ReplicationControlManager
    // .cancelPartitionReassignment, PartitionReassignmentRevert): back to [1, 2, 3] at once, 4
    // out of the ISR; 4 leaves the replica set, which bumps the leader epoch 1 → 2
    // (PartitionChangeBuilder.triggerLeaderEpochBumpForReplicaReassignmentIfNeeded), so it is
    // fenced. Before, the epoch stayed 1.
    // ZooKeeper (ReplicaAssignment.reassignTo) bumped the epoch when the move started (1 → 2)
    // and completes the revert with another (2 → 3), 4 stopped at once.
    for (profile, epoch) in [("kraft", 2), ("kraft-elr", 2), ("zk", 3)] {
        let w = reassignment_changed_mid_way(profile, "[1, 2, 3]");
        assert_eq!(
            reassignment_state(&w),
            (vec![1, 2, 3], vec![], vec![], epoch),
            "{profile}"
        );
        let text = last_reassignment_text(&w);
        assert!(
            text.contains("the reassignment to [1,2,4] was cancelled: back to [1,2,3]"),
            "{profile}: {text}"
        );
    }
}

#[test]
fn a_reassignment_replaced_mid_way_keeps_kraft_replicas_until_it_completes() {
    // The target becomes [1, 2, 5] while broker 4 copies. KRaft compares it with the whole
    // replica set [1, 2, 4, 3] (PartitionReassignmentReplicas): 3 and 4 are removing, 5 adding,
    // the replicas [1, 2, 5, 3, 4]; no replica leaves yet, so the epoch stays 1 until the move
    // completes. ZooKeeper starts again from the original [1, 2, 3]: 4 stops at once, the
    // replicas are [1, 2, 5, 3], and the new start bumps the epoch again (1 → 2 → 3).
    let kraft = reassignment_changed_mid_way("kraft", "[1, 2, 5]");
    assert_eq!(
        reassignment_state(&kraft),
        (vec![1, 2, 5, 3, 4], vec![5], vec![3, 4], 1)
    );
    let zk = reassignment_changed_mid_way("zk", "[1, 2, 5]");
    assert_eq!(
        reassignment_state(&zk),
        (vec![1, 2, 5, 3], vec![5], vec![3], 3)
    );
    for w in [&kraft, &zk] {
        let text = last_reassignment_text(w);
        assert!(
            text.contains("the reassignment to [1,2,4] was replaced by one to [1,2,5]"),
            "{text}"
        );
    }
    // Once 5 has copied and joined the ISR, the move completes and the leftovers leave, with
    // an epoch bump: KRaft 1 → 2, ZooKeeper 3 → 4.
    let mut kraft = kraft;
    kraft.run_until(40_000);
    assert_eq!(
        reassignment_state(&kraft),
        (vec![1, 2, 5], vec![], vec![], 2)
    );
    let mut zk = zk;
    zk.run_until(40_000);
    assert_eq!(reassignment_state(&zk), (vec![1, 2, 5], vec![], vec![], 4));
}

/// orders-0 on [1, 2, 3], led by 1, with 10 records a second from 0; broker 1 fails at 1 s.
fn leader_fails(how: &str) -> World {
    let text = format!(
        r#"{{"seed": 5, "brokers": [{{"id": 1}}, {{"id": 2}}, {{"id": 3}}],
            "topics": [{{"name": "orders", "partitions": 1, "replication.factor": 3,
                         "assignment": {{"0": [1, 2, 3]}}}}],
            "actions": [{{"at_ms": 0, "produce_rate": {{"topic": "orders", "per_second": 10}}}},
                        {{"at_ms": 1000, "{how}": {{"broker": 1}}}}]}}"#
    );
    World::from_scenario(&parse_scenario(&text).unwrap()).unwrap()
}

/// Runs to `until_ms` a millisecond at a time, collecting each message the clients send to
/// `broker` (time and kind) and every produce error.
fn watch_clients(world: &mut World, until_ms: u64, broker: u32) -> Vec<(u64, &'static str)> {
    let mut seen = Vec::new();
    let mut sent = std::collections::BTreeSet::new();
    for t in world.now_ms()..=until_ms {
        world.run_until(t);
        for e in world.in_flight() {
            if e.source == NodeId::Clients
                && e.target == NodeId::Broker(BrokerId(broker))
                && sent.insert((e.sent_at_ms, e.message.kind()))
            {
                seen.push((e.sent_at_ms, e.message.kind().name()));
            }
        }
    }
    seen
}

fn pending(world: &World) -> usize {
    world
        .clients()
        .records
        .iter()
        .filter(|r| r.outcome == replication_core::sim::ProduceOutcome::Pending)
        .count()
}

#[test]
fn a_producer_facing_a_crashed_leader_backs_off_and_asks_live_brokers_for_metadata() {
    // Broker 1's process dies at 1 s; its machine refuses connections at once. The producer
    // does not retry the batch against it (it was never sent: no NETWORK_EXCEPTION); it
    // reconnects after reconnect.backoff.ms doubling from 50 ms to 1 s, and every refusal asks
    // a live broker for metadata (NetworkClient.leastLoadedNode,
    // DefaultMetadataUpdater.handleServerDisconnect). Broker 2 is elected at 9 s when broker 1
    // is fenced; the next refresh names it and the waiting records are acknowledged well
    // within a second.
    let mut world = leader_fails("crash");
    let to_broker_1 = watch_clients(&mut world, 9_000, 1);
    let after_crash: Vec<&(u64, &str)> = to_broker_1.iter().filter(|(t, _)| *t >= 1_000).collect();
    assert!(
        after_crash.iter().all(|(_, kind)| *kind == "produce"),
        "no metadata request goes to the dead broker: {after_crash:?}"
    );
    let gaps: Vec<u64> = after_crash.windows(2).map(|w| w[1].0 - w[0].0).collect();
    assert_eq!(
        &gaps[..6],
        [102, 202, 402, 802, 1002, 1002],
        "{after_crash:?}"
    );
    let r = report(&world, false);
    assert!(events_of(&r, "produce_retried").is_empty());
    assert!(pending(&world) > 50, "records wait for a leader");
    world.run_until(10_000);
    assert!(pending(&world) <= 1, "{} still pending", pending(&world));
}

#[test]
fn a_producer_facing_a_leader_without_power_waits_for_its_timeouts() {
    // Broker 1's machine loses power at 1 s and answers nothing. The batch already in flight
    // on the open connection fails only when request.timeout.ms (30 s) has passed since it was
    // sent (REQUEST_TIMED_OUT, retried; Kafka closes the connection then), and the records
    // behind it wait; then fresh metadata from a live broker names broker 2, elected at 9 s.
    let mut world = leader_fails("power_loss");
    let to_broker_1 = watch_clients(&mut world, 30_900, 1);
    // The last is the batch sent at 1,005 ms, just after the power went: nothing follows it.
    assert_eq!(to_broker_1.last(), Some(&(1_005, "produce")));
    let r = report(&world, false);
    assert!(events_of(&r, "produce_retried").is_empty());
    world.run_until(31_500);
    let r = report(&world, false);
    let retried = events_of(&r, "produce_retried");
    assert_eq!(retried.len(), 1);
    assert!(retried[0]["description"]
        .as_str()
        .unwrap()
        .contains("REQUEST_TIMED_OUT"));
    let at = retried[0]["at_ms"].as_u64().unwrap();
    assert!((31_000..31_010).contains(&at), "{at}");
    assert!(pending(&world) <= 1, "{} still pending", pending(&world));
}

#[test]
fn a_new_connection_to_a_machine_without_power_is_given_up_after_the_setup_timeout() {
    // Broker 1 loses power before the producer ever connected to it. Its first batch (at
    // 1 s) waits for a connection that never opens: after socket.connection.setup.timeout.ms
    // (10 s) the client gives up (ClusterConnectionStates), the batch was never sent (no
    // error), and fresh metadata names broker 2, elected at 9 s: it is acknowledged at once,
    // 20 s sooner than on an open connection.
    let text = r#"{"seed": 5, "brokers": [{"id": 1}, {"id": 2}, {"id": 3}],
        "topics": [{"name": "orders", "partitions": 1, "replication.factor": 3,
                    "assignment": {"0": [1, 2, 3]}}],
        "actions": [{"at_ms": 0, "power_loss": {"broker": 1}},
                    {"at_ms": 1000, "produce": {"topic": "orders", "values": ["x"]}}]}"#;
    let mut world = World::from_scenario(&parse_scenario(text).unwrap()).unwrap();
    world.run_until(10_990);
    assert_eq!(pending(&world), 1);
    world.run_until(11_100);
    assert_eq!(pending(&world), 0);
    let r = report(&world, false);
    assert_eq!(r["produced"][0]["outcome"], "acked");
    assert!(events_of(&r, "produce_retried").is_empty());
}

#[test]
fn enabling_unclean_election_at_run_time_waits_for_the_kraft_scan_zookeeper_elects_at_once() {
    // The unclean-election example without its forced election, the setting switched on at
    // 25 s. Brokers 1 and 2 crash at 0; the partition is offline from 9 s (KRaft fencing) or
    // 18 s (ZooKeeper sessions). A KRaft controller schedules its unclean election scan
    // unclean.leader.election.interval.ms (30 s here) after a write leaves a partition
    // leaderless (QuorumController.maybeScheduleNextElectUncleanLeaders, Kafka 3.9+), so
    // broker 3 is elected only at that scan, at 39 s
    // (ReplicationControlManager.maybeElectUncleanLeaders). The ZooKeeper controller elects at
    // once when the config changes (KafkaController.processTopicUncleanLeaderElectionEnable).
    let text = include_str!("../../../scenarios/unclean-election-loss.json")
        .replace(
            r#",
    {"at_ms": 15000, "elect_leaders": {"election_type": "unclean", "topic": "orders", "partition": 0}}"#,
            "",
        )
        .replace("\"seed\": 4,", "\"seed\": 4, \"config\": {\"unclean.leader.election.interval.ms\": 30000},")
        .replace("\"run_until_ms\": 20000", "\"run_until_ms\": 60000")
        .replace(
            r#"{"at_ms": 15000, "set_config""#,
            r#"{"at_ms": 25000, "set_config""#,
        );
    assert!(!text.contains("elect_leaders") && text.contains("25000"));
    let elected_at = |profile: &str| {
        let r = run(&text.replace(
            "\"seed\": 4,",
            &format!("\"seed\": 4, \"profile\": \"{profile}\","),
        ));
        let elected = events_of(&r, "leader_elected");
        let last = elected.last().unwrap();
        assert_eq!(last["broker"], 3, "{profile}");
        last["at_ms"].as_u64().unwrap()
    };
    assert_eq!(elected_at("kraft"), 39_000);
    assert_eq!(elected_at("zk"), 25_000);
}

#[test]
fn kafka_leader_election_unclean_elects_at_once_whatever_the_config_says() {
    // kafka-leader-election.sh --election-type UNCLEAN (ReplicationControlManager.electLeader
    // with PartitionChangeBuilder.Election.UNCLEAN) elects broker 3 at 15 s although
    // unclean.leader.election.enable stays false; asked again at 16 s, the partition has a
    // leader: ELECTION_NOT_NEEDED, recorded as an ignored action.
    let text = include_str!("../../../scenarios/unclean-election-loss.json")
        .replace(
            r#"{"at_ms": 15000, "set_config": {"key": "unclean.leader.election.enable", "value": true}},"#,
            "",
        )
        .replace(
            r#"{"at_ms": 15000, "elect_leaders": {"election_type": "unclean", "topic": "orders", "partition": 0}}"#,
            r#"{"at_ms": 15000, "elect_leaders": {"election_type": "unclean"}},
    {"at_ms": 16000, "elect_leaders": {"election_type": "unclean", "topic": "orders"}}"#,
        );
    assert!(!text.contains("set_config"));
    let r = run(&text);
    let elected = events_of(&r, "leader_elected");
    let last = elected.last().unwrap();
    assert_eq!(
        (last["broker"].as_u64(), last["at_ms"].as_u64()),
        (Some(3), Some(15_000))
    );
    assert!(last["description"].as_str().unwrap().contains("UNCLEANLY"));
    assert_eq!(
        strings(&r["lost_committed"]),
        ["r5", "r6", "r7", "r8", "r9"]
    );
    let ignored = events_of(&r, "action_ignored");
    assert_eq!(ignored.len(), 1);
    assert!(ignored[0]["description"]
        .as_str()
        .unwrap()
        .contains("ELECTION_NOT_NEEDED"));
}

#[test]
fn kafka_leader_election_preferred_is_the_preferred_election() {
    // kafka-leader-election.sh --election-type PREFERRED sends the same ElectLeaders request as
    // the older kafka-preferred-replica-election.sh: the same run, the same leaders and epochs.
    let text = include_str!("../../../scenarios/preferred-leader-election.json");
    let forced = text.replace(
        r#""elect_preferred": {"topic": "orders", "partition": 0}"#,
        r#""elect_leaders": {"election_type": "preferred", "topic": "orders", "partition": 0}"#,
    );
    assert_ne!(forced, text);
    let (a, b) = (run(text), run(&forced));
    assert_eq!(partition(&b)["leader"], 1);
    assert_eq!(a["partitions"], b["partitions"]);
    assert_eq!(a["events"], b["events"]);
}

#[test]
fn before_kafka_0_11_there_is_no_kafka_leader_election_sh() {
    // hw-truncation imitates Kafka before 0.11; kafka-leader-election.sh arrived in 2.4
    // (KIP-460). The forced election is refused with the reason, and nothing is elected.
    let text = include_str!("../../../scenarios/unclean-election-loss.json")
        .replace("\"seed\": 4,", "\"seed\": 4, \"profile\": \"hw-truncation\",")
        .replace(
            r#"{"at_ms": 15000, "set_config": {"key": "unclean.leader.election.enable", "value": true}},"#,
            "",
        )
        .replace(
            r#"{"at_ms": 0, "crash": {"broker": 2}},"#,
            r#"{"at_ms": 0, "crash": {"broker": 2}},
    {"at_ms": 0, "set_config": {"key": "unclean.leader.election.enable", "value": false}},"#,
        );
    let r = run(&text);
    let ignored = events_of(&r, "action_ignored");
    assert_eq!(ignored.len(), 1, "{ignored:?}");
    assert!(ignored[0]["description"]
        .as_str()
        .unwrap()
        .contains("kafka-leader-election.sh arrived in Kafka 2.4 (KIP-460)"));
    assert_eq!(partition(&r)["leader"], Value::Null);
}

/// KAFKA-4485's case: the ISR is down to the leader, writes arrive faster than a follower's
/// fetch round trip, and the follower catches up. Returns the report and when it rejoined.
fn follower_catching_up_under_steady_writes(profile: &str) -> (Value, Vec<u64>) {
    let text = format!(
        r#"{{"profile": "{profile}", "seed": 1,
        "brokers": [{{"id": 1}}, {{"id": 2}}],
        "config": {{"replica.lag.time.max.ms": 10000, "network.latency.ms": 20,
                    "acks": "1"}},
        "topics": [{{"name": "orders", "partitions": 1, "replication.factor": 2,
                    "assignment": {{"0": [1, 2]}}}}],
        "actions": [
            {{"at_ms": 0, "produce_rate": {{"topic": "orders", "per_second": 1000}}}},
            {{"at_ms": 1000, "pause_fetcher": {{"broker": 2}}}},
            {{"at_ms": 20000, "resume_fetcher": {{"broker": 2}}}}
        ],
        "run_until_ms": 30000}}"#
    );
    let r = run(&text);
    let expanded = events_of(&r, "isr_expanded")
        .iter()
        .map(|e| e["at_ms"].as_u64().unwrap())
        .collect();
    (r, expanded)
}

#[test]
fn a_caught_up_follower_outside_the_isr_holds_the_hw_so_it_can_rejoin() {
    // Partition.maybeIncrementLeaderHW (0.10.2+, KAFKA-4485; the eligibility check 3.6+,
    // KAFKA-15021). Broker 2 stops fetching at 1 s and leaves the ISR at the 15 s check; with
    // ISR [1] the HW is broker 1's LEO. It resumes at 20 s. A record arrives every millisecond
    // and a fetch round trip takes 40 ms, so broker 2's fetches never reach the leader's LEO
    // of the moment, only that of its previous fetch (enough to count as caught up,
    // Replica.updateFetchStateOrThrow). Once caught up, it holds the HW at its fetch offset;
    // its next fetch reaches that HW and it rejoins. Without the wait the HW ran ahead at the
    // LEO and broker 2 stayed out for good.
    for profile in ["kraft", "kraft-elr", "zk", "hw-truncation"] {
        let (r, expanded) = follower_catching_up_under_steady_writes(profile);
        assert_eq!(
            numbers(&events_of(&r, "isr_shrunk")[0]["isr"]),
            [1],
            "{profile}"
        );
        assert_eq!(expanded.len(), 1, "{profile}: {expanded:?}");
        assert!(
            (20_000..22_000).contains(&expanded[0]),
            "{profile}: rejoined at {}",
            expanded[0]
        );
        assert_eq!(numbers(&partition(&r)["isr"]), [1, 2], "{profile}");
    }
}

#[test]
fn a_fenced_follower_that_was_caught_up_does_not_hold_the_hw() {
    // Broker 3 crashes at 2 s, caught up a moment before, and stays "caught up"
    // (ReplicaState.isCaughtUp) until replica.lag.time.max.ms (30 s) after that. KRaft fences
    // it at about 11 s and takes it out of the ISR without a new leader epoch (3.6+,
    // KAFKA-15021); since that same change the leader waits only for a follower eligible to
    // join the ISR (Partition.maybeIncrementLeaderHW → isReplicaIsrEligible), and a fenced
    // broker is not, so the HW moves on at once. On ZooKeeper the controller's ISR change
    // (session expiry, about 20 s) bumps the leader epoch, and the leader's makeLeader resets
    // the caught-up time of a follower outside the ISR to 0: the HW moves on there too.
    let text = |profile: &str| {
        format!(
            r#"{{"profile": "{profile}", "seed": 1,
            "brokers": [{{"id": 1}}, {{"id": 2}}, {{"id": 3}}],
            "topics": [{{"name": "orders", "partitions": 1, "replication.factor": 3,
                        "assignment": {{"0": [1, 2, 3]}}}}],
            "actions": [
                {{"at_ms": 0, "produce_rate": {{"topic": "orders", "per_second": 10}}}},
                {{"at_ms": 2000, "crash": {{"broker": 3}}}}
            ],
            "run_until_ms": 40000}}"#
        )
    };
    let orders0 = replication_core::TopicPartition::new("orders", 0);
    let hw_leo_and_isr_at = |profile: &str, at_ms: u64| {
        let mut world = World::from_scenario(&parse_scenario(&text(profile)).unwrap()).unwrap();
        world.run_until(at_ms);
        let replica = &world.broker(BrokerId(1)).unwrap().partitions[&orders0];
        let isr = replica.state().unwrap().isr.clone();
        (
            replica.high_watermark(),
            replica.log().log_end_offset(),
            isr,
        )
    };
    let b = BrokerId;
    for (profile, at_ms) in [("kraft", 15_000), ("kraft-elr", 15_000), ("zk", 25_000)] {
        let (hw, leo, isr) = hw_leo_and_isr_at(profile, at_ms);
        assert_eq!(isr, [b(1), b(2)], "{profile}");
        assert!(
            hw + 2 >= leo && hw > at_ms / 200,
            "{profile} at {at_ms} ms: HW {hw}, LEO {leo}"
        );
    }
}

#[test]
fn list_offsets_for_latest_waits_until_a_new_leaders_hw_reaches_its_epoch_start() {
    // Partition.fetchOffsetForTimestamp (2.2+, KAFKA-2334). 3,000 records, so retention has
    // moved the log start to 512 (sim/log). At 20 s broker 3's fetcher stops and x is written
    // with acks=1: broker 2 copies it (LEO 3001), the HW stays 3000 (broker 3 is in the ISR).
    // At 25 s broker 1 shuts down and broker 2 leads from offset 3001 (its epoch's start) with
    // HW 3000, held there by broker 3 until the leader drops it from the ISR (more than 30 s
    // after it last caught up, about 50 s). A consumer joining at 30 s fetches offset 0, below
    // the log start, and resets to latest. While the HW is below the epoch start, the leader
    // answers ListOffsets with OFFSET_NOT_AVAILABLE and the consumer asks again; once broker 3
    // is out, latest is 3001 and the consumer never reads x. Answering the lagging HW (3000)
    // would have placed it below what Kafka ever answers, and it would read x.
    let text = r#"{"seed": 1,
        "brokers": [{"id": 1}, {"id": 2}, {"id": 3}],
        "topics": [{"name": "orders", "partitions": 1, "replication.factor": 3,
                    "assignment": {"0": [1, 2, 3]}}],
        "actions": [
            {"at_ms": 0, "produce": {"topic": "orders", "count": 3000}},
            {"at_ms": 20000, "pause_fetcher": {"broker": 3}},
            {"at_ms": 20000, "produce": {"topic": "orders", "values": ["x"], "acks": "1"}},
            {"at_ms": 25000, "shutdown": {"broker": 1}},
            {"at_ms": 30000, "consume": {"topic": "orders"}}
        ],
        "run_until_ms": 70000}"#;
    let r = run(text);
    assert_eq!(partition(&r)["leader"], 2);
    assert_eq!(partition(&r)["high_watermark"], 3001);
    let resets = events_of(&r, "consumer_offset_reset");
    assert_eq!(resets.len(), 1, "{resets:?}");
    let said = resets[0]["description"].as_str().unwrap();
    assert!(said.ends_with("moved it to offset 3001"), "{said}");
    let reset_at = resets[0]["at_ms"].as_u64().unwrap();
    assert!(reset_at > 50_000, "reset at {reset_at}");
    assert!(
        r["consumed"].as_array().unwrap().is_empty(),
        "{}",
        r["consumed"]
    );
}
