//! `cargo xtask size`: raw and gzipped sizes of the release build's wasm, JS and CSS. The CSS
//! is inlined into `index.html` by trunk (one compressed response instead of eight), so the
//! page is counted with it. The Chinese text (`zh.json`), fetched only by a Chinese reader, is
//! printed apart.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use flate2::write::GzEncoder;
use flate2::Compression;

use crate::cmd::Result;

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
