//! `mercato`: the shop's one binary.

use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = server::cli::Cli::parse();
    server::telemetry::init(&cli.config.log);
    server::panics::log_panics_briefly();
    match server::cli::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            tracing::error!("{err:#}");
            eprintln!("mercato: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
