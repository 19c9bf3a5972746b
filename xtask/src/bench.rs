//! `cargo xtask bench [--quick]`: the performance figures of issue #3, measured and printed as
//! a table of measure, target, measured value and whether the target is met.
//!
//! * **steady load**: `replication-sim run --summary bench/steady-1h.json` (release build):
//!   wall time, CPU time and the child's peak RSS;
//! * **snapshot**: the `snapshot_cost` example of replication-core on the same scenario: mean
//!   time of a clone of the finished world (take) and of `live = snapshot.clone()` (restore);
//! * **sweep**: `replication-sim sweep --profile kraft --seeds 200 --summary-only`, as seeds per
//!   minute, if this checkout's runner has the subcommand;
//! * **wasm/native**: the `steady_minute` example (one simulated minute) natively and built
//!   for wasm32-unknown-unknown, run under node by `bench/wasm-steady.mjs`.
//!
//! `--quick` uses `bench/steady-1min.json` (the steady-load targets scaled to a minute) and
//! skips the sweep. Targets are goals: nothing here fails because one is missed. A measurement
//! the platform cannot make (peak RSS without `/usr/bin/time` or Linux's wait4, node or the
//! wasm32 target missing) prints `n/a` with the reason below the table.
//!
//! "On one core": every time is judged by max(wall, CPU time) where the CPU time is known,
//! so a run slowed by other work on the machine counts against the target (wall), and a run
//! that used several cores cannot look faster than one core would make it (CPU).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::cmd::{self, Result};

const WASM: &str = "wasm32-unknown-unknown";
const SWEEP_SEEDS: u32 = 200;
/// Timed runs of the one-minute comparison, natively and under node (after one warm-up).
const WASM_RUNS: u32 = 5;
/// Snapshot clones timed by `snapshot_cost`.
const SNAPSHOT_CLONES: u32 = 100;
const MIB: f64 = 1024.0 * 1024.0;

/// Issue #3's goals.
const STEADY_HOUR_SECS: f64 = 3.6;
const PEAK_RSS_MIB: f64 = 64.0;
const SNAPSHOT_US: f64 = 1_000.0;
const SWEEP_SEEDS_PER_MIN: f64 = 1_000.0;
const WASM_RATIO: f64 = 2.0;

pub fn run(root: &Path, quick: bool) -> Result {
    let scenario = root.join("bench").join(if quick {
        "steady-1min.json"
    } else {
        "steady-1h.json"
    });
    let simulated_hours = if quick { 1.0 / 60.0 } else { 1.0 };
    let target = cmd::target_dir(root);
    let out_dir = target.join("bench");
    std::fs::create_dir_all(&out_dir)
        .map_err(|e| format!("cannot create {}: {e}", out_dir.display()))?;

    let mut build = cmd::cargo();
    build
        .args(["build", "--release", "-p", "replication-sim"])
        .current_dir(root);
    cmd::run("release build of replication-sim", &mut build)?;
    let mut build = cmd::cargo();
    build
        .args(["build", "--release", "-p", "replication-core"])
        .args(["--example", "snapshot_cost", "--example", "steady_minute"])
        .current_dir(root);
    cmd::run("release build of the bench examples", &mut build)?;

    let sim = exe(&target.join("release").join("replication-sim"));
    let examples = target.join("release").join("examples");
    let mut table = Table::default();
    println!("\nload average before: {}", load_average());

    steady(&mut table, &sim, &scenario, &out_dir, simulated_hours)?;
    snapshot(&mut table, &exe(&examples.join("snapshot_cost")), &scenario)?;
    if quick {
        table.notes.push("sweep: skipped (--quick)".into());
    } else {
        sweep(&mut table, &sim, &out_dir);
    }
    wasm_ratio(
        root,
        &target,
        &mut table,
        &exe(&examples.join("steady_minute")),
    );

    println!("load average after:  {}", load_average());
    println!(
        "\nscenario: {} (seed 1: 6 brokers in 3 racks, 12 partitions at RF 3, 1,000 records/s)",
        scenario.display()
    );
    print!("{}", table.render());
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The measurements

fn steady(
    table: &mut Table,
    sim: &Path,
    scenario: &Path,
    out_dir: &Path,
    simulated_hours: f64,
) -> Result {
    let report = out_dir.join("steady-report.json");
    let mut c = Command::new(sim);
    c.args(["run", "--summary"]).arg(scenario);
    let m = measure_child("steady load", &mut c, &report)?;
    if !m.success {
        return Err(format!(
            "`{}` failed: {}",
            cmd::display(&c),
            m.stderr.trim()
        ));
    }
    let label = if simulated_hours >= 1.0 {
        "1 h".to_string()
    } else {
        format!("{:.0} min", simulated_hours * 60.0)
    };
    let secs_target = STEADY_HOUR_SECS * simulated_hours;
    let one_core = m.one_core().as_secs_f64();
    table.row(
        format!("steady load, {label} simulated, native (wall; cpu)"),
        format!("≤ {}", secs(secs_target)),
        format!("{}; {}", secs(m.wall.as_secs_f64()), opt_secs(m.cpu)),
        Some(one_core <= secs_target),
    );
    let produced = std::fs::read_to_string(&report)
        .ok()
        .and_then(|r| json_number(&r, "produced_count"));
    if let Some(p) = produced {
        table.notes.push(format!(
            "steady load: {p} records produced, {:.0} simulated s per wall s; report in {}",
            simulated_hours * 3600.0 / m.wall.as_secs_f64(),
            report.display()
        ));
    }
    let (rss, met) = match m.peak_rss_kib {
        Some(kib) => {
            let mib = kib as f64 * 1024.0 / MIB;
            (format!("{mib:.1} MiB"), Some(mib <= PEAK_RSS_MIB))
        }
        None => ("n/a".to_string(), None),
    };
    table.row(
        format!("peak RSS, steady load {label}"),
        format!("≤ {PEAK_RSS_MIB:.0} MiB"),
        rss,
        met,
    );
    if let Some(why) = m.rss_unavailable {
        table.notes.push(format!("peak RSS: {why}"));
    }
    Ok(())
}

fn snapshot(table: &mut Table, example: &Path, scenario: &Path) -> Result {
    let mut c = Command::new(example);
    c.arg(scenario).arg(SNAPSHOT_CLONES.to_string());
    println!("--> snapshot cost: {}", cmd::display(&c));
    let out = c
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("could not start {}: {e}", example.display()))?;
    if !out.status.success() {
        return Err(format!("`{}` failed ({})", cmd::display(&c), out.status));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let value = |key: &str| key_value(&text, key);
    let when = match value("simulated_ms") {
        Some(ms) => format!("after {}", simulated(ms)),
        None => "of the world".to_string(),
    };
    for (name, key) in [
        ("take (clone)", "take_mean_us"),
        ("restore", "restore_mean_us"),
    ] {
        let (measured, met) = match value(key) {
            Some(us) => (micros(us), Some(us <= SNAPSHOT_US)),
            None => ("n/a".to_string(), None),
        };
        table.row(
            format!("snapshot {name} {when}, mean of {SNAPSHOT_CLONES}"),
            format!("≤ {}", micros(SNAPSHOT_US)),
            measured,
            met,
        );
    }
    if let (Some(max), Some(drop)) = (value("take_max_us"), value("drop_mean_us")) {
        table.notes.push(format!(
            "snapshot: slowest take {}, dropping a copy {} (restore = clone + drop of the \
             replaced world)",
            micros(max),
            micros(drop)
        ));
    }
    Ok(())
}

fn sweep(table: &mut Table, sim: &Path, out_dir: &Path) {
    let measure = format!("sweep, kraft, {SWEEP_SEEDS} seeds (seeds/min on one core)");
    let target = format!("≥ {SWEEP_SEEDS_PER_MIN:.0}/min");
    let output = out_dir.join("sweep.txt");
    let mut c = Command::new(sim);
    c.args(["sweep", "--profile", "kraft", "--seeds"])
        .arg(SWEEP_SEEDS.to_string())
        .arg("--summary-only")
        .env_remove("REPLICATION_SIM_SEED");
    let m = match measure_child("sweep", &mut c, &output) {
        Ok(m) => m,
        Err(e) => {
            table.row(measure, target, "n/a".into(), None);
            table.notes.push(format!("sweep: {e}"));
            return;
        }
    };
    let usage = m.stderr.lines().any(|l| l.starts_with("usage:"));
    if !m.success && usage {
        // An older runner without the subcommand answers with its usage.
        table.row(measure, target, "n/a".into(), None);
        table.notes.push(format!(
            "sweep: `replication-sim sweep` is not available in this build: {}",
            m.stderr.lines().next().unwrap_or("").trim()
        ));
        return;
    }
    let per_min = |d: Duration| f64::from(SWEEP_SEEDS) * 60.0 / d.as_secs_f64();
    let rate = per_min(m.one_core());
    // The wall-clock rate too: a sweep that runs seeds in parallel is faster than one core.
    table.row(
        measure,
        target,
        format!(
            "{rate:.0}/min (cpu {}; wall {} = {:.0}/min)",
            opt_secs(m.cpu),
            secs(m.wall.as_secs_f64()),
            per_min(m.wall)
        ),
        Some(rate >= SWEEP_SEEDS_PER_MIN),
    );
    let summary = std::fs::read_to_string(&output).unwrap_or_default();
    let last = summary.lines().rev().find(|l| !l.trim().is_empty());
    table.notes.push(format!(
        "sweep: {}, last line: {}",
        m.exit,
        last.unwrap_or("(no output)")
    ));
}

fn wasm_ratio(root: &Path, target: &Path, table: &mut Table, native_example: &Path) {
    let measure = "wasm under node / native, 1 simulated min (median of 5)".to_string();
    let goal = format!("≤ {WASM_RATIO:.1}×");
    match wasm_and_native(root, target, native_example) {
        Ok((wasm_ms, native_ms, memory)) => {
            let ratio = wasm_ms / native_ms;
            table.row(
                measure,
                goal,
                format!("{ratio:.2}× ({wasm_ms:.0} ms vs {native_ms:.0} ms)"),
                Some(ratio <= WASM_RATIO),
            );
            if let Some(bytes) = memory {
                table.notes.push(format!(
                    "wasm: linear memory after the runs {:.1} MiB",
                    bytes / MIB
                ));
            }
        }
        Err(e) => {
            table.row(measure, goal, "n/a".into(), None);
            table.notes.push(format!("wasm: {e}"));
        }
    }
}

/// Median wall ms of the one-minute run as wasm under node and natively, and the wasm
/// module's memory size.
fn wasm_and_native(
    root: &Path,
    target: &Path,
    native_example: &Path,
) -> Result<(f64, f64, Option<f64>)> {
    let node = cmd::probe("node", &["--version"]).ok_or("node not found on PATH")?;
    let mut build = cmd::cargo();
    build
        .args(["build", "--release", "-p", "replication-core"])
        .args(["--example", "steady_minute", "--target", WASM])
        .current_dir(root);
    cmd::run("wasm32 build of the steady_minute example", &mut build)
        .map_err(|e| format!("{e} (is the {WASM} target installed? `cargo xtask setup`)"))?;
    let module = target
        .join(WASM)
        .join("release")
        .join("examples")
        .join("steady_minute.wasm");

    let runs = WASM_RUNS.to_string();
    let mut native = Command::new(native_example);
    native.arg(&runs);
    let native_out = capture("native one-minute runs", &mut native)?;
    let mut wasm = Command::new("node");
    wasm.arg(root.join("bench").join("wasm-steady.mjs"))
        .arg(&module)
        .arg(&runs);
    let wasm_out = capture(&format!("wasm one-minute runs (node {node})"), &mut wasm)?;

    let native_events = key_value(&native_out, "events");
    let wasm_events = key_value(&wasm_out, "events");
    if native_events != wasm_events {
        return Err(format!(
            "native and wasm processed different event counts ({native_events:?} vs \
             {wasm_events:?}): not the same run"
        ));
    }
    let native_ms = median(all_values(&native_out, "native_ms")).ok_or("no native timings")?;
    let wasm_ms = median(all_values(&wasm_out, "wasm_ms")).ok_or("no wasm timings")?;
    Ok((wasm_ms, native_ms, key_value(&wasm_out, "memory_bytes")))
}

// ---------------------------------------------------------------------------------------------
// Running a child and measuring it

pub(crate) struct Measured {
    pub(crate) wall: Duration,
    /// User + system time, when the platform tells.
    pub(crate) cpu: Option<Duration>,
    peak_rss_kib: Option<u64>,
    rss_unavailable: Option<String>,
    pub(crate) success: bool,
    exit: String,
    pub(crate) stderr: String,
}

impl Measured {
    /// The time the run would take on one core of its own: the larger of wall and CPU time.
    pub(crate) fn one_core(&self) -> Duration {
        self.cpu.map_or(self.wall, |cpu| cpu.max(self.wall))
    }
}

/// Run `command` with stdout to `stdout_file`, timing it and reading its peak RSS: through
/// `/usr/bin/time -v` where it exists, else wait4(2) on Linux, else not at all.
pub(crate) fn measure_child(
    what: &str,
    command: &mut Command,
    stdout_file: &Path,
) -> Result<Measured> {
    println!("--> {what}: {}", cmd::display(command));
    let stdout = std::fs::File::create(stdout_file)
        .map_err(|e| format!("cannot create {}: {e}", stdout_file.display()))?;
    let time_v = Path::new("/usr/bin/time");
    if cfg!(target_os = "linux") && time_v.is_file() {
        let stats = stdout_file.with_extension("time.txt");
        let mut wrapped = Command::new(time_v);
        wrapped
            .arg("-v")
            .arg("-o")
            .arg(&stats)
            .arg(command.get_program())
            .args(command.get_args());
        for (k, v) in command.get_envs() {
            match v {
                Some(v) => wrapped.env(k, v),
                None => wrapped.env_remove(k),
            };
        }
        let start = Instant::now();
        let out = wrapped
            .stdout(stdout)
            .stderr(Stdio::piped())
            .output()
            .map_err(|e| format!("could not start /usr/bin/time: {e}"))?;
        let wall = start.elapsed();
        let stats = std::fs::read_to_string(&stats).unwrap_or_default();
        let field = |name: &str| {
            stats
                .lines()
                .find_map(|l| l.trim().strip_prefix(name)?.trim().parse::<f64>().ok())
        };
        let cpu = match (
            field("User time (seconds):"),
            field("System time (seconds):"),
        ) {
            (Some(u), Some(s)) => Some(Duration::from_secs_f64(u + s)),
            _ => None,
        };
        let peak = field("Maximum resident set size (kbytes):").map(|k| k as u64);
        return Ok(Measured {
            wall,
            cpu,
            peak_rss_kib: peak,
            rss_unavailable: peak
                .is_none()
                .then(|| "/usr/bin/time -v printed no maximum resident set size".to_string()),
            success: out.status.success(),
            exit: out.status.to_string(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        });
    }
    let stderr_file = stdout_file.with_extension("stderr.txt");
    let stderr = std::fs::File::create(&stderr_file)
        .map_err(|e| format!("cannot create {}: {e}", stderr_file.display()))?;
    let start = Instant::now();
    let child = command
        .stdout(stdout)
        .stderr(stderr)
        .spawn()
        .map_err(|e| format!("could not start `{}`: {e}", cmd::display(command)))?;
    let (success, exit, cpu, peak, why) = wait_with_rusage(child)?;
    let wall = start.elapsed();
    Ok(Measured {
        wall,
        cpu,
        peak_rss_kib: peak,
        rss_unavailable: why,
        success,
        exit,
        stderr: std::fs::read_to_string(&stderr_file).unwrap_or_default(),
    })
}

type Waited = (bool, String, Option<Duration>, Option<u64>, Option<String>);

/// Linux without /usr/bin/time: wait4(2) reaps the child and returns its own rusage, not the
/// sum over every child this process has waited for (cargo's builds are children too).
#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
// The one FFI call of the workspace (the workspace denies unsafe code): std has no wait4.
#[allow(unsafe_code)]
fn wait_with_rusage(child: std::process::Child) -> Result<Waited> {
    extern "C" {
        fn wait4(pid: i32, status: *mut i32, options: i32, rusage: *mut i64) -> i32;
    }
    // struct rusage on 64-bit Linux: two timevals (sec, usec as i64), then 14 longs, the
    // first of which is ru_maxrss in KiB. 32 words leave room to spare.
    let mut rusage = [0i64; 32];
    let mut status = 0i32;
    let pid = i32::try_from(child.id()).map_err(|_| "child pid out of range".to_string())?;
    // SAFETY: `pid` is our own unreaped child (std never waits for it: we do not call
    // `wait`, and dropping a `Child` does not reap it); both pointers are valid and large
    // enough for what wait4 writes.
    let got = unsafe { wait4(pid, &mut status, 0, rusage.as_mut_ptr()) };
    if got != pid {
        return Err(format!("wait4 failed: {}", std::io::Error::last_os_error()));
    }
    let cpu = Duration::from_secs(rusage[0] as u64 + rusage[2] as u64)
        + Duration::from_micros(rusage[1] as u64 + rusage[3] as u64);
    // The wait status as the kernel reports it: exited normally with code 0 is success.
    let (success, exit) = if status & 0x7f == 0 {
        let code = (status >> 8) & 0xff;
        (code == 0, format!("exit status: {code}"))
    } else {
        (false, format!("signal {}", status & 0x7f))
    };
    Ok((success, exit, Some(cpu), Some(rusage[4] as u64), None))
}

#[cfg(not(all(target_os = "linux", target_pointer_width = "64")))]
fn wait_with_rusage(mut child: std::process::Child) -> Result<Waited> {
    let status = child.wait().map_err(|e| format!("wait failed: {e}"))?;
    Ok((
        status.success(),
        status.to_string(),
        None,
        None,
        Some("no /usr/bin/time -v and no wait4 reading on this platform".to_string()),
    ))
}

/// Run `command` and return its stdout; stderr passes through.
fn capture(what: &str, command: &mut Command) -> Result<String> {
    println!("--> {what}: {}", cmd::display(command));
    let out = command
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("could not start `{}`: {e}", cmd::display(command)))?;
    if !out.status.success() {
        return Err(format!(
            "`{}` failed ({})",
            cmd::display(command),
            out.status
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

// ---------------------------------------------------------------------------------------------
// Small helpers

pub(crate) fn exe(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(std::env::consts::EXE_SUFFIX);
    PathBuf::from(name)
}

/// `/proc/loadavg`'s three averages, or n/a where there is none.
pub(crate) fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| "n/a".to_string())
}

/// The first `key value` line's value.
fn key_value(text: &str, key: &str) -> Option<f64> {
    all_values(text, key).into_iter().next()
}

fn all_values(text: &str, key: &str) -> Vec<f64> {
    text.lines()
        .filter_map(|l| {
            let (k, v) = l.trim().split_once(' ')?;
            (k == key).then(|| v.trim().parse().ok()).flatten()
        })
        .collect()
}

pub(crate) fn median(mut values: Vec<f64>) -> Option<f64> {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(values[n / 2]),
        _ => Some((values[n / 2 - 1] + values[n / 2]) / 2.0),
    }
}

/// `"key": 123` in the runner's pretty JSON, without a JSON parser in xtask.
fn json_number(json: &str, key: &str) -> Option<u64> {
    let quoted = format!("\"{key}\":");
    let rest = &json[json.find(&quoted)? + quoted.len()..];
    let digits: String = rest
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

pub(crate) fn secs(s: f64) -> String {
    if s < 1.0 {
        format!("{:.0} ms", s * 1e3)
    } else {
        format!("{s:.2} s")
    }
}

fn opt_secs(d: Option<Duration>) -> String {
    d.map_or_else(|| "cpu n/a".to_string(), |d| secs(d.as_secs_f64()))
}

fn micros(us: f64) -> String {
    if us < 1_000.0 {
        format!("{us:.1} µs")
    } else {
        format!("{:.2} ms", us / 1e3)
    }
}

fn simulated(ms: f64) -> String {
    if ms >= 3_600_000.0 {
        format!("{:.0} h simulated", ms / 3_600_000.0)
    } else {
        format!("{:.0} min simulated", ms / 60_000.0)
    }
}

/// The printed result: one row per measure, then notes.
#[derive(Default)]
struct Table {
    rows: Vec<[String; 4]>,
    notes: Vec<String>,
}

impl Table {
    fn row(&mut self, measure: String, target: String, measured: String, met: Option<bool>) {
        let met = match met {
            Some(true) => "yes",
            Some(false) => "NO",
            None => "n/a",
        };
        self.rows.push([measure, target, measured, met.to_string()]);
    }

    fn render(&self) -> String {
        let header = ["measure", "target", "measured", "met?"].map(String::from);
        let width = |i: usize| {
            std::iter::once(&header)
                .chain(&self.rows)
                .map(|r| r[i].chars().count())
                .max()
                .unwrap_or(0)
        };
        let widths = [width(0), width(1), width(2), width(3)];
        let line = |r: &[String; 4]| {
            let cells: Vec<String> = r
                .iter()
                .zip(widths)
                .map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count())))
                .collect();
            format!("| {} |\n", cells.join(" | "))
        };
        let mut out = String::from("\n");
        out.push_str(&line(&header));
        let rule: Vec<String> = widths.iter().map(|&w| "-".repeat(w)).collect();
        let _ = writeln!(out, "|-{}-|", rule.join("-|-"));
        for r in &self.rows {
            out.push_str(&line(r));
        }
        for n in &self.notes {
            let _ = writeln!(out, "- {n}");
        }
        out
    }
}
