//! Opening a shared link: unpack its payload, check every field (each problem named with its
//! path, as in a scenario file: `run.scenario.brokers[0].id`, `run.actions[3].crash.broker`),
//! then build its setup and replay the user's actions at their exact points.

use super::{too_big, MAX_LINK_CHARS, SOURCE, VERSION};
use crate::state::codec;
use crate::state::embed_options::check_speed;
use crate::state::history::RecordedAction;
use crate::state::session::{LoadError, Session};
use crate::state::url::MAX_START_MS;
use replication_core::scenario::limits::MAX_RUN_WORK;
use replication_core::scenario::{parse_scenario_value, path, Scenario};
use replication_core::text;
use replication_core::text::{located, Text};
use serde_json::{Map, Value};

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

/// The run in a link's JSON, every problem found listed with its path.
fn parse_run(value: &Value) -> Result<SharedRun, Vec<Text>> {
    let Some(root) = value.as_object() else {
        return Err(vec![text!("run: expected an object")]);
    };
    let mut problems = unknown_fields(root);
    let speed = parse_speed(root, &mut problems);
    check_version(root, &mut problems);
    let (events, time_ms) = parse_moment(root, &mut problems);
    let scenario_value = root.get("scenario");
    let scenario = parse_setup(scenario_value, &mut problems);
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

/// A problem for each field the format does not have.
fn unknown_fields(root: &Map<String, Value>) -> Vec<Text> {
    root.keys()
        .filter(|key| !["v", "scenario", "actions", "events", "t", "speed"].contains(&key.as_str()))
        // A key that would break the line or hide is quoted, as in a scenario's paths.
        .map(|key| {
            located(
                path::field("run", key),
                text!("unknown field; expected v, scenario, actions, events, t, speed"),
            )
        })
        .collect()
}

/// The speed the run was watched at, if the link says (links made before it was added do not).
fn parse_speed(root: &Map<String, Value>, problems: &mut Vec<Text>) -> Option<f64> {
    let v = root.get("speed")?;
    match v.as_f64().map(|s| check_speed(s, &v.to_string())) {
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
    }
}

/// The link's format version must be the one this page reads.
fn check_version(root: &Map<String, Value>, problems: &mut Vec<Text>) {
    match root.get("v").map(Value::as_u64) {
        Some(Some(VERSION)) => {}
        Some(Some(v)) => problems.push(text!(
            "run.v: version {v} is not one this page reads (it reads {version}); the link was made by another version of the playground",
            v,
            version = VERSION
        )),
        _ => problems.push(text!("run.v: expected the format version, {version}", version = VERSION)),
    }
}

/// The moment shared: the events processed and the simulated time, each within its budget.
fn parse_moment(root: &Map<String, Value>, problems: &mut Vec<Text>) -> (Option<u64>, Option<u64>) {
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
    (events, time_ms)
}

/// The run's setup, checked by the core's scenario parser (its paths under `run.scenario`).
fn parse_setup(value: Option<&Value>, problems: &mut Vec<Text>) -> Option<Scenario> {
    let Some(v) = value else {
        problems.push(text!("run.scenario: missing; expected the run's scenario"));
        return None;
    };
    match parse_scenario_value(v) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::share::run_json;
    use crate::state::share::tests::{busy_run, link_payload};
    use serde_json::json;

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
    }

    #[test]
    fn a_link_of_the_wrong_shape_names_each_field() {
        let good = run_json(&busy_run());
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
    }

    #[test]
    fn a_link_with_a_bad_setup_or_bad_actions_names_them() {
        let good = run_json(&busy_run());
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
}
