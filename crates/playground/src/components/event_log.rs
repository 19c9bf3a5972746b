//! The trace in plain language: time-stamped, filterable, newest first. Clicking an entry
//! selects its partition (or its broker).

use crate::app::format_time;
use crate::i18n::{describe_event, tr, trf, Key, Lang};
use crate::state::{Command, SessionHandle, Shared};
use replication_core::sim::trace::EventKind;
use replication_core::vec_map::VecSet;
use std::rc::Rc;
use yew::prelude::*;

/// Entries shown at most; older ones stay in the trace (and in the runner's report).
const SHOWN: usize = 200;

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
            | PreferredElectionRequested { .. } => Category::Elections,
            IsrShrunk { .. } | IsrExpanded { .. } => Category::Isr,
            Truncated { .. } | ConsumerTruncationDetected { .. } => Category::Truncations,
            ProduceFailed { .. } | ProduceRetried { .. } => Category::ProduceErrors,
            BrokerFenced { .. }
            | BrokerReregistered { .. }
            | BrokerUnfenced { .. }
            | BrokerCrashed { .. }
            | BrokerStopped { .. }
            | BrokerRestarted { .. }
            | NetworkChanged { .. }
            | FetcherPaused { .. } => Category::Faults,
            ConfigChanged { .. } | ReassignmentStarted { .. } | ReassignmentCompleted { .. } => {
                Category::Other
            }
        })
    }
}

/// One line of the log, formatted once.
struct Entry {
    kind: &'static str,
    at_ms: u64,
    text: String,
    alarm: bool,
    select: Option<Command>,
}

/// The newest `SHOWN` events that pass the filters, formatted.
fn entries(
    trace: &[replication_core::sim::trace::TraceEvent],
    hidden: &VecSet<Category>,
    lang: Lang,
) -> Vec<Entry> {
    trace
        .iter()
        .rev()
        .filter(|e| Category::of(&e.kind).is_none_or(|c| !hidden.contains(&c)))
        .take(SHOWN)
        .map(|e| Entry {
            kind: e.kind.name(),
            at_ms: e.at_ms,
            text: describe_event(lang, &e.kind),
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
        })
        .collect()
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
    let items = props.entries.iter().map(|e| {
        let body = html! {
            <><time>{ format_time(e.at_ms) }</time><span class="event-text">{ e.text.clone() }</span></>
        };
        html! {
            <li class={classes!("event", format!("event-{}", e.kind), e.alarm.then_some("event-alarm"))}
                data-event={e.kind} data-at-ms={e.at_ms.to_string()}>
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
