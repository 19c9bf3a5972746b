use crate::state::{Command, PartitionKey, SessionHandle};
use replication_core::view::PartitionDetail;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PartitionPanelProps {
    pub session: SessionHandle,
    pub selected: Option<PartitionKey>,
    pub on_command: Callback<Command>,
}

/// The chosen partition in detail (to be completed: log strips, HW/LEO markers, truncation).
#[function_component(PartitionPanel)]
pub fn partition_panel(props: &PartitionPanelProps) -> Html {
    let session = props.session.borrow();
    let Some((topic, partition)) = props.selected.clone() else {
        return html! { <p class="hint">{ "Click a replica chip to see its partition." }</p> };
    };
    let Some(detail) = PartitionDetail::of(&session.world, &topic, partition, 24) else {
        return html! { <p class="hint">{ "That partition no longer exists." }</p> };
    };
    html! {
        <div class="panel partition" data-partition={format!("{topic}-{partition}")}>
            <h3>{ format!("{topic}-{partition}") }</h3>
            <p>{ format!("leader {:?}, epoch {}, ISR {:?}", detail.leader.map(|b| b.0), detail.leader_epoch,
                         detail.isr.iter().map(|b| b.0).collect::<Vec<_>>()) }</p>
        </div>
    }
}
