//! The command line: `mercato` (serve), `mercato seed`, `mercato migrate`.

use anyhow::Context;
use clap::{Parser, Subcommand};

use app::backend::media_store::LocalMediaStore;
use app::backend::seed::{self, SeedOptions};

use app::domain::Role;

use crate::config::Config;

/// The new account's password: from the environment (for automation) or typed twice, unseen.
fn admin_password() -> anyhow::Result<String> {
    if let Ok(password) = std::env::var("MERCATO_ADMIN_PASSWORD") {
        return Ok(password);
    }
    let first = rpassword::prompt_password("Password: ").context("reading the password")?;
    let second = rpassword::prompt_password("Password again: ").context("reading the password")?;
    if first != second {
        anyhow::bail!("the two passwords differ");
    }
    Ok(first)
}

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
    /// Manage back-office accounts.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Run the sandbox payment gateway on its own (on MERCATO_SANDBOX_ADDR), for shops started
    /// with MERCATO_SANDBOX_URL pointing at it. Needs MERCATO_SANDBOX_API_KEY and
    /// MERCATO_SANDBOX_WEBHOOK_SECRET, which the shop must be given too.
    Gateway,
    /// Product search.
    Search {
        #[command(subcommand)]
        command: SearchCommand,
    },
    /// Fill an empty database with a demo catalog.
    Seed {
        /// How many products to generate.
        #[arg(long, default_value_t = 240)]
        products: usize,
    },
    /// Manage API keys for tills and other machines.
    ApiKey {
        #[command(subcommand)]
        command: ApiKeyCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum ApiKeyCommand {
    /// Make a key and print it (it is shown only this once).
    Create {
        /// What the key is for, e.g. "Kraków till 1".
        #[arg(long)]
        name: String,
        /// Its permissions, comma-separated; a till needs only "pos".
        #[arg(long, default_value = "pos")]
        permissions: String,
        /// Tie the key to one store (its location code): it can then sell only there.
        #[arg(long)]
        location: Option<String>,
    },
    /// Revoke every key with this name.
    Revoke {
        #[arg(long)]
        name: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum SearchCommand {
    /// Rebuild the search index from the database (with a progress bar and figures), and ask
    /// every running shop node to rebuild its own.
    Reindex,
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create an administrator (or a member of staff with --role). The password is read from
    /// MERCATO_ADMIN_PASSWORD when set, otherwise asked for on the terminal.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "Administrator")]
        name: String,
        /// "Administrator", or the name of a staff role such as "Stock clerk".
        #[arg(long, default_value = "Administrator")]
        role: String,
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
        Command::Admin {
            command: AdminCommand::Create { email, name, role },
        } => {
            let db = app::backend::db::connect(&config.database_url).await?;
            let password = admin_password()?;
            let role = if role == "Administrator" {
                Role::Administrator
            } else {
                Role::Staff {
                    role_name: role,
                    permissions: Default::default(),
                }
            };
            let account = app::account::service::create_account(
                &db,
                &email,
                &name,
                &password,
                &role,
                true,
                app::i18n::Locale::en,
            )
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("Created {} ({}).", account.email, role.label());
            Ok(())
        }
        Command::Gateway => {
            let (Some(api_key), Some(webhook_secret)) =
                (config.sandbox_api_key, config.sandbox_webhook_secret)
            else {
                anyhow::bail!(
                    "set MERCATO_SANDBOX_API_KEY and MERCATO_SANDBOX_WEBHOOK_SECRET (the shop needs the same values)"
                );
            };
            let listener = tokio::net::TcpListener::bind(config.sandbox_addr)
                .await
                .with_context(|| format!("listening on {}", config.sandbox_addr))?;
            let public_url = config
                .sandbox_url
                .unwrap_or_else(|| format!("http://{}", config.sandbox_addr));
            println!("Sandbox payment gateway at {public_url}");
            crate::gateway::serve(
                listener,
                crate::gateway::GatewayConfig {
                    public_url,
                    api_key,
                    webhook_secret,
                    merchant_name: app::SHOP_NAME.to_string(),
                },
            )
            .await
        }
        Command::Search {
            command: SearchCommand::Reindex,
        } => {
            let db = app::backend::db::connect(&config.database_url).await?;
            let index = app::search::SearchIndex::new().map_err(|e| anyhow::anyhow!("{e}"))?;
            let bar = indicatif::ProgressBar::new(0);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{bar:40} {pos}/{len} products ({elapsed})",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            let started = std::time::Instant::now();
            let count = index
                .rebuild(&db, |done, total| {
                    bar.set_length(total as u64);
                    bar.set_position(done as u64);
                })
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            bar.finish();
            app::backend::change_feed::record_rebuild(&db)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!(
                "Indexed {count} products in {:.1} s ({:.1} MB); running shops rebuild their indexes within 2 s.",
                started.elapsed().as_secs_f64(),
                index.size_bytes() as f64 / 1e6
            );
            Ok(())
        }
        Command::ApiKey { command } => api_key(&config, command).await,
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

async fn api_key(config: &Config, command: ApiKeyCommand) -> anyhow::Result<()> {
    use app::backend::auth::api_keys;
    use app::domain::Permission;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

    let db = app::backend::db::connect(&config.database_url).await?;
    match command {
        ApiKeyCommand::Create {
            name,
            permissions,
            location,
        } => {
            let mut granted = std::collections::BTreeSet::new();
            for code in permissions.split(',').filter(|c| !c.trim().is_empty()) {
                granted.insert(
                    Permission::from_code(code)
                        .with_context(|| format!("there is no permission “{}”", code.trim()))?,
                );
            }
            let location_id = match location {
                Some(code) => Some(
                    app::backend::entities::location::Entity::find()
                        .filter(app::backend::entities::location::Column::Code.eq(code.trim()))
                        .one(&db)
                        .await?
                        .with_context(|| format!("there is no location “{}”", code.trim()))?
                        .id,
                ),
                None => None,
            };
            let key = api_keys::create(&db, &name, &granted, location_id)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("{key}");
            eprintln!("Keep this key now: it is not stored and cannot be shown again.");
            Ok(())
        }
        ApiKeyCommand::Revoke { name } => {
            let revoked = api_keys::revoke(&db, &name)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            anyhow::ensure!(revoked, "no active key is named “{name}”");
            println!("Revoked.");
            Ok(())
        }
    }
}
