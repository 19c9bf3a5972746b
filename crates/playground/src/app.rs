use crate::components::cluster::ClusterMap;
use replication_core::view::{default_world, ClusterView};
use std::rc::Rc;
use yew::prelude::*;

/// The whole playground. For now it shows the default scenario's cluster as Kafka creates it,
/// read from the simulation's world.
#[function_component(App)]
pub fn app() -> Html {
    let cluster = use_memo((), |_| ClusterView::of(&default_world()));
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
