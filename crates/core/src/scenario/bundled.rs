//! The example scenarios of `scenarios/`, built in, for the playground's menu and the docs.

/// One bundled scenario file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bundled {
    /// The file's name without `.json`; also its id in URLs.
    pub id: &'static str,
    pub json: &'static str,
}

/// Every file of `scenarios/`, the playground's default first.
pub const BUNDLED: &[Bundled] = &[
    Bundled {
        id: "playground-default",
        json: include_str!("../../../../scenarios/playground-default.json"),
    },
    Bundled {
        id: "acks1-loss",
        json: include_str!("../../../../scenarios/acks1-loss.json"),
    },
    Bundled {
        id: "auto-leader-rebalance",
        json: include_str!("../../../../scenarios/auto-leader-rebalance.json"),
    },
    Bundled {
        id: "consumer-detects-truncation",
        json: include_str!("../../../../scenarios/consumer-detects-truncation.json"),
    },
    Bundled {
        id: "election-follows-assignment-order",
        json: include_str!("../../../../scenarios/election-follows-assignment-order.json"),
    },
    Bundled {
        id: "election-order-swapped",
        json: include_str!("../../../../scenarios/election-order-swapped.json"),
    },
    Bundled {
        id: "follower-fetching",
        json: include_str!("../../../../scenarios/follower-fetching.json"),
    },
    Bundled {
        id: "hw-is-min-leo-over-isr",
        json: include_str!("../../../../scenarios/hw-is-min-leo-over-isr.json"),
    },
    Bundled {
        id: "isr-shrink-and-expand",
        json: include_str!("../../../../scenarios/isr-shrink-and-expand.json"),
    },
    Bundled {
        id: "kip101-hw-truncation",
        json: include_str!("../../../../scenarios/kip101-hw-truncation.json"),
    },
    Bundled {
        id: "kip101-zk",
        json: include_str!("../../../../scenarios/kip101-zk.json"),
    },
    Bundled {
        id: "last-known-leader-recovery",
        json: include_str!("../../../../scenarios/last-known-leader-recovery.json"),
    },
    Bundled {
        id: "last-replica-standing-kraft-elr",
        json: include_str!("../../../../scenarios/last-replica-standing-kraft-elr.json"),
    },
    Bundled {
        id: "last-replica-standing-kraft",
        json: include_str!("../../../../scenarios/last-replica-standing-kraft.json"),
    },
    Bundled {
        id: "leader-failover",
        json: include_str!("../../../../scenarios/leader-failover.json"),
    },
    Bundled {
        id: "min-isr-refuses-writes",
        json: include_str!("../../../../scenarios/min-isr-refuses-writes.json"),
    },
    Bundled {
        id: "one-way-cut",
        json: include_str!("../../../../scenarios/one-way-cut.json"),
    },
    Bundled {
        id: "preferred-leader-election",
        json: include_str!("../../../../scenarios/preferred-leader-election.json"),
    },
    Bundled {
        id: "rack-failure-aware",
        json: include_str!("../../../../scenarios/rack-failure-aware.json"),
    },
    Bundled {
        id: "rack-failure-unaware",
        json: include_str!("../../../../scenarios/rack-failure-unaware.json"),
    },
    Bundled {
        id: "reassignment",
        json: include_str!("../../../../scenarios/reassignment.json"),
    },
    Bundled {
        id: "three-brokers-steady",
        json: include_str!("../../../../scenarios/three-brokers-steady.json"),
    },
    Bundled {
        id: "throttled-reassignment",
        json: include_str!("../../../../scenarios/throttled-reassignment.json"),
    },
    Bundled {
        id: "unclean-election-loss",
        json: include_str!("../../../../scenarios/unclean-election-loss.json"),
    },
];

/// The bundled scenario with this id.
pub fn bundled(id: &str) -> Option<&'static Bundled> {
    BUNDLED.iter().find(|e| e.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_example_parses_and_builds_a_world() {
        for e in BUNDLED {
            let scenario = crate::scenario::parse_scenario(e.json)
                .unwrap_or_else(|err| panic!("{}: {err}", e.id));
            assert!(scenario.name.is_some(), "{} has a name for the menu", e.id);
            crate::sim::World::from_scenario(&scenario)
                .unwrap_or_else(|err| panic!("{}: {err}", e.id));
        }
    }
}
