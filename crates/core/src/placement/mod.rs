//! Replica assignment as Kafka's `AdminUtils.assignReplicasToBrokers` does it
//! (`org.apache.kafka.admin.AdminUtils` in server-common; `kafka.admin.AdminUtils` in older cores).
//!
//! This module models AdminUtils, which `kafka-reassign-partitions --generate` and ZooKeeper-mode
//! topic creation use; a KRaft controller places new topics with `StripedReplicaPlacer` instead,
//! which is not modelled here.
//!
//! The layout is a pure function of the broker set and a [`PlacementSeed`]; Kafka draws the seed
//! at random, the simulation draws it from its own [`Rng`] so a scenario replays identically.

use crate::ids::BrokerId;
use crate::rng::Rng;
use std::fmt;

mod rack_aware;

use rack_aware::assign_rack_aware;

/// A broker as the assigner sees it: its id and its `broker.rack`, if set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrokerRack {
    pub id: BrokerId,
    pub rack: Option<String>,
}

/// Whether racks are used, as the tools' `RackAwareMode`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RackMode {
    /// `RackAwareMode.Enforced`: use racks; a cluster where only some brokers have one is an error.
    Aware,
    /// `RackAwareMode.Disabled` (`--disable-rack-aware`): racks are ignored.
    Unaware,
}

/// The two random inputs of AdminUtils: `startIndex` (where the first leader lands in the broker
/// list) and `nextReplicaShift` (how far the followers sit from their leader).
///
/// Values of `broker_count` or more are reduced modulo the broker count, so every seed is one
/// Kafka could have drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlacementSeed {
    pub start_index: u32,
    pub replica_shift: u32,
}

impl PlacementSeed {
    /// Draws both inputs as Kafka does when no fixed start index is given: `startIndex` first, then
    /// `nextReplicaShift`, each `RAND.nextInt(brokerCount)`. A count of 0 gives 0 for both.
    pub fn draw(rng: &mut Rng, broker_count: u32) -> Self {
        let start_index = below(rng, broker_count);
        let replica_shift = below(rng, broker_count);
        Self {
            start_index,
            replica_shift,
        }
    }
}

fn below(rng: &mut Rng, bound: u32) -> u32 {
    // `below` returns less than `bound`, so the conversion cannot fail.
    u32::try_from(rng.below(u64::from(bound))).unwrap_or(0)
}

/// Why no assignment could be made. The messages are Kafka's where Kafka has one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlacementError {
    /// Kafka's `InvalidPartitionsException`.
    NoPartitions,
    /// Kafka's `InvalidReplicationFactorException` for a factor of 0.
    ReplicationFactorNotPositive,
    /// Kafka's `InvalidReplicationFactorException` when there are too few brokers.
    ReplicationFactorTooLarge {
        replication_factor: u32,
        brokers: u64,
    },
    /// Kafka's `AdminOperationException` when racks are enforced but only some brokers have one.
    PartialRackInfo { without_rack: Vec<BrokerId> },
    /// The same broker id was given twice. Kafka's callers pass broker ids from cluster metadata,
    /// which are unique; here duplicates would yield a partition with one broker twice.
    DuplicateBroker(BrokerId),
    /// No broker could take a replica. Cannot happen once the checks above pass (a broker without
    /// a replica always exists while replicas < brokers); returned rather than panicking.
    NoEligibleBroker { partition: u32 },
}

impl fmt::Display for PlacementError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoPartitions => f.write_str("Number of partitions must be larger than 0."),
            Self::ReplicationFactorNotPositive => {
                f.write_str("Replication factor must be larger than 0.")
            }
            Self::ReplicationFactorTooLarge {
                replication_factor,
                brokers,
            } => write!(
                f,
                "Replication factor: {replication_factor} larger than available brokers: {brokers}."
            ),
            Self::PartialRackInfo { without_rack } => {
                f.write_str(
                    "Not all brokers have rack information for replica rack aware assignment.",
                )?;
                f.write_str(" Brokers without a rack:")?;
                for (i, id) in without_rack.iter().enumerate() {
                    write!(f, "{}{id}", if i == 0 { " " } else { ", " })?;
                }
                f.write_str(".")
            }
            Self::DuplicateBroker(id) => write!(f, "Broker {id} is listed more than once."),
            Self::NoEligibleBroker { partition } => {
                write!(
                    f,
                    "No eligible broker for a replica of partition {partition}."
                )
            }
        }
    }
}

impl std::error::Error for PlacementError {}

/// The mode Kafka's tools default to (`RackAwareMode.Enforced`) is only observable when some
/// broker has a rack: then a missing rack is an error. With no racks at all, AdminUtils falls back
/// to the rack-unaware layout either way.
pub fn default_rack_mode(brokers: &[BrokerRack]) -> RackMode {
    if brokers.iter().any(|b| b.rack.is_some()) {
        RackMode::Aware
    } else {
        RackMode::Unaware
    }
}

/// Replica lists for partitions `0..partitions`, leader (preferred replica) first.
///
/// Brokers are taken in id order whatever the input order, as `AdminZkClient.getBrokerMetadatas`
/// sorts them. Checks run in AdminUtils' order: partitions, replication factor, broker count,
/// then rack information (after rejecting duplicate ids, which Kafka never sees).
pub fn assign_replicas(
    brokers: &[BrokerRack],
    partitions: u32,
    replication_factor: u32,
    mode: RackMode,
    seed: PlacementSeed,
) -> Result<Vec<Vec<BrokerId>>, PlacementError> {
    let sorted = sorted_unique(brokers)?;
    check_counts(sorted.len(), partitions, replication_factor)?;
    // `Disabled` strips racks before AdminUtils runs; AdminUtils goes rack-unaware when no broker
    // has a rack.
    if mode == RackMode::Unaware || sorted.iter().all(|b| b.rack.is_none()) {
        let ids: Vec<BrokerId> = sorted.iter().map(|b| b.id).collect();
        return Ok(assign_rack_unaware(
            &ids,
            partitions,
            replication_factor,
            seed,
        ));
    }
    let racked = with_racks(&sorted)?;
    assign_rack_aware(&racked, partitions, replication_factor, seed)
}

fn sorted_unique(brokers: &[BrokerRack]) -> Result<Vec<&BrokerRack>, PlacementError> {
    let mut sorted: Vec<&BrokerRack> = brokers.iter().collect();
    // Equal ids are refused just below, so an unstable sort gives the same result.
    crate::sorting::sort_by_key(&mut sorted, |b| b.id);
    match sorted.windows(2).find(|w| w[0].id == w[1].id) {
        Some(w) => Err(PlacementError::DuplicateBroker(w[0].id)),
        None => Ok(sorted),
    }
}

fn check_counts(
    brokers: usize,
    partitions: u32,
    replication_factor: u32,
) -> Result<(), PlacementError> {
    let brokers = brokers as u64; // usize is at most 64 bits on every target
    if partitions == 0 {
        return Err(PlacementError::NoPartitions);
    }
    if replication_factor == 0 {
        return Err(PlacementError::ReplicationFactorNotPositive);
    }
    if u64::from(replication_factor) > brokers {
        return Err(PlacementError::ReplicationFactorTooLarge {
            replication_factor,
            brokers,
        });
    }
    Ok(())
}

/// Pairs each broker with its rack, or names the brokers lacking one (AdminUtils'
/// `brokerRackMap` construction, which throws on the first rackless broker).
fn with_racks<'a>(sorted: &[&'a BrokerRack]) -> Result<Vec<(BrokerId, &'a str)>, PlacementError> {
    let without_rack: Vec<BrokerId> = sorted
        .iter()
        .filter(|b| b.rack.is_none())
        .map(|b| b.id)
        .collect();
    if !without_rack.is_empty() {
        return Err(PlacementError::PartialRackInfo { without_rack });
    }
    Ok(sorted
        .iter()
        .filter_map(|b| b.rack.as_deref().map(|r| (b.id, r)))
        .collect())
}

/// `assignReplicasToBrokersRackUnaware` with `startPartitionId = 0`: leaders round-robin from
/// `startIndex`; after every full round the follower shift grows by one so the same follower
/// sets do not repeat.
fn assign_rack_unaware(
    ids: &[BrokerId],
    partitions: u32,
    replication_factor: u32,
    seed: PlacementSeed,
) -> Vec<Vec<BrokerId>> {
    let n = ids.len() as u64;
    let start = u64::from(seed.start_index) % n;
    let mut shift = u64::from(seed.replica_shift) % n;
    (0..u64::from(partitions))
        .map(|p| {
            if p > 0 && p % n == 0 {
                shift += 1;
            }
            let first = (p + start) % n;
            let followers = (0..u64::from(replication_factor.saturating_sub(1)))
                .map(|j| ids[to_index(replica_index(first, shift, j, n))]);
            std::iter::once(ids[to_index(first)])
                .chain(followers)
                .collect()
        })
        .collect()
}

/// Kafka's `replicaIndex`: `(first + 1 + (shift + j) % (n - 1)) % n`, i.e. never the leader's own
/// slot. Terms are reduced before adding so the arithmetic stays exact in `u64`.
fn replica_index(first: u64, shift: u64, j: u64, n: u64) -> u64 {
    let span = follower_span(n);
    (first + 1 + (shift % span + j % span) % span) % n.max(1)
}

/// `n - 1`, the number of follower slots; 1 for a single broker (which has no followers) so the
/// modulus is never zero.
fn follower_span(n: u64) -> u64 {
    n.saturating_sub(1).max(1)
}

fn to_index(i: u64) -> usize {
    // Indices are reduced mod the list length, so they fit in usize.
    usize::try_from(i).unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vec_map::VecMap;

    pub(super) fn unracked(ids: &[u32]) -> Vec<BrokerRack> {
        ids.iter()
            .map(|&id| BrokerRack {
                id: BrokerId(id),
                rack: None,
            })
            .collect()
    }

    pub(super) fn racked(pairs: &[(u32, Option<&str>)]) -> Vec<BrokerRack> {
        pairs
            .iter()
            .map(|&(id, rack)| BrokerRack {
                id: BrokerId(id),
                rack: rack.map(String::from),
            })
            .collect()
    }

    pub(super) fn ids(rows: &[&[u32]]) -> Vec<Vec<BrokerId>> {
        rows.iter()
            .map(|row| row.iter().map(|&b| BrokerId(b)).collect())
            .collect()
    }

    pub(super) fn seed(start_index: u32, replica_shift: u32) -> PlacementSeed {
        PlacementSeed {
            start_index,
            replica_shift,
        }
    }

    /// Every `(startIndex, nextReplicaShift)` pair Kafka could draw for `n` brokers.
    pub(super) fn every_seed(n: u32) -> impl Iterator<Item = PlacementSeed> {
        (0..n).flat_map(move |s| (0..n).map(move |r| seed(s, r)))
    }

    pub(super) fn rack_map(brokers: &[BrokerRack]) -> VecMap<BrokerId, String> {
        brokers
            .iter()
            .map(|b| (b.id, b.rack.clone().unwrap_or_default()))
            .collect()
    }

    pub(super) fn distinct<T: Ord + Clone>(items: &[T]) -> usize {
        let mut v = items.to_vec();
        v.sort();
        v.dedup();
        v.len()
    }

    #[test]
    fn rack_unaware_layout_matches_kafkas_javadoc_and_test_replica_assignment() {
        // AdminUtils javadoc table (broker-0..4, p0..p9) and AdminRackAwareTest.testReplicaAssignment
        // (fixedStartIndex = 0, so startIndex = nextReplicaShift = 0).
        let got = assign_replicas(
            &unracked(&[0, 1, 2, 3, 4]),
            10,
            3,
            RackMode::Aware,
            seed(0, 0),
        );
        let want = ids(&[
            &[0, 1, 2],
            &[1, 2, 3],
            &[2, 3, 4],
            &[3, 4, 0],
            &[4, 0, 1],
            &[0, 2, 3],
            &[1, 3, 4],
            &[2, 4, 0],
            &[3, 0, 1],
            &[4, 1, 2],
        ]);
        assert_eq!(got, Ok(want));
    }

    #[test]
    fn every_partition_gets_distinct_brokers_and_rack_aware_spreads_over_min_rf_racks() {
        let mut rng = Rng::new(7);
        for _ in 0..300 {
            let n = 1 + rng.below(9) as u32;
            let rack_count = 1 + rng.below(4) as u32;
            let brokers: Vec<BrokerRack> = (0..n)
                .map(|i| BrokerRack {
                    id: BrokerId(i * 3 + 1),
                    rack: Some(format!("r{}", rng.below(u64::from(rack_count)))),
                })
                .collect();
            let racks_present =
                distinct(&brokers.iter().map(|b| b.rack.clone()).collect::<Vec<_>>());
            let rf = 1 + rng.below(u64::from(n)) as u32;
            let partitions = 1 + rng.below(40) as u32;
            let s = PlacementSeed::draw(&mut rng, n);
            for mode in [RackMode::Aware, RackMode::Unaware] {
                let a = assign_replicas(&brokers, partitions, rf, mode, s).unwrap();
                assert_eq!(a.len(), partitions as usize);
                for row in &a {
                    assert_eq!(row.len(), rf as usize);
                    assert_eq!(distinct(row), row.len());
                    if mode == RackMode::Aware {
                        let rack_of = rack_map(&brokers);
                        let row_racks: Vec<&String> = row.iter().map(|b| &rack_of[b]).collect();
                        assert_eq!(distinct(&row_racks), (rf as usize).min(racks_present));
                    }
                }
            }
        }
    }

    #[test]
    fn invalid_inputs_fail_in_kafkas_order_with_kafkas_errors() {
        // AdminRackAwareTest.testAssignReplicasToBrokersWithInvalidParameters: broker 4 has no rack.
        let brokers = racked(&[
            (0, Some("rack1")),
            (1, Some("rack3")),
            (2, Some("rack3")),
            (3, Some("rack2")),
            (4, None),
        ]);
        let cases = [
            (0, 0, PlacementError::NoPartitions),
            (10, 0, PlacementError::ReplicationFactorNotPositive),
            (
                10,
                6,
                PlacementError::ReplicationFactorTooLarge {
                    replication_factor: 6,
                    brokers: 5,
                },
            ),
            (
                10,
                5,
                PlacementError::PartialRackInfo {
                    without_rack: vec![BrokerId(4)],
                },
            ),
        ];
        for (partitions, rf, want) in cases {
            assert_eq!(
                assign_replicas(&brokers, partitions, rf, RackMode::Aware, seed(0, 0)),
                Err(want)
            );
        }
    }

    #[test]
    fn error_messages_read_like_kafkas() {
        let too_many = assign_replicas(&unracked(&[1, 2]), 1, 3, RackMode::Unaware, seed(0, 0));
        assert_eq!(
            too_many.unwrap_err().to_string(),
            "Replication factor: 3 larger than available brokers: 2."
        );
        let partial = racked(&[(1, Some("a")), (2, None), (3, Some("b")), (4, None)]);
        let err = assign_replicas(&partial, 1, 1, RackMode::Aware, seed(0, 0)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Not all brokers have rack information for replica rack aware assignment. \
             Brokers without a rack: 2, 4."
        );
        let no_brokers = assign_replicas(&[], 1, 1, RackMode::Aware, seed(0, 0)).unwrap_err();
        assert_eq!(
            no_brokers.to_string(),
            "Replication factor: 1 larger than available brokers: 0."
        );
    }

    #[test]
    fn rack_unaware_mode_ignores_partial_rack_info_as_disable_rack_aware_does() {
        let partial = racked(&[(0, Some("a")), (1, None), (2, Some("b"))]);
        let got = assign_replicas(&partial, 3, 2, RackMode::Unaware, seed(0, 0));
        assert_eq!(
            got,
            assign_replicas(&unracked(&[0, 1, 2]), 3, 2, RackMode::Aware, seed(0, 0))
        );
        assert_eq!(default_rack_mode(&partial), RackMode::Aware);
        assert_eq!(default_rack_mode(&unracked(&[0, 1])), RackMode::Unaware);
    }

    #[test]
    fn duplicate_broker_ids_are_rejected() {
        let brokers = unracked(&[3, 1, 3]);
        let got = assign_replicas(&brokers, 1, 1, RackMode::Unaware, seed(0, 0));
        assert_eq!(got, Err(PlacementError::DuplicateBroker(BrokerId(3))));
    }

    #[test]
    fn broker_input_order_does_not_matter() {
        let racks = [
            (10, Some("x")),
            (20, Some("y")),
            (30, Some("x")),
            (40, Some("z")),
            (50, Some("y")),
        ];
        let mut reversed = racks;
        reversed.reverse();
        for mode in [RackMode::Aware, RackMode::Unaware] {
            for s in every_seed(5) {
                assert_eq!(
                    assign_replicas(&racked(&racks), 12, 3, mode, s),
                    assign_replicas(&racked(&reversed), 12, 3, mode, s)
                );
            }
        }
    }

    #[test]
    fn seeds_beyond_the_broker_count_are_reduced_modulo_it() {
        let brokers = unracked(&[0, 1, 2, 3, 4]);
        for mode in [RackMode::Aware, RackMode::Unaware] {
            assert_eq!(
                assign_replicas(&brokers, 11, 3, mode, seed(7, 13)),
                assign_replicas(&brokers, 11, 3, mode, seed(2, 3))
            );
            assert!(assign_replicas(&brokers, 11, 3, mode, seed(u32::MAX, u32::MAX)).is_ok());
        }
    }

    #[test]
    fn draw_stays_below_the_broker_count() {
        let mut rng = Rng::new(1);
        assert_eq!(PlacementSeed::draw(&mut rng, 0), seed(0, 0));
        for n in 1..20 {
            let s = PlacementSeed::draw(&mut rng, n);
            assert!(s.start_index < n && s.replica_shift < n);
        }
    }

    #[test]
    fn single_broker_takes_every_partition() {
        let got = assign_replicas(&unracked(&[9]), 3, 1, RackMode::Unaware, seed(5, 5));
        assert_eq!(got, Ok(ids(&[&[9], &[9], &[9]])));
    }
}
