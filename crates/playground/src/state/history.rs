//! Time travel: a run is its setup plus the user's actions, each recorded with exactly where it
//! happened (after how many events, at what time). Any earlier moment is rebuilt from the
//! nearest snapshot (a cheap `World` clone) by replaying events and those actions, which the
//! deterministic core turns into exactly the same state.

use replication_core::scenario::Action;
use replication_core::sim::World;

/// Simulated time between snapshots at first. Replaying this much of a busy run takes a few
/// ms.
pub const SNAPSHOT_EVERY_MS: u64 = 5_000;
/// Snapshots kept at most. When there would be more, every other one is dropped and the
/// interval doubles: memory stays bounded (a snapshot of a busy cluster is a few hundred KB)
/// while a seek never replays more than one interval (40 s of an hour-long run).
pub const MAX_SNAPSHOTS: usize = 120;

/// A user action and the exact point of the run where it was taken.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordedAction {
    /// Events the world had processed when the action was applied.
    pub after_events: u64,
    pub at_ms: u64,
    pub action: Action,
}

#[derive(Clone)]
struct Snapshot {
    world: World,
    /// How many recorded actions the snapshot already contains.
    actions_applied: usize,
}

/// What was the future before the user acted in the past: kept, faint, until discarded.
#[derive(Clone)]
pub struct Branch {
    /// Where the branch left the current run.
    pub forked_at_ms: u64,
    /// The furthest state the old future reached.
    pub head: World,
}

#[derive(Clone)]
pub struct History {
    snapshots: Vec<Snapshot>,
    /// Simulated time between snapshots now (doubles as the run grows).
    interval_ms: u64,
    actions: Vec<RecordedAction>,
    /// How many of `actions` the current world contains.
    applied: usize,
    /// The furthest state reached, while the current world is behind it (after a seek).
    ahead: Option<World>,
    pub branch: Option<Branch>,
}

impl History {
    /// A history whose run starts at `world`.
    pub fn new(world: &World) -> History {
        History {
            snapshots: vec![Snapshot {
                world: world.clone(),
                actions_applied: 0,
            }],
            interval_ms: SNAPSHOT_EVERY_MS,
            actions: Vec::new(),
            applied: 0,
            ahead: None,
            branch: None,
        }
    }

    pub fn actions(&self) -> &[RecordedAction] {
        &self.actions
    }

    /// The actions the current world contains (all of them unless the user went back in time).
    pub fn applied_actions(&self) -> &[RecordedAction] {
        &self.actions[..self.applied]
    }

    /// The furthest state of the run: the current world unless the user went back in time.
    pub fn head<'a>(&'a self, current: &'a World) -> &'a World {
        self.ahead.as_ref().unwrap_or(current)
    }

    /// True while the current world is earlier than the furthest state reached.
    pub fn in_past(&self) -> bool {
        self.ahead.is_some()
    }

    /// Run `world` forward to `time_ms`, applying recorded actions at their points (they exist
    /// only when the world is behind the furthest state), then take a snapshot if one is due.
    pub fn forward_to(&mut self, world: &mut World, time_ms: u64) {
        self.forward_within(world, time_ms, u64::MAX);
    }

    /// [`History::forward_to`], but stopping once the world's work (`World::work`) reaches
    /// `work_limit`: the clock then stays at the last event processed, short of `time_ms`.
    pub fn forward_within(&mut self, world: &mut World, time_ms: u64, work_limit: u64) {
        self.applied = replay(
            world,
            &self.actions,
            self.applied,
            |a| a.at_ms <= time_ms,
            |w| w.work() < work_limit && w.next_event_at().is_some_and(|t| t <= time_ms),
        );
        if world.work() < work_limit {
            world.advance_clock(time_ms);
        }
        self.after_forward(world);
    }

    /// Process one event (applying a recorded action first if it is due there). False when
    /// nothing is left to do.
    pub fn forward_one(&mut self, world: &mut World) -> bool {
        let target = world.events_processed() + 1;
        let before = (world.events_processed(), self.applied);
        self.applied = replay(
            world,
            &self.actions,
            self.applied,
            |a| a.after_events < target,
            |w| w.events_processed() < target,
        );
        self.after_forward(world);
        before != (world.events_processed(), self.applied)
    }

    fn after_forward(&mut self, world: &World) {
        if let Some(ahead) = &self.ahead {
            if caught_up(world, ahead) && self.applied == self.actions.len() {
                self.ahead = None;
            }
        }
        if self.ahead.is_none() {
            let last = self.snapshots.last().map_or(0, |s| s.world.now_ms());
            if world.now_ms() >= last + self.interval_ms {
                self.snapshots.push(Snapshot {
                    world: world.clone(),
                    actions_applied: self.applied,
                });
                if self.snapshots.len() > MAX_SNAPSHOTS {
                    let mut index = 0;
                    self.snapshots.retain(|_| {
                        index += 1;
                        index % 2 == 1
                    });
                    self.interval_ms *= 2;
                }
            }
        }
    }

    /// Apply `action` to `world` now, recording it. Acting in the past forks: the old future
    /// becomes a branch and the actions after this point are dropped.
    pub fn act(&mut self, world: &mut World, action: Action) {
        if let Some(head) = self.ahead.take() {
            self.branch = Some(Branch {
                forked_at_ms: world.now_ms(),
                head,
            });
            self.actions.truncate(self.applied);
            let events = world.events_processed();
            let applied = self.applied;
            self.snapshots
                .retain(|s| s.world.events_processed() <= events && s.actions_applied <= applied);
        }
        world.apply(&action);
        self.actions.push(RecordedAction {
            after_events: world.events_processed(),
            at_ms: world.now_ms(),
            action,
        });
        self.applied = self.actions.len();
    }

    /// Forget the faint old branch.
    pub fn discard_branch(&mut self) {
        self.branch = None;
    }

    /// Rebuild the world as it was at `time_ms` (clamped to the head's time).
    pub fn seek_time(&mut self, current: &World, time_ms: u64) -> World {
        let time_ms = time_ms.min(self.head(current).now_ms());
        self.rebuild(
            current,
            |s| s.now_ms() <= time_ms,
            |a| a.at_ms <= time_ms,
            |w| w.next_event_at().is_some_and(|t| t <= time_ms),
            Some(time_ms),
        )
    }

    /// Rebuild the world as it was one event before `current`.
    pub fn step_back(&mut self, current: &World) -> World {
        let target = current.events_processed().saturating_sub(1);
        self.rebuild(
            current,
            |s| s.events_processed() <= target,
            |a| a.after_events <= target,
            |w| w.events_processed() < target,
            None,
        )
    }

    /// Replay from the newest snapshot `usable` accepts, as far as the two predicates allow
    /// (see [`replay`]), move the clock to `until` if given, and remember the head if the result
    /// is behind it.
    fn rebuild(
        &mut self,
        current: &World,
        usable: impl Fn(&World) -> bool,
        action_allowed: impl Fn(&RecordedAction) -> bool,
        event_allowed: impl Fn(&World) -> bool,
        until: Option<u64>,
    ) -> World {
        // Already in the past: the head is kept, not copied again.
        let head = self.ahead.take().unwrap_or_else(|| current.clone());
        let base = self
            .snapshots
            .iter()
            .rev()
            .find(|s| usable(&s.world))
            .unwrap_or(&self.snapshots[0]);
        let mut world = base.world.clone();
        let applied = replay(
            &mut world,
            &self.actions,
            base.actions_applied,
            action_allowed,
            event_allowed,
        );
        if let Some(t) = until {
            world.advance_clock(t);
        }
        self.settle(world, applied, head)
    }

    fn settle(&mut self, world: World, applied: usize, head: World) -> World {
        self.applied = applied;
        let at_head = caught_up(&world, &head) && applied == self.actions.len();
        self.ahead = (!at_head).then_some(head);
        world
    }

    /// Snapshots held (for the memory figure in the docs).
    pub fn snapshot_count(&self) -> usize {
        self.snapshots.len()
    }
}

fn caught_up(world: &World, head: &World) -> bool {
    world.events_processed() >= head.events_processed() && world.now_ms() >= head.now_ms()
}

/// Replay `actions[applied..]` into `world`: a recorded action is applied once the world has
/// processed exactly the events it followed (never stepping past it), at its time, if
/// `action_allowed`; otherwise events are processed while `event_allowed`. Returns how many
/// actions the world now contains.
fn replay(
    world: &mut World,
    actions: &[RecordedAction],
    mut applied: usize,
    action_allowed: impl Fn(&RecordedAction) -> bool,
    event_allowed: impl Fn(&World) -> bool,
) -> usize {
    loop {
        if let Some(a) = actions.get(applied) {
            if world.events_processed() >= a.after_events {
                if !action_allowed(a) {
                    break;
                }
                world.advance_clock(a.at_ms);
                world.apply(&a.action);
                applied += 1;
                continue;
            }
        }
        if !event_allowed(world) || !world.step() {
            break;
        }
    }
    applied
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::test_support::{fingerprint, play, session};
    use replication_core::scenario::parse_scenario;
    use replication_core::view::DEFAULT_SCENARIO;
    use replication_core::BrokerId;

    /// The same run built directly on a `World`: events up to `crash_at`, broker 1 crashed
    /// there, events up to `time_ms`.
    fn straight_run(crash_at: u64, time_ms: u64) -> World {
        let mut world = World::from_scenario(&parse_scenario(DEFAULT_SCENARIO).unwrap()).unwrap();
        world.run_until(crash_at.min(time_ms));
        if crash_at <= time_ms {
            world.apply(&Action::Crash {
                broker: BrokerId(1),
            });
            world.run_until(time_ms);
        }
        world
    }

    #[test]
    fn seeking_back_rebuilds_exactly_the_earlier_state_and_playing_on_rejoins_the_head() {
        let mut s = session();
        play(&mut s, 10_000);
        let crash_at = s.world.now_ms();
        s.act(Action::Crash {
            broker: BrokerId(1),
        });
        play(&mut s, 20_000);
        let head = fingerprint(&s.world);
        let head_ms = s.world.now_ms();

        // Before the crash, after it, and in a later snapshot interval.
        for t in [4_000, crash_at, 15_000, 27_500] {
            s.seek(t);
            assert!(s.history.in_past());
            assert_eq!(s.world.now_ms(), t);
            let same = fingerprint(&s.world) == fingerprint(&straight_run(crash_at, t));
            assert!(
                same,
                "the world rebuilt at {t} ms differs from a straight run"
            );
        }

        // Playing on replays nothing twice and arrives at the same head (from a time on the
        // same 1.6 s frame grid, so the frames end where the first run's did).
        s.seek(3_200);
        let rest = head_ms - s.world.now_ms();
        play(&mut s, rest);
        assert!(
            fingerprint(&s.world) == head,
            "the replay differs from the first run"
        );
        assert!(!s.history.in_past(), "caught up with the furthest state");
    }

    #[test]
    fn step_back_undoes_exactly_one_event() {
        let mut s = session();
        play(&mut s, 3_000);
        s.act(Action::PauseFetcher {
            broker: BrokerId(2),
        });
        for _ in 0..5 {
            s.step();
        }
        let n = s.world.events_processed();
        let before_last = {
            let mut t = s.history.clone();
            t.step_back(&s.world)
        };
        s.step_back();
        assert_eq!(s.world.events_processed(), n - 1);
        assert!(fingerprint(&s.world) == fingerprint(&before_last));
        // Stepping forward again gives back the state we left.
        let mut again = session();
        play(&mut again, 3_000);
        again.act(Action::PauseFetcher {
            broker: BrokerId(2),
        });
        for _ in 0..4 {
            again.step();
        }
        assert!(
            fingerprint(&s.world) == fingerprint(&again.world),
            "stepping back differs from stepping one event less"
        );
    }

    #[test]
    fn acting_in_the_past_forks_and_keeps_the_old_future_as_a_branch() {
        let mut s = session();
        play(&mut s, 10_000);
        s.act(Action::Crash {
            broker: BrokerId(1),
        });
        play(&mut s, 10_000);
        let old_head_ms = s.world.now_ms();
        s.seek(5_000);
        s.act(Action::Crash {
            broker: BrokerId(2),
        });
        let branch = s.history.branch.as_ref().expect("the old future is kept");
        assert_eq!(branch.head.now_ms(), old_head_ms);
        assert_eq!(branch.forked_at_ms, 5_000);
        assert!(!s.history.in_past(), "the new future starts here");
        assert_eq!(
            s.user_actions().len(),
            1,
            "the crash of broker 1 belonged to the old future"
        );
        assert_eq!(
            s.user_actions()[0].action,
            Action::Crash {
                broker: BrokerId(2)
            }
        );
        s.history.discard_branch();
        assert!(s.history.branch.is_none());
    }
}
