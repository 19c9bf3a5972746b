//! Guided lessons, one per section of the teaching material: each is a few steps, and a step is
//! a short text, a bundled scenario, an action (the learner's, or the run playing by itself)
//! and a check question with its answer. Plain data, in English and Simplified Chinese, read by
//! the lesson panel (`components::lesson`) and by the docs site generator (`site`).
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

/// A text in both languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Text {
    pub en: &'static str,
    pub zh: &'static str,
}

impl Text {
    /// The text in `lang` ("zh" for Chinese; anything else is English).
    pub fn get(&self, lang: &str) -> &'static str {
        if lang == "zh" {
            self.zh
        } else {
            self.en
        }
    }
}

/// Shorthand for the data: `t("English", "中文")`.
pub(crate) const fn t(en: &'static str, zh: &'static str) -> Text {
    Text { en, zh }
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
    /// A bundled example's id (`replication_core::examples`). Consecutive steps with the same
    /// scenario continue one run; a step with another scenario loads it afresh.
    pub scenario: &'static str,
    pub action: StepAction,
    pub question: Text,
    pub answer: Text,
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

/// The panel's own words.
pub mod ui {
    use super::{t, Text};
    pub const LESSONS: Text = t("Lessons", "课程");
    pub const ALL: Text = t("All lessons", "全部课程");
    pub const STEP: Text = t("Step", "步骤");
    pub const OF: Text = t("of", "/");
    pub const BACK: Text = t("Back", "上一步");
    pub const NEXT: Text = t("Next", "下一步");
    pub const FINISH: Text = t("Finish", "完成");
    pub const PLAY_TO: Text = t("Play to", "播放到");
    pub const PLAYED: Text = t("Played to", "已播放到");
    pub const DONE: Text = t("Done", "已完成");
    pub const TODO: Text = t("Not yet", "尚未完成");
    pub const SHOW: Text = t("Show answer", "显示答案");
    pub const HIDE: Text = t("Hide answer", "隐藏答案");
    pub const QUESTION: Text = t("Check", "想一想");
    pub const INTRO: Text = t(
        "Short guided tours of Kafka replication. Each step loads a scenario, asks you to act or plays by itself, then asks what just happened. Next does a step's action for you if you skip it.",
        "Kafka 副本机制的简短导览。每一步加载一个场景，请你动手操作或让它自动播放，然后问你刚才发生了什么。跳过操作时，“下一步”会替你完成。",
    );
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
    use replication_core::examples::example;

    fn texts(step: &Step) -> Vec<Text> {
        let mut all = vec![step.text, step.question, step.answer];
        if let StepAction::Learner { instruction, .. } = step.action {
            all.push(instruction);
        }
        all
    }

    #[test]
    fn ten_lessons_of_three_to_five_steps_with_both_languages_everywhere() {
        assert_eq!(LESSONS.len(), 10);
        for lesson in LESSONS {
            assert!((3..=5).contains(&lesson.steps.len()), "{}", lesson.id);
            for text in lesson.steps.iter().flat_map(texts).chain([lesson.title]) {
                assert!(!text.en.trim().is_empty() && !text.zh.trim().is_empty());
                assert!(
                    text.zh
                        .chars()
                        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                    "{}: not Chinese: {}",
                    lesson.id,
                    text.zh
                );
                assert!(text.en.is_ascii() || !text.en.contains('的'), "{}", text.en);
            }
            for step in lesson.steps {
                assert!(example(step.scenario).is_some(), "{}", step.scenario);
            }
        }
    }

    #[test]
    fn seconds_are_whole_or_in_milliseconds() {
        assert_eq!(seconds(12_000), "12 s");
        assert_eq!(seconds(500), "500 ms");
    }
}
