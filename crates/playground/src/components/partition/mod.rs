//! The partition panel: the chosen partition in detail. Each replica's log is a strip of
//! offsets, records coloured by leader epoch and shaded committed or not, with HW and LEO
//! markers at cell boundaries as the teaching figure draws them; then the epoch caches,
//! ISR/ELR, follower lag against `replica.lag.time.max.ms`, and truncations that animate.
//!
//! Everything shown comes from the core's `PartitionDetail`; the only state kept here is what
//! the animation needs: the previous render's logs, so records a truncation removed can stay a
//! moment as fading ghosts.
//!
//! This module holds the panel component; the tracker of truncations (`tracker`), the
//! partition chooser (`chooser`), the facts, legend and ruler (`header`), a replica's row
//! (`replica_row`, with its epoch cache and lag in `replica_foot`) and the record cells and
//! markers the broker cards share (`cells`) each have their own file.

mod cells;
mod chooser;
mod header;
mod replica_foot;
mod replica_row;
mod tracker;

pub(crate) use cells::{epoch_class, marker, record_title, short_value};
pub use tracker::{Caption, Ghost, Tracker, CAPTION_MS, GHOST_MS};

use crate::i18n::{tr, Key, Lang};
use crate::state::{Command, PartitionKey, SessionHandle};
use chooser::PartitionChooser;
use header::{header, legend, ruler};
use replica_row::{replica_row, LagClock};
use std::rc::Rc;
use yew::prelude::*;

/// Offsets of history the strips show: the newest of the longest log.
const HISTORY: u64 = 16;
/// Columns of a strip: the history plus empty slots for the next offsets to write. 18 columns
/// keep cells 22–26 px wide in a 400–470 px side panel, wide enough for values like "m12".
const COLUMNS: u64 = HISTORY + 2;

#[derive(Properties, PartialEq)]
pub struct PartitionPanelProps {
    pub session: SessionHandle,
    pub selected: Option<PartitionKey>,
    pub on_command: Callback<Command>,
}

/// Wall-clock ms for ghost expiry.
fn wall_now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

pub struct PartitionPanel {
    tracker: Tracker,
    /// The page's language, followed through the context.
    lang: Lang,
    _lang_handle: Option<ContextHandle<Lang>>,
    /// The world's topics, kept while unchanged so the chooser re-renders only when they do.
    topics: Rc<Vec<(String, u32)>>,
}

impl PartitionPanel {
    fn observe(&mut self, props: &PartitionPanelProps) {
        let session = props.session.borrow();
        self.tracker
            .observe(&session.world, props.selected.as_ref(), wall_now());
        if self.topics.as_slice() != session.world.topics() {
            self.topics = Rc::new(session.world.topics().to_vec());
        }
    }
}

impl Component for PartitionPanel {
    type Message = Lang;
    type Properties = PartitionPanelProps;

    fn create(ctx: &Context<Self>) -> Self {
        let (lang, handle) = ctx
            .link()
            .context::<Lang>(ctx.link().callback(|lang| lang))
            .map_or((Lang::default(), None), |(lang, h)| (lang, Some(h)));
        let mut panel = PartitionPanel {
            tracker: Tracker::default(),
            lang,
            _lang_handle: handle,
            topics: Rc::default(),
        };
        panel.observe(ctx.props());
        panel
    }

    fn update(&mut self, _ctx: &Context<Self>, lang: Lang) -> bool {
        std::mem::replace(&mut self.lang, lang) != lang
    }

    fn changed(&mut self, ctx: &Context<Self>, old: &Self::Properties) -> bool {
        let props = ctx.props();
        // The app hands down a new callback every frame; only a changed world or choice
        // needs a new look (ghosts fade by CSS meanwhile).
        if props.session == old.session && props.selected == old.selected {
            return false;
        }
        self.observe(props);
        true
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let props = ctx.props();
        let lang = self.lang;
        let chooser = html! {
            <PartitionChooser topics={Rc::clone(&self.topics)} selected={props.selected.clone()}
                              on_command={props.on_command.clone()} />
        };
        let Some((topic, partition)) = props.selected.as_ref() else {
            return html! {
                <div class="panel partition">
                    { chooser }
                    <p class="hint">{ tr(lang, Key::ChoosePartition) }</p>
                </div>
            };
        };
        let name = format!("{topic}-{partition}");
        let Some(detail) = self.tracker.detail.as_ref() else {
            return html! {
                <div class="panel partition" data-partition={name}>
                    { chooser }
                    <p class="hint">{ tr(lang, Key::PartitionGone) }</p>
                </div>
            };
        };
        let session = props.session.borrow();
        let now_ms = session.world.now_ms();
        let lag_max_ms = session.world.config().replica_lag_time_max_ms;
        let start = self.tracker.first_column();
        let clock = LagClock { now_ms, lag_max_ms };
        let rows = detail.replica_logs.iter().map(|r| {
            let ghosts = self.tracker.ghosts.iter().filter(|g| g.broker == r.broker);
            let caption = self.tracker.captions.iter().find(|c| c.broker == r.broker);
            replica_row(detail, r, start, ghosts, caption, clock, lang)
        });
        html! {
            <div class="panel partition" data-partition={name.clone()}>
                { chooser }
                { header(detail, &name, lang) }
                { legend(detail, &self.tracker.ghosts, start, lang) }
                <div class="log-strips" style={format!("--cols: {COLUMNS}")}>
                    { ruler(start) }
                    { for rows }
                </div>
                <p class="hint">
                    { tr(lang, Key::StripsHint) }
                </p>
            </div>
        }
    }
}
