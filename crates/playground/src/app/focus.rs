//! Keyboard focus around dialogs and menus, as WAI-ARIA's dialog pattern asks: focus moves into
//! a dialog when it opens, Tab stays inside it, and focus returns to the opener when it closes.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::{Callback, MouseEvent};

/// What Tab can reach inside a dialog.
const FOCUSABLE: &str = "button:not([disabled]), [href], input:not([disabled]), \
                         select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";

/// The element that has focus now, if it can be focused again later.
pub fn active_element() -> Option<HtmlElement> {
    web_sys::window()?
        .document()?
        .active_element()?
        .dyn_into::<HtmlElement>()
        .ok()
}

/// The open dialog inside `root` (help or the load errors), if any.
pub fn open_dialog(root: &Element) -> Option<Element> {
    root.query_selector("[role=dialog], [role=alertdialog]")
        .ok()
        .flatten()
}

/// Move focus into `dialog` (its first control) unless it is already there.
pub fn focus_into(dialog: &Element) {
    let inside = active_element().is_some_and(|a| dialog.contains(Some(&a)));
    if !inside {
        if let Some(first) = focusables(dialog).first() {
            let _ = first.focus();
        }
    }
}

/// Tab (or Shift+Tab, `backwards`) from the focused element to the next control of `dialog`,
/// wrapping around, so focus never leaves it for the page behind.
pub fn cycle(dialog: &Element, backwards: bool) {
    let items = focusables(dialog);
    if items.is_empty() {
        return;
    }
    let n = items.len();
    let current = active_element().and_then(|a| items.iter().position(|i| *i == a));
    let next = match (current, backwards) {
        (Some(i), false) => (i + 1) % n,
        (Some(i), true) => (i + n - 1) % n,
        (None, false) => 0,
        (None, true) => n - 1,
    };
    let _ = items[next].focus();
}

/// Give focus back to `el`, if it is still on the page.
pub fn restore(el: &HtmlElement) {
    if el.is_connected() {
        let _ = el.focus();
    }
}

/// Whether Space on `el`, reached with Tab, is the browser's to handle: a control that Space
/// presses (a button, link, checkbox, radio, summary or an ARIA widget). (`:focus-visible`
/// cannot tell: Chrome turns it on for a clicked button as soon as any key is pressed.)
pub fn space_presses(el: &Element) -> bool {
    match el.tag_name().as_str() {
        "BUTTON" | "A" | "SUMMARY" => true,
        "INPUT" => matches!(
            el.get_attribute("type").as_deref(),
            Some("checkbox" | "radio" | "button" | "submit")
        ),
        _ => matches!(
            el.get_attribute("role").as_deref(),
            Some("button" | "menuitem" | "tab" | "checkbox" | "switch" | "option")
        ),
    }
}

/// Whether keys typed on `el` are text (a shortcut letter must not fire there). A slider, a
/// checkbox or a radio takes no letters, so shortcuts still work on them.
pub fn takes_text(el: &Element) -> bool {
    match el.tag_name().as_str() {
        "TEXTAREA" | "SELECT" => true,
        "INPUT" => !matches!(
            el.get_attribute("type").as_deref(),
            Some("range" | "checkbox" | "radio" | "button" | "submit")
        ),
        _ => false,
    }
}

fn focusables(dialog: &Element) -> Vec<HtmlElement> {
    let Ok(list) = dialog.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<HtmlElement>().ok())
        .collect()
}

/// Focus the element with this id (one with tabindex, or a control), if it is on the page.
pub fn focus_id(id: &str) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|el| el.dyn_into::<HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// A skip link's click: focus its target (`href="#id"`, an element with tabindex -1) without
/// touching the address, whose fragment may hold a shared run.
pub fn skip_link() -> Callback<MouseEvent> {
    Callback::from(|e: MouseEvent| {
        let href = e
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|a| a.get_attribute("href"));
        if let Some(href) = href {
            e.prevent_default();
            focus_id(href.trim_start_matches('#'));
        }
    })
}
