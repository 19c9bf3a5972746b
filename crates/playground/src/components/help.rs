use crate::state::Command;
use yew::prelude::*;

/// Every keyboard shortcut, as the help overlay lists them (the app's key handler is the other
/// half; a test checks they agree).
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("Space or k", "play / pause"),
    (". or s", "step one event (while paused)"),
    (",", "step back one event"),
    (
        "← → on the timeline",
        "move through time; Home / End jump to the start / latest",
    ),
    ("r", "reset to time 0"),
    ("] or +", "faster"),
    ("[ or -", "slower"),
    ("h", "show or hide heartbeats"),
    ("?", "this help"),
    ("Esc", "close menus, help and error lists"),
    (
        "Tab / Shift+Tab",
        "move between controls; Enter or Space presses",
    ),
    (
        "Right-click or ⋯ on a broker",
        "its actions; arrow keys move in the menu",
    ),
];

#[derive(PartialEq)]
pub struct HelpOverlayProps {
    pub on_command: Callback<Command>,
}

pub fn help_overlay(props: &HelpOverlayProps) -> Html {
    let close = props.on_command.reform(|_: MouseEvent| Command::ToggleHelp);
    html! {
        <div class="overlay" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" data-help="true">
            <div class="overlay-box" onclick={Callback::from(|e: MouseEvent| e.stop_propagation())}>
                <h2>{ "Keyboard shortcuts" }</h2>
                <dl class="shortcuts">
                    { for SHORTCUTS.iter().map(|(key, what)| html! {
                        <><dt><kbd>{ *key }</kbd></dt><dd>{ *what }</dd></>
                    }) }
                </dl>
                <button type="button" onclick={close}>{ "Close" }</button>
            </div>
        </div>
    }
}
