//! The staged moves section: replica moves staged by dragging chips, listed with where each
//! partition's replicas are now, checked as one plan and applied together.

use super::{
    button, check_staged, ids, plan_actions, plan_button, plan_ignored, problems, PlansContext,
};
use crate::components::form::table_head;
use crate::i18n::{tr, trf, Key, Lang};
use crate::state::Command;
use replication_core::scenario::{Action, PlanEntry};
use replication_core::sim::World;
use yew::prelude::*;

pub(super) fn staged_section(cx: &PlansContext) -> Html {
    let (lang, session, staged) = (cx.lang, cx.session, &cx.props.staged);
    let on_command = &cx.props.on_command;
    let staged_check = check_staged(session, staged);
    let staged_rows = staged
        .entries
        .iter()
        .map(|e| staged_row(lang, &session.world, e, on_command));
    let apply_staged = {
        let on_command = on_command.clone();
        let extra = staged_check
            .as_ref()
            .map(|plan| plan_actions(session, plan.clone()))
            .unwrap_or_default();
        Callback::from(move |_: MouseEvent| {
            // The throttled-replicas configs first; the app applies the plan itself.
            for a in extra
                .iter()
                .filter(|a| !matches!(a, Action::ReassignPlan { .. }))
            {
                on_command.emit(Command::Act(a.clone()));
            }
            on_command.emit(Command::ApplyStaged);
        })
    };
    html! {
        <section aria-labelledby="plans-staged">
            <h3 id="plans-staged">{ trf(lang, Key::StagedMoves, &[&staged.entries.len()]) }</h3>
            if staged.is_empty() {
                <p class="hint">{ tr(lang, Key::NoneStaged) }</p>
            } else {
                <table class="data-table">
                    { table_head(&[tr(lang, Key::ColPartition), tr(lang, Key::ColNow), tr(lang, Key::ColTarget), ""]) }
                    <tbody>{ for staged_rows }</tbody>
                </table>
            }
            { problems("staged", staged_check.as_ref().err().map_or(&[][..], |e| e.as_slice()), lang) }
            <div class="field">
                { plan_button("apply-staged", tr(lang, Key::ApplyStaged), apply_staged, staged_check.is_err(),
                              plan_ignored(session, staged_check.as_ref().ok(), lang)) }
                { button("clear-staged", tr(lang, Key::ClearStaged), on_command.reform(|_: MouseEvent| Command::ClearStaged), staged.is_empty()) }
            </div>
        </section>
    }
}

/// One staged move: the partition, its replicas now and its target, and a button to unstage it.
fn staged_row(lang: Lang, world: &World, e: &PlanEntry, on_command: &Callback<Command>) -> Html {
    let from = world
        .partitions()
        .find(|p| *p.tp.topic == *e.topic && p.tp.partition == e.partition)
        .map(|p| ids(&p.replicas))
        .unwrap_or_default();
    let (topic, partition) = (e.topic.clone(), e.partition);
    let unstage = on_command.reform(move |_: MouseEvent| Command::UnstageMove {
        topic: topic.clone(),
        partition,
    });
    html! {
        <tr data-staged={format!("{}-{}", e.topic, e.partition)}>
            <th scope="row">{ format!("{}-{}", e.topic, e.partition) }</th>
            <td>{ from }</td><td>{ ids(&e.replicas) }</td>
            <td><button type="button" aria-label={tr(lang, Key::Unstage)} onclick={unstage}>{ "×" }</button></td>
        </tr>
    }
}
