//! Project automation, run as `cargo xtask <task>` (an alias in .cargo/config.toml).
//! Plain Rust and `std::process::Command`, so it works the same on Linux, macOS and Windows.

mod bench;
mod bench_against;
mod cmd;
mod docs;
mod setup;
mod shape;
mod size;
mod stages;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use cmd::Result;
use stages::Context;

const USAGE: &str = "\
usage: cargo xtask <task> [options]

tasks:
  setup                     install what the tasks need (skips what is there):
                            wasm32 target, trunk 0.21, wasm-bindgen-cli (= Cargo.lock),
                            npm packages in tests/e2e (wasm-opt, playwright-core),
                            Chromium + ChromeDriver (unless --no-browser)
  serve [--port N] [--release]
                            setup, then serve the playground with trunk (default port 8080)
  test [--fast] [--stage NAME]...
                            setup, then every check CI runs, stopping at the first failure
                            (--fast: skip the browser tests, release build and e2e;
                            --stage NAME, repeatable: only the stages named, in their usual
                            order, e.g. --stage test-browser --stage e2e (a wrong name
                            lists them); e2e, e2e-embed and docs test the dist/ there is
                            unless build-release is named too)
  e2e                       setup, release build, end-to-end smoke, embedding and short monkey
                            tests in Chromium
  soak [--seeds A-B]        setup, release build, then the long monkey run: random real input
                            on the playground and an embed, 1,000 actions per seed (default
                            seeds 1001-1010: 10,000 actions, about 20 minutes; also a list,
                            --seeds 7,8,9)
  size [--no-build] [--floor]
                            release build (unless --no-build), then raw/gzip sizes of dist/
                            (--floor: also what the core alone and the smallest Yew app
                            weigh, built the same way)
  docs [--check]            release build, then the docs site in dist-docs/: the playground
                            and one page per lesson and language in dist-docs/docs/, each
                            step with an embedded playground (--check: open every page in
                            headless Chromium; every embed must render and fit its frame)
  bench [--quick]           release build, then issue #3's figures (steady load 1 h, peak RSS,
                            snapshot cost, sweep rate, wasm/native) against their targets
                            (--quick: the 1-minute scenario, no sweep)
  bench --against REV [--runs N]
                            the steady hour built from this checkout and from commit REV,
                            run alternately N times each (default 3) on this machine: the
                            medians, the change in %, and whether the two reports match
  shape [--files N] [--functions N]
                            the files of crates/*/src over N lines (default 600) and the
                            functions over N lines (default 70), longest first
  ui-bench                  release build, then issue #4's front-end figures in headless
                            Chromium: first render, p95 frame time (default and 24-broker
                            clusters), CPU while paused, bundle size
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match dispatch(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn dispatch(args: &[String]) -> Result {
    let root = repo_root();
    let (task, opts) = match args.split_first() {
        Some((task, opts)) => (task.as_str(), opts),
        None => ("help", &[][..]),
    };
    let mut opts = Options::new(opts);
    match task {
        "setup" => {
            let browser = !opts.flag("--no-browser");
            opts.done()?;
            setup::run(&root, browser).map(drop)
        }
        "serve" => {
            let release = opts.flag("--release");
            let port = opts.value("--port")?.unwrap_or_else(|| "8080".into());
            port.parse::<u16>()
                .map_err(|_| format!("--port wants a port number, got `{port}`"))?;
            opts.done()?;
            serve(&root, &port, release)
        }
        "test" => {
            let fast = opts.flag("--fast");
            let mut named = Vec::new();
            while let Some(stage) = opts.value("--stage")? {
                named.push(stage);
            }
            opts.done()?;
            let selection = stages::Selection::new(fast, &named)?;
            let tools = setup::run(&root, selection.needs_browser())?;
            stages::run(
                &Context {
                    root: &root,
                    tools: &tools,
                },
                &selection,
            )
        }
        "e2e" => {
            opts.done()?;
            let tools = setup::run(&root, true)?;
            release_build(&root)?;
            let ctx = Context {
                root: &root,
                tools: &tools,
            };
            let mut e2e = stages::e2e(&ctx)?;
            cmd::run("e2e smoke test", e2e.current_dir(&root))?;
            let mut embed = stages::e2e_embed(&ctx)?;
            cmd::run("e2e embedding test", embed.current_dir(&root))?;
            let mut monkey = stages::e2e_monkey(&ctx)?;
            cmd::run("e2e monkey test", monkey.current_dir(&root)).map(drop)
        }
        "soak" => {
            let seeds = opts.value("--seeds")?.unwrap_or_else(|| "1001-1010".into());
            opts.done()?;
            let tools = setup::run(&root, true)?;
            release_build(&root)?;
            let ctx = Context {
                root: &root,
                tools: &tools,
            };
            let mut soak = stages::soak(&ctx, &seeds);
            let took = cmd::run("monkey soak", soak.current_dir(&root))?;
            println!("soak done in {}", cmd::human(took));
            Ok(())
        }
        "size" => {
            let no_build = opts.flag("--no-build");
            let floor = opts.flag("--floor");
            opts.done()?;
            if !no_build || floor {
                setup::run(&root, false)?;
            }
            if !no_build {
                release_build(&root)?;
            }
            size::report(&root.join("dist"))?;
            if floor {
                size::floor(&root, &root.join("dist"))?;
            }
            Ok(())
        }
        "docs" => {
            let check = opts.flag("--check");
            opts.done()?;
            let tools = setup::run(&root, check)?;
            release_build(&root)?;
            docs::assemble(&root)?;
            if check {
                let mut node = docs::check_command(&tools);
                cmd::run("docs check", node.current_dir(&root))?;
            }
            Ok(())
        }
        "ui-bench" => {
            opts.done()?;
            let tools = setup::run(&root, true)?;
            release_build(&root)?;
            let mut node = Command::new("node");
            node.args(["tests/e2e/perf.mjs", "dist"]).current_dir(&root);
            if let Some(chromium) = &tools.chromium {
                node.env("CHROMIUM", chromium);
            }
            cmd::run("front-end benchmark", &mut node).map(drop)
        }
        "bench" => {
            let quick = opts.flag("--quick");
            let against = opts.value("--against")?;
            let runs = opts.value("--runs")?;
            opts.done()?;
            match against {
                Some(_) if quick => {
                    Err("--quick does not go with --against (the hour only)".into())
                }
                Some(rev) => {
                    let runs = match runs {
                        Some(n) => n
                            .parse()
                            .map_err(|_| format!("--runs {n}: not a whole number"))?,
                        None => 3,
                    };
                    bench_against::run(&root, &rev, runs)
                }
                None if runs.is_some() => Err("--runs goes with --against REV".into()),
                None => bench::run(&root, quick),
            }
        }
        "shape" => {
            let files = opts.value("--files")?;
            let functions = opts.value("--functions")?;
            opts.done()?;
            let limit = |v: Option<String>, default: usize, name: &str| match v {
                Some(n) => n
                    .parse()
                    .map_err(|_| format!("{name} {n}: not a whole number")),
                None => Ok(default),
            };
            shape::run(
                &root,
                limit(files, shape::FILE_LINES, "--files")?,
                limit(functions, shape::FUNCTION_LINES, "--functions")?,
            )
        }
        "help" | "-h" | "--help" => {
            print!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown task `{other}`\n\n{USAGE}")),
    }
}

fn serve(root: &Path, port: &str, release: bool) -> Result {
    setup::run(root, false)?;
    let mut trunk = Command::new("trunk");
    trunk
        .args(["serve", "--address", "127.0.0.1", "--port", port])
        .current_dir(root);
    if release {
        trunk.arg("--release");
    }
    println!("\nPlayground: http://127.0.0.1:{port}/  (Ctrl-C to stop)\n");
    cmd::run("serving the playground", &mut trunk).map(drop)
}

fn release_build(root: &Path) -> Result {
    let took = cmd::run("release build", stages::release_build().current_dir(root))?;
    println!("built dist/ in {}", cmd::human(took));
    Ok(())
}

/// The workspace root: xtask lives in `<root>/xtask`. `cargo run` sets CARGO_MANIFEST_DIR
/// when it runs us too; prefer that to the compile-time value, which a copied or moved
/// checkout would leave pointing at the old place.
fn repo_root() -> PathBuf {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest_dir
        .parent()
        .expect("xtask is inside the workspace")
        .to_path_buf()
}

/// The few options the tasks take: `--flag` and `--name value` / `--name=value`.
struct Options(Vec<String>);

impl Options {
    fn new(args: &[String]) -> Self {
        Options(args.to_vec())
    }

    fn flag(&mut self, name: &str) -> bool {
        let before = self.0.len();
        self.0.retain(|a| a != name);
        self.0.len() != before
    }

    fn value(&mut self, name: &str) -> Result<Option<String>> {
        let prefix = format!("{name}=");
        if let Some(i) = self.0.iter().position(|a| a.starts_with(&prefix)) {
            let arg = self.0.remove(i);
            return Ok(Some(arg[prefix.len()..].to_string()));
        }
        match self.0.iter().position(|a| a == name) {
            None => Ok(None),
            Some(i) if i + 1 < self.0.len() => {
                let value = self.0.remove(i + 1);
                self.0.remove(i);
                Ok(Some(value))
            }
            Some(_) => Err(format!("{name} needs a value")),
        }
    }

    /// Fail on anything not consumed above.
    fn done(self) -> Result {
        match self.0.first() {
            None => Ok(()),
            Some(a) => Err(format!("unexpected argument `{a}`\n\n{USAGE}")),
        }
    }
}
