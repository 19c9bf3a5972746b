//! The playground's front end: Yew components that render views of `replication-core`.
//!
//! Layout follows Yew's `function_todomvc` example: components take data down and send
//! callbacks up; all Kafka behaviour lives in the core crate, none here.

pub mod app;
pub mod components;

pub use app::App;

/// Render the playground into `<body>` (the trunk entry point).
pub fn mount_to_body() {
    yew::Renderer::<App>::new().render();
}
