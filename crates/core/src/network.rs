//! The simulated network: per-direction links that have a latency and can be cut or slowed
//! (turmoil-style faults: healthy, cut one way, partitioned into groups, slowed).

use crate::ids::NodeId;
use crate::vec_map::{VecMap, VecSet};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Network {
    pub base_latency_ms: u64,
    /// Directed links that drop everything: (from, to).
    cut: VecSet<(NodeId, NodeId)>,
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
        !self.cut.contains(&(from, to))
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

    /// Cut every link of `node`, both ways, to each of `others`.
    pub fn isolate(&mut self, node: NodeId, others: &[NodeId]) {
        for &other in others {
            self.cut_one_way(node, other);
            self.cut_one_way(other, node);
        }
    }

    /// Cut links between nodes of different groups; nodes in no group keep their links.
    pub fn partition(&mut self, groups: &[Vec<NodeId>]) {
        for (i, a) in groups.iter().enumerate() {
            for b in &groups[i + 1..] {
                for &x in a {
                    for &y in b {
                        self.cut_one_way(x, y);
                        self.cut_one_way(y, x);
                    }
                }
            }
        }
    }

    pub fn slow(&mut self, node: NodeId, latency_ms: u64) {
        self.extra_latency_ms.insert(node, latency_ms);
    }

    pub fn heal(&mut self) {
        self.cut.clear();
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

    pub fn cut_links(&self) -> impl Iterator<Item = &(NodeId, NodeId)> {
        self.cut.iter()
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
