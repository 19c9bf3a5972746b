//! The Chinese text, loaded on demand. `web/zh.json` (served as `zh.json` next to
//! `index.html`) holds every Chinese text of the UI, the core's messages, the lessons and the
//! examples' descriptions, keyed by the English they translate (the UI's by `Key` name). An
//! English reader downloads none of it: the bundle is smaller by its size, and a Chinese reader
//! fetches it once, the first time Chinese is shown.
//!
//! Until it is installed every lookup answers `None` and the caller shows the English.

use super::Key;
use replication_core::text;
use replication_core::text::Text;
use replication_core::vec_map::VecMap;
use serde_json::Value;
use std::cell::{Cell, RefCell};

/// The file's name, beside `index.html`.
pub const FILE: &str = "zh.json";

/// The parsed file. Leaked once when installed, so lookups hand out `&'static str` like the
/// English texts compiled into the bundle.
struct Table {
    /// By `Key as usize`.
    ui: Vec<&'static str>,
    /// English template → Chinese template (`replication_core::text`).
    messages: VecMap<&'static str, &'static str>,
    /// English → Chinese, for the lessons and the examples' descriptions.
    lessons: VecMap<&'static str, &'static str>,
    examples: VecMap<&'static str, &'static str>,
}

/// Told how a load ended.
type Waiter = Box<dyn FnOnce(Result<(), Text>)>;

thread_local! {
    static TABLE: Cell<Option<&'static Table>> = const { Cell::new(None) };
    /// While a fetch is on its way: everyone to tell when it ends (several playgrounds mounted
    /// on one page share one fetch).
    static WAITING: RefCell<Option<Vec<Waiter>>> = const { RefCell::new(None) };
}

fn table() -> Option<&'static Table> {
    TABLE.with(Cell::get)
}

/// Whether the Chinese text is installed.
pub fn loaded() -> bool {
    table().is_some()
}

/// Install the Chinese text from the contents of `zh.json`: every UI key must have a text,
/// and the file may name no key the UI lacks. Installing again keeps the first table.
pub fn install(json: &str) -> Result<(), Text> {
    if loaded() {
        return Ok(());
    }
    let parsed = parse(json)?;
    TABLE.with(|t| t.set(Some(Box::leak(Box::new(parsed)))));
    Ok(())
}

fn parse(json: &str) -> Result<Table, Text> {
    let root: Value = serde_json::from_str(json).map_err(|e| text::located(FILE, e.to_string()))?;
    let section = |name: &'static str| -> Result<VecMap<&'static str, &'static str>, Text> {
        let Some(entries) = root.get(name).and_then(Value::as_object) else {
            return Err(text::located(
                FILE,
                text!("expected an object {name} of English → Chinese texts", name),
            ));
        };
        entries
            .iter()
            .map(|(en, zh)| match zh.as_str() {
                Some(zh) if !zh.trim().is_empty() => Ok((leak(en), leak(zh))),
                _ => Err(text::located(
                    format!("{FILE}: {name}.{en:?}"),
                    text!("expected a non-empty string"),
                )),
            })
            .collect()
    };
    let by_name = section("ui")?;
    let ui = Key::ALL
        .iter()
        .map(|key| {
            by_name.get(key.name()).copied().ok_or_else(|| {
                text::located(FILE, text!("ui has no text for {key}", key = key.name()))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    // Every key found its text; any name beyond them is not a key.
    if by_name.len() > ui.len() {
        let unknown = by_name
            .keys()
            .find(|name| !Key::ALL.iter().any(|k| k.name() == **name))
            .copied()
            .unwrap_or_default();
        return Err(text::located(
            format!("{FILE}: ui.{unknown}"),
            text!("not a text of the UI"),
        ));
    }
    Ok(Table {
        ui,
        messages: section("messages")?,
        lessons: section("lessons")?,
        examples: section("examples")?,
    })
}

fn leak(s: &str) -> &'static str {
    Box::leak(s.to_owned().into_boxed_str())
}

/// A UI text in Chinese.
pub fn ui(key: Key) -> Option<&'static str> {
    table().map(|t| t.ui[key as usize])
}

/// A message template (`replication_core::text`) in Chinese.
pub fn message(english: &str) -> Option<&'static str> {
    table().and_then(|t| t.messages.get(english).copied())
}

/// A lesson text in Chinese.
pub fn lesson(english: &str) -> Option<&'static str> {
    table().and_then(|t| t.lessons.get(english).copied())
}

/// A bundled example's description in Chinese.
pub fn example(english: &str) -> Option<&'static str> {
    table().and_then(|t| t.examples.get(english).copied())
}

/// Have the Chinese text, then call `done`: at once if it is installed, else after fetching
/// it. Calls made while a fetch is on its way wait for that one.
pub fn load(done: impl FnOnce(Result<(), Text>) + 'static) {
    if loaded() {
        return done(Ok(()));
    }
    let first = WAITING.with(|waiting| {
        let mut waiting = waiting.borrow_mut();
        let first = waiting.is_none();
        waiting.get_or_insert_with(Vec::new).push(Box::new(done));
        first
    });
    if first {
        wasm_bindgen_futures::spawn_local(async move {
            let result = fetch().await;
            let waiting = WAITING.with(|w| w.borrow_mut().take()).unwrap_or_default();
            for done in waiting {
                done(result.clone());
            }
        });
    }
}

/// Fetch `zh.json` from beside `index.html` and install it. That is beside this document on
/// the playground's own page and in an iframe embed; the JS API's loader, which runs on
/// another page, says where (`window.kafkaPlaygroundBase`). The address carries a hash of the
/// file (`build.rs`), so no cache serves another build's copy.
async fn fetch() -> Result<(), Text> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let failed = |why: String| text!("{file} could not be loaded: {why}", file = FILE, why);
    // A rejected fetch is a TypeError ("Failed to fetch"): its message says why.
    let js_error = |e: wasm_bindgen::JsValue| {
        failed(
            e.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
                .or_else(|| e.as_string())
                .unwrap_or_default(),
        )
    };
    let window = web_sys::window().ok_or_else(|| failed("no window".into()))?;
    let base = js_sys::Reflect::get(&window, &"kafkaPlaygroundBase".into())
        .ok()
        .and_then(|v| v.as_string())
        .or_else(|| window.document().and_then(|d| d.url().ok()))
        .unwrap_or_default();
    let address = format!("{FILE}?v={}", env!("ZH_JSON_VERSION"));
    let url = web_sys::Url::new_with_base(&address, &base).map_err(js_error)?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(&url.href()))
        .await
        .map_err(js_error)?
        .dyn_into()
        .map_err(js_error)?;
    if !response.ok() {
        return Err(failed(format!(
            "HTTP {} from {}",
            response.status(),
            url.href()
        )));
    }
    let body = JsFuture::from(response.text().map_err(js_error)?)
        .await
        .map_err(js_error)?
        .as_string()
        .unwrap_or_default();
    install(&body)
}

/// The shipped `web/zh.json`, installed on this thread (each test runs on its own thread).
#[cfg(test)]
pub(crate) fn install_shipped() {
    install(tests::FILE_TEXT).expect("web/zh.json installs");
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) const FILE_TEXT: &str = include_str!("../../../../web/zh.json");

    /// The English (or key names) that the shipped file's `section` translates: tests check
    /// each is still said somewhere.
    pub(crate) fn shipped_keys(section: &str) -> Vec<String> {
        let file: Value = serde_json::from_str(FILE_TEXT).unwrap();
        file[section].as_object().unwrap().keys().cloned().collect()
    }

    #[test]
    fn the_shipped_file_installs_with_every_ui_key() {
        install(FILE_TEXT).expect("web/zh.json is complete");
        assert!(loaded());
        for &key in Key::ALL {
            assert!(ui(key).is_some_and(|zh| !zh.trim().is_empty()), "{key:?}");
        }
        assert_eq!(ui(Key::CtlPlay), Some("▶ 播放"));
    }

    /// A broken file is refused with what is wrong; nothing is installed by a failed parse.
    #[test]
    fn a_broken_file_names_its_problem() {
        let cases: &[(&str, &str)] = &[
            ("{", "zh.json: EOF while parsing"),
            ("{}", "expected an object ui"),
            (
                r#"{"ui": {"AppTitle": 3}}"#,
                "ui.\"AppTitle\": expected a non-empty string",
            ),
            (
                r#"{"ui": {"AppTitle": "标题"}}"#,
                "ui has no text for TabPartition",
            ),
        ];
        for (json, expected) in cases {
            let problem = parse(json).err().expect("refused").to_string();
            assert!(problem.contains(expected), "{json}: {problem}");
        }
        let mut full: Value = serde_json::from_str(FILE_TEXT).unwrap();
        full["ui"]["NoSuchKey"] = "多余".into();
        let problem = parse(&full.to_string()).err().expect("refused").to_string();
        assert_eq!(problem, "zh.json: ui.NoSuchKey: not a text of the UI");
        assert!(install("{}").is_err());
        assert!(!loaded() && ui(Key::CtlPlay).is_none());
    }
}
