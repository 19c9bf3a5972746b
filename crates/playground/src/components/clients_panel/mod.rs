//! The producer's settings and results, and each consumer's position. Every change is a core
//! action: producer settings are live `set_config`s, load is `produce_rate`, "produce N" is one
//! `produce`, and follower fetching restarts from a changed setup.
//!
//! The panel keeps all the state; `producer`, `consumers` and `follower_fetching` draw its three
//! sections.

mod consumers;
mod follower_fetching;
mod producer;

use crate::i18n::Lang;
use crate::state::{Command, SessionHandle};
use consumers::consumers_section;
use follower_fetching::FollowerFetchingSection;
use producer::ProducerSection;
use replication_core::text::Text;
use replication_core::view::ClientsView;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ClientsPanelProps {
    pub session: SessionHandle,
    pub on_command: Callback<Command>,
}

/// Producer settings and results, consumer positions and follower fetching. The panel holds
/// every hook, so what the user typed survives each render; the sections only draw.
#[function_component(ClientsPanel)]
pub fn clients_panel(props: &ClientsPanelProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let chosen_topic = use_state(|| None::<String>);
    let key = use_state(String::new);
    let count = use_state(|| 10u32);
    // What the user typed into the rate field; empty: the running rate.
    let rate_typed = use_state(String::new);
    // Kafka's or the parser's refusal of the last change, worded when shown.
    let error = use_state(Vec::<Text>::new);
    // Follower fetching as the user is setting it up: (on, client.rack); None = as running.
    let fetching = use_state(|| None::<(bool, String)>);

    let session = props.session.borrow();
    let world = &session.world;
    let topics: Vec<String> = world.topics().iter().map(|(t, _)| t.clone()).collect();
    let topic = chosen_topic
        .as_ref()
        .filter(|t| topics.contains(t))
        .or(topics.first())
        .cloned()
        .unwrap_or_default();
    let now_ms = world.now_ms();
    let current_rate: u32 = world
        .clients()
        .rates
        .iter()
        .filter(|r| r.topic == topic && r.is_running(now_ms))
        .map(|r| r.per_second)
        .sum();
    let view = ClientsView::of(world);
    let producer = ProducerSection {
        lang,
        on_command: &props.on_command,
        config: world.config(),
        view: &view,
        topics: &topics,
        topic: &topic,
        chosen_topic: &chosen_topic,
        key: &key,
        count: &count,
        rate_typed: &rate_typed,
        current_rate,
        error: &error,
    };
    let follower_fetching = FollowerFetchingSection {
        lang,
        handle: &props.session,
        on_command: &props.on_command,
        session: &session,
        consumers: &view.consumers,
        topic: &topic,
        fetching: &fetching,
        error: &error,
    };
    html! {
        <div class="panel clients">
            { producer.render() }
            { consumers_section(lang, &session, &view.consumers, &topic, &props.on_command) }
            { follower_fetching.render() }
        </div>
    }
}
