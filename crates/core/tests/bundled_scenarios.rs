//! The bundled examples match the `scenarios/` folder. Reads the disk, so native only (the core
//! itself does no IO).
#![cfg(not(target_arch = "wasm32"))]

use replication_core::scenario::bundled::BUNDLED;

#[test]
fn every_file_in_the_folder_is_bundled() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios");
    let on_disk = std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "json")
        })
        .count();
    assert_eq!(on_disk, BUNDLED.len());
}
