//! The Charts tab in headless Chromium: through the whole app (load an example, play it, read
//! the ISR chart, hover, click to seek), and the panel alone over a prepared session.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;

use replication_core::scenario::{parse_scenario, Action};
use replication_core::view::DEFAULT_SCENARIO;
use replication_core::BrokerId;
use replication_playground::components::charts::{Charts, ChartsProps};
use replication_playground::state::session::Session;
use replication_playground::state::SessionHandle;
use replication_playground::App;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, PointerEvent, PointerEventInit};
use yew::Callback;

wasm_bindgen_test_configure!(run_in_browser);

async fn open_charts_tab(root: &Element) {
    let tabs = root.query_selector_all("[role='tab']").unwrap();
    let tab = (0..tabs.length())
        .filter_map(|i| tabs.item(i))
        .find(|t| t.text_content().as_deref() == Some("Charts"))
        .expect("the Charts tab exists");
    tab.unchecked_into::<HtmlElement>().click();
    rendered().await;
}

/// The chart's legend as (label, value shown) pairs, and the time the values are read at.
fn legend(root: &Element, chart: &str) -> (u64, Vec<(String, String)>) {
    let figure = find(root, &format!("svg[data-chart='{chart}']"))
        .closest("figure")
        .unwrap()
        .unwrap();
    let at = attr(&figure, "[data-readout-ms]", "data-readout-ms")
        .parse()
        .unwrap();
    let items = figure
        .query_selector_all(".chart-legend li:not(.chart-at)")
        .unwrap();
    let pairs = (0..items.length())
        .filter_map(|i| items.item(i))
        .map(|li| {
            let li: Element = li.unchecked_into();
            let b = find(&li, "[data-hover-value]");
            let value = b.get_attribute("data-hover-value").unwrap_or_default();
            let text = li.text_content().unwrap_or_default();
            let label = text.trim_end_matches(&b.text_content().unwrap_or_default());
            (label.to_string(), value)
        })
        .collect();
    (at, pairs)
}

fn value(root: &Element, chart: &str, label: &str) -> String {
    legend(root, chart)
        .1
        .into_iter()
        .find(|(l, _)| l == label)
        .unwrap_or_else(|| panic!("no line {label} in {chart}"))
        .1
}

/// The client x of time `t_ms` on a chart whose run ends at `end_ms`.
fn client_x(svg: &Element, t_ms: u64, end_ms: u64) -> i32 {
    let r = svg.get_bounding_client_rect();
    (r.left() + r.width() * t_ms as f64 / end_ms as f64).round() as i32
}

async fn pointer(svg: &Element, kind: &str, x: i32) {
    let init = PointerEventInit::new();
    init.set_bubbles(true);
    init.set_client_x(x);
    let r = svg.get_bounding_client_rect();
    init.set_client_y((r.top() + r.height() / 2.0) as i32);
    let e = PointerEvent::new_with_event_init_dict(kind, &init).unwrap();
    svg.dispatch_event(&e).unwrap();
    rendered().await;
}

#[wasm_bindgen_test]
async fn the_isr_chart_steps_down_after_a_paused_fetcher_and_hover_and_click_read_it() {
    let root = mount_with::<App>(Default::default()).await;
    // Broker 3's fetcher pauses at 1 s; replica.lag.time.max.ms is 10 s and the leader checks
    // every 5 s, so broker 3 leaves the ISR at 15 s; it resumes at 20 s and rejoins.
    set(
        &root,
        "[data-action='scenario']",
        "isr-shrink-and-expand",
        "change",
    )
    .await;
    set(&root, "[data-action='speed']", "2", "input").await;
    click(&root, "[data-action='play-pause']").await;
    wait_until("the run to play past 32 s", || sim_time(&root) >= 32_000).await;
    click(&root, "[data-action='play-pause']").await;
    let end = sim_time(&root);
    assert!(end >= 32_000, "played to {end} ms");

    open_charts_tab(&root).await;
    for chart in ["isr", "hw-leo", "urp", "throughput", "lag"] {
        find(&root, &format!("svg[data-chart='{chart}']"));
    }
    let isr = find(&root, "svg[data-chart='isr']");
    assert_eq!(
        attr(
            &root,
            "svg[data-chart='isr'] [data-cursor-ms]",
            "data-cursor-ms"
        ),
        end.to_string(),
        "the cursor is the timeline's"
    );
    // Without hovering, the values are read at the cursor: back in sync.
    assert_eq!(legend(&root, "isr").0, end);
    assert_eq!(value(&root, "isr", "orders-0"), "3");

    // Hovering reads the chart where the pointer is.
    pointer(&isr, "pointermove", client_x(&isr, 10_000, end)).await;
    let (at, _) = legend(&root, "isr");
    assert!(at.abs_diff(10_000) < end / 100, "read at {at}");
    assert_eq!(value(&root, "isr", "orders-0"), "3");
    pointer(&isr, "pointermove", client_x(&isr, 17_000, end)).await;
    assert_eq!(
        value(&root, "isr", "orders-0"),
        "2",
        "broker 3 left at 15 s"
    );
    assert_eq!(value(&root, "urp", "under-replicated"), "1");
    // Every chart reads at the same time.
    assert_eq!(legend(&root, "lag").0, legend(&root, "isr").0);

    // Clicking goes there.
    let init = PointerEventInit::new();
    init.set_bubbles(true);
    init.set_client_x(client_x(&isr, 17_000, end));
    isr.dispatch_event(&PointerEvent::new_with_event_init_dict("click", &init).unwrap())
        .unwrap();
    rendered().await;
    let now = sim_time(&root);
    assert!(now.abs_diff(17_000) < end / 100, "seeked to {now}");
    assert_eq!(
        attr(
            &root,
            "svg[data-chart='isr'] [data-cursor-ms]",
            "data-cursor-ms"
        ),
        now.to_string()
    );
    pointer(&isr, "pointerleave", 0).await;
    assert_eq!(legend(&root, "isr").0, now);
    assert_eq!(value(&root, "isr", "orders-0"), "2");
}

#[wasm_bindgen_test]
async fn a_crashed_broker_makes_its_partitions_under_replicated_and_offsets_show_per_replica() {
    let mut session = Session::new(parse_scenario(DEFAULT_SCENARIO).unwrap()).unwrap();
    session.playing = true;
    session.set_speed(100.0);
    let frame = |s: &mut Session, ms: u64| {
        let end = s.world.now_ms() + ms;
        while s.world.now_ms() < end {
            s.advance(16.0);
        }
    };
    frame(&mut session, 3_000);
    session.act(Action::Crash {
        broker: BrokerId(1),
    });
    frame(&mut session, 30_000);
    // Broker 1 holds a replica of three of the six partitions (0, 4 and 5).
    let on_1 = session
        .world
        .partitions()
        .filter(|p| p.replicas.contains(&BrokerId(1)))
        .count();
    let props = ChartsProps {
        session: SessionHandle::new(Rc::new(RefCell::new(session))),
        selected: Some(("orders".into(), 0)),
        on_command: Callback::noop(),
    };
    let root = mount_with::<Charts>(props).await;

    assert_eq!(on_1, 3);
    assert_eq!(value(&root, "urp", "under-replicated"), "3");
    assert_eq!(value(&root, "urp", "offline"), "0", "another replica leads");
    let labels: Vec<String> = legend(&root, "hw-leo").1.into_iter().map(|p| p.0).collect();
    assert_eq!(labels, ["HW", "LEO 1", "LEO 2", "LEO 3"]);
    let hw: u64 = value(&root, "hw-leo", "HW").parse().unwrap();
    let leo_2: u64 = value(&root, "hw-leo", "LEO 2").parse().unwrap();
    assert!(
        hw > 300,
        "about 100 records/s over 6 partitions for 33 s: {hw}"
    );
    assert!(
        leo_2 >= hw,
        "an in-sync replica holds everything below the HW"
    );
    let leo_1: u64 = value(&root, "hw-leo", "LEO 1").parse().unwrap();
    assert!(leo_1 < hw, "the crashed broker's log stopped at 3 s");
    // The selected partition is drawn over the others, which are faint.
    let faint = root
        .query_selector_all("svg[data-chart='isr'] path.faint")
        .unwrap()
        .length();
    assert_eq!(faint, 5);
}
