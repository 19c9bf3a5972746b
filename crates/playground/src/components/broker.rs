use super::replica_chip::ReplicaChip;
use replication_core::view::{BrokerView, ClusterView};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct BrokerCardProps {
    pub broker: BrokerView,
    pub cluster: Rc<ClusterView>,
}

/// One broker: its id, its state in words, and a chip per replica it hosts.
#[function_component(BrokerCard)]
pub fn broker_card(props: &BrokerCardProps) -> Html {
    let broker = &props.broker;
    let state = broker.state.name();
    let chips = props.cluster.replicas_on(broker.id).map(|p| {
        html! { <ReplicaChip key={format!("{}-{}", p.topic, p.partition)} partition={p.clone()} broker={broker.id} /> }
    });
    html! {
        <article class={classes!("broker", format!("broker-{state}"))}
                 data-broker={broker.id.to_string()} data-state={state}
                 aria-label={format!("Broker {} ({state})", broker.id)}>
            <header class="broker-head">
                <span class="broker-name">{ format!("broker {}", broker.id) }</span>
                <span class="broker-state">{ state }</span>
            </header>
            <div class="replicas">{ for chips }</div>
        </article>
    }
}
