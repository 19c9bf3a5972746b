//! The reassignment plan section: a `kafka-reassign-partitions.sh` plan typed, opened from a
//! file, exported from the current assignment or proposed as `--generate` would, then copied or
//! applied.

use super::{button, check_plan, plan_actions, plan_button, plan_ignored, problems, PlansContext};
use crate::components::scenarios::{read_text, MAX_FILE_BYTES};
use crate::i18n::{tr, Key};
use crate::state::Command;
use replication_core::plan::{current_assignment, plan_json, propose};
use replication_core::rng::Rng;
use replication_core::text;
use replication_core::text::Text;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

/// The plan being edited and the problems of the last thing done with it (hooks of the panel).
pub(super) struct PlanText<'a> {
    pub text: &'a UseStateHandle<String>,
    pub errors: &'a UseStateHandle<Vec<Text>>,
    /// How many plans were proposed: each click proposes another one.
    pub proposals: &'a UseStateHandle<u64>,
}

impl PlanText<'_> {
    pub(super) fn render(&self, cx: &PlansContext) -> Html {
        let lang = cx.lang;
        let text = self.text;
        let on_text = {
            let text = text.clone();
            Callback::from(move |e: InputEvent| {
                if let Some(area) = e.target_dyn_into::<HtmlTextAreaElement>() {
                    text.set(area.value());
                }
            })
        };
        let on_export = {
            let (text, errors) = (text.clone(), self.errors.clone());
            let json = plan_json(&current_assignment(&cx.session.world));
            Callback::from(move |_: MouseEvent| {
                errors.set(Vec::new());
                text.set(json.clone());
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
        let typed_ignored =
            plan_ignored(cx.session, check_plan(cx.session, text).ok().as_ref(), lang);
        html! {
            <section aria-labelledby="plans-plan">
                <h3 id="plans-plan">{ tr(lang, Key::ReassignmentPlan) }</h3>
                <p class="hint">{ tr(lang, Key::PlanHint) }</p>
                <textarea id="plans-text" class="plan-text" rows="6" spellcheck="false" aria-label={tr(lang, Key::PlanJson)}
                          value={(**text).clone()} oninput={on_text} />
                { problems("plan", self.errors, lang) }
                <div class="field">
                    { plan_button("apply-plan", tr(lang, Key::ApplyPlan), self.on_apply(cx), text.trim().is_empty(), typed_ignored) }
                    { button("export-plan", tr(lang, Key::ExportAssignment), on_export, false) }
                    { button("propose-plan", tr(lang, Key::ProposePlacement), self.on_propose(cx), false) }
                    { button("copy-plan", tr(lang, Key::CopyPlan), on_copy, text.is_empty()) }
                    <label class="file-pick">{ tr(lang, Key::OpenEllipsis) }
                        <input type="file" accept=".json,application/json" onchange={self.on_file()} data-action="open-plan" />
                    </label>
                </div>
            </section>
        }
    }

    /// Reads a chosen plan file into the text, refusing one too big to be a plan.
    fn on_file(&self) -> Callback<Event> {
        let (text, errors) = (self.text.clone(), self.errors.clone());
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
    }

    /// Proposes a placement as `kafka-reassign-partitions.sh --generate` does (rack-aware when
    /// the brokers have racks).
    fn on_propose(&self, cx: &PlansContext) -> Callback<MouseEvent> {
        let (text, errors) = (self.text.clone(), self.errors.clone());
        let proposals = self.proposals.clone();
        let handle = cx.props.session.clone();
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
    }

    /// Checks the typed plan against the cluster and applies it, or shows every problem.
    fn on_apply(&self, cx: &PlansContext) -> Callback<MouseEvent> {
        let (text, errors) = (self.text.clone(), self.errors.clone());
        let handle = cx.props.session.clone();
        let on_command = cx.props.on_command.clone();
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
    }
}
