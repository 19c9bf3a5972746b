//! The timeline under the cluster: the run from time 0 to the furthest moment reached, with
//! markers for faults, elections, ISR changes and data loss. Dragging (or arrow keys) shows any
//! earlier moment; acting there forks a new future, and the old one stays as a faint branch.

use crate::format::format_time;
use crate::i18n::{colon, describe_event, tr, trf, Key, Lang};
use crate::state::history::History;
use crate::state::{Command, SessionHandle, Shared};
use replication_core::rules::election::ElectionKind;
use replication_core::sim::trace::{EventKind, TraceEvent};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// What a marker stands for; each has its own colour and shape in the stylesheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkerKind {
    Fault,
    Election,
    Isr,
    DataLoss,
}

impl MarkerKind {
    pub fn name(self) -> &'static str {
        match self {
            MarkerKind::Fault => "fault",
            MarkerKind::Election => "election",
            MarkerKind::Isr => "isr",
            MarkerKind::DataLoss => "data-loss",
        }
    }

    /// The marker an event gets on the timeline, if any.
    pub fn of(kind: &EventKind) -> Option<MarkerKind> {
        use EventKind::*;
        Some(match kind {
            BrokerCrashed { .. }
            | BrokerStopped { .. }
            | BrokerRestarted { .. }
            | BrokerFenced { .. }
            | NetworkChanged { .. }
            | FetcherPaused { .. } => MarkerKind::Fault,
            LeaderElected { election, .. } if *election != ElectionKind::Kept => {
                MarkerKind::Election
            }
            PartitionOffline { .. } => MarkerKind::Election,
            IsrShrunk { .. } | IsrExpanded { .. } | IsrChanged { .. } => MarkerKind::Isr,
            DataLost { .. } | InvariantViolated { .. } => MarkerKind::DataLoss,
            _ => return None,
        })
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Marker {
    pub at_ms: u64,
    pub kind: MarkerKind,
    pub text: String,
}

/// Markers for a trace, at most one per kind per `bucket_ms` so an hour stays readable.
pub fn markers(trace: &[TraceEvent], from_ms: u64, bucket_ms: u64, lang: Lang) -> Vec<Marker> {
    let mut out: Vec<Marker> = Vec::new();
    for e in trace.iter().filter(|e| e.at_ms >= from_ms) {
        let Some(kind) = MarkerKind::of(&e.kind) else {
            continue;
        };
        let bucket = e.at_ms / bucket_ms.max(1);
        if let Some(m) = out
            .iter_mut()
            .rev()
            .take(8)
            .find(|m| m.kind == kind && m.at_ms / bucket_ms.max(1) == bucket)
        {
            m.text.push_str("; ");
            m.text.push_str(&describe_event(lang, &e.kind));
            continue;
        }
        out.push(Marker {
            at_ms: e.at_ms,
            kind,
            text: describe_event(lang, &e.kind),
        });
    }
    out
}

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    pub session: SessionHandle,
    pub on_command: Callback<Command>,
}

/// The time at horizontal position `x` (CSS px from the bar's left) of a bar `width` px wide.
pub fn time_at(x: f64, width: f64, end_ms: u64) -> u64 {
    if width <= 0.0 {
        return 0;
    }
    ((x / width).clamp(0.0, 1.0) * end_ms as f64).round() as u64
}

fn percent(t: u64, end_ms: u64) -> String {
    crate::format::fixed(
        if end_ms == 0 {
            0.0
        } else {
            t as f64 * 100.0 / end_ms as f64
        },
        2,
    )
}

#[function_component(Timeline)]
pub fn timeline(props: &TimelineProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let bar = use_node_ref();
    let dragging = use_state(|| false);
    let session = props.session.borrow();
    let head = session.history.head(&session.world);
    let branch = session.history.branch.as_ref();
    let now = session.world.now_ms();
    let end = head
        .now_ms()
        .max(branch.map_or(0, |b| b.head.now_ms()))
        .max(1);
    let bucket = (end / 200).max(1);
    let head_markers = {
        let key = (session.run, head.trace().len(), bucket, lang);
        let session_handle = props.session.clone();
        use_memo(key, move |_| {
            let s = session_handle.borrow();
            let head = s.history.head(&s.world);
            Shared(Rc::new(markers(head.trace(), 0, bucket, lang)))
        })
    };
    let branch_markers = branch
        .map(|b| markers(b.head.trace(), b.forked_at_ms, bucket, lang))
        .unwrap_or_default();
    let PointerSeek { down, moving, up } = pointer_seek(&bar, &dragging, &props.on_command, end);
    let onkeydown = key_seek(&props.on_command, now, end);
    html! {
        <section class="timeline" aria-label={tr(lang, Key::Timeline)}>
            { timeline_controls(lang, &session.history, &props.on_command) }
            <div class="timeline-bar" ref={bar} role="slider" tabindex="0" aria-label={tr(lang, Key::SimulatedTime)}
                 aria-valuemin="0" aria-valuemax={end.to_string()} aria-valuenow={now.to_string()}
                 aria-valuetext={format_time(now)} data-head-ms={head.now_ms().to_string()}
                 onpointerdown={down} onpointermove={moving} onpointerup={up} {onkeydown}>
                <span class="timeline-run" style={format!("width: {}%", percent(head.now_ms(), end))} />
                if let Some(b) = branch {
                    <span class="timeline-branch" data-branch="true"
                          style={format!("left: {}%; width: {}%", percent(b.forked_at_ms, end), percent(b.head.now_ms() - b.forked_at_ms.min(b.head.now_ms()), end))} />
                }
                { for head_markers.iter().map(|m| marker(lang, m, false, end)) }
                { for branch_markers.iter().map(|m| marker(lang, m, true, end)) }
                <span class="timeline-cursor" style={format!("left: {}%", percent(now, end))} />
            </div>
            <div class="timeline-scale"><span>{ "0 s" }</span><span>{ format_time(end) }</span></div>
        </section>
    }
}

/// Step back, back to the latest moment when in the past, and the old future after a fork.
fn timeline_controls(lang: Lang, history: &History, on_command: &Callback<Command>) -> Html {
    html! {
        <div class="timeline-controls">
            <button type="button" data-action="step-back" aria-label={tr(lang, Key::StepBackAria)}
                    onclick={on_command.reform(|_: MouseEvent| Command::StepBack)}>{ tr(lang, Key::StepBack) }</button>
            if history.in_past() {
                <button type="button" data-action="to-head" onclick={on_command.reform(move |_: MouseEvent| Command::Seek(u64::MAX))}>
                    { tr(lang, Key::BackToLatest) }</button>
                <span class="hint">{ tr(lang, Key::InThePast) }</span>
            }
            if let Some(b) = &history.branch {
                <span class="hint branch-note">{ trf(lang, Key::OldFuture, &[&format_time(b.forked_at_ms), &format_time(b.head.now_ms())]) }</span>
                <button type="button" data-action="discard-branch"
                        onclick={on_command.reform(|_: MouseEvent| Command::DiscardBranch)}>{ tr(lang, Key::DiscardIt) }</button>
            }
        </div>
    }
}

/// A marker on the bar; `faint` for one of the old future's.
fn marker(lang: Lang, m: &Marker, faint: bool, end: u64) -> Html {
    html! {
        <span class={classes!("tl-mark", format!("tl-mark-{}", m.kind.name()), faint.then_some("tl-mark-branch"))}
              data-marker-kind={m.kind.name()} data-at-ms={m.at_ms.to_string()}
              style={format!("left: {}%", percent(m.at_ms, end))} title={format!("{}{}{}", format_time(m.at_ms), colon(lang), m.text)} />
    }
}

/// The bar's pointer handlers: pressing seeks to the time under the pointer and starts a drag
/// that seeks as it moves, until released.
struct PointerSeek {
    down: Callback<PointerEvent>,
    moving: Callback<PointerEvent>,
    up: Callback<PointerEvent>,
}

fn pointer_seek(
    bar: &NodeRef,
    dragging: &UseStateHandle<bool>,
    on_command: &Callback<Command>,
    end: u64,
) -> PointerSeek {
    let seek_at = {
        let bar = bar.clone();
        let on_command = on_command.clone();
        move |client_x: i32| {
            if let Some(el) = bar.cast::<web_sys::Element>() {
                let r = el.get_bounding_client_rect();
                on_command.emit(Command::Seek(time_at(
                    f64::from(client_x) - r.left(),
                    r.width(),
                    end,
                )));
            }
        }
    };
    let down = {
        let seek_at = seek_at.clone();
        let dragging = dragging.clone();
        Callback::from(move |e: PointerEvent| {
            if let Some(el) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            {
                let _ = el.set_pointer_capture(e.pointer_id());
            }
            dragging.set(true);
            seek_at(e.client_x());
        })
    };
    let moving = {
        let dragging = dragging.clone();
        Callback::from(move |e: PointerEvent| {
            if *dragging {
                seek_at(e.client_x());
            }
        })
    };
    let up = {
        let dragging = dragging.clone();
        Callback::from(move |_: PointerEvent| dragging.set(false))
    };
    PointerSeek { down, moving, up }
}

/// The slider's keys: arrows step a hundredth of the run (at least 100 ms), Home and End jump.
fn key_seek(on_command: &Callback<Command>, now: u64, end: u64) -> Callback<KeyboardEvent> {
    let on_command = on_command.clone();
    Callback::from(move |e: KeyboardEvent| {
        let step = (end / 100).max(100);
        let target = match e.key().as_str() {
            "ArrowLeft" => now.saturating_sub(step),
            "ArrowRight" => now + step,
            "Home" => 0,
            "End" => end,
            _ => return,
        };
        e.prevent_default();
        e.stop_propagation();
        on_command.emit(Command::Seek(target));
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_map_to_times_within_the_run() {
        assert_eq!(time_at(0.0, 200.0, 10_000), 0);
        assert_eq!(time_at(50.0, 200.0, 10_000), 2_500);
        assert_eq!(
            time_at(500.0, 200.0, 10_000),
            10_000,
            "past the end is the end"
        );
        assert_eq!(time_at(-5.0, 200.0, 10_000), 0);
        assert_eq!(time_at(10.0, 0.0, 10_000), 0);
    }
}
