//! Reads the run summary that `strata engine` prints: the `compute_model` time and the time
//! per engine phase (tracing spans, which nest: `octree level` ⊃ `evaluate` ⊃ `solve` on a
//! stack's first evaluation; `dual contouring` holds its own gradient evaluations).
//!
//! The lines read look like
//! `grid 2x2x2 = 8 points, 1 stack, computed in 0.123 s on ndarray`,
//! `  device: cuda …; memory in use 1.2 MiB (reserved 2.0 MiB)` and
//! `  time octree level       0.100 s (5×)`.

/// The times of one run, seconds.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// Wall time of `compute_model`.
    pub compute_s: f64,
    /// `(phase, total seconds)` in the order printed.
    pub phases: Vec<(String, f64)>,
    /// How each stack was solved, as printed (`dense (Lu)`, `iterative: 28 iterations, …`).
    pub solves: Vec<String>,
    /// Each stack's system size `N` (rows of its co-kriging matrix), as printed.
    pub sizes: Vec<usize>,
    /// The device line (`device: …`): the device's name and the memory it holds after the run.
    pub device: Option<String>,
}

impl Summary {
    /// The total time of `phase`, 0 when it did not run.
    pub fn phase(&self, phase: &str) -> f64 {
        self.phases
            .iter()
            .find(|(name, _)| name == phase)
            .map_or(0.0, |(_, s)| *s)
    }
}

/// Parses `strata engine`'s standard output.
pub fn parse(stdout: &str) -> Result<Summary, String> {
    let compute_s = stdout
        .lines()
        .find_map(compute_time)
        .ok_or_else(|| format!("no `computed in` line in strata's output:\n{stdout}"))?;
    let phases = stdout.lines().filter_map(phase_time).collect();
    let solves = stdout.lines().filter_map(solve_line).collect();
    let sizes = stdout.lines().filter_map(system_size).collect();
    let device = stdout
        .lines()
        .find_map(|line| line.trim_start().strip_prefix("device: "))
        .map(str::to_string);
    Ok(Summary {
        compute_s,
        phases,
        solves,
        sizes,
        device,
    })
}

/// `  stack layers   basement  system  4780x4780  condition …` → 4780.
fn system_size(line: &str) -> Option<usize> {
    line.trim_start().strip_prefix("stack ")?;
    let (_, rest) = line.split_once(" system ")?;
    rest.split_whitespace()
        .next()?
        .split_once('x')?
        .0
        .parse()
        .ok()
}

/// `... computed in 0.123 s on ...` → 0.123.
fn compute_time(line: &str) -> Option<f64> {
    let (_, rest) = line.split_once("computed in ")?;
    rest.split_whitespace().next()?.parse().ok()
}

/// `  time octree level       0.100 s (5×)` → ("octree level", 0.100).
fn phase_time(line: &str) -> Option<(String, f64)> {
    let rest = line.trim_start().strip_prefix("time ")?;
    let (before_unit, _) = rest.rsplit_once(" s (")?;
    let (name, seconds) = before_unit.trim_end().rsplit_once(char::is_whitespace)?;
    Some((name.trim().to_string(), seconds.parse().ok()?))
}

/// `  solve layers           iterative: 28 iterations, …` → "iterative: 28 iterations, …".
fn solve_line(line: &str) -> Option<String> {
    let rest = line.trim_start().strip_prefix("solve ")?;
    let (_, description) = rest.trim_start().split_once(char::is_whitespace)?;
    Some(description.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_compute_time_and_phases() {
        let out = "grid 2x2x2 = 8 points, 1 stack, computed in 1.250 s on ndarray\n\
                   \x20 device: cpu, 2 threads\n\
                   \x20 device 0    at [0.0, 0.0, 0.0]: gravity 1.0 mGal, TMI — nT\n\
                   \x20 time solve                0.010 s (1×)\n\
                   \x20 time octree level         1.000 s (5×)\n\
                   \x20 stack layers           basement  system   123x123   condition number 1e3\n\
                   \x20 solve layers           iterative: 28 iterations, residual 4.7e-11\n\
                   wrote out/result.json\n";
        let s = parse(out).unwrap();
        assert_eq!(s.compute_s, 1.25);
        assert_eq!(s.phase("octree level"), 1.0);
        assert_eq!(s.phase("solve"), 0.01);
        assert_eq!(s.phase("dual contouring"), 0.0);
        assert_eq!(s.solves, ["iterative: 28 iterations, residual 4.7e-11"]);
        assert_eq!(s.sizes, [123]);
        assert_eq!(s.device.as_deref(), Some("cpu, 2 threads"));
    }

    #[test]
    fn output_without_summary_is_an_error() {
        assert!(parse("error: no such file\n").is_err());
    }
}
