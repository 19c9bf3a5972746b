//! How a step's Play is paced: it slows to a crawl around each key moment (what the learner
//! is asked about) and passes the quiet stretches between them quickly.

use replication_core::rules::election::ElectionKind;
use replication_core::sim::trace::EventKind;
use replication_core::sim::World;

/// A stretch of a step's Play: up to `until_ms` at `speed`; `slow` marks a key moment.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Segment {
    pub until_ms: u64,
    pub speed: f64,
    pub slow: bool,
}

/// Wall time the quiet stretches of a step's Play take together.
const QUIET_WALL_MS: f64 = 4_000.0;
/// The speed around a key moment: a 10 ms message takes half a second to cross.
pub const MOMENT_SPEED: f64 = 0.02;
/// Simulated time shown slowly before and after each key moment.
const MOMENT_BEFORE_MS: u64 = 15;
const MOMENT_AFTER_MS: u64 = 45;

/// Whether an event is a moment a lesson slows down for: what the learner is asked about.
pub fn is_key_moment(kind: &EventKind) -> bool {
    use EventKind::*;
    match kind {
        LeaderElected { election, .. } => *election != ElectionKind::Kept,
        PartitionOffline { .. }
        | IsrShrunk { .. }
        | IsrExpanded { .. }
        | IsrChanged { .. }
        | FollowerOutOfSync { .. }
        | Truncated { .. }
        | DataLost { .. }
        | BrokerFenced { .. }
        | BrokerCrashed { .. }
        | BrokerRestarted { .. }
        | FetcherPaused { .. }
        | ConsumerTruncationDetected { .. }
        | ReassignmentStarted { .. }
        | ReassignmentCompleted { .. }
        | PreferredElectionRequested { .. }
        | UncleanElectionRequested { .. } => true,
        _ => false,
    }
}

/// How a step's Play runs from `world`'s time to `until_ms`: the run is played ahead on a copy
/// (a world is cheap to clone) to find its key moments; around each, the Play slows to
/// `MOMENT_SPEED`; the quiet stretches between them share `QUIET_WALL_MS` of wall time.
pub fn play_plan(world: &World, until_ms: u64) -> Vec<Segment> {
    let now = world.now_ms();
    if now >= until_ms {
        return Vec::new();
    }
    let mut ahead = world.clone();
    let seen = ahead.trace().len();
    ahead.run_until(until_ms);
    // Key moments as slow windows, merged where they touch.
    let mut windows: Vec<(u64, u64)> = Vec::new();
    for event in ahead.trace()[seen..]
        .iter()
        .filter(|e| is_key_moment(&e.kind))
    {
        let from = event.at_ms.saturating_sub(MOMENT_BEFORE_MS).max(now);
        let to = (event.at_ms + MOMENT_AFTER_MS).min(until_ms);
        match windows.last_mut() {
            Some(last) if from <= last.1 => last.1 = last.1.max(to),
            _ => windows.push((from, to)),
        }
    }
    let slow_ms: u64 = windows.iter().map(|(a, b)| b - a).sum();
    let quiet_ms = (until_ms - now).saturating_sub(slow_ms);
    let fast = (quiet_ms as f64 / QUIET_WALL_MS).clamp(MOMENT_SPEED, 50.0);
    let mut plan = Vec::new();
    let mut at = now;
    for (from, to) in windows {
        if from > at {
            plan.push(Segment {
                until_ms: from,
                speed: fast,
                slow: false,
            });
        }
        if to > from {
            plan.push(Segment {
                until_ms: to,
                speed: MOMENT_SPEED,
                slow: true,
            });
        }
        at = to;
    }
    if until_ms > at {
        plan.push(Segment {
            until_ms,
            speed: fast,
            slow: false,
        });
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lessons::player::{complete, LessonCommand, LessonState};
    use crate::lessons::{StepAction, LESSONS};
    use crate::state::test_support::paused_session as session;

    /// Around each key moment the Play slows to a crawl; the quiet time passes quickly.
    #[test]
    fn play_slows_down_around_every_key_moment_of_the_step() {
        let mut s = session();
        for (l, lesson) in LESSONS.iter().enumerate() {
            let mut state = LessonState::default();
            state.apply(&mut s, LessonCommand::Open(l));
            for (i, step) in lesson.steps.iter().enumerate() {
                if let StepAction::AutoPlay { until_ms } = step.action {
                    let plan = play_plan(&s.world, until_ms);
                    let mut ahead = s.world.clone();
                    let seen = ahead.trace().len();
                    ahead.run_until(until_ms);
                    for e in ahead.trace()[seen..]
                        .iter()
                        .filter(|e| is_key_moment(&e.kind))
                    {
                        let segment = plan
                            .iter()
                            .find(|seg| seg.until_ms >= e.at_ms.max(1))
                            .unwrap();
                        assert!(
                            segment.slow && segment.speed <= MOMENT_SPEED,
                            "{} step {}: {} at {} plays at {}",
                            lesson.id,
                            i + 1,
                            e.kind.name(),
                            e.at_ms,
                            segment.speed
                        );
                    }
                    assert_eq!(plan.last().map(|seg| seg.until_ms), Some(until_ms));
                }
                complete(&mut s, step);
                state.apply(&mut s, LessonCommand::Next);
            }
        }
    }
}
