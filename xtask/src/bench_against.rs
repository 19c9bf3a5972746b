//! `cargo xtask bench --against REV [--runs N]`: the steady hour of this checkout against the
//! same hour built from another commit, on one machine in one run, so a refactor can show it
//! costs no speed (issue 17: no slower than 5 %).
//!
//! REV's sources are exported with `git archive` into `target/bench-against/<rev>/` and built
//! there with a target folder of their own; both runners then play this checkout's
//! `bench/steady-1h.json`, alternating (REV, this, REV, this, …) so that a change in the
//! machine's load falls on both alike. Each run is judged by max(wall, CPU time), as `bench`
//! judges it, and the medians are compared. The two runners' reports are compared too: a
//! refactor must not change what the simulation does, so they should be identical.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::bench::{exe, load_average, measure_child, median, secs};
use crate::cmd::{self, Result};

/// How much slower the current checkout may be before the comparison says so.
const ALLOWED_SLOWDOWN: f64 = 0.05;

pub fn run(root: &Path, rev: &str, runs: u32) -> Result {
    if runs == 0 {
        return Err("--runs must be at least 1".into());
    }
    let target = cmd::target_dir(root);
    let out_dir = target.join("bench");
    std::fs::create_dir_all(&out_dir)
        .map_err(|e| format!("cannot create {}: {e}", out_dir.display()))?;
    let scenario = root.join("bench").join("steady-1h.json");

    let baseline = build_at(root, &target, rev)?;
    let mut build = cmd::cargo();
    build
        .args(["build", "--release", "-p", "replication-sim"])
        .current_dir(root);
    cmd::run(
        "release build of replication-sim (this checkout)",
        &mut build,
    )?;
    let current = exe(&target.join("release").join("replication-sim"));

    println!("\nload average before: {}", load_average());
    let mut times = [Vec::new(), Vec::new()];
    let reports = [
        out_dir.join("against-base.json"),
        out_dir.join("against-head.json"),
    ];
    for run in 1..=runs {
        for (i, (label, sim)) in [(rev, &baseline), ("this checkout", &current)]
            .into_iter()
            .enumerate()
        {
            let mut c = Command::new(sim);
            c.args(["run", "--summary"]).arg(&scenario);
            let m = measure_child(&format!("run {run}/{runs}, {label}"), &mut c, &reports[i])?;
            if !m.success {
                return Err(format!(
                    "`{}` failed: {}",
                    cmd::display(&c),
                    m.stderr.trim()
                ));
            }
            println!("    {}", secs(m.one_core().as_secs_f64()));
            times[i].push(m.one_core().as_secs_f64());
        }
    }
    println!("load average after:  {}", load_average());

    let read = |p: &PathBuf| std::fs::read_to_string(p).unwrap_or_default();
    let same = read(&reports[0]) == read(&reports[1]);
    let base = median(times[0].clone()).unwrap_or(f64::NAN);
    let head = median(times[1].clone()).unwrap_or(f64::NAN);
    let change = head / base - 1.0;
    println!(
        "\nsteady hour ({}), max(wall, cpu) per run:",
        scenario.display()
    );
    println!("  {rev:>14}: {}  median {}", list(&times[0]), secs(base));
    println!(
        "  {:>14}: {}  median {}",
        "this checkout",
        list(&times[1]),
        secs(head)
    );
    println!(
        "  change: {:+.1} % ({} the {:.0} % allowed)",
        change * 100.0,
        if change <= ALLOWED_SLOWDOWN {
            "within"
        } else {
            "OVER"
        },
        ALLOWED_SLOWDOWN * 100.0
    );
    println!(
        "  reports: {}",
        if same {
            "identical (the simulation did the same)"
        } else {
            "DIFFERENT: compare target/bench/against-base.json and against-head.json"
        }
    );
    Ok(())
}

/// Export `rev` and build its runner; returns the binary's path. A second run reuses both.
fn build_at(root: &Path, target: &Path, rev: &str) -> Result<PathBuf> {
    let mut parse = Command::new("git");
    parse
        .args(["rev-parse", "--short=12", "--verify"])
        .arg(format!("{rev}^{{commit}}"));
    let out = parse
        .current_dir(root)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        return Err(format!("`{rev}` is not a commit of this repository"));
    }
    let short = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let dir = target.join("bench-against").join(&short);
    let src = dir.join("src");
    if !src.join("Cargo.toml").is_file() {
        std::fs::create_dir_all(&src)
            .map_err(|e| format!("cannot create {}: {e}", src.display()))?;
        let archive = dir.join("src.tar");
        let mut export = Command::new("git");
        export
            .args(["archive", "--format=tar", "-o"])
            .arg(&archive)
            .arg(&short)
            .current_dir(root);
        cmd::run(&format!("export of {short}"), &mut export)?;
        let mut untar = Command::new("tar");
        untar.arg("-xf").arg(&archive).arg("-C").arg(&src);
        cmd::run(&format!("unpack of {short}"), &mut untar)?;
    }
    let mut build = cmd::cargo();
    build
        .args(["build", "--release", "-p", "replication-sim"])
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .current_dir(&src);
    cmd::run(
        &format!("release build of replication-sim at {short}"),
        &mut build,
    )?;
    Ok(exe(&dir
        .join("target")
        .join("release")
        .join("replication-sim")))
}

fn list(times: &[f64]) -> String {
    times
        .iter()
        .map(|t| secs(*t))
        .collect::<Vec<_>>()
        .join(", ")
}
