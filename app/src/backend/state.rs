//! What every request handler and server function can reach: the database, the site's settings,
//! security settings, the mailer and Leptos's own options. Provided as context by the router,
//! never held in globals.

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use sea_orm::DatabaseConnection;

use super::auth::SecurityConfig;
use super::mail::Mailer;
use super::media_store::MediaStore;
use crate::domain::Currency;
use crate::error::AppError;
use crate::payments::PaymentProvider;
use crate::search::SearchIndex;

/// Settings pages need: where the shop lives on the web and how it presents itself.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    /// The public base URL without a trailing slash, used in canonical links, sitemaps, e-mails
    /// and Open Graph tags ("https://shop.example.com").
    pub site_url: String,
    /// The currency prices are kept in.
    pub currency: Currency,
}

impl SiteConfig {
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{}", self.site_url.trim_end_matches('/'), path)
    }

    /// The absolute address of a shop page in `language` (`/pl/...`), for mails and the
    /// payment provider's way back.
    pub fn absolute_in(&self, language: crate::i18n::Locale, path: &str) -> String {
        self.absolute(&crate::language::domain::localized(language, path))
    }
}

/// How checkout prices and holds stock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckoutSettings {
    /// Prices shown in the catalog include tax (EU) rather than exclude it (US).
    pub prices_include_tax: bool,
    /// How long an unpaid order holds its stock.
    pub reservation_secs: i64,
}

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: DatabaseConnection,
    pub site: SiteConfig,
    pub security: SecurityConfig,
    pub mailer: Mailer,
    pub payments: PaymentProvider,
    pub checkout: CheckoutSettings,
    pub search: SearchIndex,
    /// Where uploaded product pictures are kept.
    pub media: MediaStore,
}

impl AppState {
    /// The state of the request being served, inside a server function or a page render.
    pub fn current() -> Result<AppState, AppError> {
        leptos::prelude::use_context::<AppState>()
            .ok_or_else(|| AppError::internal("AppState missing from the request context"))
    }
}
