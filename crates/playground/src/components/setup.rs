use crate::state::{Command, SessionHandle};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SetupPanelProps {
    pub session: SessionHandle,
    pub on_command: Callback<Command>,
}

/// Profile, brokers and racks, topics, key configs (to be completed).
#[function_component(SetupPanel)]
pub fn setup_panel(props: &SetupPanelProps) -> Html {
    let session = props.session.borrow();
    html! {
        <div class="panel setup">
            <p>{ format!("profile {}", session.scenario.profile.name()) }</p>
        </div>
    }
}
