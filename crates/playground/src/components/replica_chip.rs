//! A replica chip on a broker card: one replica of one partition, its role, ISR/ELR badges and
//! a KIP-455 move in progress; it selects its partition and is dragged (or carried with the
//! keyboard) to move the replica.

use crate::i18n::{tr, trf, Key, Lang};
use crate::state::drop::DragState;
use crate::state::{Command, PartitionKey};
use replication_core::view::{BrokerState, ChipRole, PartitionView};
use replication_core::BrokerId;
use yew::prelude::*;

#[derive(PartialEq)]
pub struct ReplicaChipProps {
    pub partition: PartitionView,
    pub broker: BrokerId,
    pub broker_state: BrokerState,
    pub selected: bool,
    pub on_command: Callback<Command>,
    /// Start dragging this chip (pointer), or carrying it with the arrow keys (keyboard).
    pub on_drag: Callback<DragState>,
    /// Being dragged right now: drawn faded where it was.
    pub dragging: bool,
    pub lang: Lang,
}

/// The short mark a chip shows for its role (the role is also in words, in its label).
fn role_mark(role: ChipRole) -> &'static str {
    match role {
        ChipRole::Leader => "L",
        ChipRole::InSyncFollower => "F",
        ChipRole::OutOfSyncFollower => "F!",
        ChipRole::Offline => "×",
    }
}

/// A chip role in words.
pub fn role_words(role: ChipRole, lang: Lang) -> &'static str {
    tr(
        lang,
        match role {
            ChipRole::Leader => Key::RoleLeader,
            ChipRole::InSyncFollower => Key::RoleInSyncFollower,
            ChipRole::OutOfSyncFollower => Key::RoleOutOfSyncFollower,
            ChipRole::Offline => Key::RoleOffline,
        },
    )
}

/// What a chip shows of its replica: role, ISR and ELR membership, and a KIP-455 move.
struct ChipFacts {
    role: ChipRole,
    in_isr: bool,
    in_elr: bool,
    /// An adding replica: how much of the leader's log it has, in percent.
    adding: Option<u64>,
    removing: bool,
}

impl ChipFacts {
    fn of(props: &ReplicaChipProps) -> ChipFacts {
        let p = &props.partition;
        // A KIP-455 move in progress: an adding replica shows how much of the leader's log it has.
        let adding = p
            .adding_progress
            .iter()
            .find(|(b, _, _)| *b == props.broker)
            .map(|&(_, leo, leader)| (leo * 100).checked_div(leader).map_or(100, |p| p.min(100)));
        ChipFacts {
            role: p.chip_role(props.broker, props.broker_state),
            in_isr: p.isr.contains(&props.broker),
            in_elr: p.elr.contains(&props.broker),
            adding,
            removing: p.removing_replicas.contains(&props.broker),
        }
    }

    /// The chip in words (its title), ending with how to move it.
    fn label(&self, name: &str, broker: BrokerId, lang: Lang) -> String {
        let mut label = trf(
            lang,
            Key::ChipOnBroker,
            &[&name, &broker, &role_words(self.role, lang)],
        );
        label.push_str(tr(
            lang,
            if self.in_isr {
                Key::ChipInIsr
            } else {
                Key::ChipNotInIsr
            },
        ));
        if self.in_elr {
            label.push_str(tr(lang, Key::ChipInElr));
        }
        match (self.adding, self.removing) {
            (Some(percent), _) => label.push_str(&trf(lang, Key::ChipBeingAdded, &[&percent])),
            (None, true) => label.push_str(tr(lang, Key::ChipBeingRemoved)),
            _ => {}
        }
        label.push_str(tr(lang, Key::ChipDragHint));
        label
    }

    /// What the chip shows as text, "p0 L ISR": the start of its accessible name, so a voice
    /// user can say what they see (WCAG 2.5.3).
    fn shown(&self, partition: u32) -> String {
        let mut shown = format!("p{} {}", partition, role_mark(self.role));
        for (on, badge) in [(self.in_isr, " ISR"), (self.in_elr, " ELR")] {
            if on {
                shown.push_str(badge);
            }
        }
        if let Some(percent) = self.adding {
            shown.push_str(&format!(" +{percent}%"));
        }
        shown
    }
}

/// The chip's handlers: a click selects the partition; a press starts dragging the replica;
/// Enter selects the partition and picks the replica up to carry with the arrow keys.
struct ChipHandlers {
    onclick: Callback<MouseEvent>,
    onpointerdown: Callback<PointerEvent>,
    onkeydown: Callback<KeyboardEvent>,
}

impl ChipHandlers {
    fn of(props: &ReplicaChipProps) -> ChipHandlers {
        let p = &props.partition;
        let key: PartitionKey = (p.topic.clone(), p.partition);
        let onclick = {
            let key = key.clone();
            props.on_command.reform(move |e: MouseEvent| {
                e.stop_propagation();
                Command::SelectPartition(key.clone())
            })
        };
        let broker = props.broker;
        let drag = move |x: i32, y: i32, keyboard: bool, touch: bool| DragState {
            partition: key.clone(),
            from: broker,
            x,
            y,
            start: (x, y),
            over: None,
            copy: false,
            keyboard,
            touch,
        };
        let onpointerdown = {
            let drag = drag.clone();
            props.on_drag.reform(move |e: PointerEvent| {
                drag(
                    e.client_x(),
                    e.client_y(),
                    false,
                    e.pointer_type() == "touch",
                )
            })
        };
        let onkeydown = {
            let on_drag = props.on_drag.clone();
            let on_command = props.on_command.clone();
            let carried = props.dragging;
            Callback::from(move |e: KeyboardEvent| {
                // While carried, Enter is the drop: the app's key handler takes it.
                if e.key() == "Enter" && !carried {
                    // Select the partition and pick the replica up: arrows choose a broker, Enter
                    // drops it there, Escape cancels. The app's own key handler must not see this.
                    e.prevent_default();
                    e.stop_propagation();
                    let state = drag(0, 0, true, false);
                    on_command.emit(Command::SelectPartition(state.partition.clone()));
                    on_drag.emit(state);
                }
            })
        };
        ChipHandlers {
            onclick,
            onpointerdown,
            onkeydown,
        }
    }
}

/// One replica of one partition on one broker: role by colour, mark and words; ISR and ELR
/// membership by badges. Clicking it selects the partition.
pub fn replica_chip(props: &ReplicaChipProps) -> Html {
    let p = &props.partition;
    let lang = props.lang;
    let facts = ChipFacts::of(props);
    let name = p.name();
    let label = facts.label(&name, props.broker, lang);
    let accessible = format!("{} — {label}", facts.shown(p.partition));
    let ChipFacts {
        role,
        in_isr,
        in_elr,
        adding,
        removing,
    } = facts;
    let ChipHandlers {
        onclick,
        onpointerdown,
        onkeydown,
    } = ChipHandlers::of(props);
    html! {
        <button type="button" {onpointerdown} {onkeydown}
              class={classes!("chip", format!("chip-{}", role.name()), props.selected.then_some("chip-selected"),
                              props.dragging.then_some("chip-dragging"), adding.map(|_| "chip-adding"),
                              removing.then_some("chip-removing"))}
              data-replica={format!("{name}@{}", props.broker)} data-role={role.name()}
              data-in-sync={in_isr.to_string()} data-in-elr={in_elr.to_string()}
              title={label} aria-label={accessible} aria-pressed={props.selected.to_string()} {onclick}>
            // The spaces lay nothing out in the flex chip; they keep its text "p0 L ISR", which
            // its accessible name starts with, rather than "p0LISR".
            <span class="chip-name">{ format!("p{}", p.partition) }</span>{ " " }
            <span class="chip-role" aria-hidden="true">{ role_mark(role) }</span>
            if in_isr { { " " }<span class="chip-badge chip-isr" aria-hidden="true">{ "ISR" }</span> }
            if in_elr { { " " }<span class="chip-badge chip-elr" aria-hidden="true">{ "ELR" }</span> }
            if let Some(percent) = adding {
                { " " }<span class="chip-badge chip-progress" title={tr(lang, Key::ChipCopying)}>
                    { format!("+{percent}%") }
                    <span class="chip-progress-bar" style={format!("width: {percent}%")} />
                </span>
            }
            if removing { <span class="chip-badge chip-leaving" title={tr(lang, Key::ChipLeaving)}>{ "−" }</span> }
        </button>
    }
}
