//! What the partition panel remembers between renders: the previous detail, and the records a
//! truncation removed (kept as fading ghosts) with the truncation's caption, so a learner sees
//! what a follower threw away.

use super::{COLUMNS, HISTORY};
use crate::state::PartitionKey;
use replication_core::sim::trace::EventKind;
use replication_core::sim::World;
use replication_core::view::PartitionDetail;
use replication_core::BrokerId;

/// Wall-clock time removed records stay as ghosts; the CSS `record-leave` animation matches.
pub const GHOST_MS: f64 = 1_500.0;
/// Wall-clock time a truncation's caption stays under its row.
pub const CAPTION_MS: f64 = 8_000.0;

/// A record a truncation removed, kept on screen while it fades out.
#[derive(Clone, Debug, PartialEq)]
pub struct Ghost {
    /// Unique per ghost, so its DOM node (and its animation) lives until it expires.
    pub id: u64,
    pub broker: BrokerId,
    pub offset: u64,
    /// `None` when the record was outside the previous render's window.
    pub epoch: Option<u32>,
    pub value: String,
    /// Wall-clock ms (`performance.now()`) after which the ghost is dropped.
    pub expires_at: f64,
}

/// The newest truncation of one replica, in the trace's words.
#[derive(Clone, Debug, PartialEq)]
pub struct Caption {
    pub broker: BrokerId,
    /// The truncation itself, described in the page's language when shown.
    pub event: EventKind,
    pub expires_at: f64,
}

/// What the panel remembers between renders: the previous detail (to know what a truncation
/// removed), how much of the trace it has read, and the ghosts and captions still showing.
#[derive(Default)]
pub struct Tracker {
    key: Option<PartitionKey>,
    trace_seen: usize,
    now_ms: u64,
    pub detail: Option<PartitionDetail>,
    pub ghosts: Vec<Ghost>,
    pub captions: Vec<Caption>,
    next_id: u64,
}

impl Tracker {
    /// Read the world again. Truncations of this partition since the last look turn the records
    /// they removed into ghosts; expired ghosts and captions go. A different partition, or a
    /// world that went back in time (reset, another scenario), starts afresh without ghosts.
    pub fn observe(&mut self, world: &World, key: Option<&PartitionKey>, wall_ms: f64) {
        let trace = world.trace();
        let fresh = key != self.key.as_ref()
            || trace.len() < self.trace_seen
            || world.now_ms() < self.now_ms;
        let detail = key.and_then(|(topic, p)| PartitionDetail::of(world, topic, *p, HISTORY));
        if fresh {
            self.ghosts.clear();
            self.captions.clear();
            self.key = key.cloned();
        } else if let Some((topic, partition)) = key {
            let old = self.detail.take();
            for event in &trace[self.trace_seen..] {
                if let EventKind::Truncated {
                    tp,
                    broker,
                    from,
                    values,
                    ..
                } = &event.kind
                {
                    if &*tp.topic == topic.as_str() && tp.partition == *partition {
                        self.add_truncation(old.as_ref(), *broker, *from, values, wall_ms);
                        self.captions.retain(|c| c.broker != *broker);
                        self.captions.push(Caption {
                            broker: *broker,
                            event: event.kind.clone(),
                            expires_at: wall_ms + CAPTION_MS,
                        });
                    }
                }
            }
        }
        self.trace_seen = trace.len();
        self.now_ms = world.now_ms();
        self.ghosts.retain(|g| g.expires_at > wall_ms);
        self.captions.retain(|c| c.expires_at > wall_ms);
        self.detail = detail;
    }

    /// The removed `values` are the log's tail ending at `from` (the old LEO).
    fn add_truncation(
        &mut self,
        old: Option<&PartitionDetail>,
        broker: BrokerId,
        from: u64,
        values: &[String],
        wall_ms: f64,
    ) {
        let old_log = old.and_then(|d| d.replica_logs.iter().find(|r| r.broker == broker));
        let first = from.saturating_sub(values.len() as u64);
        // Only the newest few can be on screen; a long unflushed tail needs no thousand ghosts.
        let skip = values.len().saturating_sub(COLUMNS as usize);
        for (offset, value) in (first..).zip(values).skip(skip) {
            let epoch = old_log
                .and_then(|l| l.records.iter().find(|r| r.offset == offset))
                .map(|r| r.epoch);
            self.ghosts
                .retain(|g| !(g.broker == broker && g.offset == offset));
            self.ghosts.push(Ghost {
                id: self.next_id,
                broker,
                offset,
                epoch,
                value: value.clone(),
                expires_at: wall_ms + GHOST_MS,
            });
            self.next_id += 1;
        }
    }

    /// The first offset the strips show: the detail's window, widened to the right to keep
    /// ghosts beyond the new log ends in sight.
    pub fn first_column(&self) -> u64 {
        let window_end = self.detail.as_ref().map_or(0, |d| d.window_end);
        let end = self
            .ghosts
            .iter()
            .map(|g| g.offset + 1)
            .fold(window_end, u64::max);
        end.saturating_sub(HISTORY)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use replication_core::scenario::parse_scenario;

    /// Follower 2 holds x, y (epoch 0) at offsets 2 and 3 that leader 1 (epoch 1) never had.
    const DIVERGED: &str = include_str!("../../../tests/fixtures/diverged-follower.json");

    fn key() -> PartitionKey {
        ("orders".to_string(), 0)
    }

    fn world() -> World {
        World::from_scenario(&parse_scenario(DIVERGED).unwrap()).unwrap()
    }

    fn step_until_truncated(world: &mut World) {
        while !world
            .trace()
            .iter()
            .any(|e| matches!(e.kind, EventKind::Truncated { .. }))
        {
            assert!(world.step(), "the follower truncates before events run out");
        }
    }

    #[test]
    fn a_truncation_leaves_ghosts_of_the_removed_records_and_a_caption() {
        let mut w = world();
        let mut t = Tracker::default();
        t.observe(&w, Some(&key()), 0.0);
        assert!(t.ghosts.is_empty());
        step_until_truncated(&mut w);
        t.observe(&w, Some(&key()), 100.0);
        let ghosts: Vec<_> = t
            .ghosts
            .iter()
            .map(|g| (g.broker, g.offset, g.value.as_str(), g.epoch))
            .collect();
        assert_eq!(
            ghosts,
            [
                (BrokerId(2), 2, "x", Some(0)),
                (BrokerId(2), 3, "y", Some(0))
            ],
            "the epochs come from the previous render"
        );
        assert_eq!(t.captions.len(), 1);
        assert!(t.captions[0]
            .event
            .describe()
            .contains("truncated its log from 4 to 2"));
        // The strips keep the ghosts in sight although no log reaches offset 3 any more.
        assert_eq!(t.detail.as_ref().unwrap().window_end, 3);
        assert_eq!(t.first_column(), 0);
        // Later renders keep them until they expire, then drop them; the caption lasts longer.
        t.observe(&w, Some(&key()), 100.0 + GHOST_MS - 1.0);
        assert_eq!(t.ghosts.len(), 2);
        t.observe(&w, Some(&key()), 100.0 + GHOST_MS);
        assert!(t.ghosts.is_empty());
        assert_eq!(t.captions.len(), 1);
        t.observe(&w, Some(&key()), 100.0 + CAPTION_MS);
        assert!(t.captions.is_empty());
    }

    #[test]
    fn another_partition_or_a_reset_starts_without_ghosts() {
        let mut w = world();
        let mut t = Tracker::default();
        t.observe(&w, Some(&("other".to_string(), 0)), 0.0);
        assert!(t.detail.is_none());
        step_until_truncated(&mut w);
        t.observe(&w, Some(&key()), 10.0);
        assert!(
            t.ghosts.is_empty(),
            "the truncation predates this partition's first look"
        );
        let reset = world();
        t.observe(&reset, Some(&key()), 20.0);
        assert!(t.ghosts.is_empty());
        assert_eq!(t.detail.as_ref().unwrap().replica_logs[1].log_end_offset, 4);
    }
}
