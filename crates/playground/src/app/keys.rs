//! Keyboard shortcuts: which key presses belong to this playground (several can share a
//! page), which default actions it takes over, and the command each shortcut sends.

use super::{embed_view, focus, App};
use crate::state::Command;
use wasm_bindgen::JsCast;
use yew::prelude::*;

impl App {
    pub(super) fn key(&mut self, ctx: &Context<Self>, e: &KeyboardEvent) -> bool {
        if e.ctrl_key() || e.meta_key() || e.alt_key() || !embed_view::owns_key(&self.root, e) {
            return false;
        }
        let target = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        // An open dialog keeps Tab inside it (its buttons are all there is to reach).
        if e.key() == "Tab" {
            if let Some(dialog) = self.open_dialog() {
                e.prevent_default();
                focus::cycle(&dialog, e.shift_key());
                return false;
            }
        }
        // A replica carried by keyboard: arrows choose a broker, Enter or Space drops it.
        if self.drag.as_ref().is_some_and(|d| d.keyboard) {
            return self.carry_key(ctx, e);
        }
        // Typing in a field is not a shortcut (Escape still closes what is open), and Space on
        // a button focused from the keyboard presses it.
        let typing = target.as_ref().is_some_and(focus::takes_text);
        let pressing = e.key() == " "
            && self.tabbed.get()
            && target.as_ref().is_some_and(focus::space_presses);
        if (typing && e.key() != "Escape") || pressing {
            return false;
        }
        let command = match e.key().as_str() {
            " " | "k" => Command::PlayPause,
            "." | "s" => Command::Step,
            "," => Command::StepBack,
            "r" => Command::Reset,
            "]" | "+" | "=" => Command::Faster,
            "[" | "-" => Command::Slower,
            "h" => Command::ToggleHeartbeats,
            "?" => Command::ToggleHelp,
            "Escape" => {
                let changed = self.show_help || self.menu.is_some() || self.load_error.is_some();
                self.show_help = false;
                self.menu = None;
                self.load_error = None;
                return changed;
            }
            _ => return false,
        };
        // Space on a button last clicked with the mouse would also press it again; the
        // shortcut wins.
        if e.key() == " " {
            e.prevent_default();
        }
        self.command(ctx, command)
    }
}

/// Whether the app takes over a key's default action (as `App::key` then does): Tab inside an
/// open dialog (the app keeps the focus in it), and Space unless it types into a field or
/// presses a control reached with Tab (it plays, pauses or drops a carried replica).
pub(super) fn claims_default(root: &NodeRef, e: &KeyboardEvent, tabbed: bool) -> bool {
    if e.ctrl_key() || e.meta_key() || e.alt_key() || !embed_view::owns_key(root, e) {
        return false;
    }
    let target = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
    match e.key().as_str() {
        "Tab" => root
            .cast::<web_sys::Element>()
            .is_some_and(|r| focus::open_dialog(&r).is_some()),
        " " => !target
            .as_ref()
            .is_some_and(|t| focus::takes_text(t) || (tabbed && focus::space_presses(t))),
        _ => false,
    }
}
