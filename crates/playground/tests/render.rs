//! Component tests: the app rendered into a DOM node in headless Chromium.
#![cfg(target_arch = "wasm32")]

use replication_playground::App;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

/// Mount the app into a fresh `<div>` and let Yew's scheduler render it once.
async fn mount() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    gloo_timers::future::TimeoutFuture::new(0).await;
    root
}

fn count(root: &Element, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
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
}

#[wasm_bindgen_test]
async fn every_partition_has_three_replicas_and_one_leader() {
    let root = mount().await;
    // 6 partitions at RF 3.
    assert_eq!(count(&root, "[data-replica]"), 18);
    assert_eq!(count(&root, "[data-replica][data-role='leader']"), 6);
    for partition in 0..6 {
        let selector = format!("[data-replica^='orders-{partition}@']");
        assert_eq!(count(&root, &selector), 3);
    }
    // A chip sits inside the broker its id names.
    let chip = root
        .query_selector("[data-broker='1'] [data-replica]")
        .unwrap()
        .unwrap();
    assert!(chip.get_attribute("data-replica").unwrap().ends_with("@1"));
}
