//! Embed mode and the JS API in headless Chromium: the compact view, option errors, and two
//! independent instances on one page.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;

use gloo_events::EventListener;
use replication_playground::state::embed_options::{Options, Panel};
use replication_playground::{App, AppProps};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A JS options object from (key, value) pairs.
fn js_options(pairs: &[(&str, JsValue)]) -> JsValue {
    let object = js_sys::Object::new();
    for (key, value) in pairs {
        js_sys::Reflect::set(&object, &JsValue::from_str(key), value).unwrap();
    }
    object.into()
}

async fn mount_props(props: AppProps) -> Mounted {
    mount_with::<App>(props).await
}

#[wasm_bindgen_test]
async fn embed_mode_shows_the_cluster_a_slim_bar_and_only_the_panels_asked_for() {
    let (options, problems) =
        Options::from_query("?embed&scenario=leader-failover&speed=0.5&panels=log");
    assert!(problems.is_empty());
    let root = mount_props(AppProps {
        options,
        ..AppProps::default()
    })
    .await;
    assert_eq!(count(&root, "[data-embed='true']"), 1);
    assert_eq!(
        count(&root, "[data-broker]"),
        3,
        "leader-failover has 3 brokers"
    );
    assert_eq!(
        attr(&root, "[data-scenario]", "data-scenario"),
        "leader-failover"
    );
    assert_eq!(attr(&root, "[data-speed]", "data-speed"), "0.5");
    assert_eq!(count(&root, ".topbar"), 0);
    assert_eq!(count(&root, ".side"), 0, "no side panel was asked for");
    assert_eq!(count(&root, ".event-log"), 1, "the log was");
    assert_eq!(count(&root, ".timeline"), 0);
    // No link without the full playground's address.
    assert_eq!(count(&root, "[data-action='open-full']"), 0);
    click(&root, "[data-action='step']").await;
    assert!(!playing(&root));
}

#[wasm_bindgen_test]
async fn side_panels_show_as_tabs_and_the_link_keeps_the_options() {
    let options = Options {
        embed: true,
        scenario: Some("acks1-loss".into()),
        speed: Some(2.0),
        panels: vec![Panel::Describe, Panel::Partition],
        playground_url: Some("/index.html".into()),
        ..Options::default()
    };
    let root = mount_props(AppProps {
        options,
        ..AppProps::default()
    })
    .await;
    assert_eq!(count(&root, ".side [role=tab]"), 2);
    assert_eq!(
        count(&root, "[data-describe]"),
        1,
        "the first panel asked for shows"
    );
    assert_eq!(
        attr(&root, "[data-action='open-full']", "href"),
        "/index.html?scenario=acks1-loss&speed=2"
    );
}

#[wasm_bindgen_test]
async fn problems_with_the_address_are_listed_over_the_embed() {
    let (options, problems) = Options::from_query("?embed&scenario=nope&autoplay");
    let root = mount_props(AppProps {
        options,
        problems,
        ..AppProps::default()
    })
    .await;
    assert_eq!(count(&root, "[data-error]"), 1);
    let text = find(&root, "[data-error]").text_content().unwrap();
    assert!(
        text.contains("\"nope\"") && text.contains("leader-failover"),
        "{text}"
    );
    // The default cluster behind it, not playing (autoplay waits for a valid address): frames
    // go by, and each would move a playing clock.
    assert_eq!(count(&root, "[data-embed] [data-broker]"), 6);
    assert!(!playing(&root));
    animation_frames(5).await;
    assert_eq!(sim_time(&root), 0);
}

#[wasm_bindgen_test]
async fn autoplay_starts_playing() {
    let (options, _) = Options::from_query("?embed&scenario=leader-failover&speed=1&autoplay");
    let root = mount_props(AppProps {
        options,
        ..AppProps::default()
    })
    .await;
    assert!(playing(&root));
    wait_until("the clock to run", || sim_time(&root) > 0).await;
    click(&root, "[data-action='play-pause']").await;
    assert!(!playing(&root));
}

#[wasm_bindgen_test]
fn js_options_are_refused_with_readable_messages() {
    let mount = |pairs: &[(&str, JsValue)]| {
        replication_playground::mount(fresh_root(), js_options(pairs))
            .err()
            .unwrap_or_default()
    };
    let e = mount(&[("scenario", "nope".into())]);
    assert!(
        e.contains("\"nope\" is not a bundled example") && e.contains("acks1-loss"),
        "{e}"
    );
    let e = mount(&[("speed", "fast".into())]);
    assert!(
        e.contains("speed: expected a number") && e.contains("\"fast\""),
        "{e}"
    );
    let e = mount(&[("speed", 500.into())]);
    assert!(e.contains("speed 500") && e.contains("0.01 to 100"), "{e}");
    let e = mount(&[("sped", 1.into())]);
    assert!(
        e.contains("unknown option \"sped\"") && e.contains("speed"),
        "{e}"
    );
    let panels: js_sys::Array = ["log", "graphs"]
        .iter()
        .map(|p| JsValue::from_str(p))
        .collect();
    let e = mount(&[("panels", panels.into())]);
    assert!(
        e.contains("\"graphs\"") && e.contains("partition, clients"),
        "{e}"
    );
    let e = replication_playground::mount(fresh_root(), JsValue::from_str("leader-failover"))
        .err()
        .unwrap_or_default();
    assert!(e.contains("expected an object"), "{e}");
}

/// The JS API's `lang` picks the UI's language: the embed bar and the loss alert (title and
/// cause) are in Chinese. acks1-loss: x, y, z acked with acks=1 by leader 1, which crashes
/// before its paused followers fetch; broker 2, still in the ISR, is elected without them: from
/// then on no replica that holds them leads, so they are lost (broker 1, the only holder, is
/// down and will truncate them when it returns).
#[wasm_bindgen_test]
async fn the_js_api_lang_option_shows_the_embed_and_its_alerts_in_chinese() {
    serve_chinese();
    let root = fresh_root();
    let options = js_options(&[
        ("scenario", "acks1-loss".into()),
        ("speed", 100.into()),
        ("autoplay", true.into()),
        ("lang", "zh-CN".into()),
    ]);
    let handle = replication_playground::mount(root.clone(), options).unwrap();
    // A second Chinese playground on the page shares the one fetch of zh.json.
    let second = fresh_root();
    let second_handle = replication_playground::mount(
        second.clone(),
        js_options(&[
            ("scenario", "leader-failover".into()),
            ("lang", "zh".into()),
        ]),
    )
    .unwrap();
    // The Chinese text arrives by fetch, after the first render.
    wait_for(&root, "[data-embed][lang='zh-CN']").await;
    wait_for(&second, "[data-embed][lang='zh-CN']").await;
    assert_eq!(fetched().len(), 1, "fetched {:?}", fetched());
    second_handle.destroy();
    assert_eq!(
        find(&root, "[data-action='step']").text_content().unwrap(),
        "单步"
    );
    assert_eq!(
        attr(&root, "[data-action='reset']", "aria-label"),
        "重置：回到时间 0（r）"
    );
    let alert = wait_for(&root, "[data-alert]").await;
    let title = alert.text_content().unwrap();
    assert!(
        title.contains("丢失 3 条已确认的记录（orders-0）"),
        "{title}"
    );
    // The embed's alert is complete: the chain of events and the rule, not a headline alone.
    let cause = text(&root, "[data-alert] p");
    assert!(
        cause.starts_with("x、y、z 已按 acks=1 得到确认；Broker 1 崩溃"),
        "{cause}"
    );
    assert!(cause.contains("Broker 2 当选（epoch 1）"), "{cause}");
    assert!(
        cause.ends_with("仍持有这些记录的副本都不是 Leader"),
        "{cause}"
    );
    let rule = text(&root, "[data-alert] [data-alert-rule]");
    assert!(rule.starts_with("规则：acks=1 只等 Leader。"), "{rule}");
    // The instance marks its own language; the host page's <html lang> is not its to change.
    assert_eq!(attr(&root, "[data-embed]", "lang"), "zh-CN");
    let html_lang = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .document_element()
        .unwrap()
        .get_attribute("lang");
    assert_ne!(html_lang.as_deref(), Some("zh-CN"));
    handle.destroy();
}

/// Going back in time before a loss takes its alert away; coming forward shows it once again.
#[wasm_bindgen_test]
async fn time_travel_shows_each_loss_alert_once() {
    let (options, _) =
        Options::from_query("?embed&scenario=acks1-loss&speed=100&autoplay&panels=timeline");
    let root = mount_props(AppProps {
        options,
        ..AppProps::default()
    })
    .await;
    wait_for(&root, "[data-alert]").await;
    click(&root, "[data-action='play-pause']").await;
    assert_eq!(
        count(&root, "[data-alert]"),
        1,
        "acks1-loss loses x, y, z once"
    );
    let bar = find(&root, ".timeline-bar");
    key_on(&bar, "Home");
    rendered().await;
    assert_eq!(sim_time(&root), 0);
    assert_eq!(
        count(&root, "[data-alert]"),
        0,
        "at time 0 nothing is lost yet"
    );
    key_on(&bar, "End");
    rendered().await;
    assert!(sim_time(&root) > 9_000);
    assert_eq!(
        count(&root, "[data-alert]"),
        1,
        "the loss is shown once, not twice"
    );
}

#[wasm_bindgen_test]
async fn two_instances_mounted_from_js_are_independent() {
    let events: Rc<RefCell<Vec<(usize, String)>>> = Rc::default();
    let mut roots = Vec::new();
    let mut listeners = Vec::new();
    let mut handles = Vec::new();
    for (i, scenario) in ["leader-failover", "acks1-loss"].into_iter().enumerate() {
        let root = fresh_root();
        let events = Rc::clone(&events);
        listeners.push(EventListener::new(&root, "kafka-playground", move |e| {
            let detail = e.dyn_ref::<web_sys::CustomEvent>().unwrap().detail();
            let kind = js_sys::Reflect::get(&detail, &"type".into()).unwrap();
            events.borrow_mut().push((i, kind.as_string().unwrap()));
        }));
        let options = js_options(&[("scenario", scenario.into()), ("speed", 100.into())]);
        handles.push(replication_playground::mount(root.clone(), options).unwrap());
        roots.push(root);
    }
    let seen = |i: usize, kind: &str| events.borrow().contains(&(i, kind.into()));
    // `rendered` (which tells the host `ready`) runs a little after the first paint.
    wait_until("both instances to tell the host `ready`", || {
        seen(0, "ready") && seen(1, "ready")
    })
    .await;
    let (a, b) = (&roots[0], &roots[1]);
    assert_eq!(
        attr(a, "[data-scenario]", "data-scenario"),
        "leader-failover"
    );
    assert_eq!(attr(b, "[data-scenario]", "data-scenario"), "acks1-loss");

    // Play one to its election: the other stays at time 0.
    click(a, "[data-action='play-pause']").await;
    wait_until("the first instance to tell of its election", || {
        seen(0, "leader_elected")
    })
    .await;
    click(a, "[data-action='play-pause']").await;
    let a_time = sim_time(a);
    assert!(a_time > 0);
    assert_eq!(sim_time(b), 0);
    assert!(seen(0, "step"));
    assert!(!events.borrow().iter().any(|(i, k)| *i == 1 && k != "ready"));

    // A key pressed inside one instance is that instance's only (the first events of a run
    // may all be at time 0: step until the clock moves).
    for _ in 0..40 {
        if sim_time(b) > 0 {
            break;
        }
        key_on(&find(b, "[data-action='reset']"), "s");
        rendered().await;
    }
    assert!(sim_time(b) > 0, "s inside the second instance steps it");
    assert_eq!(sim_time(a), a_time, "and not the first");

    for handle in handles {
        handle.destroy();
    }
    rendered().await;
    assert_eq!(count(a, "[data-embed]") + count(b, "[data-embed]"), 0);
}

/// Plays `query` (the forced unclean election of consumer-detects-truncation) past 15 s and
/// checks that the loss Kafka allows raises exactly one alert, naming it.
async fn an_allowed_loss_raises_one_alert(query: &str) {
    let (options, _) = Options::from_query(query);
    let root = mount_props(AppProps {
        options,
        ..AppProps::default()
    })
    .await;
    wait_until("the run to pass the election at 15 s", || {
        sim_time(&root) > 16_000
    })
    .await;
    assert_eq!(count(&root, "[data-alert]"), 1, "one alert: the loss");
    let alert = text(&root, "[data-alert]");
    assert!(
        alert.contains("5 committed record(s) lost from orders-0"),
        "{alert}"
    );
}

/// An unclean election loses committed records, as Kafka allows when it is switched on: one
/// alert names the loss and its cause; the checker's data invariants broken by that same loss
/// are not raised again as if the simulator were at fault (the event log still lists them).
#[wasm_bindgen_test]
async fn a_loss_kafka_allows_raises_one_alert_not_invariant_reports() {
    an_allowed_loss_raises_one_alert(
        "?embed&scenario=consumer-detects-truncation&speed=100&autoplay&panels=timeline",
    )
    .await;
}

/// The same run in the developer view (`?dev`), where the checker's reports raise alerts too:
/// `no-committed-data-loss` and `isr-holds-committed-data` on orders-0 at 15 s are that same
/// allowed loss (same partition, same moment), so they raise none.
#[wasm_bindgen_test]
async fn in_the_developer_view_an_allowed_loss_still_raises_one_alert() {
    let query =
        "?embed&dev&scenario=consumer-detects-truncation&speed=100&autoplay&panels=timeline";
    assert!(
        Options::from_query(query).0.dev,
        "?dev is the developer view"
    );
    an_allowed_loss_raises_one_alert(query).await;
}

/// A lesson link naming no lesson opens the page as usual and says what is wrong, in words
/// that fit a page just opened (there is no earlier run).
#[wasm_bindgen_test]
async fn a_wrong_lesson_in_the_address_is_listed_as_the_page_opens() {
    let root = mount_props(AppProps {
        query: "?lesson=nope".into(),
        ..AppProps::default()
    })
    .await;
    let dialog = text(&root, "[data-errors]");
    assert!(
        dialog.contains("lesson \"nope\" does not exist; the lessons are: replicas,"),
        "{dialog}"
    );
    assert!(
        dialog.contains("1 problem(s); the page opened as it would without them."),
        "{dialog}"
    );
    assert_eq!(
        count(&root, "[data-broker]"),
        6,
        "the default cluster is there"
    );
}
