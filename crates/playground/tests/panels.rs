//! The producer & consumer panel and the cluster setup panel, in headless Chromium. Most tests
//! mount a panel in a small harness that owns the session, so they can check the core's world
//! after a click; one goes through the whole app's tab.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;

use replication_core::config::{Acks, Profile, ReplicaSelector};
use replication_core::scenario::{parse_scenario, Action, ProduceValues};
use replication_core::sim::trace::EventKind;
use replication_core::view::DEFAULT_SCENARIO;
use replication_playground::components::clients_panel::ClientsPanel;
use replication_playground::components::setup::SetupPanel;
use replication_playground::state::session::Session;
use replication_playground::state::{Command, SessionHandle};
use replication_playground::App;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

#[derive(Properties)]
struct HarnessProps {
    session: Rc<RefCell<Session>>,
    setup: bool,
}

impl PartialEq for HarnessProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.session, &other.session) && self.setup == other.setup
    }
}

/// One panel over a session, handling the two commands the panels send as `App` does.
#[function_component(Harness)]
fn harness(props: &HarnessProps) -> Html {
    let update = use_force_update();
    let on_command = {
        let session = props.session.clone();
        Callback::from(move |command: Command| {
            match command {
                Command::Act(action) => session.borrow_mut().act(action),
                Command::ApplySetup(scenario) => session
                    .borrow_mut()
                    .load("the cluster setup", *scenario)
                    .expect("the panel sends only setups the core accepted"),
                other => panic!("unexpected command {other:?}"),
            }
            update.force_update();
        })
    };
    let handle = SessionHandle::new(props.session.clone());
    if props.setup {
        html! { <SetupPanel session={handle} {on_command} /> }
    } else {
        html! { <ClientsPanel session={handle} {on_command} /> }
    }
}

/// The default cluster (six brokers in three racks, `orders` at RF 3) in one panel.
async fn mount(setup: bool) -> (Mounted, Rc<RefCell<Session>>) {
    let scenario = parse_scenario(DEFAULT_SCENARIO).unwrap();
    let session = Rc::new(RefCell::new(Session::new(scenario).unwrap()));
    let root = mount_with::<Harness>(HarnessProps {
        session: session.clone(),
        setup,
    })
    .await;
    (root, session)
}

fn number(root: &Element, selector: &str) -> u64 {
    text(root, selector).trim().parse().unwrap()
}

fn is_disabled(root: &Element, selector: &str) -> bool {
    find(root, selector).has_attribute("disabled")
}

// ---- producer & consumer ----

#[wasm_bindgen_test]
async fn produce_n_sends_n_records_through_the_core_and_they_get_acked() {
    let (root, session) = mount(false).await;
    assert_eq!(number(&root, "[data-producer-stat='pending']"), 0);
    set(&root, "#clients-key", "customer-7", "input").await;
    set(&root, "#clients-count", "5", "change").await;
    assert_eq!(text(&root, "[data-action='produce-n']"), "Produce 5");
    click(&root, "[data-action='produce-n']").await;
    assert_eq!(number(&root, "[data-producer-stat='pending']"), 5);
    assert_eq!(
        session.borrow().user_actions()[0].action,
        Action::Produce {
            topic: "orders".into(),
            partition: None,
            key: Some("customer-7".into()),
            values: ProduceValues::Count(5),
            acks: None,
        }
    );
    // The records reach the ISR and come back acknowledged as simulated time passes.
    session.borrow_mut().world.run_until(2_000);
    session.borrow_mut().version += 1;
    set(&root, "#clients-count", "1", "change").await;
    assert!(number(&root, "[data-producer-stat='acked']") >= 5);
    assert_eq!(number(&root, "[data-producer-stat='failed']"), 0);
}

#[wasm_bindgen_test]
async fn the_consumer_table_has_position_hw_and_lag_per_partition() {
    let (root, session) = mount(false).await;
    session.borrow_mut().world.run_until(3_000);
    session.borrow_mut().version += 1;
    set(&root, "#clients-count", "2", "change").await;
    let rows = root
        .query_selector_all("[data-consumer-partition]")
        .unwrap();
    assert_eq!(rows.length(), 6);
    let row = find(&root, "[data-consumer-partition='0']");
    assert!(row
        .get_attribute("data-lag")
        .unwrap()
        .parse::<u64>()
        .is_ok());
    assert!(row.text_content().unwrap().contains("leader, broker"));
}

#[wasm_bindgen_test]
async fn a_second_consumer_of_the_topic_is_listed_and_reads_too() {
    let (root, session) = mount(false).await;
    session.borrow_mut().world.run_until(1_000);
    session.borrow_mut().act(Action::Consume {
        topic: "orders".to_string(),
        client_rack: None,
    });
    session.borrow_mut().world.run_until(5_000);
    session.borrow_mut().version += 1;
    // Any input re-renders the panel over the world as it now is.
    set(&root, "#clients-count", "2", "change").await;
    wait_until("two consumers listed", || {
        count(&root, "[data-consumer]") == 2
    })
    .await;
    // The second reads every partition from offset 0 as the first does: it has read records.
    let read: u64 = (0..6)
        .map(|p| {
            let cell =
                format!("[data-consumer='1'] [data-consumer-partition='{p}'] td:nth-child(2)");
            number(&root, &cell)
        })
        .sum();
    assert!(read > 0, "the second consumer read nothing");
}

#[wasm_bindgen_test]
async fn acks_apply_live_and_kafkas_idempotence_rule_is_shown() {
    let (root, session) = mount(false).await;
    set(&root, "[data-config='acks']", "1", "change").await;
    assert_eq!(session.borrow().world.config().acks, Acks::One);
    set(&root, "[data-config='acks']", "all", "change").await;
    set(
        &root,
        "[data-config='enable.idempotence']",
        "true",
        "change",
    )
    .await;
    assert!(session.borrow().world.config().enable_idempotence_explicit);
    // An explicit enable.idempotence=true with acks=1: Kafka's producer refuses it.
    set(&root, "[data-config='acks']", "1", "change").await;
    assert_eq!(session.borrow().world.config().acks, Acks::All);
    assert!(text(&root, ".field-error").contains("Must set acks to all"));
}

#[wasm_bindgen_test]
async fn a_new_rate_replaces_the_running_one_and_zero_stops_the_load() {
    let (root, session) = mount(false).await;
    session.borrow_mut().world.run_until(100);
    session.borrow_mut().version += 1;
    set(&root, "#clients-count", "3", "change").await;
    let running = |s: &Session| -> Vec<u32> {
        let now = s.world.now_ms();
        let rates = &s.world.clients().rates;
        rates
            .iter()
            .filter(|r| r.is_running(now))
            .map(|r| r.per_second)
            .collect()
    };
    assert_eq!(running(&session.borrow()), [100]);
    set(&root, "#clients-rate", "40", "input").await;
    click(&root, "[data-action='set-rate']").await;
    assert_eq!(running(&session.borrow()), [40]);
    set(&root, "#clients-rate", "0", "input").await;
    click(&root, "[data-action='set-rate']").await;
    assert!(running(&session.borrow()).is_empty());
    assert!(text(&root, "form .hint").contains("now 0/s"));
}

#[wasm_bindgen_test]
async fn follower_fetching_restarts_with_the_selector_and_the_consumers_rack() {
    let (root, session) = mount(false).await;
    assert!(is_disabled(
        &root,
        "[data-action='apply-follower-fetching']"
    ));
    set(&root, "#clients-fetch-on", "true", "change").await;
    set(&root, "#clients-rack", "b", "change").await;
    click(&root, "[data-action='apply-follower-fetching']").await;
    let s = session.borrow();
    assert_eq!(
        s.world.config().replica_selector_class,
        ReplicaSelector::RackAware
    );
    assert_eq!(s.world.now_ms(), 0, "the simulation restarted");
    assert!(s.scenario.actions.iter().any(|a| a.action
        == Action::Consume {
            topic: "orders".into(),
            client_rack: Some("b".into())
        }));
    drop(s);
    assert!(text(&root, "#clients-follower-fetching + .hint").starts_with("Now on"));
}

#[wasm_bindgen_test]
async fn the_app_tab_shows_the_producer_and_consumer_panel() {
    let root = mount_with::<App>(Default::default()).await;
    let tabs = root.query_selector_all("[role='tab']").unwrap();
    let tab = (0..tabs.length())
        .filter_map(|i| tabs.item(i))
        .find(|t| t.text_content().as_deref() == Some("Producer & consumer"))
        .expect("the tab exists");
    tab.unchecked_into::<HtmlElement>().click();
    rendered().await;
    assert_eq!(number(&root, "[data-producer-stat='acked']"), 0);
    assert!(root
        .query_selector("[data-action='produce-n']")
        .unwrap()
        .is_some());
}

// ---- cluster setup ----

#[wasm_bindgen_test]
async fn a_dynamic_config_applies_live_and_shows_in_the_worlds_config() {
    let (root, session) = mount(true).await;
    let row = "[data-config-row='min.insync.replicas']";
    assert_eq!(
        find(&root, row).get_attribute("data-dynamic").as_deref(),
        Some("true")
    );
    set(&root, "[data-config='min.insync.replicas']", "3", "change").await;
    let s = session.borrow();
    assert_eq!(s.world.config().min_insync_replicas, 3);
    assert!(s.world.trace().iter().any(|e| matches!(
        &e.kind,
        EventKind::ConfigChanged { key, .. } if key == "min.insync.replicas"
    )));
    assert_eq!(s.world.now_ms(), 0);
}

#[wasm_bindgen_test]
async fn a_bad_dynamic_value_shows_kafkas_message_and_changes_nothing() {
    let (root, session) = mount(true).await;
    set(&root, "[data-config='min.insync.replicas']", "0", "change").await;
    assert_eq!(session.borrow().world.config().min_insync_replicas, 2);
    assert!(text(
        &root,
        "[data-config-row='min.insync.replicas'] .field-error"
    )
    .contains("expected an integer from 1"));
}

#[wasm_bindgen_test]
async fn adding_a_broker_and_applying_restarts_with_seven_brokers() {
    let (root, session) = mount(true).await;
    session.borrow_mut().world.run_until(1_000);
    assert!(is_disabled(&root, "[data-action='apply-setup']"));
    click(&root, "[data-action='add-broker']").await;
    assert!(root
        .query_selector("[data-setup-broker='7']")
        .unwrap()
        .is_some());
    assert_eq!(
        session.borrow().world.brokers().count(),
        6,
        "a draft until applied"
    );
    assert!(session.borrow().scenario.description.is_some());
    click(&root, "[data-action='apply-setup']").await;
    let s = session.borrow();
    assert_eq!(s.world.brokers().count(), 7);
    assert_eq!(
        s.scenario.description, None,
        "\"Six brokers in three racks…\" no longer describes it"
    );
    assert_eq!(s.world.now_ms(), 0);
    assert_eq!(
        s.world
            .broker(replication_core::BrokerId(7))
            .unwrap()
            .rack
            .as_deref(),
        Some("a")
    );
}

#[wasm_bindgen_test]
async fn a_replication_factor_above_the_brokers_shows_the_cores_error_and_blocks_apply() {
    let (root, _session) = mount(true).await;
    set(
        &root,
        "[data-topic-field='replication.factor']",
        "7",
        "change",
    )
    .await;
    assert_eq!(
        text(&root, "[data-setup-errors] li"),
        "topics[0].replication.factor: 7 is larger than the 6 brokers"
    );
    assert!(is_disabled(&root, "[data-action='apply-setup']"));
    click(&root, "[data-action='discard-setup']").await;
    assert!(root
        .query_selector("[data-setup-errors]")
        .unwrap()
        .is_none());
}

#[wasm_bindgen_test]
async fn a_rack_on_only_some_brokers_is_refused_as_kafkas_placement_does() {
    let (root, _session) = mount(true).await;
    set(&root, "[data-setup-broker='6'] input", "", "change").await;
    let error = text(&root, "[data-setup-errors] li");
    assert!(
        error.starts_with("brokers: some brokers have a rack"),
        "{error}"
    );
    // Rack-unaware placement (--disable-rack-aware) does not need racks.
    set(
        &root,
        "[data-topic-field='placement']",
        "rack-unaware",
        "change",
    )
    .await;
    assert!(root
        .query_selector("[data-setup-errors]")
        .unwrap()
        .is_none());
    assert!(!is_disabled(&root, "[data-action='apply-setup']"));
}

#[wasm_bindgen_test]
async fn structural_configs_profile_and_placement_apply_on_restart() {
    let (root, session) = mount(true).await;
    let row = "[data-config-row='replica.lag.time.max.ms']";
    assert_eq!(
        find(&root, row).get_attribute("data-dynamic").as_deref(),
        Some("false")
    );
    set(
        &root,
        "[data-config='replica.lag.time.max.ms']",
        "10000",
        "change",
    )
    .await;
    assert_eq!(
        session.borrow().world.config().replica_lag_time_max_ms,
        30_000
    );
    assert!(text(&root, row).contains("(running: 30000)"));
    set(&root, "[data-profile='zk']", "true", "change").await;
    set(
        &root,
        "[data-topic-field='placement']",
        "rack-unaware",
        "change",
    )
    .await;
    // A live change made before applying survives the restart.
    set(&root, "[data-config='min.insync.replicas']", "3", "change").await;
    click(&root, "[data-action='apply-setup']").await;
    let s = session.borrow();
    assert_eq!(s.world.profile(), Profile::Zk);
    assert_eq!(s.world.config().replica_lag_time_max_ms, 10_000);
    assert_eq!(s.world.config().min_insync_replicas, 3);
    assert!(!s.scenario.topics[0].rack_aware);
}
