//! Choosing what to simulate: the bundled examples, a file from disk (picker or drop), and the
//! error list an invalid file gets.

use crate::format::fixed;
use crate::i18n::{scenario_description, tr, trf, word, Key, Lang};
use crate::state::session::{LoadError, CLUSTER_SETUP, PAGE_ADDRESS};
use crate::state::share::SOURCE as SHARED_LINK;
use crate::state::{Command, SessionHandle};
use replication_core::scenario::bundled::BUNDLED;
use replication_core::scenario::limits::MAX_INPUT_BYTES;
use replication_core::text;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

/// Largest scenario file accepted: the core's input budget (a scenario is a few KB).
pub const MAX_FILE_BYTES: f64 = MAX_INPUT_BYTES as f64;

/// Read a dropped or picked file and ask the app to load it. Problems reading it (too big,
/// unreadable) become a load error naming the file, like a parse error would.
pub fn load_file(file: web_sys::File, on_command: Callback<Command>) {
    let name = file.name();
    if file.size() > MAX_FILE_BYTES {
        on_command.emit(Command::ShowLoadError(LoadError {
            problems: vec![text!(
                "the file is {size} MB; a scenario file may be at most {max} MB",
                size = fixed(file.size() / 1e6, 1),
                max = fixed(MAX_FILE_BYTES / 1e6, 0)
            )],
            source: name,
        }));
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        on_command.emit(match read_text(&file).await {
            Ok(text) => Command::LoadFile { name, text },
            Err(problem) => Command::ShowLoadError(LoadError {
                source: name,
                problems: vec![problem],
            }),
        });
    });
}

/// A file's text, or why it has none: it could not be read, or a byte is not UTF-8
/// (`$: not UTF-8 at byte N`, where `File.text()` would have replaced it silently).
pub async fn read_text(file: &web_sys::File) -> Result<String, replication_core::text::Text> {
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| text!("the file could not be read as text"))?;
    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    replication_core::scenario::path::utf8(&bytes)
        .map(str::to_string)
        .map_err(|e| e.text())
}

/// The first file of a drop, if any.
pub fn dropped_file(e: &DragEvent) -> Option<web_sys::File> {
    e.data_transfer()?.files()?.get(0)
}

#[derive(Properties, PartialEq)]
pub struct ScenarioMenuProps {
    pub session: SessionHandle,
    pub on_command: Callback<Command>,
}

/// The example menu, an "Open file…" button, and what the current scenario is about.
#[function_component(ScenarioMenu)]
pub fn scenario_menu(props: &ScenarioMenuProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let file_input = use_node_ref();
    let session = props.session.borrow();
    let source = session.source.clone();
    let is_example = BUNDLED.iter().any(|e| e.id == source);
    let onchange = props.on_command.reform(|e: Event| {
        let id = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
            .map(|s| s.value())
            .unwrap_or_default();
        Command::LoadExample(id)
    });
    let open = {
        let file_input = file_input.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(input) = file_input.cast::<web_sys::HtmlInputElement>() {
                input.click();
            }
        })
    };
    let on_file = {
        let on_command = props.on_command.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            else {
                return;
            };
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                load_file(file, on_command.clone());
            }
            // Picking the same file again must load it again.
            input.set_value("");
        })
    };
    let own = session.scenario.description.as_deref().unwrap_or_default();
    let description = scenario_description(lang, own).to_string();
    html! {
        <div class="scenario-menu">
            <label>
                <span>{ tr(lang, Key::Scenario) }</span>
                <select {onchange} data-action="scenario" aria-label={tr(lang, Key::ExampleScenario)}>
                    if !is_example {
                        <option value="" selected=true disabled=true>{ trf(lang, Key::LoadedSource, &[&source_label(lang, &source)]) }</option>
                    }
                    { for BUNDLED.iter().map(|e| html! {
                        <option value={e.id} selected={e.id == source}>{ e.id }</option>
                    }) }
                </select>
            </label>
            <button type="button" data-action="open-file" onclick={open}
                    title={tr(lang, Key::OpenFileTitle)}>{ tr(lang, Key::OpenFile) }</button>
            <input type="file" accept=".json,application/json" class="visually-hidden" ref={file_input}
                   data-action="file-input" onchange={on_file} tabindex="-1" aria-hidden="true" />
            if !description.is_empty() {
                <p class="scenario-description" title={description.clone()}>{ description }</p>
            }
        </div>
    }
}

#[derive(PartialEq)]
pub struct ErrorListProps {
    pub error: LoadError,
    pub on_command: Callback<Command>,
    pub lang: Lang,
}

/// The address and a shared link are read as the page opens: there is no earlier run to keep.
fn count_key(source: &str) -> Key {
    match source {
        crate::state::session::PAGE_ADDRESS | crate::state::share::SOURCE => {
            Key::ProblemCountAtStart
        }
        _ => Key::ProblemCount,
    }
}

/// A file's problems as a readable list; the page behind keeps the previous run.
pub fn error_list(props: &ErrorListProps) -> Html {
    let close = props
        .on_command
        .reform(|_: MouseEvent| Command::DismissErrors);
    let count = props.error.problems.len();
    let lang = props.lang;
    html! {
        <div class="overlay" role="alertdialog" aria-modal="true" aria-labelledby="load-error-title" data-errors={count.to_string()}>
            <div class="overlay-box" onclick={Callback::from(|e: MouseEvent| e.stop_propagation())}>
                <h2 id="load-error-title">{ trf(lang, Key::CouldNotLoad, &[&source_label(lang, &props.error.source)]) }</h2>
                <p>{ trf(lang, count_key(&props.error.source), &[&count]) }</p>
                <ul class="error-list">
                    { for props.error.problems.iter().map(|p| html! { <li data-error="true">{ word(lang, p) }</li> }) }
                </ul>
                <button type="button" data-action="dismiss-errors" onclick={close}>{ tr(lang, Key::Close) }</button>
            </div>
        </div>
    }
}

/// A scenario's source in words: a file or example name as it is; the page address and the
/// shared link translated.
pub fn source_label(lang: Lang, source: &str) -> String {
    match source {
        PAGE_ADDRESS => tr(lang, Key::SourcePageAddress).to_string(),
        SHARED_LINK => tr(lang, Key::SourceSharedLink).to_string(),
        CLUSTER_SETUP => tr(lang, Key::SourceClusterSetup).to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_sources_are_translated_and_file_names_kept() {
        crate::i18n::zh::install_shipped();
        assert_eq!(source_label(Lang::Zh, PAGE_ADDRESS), "页面地址");
        assert_eq!(source_label(Lang::En, PAGE_ADDRESS), "the page address");
        assert_eq!(source_label(Lang::Zh, SHARED_LINK), "分享链接");
        assert_eq!(source_label(Lang::Zh, CLUSTER_SETUP), "集群设置");
        assert_eq!(source_label(Lang::Zh, "orders.json"), "orders.json");
    }
}
