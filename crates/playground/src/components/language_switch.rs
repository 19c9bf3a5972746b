//! The language select (EN / 中文).

use crate::i18n::{tr, zh, Key, Lang};
use crate::state::Command;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LanguageSwitchProps {
    pub on_command: Callback<Command>,
}

/// The language select (EN / 中文); switching re-renders the page at once, or once the
/// Chinese text has arrived: until then (and if it cannot be had) the select shows the
/// language the page is in.
#[function_component(LanguageSwitch)]
pub fn language_switch(props: &LanguageSwitchProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let select = use_node_ref();
    {
        let select = select.clone();
        use_effect_with(lang, move |lang| {
            if let Some(s) = select.cast::<web_sys::HtmlSelectElement>() {
                s.set_value(lang.code());
            }
        });
    }
    let onchange = props.on_command.reform(move |e: Event| {
        let Some(s) = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
        else {
            return Command::SetLang(lang);
        };
        let chosen = Lang::parse(&s.value()).unwrap_or_default();
        if chosen == Lang::Zh && !zh::loaded() {
            s.set_value(lang.code());
        }
        Command::SetLang(chosen)
    });
    html! {
        <select class="language" data-action="language" aria-label={tr(lang, Key::LanguageLabel)}
                ref={select} {onchange}>
            { for Lang::ALL.iter().map(|l| html! {
                <option value={l.code()} selected={*l == lang}>{ l.label() }</option>
            }) }
        </select>
    }
}
