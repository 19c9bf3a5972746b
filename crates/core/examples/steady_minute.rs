//! One simulated minute of steady load (`bench/steady-1min.json`, embedded), the same code
//! natively and as wasm32, so `cargo xtask bench` can compare the two.
//!
//! * Natively: `steady_minute [RUNS]` runs it RUNS times (default 3) after one warm-up run
//!   and prints `native_ms <ms>` per run and `events <n>`.
//! * As wasm32-unknown-unknown the module exports `steady_minute_events() -> u64` (no imports,
//!   no wasm-bindgen needed); `bench/wasm-steady.mjs` times it under node.

const STEADY_1MIN: &str = include_str!("../../../bench/steady-1min.json");

/// Build the steady-load world and run it to the file's end; returns the events processed.
// `no_mangle` counts as unsafe code: the export's name must be exactly this for node to call it.
#[allow(unsafe_code)]
#[no_mangle]
pub extern "C" fn steady_minute_events() -> u64 {
    let scenario = replication_core::scenario::parse_scenario(STEADY_1MIN)
        .expect("bench/steady-1min.json is a valid scenario");
    let mut world =
        replication_core::sim::World::from_scenario(&scenario).expect("the scenario builds");
    world.run_until(scenario.run_until_ms.unwrap_or(60_000));
    world.events_processed()
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let runs: u32 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(3);
    let events = steady_minute_events();
    for _ in 0..runs {
        let start = std::time::Instant::now();
        let n = std::hint::black_box(steady_minute_events());
        let ms = start.elapsed().as_secs_f64() * 1e3;
        assert_eq!(n, events, "the simulation is deterministic");
        println!("native_ms {ms:.3}");
    }
    println!("events {events}");
}

#[cfg(target_arch = "wasm32")]
fn main() {}
