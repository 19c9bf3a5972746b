//! The cluster map: the controller and the clients outside the racks, then each rack with its
//! brokers' cards (chips, the selected partition's log, countdowns, and drop hints while a
//! replica is dragged).

use super::broker::BrokerCard;
use super::card_log::CARD_HISTORY;
use crate::i18n::{tr, trf, Key, Lang};
use crate::state::drop::{check_drop, describe_drop, DragState};
use crate::state::{Command, PartitionKey, SessionHandle};
use replication_core::sim::World;
use replication_core::view::{waits, BrokerView, ClientsView, ClusterView, PartitionDetail, Wait};
use replication_core::{BrokerId, TopicPartition};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ClusterMapProps {
    pub session: SessionHandle,
    pub selected_partition: Option<PartitionKey>,
    pub selected_broker: Option<BrokerId>,
    pub on_command: Callback<Command>,
    pub on_menu: Callback<(BrokerId, i32, i32)>,
    pub on_drag: Callback<DragState>,
    pub drag: Option<DragState>,
}

/// The controller and the clients above, outside the racks; racks as labelled areas, each
/// holding its brokers.
#[function_component(ClusterMap)]
pub fn cluster_map(props: &ClusterMapProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let session = props.session.borrow();
    let cluster = ClusterView::of(&session.world);
    // The selected partition's logs, drawn on the cards of the brokers that hold it, and the
    // waits a card counts down (its fencing, its replica leaving the ISR).
    let focus = props.selected_partition.as_ref();
    let detail = focus.and_then(|(topic, p)| {
        PartitionDetail::of(&session.world, topic, *p, CARD_HISTORY).map(Rc::new)
    });
    let focus_tp = focus.map(|(topic, p)| TopicPartition::new(topic, *p));
    let map = RackMap {
        lang,
        props,
        world: &session.world,
        cluster: &cluster,
        detail,
        waits: waits(&session.world, focus_tp.as_ref()),
    };
    html! {
        <div class="cluster">
            { outside_nodes(lang, &session.world, &cluster) }
            <div class="racks">{ for cluster.racks().into_iter().map(|rack| map.rack(rack)) }</div>
        </div>
    }
}

/// The controller (the profile it runs, isolated or not) and the clients (producer results,
/// consumers), outside the racks.
fn outside_nodes(lang: Lang, world: &World, cluster: &ClusterView) -> Html {
    let clients = ClientsView::of(world);
    let stats = &clients.producer;
    let failed: u64 = stats.failed.values().sum();
    html! {
        <div class="outside-nodes">
            <div class={classes!("node", "node-controller", cluster.controller_isolated.then_some("node-isolated"))}
                 data-node="controller" aria-label={tr(lang, if cluster.controller_isolated { Key::ControllerIsolatedAria } else { Key::ControllerAria })}>
                <span class="node-icon" aria-hidden="true">{ "♛" }</span>
                <span class="node-name">{ tr(lang, Key::ControllerName) }</span>
                <span class="node-detail">{ world.profile().name() }
                    { if cluster.controller_isolated { tr(lang, Key::IsolatedSuffix) } else { "" } }</span>
            </div>
            <div class={classes!("node", "node-clients", cluster.clients_isolated.then_some("node-isolated"))}
                 data-node="clients" aria-label={tr(lang, Key::ClientsAria)}>
                <span class="node-icon" aria-hidden="true">{ "⇄" }</span>
                <span class="node-name">{ tr(lang, Key::ClientsName) }</span>
                <span class="node-detail">
                    { trf(lang, Key::ClientsStats, &[&stats.acked, &stats.pending, &failed]) }
                </span>
                // Every consumer counts, several on one topic included.
                <span class="node-detail" data-consumers={clients.consumers.len().to_string()}>
                    { trf(lang, Key::ClientsConsumers, &[&clients.consumers.len()]) }
                </span>
            </div>
        </div>
    }
}

/// What the racks and their broker cards are drawn from.
struct RackMap<'a> {
    lang: Lang,
    props: &'a ClusterMapProps,
    world: &'a World,
    cluster: &'a ClusterView,
    /// The selected partition in detail, for the logs on the cards.
    detail: Option<Rc<PartitionDetail>>,
    /// The waits of the cluster and the selected partition, for the cards' countdowns.
    waits: Vec<Wait>,
}

impl RackMap<'_> {
    /// A rack (`None`: the brokers without one) and its brokers' cards.
    fn rack(&self, rack: Option<String>) -> Html {
        let lang = self.lang;
        // The hook keeps "none" for brokers without a rack; the words follow the language.
        let label = rack.clone().unwrap_or_else(|| "none".to_string());
        let label_text = rack
            .clone()
            .unwrap_or_else(|| tr(lang, Key::RackNone).to_string());
        let brokers = self
            .cluster
            .brokers
            .iter()
            .filter(|b| b.rack == rack)
            .map(|b| self.card(b));
        html! {
            <section class="rack" data-rack={label.clone()} aria-label={trf(lang, Key::RackAria, &[&label_text])}>
                <h2 class="rack-label">{ if rack.is_some() { trf(lang, Key::RackName, &[&label]) } else { tr(lang, Key::NoRack).to_string() } }</h2>
                <div class="rack-brokers">{ for brokers }</div>
            </section>
        }
    }

    fn card(&self, b: &BrokerView) -> Html {
        let props = self.props;
        let partitions: Vec<_> = self.cluster.replicas_on(b.id).cloned().collect();
        let actions = super::broker::broker_actions(b, self.world);
        let now_ms = self.world.now_ms();
        let countdowns: Vec<(Wait, u64)> = self
            .waits
            .iter()
            .filter(|w| w.broker() == Some(b.id) && w.ends_at_ms.is_some())
            .map(|w| (w.clone(), now_ms))
            .collect();
        html! {
            <BrokerCard key={b.id.0} broker={b.clone()} {partitions} {actions} log={self.detail.clone()} {countdowns}
                        selected_partition={props.selected_partition.clone()}
                        selected={props.selected_broker == Some(b.id)}
                        on_command={props.on_command.clone()} on_menu={props.on_menu.clone()}
                        on_drag={props.on_drag.clone()} drag={props.drag.clone()} drop_here={self.drop_here(b)} />
        }
    }

    /// While a chip is dragged, every broker says whether it may take the replica.
    fn drop_here(&self, b: &BrokerView) -> Option<Result<String, String>> {
        let lang = self.lang;
        self.props
            .drag
            .as_ref()
            .filter(|d| d.is_drag())
            .and_then(|d| {
                let p = self
                    .cluster
                    .partitions
                    .iter()
                    .find(|p| p.topic == d.partition.0 && p.partition == d.partition.1)?;
                Some(match check_drop(p, d.from, b.id, d.copy) {
                    Ok(target) => Ok(describe_drop(lang, p, d.from, b.id, &target)),
                    Err(why) => Err(why.describe(lang, p, d.from, b.id)),
                })
            })
    }
}
