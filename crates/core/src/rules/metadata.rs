//! How the controller's partition changes reach a broker.

use crate::config::Profile;

/// Whether a partition change the controller publishes reaches a broker, given the two
/// directions of the link between them.
///
/// KRaft brokers pull the metadata log: every change arrives in the response to the broker's
/// own fetch from the controller quorum (KIP-500, KIP-631's `BrokerMetadataListener`), so a
/// broker whose requests cannot reach the controller hears nothing, even where the controller
/// could reach it. A ZooKeeper-mode controller pushes `LeaderAndIsr` requests to the brokers.
pub fn partition_change_arrives(
    profile: Profile,
    controller_to_broker: bool,
    broker_to_controller: bool,
) -> bool {
    controller_to_broker && (profile.is_zookeeper() || broker_to_controller)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kraft_needs_both_directions_zookeeper_only_the_push() {
        // (profile, controller → broker up, broker → controller up, arrives)
        let table = [
            (Profile::KraftElr, true, true, true),
            (Profile::KraftElr, true, false, false),
            (Profile::KraftElr, false, true, false),
            (Profile::Kraft, true, false, false),
            (Profile::Kraft, true, true, true),
            (Profile::Zk, true, false, true),
            (Profile::Zk, false, true, false),
            (Profile::HwTruncation, true, false, true),
            (Profile::HwTruncation, false, false, false),
        ];
        for (profile, down, up, arrives) in table {
            assert_eq!(
                partition_change_arrives(profile, down, up),
                arrives,
                "{profile:?}, controller → broker {down}, broker → controller {up}"
            );
        }
    }
}
