//! The documentation site: static HTML pages generated from the lesson data, one per lesson
//! and language, each step with a playground embedded at that step. The pages live in
//! `docs/` next to the playground's release build, so `../index.html` is the playground.
//! `cargo xtask docs` assembles the site (see xtask); this module only writes text.

use super::{seconds, ui, Lesson, StepAction, LESSONS};

const LANGS: [&str; 2] = ["en", "zh"];
/// The embedded playground's height: the cluster and the lesson panel below it.
const FRAME_HEIGHT: u32 = 720;

const CSS: &str = "\
:root { color-scheme: light dark; --ink: #1d2330; --muted: #5b6475; --line: #d5dae3; --accent: #2f6fdb; }
@media (prefers-color-scheme: dark) { :root { --ink: #e4e8ef; --muted: #9aa4b5; --line: #3a4252; --accent: #7aa7ff; } }
body { margin: 0; font: 16px/1.55 system-ui, sans-serif; color: var(--ink); }
main, header { max-width: 1040px; margin: 0 auto; padding: 0 16px; }
header { display: flex; gap: 16px; align-items: baseline; flex-wrap: wrap; padding-top: 12px; border-bottom: 1px solid var(--line); }
header a { color: var(--accent); }
section { border-bottom: 1px solid var(--line); padding-bottom: 16px; }
.action { color: var(--muted); }
iframe { display: block; width: 100%; border: 1px solid var(--line); border-radius: 6px; }
details { margin-top: 8px; } summary { cursor: pointer; }
nav.pager { display: flex; justify-content: space-between; padding: 16px 0; }
";

fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `replicas.html`, `replicas.zh.html`.
fn file(name: &str, lang: &str) -> String {
    if lang == "en" {
        format!("{name}.html")
    } else {
        format!("{name}.{lang}.html")
    }
}

fn page(lang: &str, title: &str, other_lang_file: &str, body: &str) -> String {
    let (home, switch, playground) = if lang == "zh" {
        ("课程目录", "English", "打开完整演练场")
    } else {
        ("Lessons", "中文", "Open the full playground")
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"{html_lang}\">\n<head>\n<meta charset=\"utf-8\" />\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n\
         <title>{title}</title>\n<link rel=\"stylesheet\" href=\"docs.css\" />\n</head>\n<body>\n\
         <header><strong>Kafka replication</strong> <a href=\"{index}\">{home}</a> \
         <a href=\"{other_lang_file}\" hreflang=\"{other}\">{switch}</a> \
         <a href=\"../index.html\">{playground}</a></header>\n<main>\n{body}</main>\n</body>\n</html>\n",
        html_lang = if lang == "zh" { "zh-Hans" } else { "en" },
        title = esc(title),
        index = file("index", lang),
        other = if lang == "zh" { "en" } else { "zh" },
    )
}

fn index(lang: &str) -> String {
    let items: String = LESSONS
        .iter()
        .enumerate()
        .map(|(i, l)| {
            format!(
                "<li><a href=\"{}\" data-lesson=\"{}\">{}. {}</a></li>\n",
                file(l.id, lang),
                l.id,
                i + 1,
                esc(l.title.get(lang))
            )
        })
        .collect();
    let title = if lang == "zh" {
        "一步步看懂 Kafka 副本机制"
    } else {
        "Kafka replication, step by step"
    };
    let body = format!(
        "<h1>{}</h1>\n<p>{}</p>\n<ol>\n{items}</ol>\n",
        esc(title),
        esc(ui::INTRO.get(lang))
    );
    page(
        lang,
        title,
        &file("index", if lang == "zh" { "en" } else { "zh" }),
        &body,
    )
}

/// The playground at a lesson's step: `scenario` for any embedder that reads it, `lesson` and
/// `step` (from 1) for the lesson panel.
pub fn embed_src(lesson: &Lesson, step: usize, lang: &str) -> String {
    format!(
        "../index.html?embed&scenario={}&lesson={}&step={}&lang={lang}",
        lesson.steps[step].scenario,
        lesson.id,
        step + 1
    )
}

fn lesson_page(n: usize, lesson: &Lesson, lang: &str) -> String {
    let step_word = ui::STEP.get(lang);
    let sections: String = lesson
        .steps
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let action = match &step.action {
                StepAction::Learner { instruction, .. } => instruction.get(lang).to_string(),
                StepAction::AutoPlay { until_ms } => {
                    format!("{} t = {}.", ui::PLAY_TO.get(lang), seconds(*until_ms))
                }
            };
            format!(
                "<section id=\"step-{s}\" data-step=\"{s}\">\n<h2>{step_word} {s}</h2>\n<p>{text}</p>\n\
                 <p class=\"action\">{action}</p>\n\
                 <iframe src=\"{src}\" title=\"{step_word} {s}: {scenario}\" height=\"{FRAME_HEIGHT}\" loading=\"lazy\"></iframe>\n\
                 <details><summary>{check}: {question}</summary><p>{answer}</p></details>\n</section>\n",
                s = i + 1,
                text = esc(step.text.get(lang)),
                action = esc(&action),
                src = esc(&embed_src(lesson, i, lang)),
                scenario = step.scenario,
                check = ui::QUESTION.get(lang),
                question = esc(step.question.get(lang)),
                answer = esc(step.answer.get(lang)),
            )
        })
        .collect();
    let link = |i: usize, arrow_first: bool| {
        LESSONS.get(i).map_or(String::new(), |l| {
            let title = esc(l.title.get(lang));
            let label = if arrow_first {
                format!("‹ {title}")
            } else {
                format!("{title} ›")
            };
            format!("<a href=\"{}\">{label}</a>", file(l.id, lang))
        })
    };
    let pager = format!(
        "<nav class=\"pager\"><span>{}</span><span>{}</span></nav>\n",
        n.checked_sub(1).map_or(String::new(), |p| link(p, true)),
        link(n + 1, false)
    );
    let title = lesson.title.get(lang);
    let body = format!(
        "<h1 data-lesson-page=\"{}\">{}. {}</h1>\n{sections}{pager}",
        lesson.id,
        n + 1,
        esc(title)
    );
    page(
        lang,
        title,
        &file(lesson.id, if lang == "zh" { "en" } else { "zh" }),
        &body,
    )
}

/// Every file of the docs folder: (file name, contents).
pub fn pages() -> Vec<(String, String)> {
    assert!(
        crate::i18n::zh::loaded(),
        "install web/zh.json (i18n::zh::install) before writing the Chinese pages"
    );
    let mut out = vec![("docs.css".to_string(), CSS.to_string())];
    for lang in LANGS {
        out.push((file("index", lang), index(lang)));
        for (n, lesson) in LESSONS.iter().enumerate() {
            out.push((file(lesson.id, lang), lesson_page(n, lesson, lang)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_lesson_has_a_page_per_language_with_one_embed_per_step() {
        crate::i18n::zh::install_shipped();
        let pages = pages();
        assert_eq!(pages.len(), 1 + 2 * (1 + LESSONS.len()));
        for lesson in LESSONS {
            for lang in LANGS {
                let (_, html) = pages
                    .iter()
                    .find(|(name, _)| *name == file(lesson.id, lang))
                    .unwrap();
                assert_eq!(html.matches("<iframe ").count(), lesson.steps.len());
                assert!(html.contains(&format!("lesson={}&amp;step=1", lesson.id)));
                assert!(html.contains(&esc(lesson.steps[0].question.get(lang))));
            }
        }
    }
}
