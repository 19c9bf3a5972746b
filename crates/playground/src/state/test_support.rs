//! Helpers shared by the state modules' tests: the default session played at 100×, and a
//! fingerprint that tells two runs apart.

use super::session::Session;
use replication_core::report::report;
use replication_core::scenario::parse_scenario;
use replication_core::sim::World;
use replication_core::view::DEFAULT_SCENARIO;

/// The default scenario, paused at time 0.
pub fn paused_session() -> Session {
    Session::new(parse_scenario(DEFAULT_SCENARIO).unwrap()).unwrap()
}

/// The default scenario, playing at 100×.
pub fn session() -> Session {
    let mut s = paused_session();
    s.playing = true;
    s.set_speed(100.0);
    s
}

/// Play `ms` of simulated time in 16 ms frames.
pub fn play(s: &mut Session, ms: u64) {
    let end = s.world.now_ms() + ms;
    while s.world.now_ms() < end {
        s.advance(16.0);
    }
}

/// Everything the runner would report (logs, HWs, ISRs, produced and consumed records,
/// events), the event count and the time: two worlds with the same fingerprint are the same run.
pub fn fingerprint(world: &World) -> String {
    format!(
        "{}|{}|{}",
        report(world, false),
        world.events_processed(),
        world.now_ms()
    )
}
