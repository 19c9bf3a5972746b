//! What the next step will process, in words, for the status bar after a single step: the
//! message delivered, the timer that fires on its node, or the scenario's action applied.

use super::MessageView;
use crate::sim::queue::Peeked;
use crate::sim::World;
use crate::text;
use crate::text::Text;

/// `None` when nothing is left to do (or the run stopped).
pub fn next_step(world: &World) -> Option<Text> {
    Some(match world.peek_next()? {
        Peeked::Deliver(envelope) => {
            let m = MessageView::of(envelope);
            text!(
                "{source} → {target}: {label}",
                source = m.source.text(),
                target = m.target.text(),
                label = m.label
            )
        }
        Peeked::Timer(node, timer) => text!(
            "{node}: {what}",
            node = node.text(),
            what = timer.describe()
        ),
        Peeked::Action(i) => text!(
            "the scenario's action: {kind}",
            kind = world.action_kind(i).unwrap_or("?")
        ),
    })
}
