//! The partition panel: the chosen partition in detail. Each replica's log is a strip of
//! offsets, records coloured by leader epoch and shaded committed or not, with HW and LEO
//! markers at cell boundaries as the teaching figure draws them; then the epoch caches,
//! ISR/ELR, follower lag against `replica.lag.time.max.ms`, and truncations that animate.
//!
//! Everything shown comes from the core's `PartitionDetail`; the only state kept here is what
//! the animation needs: the previous render's logs, so records a truncation removed can stay a
//! moment as fading ghosts.

use super::broker::state_words;
use super::replica_chip::role_words;
use crate::i18n::{describe_event, tr, trf, Key, Lang};
use crate::state::{Command, PartitionKey, SessionHandle};
use replication_core::sim::trace::EventKind;
use replication_core::sim::World;
use replication_core::view::{BrokerState, LogRecordView, PartitionDetail, ReplicaLogView};
use replication_core::BrokerId;
use std::rc::Rc;
use yew::prelude::*;

/// Offsets of history the strips show: the newest of the longest log.
const HISTORY: u64 = 16;
/// Columns of a strip: the history plus empty slots for the next offsets to write. 18 columns
/// keep cells 22–26 px wide in a 400–470 px side panel, wide enough for values like "m12".
const COLUMNS: u64 = HISTORY + 2;
/// Wall-clock time removed records stay as ghosts; the CSS `record-leave` animation matches.
pub const GHOST_MS: f64 = 1_500.0;
/// Wall-clock time a truncation's caption stays under its row.
pub const CAPTION_MS: f64 = 8_000.0;
/// A panel cell fits this many characters of a record's value.
const PANEL_CELL_CHARS: usize = 4;
/// Epoch colours cycle through this many (`epoch-0` … `epoch-5` in partition.css).
const EPOCH_COLOURS: u32 = 6;
/// The chooser lists at most this many partitions (plus the chosen one).
const MAX_CHOICES: usize = 1_000;

#[derive(Properties, PartialEq)]
pub struct PartitionPanelProps {
    pub session: SessionHandle,
    pub selected: Option<PartitionKey>,
    pub on_command: Callback<Command>,
}

/// A record a truncation removed, kept on screen while it fades out.
#[derive(Clone, Debug, PartialEq)]
pub struct Ghost {
    /// Unique per ghost, so its DOM node (and its animation) lives until it expires.
    pub id: u64,
    pub broker: BrokerId,
    pub offset: u64,
    /// `None` when the record was outside the previous render's window.
    pub epoch: Option<u32>,
    pub value: String,
    /// Wall-clock ms (`performance.now()`) after which the ghost is dropped.
    pub expires_at: f64,
}

/// The newest truncation of one replica, in the trace's words.
#[derive(Clone, Debug, PartialEq)]
pub struct Caption {
    pub broker: BrokerId,
    /// The truncation itself, described in the page's language when shown.
    pub event: EventKind,
    pub expires_at: f64,
}

/// What the panel remembers between renders: the previous detail (to know what a truncation
/// removed), how much of the trace it has read, and the ghosts and captions still showing.
#[derive(Default)]
pub struct Tracker {
    key: Option<PartitionKey>,
    trace_seen: usize,
    now_ms: u64,
    pub detail: Option<PartitionDetail>,
    pub ghosts: Vec<Ghost>,
    pub captions: Vec<Caption>,
    next_id: u64,
}

impl Tracker {
    /// Read the world again. Truncations of this partition since the last look turn the records
    /// they removed into ghosts; expired ghosts and captions go. A different partition, or a
    /// world that went back in time (reset, another scenario), starts afresh without ghosts.
    pub fn observe(&mut self, world: &World, key: Option<&PartitionKey>, wall_ms: f64) {
        let trace = world.trace();
        let fresh = key != self.key.as_ref()
            || trace.len() < self.trace_seen
            || world.now_ms() < self.now_ms;
        let detail = key.and_then(|(topic, p)| PartitionDetail::of(world, topic, *p, HISTORY));
        if fresh {
            self.ghosts.clear();
            self.captions.clear();
            self.key = key.cloned();
        } else if let Some((topic, partition)) = key {
            let old = self.detail.take();
            for event in &trace[self.trace_seen..] {
                if let EventKind::Truncated {
                    tp,
                    broker,
                    from,
                    values,
                    ..
                } = &event.kind
                {
                    if &*tp.topic == topic.as_str() && tp.partition == *partition {
                        self.add_truncation(old.as_ref(), *broker, *from, values, wall_ms);
                        self.captions.retain(|c| c.broker != *broker);
                        self.captions.push(Caption {
                            broker: *broker,
                            event: event.kind.clone(),
                            expires_at: wall_ms + CAPTION_MS,
                        });
                    }
                }
            }
        }
        self.trace_seen = trace.len();
        self.now_ms = world.now_ms();
        self.ghosts.retain(|g| g.expires_at > wall_ms);
        self.captions.retain(|c| c.expires_at > wall_ms);
        self.detail = detail;
    }

    /// The removed `values` are the log's tail ending at `from` (the old LEO).
    fn add_truncation(
        &mut self,
        old: Option<&PartitionDetail>,
        broker: BrokerId,
        from: u64,
        values: &[String],
        wall_ms: f64,
    ) {
        let old_log = old.and_then(|d| d.replica_logs.iter().find(|r| r.broker == broker));
        let first = from.saturating_sub(values.len() as u64);
        // Only the newest few can be on screen; a long unflushed tail needs no thousand ghosts.
        let skip = values.len().saturating_sub(COLUMNS as usize);
        for (offset, value) in (first..).zip(values).skip(skip) {
            let epoch = old_log
                .and_then(|l| l.records.iter().find(|r| r.offset == offset))
                .map(|r| r.epoch);
            self.ghosts
                .retain(|g| !(g.broker == broker && g.offset == offset));
            self.ghosts.push(Ghost {
                id: self.next_id,
                broker,
                offset,
                epoch,
                value: value.clone(),
                expires_at: wall_ms + GHOST_MS,
            });
            self.next_id += 1;
        }
    }

    /// The first offset the strips show: the detail's window, widened to the right to keep
    /// ghosts beyond the new log ends in sight.
    pub fn first_column(&self) -> u64 {
        let window_end = self.detail.as_ref().map_or(0, |d| d.window_end);
        let end = self
            .ghosts
            .iter()
            .map(|g| g.offset + 1)
            .fold(window_end, u64::max);
        end.saturating_sub(HISTORY)
    }
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
        let rows = detail.replica_logs.iter().map(|r| {
            let ghosts = self.tracker.ghosts.iter().filter(|g| g.broker == r.broker);
            let caption = self.tracker.captions.iter().find(|c| c.broker == r.broker);
            replica_row(
                detail,
                r,
                start,
                ghosts,
                caption,
                (now_ms, lag_max_ms),
                lang,
            )
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

#[derive(Properties, PartialEq)]
struct ChooserProps {
    topics: Rc<Vec<(String, u32)>>,
    selected: Option<PartitionKey>,
    on_command: Callback<Command>,
}

/// Every partition of every topic, as a select; choosing one sends `SelectPartition`.
#[function_component(PartitionChooser)]
fn partition_chooser(props: &ChooserProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let on_command = props.on_command.clone();
    let onchange = Callback::from(move |e: Event| {
        let value = e
            .target_unchecked_into::<web_sys::HtmlSelectElement>()
            .value();
        if let Some((p, topic)) = value.split_once('/') {
            if let Ok(p) = p.parse() {
                on_command.emit(Command::SelectPartition((topic.to_string(), p)));
            }
        }
    });
    let selected = props.selected.as_ref();
    let mut options: Vec<Html> = props
        .topics
        .iter()
        .flat_map(|(topic, count)| (0..*count).map(move |p| (topic, p)))
        .take(MAX_CHOICES)
        .map(|(topic, p)| {
            let is_selected = selected.is_some_and(|(t, n)| t == topic && *n == p);
            html! {
                <option value={format!("{p}/{topic}")} selected={is_selected}>{ format!("{topic}-{p}") }</option>
            }
        })
        .collect();
    let listed = |(topic, p): &PartitionKey| {
        props
            .topics
            .iter()
            .flat_map(|(t, count)| (0..*count).map(move |n| (t, n)))
            .take(MAX_CHOICES)
            .any(|(t, n)| t == topic && n == *p)
    };
    if let Some(key) = selected.filter(|k| !listed(k)) {
        let (topic, p) = key;
        options.push(html! {
            <option value={format!("{p}/{topic}")} selected=true>{ format!("{topic}-{p}") }</option>
        });
    }
    html! {
        <label class="partition-chooser">
            { tr(lang, Key::PartitionLabel) }
            <select {onchange} data-partition-chooser="">
                if selected.is_none() {
                    <option value="" selected=true disabled=true>{ tr(lang, Key::Choose) }</option>
                }
                { for options }
            </select>
        </label>
    }
}

fn ids(list: &[BrokerId]) -> String {
    if list.is_empty() {
        return "none".to_string();
    }
    let ids: Vec<String> = list.iter().map(|b| b.to_string()).collect();
    ids.join(", ")
}

/// `ids` for reading: "none" in the page's language (the hooks keep `ids`).
fn ids_text(list: &[BrokerId], lang: Lang) -> String {
    if list.is_empty() {
        return tr(lang, Key::RackNone).to_string();
    }
    ids(list)
}

/// Name, leader, leader epoch, replicas, ISR, ELR and any reassignment under way.
fn header(d: &PartitionDetail, name: &str, lang: Lang) -> Html {
    let leader = match d.view.leader {
        Some(b) => trf(lang, Key::BrokerName, &[&b]),
        None => tr(lang, Key::LeaderNone).to_string(),
    };
    let preferred = d
        .view
        .preferred_leader()
        .map(|b| trf(lang, Key::PreferredNote, &[&b]))
        .unwrap_or_default();
    let reassigning = !d.view.adding_replicas.is_empty() || !d.view.removing_replicas.is_empty();
    html! {
        <div class="partition-head">
            <h3>{ name }</h3>
            <dl class="partition-facts">
                <dt>{ tr(lang, Key::FactLeader) }</dt>
                <dd data-leader={d.view.leader.map(|b| b.to_string()).unwrap_or_default()}
                    class={classes!(d.view.leader.is_none().then_some("fact-bad"))}>{ leader }</dd>
                <dt>{ tr(lang, Key::FactLeaderEpoch) }</dt>
                <dd data-leader-epoch={d.view.leader_epoch.to_string()}>{ d.view.leader_epoch }</dd>
                <dt>{ tr(lang, Key::FactReplicas) }</dt>
                <dd>{ ids_text(&d.view.replicas, lang) }<span class="fact-note">{ preferred }</span></dd>
                <dt>{ "ISR" }</dt>
                <dd data-isr={ids(&d.view.isr)}>{ ids_text(&d.view.isr, lang) }</dd>
                <dt>{ "ELR" }</dt>
                <dd data-elr={ids(&d.view.elr)}>{ ids_text(&d.view.elr, lang) }</dd>
                if reassigning {
                    <dt>{ tr(lang, Key::FactReassigning) }</dt>
                    <dd class="fact-warn">
                        { trf(lang, Key::AddingRemoving, &[&ids_text(&d.view.adding_replicas, lang), &ids_text(&d.view.removing_replicas, lang)]) }
                    </dd>
                }
            </dl>
        </div>
    }
}

/// A record cell's tooltip: its offset, epoch and whole value, whether it is committed, and
/// whether it has reached the disk.
pub(crate) fn record_title(
    rec: &LogRecordView,
    committed: bool,
    unflushed: bool,
    lang: Lang,
) -> String {
    let committed = tr(
        lang,
        if committed {
            Key::CommittedWord
        } else {
            Key::NotCommittedYet
        },
    );
    let unflushed = if unflushed {
        tr(lang, Key::NotFlushed)
    } else {
        ""
    };
    trf(
        lang,
        Key::RecordTitle,
        &[&rec.offset, &rec.epoch, &rec.value, &committed, &unflushed],
    )
}

pub(crate) fn epoch_class(epoch: u32) -> String {
    format!("epoch-{}", epoch % EPOCH_COLOURS)
}

/// A record value as a cell of `max` characters shows it: whole when it fits, else an
/// ellipsis and its end, which tells neighbours apart (m1915 and m1918 read …915 and …918);
/// the cell's title has the whole value.
pub(crate) fn short_value(value: &str, max: usize) -> String {
    let count = value.chars().count();
    if count <= max {
        return value.to_string();
    }
    let tail: String = value.chars().skip(count + 1 - max).collect();
    format!("…{tail}")
}

/// The epochs on screen as swatches, then the shading and the markers.
fn legend(d: &PartitionDetail, ghosts: &[Ghost], start: u64, lang: Lang) -> Html {
    let mut epochs: Vec<u32> = d
        .replica_logs
        .iter()
        .flat_map(|r| r.records.iter())
        .filter(|rec| rec.offset >= start)
        .map(|rec| rec.epoch)
        .chain(ghosts.iter().filter_map(|g| g.epoch))
        .collect();
    replication_core::sorting::sort(&mut epochs);
    epochs.dedup();
    let swatches = epochs.iter().map(|&e| {
        html! {
            <li><span class={classes!("swatch", epoch_class(e))} aria-hidden="true"></span>
                { trf(lang, Key::EpochN, &[&e]) }</li>
        }
    });
    html! {
        <ul class="log-legend" aria-label={tr(lang, Key::LegendAria)}>
            { for swatches }
            <li><span class="swatch swatch-committed" aria-hidden="true"></span>{ tr(lang, Key::CommittedWord) }</li>
            <li><span class="swatch swatch-uncommitted" aria-hidden="true"></span>{ tr(lang, Key::UncommittedWord) }</li>
        </ul>
    }
}

/// Offset numbers above the strips: every offset while they fit a cell, every fifth after.
fn ruler(start: u64) -> Html {
    let every = if start + COLUMNS > 1_000 { 5 } else { 1 };
    let labels = (start..start + COLUMNS)
        .filter(|o| o % every == 0)
        .map(|o| {
            html! {
                <span key={o} style={format!("grid-column: {}", o - start + 1)}>{ o }</span>
            }
        });
    html! { <div class="ruler" aria-hidden="true">{ for labels }</div> }
}

/// "1 record", "2 records" (no plural in Chinese).
fn records_text(n: u64, lang: Lang) -> String {
    trf(
        lang,
        if n == 1 {
            Key::RecordsOne
        } else {
            Key::RecordsMany
        },
        &[&n],
    )
}

/// "850 ms", "1.2 s", "2 min 3 s".
fn duration(ms: u64) -> String {
    if ms < 1_000 {
        format!("{ms} ms")
    } else if ms < 60_000 {
        format!("{}.{} s", ms / 1000, ms % 1000 / 100)
    } else {
        format!("{} min {} s", ms / 60_000, ms % 60_000 / 1000)
    }
}

/// One replica: who it is, its log strip with markers and ghosts, its epoch cache, its lag as
/// the leader sees it, and the caption of a truncation that just happened.
fn replica_row<'a>(
    d: &PartitionDetail,
    r: &ReplicaLogView,
    start: u64,
    ghosts: impl Iterator<Item = &'a Ghost>,
    caption: Option<&Caption>,
    (now_ms, lag_max_ms): (u64, u64),
    lang: Lang,
) -> Html {
    let role = d.role(r);
    let uncommitted = d.uncommitted_records(r);
    let down = matches!(r.state, BrokerState::Crashed | BrokerState::Stopped);
    let state_text = match r.state {
        BrokerState::Running => String::new(),
        other => format!(
            "{}{}",
            tr(lang, Key::ListSeparator),
            state_words(other, lang)
        ),
    };
    let label = trf(
        lang,
        Key::ReplicaRowLabel,
        &[
            &r.broker,
            &role_words(role, lang),
            &state_text,
            &r.log_end_offset,
            &r.high_watermark,
            &trf(
                lang,
                if uncommitted == 1 {
                    Key::UncommittedOne
                } else {
                    Key::UncommittedMany
                },
                &[&uncommitted],
            ),
        ],
    );
    let tag = |show: bool, class: &'static str, text: &'static str| {
        show.then(|| html! { <span class={classes!("tag", class)}>{ text }</span> })
    };
    let end = start + COLUMNS;
    let records = r
        .records
        .iter()
        .filter(|rec| rec.offset >= start && rec.offset >= r.log_start_offset)
        .map(|rec| {
            let committed = d.is_committed(rec.offset, rec.epoch);
            let unflushed = rec.offset >= r.flushed_offset;
            let title = record_title(rec, committed, unflushed, lang);
            html! {
                <div key={format!("r{}", rec.offset)}
                     class={classes!("rec", epoch_class(rec.epoch),
                                     if committed { "rec-committed" } else { "rec-uncommitted" },
                                     unflushed.then_some("rec-unflushed"))}
                     style={format!("grid-column: {}", rec.offset - start + 1)}
                     data-offset={rec.offset.to_string()} data-epoch={rec.epoch.to_string()}
                     data-committed={committed.to_string()} {title}>
                    <span class="rec-value">{ short_value(&rec.value, PANEL_CELL_CHARS) }</span>
                </div>
            }
        });
    let ghosts = ghosts
        .filter(|g| g.offset >= start && g.offset < end)
        .map(|g| {
            let title = trf(lang, Key::GhostTitle, &[&g.offset, &g.value]);
            html! {
                <div key={format!("g{}", g.id)}
                     class={classes!("rec", "rec-ghost", "record-leaving",
                                     g.epoch.map_or_else(|| "epoch-unknown".to_string(), epoch_class))}
                     style={format!("grid-column: {}", g.offset - start + 1)}
                     data-leaving-offset={g.offset.to_string()} {title} aria-hidden="true">
                    <span class="rec-value">{ short_value(&g.value, PANEL_CELL_CHARS) }</span>
                </div>
            }
        });
    html! {
        <div class={classes!("replica-log", format!("replica-{}", role.name()), down.then_some("replica-down"))}
             data-replica-log={r.broker.to_string()} data-leo={r.log_end_offset.to_string()}
             data-hw={r.high_watermark.to_string()} data-log-start={r.log_start_offset.to_string()}
             data-role={role.name()} role="group" aria-label={label}>
            <div class="replica-head">
                <span class="replica-name">{ trf(lang, Key::BrokerName, &[&r.broker]) }</span>
                <span class={classes!("replica-role", format!("role-{}", role.name()))}>{ role_words(role, lang) }</span>
                if r.state != BrokerState::Running {
                    <span class={classes!("tag", format!("state-{}", r.state.name()))}>{ state_words(r.state, lang) }</span>
                }
                { tag(d.view.preferred_leader() == Some(r.broker), "tag-preferred", tr(lang, Key::TagPreferred)) }
                { tag(d.view.isr.contains(&r.broker), "tag-isr", "ISR") }
                { tag(d.view.elr.contains(&r.broker), "tag-elr", "ELR") }
                if let Some(epoch) = r.stale_leader_epoch {
                    <span class="tag tag-stale-leader" data-stale-leader-epoch={epoch.to_string()}
                          title={tr(lang, Key::StaleLeaderTitle)}>{ trf(lang, Key::TagStaleLeader, &[&epoch]) }</span>
                }
                { tag(d.view.adding_replicas.contains(&r.broker), "tag-adding", tr(lang, Key::TagAdding)) }
                { tag(d.view.removing_replicas.contains(&r.broker), "tag-removing", tr(lang, Key::TagRemoving)) }
                <span class="replica-nums">
                    { format!("LEO {} · HW {}", r.log_end_offset, r.high_watermark) }
                    if r.log_start_offset > 0 { { trf(lang, Key::LogStart, &[&r.log_start_offset]) } }
                </span>
            </div>
            <div class="strip">
                <div class="strip-cells">
                    // Distinct key prefixes: Yew keys the two lists as one.
                    { for records }
                    { for ghosts }
                </div>
                { marker("leo", "LEO", r.log_end_offset, start, COLUMNS, tr(lang, Key::LeoMeaning)) }
                { marker("hw", "HW", r.high_watermark, start, COLUMNS, tr(lang, Key::HwMeaning)) }
            </div>
            <div class="replica-foot">
                { epoch_cache(&r.epoch_cache, lang) }
                { lag(r, now_ms, lag_max_ms, lang) }
            </div>
            if let Some(c) = caption {
                <p class="truncation-caption" role="status" data-truncation={r.broker.to_string()}>{ describe_event(lang, &c.event) }</p>
            }
        </div>
    }
}

/// A marker at the boundary before `offset` in a strip of `columns` cells from `start`;
/// pinned to the left edge with an arrow when the offset is left of the strip.
pub(crate) fn marker(
    kind: &'static str,
    name: &str,
    offset: u64,
    start: u64,
    columns: u64,
    meaning: &str,
) -> Html {
    let before = offset < start;
    let at = offset.saturating_sub(start).min(columns);
    let edge = if at == 0 {
        Some("marker-at-start")
    } else if at == columns {
        Some("marker-at-end")
    } else {
        None
    };
    let text = if before {
        format!("◂ {name} {offset}")
    } else {
        format!("{name} {offset}")
    };
    html! {
        <div class={classes!("marker", format!("marker-{kind}"), edge, before.then_some("marker-before"))}
             style={format!("--at: {at}")} data-marker={kind} data-value={offset.to_string()}
             title={format!("{name} {offset}: {meaning}")}>
            <span class="marker-label">{ text }</span>
        </div>
    }
}

/// "(epoch 0 → 0) (epoch 2 → 41)", the newest few.
fn epoch_cache(cache: &[(u32, u64)], lang: Lang) -> Html {
    const SHOWN: usize = 5;
    let hidden = cache.len().saturating_sub(SHOWN);
    let entries = cache[hidden..].iter().map(|(epoch, offset)| {
        html! { <span class="epoch-entry">{ format!("(epoch {epoch} → {offset})") }</span> }
    });
    html! {
        <span class="epoch-cache" title={tr(lang, Key::EpochCacheTitle)}>
            { tr(lang, Key::EpochCache) }
            if hidden > 0 { <span class="epoch-entry">{ trf(lang, Key::OlderN, &[&hidden]) }</span> }
            if cache.is_empty() { <span class="epoch-entry">{ tr(lang, Key::Empty) }</span> }
            { for entries }
        </span>
    }
}

/// A follower's lag as the leader sees it: records behind, time since it was caught up, and a
/// bar against `replica.lag.time.max.ms` (the limit sits at 80 % of the bar).
fn lag(r: &ReplicaLogView, now_ms: u64, lag_max_ms: u64, lang: Lang) -> Html {
    let (Some(records), Some(since)) = (r.lag_records, r.lag_ms(now_ms)) else {
        return Html::default();
    };
    let past = r.past_lag_time_max(now_ms, lag_max_ms);
    let scale = lag_max_ms as f64 * 1.25;
    let fill = if scale > 0.0 {
        (since as f64 / scale).min(1.0) * 100.0
    } else {
        100.0
    };
    // A replica that was never caught up (one a reassignment adds) has no "last caught up".
    let never = r.last_caught_up_ms == Some(0) && !r.lag_known;
    let text = if never {
        tr(lang, Key::LagNeverFetched).to_string()
    } else if !r.lag_known {
        trf(lang, Key::LagUnknown, &[&duration(since)])
    } else if records == 0 {
        tr(lang, Key::LagNone).to_string()
    } else {
        trf(
            lang,
            Key::LagBehind,
            &[&records_text(records, lang), &duration(since)],
        )
    };
    let label = trf(
        lang,
        Key::LagLabel,
        &[
            &text,
            &duration(lag_max_ms),
            &if past { tr(lang, Key::LagExceeded) } else { "" },
        ],
    );
    html! {
        <span class={classes!("lag", past.then_some("lag-past"))} data-lag-records={records.to_string()} data-lag-known={r.lag_known.to_string()}
              data-lag-ms={since.to_string()} data-past-max={past.to_string()} title={label.clone()}>
            <span class="lag-text">{ trf(lang, Key::LagText, &[&text]) }</span>
            <span class="lag-bar" role="meter" aria-label={label} aria-valuemin="0"
                  aria-valuemax={lag_max_ms.to_string()} aria-valuenow={since.min(lag_max_ms * 2).to_string()}>
                <span class="lag-fill" style={format!("width: {}%", crate::format::fixed(fill, 1))}></span>
                <span class="lag-limit"></span>
            </span>
        </span>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use replication_core::scenario::parse_scenario;

    /// Follower 2 holds x, y (epoch 0) at offsets 2 and 3 that leader 1 (epoch 1) never had.
    const DIVERGED: &str = include_str!("../../tests/fixtures/diverged-follower.json");

    fn key() -> PartitionKey {
        ("orders".to_string(), 0)
    }

    fn world() -> World {
        World::from_scenario(&parse_scenario(DIVERGED).unwrap()).unwrap()
    }

    fn step_until_truncated(world: &mut World) {
        while !world
            .trace()
            .iter()
            .any(|e| matches!(e.kind, EventKind::Truncated { .. }))
        {
            assert!(world.step(), "the follower truncates before events run out");
        }
    }

    #[test]
    fn a_truncation_leaves_ghosts_of_the_removed_records_and_a_caption() {
        let mut w = world();
        let mut t = Tracker::default();
        t.observe(&w, Some(&key()), 0.0);
        assert!(t.ghosts.is_empty());
        step_until_truncated(&mut w);
        t.observe(&w, Some(&key()), 100.0);
        let ghosts: Vec<_> = t
            .ghosts
            .iter()
            .map(|g| (g.broker, g.offset, g.value.as_str(), g.epoch))
            .collect();
        assert_eq!(
            ghosts,
            [
                (BrokerId(2), 2, "x", Some(0)),
                (BrokerId(2), 3, "y", Some(0))
            ],
            "the epochs come from the previous render"
        );
        assert_eq!(t.captions.len(), 1);
        assert!(t.captions[0]
            .event
            .describe()
            .contains("truncated its log from 4 to 2"));
        // The strips keep the ghosts in sight although no log reaches offset 3 any more.
        assert_eq!(t.detail.as_ref().unwrap().window_end, 3);
        assert_eq!(t.first_column(), 0);
        // Later renders keep them until they expire, then drop them; the caption lasts longer.
        t.observe(&w, Some(&key()), 100.0 + GHOST_MS - 1.0);
        assert_eq!(t.ghosts.len(), 2);
        t.observe(&w, Some(&key()), 100.0 + GHOST_MS);
        assert!(t.ghosts.is_empty());
        assert_eq!(t.captions.len(), 1);
        t.observe(&w, Some(&key()), 100.0 + CAPTION_MS);
        assert!(t.captions.is_empty());
    }

    #[test]
    fn another_partition_or_a_reset_starts_without_ghosts() {
        let mut w = world();
        let mut t = Tracker::default();
        t.observe(&w, Some(&("other".to_string(), 0)), 0.0);
        assert!(t.detail.is_none());
        step_until_truncated(&mut w);
        t.observe(&w, Some(&key()), 10.0);
        assert!(
            t.ghosts.is_empty(),
            "the truncation predates this partition's first look"
        );
        let reset = world();
        t.observe(&reset, Some(&key()), 20.0);
        assert!(t.ghosts.is_empty());
        assert_eq!(t.detail.as_ref().unwrap().replica_logs[1].log_end_offset, 4);
    }

    #[test]
    fn long_values_keep_their_distinguishing_end() {
        assert_eq!(short_value("m12", 4), "m12");
        assert_eq!(short_value("m191", 4), "m191");
        assert_eq!(short_value("m1915", 4), "…915");
        assert_eq!(short_value("m1918", 4), "…918");
        assert_eq!(short_value("客户订单", 3), "…订单");
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration(850), "850 ms");
        assert_eq!(duration(1_250), "1.2 s");
        assert_eq!(duration(123_000), "2 min 3 s");
    }
}
