//! `cargo xtask test`: the project's whole check, as stages that stop at the first failure.
//!
//! Each stage runs one command and prints `[ok] <stage> (<secs>s)` or `[FAIL] <stage>`.
//! The run ends with `N passed, M failed` on a line of its own.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use crate::cmd::{self, Result};
use crate::setup::Tools;

const WASM: &str = "wasm32-unknown-unknown";
/// The front end: its tests/ are wasm-bindgen tests that run in the browser (test-browser);
/// its unit tests are plain `#[test]`s that run natively (test-native-playground).
const PLAYGROUND: &str = "replication-playground";
const CORE: &str = "replication-core";

pub struct Stage {
    pub name: &'static str,
    /// Needs Chromium, trunk's release build or takes long: left out by `test --fast`.
    slow: bool,
    command: fn(&Context) -> Result<Command>,
}

/// What the stage commands need: where the repository is and where the browser is.
pub struct Context<'a> {
    pub root: &'a Path,
    pub tools: &'a Tools,
}

pub const STAGES: &[Stage] = &[
    Stage {
        name: "fmt",
        slow: false,
        command: |_| Ok(cargo(&["fmt", "--all", "--check"])),
    },
    Stage {
        name: "clippy-native",
        slow: false,
        // The playground builds natively too (Yew's csr compiles for any target): lint it.
        command: |_| {
            Ok(cargo(&[
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]))
        },
    },
    Stage {
        name: "clippy-wasm32",
        slow: false,
        command: |_| {
            Ok(cargo(&[
                "clippy",
                "-p",
                CORE,
                "-p",
                PLAYGROUND,
                "--target",
                WASM,
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]))
        },
    },
    Stage {
        name: "rustdoc",
        slow: false,
        // The code's docs link items by path: a moved module or a renamed item breaks a link
        // silently unless rustdoc is told to fail on it.
        command: |_| {
            let mut c = cargo(&["doc", "--workspace", "--no-deps"]);
            c.env("RUSTDOCFLAGS", "-D warnings");
            Ok(c)
        },
    },
    Stage {
        name: "test-native",
        slow: false,
        command: |_| Ok(cargo(&["test", "--workspace", "--exclude", PLAYGROUND])),
    },
    Stage {
        name: "test-native-playground",
        slow: false,
        // The playground's unit tests (state, drop rules, i18n, formats) are plain `#[test]`s:
        // wasm-bindgen-test-runner does not run those, so they run natively. Its tests/ are
        // browser tests (test-browser) and compile to nothing here.
        command: |_| Ok(cargo(&["test", "-p", PLAYGROUND, "--lib"])),
    },
    Stage {
        name: "build-core-wasm32",
        slow: false,
        command: |_| Ok(cargo(&["build", "-p", CORE, "--target", WASM])),
    },
    Stage {
        name: "test-browser",
        slow: true,
        command: browser_tests,
    },
    Stage {
        name: "build-release",
        slow: true,
        command: |_| Ok(release_build()),
    },
    Stage {
        name: "e2e",
        slow: true,
        command: e2e,
    },
    Stage {
        name: "e2e-embed",
        slow: true,
        command: e2e_embed,
    },
    Stage {
        name: "e2e-lessons",
        slow: true,
        // Every lesson step, as it ends, in both languages at 1280×800: the question and what
        // answers it are in view together (about a minute).
        command: |ctx| Ok(e2e_script(ctx, "tests/e2e/lessons.mjs")),
    },
    Stage {
        name: "e2e-monkey",
        slow: true,
        // A short monkey run (tests/e2e/monkey.mjs): random real input on the playground and
        // an embed, failing on any page error or console.error (about 35 s; `cargo xtask soak`
        // is the long one).
        command: e2e_monkey,
    },
    Stage {
        name: "e2e-a11y",
        slow: true,
        // axe-core on the playground, an embed and a lesson; reduced motion; a phone with touch.
        command: |ctx| Ok(e2e_script(ctx, "tests/e2e/a11y.mjs")),
    },
    Stage {
        name: "docs",
        slow: true,
        // The docs site from the release build above, every embed checked in Chromium
        // (about 30 s).
        command: |ctx| {
            crate::docs::assemble(ctx.root)?;
            Ok(crate::docs::check_command(ctx.tools))
        },
    },
];

fn cargo(args: &[&str]) -> Command {
    let mut c = cmd::cargo();
    c.args(args);
    c
}

/// wasm-bindgen-test in headless Chromium: `.cargo/config.toml` makes
/// `wasm-bindgen-test-runner` the wasm32 runner (and gives it 600 s per test file); it drives
/// Chromium through ChromeDriver with the capabilities in the root's webdriver.json: root
/// needs --no-sandbox, and the script timeout is 600 s instead of 30 s, since the runner reads
/// the page's output with a script that cannot start while a long test (the core's
/// determinism run) holds the page's thread, which can take over 30 s on a busy machine.
fn browser_tests(ctx: &Context) -> Result<Command> {
    let driver = ctx
        .tools
        .chromedriver
        .as_ref()
        .ok_or("chromedriver not found (run `cargo xtask setup`)")?;
    let webdriver_json = ctx.root.join("webdriver.json");
    if !webdriver_json.is_file() {
        return Err(format!("{} is missing", webdriver_json.display()));
    }
    // ChromeDriver gives every session a fresh ~60 MB profile under TMPDIR and leaves it when
    // the runner ends the browser; keep them in one folder of target/ that each run empties,
    // instead of a gigabyte more in /tmp per run.
    let tmp = ctx.root.join("target").join("browser-tmp");
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).map_err(|e| format!("{}: {e}", tmp.display()))?;
    let mut c = cargo(&["test", "-p", CORE, "-p", PLAYGROUND, "--target", WASM]);
    c.env("TMPDIR", &tmp)
        .env("CHROMEDRIVER", driver)
        // Cargo runs each test binary from its crate's directory; point the runner at the
        // root's webdriver.json explicitly instead of relying on the working directory.
        .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", &webdriver_json);
    Ok(c)
}

/// `trunk build --release` into dist/ (wasm-opt from tests/e2e/node_modules/.bin on PATH).
pub fn release_build() -> Command {
    let mut c = Command::new("trunk");
    c.args(["build", "--release"]);
    c
}

/// The end-to-end smoke test against dist/ (writes web/screenshots/playground.png).
pub fn e2e(ctx: &Context) -> Result<Command> {
    Ok(e2e_script(ctx, "tests/e2e/smoke.mjs"))
}

/// The end-to-end checks of embedding (iframes, the JS API, messages) against dist/.
pub fn e2e_embed(ctx: &Context) -> Result<Command> {
    Ok(e2e_script(ctx, "tests/e2e/embed.mjs"))
}

/// The short monkey run against dist/: the script's default seeds and number of actions.
pub fn e2e_monkey(ctx: &Context) -> Result<Command> {
    Ok(e2e_script(ctx, "tests/e2e/monkey.mjs"))
}

/// The long monkey run: 10,000 actions, 1,000 on each of ten seeds (`seeds`: `A-B` or a list).
pub fn soak(ctx: &Context, seeds: &str) -> Command {
    let mut c = e2e_script(ctx, "tests/e2e/monkey.mjs");
    c.args(["--seeds", seeds, "--actions", "1000"]);
    c
}

fn e2e_script(ctx: &Context, script: &str) -> Command {
    let mut c = Command::new("node");
    c.args([script, "dist"]);
    if let Some(chromium) = &ctx.tools.chromium {
        c.env("CHROMIUM", chromium);
    }
    c
}

/// The stages a run takes, in the pipeline's order, and what it leaves out (and why).
pub struct Selection {
    stages: Vec<&'static Stage>,
    skipped: Option<(Vec<&'static str>, &'static str)>,
}

impl Selection {
    /// Every stage (`test`), all but the slow ones (`--fast`), or those `named` (`--stage`,
    /// which may be given several times).
    pub fn new(fast: bool, named: &[String]) -> Result<Selection> {
        if !named.is_empty() {
            if fast {
                return Err("--fast and --stage exclude each other".into());
            }
            if let Some(unknown) = named.iter().find(|n| !STAGES.iter().any(|s| s.name == *n)) {
                let names: Vec<&str> = STAGES.iter().map(|s| s.name).collect();
                return Err(format!(
                    "no stage `{unknown}`; the stages are: {}",
                    names.join(", ")
                ));
            }
            let (stages, skipped) = STAGES.iter().partition(|s| named.contains(&s.name.into()));
            return Ok(Selection::of(stages, skipped, "not asked for with --stage"));
        }
        let (stages, skipped) = STAGES.iter().partition(|s| !(fast && s.slow));
        Ok(Selection::of(stages, skipped, "skipped with --fast"))
    }

    fn of(stages: Vec<&'static Stage>, skipped: Vec<&'static Stage>, why: &'static str) -> Self {
        let skipped =
            (!skipped.is_empty()).then(|| (skipped.iter().map(|s| s.name).collect(), why));
        Selection { stages, skipped }
    }

    /// Whether a selected stage needs Chromium (or the release build's tools).
    pub fn needs_browser(&self) -> bool {
        self.stages.iter().any(|s| s.slow)
    }
}

/// Run the selected stages in order, stopping at the first failure.
pub fn run(ctx: &Context, selection: &Selection) -> Result {
    let selected = &selection.stages;
    let mut passed = 0;
    for (i, stage) in selected.iter().enumerate() {
        println!("\n== stage {}/{}: {}", i + 1, selected.len(), stage.name);
        let start = Instant::now();
        let outcome = (stage.command)(ctx).and_then(|mut c| {
            c.current_dir(ctx.root);
            cmd::run(stage.name, &mut c)
        });
        match outcome {
            Ok(_) => {
                println!(
                    "[ok] {} ({:.1}s)",
                    stage.name,
                    start.elapsed().as_secs_f64()
                );
                passed += 1;
            }
            Err(e) => {
                println!("[FAIL] {}", stage.name);
                println!("\n{passed} passed, 1 failed");
                return Err(format!("stage {e}"));
            }
        }
    }
    println!();
    match &selection.skipped {
        None => println!("all {passed} stages passed"),
        Some((names, why)) => println!(
            "all {passed} selected stages passed ({why}: {})",
            names.join(", ")
        ),
    }
    println!("{passed} passed, 0 failed");
    Ok(())
}
