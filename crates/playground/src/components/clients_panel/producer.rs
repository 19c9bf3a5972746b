//! The producer section of the clients panel: the topic, the live producer settings (`acks`,
//! `enable.idempotence`), the produce rate, "produce N" and the producer's results. Every change
//! is a core action; a setting the core refuses shows Kafka's message instead of doing nothing.

use crate::components::form::{bind_text, input_checked, input_value, select_value};
use crate::i18n::{tr, trf, word, Key, Lang};
use crate::state::Command;
use replication_core::config::{Acks, Config};
use replication_core::scenario::limits::MAX_PRODUCE_PER_SECOND;
use replication_core::scenario::{Action, ProduceValues};
use replication_core::text::Text;
use replication_core::view::ClientsView;
use serde_json::Value;
use std::rc::Rc;
use yew::prelude::*;

/// The most records one click produces: enough to fill a partition, few enough to watch.
const MAX_PRODUCE_N: u32 = 10_000;

/// What the producer section shows and the panel's state it changes (the hooks stay in the
/// panel, so the typed values survive every render).
pub(super) struct ProducerSection<'a> {
    pub lang: Lang,
    pub on_command: &'a Callback<Command>,
    pub config: &'a Config,
    pub view: &'a ClientsView,
    pub topics: &'a [String],
    /// The topic the producer writes to.
    pub topic: &'a str,
    pub chosen_topic: &'a UseStateHandle<Option<String>>,
    pub key: &'a UseStateHandle<String>,
    pub count: &'a UseStateHandle<u32>,
    /// What the user typed into the rate field; empty: the running rate.
    pub rate_typed: &'a UseStateHandle<String>,
    /// The rate running now for the topic.
    pub current_rate: u32,
    /// Kafka's or the parser's refusal of the last change, worded when shown.
    pub error: &'a UseStateHandle<Vec<Text>>,
}

impl ProducerSection<'_> {
    pub(super) fn render(&self) -> Html {
        let lang = self.lang;
        html! {
            <section aria-labelledby="clients-producer">
                <h3 id="clients-producer">{ tr(lang, Key::Producer) }</h3>
                if self.topics.len() > 1 {
                    { self.topic_field() }
                }
                { self.acks_field() }
                { self.idempotence_field() }
                { self.rate_form() }
                { self.produce_form() }
                <p class="hint">{ tr(lang, Key::KeyHint) }</p>
                if !self.error.is_empty() {
                    <p class="field-error" role="alert">{
                        self.error.iter().map(|t| word(lang, t)).collect::<Vec<_>>().join("; ")
                    }</p>
                }
                { self.results_table() }
            </section>
        }
    }

    fn topic_field(&self) -> Html {
        let on_topic = {
            let chosen = self.chosen_topic.clone();
            Callback::from(move |e: Event| chosen.set(Some(select_value(&e))))
        };
        let topic = self.topic;
        html! {
            <div class="field">
                <label for="clients-topic">{ tr(self.lang, Key::TopicWord) }</label>
                <select id="clients-topic" onchange={on_topic}>
                    { for self.topics.iter().map(|t| html! { <option value={t.clone()} selected={*t == topic}>{ t }</option> }) }
                </select>
            </div>
        }
    }

    /// A live producer setting: checked by the core's own rules first, so a refused value
    /// shows Kafka's message instead of silently doing nothing.
    fn set_config(&self) -> Rc<dyn Fn(&'static str, Value)> {
        let on_command = self.on_command.clone();
        let error = self.error.clone();
        let config = self.config.clone();
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
    }

    fn acks_field(&self) -> Html {
        let lang = self.lang;
        let on_acks = {
            let set = self.set_config();
            Callback::from(move |e: Event| set("acks", Value::from(select_value(&e))))
        };
        let acks = self.config.acks;
        let acks_option = |a: Acks| {
            html! { <option value={a.name()} selected={acks == a}>{ a.name() }</option> }
        };
        html! {
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
        }
    }

    fn idempotence_field(&self) -> Html {
        let on_idempotence = {
            let set = self.set_config();
            Callback::from(move |e: Event| {
                set("enable.idempotence", Value::from(input_checked(&e)))
            })
        };
        let idempotent = self.config.effective_idempotence();
        html! {
            <div class="field">
                <input id="clients-idempotence" type="checkbox" data-config="enable.idempotence"
                       checked={self.config.enable_idempotence} onchange={on_idempotence} />
                <label for="clients-idempotence" class="kafka-name">{ "enable.idempotence" }</label>
                <span class="hint">{ tr(self.lang, if idempotent { Key::IdempotenceOn } else { Key::IdempotenceOff }) }</span>
            </div>
        }
    }

    fn rate_form(&self) -> Html {
        let lang = self.lang;
        let current_rate = self.current_rate;
        let rate_text = if self.rate_typed.is_empty() {
            current_rate.to_string()
        } else {
            (**self.rate_typed).clone()
        };
        let rate_parsed = rate_text
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|n| u64::from(*n) <= MAX_PRODUCE_PER_SECOND);
        let on_rate_input = bind_text(self.rate_typed);
        let on_rate = {
            let on_command = self.on_command.clone();
            let typed = self.rate_typed.clone();
            let topic = self.topic.to_string();
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
        html! {
            <form class="field" onsubmit={on_rate}>
                <label for="clients-rate">{ tr(lang, Key::RateLabel) }</label>
                <input id="clients-rate" type="number" min="0" max={MAX_PRODUCE_PER_SECOND.to_string()}
                       value={rate_text} oninput={on_rate_input} data-producer-rate="true" />
                <button type="submit" data-action="set-rate" disabled={rate_parsed.is_none()}>{ tr(lang, Key::SetRate) }</button>
                <span class="hint">{ trf(lang, Key::RateNow, &[&current_rate]) }</span>
            </form>
        }
    }

    fn produce_form(&self) -> Html {
        let lang = self.lang;
        let on_key = bind_text(self.key);
        let on_count = {
            let count = self.count.clone();
            Callback::from(move |e: Event| {
                if let Ok(n) = input_value(&e).trim().parse::<u32>() {
                    count.set(n.clamp(1, MAX_PRODUCE_N));
                }
            })
        };
        let count = **self.count;
        let on_produce = {
            let on_command = self.on_command.clone();
            let topic = self.topic.to_string();
            let key = (**self.key).clone();
            Callback::from(move |e: SubmitEvent| {
                e.prevent_default();
                let key = key.trim();
                on_command.emit(Command::Act(Action::Produce {
                    topic: topic.clone(),
                    partition: None,
                    key: (!key.is_empty()).then(|| key.to_string()),
                    values: ProduceValues::Count(count),
                    acks: None,
                }));
            })
        };
        html! {
            <form class="field" onsubmit={on_produce}>
                <label for="clients-key">{ tr(lang, Key::KeyWord) }</label>
                <input id="clients-key" type="text" class="short" value={(**self.key).clone()} oninput={on_key}
                       placeholder={tr(lang, Key::RackNone)} />
                <label for="clients-count">{ "N" }</label>
                <input id="clients-count" type="number" class="short" min="1" max={MAX_PRODUCE_N.to_string()}
                       value={count.to_string()} onchange={on_count} />
                <button type="submit" class="primary" data-action="produce-n">{ trf(lang, Key::ProduceN, &[&count]) }</button>
            </form>
        }
    }

    /// Acked, pending and failed records (failures by Kafka error name) and all sent.
    fn results_table(&self) -> Html {
        let lang = self.lang;
        let producer = &self.view.producer;
        let failed_total: u64 = producer.failed.values().sum();
        let totals = [
            ("acked", Key::StatAcked, producer.acked),
            ("pending", Key::StatPending, producer.pending),
            ("failed", Key::StatFailed, failed_total),
        ];
        let stat_rows = totals.into_iter().map(|(name, words, n)| {
            html! { <tr><th scope="row">{ tr(lang, words) }</th><td data-producer-stat={name}>{ n }</td></tr> }
        });
        let failed_rows = producer.failed.iter().map(|(name, n)| {
            html! {
                <tr class="stat-sub"><th scope="row">{ *name }</th>
                    <td data-producer-error={*name}>{ n }</td></tr>
            }
        });
        html! {
            <table class="data-table stats" aria-label={tr(lang, Key::ProducerResults)}>
                <tbody>
                    { for stat_rows }
                    { for failed_rows }
                    <tr class="stat-sub"><th scope="row">{ tr(lang, Key::SentInAll) }</th><td>{ self.view.produced }</td></tr>
                </tbody>
            </table>
        }
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
