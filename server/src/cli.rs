//! The command line: `mercato` (serve), `mercato seed`, `mercato migrate`.

use anyhow::Context;
use clap::{Parser, Subcommand};

use app::backend::media_store::LocalMediaStore;
use app::backend::seed::{self, SeedOptions};

use crate::config::Config;

#[derive(Debug, Parser)]
#[command(
    name = "mercato",
    version,
    about = "Mercato: a self-hosted online shop"
)]
pub struct Cli {
    #[command(flatten)]
    pub config: Config,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the shop (the default).
    Serve,
    /// Bring the database schema up to date, then exit.
    Migrate,
    /// Fill an empty database with a demo catalog.
    Seed {
        /// How many products to generate.
        #[arg(long, default_value_t = 240)]
        products: usize,
    },
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let config = cli.config;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => crate::startup::serve(config).await,
        Command::Migrate => {
            app::backend::db::connect(&config.database_url)
                .await
                .context("migrating the database")?;
            println!("Database schema is up to date.");
            Ok(())
        }
        Command::Seed { products } => {
            let db = app::backend::db::connect(&config.database_url).await?;
            let started = std::time::Instant::now();
            let summary = seed::seed(
                &db,
                &LocalMediaStore::new(&config.media_dir),
                &SeedOptions {
                    products,
                    currency: config.currency,
                    show_progress: true,
                },
            )
            .await?;
            println!(
                "Seeded {} products ({} variants) in {} categories and {} brands in {:.1} s.",
                summary.products,
                summary.variants,
                summary.categories,
                summary.brands,
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
    }
}
