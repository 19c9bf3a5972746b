//! One controller change to a partition's ISR, and what follows from it: the Eligible Leader
//! Replicas, the leader, the last known leader and the epochs (KRaft's
//! `PartitionChangeBuilder.build` in `org.apache.kafka.controller`: `maybePopulateTargetElr`,
//! `tryElection`, `maybeUpdateRecordElr`, `maybeUpdateLastKnownLeader`, and no record when
//! nothing changes, `changeRecordIsNoOp`). The ZooKeeper controller's own ISR changes
//! (`ReplicaStateMachine` removing an offline replica) also bump the leader epoch.

use crate::ids::BrokerId;
use crate::partition_state::PartitionState;
use crate::rules::election::{elect_leader, ElectionInput, ElectionKind};

/// What decides the change besides the new ISR.
#[derive(Clone, Copy, Debug)]
pub struct ChangeRules {
    /// The partition's effective `min.insync.replicas`.
    pub min_isr: usize,
    /// Eligible Leader Replicas (KIP-966).
    pub elr_enabled: bool,
    /// `unclean.leader.election.enable`, or an UNCLEAN election asked for.
    pub unclean: bool,
    /// A PREFERRED election asked for.
    pub preferred: bool,
    /// Bump the leader epoch on an ISR change even when the leader stays: the ZooKeeper
    /// controller changing the ISR itself.
    pub bump_epoch_on_isr_change: bool,
    /// A broker back from an unclean shutdown: no longer eligible (Kafka's
    /// `uncleanShutdownReplicas`).
    pub unclean_shutdown: Option<BrokerId>,
}

/// The partition after the change, and how its leader was chosen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartitionChange {
    pub state: PartitionState,
    pub election: Option<ElectionKind>,
}

/// Applies `isr` to `old`, given which brokers may lead (registered, unfenced, not shutting
/// down). `None` when nothing changes: Kafka writes no record.
pub fn change_partition(
    old: &PartitionState,
    isr: Vec<BrokerId>,
    rules: &ChangeRules,
    acceptable: impl Fn(BrokerId) -> bool,
) -> Option<PartitionChange> {
    let mut new = old.clone();
    (new.isr, new.elr) = target_isr_and_elr(old, isr, rules);
    let elected = try_election(old, &mut new, rules, acceptable);
    if rules.elr_enabled {
        update_last_known_leader(old, &mut new);
    }
    let unchanged = new.leader == old.leader
        && new.isr == old.isr
        && new.elr == old.elr
        && new.last_known_elr == old.last_known_elr;
    if unchanged {
        return None;
    }
    if new.leader != old.leader || (new.isr != old.isr && rules.bump_epoch_on_isr_change) {
        new.leader_epoch += 1;
    }
    new.partition_epoch += 1;
    Some(PartitionChange {
        state: new,
        election: elected,
    })
}

/// `maybePopulateTargetElr`: with ELR, an ISR at min ISR or above clears the ELR; replicas
/// leaving an ISR already below min ISR hold everything up to the (frozen) HW, so they become
/// eligible leaders (never the target ISR's members nor an unclean shutdown's broker). Without
/// ELR the ISR never becomes empty (`build` sets an empty ISR only with ELR): the last member
/// stays.
fn target_isr_and_elr(
    old: &PartitionState,
    mut isr: Vec<BrokerId>,
    rules: &ChangeRules,
) -> (Vec<BrokerId>, Vec<BrokerId>) {
    let mut elr = old.elr.clone();
    if rules.elr_enabled {
        if isr.len() >= rules.min_isr {
            elr.clear();
        } else {
            for &b in &old.isr {
                if !isr.contains(&b) && !elr.contains(&b) {
                    elr.push(b);
                }
            }
        }
        elr.retain(|b| !isr.contains(b) && Some(*b) != rules.unclean_shutdown);
    } else if isr.is_empty() {
        isr = old.isr.iter().copied().take(1).collect();
    }
    (isr, elr)
}

/// `tryElection` and `maybeUpdateRecordElr`: an ELR member elected becomes the ISR alone and
/// leaves the ELR; an unclean election (the last known leader's included) makes the ISR just
/// the new leader and clears the ELR, which no longer means anything.
fn try_election(
    old: &PartitionState,
    new: &mut PartitionState,
    rules: &ChangeRules,
    acceptable: impl Fn(BrokerId) -> bool,
) -> Option<ElectionKind> {
    let input = ElectionInput {
        replicas: &old.replicas,
        isr: &new.isr,
        elr: &new.elr,
        current_leader: old.leader,
        unclean_leader_election_enable: rules.unclean,
        elr_enabled: rules.elr_enabled,
        last_known_leader: match old.last_known_elr.as_slice() {
            [only] => Some(*only),
            _ => None,
        },
    };
    let elected = elect_leader(&input, rules.preferred, acceptable);
    new.leader = elected.map(|(leader, _)| leader);
    match elected {
        Some((leader, ElectionKind::EligibleLeaderReplica)) => {
            new.isr = vec![leader];
            new.elr.retain(|&b| b != leader);
        }
        Some((leader, ElectionKind::Unclean | ElectionKind::LastKnownLeader)) => {
            new.isr = vec![leader];
            new.elr.clear();
        }
        _ => {}
    }
    elected.map(|(_, kind)| kind)
}

/// `maybeUpdateLastKnownLeader`: remember the leader the first time the ISR empties; forget it
/// once the partition has a leader again.
fn update_last_known_leader(old: &PartitionState, new: &mut PartitionState) {
    let remembered = old.leader.map(|l| vec![l]);
    if new.isr.is_empty()
        && !old.isr.is_empty()
        && remembered
            .as_ref()
            .is_some_and(|r| *r != old.last_known_elr)
    {
        new.last_known_elr = remembered.unwrap_or_default();
    } else if new.leader.is_some() {
        new.last_known_elr.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::TopicPartition;
    use ElectionKind::*;

    fn ids(v: &[u32]) -> Vec<BrokerId> {
        v.iter().map(|&b| BrokerId(b)).collect()
    }

    /// What the change should give; `elr` as a set (Kafka builds it from a `HashSet`).
    struct Want {
        leader: Option<u32>,
        isr: &'static [u32],
        elr: &'static [u32],
        last_known: &'static [u32],
        leader_epoch_bumped: bool,
        kind: Option<ElectionKind>,
    }

    struct Case {
        name: &'static str,
        leader: Option<u32>,
        isr: &'static [u32],
        elr: &'static [u32],
        last_known: &'static [u32],
        new_isr: &'static [u32],
        alive: &'static [u32],
        rules: ChangeRules,
        want: Option<Want>,
    }

    const KRAFT: ChangeRules = ChangeRules {
        min_isr: 2,
        elr_enabled: false,
        unclean: false,
        preferred: false,
        bump_epoch_on_isr_change: false,
        unclean_shutdown: None,
    };
    const ELR: ChangeRules = ChangeRules {
        elr_enabled: true,
        ..KRAFT
    };
    const BASE: Case = Case {
        name: "",
        leader: Some(1),
        isr: &[1, 2, 3],
        elr: &[],
        last_known: &[],
        new_isr: &[1, 2, 3],
        alive: &[1, 2, 3],
        rules: KRAFT,
        want: None,
    };
    const KEPT: Want = Want {
        leader: Some(1),
        isr: &[1, 2, 3],
        elr: &[],
        last_known: &[],
        leader_epoch_bumped: false,
        kind: Some(Kept),
    };

    fn cases() -> Vec<Case> {
        vec![
            Case {
                name: "changeRecordIsNoOp: the same ISR writes no record",
                ..BASE
            },
            Case {
                name: "KRaft ISR shrink keeps the leader epoch (bumped only before MV 3.6)",
                new_isr: &[1, 2],
                want: Some(Want {
                    isr: &[1, 2],
                    ..KEPT
                }),
                ..BASE
            },
            Case {
                name: "the ZooKeeper controller's own ISR change bumps the leader epoch",
                new_isr: &[1, 2],
                rules: ChangeRules {
                    bump_epoch_on_isr_change: true,
                    ..KRAFT
                },
                want: Some(Want {
                    isr: &[1, 2],
                    leader_epoch_bumped: true,
                    ..KEPT
                }),
                ..BASE
            },
            Case {
                name: "leader fenced: the first live ISR member in assignment order",
                new_isr: &[2, 3],
                alive: &[2, 3],
                want: Some(Want {
                    leader: Some(2),
                    isr: &[2, 3],
                    leader_epoch_bumped: true,
                    kind: Some(Clean),
                    ..KEPT
                }),
                ..BASE
            },
            Case {
                name: "PREFERRED: the first replica leads again",
                leader: Some(2),
                rules: ChangeRules {
                    preferred: true,
                    ..KRAFT
                },
                want: Some(Want {
                    leader_epoch_bumped: true,
                    kind: Some(Preferred),
                    ..KEPT
                }),
                ..BASE
            },
            Case {
                name: "without ELR the ISR never empties: its last member stays, offline",
                isr: &[1],
                new_isr: &[],
                alive: &[2, 3],
                want: Some(Want {
                    leader: None,
                    isr: &[1],
                    leader_epoch_bumped: true,
                    kind: None,
                    ..KEPT
                }),
                ..BASE
            },
            Case {
                name: "unclean: the first live replica, the ISR just the new leader",
                isr: &[1],
                new_isr: &[],
                alive: &[2, 3],
                rules: ChangeRules {
                    unclean: true,
                    ..KRAFT
                },
                want: Some(Want {
                    leader: Some(2),
                    isr: &[2],
                    leader_epoch_bumped: true,
                    kind: Some(Unclean),
                    ..KEPT
                }),
                ..BASE
            },
            Case {
                name: "maybePopulateTargetElr: leaving an ISR below min ISR joins the ELR",
                isr: &[1, 2],
                new_isr: &[1],
                alive: &[1, 3],
                rules: ELR,
                want: Some(Want {
                    isr: &[1],
                    elr: &[2],
                    ..KEPT
                }),
                ..BASE
            },
            Case {
                name: "maybePopulateTargetElr: an ISR back at min ISR clears the ELR",
                isr: &[1],
                elr: &[2],
                new_isr: &[1, 3],
                rules: ELR,
                want: Some(Want {
                    isr: &[1, 3],
                    ..KEPT
                }),
                ..BASE
            },
            Case {
                name: "an unclean shutdown's broker leaves the ELR",
                isr: &[1],
                elr: &[2],
                new_isr: &[1],
                rules: ChangeRules {
                    unclean_shutdown: Some(BrokerId(2)),
                    ..ELR
                },
                want: Some(Want { isr: &[1], ..KEPT }),
                ..BASE
            },
            Case {
                name: "tryElection: an ELR member leads, alone in the ISR, out of the ELR",
                isr: &[1],
                elr: &[2],
                new_isr: &[],
                alive: &[2, 3],
                rules: ELR,
                want: Some(Want {
                    leader: Some(2),
                    isr: &[2],
                    elr: &[1],
                    leader_epoch_bumped: true,
                    kind: Some(EligibleLeaderReplica),
                    ..KEPT
                }),
                ..BASE
            },
            Case {
                name: "maybeUpdateLastKnownLeader: the ISR empties, the leader is remembered",
                isr: &[1],
                new_isr: &[],
                alive: &[],
                rules: ELR,
                want: Some(Want {
                    leader: None,
                    isr: &[],
                    elr: &[1],
                    last_known: &[1],
                    leader_epoch_bumped: true,
                    kind: None,
                }),
                ..BASE
            },
            Case {
                name: "balanced recovery: the last known leader returns, unclean, and is forgotten",
                leader: None,
                isr: &[],
                last_known: &[1],
                new_isr: &[],
                rules: ELR,
                want: Some(Want {
                    isr: &[1],
                    leader_epoch_bumped: true,
                    kind: Some(LastKnownLeader),
                    ..KEPT
                }),
                ..BASE
            },
            Case {
                name: "maybeUpdateRecordElr: an unclean election clears the ELR",
                isr: &[1],
                new_isr: &[],
                alive: &[2, 3],
                rules: ChangeRules {
                    unclean: true,
                    ..ELR
                },
                want: Some(Want {
                    leader: Some(2),
                    isr: &[2],
                    leader_epoch_bumped: true,
                    kind: Some(Unclean),
                    ..KEPT
                }),
                ..BASE
            },
        ]
    }

    #[test]
    fn a_change_follows_kafkas_partition_change_builder() {
        for case in cases() {
            let old = PartitionState {
                tp: TopicPartition::new("t", 0),
                replicas: ids(&[1, 2, 3]),
                isr: ids(case.isr),
                elr: ids(case.elr),
                last_known_elr: ids(case.last_known),
                leader: case.leader.map(BrokerId),
                leader_epoch: 5,
                partition_epoch: 7,
                adding_replicas: Vec::new(),
                removing_replicas: Vec::new(),
            };
            let alive = ids(case.alive);
            let got =
                change_partition(&old, ids(case.new_isr), &case.rules, |b| alive.contains(&b));
            let (Some(got), Some(want)) = (&got, &case.want) else {
                assert_eq!(got.is_none(), case.want.is_none(), "{}", case.name);
                continue;
            };
            let new = &got.state;
            let mut elr = new.elr.clone();
            elr.sort();
            let bump = u32::from(want.leader_epoch_bumped);
            assert_eq!(new.leader, want.leader.map(BrokerId), "{}", case.name);
            assert_eq!(new.isr, ids(want.isr), "{}", case.name);
            assert_eq!(elr, ids(want.elr), "{}", case.name);
            assert_eq!(new.last_known_elr, ids(want.last_known), "{}", case.name);
            assert_eq!(new.leader_epoch, 5 + bump, "{}", case.name);
            assert_eq!(new.partition_epoch, 8, "{}", case.name);
            assert_eq!(got.election, want.kind, "{}", case.name);
        }
    }
}
