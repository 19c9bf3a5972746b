//! `cargo xtask size`: raw and gzipped sizes of the release build's wasm, JS and CSS. The CSS
//! is inlined into `index.html` by trunk (one compressed response instead of eight), so the
//! page is counted with it. The Chinese text (`zh.json`), fetched only by a Chinese reader, is
//! printed apart.
//!
//! `--floor` also builds, with the bundle's profile and wasm-opt, what the stack costs before
//! any feature of the playground: the simulation core alone and the smallest Yew app. The
//! bundle's size reads against those two.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use flate2::write::GzEncoder;
use flate2::Compression;

use crate::cmd::{self, Result};

const KINDS: &[&str] = &["wasm", "js", "css", "html"];

/// Print a table of dist/'s `.wasm`, `.js`, `.css` files and `index.html` with raw and gzipped
/// bytes.
pub fn report(dist: &Path) -> Result {
    let mut files: Vec<PathBuf> = fs::read_dir(dist)
        .map_err(|e| {
            format!(
                "cannot read {}: {e} (run `cargo xtask size` without --no-build first)",
                dist.display()
            )
        })?
        .filter_map(|entry| Some(entry.ok()?.path()))
        .filter(|p| p.is_file() && kind(p).is_some())
        .collect();
    if files.is_empty() {
        return Err(format!(
            "no .wasm, .js, .css or index.html files in {}",
            dist.display()
        ));
    }
    // wasm first, then js, css and the page; by name within a kind.
    files.sort_by_key(|p| (kind(p), p.file_name().map(|n| n.to_owned())));

    println!(
        "\n{:<48} {:>12} {:>12}",
        "file (dist/)", "raw bytes", "gzip bytes"
    );
    let (mut raw_total, mut gz_total) = (0, 0);
    for path in &files {
        let bytes = fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let gz = gzipped_len(&bytes)?;
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        println!("{:<48} {:>12} {:>12}", name, group(bytes.len()), group(gz));
        raw_total += bytes.len();
        gz_total += gz;
    }
    println!(
        "{:<48} {:>12} {:>12}",
        "total",
        group(raw_total),
        group(gz_total)
    );
    println!(
        "(gzip at level {}, as a web server would send it)",
        Compression::default().level()
    );
    // Not in the bundle: the page fetches it only when Chinese is shown.
    let zh = dist.join("zh.json");
    let bytes = fs::read(&zh).map_err(|e| format!("cannot read {}: {e}", zh.display()))?;
    println!(
        "\n{:<48} {:>12} {:>12}\n(fetched only when Chinese is shown, so not in the total)",
        "zh.json",
        group(bytes.len()),
        group(gzipped_len(&bytes)?)
    );
    Ok(())
}

const WASM: &str = "wasm32-unknown-unknown";
/// The cargo profile trunk builds the bundle with (`data-cargo-profile-release` in index.html).
const PROFILE: &str = "wasm-release";

/// Build and print the two floors (wasm only, after wasm-opt -Oz, gzipped) beside the bundle's
/// wasm in `dist`.
pub fn floor(root: &Path, dist: &Path) -> Result {
    let out = cmd::target_dir(root).join("size-floor");
    let core = example_wasm(root, "replication-core", "steady_minute")?;
    let core = optimized(&core, &out.join("core.wasm"))?;
    // A Yew app goes through wasm-bindgen first, as trunk does, so its glue is what ships.
    let yew = example_wasm(root, "replication-playground", "yew_floor")?;
    let mut bindgen = Command::new("wasm-bindgen");
    bindgen
        .args(["--target", "web", "--out-dir"])
        .arg(&out)
        .arg(&yew);
    cmd::run("wasm-bindgen on the Yew floor", &mut bindgen)?;
    let yew = optimized(&out.join("yew_floor_bg.wasm"), &out.join("yew.wasm"))?;

    let bundle = fs::read_dir(dist)
        .map_err(|e| format!("cannot read {}: {e}", dist.display()))?
        .filter_map(|entry| Some(entry.ok()?.path()))
        .find(|p| p.extension().is_some_and(|e| e == "wasm"))
        .ok_or_else(|| format!("no .wasm in {}", dist.display()))?;
    println!(
        "\n{:<72} {:>12} {:>12}",
        "wasm, after wasm-opt -Oz", "raw bytes", "gzip bytes"
    );
    for (what, path) in [
        (
            "the core alone: scenario parser + simulation (steady_minute example)",
            &core,
        ),
        (
            "the smallest Yew app: one component (yew_floor example)",
            &yew,
        ),
        ("the playground's bundle (dist/)", &bundle),
    ] {
        let bytes = fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        println!(
            "{:<72} {:>12} {:>12}",
            what,
            group(bytes.len()),
            group(gzipped_len(&bytes)?)
        );
    }
    println!("(both floors carry their own std and allocator, so their sum counts those twice)");
    Ok(())
}

/// Build one example for wasm32 with the bundle's profile; the path of its module.
fn example_wasm(root: &Path, package: &str, example: &str) -> Result<PathBuf> {
    let mut build = cmd::cargo();
    build
        .args(["build", "--profile", PROFILE, "--target", WASM])
        .args(["-p", package, "--example", example])
        .current_dir(root);
    cmd::run(
        &format!("wasm32 build of the {example} example"),
        &mut build,
    )?;
    Ok(cmd::target_dir(root)
        .join(WASM)
        .join(PROFILE)
        .join("examples")
        .join(format!("{example}.wasm")))
}

/// `wasm-opt -Oz`, as trunk runs it on the bundle (`data-wasm-opt="z"`).
fn optimized(input: &Path, output: &Path) -> Result<PathBuf> {
    if let Some(dir) = output.parent() {
        fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let mut opt = Command::new("wasm-opt");
    opt.arg("-Oz").arg(input).arg("-o").arg(output);
    cmd::run("wasm-opt -Oz", &mut opt)?;
    Ok(output.to_path_buf())
}

/// Index of the file's kind in `KINDS`, for filtering and ordering.
fn kind(path: &Path) -> Option<usize> {
    let ext = path.extension()?.to_str()?;
    // The example pages next to it are not part of the playground.
    if ext == "html" && path.file_name()? != "index.html" {
        return None;
    }
    KINDS.iter().position(|k| *k == ext)
}

fn gzipped_len(bytes: &[u8]) -> Result<usize> {
    let mut enc = GzEncoder::new(Vec::new(), Compression::default());
    enc.write_all(bytes)
        .and_then(|_| enc.finish())
        .map(|v| v.len())
        .map_err(|e| format!("gzip failed: {e}"))
}

/// `123456` as `123 456`, easier to read in a column.
fn group(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    out
}
