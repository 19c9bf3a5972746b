use super::broker::{action_aria, broker_actions};
use crate::i18n::{tr, trf, word, Key, Lang};
use crate::state::{Command, SessionHandle};
use replication_core::view::ClusterView;
use replication_core::BrokerId;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct BrokerMenuProps {
    pub session: SessionHandle,
    pub broker: BrokerId,
    pub x: i32,
    pub y: i32,
    pub on_command: Callback<Command>,
    pub on_close: Callback<()>,
}

/// The broker's context menu (right-click, or its ⋯ button): every action for its state.
/// Arrow keys move between items, Escape closes it.
#[function_component(BrokerMenu)]
pub fn broker_menu(props: &BrokerMenuProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let menu_ref = use_node_ref();
    {
        // Keep it on screen, and focus the first item so it is usable from the keyboard at once.
        let menu_ref = menu_ref.clone();
        use_effect_with((props.broker, props.x, props.y), move |_| {
            let Some(menu) = menu_ref.cast::<web_sys::Element>() else {
                return;
            };
            keep_on_screen(&menu);
            if let Some(first) = menu
                .query_selector(ENABLED_ITEMS)
                .ok()
                .flatten()
                .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = first.focus();
            }
        });
    }
    let session = props.session.borrow();
    let cluster = ClusterView::of(&session.world);
    let Some(broker) = cluster.broker(props.broker) else {
        return html! {};
    };
    let items = broker_actions(broker, &session.world).into_iter().map(|a| {
        let action = a.action.clone();
        let on_command = props.on_command.clone();
        let on_close = props.on_close.clone();
        let onclick = Callback::from(move |e: MouseEvent| {
            e.stop_propagation();
            on_command.emit(Command::Act(action.clone()));
            on_close.emit(());
        });
        // A disabled item stays listed and says why (its title and accessible name).
        html! {
            <button type="button" role="menuitem" data-action={a.hook} disabled={a.ignored.is_some()}
                    title={a.ignored.as_ref().map(|why| word(lang, why))}
                    aria-label={a.ignored.is_some().then(|| action_aria(lang, &a, props.broker, a.label))} {onclick}>{ tr(lang, a.label) }</button>
        }
    });
    let onkeydown = {
        let on_close = props.on_close.clone();
        Callback::from(move |e: KeyboardEvent| {
            let step = match e.key().as_str() {
                "ArrowDown" => 1,
                "ArrowUp" => -1,
                "Escape" => {
                    on_close.emit(());
                    return;
                }
                _ => return,
            };
            e.prevent_default();
            move_focus(&e, step);
        })
    };
    html! {
        <div class="menu" role="menu" ref={menu_ref} aria-label={trf(lang, Key::BrokerMenuAria, &[&props.broker])}
             style={format!("left: {}px; top: {}px", props.x, props.y)} {onkeydown}
             onclick={Callback::from(|e: MouseEvent| e.stop_propagation())}>
            <div class="menu-title">{ trf(lang, Key::BrokerName, &[&props.broker]) }</div>
            { for items }
        </div>
    }
}

/// Shift the menu left and up as far as it sticks out of the window (a broker at the right
/// edge, or low in a small embed), leaving a small margin.
fn keep_on_screen(menu: &web_sys::Element) {
    const MARGIN: f64 = 4.0;
    let Some(window) = web_sys::window() else {
        return;
    };
    let size = |v: Result<wasm_bindgen::JsValue, _>| v.ok().and_then(|v| v.as_f64());
    let (Some(width), Some(height)) = (size(window.inner_width()), size(window.inner_height()))
    else {
        return;
    };
    let rect = menu.get_bounding_client_rect();
    let left = rect.left().min(width - rect.width() - MARGIN).max(MARGIN);
    let top = rect.top().min(height - rect.height() - MARGIN).max(MARGIN);
    if left != rect.left() || top != rect.top() {
        // Whole pixels, formatted as integers: float formatting would cost the bundle ~10 KB.
        let (left, top) = (left as i32, top as i32);
        let _ = menu.set_attribute("style", &format!("left: {left}px; top: {top}px"));
    }
}

/// The menu items that can take the focus (a disabled one cannot).
const ENABLED_ITEMS: &str = "[role=menuitem]:not([disabled])";

/// Move focus to the next or previous enabled menu item, wrapping around.
fn move_focus(e: &KeyboardEvent, step: i32) {
    let Some(current) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    let Some(menu) = current.closest("[role=menu]").ok().flatten() else {
        return;
    };
    let Ok(items) = menu.query_selector_all(ENABLED_ITEMS) else {
        return;
    };
    let n = items.length() as i32;
    let index = (0..n)
        .find(|&i| {
            items
                .item(i as u32)
                .is_some_and(|it| it.is_same_node(Some(&current)))
        })
        .unwrap_or(-1);
    let next = (index + step).rem_euclid(n.max(1));
    if let Some(el) = items
        .item(next as u32)
        .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}
