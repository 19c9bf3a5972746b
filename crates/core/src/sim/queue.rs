//! The world's event queue, in (time, class, insertion) order: deliveries and actions in a
//! binary heap, timers in an ordered map that can move or cancel them. Keys are unique, so
//! taking the smaller head of the two gives exactly the order of one sorted queue.

use super::Timer;
use crate::ids::NodeId;
use crate::sim::protocol::Envelope;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BinaryHeap};

/// Queue order: time, then actions before everything else at that time, then insertion order.
pub(crate) type QueueKey = (u64, u8, u64);
pub(crate) const CLASS_ACTION: u8 = 0;
pub(crate) const CLASS_OTHER: u8 = 1;

/// The next event, borrowed: `EventQueue::peek`.
pub(crate) enum Peeked<'a> {
    Deliver(&'a Envelope),
    Timer(NodeId, &'a Timer),
    Action(u32),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Queued {
    /// Boxed: heap entries move on every push and pop, so they stay small.
    Deliver(Box<Envelope>),
    Timer {
        node: NodeId,
        incarnation: u32,
        timer: Timer,
    },
    Action(u32),
}

#[derive(Clone, Debug)]
struct Entry {
    key: QueueKey,
    item: Queued,
}

/// Keys are unique (the insertion counter), so ordering by key alone is a total order; it is
/// reversed because `BinaryHeap` pops its greatest entry.
impl Ord for Entry {
    fn cmp(&self, other: &Self) -> Ordering {
        other.key.cmp(&self.key)
    }
}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}

impl Eq for Entry {}

#[derive(Clone, Debug, Default)]
pub(crate) struct EventQueue {
    /// Deliveries and actions, which are never removed before they are due.
    heap: BinaryHeap<Entry>,
    /// Pending timers by key. Most timers are cancelled or moved long before they fire, so
    /// they live apart in an ordered map rather than as dead weight in the heap. A `BTreeMap`,
    /// unlike the rest of the core's `VecMap`s: a busy cluster has thousands of timers, moved
    /// on almost every event, and a sorted `Vec` would shift them all each time.
    timers: BTreeMap<QueueKey, (NodeId, u32, Timer)>,
    /// Where each node's pending timers sit in `timers`, to move or cancel them.
    timer_keys: BTreeMap<(NodeId, Timer), QueueKey>,
    seq: u64,
}

impl EventQueue {
    fn next_key(&mut self, at_ms: u64, class: u8) -> QueueKey {
        self.seq += 1;
        (at_ms, class, self.seq)
    }

    /// Queue a delivery or an action.
    pub(crate) fn push(&mut self, at_ms: u64, class: u8, item: Queued) {
        let key = self.next_key(at_ms, class);
        self.heap.push(Entry { key, item });
    }

    /// Set `node`'s `timer` to fire at `at_ms`, moving it if it was already set.
    pub(crate) fn set_timer(&mut self, node: NodeId, incarnation: u32, at_ms: u64, timer: Timer) {
        let key = self.next_key(at_ms, CLASS_OTHER);
        if let Some(old) = self.timer_keys.insert((node, timer.clone()), key) {
            self.timers.remove(&old);
        }
        self.timers.insert(key, (node, incarnation, timer));
    }

    pub(crate) fn cancel_timer(&mut self, node: NodeId, timer: Timer) {
        if let Some(key) = self.timer_keys.remove(&(node, timer)) {
            self.timers.remove(&key);
        }
    }

    /// When `node`'s `timer` is due, if it is set.
    pub(crate) fn timer_at(&self, node: NodeId, timer: &Timer) -> Option<u64> {
        self.timer_keys.get(&(node, timer.clone())).map(|key| key.0)
    }

    /// The key of the next event, and whether it is a timer.
    fn next(&self) -> Option<(QueueKey, bool)> {
        let timer = self.timers.keys().next().copied();
        let other = self.heap.peek().map(|e| e.key);
        match (timer, other) {
            (Some(t), Some(o)) => Some(if t < o { (t, true) } else { (o, false) }),
            (Some(t), None) => Some((t, true)),
            (None, o) => o.map(|o| (o, false)),
        }
    }

    /// The next event in key order, without taking it (for saying what a step will do).
    pub(crate) fn peek(&self) -> Option<Peeked<'_>> {
        let (_, is_timer) = self.next()?;
        if is_timer {
            let (node, _, timer) = self.timers.values().next()?;
            return Some(Peeked::Timer(*node, timer));
        }
        Some(match &self.heap.peek()?.item {
            Queued::Deliver(envelope) => Peeked::Deliver(envelope),
            Queued::Timer { node, timer, .. } => Peeked::Timer(*node, timer),
            Queued::Action(i) => Peeked::Action(*i),
        })
    }

    /// Deliveries, actions and timers queued.
    pub(crate) fn len(&self) -> usize {
        self.heap.len() + self.timers.len()
    }

    /// When the next event is due.
    pub(crate) fn next_at(&self) -> Option<u64> {
        self.next().map(|(key, _)| key.0)
    }

    /// The next event in key order, if it is due at or before `limit_ms`.
    pub(crate) fn pop_due(&mut self, limit_ms: u64) -> Option<(QueueKey, Queued)> {
        let (next, is_timer) = self.next()?;
        if next.0 > limit_ms {
            return None;
        }
        if !is_timer {
            return self.heap.pop().map(|e| (e.key, e.item));
        }
        let (key, (node, incarnation, timer)) = self.timers.pop_first()?;
        let timer = self.timer_keys.remove_entry(&(node, timer)).map_or_else(
            || unreachable!("every pending timer is indexed"),
            |((_, t), _)| t,
        );
        let item = Queued::Timer {
            node,
            incarnation,
            timer,
        };
        Some((key, item))
    }

    /// Messages on the wire, in delivery order.
    pub(crate) fn deliveries(&self) -> Vec<&Envelope> {
        let mut entries: Vec<&Entry> = self.heap.iter().collect();
        // Keys are unique (they end in a sequence number).
        crate::sorting::sort_by_key(&mut entries, |e| e.key);
        entries
            .into_iter()
            .filter_map(|e| match &e.item {
                Queued::Deliver(envelope) => Some(envelope.as_ref()),
                _ => None,
            })
            .collect()
    }
}
