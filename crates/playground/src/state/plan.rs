//! Moves staged by hand (drag and drop, the plans panel) before they are applied together as one
//! `kafka-reassign-partitions.sh` plan.

use replication_core::plan::{plan_json, throttle_actions};
use replication_core::scenario::{Action, PlanEntry};
use replication_core::sim::World;
use replication_core::BrokerId;

/// The actions that apply a reassignment plan (a dragged replica, a pasted or staged plan):
/// while a replication throttle rate is set, the plan's moving replicas are throttled first,
/// as `kafka-reassign-partitions.sh --execute --throttle` does (the rates are already set).
pub fn reassignment_actions(world: &World, plan: Vec<PlanEntry>) -> Vec<Action> {
    let mut actions = Vec::new();
    if let Some(rate) = world.config().leader_replication_throttled_rate {
        actions = throttle_actions(world, &plan, rate);
        actions.retain(|a| matches!(a, Action::SetConfig { topic: Some(_), .. }));
    }
    actions.push(Action::ReassignPlan { partitions: plan });
    actions
}

/// The staged moves: one target replica list per partition, in the order first staged.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StagedPlan {
    pub entries: Vec<PlanEntry>,
}

impl StagedPlan {
    /// Stage moving `topic`-`partition` to `target`; a later move of the same partition
    /// replaces the earlier one (in place).
    pub fn stage(&mut self, topic: &str, partition: u32, target: Vec<BrokerId>) {
        let entry = PlanEntry {
            topic: topic.to_string(),
            partition,
            replicas: target,
            log_dirs: None,
        };
        match self.position(topic, partition) {
            Some(i) => self.entries[i] = entry,
            None => self.entries.push(entry),
        }
    }

    /// Unstage a partition's move; false when none was staged.
    pub fn remove(&mut self, topic: &str, partition: u32) -> bool {
        let found = self.position(topic, partition);
        if let Some(i) = found {
            self.entries.remove(i);
        }
        found.is_some()
    }

    /// The staged target of a partition, if any.
    pub fn target(&self, topic: &str, partition: u32) -> Option<&[BrokerId]> {
        self.position(topic, partition)
            .map(|i| self.entries[i].replicas.as_slice())
    }

    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// Partitions with a staged move.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The staged moves as the tool's plan JSON.
    pub fn to_plan_json(&self) -> String {
        plan_json(&self.entries)
    }

    fn position(&self, topic: &str, partition: u32) -> Option<usize> {
        self.entries
            .iter()
            .position(|e| e.topic == topic && e.partition == partition)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(list: &[u32]) -> Vec<BrokerId> {
        list.iter().copied().map(BrokerId).collect()
    }

    #[test]
    fn a_later_move_of_the_same_partition_replaces_the_earlier_one() {
        let mut plan = StagedPlan::default();
        plan.stage("orders", 0, ids(&[4, 2, 3]));
        plan.stage("orders", 1, ids(&[1, 2, 3]));
        plan.stage("orders", 0, ids(&[5, 2, 3]));
        assert_eq!(plan.entries.len(), 2);
        assert_eq!(plan.target("orders", 0), Some(ids(&[5, 2, 3]).as_slice()));
        assert_eq!(plan.entries[0].partition, 0, "replaced in place");
        assert_eq!(plan.target("payments", 0), None);
    }

    #[test]
    fn remove_and_clear_unstage_moves() {
        let mut plan = StagedPlan::default();
        plan.stage("orders", 0, ids(&[4, 2, 3]));
        plan.stage("orders", 1, ids(&[1, 2, 3]));
        assert!(plan.remove("orders", 0));
        assert!(!plan.remove("orders", 0));
        assert_eq!(plan.entries.len(), 1);
        plan.clear();
        assert!(plan.is_empty());
    }

    #[test]
    fn the_staged_moves_are_written_as_the_tools_plan() {
        let mut plan = StagedPlan::default();
        plan.stage("orders", 1, ids(&[1, 2]));
        plan.stage("orders", 0, ids(&[3]));
        assert_eq!(
            plan.to_plan_json(),
            "{\"version\":1,\"partitions\":[\
             {\"topic\":\"orders\",\"partition\":0,\"replicas\":[3],\"log_dirs\":[\"any\"]},\
             {\"topic\":\"orders\",\"partition\":1,\"replicas\":[1,2],\"log_dirs\":[\"any\",\"any\"]}]}"
        );
    }
}
