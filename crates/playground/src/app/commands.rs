//! Command routing: what each `Command` from the components does to the session and to the
//! app's own state (selection, staged plan, toggles, language), and the bookkeeping after a
//! move in time or a load (alerts, the host page, the selection).

use super::{fetch_chinese, App, SideTab};
use crate::i18n::{set_document_lang, zh, Lang};
use crate::state::session::{next_speed, LoadError, Session, CLUSTER_SETUP};
use crate::state::Command;
use replication_core::scenario::bundled::bundled;
use replication_core::text;
use yew::prelude::*;

impl App {
    /// Carry out a command; whether the page must render again.
    pub(super) fn command(&mut self, ctx: &Context<Self>, command: Command) -> bool {
        // Any command can change what a broker card shows, and so the layout.
        self.layout_dirty = true;
        match command {
            Command::PlayPause => self.play_pause(ctx),
            Command::Step => self.step(),
            Command::StepBack => self.travel(|s| s.step_back()),
            Command::Seek(time_ms) => self.travel(|s| s.seek(time_ms)),
            Command::DiscardBranch => self.session.borrow_mut().history.discard_branch(),
            Command::Reset => self.restart(|s| s.reset()),
            Command::Reseed(seed) => self.restart(|s| s.reseed(seed)),
            Command::SetSpeed(speed) => self.session.borrow_mut().set_speed(speed),
            Command::Faster | Command::Slower => {
                let mut s = self.session.borrow_mut();
                let speed = next_speed(s.speed, command == Command::Faster);
                s.set_speed(speed);
            }
            Command::Act(action) => {
                self.session.borrow_mut().act(action);
                self.scan_alerts();
            }
            Command::ApplySetup(scenario) => {
                let result = self.session.borrow_mut().load(CLUSTER_SETUP, *scenario);
                self.after_load(result);
            }
            Command::LoadExample(id) => self.load_example(&id),
            Command::LoadFile { name, text } => {
                let result = self.session.borrow_mut().load_json(&name, &text);
                self.after_load(result);
            }
            Command::StageMove {
                topic,
                partition,
                target,
            } => self.staged.stage(&topic, partition, target),
            Command::UnstageMove { topic, partition } => {
                self.staged.remove(&topic, partition);
            }
            Command::ClearStaged => self.staged.clear(),
            Command::ToggleStageDrops => self.stage_drops = !self.stage_drops,
            Command::ApplyStaged => self.apply_staged(),
            Command::SelectPartition(key) => {
                self.selected_partition = Some(key);
                // Tabs with their own use for the selection (staged moves, charts, a lesson)
                // stay; from the others the partition's detail opens.
                if !matches!(self.tab, SideTab::Plans | SideTab::Charts) {
                    self.tab = SideTab::Partition;
                }
            }
            Command::SkipTo(time_ms) => self.skip_to(ctx, time_ms),
            Command::ToggleFocus => self.focus_only = !self.focus_only,
            Command::ToggleLessons => self.toggle_lessons(ctx),
            Command::SelectBroker(broker) => self.selected_broker = broker,
            Command::ToggleHeartbeats => self.show_heartbeats = !self.show_heartbeats,
            Command::ToggleHelp => self.show_help = !self.show_help,
            Command::DismissErrors => self.load_error = None,
            Command::ShowLoadError(error) => self.load_error = Some(error),
            Command::Lesson(command) => self.lesson_command(ctx, command),
            Command::DismissAlert(i) => self.alerts.dismiss(i),
            Command::SetLang(lang) => return self.set_lang(ctx, lang),
        }
        true
    }

    fn play_pause(&mut self, ctx: &Context<Self>) {
        let playing = {
            let mut s = self.session.borrow_mut();
            s.playing = !s.playing;
            s.playing
        };
        if playing {
            self.last_frame_ts = None;
            self.schedule_frame(ctx);
        } else {
            // Paused: drop the pending frame, so nothing runs until play.
            self.frame = None;
        }
    }

    /// One event; what it processed is said in the status bar.
    fn step(&mut self) {
        {
            let mut session = self.session.borrow_mut();
            let said = replication_core::view::next_step(&session.world);
            if session.step() {
                self.last_step = said.map(|s| (s, session.world.events_processed()));
            }
        }
        self.scan_alerts();
    }

    /// Time travel (step back, seek) pauses: the user is looking at one moment.
    fn travel(&mut self, f: impl FnOnce(&mut Session)) {
        self.pause();
        f(&mut self.session.borrow_mut());
        self.scan_alerts();
    }

    /// Play fast up to a moment, then on at the speed chosen.
    fn skip_to(&mut self, ctx: &Context<Self>, time_ms: u64) {
        {
            let mut s = self.session.borrow_mut();
            let lead = crate::components::now::skip_lead_ms(s.speed);
            s.skip_to(time_ms, lead);
        }
        self.last_frame_ts = None;
        self.schedule_frame(ctx);
        self.scan_alerts();
    }

    fn load_example(&mut self, id: &str) {
        match bundled(id) {
            Some(e) => {
                let result = self.session.borrow_mut().load_json(e.id, e.json);
                self.after_load(result);
            }
            None => {
                self.load_error = Some(LoadError {
                    source: id.to_string(),
                    problems: vec![text!(
                        "there is no bundled example named {id}",
                        id = format!("{id:?}")
                    )],
                })
            }
        }
    }

    /// Start the staged moves as one reassignment plan, if the plan is valid.
    fn apply_staged(&mut self) {
        let plan = crate::components::plans::check_staged(&self.session.borrow(), &self.staged);
        if let Ok(partitions) = plan {
            self.session
                .borrow_mut()
                .act(replication_core::scenario::Action::ReassignPlan { partitions });
            self.staged.clear();
            self.scan_alerts();
        }
    }

    fn toggle_lessons(&mut self, ctx: &Context<Self>) {
        self.lessons_shown = !(self.lessons_shown || self.lesson.open.is_some());
        if !self.lessons_shown && self.lesson.open.is_some() {
            self.lesson_command(ctx, crate::state::LessonCommand::Close);
        }
    }

    /// Switch the language; Chinese waits for its text when it has not arrived yet.
    fn set_lang(&mut self, ctx: &Context<Self>, lang: Lang) -> bool {
        if lang == Lang::Zh && !zh::loaded() {
            // A fetch already on its way is joined, not repeated (`zh::load`).
            self.awaiting_chinese = true;
            fetch_chinese(ctx);
            return false;
        }
        self.awaiting_chinese = false;
        self.lang = lang;
        set_document_lang(lang, !ctx.props().options.api);
        true
    }

    /// Restart the session in place (reset, reseed): alerts belong to the old run.
    fn restart(&mut self, f: impl FnOnce(&mut Session)) {
        f(&mut self.session.borrow_mut());
        self.alerts.clear();
    }

    pub(super) fn after_load(&mut self, result: Result<(), LoadError>) {
        match result {
            Ok(()) => {
                self.load_error = None;
                self.staged.clear();
                self.alerts.clear();
                self.menu = None;
                let s = self.session.borrow();
                let still_there = self.selected_partition.as_ref().is_some_and(|(t, p)| {
                    s.world
                        .partitions()
                        .any(|x| &*x.tp.topic == t && x.tp.partition == *p)
                });
                if !still_there {
                    self.selected_partition = super::first_partition(&s.world);
                }
            }
            // The page stays as it was, with the file's problems listed.
            Err(error) => self.load_error = Some(error),
        }
    }

    /// Raise an alert for every data loss and invariant violation the checker reported since
    /// the last scan (`state::alerts`), and pause a run that has just gone over a run budget.
    pub(super) fn scan_alerts(&mut self) {
        let stopped = {
            let s = self.session.borrow();
            self.alerts.scan(&s.world, s.run, self.dev)
        };
        if stopped {
            self.pause();
        }
        self.host.notify(&self.session.borrow(), &self.root);
    }
}
