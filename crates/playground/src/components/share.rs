//! Sharing a run: a link that replays it exactly, or the run as a scenario file.

use crate::format::format_time;
use crate::i18n::{tr, trf, Key, Lang};
use crate::state::session::Session;
use crate::state::share::{as_scenario, scenario_text, share_link};
use crate::state::SessionHandle;
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SharePanelProps {
    pub session: SessionHandle,
    /// The top bar's version: the Share button alone, its link in a box below it (the
    /// Describe tab has the whole panel, with the download).
    #[prop_or_default]
    pub compact: bool,
}

/// What the last press of Share gave: the link and the time it shows, or why there is none.
#[derive(Clone, PartialEq)]
enum Shared {
    Link { link: String, at_ms: u64 },
    TooBig(String),
}

#[function_component(SharePanel)]
pub fn share_panel(props: &SharePanelProps) -> Html {
    let shared = use_state(|| None::<Shared>);
    let lang = use_context::<Lang>().unwrap_or_default();
    let onshare = {
        let session = props.session.clone();
        let shared = shared.clone();
        let compact = props.compact;
        Callback::from(move |_: MouseEvent| {
            // In the top bar the button also closes its box.
            if compact && shared.is_some() {
                shared.set(None);
                return;
            }
            shared.set(Some(share_run(&session.borrow(), lang)));
        })
    };
    let ondownload = {
        let session = props.session.clone();
        Callback::from(move |_: MouseEvent| {
            let session = session.borrow();
            let text = scenario_text(&as_scenario(&session));
            download(&file_name(&session.source), &text);
        })
    };
    let result = shared_view(shared.as_ref(), lang);
    let share = html! {
        <button type="button" data-action="share" title={tr(lang, Key::ShareTip)} onclick={onshare}
                aria-expanded={props.compact.then(|| shared.is_some().to_string())}>{ tr(lang, Key::ShareButton) }</button>
    };
    if props.compact {
        return html! {
            <div class="share-compact">
                { share }
                if shared.is_some() {
                    <div class="popover-box" onclick={Callback::from(|e: MouseEvent| e.stop_propagation())}>{ result }</div>
                }
            </div>
        };
    }
    html! {
        <div class="share-panel">
            <h3>{ tr(lang, Key::ShareTitle) }</h3>
            <div class="share-buttons">
                { share }
                <button type="button" data-action="download-scenario" title={tr(lang, Key::DownloadTip)} onclick={ondownload}>
                    { tr(lang, Key::DownloadButton) }
                </button>
            </div>
            { result }
        </div>
    }
}

/// Share the run: its link, copied to the clipboard too, or why it is too long for one.
fn share_run(session: &Session, lang: Lang) -> Shared {
    match share_link(&page_base(), session) {
        Ok(link) => {
            if let Some(window) = web_sys::window() {
                let _ = window.navigator().clipboard().write_text(&link);
            }
            Shared::Link {
                link,
                at_ms: session.world.now_ms(),
            }
        }
        Err(too_long) => Shared::TooBig(too_long.describe(lang)),
    }
}

/// What the last press of Share gave, on screen: the link (selected when focused) or why not.
fn shared_view(shared: Option<&Shared>, lang: Lang) -> Html {
    match shared {
        None => html! {},
        Some(Shared::Link { link, at_ms }) => html! {
            <label class="share-link">{ trf(lang, Key::ShareLinkAt, &[&format_time(*at_ms)]) }
                <input type="text" readonly=true data-share-link="true" value={link.clone()}
                       onfocus={Callback::from(|e: FocusEvent| {
                           if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                               input.select();
                           }
                       })} />
            </label>
        },
        Some(Shared::TooBig(message)) => html! {
            <p class="share-error" role="status" data-share-error="true">{ message }</p>
        },
    }
}

/// The page's address without query or fragment: where a shared link opens.
fn page_base() -> String {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return String::new();
    };
    format!(
        "{}{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default()
    )
}

/// `orders.json` → `orders-run.json`; a setup's name keeps only characters safe in a file name.
fn file_name(source: &str) -> String {
    let stem: String = source
        .trim_end_matches(".json")
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let stem = stem.trim_matches('-');
    format!(
        "{}-run.json",
        if stem.is_empty() { "scenario" } else { stem }
    )
}

/// Offer `text` as a file download (a Blob behind a temporary `a[download]`).
fn download(name: &str, text: &str) -> Option<()> {
    let document = web_sys::window()?.document()?;
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let anchor: web_sys::HtmlAnchorElement = document.create_element("a").ok()?.dyn_into().ok()?;
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    web_sys::Url::revoke_object_url(&url).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn downloads_are_named_after_the_setup() {
        assert_eq!(file_name("orders.json"), "orders-run.json");
        assert_eq!(
            file_name("playground-default"),
            "playground-default-run.json"
        );
        assert_eq!(file_name("the cluster setup"), "the-cluster-setup-run.json");
        assert_eq!(file_name("…"), "scenario-run.json");
    }
}
