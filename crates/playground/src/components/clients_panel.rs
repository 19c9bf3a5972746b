//! The producer's settings and results, and each consumer's position. Every change is a core
//! action: producer settings are live `set_config`s, load is `produce_rate`, "produce N" is one
//! `produce`, and follower fetching restarts from a changed setup.

use crate::i18n::{tr, trf, word, Key, Lang};
use crate::state::setup::{check_setup, with_follower_fetching, with_user_configs};
use crate::state::{Command, SessionHandle};
use replication_core::config::{Acks, ReplicaSelector};
use replication_core::scenario::limits::MAX_PRODUCE_PER_SECOND;
use replication_core::scenario::{Action, ProduceValues};
use replication_core::text::Text;
use replication_core::view::{ClientsView, ConsumerView};
use replication_core::TopicPartition;
use serde_json::Value;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// The most records one click produces: enough to fill a partition, few enough to watch.
const MAX_PRODUCE_N: u32 = 10_000;

#[derive(Properties, PartialEq)]
pub struct ClientsPanelProps {
    pub session: SessionHandle,
    pub on_command: Callback<Command>,
}

pub(crate) fn input_value(e: &Event) -> String {
    e.target()
        .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        .map(|i| i.value())
        .unwrap_or_default()
}

pub(crate) fn input_checked(e: &Event) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        .is_some_and(|i| i.checked())
}

/// A table head of plain column names.
pub(crate) fn table_head(columns: &[&'static str]) -> Html {
    html! { <thead><tr>{ for columns.iter().map(|c| html! { <th scope="col">{ *c }</th> }) }</tr></thead> }
}

/// Keeps a text field's value in a state as the user types.
fn bind_text(state: &UseStateHandle<String>) -> Callback<InputEvent> {
    let state = state.clone();
    Callback::from(move |e: InputEvent| state.set(input_value(&e)))
}

pub(crate) fn select_value(e: &Event) -> String {
    e.target()
        .and_then(|t| t.dyn_into::<HtmlSelectElement>().ok())
        .map(|s| s.value())
        .unwrap_or_default()
}

/// Producer settings and results, consumer positions and follower fetching.
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
    let config = world.config();
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

    // A live producer setting: checked by the core's own rules first, so a refused value
    // shows Kafka's message instead of silently doing nothing.
    let set_config: Rc<dyn Fn(&'static str, Value)> = {
        let on_command = props.on_command.clone();
        let error = error.clone();
        let config = config.clone();
        Rc::new(move |key, value| {
            let mut next = config.clone();
            match next.set(key, &value) {
                Ok(()) => {
                    error.set(Vec::new());
                    on_command.emit(Command::Act(Action::SetConfig {
                        key: key.to_string(),
                        value,
                        topic: None,
                    }));
                }
                Err(e) => error.set(vec![e.text()]),
            }
        })
    };
    let on_acks = {
        let set = set_config.clone();
        Callback::from(move |e: Event| set("acks", Value::from(select_value(&e))))
    };
    let on_idempotence = {
        let set = set_config.clone();
        Callback::from(move |e: Event| set("enable.idempotence", Value::from(input_checked(&e))))
    };
    let on_topic = {
        let chosen = chosen_topic.clone();
        Callback::from(move |e: Event| chosen.set(Some(select_value(&e))))
    };

    let rate_text = if rate_typed.is_empty() {
        current_rate.to_string()
    } else {
        (*rate_typed).clone()
    };
    let rate_parsed = rate_text
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|n| u64::from(*n) <= MAX_PRODUCE_PER_SECOND);
    let on_rate_input = bind_text(&rate_typed);
    let on_rate = {
        let on_command = props.on_command.clone();
        let typed = rate_typed.clone();
        let topic = topic.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(per_second) = rate_parsed else {
                return;
            };
            // A new rate adds to the running one, so the running one stops first.
            if current_rate > 0 {
                on_command.emit(Command::Act(rate(&topic, 0)));
            }
            if per_second > 0 {
                on_command.emit(Command::Act(rate(&topic, per_second)));
            }
            typed.set(String::new());
        })
    };

    let on_key = bind_text(&key);
    let on_count = {
        let count = count.clone();
        Callback::from(move |e: Event| {
            if let Ok(n) = input_value(&e).trim().parse::<u32>() {
                count.set(n.clamp(1, MAX_PRODUCE_N));
            }
        })
    };
    let on_produce = {
        let on_command = props.on_command.clone();
        let topic = topic.clone();
        let key = (*key).clone();
        let n = *count;
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let key = key.trim();
            on_command.emit(Command::Act(Action::Produce {
                topic: topic.clone(),
                partition: None,
                key: (!key.is_empty()).then(|| key.to_string()),
                values: ProduceValues::Count(n),
                acks: None,
            }));
        })
    };

    let failed_total: u64 = view.producer.failed.values().sum();
    let totals = [
        ("acked", Key::StatAcked, view.producer.acked),
        ("pending", Key::StatPending, view.producer.pending),
        ("failed", Key::StatFailed, failed_total),
    ];
    let stat_rows = totals.into_iter().map(|(name, words, n)| {
        html! { <tr><th scope="row">{ tr(lang, words) }</th><td data-producer-stat={name}>{ n }</td></tr> }
    });
    let failed_rows = view.producer.failed.iter().map(|(name, n)| {
        html! {
            <tr class="stat-sub"><th scope="row">{ *name }</th>
                <td data-producer-error={*name}>{ n }</td></tr>
        }
    });

    let consumers: Vec<&ConsumerView> = view.consumers.iter().collect();
    let consumer_tables = consumers.iter().enumerate().map(|(i, c)| {
        let rows = c.partitions.iter().map(|p| {
            let leader = world
                .partitions()
                .find(|s| s.tp == TopicPartition::new(&c.topic, p.partition))
                .and_then(|s| s.leader);
            let reads_from = match (p.read_replica, leader) {
                (Some(r), Some(l)) if r != l => trf(lang, Key::ReadsFollower, &[&r]),
                (Some(r), _) => trf(lang, Key::BrokerName, &[&r]),
                (None, Some(l)) => trf(lang, Key::ReadsLeader, &[&l]),
                (None, None) => tr(lang, Key::NoLeader).to_string(),
            };
            html! {
                <tr data-consumer-partition={p.partition.to_string()} data-lag={p.lag.to_string()}>
                    <td>{ p.partition }</td>
                    <td>{ p.position }</td>
                    <td>{ p.high_watermark.map_or("–".to_string(), |h| h.to_string()) }</td>
                    <td class={classes!((p.lag > 0).then_some("lagging"))}>{ p.lag }</td>
                    <td>{ reads_from }</td>
                </tr>
            }
        });
        let rack = c.client_rack.as_deref().unwrap_or(tr(lang, Key::RackNone));
        html! {
            <div class="consumer" data-consumer={i.to_string()}>
                <p class="consumer-title">{ trf(lang, Key::ConsumerTitle, &[&(i + 1), &c.topic, &rack]) }</p>
                <table class="data-table">
                    { table_head(&[tr(lang, Key::ColPartition), tr(lang, Key::ColPosition), "HW", tr(lang, Key::ColLag), tr(lang, Key::ColReadsFrom)]) }
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
        }
    });
    // A consumer the setup starts later (at time 0 it has not started before the first step).
    let scheduled_consumer = session
        .scenario
        .actions
        .iter()
        .find(|a| a.at_ms >= now_ms && matches!(a.action, Action::Consume { .. }))
        .map(|a| a.at_ms);
    let start_consumer = {
        let action = Action::Consume {
            topic: topic.clone(),
            client_rack: None,
        };
        props
            .on_command
            .reform(move |_: MouseEvent| Command::Act(action.clone()))
    };

    // Follower fetching as running, and as the user is setting it up.
    let racks: Vec<String> = session
        .scenario
        .racks()
        .into_iter()
        .map(str::to_string)
        .collect();
    // The running consumer's rack, or before it starts, the rack the setup gives it.
    let consumer_rack = match consumers.iter().find(|c| c.topic == topic) {
        Some(c) => c.client_rack.clone(),
        None => session
            .scenario
            .actions
            .iter()
            .find_map(|a| match &a.action {
                Action::Consume {
                    topic: t,
                    client_rack,
                } if *t == topic => client_rack.clone().or_else(|| config.client_rack.clone()),
                _ => None,
            }),
    };
    let running_on =
        config.replica_selector_class == ReplicaSelector::RackAware && consumer_rack.is_some();
    let (want_on, want_rack) = fetching.as_ref().cloned().unwrap_or_else(|| {
        let rack = consumer_rack
            .clone()
            .or_else(|| racks.first().cloned())
            .unwrap_or_default();
        (running_on, rack)
    });
    let unchanged =
        want_on == running_on && (!want_on || consumer_rack.as_deref() == Some(&want_rack));
    let on_fetch_toggle = {
        let fetching = fetching.clone();
        let rack = want_rack.clone();
        Callback::from(move |e: Event| fetching.set(Some((input_checked(&e), rack.clone()))))
    };
    let on_fetch_rack = {
        let fetching = fetching.clone();
        Callback::from(move |e: Event| fetching.set(Some((want_on, select_value(&e)))))
    };
    let on_fetch_apply = {
        let handle = props.session.clone();
        let on_command = props.on_command.clone();
        let error = error.clone();
        let fetching = fetching.clone();
        let topic = topic.clone();
        let rack = want_rack.clone();
        Callback::from(move |_: MouseEvent| {
            let next = {
                let s = handle.borrow();
                let setup = with_user_configs(s.scenario.clone(), s.user_actions());
                check_setup(&with_follower_fetching(
                    setup,
                    &topic,
                    want_on.then_some(rack.as_str()),
                ))
            };
            match next {
                Ok(scenario) => {
                    error.set(Vec::new());
                    fetching.set(None);
                    on_command.emit(Command::ApplySetup(Box::new(scenario)));
                }
                Err(problems) => error.set(problems),
            }
        })
    };

    let acks = config.acks;
    let acks_option = |a: Acks| {
        html! { <option value={a.name()} selected={acks == a}>{ a.name() }</option> }
    };
    let idempotent = config.effective_idempotence();
    html! {
        <div class="panel clients">
            <section aria-labelledby="clients-producer">
                <h3 id="clients-producer">{ tr(lang, Key::Producer) }</h3>
                if topics.len() > 1 {
                    <div class="field">
                        <label for="clients-topic">{ tr(lang, Key::TopicWord) }</label>
                        <select id="clients-topic" onchange={on_topic}>
                            { for topics.iter().map(|t| html! { <option value={t.clone()} selected={*t == topic}>{ t }</option> }) }
                        </select>
                    </div>
                }
                <div class="field">
                    <label for="clients-acks" class="kafka-name">{ "acks" }</label>
                    <select id="clients-acks" data-config="acks" onchange={on_acks}>
                        { acks_option(Acks::Zero) }{ acks_option(Acks::One) }{ acks_option(Acks::All) }
                    </select>
                    <span class="hint">{ match acks {
                        Acks::Zero => tr(lang, Key::Acks0),
                        Acks::One => tr(lang, Key::Acks1),
                        Acks::All => tr(lang, Key::AcksAll),
                    } }</span>
                </div>
                <div class="field">
                    <input id="clients-idempotence" type="checkbox" data-config="enable.idempotence"
                           checked={config.enable_idempotence} onchange={on_idempotence} />
                    <label for="clients-idempotence" class="kafka-name">{ "enable.idempotence" }</label>
                    <span class="hint">{ tr(lang, if idempotent { Key::IdempotenceOn } else { Key::IdempotenceOff }) }</span>
                </div>
                <form class="field" onsubmit={on_rate}>
                    <label for="clients-rate">{ tr(lang, Key::RateLabel) }</label>
                    <input id="clients-rate" type="number" min="0" max={MAX_PRODUCE_PER_SECOND.to_string()}
                           value={rate_text} oninput={on_rate_input} data-producer-rate="true" />
                    <button type="submit" data-action="set-rate" disabled={rate_parsed.is_none()}>{ tr(lang, Key::SetRate) }</button>
                    <span class="hint">{ trf(lang, Key::RateNow, &[&current_rate]) }</span>
                </form>
                <form class="field" onsubmit={on_produce}>
                    <label for="clients-key">{ tr(lang, Key::KeyWord) }</label>
                    <input id="clients-key" type="text" class="short" value={(*key).clone()} oninput={on_key}
                           placeholder={tr(lang, Key::RackNone)} />
                    <label for="clients-count">{ "N" }</label>
                    <input id="clients-count" type="number" class="short" min="1" max={MAX_PRODUCE_N.to_string()}
                           value={count.to_string()} onchange={on_count} />
                    <button type="submit" class="primary" data-action="produce-n">{ trf(lang, Key::ProduceN, &[&*count]) }</button>
                </form>
                <p class="hint">{ tr(lang, Key::KeyHint) }</p>
                if !error.is_empty() {
                    <p class="field-error" role="alert">{
                        error.iter().map(|t| word(lang, t)).collect::<Vec<_>>().join("; ")
                    }</p>
                }
                <table class="data-table stats" aria-label={tr(lang, Key::ProducerResults)}>
                    <tbody>
                        { for stat_rows }
                        { for failed_rows }
                        <tr class="stat-sub"><th scope="row">{ tr(lang, Key::SentInAll) }</th><td>{ view.produced }</td></tr>
                    </tbody>
                </table>
            </section>
            <section aria-labelledby="clients-consumers">
                <h3 id="clients-consumers">{ tr(lang, Key::Consumers) }</h3>
                if let (true, Some(at_ms)) = (consumers.is_empty(), scheduled_consumer) {
                    <p class="hint">{ trf(lang, Key::ConsumerScheduled, &[&at_ms]) }</p>
                } else if consumers.is_empty() {
                    <p class="hint">{ tr(lang, Key::NoConsumer) }</p>
                    <button type="button" data-action="start-consumer" onclick={start_consumer}>
                        { trf(lang, Key::StartConsumer, &[&topic]) }</button>
                } else {
                    { for consumer_tables }
                }
            </section>
            <section aria-labelledby="clients-follower-fetching">
                <h3 id="clients-follower-fetching">{ tr(lang, Key::FollowerFetching) }</h3>
                <p class="hint">{ trf(lang, Key::FollowerFetchingNow, &[&tr(lang, if running_on { Key::On } else { Key::Off })]) }</p>
                if racks.is_empty() {
                    <p class="hint">{ tr(lang, Key::NoRacksYet) }</p>
                } else {
                    <div class="field">
                        <input id="clients-fetch-on" type="checkbox" checked={want_on} onchange={on_fetch_toggle}
                               data-config="replica.selector.class" />
                        <label for="clients-fetch-on">{ tr(lang, Key::ReadInRack) }</label>
                    </div>
                    <div class="field">
                        <label for="clients-rack" class="kafka-name">{ "client.rack" }</label>
                        <select id="clients-rack" data-config="client.rack" disabled={!want_on} onchange={on_fetch_rack}>
                            { for racks.iter().map(|r| html! { <option value={r.clone()} selected={*r == want_rack}>{ r }</option> }) }
                        </select>
                        <button type="button" data-action="apply-follower-fetching" disabled={unchanged}
                                onclick={on_fetch_apply}>{ tr(lang, Key::ApplyRestarts) }</button>
                    </div>
                    <p class="hint">{ tr(lang, Key::NotLiveHint) }</p>
                }
            </section>
        </div>
    }
}

fn rate(topic: &str, per_second: u32) -> Action {
    Action::ProduceRate {
        topic: topic.to_string(),
        per_second,
        until_ms: None,
        acks: None,
    }
}
