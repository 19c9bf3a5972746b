//! The smallest Yew app this stack builds: one component with state and a click handler,
//! mounted on the body. `cargo xtask size --floor` builds it for wasm32 with the bundle's
//! profile and tools, so the bundle's size can be read against what Yew and std cost before
//! any feature of the playground.
use yew::prelude::*;

#[function_component(Counter)]
fn counter() -> Html {
    let count = use_state(|| 0_u32);
    let onclick = {
        let count = count.clone();
        Callback::from(move |_: MouseEvent| count.set(*count + 1))
    };
    html! { <button type="button" {onclick}>{ format!("clicked {} times", *count) }</button> }
}

fn main() {
    // Native builds (`cargo test` compiles examples) have no document to mount on.
    if cfg!(target_arch = "wasm32") {
        yew::Renderer::<Counter>::new().render();
    }
}
