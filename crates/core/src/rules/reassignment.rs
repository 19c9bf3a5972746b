//! KIP-455 reassignment: the replica set a new target gives a partition, and when that change
//! bumps the leader epoch.
//!
//! The two controllers differ when a reassignment replaces one in progress:
//! - KRaft (`ReplicationControlManager.changePartitionReassignment` with
//!   `PartitionReassignmentReplicas`) compares the target with the *whole* current replica
//!   set, adding replicas of the old target included: what the new target drops is removing
//!   (broker-id order), what it lacks is adding, the replicas are target ++ removing. The
//!   `PartitionChangeBuilder` keeps the old adding (removing) list when the new one is empty,
//!   and writes no record when nothing changes. A replica leaves the set only when a
//!   reassignment completes (`completeReassignmentIfNeeded`), at once if the ISR already holds
//!   every target replica, or is cancelled (the simulator reads a target equal to the original
//!   replicas as `--cancel`), and the record bumps the leader epoch whenever some replica
//!   leaves (`triggerLeaderEpochBumpForReplicaReassignmentIfNeeded`), so the removed replicas
//!   are fenced.
//! - ZooKeeper (`ReplicaAssignment.reassignTo`) starts again from the original replicas
//!   (current minus adding): replicas are target ++ original, adding replicas the new target
//!   drops stop at once (`KafkaController.updateCurrentReassignment`), and every step bumps the
//!   leader epoch: starting a move (`onPartitionReassignment` A1) and completing it (B3).

use crate::ids::BrokerId;
use crate::partition_state::PartitionState;
use crate::rules::election::{elect_leader, ElectionInput, ElectionKind};

/// The partition as a new reassignment to `target` leaves it at first; the same state as `old`
/// means there is nothing to do (no record).
pub fn reassigning(zookeeper: bool, old: &PartitionState, target: &[BrokerId]) -> PartitionState {
    let mut new = old.clone();
    if zookeeper {
        let original = without(&old.replicas, &old.adding_replicas);
        let removing = without(&original, target);
        new.replicas = target.iter().chain(&removing).copied().collect();
        new.adding_replicas = without(target, &original);
        new.removing_replicas = removing;
    } else if let Some(reverted) = cancelled(old, target) {
        return reverted;
    } else {
        let mut removing = without(&old.replicas, target);
        let mut adding = without(target, &old.replicas);
        crate::sorting::sort(&mut removing);
        crate::sorting::sort(&mut adding);
        new.replicas = target.iter().chain(&removing).copied().collect();
        if !adding.is_empty() {
            new.adding_replicas = adding;
        }
        if !removing.is_empty() {
            new.removing_replicas = removing;
        }
    }
    new.isr.retain(|b| new.replicas.contains(b));
    new.elr.retain(|b| new.replicas.contains(b));
    new
}

/// A move to `target` starts (`ReplicationControlManager.changePartitionReassignment`; ZooKeeper's
/// `KafkaController.onPartitionReassignment`, step A1): the state [`reassigning`] gives, with a
/// new partition epoch. ZooKeeper bumps the leader epoch when a move starts (it completes with
/// another bump, step B3); KRaft only when a replica leaves the set
/// (`triggerLeaderEpochBumpForReplicaReassignmentIfNeeded`), which a new target never does
/// until the move completes. `None` when nothing changes.
pub fn start_reassignment(
    zookeeper: bool,
    old: &PartitionState,
    target: &[BrokerId],
) -> Option<PartitionState> {
    let mut new = reassigning(zookeeper, old, target);
    if new == *old {
        return None;
    }
    new.partition_epoch += 1;
    let bump = if zookeeper {
        completed_replicas(&new).is_none()
    } else {
        replicas_leave(&old.replicas, &new.replicas)
    };
    if bump {
        new.leader_epoch += 1;
    }
    Some(new)
}

/// A move completes once every target replica is in the ISR (KRaft's
/// `PartitionChangeBuilder.completeReassignmentIfNeeded`; ZooKeeper's `onPartitionReassignment`
/// B1–B6): the removed replicas leave the replicas, ISR and ELR, a leader outside the target is
/// replaced by a clean election among the target (`moveReassignedPartitionLeaderIfRequired`),
/// and the leader epoch is bumped so the removed replicas are fenced: KRaft when a replica leaves
/// or the leader changes, ZooKeeper always. `None` while the move is not complete.
pub fn complete_reassignment(
    zookeeper: bool,
    elr_enabled: bool,
    old: &PartitionState,
    acceptable: impl Fn(BrokerId) -> bool,
) -> Option<(PartitionState, Option<ElectionKind>)> {
    let target = completed_replicas(old)?;
    let mut new = old.clone();
    new.isr.retain(|b| target.contains(b));
    new.elr.retain(|b| target.contains(b));
    new.replicas = target;
    new.adding_replicas.clear();
    new.removing_replicas.clear();
    let mut election = None;
    if new.leader.is_none_or(|l| !new.replicas.contains(&l)) {
        let input = ElectionInput {
            replicas: &new.replicas,
            isr: &new.isr,
            elr: &new.elr,
            current_leader: None,
            unclean_leader_election_enable: false,
            elr_enabled,
            last_known_leader: None,
        };
        let elected = elect_leader(&input, false, acceptable);
        new.leader = elected.map(|e| e.0);
        election = elected.map(|e| e.1);
    }
    if zookeeper || replicas_leave(&old.replicas, &new.replicas) || new.leader != old.leader {
        new.leader_epoch += 1;
    }
    new.partition_epoch += 1;
    Some((new, election))
}

/// KRaft: a target equal to the original replicas of a move in progress is taken as
/// `kafka-reassign-partitions.sh --cancel` (`ReplicationControlManager
/// .cancelPartitionReassignment` with `PartitionReassignmentRevert`): back to the original
/// replicas at once, the adding ones out of the ISR. `None` when that is not the case, or when
/// it would empty the ISR (Kafka then needs an unclean election and refuses without it).
fn cancelled(old: &PartitionState, target: &[BrokerId]) -> Option<PartitionState> {
    let in_progress = !old.adding_replicas.is_empty() || !old.removing_replicas.is_empty();
    let original = without(&old.replicas, &old.adding_replicas);
    if !in_progress || target != original.as_slice() {
        return None;
    }
    let isr = without(&old.isr, &old.adding_replicas);
    if isr.is_empty() {
        return None;
    }
    let mut new = old.clone();
    new.replicas = original;
    new.isr = isr;
    new.elr.retain(|b| new.replicas.contains(b));
    new.adding_replicas.clear();
    new.removing_replicas.clear();
    Some(new)
}

/// KRaft's `triggerLeaderEpochBumpForReplicaReassignmentIfNeeded`: a change that takes any
/// replica out of the set bumps the leader epoch.
pub fn replicas_leave(old: &[BrokerId], new: &[BrokerId]) -> bool {
    old.iter().any(|b| !new.contains(b))
}

/// The replicas once the reassignment completes, if the ISR allows it now: every replica that
/// stays (not removing) is in the ISR (`PartitionReassignmentReplicas.maybeCompleteReassignment`).
pub fn completed_replicas(state: &PartitionState) -> Option<Vec<BrokerId>> {
    if state.adding_replicas.is_empty() && state.removing_replicas.is_empty() {
        return None;
    }
    let target = without(&state.replicas, &state.removing_replicas);
    let complete = !target.is_empty() && target.iter().all(|b| state.isr.contains(b));
    complete.then_some(target)
}

/// The brokers of `list` that are not in `excluded`, in `list`'s order.
pub fn without(list: &[BrokerId], excluded: &[BrokerId]) -> Vec<BrokerId> {
    list.iter()
        .copied()
        .filter(|b| !excluded.contains(b))
        .collect()
}

/// Where a partition is heading: its replicas without those a reassignment is removing
/// (`ReplicaAssignment.targetReplicas`, `replicas.diff(removingReplicas)`); the replicas
/// themselves when none runs.
pub fn target_replicas(replicas: &[BrokerId], removing: &[BrokerId]) -> Vec<BrokerId> {
    without(replicas, removing)
}

/// The replication factor a leader measures its ISR against: during a reassignment the size of
/// the original replicas, the adding ones left out (`OngoingReassignmentState.replicationFactor`,
/// "keep the size of the original replicas"), so a move is not under-replicated while its new
/// replica catches up.
pub fn replication_factor(replicas: &[BrokerId], adding: &[BrokerId]) -> usize {
    without(replicas, adding).len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_and_replication_factor_leave_out_removing_and_adding_replicas() {
        let ids = |v: &[u32]| v.iter().map(|&b| BrokerId(b)).collect::<Vec<_>>();
        // (replicas, adding, removing, target, replication factor)
        for (replicas, adding, removing, target, rf) in [
            (&[1, 2, 3][..], &[][..], &[][..], &[1, 2, 3][..], 3),
            // [1,2,3] → [1,2,6]: replicas target ++ removing while 6 catches up.
            (&[1, 2, 6, 3], &[6], &[3], &[1, 2, 6], 3),
            // RF 2 → 3: nothing removed.
            (&[1, 2, 3], &[3], &[], &[1, 2, 3], 2),
            // RF 3 → 2 is only removing.
            (&[1, 2, 3], &[], &[3], &[1, 2], 3),
        ] {
            assert_eq!(
                target_replicas(&ids(replicas), &ids(removing)),
                ids(target),
                "{replicas:?}"
            );
            assert_eq!(
                replication_factor(&ids(replicas), &ids(adding)),
                rf,
                "{replicas:?}"
            );
        }
    }
    use crate::ids::TopicPartition;

    fn ids(v: &[u32]) -> Vec<BrokerId> {
        v.iter().map(|&b| BrokerId(b)).collect()
    }

    fn state(replicas: &[u32], adding: &[u32], removing: &[u32]) -> PartitionState {
        PartitionState {
            tp: TopicPartition::new("t", 0),
            replicas: ids(replicas),
            isr: ids(replicas),
            elr: Vec::new(),
            last_known_elr: Vec::new(),
            leader: replicas.first().map(|&b| BrokerId(b)),
            leader_epoch: 0,
            partition_epoch: 0,
            adding_replicas: ids(adding),
            removing_replicas: ids(removing),
        }
    }

    type Moves<'a> = (&'a [u32], &'a [u32], &'a [u32]);

    #[test]
    fn a_reassignment_is_target_then_removing_and_none_when_nothing_changes() {
        // (zookeeper, (replicas, adding, removing) before, target, after or None for no
        // record).
        let cases: &[(bool, Moves, &[u32], Option<Moves>)] = &[
            (false, (&[1, 2, 3], &[], &[]), &[1, 2, 3], None),
            (
                false,
                (&[1, 2, 3], &[], &[]),
                &[1, 2, 4],
                Some((&[1, 2, 4, 3], &[4], &[3])),
            ),
            (
                false,
                (&[1, 2, 3], &[], &[]),
                &[2, 1, 3],
                Some((&[2, 1, 3], &[], &[])),
            ),
            // Removing in broker-id order (a TreeSet in PartitionReassignmentReplicas).
            (
                false,
                (&[3, 1, 2], &[], &[]),
                &[4, 5, 6],
                Some((&[4, 5, 6, 1, 2, 3], &[4, 5, 6], &[1, 2, 3])),
            ),
            (false, (&[1, 2, 4, 3], &[4], &[3]), &[1, 2, 4], None),
            // KRaft: replaced mid-way, the old adding replica 4 is now removing, and stays
            // until the new move completes.
            (
                false,
                (&[1, 2, 4, 3], &[4], &[3]),
                &[1, 2, 5],
                Some((&[1, 2, 5, 3, 4], &[5], &[3, 4])),
            ),
            // KRaft: back to the original replicas is a cancellation, at once.
            (
                false,
                (&[1, 2, 4, 3], &[4], &[3]),
                &[1, 2, 3],
                Some((&[1, 2, 3], &[], &[])),
            ),
            (
                true,
                (&[1, 2, 3], &[], &[]),
                &[1, 2, 4],
                Some((&[1, 2, 4, 3], &[4], &[3])),
            ),
            (true, (&[1, 2, 4, 3], &[4], &[3]), &[1, 2, 4], None),
            // ZooKeeper: replaced mid-way, 4 stops at once.
            (
                true,
                (&[1, 2, 4, 3], &[4], &[3]),
                &[1, 2, 5],
                Some((&[1, 2, 5, 3], &[5], &[3])),
            ),
            (
                true,
                (&[1, 2, 4, 3], &[4], &[3]),
                &[1, 2, 3],
                Some((&[1, 2, 3], &[], &[])),
            ),
        ];
        for (zookeeper, (replicas, adding, removing), target, want) in cases {
            let old = state(replicas, adding, removing);
            let new = reassigning(*zookeeper, &old, &ids(target));
            let got = (new != old).then(|| {
                let ids = |v: &[BrokerId]| v.iter().map(|b| b.0).collect::<Vec<_>>();
                (
                    ids(&new.replicas),
                    ids(&new.adding_replicas),
                    ids(&new.removing_replicas),
                )
            });
            let want = want.map(|(r, a, d)| (r.to_vec(), a.to_vec(), d.to_vec()));
            assert_eq!(
                got, want,
                "zookeeper {zookeeper}: {replicas:?} +{adding:?} -{removing:?} → {target:?}"
            );
        }
    }

    #[test]
    fn a_move_completes_once_every_staying_replica_is_in_sync() {
        let mut s = state(&[1, 2, 5, 3, 4], &[5], &[3, 4]);
        s.isr = ids(&[1, 2, 3, 4]);
        assert_eq!(completed_replicas(&s), None, "5 is not in sync yet");
        s.isr.push(BrokerId(5));
        assert_eq!(completed_replicas(&s), Some(ids(&[1, 2, 5])));
        assert_eq!(completed_replicas(&state(&[1, 2, 3], &[], &[])), None);
        assert!(replicas_leave(&ids(&[1, 2, 5, 3, 4]), &ids(&[1, 2, 5])));
        assert!(!replicas_leave(&ids(&[1, 2, 4, 3]), &ids(&[1, 2, 5, 3, 4])));
    }

    /// (leader, leader epoch, partition epoch) of a state, for the epoch tables.
    fn epochs(s: &PartitionState) -> (Option<u32>, u32, u32) {
        (s.leader.map(|b| b.0), s.leader_epoch, s.partition_epoch)
    }

    #[test]
    fn starting_a_move_bumps_the_leader_epoch_in_zookeeper_and_when_a_kraft_replica_leaves() {
        // (zookeeper, (replicas, adding, removing) before, target, leader epoch bumped or None
        // for no record). The partition epoch goes up with every record.
        let cases: &[(bool, Moves, &[u32], Option<bool>)] = &[
            // KRaft: adding 4 removes nobody yet (`triggerLeaderEpochBumpForReplicaReassignment
            // IfNeeded` needs a replica to leave).
            (false, (&[1, 2, 3], &[], &[]), &[1, 2, 4], Some(false)),
            // KRaft --cancel: 4 leaves at once.
            (false, (&[1, 2, 4, 3], &[4], &[3]), &[1, 2, 3], Some(true)),
            (false, (&[1, 2, 3], &[], &[]), &[1, 2, 3], None),
            // ZooKeeper `onPartitionReassignment` A1–A3 sends a new leader epoch.
            (true, (&[1, 2, 3], &[], &[]), &[1, 2, 4], Some(true)),
        ];
        for (zookeeper, (replicas, adding, removing), target, bumped) in cases {
            let old = state(replicas, adding, removing);
            let got = start_reassignment(*zookeeper, &old, &ids(target)).map(|s| epochs(&s));
            let want = bumped.map(|b| (Some(replicas[0]), u32::from(b), 1));
            assert_eq!(
                got, want,
                "zookeeper {zookeeper}: {replicas:?} → {target:?}"
            );
        }
    }

    #[test]
    fn a_completed_move_drops_the_removed_replicas_and_fences_them_with_a_new_epoch() {
        let all_alive = |_: BrokerId| true;
        // [1,2,3] → [1,2,4], 4 caught up: 3 leaves replicas and ISR, the leader stays, and the
        // leader epoch goes up because a replica left (KRaft) or always (ZooKeeper B3).
        let mut moving = state(&[1, 2, 4, 3], &[4], &[3]);
        moving.isr = ids(&[1, 2, 3, 4]);
        for zookeeper in [false, true] {
            let (done, election) = complete_reassignment(zookeeper, false, &moving, all_alive)
                .expect("every target replica is in sync");
            assert_eq!(done.replicas, ids(&[1, 2, 4]));
            assert_eq!(done.isr, ids(&[1, 2, 4]));
            assert!(done.adding_replicas.is_empty() && done.removing_replicas.is_empty());
            assert_eq!(epochs(&done), (Some(1), 1, 1));
            assert_eq!(election, None);
        }
        // The leader was a removed replica: a clean election in the target, in its order.
        let mut leader_leaves = moving.clone();
        leader_leaves.leader = Some(BrokerId(3));
        let (done, election) =
            complete_reassignment(false, false, &leader_leaves, all_alive).expect("complete");
        assert_eq!(epochs(&done), (Some(1), 1, 1));
        assert_eq!(election, Some(ElectionKind::Clean));
        // Raising the replication factor removes nobody: KRaft keeps the leader epoch,
        // ZooKeeper bumps it.
        let grow = state(&[1, 2, 3, 4], &[4], &[]);
        for (zookeeper, leader_epoch) in [(false, 0), (true, 1)] {
            let (done, _) = complete_reassignment(zookeeper, false, &grow, all_alive).unwrap();
            assert_eq!(
                epochs(&done),
                (Some(1), leader_epoch, 1),
                "zookeeper {zookeeper}"
            );
        }
        // Not yet: 4 is still catching up.
        let mut waiting = state(&[1, 2, 4, 3], &[4], &[3]);
        waiting.isr = ids(&[1, 2, 3]);
        assert_eq!(
            complete_reassignment(false, false, &waiting, all_alive),
            None
        );
    }
}
