//! Small helpers the panels' forms share: reading an input's or a select's value from its
//! event, keeping a text field in a state, and a table head of plain column names.

use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// The value of the input an event came from ("" when it is not an input).
pub(crate) fn input_value(e: &Event) -> String {
    e.target()
        .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        .map(|i| i.value())
        .unwrap_or_default()
}

/// Whether the checkbox an event came from is checked.
pub(crate) fn input_checked(e: &Event) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        .is_some_and(|i| i.checked())
}

/// The value of the select an event came from ("" when it is not a select).
pub(crate) fn select_value(e: &Event) -> String {
    e.target()
        .and_then(|t| t.dyn_into::<HtmlSelectElement>().ok())
        .map(|s| s.value())
        .unwrap_or_default()
}

/// Keeps a text field's value in a state as the user types.
pub(crate) fn bind_text(state: &UseStateHandle<String>) -> Callback<InputEvent> {
    let state = state.clone();
    Callback::from(move |e: InputEvent| state.set(input_value(&e)))
}

/// A table head of plain column names.
pub(crate) fn table_head(columns: &[&'static str]) -> Html {
    html! { <thead><tr>{ for columns.iter().map(|c| html! { <th scope="col">{ *c }</th> }) }</tr></thead> }
}
