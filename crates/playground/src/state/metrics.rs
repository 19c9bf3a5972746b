//! What the charts draw, recorded as the run moves forward. Two kinds of data:
//!
//! - exact steps (`steps`), rebuilt from the trace: each partition's ISR size, replica count and whether
//!   it has a leader, and from them the cluster's under-replicated and offline counts. They
//!   change only when the controller publishes a change, and every such change is traced with
//!   its time, so a step chart of them is exact (the teaching material's "ISR size 3 → 2 → 1").
//! - samples every `every_ms` of simulated time: each partition's leader HW and each replica's
//!   LEO, the producer's acked and failed totals, the consumers' total lag. When `MAX_SAMPLES`
//!   are held, every other one is dropped and the interval doubles, so an hour stays small.
//!
//! Samples always describe the furthest run (the session records only at the head); acting in
//! the past forks the run, and `fork` drops what belonged to the old future.

use replication_core::rules::reassignment::replication_factor;
use replication_core::sim::World;
use replication_core::view::ClientsView;
use replication_core::{BrokerId, TopicPartition};

mod steps;
pub use steps::{CountStep, PartitionStep};

/// The sampling interval a run starts with, in simulated ms.
pub const SAMPLE_MS: u64 = 250;
/// At most this many samples are kept; then the resolution halves.
pub const MAX_SAMPLES: usize = 1024;
/// An offset slot of a replica that does not exist (yet, or any more) on that broker.
const NONE: u64 = u64::MAX;

/// Records per second, at each sample's time.
pub type Rates = Vec<(u64, f64)>;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sample {
    pub at_ms: u64,
    /// Records acknowledged and failed so far.
    pub acked: u64,
    pub failed: u64,
    /// Every consumer's lag, summed over partitions (records committed but not yet read).
    pub lag: u64,
    /// Per partition: the leader's HW, then each broker's LEO for it (`NONE` when missing).
    offsets: Box<[u64]>,
}

#[derive(Clone, Debug)]
pub struct Metrics {
    pub partitions: Vec<TopicPartition>,
    pub brokers: Vec<BrokerId>,
    /// Per partition, its state from the start, one entry per change.
    steps: Vec<Vec<PartitionStep>>,
    counts: Vec<CountStep>,
    samples: Vec<Sample>,
    every_ms: u64,
    /// How much of the trace has been read.
    seen: usize,
    /// Bumps on every change, for caching what is drawn from it.
    pub version: u64,
}

impl Metrics {
    /// Start recording a run whose first state is `world`.
    pub fn new(world: &World) -> Metrics {
        let partitions: Vec<TopicPartition> = world.partitions().map(|p| p.tp.clone()).collect();
        let steps = world
            .partitions()
            .map(|p| {
                vec![PartitionStep {
                    seq: 0,
                    at_ms: world.now_ms(),
                    isr: p.isr.len() as u32,
                    replication_factor: replication_factor(&p.replicas, &p.adding_replicas) as u32,
                    leader: p.leader.is_some(),
                }]
            })
            .collect();
        let mut metrics = Metrics {
            partitions,
            brokers: world.brokers().map(|b| b.id).collect(),
            steps,
            counts: Vec::new(),
            samples: Vec::new(),
            every_ms: SAMPLE_MS,
            seen: world.trace().len(),
            version: 0,
        };
        metrics.push_counts(0, world.now_ms());
        metrics.sample(world);
        metrics
    }

    /// Record what happened since the last call: new trace events as exact steps, and a
    /// sample if one is due.
    pub fn observe(&mut self, world: &World) {
        let trace = world.trace();
        for (i, event) in trace.iter().enumerate().skip(self.seen) {
            self.apply(i + 1, event.at_ms, &event.kind);
        }
        self.seen = trace.len();
        let due = self
            .samples
            .last()
            .is_none_or(|s| world.now_ms() >= s.at_ms + self.every_ms);
        if due {
            self.sample(world);
        }
    }

    /// The user acted at `world`, a moment before the furthest state: what was recorded after
    /// it belongs to the old future.
    pub fn fork(&mut self, world: &World) {
        let seq = world.trace().len();
        for steps in &mut self.steps {
            steps.retain(|s| s.seq <= seq);
        }
        self.counts.retain(|s| s.seq <= seq);
        self.samples.retain(|s| s.at_ms <= world.now_ms());
        self.seen = self.seen.min(seq);
        self.version += 1;
    }

    fn sample(&mut self, world: &World) {
        let clients = ClientsView::of(world);
        let mut offsets = Vec::with_capacity(self.partitions.len() * (1 + self.brokers.len()));
        for (tp, state) in self.partitions.iter().zip(world.partitions()) {
            let replica = |b: BrokerId| world.broker(b).and_then(|b| b.partitions.get(tp));
            // Only a running leader serves an HW: a crashed one that the controller has not yet
            // replaced holds just its last checkpoint, which is not the partition's HW.
            let running = |b: &BrokerId| world.broker(*b).is_some_and(|b| b.is_running());
            offsets.push(
                state
                    .leader
                    .filter(running)
                    .and_then(replica)
                    .map_or(NONE, |r| r.high_watermark()),
            );
            for &b in &self.brokers {
                offsets.push(replica(b).map_or(NONE, |r| r.log().log_end_offset()));
            }
        }
        self.samples.push(Sample {
            at_ms: world.now_ms(),
            acked: clients.producer.acked,
            failed: clients.producer.failed.values().sum(),
            lag: clients
                .consumers
                .iter()
                .flat_map(|c| &c.partitions)
                .map(|p| p.lag)
                .sum(),
            offsets: offsets.into_boxed_slice(),
        });
        if self.samples.len() > MAX_SAMPLES {
            let mut keep = false;
            self.samples.retain(|_| {
                keep = !keep;
                keep
            });
            self.every_ms *= 2;
        }
        self.version += 1;
    }

    /// The simulated ms between samples now.
    pub fn every_ms(&self) -> u64 {
        self.every_ms
    }

    pub fn samples(&self) -> &[Sample] {
        &self.samples
    }

    /// The index of `(topic, partition)`.
    pub fn index_of(&self, topic: &str, partition: u32) -> Option<usize> {
        self.partitions
            .iter()
            .position(|p| &*p.topic == topic && p.partition == partition)
    }

    /// Partition `p`'s leader HW at each sample that had a running leader.
    pub fn high_watermark(&self, p: usize) -> Vec<(u64, u64)> {
        self.offsets(p * (1 + self.brokers.len()))
    }

    /// The LEO of `broker`'s replica of partition `p` at each sample where it had one.
    pub fn log_end_offset(&self, p: usize, broker: BrokerId) -> Vec<(u64, u64)> {
        match self.brokers.iter().position(|&b| b == broker) {
            Some(b) => self.offsets(p * (1 + self.brokers.len()) + 1 + b),
            None => Vec::new(),
        }
    }

    fn offsets(&self, slot: usize) -> Vec<(u64, u64)> {
        self.samples
            .iter()
            .filter_map(|s| match s.offsets.get(slot) {
                Some(&v) if v != NONE => Some((s.at_ms, v)),
                _ => None,
            })
            .collect()
    }

    /// Records per second between consecutive samples, acked and failed, at each sample's time.
    pub fn produce_rates(&self) -> (Rates, Rates) {
        let mut acked = Vec::new();
        let mut failed = Vec::new();
        for w in self.samples.windows(2) {
            let dt = w[1].at_ms.saturating_sub(w[0].at_ms);
            if dt == 0 {
                continue;
            }
            let rate = |a: u64, b: u64| b.saturating_sub(a) as f64 * 1000.0 / dt as f64;
            acked.push((w[1].at_ms, rate(w[0].acked, w[1].acked)));
            failed.push((w[1].at_ms, rate(w[0].failed, w[1].failed)));
        }
        (acked, failed)
    }

    /// The consumers' total lag at each sample.
    pub fn lag(&self) -> Vec<(u64, u64)> {
        self.samples.iter().map(|s| (s.at_ms, s.lag)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::session::Session;
    use crate::state::test_support::{play, session};
    use replication_core::scenario::{parse_scenario, Action};

    /// Partitions of the default topic with a replica on `broker`, led by another broker.
    pub(super) fn followed_by(s: &Session, broker: u32) -> Vec<usize> {
        s.world
            .partitions()
            .enumerate()
            .filter(|(_, p)| {
                p.replicas.contains(&BrokerId(broker)) && p.leader != Some(BrokerId(broker))
            })
            .map(|(i, _)| i)
            .collect()
    }

    fn value_at<T: Copy>(points: &[(u64, T)], t: u64) -> Option<T> {
        points.iter().rev().find(|p| p.0 <= t).map(|p| p.1)
    }

    #[test]
    fn the_hw_line_skips_a_crashed_leader_and_never_goes_back() {
        // The crashed leader's replica reloads its 5 s HW checkpoint, far below the HW it
        // served; until the controller elects another leader (about 9 s later) no HW is served.
        let mut s = session();
        play(&mut s, 4_000);
        let leader = s.world.partitions().next().unwrap().leader.unwrap();
        s.act(Action::Crash { broker: leader });
        let crashed_at = s.world.now_ms();
        play(&mut s, 15_000);
        let hw = s.metrics.high_watermark(0);
        assert!(
            hw.windows(2).all(|w| w[0].1 <= w[1].1),
            "the HW never goes back: {hw:?}"
        );
        let elected = s.world.partitions().next().unwrap().leader.unwrap();
        assert_ne!(elected, leader);
        assert!(
            hw.iter().any(|&(at, _)| at > crashed_at + 9_000),
            "the new leader's HW is drawn"
        );
    }

    #[test]
    fn offsets_grow_with_the_load_and_the_paused_follower_stops() {
        let mut s = session();
        play(&mut s, 3_000);
        s.act(Action::PauseFetcher {
            broker: BrokerId(2),
        });
        let paused_at = s.world.now_ms();
        play(&mut s, 10_000);
        let p = followed_by(&s, 2)[0];
        let hw = s.metrics.high_watermark(p);
        assert!(hw.len() > 5, "a sample per 1.6 s frame at least");
        assert!(
            hw.windows(2).all(|w| w[0].1 <= w[1].1),
            "the HW never goes back"
        );
        assert!(hw.last().unwrap().1 > hw[0].1, "100 records/s move it");
        let leo = s.metrics.log_end_offset(p, BrokerId(2));
        let frozen = value_at(&leo, paused_at + 100).unwrap();
        assert_eq!(
            leo.last().unwrap().1,
            frozen,
            "a paused fetcher copies nothing"
        );
        // The leader's LEO runs ahead of the paused follower's.
        let leader = s.world.partitions().nth(p).unwrap().leader.unwrap();
        let leader_leo = s.metrics.log_end_offset(p, leader);
        assert!(leader_leo.last().unwrap().1 > frozen);
    }

    #[test]
    fn throughput_follows_the_producers_rate_and_stops_when_the_clients_are_cut_off() {
        let mut s = session();
        play(&mut s, 10_000);
        let (acked, failed) = s.metrics.produce_rates();
        let late: Vec<f64> = acked.iter().filter(|p| p.0 > 3_000).map(|p| p.1).collect();
        let mean = late.iter().sum::<f64>() / late.len() as f64;
        assert!(
            (80.0..=120.0).contains(&mean),
            "the default producer sends 100 records/s, got {mean}"
        );
        assert!(failed.iter().all(|p| p.1 == 0.0));

        s.act(Action::Isolate {
            node: replication_core::NodeId::Clients,
        });
        play(&mut s, 60_000);
        let (acked, _) = s.metrics.produce_rates();
        let recent = s.world.now_ms() - 20_000;
        let after: Vec<f64> = acked.iter().filter(|p| p.0 > recent).map(|p| p.1).collect();
        assert!(!after.is_empty());
        assert!(
            after.iter().all(|&r| r == 0.0),
            "nothing is acked while isolated"
        );
    }

    #[test]
    fn lag_grows_while_the_consumers_read_replica_is_unreachable() {
        // KIP-392: the consumer in rack c reads from broker 3. Cut the clients' link to it:
        // its fetch gets no answer, so it reads nothing until request.timeout.ms (30 s) fails
        // it; by then the simulator's retention (2,048 batches, about 20 s here) has deleted
        // its position, so the leader answers OFFSET_OUT_OF_RANGE and auto.offset.reset=latest
        // moves it to the HW; the leader then points it at broker 3 again (still in sync, still
        // its rack), so it keeps reading nothing while the producer, talking to the leader,
        // commits 100 records a second. Once the link heals it catches up.
        let json = r#"{
          "seed": 3,
          "brokers": [{"id": 1, "rack": "a"}, {"id": 2, "rack": "b"}, {"id": 3, "rack": "c"}],
          "config": {"replica.selector.class": "org.apache.kafka.common.replica.RackAwareReplicaSelector"},
          "topics": [{"name": "orders", "partitions": 1, "replication.factor": 3, "assignment": {"0": [1, 2, 3]}}],
          "actions": [
            {"at_ms": 0, "produce_rate": {"topic": "orders", "per_second": 100}},
            {"at_ms": 0, "consume": {"topic": "orders", "client.rack": "c"}},
            {"at_ms": 5000, "cut": {"from": "clients", "to": 3}}
          ]
        }"#;
        let mut s = Session::new(parse_scenario(json).unwrap()).unwrap();
        s.playing = true;
        s.set_speed(100.0);
        play(&mut s, 40_000);
        s.act(Action::Heal);
        play(&mut s, 40_000);
        let lag = s.metrics.lag();
        let at = |t| value_at(&lag, t).unwrap();
        assert!(at(4_000) < 50, "it keeps up before the cut: {}", at(4_000));
        let cut_off = at(25_000);
        assert!(
            (1_500..=2_500).contains(&cut_off),
            "about 20 s of 100 records/s unread: {cut_off}"
        );
        assert!(at(39_000) > at(36_000), "still growing after the timeout");
        assert!(at(80_000) < 50, "healed, it caught up: {}", at(80_000));
    }

    #[test]
    fn samples_stay_bounded_by_halving_their_resolution() {
        let mut s = session();
        // 160 ms of simulated time per frame: a sample every other frame.
        s.set_speed(10.0);
        play(&mut s, 400_000);
        let m = &s.metrics;
        assert!(m.samples().len() <= MAX_SAMPLES);
        assert!(m.samples().len() > MAX_SAMPLES / 2);
        assert!(m.every_ms() >= 2 * SAMPLE_MS);
        assert!(m.samples().windows(2).all(|w| w[0].at_ms < w[1].at_ms));
        assert_eq!(m.samples()[0].at_ms, 0, "the start is kept");
    }

    #[test]
    fn samples_describe_the_head_and_a_fork_drops_the_old_future() {
        let mut s = session();
        s.act(Action::PauseFetcher {
            broker: BrokerId(2),
        });
        play(&mut s, 50_000);
        let p = followed_by(&s, 2)[0];
        assert_eq!(s.metrics.isr_size(p).len(), 2);
        let samples = s.metrics.samples().len();

        // Looking at the past records nothing, and playing on replays nothing twice.
        s.seek(10_000);
        assert_eq!(s.metrics.samples().len(), samples);
        play(&mut s, 5_000);
        assert_eq!(s.metrics.samples().len(), samples);
        assert_eq!(s.metrics.isr_size(p).len(), 2);

        // Acting at 15 s forks: the shrink at ~30 s belonged to the old future.
        s.act(Action::ResumeFetcher {
            broker: BrokerId(2),
        });
        let fork_ms = s.world.now_ms();
        assert!(s.metrics.samples().iter().all(|x| x.at_ms <= fork_ms));
        assert_eq!(s.metrics.isr_size(p), vec![(0, 3)]);
        play(&mut s, 40_000);
        assert_eq!(s.metrics.isr_size(p), vec![(0, 3)], "it caught up in time");
        assert!(s.metrics.samples().last().unwrap().at_ms > fork_ms + 30_000);
    }

    #[test]
    fn reset_and_load_start_the_recording_over() {
        let mut s = session();
        s.act(Action::PauseFetcher {
            broker: BrokerId(2),
        });
        play(&mut s, 40_000);
        s.reset();
        assert_eq!(s.metrics.samples().len(), 1);
        assert!(s.metrics.counts().iter().all(|c| c.under_replicated == 0));
    }
}
