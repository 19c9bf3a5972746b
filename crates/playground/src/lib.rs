//! The playground's front end: Yew components that render views of `replication-core`.
//!
//! `state` holds the session (the core's world plus the animation clock) and the commands that
//! change it; `components` are presentational, reading the session and sending commands. All
//! Kafka behaviour lives in the core crate, none here.

pub mod app;
pub mod components;
pub mod format;
pub mod i18n;
pub mod lessons;
pub mod state;

pub use app::{App, AppProps};
use state::embed_options::Options;

/// Render the playground into `<body>` (the trunk entry point), with the options of the page
/// address (`?embed&scenario=…`).
pub fn mount_to_body() {
    install_panic_overlay();
    let location = web_sys::window().map(|w| w.location());
    let query = location
        .as_ref()
        .and_then(|l| l.search().ok())
        .unwrap_or_default();
    let (mut options, problems) = Options::from_query(&query);
    // The "open in the full playground" link: this page without `embed`.
    options.playground_url = location.and_then(|l| l.pathname().ok());
    let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    else {
        return;
    };
    render(
        body.into(),
        AppProps {
            query: query.into(),
            options,
            problems,
        },
    );
}

/// The one place the app is rendered (one instantiation of Yew's renderer in the bundle).
#[inline(never)]
fn render(root: web_sys::Element, props: AppProps) -> yew::AppHandle<App> {
    yew::Renderer::<App>::with_root_and_props(root, props).render()
}

/// The JS API's `mount(element, options)`: a playground in `element`, independent of any
/// other on the page. `options` is a plain object (`{scenario: "leader-failover", speed: 0.5,
/// autoplay: true, panels: ["partition", "log"], lang: "en", embed: true,
/// playgroundUrl: "…/index.html"}`); a wrong one is refused with a message naming the valid
/// values, and nothing is mounted. (The panic overlay is installed by `main`, once.)
pub fn mount(
    element: web_sys::Element,
    options: wasm_bindgen::JsValue,
) -> Result<yew::AppHandle<App>, String> {
    let options = Options::from_js_value(options)?;
    Ok(render(
        element,
        AppProps {
            options,
            ..AppProps::default()
        },
    ))
}

/// Whether the page loads the module only to call `mount` (the JS API's loader sets
/// `window.kafkaPlaygroundManualMount`): then `main` mounts nothing into `<body>`.
pub fn manual_mount() -> bool {
    web_sys::window().is_some_and(|w| {
        js_sys::Reflect::get(&w, &"kafkaPlaygroundManualMount".into()).is_ok_and(|v| v.is_truthy())
    })
}

/// Mark the page as rendered (`data-ready` on `<body>`), for tests and first-render timing.
pub fn mark_ready() {
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        let _ = body.set_attribute("data-ready", "true");
        if let Some(perf) = web_sys::window().and_then(|w| w.performance()) {
            let _ = body.set_attribute("data-first-render-ms", &format::fixed(perf.now(), 1));
        }
    }
}

/// A panic inside the app shows an overlay with the message and a "copy report" button,
/// instead of leaving a frozen page. So does a WebAssembly trap, which the panic hook never
/// sees: running out of memory aborts with one.
pub fn install_panic_overlay() {
    std::panic::set_hook(Box::new(|info| {
        let report = crash_report(&info.to_string());
        web_sys::console::error_1(&report.clone().into());
        show_panic_overlay(&report);
    }));
    install_trap_overlay();
}

fn crash_report(what: &str) -> String {
    format!(
        "Kafka replication playground crashed.\n{what}\nuser agent: {}",
        web_sys::window()
            .and_then(|w| w.navigator().user_agent().ok())
            .unwrap_or_default()
    )
}

/// Show the overlay for a `WebAssembly.RuntimeError` that nothing caught: thrown from an
/// event handler or animation frame (`error`) or from a future (`unhandledrejection`). Other
/// errors on the page are not the app's (a host page's own, with the JS API).
pub fn install_trap_overlay() {
    use wasm_bindgen::JsCast;
    thread_local! {
        /// The page's two listeners, held (not leaked) for as long as the module lives.
        static TRAP_LISTENERS: std::cell::RefCell<Vec<gloo_events::EventListener>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }
    let Some(window) = web_sys::window() else {
        return;
    };
    let on_error = |event: &web_sys::Event| {
        let error = ["error", "reason"]
            .iter()
            .filter_map(|field| js_sys::Reflect::get(event, &(*field).into()).ok())
            .find(|e| e.is_instance_of::<js_sys::WebAssembly::RuntimeError>());
        if let Some(error) = error {
            let message = js_sys::Error::from(error).to_string();
            show_panic_overlay(&crash_report(&format!(
                "WebAssembly trap: {message} (out of memory, or an abort after a panic)"
            )));
        }
    };
    TRAP_LISTENERS.with(|held| {
        let mut held = held.borrow_mut();
        held.clear();
        for kind in ["error", "unhandledrejection"] {
            held.push(gloo_events::EventListener::new(&window, kind, on_error));
        }
    });
}

/// The overlay itself: plain DOM, because after a panic the app can no longer render.
pub fn show_panic_overlay(report: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    // A panic aborts with a trap, which would show the overlay a second time.
    if document
        .query_selector("[data-panic]")
        .ok()
        .flatten()
        .is_some()
    {
        return;
    }
    let Ok(overlay) = document.create_element("div") else {
        return;
    };
    overlay.set_class_name("panic-overlay");
    let _ = overlay.set_attribute("role", "alertdialog");
    let _ = overlay.set_attribute("data-panic", "true");
    let escaped = report
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    let lang = i18n::shown_lang();
    overlay.set_inner_html(&format!(
        "<div class=\"panic-box\"><h2>{title}</h2><p>{text}</p>\
         <pre class=\"panic-report\">{escaped}</pre>\
         <button type=\"button\" data-action=\"copy-report\" \
         onclick=\"navigator.clipboard&&navigator.clipboard.writeText(this.previousElementSibling.textContent);this.textContent='{copied}'\">\
         {copy}</button> <button type=\"button\" onclick=\"location.reload()\">{reload}</button></div>",
        title = i18n::tr(lang, i18n::Key::PanicTitle),
        text = i18n::tr(lang, i18n::Key::PanicText),
        copied = i18n::tr(lang, i18n::Key::Copied),
        copy = i18n::tr(lang, i18n::Key::CopyReport),
        reload = i18n::tr(lang, i18n::Key::Reload),
    ));
    if let Some(body) = document.body() {
        let _ = body.append_child(&overlay);
    }
}
