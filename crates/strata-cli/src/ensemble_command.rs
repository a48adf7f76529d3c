//! `strata ensemble strata.toml --realizations N --sigma-z S --seed S --out DIR`: a Monte Carlo
//! ensemble of a project (`strata_ensemble`), written as the probability of every unit and
//! the information entropy per cell (`<name>_ensemble.vtr`) and a section of the entropy
//! (`<name>_entropy.png`).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use strata_data::plural;
use strata_ensemble::{Ensemble, Perturbation, UnitCounts};
use strata_io::{DataArray, IoError, write_block_model_vtr};
use strata_plot::{AnomalyMap, write_anomaly_png};
use strata_project::Project;

use crate::compute_flags::{ComputeFlags, ProjectSettings, compute_options, dtype};
use crate::engine_command::CommandError;
use crate::model_command::world_edges;
use crate::section_command::Axis;

/// The arguments of `strata ensemble`.
#[derive(Debug, Clone, PartialEq, clap::Args)]
pub struct EnsembleArgs {
    /// The project file.
    pub project: PathBuf,
    /// How many realizations.
    #[arg(long)]
    pub realizations: u64,
    /// σ of every surface point's elevation, world units.
    #[arg(long, default_value_t = 0.0)]
    pub sigma_z: f64,
    /// σ of one surface's elevations, `SURFACE=SIGMA` (repeat for more), in place of --sigma-z.
    #[arg(long = "sigma-z-surface", value_parser = surface_sigma)]
    pub surface_sigma_z: Vec<(String, f64)>,
    /// σ of every orientation's dip, degrees.
    #[arg(long, default_value_t = 0.0)]
    pub sigma_dip: f64,
    /// σ of every orientation's azimuth, degrees.
    #[arg(long, default_value_t = 0.0)]
    pub sigma_azimuth: f64,
    /// The generator's seed: realization i depends only on (seed, i).
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Output directory.
    #[arg(long)]
    pub out: PathBuf,
    /// The axis the entropy section is perpendicular to.
    #[arg(long, value_enum, default_value = "y")]
    pub axis: Axis,
    /// Where along that axis, world units [default: the middle of the extent].
    #[arg(long, allow_negative_numbers = true)]
    pub at: Option<f64>,
    /// How each realization is computed (`--dtype`, `--condition`).
    #[command(flatten)]
    pub compute: ComputeFlags,
}

/// `SURFACE=SIGMA`.
fn surface_sigma(text: &str) -> Result<(String, f64), String> {
    let (surface, sigma) = text
        .split_once('=')
        .ok_or_else(|| format!("'{text}': expected SURFACE=SIGMA"))?;
    let sigma = sigma
        .trim()
        .parse()
        .map_err(|_| format!("'{text}': '{sigma}' is not a number"))?;
    Ok((surface.trim().to_string(), sigma))
}

/// What an ensemble run did, for the summary.
#[derive(Debug)]
pub struct EnsembleRun {
    /// The counts of every realization.
    pub counts: UnitCounts,
    /// `[nx, ny, nz]` of the blocks.
    pub shape: [usize; 3],
    /// Wall time of the realizations.
    pub compute_time: Duration,
    /// The files written.
    pub written: Vec<PathBuf>,
}

impl EnsembleRun {
    /// A summary: realizations, time, and how much of the model is uncertain.
    pub fn summary(&self) -> String {
        let entropy = self.counts.entropy();
        let uncertain = entropy.iter().filter(|&&h| h > 0.0).count();
        let n = self.counts.realizations();
        let seconds = self.compute_time.as_secs_f64();
        format!(
            "{} of {} in {seconds:.3} s ({:.1} ms each)\n\
             cells with more than one unit: {uncertain} ({:.1} %), largest entropy {:.3} bits\n",
            plural(n, "realization"),
            plural(entropy.len(), "cell"),
            1e3 * seconds / n.max(1) as f64,
            100.0 * uncertain as f64 / entropy.len().max(1) as f64,
            entropy.iter().copied().fold(0.0, f64::max),
        )
    }
}

/// Runs the ensemble on all cores and writes its blocks and the entropy section. The project
/// is read and every realization computed before anything is written.
pub fn run(args: &EnsembleArgs) -> Result<EnsembleRun, CommandError> {
    let project = Project::load(&args.project)?;
    let file = project.file.display().to_string();
    let section = section_index(&project, args.axis, args.at)?;
    let settings = ProjectSettings::of(&project);
    let options = compute_options(&args.compute, settings);
    let mut perturbation = Perturbation::default()
        .with_sigma_z(args.sigma_z)
        .with_sigma_dip(args.sigma_dip)
        .with_sigma_azimuth(args.sigma_azimuth);
    for (surface, sigma) in &args.surface_sigma_z {
        perturbation = perturbation.with_surface_sigma_z(surface.clone(), *sigma);
    }
    if args.realizations == 0 {
        return Err(CommandError::Files(IoError::Project {
            file,
            problem: "--realizations 0: an ensemble needs at least one realization".into(),
        }));
    }
    let ensemble = Ensemble::new(&project.input, &perturbation, args.seed, options)?
        .with_dtype(dtype(&args.compute, settings));
    let start = Instant::now();
    let counts = ensemble.run(0..args.realizations)?;
    let compute_time = start.elapsed();
    let shape = ensemble.shape();
    std::fs::create_dir_all(&args.out).map_err(|source| CommandError::OutputDir {
        dir: args.out.display().to_string(),
        source,
    })?;
    let blocks = args.out.join(format!("{}_ensemble.vtr", project.name));
    write_blocks(&blocks, &project, &counts, shape)?;
    let picture = args.out.join(format!("{}_entropy.png", project.name));
    write_entropy_section(&picture, &project, &counts.entropy(), shape, section)?;
    Ok(EnsembleRun {
        counts,
        shape,
        compute_time,
        written: vec![blocks, picture],
    })
}

/// `entropy` and `probability_<id>` of every unit as cell arrays of a `.vtr`.
fn write_blocks(
    path: &Path,
    project: &Project,
    counts: &UnitCounts,
    shape: [usize; 3],
) -> Result<(), CommandError> {
    let edges = world_edges(&project.world_extent, shape);
    let entropy = counts.entropy();
    let probability = counts.probability();
    let cells = counts.cells();
    let names: Vec<String> = counts
        .ids()
        .iter()
        .map(|id| format!("probability_{id}"))
        .collect();
    let mut arrays = vec![DataArray::Float64("entropy", &entropy)];
    for (u, name) in names.iter().enumerate() {
        arrays.push(DataArray::Float64(
            name,
            &probability[u * cells..(u + 1) * cells],
        ));
    }
    write_block_model_vtr(path, [&edges[0], &edges[1], &edges[2]], &arrays)?;
    Ok(())
}

/// The section plane: the axis and the cell index along it that holds `at` (default: the
/// middle of the extent).
fn section_index(
    project: &Project,
    axis: Axis,
    at: Option<f64>,
) -> Result<(Axis, f64), CommandError> {
    let a = axis as usize;
    let e = project.world_extent;
    let at = at.unwrap_or(0.5 * (e[2 * a] + e[2 * a + 1]));
    if !(e[2 * a]..=e[2 * a + 1]).contains(&at) {
        return Err(CommandError::Files(IoError::Project {
            file: project.file.display().to_string(),
            problem: format!(
                "--at {at} lies outside the model extent along {} [{}, {}]",
                ["x", "y", "z"][a],
                e[2 * a],
                e[2 * a + 1]
            ),
        }));
    }
    Ok((axis, at))
}

/// The entropy on the plane `axis = at` as a PNG.
fn write_entropy_section(
    path: &Path,
    project: &Project,
    entropy: &[f64],
    shape: [usize; 3],
    (axis, at): (Axis, f64),
) -> Result<(), CommandError> {
    let a = axis as usize;
    let (u, v) = match axis {
        Axis::X => (1, 2),
        Axis::Y => (0, 2),
        Axis::Z => (0, 1),
    };
    let e = project.world_extent;
    let fraction = (at - e[2 * a]) / (e[2 * a + 1] - e[2 * a]);
    let k = ((fraction * shape[a] as f64) as usize).min(shape[a] - 1);
    let (nu, nv) = (shape[u], shape[v]);
    let values: Vec<f64> = (0..nu)
        .flat_map(|iu| (0..nv).map(move |iv| (iu, iv)))
        .map(|(iu, iv)| {
            let mut i = [0; 3];
            i[a] = k;
            i[u] = iu;
            i[v] = iv;
            entropy[(i[0] * shape[1] + i[1]) * shape[2] + i[2]]
        })
        .collect();
    let names = ["x", "y", "z"];
    let title = format!("{}: entropy, {} = {at}", project.name, names[a]);
    write_anomaly_png(
        path,
        &AnomalyMap {
            values: &values,
            counts: [nu, nv],
            area: [e[2 * u], e[2 * u + 1], e[2 * v], e[2 * v + 1]],
            labels: [names[u], names[v]],
            title: &title,
            quantity: "entropy (bits)",
            traces: &[],
        },
    )?;
    Ok(())
}
