//! The example scenarios of `scenarios/`, built in, for the playground's menu and the docs.

/// One bundled scenario file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Example {
    /// The file's name without `.json`; also its id in URLs.
    pub id: &'static str,
    pub json: &'static str,
}

/// Every file of `scenarios/`, the playground's default first.
pub const EXAMPLES: &[Example] = &[
    Example {
        id: "playground-default",
        json: include_str!("../../../scenarios/playground-default.json"),
    },
    Example {
        id: "acks1-loss",
        json: include_str!("../../../scenarios/acks1-loss.json"),
    },
    Example {
        id: "auto-leader-rebalance",
        json: include_str!("../../../scenarios/auto-leader-rebalance.json"),
    },
    Example {
        id: "consumer-detects-truncation",
        json: include_str!("../../../scenarios/consumer-detects-truncation.json"),
    },
    Example {
        id: "election-follows-assignment-order",
        json: include_str!("../../../scenarios/election-follows-assignment-order.json"),
    },
    Example {
        id: "election-order-swapped",
        json: include_str!("../../../scenarios/election-order-swapped.json"),
    },
    Example {
        id: "follower-fetching",
        json: include_str!("../../../scenarios/follower-fetching.json"),
    },
    Example {
        id: "hw-is-min-leo-over-isr",
        json: include_str!("../../../scenarios/hw-is-min-leo-over-isr.json"),
    },
    Example {
        id: "isr-shrink-and-expand",
        json: include_str!("../../../scenarios/isr-shrink-and-expand.json"),
    },
    Example {
        id: "kip101-hw-truncation",
        json: include_str!("../../../scenarios/kip101-hw-truncation.json"),
    },
    Example {
        id: "kip101-zk",
        json: include_str!("../../../scenarios/kip101-zk.json"),
    },
    Example {
        id: "last-known-leader-recovery",
        json: include_str!("../../../scenarios/last-known-leader-recovery.json"),
    },
    Example {
        id: "last-replica-standing-kraft-elr",
        json: include_str!("../../../scenarios/last-replica-standing-kraft-elr.json"),
    },
    Example {
        id: "last-replica-standing-kraft",
        json: include_str!("../../../scenarios/last-replica-standing-kraft.json"),
    },
    Example {
        id: "leader-failover",
        json: include_str!("../../../scenarios/leader-failover.json"),
    },
    Example {
        id: "min-isr-refuses-writes",
        json: include_str!("../../../scenarios/min-isr-refuses-writes.json"),
    },
    Example {
        id: "one-way-cut",
        json: include_str!("../../../scenarios/one-way-cut.json"),
    },
    Example {
        id: "preferred-leader-election",
        json: include_str!("../../../scenarios/preferred-leader-election.json"),
    },
    Example {
        id: "rack-failure-aware",
        json: include_str!("../../../scenarios/rack-failure-aware.json"),
    },
    Example {
        id: "rack-failure-unaware",
        json: include_str!("../../../scenarios/rack-failure-unaware.json"),
    },
    Example {
        id: "reassignment",
        json: include_str!("../../../scenarios/reassignment.json"),
    },
    Example {
        id: "three-brokers-steady",
        json: include_str!("../../../scenarios/three-brokers-steady.json"),
    },
    Example {
        id: "throttled-reassignment",
        json: include_str!("../../../scenarios/throttled-reassignment.json"),
    },
    Example {
        id: "unclean-election-loss",
        json: include_str!("../../../scenarios/unclean-election-loss.json"),
    },
];

/// The example with this id.
pub fn example(id: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_example_parses_and_builds_a_world() {
        for e in EXAMPLES {
            let scenario = crate::scenario::parse_scenario(e.json)
                .unwrap_or_else(|err| panic!("{}: {err}", e.id));
            assert!(scenario.name.is_some(), "{} has a name for the menu", e.id);
            crate::sim::World::from_scenario(&scenario)
                .unwrap_or_else(|err| panic!("{}: {err}", e.id));
        }
    }
}
