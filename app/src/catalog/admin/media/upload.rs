//! `POST /api/admin/products/{id}/images?alt=…`: the picture's bytes as the request body, as
//! the browser's `XMLHttpRequest.send(file)` sends them (so it can show upload progress). A plain
//! route rather than a server function because it takes up to 10 MB (every other request: 1 MiB).
//! Same rules as server functions: signed-in staff with `EditProducts`, the shop's own origin
//! (the CSRF guard), typed errors with their status.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;

use crate::backend::auth::require_in_headers;
use crate::backend::AppState;
use crate::domain::Permission;

#[derive(Deserialize)]
pub struct UploadQuery {
    #[serde(default)]
    alt: String,
}

pub async fn upload(
    State(state): State<AppState>,
    Path(product_id): Path<i32>,
    Query(query): Query<UploadQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let added = async {
        let actor = require_in_headers(&state, &headers, Permission::EditProducts).await?;
        super::service::add(&state, &actor, product_id, body.to_vec(), &query.alt).await
    };
    match added.await {
        Ok(item) => Json(item).into_response(),
        Err(error) => error.into_json_response(),
    }
}
