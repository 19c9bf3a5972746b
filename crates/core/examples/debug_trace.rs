//! Prints the messages delivered in a time window of a scenario: a debugging aid.
//! `cargo run -p replication-core --example debug_trace -- FILE FROM_MS TO_MS`
use replication_core::scenario::parse_scenario;
use replication_core::sim::World;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else {
        return eprintln!("usage: debug_trace FILE FROM_MS TO_MS");
    };
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let from: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(0);
    let to: u64 = args
        .get(3)
        .and_then(|s| s.parse().ok())
        .unwrap_or(from + 20);
    let Ok(scenario) = parse_scenario(&text) else {
        return eprintln!("invalid scenario");
    };
    let Ok(mut world) = World::from_scenario(&scenario) else {
        return eprintln!("cannot build");
    };
    world.run_until(from.saturating_sub(1));
    let mut printed = std::collections::BTreeSet::new();
    while world.next_event_at().is_some_and(|t| t <= to) {
        let due = world.next_event_at().unwrap_or(0);
        for e in world.in_flight().filter(|e| e.deliver_at_ms == due) {
            let line = format!(
                "{:>6} {} -> {}: {:?}",
                e.deliver_at_ms, e.source, e.target, e.message
            );
            if printed.insert(line.clone()) {
                println!("{}", &line[..line.len().min(220)]);
            }
        }
        world.step();
    }
}
