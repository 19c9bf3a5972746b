use crate::format::format_time;
use crate::i18n::{describe_loss, tr, trf, word, Key, Lang};
use crate::state::alerts::{Alert, AlertWhat};
use crate::state::Command;
use replication_core::view::LossRule;
use yew::prelude::*;

/// The alert's wording, in the language shown.
impl Alert {
    pub fn title(&self, lang: Lang) -> String {
        match &self.what {
            AlertWhat::Lost { tp, why } => {
                let kind = tr(
                    lang,
                    if why.acknowledged {
                        Key::Acknowledged
                    } else {
                        Key::Committed
                    },
                );
                trf(lang, Key::AlertLost, &[&why.values.len(), &kind, tp])
            }
            AlertWhat::Invariant { invariant, .. } => trf(lang, Key::AlertInvariant, &[invariant]),
            AlertWhat::Stopped { .. } => tr(lang, Key::AlertStopped).to_string(),
        }
    }

    pub fn detail(&self, lang: Lang) -> String {
        match &self.what {
            AlertWhat::Lost { why, .. } => describe_loss(lang, why),
            AlertWhat::Invariant { detail, .. } => detail.clone(),
            AlertWhat::Stopped { why } => {
                format!("{} {}", word(lang, why), tr(lang, Key::AlertStoppedHint))
            }
        }
    }

    /// The rule of Kafka's that allowed the loss, or that no rule does (a simulator bug).
    pub fn rule(&self, lang: Lang) -> Option<&'static str> {
        let AlertWhat::Lost { why, .. } = &self.what else {
            return None;
        };
        Some(tr(
            lang,
            match why.rule() {
                Some(LossRule::UncleanElection) => Key::LossRuleUnclean,
                Some(LossRule::LastKnownLeader) => Key::LossRuleLastKnown,
                Some(LossRule::AcksZero) => Key::LossRuleAcksZero,
                Some(LossRule::AcksOne) => Key::LossRuleAcksOne,
                Some(LossRule::PowerLoss) => Key::LossRulePowerLoss,
                Some(LossRule::HwTruncation) => Key::LossRuleHwTruncation,
                None => Key::LossRuleNone,
            },
        ))
    }
}

#[derive(PartialEq)]
pub struct AlertsProps {
    pub alerts: Vec<Alert>,
    pub on_command: Callback<Command>,
    pub lang: Lang,
}

/// The alerts, newest first, each dismissible, over the page's corner: they never push the
/// cluster or the panels around while the run plays.
pub fn alerts(props: &AlertsProps) -> Html {
    if props.alerts.is_empty() {
        return html! {};
    }
    let lang = props.lang;
    let items = props.alerts.iter().enumerate().rev().take(5).map(|(i, a)| {
        let dismiss = props.on_command.reform(move |_: MouseEvent| Command::DismissAlert(i));
        let select = a.partition.clone().map(|key| {
            props.on_command.reform(move |_: MouseEvent| Command::SelectPartition(key.clone()))
        });
        html! {
            <div class="alert" role="alert" data-alert={a.what.hook()}>
                <strong>{ trf(lang, Key::AlertAt, &[&a.title(lang), &format_time(a.at_ms)]) }</strong>
                <p>{ a.detail(lang) }</p>
                if let Some(rule) = a.rule(lang) {
                    <p class="alert-rule" data-alert-rule="">{ rule }</p>
                }
                if let Some(onclick) = select {
                    <button type="button" {onclick}>{ tr(lang, Key::ShowPartition) }</button>
                }
                <button type="button" aria-label={tr(lang, Key::DismissAlert)} onclick={dismiss}>{ tr(lang, Key::Dismiss) }</button>
            </div>
        }
    });
    html! { <div class="alerts">{ for items }</div> }
}
