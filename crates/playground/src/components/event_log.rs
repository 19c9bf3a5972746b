//! The trace in plain language: time-stamped, filterable, newest first. Clicking an entry
//! selects its partition (or its broker).

use crate::app::format_time;
use crate::state::{Command, SessionHandle};
use replication_core::sim::trace::EventKind;
use std::collections::BTreeSet;
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

#[derive(Properties, PartialEq)]
pub struct EventLogProps {
    pub session: SessionHandle,
    pub on_command: Callback<Command>,
}

#[function_component(EventLog)]
pub fn event_log(props: &EventLogProps) -> Html {
    let hidden = use_state(BTreeSet::<Category>::new);
    let session = props.session.borrow();
    let trace = session.world.trace();
    let shown = trace
        .iter()
        .rev()
        .filter(|e| Category::of(&e.kind).is_none_or(|c| !hidden.contains(&c)))
        .take(SHOWN);
    let entries = shown.map(|e| {
        let alarm = matches!(e.kind, EventKind::DataLost { .. } | EventKind::InvariantViolated { .. });
        let select = if let Some(tp) = e.kind.partition() {
            Some(Command::SelectPartition((tp.topic.to_string(), tp.partition)))
        } else {
            e.kind.broker().map(|b| Command::SelectBroker(Some(b)))
        };
        let text = e.kind.describe();
        let time = format_time(e.at_ms);
        let body = html! {
            <><time>{ time }</time><span class="event-text">{ text }</span></>
        };
        html! {
            <li class={classes!("event", format!("event-{}", e.kind.name()), alarm.then_some("event-alarm"))}
                data-event={e.kind.name()} data-at-ms={e.at_ms.to_string()}>
                if let Some(command) = select {
                    <button type="button" class="event-select" onclick={props.on_command.reform(move |_: MouseEvent| command.clone())}>
                        { body }
                    </button>
                } else {
                    <div class="event-select">{ body }</div>
                }
            </li>
        }
    });
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
                { c.label() }
            </label>
        }
    });
    html! {
        <section class="event-log" aria-label="Event log">
            <header class="event-log-head">
                <h2>{ "Event log" }</h2>
                <div class="filters" role="group" aria-label="Show events of kind">{ for filters }</div>
                <span class="hint">{ format!("{} event(s)", trace.len()) }</span>
            </header>
            <ol class="events" aria-live="polite" aria-relevant="additions">{ for entries }</ol>
        </section>
    }
}
