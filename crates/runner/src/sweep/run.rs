//! Running seeds: one seed from generation to verdict, and a range of seeds spread over the
//! cores, where a panic in the simulator is a finding (`panic`), not the sweep's end.

use super::generate::generate;
use super::judge::{judge, SeedResult};
use super::{LIVENESS_MS, SAFETY_MS};
use replication_core::config::Profile;
use replication_core::scenario::{parse_scenario_value, Scenario};
use replication_core::sim::World;
use serde_json::Value;

/// Parse the generated JSON, build the world and run it to the end.
pub fn simulate(json: &Value) -> (Scenario, World) {
    let scenario = parse_scenario_value(json).unwrap_or_else(|errors| {
        panic!("the sweep generated an invalid scenario:\n{errors}\n{json:#}")
    });
    let mut world = World::from_scenario(&scenario)
        .unwrap_or_else(|e| panic!("the sweep generated a scenario that does not build: {e}"));
    world.run_until(scenario.run_until_ms.unwrap_or(SAFETY_MS + LIVENESS_MS));
    if let Some(stopped) = world.stopped() {
        panic!("the sweep generated a scenario over the run budget: {stopped:?}\n{json:#}");
    }
    (scenario, world)
}

/// Run one seed and judge what it found.
pub fn check_seed(profile: Profile, seed: u64) -> (Value, Scenario, World, SeedResult) {
    let json = generate(profile, seed);
    let (scenario, world) = simulate(&json);
    let result = judge(&scenario, &world, seed);
    (json, scenario, world, result)
}

/// Every seed's result and scenario, in seed order. Seeds are split over the available cores;
/// each seed is independent, so the results do not depend on the split.
pub(super) fn run_seeds(profile: Profile, seeds: std::ops::Range<u64>) -> Vec<(SeedResult, Value)> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8) as u64;
    let count = seeds.end - seeds.start;
    if threads <= 1 || count < 2 {
        return seeds.map(|s| one(profile, s)).collect();
    }
    let start = seeds.start;
    let workers: Vec<_> = (0..threads)
        .map(|w| {
            std::thread::spawn(move || {
                let mut mine = Vec::new();
                let mut s = start + w;
                while s < start + count {
                    mine.push(one(profile, s));
                    s += threads;
                }
                mine
            })
        })
        .collect();
    let mut all: Vec<(SeedResult, Value)> = workers
        .into_iter()
        .flat_map(|w| w.join().expect("a sweep worker panicked"))
        .collect();
    all.sort_by_key(|(r, _)| r.seed);
    all
}

/// One seed; a panic in the simulator is a finding too (named `panic`), not the sweep's end.
fn one(profile: Profile, seed: u64) -> (SeedResult, Value) {
    let run = std::panic::catch_unwind(|| {
        let (json, _, _, result) = check_seed(profile, seed);
        (result, json)
    });
    run.unwrap_or_else(|payload| {
        let message = payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "unknown panic".to_string());
        let mut result = SeedResult {
            seed,
            ..SeedResult::default()
        };
        result.add("panic", None, message);
        (result, generate(profile, seed))
    })
}

/// Silence the default panic message while seeds run: a panic is reported as a finding.
pub(super) fn quiet_panics() -> impl Drop {
    struct Restore;
    impl Drop for Restore {
        fn drop(&mut self) {
            let _ = std::panic::take_hook();
        }
    }
    std::panic::set_hook(Box::new(|_| {}));
    Restore
}
