//! The side panels' tabs, as WAI-ARIA's tabs pattern asks: one Tab stop (the selected tab; the
//! others have tabindex -1), Left and Right move to the previous and next tab and select it
//! (wrapping), Home and End to the first and last; every tab controls the one panel, which is
//! labelled by the selected tab.

use super::{App, Msg, SideTab};
use crate::i18n::{tr, Key};
use yew::prelude::*;

/// The panel every tab controls.
const PANEL_ID: &str = "side-panel";

fn tab_id(tab: SideTab) -> String {
    format!("side-tab-{}", tab as u8)
}

/// The tab a key moves to from tab `at` of `count`, if the key is one the pattern uses.
pub(super) fn tab_after_key(key: &str, at: usize, count: usize) -> Option<usize> {
    match key {
        "ArrowRight" => Some((at + 1) % count),
        "ArrowLeft" => Some((at + count - 1) % count),
        "Home" => Some(0),
        "End" => Some(count - 1),
        _ => None,
    }
}

impl App {
    /// The tab buttons, `active` selected.
    pub(super) fn tab_list(&self, ctx: &Context<Self>, tabs: &[SideTab], active: SideTab) -> Html {
        let buttons = tabs.iter().map(|&tab| {
            let selected = tab == active;
            html! {
                <button type="button" role="tab" id={tab_id(tab)} class={classes!("tab", selected.then_some("tab-active"))}
                        aria-selected={selected.to_string()} aria-controls={PANEL_ID}
                        tabindex={if selected { "0" } else { "-1" }}
                        onclick={ctx.link().callback(move |_| Msg::Tab(tab))}>{ tab.label(self.lang) }</button>
            }
        });
        let order = tabs.to_vec();
        let onkeydown = ctx.link().callback(move |e: KeyboardEvent| {
            let at = order.iter().position(|&t| t == active).unwrap_or_default();
            let Some(next) = tab_after_key(&e.key(), at, order.len()) else {
                // Another key (Tab, Space…) re-selects the selected tab: nothing changes. (A
                // callback that may send nothing costs the bundle more than this render.)
                return Msg::Tab(active);
            };
            e.prevent_default();
            // Focus follows the selection; every tab button is on the page already.
            super::focus::focus_id(&tab_id(order[next]));
            Msg::Tab(order[next])
        });
        html! {
            <nav class="tabs" role="tablist" aria-label={tr(self.lang, Key::PanelsAria)} {onkeydown}>{ for buttons }</nav>
        }
    }

    /// The panel under the tabs (a plain box when there are no tabs to label it).
    pub(super) fn tab_panel(&self, active: SideTab, tabbed: bool, body: Html) -> Html {
        html! {
            // Focusable, as the pattern suggests: a panel may scroll with nothing to focus in it.
            <div class="side-body" role={tabbed.then_some("tabpanel")} id={tabbed.then_some(PANEL_ID)}
                 tabindex={tabbed.then_some("0")}
                 aria-labelledby={tabbed.then(|| tab_id(active))}>{ body }</div>
        }
    }
}

#[cfg(test)]
mod tests {
    use super::tab_after_key;

    #[test]
    fn arrows_wrap_and_home_end_jump() {
        for (key, at, expected) in [
            ("ArrowRight", 0, Some(1)),
            ("ArrowRight", 6, Some(0)),
            ("ArrowLeft", 0, Some(6)),
            ("ArrowLeft", 3, Some(2)),
            ("Home", 4, Some(0)),
            ("End", 1, Some(6)),
            ("ArrowDown", 1, None),
            ("Enter", 1, None),
            ("a", 1, None),
        ] {
            assert_eq!(tab_after_key(key, at, 7), expected, "{key} from {at}");
        }
    }
}
