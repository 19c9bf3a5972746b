use crate::state::SessionHandle;
use replication_core::view::describe;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DescribeViewProps {
    pub session: SessionHandle,
}

/// `kafka-topics.sh --describe` output for the current state (to be completed: copy button).
#[function_component(DescribeView)]
pub fn describe_view(props: &DescribeViewProps) -> Html {
    let session = props.session.borrow();
    html! { <pre class="describe" data-describe="true">{ describe(&session.world) }</pre> }
}
