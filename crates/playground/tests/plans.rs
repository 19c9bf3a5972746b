//! The "Reassign & leaders" panel in headless Chromium: plan import and export, plan errors,
//! applying plans (typed and staged), and preferred leader election.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;

use replication_core::plan::plan_json;
use replication_core::scenario::{parse_reassignment_plan, parse_scenario, Action};
use replication_core::sim::trace::EventKind;
use replication_core::view::DEFAULT_SCENARIO;
use replication_core::BrokerId;
use replication_playground::components::plans::{check_staged, PlansPanel};
use replication_playground::state::plan::StagedPlan;
use replication_playground::state::session::Session;
use replication_playground::state::{Command, SessionHandle};
use replication_playground::App;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, EventInit, HtmlElement, HtmlTextAreaElement};
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

#[derive(Properties)]
struct HarnessProps {
    session: Rc<RefCell<Session>>,
    staged: StagedPlan,
}

impl PartialEq for HarnessProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.session, &other.session) && self.staged == other.staged
    }
}

/// The panel over a session, handling its commands as `App` does.
#[function_component(Harness)]
fn harness(props: &HarnessProps) -> Html {
    let staged = use_state(|| props.staged.clone());
    let update = use_force_update();
    let on_command = {
        let session = props.session.clone();
        let staged = staged.clone();
        Callback::from(move |command: Command| {
            let mut next = (*staged).clone();
            match command {
                Command::Act(action) => session.borrow_mut().act(action),
                Command::UnstageMove { topic, partition } => {
                    next.remove(&topic, partition);
                }
                Command::ClearStaged => next.clear(),
                Command::ApplyStaged => {
                    let plan = check_staged(&session.borrow(), &next);
                    if let Ok(partitions) = plan {
                        session
                            .borrow_mut()
                            .act(Action::ReassignPlan { partitions });
                        next.clear();
                    }
                }
                other => panic!("unexpected command {other:?}"),
            }
            staged.set(next);
            update.force_update();
        })
    };
    let handle = SessionHandle::new(props.session.clone());
    html! { <PlansPanel session={handle} staged={(*staged).clone()} {on_command} /> }
}

/// The default cluster (brokers 1–6 in racks a, b, c; `orders` with 6 partitions at RF 3).
fn session() -> Rc<RefCell<Session>> {
    let scenario = parse_scenario(DEFAULT_SCENARIO).unwrap();
    Rc::new(RefCell::new(Session::new(scenario).unwrap()))
}

async fn mount_panel(session: Rc<RefCell<Session>>, staged: StagedPlan) -> Mounted {
    mount_with::<Harness>(HarnessProps { session, staged }).await
}

/// The whole app, on the "Reassign & leaders" tab.
async fn mount_app() -> Mounted {
    let root = mount_with::<App>(Default::default()).await;
    let tabs = root.query_selector_all("[role='tab']").unwrap();
    let tab = (0..tabs.length())
        .filter_map(|i| tabs.get(i))
        .find(|t| t.text_content().unwrap_or_default() == "Reassign & leaders")
        .expect("the Reassign & leaders tab");
    tab.unchecked_into::<HtmlElement>().click();
    rendered().await;
    root
}

fn plan_text(root: &Element) -> String {
    find(root, "#plans-text")
        .unchecked_into::<HtmlTextAreaElement>()
        .value()
}

/// Paste a plan as a user would.
async fn type_plan(root: &Element, text: &str) {
    let area = find(root, "#plans-text").unchecked_into::<HtmlTextAreaElement>();
    area.set_value(text);
    let init = EventInit::new();
    init.set_bubbles(true);
    area.dispatch_event(&Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
    rendered().await;
}

fn errors(root: &Element) -> Vec<String> {
    let items = root.query_selector_all("[data-plan-errors] li").unwrap();
    (0..items.length())
        .filter_map(|i| items.get(i))
        .map(|li| li.text_content().unwrap_or_default())
        .collect()
}

fn leadership(root: &Element, broker: u32) -> (u32, u32) {
    let row = find(root, &format!("[data-broker-leadership='{broker}']"));
    let n = |a: &str| row.get_attribute(a).unwrap().parse().unwrap();
    (n("data-leaders"), n("data-preferred"))
}

#[wasm_bindgen_test]
async fn an_exported_plan_imports_as_the_same_plan() {
    let session = session();
    let root = mount_panel(session.clone(), StagedPlan::default()).await;
    click(&root, "[data-action='export-plan']").await;
    let exported = plan_text(&root);
    assert!(exported.starts_with("{\"version\":1,\"partitions\":[{\"topic\":\"orders\""));
    {
        let s = session.borrow();
        let imported = parse_reassignment_plan(&exported, &s.scenario).expect("valid");
        assert_eq!(imported.len(), 6);
        for e in &imported {
            let p = s
                .world
                .partitions()
                .find(|p| p.tp.partition == e.partition)
                .unwrap();
            assert_eq!(e.replicas, p.replicas, "orders-{}", e.partition);
        }
        assert_eq!(plan_json(&imported), exported);
    }
    // Applying it is a no-op: every partition already has those replicas.
    click(&root, "[data-action='apply-plan']").await;
    assert_eq!(count(&root, "[data-plan-errors]"), 0);
    let started = session
        .borrow()
        .world
        .trace()
        .iter()
        .filter(|e| matches!(e.kind, EventKind::ReassignmentStarted { .. }))
        .count();
    assert_eq!(started, 0);
}

#[wasm_bindgen_test]
async fn an_invalid_plan_lists_what_is_wrong_by_name() {
    let root = mount_panel(session(), StagedPlan::default()).await;
    type_plan(
        &root,
        r#"{"version": 2, "partitions": [
            {"topic": "orders", "partition": 0, "replicas": [1, 9, 2]},
            {"topic": "orders", "partition": 1, "replicas": [3, 3, 4]},
            {"topic": "orders", "partition": 99, "replicas": [1, 2, 3]}]}"#,
    )
    .await;
    click(&root, "[data-action='apply-plan']").await;
    let list = errors(&root);
    assert_eq!(list.len(), 4, "{list:?}");
    assert!(list[0].starts_with("version: expected 1"), "{}", list[0]);
    assert!(
        list[1].starts_with("partitions[0].replicas[1]: no broker 9"),
        "{}",
        list[1]
    );
    assert_eq!(
        list[2],
        "partitions[1].replicas[1]: broker 3 is listed twice"
    );
    assert!(
        list[3].starts_with("partitions[2].partition: no partition 99"),
        "{}",
        list[3]
    );
}

#[wasm_bindgen_test]
async fn applying_a_plan_starts_a_reassignment() {
    let root = mount_app().await;
    assert_eq!(count(&root, "[data-event='reassignment_started']"), 0);
    type_plan(
        &root,
        r#"{"version":1,"partitions":[{"topic":"orders","partition":0,"replicas":[4,5,6]}]}"#,
    )
    .await;
    click(&root, "[data-action='apply-plan']").await;
    assert_eq!(count(&root, "[data-plan-errors]"), 0);
    assert_eq!(count(&root, "[data-event='reassignment_started']"), 1);
}

#[wasm_bindgen_test]
async fn a_plan_to_the_current_replicas_cannot_be_applied_and_says_why() {
    // Kafka's controller writes nothing for it: the button says so instead of doing nothing.
    let session = session();
    let replicas: Vec<String> = session
        .borrow()
        .world
        .partitions()
        .next()
        .unwrap()
        .replicas
        .iter()
        .map(|b| b.to_string())
        .collect();
    let root = mount_panel(session.clone(), StagedPlan::default()).await;
    let plan = format!(
        r#"{{"version":1,"partitions":[{{"topic":"orders","partition":0,"replicas":[{}]}}]}}"#,
        replicas.join(",")
    );
    type_plan(&root, &plan).await;
    let apply = "[data-action='apply-plan']";
    wait_until("the apply button disabled", || {
        find(&root, apply).has_attribute("disabled")
    })
    .await;
    assert_eq!(
        attr(&root, apply, "title"),
        format!(
            "reassignment of orders-0 ignored: its replicas are already [{}]",
            replicas.join(",")
        )
    );
}

#[wasm_bindgen_test]
async fn a_proposal_fills_the_plan_with_a_valid_rack_aware_plan() {
    let session = session();
    let root = mount_panel(session.clone(), StagedPlan::default()).await;
    click(&root, "[data-action='propose-plan']").await;
    let proposed = plan_text(&root);
    let plan = parse_reassignment_plan(&proposed, &session.borrow().scenario).expect("valid");
    assert_eq!(plan.len(), 6);
    // Brokers 1–6 sit in racks a, b, c, a, b, c: one replica per rack.
    for e in &plan {
        let mut racks: Vec<u32> = e.replicas.iter().map(|b| (b.0 - 1) % 3).collect();
        racks.sort_unstable();
        assert_eq!(racks, [0, 1, 2], "{:?}", e.replicas);
    }
}

#[wasm_bindgen_test]
async fn staged_moves_apply_as_one_plan_with_the_throttle() {
    let session = session();
    let mut staged = StagedPlan::default();
    staged.stage("orders", 0, vec![BrokerId(4), BrokerId(5), BrokerId(6)]);
    let root = mount_panel(session.clone(), staged).await;
    assert_eq!(count(&root, "[data-staged]"), 1);
    let input = find(&root, "#plans-throttle-rate").unchecked_into::<web_sys::HtmlInputElement>();
    input.set_value("50000");
    let init = EventInit::new();
    init.set_bubbles(true);
    input
        .dispatch_event(&Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
    rendered().await;
    click(&root, "[data-action='set-throttle']").await;
    assert_eq!(
        session
            .borrow()
            .world
            .config()
            .follower_replication_throttled_rate,
        Some(50_000)
    );
    click(&root, "[data-action='apply-staged']").await;
    assert_eq!(
        count(&root, "[data-staged]"),
        0,
        "applied moves are unstaged"
    );
    let s = session.borrow();
    let orders = s.world.topic_config("orders");
    let follower = orders
        .follower_replication_throttled_replicas
        .as_ref()
        .unwrap();
    assert!(follower.contains(0, BrokerId(4)) && !follower.contains(0, BrokerId(1)));
    assert!(s
        .world
        .trace()
        .iter()
        .any(|e| matches!(e.kind, EventKind::ReassignmentStarted { .. })));
}

#[wasm_bindgen_test]
async fn preferred_election_moves_leadership_back_after_a_failover() {
    let session = session();
    {
        let mut s = session.borrow_mut();
        s.act(Action::Shutdown {
            broker: BrokerId(1),
        });
        s.world.run_until(10_000);
        s.act(Action::Restart {
            broker: BrokerId(1),
        });
        // Back, fetching and in the ISR again; auto rebalance waits 300 s.
        s.world.run_until(20_000);
    }
    let root = mount_panel(session.clone(), StagedPlan::default()).await;
    let (leads, preferred) = leadership(&root, 1);
    assert!(preferred > 0);
    assert_eq!(
        leads, 0,
        "leadership moved away and did not come back by itself"
    );
    click(&root, "[data-action='elect-preferred-all']").await;
    assert_eq!(leadership(&root, 1), (preferred, preferred));
    for broker in 1..=6 {
        let (leads, preferred) = leadership(&root, broker);
        assert_eq!(leads, preferred, "broker {broker}");
    }
}

#[wasm_bindgen_test]
async fn an_unclean_election_is_offered_only_where_a_partition_has_no_leader() {
    // The unclean-election example before its forced election: brokers 1 and 2 (the ISR) crash
    // at 0 and are fenced at 9 s; broker 3 is out of sync and alive.
    let scenario = parse_scenario(include_str!(
        "../../../scenarios/unclean-election-loss.json"
    ))
    .unwrap();
    let session = Rc::new(RefCell::new(Session::new(scenario).unwrap()));
    let root = mount_panel(session.clone(), StagedPlan::default()).await;
    let (one, all) = (
        "[data-action='elect-unclean']",
        "[data-action='elect-unclean-all']",
    );
    // At 0 the partition still has its leader: Kafka would answer ELECTION_NOT_NEEDED.
    assert!(find(&root, one).has_attribute("disabled"));
    assert_eq!(
        attr(&root, one, "title"),
        "unclean election for orders-0 ignored: every partition it names has a leader \
         (ELECTION_NOT_NEEDED)"
    );
    assert_eq!(text(&root, "[data-unclean-why]"), attr(&root, one, "title"));
    assert!(find(&root, all).has_attribute("disabled"));

    session.borrow_mut().world.run_until(10_000);
    let root = mount_panel(session.clone(), StagedPlan::default()).await;
    assert!(
        !find(&root, one).has_attribute("disabled"),
        "orders-0 is offline and broker 3 may lead"
    );
    assert_eq!(count(&root, "[data-unclean-why]"), 0);
    click(&root, one).await;
    let s = session.borrow();
    let p = s.world.partitions().next().unwrap();
    assert_eq!(p.leader, Some(BrokerId(3)), "elected uncleanly at once");
    assert_eq!(p.isr, [BrokerId(3)]);
    assert!(s
        .world
        .trace()
        .iter()
        .any(|e| matches!(e.kind, EventKind::UncleanElectionRequested { .. })));
}

#[wasm_bindgen_test]
async fn a_replica_moves_with_the_keyboard_alone() {
    // The README's way: focus a chip, Enter picks it up, arrows choose a broker, Enter drops.
    let root = mount_app().await;
    let chip = find(&root, "[data-replica='orders-0@3']");
    chip.clone()
        .unchecked_into::<HtmlElement>()
        .focus()
        .unwrap();
    key_on(&chip, "Enter");
    rendered().await;
    assert!(
        count(&root, "[data-replica='orders-0@3'].chip-dragging") == 1,
        "Enter picked the replica up"
    );
    // Brokers in order 1..6: from 3, one step right is broker 4, which holds no orders-0.
    key_on(&chip, "ArrowRight");
    rendered().await;
    key_on(&chip, "Enter");
    wait_for(&root, "[data-event='reassignment_started']").await;
    assert_eq!(
        count(&root, "[data-event='reassignment_started']"),
        1,
        "Enter dropped it on broker 4 and the move began"
    );
    assert_eq!(
        count(&root, ".chip-dragging"),
        0,
        "nothing is carried any more"
    );
}

#[wasm_bindgen_test]
async fn selecting_a_replica_keeps_the_plans_tab_open() {
    // Staging moves, the learner clicks chips; the staged list must stay in sight.
    let root = mount_app().await;
    click(&root, "[data-replica='orders-0@3']").await;
    assert_eq!(
        text(&root, "[role='tab'][aria-selected='true']"),
        "Reassign & leaders"
    );
    assert_eq!(
        attr(&root, "[data-replica='orders-0@3']", "aria-pressed"),
        "true",
        "the chip is selected"
    );
}
