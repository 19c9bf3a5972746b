//! The rack-aware layout (`AdminUtils.assignReplicasToBrokersRackAware`): brokers listed
//! alternating racks, leaders walking that list, followers skipping a broker whose rack (or
//! which) the partition already has until every rack (every broker) has one.

use super::{follower_span, replica_index, to_index, PlacementError, PlacementSeed};
use crate::ids::BrokerId;
use std::cmp::Ordering;

/// `assignReplicasToBrokersRackAware` with `startPartitionId = 0`: leaders round-robin over the
/// rack-alternated list; followers walk the same `replicaIndex` sequence (shift scaled by the rack
/// count) but skip a broker whose rack already has a replica while some rack has none, and a
/// broker that already has one.
pub(super) fn assign_rack_aware(
    racked: &[(BrokerId, &str)],
    partitions: u32,
    replication_factor: u32,
    seed: PlacementSeed,
) -> Result<Vec<Vec<BrokerId>>, PlacementError> {
    let list = rack_alternated(racked);
    let num_racks = sorted_racks(racked).len() as u64;
    let n = list.len() as u64;
    let span = follower_span(n);
    let start = u64::from(seed.start_index) % n;
    let mut shift = u64::from(seed.replica_shift) % n;
    let mut assignment = Vec::new();
    for p in 0..partitions {
        let p64 = u64::from(p);
        if p64 > 0 && p64 % n == 0 {
            shift += 1;
        }
        // Kafka's `nextReplicaShift * numRacks`, reduced mod (n - 1) so it cannot overflow.
        let shift_term = (shift % span) * (num_racks % span);
        let first = (p64 + start) % n;
        let (leader, leader_rack) = list[to_index(first)];
        let mut replicas = vec![leader];
        let mut racks_used = vec![leader_rack];
        let mut k = 0u64;
        for _ in 1..replication_factor {
            // Every window of n - 1 consecutive k visits every non-leader slot once, and a fitting
            // broker exists while replicas < brokers, so the window always holds one.
            let found = (k..k + span)
                .map(|kk| (kk, list[to_index(replica_index(first, shift_term, kk, n))]))
                .find(|&(_, (broker, rack))| {
                    let rack_ok =
                        !racks_used.contains(&rack) || racks_used.len() as u64 == num_racks;
                    let broker_ok = !replicas.contains(&broker) || replicas.len() as u64 == n;
                    rack_ok && broker_ok
                });
            let Some((kk, (broker, rack))) = found else {
                return Err(PlacementError::NoEligibleBroker { partition: p });
            };
            k = kk + 1;
            replicas.push(broker);
            if !racks_used.contains(&rack) {
                racks_used.push(rack);
            }
        }
        assignment.push(replicas);
    }
    Ok(assignment)
}

/// `getRackAlternatedBrokerList`: racks in name order, brokers in id order within a rack, taking
/// one broker from each rack in turn (racks that run out are skipped).
pub(super) fn rack_alternated<'a>(racked: &[(BrokerId, &'a str)]) -> Vec<(BrokerId, &'a str)> {
    let by_rack: Vec<Vec<(BrokerId, &str)>> = sorted_racks(racked)
        .into_iter()
        .map(|rack| racked.iter().filter(|(_, r)| *r == rack).copied().collect())
        .collect();
    let depth = by_rack.iter().map(Vec::len).max().unwrap_or(0);
    (0..depth)
        .flat_map(|i| by_rack.iter().filter_map(move |row| row.get(i).copied()))
        .collect()
}

/// Distinct rack names in Java `String.compareTo` order (UTF-16 code units), as Kafka's
/// `Arrays.sort(racks)`; it differs from Rust's byte order only for some non-BMP names.
fn sorted_racks<'a>(racked: &[(BrokerId, &'a str)]) -> Vec<&'a str> {
    let mut racks: Vec<&str> = racked.iter().map(|(_, r)| *r).collect();
    crate::sorting::sort_by(&mut racks, |a, b| java_string_cmp(a, b).is_lt());
    racks.dedup();
    racks
}

fn java_string_cmp(a: &str, b: &str) -> Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::placement::tests::{distinct, every_seed, ids, rack_map, racked, seed};
    use crate::placement::{assign_replicas, BrokerRack, RackMode};
    use crate::vec_map::VecMap;

    /// `(broker id, rack)` pairs, as Kafka's tests write a `brokerRackMapping`.
    type RackMapping<'a> = &'a [(u32, &'a str)];

    /// Kafka's `RackAwareTest.checkReplicaDistribution`.
    fn check_distribution(
        assignment: &[Vec<BrokerId>],
        brokers: &[BrokerRack],
        rf: usize,
        rack_aware: bool,
        even_leaders: bool,
        even_replicas: bool,
    ) {
        let racks = rack_map(brokers);
        let mut leaders: VecMap<BrokerId, usize> = VecMap::new();
        let mut replicas: VecMap<BrokerId, usize> = VecMap::new();
        for row in assignment {
            assert_eq!(
                distinct(row),
                row.len(),
                "a broker holds two replicas in {row:?}"
            );
            *leaders.entry(row[0]).or_default() += 1;
            for b in row {
                *replicas.entry(*b).or_default() += 1;
            }
            if rack_aware {
                let row_racks: Vec<&String> = row.iter().map(|b| &racks[b]).collect();
                assert_eq!(
                    distinct(&row_racks),
                    rf,
                    "two replicas share a rack in {row:?}"
                );
            }
        }
        let n = brokers.len();
        if even_leaders {
            assert!(
                leaders.values().all(|&c| c == assignment.len() / n),
                "{leaders:?}"
            );
            assert_eq!(leaders.len(), n);
        }
        if even_replicas {
            assert!(
                replicas.values().all(|&c| c == assignment.len() * rf / n),
                "{replicas:?}"
            );
            assert_eq!(replicas.len(), n);
        }
    }

    #[test]
    fn rack_alternated_list_matches_kafkas_javadoc_and_test() {
        // AdminRackAwareTest.testGetRackAlternatedBrokerListAndAssignReplicasToBrokers.
        let rack_map = [
            (0, "rack1"),
            (1, "rack3"),
            (2, "rack3"),
            (3, "rack2"),
            (4, "rack2"),
        ];
        let cases: [(RackMapping, &[u32]); 3] = [
            (
                &[rack_map.as_slice(), &[(5, "rack1")]].concat(),
                &[0, 3, 1, 5, 4, 2],
            ),
            (&rack_map, &[0, 3, 1, 4, 2]),
            // getRackAlternatedBrokerList's own javadoc.
            (
                &[
                    (0, "rack1"),
                    (1, "rack1"),
                    (2, "rack1"),
                    (3, "rack2"),
                    (4, "rack2"),
                    (5, "rack2"),
                    (6, "rack3"),
                    (7, "rack3"),
                    (8, "rack3"),
                ],
                &[0, 3, 6, 1, 4, 7, 2, 5, 8],
            ),
        ];
        for (pairs, want) in cases {
            let pairs: Vec<(BrokerId, &str)> =
                pairs.iter().map(|&(b, r)| (BrokerId(b), r)).collect();
            let want: Vec<BrokerId> = want.iter().map(|&b| BrokerId(b)).collect();
            let got: Vec<BrokerId> = rack_alternated(&pairs)
                .into_iter()
                .map(|(b, _)| b)
                .collect();
            assert_eq!(got, want);
        }
    }

    #[test]
    fn rack_aware_layout_matches_kafkas_javadoc_and_test() {
        // AdminUtils javadoc and AdminRackAwareTest.testGetRackAlternatedBrokerListAndAssignReplicasToBrokers
        // (7 partitions, RF 3, fixedStartIndex = 0): partition 6 shifts to 0,4,2 instead of 0,3,1.
        let brokers = racked(&[
            (0, Some("rack1")),
            (1, Some("rack3")),
            (2, Some("rack3")),
            (3, Some("rack2")),
            (4, Some("rack2")),
            (5, Some("rack1")),
        ]);
        let got = assign_replicas(&brokers, 7, 3, RackMode::Aware, seed(0, 0));
        let want = ids(&[
            &[0, 3, 1],
            &[3, 1, 5],
            &[1, 5, 4],
            &[5, 4, 2],
            &[4, 2, 0],
            &[2, 0, 3],
            &[0, 4, 2],
        ]);
        assert_eq!(got, Ok(want));
    }

    #[test]
    fn kafkas_fixed_start_rack_aware_tests_spread_evenly() {
        // AdminRackAwareTest cases that pass a fixedStartIndex (used for both inputs).
        let three_racks = racked(&[
            (0, Some("rack1")),
            (1, Some("rack2")),
            (2, Some("rack2")),
            (3, Some("rack3")),
            (4, Some("rack3")),
            (5, Some("rack1")),
        ]);
        // testAssignmentWithRackAware: fixedStartIndex 2, 6 partitions, RF 3, everything even.
        let a = assign_replicas(&three_racks, 6, 3, RackMode::Aware, seed(2, 2)).unwrap();
        check_distribution(&a, &three_racks, 3, true, true, true);
        // testAssignmentWithRackAwareWithUnevenReplicas: fixedStartIndex 0, 13 partitions.
        let a = assign_replicas(&three_racks, 13, 3, RackMode::Aware, seed(0, 0)).unwrap();
        check_distribution(&a, &three_racks, 3, true, false, false);
        // testSkipBrokerWithReplicaAlreadyAssigned: fixedStartIndex 2, RF 4 over racks a, b, c.
        let skewed = racked(&[
            (0, Some("a")),
            (1, Some("b")),
            (2, Some("c")),
            (3, Some("a")),
            (4, Some("a")),
        ]);
        let a = assign_replicas(&skewed, 6, 4, RackMode::Aware, seed(2, 2)).unwrap();
        check_distribution(&a, &skewed, 4, false, false, false);
    }

    #[test]
    fn kafkas_random_start_rack_aware_tests_hold_for_every_seed() {
        // AdminRackAwareTest cases that use a random start, checked for every seed Kafka can draw:
        // (brokers, partitions, RF, rack-aware, even leaders, even replicas).
        let three_racks = [
            (0, "rack1"),
            (1, "rack2"),
            (2, "rack2"),
            (3, "rack3"),
            (4, "rack3"),
            (5, "rack1"),
        ];
        let uneven = [
            (0, "rack1"),
            (1, "rack1"),
            (2, "rack2"),
            (3, "rack3"),
            (4, "rack3"),
            (5, "rack1"),
        ];
        let twelve = [
            (0, "rack1"),
            (1, "rack2"),
            (2, "rack2"),
            (3, "rack3"),
            (4, "rack3"),
            (5, "rack1"),
            (6, "rack1"),
            (7, "rack2"),
            (8, "rack2"),
            (9, "rack3"),
            (10, "rack1"),
            (11, "rack3"),
        ];
        let cases: [(RackMapping, u32, u32, bool, bool, bool); 6] = [
            (&three_racks, 6, 3, true, true, true), // ...WithRandomStartIndex
            (&uneven, 12, 3, true, true, false),    // ...WithUnevenRacks
            (&three_racks, 12, 2, true, true, true), // testAssignmentWith2ReplicasRackAware
            (&three_racks, 6, 2, true, true, true), // ...With6Partitions
            (
                &[(0, "rack1"), (1, "rack2"), (4, "rack3")],
                3,
                2,
                true,
                true,
                true,
            ), // ...And3Brokers
            (&twelve, 96, 3, true, true, true),     // testLargeNumberPartitionsAssignment
        ];
        for (pairs, partitions, rf, rack_aware, leaders, replicas) in cases {
            let brokers: Vec<BrokerRack> = pairs
                .iter()
                .map(|&(b, r)| BrokerRack {
                    id: BrokerId(b),
                    rack: Some(r.into()),
                })
                .collect();
            for s in every_seed(pairs.len() as u32) {
                let a = assign_replicas(&brokers, partitions, rf, RackMode::Aware, s).unwrap();
                assert_eq!(a.len(), partitions as usize);
                check_distribution(&a, &brokers, rf as usize, rack_aware, leaders, replicas);
            }
        }
    }

    #[test]
    fn rack_aware_covers_min_of_replication_factor_and_rack_count() {
        // testMoreReplicasThanRacks (RF 5 over 3 racks), testLessReplicasThanRacks (RF 2) and
        // testSingleRack (RF 3, one leader per broker), for every seed.
        let three = racked(&[
            (0, Some("rack1")),
            (1, Some("rack2")),
            (2, Some("rack2")),
            (3, Some("rack3")),
            (4, Some("rack3")),
            (5, Some("rack2")),
        ]);
        let single: Vec<BrokerRack> = (0..6)
            .map(|id| BrokerRack {
                id: BrokerId(id),
                rack: Some("rack1".into()),
            })
            .collect();
        for (brokers, rf, racks) in [(&three, 5, 3), (&three, 2, 2), (&single, 3, 1)] {
            let rack_of = rack_map(brokers);
            for s in every_seed(6) {
                let a = assign_replicas(brokers, 6, rf, RackMode::Aware, s).unwrap();
                for row in &a {
                    assert_eq!(row.len(), rf as usize);
                    let row_racks: Vec<&String> = row.iter().map(|b| &rack_of[b]).collect();
                    assert_eq!(distinct(&row_racks), racks, "{row:?} with {s:?}");
                }
                if racks == 1 {
                    check_distribution(&a, brokers, rf as usize, false, true, false);
                }
            }
        }
    }
}
