//! The whole playground: owns the session, runs the animation-frame loop while playing, routes
//! commands from components, and lays the page out.

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
use crate::components::messages::{
    legend, messages_layer, LegendProps, MessagesLayerProps, NodePositions,
};
use crate::components::now::NowPanel;
use crate::components::partition::PartitionPanel;
use crate::components::plans::PlansPanel;
use crate::components::scenarios::{
    dropped_file, error_list, load_file, ErrorListProps, ScenarioMenu,
};
use crate::components::setup::SetupPanel;
use crate::components::timeline::Timeline;
use crate::format::format_time;
use crate::i18n::{set_document_lang, tr, trf, zh, Key, Lang};
use crate::lessons::LessonState;
use crate::state::alerts::Alerts;
use crate::state::drop::{check_drop, DragState};
use crate::state::plan::StagedPlan;
use crate::state::session::{next_speed, LoadError, Session, CLUSTER_SETUP, PAGE_ADDRESS};
use crate::state::{Command, PartitionKey, SessionHandle};
use gloo_events::{EventListener, EventListenerOptions};
use gloo_render::{request_animation_frame, AnimationFrame};
use replication_core::examples::example;
use replication_core::scenario::parse_scenario;
use replication_core::text::Text;
use replication_core::view::{ClusterView, PartitionView, DEFAULT_SCENARIO};
use replication_core::{text, BrokerId};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

mod embed;
mod focus;
mod tabs;
pub use embed::AppProps;

/// Document-level listeners that follow the pointer while a chip is dragged (the pointer
/// leaves the chip, so the chip cannot listen itself).
fn drag_listeners(ctx: &Context<App>) -> Vec<EventListener> {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return Vec::new();
    };
    let moved = ctx.link().clone();
    let ended = ctx.link().clone();
    let cancelled = ctx.link().clone();
    vec![
        EventListener::new(&doc, "pointermove", move |e| {
            if let Some(e) = e.dyn_ref::<PointerEvent>() {
                moved.send_message(Msg::DragMove {
                    x: e.client_x(),
                    y: e.client_y(),
                    copy: e.shift_key(),
                });
            }
        }),
        EventListener::new(&doc, "pointerup", move |_| ended.send_message(Msg::DragEnd)),
        EventListener::new(&doc, "pointercancel", move |_| {
            cancelled.send_message(Msg::DragEnd)
        }),
    ]
}

/// The broker card under a point of the page, if any, and if it is this app's (`root`).
fn broker_at(root: &NodeRef, x: i32, y: i32) -> Option<BrokerId> {
    let doc = web_sys::window()?.document()?;
    let el = doc.element_from_point(x as f32, y as f32)?;
    let card = el.closest("[data-broker]").ok()??;
    if !root.cast::<web_sys::Node>()?.contains(Some(&card)) {
        return None;
    }
    card.get_attribute("data-broker")?
        .parse()
        .ok()
        .map(BrokerId)
}

/// While playing, node positions are re-measured this often (cards can change size as their
/// badges change).
const REMEASURE_FRAMES: u64 = 30;

pub enum Msg {
    Frame(f64),
    Command(Command),
    Key(KeyboardEvent),
    /// The cluster's layout may have moved (resize, structure change): measure node positions
    /// after the next render.
    Relayout,
    /// Newly measured node positions.
    Positions(NodePositions),
    OpenMenu {
        broker: BrokerId,
        x: i32,
        y: i32,
    },
    /// A chip was pressed (or picked up with Enter).
    DragStart(DragState),
    /// The pointer moved while a chip is held: position and whether Shift (copy) is down.
    DragMove {
        x: i32,
        y: i32,
        copy: bool,
    },
    /// The pointer was released.
    DragEnd,
    CloseMenu,
    Tab(SideTab),
    /// The Chinese text arrived (`zh.json`), or could not be had.
    ChineseLoaded(Result<(), Text>),
}

mod lessons;

/// The side panel's tabs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SideTab {
    Partition,
    Clients,
    Faults,
    Setup,
    Plans,
    Describe,
    Charts,
}

impl SideTab {
    const ALL: [SideTab; 7] = [
        SideTab::Partition,
        SideTab::Clients,
        SideTab::Faults,
        SideTab::Setup,
        SideTab::Plans,
        SideTab::Describe,
        SideTab::Charts,
    ];
    fn label(self, lang: Lang) -> &'static str {
        tr(
            lang,
            match self {
                SideTab::Partition => Key::TabPartition,
                SideTab::Clients => Key::TabClients,
                SideTab::Faults => Key::TabFaults,
                SideTab::Setup => Key::TabSetup,
                SideTab::Plans => Key::TabPlans,
                SideTab::Describe => Key::TabDescribe,
                SideTab::Charts => Key::TabCharts,
            },
        )
    }
}

pub struct App {
    session: Rc<RefCell<Session>>,
    frame: Option<AnimationFrame>,
    last_frame_ts: Option<f64>,
    selected_partition: Option<PartitionKey>,
    selected_broker: Option<BrokerId>,
    /// Moves staged for one reassignment plan.
    staged: StagedPlan,
    /// Drops add to the staged plan instead of starting a reassignment each.
    stage_drops: bool,
    show_heartbeats: bool,
    /// Focus mode: only the selected partition's messages move in full.
    focus_only: bool,
    /// The developer view (`?dev`): invariant reports raise alerts.
    dev: bool,
    show_help: bool,
    tab: SideTab,
    /// The guided lesson and step on screen, if any.
    lesson: LessonState,
    /// The lesson card is shown above the side panels (the list of lessons when none is open).
    lessons_shown: bool,
    /// The page opened plain (no scenario, lesson or run asked for): the legend starts open.
    first_visit: bool,
    /// Some element carries a lesson step's evidence mark (`mark_evidence`).
    evidence_marked: Cell<bool>,
    /// The dialog open at the last render: the focus went into it when it opened.
    dialog_focused: Option<web_sys::Element>,
    menu: Option<(BrokerId, i32, i32)>,
    /// What the last Step processed, and the run's event count after it: said in the status
    /// bar while the run is still there (any other move changes the count).
    last_step: Option<(Text, u64)>,
    /// What had focus when help, the load errors or a broker menu opened: it gets focus back
    /// when they close.
    return_focus: Option<web_sys::HtmlElement>,
    /// A replica chip being dragged or carried by keyboard, with the document listeners that
    /// follow the pointer while it is.
    drag: Option<DragState>,
    drag_listeners: Vec<EventListener>,
    load_error: Option<LoadError>,
    /// Losses, checker reports (`?dev`) and a run-budget stop, read from the trace.
    alerts: Alerts,
    positions: NodePositions,
    /// Measure node positions after the next render. Measuring forces a layout, so it happens
    /// only after something that can move nodes, and every `REMEASURE_FRAMES` while playing.
    layout_dirty: bool,
    frames: u64,
    stage: NodeRef,
    /// The language shown (`?lang=`, else the browser's, switched live); English while the
    /// Chinese text is on its way.
    lang: Lang,
    /// Chinese was asked for and its text (`zh.json`) is on its way: show it when it arrives,
    /// unless English was chosen meanwhile.
    awaiting_chinese: bool,
    /// The app's outermost element: keys and drops belong to this instance only inside it.
    root: NodeRef,
    /// What the host page is told (`ready`, `step`, elections, losses), when embedded.
    host: embed::Host,
    _instance: embed::Instance,
    /// Focus last moved by Tab, not by a pointer: then Space presses the focused button.
    tabbed: Rc<Cell<bool>>,
    _keys: Option<EventListener>,
    _pointer: Option<EventListener>,
    _resize: Option<EventListener>,
}

impl Component for App {
    type Message = Msg;
    type Properties = AppProps;

    fn create(ctx: &Context<Self>) -> Self {
        let scenario =
            parse_scenario(DEFAULT_SCENARIO).expect("the bundled default scenario is valid");
        let mut session = Session::new(scenario).expect("the bundled default scenario builds");
        // The embedding page's scenario, speed and autoplay.
        let option_error = embed::start(&mut session, ctx.props());
        // The address may ask to open the run at a later time (`?t=<ms>`).
        let query = ctx.props().query.to_string();
        let load_error = match crate::state::url::start_time(&query) {
            Ok(Some(t)) => {
                session.fast_forward(t);
                None
            }
            Ok(None) => None,
            Err(problem) => Some(LoadError {
                source: PAGE_ADDRESS.to_string(),
                problems: vec![problem],
            }),
        };
        // A shared run (`#run=…`) replays the setup and actions it holds, exactly.
        let fragment = web_sys::window()
            .and_then(|w| w.location().hash().ok())
            .unwrap_or_default();
        let load_error =
            load_error.or_else(|| crate::state::url::open_shared_run(&mut session, &fragment));
        // The language asked for (`lang=` or the JS API's `lang`; a wrong one is among the
        // options' problems), else the browser's.
        let navigator_language = web_sys::window().and_then(|w| w.navigator().language());
        let asked = Lang::chosen(ctx.props().options.lang, navigator_language);
        // English until the Chinese text has arrived (an English reader never fetches it).
        let awaiting_chinese = asked == Lang::Zh && !zh::loaded();
        if awaiting_chinese {
            fetch_chinese(ctx);
        }
        let lang = if awaiting_chinese { Lang::En } else { asked };
        set_document_lang(lang, !ctx.props().options.api);
        // `lesson=<id>&step=<n>` opens a lesson at that step (the docs site embeds these).
        let (lesson, lesson_problem) = LessonState::from_query(&query, &mut session);
        let load_error = embed::merge(
            load_error,
            lesson_problem.map(|problem| LoadError {
                source: PAGE_ADDRESS.to_string(),
                problems: vec![problem],
            }),
        );
        let selected_partition = session
            .world
            .partitions()
            .next()
            .map(|p| (p.tp.topic.to_string(), p.tp.partition));
        // A fresh page (no scenario, lesson, time or shared run asked for) offers the lessons
        // and opens the legend: where a newcomer starts.
        let first_visit = !ctx.props().options.embed
            && !ctx.props().options.api
            && load_error.is_none()
            && fresh_page(&query, &fragment);
        let tabbed = Rc::new(Cell::new(false));
        let document = web_sys::window().and_then(|w| w.document());
        let root = NodeRef::default();
        let keys = document.as_ref().map(|doc| {
            let link = ctx.link().clone();
            let tabbed = Rc::clone(&tabbed);
            let root = root.clone();
            // Not passive: Space must not also scroll the page or press the focused button.
            EventListener::new_with_options(
                doc,
                "keydown",
                EventListenerOptions::enable_prevent_default(),
                move |e| {
                    if let Some(e) = e.dyn_ref::<KeyboardEvent>() {
                        if e.key() == "Tab" {
                            tabbed.set(true);
                        }
                        // Decided now: Yew may handle the message a few tasks later on a busy
                        // page, after the browser has moved the focus or pressed the button.
                        if claims_default(&root, e, tabbed.get()) {
                            e.prevent_default();
                        }
                        link.send_message(Msg::Key(e.clone()));
                    }
                },
            )
        });
        let pointer = document.as_ref().map(|doc| {
            let tabbed = Rc::clone(&tabbed);
            EventListener::new(doc, "pointerdown", move |_| tabbed.set(false))
        });
        let resize = web_sys::window().map(|w| {
            let link = ctx.link().clone();
            EventListener::new(&w, "resize", move |_| link.send_message(Msg::Relayout))
        });
        let load_error = embed::merge(option_error, load_error);
        App {
            session: Rc::new(RefCell::new(session)),
            frame: None,
            last_frame_ts: None,
            selected_partition,
            selected_broker: None,
            staged: StagedPlan::default(),
            stage_drops: false,
            show_heartbeats: false,
            focus_only: true,
            dev: ctx.props().options.dev,
            show_help: false,
            tab: embed::first_tab(ctx.props()).unwrap_or(SideTab::Partition),
            // A fresh page (no scenario, lesson, time or shared run asked for) offers the
            // lessons: where a newcomer starts.
            lessons_shown: lesson.open.is_some() || first_visit,
            first_visit,
            evidence_marked: Cell::new(false),
            dialog_focused: None,
            lesson,
            menu: None,
            last_step: None,
            return_focus: None,
            drag: None,
            drag_listeners: Vec::new(),
            load_error,
            alerts: Alerts::default(),
            positions: NodePositions::default(),
            layout_dirty: true,
            frames: 0,
            stage: NodeRef::default(),
            lang,
            awaiting_chinese,
            root,
            host: embed::Host::new(ctx.props()),
            _instance: embed::Instance::new(),
            tabbed,
            _keys: keys,
            _pointer: pointer,
            _resize: resize,
        }
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        let was_open = self.overlay_open();
        let changed = self.handle(ctx, msg);
        if !was_open && self.overlay_open() {
            // Before the render that takes focus into the dialog or menu.
            self.return_focus = focus::active_element();
        }
        changed
    }

    fn rendered(&mut self, ctx: &Context<Self>, first_render: bool) {
        // Only a changed measurement re-renders.
        if std::mem::take(&mut self.layout_dirty) {
            let measured = NodePositions::measure(&self.stage);
            if measured != self.positions {
                ctx.link().send_message(Msg::Positions(measured));
            }
        }
        // Focus goes into a dialog when it opens, not on every render after: with several
        // playgrounds on a page, one with a dialog open must not take the focus back from
        // another whenever it re-renders.
        let dialog = self.open_dialog();
        let new = |d: &web_sys::Element| {
            self.dialog_focused
                .as_ref()
                .is_none_or(|seen| !seen.is_same_node(Some(d)))
        };
        if let Some(dialog) = dialog.as_ref().filter(|d| new(d)) {
            focus::focus_into(dialog);
        }
        self.dialog_focused = dialog.clone();
        if dialog.is_none() && !self.overlay_open() {
            if let Some(opener) = self.return_focus.take() {
                focus::restore(&opener);
            }
        }
        if first_render {
            self.started(ctx);
        }
        self.mark_evidence();
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        if ctx.props().options.embed {
            return self.embed_view(ctx);
        }
        let handle = SessionHandle::new(Rc::clone(&self.session));
        let on_command = ctx.link().callback(Msg::Command);
        let session = self.session.borrow();
        let now_ms = session.world.now_ms();
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
                <header class="topbar">
                    <h1>{ crate::i18n::tr(self.lang, crate::i18n::Key::AppTitle) }</h1>
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
                { alerts(&AlertsProps { alerts: self.alerts.list().to_vec(), on_command: on_command.clone(), lang: self.lang }) }
                <main class="workspace">
                    <section class="stage" id="cluster" tabindex="-1" ref={self.stage.clone()} aria-label={tr(self.lang, Key::ClusterAria)}>
                        { self.cluster(ctx, &handle, &on_command) }
                        <NowPanel session={handle.clone()} focus={self.selected_partition.clone()} on_command={on_command.clone()} />
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
                    </section>
                    <aside class="side" id="panels" tabindex="-1">
                        { self.lesson_card(&handle, &on_command) }
                        { self.tab_list(ctx, &SideTab::ALL, self.tab) }
                        { self.tab_panel(self.tab, true, side) }
                    </aside>
                </main>
                <Timeline session={handle.clone()} on_command={on_command.clone()} />
                <EventLog session={handle.clone()} on_command={on_command.clone()} />
                <footer class="statusbar">
                    <span data-sim-time-ms={now_ms.to_string()}>{ format!("t = {}", format_time(now_ms)) }</span>
                    <span>{ crate::i18n::trf(self.lang, crate::i18n::Key::StatusEvents, &[&session.world.events_processed()]) }</span>
                    if let Some((said, _)) = self.last_step.as_ref()
                        .filter(|(_, at)| *at == session.world.events_processed() && !session.playing) {
                        <span class="last-step" data-last-step="true">
                            { trf(self.lang, Key::StatusStepped, &[&crate::i18n::word(self.lang, said)]) }
                        </span>
                    } else {
                        <span>{ crate::i18n::tr(self.lang, crate::i18n::Key::StatusHelp) }</span>
                    }
                </footer>
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
}

impl App {
    /// What `update` does for each message; `update` adds what every message shares.
    fn handle(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::Frame(ts) => {
                self.frame = None;
                let dt = self.last_frame_ts.map_or(0.0, |last| ts - last);
                self.last_frame_ts = Some(ts);
                self.frames += 1;
                if self.frames % REMEASURE_FRAMES == 0 {
                    self.layout_dirty = true;
                }
                let before = self.session.borrow().version;
                let cap = self.lesson.segment().map(|s| s.until_ms);
                self.session.borrow_mut().advance_capped(dt, cap);
                self.lesson_frame();
                self.schedule_frame(ctx);
                self.scan_alerts();
                // Messages move even when no event happened, so a playing frame always renders.
                before != self.session.borrow().version || self.session.borrow().playing
            }
            Msg::Command(command) => self.command(ctx, command),
            Msg::Key(e) => self.key(ctx, &e),
            Msg::Relayout => {
                self.layout_dirty = true;
                true
            }
            Msg::Positions(positions) => {
                self.positions = positions;
                true
            }
            Msg::OpenMenu { broker, x, y } => {
                self.menu = Some((broker, x, y));
                true
            }
            Msg::CloseMenu => self.menu.take().is_some(),
            Msg::DragStart(state) => {
                if !state.keyboard {
                    self.drag_listeners = drag_listeners(ctx);
                }
                self.drag = Some(state);
                true
            }
            Msg::DragMove { x, y, copy } => {
                let Some(drag) = self.drag.as_mut() else {
                    return false;
                };
                drag.x = x;
                drag.y = y;
                drag.copy = copy;
                drag.over = broker_at(&self.root, x, y);
                true
            }
            Msg::DragEnd => {
                self.drag_listeners.clear();
                let Some(drag) = self.drag.take() else {
                    return false;
                };
                if drag.is_drag() {
                    self.drop_replica(ctx, &drag);
                }
                true
            }
            Msg::ChineseLoaded(Ok(())) => {
                // An earlier failure to load it is no longer true.
                let stale = self
                    .load_error
                    .as_ref()
                    .is_some_and(|e| e.source == zh::FILE);
                if stale {
                    self.load_error = None;
                }
                let switch = std::mem::take(&mut self.awaiting_chinese);
                (switch && self.command(ctx, Command::SetLang(Lang::Zh))) || stale
            }
            // Listed with any problems already shown, unless English was chosen meanwhile.
            Msg::ChineseLoaded(Err(problem)) => {
                std::mem::take(&mut self.awaiting_chinese) && {
                    let failed = LoadError {
                        source: zh::FILE.to_string(),
                        problems: vec![problem],
                    };
                    self.load_error = embed::merge(self.load_error.take(), Some(failed));
                    true
                }
            }
            Msg::Tab(tab) => {
                self.tab = tab;
                self.layout_dirty = true;
                true
            }
        }
    }

    /// The help or load-error dialog on screen (looked up only when one is open).
    fn open_dialog(&self) -> Option<web_sys::Element> {
        if !self.show_help && self.load_error.is_none() {
            return None;
        }
        focus::open_dialog(&self.root.cast::<web_sys::Element>()?)
    }

    /// Help, the load errors or a broker menu: something that holds keyboard focus.
    fn overlay_open(&self) -> bool {
        self.show_help || self.load_error.is_some() || self.menu.is_some()
    }
}

impl App {
    /// The cluster with its messages in flight (both views).
    fn cluster(
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
    fn broker_menu(
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
    fn side_panel(
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
    fn lesson_card(&self, handle: &SessionHandle, on_command: &Callback<Command>) -> Html {
        if !self.lessons_shown && self.lesson.open.is_none() {
            return Html::default();
        }
        html! {
            <LessonPanel session={handle.clone()} state={self.lesson.clone()}
                         lang={if self.lang == Lang::Zh { "zh" } else { "en" }}
                         on_command={on_command.clone()} />
        }
    }

    /// Drop a dragged or carried replica on the broker it is over: a valid drop starts a
    /// KIP-455 reassignment in the core; an invalid one does nothing (the card said why).
    fn drop_replica(&mut self, ctx: &Context<Self>, drag: &DragState) {
        let Some(to) = drag.over else { return };
        let command = {
            let session = self.session.borrow();
            let cluster = ClusterView::of(&session.world);
            let Some(p) = cluster
                .partitions
                .iter()
                .find(|p| p.topic == drag.partition.0 && p.partition == drag.partition.1)
            else {
                return;
            };
            let p = self.planned(p);
            let Ok(replicas) = check_drop(&p, drag.from, to, drag.copy) else {
                return;
            };
            let (topic, partition) = (p.topic.clone(), p.partition);
            if self.stage_drops {
                Command::StageMove {
                    topic,
                    partition,
                    target: replicas,
                }
            } else {
                // As the plans panel applies it: throttled while a throttle rate is set.
                let plan = vec![replication_core::scenario::PlanEntry {
                    topic,
                    partition,
                    replicas,
                    log_dirs: None,
                }];
                let actions = crate::state::plan::reassignment_actions(&session.world, plan);
                drop(session);
                self.selected_partition = Some(drag.partition.clone());
                for action in actions {
                    self.command(ctx, Command::Act(action));
                }
                return;
            }
        };
        self.selected_partition = Some(drag.partition.clone());
        self.command(ctx, command);
    }

    /// A partition as the staged plan would leave it, when drops are staged: a second move of
    /// the same partition builds on the first.
    fn planned(&self, p: &PartitionView) -> PartitionView {
        match self.staged.target(&p.topic, p.partition) {
            Some(target) if self.stage_drops => PartitionView {
                replicas: target.to_vec(),
                removing_replicas: Vec::new(),
                ..p.clone()
            },
            _ => p.clone(),
        }
    }

    /// Keys while a replica is carried: arrows choose the broker, Enter drops, Shift toggles
    /// copying, Escape cancels.
    fn carry_key(&mut self, ctx: &Context<Self>, e: &KeyboardEvent) -> bool {
        let brokers: Vec<BrokerId> = self
            .session
            .borrow()
            .world
            .brokers()
            .map(|b| b.id)
            .collect();
        let Some(drag) = self.drag.as_mut() else {
            return false;
        };
        let step: i64 = match e.key().as_str() {
            "ArrowRight" | "ArrowDown" => 1,
            "ArrowLeft" | "ArrowUp" => -1,
            "Enter" | " " => {
                e.prevent_default();
                if let Some(drag) = self.drag.take() {
                    self.drop_replica(ctx, &drag);
                }
                return true;
            }
            "Escape" => {
                self.drag = None;
                return true;
            }
            "Shift" => {
                drag.copy = !drag.copy;
                return true;
            }
            _ => return false,
        };
        e.prevent_default();
        let n = brokers.len() as i64;
        let current = drag.over.unwrap_or(drag.from);
        let i = brokers.iter().position(|&b| b == current).unwrap_or(0) as i64;
        drag.over = brokers
            .get((i + step).rem_euclid(n.max(1)) as usize)
            .copied();
        true
    }

    /// The chip following the pointer, or a banner while one is carried by keyboard.
    fn drag_ghost(&self) -> Html {
        let Some(drag) = self.drag.as_ref().filter(|d| d.is_drag()) else {
            return html! {};
        };
        let lang = self.lang;
        let tp = format!("{}-{}", drag.partition.0, drag.partition.1);
        let what = trf(
            lang,
            if drag.copy {
                Key::DragCopy
            } else {
                Key::DragMove
            },
            &[&tp, &drag.from],
        );
        if drag.keyboard {
            let over = drag
                .over
                .map_or_else(|| tr(lang, Key::NoneWord).to_string(), |b| b.to_string());
            return html! {
                <div class="carry-banner" role="status" data-carrying="true">
                    { trf(lang, Key::CarryBanner, &[&what, &over]) }
                </div>
            };
        }
        html! {
            <div class="drag-ghost" aria-hidden="true" style={format!("left: {}px; top: {}px", drag.x + 12, drag.y + 12)}>
                { what }<br /><span class="hint">{ tr(lang, if drag.touch { Key::DragTouchHint } else { Key::DragShiftHint }) }</span>
            </div>
        }
    }

    /// Stop playing (time travel pauses: the user is looking at one moment).
    fn pause(&mut self) {
        self.session.borrow_mut().playing = false;
        self.frame = None;
    }

    fn schedule_frame(&mut self, ctx: &Context<Self>) {
        if self.session.borrow().playing && self.frame.is_none() {
            let link = ctx.link().clone();
            self.frame = Some(request_animation_frame(move |ts| {
                link.send_message(Msg::Frame(ts))
            }));
        }
    }

    fn command(&mut self, ctx: &Context<Self>, command: Command) -> bool {
        // Any command can change what a broker card shows, and so the layout.
        self.layout_dirty = true;
        match command {
            Command::PlayPause => {
                let playing = {
                    let mut s = self.session.borrow_mut();
                    s.playing = !s.playing;
                    s.playing
                };
                if playing {
                    self.last_frame_ts = None;
                    self.schedule_frame(ctx);
                } else {
                    // Paused: drop the pending frame, so nothing runs until play.
                    self.frame = None;
                }
            }
            Command::Step => {
                {
                    let mut session = self.session.borrow_mut();
                    let said = session.world.next_step();
                    if session.step() {
                        self.last_step = said.map(|s| (s, session.world.events_processed()));
                    }
                }
                self.scan_alerts();
            }
            Command::StepBack => {
                self.pause();
                self.session.borrow_mut().step_back();
                self.scan_alerts();
            }
            Command::Seek(time_ms) => {
                self.pause();
                self.session.borrow_mut().seek(time_ms);
                self.scan_alerts();
            }
            Command::DiscardBranch => self.session.borrow_mut().history.discard_branch(),
            Command::Reset => self.restart(|s| s.reset()),
            Command::Reseed(seed) => self.restart(|s| s.reseed(seed)),
            Command::SetSpeed(speed) => self.session.borrow_mut().set_speed(speed),
            Command::Faster | Command::Slower => {
                let mut s = self.session.borrow_mut();
                let speed = next_speed(s.speed, command == Command::Faster);
                s.set_speed(speed);
            }
            Command::Act(action) => {
                self.session.borrow_mut().act(action);
                self.scan_alerts();
            }
            Command::ApplySetup(scenario) => {
                let result = self.session.borrow_mut().load(CLUSTER_SETUP, *scenario);
                self.after_load(result);
            }
            Command::LoadExample(id) => match example(&id) {
                Some(e) => {
                    let result = self.session.borrow_mut().load_json(e.id, e.json);
                    self.after_load(result);
                }
                None => {
                    self.load_error = Some(LoadError {
                        source: id.clone(),
                        problems: vec![text!(
                            "there is no bundled example named {id}",
                            id = format!("{id:?}")
                        )],
                    })
                }
            },
            Command::LoadFile { name, text } => {
                let result = self.session.borrow_mut().load_json(&name, &text);
                self.after_load(result);
            }
            Command::StageMove {
                topic,
                partition,
                target,
            } => self.staged.stage(&topic, partition, target),
            Command::UnstageMove { topic, partition } => {
                self.staged.remove(&topic, partition);
            }
            Command::ClearStaged => self.staged.clear(),
            Command::ToggleStageDrops => self.stage_drops = !self.stage_drops,
            Command::ApplyStaged => {
                let plan =
                    crate::components::plans::check_staged(&self.session.borrow(), &self.staged);
                if let Ok(partitions) = plan {
                    self.session
                        .borrow_mut()
                        .act(replication_core::scenario::Action::ReassignPlan { partitions });
                    self.staged.clear();
                    self.scan_alerts();
                }
            }
            Command::SelectPartition(key) => {
                self.selected_partition = Some(key);
                // Tabs with their own use for the selection (staged moves, charts, a lesson)
                // stay; from the others the partition's detail opens.
                if !matches!(self.tab, SideTab::Plans | SideTab::Charts) {
                    self.tab = SideTab::Partition;
                }
            }
            Command::SkipTo(time_ms) => {
                {
                    let mut s = self.session.borrow_mut();
                    let lead = crate::components::now::skip_lead_ms(s.speed);
                    s.skip_to(time_ms, lead);
                }
                self.last_frame_ts = None;
                self.schedule_frame(ctx);
                self.scan_alerts();
            }
            Command::ToggleFocus => self.focus_only = !self.focus_only,
            Command::ToggleLessons => {
                self.lessons_shown = !(self.lessons_shown || self.lesson.open.is_some());
                if !self.lessons_shown && self.lesson.open.is_some() {
                    self.lesson_command(ctx, crate::lessons::player::LessonCommand::Close);
                }
            }
            Command::SelectBroker(broker) => self.selected_broker = broker,
            Command::ToggleHeartbeats => self.show_heartbeats = !self.show_heartbeats,
            Command::ToggleHelp => self.show_help = !self.show_help,
            Command::DismissErrors => self.load_error = None,
            Command::ShowLoadError(error) => self.load_error = Some(error),
            Command::Lesson(command) => self.lesson_command(ctx, command),
            Command::DismissAlert(i) => self.alerts.dismiss(i),
            Command::SetLang(lang) => {
                if lang == Lang::Zh && !zh::loaded() {
                    // A fetch already on its way is joined, not repeated (`zh::load`).
                    self.awaiting_chinese = true;
                    fetch_chinese(ctx);
                    return false;
                }
                self.awaiting_chinese = false;
                self.lang = lang;
                set_document_lang(lang, !ctx.props().options.api);
            }
        }
        true
    }

    /// Restart the session in place (reset, reseed): alerts belong to the old run.
    fn restart(&mut self, f: impl FnOnce(&mut Session)) {
        f(&mut self.session.borrow_mut());
        self.alerts.clear();
    }

    fn after_load(&mut self, result: Result<(), LoadError>) {
        match result {
            Ok(()) => {
                self.load_error = None;
                self.staged.clear();
                self.alerts.clear();
                self.menu = None;
                let s = self.session.borrow();
                let still_there = self.selected_partition.as_ref().is_some_and(|(t, p)| {
                    s.world
                        .partitions()
                        .any(|x| &*x.tp.topic == t && x.tp.partition == *p)
                });
                if !still_there {
                    self.selected_partition = s
                        .world
                        .partitions()
                        .next()
                        .map(|p| (p.tp.topic.to_string(), p.tp.partition));
                }
            }
            // The page stays as it was, with the file's problems listed.
            Err(error) => self.load_error = Some(error),
        }
    }

    /// Raise an alert for every data loss and invariant violation the checker reported since
    /// the last scan (`state::alerts`), and pause a run that has just gone over a run budget.
    fn scan_alerts(&mut self) {
        let stopped = {
            let s = self.session.borrow();
            self.alerts.scan(&s.world, s.run, self.dev)
        };
        if stopped {
            self.pause();
        }
        self.host.notify(&self.session.borrow(), &self.root);
    }

    fn key(&mut self, ctx: &Context<Self>, e: &KeyboardEvent) -> bool {
        if e.ctrl_key() || e.meta_key() || e.alt_key() || !embed::owns_key(&self.root, e) {
            return false;
        }
        let target = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        // An open dialog keeps Tab inside it (its buttons are all there is to reach).
        if e.key() == "Tab" {
            if let Some(dialog) = self.open_dialog() {
                e.prevent_default();
                focus::cycle(&dialog, e.shift_key());
                return false;
            }
        }
        // A replica carried by keyboard: arrows choose a broker, Enter or Space drops it.
        if self.drag.as_ref().is_some_and(|d| d.keyboard) {
            return self.carry_key(ctx, e);
        }
        // Typing in a field is not a shortcut (Escape still closes what is open), and Space on
        // a button focused from the keyboard presses it.
        let typing = target.as_ref().is_some_and(focus::takes_text);
        let pressing = e.key() == " "
            && self.tabbed.get()
            && target.as_ref().is_some_and(focus::space_presses);
        if (typing && e.key() != "Escape") || pressing {
            return false;
        }
        let command = match e.key().as_str() {
            " " | "k" => Command::PlayPause,
            "." | "s" => Command::Step,
            "," => Command::StepBack,
            "r" => Command::Reset,
            "]" | "+" | "=" => Command::Faster,
            "[" | "-" => Command::Slower,
            "h" => Command::ToggleHeartbeats,
            "?" => Command::ToggleHelp,
            "Escape" => {
                let changed = self.show_help || self.menu.is_some() || self.load_error.is_some();
                self.show_help = false;
                self.menu = None;
                self.load_error = None;
                return changed;
            }
            _ => return false,
        };
        // Space on a button last clicked with the mouse would also press it again; the
        // shortcut wins.
        if e.key() == " " {
            e.prevent_default();
        }
        self.command(ctx, command)
    }
}

/// Whether the app takes over a key's default action (as `App::key` then does): Tab inside an
/// open dialog (the app keeps the focus in it), and Space unless it types into a field or
/// presses a control reached with Tab (it plays, pauses or drops a carried replica).
fn claims_default(root: &NodeRef, e: &KeyboardEvent, tabbed: bool) -> bool {
    if e.ctrl_key() || e.meta_key() || e.alt_key() || !embed::owns_key(root, e) {
        return false;
    }
    let target = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
    match e.key().as_str() {
        "Tab" => root
            .cast::<web_sys::Element>()
            .is_some_and(|r| focus::open_dialog(&r).is_some()),
        " " => !target
            .as_ref()
            .is_some_and(|t| focus::takes_text(t) || (tabbed && focus::space_presses(t))),
        _ => false,
    }
}

/// Fetch the Chinese text (`zh.json`, beside `index.html`) and tell the app.
fn fetch_chinese(ctx: &Context<App>) {
    let link = ctx.link().clone();
    zh::load(move |result| link.send_message(Msg::ChineseLoaded(result)));
}

/// Whether the page opened plain: no scenario, lesson, start time or shared run in its address.
fn fresh_page(query: &str, fragment: &str) -> bool {
    let asks = |name: &str| {
        query
            .trim_start_matches('?')
            .split('&')
            .any(|pair| pair.split('=').next() == Some(name))
    };
    !fragment.starts_with("#run=") && !["scenario", "lesson", "t"].iter().any(|n| asks(n))
}
