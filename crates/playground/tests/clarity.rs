//! What a learner must see at the moment it matters: the selected partition's logs on the
//! broker cards, the waits with their countdowns and Skip, why things happened, focus on one
//! partition's messages, the lesson card beside the evidence and slowing down at its moments,
//! the legend on a fresh page, and loss alerts with their rule that never move the layout.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use replication_core::scenario::{parse_scenario, Action};
use replication_core::view::{PartitionDetail, DEFAULT_SCENARIO};
use replication_core::BrokerId;
use replication_playground::components::cluster::{ClusterMap, ClusterMapProps};
use replication_playground::components::now::{NowPanel, NowProps};
use replication_playground::state::session::Session;
use replication_playground::state::SessionHandle;
use replication_playground::{App, AppProps};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::Element;
use yew::Callback;

wasm_bindgen_test_configure!(run_in_browser);

/// The page's stylesheets, so geometry can be checked.
const STYLES: [&str; 4] = [
    include_str!("../../../web/style.css"),
    include_str!("../../../web/partition.css"),
    include_str!("../../../web/now.css"),
    include_str!("../../../web/lessons.css"),
];

fn load_styles() {
    let document = web_sys::window().unwrap().document().unwrap();
    if document
        .query_selector("style[data-clarity]")
        .unwrap()
        .is_some()
    {
        return;
    }
    let style = document.create_element("style").unwrap();
    style.set_attribute("data-clarity", "").unwrap();
    style.set_text_content(Some(&STYLES.concat()));
    document.head().unwrap().append_child(&style).unwrap();
}

/// The cluster alone, for a world prepared by `prepare`, with orders-0 selected.
async fn mount_cluster(prepare: impl FnOnce(&mut Session)) -> (Mounted, Rc<RefCell<Session>>) {
    let mut session = Session::new(parse_scenario(DEFAULT_SCENARIO).unwrap()).unwrap();
    prepare(&mut session);
    let session = Rc::new(RefCell::new(session));
    let props = ClusterMapProps {
        session: SessionHandle::new(Rc::clone(&session)),
        selected_partition: Some(("orders".to_string(), 0)),
        selected_broker: None,
        on_command: Callback::noop(),
        on_menu: Callback::noop(),
        on_drag: Callback::noop(),
        drag: None,
    };
    (mount_with::<ClusterMap>(props).await, session)
}

/// The whole app as the page address `query` opens it.
async fn mount_at(query: &str) -> Mounted {
    let props = AppProps {
        query: query.to_string().into(),
        ..Default::default()
    };
    mount_with::<App>(props).await
}

fn number(root: &Element, selector: &str, name: &str) -> u64 {
    attr(root, selector, name).parse().unwrap()
}

fn playing(root: &Element) -> bool {
    attr(root, "[data-action='play-pause']", "data-playing") == "true"
}

#[wasm_bindgen_test]
async fn the_selected_partition_is_drawn_on_the_cards_of_the_brokers_that_hold_it() {
    let (root, session) = mount_cluster(|s| s.fast_forward(3_000)).await;
    // orders-0 lives on brokers 1, 2 and 3: their cards draw its log, the others do not.
    for b in 1..=6 {
        let drawn = count(
            &root,
            &format!("[data-broker='{b}'] [data-broker-log='{b}']"),
        );
        assert_eq!(drawn, u32::from(b <= 3), "broker {b}");
    }
    // Each card's HW and LEO are its replica's, as the core has them.
    let s = session.borrow();
    let detail = PartitionDetail::of(&s.world, "orders", 0, 8).unwrap();
    for r in &detail.replica_logs {
        let log = format!("[data-broker-log='{}']", r.broker);
        assert_eq!(number(&root, &log, "data-leo"), r.log_end_offset);
        assert_eq!(number(&root, &log, "data-hw"), r.high_watermark);
        let label = text(&root, &format!("{log} [data-marker='hw']"));
        assert_eq!(label, format!("HW {}", r.high_watermark));
    }
}

#[wasm_bindgen_test]
async fn a_crashed_replica_keeps_its_committed_records_solid() {
    // Broker 3 crashes with its own HW one fetch behind the leader's: the records between the
    // two are committed all the same, and drawn so.
    let (root, session) = mount_cluster(|s| {
        s.fast_forward(2_000);
        let trails = |s: &Session| {
            let d = PartitionDetail::of(&s.world, "orders", 0, 8).unwrap();
            d.replica_logs[2].high_watermark < d.high_watermark().unwrap()
        };
        while !trails(s) {
            s.step();
        }
        s.act(Action::Crash {
            broker: BrokerId(3),
        });
    })
    .await;
    let s = session.borrow();
    let leader_hw = PartitionDetail::of(&s.world, "orders", 0, 8)
        .unwrap()
        .high_watermark()
        .unwrap();
    let own_hw = number(&root, "[data-broker-log='3']", "data-hw");
    assert!(
        own_hw < leader_hw,
        "broker 3's own HW {own_hw} trails {leader_hw}"
    );
    let cells = root
        .query_selector_all("[data-broker-log='3'] [data-offset]")
        .unwrap();
    let mut between = 0;
    for i in 0..cells.length() {
        let cell: Element = cells.item(i).unwrap().dyn_into().unwrap();
        let offset: u64 = cell.get_attribute("data-offset").unwrap().parse().unwrap();
        if offset < leader_hw {
            assert_eq!(
                cell.get_attribute("data-committed").as_deref(),
                Some("true")
            );
            between += u64::from(offset >= own_hw);
        }
    }
    assert!(
        between > 0,
        "a record above its own HW and below the leader's is drawn"
    );
}

#[wasm_bindgen_test]
async fn a_crash_counts_down_to_the_fencing_and_skip_plays_the_failover() {
    let root = mount_at("?scenario=three-brokers-steady").await;
    click(&root, "[data-broker='1'] [data-action='crash']").await;
    // The card and Now count down to broker.session.timeout.ms.
    wait_for(&root, "[data-broker='1'] [data-countdown='fencing']").await;
    let wait = "[data-wait='fencing']";
    wait_for(&root, wait).await;
    assert!(
        text(&root, wait).contains("broker.session.timeout.ms (9 s)"),
        "{}",
        text(&root, wait)
    );
    let ends: u64 = number(&root, wait, "data-ends-at-ms");
    assert!(sim_time(&root) < ends);
    click(&root, &format!("{wait} [data-action='skip-wait']")).await;
    // Skipped to just before the fencing, and playing: the failover happens on screen.
    assert!(playing(&root));
    assert!(
        sim_time(&root) < ends && sim_time(&root) + 2_000 >= ends,
        "at {}",
        sim_time(&root)
    );
    wait_for(&root, "[data-why='leader_elected']").await;
    let why = text(&root, "[data-why='leader_elected']");
    assert!(why.contains("broker 2"), "{why}");
    assert!(why.contains("broker 1 was fenced"), "the cause: {why}");
    assert!(why.contains("Rule:"), "the rule: {why}");
    click(&root, "[data-action='play-pause']").await;
}

#[wasm_bindgen_test]
async fn an_offline_partition_shows_when_the_kraft_unclean_scan_will_elect() {
    // orders-0's replicas 1, 2, 3: broker 3 leaves the ISR, then 1 and 2 die; 3 comes back out of
    // sync. Switching unclean election on elects nobody at once in KRaft: Now says when the
    // controller's scan will.
    let mut session = Session::new(parse_scenario(DEFAULT_SCENARIO).unwrap()).unwrap();
    {
        let s = &mut session;
        s.act(Action::Crash {
            broker: BrokerId(3),
        });
        s.fast_forward(12_000);
        for b in [1, 2] {
            s.act(Action::Crash {
                broker: BrokerId(b),
            });
        }
        s.fast_forward(24_000);
        s.act(Action::Restart {
            broker: BrokerId(3),
        });
        s.fast_forward(30_000);
        s.act(Action::SetConfig {
            key: "unclean.leader.election.enable".into(),
            value: true.into(),
            topic: None,
        });
    }
    let session = Rc::new(RefCell::new(session));
    let root = mount_with::<NowPanel>(NowProps {
        session: SessionHandle::new(Rc::clone(&session)),
        focus: Some(("orders".to_string(), 0)),
        on_command: Callback::noop(),
    })
    .await;
    let wait = "[data-wait='unclean-scan']";
    wait_for(&root, wait).await;
    let said = text(&root, wait);
    assert!(
        said.contains("orders-0 has no leader")
            && said.contains("every 5 min (unclean.leader.election.interval.ms)"),
        "{said}"
    );
    let ends: u64 = number(&root, wait, "data-ends-at-ms");
    let s = session.borrow();
    assert_eq!(Some(ends), s.world.controller().unclean_scan_at_ms());
    assert!(ends > s.world.now_ms());
    assert_eq!(s.world.partitions().next().unwrap().leader, None);
    assert_eq!(
        count(&root, &format!("{wait} [data-action='skip-wait']")),
        1
    );
}

#[wasm_bindgen_test]
async fn focus_mode_draws_only_the_selected_partitions_messages_in_full() {
    let root = mount_at("").await;
    click(&root, "[data-action='play-pause']").await;
    wait_until(
        "messages of orders-0 and of other partitions in flight",
        || {
            count(&root, "[data-message][data-in-focus='true']") > 0
                && count(&root, "[data-message][data-in-focus='false']") > 0
        },
    )
    .await;
    assert_eq!(
        count(&root, "[data-message][data-in-focus='false']"),
        count(&root, "[data-message].msg-dim"),
        "every message about another partition is faint"
    );
    assert_eq!(count(&root, "[data-message].msg-dim .msg-trail"), 0);
    // Focus off: every message in full.
    click(&root, "[data-action='focus']").await;
    wait_until("no message left faint", || {
        count(&root, "[data-message]") > 0 && count(&root, "[data-message].msg-dim") == 0
    })
    .await;
    click(&root, "[data-action='play-pause']").await;
}

#[wasm_bindgen_test]
async fn a_fresh_page_offers_the_first_lesson_and_opens_the_legend() {
    let root = mount_at("").await;
    wait_for(&root, "details[data-legend][open]").await;
    let start = "[data-action='start-here']";
    assert!(text(&root, start).contains("Replica basics"));
    click(&root, start).await;
    wait_for(&root, "[data-lesson-id='replicas'][data-lesson-step='1']").await;
    // The lesson is a card above the panels: the partition panel is still there beside it.
    assert_eq!(count(&root, ".side [data-partition]"), 1);
    // A page opened on a scenario is not a first visit.
    let other = mount_at("?scenario=leader-failover").await;
    assert_eq!(count(&other, "details[data-legend][open]"), 0);
    assert_eq!(count(&other, "[data-lessons='list']"), 0);
}

#[wasm_bindgen_test]
async fn a_lesson_step_slows_down_around_its_key_moment() {
    // leader-followers step 3 plays from the crash to 12 s; the election is at about 9 s.
    let root = mount_at("?lesson=leader-followers&step=3").await;
    click(&root, "[data-action='lesson-play']").await;
    wait_for(&root, "[data-slow-motion]").await;
    let at = sim_time(&root);
    let speed = attr(&root, "[data-speed]", "data-speed");
    assert!((8_900..=9_100).contains(&at), "slow motion at {at}");
    assert_eq!(speed, "0.02");
    wait_for_attr(&root, "[data-lesson-step]", "data-step-done", "true").await;
    wait_until("the step to pause at its time", || !playing(&root)).await;
    assert_eq!(sim_time(&root), 12_000);
    // The learner's own speed is back.
    assert_eq!(attr(&root, "[data-speed]", "data-speed"), "0.1");
    // Done, the step outlines what answers its question.
    wait_for(&root, "[data-now-partition][data-evidence-mark]").await;
}

#[wasm_bindgen_test]
async fn a_loss_alert_names_every_record_and_its_rule_and_moves_nothing() {
    load_styles();
    let root = mount_at("?lesson=acks&step=1").await;
    // The step plays to 25 s, through the loss of x, y and z (at about 9 s).
    click(&root, "[data-action='lesson-play']").await;
    assert!(playing(&root));
    let stage_top = find(&root, ".stage").get_bounding_client_rect().top();
    wait_for(&root, "[data-alert]").await;
    let alert = text(&root, "[data-alert]");
    assert!(alert.contains("x, y, z acked with acks=1"), "{alert}");
    assert!(alert.contains("without them"), "{alert}");
    let rule = text(&root, "[data-alert] [data-alert-rule]");
    assert!(rule.contains("acks=1 waits for the leader alone"), "{rule}");
    assert!(rule.contains("ISR membership is about time"), "{rule}");
    assert_eq!(
        find(&root, ".stage").get_bounding_client_rect().top(),
        stage_top,
        "the alert did not push the cluster down"
    );
}
