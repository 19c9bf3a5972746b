//! `cargo xtask docs`: the documentation site. The playground's release build (dist/) is
//! copied to dist-docs/, and the lesson pages, generated from the lesson data by the
//! playground's `docs` example, go to dist-docs/docs/, so each page's embeds
//! (`../index.html?embed&…`) resolve. `--check` then opens every page in headless Chromium.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::cmd::{self, Result};
use crate::setup::Tools;

pub const SITE: &str = "dist-docs";

/// Copy dist/ into a fresh dist-docs/ and write the pages into dist-docs/docs/.
pub fn assemble(root: &Path) -> Result {
    let site = root.join(SITE);
    if site.exists() {
        fs::remove_dir_all(&site).map_err(|e| format!("cannot clear {}: {e}", site.display()))?;
    }
    copy_dir(&root.join("dist"), &site)?;
    let mut pages = cmd::cargo();
    pages
        .args([
            "run",
            "-q",
            "-p",
            "replication-playground",
            "--example",
            "docs",
            "--",
        ])
        .arg(site.join("docs"))
        .current_dir(root);
    cmd::run("docs pages", &mut pages)?;
    println!("docs site in {SITE}/ (open {SITE}/docs/index.html through any static server)");
    Ok(())
}

/// The check of the assembled site: every page, every embed renders and fits its frame.
pub fn check_command(tools: &Tools) -> Command {
    let mut c = Command::new("node");
    c.args(["tests/e2e/docs.mjs", SITE]);
    if let Some(chromium) = &tools.chromium {
        c.env("CHROMIUM", chromium);
    }
    c
}

fn copy_dir(from: &Path, to: &Path) -> Result {
    let err = |e: std::io::Error| format!("copying {} to {}: {e}", from.display(), to.display());
    fs::create_dir_all(to).map_err(err)?;
    for entry in fs::read_dir(from).map_err(err)? {
        let entry = entry.map_err(err)?;
        let target = to.join(entry.file_name());
        if entry.file_type().map_err(err)?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), &target).map_err(err)?;
        }
    }
    Ok(())
}
