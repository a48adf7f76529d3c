//! The `strata` binary.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use strata_cli::compute_flags::{ComputeFlags, ProjectSettings, compute_options, dtype};
use strata_cli::engine_command::{self, BackendChoice, CommandError};
use strata_cli::ensemble_command::{self, EnsembleArgs};
use strata_cli::import_command::{self, GempyImportArgs};
use strata_cli::model_command::{self, Format};
use strata_cli::phases::PhaseTimer;
use strata_cli::section_command::{self, SectionArgs};
use strata_engine::VarianceOptions;
use strata_io::result_json::ResultOptions;
use tracing_indicatif::IndicatifLayer;
use tracing_subscriber::Layer;
use tracing_subscriber::filter::{EnvFilter, filter_fn};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::prelude::*;
use tracing_subscriber::registry::LookupSpan;

/// mimalloc keeps freed pages for the next large array (see docs/architecture.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "strata", version, about = "Implicit 3-D geological modelling")]
struct Cli {
    /// Only print errors.
    #[arg(short, long, global = true)]
    quiet: bool,
    /// Print tracing logs (repeat for more).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    verbose: u8,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the engine on an engine-level input.json and write result.json in the reference schema.
    Engine {
        /// The engine-level input (schema of the gempy_engine reference cases).
        input: PathBuf,
        /// Output directory.
        #[arg(long)]
        out: PathBuf,
        /// Also write every stack's kernel matrix.
        #[arg(long)]
        kernel_matrix: bool,
        /// Compute backend.
        #[arg(long, value_enum, default_value_t)]
        backend: BackendChoice,
        #[command(flatten)]
        compute: ComputeFlags,
    },
    /// Compute a project (strata.toml + GemPy CSVs) and write the block model.
    Model {
        /// The project file.
        project: PathBuf,
        /// Output directory.
        #[arg(long)]
        out: PathBuf,
        /// Output formats, comma separated (csv and png write what the project has).
        #[arg(long, value_enum, value_delimiter = ',', default_value = "vtk,csv,png")]
        formats: Vec<Format>,
        /// Also compute every stack's kriging variance (`variance_<stack>` in the .vtr).
        #[arg(long)]
        variance: bool,
        #[command(flatten)]
        compute: ComputeFlags,
    },
    /// Run a Monte Carlo ensemble of a project: unit probabilities and entropy per cell.
    Ensemble(EnsembleArgs),
    /// Turn another program's model into a Strata project.
    Import {
        #[command(subcommand)]
        source: ImportSource,
    },
    /// Draw a cross-section of a project, coloured by unit, as a PNG: perpendicular to an axis
    /// (--axis, --at) or vertical along a trace (--from, --to).
    Section(SectionArgs),
}

#[derive(Subcommand)]
enum ImportSource {
    /// A GemPy v2 saved model (the folder `gp.save_model` wrote).
    Gempy(GempyImportArgs),
}

impl Command {
    /// Runs the command; on success, what it prints unless `--quiet`: the run summary (phase
    /// times from `timer`) and the files written.
    fn run(self, timer: &PhaseTimer) -> Result<String, Box<CommandError>> {
        match self {
            Command::Engine {
                input,
                out,
                kernel_matrix,
                backend,
                compute,
            } => {
                let run = engine_command::run_on(
                    backend,
                    dtype(&compute, ProjectSettings::default()),
                    &input,
                    &out,
                    ResultOptions::default().with_kernel_matrix(kernel_matrix),
                    compute_options(&compute, ProjectSettings::default()),
                )?;
                let summary = engine_command::summary(&run, &timer.times());
                Ok(summary + &wrote(&[out.join("result.json")]))
            }
            Command::Model {
                project,
                out,
                formats,
                variance,
                compute,
            } => {
                let (run, written) = model_command::run_with(
                    &project,
                    &out,
                    &formats,
                    compute,
                    variance.then(VarianceOptions::default),
                )?;
                Ok(engine_command::summary(&run, &timer.times()) + &wrote(&written))
            }
            Command::Ensemble(args) => {
                let run = ensemble_command::run(&args)?;
                Ok(run.summary() + &wrote(&run.written))
            }
            Command::Import {
                source: ImportSource::Gempy(args),
            } => {
                let imported = import_command::run(&args)?;
                Ok(import_command::summary(&imported, &args.out))
            }
            Command::Section(args) => {
                let cells = section_command::run(&args.project, args.plane()?, &args.out)?;
                Ok(format!(
                    "wrote {} ({})\n",
                    args.out.display(),
                    strata_data::plural(cells, "cell")
                ))
            }
        }
    }
}

/// One `wrote PATH` line per file.
fn wrote(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|path| format!("wrote {}\n", path.display()))
        .collect()
}

/// Writes to standard output; a closed pipe (`strata ... | head`) is not an error.
fn say(text: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let _ = std::io::stdout().write_fmt(text);
}

/// The log layer at `level`: on a terminal with colours and timestamps, otherwise (a log file,
/// a pipe, CI) plain text without ANSI colour codes or timestamps, e.g.
/// ` WARN strata_io::csv_orientations: orientations.csv:3: dip 120 …`.
fn log_layer<S, W>(terminal: bool, writer: W, level: &str) -> Box<dyn Layer<S> + Send + Sync>
where
    S: tracing::Subscriber + for<'a> LookupSpan<'a>,
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    let layer = tracing_subscriber::fmt::layer().with_writer(writer);
    let filter = EnvFilter::new(level);
    if terminal {
        layer.with_filter(filter).boxed()
    } else {
        layer
            .with_ansi(false)
            .without_time()
            .with_filter(filter)
            .boxed()
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let level = match (cli.quiet, cli.verbose) {
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "info",
        (false, _) => "debug",
    };
    // Logs at the chosen level; progress bars for the engine's phases (unless quiet); the phase
    // timer for the summary.
    let bars = IndicatifLayer::new();
    let logs = log_layer(
        std::io::stderr().is_terminal(),
        bars.get_stderr_writer(),
        level,
    );
    let strata_spans = filter_fn(|m| m.is_span() && m.target().starts_with("strata"));
    let timer = PhaseTimer::new();
    tracing_subscriber::registry()
        .with(logs)
        .with((!cli.quiet).then(|| bars.with_filter(strata_spans)))
        .with(timer.clone())
        .init();
    match cli.command.run(&timer) {
        Ok(report) => {
            if !cli.quiet {
                say(format_args!("{report}"));
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
