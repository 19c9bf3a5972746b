//! Criterion benchmarks for issue #3: steady load and world snapshots.
//!
//! `cargo bench -p replication-core --bench simulation` (add `-- snapshot` to run only the
//! snapshot group). The scenario is `bench/steady-1min.json` at the repository root: six
//! brokers in three racks, 12 partitions at RF 3 placed rack-aware, 1,000 records/s.
//!
//! * `steady/one_simulated_minute`: parse nothing, build the world and run it one minute.
//! * `snapshot/take/after_1min`, `…/after_10min`: clone the world (a snapshot), drop excluded.
//! * `snapshot/restore/after_1min`, `…/after_10min`: `live = snapshot.clone()`, which drops
//!   the live world it replaces: what going back to a snapshot costs.
//!
//! Benchmarks measure and print; nothing here asserts a time.

// criterion is a native-only dev-dependency; on wasm32 (`clippy --all-targets`) this is empty.
#[cfg(not(target_arch = "wasm32"))]
mod native {
    use criterion::{black_box, BatchSize, Criterion};
    use replication_core::scenario::{parse_scenario, Scenario};
    use replication_core::sim::World;
    use std::time::Duration;

    const STEADY_1MIN: &str = include_str!("../../../bench/steady-1min.json");
    const MINUTE_MS: u64 = 60_000;

    fn scenario() -> Scenario {
        parse_scenario(STEADY_1MIN).expect("bench/steady-1min.json is a valid scenario")
    }

    /// The steady-load world after `minutes` simulated minutes (the file's own end ignored).
    fn world_after(scenario: &Scenario, minutes: u64) -> World {
        let mut world = World::from_scenario(scenario).expect("the scenario builds a world");
        world.run_until(minutes * MINUTE_MS);
        world
    }

    pub fn steady(c: &mut Criterion) {
        let scenario = scenario();
        let mut group = c.benchmark_group("steady");
        group
            .sample_size(10)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(8));
        group.bench_function("one_simulated_minute", |b| {
            b.iter(|| world_after(black_box(&scenario), 1).events_processed())
        });
        group.finish();
    }

    pub fn snapshot(c: &mut Criterion) {
        let scenario = scenario();
        let mut group = c.benchmark_group("snapshot");
        group
            .sample_size(10)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(3));
        for minutes in [1, 10] {
            let world = world_after(&scenario, minutes);
            let id = format!("after_{minutes}min");
            group.bench_function(format!("take/{id}"), |b| {
                b.iter_with_large_drop(|| black_box(&world).clone())
            });
            group.bench_function(format!("restore/{id}"), |b| {
                // The replaced world is dropped inside the timing, the restored one outside.
                b.iter_batched_ref(
                    || world.clone(),
                    |live| *live = black_box(&world).clone(),
                    BatchSize::LargeInput,
                )
            });
        }
        group.finish();
    }
}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_group!(benches, native::steady, native::snapshot);
#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(benches);

#[cfg(target_arch = "wasm32")]
fn main() {}
