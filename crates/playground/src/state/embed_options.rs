//! What an embedding page asks for: embed mode (the compact view), the scenario, the speed,
//! autoplay, which panels to show and the language. They come from the page address
//! (`?embed&scenario=leader-failover&speed=0.5&autoplay&panels=partition,log&lang=en`) or from
//! the JS API's options object (`mount(element, {scenario: "leader-failover", speed: 0.5})`).
//!
//! Every value is checked: a wrong one gets a message naming it and listing the valid values,
//! never a silent fix.

use super::session::{MAX_SPEED, MIN_SPEED};
use crate::format::short;
use crate::i18n::Lang;
use replication_core::scenario::bundled::BUNDLED;
use replication_core::scenario::path;
use replication_core::text;
use replication_core::text::Text;
use wasm_bindgen::{JsCast, JsValue};

/// What a page can show beside or under the cluster in embed mode (the full playground shows
/// them all).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    Partition,
    Clients,
    Faults,
    Setup,
    Plans,
    Describe,
    Charts,
    Timeline,
    Log,
}

impl Panel {
    pub const ALL: [Panel; 9] = [
        Panel::Partition,
        Panel::Clients,
        Panel::Faults,
        Panel::Setup,
        Panel::Plans,
        Panel::Describe,
        Panel::Charts,
        Panel::Timeline,
        Panel::Log,
    ];

    /// The name used in addresses and options.
    pub fn name(self) -> &'static str {
        match self {
            Panel::Partition => "partition",
            Panel::Clients => "clients",
            Panel::Faults => "faults",
            Panel::Setup => "setup",
            Panel::Plans => "plans",
            Panel::Describe => "describe",
            Panel::Charts => "charts",
            Panel::Timeline => "timeline",
            Panel::Log => "log",
        }
    }

    pub fn from_name(name: &str) -> Option<Panel> {
        Panel::ALL.into_iter().find(|p| p.name() == name)
    }
}

/// The options of one playground instance.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Options {
    /// The compact view: the cluster and a slim control bar (plus `panels`).
    pub embed: bool,
    /// A bundled example's id (`replication_core::scenario::bundled`); the default cluster when absent.
    pub scenario: Option<String>,
    /// Simulated ms per wall ms, within the slider's range.
    pub speed: Option<f64>,
    /// Start playing at once.
    pub autoplay: bool,
    /// What embed mode shows besides the cluster (none by default).
    pub panels: Vec<Panel>,
    /// The UI's language (else the browser's).
    pub lang: Option<Lang>,
    /// The full playground's address, for the "open in the full playground" link.
    pub playground_url: Option<String>,
    /// Mounted by the JS API: the app tells its host through DOM events on its root.
    pub api: bool,
    /// The developer view (`?dev`): the simulator's own invariant checks raise alerts too.
    pub dev: bool,
}

/// The keys of the JS options object.
pub const JS_OPTION_NAMES: [&str; 7] = [
    "embed",
    "scenario",
    "speed",
    "autoplay",
    "panels",
    "lang",
    "playgroundUrl",
];

/// The JS options object as it arrives, its types checked; its values are checked into
/// `Options` by `Options::from_js`.
struct JsOptions {
    embed: bool,
    scenario: Option<String>,
    speed: Option<f64>,
    autoplay: bool,
    panels: Vec<String>,
    lang: Option<String>,
    playground_url: Option<String>,
}

impl Default for JsOptions {
    fn default() -> Self {
        JsOptions {
            // `mount` renders the compact view unless asked for the full playground.
            embed: true,
            scenario: None,
            speed: None,
            autoplay: false,
            panels: Vec::new(),
            lang: None,
            playground_url: None,
        }
    }
}

/// A JS value as JSON (JS formats the numbers), for messages.
fn js_text(value: &JsValue) -> String {
    js_sys::JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .or_else(|| value.js_typeof().as_string())
        .unwrap_or_default()
}

/// The options object's keys and types, checked; every problem is reported.
fn read_js(value: &JsValue) -> Result<JsOptions, Vec<String>> {
    let mut js = JsOptions::default();
    if value.is_undefined() || value.is_null() {
        return Ok(js);
    }
    let Some(object) = value
        .dyn_ref::<js_sys::Object>()
        .filter(|_| !js_sys::Array::is_array(value) && !value.is_function())
    else {
        return Err(vec![format!(
            "expected an object such as {{scenario: \"leader-failover\"}}, got {}",
            js_text(value)
        )]);
    };
    let mut problems = Vec::new();
    for key in js_sys::Object::keys(object).iter() {
        let name = key.as_string().unwrap_or_default();
        let v = js_sys::Reflect::get(object, &key).unwrap_or(JsValue::UNDEFINED);
        if v.is_undefined() {
            continue;
        }
        let wrong = |expected: &str| format!("{name}: expected {expected}, got {}", js_text(&v));
        let string = || v.as_string().ok_or_else(|| wrong("a string"));
        let flag = || v.as_bool().ok_or_else(|| wrong("true or false"));
        let result = match name.as_str() {
            "embed" => flag().map(|b| js.embed = b),
            "autoplay" => flag().map(|b| js.autoplay = b),
            "scenario" => string().map(|s| js.scenario = Some(s)),
            "lang" => string().map(|s| js.lang = Some(s)),
            "playgroundUrl" => string().map(|s| js.playground_url = Some(s)),
            "speed" => v
                .as_f64()
                .ok_or_else(|| wrong("a number from 0.01 to 100"))
                .map(|n| js.speed = Some(n)),
            "panels" => js_sys::Array::is_array(&v)
                .then(|| {
                    js_sys::Array::from(&v)
                        .iter()
                        .map(|p| p.as_string())
                        .collect()
                })
                .flatten()
                .ok_or_else(|| wrong("an array of panel names such as [\"partition\", \"log\"]"))
                .map(|panels| js.panels = panels),
            _ => Err(format!(
                "unknown option {name:?}; the options are: {}",
                JS_OPTION_NAMES.join(", ")
            )),
        };
        if let Err(problem) = result {
            problems.push(problem);
        }
    }
    if problems.is_empty() {
        Ok(js)
    } else {
        Err(problems)
    }
}

/// The bundled example ids, for messages.
fn scenario_ids() -> String {
    BUNDLED.iter().map(|e| e.id).collect::<Vec<_>>().join(", ")
}

fn panel_names() -> String {
    Panel::ALL.map(Panel::name).join(", ")
}

fn check_scenario(id: &str) -> Result<String, Text> {
    if BUNDLED.iter().any(|e| e.id == id) {
        Ok(id.to_string())
    } else {
        Err(text!(
            "scenario {id} is not a bundled example; the examples are: {ids}",
            id = path::quoted(id),
            ids = scenario_ids()
        ))
    }
}

fn speed_problem(written: &str) -> Text {
    text!(
        "speed {written}: the speed must be a number from {min} to {max} (simulated ms per wall ms, e.g. 0.5)",
        written = path::escaped(written).into_owned(),
        min = short(MIN_SPEED, 2),
        max = short(MAX_SPEED, 0)
    )
}

pub(crate) fn check_speed(speed: f64, written: &str) -> Result<f64, Text> {
    if speed.is_finite() && (MIN_SPEED..=MAX_SPEED).contains(&speed) {
        Ok(speed)
    } else {
        Err(speed_problem(written))
    }
}

fn check_panel(name: &str) -> Result<Panel, Text> {
    Panel::from_name(name).ok_or_else(|| {
        text!(
            "panel {name} does not exist; the panels are: {names}",
            name = path::quoted(name),
            names = panel_names()
        )
    })
}

/// A non-negative decimal written with digits and at most one point ("0.5", "2", ".25"),
/// read with integer arithmetic (the float parser would cost the bundle about 4 KB).
pub fn parse_decimal(text: &str) -> Option<f64> {
    let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && frac.is_empty()) || !digits(whole) || !digits(frac) || frac.len() > 6 {
        return None;
    }
    let number = |s: &str| {
        s.bytes().try_fold(0u64, |n, b| {
            n.checked_mul(10)?.checked_add(u64::from(b - b'0'))
        })
    };
    let scale = 10u64.pow(frac.len() as u32);
    Some(number(whole)? as f64 + number(frac)? as f64 / scale as f64)
}

/// `%XX` escapes and `+` decoded (values are ids, names and numbers: ASCII in practice).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(hi), Some(lo)) => {
                    out.push((hi * 16 + lo) as u8);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// Whether a flag parameter (`autoplay`, `embed`) is on: present without a value, or
/// `=1`/`=true`; `=0`/`=false` turn it off.
fn flag(name: &str, value: Option<&str>) -> Result<bool, Text> {
    match value {
        None | Some("") | Some("1") | Some("true") => Ok(true),
        Some("0") | Some("false") => Ok(false),
        Some(other) => Err(text!(
            "{name}={other}: write {name} alone (or {name}=1 / {name}=0)",
            name,
            other
        )),
    }
}

impl Options {
    /// Read the options from a query string (`?embed&scenario=…`). Parameters it does not know
    /// are left to others (`t`); wrong values of its own are left out and reported.
    pub fn from_query(query: &str) -> (Options, Vec<Text>) {
        let query = query.strip_prefix('?').unwrap_or(query);
        let mut options = Options::default();
        let mut problems = Vec::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (name, value) = match pair.split_once('=') {
                Some((n, v)) => (n, Some(percent_decode(v))),
                None => (pair, None),
            };
            let value = value.as_deref();
            let text = value.unwrap_or_default();
            let result = match name {
                "embed" => flag(name, value).map(|on| options.embed = on),
                "autoplay" => flag(name, value).map(|on| options.autoplay = on),
                "dev" => flag(name, value).map(|on| options.dev = on),
                "scenario" => check_scenario(text).map(|id| options.scenario = Some(id)),
                "speed" => parse_decimal(text)
                    .ok_or_else(|| speed_problem(text))
                    .and_then(|s| check_speed(s, text))
                    .map(|s| options.speed = Some(s)),
                "panels" => text
                    .split(',')
                    .filter(|p| !p.is_empty())
                    .map(check_panel)
                    .collect::<Result<Vec<_>, _>>()
                    .map(|panels| options.panels = panels),
                "lang" => Lang::from_option(text).map(|l| options.lang = Some(l)),
                _ => Ok(()),
            };
            if let Err(problem) = result {
                problems.push(problem);
            }
        }
        (options, problems)
    }

    /// Read the JS API's options object (`undefined` or `{}` for the defaults). The problems,
    /// all of them, as one readable message, in English: it is thrown to the host page's
    /// developer, not shown to the reader.
    ///
    /// Read by hand with `js_sys`, not serde-wasm-bindgen: its type errors format serde's
    /// `Unexpected::Float`, which links Rust's float formatting into the bundle (measured:
    /// about 8 KB gzipped), and it ignores unknown keys, so a misspelt option would be
    /// dropped without a word.
    pub fn from_js_value(value: JsValue) -> Result<Options, String> {
        let fail = |problems: Vec<String>| format!("mount options: {}", problems.join("; "));
        let english = |problems: Vec<Text>| fail(problems.iter().map(Text::to_string).collect());
        let js = read_js(&value).map_err(fail)?;
        Options::from_js(js).map_err(english)
    }

    fn from_js(js: JsOptions) -> Result<Options, Vec<Text>> {
        fn keep<T>(problems: &mut Vec<Text>, result: Result<T, Text>) -> Option<T> {
            result.map_err(|p| problems.push(p)).ok()
        }
        let mut problems = Vec::new();
        let p = &mut problems;
        let scenario = js
            .scenario
            .as_deref()
            .and_then(|s| keep(p, check_scenario(s)));
        let speed = js.speed.and_then(|s| keep(p, check_speed(s, &short(s, 6))));
        let panels = js
            .panels
            .iter()
            .filter_map(|n| keep(p, check_panel(n)))
            .collect();
        let lang = js
            .lang
            .as_deref()
            .and_then(|l| keep(p, Lang::from_option(l)));
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Options {
            embed: js.embed,
            scenario,
            speed,
            autoplay: js.autoplay,
            panels,
            lang,
            playground_url: js.playground_url,
            api: true,
            dev: false,
        })
    }

    pub fn shows(&self, panel: Panel) -> bool {
        self.panels.contains(&panel)
    }

    /// The full playground with this scenario, speed and language, when its address is known.
    pub fn full_playground_link(&self) -> Option<String> {
        let base = self.playground_url.as_deref()?;
        let mut params = Vec::new();
        if let Some(id) = &self.scenario {
            params.push(format!("scenario={id}"));
        }
        if let Some(speed) = self.speed {
            params.push(format!("speed={}", short(speed, 3)));
        }
        if let Some(lang) = self.lang {
            params.push(format!("lang={}", lang.code()));
        }
        Some(if params.is_empty() {
            base.to_string()
        } else {
            format!("{base}?{}", params.join("&"))
        })
    }
}

/// The `<iframe>` line that embeds the playground at `base` (the full playground's address)
/// with this scenario and speed; only bundled examples can be embedded (a loaded file or an
/// edited setup has no address yet): `None` for anything else.
pub fn embed_snippet(base: &str, scenario: &str, speed: f64) -> Option<String> {
    if !BUNDLED.iter().any(|e| e.id == scenario) {
        return None;
    }
    Some(format!(
        "<iframe src=\"{base}?embed&scenario={scenario}&speed={}\" width=\"100%\" height=\"420\" \
         style=\"border:0\" title=\"Kafka replication playground\"></iframe>",
        short(speed, 3)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_full_query_is_read() {
        let (o, problems) = Options::from_query(
            "?embed&scenario=leader-failover&speed=0.5&autoplay&panels=partition,log&lang=zh&t=5",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert!(o.embed && o.autoplay);
        assert_eq!(o.scenario.as_deref(), Some("leader-failover"));
        assert_eq!(o.speed, Some(0.5));
        assert_eq!(o.panels, vec![Panel::Partition, Panel::Log]);
        assert_eq!(o.lang, Some(Lang::Zh));
    }

    #[test]
    fn an_empty_query_is_the_full_playground() {
        assert_eq!(Options::from_query(""), (Options::default(), vec![]));
        assert_eq!(Options::from_query("?t=100").0, Options::default());
    }

    #[test]
    fn wrong_values_are_named_with_the_valid_ones() {
        let (o, problems) =
            Options::from_query("?embed&scenario=nope&speed=fast&panels=partition,graphs&lang=x");
        let problems: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert!(o.embed);
        assert_eq!(o.scenario, None);
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert!(problems[0].contains("\"nope\"") && problems[0].contains("leader-failover"));
        assert!(problems[1].contains("speed fast") && problems[1].contains("0.01 to 100"));
        assert!(problems[2].contains("\"graphs\"") && problems[2].contains("partition, clients"));
        assert!(problems[3].contains("lang \"x\""));
        let (_, problems) = Options::from_query("?speed=500&autoplay=yes");
        let problems: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert!(problems[0].contains("speed 500"));
        assert!(problems[1].contains("autoplay=yes"));
    }

    #[test]
    fn decimals_are_read_without_the_float_parser() {
        assert_eq!(parse_decimal("0.5"), Some(0.5));
        assert_eq!(parse_decimal("2"), Some(2.0));
        assert_eq!(parse_decimal(".25"), Some(0.25));
        assert_eq!(parse_decimal("10."), Some(10.0));
        for bad in ["", ".", "-1", "1e3", "0.1234567", "1.2.3", "abc"] {
            assert_eq!(parse_decimal(bad), None, "{bad}");
        }
    }

    #[test]
    fn escaped_values_are_decoded() {
        let (o, problems) =
            Options::from_query("?panels=partition%2Clog&scenario=leader%2dfailover");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(o.panels, vec![Panel::Partition, Panel::Log]);
        assert_eq!(o.scenario.as_deref(), Some("leader-failover"));
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
    }

    #[test]
    fn decoded_values_that_would_break_a_line_are_escaped_in_problems() {
        let (_, problems) =
            Options::from_query("?scenario=a%0Ab&panels=x%E2%80%A8y&speed=1%0A2&lang=e%0An");
        let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(shown.len(), 4, "{shown:?}");
        for problem in &shown {
            assert!(!problem.contains(['\n', '\u{2028}']), "{problem:?}");
        }
        assert!(
            shown[0].starts_with(r#"scenario "a\nb" is not"#),
            "{shown:?}"
        );
    }

    #[test]
    fn the_links_carry_the_options() {
        let (mut o, _) = Options::from_query("?embed&scenario=acks1-loss&speed=2&panels=log");
        assert_eq!(o.full_playground_link(), None);
        o.playground_url = Some("/index.html".into());
        assert_eq!(
            o.full_playground_link().as_deref(),
            Some("/index.html?scenario=acks1-loss&speed=2")
        );
        let code = embed_snippet("https://x.org/play/", "leader-failover", 0.5).unwrap();
        assert_eq!(
            code,
            "<iframe src=\"https://x.org/play/?embed&scenario=leader-failover&speed=0.5\" \
             width=\"100%\" height=\"420\" style=\"border:0\" title=\"Kafka replication playground\"></iframe>"
        );
        assert_eq!(embed_snippet("/", "orders.json", 1.0), None);
    }

    #[test]
    fn js_options_are_checked_like_the_address() {
        let js = JsOptions {
            scenario: Some("nope".into()),
            speed: Some(0.0),
            panels: vec!["log".into(), "graphs".into()],
            ..JsOptions::default()
        };
        let problems = Options::from_js(js).unwrap_err();
        assert_eq!(problems.len(), 3, "{problems:?}");
        let ok = Options::from_js(JsOptions {
            scenario: Some("leader-failover".into()),
            speed: Some(0.25),
            ..JsOptions::default()
        })
        .unwrap();
        assert!(ok.embed && ok.api);
        assert_eq!(ok.speed, Some(0.25));
    }
}
