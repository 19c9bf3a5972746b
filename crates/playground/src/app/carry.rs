//! Moving a replica by hand: a chip dragged with the pointer (document listeners follow it),
//! or carried by keyboard (arrows choose the broker); dropped on a broker it starts a KIP-455
//! reassignment, or stages the move in the plan being built.

use super::{App, Msg};
use crate::i18n::{tr, trf, Key};
use crate::state::drop::{check_drop, DragState};
use crate::state::Command;
use gloo_events::EventListener;
use replication_core::view::{ClusterView, PartitionView};
use replication_core::BrokerId;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Document-level listeners that follow the pointer while a chip is dragged (the pointer
/// leaves the chip, so the chip cannot listen itself).
fn drag_listeners(ctx: &Context<App>) -> Vec<EventListener> {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return Vec::new();
    };
    let moved = ctx.link().clone();
    let ended = ctx.link().clone();
    let cancelled = ctx.link().clone();
    vec![
        EventListener::new(&doc, "pointermove", move |e| {
            if let Some(e) = e.dyn_ref::<PointerEvent>() {
                moved.send_message(Msg::DragMove {
                    x: e.client_x(),
                    y: e.client_y(),
                    copy: e.shift_key(),
                });
            }
        }),
        EventListener::new(&doc, "pointerup", move |_| ended.send_message(Msg::DragEnd)),
        EventListener::new(&doc, "pointercancel", move |_| {
            cancelled.send_message(Msg::DragEnd)
        }),
    ]
}

/// The broker card under a point of the page, if any, and if it is this app's (`root`).
fn broker_at(root: &NodeRef, x: i32, y: i32) -> Option<BrokerId> {
    let doc = web_sys::window()?.document()?;
    let el = doc.element_from_point(x as f32, y as f32)?;
    let card = el.closest("[data-broker]").ok()??;
    if !root.cast::<web_sys::Node>()?.contains(Some(&card)) {
        return None;
    }
    card.get_attribute("data-broker")?
        .parse()
        .ok()
        .map(BrokerId)
}

impl App {
    /// A chip was pressed (or picked up with Enter): a pointer drag listens to the document.
    pub(super) fn drag_start(&mut self, ctx: &Context<Self>, state: DragState) -> bool {
        if !state.keyboard {
            self.drag_listeners = drag_listeners(ctx);
        }
        self.drag = Some(state);
        true
    }

    /// The pointer moved while a chip is held: follow it, and note the broker under it.
    pub(super) fn drag_move(&mut self, x: i32, y: i32, copy: bool) -> bool {
        let Some(drag) = self.drag.as_mut() else {
            return false;
        };
        drag.x = x;
        drag.y = y;
        drag.copy = copy;
        drag.over = broker_at(&self.root, x, y);
        true
    }

    /// The pointer was released: drop the chip where it is.
    pub(super) fn drag_end(&mut self, ctx: &Context<Self>) -> bool {
        self.drag_listeners.clear();
        let Some(drag) = self.drag.take() else {
            return false;
        };
        if drag.is_drag() {
            self.drop_replica(ctx, &drag);
        }
        true
    }

    /// Drop a dragged or carried replica on the broker it is over: a valid drop starts a
    /// KIP-455 reassignment in the core; an invalid one does nothing (the card said why).
    fn drop_replica(&mut self, ctx: &Context<Self>, drag: &DragState) {
        let Some(to) = drag.over else { return };
        let command = {
            let session = self.session.borrow();
            let cluster = ClusterView::of(&session.world);
            let Some(p) = cluster
                .partitions
                .iter()
                .find(|p| p.topic == drag.partition.0 && p.partition == drag.partition.1)
            else {
                return;
            };
            let p = self.planned(p);
            let Ok(replicas) = check_drop(&p, drag.from, to, drag.copy) else {
                return;
            };
            let (topic, partition) = (p.topic.clone(), p.partition);
            if self.stage_drops {
                Command::StageMove {
                    topic,
                    partition,
                    target: replicas,
                }
            } else {
                // As the plans panel applies it: throttled while a throttle rate is set.
                let plan = vec![replication_core::scenario::PlanEntry {
                    topic,
                    partition,
                    replicas,
                    log_dirs: None,
                }];
                let actions = crate::state::plan::reassignment_actions(&session.world, plan);
                drop(session);
                self.selected_partition = Some(drag.partition.clone());
                for action in actions {
                    self.command(ctx, Command::Act(action));
                }
                return;
            }
        };
        self.selected_partition = Some(drag.partition.clone());
        self.command(ctx, command);
    }

    /// A partition as the staged plan would leave it, when drops are staged: a second move of
    /// the same partition builds on the first.
    fn planned(&self, p: &PartitionView) -> PartitionView {
        match self.staged.target(&p.topic, p.partition) {
            Some(target) if self.stage_drops => PartitionView {
                replicas: target.to_vec(),
                removing_replicas: Vec::new(),
                ..p.clone()
            },
            _ => p.clone(),
        }
    }

    /// Keys while a replica is carried: arrows choose the broker, Enter drops, Shift toggles
    /// copying, Escape cancels.
    pub(super) fn carry_key(&mut self, ctx: &Context<Self>, e: &KeyboardEvent) -> bool {
        let brokers: Vec<BrokerId> = self
            .session
            .borrow()
            .world
            .brokers()
            .map(|b| b.id)
            .collect();
        let Some(drag) = self.drag.as_mut() else {
            return false;
        };
        let step: i64 = match e.key().as_str() {
            "ArrowRight" | "ArrowDown" => 1,
            "ArrowLeft" | "ArrowUp" => -1,
            "Enter" | " " => {
                e.prevent_default();
                if let Some(drag) = self.drag.take() {
                    self.drop_replica(ctx, &drag);
                }
                return true;
            }
            "Escape" => {
                self.drag = None;
                return true;
            }
            "Shift" => {
                drag.copy = !drag.copy;
                return true;
            }
            _ => return false,
        };
        e.prevent_default();
        let n = brokers.len() as i64;
        let current = drag.over.unwrap_or(drag.from);
        let i = brokers.iter().position(|&b| b == current).unwrap_or(0) as i64;
        drag.over = brokers
            .get((i + step).rem_euclid(n.max(1)) as usize)
            .copied();
        true
    }

    /// The chip following the pointer, or a banner while one is carried by keyboard.
    pub(super) fn drag_ghost(&self) -> Html {
        let Some(drag) = self.drag.as_ref().filter(|d| d.is_drag()) else {
            return html! {};
        };
        let lang = self.lang;
        let tp = format!("{}-{}", drag.partition.0, drag.partition.1);
        let what = trf(
            lang,
            if drag.copy {
                Key::DragCopy
            } else {
                Key::DragMove
            },
            &[&tp, &drag.from],
        );
        if drag.keyboard {
            let over = drag
                .over
                .map_or_else(|| tr(lang, Key::NoneWord).to_string(), |b| b.to_string());
            return html! {
                <div class="carry-banner" role="status" data-carrying="true">
                    { trf(lang, Key::CarryBanner, &[&what, &over]) }
                </div>
            };
        }
        html! {
            <div class="drag-ghost" aria-hidden="true" style={format!("left: {}px; top: {}px", drag.x + 12, drag.y + 12)}>
                { what }<br /><span class="hint">{ tr(lang, if drag.touch { Key::DragTouchHint } else { Key::DragShiftHint }) }</span>
            </div>
        }
    }
}
