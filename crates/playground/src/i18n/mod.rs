//! The UI's languages: English and Simplified Chinese.
//!
//! The language comes from the page address (`?lang=zh-CN`), else the browser, else English,
//! and can be switched live: it lives in a Yew context (`ContextProvider<Lang>`), read with
//! `use_context::<Lang>().unwrap_or_default()`. Every UI text is a `Key`; `tr` returns it in a
//! language from ONE table of `(en, zh)` pairs, so a key without both texts cannot compile, and
//! a test checks that no text is empty and that both languages have the same placeholders.
//!
//! Kafka's own names stay untranslated in both: config keys, ISR, HW, LEO, acks, error names.

mod examples;
mod messages;

pub use examples::scenario_description;
pub use messages::word;

use crate::state::Command;
use replication_core::rules::election::ElectionKind;
use replication_core::sim::trace::{EventKind, TruncationReason};
use replication_core::text;
use replication_core::text::Text;
use replication_core::view::{BrokerFailure, LossExplanation};
use std::fmt::{Display, Write};
use wasm_bindgen::JsCast;
use yew::prelude::*;

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
                value = format!("{value:?}")
            )
        })
    }

    /// The language shown: the one asked for (`lang=` or the JS API's `lang`), else the
    /// browser's, else English.
    pub fn chosen(asked: Option<Lang>, navigator_language: Option<String>) -> Lang {
        asked.unwrap_or_else(|| Lang::from_browser(navigator_language))
    }
}

/// Defines `Key`, `Key::ALL` and `tr` from one table, so every key has both texts.
macro_rules! texts {
    ($($key:ident => ($en:expr, $zh:expr),)*) => {
        /// One UI text (a phrase may hold `{}` placeholders, filled by `trf`).
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Key { $($key,)* }

        impl Key {
            pub const ALL: &'static [Key] = &[$(Key::$key,)*];
        }

        /// A text in a language.
        pub fn tr(lang: Lang, key: Key) -> &'static str {
            let (en, zh) = match key { $(Key::$key => ($en, $zh),)* };
            match lang {
                Lang::En => en,
                Lang::Zh => zh,
            }
        }
    };
}

texts! {
    // The page: title, side-panel tabs, status bar, drag staging.
    AppTitle => ("Kafka replication playground", "Kafka 副本复制演练场"),
    TabPartition => ("Partition", "分区"),
    TabClients => ("Producer & consumer", "生产者与消费者"),
    TabFaults => ("Racks & network", "机架与网络"),
    TabSetup => ("Cluster setup", "集群设置"),
    TabPlans => ("Reassign & leaders", "重分配与 Leader"),
    TabDescribe => ("Describe", "描述 (describe)"),
    TabCharts => ("Charts", "图表"),
    StatusEvents => ("{} events", "{} 个事件"),
    StatusHelp => ("Press ? for keyboard shortcuts", "按 ? 查看键盘快捷键"),
    StageDrags => ("Stage drags as one plan", "拖动先暂存为一个计划"),
    StagedCount => (" ({} staged)", "（已暂存 {} 个）"),

    // The control bar.
    CtlControls => ("Simulation controls", "模拟控制"),
    CtlPlay => ("▶ Play", "▶ 播放"),
    CtlPause => ("❚❚ Pause", "❚❚ 暂停"),
    CtlPlayLabel => ("Play (Space)", "播放（空格）"),
    CtlPauseLabel => ("Pause (Space)", "暂停（空格）"),
    CtlStep => ("Step", "单步"),
    CtlStepLabel => ("Step one event (.)", "前进一个事件（.）"),
    CtlReset => ("Reset", "重置"),
    CtlResetLabel => ("Reset to time 0 (r)", "回到时间 0（r）"),
    CtlSpeed => ("Speed", "速度"),
    CtlSeed => ("Seed", "随机种子"),
    CtlSeedLabel => ("Seed (restarts the run)", "随机种子（重新开始运行）"),
    CtlHeartbeats => ("Heartbeats", "心跳"),
    CtlShortcuts => ("Keyboard shortcuts (?)", "键盘快捷键（?）"),
    // Describe and share.
    DescribeWhat => ("What {} would print now.", "{} 此刻会输出的内容。"),
    Copy => ("Copy", "复制"),
    Copied => ("Copied", "已复制"),

    // Sharing a run.
    ShareTitle => ("Share this run", "分享这次运行"),
    ShareButton => ("Share", "分享"),
    ShareTip => (
        "Copy a link that replays exactly this run: the setup, its seed and your actions, each at the exact moment you took it.",
        "复制一个能精确重放这次运行的链接：集群设置、随机种子，以及你的每个操作及其发生的确切时刻。"
    ),
    DownloadButton => ("Download as scenario JSON", "下载为场景 JSON"),
    DownloadTip => (
        "Save the setup with your actions added as timed actions. A scenario's timed action applies before anything else at its millisecond, while yours came after some of that millisecond's events, so the file replays a close, not always identical, run; the link is the exact run.",
        "保存集群设置，并把你的操作写成定时操作。场景文件中的定时操作在该毫秒内最先执行，而你的操作发生在该毫秒的部分事件之后，因此文件重放的是一次相近但不一定完全相同的运行；链接才是精确的运行。"
    ),
    ShareTooLong => (
        "This run is {} characters as a link; links are limited to {} — download it as a scenario file instead.",
        "这次运行写成链接有 {} 个字符，而链接最多 {} 个字符——请改为下载场景文件。"
    ),
    ShareLinkAt => ("Link to the run at t = {} (copied):", "t = {} 时刻的运行链接（已复制）："),

    // The language switch.
    LanguageLabel => ("Language", "语言"),

    // Broker states and badges.
    StateRunning => ("running", "运行中"),
    StateFenced => ("fenced", "已隔离 (fenced)"),
    StateCrashed => ("crashed", "已崩溃"),
    StateStopped => ("stopped", "已停止"),
    BadgeIsolated => ("isolated", "网络已断开"),
    BadgeSlowed => ("slowed +{} ms", "变慢 +{} ms"),
    BadgeShuttingDown => ("shutting down", "正在关闭"),
    BadgeFetcherPaused => ("fetcher paused", "拉取已暂停"),

    // Broker actions: label (accessible name, tooltip, menu item) and the card's short text.
    ActRestart => ("Restart", "重启"),
    ActRestartIcon => ("restart", "重启"),
    ActCrash => ("Crash", "崩溃"),
    ActCrashIcon => ("crash", "崩溃"),
    ActPowerLoss => ("Power loss", "断电"),
    ActPowerLossIcon => ("power off", "断电"),
    ActShutdown => ("Controlled shutdown", "受控关闭"),
    ActShutdownIcon => ("shut down", "关闭"),
    ActHeal => ("Heal network", "恢复网络"),
    ActHealIcon => ("heal", "恢复"),
    ActIsolate => ("Isolate", "断开网络"),
    ActIsolateIcon => ("isolate", "断网"),
    ActUnslow => ("Normal latency", "恢复正常延迟"),
    ActUnslowIcon => ("unslow", "恢复速度"),
    ActSlow => ("Slow (+200 ms)", "变慢 (+200 ms)"),
    ActSlowIcon => ("slow", "变慢"),
    ActResumeFetcher => ("Resume fetcher", "恢复拉取"),
    ActResumeFetcherIcon => ("resume fetch", "恢复拉取"),
    ActPauseFetcher => ("Pause fetcher", "暂停拉取"),
    ActPauseFetcherIcon => ("pause fetch", "暂停拉取"),

    // The broker card.
    BrokerName => ("broker {}", "Broker {}"),
    BrokerAria => ("Broker {}: {}", "Broker {}：{}"),
    BrokerActionAria => ("{} broker {}", "{} Broker {}"),
    BrokerMoreActions => ("More actions for broker {}", "Broker {} 的更多操作"),
    BrokerReplicasAria => ("Replicas on broker {}", "Broker {} 上的副本"),
    BrokerMenuAria => ("Actions for broker {}", "Broker {} 的操作"),
    DropOk => ("Drop: {}", "放下：{}"),
    DropNo => ("Can't drop here: {}", "不能放在这里：{}"),
    DropMove => ("move {} from broker {} to broker {}: replicas [{}]", "把 {} 从 Broker {} 移到 Broker {}：副本 [{}]"),
    DropCopy => ("copy {} from broker {} to broker {}: replicas [{}]", "把 {} 从 Broker {} 复制到 Broker {}：副本 [{}]"),
    DropAlreadyThere => ("the replica of {} is already on broker {}", "{} 的副本已经在 Broker {} 上"),
    DropNothingToMove => ("broker {} holds no replica of {} that can move", "Broker {} 上没有 {} 的可移动副本"),
    DropOneReplicaPerBroker => (
        "broker {} already holds a replica of {}: one replica per broker",
        "Broker {} 已有 {} 的副本；同一分区在每个 Broker 上只能有一个副本"
    ),
    ListSeparator => (", ", "，"),

    // Replica chips.
    RoleLeader => ("leader", "Leader"),
    RoleInSyncFollower => ("in-sync follower", "同步中的 Follower"),
    RoleOutOfSyncFollower => ("out-of-sync follower", "未同步的 Follower"),
    RoleOffline => ("offline", "离线"),
    ChipOnBroker => ("{} on broker {}: {}", "{}（Broker {}）：{}"),
    ChipInIsr => (", in the ISR", "，在 ISR 中"),
    ChipNotInIsr => (", not in the ISR", "，不在 ISR 中"),
    ChipInElr => (", in the ELR", "，在 ELR 中"),
    ChipBeingAdded => (", being added ({}% copied)", "，正在添加（已复制 {}%）"),
    ChipBeingRemoved => (", being removed", "，正在移除"),
    ChipDragHint => (
        ". Drag it to another broker (or press Enter, then arrow keys) to move it.",
        "。拖到另一个 Broker（或按 Enter 后用方向键）即可迁移。"
    ),
    ChipCopying => ("copying the leader's log", "正在复制 Leader 的日志"),
    ChipLeaving => (
        "removed once every target replica is in sync",
        "所有目标副本同步后即移除"
    ),

    // The cluster map.
    RackAria => ("Rack {}", "机架 {}"),
    RackName => ("rack {}", "机架 {}"),
    NoRack => ("no rack", "无机架"),
    RackNone => ("none", "无"),
    ControllerAria => ("Controller", "控制器"),
    ControllerIsolatedAria => ("Controller (isolated)", "控制器（网络已断开）"),
    ControllerName => ("controller", "控制器"),
    IsolatedSuffix => (" · isolated", " · 网络已断开"),
    ClientsAria => ("Producer and consumer", "生产者和消费者"),
    ClientsName => ("clients", "客户端"),
    ClientsStats => ("acked {} · pending {} · failed {}", "已确认 {} · 待确认 {} · 失败 {}"),

    // The event log.
    CatElections => ("elections", "选举"),
    CatIsr => ("ISR changes", "ISR 变化"),
    CatTruncations => ("truncations", "截断"),
    CatProduceErrors => ("produce errors", "生产错误"),
    CatFaults => ("faults", "故障"),
    CatOther => ("other", "其他"),
    EventLog => ("Event log", "事件日志"),
    EventFiltersAria => ("Show events of kind", "显示以下类型的事件"),
    EventCount => ("{} event(s)", "{} 个事件"),

    // Keyboard shortcuts.
    HelpTitle => ("Keyboard shortcuts", "键盘快捷键"),
    Close => ("Close", "关闭"),
    KeySpace => ("Space or k", "空格或 k"),
    KeyStep => (". or s", ". 或 s"),
    KeyFaster => ("] or +", "] 或 +"),
    KeySlower => ("[ or -", "[ 或 -"),
    KeyTimeline => ("← → on the timeline", "时间轴上按 ← →"),
    KeyBrokerMenu => ("Right-click or ⋯ on a broker", "在 Broker 上右键或点 ⋯"),
    HelpPlayPause => ("play / pause", "播放 / 暂停"),
    HelpStep => ("step one event (while paused)", "前进一个事件（暂停时）"),
    HelpStepBack => ("step back one event", "后退一个事件"),
    HelpTimeline => (
        "move through time; Home / End jump to the start / latest",
        "在时间上移动；Home / End 跳到开头 / 最新"
    ),
    HelpReset => ("reset to time 0", "重置到时间 0"),
    HelpFaster => ("faster", "加速"),
    HelpSlower => ("slower", "减速"),
    HelpHeartbeats => ("show or hide heartbeats", "显示或隐藏心跳"),
    HelpThis => ("this help", "本帮助"),
    HelpEsc => ("close menus, help and error lists", "关闭菜单、帮助和错误列表"),
    HelpTab => (
        "move between controls; Enter or Space presses",
        "在控件间移动；Enter 或空格按下"
    ),
    HelpBrokerMenu => ("its actions; arrow keys move in the menu", "打开其操作菜单；方向键在菜单中移动"),

    // Alerts.
    AlertLost => ("{} {} record(s) lost from {}", "丢失 {} 条{}记录（{}）"),
    Acknowledged => ("acknowledged", "已确认的"),
    Committed => ("committed", "已提交的"),
    AlertInvariant => ("Invariant broken: {}", "不变量被破坏：{}"),
    AlertAt => ("⚠ {} — at {}", "⚠ {} — 时间 {}"),
    ShowPartition => ("Show the partition", "查看该分区"),
    DismissAlert => ("Dismiss alert", "关闭警报"),
    Dismiss => ("Dismiss", "关闭"),

    // Dragging a replica.
    StageDragsTitle => (
        "Drops add moves to a plan you apply at once (Reassign & leaders tab)",
        "拖放产生的移动先加入一个计划，之后一次性应用（见“重分配与 Leader”标签页）"
    ),
    DragMove => ("Move {} from broker {}", "移动 {}（来自 Broker {}）"),
    DragCopy => ("Copy {} from broker {}", "复制 {}（来自 Broker {}）"),
    DragShiftHint => ("hold Shift to copy (adds a replica)", "按住 Shift 改为复制（增加一个副本）"),
    CarryBanner => (
        "{}: arrow keys choose a broker (now {}), Enter drops, Shift toggles copy, Escape cancels.",
        "{}：方向键选择 Broker（当前 {}），Enter 放下，Shift 切换复制，Escape 取消。"
    ),

    // Embedding.
    ClusterAria => ("Cluster", "集群"),
    PanelsAria => ("Panels", "面板"),
    OpenFull => ("Open in the full playground ↗", "在完整演练场中打开 ↗"),
    EmbedCode => ("Copy embed code", "复制嵌入代码"),
    EmbedCodeTitle => (
        "An <iframe> line that shows this scenario in a docs page",
        "一行 <iframe> 代码，在文档页面中展示这个场景"
    ),
    EmbedCodeHint => (
        "Paste this line into a page to embed the playground (it is on the clipboard where the browser allows):",
        "把这一行粘贴到页面里即可嵌入演练场（浏览器允许时它已在剪贴板中）："
    ),
    EmbedCodeAria => ("Embed code", "嵌入代码"),
    EmbedUnavailable => (
        "{} is not a bundled example (it was loaded from a file or changed in the setup), so it cannot be embedded yet: choose an example from the Scenario menu.",
        "{} 不是内置示例（它来自文件，或在集群设置中改动过），暂时无法嵌入：请从“场景”菜单中选择一个示例。"
    ),

    // Where a scenario came from, when it is not a file or an example.
    SourcePageAddress => ("the page address", "页面地址"),
    SourceSharedLink => ("the shared link", "分享链接"),
    SourceClusterSetup => ("the cluster setup", "集群设置"),

    // The overlay after a crash of the app itself.
    PanicTitle => ("Something went wrong", "出错了"),
    PanicText => (
        "The playground hit a bug and stopped. Reload the page to start again; please send the report below with what you were doing.",
        "演练场遇到了程序错误（bug），已停止运行。请重新加载页面；也请把下面的报告连同你当时的操作一起发给我们。"
    ),
    CopyReport => ("Copy report", "复制报告"),
    Reload => ("Reload", "重新加载"),

    // The message legend.
    MsgKey => ("Message key", "消息图例"),
    MsgFetch => ("fetch: a follower pulls from the leader", "fetch：Follower 从 Leader 拉取"),
    MsgFetchResponse => ("fetch response: records and the HW", "fetch 响应：记录和 HW"),
    MsgProduce => ("produce", "produce（生产）"),
    MsgProduceResponse => ("produce response (ack or error)", "produce 响应（确认或错误）"),
    MsgConsumerFetch => ("consumer fetch", "消费者 fetch"),
    MsgAlterPartition => (
        "AlterPartition: leader asks to change the ISR",
        "AlterPartition：Leader 请求修改 ISR"
    ),
    MsgPartitionChange => ("partition change from the controller", "来自控制器的分区变更"),
    MsgMetadata => ("metadata", "元数据"),
    MsgHeartbeat => ("heartbeat", "心跳"),

    // The timeline.
    Timeline => ("Timeline", "时间轴"),
    StepBackAria => ("Step back one event (,)", "后退一个事件 (,)"),
    StepBack => ("◀ Step back", "◀ 后退"),
    BackToLatest => ("Back to the latest", "回到最新"),
    InThePast => (
        "You are looking at the past. Acting here starts a new future.",
        "你正在查看过去。在此操作会开启一条新的未来。"
    ),
    OldFuture => ("Old future kept from {} to {}", "保留了旧的未来：{} 到 {}"),
    DiscardIt => ("Discard it", "丢弃"),
    SimulatedTime => ("Simulated time", "模拟时间"),

    // Racks and network.
    Racks => ("Racks", "机架"),
    RackBrokers => ("rack {} (brokers {})", "机架 {}（Broker {}）"),
    FailRack => ("Fail rack", "机架故障"),
    RestoreRack => ("Restore rack", "恢复机架"),
    RacksHint => (
        "Failing a rack cuts the power to every broker in it: unflushed records are lost.",
        "机架故障会切断其中所有 Broker 的电源：未刷盘的记录会丢失。"
    ),
    GroupOf => ("Group of {}", "{} 的分组"),
    KeepsAllLinks => ("keeps all links", "保留所有连接"),
    SideA => ("side A", "A 侧"),
    SideB => ("side B", "B 侧"),
    NetworkPartition => ("Network partition", "网络分区"),
    NetworkPartitionHint => (
        "Links between side A and side B are cut both ways; unlisted nodes keep every link.",
        "A 侧与 B 侧之间的连接双向切断；未分组的节点保留所有连接。"
    ),
    PartitionNetwork => ("Partition the network", "分割网络"),
    CutOneLink => ("Cut one link", "切断单向连接"),
    CutHint => (
        "Drops every message from one node to another; the other direction still works.",
        "丢弃从一个节点发往另一个节点的所有消息；反方向仍然畅通。"
    ),
    From => ("from ", "从 "),
    To => (" to ", " 到 "),
    Cut => ("Cut", "切断"),
    Controller => ("Controller", "控制器"),
    IsolateController => ("Isolate the controller", "断开控制器的网络"),
    Heal => ("Heal", "恢复"),
    EveryLinkUp => ("Every link is up.", "所有连接都正常。"),
    CutLinks => ("Cut links: {}", "已切断的连接：{}"),
    HealAll => ("Heal all links", "恢复所有连接"),

    // The partition panel.
    PartitionLabel => ("Partition ", "分区 "),
    Choose => ("choose…", "请选择…"),
    ChoosePartition => (
        "Choose a partition, or click a replica chip.",
        "选择一个分区，或点击一个副本。"
    ),
    PartitionGone => ("That partition no longer exists.", "该分区已不存在。"),
    StripsHint => (
        "Solid records are committed (below that replica's HW); hatched ones are not yet. HW: consumers read the offsets before it. LEO: the next offset the replica writes.",
        "实心记录已提交（低于该副本的 HW）；斜纹记录尚未提交。HW：消费者可读取它之前的偏移量。LEO：该副本下一个写入的偏移量。"
    ),
    LeaderNone => ("none: the partition is offline", "无：分区离线"),
    PreferredNote => (" (broker {} is preferred)", "（首选 Broker {}）"),
    FactLeader => ("Leader", "Leader"),
    FactLeaderEpoch => ("Leader epoch", "Leader epoch"),
    FactReplicas => ("Replicas", "副本"),
    FactReassigning => ("Reassigning", "重分配中"),
    AddingRemoving => ("adding {}, removing {}", "添加 {}，移除 {}"),
    EpochN => ("epoch {}", "epoch {}"),
    LegendAria => ("Legend", "图例"),
    CommittedWord => ("committed", "已提交"),
    UncommittedWord => ("uncommitted", "未提交"),
    NotCommittedYet => ("not committed yet", "尚未提交"),
    NotFlushed => (", not yet flushed to disk", "，尚未刷盘"),
    RecordsOne => ("{} record", "{} 条记录"),
    RecordsMany => ("{} records", "{} 条记录"),
    UncommittedOne => ("{} uncommitted record", "{} 条未提交记录"),
    UncommittedMany => ("{} uncommitted records", "{} 条未提交记录"),
    ReplicaRowLabel => ("broker {}, {}{}, LEO {}, HW {}, {}", "Broker {}，{}{}，LEO {}，HW {}，{}"),
    RecordTitle => (
        "offset {}, leader epoch {}, value {}: {}{}",
        "偏移量 {}，leader epoch {}，值 {}：{}{}"
    ),
    GhostTitle => ("offset {} ({}) was removed by truncation", "偏移量 {}（{}）被截断移除"),
    TagPreferred => ("preferred", "首选"),
    TagAdding => ("adding", "添加中"),
    TagRemoving => ("removing", "移除中"),
    LogStart => (" · log start {}", " · 日志起始 {}"),
    LeoMeaning => (
        "the log end offset: the next offset this replica writes",
        "日志末端偏移量：该副本下一个写入的偏移量"
    ),
    HwMeaning => (
        "the high watermark: consumers read the offsets before it",
        "高水位：消费者可读取它之前的偏移量"
    ),
    EpochCacheTitle => (
        "leader epoch cache: each epoch and the first offset written in it",
        "leader epoch 缓存：每个 epoch 及其写入的第一个偏移量"
    ),
    EpochCache => ("epoch cache ", "epoch 缓存 "),
    OlderN => ("… {} older", "… 更早的 {} 项"),
    Empty => ("empty", "空"),
    LagNone => ("none, caught up", "无，已追上"),
    LagBehind => ("{} behind, caught up {} ago", "落后 {}，{} 前追上"),
    LagLabel => ("lag: {}; replica.lag.time.max.ms is {}{}", "滞后：{}；replica.lag.time.max.ms 为 {}{}"),
    LagExceeded => (
        ", exceeded: the leader drops it from the ISR",
        "，已超出：Leader 会将其移出 ISR"
    ),
    LagText => ("lag {}", "滞后 {}"),

    // The producer and consumer panel.
    StatAcked => ("acked", "已确认"),
    StatPending => ("pending", "待确认"),
    StatFailed => ("failed", "失败"),
    ReadsFollower => ("broker {} (follower)", "Broker {}（Follower）"),
    ReadsLeader => ("leader, broker {}", "Leader，Broker {}"),
    NoLeader => ("no leader", "无 Leader"),
    ConsumerTitle => ("Consumer {} of {} (client.rack: {})", "消费者 {}，主题 {}（client.rack：{}）"),
    ColPartition => ("partition", "分区"),
    ColPosition => ("position", "位置"),
    ColLag => ("lag", "滞后"),
    ColReadsFrom => ("reads from", "读取自"),
    Producer => ("Producer", "生产者"),
    TopicWord => ("topic", "主题"),
    Acks0 => ("fire and forget: no response", "发出即不管：没有响应"),
    Acks1 => ("acknowledged after the leader's append", "Leader 写入后即确认"),
    AcksAll => (
        "acknowledged when the ISR has it (HW passes it)",
        "ISR 全部拿到后确认（HW 越过它）"
    ),
    IdempotenceOn => ("on: retries never duplicate", "开启：重试不会产生重复"),
    IdempotenceOff => ("off: a retry can duplicate", "关闭：重试可能产生重复"),
    RateLabel => ("rate (records/s)", "速率（条/秒）"),
    SetRate => ("Set rate", "设置速率"),
    RateNow => ("now {}/s; 0 stops the load", "当前 {}/秒；0 表示停止"),
    KeyWord => ("key", "键"),
    ProduceN => ("Produce {}", "生产 {} 条"),
    KeyHint => (
        "A key picks the partition by murmur2 hash; without one, records stick to one partition per batch.",
        "有键时按 murmur2 哈希选择分区；没有键时，每个批次的记录都写入同一个分区。"
    ),
    ProducerResults => ("Producer results (all topics)", "生产者结果（所有主题）"),
    SentInAll => ("sent in all", "共发送"),
    Consumers => ("Consumers", "消费者"),
    ConsumerScheduled => (
        "No consumer yet: the scenario starts one at {} ms.",
        "还没有消费者：场景会在 {} ms 时启动一个。"
    ),
    NoConsumer => ("No consumer is reading.", "没有消费者在读取。"),
    StartConsumer => ("Start a consumer of {}", "启动主题 {} 的消费者"),
    FollowerFetching => ("Follower fetching (KIP-392)", "从 Follower 拉取（KIP-392）"),
    FollowerFetchingNow => (
        "Now {}. With replica.selector.class=RackAwareReplicaSelector the leader points a consumer with a client.rack at an in-sync replica in its rack.",
        "当前{}。设置 replica.selector.class=RackAwareReplicaSelector 后，Leader 会把设置了 client.rack 的消费者引向其所在机架中的同步副本。"
    ),
    On => ("on", "开启"),
    Off => ("off", "关闭"),
    NoRacksYet => (
        "The brokers have no racks: give them racks in Cluster setup first.",
        "Broker 没有机架：请先在“集群设置”中为它们分配机架。"
    ),
    ReadInRack => ("read from a replica in the consumer's rack", "从消费者所在机架的副本读取"),
    ApplyRestarts => ("Apply (restarts the simulation)", "应用（重新开始模拟）"),
    NotLiveHint => (
        "Not live: Kafka reads replica.selector.class at broker startup and a consumer's client.rack when it starts, so this restarts the simulation from its setup (keeping your live config changes).",
        "无法实时生效：Kafka 在 Broker 启动时读取 replica.selector.class，在消费者启动时读取 client.rack，所以这会按设置重新开始模拟（保留你在运行中修改的配置）。"
    ),

    // The scenario menu and a file's error list.
    Scenario => ("Scenario", "场景"),
    ExampleScenario => ("Example scenario", "示例场景"),
    LoadedSource => ("{} (loaded)", "{}（已加载）"),
    OpenFile => ("Open file…", "打开文件…"),
    OpenFileTitle => (
        "Load a scenario .json (or drop one on the page)",
        "加载场景 .json 文件（或拖放到页面上）"
    ),
    CouldNotLoad => ("{} could not be loaded", "无法加载 {}"),
    ProblemCount => (
        "{} problem(s); the previous run is still here.",
        "{} 个问题；之前的运行仍保留。"
    ),

    // The cluster setup panel.
    SetupHint => (
        "Structural changes go into a draft and restart the simulation from it; settings marked live apply at once.",
        "结构性修改先进入草稿，应用时按草稿重新开始模拟；标为“实时”的设置会立即生效。"
    ),
    ProfileLegend => ("Profile", "Kafka 版本模式"),
    // The profiles' descriptions: the English is the core's `Profile::describe` (a test checks).
    ProfileKraftElr => (
        "Kafka 4.1+ (KRaft, 9 s broker session): leader-epoch truncation, the high \
         watermark frozen while the ISR is below min.insync.replicas, and replicas that \
         leave a too-small ISR stay electable as Eligible Leader Replicas (KIP-966).",
        "Kafka 4.1+（KRaft，Broker 会话 9 秒）：按 leader epoch 截断；ISR 小于 min.insync.replicas 时高水位冻结；离开过小 ISR 的副本仍可作为合格 Leader 副本（ELR）当选（KIP-966）。"
    ),
    ProfileKraft => (
        "Kafka 3.7–4.0 (KRaft, 9 s broker session): leader-epoch truncation and the high \
         watermark frozen while the ISR is below min.insync.replicas, but no ELR, so a \
         partition whose last ISR member dies stays offline.",
        "Kafka 3.7–4.0（KRaft，Broker 会话 9 秒）：按 leader epoch 截断，ISR 小于 min.insync.replicas 时高水位冻结；但没有 ELR，最后一个 ISR 成员宕机后分区会一直离线。"
    ),
    ProfileZk => (
        "Kafka 2.x–3.6 (ZooKeeper, 18 s session): leader-epoch truncation, but the high \
         watermark advances with any ISR size and every ISR change bumps the leader epoch.",
        "Kafka 2.x–3.6（ZooKeeper，会话 18 秒）：按 leader epoch 截断，但无论 ISR 多大高水位都会推进，且每次 ISR 变化都会递增 leader epoch。"
    ),
    ProfileHwTruncation => (
        "Kafka before 0.11 (ZooKeeper): a follower truncates to its own high watermark, \
         which can lose acknowledged records and leave logs divergent (KIP-101); acks=1 \
         and unclean leader election are the defaults.",
        "Kafka 0.11 之前（ZooKeeper）：Follower 截断到自己的高水位，可能丢失已确认的记录并使各副本日志分叉（KIP-101）；默认 acks=1 且启用非干净 Leader 选举（unclean leader election）。"
    ),
    BrokersAndRacks => ("Brokers and racks ({})", "Broker 与机架（{}）"),
    ColBroker => ("broker", "Broker"),
    ColRack => ("rack", "机架"),
    RackOfBroker => ("Rack of broker {}", "Broker {} 的机架"),
    RemoveBroker => ("Remove broker {}", "移除 Broker {}"),
    Remove => ("Remove", "移除"),
    AddBroker => ("Add broker", "添加 Broker"),
    Topics => ("Topics", "主题"),
    ColTopic => ("topic", "主题"),
    ColPartitions => ("partitions", "分区数"),
    ColRf => ("RF", "副本因子"),
    ColPlacement => ("placement", "副本放置"),
    PartitionsOf => ("Partitions of {}", "{} 的分区数"),
    ReplicationFactorOf => ("Replication factor of {}", "{} 的副本因子"),
    PlacementOf => ("Placement of {}", "{} 的副本放置方式"),
    AssignedTitle => (
        "the scenario gives the replicas; placement is not used",
        "场景已指定副本，不使用放置策略"
    ),
    Assigned => ("assigned", "已指定"),
    RackAware => ("rack-aware", "机架感知"),
    RackUnaware => ("rack-unaware", "不感知机架"),
    PlacementHint => (
        "Rack-aware placement alternates racks so a partition's replicas land in different racks; rack-unaware (--disable-rack-aware) walks the brokers in id order.",
        "机架感知放置会轮流选择机架，让一个分区的副本落在不同机架上；不感知机架（--disable-rack-aware）则按 id 顺序依次选择 Broker。"
    ),
    KeyConfigs => ("Key configs", "关键配置"),
    Unset => ("unset", "未设置"),
    LiveTitle => ("applies at once while running", "运行中立即生效"),
    RestartTitle => (
        "part of the setup: applies when you restart from it",
        "属于集群设置：按它重新开始时生效"
    ),
    Live => ("live", "实时"),
    Restart => ("restart", "需重启"),
    RunningValue => (" (running: {})", "（运行中：{}）"),
    DiscardChanges => ("Discard changes", "放弃修改"),
    // The key configs' descriptions: the English is the state's `KEY_CONFIGS` (a test checks).
    CfgMinIsr => (
        "ISR size acks=all needs; the HW waits for it (Kafka 3.7+)",
        "acks=all 所需的 ISR 大小；HW 会等到满足它才推进（Kafka 3.7+）"
    ),
    CfgUnclean => (
        "elect an out-of-sync replica when no ISR member is left",
        "没有 ISR 成员时，选举一个未同步的副本"
    ),
    CfgLagTime => (
        "a follower not caught up for this long leaves the ISR",
        "Follower 超过这个时间仍未追上就会被移出 ISR"
    ),
    CfgFetchWait => (
        "how long the leader holds a follower's fetch for new data",
        "Leader 为等待新数据而挂起 Follower 拉取请求的最长时间"
    ),
    CfgFetchMinBytes => (
        "data the leader waits for before answering a fetch",
        "Leader 响应拉取请求前要等到的数据量"
    ),
    CfgAcks => (
        "producer: 0, 1 (leader's append) or all (the ISR)",
        "生产者：0、1（Leader 写入）或 all（ISR 全部写入）"
    ),
    CfgIdempotence => (
        "producer: retries never duplicate (needs acks=all)",
        "生产者：重试不会产生重复（需要 acks=all）"
    ),
    CfgRetries => (
        "producer: how often a failed send is retried",
        "生产者：发送失败后重试的次数"
    ),
    CfgDeliveryTimeout => (
        "producer: give up on a record after this long",
        "生产者：超过这个时间就放弃一条记录"
    ),
    CfgFlushMessages => (
        "fsync every N records; unset leaves flushing to the OS",
        "每 N 条记录 fsync 一次；未设置则由操作系统决定何时刷盘"
    ),
    CfgBrokerSession => (
        "KRaft: a broker without heartbeats is fenced after this",
        "KRaft：Broker 超过这个时间没有心跳即被隔离（fenced）"
    ),
    CfgZkSession => (
        "ZooKeeper profiles: a broker's session expires after this",
        "ZooKeeper 模式：Broker 的会话在这个时间后过期"
    ),
    CfgLatency => (
        "simulator: one-way latency of every message",
        "模拟器：每条消息的单向延迟"
    ),

    // The reassignment and leaders panel.
    Unstage => ("Unstage", "取消暂存"),
    NoneWord => ("none", "无"),
    ElectOption => ("{}: leader {}, preferred {}", "{}：Leader {}，首选 {}"),
    ReassignmentPlan => ("Reassignment plan", "重分配计划"),
    PlanHint => (
        "The JSON of kafka-reassign-partitions.sh: paste or open one, export the current assignment, or let Kafka's rack-aware placement propose one.",
        "kafka-reassign-partitions.sh 使用的 JSON：粘贴或打开一个计划，导出当前分配，或让 Kafka 的机架感知放置生成一个。"
    ),
    PlanJson => ("Plan JSON", "计划 JSON"),
    ApplyPlan => ("Apply plan", "应用计划"),
    ExportAssignment => ("Export current assignment", "导出当前分配"),
    ProposePlacement => ("Propose a rack-aware placement", "生成机架感知的分配方案"),
    CopyPlan => ("Copy", "复制"),
    OpenEllipsis => ("Open…", "打开…"),
    ReplicationThrottle => ("Replication throttle", "副本复制限流"),
    BytesPerSecond => ("bytes/s", "字节/秒"),
    SetThrottle => ("Set", "设置"),
    ThrottleNow => (
        "now {} B/s for leader.replication.throttled.rate and follower.replication.throttled.rate; plans applied now throttle the replicas they move",
        "当前 leader.replication.throttled.rate 和 follower.replication.throttled.rate 为 {} B/s；此时应用的计划会对其迁移的副本限流"
    ),
    Unthrottled => (
        "unthrottled; empty clears. A record counts 100 B, and a fetch carries up to replica.fetch.max.bytes, so the throttle shows on moves larger than that",
        "未限流；留空即清除。每条记录按 100 B 计，一次拉取最多携带 replica.fetch.max.bytes，所以只有比这更大的迁移才能看出限流效果"
    ),
    StagedMoves => ("Staged moves ({})", "暂存的迁移（{}）"),
    NoneStaged => (
        "None staged: drag a replica to another broker to stage a move.",
        "没有暂存的迁移：把一个副本拖到另一个 Broker 即可暂存一次迁移。"
    ),
    ColNow => ("now", "当前"),
    ColTarget => ("target", "目标"),
    ApplyStaged => ("Apply staged moves as one plan", "把暂存的迁移作为一个计划应用"),
    ClearStaged => ("Clear", "清空"),
    Leaders => ("Leaders", "Leader"),
    PartitionAria => ("Partition", "分区"),
    PreferredElection => ("Preferred leader election", "首选 Leader 选举"),
    ForAllPartitions => ("For all partitions", "对所有分区"),
    LeadershipPerBroker => ("Leadership per broker", "各 Broker 的 Leader 分布"),
    ColLeads => ("leads", "担任 Leader"),
    ColPreferred => ("preferred", "首选"),
    ColNotLeading => ("not leading", "首选但非 Leader"),
    ColImbalance => ("imbalance", "不均衡度"),
    ImbalanceHint => (
        "Imbalance = preferred but not leading / preferred; above leader.imbalance.per.broker.percentage ({}%) the controller moves leadership back at its next check when auto.leader.rebalance.enable is on.",
        "不均衡度 = 首选但非 Leader 数 / 首选数；超过 leader.imbalance.per.broker.percentage（{}%）时，若 auto.leader.rebalance.enable 开启，控制器会在下次检查时把 Leader 迁回首选副本。"
    ),

    // The charts.
    NoPartition => ("no partition", "无分区"),
    IsrSizeTitle => ("ISR size per partition", "各分区的 ISR 大小"),
    IsrSizeChosen => (", {}: {}", "，{}：{}"),
    HwLeoTitle => ("HW and each replica's LEO, {}", "HW 与各副本的 LEO，{}"),
    UrpTitle => ("Under-replicated and offline partitions", "副本不足与离线的分区"),
    UnderReplicated => ("under-replicated", "副本不足"),
    OfflineWord => ("offline", "离线"),
    ThroughputTitle => ("Produce throughput and errors", "生产吞吐量与错误"),
    LagTitle => ("Consumer lag, all partitions", "消费者滞后（所有分区）"),
    UnitReplicas => ("replicas", "副本"),
    UnitOffset => ("offset", "偏移量"),
    UnitPartitions => ("partitions", "分区"),
    UnitRecordsPerSecond => ("records/s", "条/秒"),
    UnitRecords => ("records", "条"),
    SimulatedTimeLower => ("simulated time", "模拟时间"),
    AtTime => ("at {}", "时间 {}"),
    ChartsHint => (
        "Recorded from the furthest run, a sample every {} of simulated time; ISR and partition counts are exact. Hover to read values, click to go to that moment.",
        "记录自走得最远的一次运行，每 {} 模拟时间采样一次；ISR 和分区计数是精确值。悬停读取数值，点击跳到该时刻。"
    ),
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

#[derive(Properties, PartialEq)]
pub struct LanguageSwitchProps {
    pub on_command: Callback<Command>,
}

/// The language select (EN / 中文); switching re-renders the page at once.
#[function_component(LanguageSwitch)]
pub fn language_switch(props: &LanguageSwitchProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let onchange = props.on_command.reform(|e: Event| {
        let code = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
            .map(|s| s.value())
            .unwrap_or_default();
        Command::SetLang(Lang::parse(&code).unwrap_or_default())
    });
    html! {
        <select class="language" data-action="language" aria-label={tr(lang, Key::LanguageLabel)} {onchange}>
            { for Lang::ALL.iter().map(|l| html! {
                <option value={l.code()} selected={*l == lang}>{ l.label() }</option>
            }) }
        </select>
    }
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

/// A scenario's source in words: a file or example name as it is; the page address and the
/// shared link translated.
pub fn source_label(lang: Lang, source: &str) -> String {
    match source {
        crate::state::session::PAGE_ADDRESS => tr(lang, Key::SourcePageAddress).to_string(),
        crate::state::share::SOURCE => tr(lang, Key::SourceSharedLink).to_string(),
        crate::state::session::CLUSTER_SETUP => tr(lang, Key::SourceClusterSetup).to_string(),
        other => other.to_string(),
    }
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
    fn fixed_sources_are_translated_and_file_names_kept() {
        use crate::state::session::{CLUSTER_SETUP, PAGE_ADDRESS};
        assert_eq!(source_label(Lang::Zh, PAGE_ADDRESS), "页面地址");
        assert_eq!(source_label(Lang::En, PAGE_ADDRESS), "the page address");
        assert_eq!(
            source_label(Lang::Zh, crate::state::share::SOURCE),
            "分享链接"
        );
        assert_eq!(source_label(Lang::Zh, CLUSTER_SETUP), "集群设置");
        assert_eq!(source_label(Lang::Zh, "orders.json"), "orders.json");
    }

    #[test]
    fn codes_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(Lang::parse(lang.code()), Some(lang));
        }
    }
}
