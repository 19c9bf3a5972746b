use crate::format::{fixed, short};
use crate::i18n::{tr, Key, Lang};
use crate::state::session::{
    slider_from_speed, speed_from_slider, speed_label, MAX_SPEED, MIN_SPEED,
};
use crate::state::{Command, SessionHandle};
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(PartialEq)]
pub struct ControlsProps {
    pub session: SessionHandle,
    pub on_command: Callback<Command>,
    pub show_heartbeats: bool,
    pub lang: Lang,
}

fn input_value(e: &Event) -> Option<String> {
    e.target()
        .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        .map(|i| i.value())
}

/// Play, pause, step, reset, seed, speed (log scale, 0.01× to 100×), heartbeats and help.
pub fn controls(props: &ControlsProps) -> Html {
    let session = props.session.borrow();
    let playing = session.playing;
    let send = |c: Command| props.on_command.reform(move |_: MouseEvent| c.clone());
    let on_speed = props.on_command.reform(|e: InputEvent| {
        // valueAsNumber: the browser parses, so the wasm needs no float parser.
        let position = e
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            .map_or(0.0, |i| i.value_as_number());
        Command::SetSpeed(speed_from_slider(position))
    });
    let on_seed = {
        let on_command = props.on_command.clone();
        Callback::from(move |e: Event| {
            if let Some(seed) = input_value(&e).and_then(|v| v.trim().parse::<u64>().ok()) {
                on_command.emit(Command::Reseed(seed));
            }
        })
    };
    let t = |key: Key| tr(props.lang, key);
    html! {
        <div class="controls" role="toolbar" aria-label={t(Key::CtlControls)}>
            <button type="button" class="primary" data-action="play-pause" data-playing={playing.to_string()}
                    aria-label={t(if playing { Key::CtlPauseLabel } else { Key::CtlPlayLabel })}
                    onclick={send(Command::PlayPause)}>
                { t(if playing { Key::CtlPause } else { Key::CtlPlay }) }
            </button>
            <button type="button" data-action="step" aria-label={t(Key::CtlStepLabel)} disabled={playing}
                    onclick={send(Command::Step)}>{ t(Key::CtlStep) }</button>
            <button type="button" data-action="reset" aria-label={t(Key::CtlResetLabel)}
                    onclick={send(Command::Reset)}>{ t(Key::CtlReset) }</button>
            <label class="speed">
                <span>{ t(Key::CtlSpeed) }</span>
                <input type="range" data-action="speed" min={fixed(slider_from_speed(MIN_SPEED), 2)}
                       max={fixed(slider_from_speed(MAX_SPEED), 2)} step="0.05"
                       value={fixed(slider_from_speed(session.speed), 2)}
                       aria-valuetext={speed_label(session.speed)} oninput={on_speed} />
                <output data-speed={short(session.speed, 3)}>{ speed_label(session.speed) }</output>
            </label>
            <label class="seed">
                <span>{ t(Key::CtlSeed) }</span>
                <input type="number" min="0" data-action="seed" value={session.scenario.seed.to_string()}
                       onchange={on_seed} aria-label={t(Key::CtlSeedLabel)} />
            </label>
            <label class="toggle">
                <input type="checkbox" checked={props.show_heartbeats} data-action="heartbeats"
                       onchange={props.on_command.reform(|_: Event| Command::ToggleHeartbeats)} />
                { t(Key::CtlHeartbeats) }
            </label>
            <button type="button" aria-label={t(Key::CtlShortcuts)} onclick={send(Command::ToggleHelp)}>{ "?" }</button>
        </div>
    }
}
