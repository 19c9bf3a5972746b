use crate::state::session::LoadError;
use crate::state::{Command, SessionHandle};
use replication_core::examples::EXAMPLES;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ScenarioMenuProps {
    pub session: SessionHandle,
    pub on_command: Callback<Command>,
}

/// The menu of bundled examples (to be completed: file picker, drop a .json).
#[function_component(ScenarioMenu)]
pub fn scenario_menu(props: &ScenarioMenuProps) -> Html {
    let onchange = props.on_command.reform(|e: Event| {
        let id = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
            .map(|s| s.value())
            .unwrap_or_default();
        Command::LoadExample(id)
    });
    let current = props.session.borrow().scenario.name.clone();
    html! {
        <label class="scenario-menu">
            <span>{ "Scenario" }</span>
            <select {onchange} data-action="scenario">
                { for EXAMPLES.iter().map(|e| html! { <option value={e.id}>{ e.id }</option> }) }
            </select>
            <span class="visually-hidden">{ current.unwrap_or_default() }</span>
        </label>
    }
}

#[derive(Properties, PartialEq)]
pub struct ErrorListProps {
    pub error: LoadError,
    pub on_command: Callback<Command>,
}

/// A file's problems as a readable list; the page behind stays usable.
#[function_component(ErrorList)]
pub fn error_list(props: &ErrorListProps) -> Html {
    let close = props
        .on_command
        .reform(|_: MouseEvent| Command::DismissErrors);
    html! {
        <div class="overlay" role="alertdialog" aria-label="Scenario errors" data-errors="true">
            <div class="overlay-box" onclick={Callback::from(|e: MouseEvent| e.stop_propagation())}>
                <h2>{ format!("{} could not be loaded", props.error.source) }</h2>
                <ul class="error-list">{ for props.error.problems.iter().map(|p| html! { <li>{ p }</li> }) }</ul>
                <button type="button" onclick={close}>{ "Close" }</button>
            </div>
        </div>
    }
}
