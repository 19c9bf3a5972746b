//! The running simulation behind the page: the setup it came from, the world, the clock that
//! turns wall time into simulated time, and what the user did. No Kafka logic lives here; every
//! change goes through the core's `World::apply`.

use super::history::{History, RecordedAction};
use super::metrics::{Metrics, SAMPLE_MS};
use replication_core::scenario::{parse_scenario, Action, Scenario, ScenarioErrors};
use replication_core::sim::{World, WorldError};
use replication_core::text;
use replication_core::text::Text;

/// Slowest and fastest speeds, in simulated ms per wall-clock ms.
pub const MIN_SPEED: f64 = 0.01;
pub const MAX_SPEED: f64 = 100.0;
/// The speed a fresh page starts at: slow enough that a 10 ms message crosses the screen in a
/// tenth of a second.
pub const DEFAULT_SPEED: f64 = 0.1;
/// A frame never advances the clock by more than this much wall time (a tab that slept must
/// not fast-forward minutes of simulation in one frame).
const MAX_FRAME_WALL_MS: f64 = 100.0;
/// Nor does it do more than this much of the run's work (`World::work`, about 0.05 to 0.4 µs
/// a unit in the browser): a cluster too big to simulate at the chosen speed plays slower
/// instead of freezing the page. At 100×, a frame of the default cluster needs about 65,000,
/// of the front-end benchmark's 24 brokers about 260,000.
const MAX_FRAME_WORK: u64 = 1_000_000;

/// The source of problems found in the page address (`?scenario=`, `?t=`, `lang=`…).
pub const PAGE_ADDRESS: &str = "the page address";
/// The source of a scenario built in the cluster setup panel.
pub const CLUSTER_SETUP: &str = "the cluster setup";

/// Why a scenario could not be loaded: its parse errors, or a world that cannot be built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    /// Where it came from: a file or example name, or one of the constants above.
    pub source: String,
    /// Worded in the page's language when shown (`i18n::word`).
    pub problems: Vec<Text>,
}

impl LoadError {
    fn from_scenario(source: &str, errors: &ScenarioErrors) -> Self {
        LoadError {
            source: source.to_string(),
            problems: errors.iter().map(|e| e.text()).collect(),
        }
    }
    fn from_world(source: &str, error: &WorldError) -> Self {
        LoadError {
            source: source.to_string(),
            problems: vec![error.text()],
        }
    }
}

pub struct Session {
    /// The setup everything restarts from.
    pub scenario: Scenario,
    /// Where the setup came from: a bundled example's id, a file name, "the cluster setup".
    pub source: String,
    pub world: World,
    /// Simulated ms per wall ms.
    pub speed: f64,
    pub playing: bool,
    /// Simulated time with its fraction, for smooth animation; the world runs to its floor.
    pub clock_ms: f64,
    /// What the user did, with snapshots for going back in time.
    pub history: History,
    /// Bumps whenever the world changes, so views derived from it can be cached.
    pub version: u64,
    /// Bumps whenever the world is rebuilt (load, reset, reseed): a new run, a new trace.
    pub run: u64,
    /// What the charts draw, recorded from the furthest run.
    pub metrics: Metrics,
}

impl Session {
    pub fn new(scenario: Scenario) -> Result<Session, WorldError> {
        let world = World::from_scenario(&scenario)?;
        Ok(Session {
            scenario,
            source: "playground-default".to_string(),
            history: History::new(&world),
            metrics: Metrics::new(&world),
            world,
            speed: DEFAULT_SPEED,
            playing: false,
            clock_ms: 0.0,
            version: 0,
            run: 0,
        })
    }

    /// Parse and build a scenario from JSON text, keeping this session's speed.
    pub fn load_json(&mut self, source: &str, json: &str) -> Result<(), LoadError> {
        let scenario = parse_scenario(json).map_err(|e| LoadError::from_scenario(source, &e))?;
        self.load(source, scenario)
    }

    /// Start over from `scenario` (a structural change, or another file).
    pub fn load(&mut self, source: &str, scenario: Scenario) -> Result<(), LoadError> {
        let world =
            World::from_scenario(&scenario).map_err(|e| LoadError::from_world(source, &e))?;
        self.scenario = scenario;
        self.source = source.to_string();
        self.history = History::new(&world);
        self.metrics = Metrics::new(&world);
        self.world = world;
        self.clock_ms = 0.0;
        self.version += 1;
        self.run += 1;
        Ok(())
    }

    /// Back to time 0 of the same setup and seed, forgetting the user's actions.
    pub fn reset(&mut self) {
        if let Ok(world) = World::from_scenario(&self.scenario) {
            self.world = world;
        }
        self.history = History::new(&self.world);
        self.metrics = Metrics::new(&self.world);
        self.clock_ms = 0.0;
        self.version += 1;
        self.run += 1;
    }

    /// The same setup with another seed, from time 0.
    pub fn reseed(&mut self, seed: u64) {
        self.scenario.seed = seed;
        self.reset();
    }

    /// Advance by `wall_ms` of wall-clock time at the current speed (when playing).
    pub fn advance(&mut self, wall_ms: f64) {
        self.advance_capped(wall_ms, None);
    }

    /// `advance`, but not past `cap_ms` (a lesson's Play slows down there, so one fast frame
    /// must not jump over the moment).
    pub fn advance_capped(&mut self, wall_ms: f64, cap_ms: Option<u64>) {
        if !self.playing || !wall_ms.is_finite() || wall_ms <= 0.0 {
            return;
        }
        self.clock_ms += wall_ms.min(MAX_FRAME_WALL_MS) * self.speed;
        if let Some(cap) = cap_ms {
            self.clock_ms = self
                .clock_ms
                .min(cap as f64)
                .max(self.world.now_ms() as f64);
        }
        let target = self.clock_ms.floor() as u64;
        if target > self.world.now_ms() || self.world.next_event_at().is_some_and(|t| t <= target) {
            let work_limit = self.world.work().saturating_add(MAX_FRAME_WORK);
            self.history
                .forward_within(&mut self.world, target, work_limit);
            if self.world.now_ms() < target {
                // Behind (too much work for one frame, or the run stopped): the clock waits.
                self.clock_ms = self.world.now_ms() as f64;
            }
            self.record_metrics();
            self.version += 1;
        }
    }

    /// Process exactly one event and move the clock to it. False when nothing is queued.
    pub fn step(&mut self) -> bool {
        let stepped = self.history.forward_one(&mut self.world);
        self.record_metrics();
        self.clock_ms = self.world.now_ms() as f64;
        self.version += 1;
        stepped
    }

    /// Do something now (a fault, a config change, a produce), through the core. In the past,
    /// this forks a new future (the old one stays as a faint branch).
    pub fn act(&mut self, action: Action) {
        if self.history.in_past() {
            self.metrics.fork(&self.world);
        }
        self.history.act(&mut self.world, action);
        self.record_metrics();
        self.version += 1;
    }

    /// Run forward to `time_ms` at once (as fast as the machine allows), taking snapshots on
    /// the way as playing would; a run that stops on its budget stops there.
    pub fn fast_forward(&mut self, time_ms: u64) {
        while self.world.now_ms() < time_ms && self.world.stopped().is_none() {
            let next = (self.world.now_ms() + 1_000).min(time_ms);
            self.history.forward_to(&mut self.world, next);
        }
        self.clock_ms = self.world.now_ms() as f64;
        self.version += 1;
    }

    /// Skip a wait: run at once to `lead_ms` before `time_ms`, then play at the current speed,
    /// so the moment itself is seen. Nothing to skip if that point is not ahead.
    pub fn skip_to(&mut self, time_ms: u64, lead_ms: u64) {
        let target = time_ms.saturating_sub(lead_ms);
        if target > self.world.now_ms() {
            self.fast_forward(target);
        }
        self.playing = true;
    }

    /// Rebuild a run from time 0 of this setup: each action applied after exactly its
    /// `after_events` events at its `at_ms` (as time travel replays them), then on to exactly
    /// `events` events at `time_ms`. The run is recorded as if played (snapshots, charts, the
    /// same user actions). A point the run never reaches is an error: which action (`None`: the
    /// end point) and why.
    pub fn replay(
        &mut self,
        actions: &[RecordedAction],
        events: u64,
        time_ms: u64,
    ) -> Result<(), (Option<usize>, Text)> {
        self.reset();
        for (i, a) in actions.iter().enumerate() {
            self.run_to_point(a.after_events, a.at_ms)
                .map_err(|e| (Some(i), e))?;
            self.act(a.action.clone());
        }
        self.run_to_point(events, time_ms).map_err(|e| (None, e))?;
        self.clock_ms = self.world.now_ms() as f64;
        self.version += 1;
        Ok(())
    }

    /// Run forward to exactly `events` processed events with the clock at `time_ms`.
    fn run_to_point(&mut self, events: u64, time_ms: u64) -> Result<(), Text> {
        // A run that stops on its budget never gets there.
        let overshot = |w: &World| {
            w.events_processed() > events || w.now_ms() > time_ms || w.stopped().is_some()
        };
        // Time only moves forward, so every event before `time_ms` came before the point: run
        // those in steps of the charts' sampling interval, taking snapshots and feeding the
        // charts as playing would.
        while self.world.now_ms() < time_ms.saturating_sub(1) && !overshot(&self.world) {
            let next = (self.world.now_ms() + SAMPLE_MS).min(time_ms - 1);
            self.history.forward_to(&mut self.world, next);
            self.record_metrics();
        }
        // Events due exactly at `time_ms` may come before or after the point: count them.
        while self.world.events_processed() < events
            && self.world.next_event_at().is_some_and(|t| t <= time_ms)
            && !overshot(&self.world)
        {
            self.history.forward_one(&mut self.world);
            self.record_metrics();
        }
        if let Some(stopped) = self.world.stopped() {
            return Err(stopped.text());
        }
        if overshot(&self.world) || self.world.events_processed() != events {
            return Err(text!(
                "the run never reaches event {events} at t = {time_ms} ms: it reaches {reached} events at t = {now} ms",
                events,
                time_ms,
                reached = self.world.events_processed(),
                now = self.world.now_ms()
            ));
        }
        self.world.advance_clock(time_ms);
        Ok(())
    }

    /// Show the run as it was at `time_ms` (up to the furthest time reached).
    pub fn seek(&mut self, time_ms: u64) {
        self.world = self.history.seek_time(&self.world, time_ms);
        self.clock_ms = self.world.now_ms() as f64;
        self.version += 1;
    }

    /// Go back one event.
    pub fn step_back(&mut self) {
        self.world = self.history.step_back(&self.world);
        self.clock_ms = self.world.now_ms() as f64;
        self.version += 1;
    }

    /// The charts record the furthest run only: never a moment re-shown by time travel.
    fn record_metrics(&mut self) {
        if !self.history.in_past() {
            self.metrics.observe(&self.world);
        }
    }

    /// What the user did in this run.
    pub fn user_actions(&self) -> &[RecordedAction] {
        self.history.actions()
    }

    /// Set the speed, clamped to what the slider offers.
    pub fn set_speed(&mut self, speed: f64) {
        if speed.is_finite() {
            self.speed = speed.clamp(MIN_SPEED, MAX_SPEED);
        }
    }
}

/// The slider works in log10 of the speed: -2 (0.01×) … 2 (100×).
pub fn speed_from_slider(position: f64) -> f64 {
    10f64.powf(position).clamp(MIN_SPEED, MAX_SPEED)
}

pub fn slider_from_speed(speed: f64) -> f64 {
    speed.clamp(MIN_SPEED, MAX_SPEED).log10()
}

/// The next speed up or down the 1-2-5 ladder, for the keyboard.
pub fn next_speed(speed: f64, faster: bool) -> f64 {
    const LADDER: [f64; 13] = [
        0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0,
    ];
    let next = if faster {
        LADDER.iter().copied().find(|&s| s > speed * 1.0001)
    } else {
        LADDER.iter().rev().copied().find(|&s| s < speed * 0.9999)
    };
    next.unwrap_or(speed)
}

/// "0.1×", "2×", "100×".
pub fn speed_label(speed: f64) -> String {
    format!(
        "{}×",
        crate::format::short(speed, if speed >= 1.0 { 1 } else { 3 })
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::test_support::paused_session as session;

    #[test]
    fn paused_sessions_do_not_advance() {
        let mut s = session();
        s.advance(16.0);
        assert_eq!(s.world.now_ms(), 0);
        assert_eq!(s.version, 0, "nothing changed, so nothing re-renders");
    }

    #[test]
    fn playing_advances_by_wall_time_times_speed_and_caps_long_frames() {
        let mut s = session();
        s.playing = true;
        s.set_speed(2.0);
        s.advance(50.0);
        assert_eq!(s.world.now_ms(), 100);
        s.advance(10_000.0);
        assert_eq!(
            s.world.now_ms(),
            300,
            "one frame advances at most 100 ms of wall time"
        );
    }

    #[test]
    fn a_frame_does_a_bounded_amount_of_work_and_the_clock_waits_for_it() {
        // 1,000 partitions on 3 brokers at 100×: far more work than one frame may do.
        let json = r#"{"brokers": [{"id": 1}, {"id": 2}, {"id": 3}],
            "topics": [{"name": "t", "partitions": 1000, "replication.factor": 3}],
            "actions": [{"at_ms": 0, "produce_rate": {"topic": "t", "per_second": 20000}}]}"#;
        let mut s = session();
        s.load_json("busy.json", json).unwrap();
        s.playing = true;
        s.set_speed(MAX_SPEED);
        s.advance(100.0);
        let (now, work) = (s.world.now_ms(), s.world.work());
        assert!(
            now < 10_000,
            "a frame asks for 10 s; the work cap stops it at {now} ms"
        );
        // The event that crosses the cap is the last: it costs at most a broker's replicas.
        assert!(
            (MAX_FRAME_WORK..MAX_FRAME_WORK + 2_000).contains(&work),
            "{work}"
        );
        assert_eq!(s.clock_ms, now as f64, "the clock waits at the last event");
        s.advance(100.0);
        assert!(s.world.now_ms() > now, "the next frame goes on from there");
    }

    #[test]
    fn speeds_stay_within_the_slider_and_follow_the_ladder() {
        assert_eq!(speed_from_slider(-3.0), MIN_SPEED);
        assert_eq!(speed_from_slider(2.0), MAX_SPEED);
        assert!((speed_from_slider(slider_from_speed(0.5)) - 0.5).abs() < 1e-9);
        assert_eq!(next_speed(1.0, true), 2.0);
        assert_eq!(next_speed(1.0, false), 0.5);
        assert_eq!(next_speed(100.0, true), 100.0);
        assert_eq!(next_speed(0.3, false), 0.2);
        assert_eq!(speed_label(0.05), "0.05×");
        assert_eq!(speed_label(20.0), "20×");
    }

    #[test]
    fn skipping_a_wait_lands_just_before_it_and_plays() {
        let mut s = session();
        s.skip_to(9_000, 50);
        assert_eq!(s.world.now_ms(), 8_950);
        assert!(s.playing);
        s.playing = false;
        s.skip_to(5_000, 50);
        assert_eq!(s.world.now_ms(), 8_950, "never backwards");
    }

    #[test]
    fn reset_returns_to_time_zero_of_the_same_setup() {
        let mut s = session();
        s.playing = true;
        s.set_speed(100.0);
        s.advance(50.0);
        s.act(Action::Crash {
            broker: replication_core::BrokerId(1),
        });
        s.reset();
        assert_eq!(s.world.now_ms(), 0);
        assert!(s.user_actions().is_empty());
        assert!(s.world.trace().is_empty());
    }

    #[test]
    fn a_file_over_a_budget_is_listed_and_the_session_stays() {
        let mut s = session();
        let json = r#"{"brokers": [{"id": 1}], "topics": [{"name": "t", "partitions": 100000, "replication.factor": 1}]}"#;
        let err = s.load_json("big.json", json).unwrap_err();
        assert_eq!(
            err.problems.iter().map(Text::to_string).collect::<Vec<_>>(),
            [
                "topics[0].partitions: the topics up to here hold 100000 replicas (partitions × \
              replication factor), more than the simulator's budget of 10000 replicas in all \
              topics"
            ]
        );
        assert_eq!(s.world.brokers().count(), 6);
    }

    #[test]
    fn a_run_stopped_by_its_budget_stays_stopped_and_the_session_goes_on() {
        let mut s = session();
        s.world = s
            .world
            .clone()
            .with_run_budgets(20_000, replication_core::scenario::limits::MAX_HELD_ITEMS);
        s.fast_forward(60_000);
        let at_ms = s.world.stopped().expect("over the budget").at_ms();
        assert_eq!(
            s.world.now_ms(),
            at_ms,
            "fast-forward ends where the run stopped"
        );
        s.playing = true;
        s.advance(100.0);
        assert!(!s.step(), "nothing more to process");
        assert_eq!(s.world.now_ms(), at_ms);
        // Back in time, before the stop, the run is as it was; a reset starts over.
        s.seek(at_ms / 2);
        assert_eq!(s.world.stopped(), None);
        s.reset();
        assert_eq!((s.world.stopped(), s.world.now_ms()), (None, 0));
    }

    #[test]
    fn a_bad_file_leaves_the_session_as_it_was() {
        let mut s = session();
        let err = s.load_json("bad.json", r#"{"brokers": []}"#).unwrap_err();
        assert_eq!(err.source, "bad.json");
        assert!(!err.problems.is_empty());
        assert_eq!(s.world.brokers().count(), 6);
    }
}
