//! The trunk entry point: mounts the playground into the page body.
fn main() {
    replication_playground::mount_to_body();
}
