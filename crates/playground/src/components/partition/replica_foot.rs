//! Under a replica's strip: its leader-epoch cache and its lag as the leader sees it, against
//! `replica.lag.time.max.ms`.

use crate::i18n::{tr, trf, Key, Lang};
use replication_core::view::ReplicaLogView;
use yew::prelude::*;

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

/// "(epoch 0 → 0) (epoch 2 → 41)", the newest few.
pub(super) fn epoch_cache(cache: &[(u32, u64)], lang: Lang) -> Html {
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
pub(super) fn lag(r: &ReplicaLogView, now_ms: u64, lag_max_ms: u64, lang: Lang) -> Html {
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

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration(850), "850 ms");
        assert_eq!(duration(1_250), "1.2 s");
        assert_eq!(duration(123_000), "2 min 3 s");
    }
}
