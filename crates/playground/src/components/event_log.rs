//! The trace in plain language: time-stamped, filterable, newest first. Clicking an entry
//! selects its partition (or its broker).

use crate::format::format_time;
use crate::i18n::{describe_event, tr, trf, Key, Lang};
use crate::state::{Command, SessionHandle, Shared};
use replication_core::sim::trace::EventKind;
use replication_core::vec_map::VecSet;
use std::rc::Rc;
use yew::prelude::*;

/// Entries shown at most; older ones stay in the trace (and in the runner's report).
const SHOWN: usize = 200;
/// Events read at most to fill them: a long run of repeats must not be formatted whole.
const SCANNED: usize = 10 * SHOWN;

/// The filter groups a learner thinks in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Category {
    Elections,
    Isr,
    Truncations,
    ProduceErrors,
    Faults,
    Other,
}

impl Category {
    pub const ALL: [Category; 6] = [
        Category::Elections,
        Category::Isr,
        Category::Truncations,
        Category::ProduceErrors,
        Category::Faults,
        Category::Other,
    ];

    /// The filter's hook (`data-filter`), the same in every language.
    pub fn label(self) -> &'static str {
        match self {
            Category::Elections => "elections",
            Category::Isr => "ISR changes",
            Category::Truncations => "truncations",
            Category::ProduceErrors => "produce errors",
            Category::Faults => "faults",
            Category::Other => "other",
        }
    }

    /// The filter's words in a language.
    pub fn text(self, lang: Lang) -> &'static str {
        tr(
            lang,
            match self {
                Category::Elections => Key::CatElections,
                Category::Isr => Key::CatIsr,
                Category::Truncations => Key::CatTruncations,
                Category::ProduceErrors => Key::CatProduceErrors,
                Category::Faults => Key::CatFaults,
                Category::Other => Key::CatOther,
            },
        )
    }

    /// Which group an event belongs to. Data loss and broken invariants are in every group:
    /// a filter must never hide them.
    pub fn of(kind: &EventKind) -> Option<Category> {
        use EventKind::*;
        Some(match kind {
            DataLost { .. } | InvariantViolated { .. } => return None,
            LeaderElected { .. }
            | PartitionOffline { .. }
            | ElrChanged { .. }
            | PreferredElectionRequested { .. }
            | UncleanElectionRequested { .. } => Category::Elections,
            ActionIgnored {
                action: "elect_leaders",
                ..
            } => Category::Elections,
            IsrShrunk { .. }
            | IsrExpanded { .. }
            | IsrChanged { .. }
            | FollowerOutOfSync { .. } => Category::Isr,
            Truncated { .. }
            | ConsumerTruncationDetected { .. }
            | ConsumerOffsetReset { .. }
            | ConsumerOffsetOutOfRange { .. } => Category::Truncations,
            ProduceFailed { .. } | ProduceRetried { .. } | ProduceExpired { .. } => {
                Category::ProduceErrors
            }
            BrokerFenced { .. }
            | BrokerReregistered { .. }
            | BrokerUnfenced { .. }
            | BrokerCrashed { .. }
            | BrokerStopped { .. }
            | BrokerRestarted { .. }
            | RestartQueued { .. }
            | NetworkChanged { .. }
            | FetcherPaused { .. } => Category::Faults,
            // An action that changed nothing sits with the faults it was meant to cause.
            ActionIgnored { action, .. }
                if !matches!(*action, "reassign" | "reassign_plan" | "produce_rate") =>
            {
                Category::Faults
            }
            ConfigChanged { .. }
            | ReassignmentStarted { .. }
            | ReassignmentCompleted { .. }
            | ActionIgnored { .. } => Category::Other,
        })
    }
}

/// One line of the log, formatted once: an event, or a run of identical ones in a row.
struct Entry {
    kind: &'static str,
    at_ms: u64,
    text: String,
    /// How many identical events in a row this line stands for, and when the first was.
    repeats: u32,
    first_ms: u64,
    alarm: bool,
    select: Option<Command>,
}

/// The newest `SHOWN` lines for the events that pass the filters, formatted. Identical events
/// in a row (a producer retrying every `retry.backoff.ms`) make one line with a count.
fn entries(
    trace: &[replication_core::sim::trace::TraceEvent],
    hidden: &VecSet<Category>,
    lang: Lang,
) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::new();
    let shown = trace
        .iter()
        .rev()
        .filter(|e| Category::of(&e.kind).is_none_or(|c| !hidden.contains(&c)))
        .take(SCANNED);
    // Repeats are found by comparing events, so each line is formatted once.
    let mut previous: Option<&EventKind> = None;
    for e in shown {
        if let Some(last) = out.last_mut().filter(|_| previous == Some(&e.kind)) {
            last.repeats += 1;
            last.first_ms = e.at_ms;
            continue;
        }
        if out.len() == SHOWN {
            break;
        }
        previous = Some(&e.kind);
        out.push(Entry {
            kind: e.kind.name(),
            at_ms: e.at_ms,
            text: describe_event(lang, &e.kind),
            repeats: 1,
            first_ms: e.at_ms,
            alarm: matches!(
                e.kind,
                EventKind::DataLost { .. } | EventKind::InvariantViolated { .. }
            ),
            select: match e.kind.partition() {
                Some(tp) => Some(Command::SelectPartition((
                    tp.topic.to_string(),
                    tp.partition,
                ))),
                None => e.kind.broker().map(|b| Command::SelectBroker(Some(b))),
            },
        });
    }
    out
}

#[derive(Properties, PartialEq)]
pub struct EventLogProps {
    pub session: SessionHandle,
    pub on_command: Callback<Command>,
}

/// The log: filters above the list. The list is formatted again only when the trace grows or
/// the filters change, not on every animation frame.
#[function_component(EventLog)]
pub fn event_log(props: &EventLogProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let hidden = use_state(VecSet::<Category>::new);
    let session = props.session.borrow();
    let trace = session.world.trace();
    let key = (session.run, trace.len(), (*hidden).clone(), lang);
    let list = {
        let session = props.session.clone();
        use_memo(key, move |(_, _, hidden, lang)| {
            Shared(Rc::new(entries(
                session.borrow().world.trace(),
                hidden,
                *lang,
            )))
        })
    };
    let filters = Category::ALL.iter().map(|&c| {
        let on = !hidden.contains(&c);
        let onchange = {
            let hidden = hidden.clone();
            Callback::from(move |_: Event| {
                let mut next = (*hidden).clone();
                if !next.remove(&c) {
                    next.insert(c);
                }
                hidden.set(next);
            })
        };
        html! {
            <label class="filter">
                <input type="checkbox" checked={on} {onchange} data-filter={c.label()} />
                { c.text(lang) }
            </label>
        }
    });
    html! {
        <section class="event-log" aria-label={tr(lang, Key::EventLog)}>
            <header class="event-log-head">
                <h2>{ tr(lang, Key::EventLog) }</h2>
                <div class="filters" role="group" aria-label={tr(lang, Key::EventFiltersAria)}>{ for filters }</div>
                <span class="hint">{ trf(lang, Key::EventCount, &[&trace.len()]) }</span>
            </header>
            <EventList entries={(*list).clone()} on_command={props.on_command.clone()} />
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct EventListProps {
    entries: Shared<Vec<Entry>>,
    on_command: Callback<Command>,
}

#[function_component(EventList)]
fn event_list(props: &EventListProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let items = props.entries.iter().map(|e| {
        let body = html! {
            <>
                <time>{ format_time(e.at_ms) }</time>
                <span class="event-text">{ e.text.clone() }</span>
                if e.repeats > 1 {
                    <span class="event-repeats">
                        { trf(lang, Key::EventRepeats, &[&e.repeats, &format_time(e.first_ms)]) }
                    </span>
                }
            </>
        };
        html! {
            <li class={classes!("event", format!("event-{}", e.kind), e.alarm.then_some("event-alarm"))}
                data-event={e.kind} data-at-ms={e.at_ms.to_string()} data-repeats={e.repeats.to_string()}>
                if let Some(command) = e.select.clone() {
                    <button type="button" class="event-select" onclick={props.on_command.reform(move |_: MouseEvent| command.clone())}>
                        { body }
                    </button>
                } else {
                    <div class="event-select">{ body }</div>
                }
            </li>
        }
    });
    html! { <ol class="events" aria-live="polite" aria-relevant="additions">{ for items }</ol> }
}

#[cfg(test)]
mod tests {
    use super::*;
    use replication_core::sim::trace::TraceEvent;
    use replication_core::TopicPartition;

    fn retried(at_ms: u64, value: &str) -> TraceEvent {
        TraceEvent {
            at_ms,
            kind: EventKind::ProduceRetried {
                tp: TopicPartition::new("orders", 0),
                value: value.to_string(),
                error: "NETWORK_EXCEPTION",
            },
        }
    }

    #[test]
    fn identical_events_in_a_row_make_one_line_with_a_count() {
        let trace = [
            retried(100, "m1"),
            retried(200, "m1"),
            retried(300, "m1"),
            retried(400, "m2"),
            retried(500, "m1"),
        ];
        let lines = entries(&trace, &VecSet::new(), Lang::En);
        let summary: Vec<(u64, u32, u64)> = lines
            .iter()
            .map(|l| (l.at_ms, l.repeats, l.first_ms))
            .collect();
        // Newest first; only neighbours merge, so the later m1 stays its own line.
        assert_eq!(summary, [(500, 1, 500), (400, 1, 400), (300, 3, 100)]);
        assert!(lines[2].text.contains("m1"));
    }

    #[test]
    fn at_most_shown_lines_however_long_the_trace() {
        let trace: Vec<TraceEvent> = (0..3 * SHOWN as u64)
            .map(|i| retried(i, &format!("m{i}")))
            .collect();
        let lines = entries(&trace, &VecSet::new(), Lang::En);
        assert_eq!(lines.len(), SHOWN);
        assert_eq!(lines[0].at_ms, 3 * SHOWN as u64 - 1);
    }
}
