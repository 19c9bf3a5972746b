//! Component tests of the partition panel in headless Chromium: the panel is mounted inside a
//! small harness that owns a session, with the page's stylesheets, so geometry can be checked.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;

use replication_core::scenario::parse_scenario;
use replication_core::sim::trace::EventKind;
use replication_core::view::DEFAULT_SCENARIO;
use replication_playground::components::partition::PartitionPanel;
use replication_playground::state::session::Session;
use replication_playground::state::{Command, SessionHandle};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{DomRect, Element};
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Follower 2 holds x, y (epoch 0) at offsets 2 and 3 that leader 1 (epoch 1) never had; its
/// first fetch truncates them.
const DIVERGED: &str = include_str!("fixtures/diverged-follower.json");

/// Follower 2's fetcher is paused while the leader is two records ahead.
const LAGGING: &str = r#"{
  "brokers": [{"id": 1}, {"id": 2}],
  "config": {"replica.lag.time.max.ms": 500},
  "topics": [{"name": "orders", "partitions": 1, "replication.factor": 2,
    "assignment": {"0": [1, 2]},
    "state": {"0": {"leader": 1, "isr": [1, 2], "high_watermark": 1,
      "logs": {"1": {"end_offset": 3}, "2": {"end_offset": 1}}}}}],
  "actions": [{"at_ms": 0, "pause_fetcher": {"broker": 2}}]
}"#;

/// Every stylesheet, in `index.html`'s order: a rule for another part of the page must not
/// reach into the panel (the timeline's `.marker` once moved the HW labels).
const STYLES: [&str; 9] = [
    include_str!("../../../web/style.css"),
    include_str!("../../../web/partition.css"),
    include_str!("../../../web/now.css"),
    include_str!("../../../web/panels.css"),
    include_str!("../../../web/log.css"),
    include_str!("../../../web/plans.css"),
    include_str!("../../../web/charts.css"),
    include_str!("../../../web/lessons.css"),
    include_str!("../../../web/embed.css"),
];

#[derive(Properties)]
struct HarnessProps {
    session: Rc<RefCell<Session>>,
    selected: (String, u32),
    /// Filled by the harness: emitting it re-renders the panel.
    rerender: Rc<RefCell<Option<Callback<()>>>>,
    commands: Rc<RefCell<Vec<Command>>>,
}

impl PartialEq for HarnessProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.session, &other.session)
    }
}

/// Renders the panel at the side panel's width, as the app's `view` does.
struct Harness {
    on_command: Callback<Command>,
}

impl Component for Harness {
    type Message = ();
    type Properties = HarnessProps;

    fn create(ctx: &Context<Self>) -> Self {
        *ctx.props().rerender.borrow_mut() = Some(ctx.link().callback(|()| ()));
        let commands = Rc::clone(&ctx.props().commands);
        Harness {
            on_command: Callback::from(move |c| commands.borrow_mut().push(c)),
        }
    }

    fn update(&mut self, _ctx: &Context<Self>, _msg: ()) -> bool {
        true
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let p = ctx.props();
        html! {
            <div class="side-body" style="width: 440px">
                <PartitionPanel session={SessionHandle::new(Rc::clone(&p.session))}
                                selected={Some(p.selected.clone())} on_command={self.on_command.clone()} />
            </div>
        }
    }
}

struct Fixture {
    root: Mounted,
    session: Rc<RefCell<Session>>,
    rerender: Rc<RefCell<Option<Callback<()>>>>,
    commands: Rc<RefCell<Vec<Command>>>,
}

impl Fixture {
    async fn mount(json: &str, partition: u32) -> Fixture {
        let document = web_sys::window().unwrap().document().unwrap();
        if document
            .query_selector("style[data-test-styles]")
            .unwrap()
            .is_none()
        {
            let style = document.create_element("style").unwrap();
            style.set_attribute("data-test-styles", "").unwrap();
            style.set_text_content(Some(&STYLES.concat()));
            document.head().unwrap().append_child(&style).unwrap();
        }
        let session = Rc::new(RefCell::new(
            Session::new(parse_scenario(json).unwrap()).unwrap(),
        ));
        let rerender = Rc::new(RefCell::new(None));
        let commands = Rc::new(RefCell::new(Vec::new()));
        let props = HarnessProps {
            session: Rc::clone(&session),
            selected: ("orders".to_string(), partition),
            rerender: Rc::clone(&rerender),
            commands: Rc::clone(&commands),
        };
        let root = mount_with::<Harness>(props).await;
        Fixture {
            root,
            session,
            rerender,
            commands,
        }
    }

    /// Mark the session changed (as every `Session` mutation does) and let the panel re-render.
    async fn render(&self) {
        self.session.borrow_mut().version += 1;
        let rerender = self.rerender.borrow().clone().unwrap();
        rerender.emit(());
        rendered().await;
    }

    fn one(&self, selector: &str) -> Element {
        self.root
            .query_selector(selector)
            .unwrap()
            .unwrap_or_else(|| panic!("nothing matches {selector}"))
    }

    fn count(&self, selector: &str) -> u32 {
        self.root.query_selector_all(selector).unwrap().length()
    }

    fn attr(&self, selector: &str, name: &str) -> String {
        self.one(selector).get_attribute(name).unwrap_or_default()
    }
}

fn rect(e: &Element) -> DomRect {
    e.get_bounding_client_rect()
}

#[wasm_bindgen_test]
async fn rows_markers_and_shading_follow_hw_and_leo() {
    let f = Fixture::mount(DIVERGED, 0).await;
    assert_eq!(f.count("[data-partition='orders-0']"), 1);
    assert_eq!(f.count("[data-replica-log]"), 3);

    // Leader 1: a, b committed (below HW 2); c, written in epoch 1, not yet.
    let leader = "[data-replica-log='1']";
    assert_eq!(f.attr(leader, "data-leo"), "3");
    assert_eq!(f.attr(leader, "data-hw"), "2");
    assert_eq!(f.attr(leader, "data-log-start"), "0");
    assert_eq!(
        f.attr(leader, "aria-label"),
        "broker 1, leader, LEO 3, HW 2, 1 uncommitted record"
    );
    for (offset, committed, epoch) in [(0, "true", "0"), (1, "true", "0"), (2, "false", "1")] {
        let cell = format!("{leader} [data-offset='{offset}']");
        assert_eq!(
            f.attr(&cell, "data-committed"),
            committed,
            "offset {offset}"
        );
        assert_eq!(f.attr(&cell, "data-epoch"), epoch, "offset {offset}");
    }
    assert_eq!(f.count(&format!("{leader} [data-offset]")), 3);
    assert!(f.one(leader).text_content().unwrap().contains("leader"));

    // Follower 2 (out of the ISR) holds its diverging tail x, y above its HW 2.
    let follower = "[data-replica-log='2']";
    assert_eq!(
        f.attr(follower, "aria-label"),
        "broker 2, out-of-sync follower, LEO 4, HW 2, 2 uncommitted records"
    );
    assert_eq!(
        f.attr(&format!("{follower} [data-offset='3']"), "data-committed"),
        "false"
    );

    // Markers carry their numbers and sit on the cell boundaries the teaching figure uses:
    // HW before offset HW (between b and c), LEO one past the last record.
    let hw = f.one(&format!("{leader} [data-marker='hw']"));
    let leo = f.one(&format!("{leader} [data-marker='leo']"));
    assert_eq!(hw.get_attribute("data-value").unwrap(), "2");
    assert_eq!(hw.text_content().unwrap(), "HW 2");
    assert_eq!(leo.get_attribute("data-value").unwrap(), "3");
    assert_eq!(leo.text_content().unwrap(), "LEO 3");
    let b = rect(&f.one(&format!("{leader} [data-offset='1']")));
    let c = rect(&f.one(&format!("{leader} [data-offset='2']")));
    let between_b_and_c = (b.right() + c.left()) / 2.0;
    assert!(
        (rect(&hw).left() - between_b_and_c).abs() < 1.5,
        "HW marker at {} but the b|c boundary is at {between_b_and_c}",
        rect(&hw).left()
    );
    assert!(
        (rect(&leo).left() - (c.right() + 1.0)).abs() < 1.5,
        "LEO marker at {} but c ends at {}",
        rect(&leo).left(),
        c.right()
    );
    // Each label in its own lane: LEO's above the records, HW's below them.
    let cells = rect(&f.one(&format!("{leader} .strip-cells")));
    let label = |m: &Element| rect(&m.query_selector(".marker-label").unwrap().unwrap());
    assert!(
        label(&leo).bottom() <= cells.top() + 0.5,
        "LEO label {}..{} overlaps the records from {}",
        label(&leo).top(),
        label(&leo).bottom(),
        cells.top()
    );
    assert!(
        label(&hw).top() >= cells.bottom() - 0.5,
        "HW label {}..{} overlaps the records ending at {}",
        label(&hw).top(),
        label(&hw).bottom(),
        cells.bottom()
    );
    // Cells are 22-26 px apart inside a 440 px panel, and the strip fits it.
    let pitch = c.left() - b.left();
    assert!((22.0..=26.0).contains(&pitch), "cells are {pitch} px apart");
    let strip = rect(&f.one(&format!("{leader} .strip-cells")));
    assert!(strip.width() <= 440.0);

    // Header facts and the epoch cache.
    assert_eq!(f.attr("[data-leader]", "data-leader"), "1");
    assert_eq!(f.attr("[data-leader-epoch]", "data-leader-epoch"), "1");
    assert_eq!(f.attr("[data-isr]", "data-isr"), "1, 3");
    assert!(f
        .one(&format!("{leader} .epoch-cache"))
        .text_content()
        .unwrap()
        .contains("(epoch 0 → 0)(epoch 1 → 2)"));
}

#[wasm_bindgen_test]
async fn a_truncation_animates_its_records_out_and_explains_itself() {
    let f = Fixture::mount(DIVERGED, 0).await;
    let follower = "[data-replica-log='2']";
    assert_eq!(f.count(".record-leaving"), 0);
    assert_eq!(f.count(&format!("{follower} [data-offset]")), 4);
    loop {
        let mut s = f.session.borrow_mut();
        assert!(s.step(), "the follower truncates before events run out");
        if s.world
            .trace()
            .iter()
            .any(|e| matches!(e.kind, EventKind::Truncated { .. }))
        {
            break;
        }
    }
    f.render().await;

    // x and y left the log, and linger as leaving ghosts where they were.
    assert_eq!(f.attr(follower, "data-leo"), "2");
    assert_eq!(f.count(&format!("{follower} [data-offset]")), 2);
    let ghosts = f.root.query_selector_all(".record-leaving").unwrap();
    assert_eq!(ghosts.length(), 2);
    let mut offsets = Vec::new();
    for i in 0..ghosts.length() {
        let ghost: Element = ghosts.item(i).unwrap().dyn_into().unwrap();
        assert!(f.one(follower).contains(Some(&ghost)));
        offsets.push(ghost.get_attribute("data-leaving-offset").unwrap());
    }
    assert_eq!(offsets, ["2", "3"]);
    let caption = f
        .one(&format!("{follower} .truncation-caption"))
        .text_content()
        .unwrap();
    assert!(
        caption.contains("broker 2 truncated its log from 4 to 2") && caption.contains("x, y"),
        "{caption}"
    );

    // The fade is pure CSS, so it runs without renders; a render after it ends drops them.
    wait_until_async(
        "a render after the fade to drop the leaving records",
        async || {
            f.render().await;
            f.count(".record-leaving") == 0
        },
    )
    .await;
}

#[wasm_bindgen_test]
async fn a_follower_past_replica_lag_time_max_shows_a_warning_bar() {
    let f = Fixture::mount(LAGGING, 0).await;
    f.session.borrow_mut().world.run_until(2_000);
    f.render().await;
    let lag = "[data-replica-log='2'] [data-lag-records]";
    assert_eq!(f.attr(lag, "data-lag-records"), "2");
    assert_eq!(f.attr(lag, "data-past-max"), "true");
    assert!(f.attr(lag, "class").split(' ').any(|c| c == "lag-past"));
    assert_eq!(f.count("[data-replica-log='1'] [data-lag-records]"), 0);
}

#[wasm_bindgen_test]
async fn a_leader_cut_off_from_the_controller_still_leads_in_its_own_view() {
    // one-way-cut: broker 1's messages to the controller are dropped from 1 s; broker 2 leads
    // from about 9 s, and broker 1 does not hear of it until the network heals at 15 s.
    let f = Fixture::mount(include_str!("../../../scenarios/one-way-cut.json"), 0).await;
    f.session.borrow_mut().world.run_until(12_000);
    f.render().await;
    let stale = "[data-replica-log='1'] [data-stale-leader-epoch]";
    assert_eq!(f.attr(stale, "data-stale-leader-epoch"), "0");
    assert_eq!(
        f.one(stale).text_content().unwrap(),
        "still leads in its own view (epoch 0)"
    );
    assert_eq!(
        f.count("[data-replica-log='2'] [data-stale-leader-epoch]"),
        0
    );
    // Leader 2 has had no fetch from broker 1: its lag in records is not known.
    let lag = "[data-replica-log='1'] [data-lag-records]";
    assert_eq!(f.attr(lag, "data-lag-known"), "false");
    assert!(f
        .one(lag)
        .text_content()
        .unwrap()
        .contains("no fetch from it yet"));
    // Healed, it hears, truncates and follows: no longer a leader in its own view.
    f.session.borrow_mut().world.run_until(20_000);
    f.render().await;
    assert_eq!(f.count("[data-stale-leader-epoch]"), 0);
    assert_eq!(
        f.attr(
            "[data-replica-log='1'] [data-lag-records]",
            "data-lag-known"
        ),
        "true"
    );
}

#[wasm_bindgen_test]
async fn the_chooser_lists_every_partition_and_selects_one() {
    let f = Fixture::mount(DEFAULT_SCENARIO, 0).await;
    assert_eq!(f.count("[data-partition-chooser] option"), 6);
    let select: web_sys::HtmlSelectElement = f.one("[data-partition-chooser]").dyn_into().unwrap();
    assert_eq!(select.value(), "0/orders");
    select.set_value("3/orders");
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    assert_eq!(
        *f.commands.borrow(),
        [Command::SelectPartition(("orders".to_string(), 3))]
    );
}
