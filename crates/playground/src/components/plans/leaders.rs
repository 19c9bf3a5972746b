//! The leaders section: `kafka-leader-election.sh` (preferred or unclean) for one partition or
//! all, and each broker's leadership against its preferred share
//! (`leader.imbalance.per.broker.percentage`).

use super::{button, plan_button, PlansContext};
use crate::components::form::{select_value, table_head};
use crate::i18n::{tr, trf, word, Key, Lang};
use crate::state::Command;
use replication_core::plan::{leadership, LEADER_IMBALANCE_PER_BROKER_PERCENTAGE};
use replication_core::rules::election::preferred_replica;
use replication_core::scenario::{Action, ElectionType};
use replication_core::sim::World;
use replication_core::BrokerId;
use yew::prelude::*;

/// A partition to elect for: topic, partition, its leader and its preferred replica.
type Choice = (String, u32, Option<BrokerId>, Option<BrokerId>);

/// `chosen`: the index of the partition chosen in the list (a hook of the panel).
pub(super) fn leaders_section(cx: &PlansContext, chosen: &UseStateHandle<usize>) -> Html {
    let (lang, world, on_command) = (cx.lang, &cx.session.world, &cx.props.on_command);
    let partitions: Vec<Choice> = world
        .partitions()
        .map(|p| {
            (
                p.tp.topic.to_string(),
                p.tp.partition,
                p.leader,
                preferred_replica(&p.replicas),
            )
        })
        .collect();
    let choice = (**chosen).min(partitions.len().saturating_sub(1));
    let on_choose = {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| chosen.set(select_value(&e).parse().unwrap_or(0)))
    };
    let elect_one = {
        let target = partitions.get(choice).map(|p| (p.0.clone(), p.1));
        on_command.reform(move |_: MouseEvent| {
            let (topic, partition) = target.clone().unzip();
            Command::Act(Action::ElectPreferred { topic, partition })
        })
    };
    let elect_all = on_command.reform(|_: MouseEvent| {
        Command::Act(Action::ElectPreferred {
            topic: None,
            partition: None,
        })
    });
    html! {
        <section aria-labelledby="plans-leaders">
            <h3 id="plans-leaders">{ tr(lang, Key::Leaders) }</h3>
            <div class="field">
                <select id="plans-elect-partition" aria-label={tr(lang, Key::PartitionAria)} onchange={on_choose}>
                    { for partition_options(lang, &partitions, choice) }</select>
                { button("elect-preferred", tr(lang, Key::PreferredElection), elect_one, partitions.is_empty()) }
                { button("elect-preferred-all", tr(lang, Key::ForAllPartitions), elect_all, false) }
            </div>
            { unclean_election(lang, world, on_command, partitions.get(choice)) }
            <p class="hint">{ tr(lang, Key::UncleanElectionHint) }</p>
            { leadership_table(lang, world) }
            <p class="hint">{ trf(lang, Key::ImbalanceHint, &[&LEADER_IMBALANCE_PER_BROKER_PERCENTAGE]) }</p>
        </section>
    }
}

fn partition_options<'a>(
    lang: Lang,
    partitions: &'a [Choice],
    choice: usize,
) -> impl Iterator<Item = Html> + 'a {
    let show =
        move |b: Option<BrokerId>| b.map_or(tr(lang, Key::NoneWord).to_string(), |b| b.to_string());
    partitions
        .iter()
        .enumerate()
        .map(move |(i, (t, p, leader, preferred))| {
            html! {
                <option value={i.to_string()} selected={i == choice}>
                    { trf(lang, Key::ElectOption, &[&format!("{t}-{p}"), &show(*leader), &show(*preferred)]) }
                </option>
            }
        })
}

/// kafka-leader-election.sh --election-type UNCLEAN, for the chosen partition or all; the
/// buttons are disabled with the core's reason when Kafka would elect nobody.
fn unclean_election(
    lang: Lang,
    world: &World,
    on_command: &Callback<Command>,
    chosen: Option<&Choice>,
) -> Html {
    let unclean = |topic: Option<String>, partition: Option<u32>| Action::ElectLeaders {
        election_type: ElectionType::Unclean,
        topic,
        partition,
    };
    let unclean_one = chosen.map(|p| unclean(Some(p.0.clone()), Some(p.1)));
    let unclean_all = unclean(None, None);
    let why_not = |action: &Action| world.why_ignored(action).map(|why| word(lang, &why));
    let unclean_one_why = unclean_one.as_ref().and_then(why_not);
    let unclean_all_why = why_not(&unclean_all);
    let elect_unclean_one = {
        let action = unclean_one.clone();
        on_command.reform(move |_: MouseEvent| {
            Command::Act(action.clone().unwrap_or_else(|| unclean(None, None)))
        })
    };
    let elect_unclean_all =
        on_command.reform(move |_: MouseEvent| Command::Act(unclean_all.clone()));
    html! {
        <>
            <div class="field">
                { plan_button("elect-unclean", tr(lang, Key::UncleanElection), elect_unclean_one, unclean_one.is_none(), unclean_one_why.clone()) }
                { plan_button("elect-unclean-all", tr(lang, Key::UncleanElectionAll), elect_unclean_all, false, unclean_all_why) }
            </div>
            if let Some(why) = unclean_one_why {
                <p class="hint" data-unclean-why="">{ why }</p>
            }
        </>
    }
}

/// Per broker: the partitions it leads, those it is preferred for, and its imbalance.
fn leadership_table(lang: Lang, world: &World) -> Html {
    let rows = leadership(world).into_iter().map(|r| {
        html! {
            <tr data-broker-leadership={r.broker.to_string()} data-leaders={r.leaders.to_string()}
                data-preferred={r.preferred.to_string()} class={classes!(r.imbalanced().then_some("imbalanced"))}>
                <th scope="row">{ r.broker.to_string() }</th>
                <td>{ r.leaders }</td><td>{ r.preferred }</td><td>{ r.preferred_not_leading }</td>
                <td>{ format!("{}%", r.imbalance_percent()) }</td>
            </tr>
        }
    });
    html! {
        <table class="data-table leadership" aria-label={tr(lang, Key::LeadershipPerBroker)}>
            { table_head(&[tr(lang, Key::ColBroker), tr(lang, Key::ColLeads), tr(lang, Key::ColPreferred), tr(lang, Key::ColNotLeading), tr(lang, Key::ColImbalance)]) }
            <tbody>{ for rows }</tbody>
        </table>
    }
}
