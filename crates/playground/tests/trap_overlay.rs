//! A WebAssembly trap (running out of memory aborts with one, past the panic hook) shows the
//! crash overlay instead of leaving a frozen page; other errors on the page do not.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Dispatch on `window` what the browser dispatches for an uncaught `error` thrown by code
/// the page runs (`script` builds it).
fn dispatch(script: &str) {
    js_sys::Function::new_no_args(script)
        .call0(&JsValue::NULL)
        .expect("the event is dispatched");
}

fn overlays() -> u32 {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector_all("[data-panic]").ok())
        .map_or(0, |list| list.length())
}

#[wasm_bindgen_test]
fn a_trap_shows_the_overlay_once_and_other_errors_none() {
    replication_playground::install_trap_overlay();

    dispatch("window.dispatchEvent(new ErrorEvent('error', { error: new TypeError('not ours') }))");
    assert_eq!(
        overlays(),
        0,
        "a host page's own error is not the app's crash"
    );

    dispatch(
        "window.dispatchEvent(new ErrorEvent('error', \
         { error: new WebAssembly.RuntimeError('unreachable') }))",
    );
    assert_eq!(
        overlays(),
        1,
        "a trap in an event handler or frame shows the overlay"
    );
    let text = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| {
            d.query_selector("[data-panic] .panic-report")
                .ok()
                .flatten()
        })
        .and_then(|e| e.text_content())
        .unwrap_or_default();
    assert!(
        text.contains("WebAssembly trap: RuntimeError: unreachable"),
        "{text}"
    );

    // A trap in a future rejects its promise; one overlay is enough.
    dispatch(
        "const reason = new WebAssembly.RuntimeError('unreachable'); \
         const p = Promise.reject(reason); p.catch(() => {}); \
         window.dispatchEvent(new PromiseRejectionEvent('unhandledrejection', { promise: p, reason }))",
    );
    assert_eq!(overlays(), 1);
}
