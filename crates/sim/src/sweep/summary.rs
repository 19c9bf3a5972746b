//! What the command prints: the sweep's summary table (findings by name, expected-unsafe
//! reasons, failing seeds and where their scenarios went), and a replayed seed's report.

use super::judge::{SeedResult, Tally};
use super::run::{check_seed, quiet_panics, run_seeds};
use super::{Options, LIVENESS_MS, SAFETY_MS, SEED_ENV};
use replication_core::config::Profile;
use replication_core::report::report;
use replication_core::sim::Invariant;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Every finding name, in the order the summary lists them (others found are appended): a
/// panic, each of the checker's invariants, the losses, the liveness checks.
fn known_findings() -> impl Iterator<Item = &'static str> {
    let invariants = Invariant::ALL.into_iter().map(Invariant::name);
    let after = [
        "lost_acked",
        "lost_committed",
        "liveness-broker-running",
        "liveness-leader",
        "liveness-isr",
        "liveness-leo",
        "liveness-hw",
        "liveness-logs-agree",
        "liveness-pending-produce",
    ];
    std::iter::once("panic").chain(invariants).chain(after)
}

fn failure_path(out: &Path, profile: Profile, seed: u64) -> PathBuf {
    out.join(format!("{}-seed-{seed}.json", profile.name()))
}

fn write_failure(
    out: &Path,
    profile: Profile,
    seed: u64,
    json: &Value,
) -> Result<PathBuf, Vec<String>> {
    std::fs::create_dir_all(out).map_err(|e| vec![format!("{}: {e}", out.display())])?;
    let path = failure_path(out, profile, seed);
    let text = serde_json::to_string_pretty(json).map_err(|e| vec![e.to_string()])? + "\n";
    std::fs::write(&path, text).map_err(|e| vec![format!("{}: {e}", path.display())])?;
    Ok(path)
}

fn replay_hint(profile: Profile, seed: u64) -> String {
    format!(
        "{SEED_ENV}={seed} replication-sim sweep --profile {}",
        profile.name()
    )
}

fn finding_list(result: &SeedResult, unexpected: bool) -> String {
    result
        .findings
        .iter()
        .filter_map(|(name, t)| {
            let n = if unexpected { t.unexpected } else { t.expected };
            (n > 0).then(|| format!("{name}×{n}"))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn sweep(options: &Options, seeds: std::ops::Range<u64>) -> Result<String, Vec<String>> {
    let profile = options.profile;
    let results = {
        let _quiet = quiet_panics();
        run_seeds(profile, seeds.clone())
    };
    let mut totals: BTreeMap<String, (Tally, u64)> = known_findings()
        .map(|n| (n.to_string(), (Tally::default(), 0)))
        .collect();
    let mut order: Vec<String> = known_findings().map(str::to_string).collect();
    let mut reasons: BTreeMap<&'static str, u64> = BTreeMap::new();
    let mut expected_seeds = 0;
    for (result, _) in &results {
        for (name, t) in &result.findings {
            if !totals.contains_key(name) {
                order.push(name.clone());
            }
            let entry = totals.entry(name.clone()).or_default();
            entry.0.unexpected += t.unexpected;
            entry.0.expected += t.expected;
            entry.1 += 1;
        }
        if result.expected_unsafe() {
            expected_seeds += 1;
            for r in &result.expected_reasons {
                *reasons.entry(r).or_default() += 1;
            }
        }
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "sweep --profile {} seeds {}..{}: faults until {} s, then {} s to heal",
        profile.name(),
        seeds.start,
        seeds.end,
        SAFETY_MS / 1000,
        LIVENESS_MS / 1000
    );
    let width = order.iter().map(String::len).max().unwrap_or(0);
    let _ = writeln!(
        out,
        "{:<width$} {:>10} {:>16} {:>6}",
        "finding", "unexpected", "expected-unsafe", "seeds"
    );
    for name in &order {
        let (t, n) = &totals[name];
        let _ = writeln!(
            out,
            "{name:<width$} {:>10} {:>16} {n:>6}",
            t.unexpected, t.expected
        );
    }
    let reason_text = reasons
        .iter()
        .map(|(r, n)| format!("{r} {n}"))
        .collect::<Vec<_>>()
        .join(", ");
    let _ = writeln!(
        out,
        "expected-unsafe seeds (loss Kafka allows in that configuration): {expected_seeds}{}",
        if reason_text.is_empty() {
            String::new()
        } else {
            format!(" (by reason: {reason_text})")
        }
    );
    let partitions: u64 = results.iter().map(|(r, _)| r.partitions).sum();
    let safe: u64 = results.iter().map(|(r, _)| r.safe_partitions).sum();
    let _ = writeln!(
        out,
        "partitions: {partitions}, of which {safe} in a configuration that must lose nothing"
    );
    let failing: Vec<&(SeedResult, Value)> = results.iter().filter(|(r, _)| r.failing()).collect();
    for (result, json) in &failing {
        let location = if options.summary_only {
            String::from("not written (--summary-only)")
        } else {
            write_failure(&options.out, profile, result.seed, json)?
                .display()
                .to_string()
        };
        let _ = writeln!(
            out,
            "FAIL seed {}: {} -> {location} (replay: {})",
            result.seed,
            finding_list(result, true),
            replay_hint(profile, result.seed)
        );
    }
    let _ = writeln!(out, "{} seeds, {} failing", results.len(), failing.len());
    Ok(out)
}

/// `REPLICATION_SIM_SEED=n`: one seed, with its report summary and every finding spelled out,
/// and its scenario file (failing or not).
pub(super) fn replay(options: &Options, seed: u64) -> Result<String, Vec<String>> {
    let profile = options.profile;
    let (json, _, world, result) = check_seed(profile, seed);
    let mut out =
        serde_json::to_string_pretty(&report(&world, true)).map_err(|e| vec![e.to_string()])?;
    out.push('\n');
    let _ = writeln!(out, "seed {seed} ({}):", profile.name());
    for line in &result.details {
        let _ = writeln!(out, "  unexpected {line}");
    }
    if result.expected_unsafe() {
        let reasons: Vec<&str> = result.expected_reasons.iter().copied().collect();
        let _ = writeln!(
            out,
            "  expected-unsafe: {} (reasons: {})",
            finding_list(&result, false),
            reasons.join(", ")
        );
    }
    // Replay writes the scenario whether or not the seed fails: it is how to get any seed's file.
    {
        let location = if options.summary_only {
            String::from("not written (--summary-only)")
        } else {
            write_failure(&options.out, profile, seed, &json)?
                .display()
                .to_string()
        };
        let _ = writeln!(out, "  scenario: {location}");
    }
    let _ = writeln!(out, "1 seeds, {} failing", u8::from(result.failing()));
    Ok(out)
}
