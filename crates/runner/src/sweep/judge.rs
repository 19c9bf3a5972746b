//! The judge: which of a seed's findings are failures, and which are Kafka's own outcome.
//!
//! A data finding (`lost_acked`, `lost_committed`, `acks-all-durable`, `no-committed-data-loss`,
//! `replicas-agree-below-hw`, `isr-holds-committed-data`, `acked-offset-holds-value`) on a
//! partition with one of the reasons [`super::risks`] finds is **expected-unsafe**, counted
//! apart. So is `isr-holds-committed-data` on a partition where any replica lost power
//! (`power-loss-rejoin`: the replica runs again, tail gone, until its registration drops it from
//! the ISR/ELR).
//!
//! Everything else is a **failure**: a data finding on a partition without such a reason (in
//! `kraft`/`kraft-elr` that means acks=all, min ISR ≥ 2, no unclean election, no power loss
//! beyond what ELR covers); any other invariant (`leader-in-isr`, `epochs-increase`,
//! `hw-le-leo`, `leader-hw-monotonic`, …, which hold in every Kafka version); a panic; and a
//! liveness finding, except those [`super::liveness`] excuses as Kafka's own outcome.

use super::liveness::liveness;
use super::risks::{risks, Risks};
use replication_core::scenario::Scenario;
use replication_core::sim::{expected, LossReason, World};
use replication_core::TopicPartition;
use std::collections::{BTreeMap, BTreeSet};

/// One kind of finding on one seed.
#[derive(Clone, Debug, Default)]
pub struct Tally {
    pub unexpected: u64,
    pub expected: u64,
}

/// What one seed found.
#[derive(Debug, Default)]
pub struct SeedResult {
    pub seed: u64,
    pub findings: BTreeMap<String, Tally>,
    /// Why the expected findings are expected (reasons of the partitions they were on).
    pub expected_reasons: BTreeSet<&'static str>,
    /// A short line per unexpected finding, for the replay output.
    pub details: Vec<String>,
    /// Partitions, and those in a configuration that must lose nothing (no reason above).
    pub partitions: u64,
    pub safe_partitions: u64,
}

impl SeedResult {
    pub fn failing(&self) -> bool {
        self.findings.values().any(|t| t.unexpected > 0)
    }
    pub(super) fn expected_unsafe(&self) -> bool {
        self.findings.values().any(|t| t.expected > 0)
    }
    pub(super) fn add(
        &mut self,
        name: &str,
        expected: Option<&BTreeSet<&'static str>>,
        detail: String,
    ) {
        let tally = self.findings.entry(name.to_string()).or_default();
        match expected {
            Some(reasons) => {
                tally.expected += 1;
                self.expected_reasons.extend(reasons);
            }
            None => {
                tally.unexpected += 1;
                self.details.push(format!("{name}: {detail}"));
            }
        }
    }
}

/// Classify the checker's findings and make the liveness checks.
pub fn judge(scenario: &Scenario, world: &World, seed: u64) -> SeedResult {
    let Risks {
        reasons: risks,
        power_lost,
    } = risks(scenario, world);
    let no_reasons = BTreeSet::new();
    // Data findings on a partition with reasons are expected; without a known partition, only
    // when every partition has reasons.
    let all_risky = risks.values().all(|r| !r.is_empty());
    let union: BTreeSet<LossReason> = risks.values().flatten().copied().collect();
    let reasons_of = |tp: Option<&TopicPartition>| match tp {
        Some(tp) => risks.get(tp).unwrap_or(&no_reasons),
        None if all_risky => &union,
        None => &no_reasons,
    };
    let mut result = SeedResult {
        seed,
        partitions: risks.len() as u64,
        safe_partitions: risks.values().filter(|r| r.is_empty()).count() as u64,
        ..SeedResult::default()
    };
    let checker = world.checker();
    for v in &checker.violations {
        // Every violation names a partition; one the world no longer lists counts as unknown.
        let tp = risks.get_key_value(&v.tp).map(|(tp, _)| tp);
        let lost_power = tp.is_some_and(|tp| power_lost.contains(tp));
        let expected = expected::expected_because(v.invariant, reasons_of(tp), lost_power);
        result.add(
            v.invariant.name(),
            expected.map(|r| names(&r)).as_ref(),
            format!("at {} ms: {}", v.at_ms, v.detail),
        );
    }
    for (name, list) in [
        ("lost_acked", &checker.lost_acked),
        ("lost_committed", &checker.lost_committed),
    ] {
        for (tp, value) in list {
            let reasons = Some(names(reasons_of(Some(tp)))).filter(|r| !r.is_empty());
            result.add(name, reasons.as_ref(), format!("{tp}: {value}"));
        }
    }
    liveness(scenario, world, &mut result);
    result
}

/// The reasons' names, as the summary shows them.
pub(super) fn names(reasons: &BTreeSet<LossReason>) -> BTreeSet<&'static str> {
    reasons.iter().map(|r| r.name()).collect()
}

/// Scenarios on which the sweep once found simulator bugs (`crates/runner/tests/regressions/`,
/// each file named after the bug): every one must now be judged clean.
#[cfg(test)]
mod regressions {
    use super::*;
    use crate::sweep::run::simulate;
    use serde_json::Value;

    const FILES: &[(&str, &str)] = &[
        ("01-epoch-cache-entry-survives-truncation", include_str!("../../tests/regressions/01-epoch-cache-entry-survives-truncation-kraft-seed-186.json")),
        ("02-checker-panicked-after-retention", include_str!("../../tests/regressions/02-checker-panicked-after-retention-kraft-seed-57.json")),
        ("03-checker-false-loss-after-retention", include_str!("../../tests/regressions/03-checker-false-loss-after-retention-kraft-seed-188.json")),
        ("04-restarted-broker-leads-old-epoch", include_str!("../../tests/regressions/04-restarted-broker-leads-old-epoch-kraft-seed-125.json")),
        ("05-elr-not-cleared-on-min-isr-change", include_str!("../../tests/regressions/05-elr-not-cleared-on-min-isr-change-kraft-elr-seed-123.json")),
        ("06-zk-bounced-broker-keeps-leadership", include_str!("../../tests/regressions/06-zk-bounced-broker-keeps-leadership-zk-seed-12.json")),
        ("06b-zk-bounced-broker-divergent-logs", include_str!("../../tests/regressions/06b-zk-bounced-broker-keeps-leadership-divergent-logs-zk-seed-104.json")),
        ("07-truncation-below-log-start", include_str!("../../tests/regressions/07-truncation-below-log-start-zk-seed-32.json")),
        ("08-elr-no-last-known-leader", include_str!("../../tests/regressions/08-elr-no-last-known-leader-kraft-elr-seed-9.json")),
        ("09-acked-offset-checker-false-positive", include_str!("../../tests/regressions/09-acked-offset-checker-false-positive-power-loss-kraft-seed-9.json")),
    ];

    #[test]
    fn scenarios_that_once_exposed_simulator_bugs_are_judged_clean() {
        for (name, text) in FILES {
            let json: Value = serde_json::from_str(text).expect("regression files are JSON");
            let (scenario, world) = simulate(&json);
            let result = judge(&scenario, &world, 0);
            assert!(!result.failing(), "{name}: {:?}", result.details);
        }
    }
}
