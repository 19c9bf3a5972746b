//! Messages built as `Text` in Chinese: the event log's sentences, problems (malformed
//! scenarios, plans, links, page addresses, refused configs) and the tooltips of messages on the
//! wire. The core and the playground build them as an English template with named holes.
//! Here each template has its Chinese; `word` fills either with the same values, and a nested
//! `Text` (a noun phrase such as "a partition number") is worded in the same language.
//! Kafka's own names and quoted Kafka messages stay as they are; so do serde_json's parse
//! errors and Kafka's placement exceptions, which arrive as values.

use super::Lang;
use replication_core::text::{Arg, Text};

/// `(English template, Chinese template)`, sorted by the English.
const ZH: &[(&str, &str)] = &[
    (
        "\"org.apache.kafka.common.replica.RackAwareReplicaSelector\" or \"org.apache.kafka.common.replica.LeaderSelector\" (or the bare class name)",
        "\"org.apache.kafka.common.replica.RackAwareReplicaSelector\" 或 \"org.apache.kafka.common.replica.LeaderSelector\"（也可只写类名）",
    ),
    (
        "\"{name}\" is not a legal topic name; Kafka allows 1 to 249 of the characters a-z, A-Z, 0-9, '.', '_' and '-' (but not \".\" or \"..\")",
        "\"{name}\" 不是合法的主题名：Kafka 允许 1 到 249 个 a-z、A-Z、0-9、'.'、'_' 和 '-' 字符（但不能是 \".\" 或 \"..\"）",
    ),
    (
        "0, 1, \"all\" or -1",
        "0、1、\"all\" 或 -1",
    ),
    (
        "AlterPartition reply for {tp}",
        "{tp} 的 AlterPartition 回复",
    ),
    (
        "AlterPartition {tp}: ISR {isr}",
        "AlterPartition {tp}：ISR {isr}",
    ),
    (
        "ELR exists only in profile kraft-elr; this scenario uses {profile}",
        "ELR 只存在于 kraft-elr 版本模式中；这个场景用的是 {profile}",
    ),
    (
        "Kafka refuses: {error}",
        "Kafka 拒绝：{error}",
    ),
    (
        "[{nodes}]",
        "[{nodes}]",
    ),
    (
        "a 32-bit integer",
        "32 位整数",
    ),
    (
        "a back-reference points {dist} bytes back, before the start",
        "一个回溯引用指向 {dist} 字节之前，超出了开头",
    ),
    (
        "a broker id",
        "broker id",
    ),
    (
        "a partition needs its topic; give topic too",
        "指定分区时需要它的主题：请同时给出 topic",
    ),
    (
        "a partition number",
        "分区号",
    ),
    (
        "a rack name (a string)",
        "机架名（字符串）",
    ),
    (
        "acked",
        "已确认",
    ),
    (
        "acked at offset {offset}",
        "已确认，偏移量 {offset}",
    ),
    (
        "acks {acks} conflicts with enable.idempotence=true set in config; Kafka's producer refuses this (\"Must set acks to all in order to use the idempotent producer\")",
        "acks {acks} 与 config 中设置的 enable.idempotence=true 冲突；Kafka 的生产者会拒绝（\"Must set acks to all in order to use the idempotent producer\"）",
    ),
    (
        "after power loss: the unflushed tail never reached disk",
        "（断电后：未刷盘的尾部从未写入磁盘）",
    ),
    (
        "an integer from {min} to {max}",
        "{min} 到 {max} 之间的整数",
    ),
    (
        "broker {broker} crashed (its log survives on disk)",
        "Broker {broker} 崩溃（日志仍保存在磁盘上）",
    ),
    (
        "broker {broker} finished a controlled shutdown",
        "Broker {broker} 完成受控关闭",
    ),
    (
        "broker {broker} is unfenced and may lead and join ISRs again",
        "Broker {broker} 解除隔离，可以再次担任 Leader、加入 ISR",
    ),
    (
        "broker {broker} lost power: unflushed records are gone",
        "Broker {broker} 断电：未刷盘的记录已丢失",
    ),
    (
        "broker {broker} registered again with a new broker epoch: its previous incarnation is handled as failed and leaves every ISR",
        "Broker {broker} 以新的 broker epoch 重新注册：之前的实例按故障处理，退出所有 ISR",
    ),
    (
        "broker {broker} restarted",
        "Broker {broker} 已重启",
    ),
    (
        "broker {broker} was fenced: its session expired, so it leaves every ISR",
        "Broker {broker} 被隔离（fenced）：会话过期，退出所有 ISR",
    ),
    (
        "broker {broker}'s replica fetchers are paused",
        "Broker {broker} 的副本拉取线程已暂停",
    ),
    (
        "broker {broker}'s replica fetchers resumed",
        "Broker {broker} 的副本拉取线程已恢复",
    ),
    (
        "broker {ids} is in both isr and elr; a replica enters the ELR when it leaves the ISR",
        "Broker {ids} 同时在 isr 和 elr 中；副本离开 ISR 时才进入 ELR",
    ),
    (
        "broker {id}",
        "Broker {id}",
    ),
    (
        "broker {id} is listed twice",
        "Broker {id} 被列出了两次",
    ),
    (
        "broker {id} is not a replica of this partition; replicas are {list}",
        "Broker {id} 不是这个分区的副本；副本是 {list}",
    ),
    (
        "came back as the partition's last known leader and was elected UNCLEANLY (ISR and ELR were empty): records it lost are gone",
        "作为该分区最后已知的 Leader 回归，以非干净方式当选（ISR 和 ELR 均为空）：它丢失的记录无法找回",
    ),
    (
        "cannot change while running (Kafka reads it at startup); keys that can are {keys}",
        "运行中不能修改（Kafka 只在启动时读取它）；可以修改的键有 {keys}",
    ),
    (
        "character {n} ({c}) is not base64url (A–Z, a–z, 0–9, - and _)",
        "第 {n} 个字符（{c}）不是 base64url 字符（A–Z、a–z、0–9、- 和 _）",
    ),
    (
        "clients",
        "客户端",
    ),
    (
        "controller",
        "控制器",
    ),
    (
        "duplicate broker id {id} (also brokers[{first}])",
        "broker id {id} 重复（brokers[{first}] 也是它）",
    ),
    (
        "duplicate topic \"{name}\" (also topics[{first}])",
        "主题 \"{name}\" 重复（topics[{first}] 也是它）",
    ),
    (
        "empty; without ELR (profile {profile}) Kafka never empties the ISR: the last member stays and the partition goes offline",
        "为空；没有 ELR 时（版本模式 {profile}）Kafka 从不清空 ISR：最后一个成员会留下，分区转为离线",
    ),
    (
        "enable.idempotence=true needs acks=all, but acks is {acks}; Kafka's producer refuses this (\"Must set acks to all in order to use the idempotent producer\"): set acks to \"all\" or enable.idempotence to false",
        "enable.idempotence=true 需要 acks=all，但 acks 是 {acks}；Kafka 的生产者会拒绝（\"Must set acks to all in order to use the idempotent producer\"）：请把 acks 设为 \"all\"，或把 enable.idempotence 设为 false",
    ),
    (
        "enable.idempotence=true needs retries ≥ 1, but retries is 0; Kafka's producer refuses this (\"Must set retries to non-zero when using the idempotent producer\")",
        "enable.idempotence=true 需要 retries ≥ 1，但 retries 是 0；Kafka 的生产者会拒绝（\"Must set retries to non-zero when using the idempotent producer\"）",
    ),
    (
        "epoch goes with end_offset; with records, each record carries its own epoch",
        "epoch 与 end_offset 搭配使用；给出 records 时，每条记录带有自己的 epoch",
    ),
    (
        "epoch {epoch} follows epoch {previous}; epochs in a log never go down",
        "epoch {epoch} 排在 epoch {previous} 之后；日志中的 epoch 从不减小",
    ),
    (
        "epoch {epoch} is newer than the partition's leader_epoch {leader_epoch}",
        "epoch {epoch} 比分区的 leader_epoch {leader_epoch} 还新",
    ),
    (
        "error {name}",
        "错误 {name}",
    ),
    (
        "every partition",
        "所有分区",
    ),
    (
        "expected 0, 1, \"all\" or -1, got {got}",
        "应为 0、1、\"all\" 或 -1，实际为 {got}",
    ),
    (
        "expected 1 (the only plan version), got {got}",
        "应为 1（计划唯一的版本），实际为 {got}",
    ),
    (
        "expected a broker id (a whole number), got {got}",
        "应为 broker id（非负整数），实际为 {got}",
    ),
    (
        "expected a broker id, \"controller\" or \"clients\", got {got}",
        "应为 broker id、\"controller\" 或 \"clients\"，实际为 {got}",
    ),
    (
        "expected a non-empty rack name; leave rack out for a broker without one",
        "机架名不能为空；没有机架的 broker 请省略 rack",
    ),
    (
        "expected a non-empty {what}",
        "{what}不能为空",
    ),
    (
        "expected a string, got {got}",
        "应为字符串，实际为 {got}",
    ),
    (
        "expected a whole number from 0 to {max}, got {got}",
        "应为 0 到 {max} 之间的整数，实际为 {got}",
    ),
    (
        "expected a whole number ≥ 0, got {got}",
        "应为 ≥ 0 的整数，实际为 {got}",
    ),
    (
        "expected an array, got {got}",
        "应为数组，实际为 {got}",
    ),
    (
        "expected an index into the {brokers} brokers (0 to {last}), got {n}",
        "应为 {brokers} 个 broker 的下标（0 到 {last}），实际为 {n}",
    ),
    (
        "expected an object of Kafka properties, e.g. {{\"acks\": \"all\"}}, got {got}",
        "应为 Kafka 配置项组成的对象，例如 {{\"acks\": \"all\"}}，实际为 {got}",
    ),
    (
        "expected an object, got {got}",
        "应为对象，实际为 {got}",
    ),
    (
        "expected at least one broker, e.g. [{{\"id\": 1}}]",
        "至少需要一个 broker，例如 [{{\"id\": 1}}]",
    ),
    (
        "expected at least one node in the group",
        "每组至少需要一个节点",
    ),
    (
        "expected at least one partition (Kafka refuses an empty reassignment)",
        "至少需要一个分区（Kafka 拒绝空的重分配）",
    ),
    (
        "expected at least one replica",
        "至少需要一个副本",
    ),
    (
        "expected at least one value",
        "至少需要一个值",
    ),
    (
        "expected at least two groups (links between groups are cut), got {len}",
        "至少需要两组（组与组之间的连接被切断），实际为 {len}",
    ),
    (
        "expected at least {min} {what}, got {n}",
        "{what}至少应为 {min}，实际为 {n}",
    ),
    (
        "expected one log dir per replica ({replicas}), got {len}",
        "每个副本应有一个日志目录（{replicas} 个），实际为 {len}",
    ),
    (
        "expected one of {names}, got {got}",
        "应为 {names} 之一，实际为 {got}",
    ),
    (
        "expected replicas for at least partition 0",
        "至少需要分区 0 的副本",
    ),
    (
        "expected true or false (false: Kafka's --disable-rack-aware), got {got}",
        "应为 true 或 false（false 即 Kafka 的 --disable-rack-aware），实际为 {got}",
    ),
    (
        "expected {expected}, got {got}",
        "应为 {expected}，实际为 {got}",
    ),
    (
        "expected {rf} replicas (the replication factor), got {len}",
        "应有 {rf} 个副本（副本因子），实际为 {len}",
    ),
    (
        "expected {what} as the key, got {got}",
        "键应为 {what}，实际为 {got}",
    ),
    (
        "expected {{}} or true, got {got}",
        "应为 {{}} 或 true，实际为 {got}",
    ),
    (
        "fetch {parts}",
        "拉取 {parts}",
    ),
    (
        "give end_offset (records r0, r1, …) or records",
        "请给出 end_offset（记录 r0、r1、…）或 records",
    ),
    (
        "give end_offset or records, not both",
        "end_offset 和 records 只能给出一个",
    ),
    (
        "give values (a list of strings) or count (a number of records)",
        "请给出 values（字符串列表）或 count（记录条数）",
    ),
    (
        "give values or count, not both",
        "values 和 count 只能给出一个",
    ),
    (
        "heartbeat",
        "心跳",
    ),
    (
        "heartbeat reply",
        "心跳回复",
    ),
    (
        "heartbeat reply: fenced",
        "心跳回复：已隔离（fenced）",
    ),
    (
        "invalid JSON: {e}",
        "JSON 无效：{e}",
    ),
    (
        "invariant {invariant} broken: {detail}",
        "不变量 {invariant} 被破坏：{detail}",
    ),
    (
        "it ends in the middle of a back-reference",
        "它在一个回溯引用的中间结束了",
    ),
    (
        "it is empty",
        "它是空的",
    ),
    (
        "it unpacks to more than {max} bytes",
        "它解压后超过 {max} 字节",
    ),
    (
        "its length ({len}) cannot be base64url: it was cut short",
        "它的长度（{len}）不可能是 base64url：链接被截断了",
    ),
    (
        "kept leadership",
        "保持 Leader 身份",
    ),
    (
        "lang {value} is not a language of the playground: use en or zh-CN",
        "lang {value} 不是演练场支持的语言：请用 en 或 zh-CN",
    ),
    (
        "leader {id} is not in the isr ({isr}); Kafka's leader is always an ISR member",
        "Leader {id} 不在 isr（{isr}）中；Kafka 的 Leader 总是 ISR 成员",
    ),
    (
        "messages from {from} to {to} are dropped",
        "从 {from} 到 {to} 的消息被丢弃",
    ),
    (
        "metadata",
        "元数据",
    ),
    (
        "metadata request",
        "元数据请求",
    ),
    (
        "metadata snapshot of {n} partition(s)",
        "{n} 个分区的元数据快照",
    ),
    (
        "more than the simulator's limit of {limit} partitions in all topics",
        "所有主题的分区总数超过了模拟器的上限 {limit}",
    ),
    (
        "network partitioned into {groups}",
        "网络被分割为 {groups}",
    ),
    (
        "no action; give one of {kinds}",
        "没有动作；请给出 {kinds} 之一",
    ),
    (
        "no broker has rack \"{rack}\"; no broker has a rack",
        "没有 broker 在机架 \"{rack}\" 上；没有任何 broker 设置了机架",
    ),
    (
        "no broker has rack \"{rack}\"; racks are {names}",
        "没有 broker 在机架 \"{rack}\" 上；现有机架是 {names}",
    ),
    (
        "no broker {id}; brokers are {ids}",
        "没有 broker {id}；现有 broker 是 {ids}",
    ),
    (
        "no broker {id}; the scenario has no brokers",
        "没有 broker {id}；这个场景没有 broker",
    ),
    (
        "no partition {p}; \"{name}\" has {range}",
        "没有分区 {p}；\"{name}\" 只有{range}",
    ),
    (
        "no partition {p}; the topic has {range}",
        "没有分区 {p}；这个主题只有{range}",
    ),
    (
        "no partitions",
        "零个分区",
    ),
    (
        "no replicas for partition {missing}; give every partition from 0 to {last}",
        "分区 {missing} 没有副本；请给出 0 到 {last} 的每个分区",
    ),
    (
        "no topic \"{name}\"; the scenario has no topics",
        "没有主题 \"{name}\"；这个场景没有主题",
    ),
    (
        "no topic \"{name}\"; topics are {topics}",
        "没有主题 \"{name}\"；现有主题是 {topics}",
    ),
    (
        "none",
        "无",
    ),
    (
        "not a per-topic setting; {keys}",
        "不是主题级别的设置；{keys}",
    ),
    (
        "one action per entry, got {kinds}",
        "每一项只能有一个动作，实际有 {kinds}",
    ),
    (
        "only partition 0",
        "分区 0",
    ),
    (
        "panel {name} does not exist; the panels are: {names}",
        "面板 {name} 不存在；可用的面板有：{names}",
    ),
    (
        "partition",
        "分区数",
    ),
    (
        "partitions 0 to {last}",
        "分区 0 到 {last}",
    ),
    (
        "preferred leader election requested for {scope}",
        "已请求对 {scope} 进行首选 Leader 选举",
    ),
    (
        "produce {values} to {tp}",
        "写入 {values} 到 {tp}",
    ),
    (
        "rack name",
        "机架名",
    ),
    (
        "record",
        "记录条数",
    ),
    (
        "records",
        "条记录",
    ),
    (
        "records per second",
        "条记录/秒",
    ),
    (
        "replica",
        "副本数",
    ),
    (
        "required field is missing",
        "缺少必填字段",
    ),
    (
        "required field is missing (null removes a topic override)",
        "缺少必填字段（null 表示删除主题级别的覆盖）",
    ),
    (
        "required field is missing (or give an assignment)",
        "缺少必填字段（或给出 assignment）",
    ),
    (
        "required field is missing when the topic has no assignment (placement chooses the replicas later)",
        "主题没有 assignment 时这个字段必填（副本由之后的分配决定）",
    ),
    (
        "run.actions: expected a list of actions",
        "run.actions：应为动作列表",
    ),
    (
        "run.actions[{i}].after_events: expected the number of events processed before the action",
        "run.actions[{i}].after_events：应为该动作之前已处理的事件数",
    ),
    (
        "run.actions[{i}]: comes before the action before it (actions are listed in the order taken)",
        "run.actions[{i}]：排在它前一个动作之前（动作应按执行顺序列出）",
    ),
    (
        "run.actions[{i}]: taken after the moment shared (event {events}, t = {time_ms} ms)",
        "run.actions[{i}]：发生在分享的时刻之后（事件 {events}，t = {time_ms} ms）",
    ),
    (
        "run.events: expected the number of events processed, a whole number",
        "run.events：应为已处理的事件数（整数）",
    ),
    (
        "run.scenario: missing; expected the run's scenario",
        "run.scenario：缺失；应为这次运行的场景",
    ),
    (
        "run.t: expected the simulated time in whole milliseconds",
        "run.t：应为以整毫秒计的模拟时间",
    ),
    (
        "run.t: {t} ms is beyond the {max} ms (one day) a link may open at",
        "run.t：{t} ms 超过了链接可打开的最晚时间 {max} ms（一天）",
    ),
    (
        "run.v: expected the format version, {version}",
        "run.v：应为格式版本 {version}",
    ),
    (
        "run.v: version {v} is not one this page reads (it reads {version}); the link was made by another version of the playground",
        "run.v：本页面读不了版本 {v}（它读取版本 {version}）；这个链接是另一个版本的演练场生成的",
    ),
    (
        "run.{key}: unknown field; expected v, scenario, actions, events, t",
        "run.{key}：未知字段；应为 v、scenario、actions、events、t",
    ),
    (
        "run: expected an object",
        "run：应为对象",
    ),
    (
        "run: the link does not hold valid JSON: {e}",
        "run：链接里不是有效的 JSON：{e}",
    ),
    (
        "run: the link is damaged and cannot be unpacked: {e}",
        "run：链接已损坏，无法解压：{e}",
    ),
    (
        "run: the link is damaged: it does not unpack to text",
        "run：链接已损坏：解压后不是文本",
    ),
    (
        "run: the link is damaged: {e}",
        "run：链接已损坏：{e}",
    ),
    (
        "run: the link is {chars} characters; links are limited to {max}",
        "run：链接有 {chars} 个字符，而链接最多 {max} 个字符",
    ),
    (
        "scenario {id} is not a bundled example; the examples are: {ids}",
        "scenario {id} 不是内置示例；示例有：{ids}",
    ),
    (
        "some brokers have a rack ({racked}) and some do not ({bare}); Kafka's rack-aware placement, needed by topics[{i}] which has no assignment, wants a rack on every broker or on none",
        "有的 broker 有机架（{racked}），有的没有（{bare}）；topics[{i}] 没有 assignment，要用 Kafka 的机架感知分配，而它要求所有 broker 都有机架或都没有",
    ),
    (
        "speed {written}: the speed must be a number from {min} to {max} (simulated ms per wall ms, e.g. 0.5)",
        "speed {written}：速度必须是 {min} 到 {max} 之间的数（每毫秒真实时间对应的模拟毫秒数，例如 0.5）",
    ),
    (
        "t={ms}: the start time may be at most {max} ms (one day)",
        "t={ms}：起始时间最多为 {max} ms（一天）",
    ),
    (
        "t={value}: expected a simulated time in whole milliseconds, e.g. t=60000",
        "t={value}：应为以整毫秒计的模拟时间，例如 t=60000",
    ),
    (
        "the consumer detected log truncation on {tp} and reset to offset {offset} (KIP-320)",
        "消费者检测到 {tp} 的日志截断，重置到偏移量 {offset}（KIP-320）",
    ),
    (
        "the file could not be read as text",
        "无法把文件读成文本",
    ),
    (
        "the file is {size} MB; a scenario file may be at most {max} MB",
        "文件有 {size} MB；场景文件最多 {max} MB",
    ),
    (
        "the literal \"*\" or a list of replicas as \"[partitionId]:[brokerId],[partitionId]:[brokerId],...\"",
        "字面值 \"*\"，或形如 \"[partitionId]:[brokerId],[partitionId]:[brokerId],...\" 的副本列表",
    ),
    (
        "the network is healed: every link is up at normal latency",
        "网络已恢复：所有连接恢复，延迟恢复正常",
    ),
    (
        "the run never reaches event {events} at t = {time_ms} ms: it reaches {reached} events at t = {now} ms",
        "这次运行到不了 t = {time_ms} ms 时的第 {events} 个事件：它在 t = {now} ms 时到达 {reached} 个事件",
    ),
    (
        "there is no bundled example named {id}",
        "没有名为 {id} 的内置示例",
    ),
    (
        "this group",
        "本组",
    ),
    (
        "to its own high watermark on becoming follower (pre-0.11 Kafka)",
        "，截断到自己的 HW（成为 Follower 时，Kafka 0.11 之前的规则）",
    ),
    (
        "took over as the preferred (first) replica",
        "作为首选（第一个）副本接任 Leader",
    ),
    (
        "topic {t}",
        "主题 {t}",
    ),
    (
        "topics may override {overrides} (the last two also as flush.messages and flush.ms), and set {own}",
        "主题可以覆盖 {overrides}（后两个也可写作 flush.messages 和 flush.ms），并可设置 {own}",
    ),
    (
        "true or false",
        "true 或 false",
    ),
    (
        "unknown compression format {other} (expected 1)",
        "未知的压缩格式 {other}（应为 1）",
    ),
    (
        "unknown field; allowed fields are {fields}",
        "未知字段；允许的字段有 {fields}",
    ),
    (
        "unknown field; no fields are allowed here",
        "未知字段；这里不允许任何字段",
    ),
    (
        "unknown key ({alias} is the per-topic name of {canonical}); known keys are {known}",
        "未知的键（{alias} 是 {canonical} 的主题级别名称）；已知的键有 {known}",
    ),
    (
        "unknown key for the cluster (it is a topic config); known keys are {known}",
        "集群没有这个键（它是主题配置）；已知的键有 {known}",
    ),
    (
        "unknown key; known keys are {known}",
        "未知的键；已知的键有 {known}",
    ),
    (
        "unknown key; {keys}",
        "未知的键；{keys}",
    ),
    (
        "was elected UNCLEANLY: it was not in sync, so committed records may be lost",
        "以非干净（unclean）方式当选：它未同步，已提交的记录可能丢失",
    ),
    (
        "was elected from the Eligible Leader Replicas (the ISR was empty)",
        "从合格 Leader 副本（ELR）中当选（ISR 为空）",
    ),
    (
        "was elected: the first live in-sync replica in assignment order",
        "当选：按分配顺序第一个存活的同步副本",
    ),
    (
        "where its leader epochs agree with the leader's",
        "，截到其 leader epoch 与 Leader 一致之处",
    ),
    (
        "{at_ms} is after run_until_ms {end}",
        "{at_ms} 晚于 run_until_ms {end}",
    ),
    (
        "{high_watermark} is beyond the leader's (broker {leader}) log end offset {end}",
        "{high_watermark} 超过了 Leader（broker {leader}）的日志末端偏移量 {end}",
    ),
    (
        "{hw} is beyond this log's end offset {end}",
        "{hw} 超过了这个日志的末端偏移量 {end}",
    ),
    (
        "{key} set to {value}",
        "{key} 设为 {value}",
    ),
    (
        "{key} set to {value} for topic {t}",
        "主题 {t} 的 {key} 设为 {value}",
    ),
    (
        "{name} is too big for a plan file",
        "{name} 太大，不能作为计划文件",
    ),
    (
        "{name}={other}: write {name} alone (or {name}=1 / {name}=0)",
        "{name}={other}：请只写 {name}（或 {name}=1 / {name}=0）",
    ),
    (
        "{node} is already in {where_}; a node belongs to one group",
        "{node} 已在{where_}中；一个节点只能属于一组",
    ),
    (
        "{node} is isolated from every other node",
        "{node} 与其他所有节点隔离",
    ),
    (
        "{node} is slowed: +{latency_ms} ms on every message",
        "{node} 变慢：每条消息 +{latency_ms} ms",
    ),
    (
        "{n} brokers is more than the simulator's limit of {limit}",
        "{n} 个 broker 超过了模拟器的上限 {limit}",
    ),
    (
        "{n} ms is beyond the simulator's limit of {max} ms (seven days)",
        "{n} ms 超过了模拟器的上限 {max} ms（七天）",
    ),
    (
        "{n} records is more than the simulator's limit of {limit} per log",
        "{n} 条记录超过了模拟器每个日志 {limit} 条的上限",
    ),
    (
        "{n} {what} is more than the simulator's limit of {limit}",
        "{n} {what}超过了模拟器的上限 {limit}",
    ),
    (
        "{own} differs from the partition's high_watermark {high_watermark}; the leader's HW is the partition's, so set it there",
        "{own} 与分区的 high_watermark {high_watermark} 不同；Leader 的 HW 就是分区的 HW，请在分区上设置",
    ),
    (
        "{path}: {message}",
        "{path}：{message}",
    ),
    (
        "{records} record(s); {hws}",
        "{records} 条记录；{hws}",
    ),
    (
        "{rf} is larger than the 1 broker",
        "{rf} 大于 broker 数 1",
    ),
    (
        "{rf} is larger than the {brokers} brokers",
        "{rf} 大于 broker 数 {brokers}",
    ),
    (
        "{timeout} is less than linger.ms + request.timeout.ms = {floor}; Kafka's producer refuses this (\"delivery.timeout.ms should be equal to or larger than linger.ms + request.timeout.ms\")",
        "{timeout} 小于 linger.ms + request.timeout.ms = {floor}；Kafka 的生产者会拒绝（\"delivery.timeout.ms should be equal to or larger than linger.ms + request.timeout.ms\"）",
    ),
    (
        "{topic}-{partition} is already in partitions[{first}]; Kafka refuses duplicate partitions",
        "{topic}-{partition} 已在 partitions[{first}] 中；Kafka 拒绝重复的分区",
    ),
    (
        "{to} cannot be cut from itself; give two different nodes",
        "{to} 不能和自己断开；请给出两个不同的节点",
    ),
    (
        "{tp} from {offset}",
        "{tp}（从偏移量 {offset} 开始）",
    ),
    (
        "{tp} is offline: no live replica may lead (leader epoch {leader_epoch})",
        "{tp} 离线：没有可担任 Leader 的存活副本（leader epoch {leader_epoch}）",
    ),
    (
        "{tp} lost acknowledged record(s): {values}",
        "{tp} 丢失了已确认的记录：{values}",
    ),
    (
        "{tp} lost committed record(s): {values}",
        "{tp} 丢失了已提交的记录：{values}",
    ),
    (
        "{tp}: ISR grew to {isr} (added {added})",
        "{tp}：ISR 扩大为 {isr}（加入 {added}）",
    ),
    (
        "{tp}: ISR shrank to {isr} (removed {removed})",
        "{tp}：ISR 缩小为 {isr}（移除 {removed}）",
    ),
    (
        "{tp}: broker {broker} truncated its log from {from} to {to} {why}; removed {values}",
        "{tp}：Broker {broker} 将日志从 {from} 截断到 {to}{why}；移除了 {values}",
    ),
    (
        "{tp}: broker {leader} {how} (leader epoch {leader_epoch})",
        "{tp}：Broker {leader} {how}（leader epoch {leader_epoch}）",
    ),
    (
        "{tp}: eligible leader replicas are now {elr}",
        "{tp}：合格 Leader 副本（ELR）现在是 {elr}",
    ),
    (
        "{tp}: leader {leader}, epoch {epoch}, ISR {isr}",
        "{tp}：Leader {leader}，epoch {epoch}，ISR {isr}",
    ),
    (
        "{tp}: reassignment complete: replicas are now {replicas}; a new leader epoch fences the removed ones",
        "{tp}：重分配完成：副本现在是 {replicas}；新的 leader epoch 隔离了被移除的副本",
    ),
    (
        "{tp}: reassignment to {target} started: adding {adding} (they fetch from offset 0 and must join the ISR), removing {removing}",
        "{tp}：开始重分配到 {target}：添加 {adding}（从偏移量 0 开始拉取，并须加入 ISR），移除 {removing}",
    ),
    (
        "{until} is before the action's at_ms {at_ms}",
        "{until} 早于这个动作的 at_ms {at_ms}",
    ),
    (
        "{value} to {tp} failed: {error}",
        "{value} 写入 {tp} 失败：{error}",
    ),
    (
        "{value} to {tp} got {error}; the producer retries",
        "{value} 写入 {tp} 收到 {error}；生产者重试",
    ),
];

/// A message in a language.
pub fn word(lang: Lang, text: &Text) -> String {
    let template = match lang {
        Lang::En => text.template,
        Lang::Zh => chinese(text.template).unwrap_or(text.template),
    };
    text.fill(template, &mut |arg, out| out.push_str(&word_arg(lang, arg)))
}

/// A message value in a language: a nested message and a list's items are worded, a plain value
/// stays.
fn word_arg(lang: Lang, arg: &Arg) -> String {
    match arg {
        Arg::Plain(value) => value.clone(),
        Arg::Text(nested) => word(lang, nested),
        Arg::List(items, separator) => Arg::join(items, separator, &mut |a| word_arg(lang, a)),
    }
}

fn chinese(english: &str) -> Option<&'static str> {
    ZH.binary_search_by(|(en, _)| en.cmp(&english))
        .ok()
        .map(|i| ZH[i].1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use replication_core::text;
    use replication_core::text::holes;
    use std::path::Path;

    /// Every `text!("…")` template written in the core's and the playground's code: comments
    /// and a file's test module (`#[cfg(test)] mod …`, at its end) left out.
    fn templates() -> Vec<String> {
        let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut found = Vec::new();
        let mut dirs = vec![crates.join("core/src"), crates.join("playground/src")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let source = std::fs::read_to_string(&path).unwrap();
                    let code: String = source
                        .split("#[cfg(test)]\nmod ")
                        .next()
                        .unwrap()
                        .lines()
                        .filter(|line| !line.trim_start().starts_with("//"))
                        .flat_map(|line| [line, "\n"])
                        .collect();
                    found.extend(literals_after(&code, "text!(", &path));
                }
            }
        }
        found.sort();
        found.dedup();
        found
    }

    /// The string literal that opens each call of a macro, unescaped as Rust reads it. Anything
    /// else (a raw string, an escape this does not read) fails, so no template goes unchecked.
    fn literals_after(code: &str, call: &str, path: &Path) -> Vec<String> {
        let mut out = Vec::new();
        for (at, _) in code.match_indices(call) {
            let rest = code[at + call.len()..].trim_start();
            if rest.starts_with("@value") {
                continue; // the macro's own rules
            }
            let body = rest.strip_prefix('"').unwrap_or_else(|| {
                panic!("{}: text! without a plain string literal", path.display())
            });
            let mut text = String::new();
            let mut chars = body.chars().peekable();
            loop {
                match chars.next().expect("an unterminated literal") {
                    '"' => break,
                    '\\' => match chars.next() {
                        Some('n') => text.push('\n'),
                        Some('t') => text.push('\t'),
                        Some(c @ ('\\' | '"' | '\'')) => text.push(c),
                        // A line continuation: the newline and the next line's indent vanish.
                        Some('\n') => while chars.next_if(|c| c.is_whitespace()).is_some() {},
                        other => panic!("{}: an escape \\{other:?} in a template", path.display()),
                    },
                    c => text.push(c),
                }
            }
            out.push(text);
        }
        out
    }

    /// The distinct hole names of a template, sorted.
    fn hole_set(template: &str) -> Vec<&str> {
        let mut names: Vec<&str> = holes(template).collect();
        names.sort();
        names.dedup();
        names
    }

    #[test]
    fn every_problem_template_has_chinese_with_the_same_holes() {
        let templates = templates();
        assert!(
            templates.len() > 100,
            "the scan found {} templates",
            templates.len()
        );
        for english in &templates {
            // A brace meant literally is written `{{`/`}}`; anything else is a named hole.
            let mut rest = english.replace("{{", "").replace("}}", "");
            for hole in holes(english) {
                assert!(
                    hole.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
                    "{english:?}: {{{hole}}} is not a name"
                );
                rest = rest.replace(&format!("{{{hole}}}"), "");
            }
            assert!(
                !rest.contains(['{', '}']),
                "{english:?} has a brace that is not a hole: write {{{{ or }}}}"
            );
            let zh = chinese(english).unwrap_or_else(|| panic!("no Chinese for {english:?}"));
            assert_eq!(hole_set(zh), hole_set(english), "holes of {english:?}");
        }
        for (english, _) in ZH {
            assert!(
                templates.iter().any(|t| t == english),
                "no code says {english:?}"
            );
        }
    }

    #[test]
    fn the_table_is_sorted_for_binary_search() {
        assert!(ZH.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn problems_are_worded_with_their_values_and_nested_phrases() {
        let range = text!("partitions 0 to {last}", last = 2);
        let problem = text!("no partition {p}; the topic has {range}", p = 7, range);
        let located = text!(
            "{path}: {message}",
            path = "actions[0].crash.partition",
            message = problem
        );
        let cases = [
            (
                Lang::En,
                "actions[0].crash.partition: no partition 7; the topic has partitions 0 to 2",
            ),
            (
                Lang::Zh,
                "actions[0].crash.partition：没有分区 7；这个主题只有分区 0 到 2",
            ),
        ];
        for (lang, want) in cases {
            assert_eq!(word(lang, &located), want);
        }
    }

    #[test]
    fn network_events_and_election_scopes_read_in_chinese() {
        use crate::i18n::describe_event;
        use replication_core::sim::trace::EventKind;
        use replication_core::{BrokerId, NodeId};
        let node = NodeId::Broker(BrokerId(2)).text();
        let isolated = EventKind::NetworkChanged {
            what: text!("{node} is isolated from every other node", node),
        };
        let every = EventKind::PreferredElectionRequested {
            scope: text!("every partition").into(),
        };
        // As the world records it when the network is cut into groups.
        let mut world = replication_core::sim::World::from_scenario(
            &replication_core::scenario::parse_scenario(replication_core::view::DEFAULT_SCENARIO)
                .unwrap(),
        )
        .unwrap();
        world.apply(&replication_core::scenario::Action::Partition {
            groups: vec![
                vec![NodeId::Broker(BrokerId(1)), NodeId::Controller],
                vec![NodeId::Broker(BrokerId(2)), NodeId::Clients],
            ],
        });
        let partitioned = world
            .trace()
            .iter()
            .rev()
            .map(|e| e.kind.clone())
            .find(|k| matches!(k, EventKind::NetworkChanged { .. }))
            .unwrap();
        let cases = [
            (
                &isolated,
                Lang::En,
                "broker 2 is isolated from every other node",
            ),
            (&isolated, Lang::Zh, "Broker 2 与其他所有节点隔离"),
            (
                &every,
                Lang::En,
                "preferred leader election requested for every partition",
            ),
            (&every, Lang::Zh, "已请求对 所有分区 进行首选 Leader 选举"),
            (
                &partitioned,
                Lang::En,
                "network partitioned into [broker 1, controller] | [broker 2, clients]",
            ),
            (
                &partitioned,
                Lang::Zh,
                "网络被分割为 [Broker 1, 控制器] | [Broker 2, 客户端]",
            ),
        ];
        for (event, lang, want) in cases {
            assert_eq!(describe_event(lang, event), want);
        }
    }

    #[test]
    fn a_core_parse_problem_reads_in_chinese() {
        let errors = replication_core::scenario::parse_scenario(
            r#"{"brokers": [{"id": 1}], "topics": [{"name": "t", "partitions": 1, "replication.factor": 3}]}"#,
        )
        .unwrap_err();
        let worded: Vec<String> = errors.iter().map(|e| word(Lang::Zh, &e.text())).collect();
        assert_eq!(
            worded,
            ["topics[0].replication.factor：3 大于 broker 数 1"],
            "{errors}"
        );
        assert_eq!(
            errors.to_string(),
            "topics[0].replication.factor: 3 is larger than the 1 broker"
        );
    }
}
