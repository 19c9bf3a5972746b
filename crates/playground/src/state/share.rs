//! Shareable runs: a link that holds the setup (with its seed), the user's actions with the exact
//! point each was taken, and the moment shown, so that opening it replays the same run exactly.
//!
//! The link is `<page>#run=<base64url(compress(json))>` (a fragment: never sent to a server),
//! the JSON being
//! `{"v": 1, "scenario": {…}, "actions": [{"after_events": n, "at_ms": t, "<kind>": {…}}, …],
//! "events": n, "t": ms, "speed": x}`: the scenario as `Scenario::to_json` writes it, each action
//! as a scenario's `actions` entry plus the events the world had processed when it was taken,
//! the events and time of the moment shared, and the speed it was watched at (optional: links
//! made before it was added open at the default speed). Opening a link (`open`) checks it like
//! any scenario file: every problem is listed with its path (`run.scenario.brokers[0].id`,
//! `run.actions[3].crash.broker`).

use super::codec;
use super::session::Session;
use crate::i18n::{trf, Key, Lang};
use replication_core::scenario::{Scenario, TimedAction};
use replication_core::text;
use replication_core::text::Text;
use serde_json::{json, Value};

mod open;
pub use open::{decode_run, open_run, SharedRun};

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
    pub(super) fn busy_run() -> Session {
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

    pub(super) fn link_payload(s: &Session) -> String {
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
