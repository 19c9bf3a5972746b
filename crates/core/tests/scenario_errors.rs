//! Every kind of problem a scenario file can have, each pinned to its exact path and message.

use replication_core::config::{DYNAMIC_KEYS, KNOWN_KEYS};
use replication_core::scenario::parse_scenario;
use serde_json::{json, Value};

/// Three racked brokers and one three-partition topic: valid as it stands.
fn base() -> Value {
    json!({
        "brokers": [{"id": 1, "rack": "a"}, {"id": 2, "rack": "b"}, {"id": 3, "rack": "c"}],
        "topics": [{"name": "orders", "partitions": 3, "replication.factor": 3}],
        "actions": []
    })
}

/// `base()` with the value at a JSON pointer replaced (parents must exist).
fn with(mut doc: Value, pointer: &str, value: Value) -> Value {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let target = doc.pointer_mut(parent).unwrap();
    match target {
        Value::Object(map) => {
            map.insert(key.to_string(), value);
        }
        Value::Array(items) => {
            let index: usize = key.parse().unwrap();
            if index == items.len() {
                items.push(value);
            } else {
                items[index] = value;
            }
        }
        _ => panic!("{pointer} has no container parent"),
    }
    doc
}

fn with_actions(actions: Value) -> Value {
    with(base(), "/actions", actions)
}

/// A topic with an explicit assignment and the given starting state for partition 0.
fn with_state(profile: &str, state: Value) -> Value {
    let doc = with(base(), "/profile", json!(profile));
    with(
        doc,
        "/topics/0",
        json!({"name": "orders", "assignment": {"0": [1, 2, 3]}, "state": {"0": state}}),
    )
}

fn errors(doc: &Value) -> Vec<String> {
    match parse_scenario(&doc.to_string()) {
        Ok(_) => Vec::new(),
        Err(errs) => errs.iter().map(|e| e.to_string()).collect(),
    }
}

/// The document has exactly this one problem.
#[track_caller]
fn assert_only(doc: Value, expected: &str) {
    assert_eq!(errors(&doc), vec![expected.to_string()]);
}

#[test]
fn the_base_document_is_valid() {
    assert_eq!(errors(&base()), Vec::<String>::new());
}

// ---- the document ----

#[test]
fn malformed_json_is_one_error_at_the_root_with_line_and_column() {
    let errs = parse_scenario("{\"brokers\": [1,\n").unwrap_err();
    assert_eq!(errs.len(), 1);
    assert_eq!(errs.0[0].path, "$");
    assert!(
        errs.0[0].message.to_string().starts_with("invalid JSON: "),
        "{}",
        errs
    );
    assert!(errs.0[0].message.to_string().contains("line 2"), "{}", errs);
}

#[test]
fn a_root_that_is_not_an_object_is_refused() {
    assert_only(json!([1]), "$: expected an object, got [1]");
}

#[test]
fn an_unknown_root_field_lists_the_allowed_ones() {
    assert_only(
        with(base(), "/sede", json!(7)),
        "sede: unknown field; allowed fields are name, description, seed, profile, brokers, \
         config, topics, actions, run_until_ms",
    );
}

#[test]
fn an_unknown_profile_lists_the_profiles() {
    assert_only(
        with(base(), "/profile", json!("kraft2")),
        "profile: expected one of \"kraft-elr\", \"kraft\", \"zk\", \"hw-truncation\", got \"kraft2\"",
    );
}

#[test]
fn a_negative_seed_is_refused() {
    assert_only(
        with(base(), "/seed", json!(-1)),
        "seed: expected a whole number ≥ 0, got -1",
    );
}

#[test]
fn all_problems_are_reported_not_just_the_first() {
    let doc = with(base(), "/seed", json!("x"));
    let doc = with(doc, "/topics/0/partitions", json!(0));
    let doc = with(
        doc,
        "/actions",
        json!([{"at_ms": 0, "crash": {"broker": 9}}]),
    );
    assert_eq!(
        errors(&doc),
        vec![
            "seed: expected a whole number ≥ 0, got \"x\"",
            "topics[0].partitions: expected at least 1 partition, got 0",
            "actions[0].crash.broker: no broker 9; brokers are 1, 2, 3",
        ]
    );
}

#[test]
fn an_action_on_a_refused_topic_adds_no_error_of_its_own() {
    // The topic exists in the file; saying "no topic" would send the reader looking for it.
    let doc = with(base(), "/topics/0/partitions", json!(0));
    let doc = with(
        doc,
        "/actions",
        json!([{"at_ms": 0, "produce": {"topic": "orders", "count": 1}},
               {"at_ms": 0, "produce": {"topic": "orderz", "count": 1}}]),
    );
    assert_eq!(
        errors(&doc),
        vec![
            "topics[0].partitions: expected at least 1 partition, got 0",
            "actions[1].produce.topic: no topic \"orderz\"; the scenario has no valid topics",
        ]
    );
}

// ---- brokers ----

#[test]
fn brokers_are_required() {
    let mut doc = base();
    doc.as_object_mut().unwrap().remove("brokers");
    doc = with(doc, "/topics", json!([]));
    assert_only(doc, "brokers: required field is missing");
}

#[test]
fn an_empty_broker_list_is_refused() {
    let doc = with(with(base(), "/brokers", json!([])), "/topics", json!([]));
    assert_only(
        doc,
        "brokers: expected at least one broker, e.g. [{\"id\": 1}]",
    );
}

#[test]
fn duplicate_broker_ids_name_the_first_occurrence() {
    assert_only(
        with(base(), "/brokers/2", json!({"id": 1, "rack": "c"})),
        "brokers[2].id: duplicate broker id 1 (also brokers[0])",
    );
}

#[test]
fn an_empty_rack_is_refused() {
    assert_only(
        with(base(), "/brokers/1/rack", json!("")),
        "brokers[1].rack: expected a non-empty rack name; leave rack out for a broker without one",
    );
}

#[test]
fn an_unknown_broker_field_is_refused() {
    assert_only(
        with(base(), "/brokers/0/zone", json!("a")),
        "brokers[0].zone: unknown field; allowed fields are id, rack",
    );
}

#[test]
fn racks_on_only_some_brokers_are_refused_when_kafka_must_place_replicas() {
    let doc = with(base(), "/brokers/2", json!({"id": 3}));
    assert_only(
        doc,
        "brokers: some brokers have a rack (1, 2) and some do not (3); Kafka's rack-aware \
         placement, needed by topics[0] which has no assignment, wants a rack on every broker or \
         on none",
    );
}

#[test]
fn racks_on_only_some_brokers_are_fine_with_an_explicit_assignment() {
    let doc = with(base(), "/brokers/2", json!({"id": 3}));
    let doc = with(
        doc,
        "/topics/0",
        json!({"name": "orders", "assignment": {"0": [1, 2, 3]}}),
    );
    assert_eq!(errors(&doc), Vec::<String>::new());
}

// ---- config ----

#[test]
fn an_unknown_config_key_lists_the_known_keys() {
    assert_only(
        with(base(), "/config", json!({"replica.lag.time.ms": 5})),
        &format!(
            "config.replica.lag.time.ms: unknown key; known keys are {}",
            KNOWN_KEYS.join(", ")
        ),
    );
}

#[test]
fn a_config_value_of_the_wrong_kind_says_what_is_expected() {
    assert_only(
        with(base(), "/config", json!({"acks": "two"})),
        "config.acks: expected 0, 1, \"all\" or -1, got \"two\"",
    );
}

#[test]
fn a_config_value_out_of_kafkas_range_is_refused() {
    assert_only(
        with(base(), "/config", json!({"min.insync.replicas": 0})),
        "config.min.insync.replicas: expected an integer from 1 to 2147483647, got 0",
    );
}

#[test]
fn the_config_must_be_an_object() {
    assert_only(
        with(base(), "/config", json!(["acks"])),
        "config: expected an object of Kafka properties, e.g. {\"acks\": \"all\"}, got [\"acks\"]",
    );
}

#[test]
fn explicit_idempotence_with_acks_1_is_refused_as_kafka_does() {
    assert_only(
        with(
            base(),
            "/config",
            json!({"enable.idempotence": true, "acks": "1"}),
        ),
        "config.enable.idempotence: enable.idempotence=true needs acks=all, but acks is 1; \
         Kafka's producer refuses this (\"Must set acks to all in order to use the idempotent \
         producer\"): set acks to \"all\" or enable.idempotence to false",
    );
}

#[test]
fn default_idempotence_with_acks_1_is_silently_dropped() {
    let doc = with(base(), "/config", json!({"acks": 1}));
    let s = parse_scenario(&doc.to_string()).unwrap();
    assert!(s.config.enable_idempotence);
    assert!(!s.config.effective_idempotence());
}

#[test]
fn an_explicit_delivery_timeout_below_linger_plus_request_timeout_is_refused() {
    assert_only(
        with(base(), "/config", json!({"delivery.timeout.ms": 1000})),
        "config.delivery.timeout.ms: 1000 is less than linger.ms + request.timeout.ms = 30005; \
         Kafka's producer refuses this (\"delivery.timeout.ms should be equal to or larger than \
         linger.ms + request.timeout.ms\")",
    );
}

#[test]
fn cross_key_rules_do_not_depend_on_key_order() {
    // delivery.timeout.ms sorts before request.timeout.ms; together they are consistent.
    let doc = with(
        base(),
        "/config",
        json!({"delivery.timeout.ms": 1000, "request.timeout.ms": 500}),
    );
    assert_eq!(errors(&doc), Vec::<String>::new());
}

// ---- topics ----

#[test]
fn duplicate_topic_names_are_refused() {
    assert_only(
        with(
            base(),
            "/topics/1",
            json!({"name": "orders", "partitions": 1, "replication.factor": 1}),
        ),
        "topics[1].name: duplicate topic \"orders\" (also topics[0])",
    );
}

#[test]
fn an_illegal_topic_name_is_refused() {
    assert_only(
        with(base(), "/topics/0/name", json!("my topic")),
        "topics[0].name: \"my topic\" is not a legal topic name; Kafka allows 1 to 249 of the \
         characters a-z, A-Z, 0-9, '.', '_' and '-' (but not \".\" or \"..\")",
    );
}

#[test]
fn zero_partitions_are_refused() {
    assert_only(
        with(base(), "/topics/0/partitions", json!(0)),
        "topics[0].partitions: expected at least 1 partition, got 0",
    );
}

#[test]
fn partitions_are_required_without_an_assignment() {
    let mut doc = base();
    doc["topics"][0]
        .as_object_mut()
        .unwrap()
        .remove("partitions");
    assert_only(
        doc,
        "topics[0].partitions: required field is missing (or give an assignment)",
    );
}

#[test]
fn a_replication_factor_above_the_broker_count_is_refused() {
    assert_only(
        with(base(), "/topics/0/replication.factor", json!(4)),
        "topics[0].replication.factor: 4 is larger than the 3 brokers",
    );
}

#[test]
fn an_unknown_topic_field_is_refused() {
    assert_only(
        with(base(), "/topics/0/replication_factor", json!(3)),
        "topics[0].replication_factor: unknown field; allowed fields are name, partitions, \
         replication.factor, assignment, placement, config, state",
    );
}

#[test]
fn an_assignment_for_a_partition_out_of_range_is_refused() {
    let doc = with(
        base(),
        "/topics/0/assignment",
        json!({"0": [1, 2, 3], "1": [2, 3, 1], "2": [3, 1, 2], "3": [1, 2, 3]}),
    );
    assert_only(
        doc,
        "topics[0].assignment.3: no partition 3; the topic has partitions 0 to 2",
    );
}

#[test]
fn an_assignment_with_the_wrong_number_of_replicas_is_refused() {
    let doc = with(
        base(),
        "/topics/0/assignment",
        json!({"0": [1, 2, 3], "1": [2, 3], "2": [3, 1, 2]}),
    );
    assert_only(
        doc,
        "topics[0].assignment.1: expected 3 replicas (the replication factor), got 2",
    );
}

#[test]
fn an_assignment_listing_a_broker_twice_is_refused() {
    let doc = with(
        base(),
        "/topics/0/assignment",
        json!({"0": [1, 2, 1], "1": [2, 3, 1], "2": [3, 1, 2]}),
    );
    assert_only(doc, "topics[0].assignment.0[2]: broker 1 is listed twice");
}

#[test]
fn an_assignment_naming_an_unknown_broker_is_refused() {
    let doc = with(
        base(),
        "/topics/0/assignment",
        json!({"0": [1, 2, 9], "1": [2, 3, 1], "2": [3, 1, 2]}),
    );
    assert_only(
        doc,
        "topics[0].assignment.0[2]: no broker 9; brokers are 1, 2, 3",
    );
}

#[test]
fn an_assignment_must_cover_every_partition() {
    let doc = with(base(), "/topics/0/assignment", json!({"0": [1, 2, 3]}));
    assert_only(
        doc,
        "topics[0].assignment: no replicas for partition 1, 2; give every partition from 0 to 2",
    );
}

#[test]
fn an_assignment_key_must_be_a_partition_number() {
    let doc = with(
        base(),
        "/topics/0/assignment",
        json!({"zero": [1, 2, 3], "1": [2, 3, 1], "2": [3, 1, 2]}),
    );
    let errs = errors(&doc);
    assert_eq!(
        errs[0],
        "topics[0].assignment.zero: expected a partition number as the key, got \"zero\""
    );
}

#[test]
fn partitions_and_replication_factor_follow_from_an_assignment() {
    let doc = with(
        base(),
        "/topics/0",
        json!({"name": "orders", "assignment": {"0": [1, 2], "1": [2, 3]}}),
    );
    let s = parse_scenario(&doc.to_string()).unwrap();
    assert_eq!(s.topics[0].partitions, 2);
    assert_eq!(s.topics[0].replication_factor, 2);
}

#[test]
fn a_placement_index_beyond_the_brokers_is_refused() {
    assert_only(
        with(
            base(),
            "/topics/0/placement",
            json!({"start_index": 3, "replica_shift": 0}),
        ),
        "topics[0].placement.start_index: expected an index into the 3 brokers (0 to 2), got 3",
    );
}

#[test]
fn a_topic_override_of_a_broker_only_key_is_refused() {
    assert_only(
        with(base(), "/topics/0/config", json!({"acks": "all"})),
        "topics[0].config.acks: not a per-topic setting; topics may override \
         min.insync.replicas, unclean.leader.election.enable, log.flush.interval.messages, \
         log.flush.interval.ms (the last two also as flush.messages and flush.ms), and set \
         leader.replication.throttled.replicas, follower.replication.throttled.replicas",
    );
}

#[test]
fn an_unknown_topic_override_lists_the_topic_keys() {
    assert_only(
        with(base(), "/topics/0/config", json!({"min.isr": 2})),
        "topics[0].config.min.isr: unknown key; topics may override min.insync.replicas, \
         unclean.leader.election.enable, log.flush.interval.messages, log.flush.interval.ms (the \
         last two also as flush.messages and flush.ms), and set \
         leader.replication.throttled.replicas, follower.replication.throttled.replicas",
    );
}

#[test]
fn kafkas_topic_level_spellings_are_accepted() {
    let doc = with(
        base(),
        "/topics/0/config",
        json!({"flush.messages": 1, "flush.ms": "1000", "min.insync.replicas": "2"}),
    );
    let s = parse_scenario(&doc.to_string()).unwrap();
    let t = &s.topics[0].config;
    assert_eq!(t.log_flush_interval_messages, Some(1));
    assert_eq!(t.log_flush_interval_ms, Some(1000));
    assert_eq!(t.min_insync_replicas, Some(2));
}

// ---- starting state ----

#[test]
fn state_for_a_partition_out_of_range_is_refused() {
    let doc = with(base(), "/topics/0/state", json!({"3": {"isr": [1]}}));
    assert_only(
        doc,
        "topics[0].state.3: no partition 3; the topic has partitions 0 to 2",
    );
}

#[test]
fn the_isr_is_required_when_placement_chooses_the_replicas() {
    let doc = with(base(), "/topics/0/state", json!({"0": {"leader": 1}}));
    assert_only(
        doc,
        "topics[0].state.0.isr: required field is missing when the topic has no assignment \
         (placement chooses the replicas later)",
    );
}

#[test]
fn a_leader_outside_the_isr_is_refused() {
    assert_only(
        with_state("kraft", json!({"leader": 3, "isr": [1, 2]})),
        "topics[0].state.0.leader: leader 3 is not in the isr (1, 2); Kafka's leader is always an \
         ISR member",
    );
}

#[test]
fn an_isr_member_outside_the_replicas_is_refused() {
    let doc = with(base(), "/brokers/3", json!({"id": 4, "rack": "d"}));
    let doc = with(
        doc,
        "/topics/0",
        json!({"name": "orders", "assignment": {"0": [1, 2, 3]}, "state": {"0": {"isr": [1, 4]}}}),
    );
    assert_only(
        doc,
        "topics[0].state.0.isr[1]: broker 4 is not a replica of this partition; replicas are 1, \
         2, 3",
    );
}

#[test]
fn an_empty_isr_is_refused_without_elr() {
    assert_only(
        with_state("kraft", json!({"leader": null, "isr": []})),
        "topics[0].state.0.isr: empty; without ELR (profile kraft) Kafka never empties the ISR: \
         the last member stays and the partition goes offline",
    );
}

#[test]
fn an_empty_isr_with_the_elr_holding_replicas_is_fine_with_elr() {
    let doc = with_state(
        "kraft-elr",
        json!({"leader": null, "isr": [], "elr": [2, 3]}),
    );
    let s = parse_scenario(&doc.to_string()).unwrap();
    assert_eq!(s.topics[0].state[&0].leader, None);
}

#[test]
fn an_elr_outside_the_kraft_elr_profile_is_refused() {
    assert_only(
        with_state("zk", json!({"isr": [1, 2], "elr": [3]})),
        "topics[0].state.0.elr: ELR exists only in profile kraft-elr; this scenario uses zk",
    );
}

#[test]
fn a_replica_in_both_isr_and_elr_is_refused() {
    assert_only(
        with_state("kraft-elr", json!({"isr": [1, 2], "elr": [2]})),
        "topics[0].state.0.elr: broker 2 is in both isr and elr; a replica enters the ELR when it \
         leaves the ISR",
    );
}

#[test]
fn a_log_of_a_broker_that_is_not_a_replica_is_refused() {
    let doc = with(base(), "/brokers/3", json!({"id": 4, "rack": "d"}));
    let doc = with(
        doc,
        "/topics/0",
        json!({"name": "orders", "assignment": {"0": [1, 2, 3]},
               "state": {"0": {"logs": {"4": {"end_offset": 1}}}}}),
    );
    assert_only(
        doc,
        "topics[0].state.0.logs.4: broker 4 is not a replica of this partition; replicas are 1, \
         2, 3",
    );
}

#[test]
fn a_high_watermark_beyond_the_leaders_log_is_refused() {
    assert_only(
        with_state(
            "kraft",
            json!({"leader": 1, "high_watermark": 11, "logs": {"1": {"end_offset": 10}}}),
        ),
        "topics[0].state.0.high_watermark: 11 is beyond the leader's (broker 1) log end offset 10",
    );
}

#[test]
fn a_followers_own_high_watermark_beyond_its_log_is_refused() {
    assert_only(
        with_state(
            "kraft",
            json!({"logs": {"2": {"end_offset": 10, "high_watermark": 12}}}),
        ),
        "topics[0].state.0.logs.2.high_watermark: 12 is beyond this log's end offset 10",
    );
}

#[test]
fn the_leaders_log_cannot_claim_another_high_watermark() {
    assert_only(
        with_state(
            "kraft",
            json!({"high_watermark": 5, "logs": {"1": {"end_offset": 10, "high_watermark": 7}}}),
        ),
        "topics[0].state.0.logs.1.high_watermark: 7 differs from the partition's high_watermark \
         5; the leader's HW is the partition's, so set it there",
    );
}

#[test]
fn a_log_with_both_end_offset_and_records_is_refused() {
    assert_only(
        with_state(
            "kraft",
            json!({"logs": {"2": {"end_offset": 1, "records": [{"value": "a"}]}}}),
        ),
        "topics[0].state.0.logs.2: give end_offset or records, not both",
    );
}

#[test]
fn a_log_with_neither_end_offset_nor_records_is_refused() {
    assert_only(
        with_state("kraft", json!({"logs": {"2": {"high_watermark": 0}}})),
        "topics[0].state.0.logs.2: give end_offset (records r0, r1, …) or records",
    );
}

#[test]
fn record_epochs_may_not_go_down() {
    let records = json!([{"value": "a", "epoch": 3}, {"value": "b", "epoch": 1}]);
    assert_only(
        with_state(
            "kraft",
            json!({"leader_epoch": 3, "logs": {"2": {"records": records}}}),
        ),
        "topics[0].state.0.logs.2.records[1].epoch: epoch 1 follows epoch 3; epochs in a log \
         never go down",
    );
}

#[test]
fn a_record_epoch_newer_than_the_leader_epoch_is_refused() {
    assert_only(
        with_state(
            "kraft",
            json!({"leader_epoch": 2, "logs": {"2": {"end_offset": 4, "epoch": 3}}}),
        ),
        "topics[0].state.0.logs.2.epoch: epoch 3 is newer than the partition's leader_epoch 2",
    );
}

#[test]
fn epoch_beside_records_is_refused() {
    assert_only(
        with_state(
            "kraft",
            json!({"logs": {"2": {"epoch": 0, "records": [{"value": "a", "epoch": 0}]}}}),
        ),
        "topics[0].state.0.logs.2.epoch: epoch goes with end_offset; with records, each record \
         carries its own epoch",
    );
}

#[test]
fn a_state_without_leader_and_isr_starts_with_the_preferred_replica_and_a_full_isr() {
    let doc = with_state("kraft", json!({"leader_epoch": 4}));
    let s = parse_scenario(&doc.to_string()).unwrap();
    let state = &s.topics[0].state[&0];
    assert_eq!(state.leader, Some(replication_core::BrokerId(1)));
    assert_eq!(state.isr.len(), 3);
    assert_eq!(state.high_watermark, 0);
}

#[test]
fn an_omitted_leader_is_the_first_isr_member_in_assignment_order() {
    let doc = with_state("kraft", json!({"isr": [3, 2]}));
    let s = parse_scenario(&doc.to_string()).unwrap();
    assert_eq!(
        s.topics[0].state[&0].leader,
        Some(replication_core::BrokerId(2))
    );
}

// ---- actions ----

#[test]
fn an_unknown_broker_in_an_action_names_the_brokers() {
    let heal = json!({"at_ms": 0, "heal": {}});
    let doc = with_actions(json!([heal, heal, heal, {"at_ms": 0, "crash": {"broker": 9}}]));
    assert_only(
        doc,
        "actions[3].crash.broker: no broker 9; brokers are 1, 2, 3",
    );
}

#[test]
fn an_action_entry_without_a_kind_lists_the_kinds() {
    assert_only(
        with_actions(json!([{"at_ms": 0}])),
        "actions[0]: no action; give one of produce, produce_rate, consume, crash, power_loss, \
         shutdown, restart, fail_rack, restore_rack, isolate, partition, cut, heal, slow, \
         pause_fetcher, resume_fetcher, reassign, reassign_plan, elect_preferred, elect_leaders, \
         set_config",
    );
}

#[test]
fn an_action_entry_with_two_kinds_is_refused() {
    assert_only(
        with_actions(json!([{"at_ms": 0, "crash": {"broker": 1}, "restart": {"broker": 1}}])),
        "actions[0]: one action per entry, got crash, restart",
    );
}

#[test]
fn an_unknown_action_kind_is_an_unknown_field() {
    let errs = errors(&with_actions(json!([{"at_ms": 0, "kill": {"broker": 1}}])));
    assert!(
        errs[0].starts_with("actions[0].kill: unknown field; allowed fields are at_ms, produce,"),
        "{errs:?}"
    );
}

#[test]
fn at_ms_is_required() {
    assert_only(
        with_actions(json!([{"heal": {}}])),
        "actions[0].at_ms: required field is missing",
    );
}

#[test]
fn an_action_after_run_until_ms_is_refused() {
    let doc = with(base(), "/run_until_ms", json!(1000));
    let doc = with(doc, "/actions", json!([{"at_ms": 1001, "heal": {}}]));
    assert_only(doc, "actions[0].at_ms: 1001 is after run_until_ms 1000");
}

#[test]
fn an_unknown_topic_in_an_action_names_the_topics() {
    assert_only(
        with_actions(json!([{"at_ms": 0, "consume": {"topic": "order"}}])),
        "actions[0].consume.topic: no topic \"order\"; topics are \"orders\"",
    );
}

#[test]
fn a_partition_out_of_range_in_an_action_is_refused() {
    assert_only(
        with_actions(
            json!([{"at_ms": 0, "produce": {"topic": "orders", "partition": 3, "count": 1}}]),
        ),
        "actions[0].produce.partition: no partition 3; \"orders\" has partitions 0 to 2",
    );
}

#[test]
fn produce_needs_values_or_count_but_not_both() {
    assert_only(
        with_actions(
            json!([{"at_ms": 0, "produce": {"topic": "orders", "values": ["a"], "count": 2}}]),
        ),
        "actions[0].produce: give values or count, not both",
    );
    assert_only(
        with_actions(json!([{"at_ms": 0, "produce": {"topic": "orders"}}])),
        "actions[0].produce: give values (a list of strings) or count (a number of records)",
    );
}

#[test]
fn a_produce_count_of_zero_is_refused() {
    assert_only(
        with_actions(json!([{"at_ms": 0, "produce": {"topic": "orders", "count": 0}}])),
        "actions[0].produce.count: expected at least 1 record, got 0",
    );
}

#[test]
fn a_produce_acks_of_the_wrong_kind_is_refused() {
    assert_only(
        with_actions(json!([{"at_ms": 0, "produce": {"topic": "orders", "count": 1, "acks": 2}}])),
        "actions[0].produce.acks: expected 0, 1, \"all\" or -1, got 2",
    );
}

#[test]
fn a_produce_with_acks_1_conflicts_with_explicitly_enabled_idempotence() {
    let doc = with(base(), "/config", json!({"enable.idempotence": true}));
    let doc = with(
        doc,
        "/actions",
        json!([{"at_ms": 0, "produce": {"topic": "orders", "count": 1, "acks": "1"}}]),
    );
    assert_only(
        doc,
        "actions[0].produce.acks: acks 1 conflicts with enable.idempotence=true set in config; \
         Kafka's producer refuses this (\"Must set acks to all in order to use the idempotent \
         producer\")",
    );
}

#[test]
fn a_produce_rate_ending_before_it_starts_is_refused() {
    assert_only(
        with_actions(
            json!([{"at_ms": 500, "produce_rate": {"topic": "orders", "per_second": 10, "until_ms": 100}}]),
        ),
        "actions[0].produce_rate.until_ms: 100 is before the action's at_ms 500",
    );
}

#[test]
fn an_unknown_rack_names_the_racks() {
    assert_only(
        with_actions(json!([{"at_ms": 0, "fail_rack": {"rack": "z"}}])),
        "actions[0].fail_rack.rack: no broker has rack \"z\"; racks are \"a\", \"b\", \"c\"",
    );
}

#[test]
fn a_node_must_be_a_broker_the_controller_or_the_clients() {
    assert_only(
        with_actions(json!([{"at_ms": 0, "isolate": {"node": "zookeeper"}}])),
        "actions[0].isolate.node: expected a broker id, \"controller\" or \"clients\", got \
         \"zookeeper\"",
    );
}

#[test]
fn a_network_partition_needs_two_groups() {
    assert_only(
        with_actions(json!([{"at_ms": 0, "partition": {"groups": [[1, 2]]}}])),
        "actions[0].partition.groups: expected at least two groups (links between groups are \
         cut), got 1",
    );
}

#[test]
fn a_node_in_two_groups_is_refused() {
    assert_only(
        with_actions(
            json!([{"at_ms": 0, "partition": {"groups": [[1, "controller"], [2, "controller"]]}}]),
        ),
        "actions[0].partition.groups[1][1]: controller is already in groups[0]; a node belongs to \
         one group",
    );
}

#[test]
fn cutting_a_node_from_itself_is_refused() {
    assert_only(
        with_actions(json!([{"at_ms": 0, "cut": {"from": 2, "to": 2}}])),
        "actions[0].cut.to: broker 2 cannot be cut from itself; give two different nodes",
    );
}

#[test]
fn heal_takes_an_empty_object_or_true() {
    let ok = with_actions(
        json!([{"at_ms": 0, "heal": {}}, {"at_ms": 1, "heal": true}, {"at_ms": 2, "heal": null}]),
    );
    assert_eq!(errors(&ok), Vec::<String>::new());
    assert_only(
        with_actions(json!([{"at_ms": 0, "heal": false}])),
        "actions[0].heal: expected {} or true, got false",
    );
    assert_only(
        with_actions(json!([{"at_ms": 0, "heal": {"all": true}}])),
        "actions[0].heal.all: unknown field; no fields are allowed here",
    );
}

#[test]
fn a_reassignment_listing_a_broker_twice_is_refused() {
    assert_only(
        with_actions(
            json!([{"at_ms": 0, "reassign": {"topic": "orders", "partition": 0, "replicas": [1, 1]}}]),
        ),
        "actions[0].reassign.replicas[1]: broker 1 is listed twice",
    );
}

#[test]
fn a_reassignment_to_an_unknown_broker_is_refused() {
    assert_only(
        with_actions(
            json!([{"at_ms": 0, "reassign": {"topic": "orders", "partition": 0, "replicas": [1, 4]}}]),
        ),
        "actions[0].reassign.replicas[1]: no broker 4; brokers are 1, 2, 3",
    );
}

#[test]
fn a_reassign_plan_is_the_tools_json_as_is() {
    let plan = json!({"version": 1, "partitions": [
        {"topic": "orders", "partition": 0, "replicas": [2, 3, 1], "log_dirs": ["any", "any", "any"]},
        {"topic": "orders", "partition": 1, "replicas": [3, 1]}
    ]});
    let doc = with_actions(json!([{"at_ms": 0, "reassign_plan": plan}]));
    assert_eq!(errors(&doc), Vec::<String>::new());
}

#[test]
fn a_reassign_plan_with_a_partition_twice_is_refused() {
    let plan = json!({"partitions": [
        {"topic": "orders", "partition": 0, "replicas": [2, 3, 1]},
        {"topic": "orders", "partition": 0, "replicas": [1, 2, 3]}
    ]});
    assert_only(
        with_actions(json!([{"at_ms": 0, "reassign_plan": plan}])),
        "actions[0].reassign_plan.partitions[1]: orders-0 is already in partitions[0]; Kafka \
         refuses duplicate partitions",
    );
}

#[test]
fn a_reassign_plan_needs_one_log_dir_per_replica() {
    let plan = json!({"partitions": [
        {"topic": "orders", "partition": 0, "replicas": [2, 3, 1], "log_dirs": ["any"]}
    ]});
    assert_only(
        with_actions(json!([{"at_ms": 0, "reassign_plan": plan}])),
        "actions[0].reassign_plan.partitions[0].log_dirs: expected one log dir per replica (3), \
         got 1",
    );
}

#[test]
fn a_forced_election_names_its_type_and_a_known_partition() {
    assert_only(
        with_actions(json!([{"at_ms": 0, "elect_leaders": {"topic": "orders"}}])),
        "actions[0].elect_leaders.election_type: required field is missing",
    );
    assert_only(
        with_actions(json!([{"at_ms": 0, "elect_leaders": {"election_type": "UNCLEAN"}}])),
        "actions[0].elect_leaders.election_type: expected \"preferred\" or \"unclean\", got \"UNCLEAN\"",
    );
    assert_only(
        with_actions(
            json!([{"at_ms": 0, "elect_leaders": {"election_type": "unclean", "partition": 0}}]),
        ),
        "actions[0].elect_leaders.partition: a partition needs its topic; give topic too",
    );
}

#[test]
fn a_preferred_election_for_a_partition_needs_its_topic() {
    assert_only(
        with_actions(json!([{"at_ms": 0, "elect_preferred": {"partition": 0}}])),
        "actions[0].elect_preferred.partition: a partition needs its topic; give topic too",
    );
}

#[test]
fn set_config_with_an_unknown_key_lists_the_known_keys() {
    assert_only(
        with_actions(json!([{"at_ms": 0, "set_config": {"key": "acks.mode", "value": 1}}])),
        &format!(
            "actions[0].set_config.key: unknown key; known keys are {}",
            KNOWN_KEYS.join(", ")
        ),
    );
}

#[test]
fn set_config_of_a_startup_only_key_is_refused() {
    assert_only(
        with_actions(
            json!([{"at_ms": 0, "set_config": {"key": "broker.session.timeout.ms", "value": 1}}]),
        ),
        &format!(
            "actions[0].set_config.key: cannot change while running (Kafka reads it at startup); \
             keys that can are {}",
            DYNAMIC_KEYS.join(", ")
        ),
    );
}

#[test]
fn set_config_for_a_topic_needs_a_topic_level_key() {
    assert_only(
        with_actions(
            json!([{"at_ms": 0, "set_config": {"key": "acks", "value": 1, "topic": "orders"}}]),
        ),
        "actions[0].set_config.key: not a per-topic setting; topics may override \
         min.insync.replicas, unclean.leader.election.enable, log.flush.interval.messages, \
         log.flush.interval.ms (the last two also as flush.messages and flush.ms), and set \
         leader.replication.throttled.replicas, follower.replication.throttled.replicas",
    );
}

#[test]
fn set_config_with_an_invalid_value_is_refused() {
    assert_only(
        with_actions(
            json!([{"at_ms": 0, "set_config": {"key": "min.insync.replicas", "value": "two"}}]),
        ),
        "actions[0].set_config.value: expected an integer from 1 to 2147483647, got \"two\"",
    );
    assert_only(
        with_actions(
            json!([{"at_ms": 0, "set_config": {"key": "flush.ms", "value": -5, "topic": "orders"}}]),
        ),
        "actions[0].set_config.value: expected an integer from 0 to 9223372036854775807, got -5",
    );
}

#[test]
fn set_config_is_checked_against_the_settings_in_force_at_its_time() {
    // In file order acks=1 comes first, but in time order idempotence is turned off before it.
    let doc = with(base(), "/config", json!({"enable.idempotence": true}));
    let actions = json!([
        {"at_ms": 20, "set_config": {"key": "acks", "value": "1"}},
        {"at_ms": 10, "set_config": {"key": "enable.idempotence", "value": false}}
    ]);
    assert_eq!(
        errors(&with(doc.clone(), "/actions", actions)),
        Vec::<String>::new()
    );
    let late = json!([
        {"at_ms": 10, "set_config": {"key": "acks", "value": "1"}},
        {"at_ms": 20, "set_config": {"key": "enable.idempotence", "value": false}}
    ]);
    let errs = errors(&with(doc, "/actions", late));
    assert_eq!(errs.len(), 1);
    assert!(
        errs[0].starts_with("actions[0].set_config.value: enable.idempotence=true needs acks=all")
    );
}

#[test]
fn actions_are_sorted_by_time_keeping_file_order_for_ties() {
    let doc = with_actions(json!([
        {"at_ms": 50, "crash": {"broker": 1}},
        {"at_ms": 10, "crash": {"broker": 2}},
        {"at_ms": 50, "restart": {"broker": 1}},
        {"at_ms": 10, "restart": {"broker": 2}}
    ]));
    let s = parse_scenario(&doc.to_string()).unwrap();
    let kinds: Vec<(u64, &str)> = s
        .actions
        .iter()
        .map(|a| (a.at_ms, a.action.kind()))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (10, "crash"),
            (10, "restart"),
            (50, "crash"),
            (50, "restart")
        ]
    );
}

#[test]
fn times_beyond_the_simulators_limit_are_refused() {
    assert_only(
        with_actions(json!([{"at_ms": u64::MAX, "heal": {}}])),
        "actions[0].at_ms: 18446744073709551615 ms is beyond the simulator's limit of \
         604800000 ms (seven days)",
    );
}

#[test]
fn counts_beyond_the_simulators_limit_are_refused() {
    assert_only(
        with_actions(json!([{"at_ms": 0, "produce": {"topic": "orders", "count": 1_000_001}}])),
        "actions[0].produce.count: 1000001 records is more than the simulator's limit of 1000000",
    );
}
