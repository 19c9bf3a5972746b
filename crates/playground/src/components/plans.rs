//! "Reassign & leaders": `kafka-reassign-partitions.sh` plans (import, export, a rack-aware
//! proposal, staged moves), the replication throttle, and `kafka-leader-election.sh` (preferred
//! or unclean) with each broker's leadership. Plans are checked and written by the core (`replication_core::plan`).

use crate::components::clients_panel::{input_value, select_value, table_head};
use crate::components::scenarios::{read_text, MAX_FILE_BYTES};
use crate::i18n::{tr, trf, word, Key, Lang};
use crate::state::plan::StagedPlan;
use crate::state::session::Session;
use crate::state::{Command, SessionHandle};
use replication_core::plan::{
    current_assignment, leadership, plan_json, propose, LEADER_IMBALANCE_PER_BROKER_PERCENTAGE,
};
use replication_core::rng::Rng;
use replication_core::rules::election::preferred_replica;
use replication_core::scenario::{parse_reassignment_plan, Action, ElectionType, PlanEntry};
use replication_core::text::Text;
use replication_core::{text, BrokerId};
use serde_json::Value;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PlansPanelProps {
    pub session: SessionHandle,
    pub staged: StagedPlan,
    pub on_command: Callback<Command>,
}

/// A plan's text checked against the session's cluster: its entries, or every problem.
pub fn check_plan(session: &Session, text: &str) -> Result<Vec<PlanEntry>, Vec<Text>> {
    parse_reassignment_plan(text, &session.scenario)
        .map_err(|e| e.iter().map(|e| e.text()).collect())
}

/// The staged moves checked as one plan.
pub fn check_staged(session: &Session, staged: &StagedPlan) -> Result<Vec<PlanEntry>, Vec<Text>> {
    if staged.is_empty() {
        return Err(Vec::new());
    }
    check_plan(session, &staged.to_plan_json())
}

fn plan_actions(session: &Session, plan: Vec<PlanEntry>) -> Vec<Action> {
    crate::state::plan::reassignment_actions(&session.world, plan)
}

fn button(
    action: &'static str,
    label: &str,
    onclick: Callback<MouseEvent>,
    disabled: bool,
) -> Html {
    html! { <button type="button" data-action={action} {onclick} {disabled}>{ label.to_string() }</button> }
}

/// A button disabled with the core's reason when its action would change nothing (a plan whose
/// partitions already have, or are already moving to, its replicas; an unclean election where
/// every partition has a leader).
fn plan_button(
    action: &'static str,
    label: &str,
    onclick: Callback<MouseEvent>,
    disabled: bool,
    ignored: Option<String>,
) -> Html {
    let disabled = disabled || ignored.is_some();
    html! {
        <button type="button" data-action={action} {onclick} {disabled} title={ignored}>{ label.to_string() }</button>
    }
}

/// Why applying `plan` would change nothing, worded.
fn plan_ignored(session: &Session, plan: Option<&Vec<PlanEntry>>, lang: Lang) -> Option<String> {
    let partitions = plan?.clone();
    let why = session
        .world
        .why_ignored(&Action::ReassignPlan { partitions })?;
    Some(word(lang, &why))
}

fn problems(hook: &'static str, list: &[Text], lang: Lang) -> Html {
    if list.is_empty() {
        return Html::default();
    }
    html! {
        <ul class="error-list" role="alert" data-plan-errors={(hook == "plan").then(|| list.len().to_string())}
            data-staged-errors={(hook == "staged").then(|| list.len().to_string())}>
            { for list.iter().map(|p| html! { <li>{ word(lang, p) }</li> }) }
        </ul>
    }
}

fn ids(list: &[BrokerId]) -> String {
    list.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

#[function_component(PlansPanel)]
pub fn plans_panel(props: &PlansPanelProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let text = use_state(String::new);
    let errors = use_state(Vec::<Text>::new);
    let proposals = use_state(|| 0u64);
    let throttle_text = use_state(String::new);
    let chosen = use_state(|| 0usize);
    let session = props.session.borrow();
    let world = &session.world;
    let on_command = props.on_command.clone();

    let on_text = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(area) = e.target_dyn_into::<HtmlTextAreaElement>() {
                text.set(area.value());
            }
        })
    };
    let on_file = {
        let (text, errors) = (text.clone(), errors.clone());
        Callback::from(move |e: Event| {
            let input = e.target_dyn_into::<HtmlInputElement>();
            let Some(file) = input.and_then(|i| i.files()).and_then(|f| f.get(0)) else {
                return;
            };
            if file.size() > MAX_FILE_BYTES {
                errors.set(vec![text!(
                    "{name} is too big for a plan file",
                    name = file.name()
                )]);
                return;
            }
            let (text, errors) = (text.clone(), errors.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match read_text(&file).await {
                    Ok(t) => {
                        errors.set(Vec::new());
                        text.set(t);
                    }
                    Err(problem) => errors.set(vec![problem]),
                }
            });
        })
    };
    let on_export = {
        let (text, errors) = (text.clone(), errors.clone());
        let json = plan_json(&current_assignment(world));
        Callback::from(move |_: MouseEvent| {
            errors.set(Vec::new());
            text.set(json.clone());
        })
    };
    let on_propose = {
        let (text, errors, proposals) = (text.clone(), errors.clone(), proposals.clone());
        let handle = props.session.clone();
        Callback::from(move |_: MouseEvent| {
            let s = handle.borrow();
            // Kafka draws a fresh start index and shift each time; here from the seed, so a
            // run replays, and another one on each click.
            let mut rng = Rng::new(s.scenario.seed).fork(0x504c_414e + *proposals);
            match propose(&s.world, &mut rng) {
                Ok(plan) => {
                    errors.set(Vec::new());
                    text.set(plan_json(&plan));
                }
                Err(e) => errors.set(vec![text!("Kafka refuses: {error}", error = e.to_string())]),
            }
            proposals.set(*proposals + 1);
        })
    };
    let on_copy = {
        let text = text.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(w) = web_sys::window() {
                let _ = w.navigator().clipboard().write_text(&text);
            }
        })
    };
    let on_apply = {
        let (text, errors) = (text.clone(), errors.clone());
        let handle = props.session.clone();
        let on_command = on_command.clone();
        Callback::from(move |_: MouseEvent| {
            let checked = {
                let s = handle.borrow();
                check_plan(&s, &text).map(|plan| plan_actions(&s, plan))
            };
            match checked {
                Ok(actions) => {
                    errors.set(Vec::new());
                    for a in actions {
                        on_command.emit(Command::Act(a));
                    }
                }
                Err(list) => errors.set(list),
            }
        })
    };

    let typed_ignored = plan_ignored(&session, check_plan(&session, &text).ok().as_ref(), lang);

    // ---- throttle ----
    let rate = world.config().leader_replication_throttled_rate;
    let on_throttle_text = {
        let t = throttle_text.clone();
        Callback::from(move |e: InputEvent| t.set(input_value(&e)))
    };
    let typed = throttle_text.trim();
    let throttle_value: Option<Value> = match typed {
        "" => Some(Value::Null),
        t => t.parse::<u64>().ok().map(Value::from),
    };
    let on_throttle = {
        let on_command = on_command.clone();
        let value = throttle_value.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(value) = value.clone() else { return };
            for key in [
                "leader.replication.throttled.rate",
                "follower.replication.throttled.rate",
            ] {
                on_command.emit(Command::Act(Action::SetConfig {
                    key: key.to_string(),
                    value: value.clone(),
                    topic: None,
                }));
            }
        })
    };

    // ---- staged moves ----
    let staged_check = check_staged(&session, &props.staged);
    let staged_rows = props.staged.entries.iter().map(|e| {
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
    });
    let apply_staged = {
        let on_command = on_command.clone();
        let extra = staged_check
            .as_ref()
            .map(|plan| plan_actions(&session, plan.clone()))
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

    // ---- leaders ----
    let partitions: Vec<(String, u32, Option<BrokerId>, Option<BrokerId>)> = world
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
    let choice = (*chosen).min(partitions.len().saturating_sub(1));
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
    // kafka-leader-election.sh --election-type UNCLEAN, for the chosen partition or all; the
    // buttons are disabled with the core's reason when Kafka would elect nobody.
    let unclean = |topic: Option<String>, partition: Option<u32>| Action::ElectLeaders {
        election_type: ElectionType::Unclean,
        topic,
        partition,
    };
    let unclean_one = partitions
        .get(choice)
        .map(|p| unclean(Some(p.0.clone()), Some(p.1)));
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
    let show =
        |b: Option<BrokerId>| b.map_or(tr(lang, Key::NoneWord).to_string(), |b| b.to_string());
    let options = partitions
        .iter()
        .enumerate()
        .map(|(i, (t, p, leader, preferred))| {
            html! {
                <option value={i.to_string()} selected={i == choice}>
                    { trf(lang, Key::ElectOption, &[&format!("{t}-{p}"), &show(*leader), &show(*preferred)]) }
                </option>
            }
        });
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
        <div class="panel plans">
            <section aria-labelledby="plans-plan">
                <h3 id="plans-plan">{ tr(lang, Key::ReassignmentPlan) }</h3>
                <p class="hint">{ tr(lang, Key::PlanHint) }</p>
                <textarea id="plans-text" class="plan-text" rows="6" spellcheck="false" aria-label={tr(lang, Key::PlanJson)}
                          value={(*text).clone()} oninput={on_text} />
                { problems("plan", &errors, lang) }
                <div class="field">
                    { plan_button("apply-plan", tr(lang, Key::ApplyPlan), on_apply, text.trim().is_empty(), typed_ignored) }
                    { button("export-plan", tr(lang, Key::ExportAssignment), on_export, false) }
                    { button("propose-plan", tr(lang, Key::ProposePlacement), on_propose, false) }
                    { button("copy-plan", tr(lang, Key::CopyPlan), on_copy, text.is_empty()) }
                    <label class="file-pick">{ tr(lang, Key::OpenEllipsis) }
                        <input type="file" accept=".json,application/json" onchange={on_file} data-action="open-plan" />
                    </label>
                </div>
            </section>
            <section aria-labelledby="plans-throttle">
                <h3 id="plans-throttle">{ tr(lang, Key::ReplicationThrottle) }</h3>
                <form class="field" onsubmit={on_throttle}>
                    <label for="plans-throttle-rate">{ tr(lang, Key::BytesPerSecond) }</label>
                    <input id="plans-throttle-rate" type="number" min="0" class="short" placeholder={tr(lang, Key::NoneWord)}
                           value={(*throttle_text).clone()} oninput={on_throttle_text} />
                    <button type="submit" data-action="set-throttle" disabled={throttle_value.is_none()}>{ tr(lang, Key::SetThrottle) }</button>
                    <span class="hint">{ match rate {
                        Some(r) => trf(lang, Key::ThrottleNow, &[&r]),
                        None => tr(lang, Key::Unthrottled).to_string(),
                    } }</span>
                </form>
            </section>
            <section aria-labelledby="plans-staged">
                <h3 id="plans-staged">{ trf(lang, Key::StagedMoves, &[&props.staged.entries.len()]) }</h3>
                if props.staged.is_empty() {
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
                                  plan_ignored(&session, staged_check.as_ref().ok(), lang)) }
                    { button("clear-staged", tr(lang, Key::ClearStaged), on_command.reform(|_: MouseEvent| Command::ClearStaged), props.staged.is_empty()) }
                </div>
            </section>
            <section aria-labelledby="plans-leaders">
                <h3 id="plans-leaders">{ tr(lang, Key::Leaders) }</h3>
                <div class="field">
                    <select id="plans-elect-partition" aria-label={tr(lang, Key::PartitionAria)} onchange={on_choose}>{ for options }</select>
                    { button("elect-preferred", tr(lang, Key::PreferredElection), elect_one, partitions.is_empty()) }
                    { button("elect-preferred-all", tr(lang, Key::ForAllPartitions), elect_all, false) }
                </div>
                <div class="field">
                    { plan_button("elect-unclean", tr(lang, Key::UncleanElection), elect_unclean_one, unclean_one.is_none(), unclean_one_why.clone()) }
                    { plan_button("elect-unclean-all", tr(lang, Key::UncleanElectionAll), elect_unclean_all, false, unclean_all_why) }
                </div>
                if let Some(why) = unclean_one_why {
                    <p class="hint" data-unclean-why="">{ why }</p>
                }
                <p class="hint">{ tr(lang, Key::UncleanElectionHint) }</p>
                <table class="data-table leadership" aria-label={tr(lang, Key::LeadershipPerBroker)}>
                    { table_head(&[tr(lang, Key::ColBroker), tr(lang, Key::ColLeads), tr(lang, Key::ColPreferred), tr(lang, Key::ColNotLeading), tr(lang, Key::ColImbalance)]) }
                    <tbody>{ for rows }</tbody>
                </table>
                <p class="hint">{ trf(lang, Key::ImbalanceHint, &[&LEADER_IMBALANCE_PER_BROKER_PERCENTAGE]) }</p>
            </section>
        </div>
    }
}
