//! The one error type that crosses the wire between server functions and the browser.
//!
//! Services return it, server functions pass it through, pages show its message. Its HTTP status
//! is decided here and nowhere else, and internal causes are logged on the server but never sent.

use http::StatusCode;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum AppError {
    /// `what` names the thing in a shopper's words: "this product", "this category".
    #[error("We couldn't find {what}.")]
    NotFound { what: String },
    #[error("{message}")]
    Validation { field: String, message: String },
    /// Several fields of one form are wrong; each problem names its field.
    #[error("Please correct the highlighted fields: {}", .0.iter().map(|p| p.message.as_str()).collect::<Vec<_>>().join(" "))]
    Invalid(Vec<crate::catalog::domain::FieldProblem>),
    #[error("Please sign in to continue.")]
    Unauthorized,
    #[error("You don't have permission to do that.")]
    Forbidden,
    #[error("{0}")]
    Conflict(String),
    /// Too many attempts (sign-in, sign-up, password reset); the message says how long to wait,
    /// and so does the response's `Retry-After` header.
    #[error("{message}")]
    TooManyAttempts {
        message: String,
        retry_after_secs: i64,
    },
    /// A service the shop depends on (the payment provider) did not answer; nothing changed.
    #[error("{0}")]
    Unavailable(String),
    #[error("Something went wrong on our side. Please try again in a moment.")]
    Internal,
    /// Only ever made in the browser: the request did not reach the shop or its answer was lost.
    #[error("We couldn't reach the shop. Check your connection and try again.")]
    Unreachable,
}

impl AppError {
    pub fn not_found(what: impl Into<String>) -> Self {
        AppError::NotFound { what: what.into() }
    }

    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> Self {
        AppError::Validation {
            field: field.into(),
            message: message.into(),
        }
    }

    /// "Wait a while": the message says how long, in minutes rounded up.
    pub fn too_many_attempts(retry_after_secs: i64) -> Self {
        AppError::TooManyAttempts {
            message: crate::domain::rate_limit::retry_message(retry_after_secs),
            retry_after_secs: retry_after_secs.max(1),
        }
    }

    /// The seconds a client should wait before trying again, for the `Retry-After` header.
    pub fn retry_after_secs(&self) -> Option<i64> {
        match self {
            AppError::TooManyAttempts {
                retry_after_secs, ..
            } => Some(*retry_after_secs),
            _ => None,
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound { .. } => StatusCode::NOT_FOUND,
            AppError::Validation { .. } | AppError::Invalid(_) => StatusCode::BAD_REQUEST,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::TooManyAttempts { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            AppError::Unreachable => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    /// Logs an internal failure with its cause and returns the error the shopper may see.
    #[cfg(feature = "ssr")]
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        AppError::Internal
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        let malformed =
            || AppError::validation("request", "The request was incomplete or malformed.");
        match value {
            // On the server this means the request's arguments could not be read: the caller's
            // mistake, answered 400 (the function itself never ran to set a status).
            #[cfg(feature = "ssr")]
            ServerFnErrorErr::Deserialization(_) => with_status::<()>(Err(malformed()))
                .err()
                .unwrap_or(AppError::Internal),
            // In the browser, an answer that cannot be read means it was lost or cut off.
            #[cfg(not(feature = "ssr"))]
            ServerFnErrorErr::Deserialization(_) => AppError::Unreachable,
            ServerFnErrorErr::Request(_) => AppError::Unreachable,
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => {
                #[cfg(feature = "ssr")]
                return with_status::<()>(Err(malformed()))
                    .err()
                    .unwrap_or(AppError::Internal);
                #[cfg(not(feature = "ssr"))]
                malformed()
            }
            other => {
                #[cfg(feature = "ssr")]
                tracing::error!(error = %other, "server function failed");
                #[cfg(not(feature = "ssr"))]
                leptos::logging::error!("server function failed: {other}");
                AppError::Internal
            }
        }
    }
}

/// For plain axum handlers (sitemaps, health): the status from `status()`, the message as text.
#[cfg(feature = "ssr")]
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        let retry_after = retry_after_header(&self);
        with_retry_after(
            (self.status(), self.to_string()).into_response(),
            retry_after,
        )
    }
}

#[cfg(feature = "ssr")]
fn retry_after_header(error: &AppError) -> Option<http::HeaderValue> {
    error
        .retry_after_secs()
        .and_then(|secs| http::HeaderValue::from_str(&secs.to_string()).ok())
}

#[cfg(feature = "ssr")]
fn with_retry_after(
    mut response: axum::response::Response,
    retry_after: Option<http::HeaderValue>,
) -> axum::response::Response {
    if let Some(value) = retry_after {
        response
            .headers_mut()
            .insert(http::header::RETRY_AFTER, value);
    }
    response
}

#[cfg(feature = "ssr")]
impl AppError {
    /// For plain axum routes the pages call like server functions (uploads): the status from
    /// `status()`, the error as JSON, as a server function would send it.
    pub fn into_json_response(self) -> axum::response::Response {
        use axum::response::IntoResponse;
        let retry_after = retry_after_header(&self);
        with_retry_after(
            (self.status(), axum::Json(self)).into_response(),
            retry_after,
        )
    }
}

#[cfg(feature = "ssr")]
impl From<sea_orm::DbErr> for AppError {
    fn from(err: sea_orm::DbErr) -> Self {
        if is_unstorable_text(&err) {
            return AppError::validation(
                "text",
                "The text contains a NUL character (\\0), which the shop cannot store.",
            );
        }
        AppError::internal(err)
    }
}

/// Whether PostgreSQL refused a text for a character it cannot hold: U+0000 in `text` (SQLSTATE
/// 22021) or in `jsonb` (22P05). Such a text can only have come from the request (`?slug=%00`,
/// a name of "\0", a filter inside a list's query), so it is the caller's mistake, a 400, and
/// not a 500 with an error in the log. SQLite stores the character as it is.
#[cfg(feature = "ssr")]
fn is_unstorable_text(err: &sea_orm::DbErr) -> bool {
    use sea_orm::{sqlx, DbErr, RuntimeErr};
    let (DbErr::Query(RuntimeErr::SqlxError(sqlx::Error::Database(database)))
    | DbErr::Exec(RuntimeErr::SqlxError(sqlx::Error::Database(database)))) = err
    else {
        return false;
    };
    matches!(database.code().as_deref(), Some("22021" | "22P05"))
}

impl From<crate::checkout::domain::CheckoutError> for AppError {
    fn from(err: crate::checkout::domain::CheckoutError) -> Self {
        use crate::checkout::domain::CheckoutError as E;
        let field = match err {
            E::BadCouponCode(_) | E::UnknownCoupon(_) | E::CouponMinimum { .. } => "coupon",
            _ => "cart",
        };
        AppError::validation(field, err.to_string())
    }
}

/// A domain error about one field of a form: `?` turns it into a 400 that names the field, so
/// the page shows the message beside it. The field may depend on what went wrong.
macro_rules! field_error {
    ($error:ty, $err:ident => $field:expr) => {
        impl From<$error> for AppError {
            fn from($err: $error) -> Self {
                AppError::validation($field, $err.to_string())
            }
        }
    };
}

field_error!(crate::domain::SkuError, _err => "sku");
field_error!(crate::domain::EmailError, _err => "email");
field_error!(crate::domain::PasswordError, _err => "password");
field_error!(crate::catalog::domain::category_tree::TreeError, _err => "parent");
field_error!(crate::orders::domain::ShipmentError, err => match err {
    crate::orders::domain::ShipmentError::UnknownCarrier => "carrier",
    _ => "tracking_number",
});
field_error!(crate::orders::domain::RefundError, err => match err {
    crate::orders::domain::RefundError::TooManyUnits { .. } => "restock",
    _ => "amount",
});
field_error!(crate::inventory::domain::reorder::ReorderError, err => match err {
    crate::inventory::domain::reorder::ReorderError::BadPoint => "reorder_point",
    crate::inventory::domain::reorder::ReorderError::BadQuantity => "reorder_quantity",
});
field_error!(crate::purchasing::domain::PurchaseOrderError, _err => "units");

impl From<crate::domain::ListingQueryError> for AppError {
    fn from(err: crate::domain::ListingQueryError) -> Self {
        AppError::validation(err.field(), err.to_string())
    }
}

/// The one shape of a server function's body: `respond(async { … }).await` runs the body (take
/// the state, check the permission, call one service) and, when it fails, sets the HTTP status of
/// the response from the error.
#[cfg(feature = "ssr")]
pub async fn respond<T>(
    body: impl std::future::Future<Output = Result<T, AppError>>,
) -> Result<T, AppError> {
    with_status(body.await)
}

/// Passes a server function's result through, setting the HTTP status of the response (for a
/// server-function call or for the page being rendered) when it is an error.
#[cfg(feature = "ssr")]
pub fn with_status<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(err) = &result {
        if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(err.status());
            if let Some(value) = retry_after_header(err) {
                response.insert_header(http::header::RETRY_AFTER, value);
            }
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_mapped_in_one_place() {
        assert_eq!(
            AppError::not_found("this product").status(),
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            AppError::validation("page", "bad").status(),
            StatusCode::BAD_REQUEST
        );
        assert_eq!(
            AppError::Internal.status(),
            StatusCode::INTERNAL_SERVER_ERROR
        );
    }

    #[test]
    fn internal_details_never_reach_the_message() {
        let err = AppError::from_server_fn_error(ServerFnErrorErr::ServerError(
            "relation \"products\" does not exist".into(),
        ));
        assert_eq!(err, AppError::Internal);
        assert!(!err.to_string().contains("relation"));
    }

    #[test]
    fn too_many_attempts_says_how_long_to_wait() {
        let err = AppError::too_many_attempts(890);
        assert_eq!(err.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(err.retry_after_secs(), Some(890));
        assert_eq!(
            err.to_string(),
            "Too many attempts. Please try again in 15 minutes."
        );
        assert_eq!(AppError::Forbidden.retry_after_secs(), None);
    }

    #[test]
    fn round_trips_through_the_wire_encoding() {
        let err = AppError::validation("page", "“x” is not a page number.");
        let back = AppError::de(err.ser());
        assert_eq!(back, err);
    }
}
