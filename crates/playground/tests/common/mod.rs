//! Helpers the browser tests share: a fresh root to mount into, waiting, and reading the page.
#![allow(dead_code)] // each test file uses some of them

use wasm_bindgen::JsCast;
use web_sys::{Element, Event, EventInit, HtmlInputElement, HtmlSelectElement};

/// A new `<div>` in the page's body, to mount an app or a panel into.
pub fn fresh_root() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    root
}

/// Let the browser run: Yew renders in later tasks (0 ms yields once).
pub async fn settle(ms: u32) {
    gloo_timers::future::TimeoutFuture::new(ms).await;
}

pub fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
}

pub fn attr(root: &Element, selector: &str, name: &str) -> String {
    find(root, selector).get_attribute(name).unwrap_or_default()
}

pub fn text(root: &Element, selector: &str) -> String {
    find(root, selector).text_content().unwrap_or_default()
}

pub fn count(root: &Element, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

/// The simulated clock shown (`data-sim-time-ms`).
pub fn sim_time(root: &Element) -> u64 {
    attr(root, "[data-sim-time-ms]", "data-sim-time-ms")
        .parse()
        .unwrap()
}

/// Set an input's or select's value (or a checkbox's state) as a user would, then fire `event`.
pub async fn set(root: &Element, selector: &str, value: &str, event: &str) {
    let el = find(root, selector);
    if let Some(select) = el.dyn_ref::<HtmlSelectElement>() {
        select.set_value(value);
    } else if let Some(input) = el.dyn_ref::<HtmlInputElement>() {
        if input.type_() == "checkbox" || input.type_() == "radio" {
            input.set_checked(value == "true");
        } else {
            input.set_value(value);
        }
    }
    let init = EventInit::new();
    init.set_bubbles(true);
    el.dispatch_event(&Event::new_with_event_init_dict(event, &init).unwrap())
        .unwrap();
    settle(0).await;
}
