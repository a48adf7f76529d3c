//! `strata import gempy DIR --out PROJECT_DIR [--extent …] [--resolution …]
//! [--defaults gempy|saved]`: a GemPy v2 saved model in, a Strata project out, ready for
//! `strata model` ([`strata_io::gempy_import`]).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use strata_io::gempy_import::{ImportDefaults, ImportOptions, Imported, import_gempy};

use crate::engine_command::CommandError;

/// `--defaults`: which values the imported project computes with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum DefaultsFlag {
    /// `defaults = "gempy"`: as GemPy 2026's front end computes the same files.
    #[default]
    Gempy,
    /// The saved kriging values (range, C_o, `smooth` nuggets) and rescaling, as GemPy v2
    /// computed the model.
    Saved,
}

/// The arguments of `strata import gempy`.
#[derive(Debug, Clone, PartialEq, clap::Args)]
pub struct GempyImportArgs {
    /// The saved model's folder (`<name>_surface_points.csv`, `<name>_series.csv`, …).
    pub dir: PathBuf,
    /// The project folder to write (`strata.toml` and the CSV files).
    #[arg(long)]
    pub out: PathBuf,
    /// The model extent `xmin,xmax,ymin,ymax,zmin,zmax` (default: the saved `<name>_extent.npy`).
    #[arg(long, value_parser = numbers::<f64, 6>, allow_hyphen_values = true)]
    pub extent: Option<[f64; 6]>,
    /// The grid resolution `nx,ny,nz` (default: the saved `<name>_resolution.npy`).
    #[arg(long, value_parser = numbers::<usize, 3>)]
    pub resolution: Option<[usize; 3]>,
    /// The values the project computes with.
    #[arg(long, value_enum, default_value_t)]
    pub defaults: DefaultsFlag,
}

/// Imports the saved model.
pub fn run(args: &GempyImportArgs) -> Result<Imported, CommandError> {
    let mut options = ImportOptions::default().with_defaults(match args.defaults {
        DefaultsFlag::Gempy => ImportDefaults::Gempy,
        DefaultsFlag::Saved => ImportDefaults::Saved,
    });
    if let Some(extent) = args.extent {
        options = options.with_extent(extent);
    }
    if let Some(resolution) = args.resolution {
        options = options.with_resolution(resolution);
    }
    import_gempy(&args.dir, &args.out, &options).map_err(CommandError::Files)
}

/// What was imported: the stacks and the next command.
pub fn summary(imported: &Imported, out: &Path) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "imported {}: {}",
        imported.name,
        strata_data::plural(imported.stacks.len(), "stack")
    );
    for (stack, surfaces) in &imported.stacks {
        let _ = writeln!(s, "  {stack}: {}", surfaces.join(", "));
    }
    let _ = writeln!(s, "wrote {}", imported.project.display());
    let _ = writeln!(
        s,
        "compute it with: strata model {} --out {}",
        imported.project.display(),
        out.join("out").display()
    );
    s
}

/// `N` comma-separated numbers (`--extent 0,1000,0,1000,-1000,0`).
fn numbers<T: std::str::FromStr, const N: usize>(text: &str) -> Result<[T; N], String> {
    let values: Vec<T> = text
        .split(',')
        .map(|v| {
            v.trim()
                .parse()
                .map_err(|_| format!("'{v}' is not a number"))
        })
        .collect::<Result<_, _>>()?;
    let count = values.len();
    values
        .try_into()
        .map_err(|_| format!("{N} comma-separated numbers expected, found {count}"))
}
