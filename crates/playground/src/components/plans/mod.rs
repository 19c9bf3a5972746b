//! "Reassign & leaders": `kafka-reassign-partitions.sh` plans (import, export, a rack-aware
//! proposal, staged moves), the replication throttle, and `kafka-leader-election.sh` (preferred
//! or unclean) with each broker's leadership. Plans are checked and written by the core (`replication_core::plan`).
//!
//! The panel keeps all the state; each of its four sections is drawn by its own module. The
//! checks and buttons the sections share live here.

mod leaders;
mod plan_text;
mod staged;
mod throttle;

use crate::i18n::{word, Lang};
use crate::state::plan::StagedPlan;
use crate::state::session::Session;
use crate::state::{Command, SessionHandle};
use leaders::leaders_section;
use plan_text::PlanText;
use replication_core::scenario::{parse_reassignment_plan, Action, PlanEntry};
use replication_core::text::Text;
use replication_core::BrokerId;
use staged::staged_section;
use throttle::throttle_section;
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

/// What every section reads: the language, the panel's props and the session.
struct PlansContext<'a> {
    lang: Lang,
    props: &'a PlansPanelProps,
    session: &'a Session,
}

/// The panel holds every hook, so typed text survives each render; the sections only draw.
#[function_component(PlansPanel)]
pub fn plans_panel(props: &PlansPanelProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let text = use_state(String::new);
    let errors = use_state(Vec::<Text>::new);
    let proposals = use_state(|| 0u64);
    let throttle_text = use_state(String::new);
    let chosen = use_state(|| 0usize);
    let session = props.session.borrow();
    let cx = PlansContext {
        lang,
        props,
        session: &session,
    };
    let plan_text = PlanText {
        text: &text,
        errors: &errors,
        proposals: &proposals,
    };
    html! {
        <div class="panel plans">
            { plan_text.render(&cx) }
            { throttle_section(&cx, &throttle_text) }
            { staged_section(&cx) }
            { leaders_section(&cx, &chosen) }
        </div>
    }
}
