//! The follower fetching section of the clients panel (KIP-392: a consumer reads from a replica
//! in its own rack). It is not a live setting: applying it restarts from a changed setup.

use crate::components::form::{input_checked, select_value};
use crate::i18n::{tr, trf, Key, Lang};
use crate::state::session::Session;
use crate::state::setup::{check_setup, with_follower_fetching, with_user_configs};
use crate::state::{Command, SessionHandle};
use replication_core::config::ReplicaSelector;
use replication_core::scenario::Action;
use replication_core::text::Text;
use replication_core::view::ConsumerView;
use yew::prelude::*;

/// Follower fetching as running, and as the user is setting it up.
pub(super) struct FollowerFetchingSection<'a> {
    pub lang: Lang,
    pub handle: &'a SessionHandle,
    pub on_command: &'a Callback<Command>,
    pub session: &'a Session,
    pub consumers: &'a [ConsumerView],
    /// The topic the producer writes to and a started consumer reads.
    pub topic: &'a str,
    /// Follower fetching as the user is setting it up: (on, client.rack); None = as running.
    pub fetching: &'a UseStateHandle<Option<(bool, String)>>,
    /// Where a refused setup's problems are shown.
    pub error: &'a UseStateHandle<Vec<Text>>,
}

impl FollowerFetchingSection<'_> {
    /// The running consumer's rack, or before it starts, the rack the setup gives it.
    fn consumer_rack(&self) -> Option<String> {
        let config = self.session.world.config();
        match self.consumers.iter().find(|c| c.topic == self.topic) {
            Some(c) => c.client_rack.clone(),
            None => self
                .session
                .scenario
                .actions
                .iter()
                .find_map(|a| match &a.action {
                    Action::Consume {
                        topic: t,
                        client_rack,
                    } if *t == self.topic => {
                        client_rack.clone().or_else(|| config.client_rack.clone())
                    }
                    _ => None,
                }),
        }
    }

    /// Restarts from the setup with follower fetching as wanted, or shows why it cannot.
    fn apply(&self, want_on: bool, rack: String) -> Callback<MouseEvent> {
        let handle = self.handle.clone();
        let on_command = self.on_command.clone();
        let error = self.error.clone();
        let fetching = self.fetching.clone();
        let topic = self.topic.to_string();
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
    }

    pub(super) fn render(&self) -> Html {
        let lang = self.lang;
        let config = self.session.world.config();
        let racks: Vec<String> = self
            .session
            .scenario
            .racks()
            .into_iter()
            .map(str::to_string)
            .collect();
        let consumer_rack = self.consumer_rack();
        let running_on =
            config.replica_selector_class == ReplicaSelector::RackAware && consumer_rack.is_some();
        let (want_on, want_rack) = self.fetching.as_ref().cloned().unwrap_or_else(|| {
            let rack = consumer_rack
                .clone()
                .or_else(|| racks.first().cloned())
                .unwrap_or_default();
            (running_on, rack)
        });
        let unchanged =
            want_on == running_on && (!want_on || consumer_rack.as_deref() == Some(&want_rack));
        let on_fetch_toggle = {
            let fetching = self.fetching.clone();
            let rack = want_rack.clone();
            Callback::from(move |e: Event| fetching.set(Some((input_checked(&e), rack.clone()))))
        };
        let on_fetch_rack = {
            let fetching = self.fetching.clone();
            Callback::from(move |e: Event| fetching.set(Some((want_on, select_value(&e)))))
        };
        let on_fetch_apply = self.apply(want_on, want_rack.clone());
        html! {
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
        }
    }
}
