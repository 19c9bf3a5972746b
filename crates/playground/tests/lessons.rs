//! The guided lessons in headless Chromium: their data is complete in both languages, the
//! panel steps forward and back, a learner step's check turns green after the action, and
//! Play runs an automatic step to its time.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;

use replication_playground::lessons::{StepAction, LESSONS};
use replication_playground::App;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

/// The whole app in a fresh `<div>`: a fresh page shows the lesson card with the list, above
/// the side panels' tabs, never as one of them.
async fn mount_lessons() -> Mounted {
    let root = mount_with::<App>(Default::default()).await;
    wait_for(&root, "[data-lessons='list'] [data-lesson]").await;
    let tabs = root.query_selector_all("[role='tab']").unwrap();
    assert!(tabs.length() > 0, "the side panels keep their tabs");
    assert!(
        (0..tabs.length())
            .filter_map(|i| tabs.item(i))
            .all(|t| t.text_content().as_deref() != Some("Lessons")),
        "lessons are not a tab"
    );
    root
}

/// Click, then wait until Yew has rendered the result (after a long fast-forward it renders
/// the side panel some tasks later than the app itself).
async fn click(root: &Element, selector: &str) {
    common::click(root, selector).await;
    let document = web_sys::window().unwrap().document().unwrap();
    if let Some(panic) = document.query_selector("[data-panic]").unwrap() {
        panic!(
            "the app crashed: {}",
            panic.text_content().unwrap_or_default()
        );
    }
}

fn step(root: &Element) -> String {
    attr(root, "[data-lesson-step]", "data-lesson-step")
}

#[wasm_bindgen_test]
fn every_lesson_text_exists_in_english_and_chinese() {
    replication_playground::i18n::zh::install(ZH_JSON).unwrap();
    assert_eq!(LESSONS.len(), 10);
    for lesson in LESSONS {
        assert!((3..=5).contains(&lesson.steps.len()), "{}", lesson.id);
        let mut texts = vec![lesson.title];
        for step in lesson.steps {
            texts.extend([step.text, step.question, step.answer]);
            if let StepAction::Learner { instruction, .. } = step.action {
                texts.push(instruction);
            }
        }
        for text in texts {
            assert!(!text.en.trim().is_empty(), "{}: empty English", lesson.id);
            let zh = text.get("zh");
            assert!(
                zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{}: no Chinese in {zh:?}",
                lesson.id,
            );
        }
    }
}

#[wasm_bindgen_test]
async fn steps_go_forward_and_back_to_the_same_state() {
    let root = mount_lessons().await;
    click(&root, "[data-lesson='drill']").await;
    assert_eq!(attr(&root, "[data-lesson-id]", "data-lesson-id"), "drill");
    assert_eq!(step(&root), "1");
    assert!(find(&root, "[data-action='lesson-back']").has_attribute("disabled"));
    // Next does a skipped step's action: broker 1 crashes; then step 2 plays to 12 s.
    click(&root, "[data-action='lesson-next']").await;
    assert_eq!(step(&root), "2");
    assert_eq!(attr(&root, "[data-broker='1']", "data-state"), "crashed");
    click(&root, "[data-action='lesson-next']").await;
    assert_eq!(step(&root), "3");
    assert_eq!(sim_time(&root), 12_000);
    assert_eq!(
        attr(&root, "[data-replica='orders-0@2']", "data-role"),
        "leader"
    );
    // Back replays step 2's start: the scenario again, broker 1 crashed at 0, the clock at 0.
    click(&root, "[data-action='lesson-back']").await;
    assert_eq!(step(&root), "2");
    assert_eq!(sim_time(&root), 0);
    assert_eq!(attr(&root, "[data-broker='1']", "data-state"), "crashed");
    assert_eq!(
        attr(&root, "[data-replica='orders-0@1']", "data-role"),
        "offline"
    );
    click(&root, "[data-action='lesson-back']").await;
    assert_eq!(step(&root), "1");
    assert_eq!(attr(&root, "[data-broker='1']", "data-state"), "running");
}

#[wasm_bindgen_test]
async fn a_learner_step_turns_green_after_the_crash_button() {
    let root = mount_lessons().await;
    click(&root, "[data-lesson='replicas']").await;
    click(&root, "[data-action='lesson-next']").await;
    assert_eq!(step(&root), "2");
    assert_eq!(attr(&root, "[data-lesson-step]", "data-step-done"), "false");
    assert_eq!(
        root.query_selector_all(".lesson-checks .ok")
            .unwrap()
            .length(),
        0
    );
    click(&root, "[data-broker='3'] [data-action='crash']").await;
    assert_eq!(attr(&root, "[data-lesson-step]", "data-step-done"), "true");
    assert_eq!(
        root.query_selector_all(".lesson-checks .ok")
            .unwrap()
            .length(),
        1
    );
}

#[wasm_bindgen_test]
async fn the_answer_shows_on_request_and_hides_on_the_next_step() {
    let root = mount_lessons().await;
    click(&root, "[data-lesson='hw-leo']").await;
    assert!(root
        .query_selector("[data-lesson-answer]")
        .unwrap()
        .is_none());
    click(&root, "[data-action='lesson-answer']").await;
    assert!(find(&root, "[data-lesson-answer]")
        .text_content()
        .unwrap()
        .contains("min(9, 6, 8)"));
    click(&root, "[data-action='lesson-next']").await;
    assert!(root
        .query_selector("[data-lesson-answer]")
        .unwrap()
        .is_none());
}

#[wasm_bindgen_test]
async fn play_runs_an_automatic_step_to_its_time_and_pauses() {
    let root = mount_lessons().await;
    click(&root, "[data-lesson='fetch']").await;
    // Step 1 plays to 500 ms in about five seconds of wall time.
    click(&root, "[data-action='lesson-play']").await;
    assert_eq!(
        attr(&root, "[data-action='play-pause']", "data-playing"),
        "true"
    );
    wait_for_attr(&root, "[data-lesson-step]", "data-step-done", "true").await;
    wait_until("the step to pause at its time", || !playing(&root)).await;
    let t = sim_time(&root);
    assert!((500..600).contains(&t), "stopped at {t}");
}

#[wasm_bindgen_test]
async fn the_last_step_offers_the_next_lesson() {
    let root = mount_lessons().await;
    click(&root, "[data-lesson='replicas']").await;
    let steps = LESSONS[0].steps.len();
    for _ in 1..steps {
        assert_eq!(count(&root, "[data-action='lesson-next-lesson']"), 0);
        click(&root, "[data-action='lesson-next']").await;
    }
    assert_eq!(step(&root), steps.to_string());
    assert_eq!(
        attr(&root, "[data-action='lesson-next-lesson']", "data-lesson"),
        LESSONS[1].id
    );
    click(&root, "[data-action='lesson-next-lesson']").await;
    assert_eq!(
        attr(&root, "[data-lesson-id]", "data-lesson-id"),
        LESSONS[1].id
    );
    assert_eq!(step(&root), "1");
}

#[wasm_bindgen_test]
async fn the_address_follows_the_lesson_step() {
    let window = web_sys::window().unwrap();
    let location = window.location();
    let before = location.href().unwrap();
    let root = mount_lessons().await;
    click(&root, "[data-lesson='replicas']").await;
    assert_eq!(location.search().unwrap(), "?lesson=replicas&step=1");
    click(&root, "[data-action='lesson-next']").await;
    assert_eq!(location.search().unwrap(), "?lesson=replicas&step=2");
    click(&root, "[data-action='lesson-list']").await;
    assert_eq!(location.search().unwrap(), "");
    window
        .history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&before))
        .unwrap();
}
