//! Unit tests of [`Partition`], built directly (no scenario), each asserting a rule of Kafka's
//! `Partition.scala`.

use super::*;

#[test]
fn a_hw_at_the_log_end_passes_the_assertion() {
    let partition = Partition::new(
        TopicPartition::new("t", 0),
        BrokerId(2),
        Log::starting_at(5),
        5,
    );
    partition.debug_assert_hw_within_log("leader");
}

#[test]
#[cfg(debug_assertions)]
#[should_panic(expected = "t-0: follower broker 2 set HW 6 above its LEO 5")]
fn a_hw_above_the_log_end_fails_in_debug_builds() {
    let partition = Partition::new(
        TopicPartition::new("t", 0),
        BrokerId(2),
        Log::starting_at(5),
        6,
    );
    partition.debug_assert_hw_within_log("follower");
}
