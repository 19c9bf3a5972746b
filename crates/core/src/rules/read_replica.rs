//! Which replica a consumer reads from (KIP-392, `replica.selector.class`).
//!
//! The leader answers a consumer's fetch with a preferred read replica instead of records when
//! its selector picks another replica (`ReplicaManager.findPreferredReadReplica`). The
//! candidates are the leader and the followers in the ISR that hold the fetch offset: their log
//! end offset (as the leader knows it, from their last fetch) at or past it and their log start
//! at or before it. `RackAwareReplicaSelector.select` then keeps the candidates in the
//! consumer's `client.rack`; none there, or the leader among them, means the leader serves the
//! fetch itself; otherwise the one with the highest log end offset, then the one caught up most
//! recently (ties: assignment order).

use crate::ids::BrokerId;

/// A follower as the leader sees it when a consumer fetches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Follower<'a> {
    pub broker: BrokerId,
    pub rack: Option<&'a str>,
    pub in_isr: bool,
    pub log_end_offset: u64,
    pub log_start_offset: u64,
    pub last_caught_up_time_ms: u64,
}

/// The replica the leader (in `leader_rack`) points a consumer in `client_rack`, fetching at
/// `fetch_offset`, to; `None` when the leader serves it. `followers` are in assignment order.
pub fn preferred_read_replica(
    leader_rack: Option<&str>,
    client_rack: Option<&str>,
    fetch_offset: u64,
    followers: &[Follower<'_>],
) -> Option<BrokerId> {
    let rack = client_rack.filter(|r| !r.is_empty())?;
    if leader_rack == Some(rack) {
        return None;
    }
    let mut best: Option<&Follower> = None;
    for f in followers {
        let holds = f.log_end_offset >= fetch_offset && f.log_start_offset <= fetch_offset;
        if !(f.in_isr && holds && f.rack == Some(rack)) {
            continue;
        }
        let better = best.is_none_or(|b| {
            (f.log_end_offset, f.last_caught_up_time_ms)
                > (b.log_end_offset, b.last_caught_up_time_ms)
        });
        if better {
            best = Some(f);
        }
    }
    best.map(|f| f.broker)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn follower(broker: u32, rack: &str, in_isr: bool, leo: u64, start: u64) -> Follower<'_> {
        Follower {
            broker: BrokerId(broker),
            rack: Some(rack),
            in_isr,
            log_end_offset: leo,
            log_start_offset: start,
            last_caught_up_time_ms: 0,
        }
    }

    /// (name, leader rack, client rack, fetch offset, followers, expected)
    type Case<'a> = (
        &'a str,
        &'a str,
        Option<&'a str>,
        u64,
        Vec<Follower<'a>>,
        Option<BrokerId>,
    );

    #[test]
    fn an_in_sync_replica_in_the_consumers_rack_that_holds_the_offset() {
        let b = |id| Some(BrokerId(id));
        let table: [Case; 8] = [
            (
                "same rack, in sync",
                "a",
                Some("c"),
                10,
                vec![follower(3, "c", true, 10, 0)],
                b(3),
            ),
            (
                "no client.rack: the leader",
                "a",
                None,
                10,
                vec![follower(3, "c", true, 10, 0)],
                None,
            ),
            (
                "the leader is in the rack",
                "c",
                Some("c"),
                10,
                vec![follower(3, "c", true, 10, 0)],
                None,
            ),
            (
                "out of the ISR: never offered",
                "a",
                Some("c"),
                10,
                vec![follower(3, "c", false, 10, 0)],
                None,
            ),
            (
                "behind the fetch offset",
                "a",
                Some("c"),
                11,
                vec![follower(3, "c", true, 10, 0)],
                None,
            ),
            (
                "the offset deleted there",
                "a",
                Some("c"),
                10,
                vec![follower(3, "c", true, 20, 11)],
                None,
            ),
            (
                "another rack",
                "a",
                Some("c"),
                10,
                vec![follower(2, "b", true, 10, 0)],
                None,
            ),
            (
                "the highest log end offset",
                "a",
                Some("c"),
                10,
                vec![follower(3, "c", true, 10, 0), follower(4, "c", true, 12, 0)],
                b(4),
            ),
        ];
        for (name, leader_rack, client_rack, offset, followers, want) in table {
            assert_eq!(
                preferred_read_replica(Some(leader_rack), client_rack, offset, &followers),
                want,
                "{name}"
            );
        }
    }
}
