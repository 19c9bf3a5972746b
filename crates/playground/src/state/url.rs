//! What the page's address asks for: `t=<ms>` opens the run at that simulated time (a bookmark
//! into a run, and what the benchmarks use to reach the end of an hour quickly); a fragment
//! `#run=…` opens a shared run (`share.rs`).

use super::session::{LoadError, Session};
use replication_core::text;
use replication_core::text::Text;

/// The latest start time an address may ask for: a day of simulated time (an hour of the
/// default cluster takes a few seconds to compute in the browser).
pub const MAX_START_MS: u64 = 86_400_000;

/// The `t` parameter of a query string (`?t=3600000`), checked. An edited address gets a
/// message naming what is wrong, never a silent fix.
pub fn start_time(query: &str) -> Result<Option<u64>, Text> {
    let query = query.strip_prefix('?').unwrap_or(query);
    let Some(value) = query.split('&').find_map(|pair| pair.strip_prefix("t=")) else {
        return Ok(None);
    };
    match value.parse::<u64>() {
        Ok(ms) if ms <= MAX_START_MS => Ok(Some(ms)),
        Ok(ms) => Err(text!(
            "t={ms}: the start time may be at most {max} ms (one day)",
            ms,
            max = MAX_START_MS
        )),
        Err(_) => Err(text!(
            "t={value}: expected a simulated time in whole milliseconds, e.g. t=60000",
            value
        )),
    }
}

/// The payload of a shared run in the address's fragment (`#run=<payload>`), if there is one.
pub fn shared_run(fragment: &str) -> Option<&str> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    fragment
        .split('&')
        .find_map(|pair| pair.strip_prefix("run="))
}

/// Open the shared run the fragment holds, if any, in place of `session`. A link that cannot
/// be opened leaves `session` as it was and gives its problems, for the page's error list.
pub fn open_shared_run(session: &mut Session, fragment: &str) -> Option<LoadError> {
    match super::share::open_run(shared_run(fragment)?) {
        Ok(shared) => {
            *session = shared;
            None
        }
        Err(error) => Some(error),
    }
}

/// The query string `query` with the lesson step on screen in place of any `lesson`, `step` or
/// `t` it had (`None`: no lesson), so a reload or a copied address opens the same step.
pub fn with_lesson(query: &str, lesson: Option<(&str, usize)>) -> String {
    let query = query.strip_prefix('?').unwrap_or(query);
    let mut pairs: Vec<String> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .filter(|pair| {
            let name = pair.split('=').next().unwrap_or_default();
            !matches!(name, "lesson" | "step" | "t")
        })
        .map(str::to_string)
        .collect();
    if let Some((id, step)) = lesson {
        pairs.push(format!("lesson={id}"));
        pairs.push(format!("step={}", step + 1));
    }
    if pairs.is_empty() {
        String::new()
    } else {
        format!("?{}", pairs.join("&"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_address_follows_the_lesson_step() {
        // (query, lesson on screen, address)
        let table = [
            ("", Some(("hw-leo", 0)), "?lesson=hw-leo&step=1"),
            (
                "?lang=zh-CN",
                Some(("isr", 2)),
                "?lang=zh-CN&lesson=isr&step=3",
            ),
            (
                "?lesson=isr&step=3&lang=en",
                Some(("isr", 3)),
                "?lang=en&lesson=isr&step=4",
            ),
            (
                "?t=60000&lesson=isr&step=1",
                Some(("fetch", 0)),
                "?lesson=fetch&step=1",
            ),
            ("?lesson=isr&step=3", None, ""),
            ("?lang=en&lesson=isr&step=3", None, "?lang=en"),
            ("?lessons=x", None, "?lessons=x"),
        ];
        for (query, lesson, address) in table {
            assert_eq!(with_lesson(query, lesson), address, "{query} {lesson:?}");
        }
    }

    #[test]
    fn start_times_are_read_and_checked() {
        assert_eq!(start_time(""), Ok(None));
        assert_eq!(start_time("?embed&x=1"), Ok(None));
        assert_eq!(start_time("?t=60000"), Ok(Some(60_000)));
        assert_eq!(start_time("?a=1&t=0"), Ok(Some(0)));
        assert!(start_time("?t=soon")
            .unwrap_err()
            .to_string()
            .contains("t=soon"));
        assert!(start_time("?t=-5")
            .unwrap_err()
            .to_string()
            .contains("whole milliseconds"));
        assert!(start_time("?t=999999999999")
            .unwrap_err()
            .to_string()
            .contains("at most"));
    }

    #[test]
    fn shared_runs_are_found_in_the_fragment() {
        assert_eq!(shared_run(""), None);
        assert_eq!(shared_run("#top"), None);
        assert_eq!(shared_run("#run=abc"), Some("abc"));
        assert_eq!(shared_run("#x=1&run=abc"), Some("abc"));
        let mut session = Session::new(
            replication_core::scenario::parse_scenario(replication_core::view::DEFAULT_SCENARIO)
                .unwrap(),
        )
        .unwrap();
        assert_eq!(open_shared_run(&mut session, "#top"), None);
        let error = open_shared_run(&mut session, "#run=%%").unwrap();
        assert_eq!(error.source, super::super::share::SOURCE);
        assert_eq!(session.world.brokers().count(), 6, "the default run stays");
    }
}
