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

/// Wait until `done()` holds, failing after 10 s naming `what`: some renders come later than
/// the next task (the Chinese text arrives by fetch).
pub async fn wait_until(what: &str, done: impl Fn() -> bool) {
    for _ in 0..500 {
        if done() {
            return;
        }
        settle(20).await;
    }
    panic!("waited 10 s for {what}");
}

/// Wait until something in `root` matches `selector`.
pub async fn wait_for(root: &Element, selector: &str) {
    wait_until(selector, || count(root, selector) > 0).await;
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

/// Pick a language in the top bar's switch, as a user does, without waiting.
pub fn pick_language(root: &Element, code: &str) {
    let select: HtmlSelectElement = find(root, "select[data-action='language']")
        .dyn_into()
        .unwrap();
    select.set_value(code);
    select
        .dispatch_event(&Event::new("change").unwrap())
        .unwrap();
}

/// Pick a language and wait until the app shows it (its root carries the language it shows:
/// Chinese once zh.json has arrived).
pub async fn choose_language(root: &Element, code: &str) {
    pick_language(root, code);
    wait_for(root, &format!(".app[lang='{code}']")).await;
    settle(0).await;
}

/// The shipped Chinese text, which the app fetches as `zh.json` when Chinese is shown.
pub const ZH_JSON: &str = include_str!("../../../../web/zh.json");

/// Make the page's `fetch` answer requests for `zh.json` with `status` and `body` (the test
/// runner's page does not serve the file), recording each address asked for (`fetched`);
/// other requests go to the browser's own `fetch`.
pub fn stub_zh_fetch(status: u16, body: &str) {
    let window = web_sys::window().unwrap();
    js_sys::Reflect::set(&window, &"__zhBody".into(), &body.into()).unwrap();
    let stub = js_sys::Function::new_with_args(
        "url",
        &format!(
            "url = String(url);
             if (!new URL(url).pathname.endsWith('/zh.json')) return window.__realFetch(url);
             (window.__fetched = window.__fetched || []).push(url);
             return Promise.resolve(new Response(window.__zhBody, {{ status: {status} }}));"
        ),
    );
    let real = js_sys::Reflect::get(&window, &"__realFetch".into()).unwrap();
    if real.is_undefined() {
        let fetch = js_sys::Reflect::get(&window, &"fetch".into()).unwrap();
        let bound = fetch.unchecked_into::<js_sys::Function>().bind0(&window);
        js_sys::Reflect::set(&window, &"__realFetch".into(), &bound).unwrap();
    }
    js_sys::Reflect::set(&window, &"fetch".into(), &stub).unwrap();
}

/// Serve the shipped `zh.json` to the app.
pub fn serve_chinese() {
    stub_zh_fetch(200, ZH_JSON);
}

/// The addresses of `zh.json` the app has fetched so far.
pub fn fetched() -> Vec<String> {
    let list = js_sys::Reflect::get(&web_sys::window().unwrap(), &"__fetched".into()).unwrap();
    if list.is_undefined() {
        return Vec::new();
    }
    js_sys::Array::from(&list)
        .iter()
        .filter_map(|v| v.as_string())
        .collect()
}

/// A keydown on `target`, bubbling to the app's document listener as the browser's would.
pub fn key_on(target: &Element, key: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let e = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&e).unwrap();
}
