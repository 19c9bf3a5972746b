//! The "Charts" tab: what the session's `Metrics` recorded, drawn as small SVG charts on the
//! timeline's scale (0 → the furthest time reached), with the timeline's cursor. Hovering any
//! chart reads every chart's values at that time (otherwise at the cursor); clicking seeks.
//!
//! One chart function draws them all. Paths are in the plot's own units (x in simulated ms,
//! y in 0..=`H`) and the SVG's viewBox spans the run, so a growing run only changes the
//! viewBox: paths are rebuilt only when the recorded data change.

use crate::components::timeline::time_at;
use crate::format::{fixed, format_time, short};
use crate::i18n::{tr, trf, Key, Lang};
use crate::state::metrics::Metrics;
use crate::state::{Command, PartitionKey, SessionHandle, Shared};
use std::fmt::Write;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The plot's height in its own units.
const H: i64 = 1000;
/// Colour classes of the stylesheet, in order.
const PALETTE: [&str; 8] = ["c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7"];

/// One line of a chart: its legend label, colour class and points.
pub struct Line {
    pub label: String,
    pub color: &'static str,
    /// Drawn faint: a partition other than the chosen one.
    pub faint: bool,
    /// A step function (values hold until the next point, then to the end of the run).
    pub step: bool,
    pub points: Vec<(u64, f64)>,
    path: String,
}

pub struct Chart {
    /// The `data-chart` hook.
    pub id: &'static str,
    pub title: String,
    pub unit: &'static str,
    /// The top of the y axis.
    pub y_max: f64,
    pub lines: Vec<Line>,
}

/// The value a line shows at time `t`: its last point at or before `t`.
pub fn value_at(points: &[(u64, f64)], t: u64) -> Option<f64> {
    let i = points.partition_point(|p| p.0 <= t);
    i.checked_sub(1).map(|i| points[i].1)
}

/// A round axis top at or above `max`: small counts exactly, else 1, 2 or 5 × 10ⁿ.
pub fn nice_max(max: f64) -> f64 {
    if max <= 5.0 {
        return max.ceil().max(1.0);
    }
    let mut unit = 1.0;
    while unit * 10.0 < max {
        unit *= 10.0;
    }
    [2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| unit * m)
        .find(|&v| v >= max)
        .unwrap_or(unit * 10.0)
}

/// Grid values: every integer up to a small top, else 0, half and the top.
fn ticks(y_max: f64) -> Vec<f64> {
    if y_max <= 5.0 {
        (0..=y_max as u32).map(f64::from).collect()
    } else {
        vec![0.0, y_max / 2.0, y_max]
    }
}

fn y_of(v: f64, y_max: f64) -> i64 {
    H - (v / y_max * H as f64).round() as i64
}

fn path(points: &[(u64, f64)], y_max: f64, step: bool) -> String {
    let mut d = String::new();
    for (i, &(t, v)) in points.iter().enumerate() {
        let y = y_of(v, y_max);
        let _ = match (i, step) {
            (0, _) => write!(d, "M{t} {y}"),
            (_, true) => write!(d, "H{t}V{y}"),
            (_, false) => write!(d, "L{t} {y}"),
        };
    }
    d
}

fn line(label: String, color: &'static str, step: bool, points: Vec<(u64, f64)>) -> Line {
    Line {
        label,
        color,
        faint: false,
        step,
        points,
        path: String::new(),
    }
}

fn ints(points: Vec<(u64, u64)>) -> Vec<(u64, f64)> {
    points.into_iter().map(|(t, v)| (t, v as f64)).collect()
}

fn chart(id: &'static str, title: String, unit: &'static str, mut lines: Vec<Line>) -> Chart {
    let max = lines
        .iter()
        .flat_map(|l| &l.points)
        .map(|p| p.1)
        .fold(0.0, f64::max);
    let y_max = nice_max(max);
    for l in &mut lines {
        l.path = path(&l.points, y_max, l.step);
    }
    Chart {
        id,
        title,
        unit,
        y_max,
        lines,
    }
}

/// Every chart of the tab, for the chosen partition `selected` (an index into
/// `metrics.partitions`), with titles and labels in `lang`.
pub fn build(m: &Metrics, selected: Option<usize>, lang: Lang) -> Vec<Chart> {
    let (acked, failed) = m.produce_rates();
    vec![
        isr_chart(m, selected, lang),
        offsets_chart(m, selected, lang),
        counts_chart(m, lang),
        chart(
            "throughput",
            tr(lang, Key::ThroughputTitle).into(),
            tr(lang, Key::UnitRecordsPerSecond),
            vec![
                line(tr(lang, Key::StatAcked).into(), "ok", false, acked),
                line(tr(lang, Key::StatFailed).into(), "bad", false, failed),
            ],
        ),
        chart(
            "lag",
            tr(lang, Key::LagTitle).into(),
            tr(lang, Key::UnitRecords),
            vec![line(
                tr(lang, Key::ColLag).into(),
                "c0",
                false,
                ints(m.lag()),
            )],
        ),
    ]
}

/// Partition `p`'s name, `topic-partition`.
fn partition_name(m: &Metrics, p: usize) -> String {
    m.partitions
        .get(p)
        .map_or_else(String::new, |tp| format!("{}-{}", tp.topic, tp.partition))
}

/// Every partition's ISR size (the chosen one in front, with its recent sizes in the title).
fn isr_chart(m: &Metrics, selected: Option<usize>, lang: Lang) -> Chart {
    let isr = (0..m.partitions.len())
        .map(|p| Line {
            faint: selected.is_some_and(|s| s != p),
            ..line(
                partition_name(m, p),
                PALETTE[p % 8],
                true,
                ints(m.isr_size(p)),
            )
        })
        .collect();
    let mut isr_title = tr(lang, Key::IsrSizeTitle).to_string();
    if let Some(p) = selected {
        // As the teaching material writes it: "orders-0: 3 → 2 → 1 → 2 → 3" (the last changes).
        let sizes: Vec<String> = m.isr_size(p).iter().map(|s| s.1.to_string()).collect();
        let from = sizes.len().saturating_sub(12);
        isr_title.push_str(&trf(
            lang,
            Key::IsrSizeChosen,
            &[&partition_name(m, p), &sizes[from..].join(" → ")],
        ));
    }
    chart("isr", isr_title, tr(lang, Key::UnitReplicas), isr)
}

/// The chosen partition's HW and each replica's LEO (empty when none is chosen).
fn offsets_chart(m: &Metrics, selected: Option<usize>, lang: Lang) -> Chart {
    let mut offsets = Vec::new();
    let mut chosen = tr(lang, Key::NoPartition).to_string();
    if let Some(p) = selected {
        chosen = partition_name(m, p);
        offsets.push(line("HW".into(), "hw", false, ints(m.high_watermark(p))));
        for (i, &b) in m.brokers.iter().enumerate() {
            let leo = m.log_end_offset(p, b);
            if !leo.is_empty() {
                let color = PALETTE[(i + 1) % 8];
                offsets.push(line(format!("LEO {b}"), color, false, ints(leo)));
            }
        }
    }
    chart(
        "hw-leo",
        trf(lang, Key::HwLeoTitle, &[&chosen]),
        tr(lang, Key::UnitOffset),
        offsets,
    )
}

/// The under-replicated and offline partition counts.
fn counts_chart(m: &Metrics, lang: Lang) -> Chart {
    let counts = m.counts();
    let count = |f: fn(&crate::state::metrics::CountStep) -> u32| {
        counts.iter().map(|c| (c.at_ms, f64::from(f(c)))).collect()
    };
    chart(
        "urp",
        tr(lang, Key::UrpTitle).into(),
        tr(lang, Key::UnitPartitions),
        vec![
            line(
                tr(lang, Key::UnderReplicated).into(),
                "warn",
                true,
                count(|c| c.under_replicated),
            ),
            line(
                tr(lang, Key::OfflineWord).into(),
                "bad",
                true,
                count(|c| c.offline),
            ),
        ],
    )
}

#[derive(Properties, PartialEq)]
pub struct ChartsProps {
    pub session: SessionHandle,
    pub selected: Option<PartitionKey>,
    pub on_command: Callback<Command>,
}

/// The time under the pointer on the chart it is over.
fn time_of(e: &MouseEvent, end: u64) -> Option<u64> {
    let target = e.target()?.dyn_into::<web_sys::Element>().ok()?;
    let svg = target.closest("svg").ok()??;
    let r = svg.get_bounding_client_rect();
    Some(time_at(f64::from(e.client_x()) - r.left(), r.width(), end))
}

/// What every chart needs besides its data.
struct Frame {
    lang: Lang,
    end: u64,
    now: u64,
    hover: Option<u64>,
    onpointermove: Callback<PointerEvent>,
    onpointerleave: Callback<PointerEvent>,
    onclick: Callback<MouseEvent>,
}

fn view_chart(c: &Chart, f: &Frame) -> Html {
    let at = f.hover.unwrap_or(f.now);
    let grid = ticks(c.y_max);
    let top = |v: f64| format!("top: {}%", fixed(100.0 - v * 100.0 / c.y_max, 1));
    let path = |l: &Line| {
        let d = if l.step && !l.path.is_empty() {
            format!("{}H{}", l.path, f.end)
        } else {
            l.path.clone()
        };
        html! { <path class={classes!(l.color, l.faint.then_some("faint"))} {d} /> }
    };
    let x = |t: u64| t.to_string();
    html! {
        <figure class="chart">
            <figcaption>{ &c.title }<span class="chart-unit">{ c.unit }</span></figcaption>
            <div class="chart-plot">
                { for grid.iter().map(|&v| html! { <span class="chart-y" style={top(v)}>{ short(v, 1) }</span> }) }
                <svg data-chart={c.id} viewBox={format!("0 0 {} {H}", f.end)} preserveAspectRatio="none"
                     onpointermove={f.onpointermove.clone()} onpointerleave={f.onpointerleave.clone()}
                     onclick={f.onclick.clone()}>
                    { for grid.iter().map(|&v| { let y = y_of(v, c.y_max).to_string();
                        html! { <line class="grid" x1="0" x2={x(f.end)} y1={y.clone()} y2={y} /> } }) }
                    { for c.lines.iter().filter(|l| l.faint).map(path) }
                    // The first line of the legend is drawn on top.
                    { for c.lines.iter().rev().filter(|l| !l.faint).map(path) }
                    if let Some(t) = f.hover {
                        <line class="chart-hover" x1={x(t)} x2={x(t)} y1="0" y2={H.to_string()} />
                    }
                    <line class="chart-cursor" data-cursor-ms={x(f.now)} x1={x(f.now)} x2={x(f.now)}
                          y1="0" y2={H.to_string()} />
                </svg>
            </div>
            <div class="chart-x"><span>{ "0 s" }</span><span>{ tr(f.lang, Key::SimulatedTimeLower) }</span><span>{ format_time(f.end) }</span></div>
            <ul class="chart-legend" data-readout-ms={x(at)}>
                <li class="chart-at">{ trf(f.lang, Key::AtTime, &[&format_time(at)]) }</li>
                { for c.lines.iter().map(|l| {
                    let v = value_at(&l.points, at).map_or_else(|| "–".to_string(), |v| short(v, 1));
                    html! { <li class={classes!(l.faint.then_some("faint"))}>
                        <i class={l.color} />{ &l.label }<b data-hover-value={v.clone()}>{ v }</b></li> }
                }) }
            </ul>
        </figure>
    }
}

#[function_component(Charts)]
pub fn charts(props: &ChartsProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let hover = use_state(|| None::<u64>);
    let session = props.session.borrow();
    let m = &session.metrics;
    let selected = match &props.selected {
        Some((topic, p)) => m.index_of(topic, *p),
        None => None,
    }
    .or((!m.partitions.is_empty()).then_some(0));
    let charts = {
        let handle = props.session.clone();
        use_memo(
            (session.run, m.version, selected, lang),
            move |&(_, _, selected, lang)| {
                Shared(Rc::new(build(&handle.borrow().metrics, selected, lang)))
            },
        )
    };
    // The timeline's scale: to the furthest time reached, old branch included.
    let head = session.history.head(&session.world);
    let end = head
        .now_ms()
        .max(
            session
                .history
                .branch
                .as_ref()
                .map_or(0, |b| b.head.now_ms()),
        )
        .max(1);
    let frame = Frame {
        lang,
        end,
        now: session.world.now_ms(),
        hover: *hover,
        onpointermove: {
            let hover = hover.clone();
            Callback::from(move |e: PointerEvent| hover.set(time_of(&e, end)))
        },
        onpointerleave: {
            let hover = hover.clone();
            Callback::from(move |_: PointerEvent| hover.set(None))
        },
        onclick: {
            let on_command = props.on_command.clone();
            Callback::from(move |e: MouseEvent| {
                if let Some(t) = time_of(&e, end) {
                    on_command.emit(Command::Seek(t));
                }
            })
        },
    };
    html! {
        <div class="charts">
            <p class="hint">{ trf(lang, Key::ChartsHint, &[&format_time(m.every_ms())]) }</p>
            { for charts.iter().map(|c| view_chart(c, &frame)) }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_tops_are_round_and_small_counts_exact() {
        assert_eq!(nice_max(0.0), 1.0);
        assert_eq!(nice_max(3.0), 3.0);
        assert_eq!(nice_max(2.5), 3.0);
        assert_eq!(nice_max(7.0), 10.0);
        assert_eq!(nice_max(120.0), 200.0);
        assert_eq!(nice_max(450.0), 500.0);
        assert_eq!(nice_max(1000.0), 1000.0);
        assert_eq!(ticks(3.0), vec![0.0, 1.0, 2.0, 3.0]);
        assert_eq!(ticks(200.0), vec![0.0, 100.0, 200.0]);
    }

    #[test]
    fn the_isr_title_spells_the_chosen_partitions_changes() {
        crate::i18n::zh::install_shipped();
        use crate::state::session::Session;
        use replication_core::scenario::bundled::bundled;
        use replication_core::scenario::parse_scenario;
        // Broker 3's fetcher pauses at 1 s and resumes at 20 s: it leaves the ISR and rejoins.
        let json = bundled("isr-shrink-and-expand").unwrap().json;
        let mut s = Session::new(parse_scenario(json).unwrap()).unwrap();
        s.playing = true;
        s.set_speed(100.0);
        while s.world.now_ms() < 40_000 {
            s.advance(16.0);
        }
        let charts = build(&s.metrics, Some(0), Lang::En);
        assert_eq!(
            charts[0].title,
            "ISR size per partition, orders-0: 3 → 2 → 3"
        );
        let ids: Vec<&str> = charts.iter().map(|c| c.id).collect();
        assert_eq!(ids, ["isr", "hw-leo", "urp", "throughput", "lag"]);
        assert_eq!(charts[0].y_max, 3.0);
        let zh = build(&s.metrics, Some(0), Lang::Zh);
        assert_eq!(zh[0].title, "各分区的 ISR 大小，orders-0：3 → 2 → 3");
        assert_eq!(zh[1].title, "HW 与各副本的 LEO，orders-0");
    }

    #[test]
    fn steps_hold_their_value_and_lines_join_samples() {
        let isr = [(0, 3.0), (45_000, 2.0), (60_000, 3.0)];
        assert_eq!(path(&isr, 3.0, true), "M0 0H45000V333H60000V0");
        assert_eq!(path(&isr[..2], 3.0, false), "M0 0L45000 333");
        assert_eq!(value_at(&isr, 44_999), Some(3.0));
        assert_eq!(value_at(&isr, 45_000), Some(2.0));
        assert_eq!(value_at(&isr[1..], 10), None);
    }
}
