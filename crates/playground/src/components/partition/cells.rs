//! A record cell's words and colour, and the HW/LEO markers between cells: shared by the
//! partition panel's strips and the broker cards' logs (`card_log`).

use crate::i18n::{tr, trf, Key, Lang};
use replication_core::view::LogRecordView;
use yew::prelude::*;

/// Epoch colours cycle through this many (`epoch-0` … `epoch-5` in partition.css).
const EPOCH_COLOURS: u32 = 6;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_values_keep_their_distinguishing_end() {
        assert_eq!(short_value("m12", 4), "m12");
        assert_eq!(short_value("m191", 4), "m191");
        assert_eq!(short_value("m1915", 4), "…915");
        assert_eq!(short_value("m1918", 4), "…918");
        assert_eq!(short_value("客户订单", 3), "…订单");
    }
}
