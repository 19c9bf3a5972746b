//! Messages built as `Text` in Chinese: the event log's sentences, problems (malformed
//! scenarios, plans, links, page addresses, refused configs) and the tooltips of messages on the
//! wire. The core and the playground build them as an English template with named holes.
//! `web/zh.json` (`messages`) has each template's Chinese; `word` fills either with the same
//! values (English while the Chinese is not loaded yet), and a nested
//! `Text` (a noun phrase such as "a partition number") is worded in the same language.
//! Kafka's own names and quoted Kafka messages stay as they are; so do serde_json's parse
//! errors and Kafka's placement exceptions, which arrive as values.

use super::Lang;
use replication_core::text::{Arg, Text};

/// A message in a language.
pub fn word(lang: Lang, text: &Text) -> String {
    let template = match lang {
        Lang::En => text.template,
        Lang::Zh => super::zh::message(text.template).unwrap_or(text.template),
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

#[cfg(test)]
mod tests {
    use super::super::zh;
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
        zh::install_shipped();
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
            let zh = zh::message(english)
                .unwrap_or_else(|| panic!("no Chinese for {english:?} in web/zh.json"));
            assert_eq!(hole_set(zh), hole_set(english), "holes of {english:?}");
        }
        for english in zh::tests::shipped_keys("messages") {
            assert!(
                templates.contains(&english),
                "web/zh.json translates {english:?}, which no code says"
            );
        }
    }

    #[test]
    fn problems_are_worded_with_their_values_and_nested_phrases() {
        zh::install_shipped();
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
        zh::install_shipped();
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
            (
                &isolated,
                Lang::Zh,
                "Broker 2 与其他所有节点的网络连接被切断",
            ),
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
        zh::install_shipped();
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
