use super::broker::BrokerCard;
use replication_core::view::ClusterView;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ClusterMapProps {
    pub cluster: Rc<ClusterView>,
}

/// Racks as labelled areas, each holding its brokers.
#[function_component(ClusterMap)]
pub fn cluster_map(props: &ClusterMapProps) -> Html {
    let cluster = &props.cluster;
    let racks = cluster.racks().into_iter().map(|rack| {
        let label = rack.clone().unwrap_or_else(|| "no rack".to_string());
        let brokers = cluster
            .brokers
            .iter()
            .filter(|b| b.rack == rack)
            .map(|b| html! { <BrokerCard key={b.id.0} broker={b.clone()} cluster={Rc::clone(cluster)} /> });
        html! {
            <section class="rack" data-rack={label.clone()} aria-label={format!("Rack {label}")}>
                <h2 class="rack-label">{ format!("rack {label}") }</h2>
                <div class="rack-brokers">{ for brokers }</div>
            </section>
        }
    });
    html! { <div class="cluster">{ for racks }</div> }
}
