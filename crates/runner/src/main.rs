//! `replication-sim`: run, check and describe scenario files (contract v1).
//!
//! Exit codes: 0 for a completed run (also when it lost data: that is a result), 2 for an
//! invalid scenario or usage error, with one line per problem on stderr, and also 2 (with one
//! line) for a run that stopped on the simulator's run budget before its end.
//!
//! `sweep` runs many generated scenarios, one per seed (see `sweep/mod.rs`).

mod sweep;

use replication_core::report::report;
use replication_core::scenario::limits::MAX_INPUT_BYTES;
use replication_core::scenario::{parse_scenario_bytes, Scenario};
use replication_core::sim::World;
use replication_core::text::located;
use std::io::Read;
use std::process::ExitCode;

const USAGE: &str = "usage: replication-sim run [--summary] FILE|-
       replication-sim check FILE|-
       replication-sim describe FILE|-";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(output) => {
            print!("{output}");
            ExitCode::SUCCESS
        }
        Err(problems) => {
            for line in problems {
                eprintln!("{line}");
            }
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> Result<String, Vec<String>> {
    let (command, rest) = args
        .split_first()
        .ok_or_else(|| vec![USAGE.to_string(), sweep::USAGE.to_string()])?;
    if command == "sweep" {
        return sweep::main(rest);
    }
    let summary = rest.iter().any(|a| a == "--summary");
    let files: Vec<&String> = rest
        .iter()
        .filter(|a| !a.starts_with("--") || *a == "-")
        .collect();
    let unknown: Vec<&String> = rest
        .iter()
        .filter(|a| a.starts_with("--") && *a != "--summary")
        .collect();
    if let Some(flag) = unknown.first() {
        return Err(vec![format!("unknown option {flag}"), USAGE.to_string()]);
    }
    let [file] = files.as_slice() else {
        return Err(vec![USAGE.to_string()]);
    };
    let scenario = load(file)?;
    match command.as_str() {
        "check" => Ok(format!("{}: ok\n", file)),
        "run" => {
            let world = simulate(&scenario)?;
            let json = serde_json::to_string_pretty(&report(&world, summary))
                .map_err(|e| vec![e.to_string()])?;
            Ok(json + "\n")
        }
        "describe" => Ok(replication_core::view::describe(&simulate(&scenario)?)),
        other => Err(vec![format!("unknown command {other}"), USAGE.to_string()]),
    }
}

/// Read and check a scenario file; each problem is one line naming its JSON path (bytes that
/// are not UTF-8 too: `$: not UTF-8 at byte N`).
fn load(file: &str) -> Result<Scenario, Vec<String>> {
    let bytes = if file == "-" {
        read_bounded(std::io::stdin().lock())
            .map_err(|e| vec![format!("-: cannot read stdin: {e}")])?
    } else {
        std::fs::File::open(file)
            .and_then(read_bounded)
            .map_err(|e| vec![format!("{file}: {e}")])?
    };
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(vec![format!(
            "$: the file is more than the simulator's input budget of {MAX_INPUT_BYTES} bytes"
        )]);
    }
    parse_scenario_bytes(&bytes).map_err(|errors| errors.0.iter().map(|e| e.to_string()).collect())
}

/// The input, reading at most one byte past the input budget (the parser refuses a longer
/// file by its length): a huge file or an endless stream is not read into memory.
fn read_bounded(input: impl Read) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    input.take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Run the scenario to its `run_until_ms`, or 60 s past its last action when it gives none.
fn simulate(scenario: &Scenario) -> Result<World, Vec<String>> {
    let world = World::from_scenario(scenario).map_err(|e| vec![e.to_string()])?;
    run_to(world, scenario.run_end_ms())
}

/// A run that stops on the simulator's run budget is an error (one line): its report would
/// describe a moment before the end the file asked for.
fn run_to(mut world: World, until_ms: u64) -> Result<World, Vec<String>> {
    world.run_until(until_ms);
    match world.stopped() {
        Some(stopped) => Err(vec![located("$", stopped.text()).to_string()]),
        None => Ok(world),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use replication_core::scenario::limits::MAX_HELD_ITEMS;
    use replication_core::scenario::parse_scenario;
    use replication_core::view::DEFAULT_SCENARIO;

    #[test]
    fn an_endless_input_is_read_only_to_one_byte_past_the_budget() {
        let bytes = read_bounded(std::io::repeat(b' ')).unwrap();
        assert_eq!(bytes.len() as u64, MAX_INPUT_BYTES + 1);
    }

    #[test]
    fn a_run_stopped_by_its_budget_is_one_line_naming_it() {
        let scenario = parse_scenario(DEFAULT_SCENARIO).unwrap();
        let world = World::from_scenario(&scenario)
            .unwrap()
            .with_run_budgets(20_000, MAX_HELD_ITEMS);
        let lines = run_to(world, 60_000).unwrap_err();
        assert_eq!(lines.len(), 1);
        assert!(
            lines[0].starts_with("$: the run stopped at ")
                && lines[0].contains("more than the simulator's run budget of 20000"),
            "{lines:?}"
        );
    }
}
