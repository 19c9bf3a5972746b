//! `replication-sim sweep`: a seed sweep in the style of TigerBeetle's VOPR.
//!
//! Every seed draws (from [`replication_core::rng::stream::SWEEP`] only) a cluster shape, a configuration and a fault
//! schedule, written as a scenario file, so a failing seed is a file anyone can `run`. Each
//! scenario has two phases:
//!
//! * **safety** (`0..SAFETY_MS`): a steady load per topic, a consumer, and 2–8 random faults,
//!   among them restarts while a controlled shutdown is still in progress, and restarts twice;
//! * **liveness** (`SAFETY_MS..SAFETY_MS + LIVENESS_MS`): the network heals, every fetcher
//!   resumes, every broker restarts (one still in its controlled shutdown once it has stopped,
//!   as Kafka cannot abort one), the load stops. At the end every partition must have a
//!   running leader, a full ISR, and every replica the leader's log and HW; no write may still
//!   be pending.
//!
//! The checker's invariants are checked throughout the run (`World::checker`); the liveness
//! checks are made at the end ([`liveness`]), and named `liveness-…`. Which findings are
//! failures, and which are Kafka's own outcome, is [`judge`]'s to say.
//!
//! The parts: [`generate`] draws each seed's scenario, [`run`] runs seeds (in parallel, a panic
//! counting as a finding), [`judge`] classifies what a seed found (from [`risks`], why each
//! partition may lose data, and the [`liveness`] checks), and [`summary`] writes what the
//! command prints. This file holds the command line.

mod generate;
mod judge;
mod liveness;
mod risks;
mod run;
mod summary;

use replication_core::config::Profile;
use std::path::PathBuf;
use summary::{replay, sweep};

/// The safety phase's length: faults happen in `FAULT_FROM_MS..SAFETY_MS - FAULT_MARGIN_MS`
/// (`generate`).
pub const SAFETY_MS: u64 = 60_000;
/// Healing time after the safety phase: enough for a restarted broker to register, be
/// unfenced, catch up and rejoin every ISR, and for producer retries to finish.
pub const LIVENESS_MS: u64 = 60_000;

pub const USAGE: &str = "usage: replication-sim sweep --profile kraft|kraft-elr|zk|hw-truncation \
--seeds N [--start S] [--out DIR] [--summary-only]
       (REPLICATION_SIM_SEED=n replays seed n alone and prints its report summary)";

/// The environment variable that replays one seed.
pub const SEED_ENV: &str = "REPLICATION_SIM_SEED";

/// The command line, parsed.
struct Options {
    profile: Profile,
    seeds: Option<u64>,
    start: u64,
    out: PathBuf,
    summary_only: bool,
}

fn usage_error(message: String) -> Vec<String> {
    vec![message, USAGE.to_string()]
}

fn parse_options(args: &[String]) -> Result<Options, Vec<String>> {
    let mut profile = None;
    let mut seeds = None;
    let mut start = 0;
    let mut out = PathBuf::from("sweep-failures");
    let mut summary_only = false;
    let mut i = 0;
    while i < args.len() {
        let flag = args[i].as_str();
        let mut value = || {
            i += 1;
            args.get(i)
                .cloned()
                .ok_or_else(|| usage_error(format!("{flag} needs a value")))
        };
        match flag {
            "--profile" => {
                let name = value()?;
                profile = Some(Profile::from_name(&name).ok_or_else(|| {
                    usage_error(format!(
                        "unknown profile {name}; profiles are kraft-elr, kraft, zk, hw-truncation"
                    ))
                })?);
            }
            "--seeds" => seeds = Some(number(flag, &value()?)?),
            "--start" => start = number(flag, &value()?)?,
            "--out" => out = PathBuf::from(value()?),
            "--summary-only" => summary_only = true,
            other if other.starts_with("--") => {
                return Err(usage_error(format!("unknown option {other}")))
            }
            other => return Err(usage_error(format!("unexpected argument {other}"))),
        }
        i += 1;
    }
    let profile = profile.ok_or_else(|| usage_error("--profile is required".to_string()))?;
    Ok(Options {
        profile,
        seeds,
        start,
        out,
        summary_only,
    })
}

fn number(flag: &str, text: &str) -> Result<u64, Vec<String>> {
    text.parse::<u64>()
        .map_err(|_| usage_error(format!("{flag}: expected a whole number, got {text}")))
}

/// `replication-sim sweep …`: the text to print, or usage errors (exit 2).
pub fn main(args: &[String]) -> Result<String, Vec<String>> {
    let options = parse_options(args)?;
    match std::env::var(SEED_ENV) {
        Ok(text) => {
            let seed = text.trim().parse::<u64>().map_err(|_| {
                usage_error(format!("{SEED_ENV}: expected a seed number, got {text:?}"))
            })?;
            replay(&options, seed)
        }
        Err(_) => {
            let seeds = options
                .seeds
                .ok_or_else(|| usage_error("--seeds is required".to_string()))?;
            let end = options.start.checked_add(seeds).ok_or_else(|| {
                usage_error("--start + --seeds is beyond the last seed".to_string())
            })?;
            sweep(&options, options.start..end)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_errors_are_reported() {
        let args = |s: &str| s.split_whitespace().map(String::from).collect::<Vec<_>>();
        assert!(parse_options(&args("--seeds 3")).is_err());
        assert!(parse_options(&args("--profile nope --seeds 3")).is_err());
        assert!(parse_options(&args("--profile kraft --seeds x")).is_err());
        assert!(parse_options(&args("--profile kraft --seeds 3 --what")).is_err());
        let ok = parse_options(&args(
            "--profile kraft-elr --seeds 3 --start 7 --out d --summary-only",
        ))
        .unwrap();
        assert_eq!(
            (ok.profile, ok.seeds, ok.start, ok.summary_only),
            (Profile::KraftElr, Some(3), 7, true)
        );
    }
}
