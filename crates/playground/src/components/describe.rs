use crate::i18n::{tr, trf, Key, Lang};
use crate::state::SessionHandle;
use replication_core::view::describe;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DescribeViewProps {
    pub session: SessionHandle,
}

/// `kafka-topics.sh --describe` for the current state, as text to copy.
#[function_component(DescribeView)]
pub fn describe_view(props: &DescribeViewProps) -> Html {
    let copied = use_state(|| false);
    let lang = use_context::<Lang>().unwrap_or_default();
    let text = describe(&props.session.borrow().world);
    let onclick = {
        let text = text.clone();
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(window) = web_sys::window() {
                let _ = window.navigator().clipboard().write_text(&text);
                copied.set(true);
            }
        })
    };
    html! {
        <div class="panel describe-panel">
            <p class="hint">{ trf(lang, Key::DescribeWhat, &[&"kafka-topics.sh --describe --topic …"]) }</p>
            <textarea class="describe" data-describe="true" readonly=true rows="8" aria-label="kafka-topics.sh --describe output"
                      value={text} />
            <button type="button" data-action="copy-describe" {onclick}>{ tr(lang, if *copied { Key::Copied } else { Key::Copy }) }</button>
            <crate::components::share::SharePanel session={props.session.clone()} />
        </div>
    }
}
