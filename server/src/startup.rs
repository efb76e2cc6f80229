//! Bringing the shop up: database, demo data, state, listener.

use std::net::SocketAddr;

use anyhow::Context;
use leptos::config::get_configuration;

use app::backend::auth::SecurityConfig;
use app::backend::mail::Mailer;
use app::backend::media_store::{LocalMediaStore, MediaStore, S3MediaStore, S3Settings};
use app::backend::seed::{self, SeedOptions};
use app::backend::{db, AppState, CheckoutSettings, SiteConfig};
use app::payments::{PaymentProvider, SandboxGateway, StripeGateway};

use crate::config::Config;

/// Everything the router needs, built from the configuration.
pub async fn build_state(config: &Config) -> anyhow::Result<(AppState, SocketAddr)> {
    let mut leptos_options = get_configuration(None)
        .context("reading the Leptos configuration")?
        .leptos_options;
    // A release build made with `hash-files` leaves hash.txt beside the binary; cargo-leptos
    // says so through LEPTOS_HASH_FILES when it starts the server, a plain `mercato` finds it.
    if std::env::var_os("LEPTOS_HASH_FILES").is_none() {
        leptos_options.hash_files = std::env::current_exe()
            .ok()
            .and_then(|exe| Some(exe.parent()?.join(leptos_options.hash_file.as_ref())))
            .is_some_and(|file| file.is_file());
    }
    let listen = config.listen_addr(leptos_options.site_addr);
    leptos_options.site_addr = listen;

    let db = db::connect(&config.database_url)
        .await
        .with_context(|| format!("opening the database at {}", redact(&config.database_url)))?;
    let site_url = config.public_url(listen);
    let mailer = match &config.smtp_url {
        Some(url) => Mailer::smtp(url, &config.mail_from)?,
        None => Mailer::folder(&config.mail_dir, &config.mail_from)?,
    };
    app::backend::seed::ensure_shipping_methods(&db, config.currency).await?;
    let payments = payment_provider(config).await?;
    let search = app::search::SearchIndex::new().map_err(|e| anyhow::anyhow!("{e}"))?;
    let started = std::time::Instant::now();
    let indexed = search
        .rebuild(&db, |_, _| {})
        .await
        .map_err(|e| anyhow::anyhow!("building the search index: {e}"))?;
    tracing::info!(
        products = indexed,
        seconds = started.elapsed().as_secs_f64(),
        "search index built"
    );
    app::search::follower::spawn(db.clone(), search.clone());
    let state = AppState {
        leptos_options,
        db,
        security: SecurityConfig::for_site(&site_url, config.trust_proxy),
        site: SiteConfig {
            site_url,
            currency: config.currency,
        },
        mailer,
        payments,
        checkout: CheckoutSettings {
            prices_include_tax: config.prices_include_tax,
            reservation_secs: config.reservation_minutes * 60,
        },
        search,
        media: media_store(config)?,
    };
    Ok((state, listen))
}

fn random_secret() -> anyhow::Result<String> {
    app::backend::auth::secret::new_secret().context("drawing a random key")
}

/// The configured payment provider. Without MERCATO_SANDBOX_URL the sandbox gateway runs in
/// this process on its own listener, with keys made up at start-up.
async fn payment_provider(config: &Config) -> anyhow::Result<PaymentProvider> {
    if config.payments == "stripe" {
        let (Some(key), Some(secret)) = (&config.stripe_secret_key, &config.stripe_webhook_secret)
        else {
            anyhow::bail!(
                "MERCATO_PAYMENTS=stripe needs MERCATO_STRIPE_SECRET_KEY and MERCATO_STRIPE_WEBHOOK_SECRET"
            );
        };
        return Ok(PaymentProvider::Stripe(StripeGateway::new(
            &config.stripe_api_url,
            key,
            secret,
        )));
    }
    if let Some(url) = &config.sandbox_url {
        let (Some(key), Some(secret)) = (&config.sandbox_api_key, &config.sandbox_webhook_secret)
        else {
            anyhow::bail!(
                "MERCATO_SANDBOX_URL needs MERCATO_SANDBOX_API_KEY and MERCATO_SANDBOX_WEBHOOK_SECRET"
            );
        };
        return Ok(PaymentProvider::Sandbox(SandboxGateway::new(
            url, key, secret,
        )));
    }
    let listener = tokio::net::TcpListener::bind(config.sandbox_addr)
        .await
        .with_context(|| {
            format!(
                "listening for the sandbox gateway on {}",
                config.sandbox_addr
            )
        })?;
    let gateway = crate::gateway::GatewayConfig {
        public_url: format!("http://{}", listener.local_addr()?),
        api_key: match &config.sandbox_api_key {
            Some(key) => key.clone(),
            None => random_secret()?,
        },
        webhook_secret: match &config.sandbox_webhook_secret {
            Some(secret) => secret.clone(),
            None => random_secret()?,
        },
        merchant_name: app::SHOP_NAME.to_string(),
    };
    let client = SandboxGateway::new(
        &gateway.public_url,
        &gateway.api_key,
        &gateway.webhook_secret,
    );
    tracing::info!("sandbox payment gateway at {}", gateway.public_url);
    tokio::spawn(async move {
        if let Err(err) = crate::gateway::serve(listener, gateway).await {
            tracing::error!("sandbox gateway stopped: {err:#}");
        }
    });
    Ok(PaymentProvider::Sandbox(client))
}

/// Every half minute, gives back the stock of orders nobody paid for in time (and forgets
/// search changes every node has applied).
fn spawn_reservation_expiry(db: sea_orm::DatabaseConnection) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(30));
        loop {
            every.tick().await;
            let now = app::backend::auth::unix_now();
            if let Err(err) = app::orders::service::expire_reservations(&db, now).await {
                tracing::warn!("expiring reservations failed: {err}");
            }
            if let Err(err) = app::backend::change_feed::prune(&db, now - 3600).await {
                tracing::warn!("pruning the search change feed failed: {err}");
            }
        }
    });
}

pub async fn serve(config: Config) -> anyhow::Result<()> {
    let (state, listen) = build_state(&config).await?;
    if config.seed_demo && seed::catalog_is_empty(&state.db).await? {
        tracing::info!(
            "empty database: creating the demo shop (set MERCATO_SEED_DEMO=false to skip)"
        );
        let summary = seed::seed(
            &state.db,
            &LocalMediaStore::new(&config.media_dir),
            &SeedOptions {
                currency: config.currency,
                ..SeedOptions::default()
            },
        )
        .await?;
        tracing::info!(
            products = summary.products,
            variants = summary.variants,
            "demo shop ready"
        );
        // Seeding asked every node for a rebuild through the change feed; this node's follower
        // picks it up within half a second.
    }
    spawn_reservation_expiry(state.db.clone());
    crate::workers::spawn(state.clone(), usize::from(config.job_workers));
    let app = crate::router::router(state.clone(), &config.media_dir);
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| format!("listening on {listen}"))?;
    tracing::info!(
        "Mercato is open at {} (listening on {listen})",
        state.site.site_url
    );
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .context("serving HTTP")
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}

/// A database URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// The local media folder, or the S3-compatible bucket when one is configured (all of its
/// settings are then required).
fn media_store(config: &Config) -> anyhow::Result<MediaStore> {
    let Some(endpoint) = &config.media_s3_endpoint else {
        return Ok(MediaStore::Local(LocalMediaStore::new(&config.media_dir)));
    };
    let required = |value: &Option<String>, name: &str| {
        value
            .clone()
            .ok_or_else(|| anyhow::anyhow!("{name} is required with MERCATO_MEDIA_S3_ENDPOINT"))
    };
    let settings = S3Settings {
        endpoint: endpoint.clone(),
        bucket: required(&config.media_s3_bucket, "MERCATO_MEDIA_S3_BUCKET")?,
        region: config.media_s3_region.clone(),
        access_key: required(&config.media_s3_access_key, "MERCATO_MEDIA_S3_ACCESS_KEY")?,
        secret_key: required(&config.media_s3_secret_key, "MERCATO_MEDIA_S3_SECRET_KEY")?,
        public_url: required(&config.media_public_url, "MERCATO_MEDIA_PUBLIC_URL")?,
    };
    Ok(MediaStore::S3(S3MediaStore::new(&settings)?))
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn hides_passwords_in_database_urls() {
        assert_eq!(
            redact("postgres://shop:s3cret@db/shop"),
            "postgres://shop:***@db/shop"
        );
        assert_eq!(redact("postgres://shop@db/shop"), "postgres://shop@db/shop");
        assert_eq!(
            redact("sqlite://data/mercato.db"),
            "sqlite://data/mercato.db"
        );
    }
}
