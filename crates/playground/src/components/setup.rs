//! The cluster setup: profile, brokers and racks, topics, key configs. Structural edits go to
//! a draft of the session's scenario, checked live by the core's parser and world builder, and
//! "Apply" restarts from it; dynamic configs apply at once as `set_config` actions.

use crate::components::form::{input_checked, input_value, select_value, table_head};
use crate::i18n::{tr, trf, word, Key, Lang};
use crate::state::setup::{
    add_broker, check_setup, draft_config, set_draft_config, show_value, with_user_configs,
    KEY_CONFIGS,
};
use crate::state::{Command, SessionHandle};
use replication_core::config::{is_dynamic, Acks, Config, Profile};
use replication_core::scenario::{Scenario, TopicSpec};
use replication_core::text::Text;
use serde_json::Value;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SetupPanelProps {
    pub session: SessionHandle,
    pub on_command: Callback<Command>,
}

/// The user's edits and the setup they started from; stale once the session loads another.
#[derive(Clone, PartialEq)]
struct Draft {
    base: Rc<Scenario>,
    scenario: Rc<Scenario>,
}

/// An edit of the draft scenario.
type Edit = Box<dyn FnOnce(&mut Scenario)>;

/// A typed config value: empty is Kafka's unset, digits are numbers, anything else goes to the
/// core as written (which then says what it expected).
fn typed_value(text: &str) -> Value {
    let text = text.trim();
    if text.is_empty() {
        return Value::Null;
    }
    text.parse::<u64>()
        .map(Value::from)
        .unwrap_or_else(|_| Value::from(text))
}

/// A profile's description (the core's `Profile::describe`) in a language.
fn profile_text(lang: Lang, profile: Profile) -> &'static str {
    tr(
        lang,
        match profile {
            Profile::KraftElr => Key::ProfileKraftElr,
            Profile::Kraft => Key::ProfileKraft,
            Profile::Zk => Key::ProfileZk,
            Profile::HwTruncation => Key::ProfileHwTruncation,
        },
    )
}

/// Profile, brokers and racks, topics and key configs. The panel holds the hooks (the draft,
/// the refused config value); the sections below only draw and edit through `edit`/`commit`.
#[function_component(SetupPanel)]
pub fn setup_panel(props: &SetupPanelProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let draft_state = use_state(|| None::<Draft>);
    // The last refused config value: (key, Kafka's message).
    let config_error = use_state(|| None::<(&'static str, Text)>);
    let session = props.session.borrow();
    let (base, draft) = match &*draft_state {
        Some(d) if *d.base == session.scenario => (d.base.clone(), d.scenario.clone()),
        _ => {
            let base = Rc::new(session.scenario.clone());
            (base.clone(), base)
        }
    };
    let edited = *draft != *base;
    let checked = use_memo(draft.clone(), |d| check_setup(d));
    let problems: Vec<Text> = checked.as_ref().as_ref().err().cloned().unwrap_or_default();

    let commit: Rc<dyn Fn(Scenario)> = {
        let state = draft_state.clone();
        let base = base.clone();
        Rc::new(move |next| {
            state.set(Some(Draft {
                base: base.clone(),
                scenario: Rc::new(next),
            }))
        })
    };
    let edit: Callback<Edit> = {
        let commit = commit.clone();
        let current = draft.clone();
        Callback::from(move |f: Edit| {
            let mut next = (*current).clone();
            f(&mut next);
            commit(next);
        })
    };
    let configs = KeyConfigs {
        lang,
        running: session.world.config(),
        planned: &match checked.as_ref() {
            Ok(s) => s.config.clone(),
            Err(_) => draft_config(&draft),
        },
        draft: &draft,
        commit: &commit,
        on_command: &props.on_command,
        error: &config_error,
    };
    html! {
        <div class="panel setup">
            <p class="hint">{ tr(lang, Key::SetupHint) }</p>
            { profile_section(lang, &draft, &edit) }
            { brokers_section(lang, &draft, &edit) }
            { topics_section(lang, &draft, &edit) }
            { configs.render() }
            { apply_bar(lang, props, &draft_state, &draft, edited, &problems) }
        </div>
    }
}

/// The profile choices (KRaft with ELR, KRaft, ZooKeeper, HW truncation).
fn profile_section(lang: Lang, draft: &Scenario, edit: &Callback<Edit>) -> Html {
    let profiles = Profile::ALL.iter().map(|&p| {
        let onchange = edit.reform(move |_: Event| -> Edit { Box::new(move |s| s.profile = p) });
        let id = format!("setup-profile-{}", p.name());
        html! {
            <div class="choice">
                <input type="radio" name="setup-profile" id={id.clone()} value={p.name()}
                       checked={draft.profile == p} {onchange} data-profile={p.name()} />
                <label for={id}><span class="kafka-name">{ p.name() }</span>
                    <span class="choice-text">{ profile_text(lang, p) }</span></label>
            </div>
        }
    });
    html! {
        <section>
            <fieldset class="choices">
                <legend>{ tr(lang, Key::ProfileLegend) }</legend>
                { for profiles }
            </fieldset>
        </section>
    }
}

/// The brokers with their racks: add one, remove one (never the last), set a rack.
fn brokers_section(lang: Lang, draft: &Scenario, edit: &Callback<Edit>) -> Html {
    let broker_rows = draft.brokers.iter().enumerate().map(|(i, b)| {
        let id = b.id;
        let on_rack = edit.reform(move |e: Event| -> Edit {
            let rack = input_value(&e).trim().to_string();
            Box::new(move |s| {
                if let Some(b) = s.brokers.get_mut(i) {
                    b.rack = (!rack.is_empty()).then_some(rack);
                }
            })
        });
        let on_remove = edit.reform(move |_: MouseEvent| -> Edit {
            Box::new(move |s| {
                if i < s.brokers.len() {
                    s.brokers.remove(i);
                }
            })
        });
        html! {
            <tr data-setup-broker={id.to_string()}>
                <th scope="row">{ id.to_string() }</th>
                <td><input type="text" class="short" value={b.rack.clone().unwrap_or_default()} placeholder={tr(lang, Key::NoRack)}
                           aria-label={trf(lang, Key::RackOfBroker, &[&id])} onchange={on_rack} /></td>
                <td><button type="button" aria-label={trf(lang, Key::RemoveBroker, &[&id])} data-action="remove-broker"
                            disabled={draft.brokers.len() <= 1} onclick={on_remove}>{ tr(lang, Key::Remove) }</button></td>
            </tr>
        }
    });
    let on_add_broker = edit.reform(|_: MouseEvent| -> Edit { Box::new(add_broker) });
    html! {
        <section aria-labelledby="setup-brokers">
            <h3 id="setup-brokers">{ trf(lang, Key::BrokersAndRacks, &[&draft.brokers.len()]) }</h3>
            <table class="data-table">
                <thead><tr>
                    <th scope="col">{ tr(lang, Key::ColBroker) }</th>
                    <th scope="col">{ tr(lang, Key::ColRack) }</th>
                    // The column of remove buttons: named for screen readers only.
                    <th scope="col"><span class="visually-hidden">{ tr(lang, Key::ColRemove) }</span></th>
                </tr></thead>
                <tbody>{ for broker_rows }</tbody>
            </table>
            <button type="button" data-action="add-broker" onclick={on_add_broker}>{ tr(lang, Key::AddBroker) }</button>
        </section>
    }
}

/// The topics: partitions, replication factor and placement of each.
fn topics_section(lang: Lang, draft: &Scenario, edit: &Callback<Edit>) -> Html {
    let topic_rows = draft
        .topics
        .iter()
        .enumerate()
        .map(|(i, t)| topic_row(lang, edit, i, t));
    html! {
        <section aria-labelledby="setup-topics">
            <h3 id="setup-topics">{ tr(lang, Key::Topics) }</h3>
            <table class="data-table">
                { table_head(&[tr(lang, Key::ColTopic), tr(lang, Key::ColPartitions), tr(lang, Key::ColRf), tr(lang, Key::ColPlacement)]) }
                <tbody>{ for topic_rows }</tbody>
            </table>
            <p class="hint">{ tr(lang, Key::PlacementHint) }</p>
        </section>
    }
}

/// The `i`th topic's row; a topic with an explicit assignment has no placement to choose.
fn topic_row(lang: Lang, edit: &Callback<Edit>, i: usize, t: &TopicSpec) -> Html {
    let topic_edit = |f: fn(&mut TopicSpec, String)| {
        edit.reform(move |e: Event| -> Edit {
            let value = input_value(&e);
            Box::new(move |s| {
                if let Some(t) = s.topics.get_mut(i) {
                    f(t, value);
                }
            })
        })
    };
    let on_partitions = topic_edit(|t, v| {
        if let Ok(n) = v.trim().parse() {
            t.partitions = n;
        }
    });
    let on_rf = topic_edit(|t, v| {
        if let Ok(n) = v.trim().parse() {
            t.replication_factor = n;
        }
    });
    let on_placement = edit.reform(move |e: Event| -> Edit {
        let aware = select_value(&e) == "rack-aware";
        Box::new(move |s| {
            if let Some(t) = s.topics.get_mut(i) {
                t.rack_aware = aware;
            }
        })
    });
    let name = t.name.clone();
    html! {
        <tr data-setup-topic={name.clone()}>
            <th scope="row">{ name.clone() }</th>
            <td><input type="number" class="tiny" min="1" value={t.partitions.to_string()}
                       aria-label={trf(lang, Key::PartitionsOf, &[&name])} onchange={on_partitions} data-topic-field="partitions" /></td>
            <td><input type="number" class="tiny" min="1" value={t.replication_factor.to_string()}
                       aria-label={trf(lang, Key::ReplicationFactorOf, &[&name])} onchange={on_rf} data-topic-field="replication.factor" /></td>
            <td>
                if t.assignment.is_some() {
                    <span class="hint" title={tr(lang, Key::AssignedTitle)}>{ tr(lang, Key::Assigned) }</span>
                } else {
                    <select aria-label={trf(lang, Key::PlacementOf, &[&name])} onchange={on_placement} data-topic-field="placement">
                        <option value="rack-aware" selected={t.rack_aware}>{ tr(lang, Key::RackAware) }</option>
                        <option value="rack-unaware" selected={!t.rack_aware}>{ tr(lang, Key::RackUnaware) }</option>
                    </select>
                }
            </td>
        </tr>
    }
}

/// The key configs: a dynamic one applies at once as a `set_config` action, any other edits
/// the draft (applied with a restart).
struct KeyConfigs<'a> {
    lang: Lang,
    /// The running world's config.
    running: &'a Config,
    /// The config the draft would run with.
    planned: &'a Config,
    draft: &'a Rc<Scenario>,
    commit: &'a Rc<dyn Fn(Scenario)>,
    on_command: &'a Callback<Command>,
    /// The last refused config value: (key, Kafka's message).
    error: &'a UseStateHandle<Option<(&'static str, Text)>>,
}

impl KeyConfigs<'_> {
    fn render(&self) -> Html {
        html! {
            <section aria-labelledby="setup-configs">
                <h3 id="setup-configs">{ tr(self.lang, Key::KeyConfigs) }</h3>
                <div class="config-rows">{ for KEY_CONFIGS.iter().map(|&(key, what)| self.row(key, what)) }</div>
            </section>
        }
    }

    fn row(&self, key: &'static str, what: Key) -> Html {
        let lang = self.lang;
        let dynamic = is_dynamic(key);
        let now = self.running.value_of(key).unwrap_or(Value::Null);
        let shown = if dynamic {
            now.clone()
        } else {
            self.planned.value_of(key).unwrap_or(Value::Null)
        };
        let id = format!("setup-config-{}", key.replace('.', "-"));
        let input = config_input(lang, key, &id, &shown, self.apply(key, dynamic));
        let differs = !dynamic && shown != now;
        html! {
            <div class="config-row" data-config-row={key} data-dynamic={dynamic.to_string()}>
                <label for={id} class="kafka-name">{ key }</label>
                { input }
                <span class={classes!("badge", if dynamic { "badge-live" } else { "badge-restart" })}
                      title={tr(lang, if dynamic { Key::LiveTitle } else { Key::RestartTitle })}>
                    { tr(lang, if dynamic { Key::Live } else { Key::Restart }) }</span>
                <span class="config-what">{ tr(lang, what) }
                    if differs { <strong>{ trf(lang, Key::RunningValue, &[&show_value(&now)]) }</strong> }
                </span>
                if let Some((_, message)) = self.error.as_ref().filter(|(k, _)| *k == key) {
                    <span class="field-error" role="alert">{ word(lang, message) }</span>
                }
            </div>
        }
    }

    /// What a new value of `key` does: a live `set_config`, or an edit of the draft; either
    /// way checked by the core first, so a refused value shows Kafka's message.
    fn apply(&self, key: &'static str, dynamic: bool) -> Callback<Value> {
        let error = self.error.clone();
        if dynamic {
            let on_command = self.on_command.clone();
            let running = self.running.clone();
            Callback::from(move |value: Value| {
                let mut next = running.clone();
                match next.set(key, &value) {
                    Ok(()) => {
                        error.set(None);
                        on_command.emit(Command::Act(
                            replication_core::scenario::Action::SetConfig {
                                key: key.to_string(),
                                value,
                                topic: None,
                            },
                        ));
                    }
                    Err(e) => error.set(Some((key, e.text()))),
                }
            })
        } else {
            let commit = self.commit.clone();
            let current = self.draft.clone();
            Callback::from(move |value: Value| {
                let mut next = (*current).clone();
                match set_draft_config(&mut next, key, value) {
                    Ok(()) => {
                        error.set(None);
                        commit(next);
                    }
                    Err(e) => error.set(Some((key, e))),
                }
            })
        }
    }
}

/// A config's input: a checkbox for a boolean, a choice for `acks`, else a text field.
fn config_input(
    lang: Lang,
    key: &'static str,
    id: &str,
    shown: &Value,
    apply: Callback<Value>,
) -> Html {
    match shown {
        Value::Bool(b) => html! {
            <input type="checkbox" id={id.to_string()} data-config={key} checked={*b}
                   onchange={apply.reform(|e: Event| Value::from(input_checked(&e)))} />
        },
        _ if key == "acks" => {
            let current = Acks::from_json(shown);
            html! {
                <select id={id.to_string()} data-config={key} onchange={apply.reform(|e: Event| Value::from(select_value(&e)))}>
                    { for [Acks::Zero, Acks::One, Acks::All].into_iter().map(|a| html! {
                        <option value={a.name()} selected={current == Some(a)}>{ a.name() }</option>
                    }) }
                </select>
            }
        }
        other => {
            let text = if other.is_null() {
                String::new()
            } else {
                show_value(other)
            };
            html! {
                <input type="text" inputmode="numeric" class="short" id={id.to_string()} data-config={key} value={text}
                       placeholder={tr(lang, Key::Unset)} onchange={apply.reform(|e: Event| typed_value(&input_value(&e)))} />
            }
        }
    }
}

/// The draft's problems, and "Apply" (restarts from the draft) and "Discard" buttons;
/// `edited`: whether the draft differs from the running setup.
fn apply_bar(
    lang: Lang,
    props: &SetupPanelProps,
    draft_state: &UseStateHandle<Option<Draft>>,
    draft: &Rc<Scenario>,
    edited: bool,
    problems: &[Text],
) -> Html {
    let on_apply = {
        let handle = props.session.clone();
        let on_command = props.on_command.clone();
        let state = draft_state.clone();
        let draft = draft.clone();
        Callback::from(move |_: MouseEvent| {
            let next = {
                let s = handle.borrow();
                check_setup(&with_user_configs((*draft).clone(), s.user_actions()))
            };
            if let Ok(mut scenario) = next {
                // The file's description told of the setup before the edits: it no longer fits.
                scenario.description = None;
                state.set(None);
                on_command.emit(Command::ApplySetup(Box::new(scenario)));
            }
        })
    };
    let on_discard = {
        let state = draft_state.clone();
        Callback::from(move |_: MouseEvent| state.set(None))
    };
    html! {
        <section class="apply-bar">
            if !problems.is_empty() {
                <ul class="error-list" data-setup-errors="true" role="alert">
                    { for problems.iter().map(|p| html! { <li>{ word(lang, p) }</li> }) }
                </ul>
            }
            <div class="row">
                <button type="button" class="primary" data-action="apply-setup"
                        disabled={!edited || !problems.is_empty()} onclick={on_apply}>{ tr(lang, Key::ApplyRestarts) }</button>
                <button type="button" data-action="discard-setup" disabled={!edited} onclick={on_discard}>{ tr(lang, Key::DiscardChanges) }</button>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_read_as_the_core_describes_them_and_every_text_has_its_chinese() {
        crate::i18n::zh::install_shipped();
        for p in Profile::ALL {
            assert_eq!(profile_text(Lang::En, p), p.describe(), "{}", p.name());
            assert_ne!(profile_text(Lang::Zh, p), p.describe(), "{}", p.name());
        }
        for &(key, what) in KEY_CONFIGS {
            assert_ne!(
                tr(Lang::Zh, what),
                tr(Lang::En, what),
                "{key} has no Chinese text"
            );
        }
    }
}
