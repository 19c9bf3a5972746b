//! `replication-sim`: run, check and describe scenario files (contract v1).
//!
//! Exit codes: 0 for a completed run (also when it lost data: that is a result), 2 for an
//! invalid scenario or usage error, with one line per problem on stderr.
//!
//! `sweep` runs many generated scenarios, one per seed (see `sweep.rs`).

mod sweep;

use replication_core::report::report;
use replication_core::scenario::{parse_scenario_bytes, Scenario};
use replication_core::sim::World;
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
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| vec![format!("-: cannot read stdin: {e}")])?;
        bytes
    } else {
        std::fs::read(file).map_err(|e| vec![format!("{file}: {e}")])?
    };
    parse_scenario_bytes(&bytes).map_err(|errors| errors.0.iter().map(|e| e.to_string()).collect())
}

/// Run the scenario to its `run_until_ms`, or 60 s past its last action when it gives none.
fn simulate(scenario: &Scenario) -> Result<World, Vec<String>> {
    let mut world = World::from_scenario(scenario).map_err(|e| vec![e.to_string()])?;
    let last_action = scenario.actions.iter().map(|a| a.at_ms).max().unwrap_or(0);
    let until = scenario.run_until_ms.unwrap_or(last_action + 60_000);
    world.run_until(until);
    Ok(world)
}
