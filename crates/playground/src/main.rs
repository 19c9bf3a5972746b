//! The trunk entry point: mounts the playground into the page body, and exports the JS API
//! (`mount`) on the module trunk builds (`window.wasmBindings` on the playground's page; the
//! loader `playground-api.js` for other pages).
use wasm_bindgen::prelude::*;

fn main() {
    if replication_playground::manual_mount() {
        // The page mounts playgrounds itself (`mount`); a panic in any still shows the overlay.
        replication_playground::install_panic_overlay();
    } else {
        replication_playground::mount_to_body();
    }
}

/// A playground mounted with `mount`.
#[wasm_bindgen]
pub struct Playground {
    handle: Option<yew::AppHandle<replication_playground::App>>,
}

#[wasm_bindgen]
impl Playground {
    /// Remove the playground from its element.
    pub fn destroy(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.destroy();
        }
    }
}

/// Mount a playground into `element` with `options` (a plain object, see the README); throws
/// an `Error` naming what is wrong with the options.
#[wasm_bindgen]
pub fn mount(element: web_sys::Element, options: JsValue) -> Result<Playground, JsError> {
    replication_playground::mount(element, options)
        .map(|handle| Playground {
            handle: Some(handle),
        })
        .map_err(|message| JsError::new(&message))
}
