//! Prints every message a scenario sends in its first milliseconds: a debugging aid.
//! `cargo run -p replication-core --example debug_trace -- FILE [UNTIL_MS]`
use replication_core::scenario::parse_scenario;
use replication_core::sim::World;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else {
        return eprintln!("usage: debug_trace FILE [UNTIL_MS]");
    };
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let until: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(20);
    let Ok(scenario) = parse_scenario(&text) else {
        return eprintln!("invalid scenario");
    };
    let Ok(mut world) = World::from_scenario(&scenario) else {
        return eprintln!("cannot build");
    };
    let mut seen = 0usize;
    while world.next_event_at().is_some_and(|t| t <= until) {
        let sent: Vec<String> = world
            .in_flight()
            .map(|e| {
                format!(
                    "{:>5}->{:>5} {} -> {}: {:?}",
                    e.sent_at_ms,
                    e.deliver_at_ms,
                    e.source,
                    e.target,
                    e.message.kind()
                )
            })
            .collect();
        let _ = seen;
        seen = sent.len();
        if world.now_ms() == 0 {
            for s in &sent {
                println!("{s}");
            }
        }
        world.step();
        for e in world.trace() {
            let _ = e;
        }
        if world.now_ms() > 0 && seen == 0 {
            break;
        }
    }
}
