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

fn role_words(role: ChipRole) -> &'static str {
    match role {
        ChipRole::Leader => "leader",
        ChipRole::InSyncFollower => "in-sync follower",
        ChipRole::OutOfSyncFollower => "out-of-sync follower",
        ChipRole::Offline => "offline",
    }
}

/// One replica of one partition on one broker: role by colour, mark and words; ISR and ELR
/// membership by badges. Clicking it selects the partition.
pub fn replica_chip(props: &ReplicaChipProps) -> Html {
    let p = &props.partition;
    let role = p.chip_role(props.broker, props.broker_state);
    let in_isr = p.isr.contains(&props.broker);
    let in_elr = p.elr.contains(&props.broker);
    let name = p.name();
    let label = format!(
        "{name} on broker {}: {}{}{}",
        props.broker,
        role_words(role),
        if in_isr {
            ", in the ISR"
        } else {
            ", not in the ISR"
        },
        if in_elr { ", in the ELR" } else { "" }
    );
    let key: PartitionKey = (p.topic.clone(), p.partition);
    let onclick = props.on_command.reform(move |e: MouseEvent| {
        e.stop_propagation();
        Command::SelectPartition(key.clone())
    });
    html! {
        <button type="button"
              class={classes!("chip", format!("chip-{}", role.name()), props.selected.then_some("chip-selected"))}
              data-replica={format!("{name}@{}", props.broker)} data-role={role.name()}
              data-in-sync={in_isr.to_string()} data-in-elr={in_elr.to_string()}
              title={label.clone()} aria-label={label} aria-pressed={props.selected.to_string()} {onclick}>
            <span class="chip-name">{ p.partition }</span>
            <span class="chip-role" aria-hidden="true">{ role_mark(role) }</span>
            if in_isr { <span class="chip-badge chip-isr" aria-hidden="true">{ "ISR" }</span> }
            if in_elr { <span class="chip-badge chip-elr" aria-hidden="true">{ "ELR" }</span> }
        </button>
    }
}
