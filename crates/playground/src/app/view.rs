//! The full page's layout: the top bar, the cluster stage with its toggles, the side panels,
//! the timeline and log, the status bar, and the overlays (broker menu, dragged chip, errors,
//! help). Embed mode's compact layout is in `embed`.

use super::{focus, App, Msg, SideTab};
use crate::components::alerts::{alerts, AlertsProps};
use crate::components::broker_menu::BrokerMenu;
use crate::components::charts::Charts;
use crate::components::clients_panel::ClientsPanel;
use crate::components::cluster::ClusterMap;
use crate::components::controls::{controls, ControlsProps};
use crate::components::describe::DescribeView;
use crate::components::embed_code::EmbedCode;
use crate::components::event_log::EventLog;
use crate::components::faults::FaultsPanel;
use crate::components::help::{help_overlay, HelpOverlayProps};
use crate::components::language_switch::LanguageSwitch;
use crate::components::lesson::LessonPanel;
use crate::components::messages::{legend, messages_layer, LegendProps, MessagesLayerProps};
use crate::components::now::NowPanel;
use crate::components::partition::PartitionPanel;
use crate::components::plans::PlansPanel;
use crate::components::scenarios::{
    dropped_file, error_list, load_file, ErrorListProps, ScenarioMenu,
};
use crate::components::setup::SetupPanel;
use crate::components::timeline::Timeline;
use crate::format::format_time;
use crate::i18n::{tr, trf, word, Key, Lang};
use crate::state::session::Session;
use crate::state::{Command, SessionHandle};
use replication_core::BrokerId;
use std::rc::Rc;
use yew::prelude::*;

impl App {
    /// The full playground page.
    pub(super) fn page_view(&self, ctx: &Context<Self>) -> Html {
        let handle = SessionHandle::new(Rc::clone(&self.session));
        let on_command = ctx.link().callback(Msg::Command);
        let session = self.session.borrow();
        let side = self.side_panel(self.tab, &handle, &on_command);
        let close_menu = ctx.link().callback(|_: MouseEvent| Msg::CloseMenu);
        // Dropping a .json anywhere on the page loads it.
        let ondragover = Callback::from(|e: DragEvent| e.prevent_default());
        let ondrop = {
            let on_command = on_command.clone();
            Callback::from(move |e: DragEvent| {
                e.prevent_default();
                if let Some(file) = dropped_file(&e) {
                    load_file(file, on_command.clone());
                }
            })
        };
        html! {
            <ContextProvider<Lang> context={self.lang}>
            <div class="app" ref={self.root.clone()} lang={self.lang.code()} onclick={close_menu} {ondragover} {ondrop}>
                // Past the top bar and the cluster's many buttons in one key press each.
                <a class="skip-link" href="#cluster" onclick={focus::skip_link()}>{ tr(self.lang, Key::SkipToCluster) }</a>
                <a class="skip-link" href="#panels" onclick={focus::skip_link()}>{ tr(self.lang, Key::SkipToPanels) }</a>
                { self.top_bar(&handle, &on_command) }
                { alerts(&AlertsProps { alerts: self.alerts.list().to_vec(), on_command: on_command.clone(), lang: self.lang }) }
                <main class="workspace">
                    <section class="stage" id="cluster" tabindex="-1" ref={self.stage.clone()} aria-label={tr(self.lang, Key::ClusterAria)}>
                        { self.cluster(ctx, &handle, &on_command) }
                        <NowPanel session={handle.clone()} focus={self.selected_partition.clone()} on_command={on_command.clone()} />
                        { self.stage_foot(&on_command) }
                    </section>
                    <aside class="side" id="panels" tabindex="-1">
                        { self.lesson_card(&handle, &on_command) }
                        { self.tab_list(ctx, &SideTab::ALL, self.tab) }
                        { self.tab_panel(self.tab, true, side) }
                    </aside>
                </main>
                <Timeline session={handle.clone()} on_command={on_command.clone()} />
                <EventLog session={handle.clone()} on_command={on_command.clone()} />
                { self.status_bar(&session) }
                { self.broker_menu(ctx, &handle, &on_command) }
                { self.drag_ghost() }
                if let Some(error) = &self.load_error {
                    { error_list(&ErrorListProps { error: error.clone(), on_command: on_command.clone(), lang: self.lang }) }
                }
                if self.show_help {
                    { help_overlay(&HelpOverlayProps { on_command, lang: self.lang }) }
                }
            </div>
            </ContextProvider<Lang>>
        }
    }

    /// The title, the scenario menu, the controls, and the lessons, language, share and embed
    /// buttons.
    fn top_bar(&self, handle: &SessionHandle, on_command: &Callback<Command>) -> Html {
        html! {
            <header class="topbar">
                <h1>{ tr(self.lang, Key::AppTitle) }</h1>
                <ScenarioMenu session={handle.clone()} on_command={on_command.clone()} />
                { controls(&ControlsProps { session: handle.clone(), on_command: on_command.clone(),
                                            show_heartbeats: self.show_heartbeats, lang: self.lang }) }
                <button type="button" class={classes!("lessons-button", (!self.lessons_shown && self.lesson.open.is_none()).then_some("primary"))}
                        data-action="lessons" aria-expanded={(self.lessons_shown || self.lesson.open.is_some()).to_string()}
                        onclick={on_command.reform(|_: MouseEvent| Command::ToggleLessons)}>
                    { tr(self.lang, Key::LessonsButton) }
                </button>
                <LanguageSwitch on_command={on_command.clone()} />
                <crate::components::share::SharePanel session={handle.clone()} compact=true />
                <EmbedCode session={handle.clone()} />
            </header>
        }
    }

    /// Under the cluster: the focus and staged-drops toggles, and the legend.
    fn stage_foot(&self, on_command: &Callback<Command>) -> Html {
        html! {
            <div class="stage-foot">
                <label class="stage-toggle" title={tr(self.lang, Key::FocusTitle)}>
                    <input type="checkbox" checked={self.focus_only} data-action="focus"
                           onchange={on_command.reform(|_: Event| Command::ToggleFocus)} />
                    { match &self.selected_partition {
                        Some((t, p)) => trf(self.lang, Key::FocusOn, &[&format!("{t}-{p}")]),
                        None => tr(self.lang, Key::FocusNone).to_string(),
                    } }
                </label>
                <label class="stage-toggle" title={tr(self.lang, Key::StageDragsTitle)}>
                    <input type="checkbox" checked={self.stage_drops} data-action="stage-drops"
                           onchange={on_command.reform(|_: Event| Command::ToggleStageDrops)} />
                    { tr(self.lang, Key::StageDrags) }
                    { if self.staged.is_empty() { String::new() } else { trf(self.lang, Key::StagedCount, &[&self.staged.len()]) } }
                </label>
                { legend(&LegendProps { show_heartbeats: self.show_heartbeats, lang: self.lang, open: self.first_visit }) }
            </div>
        }
    }

    /// The simulated time, the events processed, and what the last Step did (or the help hint).
    fn status_bar(&self, session: &Session) -> Html {
        let now_ms = session.world.now_ms();
        html! {
            <footer class="statusbar">
                <span data-sim-time-ms={now_ms.to_string()}>{ format!("t = {}", format_time(now_ms)) }</span>
                <span>{ trf(self.lang, Key::StatusEvents, &[&session.world.events_processed()]) }</span>
                if let Some((said, _)) = self.last_step.as_ref()
                    .filter(|(_, at)| *at == session.world.events_processed() && !session.playing) {
                    <span class="last-step" data-last-step="true">
                        { trf(self.lang, Key::StatusStepped, &[&word(self.lang, said)]) }
                    </span>
                } else {
                    <span>{ tr(self.lang, Key::StatusHelp) }</span>
                }
            </footer>
        }
    }

    /// The cluster with its messages in flight (both views).
    pub(super) fn cluster(
        &self,
        ctx: &Context<Self>,
        handle: &SessionHandle,
        on_command: &Callback<Command>,
    ) -> Html {
        let on_menu = ctx
            .link()
            .callback(|(broker, x, y): (BrokerId, i32, i32)| Msg::OpenMenu { broker, x, y });
        html! {
            <>
                <ClusterMap session={handle.clone()} selected_partition={self.selected_partition.clone()}
                            selected_broker={self.selected_broker} on_command={on_command.clone()}
                            {on_menu} on_drag={ctx.link().callback(Msg::DragStart)}
                            drag={self.drag.clone()} />
                { messages_layer(&MessagesLayerProps { session: handle.clone(), positions: self.positions.clone(),
                                                       show_heartbeats: self.show_heartbeats, lang: self.lang,
                                                       focus: self.focus_partition() }) }
            </>
        }
    }

    /// The partition whose messages move in full, in focus mode.
    fn focus_partition(&self) -> Option<replication_core::TopicPartition> {
        self.selected_partition
            .as_ref()
            .filter(|_| self.focus_only)
            .map(|(topic, p)| replication_core::TopicPartition::new(topic, *p))
    }

    /// A broker's context menu, when one is open.
    pub(super) fn broker_menu(
        &self,
        ctx: &Context<Self>,
        handle: &SessionHandle,
        on_command: &Callback<Command>,
    ) -> Html {
        let Some((broker, x, y)) = self.menu else {
            return html! {};
        };
        html! {
            <BrokerMenu session={handle.clone()} {broker} {x} {y} on_command={on_command.clone()}
                        on_close={ctx.link().callback(|_| Msg::CloseMenu)} />
        }
    }

    /// One side panel's content.
    pub(super) fn side_panel(
        &self,
        tab: SideTab,
        handle: &SessionHandle,
        on_command: &Callback<Command>,
    ) -> Html {
        match tab {
            SideTab::Partition => html! {
                <PartitionPanel session={handle.clone()} selected={self.selected_partition.clone()}
                                on_command={on_command.clone()} />
            },
            SideTab::Clients => {
                html! { <ClientsPanel session={handle.clone()} on_command={on_command.clone()} /> }
            }
            SideTab::Faults => {
                html! { <FaultsPanel session={handle.clone()} on_command={on_command.clone()} /> }
            }
            SideTab::Setup => {
                html! { <SetupPanel session={handle.clone()} on_command={on_command.clone()} /> }
            }
            SideTab::Plans => html! {
                <PlansPanel session={handle.clone()} staged={self.staged.clone()} on_command={on_command.clone()} />
            },
            SideTab::Describe => html! { <DescribeView session={handle.clone()} /> },
            SideTab::Charts => html! {
                <Charts session={handle.clone()} selected={self.selected_partition.clone()}
                        on_command={on_command.clone()} />
            },
        }
    }

    /// The lesson card above the side panels: the open lesson's step, or the list of lessons;
    /// nothing while lessons are hidden. Never a tab: a lesson talks about what the cluster
    /// and the panels show, so it must not hide them.
    pub(super) fn lesson_card(
        &self,
        handle: &SessionHandle,
        on_command: &Callback<Command>,
    ) -> Html {
        if !self.lessons_shown && self.lesson.open.is_none() {
            return Html::default();
        }
        html! {
            <LessonPanel session={handle.clone()} state={self.lesson.clone()}
                         lang={if self.lang == Lang::Zh { "zh" } else { "en" }}
                         on_command={on_command.clone()} />
        }
    }
}
