//! The faults panel: fail and restore racks, partition the network between two sides, cut one
//! link one way, isolate the controller, and heal. Every button is one core action.

use crate::components::form::select_value;
use crate::i18n::{tr, trf, word, Key, Lang};
use crate::state::{Command, SessionHandle};
use replication_core::scenario::Action;
use replication_core::sim::World;
use replication_core::vec_map::VecMap;
use replication_core::view::{all_nodes, ClusterView};
use replication_core::{BrokerId, NodeId};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FaultsPanelProps {
    pub session: SessionHandle,
    pub on_command: Callback<Command>,
}

/// A node's name in selects and its value: `1`, `controller`, `clients` (the scenario format's
/// node names).
fn node_value(node: NodeId) -> String {
    match node {
        NodeId::Broker(b) => b.to_string(),
        NodeId::Controller => "controller".to_string(),
        NodeId::Clients => "clients".to_string(),
    }
}

fn parse_node(value: &str) -> Option<NodeId> {
    match value {
        "controller" => Some(NodeId::Controller),
        "clients" => Some(NodeId::Clients),
        n => n.parse().ok().map(|b| NodeId::Broker(BrokerId(b))),
    }
}

/// A button's click doing one core action.
fn act(on_command: &Callback<Command>, action: Action) -> Callback<MouseEvent> {
    on_command.reform(move |_: MouseEvent| Command::Act(action.clone()))
}

/// Rack failures, network partitions, one-way cuts, healing, and isolating the controller.
#[function_component(FaultsPanel)]
pub fn faults_panel(props: &FaultsPanelProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let session = props.session.borrow();
    let cluster = ClusterView::of(&session.world);
    let nodes = all_nodes(&session.world);
    // Group per node for the partition tool: 0 = not listed, 1 = group A, 2 = group B.
    let groups = use_state(VecMap::<String, u8>::new);
    let cut_from = use_state(|| "1".to_string());
    let cut_to = use_state(|| "controller".to_string());
    let on_command = &props.on_command;
    let cut_links: Vec<String> = session
        .world
        .network()
        .cut_links(&nodes)
        .into_iter()
        .map(|(a, b)| format!("{a} → {b}"))
        .collect();
    html! {
        <div class="panel faults">
            { racks_section(lang, &session.world, &cluster, on_command) }
            { network_partition_section(lang, &nodes, &groups, on_command) }
            { cut_section(lang, &nodes, (&cut_from, &cut_to), on_command) }
            <section>
                <h3>{ tr(lang, Key::Controller) }</h3>
                <div class="row">
                    <button type="button" data-action="isolate-controller" disabled={cluster.controller_isolated}
                            onclick={act(on_command, Action::Isolate { node: NodeId::Controller })}>{ tr(lang, Key::IsolateController) }</button>
                </div>
            </section>
            <section>
                <h3>{ tr(lang, Key::Heal) }</h3>
                if cut_links.is_empty() {
                    <p class="hint">{ tr(lang, Key::EveryLinkUp) }</p>
                } else {
                    <p class="hint">{ trf(lang, Key::CutLinks, &[&cut_links.join(", ")]) }</p>
                }
                <button type="button" data-action="heal" onclick={act(on_command, Action::Heal)}>{ tr(lang, Key::HealAll) }</button>
            </section>
        </div>
    }
}

/// Each rack with its brokers, and buttons to fail and restore it.
fn racks_section(
    lang: Lang,
    world: &World,
    cluster: &ClusterView,
    on_command: &Callback<Command>,
) -> Html {
    let racks = cluster.racks().into_iter().flatten().map(|rack| {
        let members: Vec<_> = cluster.brokers.iter().filter(|b| b.rack.as_deref() == Some(&rack)).collect();
        // Each button is disabled when the core says it would change nothing, and says why.
        let rack_button = |hook: &'static str, label: Key, action: Action| {
            let why = world.why_ignored(&action).map(|t| word(lang, &t));
            html! {
                <button type="button" data-action={hook} disabled={why.is_some()} title={why.clone()}
                        aria-label={why.as_ref().map(|w| trf(lang, Key::DisabledBecause, &[&tr(lang, label), w]))}
                        onclick={act(on_command, action)}>{ tr(lang, label) }</button>
            }
        };
        html! {
            <li>
                <span>{ trf(lang, Key::RackBrokers, &[&rack, &members.iter().map(|b| b.id.to_string()).collect::<Vec<_>>().join(", ")]) }</span>
                { rack_button("fail-rack", Key::FailRack, Action::FailRack { rack: rack.clone() }) }
                { rack_button("restore-rack", Key::RestoreRack, Action::RestoreRack { rack: rack.clone() }) }
            </li>
        }
    });
    html! {
        <section>
            <h3>{ tr(lang, Key::Racks) }</h3>
            <p class="hint">{ tr(lang, Key::RacksHint) }</p>
            <ul class="rack-list">{ for racks }</ul>
        </section>
    }
}

/// Puts each node on side A, side B or neither, and partitions the network between the sides.
fn network_partition_section(
    lang: Lang,
    nodes: &[NodeId],
    groups: &UseStateHandle<VecMap<String, u8>>,
    on_command: &Callback<Command>,
) -> Html {
    let group_rows = nodes.iter().map(|&node| {
        let key = node_value(node);
        let current = groups.get(&key).copied().unwrap_or(0);
        let onchange = {
            let groups = groups.clone();
            let key = key.clone();
            Callback::from(move |e: Event| {
                let mut next = (*groups).clone();
                next.insert(key.clone(), select_value(&e).parse().unwrap_or(0));
                groups.set(next);
            })
        };
        html! {
            <label class="group-row">
                <span>{ node.to_string() }</span>
                <select {onchange} aria-label={trf(lang, Key::GroupOf, &[&node])}>
                    <option value="0" selected={current == 0}>{ tr(lang, Key::KeepsAllLinks) }</option>
                    <option value="1" selected={current == 1}>{ tr(lang, Key::SideA) }</option>
                    <option value="2" selected={current == 2}>{ tr(lang, Key::SideB) }</option>
                </select>
            </label>
        }
    });
    let partition_action = partition_between(groups);
    html! {
        <section>
            <h3>{ tr(lang, Key::NetworkPartition) }</h3>
            <p class="hint">{ tr(lang, Key::NetworkPartitionHint) }</p>
            <div class="groups">{ for group_rows }</div>
            <button type="button" data-action="partition" disabled={partition_action.is_none()}
                    onclick={partition_action.map(|a| act(on_command, a)).unwrap_or_default()}>{ tr(lang, Key::PartitionNetwork) }</button>
        </section>
    }
}

/// The partition between side A and side B, once both have a node.
fn partition_between(groups: &VecMap<String, u8>) -> Option<Action> {
    let mut a = Vec::new();
    let mut b = Vec::new();
    for (key, group) in groups.iter() {
        if let Some(node) = parse_node(key) {
            match group {
                1 => a.push(node),
                2 => b.push(node),
                _ => {}
            }
        }
    }
    (!a.is_empty() && !b.is_empty()).then(|| Action::Partition { groups: vec![a, b] })
}

/// Cuts the one-way link between two nodes; `(from, to)`: the chosen nodes' values.
fn cut_section(
    lang: Lang,
    nodes: &[NodeId],
    (cut_from, cut_to): (&UseStateHandle<String>, &UseStateHandle<String>),
    on_command: &Callback<Command>,
) -> Html {
    let node_options = |selected: &str| {
        nodes
            .iter()
            .map(|&n| {
                let v = node_value(n);
                html! { <option value={v.clone()} selected={v == selected}>{ n.to_string() }</option> }
            })
            .collect::<Html>()
    };
    let cut = match (parse_node(cut_from), parse_node(cut_to)) {
        (Some(from), Some(to)) if from != to => Some(Action::Cut { from, to }),
        _ => None,
    };
    html! {
        <section>
            <h3>{ tr(lang, Key::CutOneLink) }</h3>
            <p class="hint">{ tr(lang, Key::CutHint) }</p>
            <div class="row">
                <label>{ tr(lang, Key::From) }<select onchange={{ let s = cut_from.clone(); Callback::from(move |e: Event| s.set(select_value(&e))) }}>
                    { node_options(cut_from) }</select></label>
                <label>{ tr(lang, Key::To) }<select onchange={{ let s = cut_to.clone(); Callback::from(move |e: Event| s.set(select_value(&e))) }}>
                    { node_options(cut_to) }</select></label>
                <button type="button" data-action="cut" disabled={cut.is_none()}
                        onclick={cut.map(|a| act(on_command, a)).unwrap_or_default()}>{ tr(lang, Key::Cut) }</button>
            </div>
        </section>
    }
}
