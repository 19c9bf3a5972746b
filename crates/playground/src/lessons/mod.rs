//! Guided lessons, one per section of the teaching material: each is a few steps, and a step is
//! a short text, a bundled scenario, an action (the learner's, or the run playing by itself)
//! and a check question with its answer. Plain data in English, read by the lesson panel
//! (`components::lesson`) and by the docs site generator (`site`); the Chinese of each text is
//! in `web/zh.json` (`lessons`, keyed by the English), loaded with the rest of the Chinese.
//!
//! `player` moves a `Session` between steps. Nothing here knows Kafka: the scenarios and the
//! core do.

mod data;
pub mod player;
/// The docs site generator (native only in practice: the bundle never calls it, so the
/// linker drops it).
pub mod site;

pub use data::LESSONS;
pub use player::LessonState;

/// A lesson text: the English, whose Chinese is in `zh.json`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Text {
    pub en: &'static str,
}

impl Text {
    /// The text in `lang` ("zh" for Chinese, once loaded; anything else is English).
    pub fn get(&self, lang: &str) -> &'static str {
        if lang == "zh" {
            crate::i18n::zh::lesson(self.en).unwrap_or(self.en)
        } else {
            self.en
        }
    }
}

/// Shorthand for the data: `t("English")`.
pub(crate) const fn t(en: &'static str) -> Text {
    Text { en }
}

#[derive(Debug, PartialEq, Eq)]
pub struct Lesson {
    /// Its id in URLs and docs file names.
    pub id: &'static str,
    pub title: Text,
    pub steps: &'static [Step],
}

#[derive(Debug, PartialEq, Eq)]
pub struct Step {
    pub text: Text,
    /// A bundled example's id (`replication_core::scenario::bundled`). Consecutive steps with the same
    /// scenario continue one run; a step with another scenario loads it afresh.
    pub scenario: &'static str,
    pub action: StepAction,
    pub question: Text,
    pub answer: Text,
    /// What on screen answers the question once the step is done: an end-to-end test checks
    /// it is in view together with the question at 1280×800, and the panel outlines it.
    pub evidence: &'static [Evidence],
}

/// A part of the page a question is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Evidence {
    /// The selected partition's log on this broker's card: its records, HW and LEO.
    Log(u32),
    /// The selected partition's leader, epoch, ISR and HW, under the cluster.
    Facts,
    /// Why its latest election, ISR change or truncation happened.
    Why,
    /// What the cluster waits for, with the countdowns.
    Waits,
    /// The consumer's position in the selected partition.
    Consumer,
    /// The producer's counts on the clients node: acked, pending, failed.
    Producer,
    /// Every replica chip of this partition of the topic: who holds it, who leads, the ISR.
    Replicas(u32),
    /// The data-loss alert.
    Alert,
}

impl Evidence {
    /// A CSS selector for it (the page's test hooks).
    pub fn selector(self) -> String {
        match self {
            Evidence::Log(b) => format!("[data-broker-log='{b}']"),
            Evidence::Facts => "[data-now-partition]".to_string(),
            Evidence::Why => "[data-why]".to_string(),
            Evidence::Waits => "[data-wait]".to_string(),
            Evidence::Consumer => "[data-consumer-position]".to_string(),
            Evidence::Producer => "[data-node='clients'] .node-detail".to_string(),
            Evidence::Replicas(p) => format!("[data-replica^='orders-{p}@']"),
            Evidence::Alert => "[data-alert]".to_string(),
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
pub enum StepAction {
    /// The learner does something; the step is done when every check holds. Going back to a
    /// later step, or Next without doing it, performs each check's `act` instead.
    Learner {
        instruction: Text,
        done_when: &'static [Check],
    },
    /// The run plays by itself to this simulated time.
    AutoPlay { until_ms: u64 },
}

/// A fact about the world a learner's action makes true.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    /// The broker is crashed or stopped.
    BrokerDown(u32),
    BrokerUp(u32),
    FetcherPaused(u32),
    FetcherRunning(u32),
}

impl Lesson {
    pub fn by_id(id: &str) -> Option<(usize, &'static Lesson)> {
        LESSONS.iter().enumerate().find(|(_, l)| l.id == id)
    }
}

/// Defines the panel's words and `ui::ALL`, so a test sees every one of them.
macro_rules! panel_words {
    ($($name:ident = $en:expr;)*) => {
        $(pub const $name: Text = t($en);)*
        /// Every word of the panel (their Chinese is in `zh.json`).
        pub const ALL: &[Text] = &[$($name),*];
    };
}

/// The panel's own words.
pub mod ui {
    use super::{t, Text};
    panel_words! {
        LESSONS = "Lessons";
        ALL_LESSONS = "All lessons";
        STEP = "Step";
        OF = "of";
        BACK = "Back";
        NEXT = "Next";
        FINISH = "Finish";
        NEXT_LESSON = "Next lesson";
        PLAY_TO = "Play to";
        PLAYED = "Played to";
        DONE = "Done";
        TODO = "Not yet";
        SHOW = "Show answer";
        HIDE = "Hide answer";
        QUESTION = "Check";
        INTRO = "Short guided tours of Kafka replication. Each step loads a scenario, asks you to act or plays by itself, then asks what just happened. Next does a step's action for you if you skip it.";
        START_HERE = "Start here";
        HIDE_LESSONS = "Hide the lessons";
        SLOW_MOTION = "Slow motion: a key moment is playing.";
    }
}

/// `12 s`, `500 ms`: a step's play-to time, without float formatting.
pub fn seconds(ms: u64) -> String {
    if ms % 1000 == 0 {
        format!("{} s", ms / 1000)
    } else {
        format!("{ms} ms")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use replication_core::scenario::bundled::bundled;

    fn texts(step: &Step) -> Vec<Text> {
        let mut all = vec![step.text, step.question, step.answer];
        if let StepAction::Learner { instruction, .. } = step.action {
            all.push(instruction);
        }
        all
    }

    /// Every text of the lessons and of their panel, English and Chinese.
    fn all_texts() -> Vec<Text> {
        let mut all = ui::ALL.to_vec();
        for lesson in LESSONS {
            all.push(lesson.title);
            all.extend(lesson.steps.iter().flat_map(texts));
        }
        all
    }

    #[test]
    fn ten_lessons_of_three_to_five_steps_with_both_languages_everywhere() {
        crate::i18n::zh::install_shipped();
        assert_eq!(LESSONS.len(), 10);
        for lesson in LESSONS {
            assert!((3..=5).contains(&lesson.steps.len()), "{}", lesson.id);
            for step in lesson.steps {
                assert!(bundled(step.scenario).is_some(), "{}", step.scenario);
            }
        }
        for text in all_texts() {
            let zh = text.get("zh");
            assert!(!text.en.trim().is_empty());
            assert!(
                zh != text.en,
                "no Chinese in web/zh.json for the lesson text {:?}",
                text.en
            );
            assert!(
                zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) || zh == "/", // "of", as in "Step 2 / 4"
                "not Chinese: {zh}"
            );
            assert!(text.en.is_ascii() || !text.en.contains('的'), "{}", text.en);
        }
    }

    /// `zh.json` translates no lesson text that is gone.
    #[test]
    fn no_stale_lesson_translations() {
        let texts = all_texts();
        for english in crate::i18n::zh::tests::shipped_keys("lessons") {
            assert!(
                texts.iter().any(|t| t.en == english),
                "web/zh.json translates {english:?}, which no lesson has"
            );
        }
    }

    #[test]
    fn seconds_are_whole_or_in_milliseconds() {
        assert_eq!(seconds(12_000), "12 s");
        assert_eq!(seconds(500), "500 ms");
    }
}
