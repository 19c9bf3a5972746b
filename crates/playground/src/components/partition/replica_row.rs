//! One replica's row in the partition panel: who it is and its tags, its log strip (records
//! shaded committed or not, ghosts of truncated records, HW and LEO markers), its epoch cache
//! and lag, and the caption of a truncation that just happened.

use super::cells::{epoch_class, marker, record_title, short_value};
use super::replica_foot::{epoch_cache, lag};
use super::{Caption, Ghost, COLUMNS};
use crate::components::broker::state_words;
use crate::components::replica_chip::role_words;
use crate::i18n::{describe_event, tr, trf, Key, Lang};
use replication_core::view::{BrokerState, PartitionDetail, ReplicaLogView};
use yew::prelude::*;

/// A panel cell fits this many characters of a record's value.
const PANEL_CELL_CHARS: usize = 4;

/// The simulated time now and `replica.lag.time.max.ms`, for the lag.
#[derive(Clone, Copy)]
pub(super) struct LagClock {
    pub now_ms: u64,
    pub lag_max_ms: u64,
}

/// One replica: who it is, its log strip with markers and ghosts, its epoch cache, its lag as
/// the leader sees it, and the caption of a truncation that just happened.
pub(super) fn replica_row<'a>(
    d: &PartitionDetail,
    r: &ReplicaLogView,
    start: u64,
    ghosts: impl Iterator<Item = &'a Ghost>,
    caption: Option<&Caption>,
    clock: LagClock,
    lang: Lang,
) -> Html {
    let role = d.role(r);
    let down = matches!(r.state, BrokerState::Crashed | BrokerState::Stopped);
    html! {
        <div class={classes!("replica-log", format!("replica-{}", role.name()), down.then_some("replica-down"))}
             data-replica-log={r.broker.to_string()} data-leo={r.log_end_offset.to_string()}
             data-hw={r.high_watermark.to_string()} data-log-start={r.log_start_offset.to_string()}
             data-role={role.name()} role="group" aria-label={replica_label(d, r, lang)}>
            { replica_head(d, r, lang) }
            <div class="strip">
                <div class="strip-cells">
                    // Distinct key prefixes: Yew keys the two lists as one.
                    { for record_cells(d, r, start, lang) }
                    { for ghost_cells(ghosts, start, lang) }
                </div>
                { marker("leo", "LEO", r.log_end_offset, start, COLUMNS, tr(lang, Key::LeoMeaning)) }
                { marker("hw", "HW", r.high_watermark, start, COLUMNS, tr(lang, Key::HwMeaning)) }
            </div>
            <div class="replica-foot">
                { epoch_cache(&r.epoch_cache, lang) }
                { lag(r, clock.now_ms, clock.lag_max_ms, lang) }
            </div>
            if let Some(c) = caption {
                <p class="truncation-caption" role="status" data-truncation={r.broker.to_string()}>{ describe_event(lang, &c.event) }</p>
            }
        </div>
    }
}

/// The row's name for screen readers: broker, role, state, LEO, HW and uncommitted records.
fn replica_label(d: &PartitionDetail, r: &ReplicaLogView, lang: Lang) -> String {
    let uncommitted = d.uncommitted_records(r);
    let state_text = match r.state {
        BrokerState::Running => String::new(),
        other => format!(
            "{}{}",
            tr(lang, Key::ListSeparator),
            state_words(other, lang)
        ),
    };
    trf(
        lang,
        Key::ReplicaRowLabel,
        &[
            &r.broker,
            &role_words(d.role(r), lang),
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
    )
}

/// The broker, its role, its state when not running, its tags, and its LEO and HW.
fn replica_head(d: &PartitionDetail, r: &ReplicaLogView, lang: Lang) -> Html {
    let role = d.role(r);
    let tag = |show: bool, class: &'static str, text: &'static str| {
        show.then(|| html! { <span class={classes!("tag", class)}>{ text }</span> })
    };
    html! {
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
    }
}

/// The log's records from `start`, coloured by epoch and shaded committed or not.
fn record_cells<'a>(
    d: &'a PartitionDetail,
    r: &'a ReplicaLogView,
    start: u64,
    lang: Lang,
) -> impl Iterator<Item = Html> + 'a {
    r.records
        .iter()
        .filter(move |rec| rec.offset >= start && rec.offset >= r.log_start_offset)
        .map(move |rec| {
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
        })
}

/// The records a truncation just removed that fall in the strip, fading out.
fn ghost_cells<'a>(ghosts: impl Iterator<Item = &'a Ghost>, start: u64, lang: Lang) -> Vec<Html> {
    let end = start + COLUMNS;
    ghosts
        .filter(move |g| g.offset >= start && g.offset < end)
        .map(move |g| {
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
        })
        .collect()
}
