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

/// The sweep over `seeds`: the summary table, then a line per failing seed (its scenario
/// written to `--out` unless `--summary-only`).
pub(super) fn sweep(options: &Options, seeds: std::ops::Range<u64>) -> Result<String, Vec<String>> {
    let profile = options.profile;
    let results = {
        let _quiet = quiet_panics();
        run_seeds(profile, seeds.clone())
    };
    let mut totals = Totals::new();
    for (result, _) in &results {
        totals.add(result);
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
    totals.write(&mut out);
    let failing: Vec<&(SeedResult, Value)> = results.iter().filter(|(r, _)| r.failing()).collect();
    for (result, json) in &failing {
        let location = scenario_location(options, result.seed, json)?;
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

/// What every seed found, added up for the summary.
struct Totals {
    /// Finding names in the order the table lists them: the known ones, then others found.
    order: Vec<String>,
    /// Per finding: its tally over all seeds, and how many seeds had it.
    by_name: BTreeMap<String, (Tally, u64)>,
    /// Per reason: how many expected-unsafe seeds it was behind.
    reasons: BTreeMap<&'static str, u64>,
    expected_seeds: u64,
    partitions: u64,
    safe_partitions: u64,
}

impl Totals {
    fn new() -> Totals {
        Totals {
            order: known_findings().map(str::to_string).collect(),
            by_name: known_findings()
                .map(|n| (n.to_string(), (Tally::default(), 0)))
                .collect(),
            reasons: BTreeMap::new(),
            expected_seeds: 0,
            partitions: 0,
            safe_partitions: 0,
        }
    }

    fn add(&mut self, result: &SeedResult) {
        for (name, t) in &result.findings {
            if !self.by_name.contains_key(name) {
                self.order.push(name.clone());
            }
            let entry = self.by_name.entry(name.clone()).or_default();
            entry.0.unexpected += t.unexpected;
            entry.0.expected += t.expected;
            entry.1 += 1;
        }
        if result.expected_unsafe() {
            self.expected_seeds += 1;
            for r in &result.expected_reasons {
                *self.reasons.entry(r).or_default() += 1;
            }
        }
        self.partitions += result.partitions;
        self.safe_partitions += result.safe_partitions;
    }

    /// The table of findings, the expected-unsafe seeds by reason, the partitions.
    fn write(&self, out: &mut String) {
        let width = self.order.iter().map(String::len).max().unwrap_or(0);
        let _ = writeln!(
            out,
            "{:<width$} {:>10} {:>16} {:>6}",
            "finding", "unexpected", "expected-unsafe", "seeds"
        );
        for name in &self.order {
            let (t, n) = &self.by_name[name];
            let _ = writeln!(
                out,
                "{name:<width$} {:>10} {:>16} {n:>6}",
                t.unexpected, t.expected
            );
        }
        let reason_text = self
            .reasons
            .iter()
            .map(|(r, n)| format!("{r} {n}"))
            .collect::<Vec<_>>()
            .join(", ");
        let _ = writeln!(
            out,
            "expected-unsafe seeds (loss Kafka allows in that configuration): {}{}",
            self.expected_seeds,
            if reason_text.is_empty() {
                String::new()
            } else {
                format!(" (by reason: {reason_text})")
            }
        );
        let _ = writeln!(
            out,
            "partitions: {}, of which {} in a configuration that must lose nothing",
            self.partitions, self.safe_partitions
        );
    }
}

/// Where a seed's scenario file went: written to `--out`, or not with `--summary-only`.
fn scenario_location(options: &Options, seed: u64, json: &Value) -> Result<String, Vec<String>> {
    if options.summary_only {
        return Ok(String::from("not written (--summary-only)"));
    }
    let path = write_failure(&options.out, options.profile, seed, json)?;
    Ok(path.display().to_string())
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
    let location = scenario_location(options, seed, &json)?;
    let _ = writeln!(out, "  scenario: {location}");
    let _ = writeln!(out, "1 seeds, {} failing", u8::from(result.failing()));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// The table's row for `name`: unexpected, expected-unsafe, seeds.
    fn row(table: &str, name: &str) -> Vec<u64> {
        let line = table
            .lines()
            .find(|l| l.split_whitespace().next() == Some(name))
            .unwrap_or_else(|| panic!("no row {name} in\n{table}"));
        line.split_whitespace()
            .skip(1)
            .map(|n| n.parse().unwrap())
            .collect()
    }

    #[test]
    fn the_table_adds_up_the_seeds_and_appends_findings_it_does_not_know() {
        let acks = BTreeSet::from(["acks=1"]);
        let mut unsafe_seed = SeedResult {
            seed: 1,
            partitions: 3,
            safe_partitions: 1,
            ..SeedResult::default()
        };
        unsafe_seed.add("lost_acked", Some(&acks), "t-0: 7".into());
        unsafe_seed.add("lost_acked", Some(&acks), "t-0: 8".into());
        let mut failing_seed = SeedResult {
            seed: 2,
            partitions: 2,
            safe_partitions: 2,
            ..SeedResult::default()
        };
        failing_seed.add("lost_acked", None, "t-1: 3".into());
        failing_seed.add("a-new-finding", None, "what it saw".into());
        let mut totals = Totals::new();
        totals.add(&unsafe_seed);
        totals.add(&failing_seed);
        let mut table = String::new();
        totals.write(&mut table);

        assert_eq!(row(&table, "lost_acked"), [1, 2, 2]);
        assert_eq!(row(&table, "panic"), [0, 0, 0]);
        let names: Vec<&str> = table
            .lines()
            .filter_map(|l| l.split_whitespace().next())
            .collect();
        assert_eq!(names[1], "panic", "{table}");
        let last_row = names.iter().position(|&n| n == "expected-unsafe").unwrap() - 1;
        assert_eq!(names[last_row], "a-new-finding", "{table}");
        assert_eq!(row(&table, "a-new-finding"), [1, 0, 1]);
        assert!(table.contains(
            "expected-unsafe seeds (loss Kafka allows in that configuration): 1 (by reason: acks=1 1)"
        ));
        assert!(
            table.contains("partitions: 5, of which 3 in a configuration that must lose nothing")
        );
        assert_eq!(
            finding_list(&failing_seed, true),
            "a-new-finding×1, lost_acked×1"
        );
    }
}
