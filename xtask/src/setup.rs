//! `cargo xtask setup`: install, idempotently, every tool the other tasks need.
//!
//! Each step checks first and prints a one-line "ok" when the tool is already there; otherwise
//! it prints what it installs and how long that took. Versions are pinned where the machines
//! need them (see docs in /work/shared/toolchain.md): trunk 0.21 (0.22 needs a newer rustc),
//! wasm-bindgen-cli equal to Cargo.lock's wasm-bindgen, binaryen 132 from npm for wasm-opt.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Instant, SystemTime};

use crate::cmd::{self, human, Result};

const WASM_TARGET: &str = "wasm32-unknown-unknown";
const TRUNK_SERIES: &str = "0.21";

/// What later steps need to know about the installed tools.
#[derive(Default)]
pub struct Tools {
    pub chromium: Option<PathBuf>,
    pub chromedriver: Option<PathBuf>,
}

/// Ensure everything is installed; Chromium and ChromeDriver only when `browser` is set.
/// Also puts `tests/e2e/node_modules/.bin` (wasm-opt) first on PATH for child processes.
pub fn run(root: &Path, browser: bool) -> Result<Tools> {
    println!("== setup");
    let start = Instant::now();
    wasm_target(root)?;
    trunk()?;
    wasm_bindgen_cli(root)?;
    npm_packages(root)?;
    let mut tools = Tools::default();
    if browser {
        let (chromium, chromedriver) = chromium()?;
        tools.chromium = Some(chromium);
        tools.chromedriver = Some(chromedriver);
    }
    println!("== setup done ({})", human(start.elapsed()));
    Ok(tools)
}

fn ok(what: &str) {
    println!("ok        {what}");
}

/// Run an install command, announcing it (with a hint such as how long it takes) and how
/// long it took.
fn install(what: &str, hint: &str, cmd: &mut Command) -> Result {
    println!("install   {what}{hint}");
    let took = cmd::run(&format!("installing {what}"), cmd)?;
    println!("installed {what} in {}", human(took));
    Ok(())
}

fn wasm_target(root: &Path) -> Result {
    // Run from the root so rustup applies rust-toolchain.toml's toolchain.
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .current_dir(root)
        .output()
        .map_err(|e| {
            format!("cannot run rustup ({e}); install Rust with rustup: https://rustup.rs")
        })?;
    let installed = String::from_utf8_lossy(&installed.stdout);
    if installed.lines().any(|l| l.trim() == WASM_TARGET) {
        ok(&format!("rust target {WASM_TARGET}"));
        return Ok(());
    }
    install(
        &format!("rust target {WASM_TARGET}"),
        "",
        Command::new("rustup")
            .args(["target", "add", WASM_TARGET])
            .current_dir(root),
    )
}

fn trunk() -> Result {
    // `trunk 0.21.14`
    let version = cmd::probe("trunk", &["--version"]);
    let wanted = format!("trunk {TRUNK_SERIES}.");
    match version {
        Some(v) if v.starts_with(&wanted) => {
            ok(&v);
            Ok(())
        }
        other => {
            if let Some(v) = other {
                println!("found     {v}, but this project needs trunk {TRUNK_SERIES}.x");
            }
            install(
                &format!("trunk {TRUNK_SERIES}.x"),
                " (about 7 minutes on 2 cores)",
                cmd::cargo().args([
                    "install",
                    "trunk",
                    "--version",
                    &format!("~{TRUNK_SERIES}"),
                    "--locked",
                ]),
            )?;
            match cmd::probe("trunk", &["--version"]) {
                Some(v) if v.starts_with(&wanted) => Ok(()),
                v => Err(format!(
                    "installed trunk {TRUNK_SERIES}.x, but `trunk --version` says {}: \
                     is another trunk earlier on PATH than cargo's bin directory?",
                    v.unwrap_or_else(|| "nothing".into())
                )),
            }
        }
    }
}

fn wasm_bindgen_cli(root: &Path) -> Result {
    let Some(version) = lockfile_version(root, "wasm-bindgen")? else {
        println!("skip      wasm-bindgen-cli: Cargo.lock has no wasm-bindgen package yet");
        return Ok(());
    };
    // `wasm-bindgen 0.2.130`; the test runner comes from the same package.
    let wanted = format!("wasm-bindgen {version}");
    let have = cmd::probe("wasm-bindgen", &["--version"]);
    let runner = cmd::find_on_path("wasm-bindgen-test-runner");
    if have.as_deref() == Some(wanted.as_str()) && runner.is_some() {
        ok(&format!("wasm-bindgen-cli {version} (= Cargo.lock)"));
        return Ok(());
    }
    if let Some(v) = have {
        println!("found     {v}, but Cargo.lock has wasm-bindgen {version}");
    }
    // No --locked: the CLI's own lock file pins a crate version the registry mirror lacks.
    install(
        &format!("wasm-bindgen-cli {version}"),
        " (= Cargo.lock; about 2 minutes)",
        cmd::cargo().args([
            "install",
            "wasm-bindgen-cli",
            "--version",
            &version,
            "--force",
        ]),
    )?;
    match cmd::probe("wasm-bindgen", &["--version"]) {
        Some(v) if v == wanted => Ok(()),
        v => Err(format!(
            "installed wasm-bindgen-cli {version}, but `wasm-bindgen --version` says {}: \
             is another wasm-bindgen earlier on PATH than cargo's bin directory?",
            v.unwrap_or_else(|| "nothing".into())
        )),
    }
}

/// The version of package `name` in Cargo.lock, read as text: the `version = "..."` line that
/// follows `name = "<name>"`.
fn lockfile_version(root: &Path, name: &str) -> Result<Option<String>> {
    let path = root.join("Cargo.lock");
    let text =
        fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let name_line = format!("name = \"{name}\"");
    let mut lines = text.lines().map(str::trim);
    while let Some(line) = lines.next() {
        if line == name_line {
            let version = lines
                .next()
                .and_then(|l| l.strip_prefix("version = \""))
                .and_then(|l| l.strip_suffix('"'));
            return Ok(version.map(str::to_string));
        }
    }
    Ok(None)
}

/// The e2e test's npm packages, which also provide wasm-opt (binaryen) and terser (the JS
/// minifier of trunk's post-build hook) for release builds.
fn npm_packages(root: &Path) -> Result {
    let dir = root.join("tests").join("e2e");
    let modules = dir.join("node_modules");
    let bin = modules.join(".bin");
    let wasm_opt = bin.join(if cfg!(windows) {
        "wasm-opt.cmd"
    } else {
        "wasm-opt"
    });
    let playwright = modules.join("playwright-core").join("package.json");
    let terser = modules.join("terser").join("package.json");
    let axe = modules.join("axe-core").join("axe.min.js");
    // npm records what it installed in node_modules/.package-lock.json; an older record than
    // package-lock.json means the pins changed since.
    let stale =
        modified(&modules.join(".package-lock.json")) < modified(&dir.join("package-lock.json"));
    if wasm_opt.is_file() && playwright.is_file() && terser.is_file() && axe.is_file() && !stale {
        ok(&format!(
            "npm packages in tests/e2e ({})",
            cmd::probe(&wasm_opt, &["--version"]).unwrap_or_else(|| "wasm-opt".into())
        ));
    } else {
        install(
            "npm packages in tests/e2e (binaryen, playwright-core, terser, axe-core)",
            "",
            cmd::shim("npm")
                .args(["install", "--no-audit", "--no-fund"])
                .current_dir(&dir),
        )?;
    }
    cmd::prepend_path(&bin)
}

fn modified(path: &Path) -> Option<SystemTime> {
    fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// Chromium and ChromeDriver for the browser tests; installed with apt when running as root
/// on Debian, otherwise the user is told what to run.
fn chromium() -> Result<(PathBuf, PathBuf)> {
    if let (Some(c), Some(d)) = (find_chromium(), find_chromedriver()) {
        ok(&format!(
            "chromium {} + chromedriver {}",
            c.display(),
            d.display()
        ));
        return Ok((c, d));
    }
    if !is_debian_root() {
        return Err(
            "Chromium and ChromeDriver are needed for the browser tests and were not found.\n\
             On Debian/Ubuntu run:  sudo apt-get update && sudo apt-get install -y chromium chromium-driver\n\
             Elsewhere install Chromium (or Chrome) and a matching chromedriver and put both on PATH,\n\
             or point the CHROMIUM and CHROMEDRIVER environment variables at them."
                .into(),
        );
    }
    let start = Instant::now();
    println!("install   chromium + chromium-driver (apt-get)");
    cmd::run(
        "updating apt's package lists",
        Command::new("apt-get").arg("update"),
    )?;
    cmd::run(
        "installing chromium + chromium-driver",
        Command::new("apt-get")
            .args(["install", "-y", "chromium", "chromium-driver"])
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )?;
    println!(
        "installed chromium + chromium-driver in {}",
        human(start.elapsed())
    );
    match (find_chromium(), find_chromedriver()) {
        (Some(c), Some(d)) => Ok((c, d)),
        _ => Err(
            "apt-get installed chromium and chromium-driver, but they are still not found".into(),
        ),
    }
}

fn find_chromium() -> Option<PathBuf> {
    find_tool(
        "CHROMIUM",
        "/usr/bin/chromium",
        &["chromium", "chromium-browser", "google-chrome", "chrome"],
    )
}

fn find_chromedriver() -> Option<PathBuf> {
    find_tool("CHROMEDRIVER", "/usr/bin/chromedriver", &["chromedriver"])
}

/// `$ENV` if it names a file, else the usual Debian path, else the first of `names` on PATH.
fn find_tool(env: &str, debian_path: &str, names: &[&str]) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(env).map(PathBuf::from) {
        if p.is_file() {
            return Some(p);
        }
    }
    let p = PathBuf::from(debian_path);
    if p.is_file() {
        return Some(p);
    }
    names.iter().find_map(|n| cmd::find_on_path(n))
}

fn is_debian_root() -> bool {
    cfg!(target_os = "linux")
        && Path::new("/etc/debian_version").exists()
        && cmd::find_on_path("apt-get").is_some()
        && cmd::probe("id", &["-u"]).as_deref() == Some("0")
}
