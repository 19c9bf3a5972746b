//! Embed mode: the compact view (the cluster and a slim control bar, plus the panels asked
//! for), the options that start it, and what the app tells its host page. Several instances
//! can share a page: each keeps to its own root.

use super::{App, Msg, SideTab};
use crate::components::event_log::EventLog;
use crate::components::scenarios::{error_list, source_label, ErrorListProps};
use crate::components::timeline::Timeline;
use crate::format::{fixed, format_time, short};
use crate::i18n::{colon, scenario_description, tr, trf, Key, Lang};
use crate::state::embed_options::{Options, Panel};
use crate::state::session::{
    slider_from_speed, speed_from_slider, speed_label, LoadError, Session, MAX_SPEED, MIN_SPEED,
    PAGE_ADDRESS,
};
use crate::state::trace_cursor::TraceCursor;
use crate::state::{Command, SessionHandle};
use replication_core::scenario::bundled::bundled;
use replication_core::sim::trace::EventKind;
use replication_core::text::Text;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// `source` of every message the app posts, so a host can tell them from other messages.
pub const MESSAGE_SOURCE: &str = "kafka-replication-playground";
/// The DOM event dispatched (bubbling) from an instance mounted by the JS API; its `detail` is
/// the message.
pub const DOM_EVENT: &str = "kafka-playground";

/// The app's properties: what the page address or the JS API asked for.
#[derive(Properties, PartialEq, Clone, Default)]
pub struct AppProps {
    /// The page address's query string when the app owns the page (`mount_to_body`); empty
    /// when mounted by the JS API (the host page's address is not the app's).
    #[prop_or_default]
    pub query: AttrValue,
    #[prop_or_default]
    pub options: Options,
    /// Problems reading the options, shown in the error list.
    #[prop_or_default]
    pub problems: Vec<Text>,
}

/// Apply the options to a fresh session: scenario, speed, autoplay. Problems (including
/// those found reading the options) come back for the error list; with problems the app
/// does not start playing.
pub(super) fn start(session: &mut Session, props: &AppProps) -> Option<LoadError> {
    let options = &props.options;
    let mut problems = props.problems.clone();
    if let Some(e) = options.scenario.as_deref().and_then(bundled) {
        if let Err(error) = session.load_json(e.id, e.json) {
            problems.extend(error.problems);
        }
    }
    if let Some(speed) = options.speed {
        session.set_speed(speed);
    }
    session.playing = options.autoplay && problems.is_empty();
    (!problems.is_empty()).then(|| LoadError {
        source: PAGE_ADDRESS.to_string(),
        problems,
    })
}

/// Both lists of problems in one.
pub(super) fn merge(a: Option<LoadError>, b: Option<LoadError>) -> Option<LoadError> {
    match (a, b) {
        (Some(mut a), Some(b)) => {
            a.problems.extend(b.problems);
            Some(a)
        }
        (a, b) => a.or(b),
    }
}

thread_local! {
    static LIVE: Cell<usize> = const { Cell::new(0) };
}

/// Counts the playgrounds alive on the page (keys go to every instance when there is one).
pub(super) struct Instance;

impl Instance {
    pub fn new() -> Self {
        LIVE.with(|n| n.set(n.get() + 1));
        Instance
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        LIVE.with(|n| n.set(n.get().saturating_sub(1)));
    }
}

/// Whether a key press is this instance's: with one playground on the page every key is;
/// with several, only keys pressed while the focus is inside this one.
pub(super) fn owns_key(root: &NodeRef, e: &KeyboardEvent) -> bool {
    if LIVE.with(Cell::get) <= 1 {
        return true;
    }
    let target = e.target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
    root.cast::<web_sys::Node>()
        .is_some_and(|root| root.contains(target.as_ref()))
}

fn set(object: &js_sys::Object, key: &str, value: impl Into<JsValue>) {
    let _ = js_sys::Reflect::set(object, &JsValue::from_str(key), &value.into());
}

fn message(kind: &str, time_ms: u64) -> js_sys::Object {
    let m = js_sys::Object::new();
    set(&m, "source", MESSAGE_SOURCE);
    set(&m, "type", kind);
    set(&m, "time_ms", time_ms as f64);
    m
}

/// What the host page is told: `postMessage` to `window.parent` when the app is in an
/// iframe, a DOM event on the app's root when the JS API mounted it. Nothing (and no trace
/// scanning) otherwise.
pub(super) struct Host {
    parent: Option<web_sys::Window>,
    dom: bool,
    /// How much of the run's trace has been told.
    told: TraceCursor,
    time_ms: u64,
}

impl Host {
    pub fn new(props: &AppProps) -> Host {
        let parent = web_sys::window().and_then(|w| {
            let parent = w.parent().ok()??;
            (!js_sys::Object::is(&parent, &w)).then_some(parent)
        });
        Host {
            parent,
            dom: props.options.api,
            told: TraceCursor::default(),
            time_ms: 0,
        }
    }

    fn post(&self, root: &NodeRef, message: &js_sys::Object) {
        if let Some(parent) = &self.parent {
            let _ = parent.post_message(message, "*");
        }
        if self.dom {
            if let Some(el) = root.cast::<web_sys::Element>() {
                let init = web_sys::CustomEventInit::new();
                init.set_detail(message);
                init.set_bubbles(true);
                if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(DOM_EVENT, &init)
                {
                    let _ = el.dispatch_event(&event);
                }
            }
        }
    }

    /// After the first render: the scenario shown and whether in embed mode.
    fn ready(&mut self, session: &Session, root: &NodeRef, embed: bool) {
        self.told = TraceCursor::at(session.run, session.world.trace().len());
        self.time_ms = session.world.now_ms();
        if self.parent.is_none() && !self.dom {
            return;
        }
        let m = message("ready", self.time_ms);
        set(&m, "scenario", session.source.as_str());
        set(&m, "embed", embed);
        self.post(root, &m);
    }

    /// After a batch of steps: `leader_elected` and `data_lost` for the new trace events, then
    /// `step` with the simulated time (when it moved).
    pub fn notify(&mut self, session: &Session, root: &NodeRef) {
        if self.parent.is_none() && !self.dom {
            return;
        }
        for event in self.told.unread(session.run, session.world.trace()) {
            match &event.kind {
                EventKind::LeaderElected {
                    tp,
                    leader,
                    leader_epoch,
                    ..
                } => {
                    let m = message("leader_elected", event.at_ms);
                    set(&m, "partition", tp.to_string());
                    set(&m, "leader", leader.0);
                    set(&m, "epoch", *leader_epoch);
                    self.post(root, &m);
                }
                EventKind::DataLost {
                    tp,
                    values,
                    acknowledged,
                } => {
                    let m = message("data_lost", event.at_ms);
                    set(&m, "partition", tp.to_string());
                    let list: js_sys::Array = values.iter().map(|v| JsValue::from_str(v)).collect();
                    set(&m, "values", list);
                    set(&m, "acknowledged", *acknowledged);
                    self.post(root, &m);
                }
                _ => {}
            }
        }
        let now = session.world.now_ms();
        if now != self.time_ms {
            self.time_ms = now;
            let m = message("step", now);
            set(&m, "events", session.world.events_processed() as f64);
            self.post(root, &m);
        }
    }
}

impl Panel {
    fn side_tab(self) -> Option<SideTab> {
        Some(match self {
            Panel::Partition => SideTab::Partition,
            Panel::Clients => SideTab::Clients,
            Panel::Faults => SideTab::Faults,
            Panel::Setup => SideTab::Setup,
            Panel::Plans => SideTab::Plans,
            Panel::Describe => SideTab::Describe,
            Panel::Charts => SideTab::Charts,
            Panel::Timeline | Panel::Log => return None,
        })
    }
}

/// The side panel an embed opens on: the first one asked for.
pub(super) fn first_tab(props: &AppProps) -> Option<SideTab> {
    let options = &props.options;
    options
        .panels
        .iter()
        .find_map(|p| p.side_tab())
        .filter(|_| options.embed)
}

impl App {
    /// After the first render: tell the host, and start playing if asked to.
    pub(super) fn started(&mut self, ctx: &Context<Self>) {
        let embed = ctx.props().options.embed;
        // `data-ready` on <body> is the page's; a host page's body is not this app's.
        if !ctx.props().options.api {
            crate::mark_ready();
        }
        if let Some(root) = self.root.cast::<web_sys::Element>() {
            let _ = root.set_attribute("data-ready", "true");
        }
        self.host.ready(&self.session.borrow(), &self.root, embed);
        // A run the address played forward (a lesson step, `t=`) may already hold losses.
        self.scan_alerts();
        if !self.alerts.list().is_empty() {
            ctx.link().send_message(Msg::Relayout);
        }
        if self.session.borrow().playing {
            self.last_frame_ts = None;
            self.schedule_frame(ctx);
        }
    }

    /// The compact view: the slim bar, the cluster with its messages, and the panels asked for.
    pub(super) fn embed_view(&self, ctx: &Context<Self>) -> Html {
        let options = &ctx.props().options;
        let handle = SessionHandle::new(Rc::clone(&self.session));
        let on_command = ctx.link().callback(Msg::Command);
        let session = self.session.borrow();
        let lang = self.lang;
        html! {
            // Focusable, so that a click anywhere in it gives it the keyboard (with several
            // playgrounds on a page, keys go to the one holding the focus).
            <ContextProvider<Lang> context={self.lang}>
            // In its own page (an iframe) the embed is the page's main landmark and names itself
            // in a heading, for screen readers; mounted by the JS API, the host page has its own.
            <@{if options.api { "div" } else { "main" }} class="app embed" data-embed="true" ref={self.root.clone()}
                 lang={self.lang.code()} tabindex="-1" onclick={ctx.link().callback(|_: MouseEvent| Msg::CloseMenu)}>
                if !options.api {
                    <h1 class="visually-hidden">{ format!("{}{}{}", tr(lang, Key::AppTitle), colon(lang), source_label(lang, &session.source)) }</h1>
                }
                { self.embed_bar(options, &session, &on_command) }
                { for self.embed_alert() }
                <section class="stage" ref={self.stage.clone()} aria-label={tr(lang, Key::ClusterAria)}>
                    { self.cluster(ctx, &handle, &on_command) }
                </section>
                { for self.embed_side(ctx, options, &handle, &on_command) }
                if options.shows(Panel::Timeline) {
                    <Timeline session={handle.clone()} on_command={on_command.clone()} />
                }
                if options.shows(Panel::Log) {
                    <EventLog session={handle.clone()} on_command={on_command.clone()} />
                }
                { self.broker_menu(ctx, &handle, &on_command) }
                { self.drag_ghost() }
                if let Some(error) = &self.load_error {
                    { error_list(&ErrorListProps { error: error.clone(), on_command, lang: self.lang }) }
                }
            </@>
            </ContextProvider<Lang>>
        }
    }

    /// The slim control bar: play, step, reset, speed, the scenario, the clock, and a link to
    /// the full playground.
    fn embed_bar(
        &self,
        options: &Options,
        session: &Session,
        on_command: &Callback<Command>,
    ) -> Html {
        let lang = self.lang;
        let now_ms = session.world.now_ms();
        let playing = session.playing;
        let send = |c: Command| on_command.reform(move |_: MouseEvent| c.clone());
        let on_speed = on_command.reform(|e: InputEvent| {
            let position = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
                .map_or(0.0, |i| i.value_as_number());
            Command::SetSpeed(speed_from_slider(position))
        });
        let own = session.scenario.description.as_deref().unwrap_or_default();
        let description = scenario_description(lang, own).to_string();
        html! {
            <div class="embed-bar" role="toolbar" aria-label={tr(lang, Key::CtlControls)}>
                <button type="button" class="primary" data-action="play-pause" data-playing={playing.to_string()}
                        aria-label={tr(lang, if playing { Key::CtlPauseLabel } else { Key::CtlPlayLabel })} onclick={send(Command::PlayPause)}>
                    { if playing { "❚❚" } else { "▶" } }
                </button>
                <button type="button" data-action="step" aria-label={tr(lang, Key::CtlStepLabel)} title={tr(lang, Key::CtlStepLabel)}
                        disabled={playing} onclick={send(Command::Step)}>{ tr(lang, Key::CtlStep) }</button>
                <button type="button" data-action="reset" aria-label={tr(lang, Key::CtlResetLabel)} title={tr(lang, Key::CtlResetLabel)}
                        onclick={send(Command::Reset)}>{ "↺" }</button>
                <label class="embed-speed">
                    <input type="range" data-action="speed" aria-label={tr(lang, Key::CtlSpeed)}
                           min={fixed(slider_from_speed(MIN_SPEED), 2)} max={fixed(slider_from_speed(MAX_SPEED), 2)}
                           step="0.05" value={fixed(slider_from_speed(session.speed), 2)}
                           aria-valuetext={speed_label(session.speed)} oninput={on_speed} />
                    <output data-speed={short(session.speed, 3)}>{ speed_label(session.speed) }</output>
                </label>
                <span class="embed-scenario" data-scenario={session.source.clone()} title={description}>
                    { source_label(lang, &session.source) }
                </span>
                <span class="embed-clock" data-sim-time-ms={now_ms.to_string()}>{ format_time(now_ms) }</span>
                if let Some(href) = options.full_playground_link() {
                    <a class="embed-open" {href} target="_blank" rel="noopener" data-action="open-full">
                        { tr(lang, Key::OpenFull) }
                    </a>
                }
            </div>
        }
    }

    /// The newest loss, complete: what was lost, the chain of events, and the rule.
    fn embed_alert(&self) -> Option<Html> {
        self.alerts.list().last().map(|a| {
            html! {
                <details class="embed-alert" role="alert" data-alert={a.what.hook()} open=true>
                    <summary>{ trf(self.lang, Key::AlertAt, &[&a.title(self.lang), &format_time(a.at_ms)]) }</summary>
                    <p>{ a.detail(self.lang) }</p>
                    if let Some(rule) = a.rule(self.lang) {
                        <p class="alert-rule" data-alert-rule="">{ rule }</p>
                    }
                </details>
            }
        })
    }

    /// The side panels asked for (tabs when more than one), and the lesson when the embed
    /// opened on a lesson step (the docs site's); none when there are neither.
    fn embed_side(
        &self,
        ctx: &Context<Self>,
        options: &Options,
        handle: &SessionHandle,
        on_command: &Callback<Command>,
    ) -> Option<Html> {
        let side_tabs: Vec<SideTab> = options.panels.iter().filter_map(|p| p.side_tab()).collect();
        let lesson = self.lesson_card(handle, on_command);
        let tabs = side_tabs.first().map(|&first| {
            let tab = if side_tabs.contains(&self.tab) { self.tab } else { first };
            html! {
                <>
                    if side_tabs.len() > 1 {
                        { self.tab_list(ctx, &side_tabs, tab) }
                    }
                    { self.tab_panel(tab, side_tabs.len() > 1, self.side_panel(tab, handle, on_command)) }
                </>
            }
        });
        (self.lesson.open.is_some() || tabs.is_some()).then(|| {
            html! { <aside class="side">{ lesson }{ for tabs }</aside> }
        })
    }
}
