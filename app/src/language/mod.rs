//! The shop in English, Polish, Italian and Indonesian.
//!
//! - The texts live in `app/locales/<language>/<area>.json`; `build.rs` turns them into the typed
//!   `crate::i18n` module, so `td!(language, catalog.add_to_cart)` fails to compile for a key English
//!   lacks, and `texts`' tests fail for a key another language lacks or nobody uses.
//! - The address names the language (`/pl/c/shoes`; English has no prefix). The router strips
//!   the prefix, so the routes are written once. A link to a shop page goes through `href`
//!   (`<A href=language::href("/cart")>`): the router's `<A>` keeps an absolute address as it is.
//!   `use_navigate` adds the prefix itself.
//! - A first visit from outside follows the language the shopper chose before (a cookie the
//!   browser writes) or the browser's `Accept-Language`; see `domain::redirect_for`.

pub mod components;
pub mod domain;
#[cfg(test)]
mod links;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(test)]
mod texts;

pub use components::{href, page_language, provide_language, url, use_language, LanguageSwitcher};
