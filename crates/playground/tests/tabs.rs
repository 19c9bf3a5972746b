//! The side tabs follow WAI-ARIA's tabs pattern, in headless Chromium: one Tab stop, ← → move
//! the selection and the focus (wrapping), Home and End jump, the panel is labelled by the
//! selected tab. (tests/e2e/a11y.mjs presses the real keys; this checks the same in isolation.)
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use replication_playground::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

fn focused() -> Element {
    active_element().expect("something has the focus")
}

#[wasm_bindgen_test]
async fn arrows_home_and_end_move_selection_and_focus() {
    let root = mount_with::<App>(Default::default()).await;
    wait_for(&root, "[role=tab]").await;
    let tabs = root.query_selector_all("[role=tab]").unwrap();
    let ids: Vec<String> = (0..tabs.length())
        .map(|i| tabs.item(i).unwrap().dyn_into::<Element>().unwrap().id())
        .collect();
    let last = ids.len() - 1;
    assert_eq!(attr(&root, "[role=tab][aria-selected=true]", "id"), ids[0]);
    find(&root, "[role=tab][aria-selected=true]")
        .dyn_into::<HtmlElement>()
        .unwrap()
        .focus()
        .unwrap();
    for (key, to) in [
        ("ArrowRight", 1),
        ("ArrowLeft", 0),
        ("ArrowLeft", last),
        ("ArrowRight", 0),
        ("End", last),
        ("Home", 0),
        ("ArrowRight", 1),
    ] {
        key_on(&focused(), key);
        rendered().await;
        let want = ids[to].clone();
        assert_eq!(
            attr(&root, "[role=tab][aria-selected=true]", "id"),
            want,
            "{key}: tab {to} selected"
        );
        assert_eq!(
            focused().id(),
            want,
            "{key}: the focus follows the selection"
        );
        assert_eq!(count(&root, "[role=tab][aria-selected=true]"), 1);
        assert_eq!(
            count(&root, "[role=tab][tabindex='0']"),
            1,
            "{key}: one Tab stop"
        );
        assert_eq!(attr(&root, "[role=tab][tabindex='0']", "id"), want);
        let panel = find(&root, "[role=tabpanel]");
        assert_eq!(panel.get_attribute("aria-labelledby").unwrap(), want);
        assert_eq!(
            attr(&root, &format!("#{want}"), "aria-controls"),
            panel.id()
        );
    }
    // Other keys are the page's: the selection stays.
    key_on(&focused(), "ArrowDown");
    rendered().await;
    assert_eq!(attr(&root, "[role=tab][aria-selected=true]", "id"), ids[1]);
}
