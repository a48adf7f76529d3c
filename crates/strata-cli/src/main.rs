//! The `strata` binary.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use strata_cli::engine_command::{self, BackendChoice};
use strata_cli::result_json::ResultOptions;

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
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let level = match (cli.quiet, cli.verbose) {
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "info",
        (false, _) => "debug",
    };
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(level))
        .with_writer(std::io::stderr)
        .init();
    match cli.command {
        Command::Engine {
            input,
            out,
            kernel_matrix,
            backend,
        } => match engine_command::run_on(backend, &input, &out, ResultOptions { kernel_matrix }) {
            Ok(run) => {
                if !cli.quiet {
                    print!("{}", engine_command::summary(&run, &out));
                }
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
    }
}
