//! The whole playground: the component that owns the session, its messages and state, and
//! the wiring between them: start-up from the address, the animation-frame loop while
//! playing, document listeners, focus into and out of dialogs. Commands, keys, drags and the
//! layout live in the submodules.

use crate::components::messages::NodePositions;
use crate::i18n::{set_document_lang, tr, zh, Key, Lang};
use crate::lessons::LessonState;
use crate::state::alerts::Alerts;
use crate::state::drop::DragState;
use crate::state::plan::StagedPlan;
use crate::state::session::{LoadError, Session, PAGE_ADDRESS};
use crate::state::{Command, PartitionKey};
use gloo_events::{EventListener, EventListenerOptions};
use gloo_render::{request_animation_frame, AnimationFrame};
use replication_core::scenario::parse_scenario;
use replication_core::sim::World;
use replication_core::text::Text;
use replication_core::view::DEFAULT_SCENARIO;
use replication_core::BrokerId;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

mod carry;
mod commands;
mod embed_view;
mod focus;
mod keys;
mod lessons;
mod tabs;
mod view;
pub use embed_view::AppProps;

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
    host: embed_view::Host,
    _instance: embed_view::Instance,
    /// Focus last moved by Tab, not by a pointer: then Space presses the focused button.
    tabbed: Rc<Cell<bool>>,
    _listeners: PageListeners,
}

/// What the address asked for before the app's first render, applied to the session: a start
/// time (`?t=<ms>`), a shared run (`#run=…`), a lesson step (`lesson=<id>&step=<n>`, as the
/// docs site embeds them). The lesson opened, and the problems for the error list.
fn open_address(
    session: &mut Session,
    query: &str,
    fragment: &str,
) -> (LessonState, Option<LoadError>) {
    let problem = |problem| LoadError {
        source: PAGE_ADDRESS.to_string(),
        problems: vec![problem],
    };
    let load_error = match crate::state::url::start_time(query) {
        Ok(Some(t)) => {
            session.fast_forward(t);
            None
        }
        Ok(None) => None,
        Err(p) => Some(problem(p)),
    };
    // A shared run (`#run=…`) replays the setup and actions it holds, exactly.
    let load_error = load_error.or_else(|| crate::state::url::open_shared_run(session, fragment));
    let (lesson, lesson_problem) = LessonState::from_query(query, session);
    (
        lesson,
        embed_view::merge(load_error, lesson_problem.map(problem)),
    )
}

/// The world's first partition: selected at the start, and after a load that lost the one
/// selected.
fn first_partition(world: &World) -> Option<PartitionKey> {
    world
        .partitions()
        .next()
        .map(|p| (p.tp.topic.to_string(), p.tp.partition))
}

/// The language to show first, and whether the Chinese text is still to come: the one asked
/// for (`lang=` or the JS API's `lang`; a wrong one is among the options' problems), else the
/// browser's; English until the Chinese text has arrived (an English reader never fetches it).
fn start_language(ctx: &Context<App>) -> (Lang, bool) {
    let navigator_language = web_sys::window().and_then(|w| w.navigator().language());
    let asked = Lang::chosen(ctx.props().options.lang, navigator_language);
    let awaiting_chinese = asked == Lang::Zh && !zh::loaded();
    if awaiting_chinese {
        fetch_chinese(ctx);
    }
    let lang = if awaiting_chinese { Lang::En } else { asked };
    set_document_lang(lang, !ctx.props().options.api);
    (lang, awaiting_chinese)
}

/// The document and window listeners the app holds for its life: keys, pointer presses (to
/// tell Tab focus from pointer focus) and resizes.
struct PageListeners {
    _keys: Option<EventListener>,
    _pointer: Option<EventListener>,
    _resize: Option<EventListener>,
}

impl PageListeners {
    fn new(ctx: &Context<App>, tabbed: &Rc<Cell<bool>>, root: &NodeRef) -> Self {
        let document = web_sys::window().and_then(|w| w.document());
        let keys = document.as_ref().map(|doc| {
            let link = ctx.link().clone();
            let tabbed = Rc::clone(tabbed);
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
                        if keys::claims_default(&root, e, tabbed.get()) {
                            e.prevent_default();
                        }
                        link.send_message(Msg::Key(e.clone()));
                    }
                },
            )
        });
        let pointer = document.as_ref().map(|doc| {
            let tabbed = Rc::clone(tabbed);
            EventListener::new(doc, "pointerdown", move |_| tabbed.set(false))
        });
        let resize = web_sys::window().map(|w| {
            let link = ctx.link().clone();
            EventListener::new(&w, "resize", move |_| link.send_message(Msg::Relayout))
        });
        PageListeners {
            _keys: keys,
            _pointer: pointer,
            _resize: resize,
        }
    }
}

impl Component for App {
    type Message = Msg;
    type Properties = AppProps;

    fn create(ctx: &Context<Self>) -> Self {
        let scenario =
            parse_scenario(DEFAULT_SCENARIO).expect("the bundled default scenario is valid");
        let mut session = Session::new(scenario).expect("the bundled default scenario builds");
        // The embedding page's scenario, speed and autoplay.
        let option_error = embed_view::start(&mut session, ctx.props());
        let query = ctx.props().query.to_string();
        let fragment = web_sys::window()
            .and_then(|w| w.location().hash().ok())
            .unwrap_or_default();
        let (lesson, load_error) = open_address(&mut session, &query, &fragment);
        let (lang, awaiting_chinese) = start_language(ctx);
        let selected_partition = first_partition(&session.world);
        // A fresh page (no scenario, lesson, time or shared run asked for) offers the lessons
        // and opens the legend: where a newcomer starts.
        let first_visit = !ctx.props().options.embed
            && !ctx.props().options.api
            && load_error.is_none()
            && fresh_page(&query, &fragment);
        let tabbed = Rc::new(Cell::new(false));
        let root = NodeRef::default();
        let listeners = PageListeners::new(ctx, &tabbed, &root);
        let load_error = embed_view::merge(option_error, load_error);
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
            tab: embed_view::first_tab(ctx.props()).unwrap_or(SideTab::Partition),
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
            host: embed_view::Host::new(ctx.props()),
            _instance: embed_view::Instance::new(),
            tabbed,
            _listeners: listeners,
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
            self.embed_view(ctx)
        } else {
            self.page_view(ctx)
        }
    }
}

impl App {
    /// What `update` does for each message; `update` adds what every message shares.
    fn handle(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::Frame(ts) => self.frame(ctx, ts),
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
            Msg::DragStart(state) => self.drag_start(ctx, state),
            Msg::DragMove { x, y, copy } => self.drag_move(x, y, copy),
            Msg::DragEnd => self.drag_end(ctx),
            Msg::ChineseLoaded(result) => self.chinese_loaded(ctx, result),
            Msg::Tab(tab) => {
                self.tab = tab;
                self.layout_dirty = true;
                true
            }
        }
    }

    /// An animation frame while playing: advance the run by the time since the last frame
    /// (stopping at a lesson step's end), and ask for the next frame.
    fn frame(&mut self, ctx: &Context<Self>, ts: f64) -> bool {
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

    /// The Chinese text arrived (switch to it, unless English was chosen meanwhile), or could
    /// not be had (listed with any problems already shown).
    fn chinese_loaded(&mut self, ctx: &Context<Self>, result: Result<(), Text>) -> bool {
        match result {
            Ok(()) => {
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
            Err(problem) => {
                std::mem::take(&mut self.awaiting_chinese) && {
                    let failed = LoadError {
                        source: zh::FILE.to_string(),
                        problems: vec![problem],
                    };
                    self.load_error = embed_view::merge(self.load_error.take(), Some(failed));
                    true
                }
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
