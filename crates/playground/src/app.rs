use crate::components::cluster::ClusterMap;
use replication_core::view::{default_cluster, ClusterView};
use std::rc::Rc;
use yew::prelude::*;

/// The whole playground. For now it shows the default cluster as Kafka creates it.
#[function_component(App)]
pub fn app() -> Html {
    let cluster = use_memo((), |_| default_cluster());
    html! {
        <main class="playground">
            <header class="topbar">
                <h1>{ "Kafka replication playground" }</h1>
                <p class="subtitle">
                    { "Brokers stand in racks; each chip is one replica of a partition. " }
                    { "The leader serves writes, followers pull from it." }
                </p>
            </header>
            <ClusterMap cluster={Rc::clone(&cluster) as Rc<ClusterView>} />
        </main>
    }
}
