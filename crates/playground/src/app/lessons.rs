//! The app's side of the guided lessons: carry out the panel's commands on the session, and
//! stop a step's Play at its time.

use super::{App, SideTab};
use crate::lessons::player::{LessonCommand, Outcome};
use yew::prelude::*;

impl App {
    pub(super) fn lesson_command(&mut self, ctx: &Context<Self>, command: LessonCommand) {
        self.tab = SideTab::Lessons;
        let outcome = self.lesson.apply(&mut self.session.borrow_mut(), command);
        match outcome {
            Outcome::Loaded(result) => self.after_load(result),
            Outcome::Play => {
                self.last_frame_ts = None;
                self.schedule_frame(ctx);
            }
            // Next may have done the learner's action for them (a crash, a restart).
            Outcome::Nothing => self.scan_alerts(),
        }
    }

    /// After each animation frame: pause once a step's Play has reached its time.
    pub(super) fn lesson_frame(&mut self) {
        if self.lesson.reached(&mut self.session.borrow_mut()) {
            self.frame = None;
        }
    }
}
