//! The simulated network: per-direction links that have a latency and can be cut or slowed
//! (turmoil-style faults: healthy, cut one way, partitioned into groups, slowed).

use crate::ids::NodeId;
use crate::vec_map::{VecMap, VecSet};

/// Faults are kept as they were given, not as the links they cut: a `partition` of n nodes
/// cuts about n² links, and storing each would make one action cost n² (or n³ with inserts
/// into a sorted set); kept as groups it costs n log n, and a link check a lookup per fault.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Network {
    pub base_latency_ms: u64,
    /// Directed links that drop everything: (from, to).
    cut: VecSet<(NodeId, NodeId)>,
    /// Nodes whose every link is cut, both ways.
    isolated: VecSet<NodeId>,
    /// Each network partition in force: every listed node's group. Links between nodes of
    /// different groups are cut; nodes not listed keep their links.
    partitions: Vec<VecMap<NodeId, u32>>,
    /// Extra latency added to every message to or from a node.
    extra_latency_ms: VecMap<NodeId, u64>,
    /// Last delivery time per directed link, so each link stays FIFO like a TCP connection.
    last_delivery_ms: VecMap<(NodeId, NodeId), u64>,
}

impl Network {
    pub fn new(base_latency_ms: u64) -> Self {
        Self {
            base_latency_ms,
            ..Self::default()
        }
    }

    pub fn is_up(&self, from: NodeId, to: NodeId) -> bool {
        if from == to {
            return true;
        }
        let split = |groups: &VecMap<NodeId, u32>| matches!((groups.get(&from), groups.get(&to)), (Some(a), Some(b)) if a != b);
        !self.cut.contains(&(from, to))
            && !self.isolated.contains(&from)
            && !self.isolated.contains(&to)
            && !self.partitions.iter().any(split)
    }

    /// When a message sent now would arrive, or `None` if the link is cut.
    pub fn schedule(&mut self, from: NodeId, to: NodeId, now_ms: u64) -> Option<u64> {
        if !self.is_up(from, to) {
            return None;
        }
        let latency = self.base_latency_ms + self.extra(from) + self.extra(to);
        let last = self.last_delivery_ms.entry((from, to)).or_insert(0);
        let at = (now_ms + latency).max(*last);
        *last = at;
        Some(at)
    }

    pub fn extra(&self, node: NodeId) -> u64 {
        self.extra_latency_ms.get(&node).copied().unwrap_or(0)
    }

    pub fn cut_one_way(&mut self, from: NodeId, to: NodeId) {
        if from != to {
            self.cut.insert((from, to));
        }
    }

    /// Cut every link of `node`, both ways.
    pub fn isolate(&mut self, node: NodeId) {
        self.isolated.insert(node);
    }

    /// Cut links between nodes of different groups; nodes in no group keep their links. A
    /// node listed twice counts in its first group (the scenario parser refuses that anyway).
    pub fn partition(&mut self, groups: &[Vec<NodeId>]) {
        let mut members: Vec<(NodeId, u32, usize)> = groups
            .iter()
            .enumerate()
            .flat_map(|(g, group)| group.iter().map(move |&node| (node, g as u32)))
            .enumerate()
            .map(|(listed, (node, g))| (node, g, listed))
            .collect();
        // Sorted once, so building the map only appends: n log n for n nodes.
        crate::sorting::sort_by_key(&mut members, |&(node, _, listed)| (node, listed));
        members.dedup_by_key(|m| m.0);
        self.partitions
            .push(members.into_iter().map(|(node, g, _)| (node, g)).collect());
    }

    pub fn slow(&mut self, node: NodeId, latency_ms: u64) {
        self.extra_latency_ms.insert(node, latency_ms);
    }

    pub fn heal(&mut self) {
        self.cut.clear();
        self.isolated.clear();
        self.partitions.clear();
        self.extra_latency_ms.clear();
    }

    /// True if every link to and from `node` among `others` is cut.
    pub fn is_isolated(&self, node: NodeId, others: &[NodeId]) -> bool {
        others
            .iter()
            .filter(|&&o| o != node)
            .all(|&o| !self.is_up(node, o) && !self.is_up(o, node))
            && others.len() > 1
    }

    /// Every cut link (from, to) among `nodes`, in order. Quadratic in the nodes, so for
    /// showing, not for the simulation; nothing to list costs nothing.
    pub fn cut_links(&self, nodes: &[NodeId]) -> Vec<(NodeId, NodeId)> {
        if self.cut.is_empty() && self.isolated.is_empty() && self.partitions.is_empty() {
            return Vec::new();
        }
        let mut nodes = nodes.to_vec();
        crate::sorting::sort(&mut nodes);
        nodes.dedup();
        let mut links = Vec::new();
        for &from in &nodes {
            for &to in &nodes {
                if !self.is_up(from, to) {
                    links.push((from, to));
                }
            }
        }
        links
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::BrokerId;

    const A: NodeId = NodeId::Broker(BrokerId(1));
    const B: NodeId = NodeId::Broker(BrokerId(2));
    const C: NodeId = NodeId::Controller;

    #[test]
    fn a_one_way_cut_drops_only_that_direction() {
        let mut net = Network::new(1);
        net.cut_one_way(A, B);
        assert_eq!(net.schedule(A, B, 10), None);
        assert_eq!(net.schedule(B, A, 10), Some(11));
    }

    #[test]
    fn groups_are_cut_from_each_other_but_not_from_unlisted_nodes() {
        let mut net = Network::new(1);
        net.partition(&[vec![A], vec![B]]);
        assert!(!net.is_up(A, B) && !net.is_up(B, A));
        assert!(net.is_up(A, C) && net.is_up(C, B));
        net.heal();
        assert!(net.is_up(A, B));
    }

    #[test]
    fn isolation_cuts_every_link_of_the_node_both_ways() {
        let mut net = Network::new(1);
        net.isolate(A);
        assert!(!net.is_up(A, B) && !net.is_up(C, A));
        assert!(net.is_up(B, C) && net.is_up(A, A));
        assert_eq!(
            net.cut_links(&[C, B, A]),
            vec![(A, B), (A, C), (B, A), (C, A)]
        );
    }

    #[test]
    fn partitions_add_up_until_healed() {
        let mut net = Network::new(1);
        net.partition(&[vec![A], vec![B, C]]);
        net.partition(&[vec![B], vec![C]]);
        assert!(!net.is_up(A, B) && !net.is_up(B, C) && !net.is_up(C, A));
        net.heal();
        assert!(net.cut_links(&[A, B, C]).is_empty());
    }

    #[test]
    fn a_partition_of_many_nodes_is_linear_not_one_cut_per_link() {
        let nodes: Vec<NodeId> = (0..20_000).map(|i| NodeId::Broker(BrokerId(i))).collect();
        let groups: Vec<Vec<NodeId>> = nodes.iter().map(|&n| vec![n]).collect();
        let mut net = Network::new(1);
        // 400 million links if each were stored; as groups, a map of 20,000 entries.
        net.partition(&groups);
        assert!(!net.is_up(nodes[0], nodes[19_999]));
        assert!(net.is_up(nodes[7], nodes[7]));
        assert_eq!(net.partitions[0].len(), 20_000);
    }

    #[test]
    fn slowed_nodes_add_latency_and_links_stay_fifo() {
        let mut net = Network::new(1);
        net.slow(B, 50);
        assert_eq!(net.schedule(A, B, 0), Some(51));
        net.heal();
        // Healing lowers latency, but a later message never overtakes an earlier one.
        assert_eq!(net.schedule(A, B, 1), Some(51));
        assert_eq!(net.schedule(A, B, 60), Some(61));
    }
}
