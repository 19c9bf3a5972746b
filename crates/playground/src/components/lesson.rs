//! The lesson panel: the list of lessons, or one lesson's step with its text, its action (a
//! live check mark for the learner's part, or Play), its check question with the answer behind
//! a button, and Back / Next.

use crate::lessons::player::{done, holds};
use crate::lessons::{seconds, ui, Check, LessonState, Step, StepAction, LESSONS};
use crate::state::session::Session;
use crate::state::LessonCommand;
use crate::state::{Command, SessionHandle};
use yew::prelude::*;

/// The colon after a label, full-width in Chinese.
fn colon(lang: &str) -> &'static str {
    crate::i18n::colon(crate::i18n::Lang::parse(lang).unwrap_or_default())
}

#[derive(Properties, PartialEq)]
pub struct LessonPanelProps {
    pub session: SessionHandle,
    pub state: LessonState,
    pub on_command: Callback<Command>,
    /// "en" or "zh".
    #[prop_or("en")]
    pub lang: &'static str,
}

/// A button's click sending one lesson command.
fn lesson_click(on_command: &Callback<Command>, c: LessonCommand) -> Callback<MouseEvent> {
    on_command.reform(move |_: MouseEvent| Command::Lesson(c.clone()))
}

/// The lesson list, or the open lesson's step.
#[function_component(LessonPanel)]
pub fn lesson_panel(props: &LessonPanelProps) -> Html {
    let lang = props.lang;
    let hide = props
        .on_command
        .reform(|_: MouseEvent| Command::ToggleLessons);
    let close = html! {
        <button type="button" class="lesson-close" data-action="lessons-close"
                aria-label={ui::HIDE_LESSONS.get(lang)} title={ui::HIDE_LESSONS.get(lang)} onclick={hide}>{ "✕" }</button>
    };
    match props.state.open {
        None => lesson_list(lang, &props.on_command, close),
        Some((l, s)) => lesson_step(props, (l, s), close),
    }
}

/// Every lesson, with "start here" for the first.
fn lesson_list(lang: &'static str, on_command: &Callback<Command>, close: Html) -> Html {
    let items = LESSONS.iter().enumerate().map(|(i, lesson)| {
        html! {
            <li><button type="button" class="lesson-link" data-lesson={lesson.id}
                        data-lesson-steps={lesson.steps.len().to_string()}
                        onclick={lesson_click(on_command, LessonCommand::Open(i))}>
                { lesson.title.get(lang) }
            </button></li>
        }
    });
    html! {
        <section class="panel lessons lesson-card" data-lessons="list" aria-label={ui::LESSONS.get(lang)}>
            <div class="lesson-head">
                <h2>{ ui::LESSONS.get(lang) }</h2>
                { close }
            </div>
            <p class="hint">{ ui::INTRO.get(lang) }</p>
            <button type="button" class="primary start-here" data-action="start-here"
                    onclick={lesson_click(on_command, LessonCommand::Open(0))}>
                { format!("{}{}{} ›", ui::START_HERE.get(lang), colon(lang), LESSONS[0].title.get(lang)) }
            </button>
            <ol class="lesson-list">{ for items }</ol>
        </section>
    }
}

/// Step `s` of lesson `l`: its text, its action, whether it is done, its question, Back / Next.
fn lesson_step(props: &LessonPanelProps, (l, s): (usize, usize), close: Html) -> Html {
    let lang = props.lang;
    let send = |c: LessonCommand| lesson_click(&props.on_command, c);
    let lesson = &LESSONS[l];
    let step = &lesson.steps[s];
    let session = props.session.borrow();
    let is_done = done(&session.world, step);
    let evidence: Vec<String> = step.evidence.iter().map(|e| e.selector()).collect();
    let slow = props.state.segment().is_some_and(|seg| seg.slow) && session.playing;
    html! {
        <section class="panel lessons lesson-card" data-lesson-id={lesson.id} data-lesson-step={(s + 1).to_string()}
             data-step-done={is_done.to_string()} aria-label={lesson.title.get(lang)}>
            <div class="lesson-head">
                <button type="button" class="link" data-action="lesson-list" onclick={send(LessonCommand::Close)}>
                    { format!("‹ {}", ui::ALL_LESSONS.get(lang)) }
                </button>
                <span class="hint">{ format!("{} {} {} {}", ui::STEP.get(lang), s + 1, ui::OF.get(lang), lesson.steps.len()) }</span>
                { close }
            </div>
            <h3>{ lesson.title.get(lang) }</h3>
            <p class="lesson-text">{ step.text.get(lang) }</p>
            { step_action(lang, &session, step, is_done, send(LessonCommand::Play)) }
            <p class={classes!("lesson-status", is_done.then_some("ok"))} data-lesson-status="true">
                { if is_done { format!("✓ {}", ui::DONE.get(lang)) } else { format!("○ {}", ui::TODO.get(lang)) } }
            </p>
            if slow {
                <p class="lesson-slow" role="status" data-slow-motion="true">{ ui::SLOW_MOTION.get(lang) }</p>
            }
            <Question key={format!("{l}-{s}")} question={step.question.get(lang)} answer={step.answer.get(lang)} {lang}
                      evidence={evidence.join(", ")} />
            { lesson_nav(lang, &props.on_command, (l, s)) }
        </section>
    }
}

/// The step's action: the learner's part with a live check per condition, or Play to a time.
fn step_action(
    lang: &'static str,
    session: &Session,
    step: &Step,
    is_done: bool,
    play: Callback<MouseEvent>,
) -> Html {
    match &step.action {
        StepAction::Learner {
            instruction,
            done_when,
        } => {
            let checks = done_when.iter().map(|&c| {
                let ok = holds(&session.world, c);
                html! { <li class={classes!(ok.then_some("ok"))}>{ if ok { "✓ " } else { "○ " } }{ check_label(c, lang) }</li> }
            });
            html! {
                <div class="lesson-action" data-step-kind="learner">
                    <p><strong>{ instruction.get(lang) }</strong></p>
                    <ul class="lesson-checks">{ for checks }</ul>
                </div>
            }
        }
        StepAction::AutoPlay { until_ms } => {
            let label = if is_done { ui::PLAYED } else { ui::PLAY_TO };
            html! {
                <div class="lesson-action" data-step-kind="auto">
                    <button type="button" data-action="lesson-play" disabled={is_done || session.playing}
                            onclick={play}>
                        { format!("{} t = {}", label.get(lang), seconds(*until_ms)) }
                    </button>
                </div>
            }
        }
    }
}

/// Back, Next (Finish on the last step) and, after the last step, the next lesson.
fn lesson_nav(lang: &'static str, on_command: &Callback<Command>, (l, s): (usize, usize)) -> Html {
    let send = |c: LessonCommand| lesson_click(on_command, c);
    let last = s + 1 == LESSONS[l].steps.len();
    html! {
        <div class="lesson-nav">
            <button type="button" data-action="lesson-back" disabled={s == 0}
                    onclick={send(LessonCommand::Go(s.saturating_sub(1)))}>{ format!("‹ {}", ui::BACK.get(lang)) }</button>
            <button type="button" data-action="lesson-next" onclick={send(LessonCommand::Next)}>
                { format!("{} ›", if last { ui::FINISH.get(lang) } else { ui::NEXT.get(lang) }) }
            </button>
            if let Some(next) = LESSONS.get(l + 1).filter(|_| last) {
                <button type="button" class="primary" data-action="lesson-next-lesson" data-lesson={next.id}
                        onclick={send(LessonCommand::Open(l + 1))}>
                    { format!("{}{}{} ›", ui::NEXT_LESSON.get(lang), colon(lang), next.title.get(lang)) }
                </button>
            }
        </div>
    }
}

fn check_label(check: Check, lang: &str) -> String {
    let zh = lang == "zh";
    match (check, zh) {
        (Check::BrokerDown(b), false) => format!("broker {b} is down"),
        (Check::BrokerDown(b), true) => format!("broker {b} 已停止"),
        (Check::BrokerUp(b), false) => format!("broker {b} is running"),
        (Check::BrokerUp(b), true) => format!("broker {b} 正在运行"),
        (Check::FetcherPaused(b), false) => format!("broker {b}'s fetcher is paused"),
        (Check::FetcherPaused(b), true) => format!("broker {b} 的拉取已暂停"),
        (Check::FetcherRunning(b), false) => format!("broker {b}'s fetcher is running"),
        (Check::FetcherRunning(b), true) => format!("broker {b} 的拉取在运行"),
    }
}

#[derive(Properties, PartialEq)]
struct QuestionProps {
    question: &'static str,
    answer: &'static str,
    lang: &'static str,
    /// Selectors of what on the page answers it (`data-evidence`, for tests and highlights).
    evidence: String,
}

/// The check question; the answer shows on request (a fresh step starts hidden: the panel keys
/// this by step).
#[function_component(Question)]
fn question(props: &QuestionProps) -> Html {
    let shown = use_state(|| false);
    let toggle = {
        let shown = shown.clone();
        Callback::from(move |_: MouseEvent| shown.set(!*shown))
    };
    html! {
        <div class="lesson-question" data-evidence={props.evidence.clone()}>
            <p><strong>{ ui::QUESTION.get(props.lang) }{ colon(props.lang) }</strong>{ props.question }</p>
            <button type="button" data-action="lesson-answer" aria-expanded={shown.to_string()} onclick={toggle}>
                { if *shown { ui::HIDE.get(props.lang) } else { ui::SHOW.get(props.lang) } }
            </button>
            if *shown {
                <p class="lesson-answer" data-lesson-answer="true">{ props.answer }</p>
            }
        </div>
    }
}
