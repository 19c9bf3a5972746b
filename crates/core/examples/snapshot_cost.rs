//! What a snapshot of a running world costs: `snapshot_cost [SCENARIO] [N]`.
//!
//! Builds the scenario's world (default `bench/steady-1h.json`) and runs it to its
//! `run_until_ms`, then times N (default 100) of each:
//!
//! * take: `let snapshot = world.clone()` (the clone's drop is not timed);
//! * restore: `live = snapshot.clone()`, which also drops the world it replaces;
//! * drop: dropping one copy of the world, alone.
//!
//! Prints `key value` lines for `cargo xtask bench` to read. Measures; asserts nothing.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    use replication_core::scenario::parse_scenario;
    use replication_core::sim::World;
    use std::hint::black_box;
    use std::time::{Duration, Instant};

    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../bench/steady-1h.json").to_string()
    });
    let n: u32 = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(100)
        .max(1);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let scenario = parse_scenario(&text).unwrap_or_else(|e| panic!("{path}:\n{e}"));
    let mut world = World::from_scenario(&scenario).unwrap_or_else(|e| panic!("{path}: {e}"));
    let build = Instant::now();
    world.run_until(scenario.run_until_ms.unwrap_or(60_000));
    println!("simulated_ms {}", world.now_ms());
    println!("run_ms {:.1}", build.elapsed().as_secs_f64() * 1e3);
    println!("events {}", world.events_processed());

    let mean_us = |total: Duration| total.as_secs_f64() * 1e6 / f64::from(n);
    let (mut take, mut restore, mut drop_only) = (Duration::ZERO, Duration::ZERO, Duration::ZERO);
    let mut max_take = Duration::ZERO;
    let mut live = world.clone();
    for _ in 0..n {
        let start = Instant::now();
        let snapshot = black_box(world.clone());
        let took = start.elapsed();
        take += took;
        max_take = max_take.max(took);

        let start = Instant::now();
        live = black_box(snapshot.clone());
        restore += start.elapsed();

        let start = Instant::now();
        drop(black_box(snapshot));
        drop_only += start.elapsed();
    }
    drop(live);
    println!("clones {n}");
    println!("take_mean_us {:.1}", mean_us(take));
    println!("take_max_us {:.1}", max_take.as_secs_f64() * 1e6);
    println!("restore_mean_us {:.1}", mean_us(restore));
    println!("drop_mean_us {:.1}", mean_us(drop_only));
}

#[cfg(target_arch = "wasm32")]
fn main() {}
