//! One run of `strata engine`: wall time, peak resident memory (from `wait4`'s resource usage
//! of that very child, so runs do not mix) and the printed run summary.

use std::fs::File;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use super::summary::{self, Summary};

/// What one run measured.
#[derive(Debug, Clone)]
pub struct Sample {
    /// Wall time of the whole process (start, read input, compute, write result), seconds.
    pub wall_s: f64,
    /// Peak resident set size of the process, MiB.
    pub peak_rss_mib: f64,
    /// The engine's own times, from the run summary.
    pub summary: Summary,
}

/// Runs `strata engine input --out out [flags]` (in folder `cwd` when given: cubecl reads its
/// `cubecl.toml` there) and measures it; its stderr goes to `out/stderr.txt`.
pub fn run_engine(
    strata: &Path,
    input: &Path,
    out: &Path,
    flags: &[&str],
    cwd: Option<&Path>,
) -> Result<Sample, String> {
    run_strata(strata, "engine", input, out, flags, cwd)
}

/// Runs `strata COMMAND input --out out [flags]` (`engine` on an input.json, `model` on a
/// project) as [`run_engine`] does.
pub fn run_strata(
    strata: &Path,
    command_name: &str,
    input: &Path,
    out: &Path,
    flags: &[&str],
    cwd: Option<&Path>,
) -> Result<Sample, String> {
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let stderr_path = out.join("stderr.txt");
    let stderr =
        File::create(&stderr_path).map_err(|e| format!("{}: {e}", stderr_path.display()))?;
    let mut command = Command::new(strata);
    if let Some(cwd) = cwd {
        command.current_dir(cwd);
    }
    let start = Instant::now();
    let mut child = command
        .arg(command_name)
        .arg(input)
        .arg("--out")
        .arg(out)
        .args(flags)
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", strata.display()))?;
    let stdout = std::io::read_to_string(child.stdout.take().expect("stdout is piped"))
        .map_err(|e| format!("reading strata's output: {e}"))?;
    let (success, max_rss_kib) = wait_with_usage(child.id())?;
    let wall_s = start.elapsed().as_secs_f64();
    if !success {
        return Err(format!(
            "strata {command_name} {} failed, see {}",
            input.display(),
            stderr_path.display()
        ));
    }
    Ok(Sample {
        wall_s,
        peak_rss_mib: max_rss_kib as f64 / 1024.0,
        summary: summary::parse(&stdout)?,
    })
}

/// Waits for process `pid` (a child not yet reaped) and returns whether it exited with status
/// 0, and its peak resident set size in KiB (`ru_maxrss`, Linux units).
fn wait_with_usage(pid: u32) -> Result<(bool, i64), String> {
    let pid = libc::pid_t::try_from(pid).map_err(|e| e.to_string())?;
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is plain old data, so all-zero bytes are a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: both pointers are valid for writes for the duration of the call; `pid` is our
    // child, which std has not reaped (we never call `Child::wait`).
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    if reaped != pid {
        return Err(format!("wait4: {}", std::io::Error::last_os_error()));
    }
    let success = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    Ok((success, usage.ru_maxrss))
}
