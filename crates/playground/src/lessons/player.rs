//! Moving a session through a lesson's steps. A step's starting state is defined by replay:
//! load its scenario, then perform every earlier step of the same scenario run (play to its
//! time, or do the learner's action for them). Next keeps the learner's own run when the
//! scenario continues; Back and links into a step always replay. How a step's Play is paced
//! (slow around key moments) is in `pacing`.

use super::{Check, Lesson, Step, StepAction, LESSONS};
use crate::state::session::{LoadError, Session};
use crate::state::LessonCommand;
use replication_core::scenario::bundled::bundled;
use replication_core::scenario::Action;
use replication_core::sim::World;
use replication_core::text::Text;
use replication_core::{text, BrokerId};

mod pacing;
pub use pacing::{is_key_moment, play_plan, Segment, MOMENT_SPEED};

/// Which lesson and step are open, and how a step's Play goes.
#[derive(Clone, Debug, PartialEq)]
pub struct LessonState {
    /// (lesson index, step index).
    pub open: Option<(usize, usize)>,
    /// What is left of a step's Play: each segment plays at its speed until the simulated clock
    /// reaches its end; playing stops after the last.
    pub plan: Vec<Segment>,
    /// The speed the learner had chosen before a step's Play, restored when it ends.
    pub speed_before: Option<f64>,
    /// The panel's language from the address (`lang=zh`), until the page has a global
    /// language setting; "en" otherwise.
    pub lang: &'static str,
}

/// What the app must do after a lesson command.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Nothing,
    /// A scenario was (re)loaded: alerts and selections belong to the old run.
    Loaded(Result<(), LoadError>),
    /// Start the animation loop.
    Play,
}

impl Default for LessonState {
    fn default() -> Self {
        LessonState {
            open: None,
            plan: Vec::new(),
            speed_before: None,
            lang: "en",
        }
    }
}

impl LessonState {
    /// A lesson linked from the page address: `lesson=<id>&step=<n>` (n from 1), entered at
    /// once. An unknown id or step opens the page as usual, with the problem named.
    pub fn from_query(query: &str, session: &mut Session) -> (LessonState, Option<Text>) {
        let param = |name: &str| {
            query
                .trim_start_matches('?')
                .split('&')
                .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
        };
        let mut state = LessonState::default();
        if param("lang") == Some("zh") {
            state.lang = "zh";
        }
        let Some(id) = param("lesson") else {
            return (state, None);
        };
        let Some((index, lesson)) = Lesson::by_id(id) else {
            let ids: Vec<&str> = LESSONS.iter().map(|l| l.id).collect();
            let problem = text!(
                "lesson {id} does not exist; the lessons are: {ids}",
                id = format!("{id:?}"),
                ids = ids.join(", ")
            );
            return (state, Some(problem));
        };
        let count = lesson.steps.len();
        let step = match param("step") {
            None => 0,
            Some(s) => match s.parse::<usize>() {
                Ok(n) if (1..=count).contains(&n) => n - 1,
                _ => {
                    let problem = text!(
                        "step {step} of lesson {id}: the steps are 1 to {count}",
                        step = format!("{s:?}"),
                        id,
                        count
                    );
                    return (state, Some(problem));
                }
            },
        };
        if enter(session, lesson, step).is_ok() {
            state.open = Some((index, step));
            // `&done` opens the step as it ends: its action done, its question answerable.
            let done = query
                .trim_start_matches('?')
                .split('&')
                .any(|pair| pair == "done" || pair.starts_with("done="));
            if done {
                complete(session, &lesson.steps[step]);
            }
        }
        (state, None)
    }

    pub fn lesson(&self) -> Option<&'static Lesson> {
        self.open.map(|(l, _)| &LESSONS[l])
    }

    pub fn step(&self) -> Option<&'static Step> {
        self.open.map(|(l, s)| &LESSONS[l].steps[s])
    }

    /// Carry out a command on the session.
    pub fn apply(&mut self, session: &mut Session, command: LessonCommand) -> Outcome {
        // A Play cut short hands the learner's own speed back.
        self.plan.clear();
        if let Some(speed) = self.speed_before.take() {
            session.set_speed(speed);
        }
        match command {
            LessonCommand::Open(index) if index < LESSONS.len() => self.go(session, index, 0),
            LessonCommand::Go(step) => match self.open {
                Some((l, _)) if step < LESSONS[l].steps.len() => self.go(session, l, step),
                _ => Outcome::Nothing,
            },
            LessonCommand::Next => self.next(session),
            LessonCommand::Play => self.play(session),
            LessonCommand::Close => {
                self.open = None;
                Outcome::Nothing
            }
            LessonCommand::Open(_) => Outcome::Nothing,
        }
    }

    fn go(&mut self, session: &mut Session, lesson: usize, step: usize) -> Outcome {
        let result = enter(session, &LESSONS[lesson], step);
        if result.is_ok() {
            self.open = Some((lesson, step));
        }
        Outcome::Loaded(result)
    }

    fn next(&mut self, session: &mut Session) -> Outcome {
        let Some((l, s)) = self.open else {
            return Outcome::Nothing;
        };
        let steps = LESSONS[l].steps;
        complete(session, &steps[s]);
        if s + 1 >= steps.len() {
            // The last step: back to the list, the run stays on screen.
            self.open = None;
            return Outcome::Nothing;
        }
        if steps[s + 1].scenario == steps[s].scenario {
            self.open = Some((l, s + 1));
            return Outcome::Nothing;
        }
        self.go(session, l, s + 1)
    }

    fn play(&mut self, session: &mut Session) -> Outcome {
        let Some(StepAction::AutoPlay { until_ms }) = self.step().map(|s| &s.action) else {
            return Outcome::Nothing;
        };
        let plan = play_plan(&session.world, *until_ms);
        let Some(first) = plan.first() else {
            return Outcome::Nothing;
        };
        self.speed_before.get_or_insert(session.speed);
        session.set_speed(first.speed);
        session.playing = true;
        self.plan = plan;
        Outcome::Play
    }

    /// Called after every animation frame: move to the next segment of a step's Play once the
    /// clock passes the current one's end, and pause after the last. True when it paused.
    pub fn reached(&mut self, session: &mut Session) -> bool {
        let now = session.world.now_ms();
        let before = self.plan.len();
        self.plan.retain(|s| s.until_ms > now);
        match self.plan.first() {
            Some(next) => {
                session.set_speed(next.speed);
                false
            }
            None if before > 0 => {
                session.playing = false;
                if let Some(speed) = self.speed_before.take() {
                    session.set_speed(speed);
                }
                true
            }
            None => false,
        }
    }

    /// The segment playing now, if a step's Play is under way.
    pub fn segment(&self) -> Option<&Segment> {
        self.plan.first()
    }
}

/// Load `lesson`'s step `step` as it starts: its scenario, with every earlier step of the same
/// run performed.
pub fn enter(session: &mut Session, lesson: &Lesson, step: usize) -> Result<(), LoadError> {
    let scenario = lesson.steps[step].scenario;
    let Some(e) = bundled(scenario) else {
        return Err(LoadError {
            source: lesson.id.to_string(),
            problems: vec![text!(
                "there is no bundled example named {id}",
                id = format!("{scenario:?}")
            )],
        });
    };
    session.load_json(e.id, e.json)?;
    session.playing = false;
    let first = lesson.steps[..step]
        .iter()
        .rposition(|s| s.scenario != scenario)
        .map_or(0, |i| i + 1);
    for earlier in &lesson.steps[first..step] {
        complete(session, earlier);
    }
    Ok(())
}

/// Do a step's action if it is not done yet: play to its time, or the learner's part.
pub fn complete(session: &mut Session, step: &Step) {
    session.playing = false;
    match &step.action {
        StepAction::AutoPlay { until_ms } => {
            if session.world.now_ms() < *until_ms {
                session.fast_forward(*until_ms);
            }
        }
        StepAction::Learner { done_when, .. } => {
            for check in done_when.iter() {
                if !holds(&session.world, *check) {
                    session.act(act(*check));
                }
            }
        }
    }
}

/// Whether the step's action has happened in the world on screen.
pub fn done(world: &World, step: &Step) -> bool {
    match &step.action {
        StepAction::AutoPlay { until_ms } => world.now_ms() >= *until_ms,
        StepAction::Learner { done_when, .. } => done_when.iter().all(|&c| holds(world, c)),
    }
}

pub fn holds(world: &World, check: Check) -> bool {
    let broker = |id: u32| world.broker(BrokerId(id));
    match check {
        Check::BrokerDown(id) => broker(id).is_some_and(|b| !b.is_running()),
        Check::BrokerUp(id) => broker(id).is_some_and(|b| b.is_running()),
        Check::FetcherPaused(id) => broker(id).is_some_and(|b| b.fetcher_paused),
        Check::FetcherRunning(id) => broker(id).is_some_and(|b| !b.fetcher_paused),
    }
}

/// The action that makes a check true (what Next does for a learner who skipped it).
fn act(check: Check) -> Action {
    match check {
        Check::BrokerDown(id) => Action::Crash {
            broker: BrokerId(id),
        },
        Check::BrokerUp(id) => Action::Restart {
            broker: BrokerId(id),
        },
        Check::FetcherPaused(id) => Action::PauseFetcher {
            broker: BrokerId(id),
        },
        Check::FetcherRunning(id) => Action::ResumeFetcher {
            broker: BrokerId(id),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::test_support::paused_session as session;

    #[test]
    fn every_step_of_every_lesson_can_be_entered_and_completed() {
        let mut s = session();
        for (l, lesson) in LESSONS.iter().enumerate() {
            let mut state = LessonState::default();
            assert!(matches!(
                state.apply(&mut s, LessonCommand::Open(l)),
                Outcome::Loaded(Ok(()))
            ));
            for i in 0..lesson.steps.len() {
                assert_eq!(state.open, Some((l, i)), "{}", lesson.id);
                let step = state.step().unwrap();
                assert_eq!(s.source, step.scenario);
                assert!(!done(&s.world, step), "{} step {}", lesson.id, i + 1);
                complete(&mut s, step);
                assert!(done(&s.world, step), "{} step {}", lesson.id, i + 1);
                state.apply(&mut s, LessonCommand::Next);
            }
            assert_eq!(state.open, None, "the last Next closes the lesson");
        }
    }

    /// The facts the lessons' answers state, read off the world at the end of each step.
    #[test]
    fn the_answers_match_what_the_runs_do() {
        use replication_core::report::report;
        use serde_json::{json, Value};
        let mut s = session();
        // The state at the end of step `n` (from 1) of lesson `id`.
        let mut end_of = |id: &str, n: usize| -> Value {
            let (l, lesson) = Lesson::by_id(id).unwrap();
            let mut state = LessonState::default();
            state.apply(&mut s, LessonCommand::Open(l));
            state.apply(&mut s, LessonCommand::Go(n - 1));
            complete(&mut s, &lesson.steps[n - 1]);
            report(&s.world, false)
        };
        let p = |r: &Value, key: &str| r["partitions"][0][key].clone();
        let r = end_of("replicas", 2);
        assert_eq!(
            p(&r, "isr"),
            json!([1, 2, 3]),
            "crashed broker 3 still in the ISR"
        );
        let r = end_of("replicas", 3);
        assert_eq!(p(&r, "isr"), json!([1, 2]));
        assert!(
            p(&r, "high_watermark").as_u64().unwrap() > 100,
            "the HW moved on"
        );
        let r = end_of("leader-followers", 3);
        assert_eq!(
            (p(&r, "leader"), p(&r, "leader_epoch")),
            (json!(2), json!(1))
        );
        assert!(r["lost_acked"].as_array().unwrap().is_empty());
        assert_eq!(p(&end_of("leader-followers", 4), "leader"), json!(3));
        assert_eq!(p(&end_of("leader-followers", 5), "leader"), json!(2));
        assert_eq!(p(&end_of("isr", 1), "isr"), json!([1, 2, 3]));
        assert_eq!(p(&end_of("isr", 2), "isr"), json!([1, 2]));
        assert_eq!(p(&end_of("isr", 3), "isr"), json!([1, 2, 3]));
        let r = end_of("fetch", 3);
        assert_eq!(p(&r, "isr"), json!([1, 2, 3]));
        assert!(
            p(&r, "high_watermark").as_u64().unwrap() <= 6,
            "frozen at broker 2's offset"
        );
        assert_eq!(p(&end_of("hw-leo", 1), "high_watermark"), json!(6));
        assert_eq!(end_of("hw-leo", 2)["consumed"].as_array().unwrap().len(), 6);
        assert_eq!(p(&end_of("hw-leo", 3), "high_watermark"), json!(9));
        assert_eq!(end_of("recovery", 3)["lost_committed"], json!(["r1"]));
        let r = end_of("recovery", 4);
        assert_eq!(
            (p(&r, "leader"), r["lost_committed"].clone()),
            (Value::Null, json!([]))
        );
        assert_eq!(p(&end_of("placement", 1), "replicas"), json!([1, 2, 3]));
        let r = end_of("placement", 2);
        assert_eq!(
            (p(&r, "leader"), p(&r, "isr")),
            (json!(2), json!([2, 3, 1]))
        );
        assert_eq!(p(&end_of("placement", 3), "leader_epoch"), json!(2));
        assert_eq!(end_of("acks", 1)["lost_acked"], json!(["x", "y", "z"]));
        let r = end_of("drill", 4);
        assert_eq!((p(&r, "leader"), p(&r, "isr")), (json!(3), json!([3])));
        assert!(r["lost_acked"].as_array().unwrap().is_empty());
    }

    #[test]
    fn back_replays_the_same_starting_state_as_going_forward() {
        let mut s = session();
        let mut state = LessonState::default();
        let (drill, lesson) = Lesson::by_id("drill").unwrap();
        state.apply(&mut s, LessonCommand::Open(drill));
        for _ in 0..3 {
            state.apply(&mut s, LessonCommand::Next);
        }
        let forward = (s.world.now_ms(), s.world.trace().len());
        state.apply(&mut s, LessonCommand::Go(1));
        state.apply(&mut s, LessonCommand::Go(3));
        assert_eq!((s.world.now_ms(), s.world.trace().len()), forward);
        assert!(holds(&s.world, Check::BrokerDown(1)));
        assert!(holds(&s.world, Check::BrokerDown(2)));
        assert_eq!(lesson.steps.len(), 5);
    }

    #[test]
    fn play_runs_to_the_step_time_and_stops() {
        let mut s = session();
        let mut state = LessonState::default();
        state.apply(&mut s, LessonCommand::Open(0));
        assert_eq!(state.apply(&mut s, LessonCommand::Play), Outcome::Play);
        while s.playing {
            let cap = state.segment().map(|seg| seg.until_ms);
            s.advance_capped(100.0, cap);
            state.reached(&mut s);
        }
        assert!(done(&s.world, state.step().unwrap()));
        assert!(state.plan.is_empty());
        assert_eq!(s.speed, 0.1, "the learner's speed is back");
    }

    #[test]
    fn links_open_a_step_and_name_what_they_do_not_know() {
        let mut s = session();
        let (state, problem) =
            LessonState::from_query("?embed&lesson=hw-leo&step=2&lang=zh", &mut s);
        assert_eq!(state.open, Some((Lesson::by_id("hw-leo").unwrap().0, 1)));
        assert_eq!(problem, None);
        assert_eq!(state.lang, "zh");
        assert_eq!(s.source, "hw-is-min-leo-over-isr");
        assert_eq!(s.world.now_ms(), 2_000, "step 1 played to its time");
        let (_, problem) = LessonState::from_query("?lesson=hw-leo&step=2&done", &mut s);
        assert_eq!(
            (problem, s.world.now_ms()),
            (None, 4_500),
            "step 2 as it ends"
        );
        assert_eq!(
            LessonState::from_query("?t=5", &mut s),
            (LessonState::default(), None)
        );

        let (state, problem) = LessonState::from_query("?lesson=nope", &mut s);
        assert_eq!(state.open, None);
        let problem = problem.unwrap().to_string();
        assert!(
            problem.starts_with("lesson \"nope\" does not exist; the lessons are: replicas, "),
            "{problem}"
        );
        let steps = Lesson::by_id("hw-leo").unwrap().1.steps.len();
        for bad in ["0", "x", &(steps + 1).to_string()] {
            let (state, problem) =
                LessonState::from_query(&format!("?lesson=hw-leo&step={bad}"), &mut s);
            assert_eq!(state.open, None);
            assert_eq!(
                problem.unwrap().to_string(),
                format!("step \"{bad}\" of lesson hw-leo: the steps are 1 to {steps}")
            );
        }
    }
}
