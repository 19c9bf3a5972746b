//! Seek benchmark (issue #5): play a one-hour run the way the page does (60 frames a second at
//! 100×, with a crash and a restart along the way), then time seeks to random earlier moments
//! and single steps back. Prints the figures; asserts nothing about time.
//!
//!   cargo run --release -p replication-playground --example seek [SCENARIO.json]
//!
//! Default scenario: the steady-load benchmark's cluster (6 brokers, 12 partitions at RF 3,
//! 1,000 records/s), the heaviest the README measures.

use replication_core::rng::Rng;
use replication_core::scenario::{parse_scenario, Action};
use replication_core::BrokerId;
use replication_playground::state::session::Session;
use std::time::Instant;

const STEADY: &str = include_str!("../../../bench/steady-1h.json");
const HOUR_MS: u64 = 3_600_000;

fn main() {
    let json = std::env::args()
        .nth(1)
        .map(|path| std::fs::read_to_string(path).expect("readable scenario"))
        .unwrap_or_else(|| STEADY.to_string());
    let mut session = Session::new(parse_scenario(&json).expect("valid scenario")).expect("builds");
    session.playing = true;
    session.set_speed(100.0);
    let started = Instant::now();
    while session.world.now_ms() < HOUR_MS {
        session.advance(1000.0 / 60.0);
        match session.world.now_ms() {
            t if (1_200_000..1_201_700).contains(&t) => session.act(Action::Crash {
                broker: BrokerId(1),
            }),
            t if (1_500_000..1_501_700).contains(&t) => session.act(Action::Restart {
                broker: BrokerId(1),
            }),
            _ => {}
        }
    }
    println!(
        "played one simulated hour in {:.2} s ({} events, {} snapshots)",
        started.elapsed().as_secs_f64(),
        session.world.events_processed(),
        session.history.snapshot_count()
    );
    let mut rng = Rng::new(7);
    let mut seeks = Vec::new();
    for _ in 0..50 {
        let t = rng.next_u64() % HOUR_MS;
        let start = Instant::now();
        session.seek(t);
        seeks.push(start.elapsed().as_secs_f64() * 1e3);
        assert_eq!(session.world.now_ms(), t);
    }
    let mut backs = Vec::new();
    for _ in 0..50 {
        let start = Instant::now();
        session.step_back();
        backs.push(start.elapsed().as_secs_f64() * 1e3);
    }
    let stats = |v: &mut Vec<f64>| {
        v.sort_by(|a, b| a.total_cmp(b));
        (
            v.iter().sum::<f64>() / v.len() as f64,
            v[v.len() * 95 / 100],
            v[v.len() - 1],
        )
    };
    let (mean, p95, max) = stats(&mut seeks);
    println!("seek to a random moment of the hour: mean {mean:.1} ms, p95 {p95:.1} ms, max {max:.1} ms (target ≤ 100 ms)");
    let (mean, p95, max) = stats(&mut backs);
    println!("step back one event: mean {mean:.1} ms, p95 {p95:.1} ms, max {max:.1} ms");
}
