//! Bounds that keep a scenario within what a browser tab can simulate: every limit and budget
//! lives here, and the README's "Limits" section lists them.
//!
//! *Limits* bound one item of the file (a time, a rate, one action's records). *Budgets* bound
//! the totals that decide memory and time (`budgets.rs` checks them while parsing, before the
//! simulation allocates anything), and the *run budgets* guard a run as it goes (`World`
//! stops with an error instead of exhausting memory or running for hours). Each number is
//! chosen so that every bundled scenario and every documented use stays well inside it (a test
//! checks a margin of at least four times), and so that the largest file they accept still runs
//! in about a minute natively.

/// Brokers in one cluster.
pub const MAX_BROKERS: u32 = 1_000;
/// Records per second of one `produce_rate` action.
pub const MAX_PRODUCE_PER_SECOND: u64 = 100_000;
/// Simulated times and durations in the file (`at_ms`, `run_until_ms`, `until_ms`,
/// `latency_ms`): seven days of simulated time: far beyond any lesson, and small enough that
/// sums of a few of them cannot overflow. How much a run may do in that time is the run
/// budgets' business.
pub const MAX_TIME_MS: u64 = 604_800_000;
/// Replicas of one partition (a topic's replication factor, an assignment's or a
/// reassignment's replica list). A leader's work on every fetch and produce grows with its
/// followers, so a record costs about the square of this; Kafka's own clusters use 3 to 5.
pub const MAX_REPLICATION_FACTOR: u32 = 16;

/// Bytes of a scenario file (the playground's file picker and drop take the same).
pub const MAX_INPUT_BYTES: u64 = 2_000_000;
/// Entries of `actions` (and user actions in a shared link).
pub const MAX_ACTIONS: u64 = 10_000;
/// Replicas in all topics: partitions × replication factor. A broker's every step looks at
/// each replica it holds (its fetchers, the checker), so this bounds the cost of a step.
pub const MAX_REPLICAS: u64 = 10_000;
/// Partitions in all topics × brokers: every broker keeps every partition's metadata and the
/// controller tells each broker of each change.
pub const MAX_PARTITION_BROKERS: u64 = 100_000;
/// Records in the starting logs of every replica (`end_offset` or `records`), all held from
/// the start.
pub const MAX_START_RECORDS: u64 = 1_000_000;
/// Records of every `produce` action (`count` or `values`): each waits in the producer, all at
/// once if need be.
pub const MAX_PRODUCE_AT_ONCE: u64 = 1_000_000;
/// Records a run produces: every `produce` action's plus every `produce_rate` action's rate
/// times how long it runs (to its `until_ms`, a later `per_second: 0` on its topic, or the
/// run's end: `run_until_ms`, else 60 s after the last action).
pub const MAX_PRODUCE_VOLUME: u64 = 20_000_000;
/// Partitions read by all consumers together: a consumer reads every partition of its topic,
/// and after a metadata refresh the clients fetch for every consumer's every partition (a
/// refresh during a wave of fetch timeouts costs about the square of this).
pub const MAX_CONSUMER_PARTITIONS: u64 = 1_000;

/// The run budget for time: events weighted by what they make the simulator look at. An event
/// counts 4 (its own handling) plus the replicas of the broker it runs on, the partitions when
/// it runs on the controller, the consumers when it runs on the clients, and all of these for a
/// scenario action (the checker then looks at the whole cluster). A unit is about 0.05 to
/// 0.25 µs of CPU natively, so the budget is about a minute at most; the steady-load
/// benchmark's hour takes 45 million units, the default cluster's hour 23 million.
pub const MAX_RUN_WORK: u64 = 300_000_000;
/// The run budget for memory: records held in every replica's log, records the producer keeps,
/// messages and timers queued, and trace events. An item is at most about 100 bytes; the
/// steady-load benchmark's hour holds at most 650,000.
pub const MAX_HELD_ITEMS: u64 = 5_000_000;
