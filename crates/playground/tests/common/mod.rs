//! Helpers the browser tests share: mounting an app (and unmounting it when the test ends),
//! waiting, and reading the page.
//!
//! No test waits a fixed time before it checks something: Yew renders on its own schedule
//! (when busy it spreads its work over several browser tasks), animation frames and fetches
//! come when they come, and the machine may be busy. A test waits for what it checks
//! (`wait_until`, `wait_for`), or for Yew to have nothing left to do (`rendered`) when the
//! result follows from the event at once.
#![allow(dead_code)] // each test file uses some of them

use std::cell::Cell;
use std::ops::Deref;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, EventInit, HtmlElement, HtmlInputElement, HtmlSelectElement};
use yew::{AppHandle, BaseComponent};

/// How long a wait lasts before the test fails: generous, because a busy machine can stall
/// the page for seconds (CI shares two cores).
const WAIT_LIMIT_MS: f64 = 60_000.0;
/// How often a wait looks again.
const POLL_MS: u32 = 10;

/// A new `<div>` in the page's body, to mount an app or a panel into.
pub fn fresh_root() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    root
}

/// An app mounted in its own `<div>`, read through `Deref` as that `<div>`. When the test ends
/// (the value is dropped), the app is destroyed and the `<div>` removed, so no app of an
/// earlier test keeps playing, listening to the document's keys or holding a dialog open.
pub struct Mounted {
    root: Element,
    destroy: Option<Box<dyn FnOnce()>>,
}

impl Mounted {
    /// Own `app`, rendered into `root`.
    pub fn new<C: BaseComponent>(root: Element, app: AppHandle<C>) -> Mounted {
        Mounted {
            root,
            destroy: Some(Box::new(move || app.destroy())),
        }
    }
}

impl Deref for Mounted {
    type Target = Element;
    fn deref(&self) -> &Element {
        &self.root
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        if let Some(destroy) = self.destroy.take() {
            destroy();
        }
        self.root.remove();
    }
}

/// Render component `C` with `props` into a fresh root and wait until Yew has rendered it.
pub async fn mount_with<C: BaseComponent>(props: C::Properties) -> Mounted {
    let root = fresh_root();
    let app = yew::Renderer::<C>::with_root_and_props(root.clone(), props).render();
    rendered().await;
    Mounted::new(root, app)
}

/// Wait until Yew has run every update, render and effect it has pending. Enough after a
/// click, a key or an input the app handles at once; what comes from an animation frame, a
/// timer or a fetch needs `wait_until`.
pub async fn rendered() {
    yew::scheduler::flush().await;
}

/// Let the browser run other tasks for `ms` (a wait's poll interval, not a wait for a result).
async fn pause(ms: u32) {
    gloo_timers::future::TimeoutFuture::new(ms).await;
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Wait until `done()` holds, failing after a minute naming `what`.
pub async fn wait_until(what: &str, done: impl Fn() -> bool) {
    wait_until_async(what, async || done()).await;
}

/// `wait_until` for a check that has to await something itself (a render it asks for).
pub async fn wait_until_async(what: &str, done: impl AsyncFn() -> bool) {
    let start = now_ms();
    loop {
        rendered().await;
        if done().await {
            return;
        }
        if now_ms() - start > WAIT_LIMIT_MS {
            panic!("waited {} s for {what}", WAIT_LIMIT_MS / 1000.0);
        }
        pause(POLL_MS).await;
    }
}

/// Wait until something in `root` matches `selector`, and return the first match.
pub async fn wait_for(root: &Element, selector: &str) -> Element {
    wait_until(&format!("something to match {selector}"), || {
        count(root, selector) > 0
    })
    .await;
    find(root, selector)
}

/// Wait until `selector`'s attribute `name` in `root` is `value`.
pub async fn wait_for_attr(root: &Element, selector: &str, name: &str, value: &str) {
    wait_until(&format!("{selector} to have {name}=\"{value}\""), || {
        root.query_selector(selector)
            .unwrap()
            .and_then(|e| e.get_attribute(name))
            .as_deref()
            == Some(value)
    })
    .await;
}

/// Wait until the browser has drawn `n` more frames: by then every animation frame the app
/// had asked for before has run (an anchor for checking that something did *not* happen).
pub async fn animation_frames(n: u32) {
    let window = web_sys::window().unwrap();
    let drawn = Rc::new(Cell::new(0));
    for _ in 0..n {
        let start = drawn.get();
        let counter = Rc::clone(&drawn);
        let callback = Closure::once_into_js(move || counter.set(counter.get() + 1));
        window
            .request_animation_frame(callback.unchecked_ref())
            .unwrap();
        wait_until("the next animation frame", || drawn.get() > start).await;
    }
}

pub fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector).unwrap().unwrap_or_else(|| {
        panic!("nothing matches {selector} (if it comes later, `wait_for` it first)")
    })
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

/// Click the first element matching `selector` in `root`, as a user would, and let Yew
/// handle it.
pub async fn click(root: &Element, selector: &str) {
    find(root, selector).unchecked_into::<HtmlElement>().click();
    rendered().await;
}

/// The simulated clock shown (`data-sim-time-ms`).
pub fn sim_time(root: &Element) -> u64 {
    attr(root, "[data-sim-time-ms]", "data-sim-time-ms")
        .parse()
        .unwrap()
}

/// Whether the app says it is playing.
pub fn playing(root: &Element) -> bool {
    attr(root, "[data-action='play-pause']", "data-playing") == "true"
}

/// The element that has the keyboard focus. Chromium moves `document.activeElement` on
/// `focus()` whether or not its window has the system's focus, so this does not depend on the
/// headless window being in front.
pub fn active_element() -> Option<Element> {
    web_sys::window()?.document()?.active_element()
}

/// Wait until the focus is on `el` or inside it, naming `what` if it never gets there.
pub async fn wait_for_focus_in(el: &Element, what: &str) {
    wait_until(what, || {
        active_element().is_some_and(|a| el.contains(Some(&a)))
    })
    .await;
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
    rendered().await;
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
    rendered().await;
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
    key_prevented(target, key);
}

/// `key_on`, saying whether a listener took the key's default as it was dispatched.
pub fn key_prevented(target: &Element, key: &str) -> bool {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let e = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&e).unwrap();
    e.default_prevented()
}
