//! Shareable runs: a link that holds the setup (with its seed), the user's actions with the exact
//! point each was taken, and the moment shown, so that opening it replays the same run exactly.
//!
//! The link is `<page>#run=<base64url(compress(json))>` (a fragment: never sent to a server),
//! the JSON being
//! `{"v": 1, "scenario": {…}, "actions": [{"after_events": n, "at_ms": t, "<kind>": {…}}, …],
//! "events": n, "t": ms, "speed": x}`: the scenario as `Scenario::to_json` writes it, each action
//! as a scenario's `actions` entry plus the events the world had processed when it was taken,
//! the events and time of the moment shared, and the speed it was watched at (optional: links
//! made before it was added open at the default speed). Opening a link checks it like any scenario file: every
//! problem is listed with its path (`run.scenario.brokers[0].id`, `run.actions[3].crash.broker`).

use super::codec;
use super::embed::check_speed;
use super::history::RecordedAction;
use super::session::{LoadError, Session};
use super::url::MAX_START_MS;
use crate::i18n::{trf, Key, Lang};
use replication_core::scenario::limits::MAX_RUN_WORK;
use replication_core::scenario::{parse_scenario_value, path, Scenario, TimedAction};
use replication_core::text;
use replication_core::text::{located, Text};
use serde_json::{json, Map, Value};

/// The longest link offered. Browsers accept far longer addresses, but servers, proxies and
/// chat or mail apps commonly cut or refuse URLs beyond about 8 KB (Apache's default request
/// line limit is 8,190 bytes), and a link is for pasting into those.
pub const MAX_LINK_CHARS: usize = 8_000;
/// The link format this page writes and reads.
pub const VERSION: u64 = 1;
/// How the error list names a link that cannot be opened.
pub const SOURCE: &str = "the shared link";

/// The run of `session` as the link's JSON: the moment shown now (after a seek back, the
/// actions that moment contains; the old future is not shared).
pub fn run_json(session: &Session) -> Value {
    let actions: Vec<Value> = session
        .history
        .applied_actions()
        .iter()
        .map(|a| {
            let mut entry = TimedAction {
                at_ms: a.at_ms,
                action: a.action.clone(),
            }
            .to_json();
            if let Value::Object(m) = &mut entry {
                m.insert("after_events".into(), json!(a.after_events));
            }
            entry
        })
        .collect();
    json!({
        "v": VERSION,
        "scenario": session.scenario.to_json(),
        "actions": actions,
        "events": session.world.events_processed(),
        "t": session.world.now_ms(),
        "speed": session.speed,
    })
}

/// The link's payload: the run's JSON, compressed, in base64url.
pub fn encode_run(session: &Session) -> String {
    codec::base64url_encode(&codec::compress(run_json(session).to_string().as_bytes()))
}

/// The link to `session`'s run on the page at `base` (origin and path), or, when it would be
/// longer than links may be, how long it would be.
pub fn share_link(base: &str, session: &Session) -> Result<String, TooLong> {
    let link = format!("{base}#run={}", encode_run(session));
    if link.len() > MAX_LINK_CHARS {
        return Err(TooLong(link.len()));
    }
    Ok(link)
}

/// A run too long for a link: its length in characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooLong(pub usize);

impl TooLong {
    pub fn describe(self, lang: Lang) -> String {
        trf(
            lang,
            Key::ShareTooLong,
            &[&group(self.0), &group(MAX_LINK_CHARS)],
        )
    }
}

/// The problem listed when an opened link is too long.
fn too_big(chars: usize) -> Text {
    text!(
        "run: the link is {chars} characters; links are limited to {max}",
        chars = group(chars),
        max = group(MAX_LINK_CHARS)
    )
}

/// `12345` → `12,345`.
fn group(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A run read from a link, checked but not yet replayed.
#[derive(Debug, PartialEq)]
pub struct SharedRun {
    pub scenario: Scenario,
    pub actions: Vec<RecordedAction>,
    pub events: u64,
    pub time_ms: u64,
    pub speed: Option<f64>,
}

fn error(problems: Vec<Text>) -> LoadError {
    LoadError {
        source: SOURCE.to_string(),
        problems,
    }
}

/// Read a link's payload (what follows `#run=`): every problem found, or the run.
pub fn decode_run(payload: &str) -> Result<SharedRun, LoadError> {
    let one = |p: Text| error(vec![p]);
    if payload.len() > MAX_LINK_CHARS {
        return Err(one(too_big(payload.len())));
    }
    let packed = codec::base64url_decode(payload)
        .map_err(|e| one(text!("run: the link is damaged: {e}", e)))?;
    let bytes = codec::decompress(&packed).map_err(|e| {
        one(text!(
            "run: the link is damaged and cannot be unpacked: {e}",
            e
        ))
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        one(text!(
            "run: the link is damaged: it does not unpack to text (not UTF-8 at byte {offset})",
            offset = e.utf8_error().valid_up_to()
        ))
    })?;
    let value: Value = serde_json::from_str(&text).map_err(|e| {
        one(text!(
            "run: the link does not hold valid JSON: {e}",
            e = e.to_string()
        ))
    })?;
    parse_run(&value).map_err(error)
}

fn parse_run(value: &Value) -> Result<SharedRun, Vec<Text>> {
    let Some(root) = value.as_object() else {
        return Err(vec![text!("run: expected an object")]);
    };
    let mut problems = Vec::new();
    for key in root.keys() {
        if !["v", "scenario", "actions", "events", "t", "speed"].contains(&key.as_str()) {
            // A key that would break the line or hide is quoted, as in a scenario's paths.
            problems.push(located(
                path::field("run", key),
                text!("unknown field; expected v, scenario, actions, events, t, speed"),
            ));
        }
    }
    let speed = match root.get("speed") {
        None => None,
        Some(v) => match v.as_f64().map(|s| check_speed(s, &v.to_string())) {
            Some(Ok(s)) => Some(s),
            Some(Err(problem)) => {
                problems.push(located("run.speed", &problem));
                None
            }
            None => {
                problems.push(text!(
                    "run.speed: expected a number, got {v}",
                    v = v.to_string()
                ));
                None
            }
        },
    };
    match root.get("v").map(Value::as_u64) {
        Some(Some(VERSION)) => {}
        Some(Some(v)) => problems.push(text!(
            "run.v: version {v} is not one this page reads (it reads {version}); the link was made by another version of the playground",
            v,
            version = VERSION
        )),
        _ => problems.push(text!("run.v: expected the format version, {version}", version = VERSION)),
    }
    let mut number = |key: &str, problem: Text| match root.get(key).map(Value::as_u64) {
        Some(Some(n)) => Some(n),
        _ => {
            problems.push(problem);
            None
        }
    };
    let events = number(
        "events",
        text!("run.events: expected the number of events processed, a whole number"),
    );
    let time_ms = number(
        "t",
        text!("run.t: expected the simulated time in whole milliseconds"),
    );
    // Every event costs at least one unit of the run budget: a link past it cannot be reached,
    // so it is refused at once instead of after running to the budget.
    if let Some(n) = events.filter(|&n| n > MAX_RUN_WORK) {
        problems.push(text!(
            "run.events: {n} events is more than a run may process (the simulator's run budget is {limit} units of work, at least one per event)",
            n,
            limit = MAX_RUN_WORK
        ));
    }
    if let Some(t) = time_ms.filter(|&t| t > MAX_START_MS) {
        problems.push(text!(
            "run.t: {t} ms is beyond the {max} ms (one day) a link may open at",
            t,
            max = MAX_START_MS
        ));
    }
    let scenario_value = root.get("scenario");
    let scenario = match scenario_value {
        None => {
            problems.push(text!("run.scenario: missing; expected the run's scenario"));
            None
        }
        Some(v) => match parse_scenario_value(v) {
            Ok(s) => Some(s),
            Err(errors) => {
                problems.extend(errors.iter().map(|e| {
                    let path = match e.path.as_str() {
                        "$" => "run.scenario".to_string(),
                        path => format!("run.scenario.{path}"),
                    };
                    located(path, &e.message)
                }));
                None
            }
        },
    };
    let actions = match (scenario_value, &scenario) {
        (Some(v), Some(_)) => parse_actions(root.get("actions"), v, &mut problems),
        _ => None,
    };
    if let (Some(actions), Some(events), Some(time_ms)) = (&actions, events, time_ms) {
        if let Some(last) = actions.last() {
            if last.after_events > events || last.at_ms > time_ms {
                problems.push(text!(
                    "run.actions[{i}]: taken after the moment shared (event {events}, t = {time_ms} ms)",
                    i = actions.len() - 1,
                    events,
                    time_ms
                ));
            }
        }
    }
    match (scenario, actions, events, time_ms) {
        (Some(scenario), Some(actions), Some(events), Some(time_ms)) if problems.is_empty() => {
            Ok(SharedRun {
                scenario,
                actions,
                events,
                time_ms,
                speed,
            })
        }
        _ => Err(problems),
    }
}

/// The user's actions, each checked by the core's scenario parser against the run's own setup
/// (so a bad broker or topic is named as in a scenario file), in the order they were taken.
fn parse_actions(
    list: Option<&Value>,
    scenario: &Value,
    problems: &mut Vec<Text>,
) -> Option<Vec<RecordedAction>> {
    let Some(list) = list else {
        return Some(Vec::new());
    };
    let Some(items) = list.as_array() else {
        problems.push(text!("run.actions: expected a list of actions"));
        return None;
    };
    let before = problems.len();
    let mut points = Vec::with_capacity(items.len());
    let mut entries = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let mut entry = item.as_object().cloned().unwrap_or_default();
        match entry.remove("after_events").map(|v| v.as_u64()) {
            Some(Some(n)) => points.push((n, entry.get("at_ms").and_then(Value::as_u64))),
            _ => problems.push(text!(
                "run.actions[{i}].after_events: expected the number of events processed before the action",
                i
            )),
        }
        entries.push(if item.is_object() {
            Value::Object(entry)
        } else {
            item.clone()
        });
    }
    // The parser sorts actions by time; a run's must already be in order (and in event order).
    for i in (1..points.len()).filter(|_| points.len() == items.len()) {
        let ((e0, t0), (e1, t1)) = (points[i - 1], points[i]);
        if e1 < e0 || t1.zip(t0).is_some_and(|(t1, t0)| t1 < t0) {
            problems.push(text!(
                "run.actions[{i}]: comes before the action before it (actions are listed in the order taken)",
                i
            ));
        }
    }
    // Checked as the `actions` of the run's own scenario (without its end time: a user may play on).
    let mut check = scenario.as_object().cloned().unwrap_or_else(Map::new);
    check.insert("actions".into(), Value::Array(entries));
    check.remove("run_until_ms");
    match parse_scenario_value(&Value::Object(check)) {
        Ok(parsed) if problems.len() == before => Some(
            parsed
                .actions
                .into_iter()
                .zip(points)
                .map(|(a, (after_events, _))| RecordedAction {
                    after_events,
                    at_ms: a.at_ms,
                    action: a.action,
                })
                .collect(),
        ),
        Ok(_) => None,
        Err(errors) => {
            problems.extend(
                errors
                    .iter()
                    .map(|e| located(format!("run.{}", e.path), &e.message)),
            );
            None
        }
    }
}

/// Open a link's payload: read it, build its setup and replay its actions at their exact points.
pub fn open_run(payload: &str) -> Result<Session, LoadError> {
    let run = decode_run(payload)?;
    let mut session =
        Session::new(run.scenario).map_err(|e| error(vec![located("run.scenario", e.text())]))?;
    session.source = SOURCE.to_string();
    if let Some(speed) = run.speed {
        session.speed = speed;
    }
    session
        .replay(&run.actions, run.events, run.time_ms)
        .map_err(|(i, e)| match i {
            Some(i) => error(vec![located(format!("run.actions[{i}].after_events"), e)]),
            None => error(vec![located("run.events", e)]),
        })?;
    Ok(session)
}

/// The run as a scenario file: the setup with the user's actions folded in as timed actions.
/// Not the exact run: a timed action applies before anything else at its time, while the user's
/// came after some of that millisecond's events (the link replays those exactly).
pub fn as_scenario(session: &Session) -> Scenario {
    let mut scenario = session.scenario.clone();
    // Both lists are in time order: merge them, the setup's own actions first at a shared time
    // (as the replay has them). A merge, not a sort, keeps a stable sort out of the bundle.
    let mut at = 0;
    for a in session.history.applied_actions() {
        while scenario.actions.get(at).is_some_and(|s| s.at_ms <= a.at_ms) {
            at += 1;
        }
        scenario.actions.insert(
            at,
            TimedAction {
                at_ms: a.at_ms,
                action: a.action.clone(),
            },
        );
        at += 1;
    }
    let now = session.world.now_ms();
    scenario.run_until_ms = Some(scenario.run_until_ms.map_or(now, |end| end.max(now)));
    scenario
}

/// A scenario's JSON laid out to read: one top-level field a line, one action a line.
pub fn scenario_text(scenario: &Scenario) -> String {
    let Value::Object(root) = scenario.to_json() else {
        return String::new();
    };
    let mut out = String::from("{");
    for (i, (key, value)) in root.iter().enumerate() {
        out.push_str(if i == 0 { "\n  " } else { ",\n  " });
        out.push_str(&Value::from(key.as_str()).to_string());
        out.push_str(": ");
        match value {
            Value::Array(items) if key == "actions" && !items.is_empty() => {
                out.push('[');
                for (j, item) in items.iter().enumerate() {
                    out.push_str(if j == 0 { "\n    " } else { ",\n    " });
                    out.push_str(&item.to_string());
                }
                out.push_str("\n  ]");
            }
            _ => out.push_str(&value.to_string()),
        }
    }
    out.push_str("\n}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::test_support::{fingerprint, play, session};
    use replication_core::config::Acks;
    use replication_core::scenario::{parse_scenario, Action, ProduceValues};
    use replication_core::sim::World;
    use replication_core::BrokerId;

    /// A run with many kinds of action, some taken between events of the same millisecond.
    fn busy_run() -> Session {
        let mut s = session();
        play(&mut s, 2_000);
        s.act(Action::Produce {
            topic: "orders".to_string(),
            partition: Some(0),
            key: None,
            values: ProduceValues::Count(5),
            acks: Some(Acks::All),
        });
        for _ in 0..7 {
            s.step();
        }
        s.act(Action::SetConfig {
            key: "min.insync.replicas".to_string(),
            value: json!(3),
            topic: None,
        });
        play(&mut s, 3_000);
        s.act(Action::Crash {
            broker: BrokerId(1),
        });
        play(&mut s, 8_000);
        s.act(Action::Reassign {
            topic: "orders".to_string(),
            partition: 0,
            replicas: vec![BrokerId(4), BrokerId(5), BrokerId(6)],
        });
        s.step();
        s.step();
        s.act(Action::Restart {
            broker: BrokerId(1),
        });
        play(&mut s, 4_000);
        s.step();
        s
    }

    fn link_payload(s: &Session) -> String {
        let link = share_link("https://example.test/play/", s).unwrap();
        link.split_once("#run=").unwrap().1.to_string()
    }

    #[test]
    fn a_shared_run_replays_to_exactly_the_same_state() {
        let mut s = busy_run();
        s.speed = 0.2;
        assert_eq!(s.user_actions().len(), 5);
        let opened = open_run(&link_payload(&s)).unwrap();
        assert_eq!(opened.speed, 0.2, "watched at the speed it was shared at");
        assert!(
            fingerprint(&opened.world) == fingerprint(&s.world),
            "the replayed run differs from the one shared"
        );
        assert_eq!(opened.user_actions(), s.user_actions());
        assert_eq!(opened.scenario, s.scenario);
        assert_eq!(opened.source, SOURCE);
        // Sharing the opened run gives the same link.
        assert_eq!(encode_run(&opened), encode_run(&s));
        // The replayed run can travel back in time like a played one.
        let mut opened = opened;
        opened.seek(3_000);
        assert_eq!(opened.world.now_ms(), 3_000);
    }

    #[test]
    fn a_run_seen_in_the_past_shares_the_moment_shown() {
        let mut s = busy_run();
        s.seek(6_000);
        assert!(s.history.in_past());
        let opened = open_run(&link_payload(&s)).unwrap();
        assert!(fingerprint(&opened.world) == fingerprint(&s.world));
        assert_eq!(opened.user_actions().len(), 2, "the actions before 6 s");
    }

    #[test]
    fn a_reseeded_run_keeps_its_seed() {
        let mut s = session();
        s.reseed(42);
        play(&mut s, 5_000);
        s.act(Action::PowerLoss {
            broker: BrokerId(2),
        });
        play(&mut s, 3_000);
        let opened = open_run(&link_payload(&s)).unwrap();
        assert_eq!(opened.scenario.seed, 42);
        assert!(fingerprint(&opened.world) == fingerprint(&s.world));
    }

    #[test]
    fn the_default_run_makes_a_short_link() {
        let s = busy_run();
        let json = run_json(&s).to_string();
        let payload = link_payload(&s);
        assert!(
            payload.len() * 2 < json.len(),
            "{} JSON bytes became {} link characters",
            json.len(),
            payload.len()
        );
    }

    #[test]
    fn a_run_too_big_for_a_link_says_so() {
        let mut s = session();
        for i in 0..400 {
            s.act(Action::Produce {
                topic: "orders".to_string(),
                partition: None,
                key: Some(format!("customer-{}", i * 7919 % 1_000)),
                values: ProduceValues::Values(vec![format!("order {} of {}", i * 31 % 977, i)]),
                acks: None,
            });
            s.step();
        }
        let err = share_link("https://example.test/", &s)
            .unwrap_err()
            .describe(Lang::En);
        assert!(err.starts_with("This run is "), "{err}");
        assert!(
            err.contains("links are limited to 8,000 — download it as a scenario file instead"),
            "{err}"
        );
        // An edited link that long is refused before anything is unpacked.
        let long = "A".repeat(MAX_LINK_CHARS + 1);
        let err = decode_run(&long).unwrap_err();
        assert!(
            err.problems[0].to_string().contains("8,001 characters"),
            "{err:?}"
        );
        assert_eq!(group(999), "999");
        assert_eq!(group(1_000), "1,000");
        assert_eq!(group(1_234_567), "1,234,567");
    }

    /// The problems opening `json` (packed as a link) reports.
    fn problems_of(json: &Value) -> Vec<Text> {
        let payload = codec::base64url_encode(&codec::compress(json.to_string().as_bytes()));
        open_err(&payload).problems
    }

    fn open_err(payload: &str) -> LoadError {
        match open_run(payload) {
            Ok(_) => panic!("{payload} opened"),
            Err(e) => e,
        }
    }

    fn has(problems: &[Text], needle: &str) -> bool {
        problems.iter().any(|p| p.to_string().contains(needle))
    }

    #[test]
    fn every_kind_of_damaged_link_names_its_problem() {
        let s = busy_run();
        let good = run_json(&s);

        // Not base64url, not our compression, not text, not JSON.
        let err = open_err("abc%def");
        assert_eq!(err.source, SOURCE);
        assert!(has(&err.problems, "character 4 ('%') is not base64url"));
        let err = open_err(&codec::base64url_encode(b"\x07junk"));
        assert!(has(
            &err.problems,
            "cannot be unpacked: unknown compression format 7"
        ));
        let err = open_err(&codec::base64url_encode(&codec::compress(
            b"{\"v\": \"\xff\"}",
        )));
        assert!(has(
            &err.problems,
            "does not unpack to text (not UTF-8 at byte 7)"
        ));
        let err = open_err(&codec::base64url_encode(&codec::compress(b"{\"v\":1,")));
        assert!(has(&err.problems, "run: the link does not hold valid JSON"));
        // A link cut short.
        let payload = link_payload(&s);
        let err = open_err(&payload[..payload.len() / 2]);
        assert!(!err.problems.is_empty());

        // Wrong shape and version.
        assert!(has(&problems_of(&json!([1])), "run: expected an object"));
        let mut v = good.clone();
        v["v"] = json!(2);
        v["extra"] = json!(true);
        v.as_object_mut().unwrap().remove("events");
        let p = problems_of(&v);
        assert!(
            has(&p, "run.v: version 2 is not one this page reads"),
            "{p:?}"
        );
        assert!(has(&p, "run.extra: unknown field"), "{p:?}");
        assert!(has(&p, "run.events: expected"), "{p:?}");
        // Keys that would break the line or vanish are quoted, in the run and in its scenario.
        let mut v = good.clone();
        v["a\nb"] = json!(1);
        v[""] = json!(1);
        v["scenario"]["config"]["x\u{2028}y"] = json!(1);
        let p = problems_of(&v);
        assert!(has(&p, r#"run."a\nb": unknown field"#), "{p:?}");
        assert!(has(&p, r#"run."": unknown field"#), "{p:?}");
        assert!(has(&p, r#"run.scenario.config."x\u2028y": "#), "{p:?}");
        assert!(
            p.iter()
                .all(|t| !t.to_string().contains(['\n', '\u{2028}'])),
            "{p:?}"
        );
        let mut v = good.clone();
        v["t"] = json!(MAX_START_MS + 1);
        assert!(has(&problems_of(&v), "run.t: 86400001 ms is beyond"));
        let mut v = good.clone();
        v["speed"] = json!(500);
        let p = problems_of(&v);
        assert!(
            has(
                &p,
                "run.speed: speed 500: the speed must be a number from 0.01 to 100"
            ),
            "{p:?}"
        );
        v["speed"] = json!("fast");
        let p = problems_of(&v);
        assert!(
            has(&p, "run.speed: expected a number, got \"fast\""),
            "{p:?}"
        );
        // A link from before the speed was shared opens at the default speed.
        let mut v = good.clone();
        v.as_object_mut().unwrap().remove("speed");
        let payload = codec::base64url_encode(&codec::compress(v.to_string().as_bytes()));
        assert_eq!(
            open_run(&payload).unwrap().speed,
            crate::state::session::DEFAULT_SPEED
        );

        // An invalid scenario: the core's own messages, under run.scenario.
        let mut v = good.clone();
        v["scenario"]["brokers"][0]["id"] = json!("one");
        v["scenario"]["profile"] = json!("kraf");
        let p = problems_of(&v);
        assert!(has(&p, "run.scenario.brokers[0].id:"), "{p:?}");
        assert!(has(&p, "run.scenario.profile:"), "{p:?}");
        assert!(has(
            &problems_of(&json!({"v": 1, "events": 0, "t": 0})),
            "run.scenario: missing"
        ));

        // Invalid actions, named by their index in the run.
        let mut v = good.clone();
        v["actions"][2]["crash"]["broker"] = json!(9);
        v["actions"][0]
            .as_object_mut()
            .unwrap()
            .remove("after_events");
        let p = problems_of(&v);
        assert!(has(&p, "run.actions[2].crash.broker: no broker 9"), "{p:?}");
        assert!(has(&p, "run.actions[0].after_events: expected"), "{p:?}");
        let mut v = good.clone();
        v["actions"][3]["at_ms"] = json!(1);
        assert!(has(
            &problems_of(&v),
            "run.actions[3]: comes before the action before it"
        ));
        let mut v = good.clone();
        v["actions"] = json!({"crash": 1});
        assert!(has(&problems_of(&v), "run.actions: expected a list"));
        let mut v = good.clone();
        v["t"] = json!(10);
        assert!(has(
            &problems_of(&v),
            "run.actions[4]: taken after the moment shared"
        ));

        // Points the run never reaches.
        let mut v = good.clone();
        v["actions"][1]["after_events"] = json!(1_000_000);
        v["actions"][2]["after_events"] = json!(1_000_000);
        v["actions"][3]["after_events"] = json!(1_000_000);
        v["actions"][4]["after_events"] = json!(1_000_000);
        v["events"] = json!(1_000_000);
        let p = problems_of(&v);
        assert!(
            has(
                &p,
                "run.actions[1].after_events: the run never reaches event 1000000"
            ),
            "{p:?}"
        );
        let mut v = good.clone();
        v["events"] = json!(3);
        v["actions"] = json!([]);
        assert!(has(
            &problems_of(&v),
            "run.events: the run never reaches event 3"
        ));
    }

    #[test]
    fn a_link_over_a_budget_is_refused_at_once() {
        let s = busy_run();
        let good = run_json(&s);
        // More events than the run budget can pay for: refused without running.
        let mut v = good.clone();
        v["events"] = json!(u64::MAX);
        let p = problems_of(&v);
        assert!(
            has(
                &p,
                "run.events: 18446744073709551615 events is more than a run may process"
            ),
            "{p:?}"
        );
        // A setup over the scenario budgets: the core's message, under run.scenario.
        let mut v = good.clone();
        v["scenario"]["topics"][0]["partitions"] = json!(100_000);
        let p = problems_of(&v);
        assert!(
            has(
                &p,
                "run.scenario.topics[0].partitions: the topics up to here hold"
            ),
            "{p:?}"
        );
        // (A link holds at most 8,000 characters, far fewer than the action budget's actions.)
    }

    #[test]
    fn the_download_is_a_scenario_with_the_actions_folded_in() {
        let s = busy_run();
        let scenario = as_scenario(&s);
        let text = scenario_text(&scenario);
        let action_lines = text
            .lines()
            .filter(|l| l.starts_with("    {\"at_ms\":"))
            .count();
        assert_eq!(
            action_lines,
            scenario.actions.len(),
            "one action a line:\n{text}"
        );
        let parsed = parse_scenario(&text).unwrap();
        assert_eq!(parsed, scenario);
        assert_eq!(
            parsed.actions.len(),
            s.scenario.actions.len() + s.user_actions().len()
        );
        assert!(parsed.run_until_ms.unwrap() >= s.world.now_ms());
        // The runner plays it (close to, not exactly, the same run).
        let mut world = World::from_scenario(&parsed).unwrap();
        world.run_until(s.world.now_ms());
        assert_eq!(world.now_ms(), s.world.now_ms());
    }
}
