//! Write the docs site's pages (generated from the lesson data) into a folder:
//!
//!   cargo run -p replication-playground --example docs -- <dir>
//!
//! `cargo xtask docs` runs this into `dist-docs/docs/`, next to the playground's release build.

fn main() {
    let dir = std::env::args()
        .nth(1)
        .expect("usage: docs <output folder>");
    let dir = std::path::Path::new(&dir);
    std::fs::create_dir_all(dir).expect("the output folder can be created");
    // The Chinese pages' text; the bundle fetches the same file at run time.
    replication_playground::i18n::zh::install(include_str!("../../../web/zh.json"))
        .unwrap_or_else(|problem| panic!("{problem}"));
    for (name, text) in replication_playground::lessons::site::pages() {
        std::fs::write(dir.join(&name), text).expect("the page can be written");
    }
    println!("wrote the docs pages to {}", dir.display());
}
