//! Messages on the wire, drawn over the cluster: each moves from its source to its target over
//! its simulated latency, at the current speed. Node positions are measured from the DOM.

use crate::format::fixed;
use crate::i18n::{colon, tr, word, Key, Lang};
use crate::state::SessionHandle;
use replication_core::sim::protocol::MessageKind;
use replication_core::vec_map::VecMap;
use replication_core::view::{MessageView, MESSAGE_KINDS};
use replication_core::{NodeId, TopicPartition};
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Centre of every node (`[data-node]`) relative to the stage, in CSS pixels.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NodePositions {
    pub centres: VecMap<String, (i32, i32)>,
    pub width: i32,
    pub height: i32,
}

impl NodePositions {
    pub fn measure(stage: &NodeRef) -> NodePositions {
        let Some(stage) = stage.cast::<web_sys::Element>() else {
            return NodePositions::default();
        };
        let origin = stage.get_bounding_client_rect();
        let mut centres = VecMap::new();
        if let Ok(nodes) = stage.query_selector_all("[data-node]") {
            for i in 0..nodes.length() {
                let Some(el) = nodes
                    .item(i)
                    .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
                else {
                    continue;
                };
                let Some(name) = el.get_attribute("data-node") else {
                    continue;
                };
                let r = el.get_bounding_client_rect();
                centres.insert(
                    name,
                    (
                        (r.left() - origin.left() + r.width() / 2.0).round() as i32,
                        (r.top() - origin.top() + r.height() / 2.0).round() as i32,
                    ),
                );
            }
        }
        NodePositions {
            centres,
            width: origin.width().round() as i32,
            height: origin.height().round() as i32,
        }
    }

    fn of(&self, node: NodeId) -> Option<(f64, f64)> {
        let key = match node {
            NodeId::Broker(b) => format!("broker-{b}"),
            NodeId::Controller => "controller".to_string(),
            NodeId::Clients => "clients".to_string(),
        };
        self.centres
            .get(&key)
            .map(|&(x, y)| (f64::from(x), f64::from(y)))
    }
}

/// What a kind looks like in the legend, in words.
pub fn kind_description(kind: MessageKind, lang: Lang) -> &'static str {
    tr(
        lang,
        match kind {
            MessageKind::Fetch => Key::MsgFetch,
            MessageKind::FetchResponse => Key::MsgFetchResponse,
            MessageKind::Produce => Key::MsgProduce,
            MessageKind::ProduceResponse => Key::MsgProduceResponse,
            MessageKind::ConsumerFetch => Key::MsgConsumerFetch,
            MessageKind::OffsetsForLeaderEpoch => Key::MsgOffsetsForLeaderEpoch,
            MessageKind::ListOffsets => Key::MsgListOffsets,
            MessageKind::ConnectionRefused => Key::MsgConnectionRefused,
            MessageKind::AlterPartition => Key::MsgAlterPartition,
            MessageKind::PartitionChange => Key::MsgPartitionChange,
            MessageKind::Metadata => Key::MsgMetadata,
            MessageKind::Heartbeat => Key::MsgHeartbeat,
        },
    )
}

/// The SVG shape of one kind, centred on the origin.
fn shape(kind: MessageKind) -> Html {
    match kind {
        // A hollow ring with an arrow: a request that pulls.
        MessageKind::Fetch | MessageKind::ConsumerFetch => html! { <circle r="6" /> },
        MessageKind::FetchResponse => {
            html! { <rect x="-8" y="-6" width="16" height="12" rx="2" /> }
        }
        MessageKind::Produce => html! { <polygon points="-7,-6 7,0 -7,6" /> },
        MessageKind::ProduceResponse => html! { <circle r="4" /> },
        MessageKind::AlterPartition => html! { <polygon points="0,-7 7,0 0,7 -7,0" /> },
        MessageKind::PartitionChange => html! { <rect x="-5" y="-5" width="10" height="10" /> },
        MessageKind::Metadata => html! { <rect x="-4" y="-4" width="8" height="8" rx="4" /> },
        MessageKind::Heartbeat => html! { <circle r="3" /> },
        MessageKind::OffsetsForLeaderEpoch => html! { <polygon points="0,-7 7,6 -7,6" /> },
        MessageKind::ListOffsets => html! { <polygon points="0,7 7,-6 -7,-6" /> },
        MessageKind::ConnectionRefused => html! { <path d="M-5,-5 L5,5 M-5,5 L5,-5" /> },
    }
}

#[derive(PartialEq)]
pub struct MessagesLayerProps {
    pub session: SessionHandle,
    pub positions: NodePositions,
    pub show_heartbeats: bool,
    pub lang: Lang,
    /// Focus mode: only messages about this partition move in full; the rest are drawn faint,
    /// without their trails.
    pub focus: Option<TopicPartition>,
}

/// Where along its link a message stands when the reader asks for reduced motion: past the
/// middle, so a request and its answer on one link stand apart, each with a line back to its
/// sender (a static arrow).
const STILL_AT: f64 = 0.6;

thread_local! {
    /// `prefers-reduced-motion: reduce`: then no message travels. The query is made once; its
    /// `matches` is read at every render, so turning the setting on takes effect at once.
    static REDUCED_MOTION: Option<web_sys::MediaQueryList> = web_sys::window()
        .and_then(|w| w.match_media("(prefers-reduced-motion: reduce)").ok().flatten());
}

/// An SVG overlay on the stage with every in-flight message at its current position (or, with
/// reduced motion, standing still on its link). Each message is a `<g data-message="<kind>">`
/// whose `<title>` says what it carries.
pub fn messages_layer(props: &MessagesLayerProps) -> Html {
    let still = REDUCED_MOTION.with(|q| q.as_ref().is_some_and(|q| q.matches()));
    let session = props.session.borrow();
    let lang = props.lang;
    let now = session.clock_ms.max(session.world.now_ms() as f64);
    let world = &session.world;
    let messages: Vec<(MessageView, bool)> = world
        .in_flight()
        .map(|e| {
            let in_focus = props
                .focus
                .as_ref()
                .is_none_or(|tp| MessageView::concerns(world, e, tp));
            (MessageView::of(e), in_focus)
        })
        .filter(|(m, _)| props.show_heartbeats || m.kind != MessageKind::Heartbeat)
        .collect();
    let drawn = messages.iter().filter_map(|(m, in_focus)| {
        let (sx, sy) = props.positions.of(m.source)?;
        let (tx, ty) = props.positions.of(m.target)?;
        let t = if still { STILL_AT } else { m.progress(now) };
        let (x, y) = (sx + (tx - sx) * t, sy + (ty - sy) * t);
        let angle = (ty - sy).atan2(tx - sx).to_degrees();
        let kind = m.kind.name();
        let pull =
            *in_focus && matches!(m.kind, MessageKind::Fetch | MessageKind::ConsumerFetch);
        let tail = still && *in_focus && !pull;
        Some(html! {
            <g class={classes!("msg", format!("msg-{kind}"), (!in_focus).then_some("msg-dim"))}
               data-message={kind} data-in-focus={in_focus.to_string()}>
                if pull || tail {
                    // The pull: a dashed line back to the puller, so a fetch reads as a request;
                    // standing still, any message has a line back to its sender.
                    <line class={if pull { "msg-trail" } else { "msg-tail" }} x1={fixed(sx, 0)} y1={fixed(sy, 0)}
                          x2={fixed(x, 1)} y2={fixed(y, 1)} />
                }
                <g transform={format!("translate({} {}) rotate({})", fixed(x, 1), fixed(y, 1), fixed(angle, 0))}>
                    { shape(m.kind) }
                    <title>{ format!("{}{}{} → {}", word(lang, &m.label), colon(lang), word(lang, &m.source.text()),
                                     word(lang, &m.target.text())) }</title>
                </g>
            </g>
        })
    });
    html! {
        <svg class="messages" aria-hidden="true" width={props.positions.width.to_string()}
             height={props.positions.height.to_string()} data-in-flight={messages.len().to_string()}>
            { for drawn }
        </svg>
    }
}

#[derive(PartialEq)]
pub struct LegendProps {
    pub show_heartbeats: bool,
    pub lang: Lang,
    /// Open at first (a fresh page): a newcomer reads the marks before playing.
    pub open: bool,
}

/// How to read the cluster: the chips' marks, the log cells and markers, and the messages'
/// shapes and colours.
pub fn legend(props: &LegendProps) -> Html {
    let lang = props.lang;
    let chip = |class: &'static str, mark: &'static str, key: Key| {
        html! {
            <li><span class={classes!("chip", class)} aria-hidden="true"><span class="chip-name">{ "p0" }</span>
                <span class="chip-role">{ mark }</span></span>{ tr(lang, key) }</li>
        }
    };
    let items = MESSAGE_KINDS
        .iter()
        .filter(|&&k| props.show_heartbeats || k != MessageKind::Heartbeat)
        .map(|&k| {
            html! {
                <li class={classes!("msg", format!("msg-{}", k.name()))}>
                    <svg width="18" height="16" viewBox="-9 -8 18 16" aria-hidden="true">{ shape(k) }</svg>
                    { kind_description(k, lang) }
                </li>
            }
        });
    html! {
        <details class="legend" open={props.open} data-legend="">
            <summary>{ tr(lang, Key::LegendTitle) }</summary>
            <div class="legend-columns">
                <ul aria-label={tr(lang, Key::LegendChipsAria)}>
                    { chip("chip-leader", "L", Key::RoleLeader) }
                    { chip("chip-follower", "F", Key::RoleInSyncFollower) }
                    { chip("chip-out-of-sync", "F!", Key::RoleOutOfSyncFollower) }
                    { chip("chip-offline", "×", Key::RoleOffline) }
                    <li><span class="chip-badge" aria-hidden="true">{ "ISR" }</span>{ tr(lang, Key::LegendIsr) }</li>
                    <li><span class="chip-badge chip-elr" aria-hidden="true">{ "ELR" }</span>{ tr(lang, Key::LegendElr) }</li>
                </ul>
                <ul aria-label={tr(lang, Key::LegendLogAria)}>
                    <li><span class="swatch swatch-committed" aria-hidden="true"></span>{ tr(lang, Key::LegendCommitted) }</li>
                    <li><span class="swatch swatch-uncommitted" aria-hidden="true"></span>{ tr(lang, Key::LegendUncommitted) }</li>
                    <li><span class="legend-mark legend-hw" aria-hidden="true">{ "HW" }</span>{ tr(lang, Key::HwMeaning) }</li>
                    <li><span class="legend-mark legend-leo" aria-hidden="true">{ "LEO" }</span>{ tr(lang, Key::LeoMeaning) }</li>
                    <li>{ tr(lang, Key::LegendEpochs) }</li>
                </ul>
                <ul aria-label={tr(lang, Key::MsgKey)}>{ for items }</ul>
            </div>
        </details>
    }
}
