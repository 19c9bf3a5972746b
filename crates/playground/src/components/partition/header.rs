//! Above the strips: the partition's facts (leader, leader epoch, replicas, ISR, ELR, a
//! reassignment under way), the legend of epochs and shading, and the ruler of offsets.

use super::cells::epoch_class;
use super::{Ghost, COLUMNS};
use crate::i18n::{tr, trf, Key, Lang};
use replication_core::view::PartitionDetail;
use replication_core::BrokerId;
use yew::prelude::*;

/// Broker ids as the test hooks (`data-isr`, `data-elr`) read them: "none" when empty.
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
pub(super) fn header(d: &PartitionDetail, name: &str, lang: Lang) -> Html {
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

/// The epochs on screen as swatches, then the shading and the markers.
pub(super) fn legend(d: &PartitionDetail, ghosts: &[Ghost], start: u64, lang: Lang) -> Html {
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
pub(super) fn ruler(start: u64) -> Html {
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
