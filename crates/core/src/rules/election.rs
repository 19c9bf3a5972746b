//! Leader election (KRaft's `PartitionChangeBuilder.electLeader`; ZooKeeper's
//! `PartitionLeaderElectionAlgorithms` give the same answers for the cases modelled here).
//!
//! ⚠ The controller never compares log lengths. "Elect the replica with the highest offset" is
//! not what Kafka does: it walks the assignment order and takes the first acceptable replica.

use crate::ids::BrokerId;

/// Why a replica became (or stayed) leader.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ElectionKind {
    /// The current leader is still acceptable and in the ISR: nothing changes.
    Kept,
    /// The first acceptable ISR member in assignment order.
    Clean,
    /// The ISR is empty; the first acceptable member of the Eligible Leader Replicas (KIP-966).
    EligibleLeaderReplica,
    /// ISR and ELR are both empty: the partition's last known leader comes back and leads
    /// again (KIP-966's balanced recovery, Kafka's default with ELR). It may have lost records,
    /// so this is an unclean election: the ISR becomes just the new leader.
    LastKnownLeader,
    /// `unclean.leader.election.enable`: the first acceptable replica, in sync or not. The ISR
    /// becomes just the new leader and committed records can be lost.
    Unclean,
    /// Preferred leader election moved leadership to the first replica.
    Preferred,
}

impl ElectionKind {
    /// The election sets the ISR to the new leader alone (`PartitionChangeBuilder.tryElection`:
    /// an ELR member, or an unclean election, the last known leader's included).
    pub fn sets_isr(self) -> bool {
        matches!(
            self,
            ElectionKind::EligibleLeaderReplica
                | ElectionKind::LastKnownLeader
                | ElectionKind::Unclean
        )
    }
}

/// `kafka-leader-election.sh --election-type` (Kafka's `ElectionType`, KIP-460).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ElectionType {
    Preferred,
    Unclean,
}

impl ElectionType {
    /// As scenario files write it (Kafka's name in lower case).
    pub fn name(&self) -> &'static str {
        match self {
            ElectionType::Preferred => "preferred",
            ElectionType::Unclean => "unclean",
        }
    }

    pub fn from_name(name: &str) -> Option<ElectionType> {
        match name {
            "preferred" => Some(ElectionType::Preferred),
            "unclean" => Some(ElectionType::Unclean),
            _ => None,
        }
    }
}

/// Whether a requested election has anything to do for a partition
/// (`ReplicationControlManager.electLeader`; the ZooKeeper controller's `onReplicaElection`
/// answers the same): PREFERRED is not needed when the first replica already leads, UNCLEAN
/// when the partition has a leader at all. Kafka answers ELECTION_NOT_NEEDED.
pub fn election_needed(
    election_type: ElectionType,
    leader: Option<BrokerId>,
    replicas: &[BrokerId],
) -> bool {
    match election_type {
        ElectionType::Preferred => leader.is_none() || leader != replicas.first().copied(),
        ElectionType::Unclean => leader.is_none(),
    }
}

/// What the controller knows about a partition when it elects.
pub struct ElectionInput<'a> {
    /// Target replicas in assignment order (the first one is the preferred leader).
    pub replicas: &'a [BrokerId],
    pub isr: &'a [BrokerId],
    pub elr: &'a [BrokerId],
    pub current_leader: Option<BrokerId>,
    pub unclean_leader_election_enable: bool,
    pub elr_enabled: bool,
    /// With ELR: the leader when the partition last became leaderless (Kafka's LastKnownElr).
    pub last_known_leader: Option<BrokerId>,
}

/// The preferred leader: the first replica in assignment order (`PartitionRegistration`'s
/// `preferredReplica`, `replicas[0]`; during a KIP-455 move the target's first, since the
/// replicas are the target followed by the removing ones).
pub fn preferred_replica(replicas: &[BrokerId]) -> Option<BrokerId> {
    replicas.first().copied()
}

/// Elect a leader, given which brokers are acceptable (registered, unfenced, not shutting down).
/// Returns `None` when no replica may lead: the partition is offline.
pub fn elect_leader(
    input: &ElectionInput<'_>,
    preferred: bool,
    acceptable: impl Fn(BrokerId) -> bool,
) -> Option<(BrokerId, ElectionKind)> {
    let clean = |b: BrokerId| input.isr.contains(&b) && acceptable(b);
    if preferred {
        if let Some(first) = preferred_replica(input.replicas) {
            if clean(first) {
                let kind = if input.current_leader == Some(first) {
                    ElectionKind::Kept
                } else {
                    ElectionKind::Preferred
                };
                return Some((first, kind));
            }
        }
    }
    if let Some(leader) = input.current_leader {
        if input.replicas.contains(&leader) && clean(leader) {
            return Some((leader, ElectionKind::Kept));
        }
    }
    if let Some(&b) = input.replicas.iter().find(|&&b| clean(b)) {
        return Some((b, ElectionKind::Clean));
    }
    if input.elr_enabled && input.isr.iter().all(|&b| !acceptable(b)) {
        let eligible = |b: BrokerId| input.elr.contains(&b) && acceptable(b);
        if let Some(&b) = input.replicas.iter().find(|&&b| eligible(b)) {
            return Some((b, ElectionKind::EligibleLeaderReplica));
        }
    }
    if input.elr_enabled && input.isr.is_empty() && input.elr.is_empty() {
        if let Some(b) = input.last_known_leader.filter(|&b| acceptable(b)) {
            return Some((b, ElectionKind::LastKnownLeader));
        }
    }
    if input.unclean_leader_election_enable {
        if let Some(&b) = input.replicas.iter().find(|&&b| acceptable(b)) {
            return Some((b, ElectionKind::Unclean));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(v: &[u32]) -> Vec<BrokerId> {
        v.iter().map(|&b| BrokerId(b)).collect()
    }

    struct Case {
        name: &'static str,
        replicas: &'static [u32],
        isr: &'static [u32],
        elr: &'static [u32],
        last_known: Option<u32>,
        leader: Option<u32>,
        alive: &'static [u32],
        unclean: bool,
        elr_enabled: bool,
        preferred: bool,
        expected: Option<(u32, ElectionKind)>,
    }

    const BASE: Case = Case {
        name: "",
        replicas: &[1, 2, 3],
        isr: &[1, 2, 3],
        elr: &[],
        last_known: None,
        leader: Some(1),
        alive: &[1, 2, 3],
        unclean: false,
        elr_enabled: false,
        preferred: false,
        expected: None,
    };

    #[test]
    fn elections_follow_assignment_order_never_log_length() {
        use ElectionKind::*;
        let cases = [
            Case {
                name: "a live ISR leader is kept",
                expected: Some((1, Kept)),
                ..BASE
            },
            Case {
                name: "leader dead: first live ISR replica in assignment order",
                alive: &[2, 3],
                isr: &[2, 3],
                expected: Some((2, Clean)),
                ..BASE
            },
            // The tutorial would pick the longest log; Kafka picks replica 3 because it comes
            // first in [1, 3, 2] whatever the log lengths are.
            Case {
                name: "assignment order, not broker id",
                replicas: &[1, 3, 2],
                isr: &[3, 2],
                alive: &[2, 3],
                leader: None,
                expected: Some((3, Clean)),
                ..BASE
            },
            Case {
                name: "an out-of-sync replica is never elected cleanly",
                isr: &[1],
                alive: &[2, 3],
                leader: None,
                expected: None,
                ..BASE
            },
            Case {
                name: "unclean election takes the first live replica",
                isr: &[1],
                alive: &[2, 3],
                leader: None,
                unclean: true,
                expected: Some((2, Unclean)),
                ..BASE
            },
            Case {
                name: "unclean is the last resort, after the ISR",
                isr: &[1, 3],
                alive: &[2, 3],
                leader: None,
                unclean: true,
                expected: Some((3, Clean)),
                ..BASE
            },
            Case {
                name: "ELR member leads when the ISR is empty",
                isr: &[],
                elr: &[2, 3],
                alive: &[3],
                leader: None,
                elr_enabled: true,
                expected: Some((3, EligibleLeaderReplica)),
                ..BASE
            },
            Case {
                name: "ELR ignored without KIP-966",
                isr: &[],
                elr: &[2, 3],
                alive: &[3],
                leader: None,
                expected: None,
                ..BASE
            },
            Case {
                name: "preferred election moves leadership to the first replica",
                leader: Some(2),
                expected: Some((1, Preferred)),
                ..BASE
            },
            Case {
                name: "preferred replica out of sync: leader stays",
                leader: Some(2),
                isr: &[2, 3],
                preferred: true,
                expected: Some((2, Kept)),
                ..BASE
            },
            Case {
                name: "preferred replica already leads",
                preferred: true,
                expected: Some((1, Kept)),
                ..BASE
            },
            Case {
                name: "ISR and ELR empty: the last known leader returns, uncleanly",
                isr: &[],
                last_known: Some(2),
                alive: &[2, 3],
                leader: None,
                elr_enabled: true,
                expected: Some((2, LastKnownLeader)),
                ..BASE
            },
            Case {
                name: "the last known leader must be alive (KAFKA-19522)",
                isr: &[],
                last_known: Some(1),
                alive: &[2, 3],
                leader: None,
                elr_enabled: true,
                expected: None,
                ..BASE
            },
            Case {
                name: "no last known leader without ELR",
                isr: &[],
                last_known: Some(2),
                alive: &[2, 3],
                leader: None,
                expected: None,
                ..BASE
            },
            Case {
                name: "no live replica: offline",
                alive: &[],
                leader: None,
                unclean: true,
                expected: None,
                ..BASE
            },
        ];
        for case in cases {
            let (replicas, isr, elr) = (ids(case.replicas), ids(case.isr), ids(case.elr));
            let input = ElectionInput {
                replicas: &replicas,
                isr: &isr,
                elr: &elr,
                current_leader: case.leader.map(BrokerId),
                unclean_leader_election_enable: case.unclean,
                elr_enabled: case.elr_enabled,
                last_known_leader: case.last_known.map(BrokerId),
            };
            let preferred = case.preferred || case.name.starts_with("preferred election");
            let got = elect_leader(&input, preferred, |b| case.alive.contains(&b.0));
            let expected = case.expected.map(|(b, k)| (BrokerId(b), k));
            assert_eq!(got, expected, "{}", case.name);
        }
    }

    #[test]
    fn a_forced_election_is_needed_only_where_it_would_change_something() {
        use ElectionType::*;
        let replicas = ids(&[1, 2, 3]);
        // (type, leader, expected) — ReplicationControlManager.electLeader's
        // ELECTION_NOT_NEEDED check.
        let table = [
            (Preferred, Some(1), false), // the preferred replica leads
            (Preferred, Some(2), true),
            (Preferred, None, true),
            (Unclean, Some(2), false), // any leader: nothing to do
            (Unclean, None, true),
        ];
        for (election_type, leader, expected) in table {
            assert_eq!(
                election_needed(election_type, leader.map(BrokerId), &replicas),
                expected,
                "{election_type:?} leader {leader:?}"
            );
        }
    }
}
