//! The partition chooser: every partition of every topic as a select.

use crate::i18n::{tr, Key, Lang};
use crate::state::{Command, PartitionKey};
use std::rc::Rc;
use yew::prelude::*;

/// The chooser lists at most this many partitions (plus the chosen one).
const MAX_CHOICES: usize = 1_000;

#[derive(Properties, PartialEq)]
pub(super) struct ChooserProps {
    pub topics: Rc<Vec<(String, u32)>>,
    pub selected: Option<PartitionKey>,
    pub on_command: Callback<Command>,
}

/// Every partition of every topic, as a select; choosing one sends `SelectPartition`.
#[function_component(PartitionChooser)]
pub(super) fn partition_chooser(props: &ChooserProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let on_command = props.on_command.clone();
    let onchange = Callback::from(move |e: Event| {
        let value = e
            .target_unchecked_into::<web_sys::HtmlSelectElement>()
            .value();
        if let Some((p, topic)) = value.split_once('/') {
            if let Ok(p) = p.parse() {
                on_command.emit(Command::SelectPartition((topic.to_string(), p)));
            }
        }
    });
    let selected = props.selected.as_ref();
    let mut options: Vec<Html> = props
        .topics
        .iter()
        .flat_map(|(topic, count)| (0..*count).map(move |p| (topic, p)))
        .take(MAX_CHOICES)
        .map(|(topic, p)| {
            let is_selected = selected.is_some_and(|(t, n)| t == topic && *n == p);
            html! {
                <option value={format!("{p}/{topic}")} selected={is_selected}>{ format!("{topic}-{p}") }</option>
            }
        })
        .collect();
    let listed = |(topic, p): &PartitionKey| {
        props
            .topics
            .iter()
            .flat_map(|(t, count)| (0..*count).map(move |n| (t, n)))
            .take(MAX_CHOICES)
            .any(|(t, n)| t == topic && n == *p)
    };
    if let Some(key) = selected.filter(|k| !listed(k)) {
        let (topic, p) = key;
        options.push(html! {
            <option value={format!("{p}/{topic}")} selected=true>{ format!("{topic}-{p}") }</option>
        });
    }
    html! {
        <label class="partition-chooser">
            { tr(lang, Key::PartitionLabel) }
            <select {onchange} data-partition-chooser="">
                if selected.is_none() {
                    <option value="" selected=true disabled=true>{ tr(lang, Key::Choose) }</option>
                }
                { for options }
            </select>
        </label>
    }
}
