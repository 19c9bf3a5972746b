//! The UI's languages: English and Simplified Chinese.
//!
//! The language comes from the page address (`?lang=zh-CN`), else the browser, else English,
//! and can be switched live: it lives in a Yew context (`ContextProvider<Lang>`), read with
//! `use_context::<Lang>().unwrap_or_default()`. Every UI text is a `Key`; `tr` returns it in a
//! language. The English is compiled in; the Chinese (`zh`) is `web/zh.json`, fetched the first
//! time Chinese is shown, so an English reader never downloads it. Tests check that every key,
//! message template, lesson text and example description has its Chinese, with the same
//! placeholders.
//!
//! Kafka's own names stay untranslated in both: config keys, ISR, HW, LEO, acks, error names.

mod keys;
mod loss;
mod messages;
mod scenario_descriptions;
pub mod zh;

pub use keys::Key;
pub use loss::describe_loss;
pub use messages::word;
pub use scenario_descriptions::scenario_description;

use replication_core::sim::trace::EventKind;
use replication_core::text;
use replication_core::text::Text;
use std::fmt::{Display, Write};

/// A UI language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    /// The BCP 47 code, for `<html lang>` and the `lang=` parameter.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }

    /// The name in the language switch.
    pub fn label(self) -> &'static str {
        match self {
            Lang::En => "EN",
            Lang::Zh => "中文",
        }
    }

    /// A language code (`en`, `en-GB`, `zh`, `zh-CN`, `zh-Hans`…), case-insensitive.
    pub fn parse(code: &str) -> Option<Lang> {
        let code = code.trim().to_ascii_lowercase();
        let primary = code.split(['-', '_']).next().unwrap_or_default();
        match primary {
            "en" => Some(Lang::En),
            "zh" => Some(Lang::Zh),
            _ => None,
        }
    }

    /// The browser's language if it is one of ours, else English.
    pub fn from_browser(navigator_language: Option<String>) -> Lang {
        navigator_language
            .as_deref()
            .and_then(Lang::parse)
            .unwrap_or_default()
    }

    /// A `lang` value from the page address or the JS API: one of ours, or a problem that
    /// names them (never silently replaced).
    pub fn from_option(value: &str) -> Result<Lang, Text> {
        Lang::parse(value).ok_or_else(|| {
            text!(
                "lang {value} is not a language of the playground: use en or zh-CN",
                value = replication_core::scenario::path::quoted(value)
            )
        })
    }

    /// The language shown: the one asked for (`lang=` or the JS API's `lang`), else the
    /// browser's, else English.
    pub fn chosen(asked: Option<Lang>, navigator_language: Option<String>) -> Lang {
        asked.unwrap_or_else(|| Lang::from_browser(navigator_language))
    }
}

/// The colon between a label and what follows it: full-width in Chinese.
pub fn colon(lang: Lang) -> &'static str {
    match lang {
        Lang::En => ": ",
        Lang::Zh => "：",
    }
}

/// A text in a language (English while the Chinese text is not loaded yet).
pub fn tr(lang: Lang, key: Key) -> &'static str {
    match lang {
        Lang::En => key.english(),
        Lang::Zh => zh::ui(key).unwrap_or_else(|| key.english()),
    }
}

/// A phrase with its `{}` placeholders filled in order.
pub fn trf(lang: Lang, key: Key, args: &[&dyn Display]) -> String {
    fill(tr(lang, key), args)
}

fn fill(template: &str, args: &[&dyn Display]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut args = args.iter();
    let mut parts = template.split("{}");
    if let Some(first) = parts.next() {
        out.push_str(first);
    }
    for part in parts {
        if let Some(arg) = args.next() {
            let _ = write!(out, "{arg}");
        }
        out.push_str(part);
    }
    out
}

/// An event in words, in a language (the core's sentence, worded from its `Text`).
pub fn describe_event(lang: Lang, kind: &EventKind) -> String {
    word(lang, &kind.text())
}

thread_local! {
    /// The language last shown, for the panic overlay (drawn after the app can no longer run).
    /// One per page: with several instances in different languages, the last one set wins.
    static SHOWN: std::cell::Cell<Lang> = const { std::cell::Cell::new(Lang::En) };
}

/// The language last shown on the page.
pub fn shown_lang() -> Lang {
    SHOWN.with(std::cell::Cell::get)
}

/// Record the language shown, and set `<html lang>` to it (screen readers and fonts follow
/// it) when the app owns the page (not when the JS API mounted it into a host's page).
pub fn set_document_lang(lang: Lang, owns_page: bool) {
    SHOWN.with(|shown| shown.set(lang));
    if !owns_page {
        return;
    }
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", lang.code());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_both_texts_with_the_same_placeholders() {
        assert!(!Key::ALL.is_empty());
        assert_eq!(
            tr(Lang::Zh, Key::CtlPlay),
            "▶ Play",
            "English until zh.json is installed"
        );
        zh::install_shipped();
        for &key in Key::ALL {
            let (en, zh) = (tr(Lang::En, key), tr(Lang::Zh, key));
            assert!(!en.trim().is_empty(), "{key:?} has no English text");
            assert!(!zh.trim().is_empty(), "{key:?} has no Chinese text");
            assert_eq!(
                en.matches("{}").count(),
                zh.matches("{}").count(),
                "{key:?}: English {en:?} and Chinese {zh:?} differ in placeholders"
            );
        }
    }

    #[test]
    fn placeholders_fill_in_order() {
        zh::install_shipped();
        assert_eq!(
            trf(Lang::En, Key::BrokerAria, &[&1, &"running"]),
            "Broker 1: running"
        );
        assert_eq!(trf(Lang::Zh, Key::BadgeSlowed, &[&200]), "变慢 +200 ms");
    }

    #[test]
    fn the_address_wins_then_the_browser_then_english() {
        let zh = Some("zh-CN".to_string());
        let en = Some("en-US".to_string());
        assert_eq!(Lang::chosen(Some(Lang::Zh), en.clone()), Lang::Zh);
        assert_eq!(Lang::chosen(Some(Lang::En), zh.clone()), Lang::En);
        assert_eq!(Lang::chosen(None, zh), Lang::Zh);
        assert_eq!(Lang::chosen(None, Some("zh-TW".into())), Lang::Zh);
        assert_eq!(Lang::chosen(None, en), Lang::En);
        assert_eq!(Lang::chosen(None, Some("fr-FR".into())), Lang::En);
        assert_eq!(Lang::chosen(None, None), Lang::En);
    }

    #[test]
    fn an_unknown_language_is_an_error_naming_ours() {
        assert_eq!(Lang::from_option("zh-Hans"), Ok(Lang::Zh));
        assert_eq!(Lang::from_option("en-GB"), Ok(Lang::En));
        let err = Lang::from_option("xx").unwrap_err().to_string();
        assert!(err.contains("\"xx\"") && err.contains("zh-CN"), "{err}");
        assert!(Lang::from_option("").is_err());
    }

    #[test]
    fn codes_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(Lang::parse(lang.code()), Some(lang));
        }
    }
}
