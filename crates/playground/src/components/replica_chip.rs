use replication_core::view::PartitionView;
use replication_core::BrokerId;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ReplicaChipProps {
    pub partition: PartitionView,
    pub broker: BrokerId,
}

/// A replica's role as the chip shows it (the `data-role` hook).
pub fn replica_role(partition: &PartitionView, broker: BrokerId) -> &'static str {
    match partition.leader {
        Some(leader) if leader == broker => "leader",
        Some(_) => "follower",
        None => "offline",
    }
}

/// One replica of one partition on one broker: role by shape and text, ISR membership by mark.
#[function_component(ReplicaChip)]
pub fn replica_chip(props: &ReplicaChipProps) -> Html {
    let p = &props.partition;
    let role = replica_role(p, props.broker);
    let in_sync = p.isr.contains(&props.broker);
    let id = format!("{}-{}@{}", p.topic, p.partition, props.broker);
    let label = format!(
        "{}-{} on broker {}: {role}, {}",
        p.topic,
        p.partition,
        props.broker,
        if in_sync { "in sync" } else { "out of sync" }
    );
    html! {
        <span class={classes!("chip", format!("chip-{role}"), (!in_sync).then_some("chip-out-of-sync"))}
              data-replica={id} data-role={role} data-in-sync={in_sync.to_string()}
              title={label.clone()} aria-label={label}>
            <span class="chip-name">{ format!("{}-{}", p.topic, p.partition) }</span>
            <span class="chip-role">{ if role == "leader" { "L" } else if in_sync { "F" } else { "·" } }</span>
        </span>
    }
}
