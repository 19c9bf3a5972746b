//! A broker card in the cluster map: its state and conditions as badges, its replicas as chips,
//! the selected partition's log, countdowns, and the actions a user can take on the broker
//! (shared with the broker's menu, `broker_menu`).

use super::card_log::card_log;
use super::replica_chip::{replica_chip, ReplicaChipProps};
use crate::i18n::{tr, trf, word, Key, Lang};
use crate::state::drop::DragState;
use crate::state::{Command, PartitionKey};
use replication_core::scenario::Action;
use replication_core::sim::World;
use replication_core::text::Text;
use replication_core::view::{
    BrokerState, BrokerView, PartitionDetail, PartitionView, Wait, WaitKind,
};
use replication_core::{BrokerId, NodeId};
use std::rc::Rc;
use yew::prelude::*;

/// Latency the "slow" action adds to every message to or from a broker.
pub const SLOW_LATENCY_MS: u64 = 200;

/// One thing a user can do to a broker: its `data-action` hook, its label, and the core action.
#[derive(Clone, Debug, PartialEq)]
pub struct BrokerAction {
    pub hook: &'static str,
    pub label: Key,
    /// The card's short button text, which its accessible name starts with (the label is its
    /// tooltip and description).
    pub icon: Key,
    pub action: Action,
    /// Why the action would change nothing now (the control is then disabled and says so).
    pub ignored: Option<Text>,
}

impl BrokerAction {
    /// An action with the core's word on whether it would change anything now.
    fn checked(world: &World, hook: &'static str, label: Key, icon: Key, action: Action) -> Self {
        BrokerAction {
            hook,
            label,
            icon,
            ignored: world.why_ignored(&action),
            action,
        }
    }
}

/// What can be done to a broker in its current state, each with the core's word on whether it
/// would change anything.
pub fn broker_actions(broker: &BrokerView, world: &World) -> Vec<BrokerAction> {
    if matches!(broker.state, BrokerState::Crashed | BrokerState::Stopped) {
        return down_actions(broker, world);
    }
    let mut actions = stop_actions(broker.id, world);
    actions.extend(toggle_actions(broker, world));
    // During a controlled shutdown a restart waits for it to finish, then starts the broker.
    if broker.shutting_down {
        actions.push(restart(broker.id, world));
    }
    actions
}

fn restart(id: BrokerId, world: &World) -> BrokerAction {
    BrokerAction::checked(
        world,
        "restart",
        Key::ActRestart,
        Key::ActRestartIcon,
        Action::Restart { broker: id },
    )
}

/// A crashed or stopped broker: restart it, or (killed) lose its machine's power.
fn down_actions(broker: &BrokerView, world: &World) -> Vec<BrokerAction> {
    let mut actions = vec![restart(broker.id, world)];
    // A killed broker's machine may still lose power, and with it the page cache.
    if broker.state == BrokerState::Crashed && !broker.power_lost {
        actions.push(BrokerAction::checked(
            world,
            "power-loss",
            Key::ActPowerLoss,
            Key::ActPowerLossIcon,
            Action::PowerLoss { broker: broker.id },
        ));
    }
    actions
}

/// The ways a running broker stops: killed, its power lost, or shut down in a controlled way.
fn stop_actions(id: BrokerId, world: &World) -> Vec<BrokerAction> {
    vec![
        BrokerAction::checked(
            world,
            "crash",
            Key::ActCrash,
            Key::ActCrashIcon,
            Action::Crash { broker: id },
        ),
        BrokerAction::checked(
            world,
            "power-loss",
            Key::ActPowerLoss,
            Key::ActPowerLossIcon,
            Action::PowerLoss { broker: id },
        ),
        BrokerAction::checked(
            world,
            "shutdown",
            Key::ActShutdown,
            Key::ActShutdownIcon,
            Action::Shutdown { broker: id },
        ),
    ]
}

/// The conditions a running broker is put in and taken out of: isolated or healed, slowed or
/// not, its fetcher paused or resumed.
fn toggle_actions(broker: &BrokerView, world: &World) -> [BrokerAction; 3] {
    let id = broker.id;
    let node = NodeId::Broker(id);
    let act = |hook, label, icon, action| BrokerAction::checked(world, hook, label, icon, action);
    let isolation = if broker.isolated {
        act("heal", Key::ActHeal, Key::ActHealIcon, Action::Heal)
    } else {
        let isolate = Action::Isolate { node };
        act("isolate", Key::ActIsolate, Key::ActIsolateIcon, isolate)
    };
    let slowness = if broker.slow_ms > 0 {
        let unslow = Action::Slow {
            node,
            latency_ms: 0,
        };
        act("unslow", Key::ActUnslow, Key::ActUnslowIcon, unslow)
    } else {
        let slow = Action::Slow {
            node,
            latency_ms: SLOW_LATENCY_MS,
        };
        act("slow", Key::ActSlow, Key::ActSlowIcon, slow)
    };
    let fetcher = if broker.fetcher_paused {
        let resume = Action::ResumeFetcher { broker: id };
        let icon = Key::ActResumeFetcherIcon;
        act("resume-fetcher", Key::ActResumeFetcher, icon, resume)
    } else {
        let pause = Action::PauseFetcher { broker: id };
        let icon = Key::ActPauseFetcherIcon;
        act("pause-fetcher", Key::ActPauseFetcher, icon, pause)
    };
    [isolation, slowness, fetcher]
}

/// A broker action's accessible name: the words its control shows (`shown`: the card's short
/// word or the menu's label, so a voice user can say what they see), and why it is disabled
/// when it is.
pub fn action_aria(lang: Lang, a: &BrokerAction, broker: BrokerId, shown: Key) -> String {
    let name = trf(lang, Key::BrokerActionAria, &[&tr(lang, shown), &broker]);
    match &a.ignored {
        Some(why) => trf(lang, Key::DisabledBecause, &[&name, &word(lang, why)]),
        None => name,
    }
}

/// A broker state in words.
pub fn state_words(state: BrokerState, lang: Lang) -> &'static str {
    tr(
        lang,
        match state {
            BrokerState::Running => Key::StateRunning,
            BrokerState::Fenced => Key::StateFenced,
            BrokerState::Crashed => Key::StateCrashed,
            BrokerState::Stopped => Key::StateStopped,
        },
    )
}

/// The broker's state in words and as an icon, with network conditions on top: `(class,
/// icon, words)`; the class is the state's English name, whatever the language.
pub fn state_badges(broker: &BrokerView, lang: Lang) -> Vec<(&'static str, &'static str, String)> {
    let (class, icon, text) = match broker.state {
        BrokerState::Running => ("running", "●", Key::StateRunning),
        BrokerState::Fenced => ("fenced", "⊘", Key::StateFenced),
        BrokerState::Crashed => ("crashed", "✕", Key::StateCrashed),
        BrokerState::Stopped => ("stopped", "■", Key::StateStopped),
    };
    let mut badges = vec![(class, icon, tr(lang, text).to_string())];
    if broker.power_lost {
        badges.push((
            "power-lost",
            "⚡",
            tr(lang, Key::BadgePowerLost).to_string(),
        ));
    }
    if broker.isolated {
        badges.push(("isolated", "⊗", tr(lang, Key::BadgeIsolated).to_string()));
    }
    if broker.slow_ms > 0 {
        badges.push((
            "slowed",
            "≈",
            trf(lang, Key::BadgeSlowed, &[&broker.slow_ms]),
        ));
    }
    if broker.shutting_down {
        badges.push((
            "stopping",
            "↓",
            tr(lang, Key::BadgeShuttingDown).to_string(),
        ));
    }
    if broker.fetcher_paused {
        badges.push(("paused", "‖", tr(lang, Key::BadgeFetcherPaused).to_string()));
    }
    badges
}

#[derive(Properties, PartialEq)]
pub struct BrokerCardProps {
    pub broker: BrokerView,
    /// The partitions with a replica here, in topic and partition order.
    pub partitions: Vec<PartitionView>,
    /// `broker_actions` for this broker.
    pub actions: Vec<BrokerAction>,
    pub selected_partition: Option<PartitionKey>,
    pub selected: bool,
    pub on_command: Callback<Command>,
    /// Open the broker's action menu at page coordinates (right-click or the ⋯ button).
    pub on_menu: Callback<(BrokerId, i32, i32)>,
    pub on_drag: Callback<DragState>,
    /// A replica chip being dragged anywhere on the page, and whether it may land here.
    pub drag: Option<DragState>,
    /// For the drag: Ok(what a drop here does) or Err(why not).
    pub drop_here: Option<Result<String, String>>,
    /// The selected partition in detail: its replica here is drawn as a log strip.
    pub log: Option<Rc<PartitionDetail>>,
    /// Waits about this broker that end at a known time (fencing, leaving an ISR), with the
    /// time now, for their countdowns.
    pub countdowns: Vec<(Wait, u64)>,
}

/// One broker: id, state by colour, icon and words, its replicas as chips, and its actions.
#[function_component(BrokerCard)]
pub fn broker_card(props: &BrokerCardProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let broker = &props.broker;
    let id = broker.id;
    let badges = state_badges(broker, lang);
    let summary: Vec<String> = badges.iter().map(|b| b.2.clone()).collect();
    let on_menu = props.on_menu.clone();
    let oncontextmenu = Callback::from(move |e: MouseEvent| {
        e.prevent_default();
        e.stop_propagation();
        on_menu.emit((id, e.client_x(), e.client_y()));
    });
    let state = broker.state.name();
    let hovered = props.drag.as_ref().is_some_and(|d| d.over == Some(id));
    let drop_class = props.drop_here.as_ref().map(|hint| match hint {
        Ok(_) => "drop-ok",
        Err(_) => "drop-no",
    });
    html! {
        <article class={classes!("broker", format!("broker-{state}"), broker.isolated.then_some("broker-isolated"),
                                 (broker.slow_ms > 0).then_some("broker-slowed"), props.selected.then_some("broker-selected"),
                                 drop_class, hovered.then_some("drop-over"))}
                 data-drop={drop_class.unwrap_or_default()}
                 data-broker={id.to_string()} data-state={state} data-node={format!("broker-{id}")}
                 data-isolated={broker.isolated.to_string()} data-slow-ms={broker.slow_ms.to_string()}
                 aria-label={trf(lang, Key::BrokerAria, &[&id, &summary.join(tr(lang, Key::ListSeparator))])} {oncontextmenu}>
            { card_header(lang, id, &badges, &props.on_menu) }
            <div class="replicas" role="group" aria-label={trf(lang, Key::BrokerReplicasAria, &[&id])}>{ for replica_chips(props, lang) }</div>
            if let Some(detail) = props.log.as_deref() {
                { card_log(detail, id, lang) }
            }
            { for props.countdowns.iter().map(|(w, now)| countdown(w, *now, lang)) }
            <div class="broker-actions">{ for action_buttons(props, lang) }</div>
            if let Some(hint) = props.drop_here.as_ref().filter(|_| hovered) {
                <div class={classes!("drop-hint", if hint.is_ok() { "drop-hint-ok" } else { "drop-hint-no" })} role="status">
                    { match hint { Ok(what) => trf(lang, Key::DropOk, &[what]), Err(why) => trf(lang, Key::DropNo, &[why]) } }
                </div>
            }
        </article>
    }
}

/// The card's name, its state badges, and the ⋯ button opening its action menu under it.
fn card_header(
    lang: Lang,
    id: BrokerId,
    badges: &[(&'static str, &'static str, String)],
    on_menu: &Callback<(BrokerId, i32, i32)>,
) -> Html {
    let on_menu = on_menu.clone();
    let open_menu = Callback::from(move |e: MouseEvent| {
        e.stop_propagation();
        let (x, y) = e
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .map(|el| {
                let r = el.get_bounding_client_rect();
                (r.left() as i32, r.bottom() as i32)
            })
            .unwrap_or((e.client_x(), e.client_y()));
        on_menu.emit((id, x, y));
    });
    html! {
        <header class="broker-head">
            <span class="broker-name">{ trf(lang, Key::BrokerName, &[&id]) }</span>
            <span class="broker-badges">
                { for badges.iter().map(|(class, icon, text)| html! {
                    <span class={classes!("badge", format!("badge-{class}"))}>
                        <span aria-hidden="true">{ *icon }</span>{ " " }{ text.clone() }
                    </span>
                }) }
            </span>
            <button type="button" class="broker-menu-button" aria-haspopup="menu"
                    aria-label={trf(lang, Key::BrokerMoreActions, &[&id])} onclick={open_menu}>{ "⋯" }</button>
        </header>
    }
}

/// The broker's replicas as chips, the selected partition's marked, a dragged one faded.
fn replica_chips(props: &BrokerCardProps, lang: Lang) -> impl Iterator<Item = Html> + '_ {
    let broker = &props.broker;
    let id = broker.id;
    props.partitions.iter().map(move |p| {
        let selected = props
            .selected_partition
            .as_ref()
            .is_some_and(|(t, n)| *t == p.topic && *n == p.partition);
        html! {
replica_chip(&ReplicaChipProps {
                partition: p.clone(),
                broker: id,
                broker_state: broker.state,
                selected,
                on_command: props.on_command.clone(),
                on_drag: props.on_drag.clone(),
                lang,
                dragging: props.drag.as_ref().is_some_and(|d| d.is_drag() && d.from == id && d.partition.0 == p.topic && d.partition.1 == p.partition),
            })
        }
    })
}

/// The card's action buttons: short words, each disabled with the core's reason when it
/// would change nothing.
fn action_buttons(props: &BrokerCardProps, lang: Lang) -> impl Iterator<Item = Html> + '_ {
    let id = props.broker.id;
    props.actions.iter().map(move |a| {
        let action = a.action.clone();
        let onclick = props.on_command.reform(move |e: MouseEvent| {
            e.stop_propagation();
            Command::Act(action.clone())
        });
        let title = match &a.ignored {
            Some(why) => word(lang, why),
            None => tr(lang, a.label).to_string(),
        };
        html! {
            <button type="button" class={classes!("action", format!("action-{}", a.hook))}
                    data-action={a.hook} aria-label={action_aria(lang, a, id, a.icon)} disabled={a.ignored.is_some()}
                    {title} {onclick}>
                { tr(lang, a.icon) }
            </button>
        }
    })
}

/// A card's countdown: "⏳ fenced in 6.2 s", "⏳ leaves the ISR of orders-0 in 3.1 s"; the
/// whole story (the rule, Skip) is in Now beside the cluster.
fn countdown(w: &Wait, now: u64, lang: Lang) -> Html {
    let Some(left) = w.remaining_ms(now) else {
        return Html::default();
    };
    let left = crate::format::format_countdown(left);
    let text = match &w.kind {
        WaitKind::Fencing { .. } => trf(lang, Key::CardFencedIn, &[&left]),
        WaitKind::LeavingIsr { tp, .. } => trf(lang, Key::CardLeavesIsrIn, &[tp, &left]),
        _ => return Html::default(),
    };
    html! {
        <p class="card-countdown" data-countdown={super::now::kind_name(&w.kind)} role="timer">
            <span aria-hidden="true">{ "◔ " }</span>{ text }
        </p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use replication_core::view::{default_world, ClusterView};

    /// `(hook, disabled)` of each action offered for `broker`.
    fn offered(world: &World, broker: u32) -> Vec<(&'static str, bool)> {
        let cluster = ClusterView::of(world);
        let view = cluster.broker(BrokerId(broker)).expect("broker");
        broker_actions(view, world)
            .into_iter()
            .map(|a| (a.hook, a.ignored.is_some()))
            .collect()
    }

    #[test]
    fn each_broker_state_offers_what_changes_something_and_disables_the_rest() {
        let mut world = default_world();
        world.apply(&Action::Shutdown {
            broker: BrokerId(1),
        });
        world.apply(&Action::Crash {
            broker: BrokerId(2),
        });
        world.apply(&Action::PowerLoss {
            broker: BrokerId(3),
        });
        // Still shutting down (the clock has not moved): a second shutdown changes nothing, a
        // restart waits for the shutdown and then starts the broker.
        assert_eq!(
            offered(&world, 1),
            [
                ("crash", false),
                ("power-loss", false),
                ("shutdown", true),
                ("isolate", false),
                ("slow", false),
                ("pause-fetcher", false),
                ("restart", false),
            ]
        );
        // Killed: its machine can still lose power (and the page cache with it).
        assert_eq!(
            offered(&world, 2),
            [("restart", false), ("power-loss", false)]
        );
        assert_eq!(offered(&world, 3), [("restart", false)]);
        // Once the restart is queued, asking again changes nothing.
        world.apply(&Action::Restart {
            broker: BrokerId(1),
        });
        assert!(offered(&world, 1).contains(&("restart", true)));
    }
}
