use crate::i18n::{tr, Key, Lang};
use crate::state::Command;
use yew::prelude::*;

/// A key as typed: the same in every language, or words to translate.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Keys {
    Literal(&'static str),
    Words(Key),
}

/// Every keyboard shortcut, as the help overlay lists them (the app's key handler is the other
/// half; a test checks they agree).
pub const SHORTCUTS: &[(Keys, Key)] = &[
    (Keys::Words(Key::KeySpace), Key::HelpPlayPause),
    (Keys::Words(Key::KeyStep), Key::HelpStep),
    (Keys::Literal(","), Key::HelpStepBack),
    (Keys::Words(Key::KeyTimeline), Key::HelpTimeline),
    (Keys::Literal("r"), Key::HelpReset),
    (Keys::Words(Key::KeyFaster), Key::HelpFaster),
    (Keys::Words(Key::KeySlower), Key::HelpSlower),
    (Keys::Literal("h"), Key::HelpHeartbeats),
    (Keys::Literal("?"), Key::HelpThis),
    (Keys::Literal("Esc"), Key::HelpEsc),
    (Keys::Literal("Tab / Shift+Tab"), Key::HelpTab),
    (Keys::Words(Key::KeyBrokerMenu), Key::HelpBrokerMenu),
];

#[derive(PartialEq)]
pub struct HelpOverlayProps {
    pub on_command: Callback<Command>,
    pub lang: Lang,
}

pub fn help_overlay(props: &HelpOverlayProps) -> Html {
    let lang = props.lang;
    let close = props.on_command.reform(|_: MouseEvent| Command::ToggleHelp);
    html! {
        <div class="overlay" role="dialog" aria-modal="true" aria-label={tr(lang, Key::HelpTitle)} data-help="true">
            <div class="overlay-box" onclick={Callback::from(|e: MouseEvent| e.stop_propagation())}>
                <h2>{ tr(lang, Key::HelpTitle) }</h2>
                <dl class="shortcuts">
                    { for SHORTCUTS.iter().map(|&(keys, what)| {
                        let keys = match keys { Keys::Literal(k) => k, Keys::Words(k) => tr(lang, k) };
                        html! { <><dt><kbd>{ keys }</kbd></dt><dd>{ tr(lang, what) }</dd></> }
                    }) }
                </dl>
                <button type="button" onclick={close}>{ tr(lang, Key::Close) }</button>
            </div>
        </div>
    }
}
