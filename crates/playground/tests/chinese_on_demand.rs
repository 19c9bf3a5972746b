//! The Chinese text is fetched on demand (`zh.json`, beside the page): an English page never
//! asks for it, choosing 中文 fetches it once, and a failed fetch is reported while the page
//! stays usable in English. Its own test binary, so that no other test has installed the text.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;

use replication_playground::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlSelectElement};

wasm_bindgen_test_configure!(run_in_browser);

fn language_shown(root: &Element) -> String {
    find(root, "select[data-action='language']")
        .unchecked_into::<HtmlSelectElement>()
        .value()
}

#[wasm_bindgen_test]
async fn chinese_is_fetched_once_when_first_shown_and_a_failure_is_reported() {
    stub_zh_fetch(404, "not found");
    // Rendered, and every effect run: a fetch asked for by then is recorded.
    let root = mount_with::<App>(Default::default()).await;
    assert!(
        fetched().is_empty(),
        "an English page fetched {:?}",
        fetched()
    );

    // The file is missing: the page says so, in English, and stays English.
    pick_language(&root, "zh-CN");
    wait_for(&root, "[data-errors]").await;
    assert_eq!(fetched().len(), 1);
    // Beside the page, versioned by the file's hash (no cache serves another build's copy).
    let address = fetched()[0].clone();
    let origin = web_sys::window().unwrap().location().origin().unwrap();
    assert!(
        address.starts_with(&format!("{origin}/zh.json?v="))
            && address.len() == origin.len() + "/zh.json?v=".len() + 16,
        "fetched {address}"
    );
    let problem = text(&root, "[data-errors] li");
    assert!(
        problem == format!("zh.json could not be loaded: HTTP 404 from {address}"),
        "{problem}"
    );
    assert!(text(&root, "[data-broker='1']").contains("running"));
    assert_eq!(
        language_shown(&root),
        "en",
        "the switch shows the page's language"
    );

    // The file is there, but English is chosen again before it arrives: the page stays
    // English.
    serve_chinese();
    pick_language(&root, "zh-CN");
    pick_language(&root, "en");
    // The text is installed and the waiting app told in the same task.
    wait_until(
        "zh.json to be installed",
        replication_playground::i18n::zh::loaded,
    )
    .await;
    rendered().await;
    assert_eq!(fetched().len(), 2);
    assert!(text(&root, "[data-broker='1']").contains("running"));
    assert_eq!(language_shown(&root), "en");
    assert_eq!(
        count(&root, "[data-errors]"),
        0,
        "the earlier failure to load it is no longer listed"
    );

    // Chinese again: the text arrived meanwhile, so the page turns Chinese at once.
    choose_language(&root, "zh-CN").await;
    assert_eq!(fetched().len(), 2);
    assert!(text(&root, "[data-broker='1']").contains("运行中"));
    assert_eq!(language_shown(&root), "zh-CN");
    assert_eq!(count(&root, "[data-errors]"), 0);

    // Back to English and to Chinese again: the text is already here.
    choose_language(&root, "en").await;
    assert!(text(&root, "[data-broker='1']").contains("running"));
    choose_language(&root, "zh-CN").await;
    assert!(text(&root, "[data-broker='1']").contains("运行中"));
    assert_eq!(fetched().len(), 2, "fetched once per success");
}
