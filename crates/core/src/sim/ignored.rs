//! Whether an action would change anything and, when it would not, why. The world records the
//! reason as an event instead of letting the action vanish; the playground disables the control
//! that would take it and shows the same words.

use super::broker::{Broker, BrokerStatus};
use super::controller::reassigning;
use super::trace::EventKind;
use super::world::World;
use crate::ids::{BrokerId, TopicPartition};
use crate::rules::election::election_needed;
use crate::scenario::{Action, ElectionType, PlanEntry};
use crate::text;
use crate::text::Text;

/// Why `action`, taken now, would change nothing; `None` when it does something (or names
/// nothing the world knows: the scenario parser refuses those before a run).
///
/// A rack action or a plan is ignored only when each of its parts is; its parts that would do
/// nothing are skipped when the others apply ([`reassignment`] words one plan entry).
pub(crate) fn why_ignored(world: &World, action: &Action) -> Option<Text> {
    let broker = |id: &BrokerId| world.brokers.get(id);
    match action {
        Action::Restart { broker: id } => restart(world, broker(id)?),
        Action::Crash { broker: id } => crash(broker(id)?),
        Action::PowerLoss { broker: id } => power_loss(broker(id)?),
        Action::Shutdown { broker: id } => shutdown(broker(id)?),
        Action::PauseFetcher { broker: id } => pause_fetcher(broker(id)?),
        Action::ResumeFetcher { broker: id } => resume_fetcher(broker(id)?),
        Action::FailRack { rack } => fail_rack(world, rack),
        Action::RestoreRack { rack } => restore_rack(world, rack),
        Action::Reassign {
            topic,
            partition,
            replicas,
        } => reassignment(world, &TopicPartition::new(topic, *partition), replicas),
        Action::ElectLeaders { .. } if !world.profile().has_leader_election_command() => {
            Some(text!(
                "elect_leaders ignored: kafka-leader-election.sh arrived in Kafka 2.4 (KIP-460), \
                 and this profile imitates Kafka before 0.11; use elect_preferred for a \
                 preferred election"
            ))
        }
        Action::ElectLeaders {
            election_type: ElectionType::Unclean,
            topic,
            partition,
        } => unclean_election(world, topic.as_deref(), *partition),
        Action::ReassignPlan { partitions } => reassign_plan(world, partitions),
        Action::ProduceRate {
            topic,
            per_second: 0,
            ..
        } => stop_rate(world, topic),
        Action::ProduceRate {
            until_ms: Some(until_ms),
            ..
        } if *until_ms <= world.now_ms() => Some(text!(
            "produce_rate ignored: it would end at {until_ms} ms, as it starts, and send nothing",
            until_ms = *until_ms
        )),
        _ => None,
    }
}

/// A rack that fails: ignored when every broker in it is already down.
fn fail_rack(world: &World, rack: &str) -> Option<Text> {
    let members = rack_members(world, rack);
    (!members.is_empty() && members.iter().all(|b| power_loss(b).is_some())).then(|| {
        text!(
            "fail_rack ignored: every broker in rack {rack} is already down",
            rack
        )
    })
}

/// A rack restored: ignored when every broker in it is already running.
fn restore_rack(world: &World, rack: &str) -> Option<Text> {
    let members = rack_members(world, rack);
    (!members.is_empty() && members.iter().all(|b| restart(world, b).is_some())).then(|| {
        text!(
            "restore_rack ignored: every broker in rack {rack} is already running",
            rack
        )
    })
}

/// A plan: one entry is worded as itself; several are ignored only when each one is.
fn reassign_plan(world: &World, partitions: &[PlanEntry]) -> Option<Text> {
    let mut reasons = partitions.iter().map(|e| {
        reassignment(
            world,
            &TopicPartition::new(&e.topic, e.partition),
            &e.replicas,
        )
    });
    match partitions.len() {
        1 => reasons.next().flatten(),
        _ => reasons.all(|r| r.is_some()).then(|| {
            text!(
                "reassign_plan ignored: every partition already has, or is already \
                 moving to, the replicas it lists"
            )
        }),
    }
}

/// `per_second: 0` stops a topic's steady load: ignored when none runs.
fn stop_rate(world: &World, topic: &str) -> Option<Text> {
    let now_ms = world.now_ms();
    let running = world
        .clients
        .rates
        .iter()
        .any(|r| r.topic == *topic && r.is_running(now_ms));
    (!running).then(|| {
        text!(
            "produce_rate ignored: per_second 0 stops a steady load, and none runs on \
             {topic}",
            topic
        )
    })
}

fn rack_members<'a>(world: &'a World, rack: &str) -> Vec<&'a Broker> {
    world
        .brokers
        .values()
        .filter(|b| b.rack.as_deref() == Some(rack))
        .collect()
}

fn restart(world: &World, b: &Broker) -> Option<Text> {
    let broker = b.id;
    match b.status {
        BrokerStatus::Running if b.restart_after_shutdown => Some(text!(
            "restart ignored: broker {broker} already restarts once its controlled shutdown \
             finishes",
            broker
        )),
        // Kafka cannot abort a controlled shutdown: the restart waits for it (a meaning).
        BrokerStatus::Running if b.shutting_down => None,
        BrokerStatus::Running if !world.controller.is_acceptable(broker) => Some(text!(
            "restart ignored: broker {broker} is running, only fenced by the controller; a new \
             process would be fenced as well until its heartbeats get through",
            broker
        )),
        BrokerStatus::Running => Some(text!(
            "restart ignored: broker {broker} is already running",
            broker
        )),
        BrokerStatus::Crashed | BrokerStatus::Stopped => None,
    }
}

fn crash(b: &Broker) -> Option<Text> {
    let broker = b.id;
    match b.status {
        BrokerStatus::Running => None,
        BrokerStatus::Crashed if b.lost_power() => Some(text!(
            "crash ignored: broker {broker} is already down: its machine lost power",
            broker
        )),
        BrokerStatus::Crashed => Some(text!(
            "crash ignored: broker {broker} has already crashed",
            broker
        )),
        BrokerStatus::Stopped => Some(text!(
            "crash ignored: broker {broker} is stopped, so no process is left to kill",
            broker
        )),
    }
}

/// A killed broker's machine can still lose power: its OS had not written back every page.
fn power_loss(b: &Broker) -> Option<Text> {
    let broker = b.id;
    match b.status {
        BrokerStatus::Running => None,
        BrokerStatus::Crashed if b.lost_power() => Some(text!(
            "power_loss ignored: broker {broker}'s machine has already lost power",
            broker
        )),
        BrokerStatus::Crashed => None,
        BrokerStatus::Stopped => Some(text!(
            "power_loss ignored: broker {broker} is stopped, and its controlled shutdown \
             flushed every log to disk: nothing is lost",
            broker
        )),
    }
}

fn shutdown(b: &Broker) -> Option<Text> {
    let broker = b.id;
    match b.status {
        BrokerStatus::Running if b.shutting_down => Some(text!(
            "shutdown ignored: broker {broker}'s controlled shutdown is already in progress",
            broker
        )),
        BrokerStatus::Running => None,
        BrokerStatus::Crashed => Some(text!(
            "shutdown ignored: broker {broker} is not running: it crashed",
            broker
        )),
        BrokerStatus::Stopped => Some(text!(
            "shutdown ignored: broker {broker} is already stopped",
            broker
        )),
    }
}

fn pause_fetcher(b: &Broker) -> Option<Text> {
    let broker = b.id;
    if !b.is_running() {
        Some(text!(
            "pause_fetcher ignored: broker {broker} is not running",
            broker
        ))
    } else if b.fetcher_paused {
        Some(text!(
            "pause_fetcher ignored: broker {broker}'s fetchers are already paused",
            broker
        ))
    } else {
        None
    }
}

fn resume_fetcher(b: &Broker) -> Option<Text> {
    let broker = b.id;
    if !b.is_running() {
        Some(text!(
            "resume_fetcher ignored: broker {broker} is not running (a restart starts its \
             fetchers)",
            broker
        ))
    } else if !b.fetcher_paused {
        Some(text!(
            "resume_fetcher ignored: broker {broker}'s fetchers are not paused",
            broker
        ))
    } else {
        None
    }
}

/// Why reassigning `tp` to `target` would change nothing: the target is the current replica
/// list, or the target of the reassignment in progress.
pub(crate) fn reassignment(
    world: &World,
    tp: &TopicPartition,
    target: &[BrokerId],
) -> Option<Text> {
    let old = world.controller.partitions.get(tp)?;
    if reassigning(world.profile().is_zookeeper(), old, target) != *old {
        return None;
    }
    let replicas = list(target);
    Some(
        if old.adding_replicas.is_empty() && old.removing_replicas.is_empty() {
            text!(
                "reassignment of {tp} ignored: its replicas are already {replicas}",
                tp,
                replicas
            )
        } else {
            text!(
                "reassignment of {tp} ignored: it is already being reassigned to {replicas}",
                tp,
                replicas
            )
        },
    )
}

/// `kafka-leader-election.sh --election-type UNCLEAN` changes nothing when every partition it
/// names has a leader (Kafka's ELECTION_NOT_NEEDED) or no leaderless one has a live replica
/// (ELIGIBLE_LEADERS_NOT_AVAILABLE).
fn unclean_election(world: &World, topic: Option<&str>, partition: Option<u32>) -> Option<Text> {
    let scope = super::world::election_scope(topic, partition);
    let controller = &world.controller;
    let leaderless: Vec<&crate::partition_state::PartitionState> = world
        .election_targets(topic, partition)
        .iter()
        .filter_map(|tp| controller.partitions.get(tp))
        .filter(|p| election_needed(ElectionType::Unclean, p.leader, &p.replicas))
        .collect();
    if leaderless.is_empty() {
        return Some(text!(
            "unclean election for {scope} ignored: every partition it names has a leader \
             (ELECTION_NOT_NEEDED)",
            scope
        ));
    }
    let electable = leaderless
        .iter()
        .any(|p| p.replicas.iter().any(|&b| controller.is_acceptable(b)));
    (!electable).then(|| {
        text!(
            "unclean election for {scope} ignored: no leaderless partition it names has a live \
             replica to lead (ELIGIBLE_LEADERS_NOT_AVAILABLE)",
            scope
        )
    })
}

fn list(ids: &[BrokerId]) -> String {
    let inner: Vec<String> = ids.iter().map(|b| b.to_string()).collect();
    format!("[{}]", inner.join(","))
}

/// The event recording that `action` was ignored, with the broker or partition it named.
pub(crate) fn ignored_event(action: &Action, why: Text) -> EventKind {
    let (broker, tp) = match action {
        Action::Restart { broker }
        | Action::Crash { broker }
        | Action::PowerLoss { broker }
        | Action::Shutdown { broker }
        | Action::PauseFetcher { broker }
        | Action::ResumeFetcher { broker } => (Some(*broker), None),
        Action::Reassign {
            topic, partition, ..
        }
        | Action::ElectLeaders {
            topic: Some(topic),
            partition: Some(partition),
            ..
        } => (None, Some(TopicPartition::new(topic, *partition))),
        _ => (None, None),
    };
    EventKind::ActionIgnored {
        action: action.kind(),
        broker,
        tp,
        why,
    }
}
