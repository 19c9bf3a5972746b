//! Component tests: the app and its parts rendered into a DOM node in headless Chromium.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;

use replication_core::scenario::{parse_scenario, Action};
use replication_core::view::DEFAULT_SCENARIO;
use replication_core::{BrokerId, NodeId};
use replication_playground::components::cluster::{ClusterMap, ClusterMapProps};
use replication_playground::state::session::Session;
use replication_playground::state::SessionHandle;
use replication_playground::App;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};
use yew::Callback;

wasm_bindgen_test_configure!(run_in_browser);

/// Mount the whole app into a fresh `<div>` and let Yew render it.
async fn mount() -> Mounted {
    mount_with::<App>(Default::default()).await
}

/// Render just the cluster map for a world prepared by `prepare`.
async fn mount_cluster(prepare: impl FnOnce(&mut Session)) -> Mounted {
    let mut session = Session::new(parse_scenario(DEFAULT_SCENARIO).unwrap()).unwrap();
    prepare(&mut session);
    mount_with::<ClusterMap>(ClusterMapProps {
        session: SessionHandle::new(Rc::new(RefCell::new(session))),
        selected_partition: None,
        selected_broker: None,
        on_command: Callback::noop(),
        on_menu: Callback::noop(),
        on_drag: Callback::noop(),
        drag: None,
    })
    .await
}

#[wasm_bindgen_test]
async fn default_cluster_renders_three_racks_of_two_brokers() {
    let root = mount().await;
    assert_eq!(count(&root, "[data-rack]"), 3);
    assert_eq!(count(&root, "[data-rack] [data-broker]"), 6);
    for rack in ["a", "b", "c"] {
        let selector = format!("[data-rack='{rack}'] [data-broker]");
        assert_eq!(count(&root, &selector), 2, "{rack} should hold two brokers");
    }
    // The controller and the clients stand outside every rack.
    assert_eq!(count(&root, "[data-node='controller']"), 1);
    assert_eq!(count(&root, "[data-rack] [data-node='controller']"), 0);
    assert_eq!(count(&root, "[data-rack] [data-node='clients']"), 0);
}

#[wasm_bindgen_test]
async fn every_partition_has_three_replicas_and_one_leader() {
    let root = mount().await;
    assert_eq!(count(&root, "[data-replica]"), 18);
    assert_eq!(count(&root, "[data-replica][data-role='leader']"), 6);
    for partition in 0..6 {
        let selector = format!("[data-replica^='orders-{partition}@']");
        assert_eq!(count(&root, &selector), 3);
    }
    let chip = root
        .query_selector("[data-broker='1'] [data-replica]")
        .unwrap()
        .unwrap();
    assert!(chip.get_attribute("data-replica").unwrap().ends_with("@1"));
}

#[wasm_bindgen_test]
async fn crashed_broker_shows_crashed_and_its_replicas_offline() {
    let root = mount_cluster(|s| {
        s.act(Action::Crash {
            broker: BrokerId(1),
        })
    })
    .await;
    assert_eq!(attr(&root, "[data-broker='1']", "data-state"), "crashed");
    assert_eq!(count(&root, "[data-broker='1'] [data-replica]"), 3);
    assert_eq!(
        count(
            &root,
            "[data-broker='1'] [data-replica][data-role='offline']"
        ),
        3
    );
    // State is in words too, not colour alone.
    let text = root
        .query_selector("[data-broker='1']")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(text.contains("crashed"), "{text}");
    // A crashed broker can be restarted, or its machine can lose power too (taking the page
    // cache the killed process left behind).
    assert_eq!(count(&root, "[data-broker='1'] [data-action]"), 2);
    assert_eq!(count(&root, "[data-broker='1'] [data-action='restart']"), 1);
    assert_eq!(
        count(&root, "[data-broker='1'] [data-action='power-loss']"),
        1
    );
}

#[wasm_bindgen_test]
async fn a_broker_control_that_would_change_nothing_is_disabled_and_says_why() {
    let root = mount_cluster(|s| {
        // The clock does not move: broker 1's controlled shutdown is still in progress.
        s.act(Action::Shutdown {
            broker: BrokerId(1),
        });
        s.act(Action::PowerLoss {
            broker: BrokerId(2),
        });
    })
    .await;
    let shutdown = "[data-broker='1'] [data-action='shutdown']";
    wait_for(&root, shutdown).await;
    assert!(find(&root, shutdown).has_attribute("disabled"));
    let why = "shutdown ignored: broker 1's controlled shutdown is already in progress";
    assert_eq!(attr(&root, shutdown, "title"), why);
    assert_eq!(
        attr(&root, shutdown, "aria-label"),
        format!("shut down broker 1 (disabled: {why})")
    );
    // A restart does something: Kafka finishes the shutdown, then the broker starts again.
    let restart = "[data-broker='1'] [data-action='restart']";
    assert!(!find(&root, restart).has_attribute("disabled"));
    // A machine without power can only be restarted.
    assert_eq!(count(&root, "[data-broker='2'] [data-action]"), 1);
    assert_eq!(count(&root, "[data-broker='2'] [data-action='restart']"), 1);
}

#[wasm_bindgen_test]
async fn the_clients_node_counts_every_consumer() {
    let root = mount_cluster(|s| {
        s.world.run_until(1_000);
        s.act(Action::Consume {
            topic: "orders".to_string(),
            client_rack: None,
        });
    })
    .await;
    // The default scenario's consumer and a second one on the same topic.
    wait_for(&root, "[data-node='clients'] [data-consumers='2']").await;
    assert_eq!(
        text(&root, "[data-node='clients'] [data-consumers]"),
        "consumers: 2"
    );
}

#[wasm_bindgen_test]
async fn rack_buttons_that_would_change_nothing_are_disabled_and_say_why() {
    let root = mount().await;
    wait_for(&root, "[role='tab']").await;
    let tabs = root.query_selector_all("[role='tab']").unwrap();
    let tab = (0..tabs.length())
        .filter_map(|i| tabs.get(i))
        .find(|t| t.text_content().unwrap_or_default() == "Racks & network")
        .expect("the Racks & network tab");
    tab.unchecked_into::<HtmlElement>().click();
    let restore = "[data-action='restore-rack']";
    wait_for(&root, restore).await;
    // Every broker runs: restoring a rack would start nothing, failing one would.
    assert!(find(&root, restore).has_attribute("disabled"));
    assert_eq!(
        attr(&root, restore, "title"),
        "restore_rack ignored: every broker in rack a is already running"
    );
    assert!(!find(&root, "[data-action='fail-rack']").has_attribute("disabled"));
    click(&root, "[data-action='fail-rack']").await;
    wait_until("rack a failed", || {
        find(&root, "[data-action='fail-rack']").has_attribute("disabled")
            && !find(&root, restore).has_attribute("disabled")
    })
    .await;
    assert_eq!(
        attr(&root, "[data-action='fail-rack']", "title"),
        "fail_rack ignored: every broker in rack a is already down"
    );
}

#[wasm_bindgen_test]
async fn session_expiry_fences_an_isolated_broker_and_a_new_leader_takes_over() {
    // Broker 1 leads orders-0. Isolated, it misses heartbeats; after broker.session.timeout.ms
    // (9 s in KRaft) the controller fences it and elects the next ISR replica.
    let root = mount_cluster(|s| {
        s.act(Action::Isolate {
            node: NodeId::Broker(BrokerId(1)),
        });
        s.world.run_until(12_000);
    })
    .await;
    assert_eq!(attr(&root, "[data-broker='1']", "data-state"), "fenced");
    assert_eq!(attr(&root, "[data-broker='1']", "data-isolated"), "true");
    assert_eq!(
        attr(&root, "[data-replica='orders-0@1']", "data-role"),
        "out-of-sync"
    );
    assert_eq!(
        attr(&root, "[data-replica='orders-0@1']", "data-in-sync"),
        "false"
    );
    assert_ne!(
        attr(&root, "[data-replica='orders-0@1']", "data-role"),
        "leader"
    );
    assert_eq!(
        count(&root, "[data-replica^='orders-0@'][data-role='leader']"),
        1
    );
}

#[wasm_bindgen_test]
async fn a_follower_with_a_paused_fetcher_drops_out_of_sync_after_the_lag_time() {
    // replica.lag.time.max.ms is 30 s: a follower that fetches nothing for longer leaves the
    // ISR at the leader's next check (every 15 s), so by 60 s at the latest.
    let root = mount_cluster(|s| {
        s.act(Action::PauseFetcher {
            broker: BrokerId(4),
        });
        s.world.run_until(60_000);
    })
    .await;
    let out_of_sync = count(&root, "[data-broker='4'] [data-role='out-of-sync']");
    let followers = count(
        &root,
        "[data-broker='4'] [data-replica]:not([data-role='leader'])",
    );
    assert!(followers > 0);
    assert_eq!(
        out_of_sync, followers,
        "every follower replica on broker 4 is out of sync"
    );
    assert_eq!(
        count(
            &root,
            "[data-broker='4'] [data-in-sync='false']:not([data-role='leader'])"
        ),
        followers
    );
    let text = root
        .query_selector("[data-broker='4']")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(text.contains("fetcher paused"), "{text}");
}

#[wasm_bindgen_test]
async fn slowed_and_stopped_brokers_say_so() {
    let root = mount_cluster(|s| {
        s.act(Action::Slow {
            node: NodeId::Broker(BrokerId(2)),
            latency_ms: 200,
        });
        s.act(Action::Shutdown {
            broker: BrokerId(3),
        });
        s.world.run_until(20_000);
    })
    .await;
    assert_eq!(attr(&root, "[data-broker='2']", "data-slow-ms"), "200");
    let text = root
        .query_selector("[data-broker='2']")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(text.contains("slowed +200 ms"), "{text}");
    assert_eq!(attr(&root, "[data-broker='3']", "data-state"), "stopped");
    assert_eq!(count(&root, "[data-broker='3'] [data-role='offline']"), 3);
}

#[wasm_bindgen_test]
async fn power_loss_reads_differently_from_a_crash() {
    let root = mount_cluster(|s| {
        s.act(Action::Crash {
            broker: BrokerId(2),
        });
        s.act(Action::PowerLoss {
            broker: BrokerId(3),
        });
    })
    .await;
    // Both are down (the hook says crashed); only the power loss says what it cost.
    for b in [2, 3] {
        assert_eq!(
            attr(&root, &format!("[data-broker='{b}']"), "data-state"),
            "crashed"
        );
    }
    assert_eq!(count(&root, "[data-broker='2'] .badge-power-lost"), 0);
    assert_eq!(
        text(&root, "[data-broker='3'] .badge-power-lost"),
        "⚡ power lost: unflushed records gone"
    );
}

#[wasm_bindgen_test]
async fn every_failure_button_changes_the_broker_through_the_core() {
    let root = mount().await;
    let state = |b: u32| attr(&root, &format!("[data-broker='{b}']"), "data-state");
    let card_text = |b: u32| text(&root, &format!("[data-broker='{b}']"));
    click(&root, "[data-broker='1'] [data-action='crash']").await;
    wait_until("broker 1 crashed", || state(1) == "crashed").await;
    click(&root, "[data-broker='1'] [data-action='restart']").await;
    wait_until("broker 1 restarted", || state(1) != "crashed").await;
    click(&root, "[data-broker='2'] [data-action='power-loss']").await;
    wait_until("broker 2 lost power", || state(2) == "crashed").await;
    click(&root, "[data-broker='3'] [data-action='shutdown']").await;
    // A controlled shutdown first asks the controller to move leadership away; the broker
    // says so until it has stopped.
    wait_until("broker 3 shutting down", || {
        card_text(3).contains("shutting down")
    })
    .await;
    click(&root, "[data-broker='4'] [data-action='isolate']").await;
    wait_for_attr(&root, "[data-broker='4']", "data-isolated", "true").await;
    click(&root, "[data-broker='5'] [data-action='slow']").await;
    wait_for_attr(&root, "[data-broker='5']", "data-slow-ms", "200").await;
    click(&root, "[data-broker='6'] [data-action='pause-fetcher']").await;
    wait_for(&root, "[data-broker='6'] [data-action='resume-fetcher']").await;
    click(&root, "[data-broker='6'] [data-action='resume-fetcher']").await;
    wait_for(&root, "[data-broker='6'] [data-action='pause-fetcher']").await;
    // Every action reached the core's trace, which the event log shows.
    for kind in [
        "broker_crashed",
        "broker_restarted",
        "network_changed",
        "fetcher_paused",
    ] {
        wait_for(&root, &format!("[data-event='{kind}']")).await;
    }
}

#[wasm_bindgen_test]
async fn play_pause_and_step() {
    let root = mount().await;
    assert_eq!(sim_time(&root), 0);
    click(&root, "[data-action='play-pause']").await;
    assert!(playing(&root));
    wait_until("the clock to run while playing", || sim_time(&root) > 0).await;
    click(&root, "[data-action='play-pause']").await;
    assert!(!playing(&root));
    let paused_at = sim_time(&root);
    // Frames go by, and each would move a running clock.
    animation_frames(5).await;
    assert_eq!(
        sim_time(&root),
        paused_at,
        "paused means the clock stands still"
    );
    // Step: exactly one event, so the event counter moves by one.
    let events = || -> u64 {
        let text = text(&root, ".statusbar");
        let n = text
            .split(" events")
            .next()
            .unwrap()
            .rsplit('s')
            .next()
            .unwrap()
            .trim()
            .to_string();
        n.parse()
            .unwrap_or_else(|_| panic!("no event count in {text:?}"))
    };
    let before = events();
    click(&root, "[data-action='step']").await;
    assert_eq!(events(), before + 1, "a step is exactly one event");
    assert!(sim_time(&root) >= paused_at);
    // The status bar says what that event was: a message that arrived, a timer, an action.
    let said = text(&root, "[data-last-step]");
    let what = said
        .strip_prefix("Last step: ")
        .unwrap_or_else(|| panic!("{said}"));
    assert!(
        what.contains(" → ")
            || [
                "broker ",
                "controller: ",
                "clients: ",
                "the scenario's action: "
            ]
            .iter()
            .any(|p| what.starts_with(p)),
        "names a route, a node or an action: {said}"
    );
    // Playing moves the run on: the line goes.
    let stepped_to = sim_time(&root);
    click(&root, "[data-action='play-pause']").await;
    wait_until("the clock to run again", || sim_time(&root) > stepped_to).await;
    click(&root, "[data-action='play-pause']").await;
    assert!(!playing(&root));
    assert_eq!(count(&root, "[data-last-step]"), 0);
}

#[wasm_bindgen_test]
async fn an_invalid_dropped_scenario_shows_its_errors_and_the_page_stays_usable() {
    let root = mount().await;
    let app = find(&root, ".app");
    let bad = r#"{"brokers": [{"id": 1}], "topics": [{"name": "t", "partitions": 1, "replication.factor": 3}]}"#;
    let parts = js_sys::Array::of1(&bad.into());
    let file = web_sys::File::new_with_str_sequence(&parts, "bad.json").unwrap();
    let transfer = web_sys::DataTransfer::new().unwrap();
    transfer.items().add_with_file(&file).unwrap();
    let init = web_sys::DragEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_data_transfer(Some(&transfer));
    let drop = web_sys::DragEvent::new_with_event_init_dict("drop", &init).unwrap();
    app.dispatch_event(&drop).unwrap();
    // The file is read asynchronously.
    let errors = wait_for(&root, "[data-errors]").await;
    assert_eq!(count(&root, "[data-errors]"), 1, "one error list");
    let text = errors.text_content().unwrap();
    assert!(text.contains("bad.json"), "{text}");
    assert!(
        text.contains("replication.factor"),
        "the problem is named: {text}"
    );
    // The previous run is still there and works.
    assert_eq!(count(&root, "[data-broker]"), 6);
    click(&root, "[data-action='dismiss-errors']").await;
    assert_eq!(count(&root, "[data-errors]"), 0);
    click(&root, "[data-broker='1'] [data-action='crash']").await;
    assert_eq!(attr(&root, "[data-broker='1']", "data-state"), "crashed");
}

/// Drop a file holding `bytes` on the page, as a user dragging it in.
fn drop_bytes(root: &Element, bytes: &[u8], name: &str) {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let file = web_sys::File::new_with_u8_array_sequence(&parts, name).unwrap();
    let transfer = web_sys::DataTransfer::new().unwrap();
    transfer.items().add_with_file(&file).unwrap();
    let init = web_sys::DragEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_data_transfer(Some(&transfer));
    let drop = web_sys::DragEvent::new_with_event_init_dict("drop", &init).unwrap();
    find(root, ".app").dispatch_event(&drop).unwrap();
}

fn listed_problems(root: &Element) -> Vec<String> {
    let items = root
        .query_selector_all("[data-errors] [data-error]")
        .unwrap();
    (0..items.length())
        .filter_map(|i| items.get(i))
        .map(|li| li.text_content().unwrap_or_default())
        .collect()
}

#[wasm_bindgen_test]
async fn a_dropped_file_with_bad_bytes_or_keys_gets_one_line_problems_naming_paths() {
    let root = mount().await;
    wait_for(&root, ".app").await;
    // Not UTF-8: the byte is named (File.text() would have replaced it without a word).
    drop_bytes(&root, b"{\"name\": \"x\xff\"}", "latin1.json");
    wait_for(&root, "[data-errors] [data-error]").await;
    assert_eq!(listed_problems(&root), ["$: not UTF-8 at byte 11"]);
    click(&root, "[data-action='dismiss-errors']").await;
    wait_until("the list closed", || count(&root, "[data-errors]") == 0).await;
    // A key with a newline and an empty key: quoted in their paths.
    drop_bytes(
        &root,
        b"{\"a\\nb: c\": 1, \"brokers\": [{\"id\": 1, \"\": 2}]}",
        "keys.json",
    );
    wait_for(&root, "[data-errors] [data-error]").await;
    let problems = listed_problems(&root);
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems[0].starts_with(r#""a\nb: c": unknown field"#),
        "{problems:?}"
    );
    assert_eq!(
        problems[1],
        r#"brokers[0]."": unknown field; allowed fields are id, rack"#
    );
    // The run on screen stays.
    assert_eq!(count(&root, "[data-broker]"), 6);
    // Closed, so that the list does not hold the focus for the tests after this one.
    click(&root, "[data-action='dismiss-errors']").await;
    wait_until("the list closed", || count(&root, "[data-errors]") == 0).await;
}

#[wasm_bindgen_test]
async fn a_panic_shows_an_overlay_with_the_report_and_a_copy_button() {
    replication_playground::show_panic_overlay("boom <at> app.rs:1");
    let document = web_sys::window().unwrap().document().unwrap();
    let overlay = document
        .query_selector("[data-panic]")
        .unwrap()
        .expect("an overlay");
    let text = overlay.text_content().unwrap();
    assert!(
        text.contains("boom <at> app.rs:1"),
        "the report is shown as text: {text}"
    );
    assert!(overlay
        .query_selector("[data-action='copy-report']")
        .unwrap()
        .is_some());
    overlay.remove();
}

fn focus(el: &Element) {
    el.clone()
        .dyn_into::<HtmlElement>()
        .unwrap()
        .focus()
        .unwrap();
}

/// Open help with `?` from the play button, then close it with Escape: the focus goes into the
/// dialog and comes back to the button.
async fn help_round_trip(root: &Element) {
    let opener = find(root, "[data-action='play-pause']");
    focus(&opener);
    assert_eq!(
        active_element(),
        Some(opener.clone()),
        "the opener has focus"
    );
    key_on(&opener, "?");
    // The app moves the focus once the dialog is on the page (after its render).
    let dialog = wait_for(root, "[data-help]").await;
    wait_for_focus_in(&dialog, "focus to move into the help dialog").await;
    key_on(&active_element().unwrap(), "Escape");
    wait_until(
        "help to close and give the focus back to its opener",
        || count(root, "[data-help]") == 0 && active_element().as_ref() == Some(&opener),
    )
    .await;
}

#[wasm_bindgen_test]
async fn help_takes_the_focus_and_gives_it_back_when_closed() {
    let root = mount().await;
    help_round_trip(&root).await;
}

/// The app and the tests follow `document.activeElement`, which Chromium moves on `focus()`
/// even while another window has the system's focus (then no focus event fires and `:focus`
/// does not match): help works the same with another window in front.
#[wasm_bindgen_test]
async fn help_takes_and_gives_back_the_focus_with_another_window_in_front() {
    let window = web_sys::window().unwrap();
    let document = window.document().unwrap();
    let other = window
        .open_with_url_and_target("about:blank", "_blank")
        .unwrap()
        .expect("the test browser opens a second window");
    wait_until("the second window to take the system's focus", || {
        !document.has_focus().unwrap()
    })
    .await;
    let root = mount().await;
    help_round_trip(&root).await;
    other.close().unwrap();
}

#[wasm_bindgen_test]
async fn space_on_a_button_focused_from_the_keyboard_is_the_buttons() {
    let root = mount().await;
    // Tab brought the focus here (the browser moves it; the app only hears the key).
    let crash = find(&root, "[data-broker='2'] [data-action='crash']");
    key_on(&crash, "Tab");
    focus(&crash);
    key_on(&crash, " ");
    // The app handles a key at once: once Yew is done, a Space taken as play/pause would show.
    rendered().await;
    assert!(
        !playing(&root),
        "Space was left to the focused button, not taken as play/pause"
    );
    // After a pointer press (a click leaves focus on the button), Space is play/pause.
    let init = web_sys::PointerEventInit::new();
    init.set_bubbles(true);
    let down = web_sys::PointerEvent::new_with_event_init_dict("pointerdown", &init).unwrap();
    crash.dispatch_event(&down).unwrap();
    key_on(&crash, " ");
    wait_until("Space to play", || playing(&root)).await;
    key_on(&crash, " ");
    wait_until("Space to pause", || !playing(&root)).await;
}

#[wasm_bindgen_test]
async fn a_broker_menu_opened_at_the_window_edge_stays_on_screen() {
    // The page's stylesheet: the menu is `position: fixed` at the pointer.
    let window = web_sys::window().unwrap();
    let document = window.document().unwrap();
    let style = document.create_element("style").unwrap();
    style.set_text_content(Some(include_str!("../../../web/style.css")));
    document.head().unwrap().append_child(&style).unwrap();
    let root = mount().await;
    let width = window.inner_width().unwrap().as_f64().unwrap();
    let height = window.inner_height().unwrap().as_f64().unwrap();
    let init = web_sys::MouseEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_client_x(width as i32 - 2);
    init.set_client_y(height as i32 - 2);
    let e = web_sys::MouseEvent::new_with_mouse_event_init_dict("contextmenu", &init).unwrap();
    find(&root, "[data-broker='6']").dispatch_event(&e).unwrap();
    // The menu's effect, after its render, moves it on screen and focuses its first item.
    let menu = wait_for(&root, "[role=menu]").await;
    let first = find(&menu, "[role=menuitem]");
    wait_until("the menu's first item to have focus", || {
        active_element().as_ref() == Some(&first)
    })
    .await;
    let rect = menu.get_bounding_client_rect();
    assert!(
        rect.right() <= width && rect.bottom() <= height,
        "menu at {}..{} × {}..{} in a {width} × {height} window",
        rect.left(),
        rect.right(),
        rect.top(),
        rect.bottom()
    );
    assert!(rect.left() >= 0.0 && rect.top() >= 0.0);
    key_on(&first, "Escape");
    wait_until("Escape to close the menu", || {
        count(&root, "[role=menu]") == 0
    })
    .await;
    style.remove();
}

#[wasm_bindgen_test]
async fn the_app_takes_a_keys_default_at_once_not_when_it_gets_to_the_key() {
    // Checked as the event is dispatched, before Yew has handled anything: on a busy page Yew
    // handles the key tasks later, when the browser has already pressed a button or moved
    // the focus.
    let root = mount().await;
    let stage = find(&root, ".stage");
    assert!(
        key_prevented(&stage, " "),
        "Space plays: it must not scroll or press"
    );
    let seed = find(&root, "[data-action='seed']");
    assert!(!key_prevented(&seed, " "), "Space types in a field");
    assert!(
        !key_prevented(&stage, "Tab"),
        "Tab moves on without a dialog"
    );
    click(&root, "[data-action='play-pause']").await;
    click(&root, "[data-action='play-pause']").await;
    key_on(&find(&root, "[data-action='play-pause']"), "?");
    let dialog = wait_for(&root, "[data-help]").await;
    wait_for_focus_in(&dialog, "focus to move into the help dialog").await;
    let inside = active_element().unwrap();
    assert!(
        key_prevented(&inside, "Tab"),
        "Tab stays in the open dialog"
    );
    key_on(&inside, "Escape");
    wait_until("help to close", || count(&root, "[data-help]") == 0).await;
}
