//! Unit tests of [`Partition`], built directly (no scenario), each asserting a rule of Kafka's
//! `Partition.scala` (or the follower's `AbstractFetcherThread`) by the method that holds it.

use super::*;
use crate::config::{Acks, Config, Profile};
use crate::rules::truncation::EpochEndOffset;
use crate::sim::broker::follower::FetchApplied;
use crate::sim::broker::leader::AppendOutcome;
use crate::sim::log::{RecordBatch, Value};
use crate::sim::protocol::{ErrorCode, FetchPartition, FetchPartitionResponse, ProduceRequest};
use crate::sim::Ctx;

const LAG_MS: u64 = 10_000;

fn b(id: u32) -> BrokerId {
    BrokerId(id)
}

fn tp() -> TopicPartition {
    TopicPartition::new("t", 0)
}

/// What a partition reads from its broker's context: the configuration and who may join the
/// ISR.
struct Env {
    config: Config,
    topics: VecMap<String, Config>,
    racks: VecMap<BrokerId, Option<String>>,
    isr_eligible: Vec<BrokerId>,
}

impl Env {
    fn new(min_insync_replicas: u32) -> Env {
        Env {
            config: Config {
                min_insync_replicas,
                replica_lag_time_max_ms: LAG_MS,
                ..Config::default()
            },
            topics: VecMap::new(),
            racks: VecMap::new(),
            isr_eligible: vec![b(1), b(2), b(3)],
        }
    }

    fn at(&self, now_ms: u64) -> Ctx<'_> {
        Ctx {
            now_ms,
            profile: Profile::KraftElr,
            config: &self.config,
            topic_configs: &self.topics,
            racks: &self.racks,
            isr_eligible_brokers: &self.isr_eligible,
        }
    }
}

fn state(leader: u32, leader_epoch: u32, isr: &[u32]) -> PartitionState {
    PartitionState {
        tp: tp(),
        replicas: vec![b(1), b(2), b(3)],
        isr: isr.iter().map(|&i| b(i)).collect(),
        elr: Vec::new(),
        last_known_elr: Vec::new(),
        leader: Some(b(leader)),
        leader_epoch,
        partition_epoch: 1,
        adding_replicas: Vec::new(),
        removing_replicas: Vec::new(),
    }
}

fn batch(base_offset: u64, leader_epoch: u32, count: u32) -> RecordBatch {
    RecordBatch {
        base_offset,
        leader_epoch,
        producer: None,
        append_time_ms: 0,
        values: (base_offset as u32..base_offset as u32 + count)
            .map(Value::Produced)
            .collect(),
    }
}

/// A log of `count` records written in epoch 1.
fn log_of(count: u32) -> Log {
    let mut log = Log::default();
    log.append(batch(0, 1, count));
    log
}

/// Broker 1 leading epoch 1 of a partition on brokers 1, 2, 3 with `records` in its log.
fn leader(records: u32, isr: &[u32]) -> Partition {
    let mut p = Partition::new(tp(), b(1), log_of(records), 0);
    assert_eq!(p.update_state(state(1, 1, isr)), Transition::BecomeLeader);
    p.make_leader(0);
    p
}

/// `follower` fetches from `offset` at `now_ms` (Kafka's `updateFollowerFetchState`).
fn fetch(p: &mut Partition, follower: u32, offset: u64, now_ms: u64) {
    let request = FetchPartition {
        tp: tp(),
        fetch_offset: offset,
        log_start_offset: 0,
        last_fetched_epoch: (offset > 0).then_some(1),
        current_leader_epoch: p.leader_epoch().unwrap(),
    };
    let answer = p.update_follower_fetch_state(b(follower), &request, now_ms);
    assert!(answer.is_ok(), "{answer:?}");
}

fn produce(acks: Acks, values: u32) -> ProduceRequest {
    ProduceRequest {
        request_id: 1,
        tp: tp(),
        acks,
        producer: None,
        values: (100..100 + values).map(Value::Produced).collect(),
    }
}

#[test]
fn a_hw_at_the_log_end_passes_the_assertion() {
    let partition = Partition::new(tp(), BrokerId(2), Log::starting_at(5), 5);
    partition.debug_assert_hw_within_log("leader");
}

#[test]
#[cfg(debug_assertions)]
#[should_panic(expected = "t-0: follower broker 2 set HW 6 above its LEO 5")]
fn a_hw_above_the_log_end_fails_in_debug_builds() {
    let partition = Partition::new(tp(), BrokerId(2), Log::starting_at(5), 6);
    partition.debug_assert_hw_within_log("follower");
}

#[test]
fn leader_state_exists_only_while_leading() {
    // Kafka's makeLeader / makeFollower: a new epoch naming this broker makes it leader, the
    // same epoch keeps its role, and another leader makes it a follower with no follower
    // state left.
    let mut p = leader(5, &[1, 2, 3]);
    assert!(p.is_leader() && p.follower(b(2)).is_some());
    assert_eq!(p.update_state(state(1, 1, &[1, 2])), Transition::StayLeader);
    assert_eq!(
        p.update_state(state(2, 2, &[2, 3])),
        Transition::BecomeFollower
    );
    assert_eq!(p.make_follower(false), None);
    assert!(!p.is_leader() && p.follower(b(2)).is_none());
    assert_eq!(p.update_state(state(2, 2, &[2])), Transition::StayFollower);
    assert_eq!(p.update_state(state(1, 3, &[1])), Transition::BecomeLeader);
}

#[test]
fn make_leader_starts_its_epoch_at_its_log_end() {
    // makeLeader: the new epoch starts at the LEO in the epoch cache, and every follower is
    // unknown until it fetches (UnknownOffsetMetadata), so it holds the HW at 0.
    let mut p = Partition::new(tp(), b(1), log_of(5), 0);
    p.update_state(state(1, 2, &[1, 2, 3]));
    p.make_leader(7_000);
    assert_eq!(
        p.log()
            .epoch_cache()
            .last()
            .map(|e| (e.epoch, e.start_offset)),
        Some((2, 5))
    );
    let follower = p.follower(b(2)).unwrap();
    assert!(!follower.known);
    // ISR members get a full lag period from now (lastCaughtUpTime reset to now).
    assert_eq!(follower.fetch.last_caught_up_time_ms, 7_000);
}

#[test]
fn maybe_expand_isr_admits_a_follower_that_reached_the_hw_and_the_epoch_start() {
    // isFollowerInSync: followerEndOffset >= HW and >= the leader epoch's start offset.
    let env = Env::new(1);
    let mut p = Partition::new(tp(), b(1), log_of(3), 0);
    p.update_state(state(1, 2, &[1, 2]));
    p.make_leader(0); // epoch 2 starts at 3
    fetch(&mut p, 2, 3, 100);
    assert!(p.maybe_increment_leader_hw(&env.at(100)).is_some());
    assert_eq!(p.high_watermark(), 3);
    fetch(&mut p, 3, 2, 200);
    assert_eq!(
        p.maybe_expand_isr(b(3)),
        None,
        "below the HW and the epoch start"
    );
    fetch(&mut p, 3, 3, 300);
    let proposal = p.maybe_expand_isr(b(3)).unwrap();
    assert_eq!(proposal.new_isr, [b(1), b(2), b(3)]);
    assert_eq!((proposal.leader_epoch, proposal.partition_epoch), (2, 1));
    // The proposed member already counts in the maximal ISR.
    assert_eq!(p.maximal_isr(), [b(1), b(2), b(3)]);
    // While the AlterPartition is in flight no other change is proposed (isInflight).
    assert_eq!(p.maybe_expand_isr(b(3)), None);
    assert_eq!(p.maybe_shrink_isr(1_000_000, LAG_MS), None);
    assert!(p.clear_pending_isr());
    assert_eq!(p.maximal_isr(), [b(1), b(2)]);
}

#[test]
fn maybe_expand_isr_ignores_members_and_unknown_brokers() {
    let mut p = leader(0, &[1, 2]);
    fetch(&mut p, 2, 0, 10);
    assert_eq!(p.maybe_expand_isr(b(2)), None, "already in the ISR");
    assert_eq!(p.maybe_expand_isr(b(9)), None, "not a replica");
}

#[test]
fn maybe_shrink_isr_drops_followers_behind_for_longer_than_the_lag_limit() {
    // getOutOfSyncReplicas: a follower is out of sync when it is not at the leader's LEO and
    // has not caught up within replica.lag.time.max.ms.
    let mut p = leader(5, &[1, 2, 3]);
    fetch(&mut p, 2, 5, 9_000); // at the LEO: caught up at 9 s
    fetch(&mut p, 3, 4, 9_000); // behind since it started (caught up at 0)
    assert_eq!(
        p.maybe_shrink_isr(LAG_MS, LAG_MS),
        None,
        "exactly the limit is not past it"
    );
    let shrink = p.maybe_shrink_isr(LAG_MS + 1, LAG_MS).unwrap();
    assert_eq!(shrink.out_of_sync, [(b(3), 0)]);
    assert_eq!(shrink.proposal.new_isr, [b(1), b(2)]);
}

#[test]
fn maybe_increment_leader_hw_moves_to_the_smallest_offset_of_the_maximal_isr() {
    // maybeIncrementLeaderHW: the HW is the smallest LEO among the leader and the maximal ISR;
    // a member not heard from in this epoch holds it where it is.
    let env = Env::new(1);
    let mut p = leader(5, &[1, 2, 3]);
    fetch(&mut p, 2, 4, 10);
    assert_eq!(
        p.maybe_increment_leader_hw(&env.at(10)),
        None,
        "3 is still unknown"
    );
    fetch(&mut p, 3, 2, 20);
    let moved = p.maybe_increment_leader_hw(&env.at(20)).unwrap();
    assert_eq!((moved.high_watermark, moved.maximal_isr_size), (2, 3));
    fetch(&mut p, 3, 5, 30);
    assert_eq!(
        p.maybe_increment_leader_hw(&env.at(30))
            .unwrap()
            .high_watermark,
        4
    );
    fetch(&mut p, 2, 5, 40);
    assert_eq!(
        p.maybe_increment_leader_hw(&env.at(40))
            .unwrap()
            .high_watermark,
        5
    );
    assert!(p.high_watermark() <= p.log().log_end_offset());
}

#[test]
fn the_hw_waits_for_a_caught_up_isr_eligible_follower_outside_the_isr() {
    // maybeIncrementLeaderHW also waits for a replica outside the maximal ISR while it is
    // caught up and ISR-eligible (shouldWaitForReplicaToJoinIsr, isReplicaIsrEligible).
    let setup = |env: &Env| {
        let mut p = leader(5, &[1, 2]);
        fetch(&mut p, 3, 5, 1_000); // at the LEO: caught up at 1 s
        p.append_records_to_leader(&env.at(1_500), &produce(Acks::One, 3));
        fetch(&mut p, 2, 8, 2_000);
        p
    };
    let env = Env::new(1);
    let mut p = setup(&env);
    // Who holds the HW, as the leader and the "awaiting replicas" view both ask it.
    let holders: Vec<_> = p.hw_holders(&env.at(2_000)).collect();
    assert_eq!(holders, [(b(2), 8), (b(3), 5)]);
    p.maybe_increment_leader_hw(&env.at(2_000));
    assert_eq!(
        p.high_watermark(),
        5,
        "3 is caught up and eligible: it holds the HW"
    );
    let later: Vec<_> = p.hw_holders(&env.at(1_000 + LAG_MS + 1)).collect();
    assert_eq!(
        later,
        [(b(2), 8)],
        "3 fell behind for longer than the lag limit"
    );
    // Once 3 has not caught up for longer than the lag limit it no longer holds the HW.
    p.maybe_increment_leader_hw(&env.at(1_000 + LAG_MS + 1));
    assert_eq!(p.high_watermark(), 8);

    let mut fenced = Env::new(1);
    fenced.isr_eligible = vec![b(1), b(2)];
    let mut p = setup(&fenced);
    let holders: Vec<_> = p.hw_holders(&fenced.at(2_000)).collect();
    assert_eq!(holders, [(b(2), 8)]);
    p.maybe_increment_leader_hw(&fenced.at(2_000));
    assert_eq!(
        p.high_watermark(),
        8,
        "an ineligible follower outside the ISR holds nothing"
    );
}

#[test]
fn append_records_to_leader_checks_min_isr_and_writes_in_the_leader_epoch() {
    // appendRecordsToLeader: acks=all below min.insync.replicas is refused before the append
    // (NotEnoughReplicasException); otherwise the batch goes at the LEO in the leader epoch.
    let env = Env::new(2);
    let mut p = leader(5, &[1]);
    assert_eq!(
        p.append_records_to_leader(&env.at(0), &produce(Acks::All, 2)),
        AppendOutcome::Refused(ErrorCode::NotEnoughReplicas)
    );
    assert_eq!(p.log().log_end_offset(), 5);
    assert_eq!(
        p.append_records_to_leader(&env.at(0), &produce(Acks::One, 2)),
        AppendOutcome::Appended {
            base_offset: 5,
            next_offset: 7
        }
    );
    assert_eq!(p.log().records_from(5, 7)[0].leader_epoch, 1);

    let mut follower = Partition::new(tp(), b(2), log_of(5), 0);
    follower.update_state(state(1, 1, &[1, 2]));
    follower.make_follower(false);
    assert_eq!(
        follower.append_records_to_leader(&env.at(0), &produce(Acks::One, 1)),
        AppendOutcome::NotLeader
    );
}

#[test]
fn an_idempotent_retry_gets_the_original_offsets() {
    // The producer state's duplicate check (ProducerStateManager via appendRecordsToLeader):
    // a batch with the same producer id and sequence is not appended again.
    let env = Env::new(1);
    let mut p = leader(5, &[1]);
    let mut request = produce(Acks::One, 2);
    request.producer = Some(crate::sim::log::ProducerStamp {
        producer_id: 7,
        base_sequence: 0,
    });
    let first = p.append_records_to_leader(&env.at(0), &request);
    let retry = p.append_records_to_leader(&env.at(10), &request);
    assert_eq!(
        (first, retry),
        (
            AppendOutcome::Appended {
                base_offset: 5,
                next_offset: 7
            },
            AppendOutcome::Duplicate {
                base_offset: 5,
                next_offset: 7
            }
        )
    );
    assert_eq!(p.log().log_end_offset(), 7);
}

/// Broker 2 following broker 1 in epoch `epoch`, with `log`.
fn follower(log: Log, high_watermark: u64, epoch: u32) -> Partition {
    let mut p = Partition::new(tp(), b(2), log, high_watermark);
    assert_eq!(
        p.update_state(state(1, epoch, &[1, 2])),
        Transition::BecomeFollower
    );
    assert_eq!(p.make_follower(false), None);
    p
}

fn response(high_watermark: u64, batches: Vec<RecordBatch>) -> FetchPartitionResponse {
    FetchPartitionResponse {
        tp: tp(),
        error: None,
        high_watermark,
        log_start_offset: 0,
        diverging_epoch: None,
        batches,
        preferred_read_replica: None,
    }
}

#[test]
fn a_follower_appends_and_takes_the_leaders_hw_up_to_its_own_log_end() {
    // processPartitionData: append, then the HW is the leader's, capped at the follower's LEO.
    let mut p = follower(Log::default(), 0, 1);
    let applied = p.apply_fetch(b(1), response(10, vec![batch(0, 1, 3)]), None);
    assert_eq!(applied, FetchApplied::Appended { fetched_bytes: 300 });
    assert_eq!((p.log().log_end_offset(), p.high_watermark()), (3, 3));
    assert_eq!(
        p.fetch_lag(),
        Some(7),
        "the leader's HW minus the follower's LEO"
    );
    // Records it already has are not appended twice.
    p.apply_fetch(b(1), response(4, vec![batch(0, 1, 4)]), None);
    assert_eq!((p.log().log_end_offset(), p.high_watermark()), (4, 4));
    assert_eq!(p.fetch_lag(), Some(0));
}

#[test]
fn a_follower_ignores_other_leaders_and_backs_off_on_errors() {
    let mut p = follower(log_of(2), 2, 1);
    let from_elsewhere = p.apply_fetch(b(3), response(9, vec![batch(2, 1, 3)]), None);
    assert_eq!(from_elsewhere, FetchApplied::Ignored);
    let mut error = response(9, Vec::new());
    error.error = Some(ErrorCode::FencedLeaderEpoch);
    assert_eq!(p.apply_fetch(b(1), error, None), FetchApplied::Error);
    assert_eq!((p.log().log_end_offset(), p.high_watermark()), (2, 2));
}

#[test]
fn a_diverging_epoch_truncates_the_follower_to_where_the_logs_agree() {
    // KIP-320 (AbstractFetcherThread.truncateOnFetchResponse): the leader says epoch 1 ends at
    // 3; the follower's records from 3 on (its own epoch 2) go, and its HW cannot stay above.
    let mut log = log_of(3);
    log.assign_epoch(2, 3);
    log.append(batch(3, 2, 2));
    let mut p = follower(log, 4, 3);
    let mut diverged = response(3, Vec::new());
    diverged.diverging_epoch = Some(EpochEndOffset {
        epoch: Some(1),
        end_offset: Some(3),
    });
    let applied = p.apply_fetch(b(1), diverged, None);
    let expected = Truncation {
        from: 5,
        to: 3,
        values: vec!["m3".into(), "m4".into()],
    };
    assert_eq!(applied, FetchApplied::Diverged(Some(expected)));
    assert_eq!((p.log().log_end_offset(), p.high_watermark()), (3, 3));
}

#[test]
fn a_follower_past_the_leaders_log_start_starts_over_there() {
    // truncateFullyAndStartAt: the leader's retention deleted what the follower needs next.
    let mut p = follower(log_of(2), 2, 1);
    let mut answer = response(12, vec![batch(10, 1, 2)]);
    answer.log_start_offset = 10;
    p.apply_fetch(b(1), answer, None);
    assert_eq!(
        (p.log().log_start_offset(), p.log().log_end_offset()),
        (10, 12)
    );
}

#[test]
fn make_follower_truncates_to_the_hw_only_when_asked() {
    // ⚠ Pre-0.11 Kafka (ReplicaManager.makeFollowers): truncate to the own HW first.
    let mut kept = Partition::new(tp(), b(2), log_of(5), 3);
    kept.update_state(state(1, 1, &[1, 2]));
    assert_eq!(kept.make_follower(false), None);
    assert_eq!(kept.log().log_end_offset(), 5);
    let mut cut = Partition::new(tp(), b(2), log_of(5), 3);
    cut.update_state(state(1, 1, &[1, 2]));
    let truncation = cut.make_follower(true).unwrap();
    assert_eq!((truncation.from, truncation.to), (5, 3));
    assert_eq!(cut.log().log_end_offset(), 3);
}

#[test]
fn a_crash_keeps_the_checkpointed_hw_and_forgets_the_rest() {
    let mut p = leader(5, &[1]);
    let env = Env::new(1);
    p.maybe_increment_leader_hw(&env.at(0));
    assert_eq!(p.high_watermark(), 5);
    p.reload_checkpoint();
    assert_eq!(p.high_watermark(), 0, "never checkpointed");
    assert!(!p.is_leader() && p.state().is_none());
}
