//! The language switch: the whole page changes language live, and back.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;

use replication_playground::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

async fn mount() -> Mounted {
    mount_with::<App>(Default::default()).await
}

fn html_lang() -> String {
    web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .document_element()
        .unwrap()
        .get_attribute("lang")
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn switching_the_language_changes_the_page_live_and_back() {
    serve_chinese();
    let root = mount().await;
    // The test browser is English and the address has no lang=.
    assert!(text(&root, "[data-broker='1']").contains("running"));
    assert_eq!(html_lang(), "en");

    choose_language(&root, "zh-CN").await;
    let broker = text(&root, "[data-broker='1']");
    assert!(broker.contains("运行中"), "{broker}");
    assert!(!broker.contains("running"), "{broker}");
    assert!(text(&root, ".event-log").contains("事件日志"));
    assert_eq!(html_lang(), "zh-CN");
    // Hooks do not change with the language.
    assert_eq!(
        root.query_selector("[data-broker='1']")
            .unwrap()
            .unwrap()
            .get_attribute("data-state")
            .as_deref(),
        Some("running")
    );
    assert!(root
        .query_selector("[data-filter='elections']")
        .unwrap()
        .is_some());

    choose_language(&root, "en").await;
    let broker = text(&root, "[data-broker='1']");
    assert!(broker.contains("running"), "{broker}");
    assert!(!broker.contains("运行中"), "{broker}");
    assert!(text(&root, ".event-log").contains("Event log"));
    assert_eq!(html_lang(), "en");
}

/// Open a side-panel tab by its English label.
async fn open_tab(root: &Element, label: &str) {
    let tabs = root.query_selector_all("[role='tab']").unwrap();
    let tab = (0..tabs.length())
        .filter_map(|i| tabs.item(i))
        .find(|t| t.text_content().unwrap_or_default() == label)
        .unwrap_or_else(|| panic!("no tab {label:?}"));
    tab.unchecked_into::<web_sys::HtmlElement>().click();
    rendered().await;
}

#[wasm_bindgen_test]
async fn a_problem_list_is_reworded_when_the_language_changes() {
    serve_chinese();
    let root = mount().await;
    open_tab(&root, "Cluster setup").await;
    set(
        &root,
        "[data-topic-field='replication.factor']",
        "7",
        "change",
    )
    .await;
    let problem = "[data-setup-errors] li";
    assert_eq!(
        text(&root, problem),
        "topics[0].replication.factor: 7 is larger than the 6 brokers"
    );
    choose_language(&root, "zh-CN").await;
    assert_eq!(
        text(&root, problem),
        "topics[0].replication.factor：7 大于 broker 数 6"
    );
    choose_language(&root, "en").await;
    assert_eq!(
        text(&root, problem),
        "topics[0].replication.factor: 7 is larger than the 6 brokers"
    );
}
