use crate::app::format_time;
use crate::state::{Command, SessionHandle};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EventLogProps {
    pub session: SessionHandle,
    pub on_command: Callback<Command>,
}

/// The trace in plain language, newest first (to be completed: filters, selection).
#[function_component(EventLog)]
pub fn event_log(props: &EventLogProps) -> Html {
    let session = props.session.borrow();
    let entries = session.world.trace().iter().rev().take(100).map(|e| {
        html! { <li data-event={e.kind.name()}>{ format!("{} {}", format_time(e.at_ms), e.kind.describe()) }</li> }
    });
    html! { <section class="event-log" aria-label="Event log"><ol>{ for entries }</ol></section> }
}
