//! The UI's languages: English and Simplified Chinese.
//!
//! The language comes from the page address (`?lang=zh-CN`), else the browser, else English,
//! and can be switched live: it lives in a Yew context (`ContextProvider<Lang>`), read with
//! `use_context::<Lang>().unwrap_or_default()`. Every UI text is a `Key`; `tr` returns it in a
//! language. The English is compiled in; the Chinese (`zh`) is `web/zh.json`, fetched the first
//! time Chinese is shown, so an English reader never downloads it. Tests check that every key,
//! message template, lesson text and example description has its Chinese, with the same
//! placeholders.
//!
//! Kafka's own names stay untranslated in both: config keys, ISR, HW, LEO, acks, error names.

mod examples;
mod messages;
pub mod zh;

pub use examples::scenario_description;
pub use messages::word;

use replication_core::rules::election::ElectionKind;
use replication_core::sim::trace::{EventKind, TruncationReason};
use replication_core::text;
use replication_core::text::Text;
use replication_core::view::{BrokerFailure, LossExplanation};
use std::fmt::{Display, Write};

/// A UI language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    /// The BCP 47 code, for `<html lang>` and the `lang=` parameter.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }

    /// The name in the language switch.
    pub fn label(self) -> &'static str {
        match self {
            Lang::En => "EN",
            Lang::Zh => "中文",
        }
    }

    /// A language code (`en`, `en-GB`, `zh`, `zh-CN`, `zh-Hans`…), case-insensitive.
    pub fn parse(code: &str) -> Option<Lang> {
        let code = code.trim().to_ascii_lowercase();
        let primary = code.split(['-', '_']).next().unwrap_or_default();
        match primary {
            "en" => Some(Lang::En),
            "zh" => Some(Lang::Zh),
            _ => None,
        }
    }

    /// The browser's language if it is one of ours, else English.
    pub fn from_browser(navigator_language: Option<String>) -> Lang {
        navigator_language
            .as_deref()
            .and_then(Lang::parse)
            .unwrap_or_default()
    }

    /// A `lang` value from the page address or the JS API: one of ours, or a problem that
    /// names them (never silently replaced).
    pub fn from_option(value: &str) -> Result<Lang, Text> {
        Lang::parse(value).ok_or_else(|| {
            text!(
                "lang {value} is not a language of the playground: use en or zh-CN",
                value = replication_core::scenario::path::quoted(value)
            )
        })
    }

    /// The language shown: the one asked for (`lang=` or the JS API's `lang`), else the
    /// browser's, else English.
    pub fn chosen(asked: Option<Lang>, navigator_language: Option<String>) -> Lang {
        asked.unwrap_or_else(|| Lang::from_browser(navigator_language))
    }
}

/// Defines `Key`, `Key::ALL`, `Key::name` and each key's English from one table. The
/// Chinese texts are in `web/zh.json` under the keys' names, loaded on demand (`zh`); a test
/// checks that every key has one.
macro_rules! texts {
    ($($key:ident => $en:expr,)*) => {
        /// One UI text (a phrase may hold `{}` placeholders, filled by `trf`).
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Key { $($key,)* }

        impl Key {
            pub const ALL: &'static [Key] = &[$(Key::$key,)*];

            /// Its name in `zh.json`.
            pub fn name(self) -> &'static str {
                match self { $(Key::$key => stringify!($key),)* }
            }

            fn english(self) -> &'static str {
                match self { $(Key::$key => $en,)* }
            }
        }
    };
}

/// The colon between a label and what follows it: full-width in Chinese.
pub fn colon(lang: Lang) -> &'static str {
    match lang {
        Lang::En => ": ",
        Lang::Zh => "：",
    }
}

/// A text in a language (English while the Chinese text is not loaded yet).
pub fn tr(lang: Lang, key: Key) -> &'static str {
    match lang {
        Lang::En => key.english(),
        Lang::Zh => zh::ui(key).unwrap_or_else(|| key.english()),
    }
}

texts! {
    // The page: title, side-panel tabs, status bar, drag staging.
    AppTitle => "Kafka replication playground",
    TabPartition => "Partition",
    TabClients => "Producer & consumer",
    TabFaults => "Racks & network",
    TabSetup => "Cluster setup",
    TabPlans => "Reassign & leaders",
    TabDescribe => "Describe",
    TabCharts => "Charts",
    StatusEvents => "{} events",
    StatusHelp => "Press ? for keyboard shortcuts",
    StatusStepped => "Last step: {}",
    StageDrags => "Stage drags as one plan",
    StagedCount => " ({} staged)",

    // The control bar.
    CtlControls => "Simulation controls",
    CtlPlay => "▶ Play",
    CtlPause => "❚❚ Pause",
    CtlPlayLabel => "Play (Space)",
    CtlPauseLabel => "Pause (Space)",
    CtlStep => "Step",
    CtlStepLabel => "Step one event (.)",
    CtlReset => "Reset",
    CtlResetLabel => "Reset to time 0 (r)",
    CtlSpeed => "Speed",
    CtlSeed => "Seed",
    CtlSeedLabel => "Seed (restarts the run)",
    CtlHeartbeats => "Heartbeats",
    CtlShortcuts => "Keyboard shortcuts (?)",
    // Describe and share.
    DescribeWhat => "What {} would print now.",
    Copy => "Copy",
    Copied => "Copied",

    // Sharing a run.
    ShareTitle => "Share this run",
    ShareButton => "Share",
    ShareTip => "Copy a link that replays exactly this run: the setup, its seed and your actions, each at the exact moment you took it.",
    DownloadButton => "Download as scenario JSON",
    DownloadTip => "Save the setup with your actions added as timed actions. A scenario's timed action applies before anything else at its millisecond, while yours came after some of that millisecond's events, so the file replays a close, not always identical, run; the link is the exact run.",
    ShareTooLong => "This run is {} characters as a link; links are limited to {} — download it as a scenario file instead.",
    ShareLinkAt => "Link to the run at t = {} (copied):",

    // The language switch.
    LanguageLabel => "Language",

    // Broker states and badges.
    StateRunning => "running",
    StateFenced => "fenced",
    StateCrashed => "crashed",
    StateStopped => "stopped",
    BadgeIsolated => "isolated",
    BadgeSlowed => "slowed +{} ms",
    BadgeShuttingDown => "shutting down",
    BadgeFetcherPaused => "fetcher paused",
    BadgePowerLost => "power lost: unflushed records gone",

    // Broker actions: label (accessible name, tooltip, menu item) and the card's short text.
    ActRestart => "Restart",
    ActRestartIcon => "restart",
    ActCrash => "Crash",
    ActCrashIcon => "crash",
    ActPowerLoss => "Power loss",
    ActPowerLossIcon => "power off",
    ActShutdown => "Controlled shutdown",
    ActShutdownIcon => "shut down",
    ActHeal => "Heal network",
    ActHealIcon => "heal",
    ActIsolate => "Isolate",
    ActIsolateIcon => "isolate",
    ActUnslow => "Normal latency",
    ActUnslowIcon => "unslow",
    ActSlow => "Slow (+200 ms)",
    ActSlowIcon => "slow",
    ActResumeFetcher => "Resume fetcher",
    ActResumeFetcherIcon => "resume fetch",
    ActPauseFetcher => "Pause fetcher",
    ActPauseFetcherIcon => "pause fetch",

    // The broker card.
    BrokerName => "broker {}",
    BrokerAria => "Broker {}: {}",
    BrokerActionAria => "{} broker {}",
    DisabledBecause => "{} (disabled: {})",
    BrokerMoreActions => "More actions for broker {}",
    BrokerReplicasAria => "Replicas on broker {}",
    BrokerMenuAria => "Actions for broker {}",
    DropOk => "Drop: {}",
    DropNo => "Can't drop here: {}",
    DropMove => "move {} from broker {} to broker {}: replicas [{}]",
    DropCopy => "copy {} from broker {} to broker {}: replicas [{}]",
    DropAlreadyThere => "the replica of {} is already on broker {}",
    DropNothingToMove => "broker {} holds no replica of {} that can move",
    DropOneReplicaPerBroker => "broker {} already holds a replica of {}: one replica per broker",
    ListSeparator => ", ",

    // Replica chips.
    RoleLeader => "leader",
    RoleInSyncFollower => "in-sync follower",
    RoleOutOfSyncFollower => "out-of-sync follower",
    RoleOffline => "offline",
    ChipOnBroker => "{} on broker {}: {}",
    ChipInIsr => ", in the ISR",
    ChipNotInIsr => ", not in the ISR",
    ChipInElr => ", in the ELR",
    ChipBeingAdded => ", being added ({}% copied)",
    ChipBeingRemoved => ", being removed",
    ChipDragHint => ". Drag it to another broker (or press Enter, then arrow keys) to move it.",
    ChipCopying => "copying the leader's log",
    ChipLeaving => "removed once every target replica is in sync",

    // The cluster map.
    RackAria => "Rack {}",
    RackName => "rack {}",
    NoRack => "no rack",
    RackNone => "none",
    ControllerAria => "Controller",
    ControllerIsolatedAria => "Controller (isolated)",
    ControllerName => "controller",
    IsolatedSuffix => " · isolated",
    ClientsAria => "Producer and consumer",
    ClientsName => "clients",
    ClientsStats => "acked {} · pending {} · failed {}",
    ClientsConsumers => "consumers: {}",

    // The event log.
    CatElections => "elections",
    CatIsr => "ISR changes",
    CatTruncations => "truncations",
    CatProduceErrors => "produce errors",
    CatFaults => "faults",
    CatOther => "other",
    EventLog => "Event log",
    EventFiltersAria => "Show events of kind",
    EventCount => "{} event(s)",
    EventRepeats => "×{}, since {}",

    // Keyboard shortcuts.
    HelpTitle => "Keyboard shortcuts",
    Close => "Close",
    KeySpace => "Space or k",
    KeyStep => ". or s",
    KeyFaster => "] or +",
    KeySlower => "[ or -",
    KeyTimeline => "← → on the timeline",
    KeyBrokerMenu => "Right-click or ⋯ on a broker",
    HelpPlayPause => "play / pause",
    HelpStep => "step one event (while paused)",
    HelpStepBack => "step back one event",
    HelpTimeline => "move through time; Home / End jump to the start / latest",
    HelpReset => "reset to time 0",
    HelpFaster => "faster",
    HelpSlower => "slower",
    HelpHeartbeats => "show or hide heartbeats",
    HelpThis => "this help",
    HelpEsc => "close menus, help and error lists",
    HelpTab => "move between controls; Enter or Space presses",
    HelpBrokerMenu => "its actions; arrow keys move in the menu",

    // Alerts.
    AlertLost => "{} {} record(s) lost from {}",
    Acknowledged => "acknowledged",
    Committed => "committed",
    AlertInvariant => "Invariant broken: {}",
    AlertAt => "⚠ {} — at {}",
    AlertStopped => "The run stopped: it went over the simulator's budget",
    AlertStoppedHint => "Go back in time, reset, or load a smaller scenario.",
    ShowPartition => "Show the partition",
    DismissAlert => "Dismiss alert",
    Dismiss => "Dismiss",

    // Dragging a replica.
    StageDragsTitle => "Drops add moves to a plan you apply at once (Reassign & leaders tab)",
    DragMove => "Move {} from broker {}",
    DragCopy => "Copy {} from broker {}",
    DragShiftHint => "hold Shift to copy (adds a replica)",
    DragTouchHint => "lift your finger over a broker to move it there",
    CarryBanner => "{}: arrow keys choose a broker (now {}), Enter drops, Shift toggles copy, Escape cancels.",

    // Embedding.
    ClusterAria => "Cluster",
    PanelsAria => "Panels",
    SkipToCluster => "Skip to the cluster",
    SkipToPanels => "Skip to the panels",
    OpenFull => "Open in the full playground ↗",
    EmbedCode => "Copy embed code",
    EmbedCodeTitle => "An <iframe> line that shows this scenario in a docs page",
    EmbedCodeHint => "Paste this line into a page to embed the playground (it is on the clipboard where the browser allows):",
    EmbedCodeAria => "Embed code",
    EmbedUnavailable => "{} is not a bundled example (it was loaded from a file or changed in the setup), so it cannot be embedded yet: choose an example from the Scenario menu.",

    // Where a scenario came from, when it is not a file or an example.
    SourcePageAddress => "the page address",
    SourceSharedLink => "the shared link",
    SourceClusterSetup => "the cluster setup",

    // The overlay after a crash of the app itself.
    PanicTitle => "Something went wrong",
    PanicText => "The playground hit a bug and stopped. Reload the page to start again; please send the report below with what you were doing.",
    CopyReport => "Copy report",
    Reload => "Reload",

    // The message legend.
    MsgKey => "Message key",
    MsgFetch => "fetch: a follower pulls from the leader",
    MsgFetchResponse => "fetch response: records and the HW",
    MsgProduce => "produce",
    MsgProduceResponse => "produce response (ack or error)",
    MsgConsumerFetch => "consumer fetch",
    MsgOffsetsForLeaderEpoch => "OffsetsForLeaderEpoch: a consumer checks its position after a leader change",
    MsgListOffsets => "ListOffsets: a consumer resets its position by auto.offset.reset",
    MsgConnectionRefused => "connection refused: the broker's machine runs, its Kafka process does not",
    MsgAlterPartition => "AlterPartition: leader asks to change the ISR",
    MsgPartitionChange => "partition change from the controller",
    MsgMetadata => "metadata",
    MsgHeartbeat => "heartbeat",

    // The timeline.
    Timeline => "Timeline",
    StepBackAria => "Step back one event (,)",
    StepBack => "◀ Step back",
    BackToLatest => "Back to the latest",
    InThePast => "You are looking at the past. Acting here starts a new future.",
    OldFuture => "Old future kept from {} to {}",
    DiscardIt => "Discard it",
    SimulatedTime => "Simulated time",

    // Racks and network.
    Racks => "Racks",
    RackBrokers => "rack {} (brokers {})",
    FailRack => "Fail rack",
    RestoreRack => "Restore rack",
    RacksHint => "Failing a rack cuts the power to every broker in it: unflushed records are lost.",
    GroupOf => "Group of {}",
    KeepsAllLinks => "keeps all links",
    SideA => "side A",
    SideB => "side B",
    NetworkPartition => "Network partition",
    NetworkPartitionHint => "Links between side A and side B are cut both ways; unlisted nodes keep every link.",
    PartitionNetwork => "Partition the network",
    CutOneLink => "Cut one link",
    CutHint => "Drops every message from one node to another; the other direction still works.",
    From => "from ",
    To => " to ",
    Cut => "Cut",
    Controller => "Controller",
    IsolateController => "Isolate the controller",
    Heal => "Heal",
    EveryLinkUp => "Every link is up.",
    CutLinks => "Cut links: {}",
    HealAll => "Heal all links",

    // The partition panel.
    PartitionLabel => "Partition ",
    Choose => "choose…",
    ChoosePartition => "Choose a partition, or click a replica chip.",
    PartitionGone => "That partition no longer exists.",
    StripsHint => "Solid records are committed (below that replica's HW); hatched ones are not yet. HW: consumers read the offsets before it. LEO: the next offset the replica writes.",
    LeaderNone => "none: the partition is offline",
    PreferredNote => " (broker {} is preferred)",
    FactLeader => "Leader",
    FactLeaderEpoch => "Leader epoch",
    FactReplicas => "Replicas",
    FactReassigning => "Reassigning",
    AddingRemoving => "adding {}, removing {}",
    EpochN => "epoch {}",
    LegendAria => "Legend",
    CommittedWord => "committed",
    UncommittedWord => "uncommitted",
    NotCommittedYet => "not committed yet",
    NotFlushed => ", not yet flushed to disk",
    RecordsOne => "{} record",
    RecordsMany => "{} records",
    UncommittedOne => "{} uncommitted record",
    UncommittedMany => "{} uncommitted records",
    ReplicaRowLabel => "broker {}, {}{}, LEO {}, HW {}, {}",
    RecordTitle => "offset {}, leader epoch {}, value {}: {}{}",
    GhostTitle => "offset {} ({}) was removed by truncation",
    TagPreferred => "preferred",
    TagAdding => "adding",
    TagStaleLeader => "still leads in its own view (epoch {})",
    StaleLeaderTitle => "It has not heard that another replica leads: its metadata is behind. Its followers left it, so nothing it appends is committed, and it truncates once it hears.",
    TagRemoving => "removing",
    LogStart => " · log start {}",
    LeoMeaning => "the log end offset: the next offset this replica writes",
    HwMeaning => "the high watermark: consumers read the offsets before it",
    EpochCacheTitle => "leader epoch cache: each epoch and the first offset written in it",
    EpochCache => "epoch cache ",
    OlderN => "… {} older",
    Empty => "empty",
    LagNone => "none, caught up",
    LagBehind => "{} behind, caught up {} ago",
    LagUnknown => "no fetch from it yet in this epoch; last caught up {} ago",
    LagLabel => "lag: {}; replica.lag.time.max.ms is {}{}",
    LagExceeded => ", exceeded: the leader drops it from the ISR",
    LagText => "lag {}",

    // The producer and consumer panel.
    StatAcked => "acked",
    StatPending => "pending",
    StatFailed => "failed",
    ReadsFollower => "broker {} (follower)",
    ReadsLeader => "leader, broker {}",
    NoLeader => "no leader",
    ConsumerTitle => "Consumer {} of {} (client.rack: {})",
    ColPartition => "partition",
    ColPosition => "position",
    ColLag => "lag",
    ColReadsFrom => "reads from",
    Producer => "Producer",
    TopicWord => "topic",
    Acks0 => "fire and forget: no response",
    Acks1 => "acknowledged after the leader's append",
    AcksAll => "acknowledged when the ISR has it (HW passes it)",
    IdempotenceOn => "on: retries never duplicate",
    IdempotenceOff => "off: a retry can duplicate",
    RateLabel => "rate (records/s)",
    SetRate => "Set rate",
    RateNow => "now {}/s; 0 stops the load",
    KeyWord => "key",
    ProduceN => "Produce {}",
    KeyHint => "A key picks the partition by murmur2 hash; without one, records stick to one partition per batch.",
    ProducerResults => "Producer results (all topics)",
    SentInAll => "sent in all",
    Consumers => "Consumers",
    ConsumerScheduled => "No consumer yet: the scenario starts one at {} ms.",
    NoConsumer => "No consumer is reading.",
    StartConsumer => "Start a consumer of {}",
    FollowerFetching => "Follower fetching (KIP-392)",
    FollowerFetchingNow => "Now {}. With replica.selector.class=RackAwareReplicaSelector the leader points a consumer with a client.rack at an in-sync replica in its rack.",
    On => "on",
    Off => "off",
    NoRacksYet => "The brokers have no racks: give them racks in Cluster setup first.",
    ReadInRack => "read from a replica in the consumer's rack",
    ApplyRestarts => "Apply (restarts the simulation)",
    NotLiveHint => "Not live: Kafka reads replica.selector.class at broker startup and a consumer's client.rack when it starts, so this restarts the simulation from its setup (keeping your live config changes).",

    // The scenario menu and a file's error list.
    Scenario => "Scenario",
    ExampleScenario => "Example scenario",
    LoadedSource => "{} (loaded)",
    OpenFile => "Open file…",
    OpenFileTitle => "Load a scenario .json (or drop one on the page)",
    CouldNotLoad => "{} could not be loaded",
    ProblemCount => "{} problem(s); the previous run is still here.",
    ProblemCountAtStart => "{} problem(s); the page opened as it would without them.",

    // The cluster setup panel.
    SetupHint => "Structural changes go into a draft and restart the simulation from it; settings marked live apply at once.",
    ProfileLegend => "Profile",
    // The profiles' descriptions: the English is the core's `Profile::describe` (a test checks).
    ProfileKraftElr => "Kafka 4.1+ (KRaft, 9 s broker session): leader-epoch truncation, the high watermark frozen while the ISR is below min.insync.replicas, and replicas that leave a too-small ISR stay electable as Eligible Leader Replicas (KIP-966).",
    ProfileKraft => "Kafka 3.9–4.0 (KRaft, 9 s broker session): leader-epoch truncation and the high watermark frozen while the ISR is below min.insync.replicas, but no ELR, so a partition whose last ISR member dies stays offline until that broker returns. unclean.leader.election.enable switched on at run time acts at the controller's periodic scan (3.7 and 3.8 ignored it).",
    ProfileZk => "Kafka 2.5–3.6 (ZooKeeper, 18 s session): leader-epoch truncation, but the high watermark advances with any ISR size, and every ISR change the controller makes (a failed broker removed) bumps the leader epoch.",
    ProfileHwTruncation => "Kafka before 0.11 (ZooKeeper): a follower truncates to its own high watermark, which can lose acknowledged records and leave logs divergent (KIP-101); acks=1 and unclean leader election are the defaults.",
    BrokersAndRacks => "Brokers and racks ({})",
    ColBroker => "broker",
    ColRack => "rack",
    RackOfBroker => "Rack of broker {}",
    RemoveBroker => "Remove broker {}",
    Remove => "Remove",
    AddBroker => "Add broker",
    Topics => "Topics",
    ColTopic => "topic",
    ColPartitions => "partitions",
    ColRf => "RF",
    ColPlacement => "placement",
    PartitionsOf => "Partitions of {}",
    ReplicationFactorOf => "Replication factor of {}",
    PlacementOf => "Placement of {}",
    AssignedTitle => "the scenario gives the replicas; placement is not used",
    Assigned => "assigned",
    RackAware => "rack-aware",
    RackUnaware => "rack-unaware",
    PlacementHint => "Rack-aware placement alternates racks so a partition's replicas land in different racks; rack-unaware (--disable-rack-aware) walks the brokers in id order.",
    KeyConfigs => "Key configs",
    Unset => "unset",
    LiveTitle => "applies at once while running",
    RestartTitle => "part of the setup: applies when you restart from it",
    Live => "live",
    Restart => "restart",
    RunningValue => " (running: {})",
    DiscardChanges => "Discard changes",
    // The key configs' descriptions: the English is the state's `KEY_CONFIGS` (a test checks).
    CfgMinIsr => "ISR size acks=all needs; the HW waits for it (Kafka 3.7+)",
    CfgUnclean => "elect an out-of-sync replica when no ISR member is left",
    CfgLagTime => "a follower not caught up for this long leaves the ISR",
    CfgFetchWait => "how long the leader holds a follower's fetch for new data",
    CfgFetchMinBytes => "data the leader waits for before answering a fetch",
    CfgAcks => "producer: 0, 1 (leader's append) or all (the ISR)",
    CfgIdempotence => "producer: retries never duplicate (needs acks=all)",
    CfgRetries => "producer: how often a failed send is retried",
    CfgDeliveryTimeout => "producer: give up on a record after this long",
    CfgFlushMessages => "fsync every N records; unset leaves flushing to the OS",
    CfgBrokerSession => "KRaft: a broker without heartbeats is fenced after this",
    CfgZkSession => "ZooKeeper profiles: a broker's session expires after this",
    CfgLatency => "simulator: one-way latency of every message",

    // The reassignment and leaders panel.
    Unstage => "Unstage",
    NoneWord => "none",
    ElectOption => "{}: leader {}, preferred {}",
    ReassignmentPlan => "Reassignment plan",
    PlanHint => "The JSON of kafka-reassign-partitions.sh: paste or open one, export the current assignment, or let Kafka's rack-aware placement propose one.",
    PlanJson => "Plan JSON",
    ApplyPlan => "Apply plan",
    ExportAssignment => "Export current assignment",
    ProposePlacement => "Propose a rack-aware placement",
    CopyPlan => "Copy",
    OpenEllipsis => "Open…",
    ReplicationThrottle => "Replication throttle",
    BytesPerSecond => "bytes/s",
    SetThrottle => "Set",
    ThrottleNow => "now {} B/s for leader.replication.throttled.rate and follower.replication.throttled.rate; plans applied now throttle the replicas they move",
    Unthrottled => "unthrottled; empty clears. A record counts 100 B, and a fetch carries up to replica.fetch.max.bytes, so the throttle shows on moves larger than that",
    StagedMoves => "Staged moves ({})",
    NoneStaged => "None staged: drag a replica to another broker to stage a move.",
    ColNow => "now",
    ColTarget => "target",
    ApplyStaged => "Apply staged moves as one plan",
    ClearStaged => "Clear",
    Leaders => "Leaders",
    PartitionAria => "Partition",
    PreferredElection => "Preferred leader election",
    ForAllPartitions => "For all partitions",
    UncleanElection => "Unclean leader election",
    UncleanElectionAll => "Unclean, all partitions",
    UncleanElectionHint => "An unclean election (kafka-leader-election.sh --election-type UNCLEAN) gives a partition without a leader one outside the ISR, whatever unclean.leader.election.enable says: committed records the new leader lacks are lost. With that setting switched on at run time, a ZooKeeper controller elects at once; a KRaft controller (3.9+) waits for its periodic scan (unclean.leader.election.interval.ms, 5 minutes), so Kafka's documentation says to run this command.",
    LeadershipPerBroker => "Leadership per broker",
    ColLeads => "leads",
    ColPreferred => "preferred",
    ColNotLeading => "not leading",
    ColImbalance => "imbalance",
    ImbalanceHint => "Imbalance = preferred but not leading / preferred. With auto.leader.rebalance.enable on, a KRaft controller moves every partition back to its preferred leader at its check (leader.imbalance.check.interval.seconds after the imbalance appears); a ZooKeeper controller does so only for brokers above leader.imbalance.per.broker.percentage ({}%).",

    // The charts.
    NoPartition => "no partition",
    IsrSizeTitle => "ISR size per partition",
    IsrSizeChosen => ", {}: {}",
    HwLeoTitle => "HW and each replica's LEO, {}",
    UrpTitle => "Under-replicated and offline partitions",
    UnderReplicated => "under-replicated",
    OfflineWord => "offline",
    ThroughputTitle => "Produce throughput and errors",
    LagTitle => "Consumer lag, all partitions",
    UnitReplicas => "replicas",
    UnitOffset => "offset",
    UnitPartitions => "partitions",
    UnitRecordsPerSecond => "records/s",
    UnitRecords => "records",
    SimulatedTimeLower => "simulated time",
    AtTime => "at {}",
    ChartsHint => "Recorded from the furthest run, a sample every {} of simulated time; ISR and partition counts are exact. Hover to read values, click to go to that moment.",

    // The selected partition on the broker cards and in "Now" beside the cluster.
    CardLogAria => "{} on broker {}: LEO {}, HW {}; {} of the records shown not committed yet",
    NowAria => "What is happening to {} now",
    NowLeader => "leader broker {}",
    NowNoLeader => "no leader: offline",
    NowEpoch => "epoch {}",
    NowConsumer => "consumer at offset {}",
    WaitsAria => "What the cluster is waiting for",
    WaitIn => "in {}",
    WaitProgress => "time waited so far",
    SkipTo => "Skip to it ▸",
    SkipTitle => "Jump ahead to just before this happens, then watch it happen",
    WaitFencing => "Broker {} sends no heartbeats (the last arrived at t = {}): the controller fences it once {} ({}) has passed.",
    WaitLeavingIsr => "Broker {} has not caught up since t = {}: leader {} removes it from the ISR at its first check after replica.lag.time.max.ms ({}); it checks every {}.",
    WaitAwaitingReplicas => "acks=all: writes below offset {} wait until these followers fetch them: broker {}. The HW is the lowest fetch offset in the ISR.",
    WaitTimesOutIn => "times out in {}",
    WaitAwaitingHw => "acks=all: writes below offset {} wait for the HW to reach them.",
    WaitBelowMinIsr => "The ISR has {} member(s), fewer than min.insync.replicas = {}: acks=all writes are refused (NOT_ENOUGH_REPLICAS) and retried.",
    WaitRetry => "The producer sends {} record(s) again after retry.backoff.ms ({}).",
    WaitUncleanScan => "{} has no leader and its topic allows unclean election: the KRaft controller elects a replica outside the ISR at its next periodic scan, every {} (unclean.leader.election.interval.ms). kafka-leader-election.sh --election-type UNCLEAN elects now.",
    WaitNoLeader => "{} record(s) wait: the producer knows no leader for {} and keeps asking for metadata. Unless a leader appears, each fails with a TimeoutException once delivery.timeout.ms has passed since it was sent.",
    WaitCopying => "Broker {} copies the log: {} of {} records{}.",
    WaitThrottled => ", throttled to {} bytes/s",
    WhyAria => "Why the latest changes happened",
    WhyBecause => "Because: {}",
    WhyNothing => "Nothing has happened to {} yet: no election, ISR change or truncation.",
    RuleClean => "Rule: the controller elects the first replica in assignment order that is in the ISR and that it counts as alive.",
    RuleUnclean => "Rule: unclean election (unclean.leader.election.enable, or kafka-leader-election.sh --election-type UNCLEAN) lets a replica outside the ISR lead; committed records it lacks are lost.",
    RuleElr => "Rule (KIP-966): a replica that left an ISR already below min.insync.replicas holds every record up to the HW, so it may still lead.",
    RulePreferred => "Rule: a preferred leader election gives leadership back to the first replica of the assignment, if it is in the ISR.",
    RuleLastKnown => "Rule (KIP-966): with ISR and ELR both empty, the last known leader is elected when it returns; records it lost are gone.",
    RuleOffline => "Rule: no replica may lead, and Kafka waits for an ISR member rather than lose data (unless unclean election is enabled).",
    RuleShrinkLag => "Rule: a follower leaves the ISR when it has not caught up for replica.lag.time.max.ms; the leader checks every half of that.",
    RuleShrinkFenced => "Rule: a fenced broker leaves every ISR it can leave.",
    RuleExpand => "Rule: a follower rejoins the ISR once its fetch reaches the leader's HW and the start of the leader's epoch.",
    RuleIsrChanged => "Rule: after such an election the ISR is the new leader alone; the others must catch up to rejoin.",
    RuleTruncDiverging => "Rule (KIP-101): a follower cuts its log back to where its leader epochs agree with the leader's, then copies the rest.",
    RuleTruncHw => "Rule before Kafka 0.11: a new follower cut its log to its own HW, which can drop committed records.",
    RuleTruncPower => "Power loss: records not yet flushed to disk are gone (Linux writes dirty pages back after about 30 s).",
    CardFencedIn => "fenced by the controller in {}",
    CardLeavesIsrIn => "leaves the ISR of {} in {}",
    FocusOn => "Only {}'s messages",
    FocusNone => "Only the selected partition's messages",
    FocusTitle => "Focus: animate only the messages about the selected partition and draw the rest faint",
    NowLeaderDown => "leader broker {}: down, not yet replaced",
    LessonsButton => "Lessons",

    // The rule that allowed a loss, under the loss alert.
    LossRuleUnclean => "The rule: unclean election (unclean.leader.election.enable, or kafka-leader-election.sh --election-type UNCLEAN) let a replica outside the ISR lead. It lacked these records, and a leader's log is the partition's: Kafka chose availability over consistency.",
    LossRuleLastKnown => "The rule (KIP-966): with ISR and ELR both empty, the last known leader is elected when it returns, even if it lost records (an unclean shutdown).",
    LossRuleAcksZero => "The rule: acks=0 does not wait for any broker, so an acknowledgement says nothing about where the record is.",
    LossRuleAcksOne => "The rule: acks=1 waits for the leader alone. The new leader was in the ISR, but ISR membership is about time (replica.lag.time.max.ms), not about holding every record, so it could be elected without them.",
    LossRulePowerLoss => "The rule: Kafka acknowledges records in the page cache and relies on replicas, not on flushing; a power loss takes what was not yet written to disk.",
    LossRuleHwTruncation => "The rule before Kafka 0.11: a new follower cut its log to its own HW, which could lag the leader's; leader epochs (KIP-101) replaced it.",
    LossRuleNone => "No rule of Kafka's allows this loss: it is a bug in this playground's simulation. Please report it.",
    LagNeverFetched => "no fetch from it yet in this epoch, and not in the ISR when it began",

    // The legend: how to read the cluster.
    LegendTitle => "How to read this",
    LegendChipsAria => "Replica chips",
    LegendLogAria => "Log cells",
    LegendIsr => "in the ISR (in sync with the leader)",
    LegendElr => "eligible leader replica (KIP-966)",
    LegendCommitted => "committed: below an HW that covers it",
    LegendUncommitted => "written, not committed yet",
    LegendEpochs => "A cell's colour is the leader epoch it was written in.",
    ColRemove => "remove",
}

/// A phrase with its `{}` placeholders filled in order.
pub fn trf(lang: Lang, key: Key, args: &[&dyn Display]) -> String {
    fill(tr(lang, key), args)
}

fn fill(template: &str, args: &[&dyn Display]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut args = args.iter();
    let mut parts = template.split("{}");
    if let Some(first) = parts.next() {
        out.push_str(first);
    }
    for part in parts {
        if let Some(arg) = args.next() {
            let _ = write!(out, "{arg}");
        }
        out.push_str(part);
    }
    out
}

/// Why records were lost: the core's English sentence, or the same facts in Chinese.
pub fn describe_loss(lang: Lang, why: &LossExplanation) -> String {
    if lang == Lang::En {
        return why.to_string();
    }
    let names = why.values.join("、");
    let mut parts = vec![match (why.acknowledged, why.acks) {
        (false, _) => format!("{names} 已提交（低于 HW）"),
        (true, Some(acks)) => format!("{names} 已按 acks={acks} 得到确认"),
        (true, None) => format!("{names} 已得到确认"),
    }];
    parts.extend(why.failure.map(|f| match f {
        BrokerFailure::Crashed(b) => format!("Broker {b} 崩溃"),
        BrokerFailure::LostPower(b) => format!("Broker {b} 断电"),
        BrokerFailure::ShutDown(b) => format!("Broker {b} 受控关闭"),
        BrokerFailure::Fenced(b) => format!("Broker {b} 被隔离（fenced）"),
    }));
    if let Some(e) = &why.election {
        let how = match e.kind {
            ElectionKind::Unclean | ElectionKind::LastKnownLeader => "以非干净（unclean）方式当选",
            ElectionKind::EligibleLeaderReplica => "从 ELR 中当选",
            ElectionKind::Preferred => "作为首选 Leader 接任",
            ElectionKind::Clean | ElectionKind::Kept => "当选",
        };
        parts.push(format!(
            "Broker {} {how}（epoch {}），而它没有这些记录",
            e.leader, e.leader_epoch
        ));
    }
    parts.push(match why.truncation {
        Some((broker, reason)) => {
            let how = match reason {
                TruncationReason::HighWatermark => "截断到自己的 HW（Kafka 0.11 之前的规则）",
                TruncationReason::DivergingEpoch => "截断到其 epoch 与新 Leader 分叉之处",
                TruncationReason::PowerLoss => "断电时丢掉了未刷盘的尾部",
            };
            format!("Broker {broker} {how}，记录随之被删除")
        }
        None => "仍持有这些记录的副本都不是 Leader".to_string(),
    });
    parts.join("；")
}

/// An event in words, in a language (the core's sentence, worded from its `Text`).
pub fn describe_event(lang: Lang, kind: &EventKind) -> String {
    word(lang, &kind.text())
}

thread_local! {
    /// The language last shown, for the panic overlay (drawn after the app can no longer run).
    /// One per page: with several instances in different languages, the last one set wins.
    static SHOWN: std::cell::Cell<Lang> = const { std::cell::Cell::new(Lang::En) };
}

/// The language last shown on the page.
pub fn shown_lang() -> Lang {
    SHOWN.with(std::cell::Cell::get)
}

/// Record the language shown, and set `<html lang>` to it (screen readers and fonts follow
/// it) when the app owns the page (not when the JS API mounted it into a host's page).
pub fn set_document_lang(lang: Lang, owns_page: bool) {
    SHOWN.with(|shown| shown.set(lang));
    if !owns_page {
        return;
    }
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", lang.code());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use replication_core::BrokerId;

    #[test]
    fn every_key_has_both_texts_with_the_same_placeholders() {
        assert!(!Key::ALL.is_empty());
        assert_eq!(
            tr(Lang::Zh, Key::CtlPlay),
            "▶ Play",
            "English until zh.json is installed"
        );
        zh::install_shipped();
        for &key in Key::ALL {
            let (en, zh) = (tr(Lang::En, key), tr(Lang::Zh, key));
            assert!(!en.trim().is_empty(), "{key:?} has no English text");
            assert!(!zh.trim().is_empty(), "{key:?} has no Chinese text");
            assert_eq!(
                en.matches("{}").count(),
                zh.matches("{}").count(),
                "{key:?}: English {en:?} and Chinese {zh:?} differ in placeholders"
            );
        }
    }

    #[test]
    fn placeholders_fill_in_order() {
        zh::install_shipped();
        assert_eq!(
            trf(Lang::En, Key::BrokerAria, &[&1, &"running"]),
            "Broker 1: running"
        );
        assert_eq!(trf(Lang::Zh, Key::BadgeSlowed, &[&200]), "变慢 +200 ms");
    }

    #[test]
    fn the_address_wins_then_the_browser_then_english() {
        let zh = Some("zh-CN".to_string());
        let en = Some("en-US".to_string());
        assert_eq!(Lang::chosen(Some(Lang::Zh), en.clone()), Lang::Zh);
        assert_eq!(Lang::chosen(Some(Lang::En), zh.clone()), Lang::En);
        assert_eq!(Lang::chosen(None, zh), Lang::Zh);
        assert_eq!(Lang::chosen(None, Some("zh-TW".into())), Lang::Zh);
        assert_eq!(Lang::chosen(None, en), Lang::En);
        assert_eq!(Lang::chosen(None, Some("fr-FR".into())), Lang::En);
        assert_eq!(Lang::chosen(None, None), Lang::En);
    }

    #[test]
    fn an_unknown_language_is_an_error_naming_ours() {
        assert_eq!(Lang::from_option("zh-Hans"), Ok(Lang::Zh));
        assert_eq!(Lang::from_option("en-GB"), Ok(Lang::En));
        let err = Lang::from_option("xx").unwrap_err().to_string();
        assert!(err.contains("\"xx\"") && err.contains("zh-CN"), "{err}");
        assert!(Lang::from_option("").is_err());
    }

    /// Every fact of a loss explanation has its Chinese wording, and English is the core's.
    #[test]
    fn a_loss_is_explained_in_both_languages() {
        use replication_core::config::Acks;
        use replication_core::view::LossElection;
        let b = BrokerId;
        let base = LossExplanation {
            values: vec!["m7".into(), "m8".into()],
            acknowledged: true,
            acks: Some(Acks::One),
            failure: Some(BrokerFailure::Crashed(b(1))),
            election: Some(LossElection {
                leader: b(2),
                leader_epoch: 3,
                kind: ElectionKind::Unclean,
            }),
            truncation: Some((b(1), TruncationReason::DivergingEpoch)),
        };
        assert_eq!(describe_loss(Lang::En, &base), base.to_string());
        assert_eq!(
            describe_loss(Lang::Zh, &base),
            "m7、m8 已按 acks=1 得到确认；Broker 1 崩溃；Broker 2 以非干净（unclean）方式当选（epoch 3），而它没有这些记录；Broker 1 截断到其 epoch 与新 Leader 分叉之处，记录随之被删除"
        );
        let cases: &[(LossExplanation, &str)] = &[
            (
                LossExplanation {
                    acknowledged: false,
                    acks: None,
                    ..base.clone()
                },
                "m7、m8 已提交（低于 HW）",
            ),
            (
                LossExplanation {
                    acks: None,
                    ..base.clone()
                },
                "m7、m8 已得到确认；",
            ),
            (
                LossExplanation {
                    failure: Some(BrokerFailure::LostPower(b(4))),
                    ..base.clone()
                },
                "Broker 4 断电",
            ),
            (
                LossExplanation {
                    failure: Some(BrokerFailure::ShutDown(b(4))),
                    ..base.clone()
                },
                "Broker 4 受控关闭",
            ),
            (
                LossExplanation {
                    failure: Some(BrokerFailure::Fenced(b(4))),
                    ..base.clone()
                },
                "Broker 4 被隔离",
            ),
            (
                LossExplanation {
                    election: Some(LossElection {
                        leader: b(5),
                        leader_epoch: 9,
                        kind: ElectionKind::EligibleLeaderReplica,
                    }),
                    ..base.clone()
                },
                "Broker 5 从 ELR 中当选（epoch 9）",
            ),
            (
                LossExplanation {
                    election: Some(LossElection {
                        leader: b(5),
                        leader_epoch: 9,
                        kind: ElectionKind::Preferred,
                    }),
                    ..base.clone()
                },
                "Broker 5 作为首选 Leader 接任",
            ),
            (
                LossExplanation {
                    election: None,
                    ..base.clone()
                },
                "m7、m8 已按 acks=1 得到确认；Broker 1 崩溃；Broker 1 截断",
            ),
            (
                LossExplanation {
                    truncation: Some((b(3), TruncationReason::HighWatermark)),
                    ..base.clone()
                },
                "Broker 3 截断到自己的 HW（Kafka 0.11 之前的规则）",
            ),
            (
                LossExplanation {
                    truncation: Some((b(3), TruncationReason::PowerLoss)),
                    ..base.clone()
                },
                "Broker 3 断电时丢掉了未刷盘的尾部",
            ),
            (
                LossExplanation {
                    truncation: None,
                    ..base.clone()
                },
                "仍持有这些记录的副本都不是 Leader",
            ),
        ];
        for (why, expected) in cases {
            let zh = describe_loss(Lang::Zh, why);
            assert!(zh.contains(expected), "{zh:?} lacks {expected:?}");
            assert_eq!(describe_loss(Lang::En, why), why.to_string());
        }
    }

    #[test]
    fn codes_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(Lang::parse(lang.code()), Some(lang));
        }
    }
}
