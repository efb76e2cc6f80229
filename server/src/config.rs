//! Configuration from environment variables (or the matching command-line flags), each with a
//! default that works for the demo shop. The README's configuration table mirrors this file.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

use app::domain::Currency;

#[derive(Debug, Clone, clap::Args)]
pub struct Config {
    /// Database URL: a SQLite file (created on first start) or postgres://user@host/db.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://data/mercato.db",
        global = true
    )]
    pub database_url: String,

    /// Address to listen on. Defaults to LEPTOS_SITE_ADDR's host, else 127.0.0.1.
    #[arg(long, env = "MERCATO_ADDR", global = true)]
    pub addr: Option<IpAddr>,

    /// Port to listen on. Defaults to LEPTOS_SITE_ADDR's port, else 3000.
    #[arg(long, env = "MERCATO_PORT", global = true)]
    pub port: Option<u16>,

    /// The shop's public URL, used in canonical links, sitemaps and e-mails.
    /// Defaults to http://ADDR:PORT.
    #[arg(long, env = "MERCATO_SITE_URL", global = true)]
    pub site_url: Option<String>,

    /// Log filter, e.g. "info" or "debug,sqlx=warn". RUST_LOG wins when set.
    #[arg(
        long,
        env = "MERCATO_LOG",
        default_value = "info,sqlx=warn,sea_orm=warn",
        global = true
    )]
    pub log: String,

    /// Fill an empty database with the demo shop on start-up.
    #[arg(long, env = "MERCATO_SEED_DEMO", default_value_t = true, action = clap::ArgAction::Set, global = true)]
    pub seed_demo: bool,

    /// Folder that holds product images (served at /media).
    #[arg(
        long,
        env = "MERCATO_MEDIA_DIR",
        default_value = "data/media",
        global = true
    )]
    pub media_dir: PathBuf,

    /// An S3-compatible service to keep uploaded pictures in, instead of MERCATO_MEDIA_DIR
    /// (needed when several app nodes serve one shop), e.g. https://s3.eu-central-1.amazonaws.com.
    #[arg(long, env = "MERCATO_MEDIA_S3_ENDPOINT", global = true)]
    pub media_s3_endpoint: Option<String>,

    /// The bucket, with MERCATO_MEDIA_S3_ENDPOINT.
    #[arg(long, env = "MERCATO_MEDIA_S3_BUCKET", global = true)]
    pub media_s3_bucket: Option<String>,

    /// The bucket's region.
    #[arg(
        long,
        env = "MERCATO_MEDIA_S3_REGION",
        default_value = "us-east-1",
        global = true
    )]
    pub media_s3_region: String,

    /// Access key of a user that may write to the bucket.
    #[arg(
        long,
        env = "MERCATO_MEDIA_S3_ACCESS_KEY",
        global = true,
        hide_env_values = true
    )]
    pub media_s3_access_key: Option<String>,

    /// Its secret key.
    #[arg(
        long,
        env = "MERCATO_MEDIA_S3_SECRET_KEY",
        global = true,
        hide_env_values = true
    )]
    pub media_s3_secret_key: Option<String>,

    /// Where the bucket's objects are served from (its public URL, or a CDN in front of it).
    #[arg(long, env = "MERCATO_MEDIA_PUBLIC_URL", global = true)]
    pub media_public_url: Option<String>,

    /// SMTP server for outgoing mail, e.g. smtp://user:pass@mail.example:587?tls=required.
    /// Without it, mails are written as .eml files into MERCATO_MAIL_DIR.
    #[arg(long, env = "MERCATO_SMTP_URL", global = true, hide_env_values = true)]
    pub smtp_url: Option<String>,

    /// Folder that receives outgoing mails as .eml files when no SMTP server is configured.
    #[arg(
        long,
        env = "MERCATO_MAIL_DIR",
        default_value = "data/mail",
        global = true
    )]
    pub mail_dir: PathBuf,

    /// The sender of the shop's mails.
    #[arg(
        long,
        env = "MERCATO_MAIL_FROM",
        default_value = "Mercato <shop@mercato.localhost>",
        global = true
    )]
    pub mail_from: String,

    /// Trust X-Forwarded-For from a reverse proxy (for per-address attempt limits).
    #[arg(long, env = "MERCATO_TRUST_PROXY", default_value_t = false, action = clap::ArgAction::Set, global = true)]
    pub trust_proxy: bool,

    /// Payment provider: "sandbox" (the built-in test gateway) or "stripe".
    #[arg(long, env = "MERCATO_PAYMENTS", default_value = "sandbox", value_parser = ["sandbox", "stripe"], global = true)]
    pub payments: String,

    /// Stripe's secret API key (sk_live_… or sk_test_…), with MERCATO_PAYMENTS=stripe.
    #[arg(
        long,
        env = "MERCATO_STRIPE_SECRET_KEY",
        global = true,
        hide_env_values = true
    )]
    pub stripe_secret_key: Option<String>,

    /// The signing secret of the shop's Stripe webhook endpoint (whsec_…).
    #[arg(
        long,
        env = "MERCATO_STRIPE_WEBHOOK_SECRET",
        global = true,
        hide_env_values = true
    )]
    pub stripe_webhook_secret: Option<String>,

    /// Stripe's API address (changed only to talk to a stand-in in tests).
    #[arg(
        long,
        env = "MERCATO_STRIPE_API_URL",
        default_value = app::payments::stripe::API_URL,
        global = true
    )]
    pub stripe_api_url: String,

    /// URL of a sandbox gateway started separately with `mercato gateway`. Without it, the shop
    /// starts its own on MERCATO_SANDBOX_ADDR.
    #[arg(long, env = "MERCATO_SANDBOX_URL", global = true)]
    pub sandbox_url: Option<String>,

    /// Where the built-in sandbox gateway listens (port 0: any free port).
    #[arg(
        long,
        env = "MERCATO_SANDBOX_ADDR",
        default_value = "127.0.0.1:3002",
        global = true
    )]
    pub sandbox_addr: SocketAddr,

    /// The sandbox gateway's API key. Random for the built-in one when unset.
    #[arg(
        long,
        env = "MERCATO_SANDBOX_API_KEY",
        global = true,
        hide_env_values = true
    )]
    pub sandbox_api_key: Option<String>,

    /// The secret the sandbox gateway signs webhooks with. Random for the built-in one when unset.
    #[arg(
        long,
        env = "MERCATO_SANDBOX_WEBHOOK_SECRET",
        global = true,
        hide_env_values = true
    )]
    pub sandbox_webhook_secret: Option<String>,

    /// Catalog prices include tax (VAT, as in the EU); false: tax is added at checkout (US).
    #[arg(long, env = "MERCATO_PRICES_INCLUDE_TAX", default_value_t = true, action = clap::ArgAction::Set, global = true)]
    pub prices_include_tax: bool,

    /// How long an unpaid order holds its stock, in minutes.
    #[arg(long, env = "MERCATO_RESERVATION_MINUTES", default_value_t = 30, value_parser = clap::value_parser!(i64).range(1..=10080), global = true)]
    pub reservation_minutes: i64,

    /// Background workers on this node (reorders, alert mail, purchase orders to suppliers).
    /// 0 runs none here: another node's workers do the jobs.
    #[arg(long, env = "MERCATO_JOB_WORKERS", default_value_t = 2, value_parser = clap::value_parser!(u16).range(0..=32), global = true)]
    pub job_workers: u16,

    /// The currency prices are kept in: PLN, EUR, USD or IDR.
    #[arg(long, env = "MERCATO_CURRENCY", default_value = "EUR", value_parser = parse_currency, global = true)]
    pub currency: Currency,
}

fn parse_currency(text: &str) -> Result<Currency, String> {
    Currency::parse(text).map_err(|e| e.to_string())
}

impl Config {
    /// The address to bind, given the one Leptos was configured with.
    pub fn listen_addr(&self, leptos_default: SocketAddr) -> SocketAddr {
        SocketAddr::new(
            self.addr.unwrap_or(leptos_default.ip()),
            self.port.unwrap_or(leptos_default.port()),
        )
    }

    pub fn public_url(&self, listen: SocketAddr) -> String {
        match &self.site_url {
            Some(url) => url.trim_end_matches('/').to_string(),
            None => format!("http://{listen}"),
        }
    }
}
