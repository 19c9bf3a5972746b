//! Shareable runs in headless Chromium: a link made from a run opens, through the page's own
//! address handling, as exactly that run; damaged and oversized links show what is wrong.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;

use replication_core::config::Acks;
use replication_core::report::report;
use replication_core::scenario::{parse_scenario, Action, ProduceValues};
use replication_core::sim::World;
use replication_core::view::DEFAULT_SCENARIO;
use replication_core::BrokerId;
use replication_playground::components::share::{SharePanel, SharePanelProps};
use replication_playground::state::codec::{base64url_encode, compress};
use replication_playground::state::session::Session;
use replication_playground::state::share::{run_json, share_link, MAX_LINK_CHARS};
use replication_playground::state::url::open_shared_run;
use replication_playground::state::SessionHandle;
use replication_playground::App;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Set the page's fragment without reloading, as opening a link would have.
fn set_fragment(fragment: &str) {
    let window = web_sys::window().unwrap();
    let location = window.location();
    let url = format!(
        "{}{}{fragment}",
        location.pathname().unwrap(),
        location.search().unwrap()
    );
    window
        .history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
        .unwrap();
}

fn fragment() -> String {
    web_sys::window().unwrap().location().hash().unwrap()
}

/// Mount the whole app with `fragment` in the address, then put the address back.
async fn mount_at(fragment: &str) -> Mounted {
    set_fragment(fragment);
    let root = mount_with::<App>(Default::default()).await;
    set_fragment("");
    root
}

fn fingerprint(world: &World) -> String {
    format!(
        "{}|{}|{}",
        report(world, false),
        world.events_processed(),
        world.now_ms()
    )
}

fn session() -> Session {
    Session::new(parse_scenario(DEFAULT_SCENARIO).unwrap()).unwrap()
}

/// A run with a produce, a config change, a crash and a reassignment, some taken between
/// events of the same millisecond.
fn run_with_actions() -> Session {
    let mut s = session();
    s.fast_forward(1_500);
    s.act(Action::Produce {
        topic: "orders".to_string(),
        partition: Some(0),
        key: None,
        values: ProduceValues::Count(3),
        acks: Some(Acks::All),
    });
    for _ in 0..5 {
        s.step();
    }
    s.act(Action::SetConfig {
        key: "min.insync.replicas".to_string(),
        value: serde_json::json!(3),
        topic: None,
    });
    s.fast_forward(4_000);
    s.act(Action::Crash {
        broker: BrokerId(1),
    });
    s.fast_forward(9_000);
    s.act(Action::Reassign {
        topic: "orders".to_string(),
        partition: 0,
        replicas: vec![BrokerId(4), BrokerId(5), BrokerId(6)],
    });
    s.step();
    s.fast_forward(12_000);
    s.step();
    s
}

fn payload_of(link: &str) -> String {
    format!("#run={}", link.split_once("#run=").unwrap().1)
}

#[wasm_bindgen_test]
async fn a_shared_link_replays_exactly_the_run_that_was_shared() {
    let shared = run_with_actions();
    let link = share_link("https://example.test/", &shared).unwrap();
    // The page's own address handling, on the address as the browser gives it back.
    set_fragment(&payload_of(&link));
    let mut opened = session();
    let error = open_shared_run(&mut opened, &fragment());
    set_fragment("");
    assert_eq!(error, None);
    assert!(
        fingerprint(&opened.world) == fingerprint(&shared.world),
        "the replayed run differs from the one shared"
    );
    assert_eq!(opened.user_actions(), shared.user_actions());

    // The whole app opened at that address shows the same moment.
    let root = mount_at(&payload_of(&link)).await;
    assert_eq!(root.query_selector("[data-errors]").unwrap(), None);
    assert_eq!(
        find(&root, "[data-sim-time-ms]").get_attribute("data-sim-time-ms"),
        Some(shared.world.now_ms().to_string())
    );
    let status = text(&root, ".statusbar");
    let events = format!("{} events", shared.world.events_processed());
    assert!(status.contains(&events), "{status}");
    assert_eq!(
        find(&root, "[data-broker='1']").get_attribute("data-state"),
        Some("crashed".to_string())
    );
}

/// The share panel over `session`, its Share button pressed.
async fn press_share(session: Session) -> Mounted {
    let root = mount_with::<SharePanel>(SharePanelProps {
        session: SessionHandle::new(Rc::new(RefCell::new(session))),
        compact: false,
    })
    .await;
    click(&root, "[data-action='share']").await;
    wait_for(&root, "[data-share-link], [data-share-error]").await;
    root
}

#[wasm_bindgen_test]
async fn the_share_button_copies_a_link_that_opens_the_same_run() {
    let shared = run_with_actions();
    let expected = fingerprint(&shared.world);
    let root = press_share(shared).await;
    let link = find(&root, "[data-share-link]")
        .unchecked_into::<HtmlInputElement>()
        .value();
    let location = web_sys::window().unwrap().location();
    let base = format!(
        "{}{}",
        location.origin().unwrap(),
        location.pathname().unwrap()
    );
    assert!(link.starts_with(&format!("{base}#run=")), "{link}");
    assert!(link.len() <= MAX_LINK_CHARS);
    let mut opened = session();
    assert_eq!(open_shared_run(&mut opened, &payload_of(&link)), None);
    assert!(fingerprint(&opened.world) == expected);
    assert!(root
        .query_selector("[data-action='download-scenario']")
        .unwrap()
        .is_some());
    assert!(text(&root, ".share-link").contains("Link to the run at t = "));
}

#[wasm_bindgen_test]
async fn a_run_too_big_to_share_says_so_instead_of_making_a_link() {
    let mut big = session();
    for i in 0..400 {
        big.act(Action::Produce {
            topic: "orders".to_string(),
            partition: None,
            key: Some(format!("customer-{}", i * 7919 % 1_000)),
            values: ProduceValues::Values(vec![format!("order {} of {}", i * 31 % 977, i)]),
            acks: None,
        });
        big.step();
    }
    let root = press_share(big).await;
    assert!(root.query_selector("[data-share-link]").unwrap().is_none());
    let message = text(&root, "[data-share-error]");
    assert!(message.starts_with("This run is "), "{message}");
    assert!(
        message.contains("links are limited to 8,000 — download it as a scenario file instead"),
        "{message}"
    );
}

/// The error list the app shows, one entry per problem.
fn problems(root: &Element) -> Vec<String> {
    let items = root
        .query_selector_all("[data-errors] [data-error]")
        .unwrap();
    (0..items.length())
        .filter_map(|i| items.item(i))
        .map(|li| li.text_content().unwrap_or_default())
        .collect()
}

/// The app still shows the default cluster at time 0.
fn shows_the_default_run(root: &Element) {
    assert_eq!(
        find(root, "[data-sim-time-ms]").get_attribute("data-sim-time-ms"),
        Some("0".to_string())
    );
    assert_eq!(
        root.query_selector_all("[data-rack] [data-broker]")
            .unwrap()
            .length(),
        6
    );
}

#[wasm_bindgen_test]
async fn a_malformed_link_shows_its_errors_over_the_default_run() {
    let root = mount_at("#run=not*base64").await;
    assert!(text(&root, "[data-errors]").contains("the shared link could not be loaded"));
    let p = problems(&root);
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(p[0].contains("character 4 ('*') is not base64url"), "{p:?}");
    shows_the_default_run(&root);

    // A link edited into an invalid run: the problems are the scenario parser's, with paths.
    let shared = run_with_actions();
    let mut json = run_json(&shared);
    json["actions"][2]["crash"]["broker"] = serde_json::json!(9);
    json["scenario"]["profile"] = serde_json::json!("kraf");
    let edited = base64url_encode(&compress(json.to_string().as_bytes()));
    let root = mount_at(&format!("#run={edited}")).await;
    let p = problems(&root);
    assert!(
        p.iter().any(|p| p.starts_with("run.scenario.profile:")),
        "{p:?}"
    );
    shows_the_default_run(&root);
    let mut json = run_json(&shared);
    json["actions"][2]["crash"]["broker"] = serde_json::json!(9);
    let edited = base64url_encode(&compress(json.to_string().as_bytes()));
    let root = mount_at(&format!("#run={edited}")).await;
    let p = problems(&root);
    assert!(
        p.iter()
            .any(|p| p.starts_with("run.actions[2].crash.broker: no broker 9")),
        "{p:?}"
    );
}

#[wasm_bindgen_test]
async fn an_oversized_link_shows_the_size_limit() {
    let root = mount_at(&format!("#run={}", "A".repeat(MAX_LINK_CHARS + 500))).await;
    let p = problems(&root);
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(
        p[0].contains("8,500 characters") && p[0].contains("limited to 8,000"),
        "{p:?}"
    );
    shows_the_default_run(&root);
}

#[wasm_bindgen_test]
async fn the_top_bar_shares_without_opening_the_describe_tab() {
    let root = mount_with::<App>(Default::default()).await;
    let button = find(&root, ".topbar [data-action='share']");
    assert_eq!(
        button.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    button.clone().unchecked_into::<HtmlElement>().click();
    let link = wait_for(&root, ".topbar [data-share-link]")
        .await
        .unchecked_into::<HtmlInputElement>()
        .value();
    assert!(link.contains("#run="), "{link}");
    assert_eq!(
        button.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    // Pressed again, it closes its box.
    button.unchecked_into::<HtmlElement>().click();
    rendered().await;
    assert_eq!(count(&root, ".topbar [data-share-link]"), 0);
}
