//! The app's side of the guided lessons: carry out the panel's commands on the session, and
//! stop a step's Play at its time.

use super::App;
use crate::lessons::player::{done, Outcome};
use crate::state::url::with_lesson;
use crate::state::LessonCommand;
use wasm_bindgen::JsCast;
use yew::prelude::*;

impl App {
    pub(super) fn lesson_command(&mut self, ctx: &Context<Self>, command: LessonCommand) {
        self.lessons_shown = true;
        let outcome = self.lesson.apply(&mut self.session.borrow_mut(), command);
        let options = &ctx.props().options;
        if !options.api && !options.embed {
            self.address_follows_lesson();
        }
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

    /// Put the lesson step on screen in the page's address (replacing, not adding, a history
    /// entry), so a reload or a copied address opens it again.
    fn address_follows_lesson(&self) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let location = window.location();
        let query = location.search().unwrap_or_default();
        let lesson = self
            .lesson
            .open
            .map(|(l, s)| (crate::lessons::LESSONS[l].id, s));
        let address = format!(
            "{}{}",
            location.pathname().unwrap_or_default(),
            with_lesson(&query, lesson)
        );
        if let Ok(history) = window.history() {
            let _ =
                history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&address));
        }
    }

    /// After each animation frame: pause once a step's Play has reached its time.
    pub(super) fn lesson_frame(&mut self) {
        if self.lesson.reached(&mut self.session.borrow_mut()) {
            self.frame = None;
        }
    }

    /// Outline what the open step's question is about, once the step is done (the lesson
    /// names it; the page draws it): marked on the DOM after each render, since the evidence
    /// lives in other components.
    pub(super) fn mark_evidence(&self) {
        // Nothing to mark and nothing marked: no lesson open (most renders of a playing run).
        if self.lesson.open.is_none() && !self.evidence_marked.get() {
            return;
        }
        let Some(root) = self.root.cast::<web_sys::Element>() else {
            return;
        };
        self.evidence_marked.set(false);
        if let Ok(marked) = root.query_selector_all("[data-evidence-mark]") {
            for i in 0..marked.length() {
                if let Some(el) = marked
                    .item(i)
                    .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
                {
                    let _ = el.remove_attribute("data-evidence-mark");
                }
            }
        }
        let session = self.session.borrow();
        let Some(step) = self.lesson.step().filter(|s| done(&session.world, s)) else {
            return;
        };
        for evidence in step.evidence {
            if let Ok(found) = root.query_selector_all(&evidence.selector()) {
                for i in 0..found.length() {
                    if let Some(el) = found
                        .item(i)
                        .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
                    {
                        let _ = el.set_attribute("data-evidence-mark", "");
                        self.evidence_marked.set(true);
                    }
                }
            }
        }
    }
}
