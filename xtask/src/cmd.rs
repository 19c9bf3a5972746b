//! Running external programs: the one helper every task goes through, plus small lookups.

use std::env;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Errors are messages for a human; `main` prints them and exits non-zero.
pub type Result<T = ()> = std::result::Result<T, String>;

/// Run `cmd` with inherited stdio, after printing what it is for and the command line.
/// Returns how long it took, or an error naming the description and the exit status.
pub fn run(description: &str, cmd: &mut Command) -> Result<Duration> {
    println!("--> {description}: {}", display(cmd));
    let start = Instant::now();
    let status = cmd
        .status()
        .map_err(|e| format!("{description}: could not start `{}`: {e}", display(cmd)))?;
    if status.success() {
        Ok(start.elapsed())
    } else {
        Err(format!(
            "{description}: `{}` failed ({status})",
            display(cmd)
        ))
    }
}

/// The trimmed stdout of a quick probe such as `trunk --version`, or `None` if the program
/// is missing or fails.
pub fn probe(program: impl AsRef<OsStr>, args: &[&str]) -> Option<String> {
    let out = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// A `Command` for `cargo`: the same cargo that runs this xtask (`$CARGO`), if known.
pub fn cargo() -> Command {
    Command::new(env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// Where cargo puts its output: `$CARGO_TARGET_DIR`, else `<root>/target`.
pub fn target_dir(root: &Path) -> PathBuf {
    match env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => root.join(dir),
        None => root.join("target"),
    }
}

/// A `Command` for a program that is a `.cmd` shim on Windows (npm, npx).
pub fn shim(name: &str) -> Command {
    if cfg!(windows) {
        Command::new(format!("{name}.cmd"))
    } else {
        Command::new(name)
    }
}

/// The first directory on `PATH` holding an executable called `name` (`name.exe` on Windows).
pub fn find_on_path(name: &str) -> Option<PathBuf> {
    let file = format!("{name}{}", env::consts::EXE_SUFFIX);
    env::split_paths(&env::var_os("PATH")?)
        .map(|dir| dir.join(&file))
        .find(|p| p.is_file())
}

/// Put `dir` first on this process's `PATH`, so every child process finds its programs.
pub fn prepend_path(dir: &Path) -> Result {
    let old = env::var_os("PATH").unwrap_or_default();
    let dirs = std::iter::once(dir.to_path_buf()).chain(env::split_paths(&old));
    let new =
        env::join_paths(dirs).map_err(|e| format!("cannot add {} to PATH: {e}", dir.display()))?;
    // Single-threaded at this point: nothing else reads the environment concurrently.
    env::set_var("PATH", new);
    Ok(())
}

/// `cargo fmt --all --check`, shown the way one would type it.
pub fn display(cmd: &Command) -> String {
    let mut parts = vec![Path::new(cmd.get_program())
        .file_stem()
        .unwrap_or(cmd.get_program())
        .to_string_lossy()
        .into_owned()];
    parts.extend(cmd.get_args().map(|a| {
        let a = a.to_string_lossy();
        if a.contains(' ') {
            format!("\"{a}\"")
        } else {
            a.into_owned()
        }
    }));
    let envs: Vec<String> = cmd
        .get_envs()
        .filter_map(|(k, v)| Some(format!("{}={}", k.to_string_lossy(), v?.to_string_lossy())))
        .collect();
    if envs.is_empty() {
        parts.join(" ")
    } else {
        format!("{} {}", envs.join(" "), parts.join(" "))
    }
}

/// `9.8s`, or `7m 02s` once it is over a minute.
pub fn human(d: Duration) -> String {
    let secs = d.as_secs_f64();
    if secs < 60.0 {
        format!("{secs:.1}s")
    } else {
        let s = d.as_secs();
        format!("{}m {:02}s", s / 60, s % 60)
    }
}
