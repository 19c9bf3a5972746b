//! The selected partition's replica log, drawn on the card of the broker that holds it: the
//! newest offsets as cells coloured by leader epoch (solid once committed, hatched before),
//! with the HW and LEO markers and their numbers. Every replica's card shows the same offsets,
//! so leader and followers line up as in the teaching figure, where the replicas live.

use super::partition::{epoch_class, marker, record_title, short_value};
use crate::i18n::{tr, trf, Key, Lang};
use replication_core::view::{PartitionDetail, ReplicaLogView};
use replication_core::BrokerId;
use yew::prelude::*;

/// Offsets of history a card shows; two empty cells follow for the next writes.
pub const CARD_HISTORY: u64 = 8;
const CARD_COLUMNS: u64 = CARD_HISTORY + 2;
/// A cell fits this many characters; longer values show their end after an ellipsis.
const CELL_CHARS: usize = 4;

/// The log row for `broker`'s replica of the partition in `detail`, if it holds one.
pub fn card_log(detail: &PartitionDetail, broker: BrokerId, lang: Lang) -> Html {
    let Some(r) = detail.replica_logs.iter().find(|r| r.broker == broker) else {
        return Html::default();
    };
    let start = detail.window_end.saturating_sub(CARD_HISTORY);
    let cells = r
        .records
        .iter()
        .filter(|rec| rec.offset >= start && rec.offset >= r.log_start_offset)
        .map(|rec| {
            let committed = detail.is_committed(rec.offset, rec.epoch);
            // The card shows no flush notch: the side panel's strips do.
            let title = record_title(rec, committed, false, lang);
            html! {
                <div key={rec.offset} class={classes!("rec", epoch_class(rec.epoch),
                         if committed { "rec-committed" } else { "rec-uncommitted" })}
                     style={format!("grid-column: {}", rec.offset - start + 1)}
                     data-offset={rec.offset.to_string()} data-committed={committed.to_string()} {title}>
                    <span class="rec-value">{ short_value(&rec.value, CELL_CHARS) }</span>
                </div>
            }
        });
    html! {
        <div class="card-log" data-broker-log={broker.to_string()} data-leo={r.log_end_offset.to_string()}
             data-hw={r.high_watermark.to_string()} style={format!("--cols: {CARD_COLUMNS}")}
             role="img" aria-label={label(detail, r, lang)}>
            <div class="strip">
                <div class="strip-cells">{ for cells }</div>
                { marker("leo", "LEO", r.log_end_offset, start, CARD_COLUMNS, tr(lang, Key::LeoMeaning)) }
                { marker("hw", "HW", r.high_watermark, start, CARD_COLUMNS, tr(lang, Key::HwMeaning)) }
            </div>
        </div>
    }
}

/// The row in words: whose log, its LEO and HW, and how many of its records are not committed.
fn label(detail: &PartitionDetail, r: &ReplicaLogView, lang: Lang) -> String {
    let uncommitted = r
        .records
        .iter()
        .filter(|rec| !detail.is_committed(rec.offset, rec.epoch))
        .count();
    trf(
        lang,
        Key::CardLogAria,
        &[
            &detail.view.name(),
            &r.broker,
            &r.log_end_offset,
            &r.high_watermark,
            &uncommitted,
        ],
    )
}
