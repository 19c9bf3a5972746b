//! The scenario's and the user's actions applied to a [`World`]: produce and consume, broker
//! and rack failures, network faults, elections, reassignments and config changes.

use super::World;
use crate::config::Acks;
use crate::ids::{BrokerId, NodeId, TopicPartition};
use crate::rules;
use crate::scenario::{Action, ElectionType, PlanEntry, ProduceValues};
use crate::sim::clients::ProduceRate;
use crate::sim::log::Value;
use crate::sim::trace::EventKind;
use crate::sim::Outbox;
use crate::text;
use crate::text::{Arg, Text};

impl World {
    /// Why `action`, taken now, would change nothing (the words the trace records when it is
    /// taken anyway); `None` when it does something.
    pub fn why_ignored(&self, action: &Action) -> Option<Text> {
        crate::sim::ignored::why_ignored(self, action)
    }

    pub(super) fn apply_action(&mut self, action: &Action) {
        // A plan records each entry it skips by itself.
        let whole_plan = matches!(action, Action::ReassignPlan { .. });
        if let Some(why) = self.why_ignored(action).filter(|_| !whole_plan) {
            self.record(crate::sim::ignored::ignored_event(action, why));
            return;
        }
        match action {
            Action::Produce {
                topic,
                partition,
                key,
                values,
                acks,
            } => self.produce(topic, *partition, key.as_deref(), values, *acks),
            Action::ProduceRate {
                topic,
                per_second,
                until_ms,
                acks,
            } => self.produce_rate(topic, *per_second, *until_ms, *acks),
            Action::Consume { topic, client_rack } => self.consume(topic, client_rack.clone()),
            Action::Crash { broker } => self.crash(*broker, false),
            Action::PowerLoss { broker } => self.crash(*broker, true),
            Action::Shutdown { broker } => self
                .with_node(NodeId::Broker(*broker), |n, ctx, out| {
                    n.into_broker().begin_controlled_shutdown(ctx, out)
                }),
            Action::Restart { broker } => self.restart(*broker),
            Action::FailRack { rack } => self.fail_rack(rack),
            Action::RestoreRack { rack } => self.restore_rack(rack),
            Action::Isolate { .. }
            | Action::Partition { .. }
            | Action::Cut { .. }
            | Action::Heal
            | Action::Slow { .. } => self.change_network(action),
            Action::PauseFetcher { broker } => self.set_fetcher(*broker, true),
            Action::ResumeFetcher { broker } => self.set_fetcher(*broker, false),
            Action::ElectPreferred { topic, partition } => {
                self.elect(ElectionType::Preferred, topic.as_deref(), *partition)
            }
            Action::ElectLeaders {
                election_type,
                topic,
                partition,
            } => self.elect(*election_type, topic.as_deref(), *partition),
            Action::SetConfig { key, value, topic } => {
                self.set_config(key, value, topic.as_deref())
            }
            Action::Reassign {
                topic,
                partition,
                replicas,
            } => self.reassign(&TopicPartition::new(topic, *partition), replicas),
            Action::ReassignPlan { partitions } => self.reassign_plan(action, partitions),
        }
    }

    /// The producer sends the given values, or `Count` generated ones, one request each.
    fn produce(
        &mut self,
        topic: &str,
        partition: Option<u32>,
        key: Option<&str>,
        values: &ProduceValues,
        acks: Option<Acks>,
    ) {
        let values: Vec<Option<Value>> = match values {
            ProduceValues::Values(v) => v.iter().map(|s| Some(Value::named(s))).collect(),
            ProduceValues::Count(n) => (0..*n).map(|_| None).collect(),
        };
        for value in values {
            self.with_node(NodeId::Clients, |n, ctx, out| {
                let clients = n.into_clients();
                let value = value.unwrap_or_else(|| clients.next_value());
                clients.produce(ctx, out, topic, partition, key, value, acks, false);
            });
        }
    }

    /// Start producing to `topic` at a steady rate; a rate of 0 stops the topic's rates.
    fn produce_rate(
        &mut self,
        topic: &str,
        per_second: u32,
        until_ms: Option<u64>,
        acks: Option<Acks>,
    ) {
        if per_second == 0 {
            let now_ms = self.now_ms;
            self.clients.stop_rates(topic, now_ms);
            return;
        }
        let rate = ProduceRate {
            topic: topic.to_string(),
            per_second,
            until_ms,
            acks,
            started_ms: self.now_ms,
            emitted: 0,
        };
        self.with_node(NodeId::Clients, |n, ctx, out| {
            n.into_clients().start_rate(ctx, out, rate)
        });
    }

    /// A new consumer of `topic`, in its own rack or the cluster's `client.rack`.
    fn consume(&mut self, topic: &str, client_rack: Option<String>) {
        let rack = client_rack.or_else(|| self.config.client_rack.clone());
        self.with_node(NodeId::Clients, |n, ctx, out| {
            n.into_clients().add_consumer(ctx, out, topic, rack)
        });
    }

    /// Isolate, partition, cut, heal or slow the network, and say so in the trace.
    fn change_network(&mut self, action: &Action) {
        let what = match action {
            Action::Isolate { node } => {
                self.network.isolate(*node);
                text!(
                    "{node} is isolated from every other node",
                    node = node.text()
                )
            }
            Action::Partition { groups } => {
                self.network.partition(groups);
                let listed = groups
                    .iter()
                    .map(|g| {
                        let nodes = g.iter().map(|n| n.text().into()).collect();
                        text!("[{nodes}]", nodes = Arg::List(nodes, ", ")).into()
                    })
                    .collect();
                text!(
                    "network partitioned into {groups}",
                    groups = Arg::List(listed, " | ")
                )
            }
            Action::Cut { from, to } => {
                self.network.cut_one_way(*from, *to);
                text!(
                    "messages from {from} to {to} are dropped",
                    from = from.text(),
                    to = to.text()
                )
            }
            Action::Heal => {
                self.network.heal();
                text!("the network is healed: every link is up at normal latency")
            }
            Action::Slow { node, latency_ms } => {
                self.network.slow(*node, *latency_ms);
                text!(
                    "{node} is slowed: +{latency_ms} ms on every message",
                    node = node.text(),
                    latency_ms = *latency_ms
                )
            }
            // Not a network action: nothing to change.
            _ => return,
        };
        self.record(EventKind::NetworkChanged { what });
    }

    /// `kafka-reassign-partitions.sh` for one partition: the controller starts the move.
    fn reassign(&mut self, tp: &TopicPartition, replicas: &[BrokerId]) {
        self.with_node(NodeId::Controller, |n, ctx, out| {
            n.into_controller().reassign(ctx, out, tp, replicas)
        });
    }

    /// Reassign each entry of a plan, recording the entries that would change nothing.
    fn reassign_plan(&mut self, action: &Action, partitions: &[PlanEntry]) {
        for entry in partitions {
            let tp = TopicPartition::new(&entry.topic, entry.partition);
            if let Some(why) = crate::sim::ignored::reassignment(self, &tp, &entry.replicas) {
                self.record(EventKind::ActionIgnored {
                    action: action.kind(),
                    broker: None,
                    tp: Some(tp),
                    why,
                });
                continue;
            }
            self.with_node(NodeId::Controller, |n, ctx, out| {
                n.into_controller().reassign(ctx, out, &tp, &entry.replicas)
            });
        }
    }

    /// The partitions an election names: every one, a topic's, or one.
    pub(crate) fn election_targets(
        &self,
        topic: Option<&str>,
        partition: Option<u32>,
    ) -> Vec<TopicPartition> {
        self.controller
            .partitions
            .keys()
            .filter(|tp| {
                topic.is_none_or(|t| *tp.topic == *t) && partition.is_none_or(|p| tp.partition == p)
            })
            .cloned()
            .collect()
    }

    /// `kafka-leader-election.sh`: a preferred or an unclean election.
    fn elect(&mut self, election_type: ElectionType, topic: Option<&str>, partition: Option<u32>) {
        let targets = self.election_targets(topic, partition);
        let scope = election_scope(topic, partition);
        match election_type {
            ElectionType::Preferred => {
                self.record(EventKind::PreferredElectionRequested { scope });
                self.with_node(NodeId::Controller, |n, ctx, out| {
                    n.into_controller().elect_preferred(ctx, out, &targets)
                });
            }
            ElectionType::Unclean => {
                self.record(EventKind::UncleanElectionRequested { scope });
                self.with_node(NodeId::Controller, |n, ctx, out| {
                    n.into_controller().elect_unclean(ctx, out, &targets)
                });
            }
        }
    }

    /// Cut the power of every broker in `rack` (those already down are skipped).
    fn fail_rack(&mut self, rack: &str) {
        for b in self.brokers_in_rack(rack) {
            self.crash(b, true);
        }
    }

    /// Start every broker of `rack` again (those running are skipped).
    fn restore_rack(&mut self, rack: &str) {
        for b in self.brokers_in_rack(rack) {
            self.restart(b);
        }
    }

    fn brokers_in_rack(&self, rack: &str) -> Vec<BrokerId> {
        self.brokers
            .values()
            .filter(|b| b.rack.as_deref() == Some(rack))
            .map(|b| b.id)
            .collect()
    }

    /// Kill a broker's process, or cut its machine's power (also of a broker killed before:
    /// its page cache goes). A rack action skips brokers this would not change.
    fn crash(&mut self, broker: BrokerId, power_loss: bool) {
        let action = if power_loss {
            Action::PowerLoss { broker }
        } else {
            Action::Crash { broker }
        };
        if self.why_ignored(&action).is_some() {
            return;
        }
        let now = self.now_ms;
        let mut out = Outbox::default();
        let Some(b) = self.brokers.get_mut(&broker) else {
            return;
        };
        let queued_restart = b.restart_after_shutdown;
        b.crash(power_loss, now, &mut out);
        self.record(EventKind::BrokerCrashed { broker, power_loss });
        if queued_restart {
            self.record(EventKind::ActionIgnored {
                action: "restart",
                broker: Some(broker),
                tp: None,
                why: text!(
                    "restart ignored: broker {broker} went down before its controlled shutdown \
                     finished; restart it again",
                    broker
                ),
            });
        }
        self.dispatch(NodeId::Broker(broker), out);
        // A killed process's sockets are reset by its OS; a machine that lost power sends
        // nothing, and its peers find out only by timeouts.
        if !power_loss {
            let peers: Vec<BrokerId> = self
                .brokers
                .keys()
                .copied()
                .filter(|&b| b != broker)
                .collect();
            for peer in peers {
                self.with_node(NodeId::Broker(peer), |n, ctx, out| {
                    n.into_broker().peer_disconnected(broker, ctx, out)
                });
            }
            self.with_node(NodeId::Clients, |n, ctx, out| {
                n.into_clients().broker_disconnected(ctx, out, broker)
            });
        }
    }

    /// Start a stopped or crashed broker as a new process; one still in its controlled shutdown
    /// starts once that finishes. A rack action skips brokers already running.
    fn restart(&mut self, broker: BrokerId) {
        if self.why_ignored(&Action::Restart { broker }).is_some() {
            return;
        }
        let Some(b) = self.brokers.get_mut(&broker) else {
            return;
        };
        if b.is_running() {
            b.restart_after_shutdown = true;
            self.record(EventKind::RestartQueued { broker });
            return;
        }
        self.record(EventKind::BrokerRestarted { broker });
        self.with_node(NodeId::Broker(broker), |n, ctx, out| {
            n.into_broker().restart(ctx, out)
        });
    }

    fn set_fetcher(&mut self, broker: BrokerId, paused: bool) {
        self.record(EventKind::FetcherPaused { broker, paused });
        self.with_node(NodeId::Broker(broker), |n, ctx, out| {
            n.into_broker().set_fetcher_paused(paused, ctx, out)
        });
    }

    /// A dynamic config change. The scenario parser validated key and value already.
    fn set_config(&mut self, key: &str, value: &serde_json::Value, topic: Option<&str>) {
        // Topic overrides are kept apart from cluster settings, and each topic's effective
        // config is derived again, so a cluster change never erases a topic's override.
        let applied = match topic {
            Some(t) => self
                .topic_overrides
                .get_mut(t)
                .is_some_and(|o| o.set(key, value).is_ok()),
            None => self.config.set(key, value).is_ok(),
        };
        for (name, overrides) in &self.topic_overrides {
            self.topic_configs
                .insert(name.clone(), self.config.for_topic(overrides));
        }
        if !applied {
            return;
        }
        self.network.base_latency_ms = self.config.network_latency_ms;
        let shown = match value {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        self.record(EventKind::ConfigChanged {
            key: key.to_string(),
            value: shown,
            topic: topic.map(str::to_string),
        });
        if key == "min.insync.replicas" && self.profile.elr_enabled() {
            self.with_node(NodeId::Controller, |n, ctx, out| {
                n.into_controller().clear_elr(ctx, out, topic)
            });
        }
        // Enabling unclean election dynamically: the ZooKeeper controller elects for offline
        // partitions at once; a KRaft controller waits for its periodic scan.
        if key == "unclean.leader.election.enable"
            && rules::unclean_election::enabling_elects_at_once(self.profile.is_zookeeper())
        {
            self.with_node(NodeId::Controller, |n, ctx, out| {
                n.into_controller().elect_where_leaderless(ctx, out)
            });
        }
    }
}

/// The partitions an election names, in words.
pub(crate) fn election_scope(topic: Option<&str>, partition: Option<u32>) -> Arg {
    match (topic, partition) {
        (Some(t), Some(p)) => Arg::Plain(format!("{t}-{p}")),
        (Some(t), None) => text!("topic {t}", t).into(),
        _ => text!("every partition").into(),
    }
}
