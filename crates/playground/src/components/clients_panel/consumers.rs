//! The consumers section of the clients panel: each consumer's position, lag and the replica it
//! reads from per partition, or, before there is one, when the setup starts it or a button to
//! start one.

use crate::components::form::table_head;
use crate::i18n::{tr, trf, Key, Lang};
use crate::state::session::Session;
use crate::state::Command;
use replication_core::scenario::Action;
use replication_core::sim::World;
use replication_core::view::{ConsumerPartitionView, ConsumerView};
use replication_core::TopicPartition;
use yew::prelude::*;

/// The consumers section: the running consumers' tables, else a scheduled or startable one.
pub(super) fn consumers_section(
    lang: Lang,
    session: &Session,
    consumers: &[ConsumerView],
    topic: &str,
    on_command: &Callback<Command>,
) -> Html {
    let now_ms = session.world.now_ms();
    // A consumer the setup starts later (at time 0 it has not started before the first step).
    let scheduled_consumer = session
        .scenario
        .actions
        .iter()
        .find(|a| a.at_ms >= now_ms && matches!(a.action, Action::Consume { .. }))
        .map(|a| a.at_ms);
    let start_consumer = {
        let action = Action::Consume {
            topic: topic.to_string(),
            client_rack: None,
        };
        on_command.reform(move |_: MouseEvent| Command::Act(action.clone()))
    };
    let consumer_tables = consumers
        .iter()
        .enumerate()
        .map(|(i, c)| consumer_table(lang, &session.world, i, c));
    html! {
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
    }
}

/// One consumer (numbered from 0 in `data-consumer`): a row per partition it reads.
fn consumer_table(lang: Lang, world: &World, i: usize, c: &ConsumerView) -> Html {
    let rows = c.partitions.iter().map(|p| consumer_row(lang, world, c, p));
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
}

/// A consumer's position, the HW, its lag and whether it reads from the leader or a follower.
fn consumer_row(lang: Lang, world: &World, c: &ConsumerView, p: &ConsumerPartitionView) -> Html {
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
}
