//! The JSON endpoint for external tills and cash registers: post an in-store sale, read stock at
//! a store. Authenticated with an API key (`Authorization: Bearer mk_…`) that must carry the
//! `pos` permission; a key tied to a store can only sell and read there.
//!
//! `POST /api/pos/v1/sales` with a `SaleRequest` → 201 and the `Receipt`;
//! `GET /api/pos/v1/stock?sku=A,B&location=ST-KRK` → the `StockReading`s.

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use sea_orm::EntityTrait;
use serde::Deserialize;

use super::model::SaleRequest;
use crate::backend::auth::api_keys::{self, ApiClient};
use crate::backend::entities::location;
use crate::backend::AppState;
use crate::domain::Permission;
use crate::error::AppError;
use crate::inventory::Mover;

/// The store a till acts for: the one its key is tied to, or the one it names.
async fn store_code(
    state: &AppState,
    client: &ApiClient,
    asked: Option<&str>,
) -> Result<String, AppError> {
    let asked = asked.map(str::trim).filter(|c| !c.is_empty());
    match (client.location_id, asked) {
        (Some(id), asked) => {
            let own = location::Entity::find_by_id(id)
                .one(&state.db)
                .await?
                .ok_or(AppError::Forbidden)?;
            match asked {
                Some(code) if code != own.code => Err(AppError::Forbidden),
                _ => Ok(own.code),
            }
        }
        (None, Some(code)) => Ok(code.to_string()),
        (None, None) => Err(AppError::validation(
            "location",
            "Name the store (its location code).",
        )),
    }
}

async fn till(state: &AppState, headers: &HeaderMap) -> Result<ApiClient, AppError> {
    let client = api_keys::authenticate(&state.db, headers).await?;
    client.require(Permission::Pos)?;
    Ok(client)
}

pub async fn post_sale(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let done = async {
        let client = till(&state, &headers).await?;
        let sale: SaleRequest = serde_json::from_slice(&body).map_err(|e| {
            AppError::validation(
                "body",
                format!("The sale is not valid JSON for this API: {e}"),
            )
        })?;
        let store = store_code(&state, &client, sale.location.as_deref()).await?;
        super::service::record_sale(&state, &Mover::Till(client.name.clone()), &store, &sale).await
    };
    match done.await {
        Ok(receipt) => (StatusCode::CREATED, Json(receipt)).into_response(),
        Err(error) => error.into_json_response(),
    }
}

#[derive(Debug, Deserialize)]
pub struct StockQuery {
    /// SKUs separated by commas.
    pub sku: String,
    #[serde(default)]
    pub location: Option<String>,
}

pub async fn get_stock(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<StockQuery>,
) -> Response {
    let done = async {
        let client = till(&state, &headers).await?;
        let store = store_code(&state, &client, query.location.as_deref()).await?;
        let skus: Vec<String> = query
            .sku
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        super::service::stock_at(&state.db, &store, &skus).await
    };
    match done.await {
        Ok(readings) => Json(readings).into_response(),
        Err(error) => error.into_json_response(),
    }
}

#[cfg(test)]
mod properties;
