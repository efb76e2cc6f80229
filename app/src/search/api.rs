//! The search server functions: public, like the catalog they search.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::model::{SearchResults, Suggestions};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{backend::AppState, error::respond};

/// Products and categories for what the shopper has typed so far.
#[server(prefix = "/api", endpoint = "search/suggest", input = GetUrl)]
pub async fn suggest(text: String) -> Result<Suggestions, AppError> {
    respond(async {
        let state = AppState::current()?;
        crate::search::service::suggest(&state, &text).await
    })
    .await
}

/// One page of results for the search in `query`, the results page's own query string
/// (`q=…&brand=…&min=…`), so that the page and this call always agree.
#[server(prefix = "/api", endpoint = "search/results", input = GetUrl)]
pub async fn search_products(query: String) -> Result<SearchResults, AppError> {
    respond(async {
        let state = AppState::current()?;
        crate::search::service::results(&state, &query).await
    })
    .await
}
