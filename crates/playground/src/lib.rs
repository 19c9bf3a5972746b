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

pub use app::App;

/// Render the playground into `<body>` (the trunk entry point).
pub fn mount_to_body() {
    install_panic_overlay();
    yew::Renderer::<App>::new().render();
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
/// instead of leaving a frozen page.
pub fn install_panic_overlay() {
    std::panic::set_hook(Box::new(|info| {
        let report = format!(
            "Kafka replication playground crashed.\n{info}\nuser agent: {}",
            web_sys::window()
                .and_then(|w| w.navigator().user_agent().ok())
                .unwrap_or_default()
        );
        web_sys::console::error_1(&report.clone().into());
        show_panic_overlay(&report);
    }));
}

/// The overlay itself: plain DOM, because after a panic the app can no longer render.
pub fn show_panic_overlay(report: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
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
    overlay.set_inner_html(&format!(
        "<div class=\"panic-box\"><h2>Something went wrong</h2>\
         <p>The playground hit a bug and stopped. Reload the page to start again; \
         please send the report below with what you were doing.</p>\
         <pre class=\"panic-report\">{escaped}</pre>\
         <button type=\"button\" data-action=\"copy-report\" \
         onclick=\"navigator.clipboard&&navigator.clipboard.writeText(this.previousElementSibling.textContent);this.textContent='Copied'\">\
         Copy report</button> <button type=\"button\" onclick=\"location.reload()\">Reload</button></div>"
    ));
    if let Some(body) = document.body() {
        let _ = body.append_child(&overlay);
    }
}
