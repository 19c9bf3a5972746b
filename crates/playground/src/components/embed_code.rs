//! "Copy embed code": the `<iframe>` line that embeds the playground, in its compact view,
//! with the current scenario and speed.

use crate::i18n::{tr, trf, Key, Lang};
use crate::state::embed_options::embed_snippet;
use crate::state::SessionHandle;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EmbedCodeProps {
    pub session: SessionHandle,
}

/// This page's address without its query: where the embed loads the playground from.
fn page_base() -> String {
    web_sys::window()
        .map(|w| w.location())
        .and_then(|l| Some(format!("{}{}", l.origin().ok()?, l.pathname().ok()?)))
        .unwrap_or_default()
}

/// A button that copies the embed line and shows it (to copy by hand where the clipboard is
/// not allowed), or says why the current scenario cannot be embedded.
#[function_component(EmbedCode)]
pub fn embed_code(props: &EmbedCodeProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    // The line, or the scenario that cannot be embedded.
    let shown = use_state(|| None::<Result<String, String>>);
    let onclick = {
        let session = props.session.clone();
        let shown = shown.clone();
        Callback::from(move |e: MouseEvent| {
            e.stop_propagation();
            if shown.is_some() {
                shown.set(None);
                return;
            }
            let code = {
                let s = session.borrow();
                embed_snippet(&page_base(), &s.source, s.speed).ok_or_else(|| s.source.clone())
            };
            if let (Ok(code), Some(window)) = (&code, web_sys::window()) {
                let _ = window.navigator().clipboard().write_text(code);
            }
            shown.set(Some(code));
        })
    };
    html! {
        <div class="embed-code">
            <button type="button" data-action="copy-embed-code" aria-expanded={shown.is_some().to_string()} {onclick}
                    title={tr(lang, Key::EmbedCodeTitle)}>{ tr(lang, Key::EmbedCode) }</button>
            if let Some(result) = &*shown {
                <div class="popover-box" role="status" onclick={Callback::from(|e: MouseEvent| e.stop_propagation())}>
                    { match result {
                        Ok(code) => html! {
                            <>
                                <p class="hint">{ tr(lang, Key::EmbedCodeHint) }</p>
                                <textarea readonly=true rows="4" data-embed-code="true" aria-label={tr(lang, Key::EmbedCodeAria)} value={code.clone()} />
                            </>
                        },
                        Err(scenario) => html! { <p class="hint" data-embed-unavailable="true">{ trf(lang, Key::EmbedUnavailable, &[scenario]) }</p> },
                    } }
                </div>
            }
        </div>
    }
}
