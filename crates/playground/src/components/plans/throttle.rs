//! The replication throttle section: one rate set as both `leader.replication.throttled.rate`
//! and `follower.replication.throttled.rate` (empty: unthrottled).

use super::PlansContext;
use crate::components::form::input_value;
use crate::i18n::{tr, trf, Key};
use crate::state::Command;
use replication_core::scenario::Action;
use serde_json::Value;
use yew::prelude::*;

/// `throttle_text`: what the user typed into the rate field (a hook of the panel).
pub(super) fn throttle_section(cx: &PlansContext, throttle_text: &UseStateHandle<String>) -> Html {
    let lang = cx.lang;
    let rate = cx.session.world.config().leader_replication_throttled_rate;
    let on_throttle_text = {
        let t = throttle_text.clone();
        Callback::from(move |e: InputEvent| t.set(input_value(&e)))
    };
    let typed = throttle_text.trim();
    let throttle_value: Option<Value> = match typed {
        "" => Some(Value::Null),
        t => t.parse::<u64>().ok().map(Value::from),
    };
    let on_throttle = {
        let on_command = cx.props.on_command.clone();
        let value = throttle_value.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(value) = value.clone() else { return };
            for key in [
                "leader.replication.throttled.rate",
                "follower.replication.throttled.rate",
            ] {
                on_command.emit(Command::Act(Action::SetConfig {
                    key: key.to_string(),
                    value: value.clone(),
                    topic: None,
                }));
            }
        })
    };
    html! {
        <section aria-labelledby="plans-throttle">
            <h3 id="plans-throttle">{ tr(lang, Key::ReplicationThrottle) }</h3>
            <form class="field" onsubmit={on_throttle}>
                <label for="plans-throttle-rate">{ tr(lang, Key::BytesPerSecond) }</label>
                <input id="plans-throttle-rate" type="number" min="0" class="short" placeholder={tr(lang, Key::NoneWord)}
                       value={(**throttle_text).clone()} oninput={on_throttle_text} />
                <button type="submit" data-action="set-throttle" disabled={throttle_value.is_none()}>{ tr(lang, Key::SetThrottle) }</button>
                <span class="hint">{ match rate {
                    Some(r) => trf(lang, Key::ThrottleNow, &[&r]),
                    None => tr(lang, Key::Unthrottled).to_string(),
                } }</span>
            </form>
        </section>
    }
}
