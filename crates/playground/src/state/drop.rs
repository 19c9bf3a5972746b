//! Dragging a replica chip onto another broker: which drops are valid, and the replica list a
//! valid drop asks for. The reassignment itself is the core's (KIP-455); this only builds the
//! target list the way `kafka-reassign-partitions.sh` would be given it.

use crate::i18n::{trf, Key, Lang};
use replication_core::view::PartitionView;
use replication_core::BrokerId;

/// Why a drop is refused (Kafka's rules for a reassignment's replica list).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DropRefused {
    /// Dropped back on its own broker.
    AlreadyThere,
    /// `from` holds no replica of the partition that is staying (e.g. one being removed).
    NothingToMove,
    /// `to` already holds a replica: Kafka refuses a replica list naming a broker twice.
    OneReplicaPerBroker,
}

impl DropRefused {
    /// The reason in words, for the drop target.
    pub fn describe(self, lang: Lang, p: &PartitionView, from: BrokerId, to: BrokerId) -> String {
        let name = p.name();
        match self {
            DropRefused::AlreadyThere => trf(lang, Key::DropAlreadyThere, &[&name, &to]),
            DropRefused::NothingToMove => trf(lang, Key::DropNothingToMove, &[&from, &name]),
            DropRefused::OneReplicaPerBroker => {
                trf(lang, Key::DropOneReplicaPerBroker, &[&to, &name])
            }
        }
    }
}

/// Dropping the replica of `p` on broker `from` onto broker `to`. A move keeps the replication
/// factor and the replica's place in the list (so the preferred leader moves with it); with
/// `add` (asked for explicitly) the replica is copied instead, raising the replication factor.
pub fn check_drop(
    p: &PartitionView,
    from: BrokerId,
    to: BrokerId,
    add: bool,
) -> Result<Vec<BrokerId>, DropRefused> {
    let target = p.target_replicas();
    if from == to {
        return Err(DropRefused::AlreadyThere);
    }
    if !target.contains(&from) {
        return Err(DropRefused::NothingToMove);
    }
    if target.contains(&to) {
        return Err(DropRefused::OneReplicaPerBroker);
    }
    if add {
        let mut list = target;
        list.push(to);
        return Ok(list);
    }
    Ok(target
        .into_iter()
        .map(|b| if b == from { to } else { b })
        .collect())
}

/// Words for a valid drop's effect, e.g. `move orders-0 from broker 1 to broker 4: replicas
/// [4,2,3]`.
pub fn describe_drop(
    lang: Lang,
    p: &PartitionView,
    from: BrokerId,
    to: BrokerId,
    target: &[BrokerId],
) -> String {
    let list: Vec<String> = target.iter().map(|b| b.to_string()).collect();
    let key = if target.len() > p.target_replicas().len() {
        Key::DropCopy
    } else {
        Key::DropMove
    };
    trf(lang, key, &[&p.name(), &from, &to, &list.join(",")])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn partition(replicas: &[u32], removing: &[u32]) -> PartitionView {
        let ids = |v: &[u32]| v.iter().map(|&b| BrokerId(b)).collect::<Vec<_>>();
        PartitionView {
            topic: "orders".into(),
            partition: 0,
            replicas: ids(replicas),
            leader: Some(BrokerId(replicas[0])),
            leader_epoch: 0,
            isr: ids(replicas),
            elr: vec![],
            adding_replicas: vec![],
            removing_replicas: ids(removing),
            adding_progress: vec![],
        }
    }

    fn ids(v: &[u32]) -> Vec<BrokerId> {
        v.iter().map(|&b| BrokerId(b)).collect()
    }

    #[test]
    fn drops_follow_kafkas_replica_list_rules() {
        let p = partition(&[1, 2, 3], &[]);
        let moving = partition(&[4, 2, 3, 1], &[1]);
        // (partition, from, to, copy, the replica list or a word of the reason)
        type Case<'a> = (
            &'a PartitionView,
            u32,
            u32,
            bool,
            Result<Vec<BrokerId>, DropRefused>,
        );
        let cases: [Case; 7] = [
            // A move keeps the replica's position: broker 4 becomes the preferred leader.
            (&p, 1, 4, false, Ok(ids(&[4, 2, 3]))),
            (&p, 3, 5, false, Ok(ids(&[1, 2, 5]))),
            // Asked for: a copy raises the replication factor.
            (&p, 2, 6, true, Ok(ids(&[1, 2, 3, 6]))),
            // The same broker twice in one partition is refused.
            (&p, 1, 2, false, Err(DropRefused::OneReplicaPerBroker)),
            (&p, 1, 1, false, Err(DropRefused::AlreadyThere)),
            // While a move runs, the base is the target list, not target ++ removing.
            (&moving, 4, 5, false, Ok(ids(&[5, 2, 3]))),
            (&moving, 1, 5, false, Err(DropRefused::NothingToMove)),
        ];
        for (p, from, to, add, want) in cases {
            let got = check_drop(p, BrokerId(from), BrokerId(to), add);
            assert_eq!(got, want, "{from} → {to}");
        }
    }

    #[test]
    fn descriptions_say_move_or_copy_in_both_languages() {
        crate::i18n::zh::install_shipped();
        let p = partition(&[1, 2, 3], &[]);
        let (b1, b4) = (BrokerId(1), BrokerId(4));
        assert_eq!(
            describe_drop(Lang::En, &p, b1, b4, &ids(&[4, 2, 3])),
            "move orders-0 from broker 1 to broker 4: replicas [4,2,3]"
        );
        assert_eq!(
            describe_drop(Lang::Zh, &p, b1, b4, &ids(&[1, 2, 3, 4])),
            "把 orders-0 从 Broker 1 复制到 Broker 4：副本 [1,2,3,4]"
        );
        assert_eq!(
            DropRefused::OneReplicaPerBroker.describe(Lang::En, &p, b1, BrokerId(2)),
            "broker 2 already holds a replica of orders-0: one replica per broker"
        );
        assert_eq!(
            DropRefused::AlreadyThere.describe(Lang::Zh, &p, b1, b1),
            "orders-0 的副本已经在 Broker 1 上"
        );
    }
}

/// A replica chip being dragged (pointer) or carried (keyboard) towards another broker.
#[derive(Clone, Debug, PartialEq)]
pub struct DragState {
    pub partition: (String, u32),
    pub from: BrokerId,
    /// Pointer position in client pixels (unused when carried by keyboard).
    pub x: i32,
    pub y: i32,
    /// Where the drag started, to tell a drag from a click.
    pub start: (i32, i32),
    /// The broker under the pointer, or chosen with the arrow keys.
    pub over: Option<BrokerId>,
    /// Shift held: copy the replica (raise the replication factor) instead of moving it.
    pub copy: bool,
    pub keyboard: bool,
    /// Dragged with a finger: no Shift to copy, so the ghost says how to drop instead.
    pub touch: bool,
}

/// Pixels a pointer must travel before a press on a chip becomes a drag.
pub const DRAG_THRESHOLD_PX: i32 = 5;

impl DragState {
    pub fn is_drag(&self) -> bool {
        self.keyboard
            || (self.x - self.start.0).abs() + (self.y - self.start.1).abs() >= DRAG_THRESHOLD_PX
    }
}
