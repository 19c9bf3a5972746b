//! "Now": beside the cluster, what the selected partition looks like at this moment, what the
//! cluster is waiting for (each wait with its countdown, the rule that sets it, and a button to
//! skip ahead to when it ends), and why its latest election, ISR change and truncation
//! happened. Everything comes from the core's views (`waits`, `recent_reasons`); this only
//! words it.

use crate::format::{format_countdown, format_duration, format_time};
use crate::i18n::{describe_event, tr, trf, Key, Lang};
use crate::state::{Command, PartitionKey, SessionHandle};
use replication_core::rules::election::ElectionKind;
use replication_core::sim::trace::{EventKind, TraceEvent, TruncationReason};
use replication_core::sim::World;
use replication_core::view::{
    leader_high_watermark, recent_reasons, waits, Explained, Wait, WaitKind,
};
use replication_core::{BrokerId, TopicPartition};
use std::fmt::Display;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct NowProps {
    pub session: SessionHandle,
    pub focus: Option<PartitionKey>,
    pub on_command: Callback<Command>,
}

/// `1, 2, 3` (or the language's "none").
fn ids(list: &[BrokerId], lang: Lang) -> String {
    if list.is_empty() {
        return tr(lang, Key::RackNone).to_string();
    }
    list.iter()
        .map(|b| b.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

#[function_component(NowPanel)]
pub fn now_panel(props: &NowProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let session = props.session.borrow();
    let world = &session.world;
    let Some((topic, partition)) = props.focus.as_ref() else {
        return Html::default();
    };
    let tp = TopicPartition::new(topic, *partition);
    let Some(facts) = partition_facts(world, &tp, lang) else {
        return Html::default();
    };
    let now = world.now_ms();
    let waiting = waits(world, Some(&tp));
    let waits_html = waiting
        .iter()
        .map(|w| wait_row(w, now, lang, &props.on_command));
    let reasons = recent_reasons(world, &tp);
    let trace = world.trace();
    let why = reasons.iter().map(|r| why_row(trace, r, lang));
    html! {
        <section class="now" aria-label={trf(lang, Key::NowAria, &[&tp])} data-now="">
            { facts }
            if !waiting.is_empty() {
                <ul class="waits" aria-label={tr(lang, Key::WaitsAria)}>{ for waits_html }</ul>
            }
            if reasons.is_empty() {
                <p class="hint why-none">{ trf(lang, Key::WhyNothing, &[&tp]) }</p>
            } else {
                <ul class="whys" aria-label={tr(lang, Key::WhyAria)}>{ for why }</ul>
            }
        </section>
    }
}

/// The partition at this moment: leader (and whether its broker is down), epoch, ISR, ELR,
/// HW and the consumer's position; `None` when the cluster has no such partition.
fn partition_facts(world: &World, tp: &TopicPartition, lang: Lang) -> Option<Html> {
    let state = world.partitions().find(|p| &p.tp == tp)?;
    // The controller still names a leader whose broker is down: it has not noticed yet.
    let leader_down = state
        .leader
        .and_then(|b| world.broker(b))
        .is_some_and(|b| !b.is_running());
    let hw = leader_high_watermark(world, &tp.topic, tp.partition);
    let consumer = world
        .clients()
        .consumers
        .iter()
        .filter(|c| c.topic == *tp.topic)
        .filter_map(|c| c.positions.get(&tp.partition))
        .map(|p| p.offset)
        .next();
    Some(html! {
        <p class="now-facts" data-now-partition={tp.to_string()}>
            <strong>{ tp.to_string() }</strong>
            <span data-now-leader={state.leader.map(|b| b.to_string()).unwrap_or_default()}
                  class={classes!((state.leader.is_none() || leader_down).then_some("fact-bad"))}>
                { match state.leader {
                    Some(b) if leader_down => trf(lang, Key::NowLeaderDown, &[&b]),
                    Some(b) => trf(lang, Key::NowLeader, &[&b]),
                    None => tr(lang, Key::NowNoLeader).to_string(),
                } }
            </span>
            <span data-now-epoch={state.leader_epoch.to_string()}>{ trf(lang, Key::NowEpoch, &[&state.leader_epoch]) }</span>
            <span data-now-isr={ids(&state.isr, Lang::En)}>{ format!("ISR {}", ids(&state.isr, lang)) }</span>
            if !state.elr.is_empty() { <span>{ format!("ELR {}", ids(&state.elr, lang)) }</span> }
            <span data-now-hw={hw.map(|h| h.to_string()).unwrap_or_default()}>
                { hw.map_or_else(|| "HW –".to_string(), |h| format!("HW {h}")) }
            </span>
            if let Some(position) = consumer {
                <span data-consumer-position={position.to_string()}>{ trf(lang, Key::NowConsumer, &[&position]) }</span>
            }
        </p>
    })
}

/// One recent change of the partition: when, what, what caused it, and the rule behind it.
fn why_row(trace: &[TraceEvent], r: &Explained, lang: Lang) -> Html {
    let event = &trace[r.event];
    let cause = r.cause.map(|c| describe_event(lang, &trace[c].kind));
    html! {
        <li class="why" data-why={event.kind.name()} data-at-ms={event.at_ms.to_string()}>
            <span class="why-time">{ format_time(event.at_ms) }</span>
            <span class="why-what">{ describe_event(lang, &event.kind) }</span>
            if let Some(cause) = cause {
                <span class="why-cause">{ trf(lang, Key::WhyBecause, &[&cause]) }</span>
            }
            if let Some(rule) = rule(&event.kind, r.cause.map(|c| &trace[c].kind)) {
                <span class="why-rule">{ tr(lang, rule) }</span>
            }
        </li>
    }
}

/// How far before a wait ends "skip" lands, in simulated ms: about half a second of wall time
/// at the current speed, so the moment itself still plays on screen.
pub fn skip_lead_ms(speed: f64) -> u64 {
    ((speed * 500.0) as u64).clamp(5, 2_000)
}

/// One wait: what and why, a countdown with a progress bar, and Skip.
fn wait_row(w: &Wait, now: u64, lang: Lang, on_command: &Callback<Command>) -> Html {
    let text = wait_text(w, lang);
    let remaining = w.remaining_ms(now);
    let progress = w.ends_at_ms.map(|end| {
        let total = end.saturating_sub(w.since_ms).max(1);
        (now.saturating_sub(w.since_ms) * 100 / total).min(100)
    });
    let skip = w.ends_at_ms.filter(|&end| end > now).map(|end| {
        let onclick = on_command.reform(move |_: MouseEvent| Command::SkipTo(end));
        html! {
            <button type="button" class="skip" data-action="skip-wait" title={tr(lang, Key::SkipTitle)} {onclick}>
                { tr(lang, Key::SkipTo) }
            </button>
        }
    });
    html! {
        <li class={classes!("wait", format!("wait-{}", kind_name(&w.kind)))} data-wait={kind_name(&w.kind)}
            data-ends-at-ms={w.ends_at_ms.map(|e| e.to_string()).unwrap_or_default()}>
            <span class="wait-icon" aria-hidden="true">{ "◔" }</span>
            <span class="wait-text">{ text }</span>
            if let Some(left) = remaining {
                <span class="wait-countdown" data-remaining-ms={left.to_string()}>
                    { trf(lang, if matches!(w.kind, WaitKind::AwaitingReplicas { .. }) { Key::WaitTimesOutIn } else { Key::WaitIn },
                          &[&format_countdown(left)]) }
                    if let Some(p) = progress {
                        <span class="wait-bar" role="progressbar" aria-valuemin="0" aria-valuemax="100"
                              aria-valuenow={p.to_string()} aria-label={tr(lang, Key::WaitProgress)}>
                            <span class="wait-fill" style={format!("width: {p}%")}></span>
                        </span>
                    }
                </span>
            }
            { skip.unwrap_or_default() }
        </li>
    }
}

/// The `data-wait` hook's value.
pub fn kind_name(kind: &WaitKind) -> &'static str {
    match kind {
        WaitKind::Fencing { .. } => "fencing",
        WaitKind::LeavingIsr { .. } => "leaving-isr",
        WaitKind::AwaitingReplicas { .. } => "awaiting-replicas",
        WaitKind::BelowMinIsr { .. } => "below-min-isr",
        WaitKind::ProducerRetry { .. } => "producer-retry",
        WaitKind::NoLeader { .. } => "no-leader",
        WaitKind::UncleanScan { .. } => "unclean-scan",
        WaitKind::Copying { .. } => "copying",
    }
}

/// A wait in words: what happens, and the rule with its numbers.
pub fn wait_text(w: &Wait, lang: Lang) -> String {
    let since = format_time(w.since_ms);
    let took = |ms: &u64| format_duration(*ms);
    match &w.kind {
        WaitKind::Fencing {
            broker,
            timeout_ms,
            zookeeper,
        } => {
            let config = if *zookeeper {
                "zookeeper.session.timeout.ms"
            } else {
                "broker.session.timeout.ms"
            };
            let args: [&dyn Display; 4] = [broker, &since, &config, &took(timeout_ms)];
            trf(lang, Key::WaitFencing, &args)
        }
        WaitKind::LeavingIsr {
            leader,
            follower,
            lag_max_ms,
            check_every_ms,
            ..
        } => {
            let (lag_max, check_every) = (took(lag_max_ms), took(check_every_ms));
            let args: [&dyn Display; 5] = [follower, &since, leader, &lag_max, &check_every];
            trf(lang, Key::WaitLeavingIsr, &args)
        }
        WaitKind::AwaitingReplicas {
            offset, brokers, ..
        } if !brokers.is_empty() => trf(
            lang,
            Key::WaitAwaitingReplicas,
            &[offset, &ids(brokers, lang)],
        ),
        WaitKind::AwaitingReplicas { offset, .. } => trf(lang, Key::WaitAwaitingHw, &[offset]),
        WaitKind::BelowMinIsr { isr, min_isr, .. } => {
            trf(lang, Key::WaitBelowMinIsr, &[isr, min_isr])
        }
        WaitKind::ProducerRetry {
            records,
            backoff_ms,
            ..
        } => trf(lang, Key::WaitRetry, &[records, &took(backoff_ms)]),
        WaitKind::NoLeader { tp, records } => trf(lang, Key::WaitNoLeader, &[records, tp]),
        WaitKind::UncleanScan { tp, interval_ms } => {
            trf(lang, Key::WaitUncleanScan, &[tp, &took(interval_ms)])
        }
        WaitKind::Copying {
            broker,
            copied,
            total,
            rate_bytes,
            ..
        } => {
            let throttle = rate_bytes
                .map(|r| trf(lang, Key::WaitThrottled, &[&r]))
                .unwrap_or_default();
            trf(lang, Key::WaitCopying, &[broker, copied, total, &throttle])
        }
    }
}

/// The rule behind a key event, given what caused it.
fn rule(kind: &EventKind, cause: Option<&EventKind>) -> Option<Key> {
    Some(match kind {
        EventKind::LeaderElected { election, .. } => match election {
            ElectionKind::Clean => Key::RuleClean,
            ElectionKind::Unclean => Key::RuleUnclean,
            ElectionKind::EligibleLeaderReplica => Key::RuleElr,
            ElectionKind::Preferred => Key::RulePreferred,
            ElectionKind::LastKnownLeader => Key::RuleLastKnown,
            ElectionKind::Kept => return None,
        },
        EventKind::PartitionOffline { .. } => Key::RuleOffline,
        EventKind::IsrShrunk { .. } => match cause {
            Some(EventKind::FollowerOutOfSync { .. }) => Key::RuleShrinkLag,
            Some(EventKind::BrokerFenced { .. } | EventKind::BrokerReregistered { .. }) => {
                Key::RuleShrinkFenced
            }
            _ => return None,
        },
        EventKind::IsrExpanded { .. } => Key::RuleExpand,
        EventKind::IsrChanged { .. } => Key::RuleIsrChanged,
        EventKind::Truncated { reason, .. } => match reason {
            TruncationReason::DivergingEpoch => Key::RuleTruncDiverging,
            TruncationReason::HighWatermark => Key::RuleTruncHw,
            TruncationReason::PowerLoss => Key::RuleTruncPower,
        },
        _ => return None,
    })
}
