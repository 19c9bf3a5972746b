use crate::state::{Command, SessionHandle};
use replication_core::view::ClientsView;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ClientsPanelProps {
    pub session: SessionHandle,
    pub on_command: Callback<Command>,
}

/// Producer settings and results, consumer positions (to be completed).
#[function_component(ClientsPanel)]
pub fn clients_panel(props: &ClientsPanelProps) -> Html {
    let session = props.session.borrow();
    let clients = ClientsView::of(&session.world);
    html! {
        <div class="panel clients">
            <p>{ format!("acked {}, pending {}", clients.producer.acked, clients.producer.pending) }</p>
        </div>
    }
}
