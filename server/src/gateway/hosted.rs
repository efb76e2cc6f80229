//! The shopper-facing side: the hosted card form at `/pay/{id}`, what each card does when it is
//! submitted, and the confirmation step at `/pay/{id}/confirm`. The typed card number and
//! security code live only for the length of one request and reach neither logs nor pages.

use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS,
    X_FRAME_OPTIONS,
};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use chrono::Datelike;
use serde::Deserialize;

use app::backend::auth::unix_now;

use super::card::{self, CardInput, CardSummary, Outcome, YearMonth};
use super::pages::{self, Banner, FormState};
use super::store::{Closed, Payment};
use super::webhooks::EventType;
use super::GatewayState;

/// The card form as posted. Deliberately not `Debug`: it holds the card number.
#[derive(Deserialize)]
pub struct CardFields {
    #[serde(default)]
    card_number: String,
    #[serde(default)]
    expiry: String,
    #[serde(default)]
    cvc: String,
    #[serde(default)]
    name: String,
}

#[derive(Debug, Deserialize)]
pub struct Decision {
    #[serde(default)]
    decision: String,
}

/// An HTML page that no browser caches or frames, and that runs nothing.
fn page(status: StatusCode, html: String) -> Response {
    (
        status,
        [
            (CONTENT_TYPE, "text/html; charset=utf-8"),
            (CACHE_CONTROL, "no-store"),
            (X_FRAME_OPTIONS, "DENY"),
            (X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (REFERRER_POLICY, "no-referrer"),
            (
                CONTENT_SECURITY_POLICY,
                "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; \
                 frame-ancestors 'none'",
            ),
        ],
        html,
    )
        .into_response()
}

fn merchant(state: &GatewayState) -> &str {
    &state.config.merchant_name
}

pub fn not_found_page(state: &GatewayState) -> Response {
    page(StatusCode::NOT_FOUND, pages::not_found(merchant(state)))
}

/// The page for a payment that can no longer be paid.
fn closed_page(state: &GatewayState, payment: &Payment, closed: Closed) -> Response {
    match closed {
        Closed::Succeeded => page(StatusCode::OK, pages::complete(payment, merchant(state))),
        Closed::Expired => page(StatusCode::GONE, pages::expired(payment, merchant(state))),
    }
}

fn form_page(
    state: &GatewayState,
    status: StatusCode,
    payment: &Payment,
    form: &FormState<'_>,
) -> Response {
    page(status, pages::card_form(payment, merchant(state), form))
}

/// The payment, or the page to show instead when it is unknown or closed (boxed: a response
/// is large, and this is the rare path).
fn open_payment(state: &GatewayState, id: &str, now: i64) -> Result<Payment, Box<Response>> {
    let Some(payment) = state.payments.get(id) else {
        return Err(Box::new(not_found_page(state)));
    };
    match payment.payable(now) {
        Ok(()) => Ok(payment),
        Err(closed) => Err(Box::new(closed_page(state, &payment, closed))),
    }
}

fn this_month() -> YearMonth {
    let today = chrono::Utc::now().date_naive();
    YearMonth {
        year: today.year(),
        month: today.month(),
    }
}

/// `GET /pay/{id}`
pub async fn show(State(state): State<GatewayState>, Path(id): Path<String>) -> Response {
    match open_payment(&state, &id, unix_now()) {
        Ok(payment) => form_page(&state, StatusCode::OK, &payment, &FormState::default()),
        Err(page) => *page,
    }
}

/// `POST /pay/{id}`
pub async fn submit(
    State(state): State<GatewayState>,
    Path(id): Path<String>,
    fields: Result<Form<CardFields>, FormRejection>,
) -> Response {
    let now = unix_now();
    let payment = match open_payment(&state, &id, now) {
        Ok(payment) => payment,
        Err(page) => return *page,
    };
    let Ok(Form(fields)) = fields else {
        let form = FormState {
            banner: Some(Banner::Invalid),
            ..FormState::default()
        };
        return form_page(&state, StatusCode::BAD_REQUEST, &payment, &form);
    };
    let input = CardInput {
        number: &fields.card_number,
        expiry: &fields.expiry,
        cvc: &fields.cvc,
        name: &fields.name,
    };
    let retry = |banner, errors| FormState {
        expiry: fields.expiry.trim(),
        name: fields.name.trim(),
        errors,
        banner: Some(banner),
    };
    match card::validate(&input, this_month()) {
        Err(errors) => form_page(
            &state,
            StatusCode::UNPROCESSABLE_ENTITY,
            &payment,
            &retry(Banner::Invalid, errors),
        ),
        Ok(Outcome::Approved(card)) => succeed(&state, &id, card, now),
        Ok(Outcome::Declined(card)) => {
            tracing::info!(
                payment = %id,
                status = "declined",
                brand = card.brand.as_str(),
                last4 = %card.last4,
                "card declined"
            );
            let object = payment.object(&state.config.public_url, now);
            state
                .webhooks
                .send(EventType::PaymentDeclined, &payment.webhook_url, &object);
            form_page(
                &state,
                StatusCode::PAYMENT_REQUIRED,
                &payment,
                &retry(Banner::Declined, Default::default()),
            )
        }
        Ok(Outcome::NeedsConfirmation(card)) => {
            let brand = card.brand.as_str();
            let last4 = card.last4.clone();
            let held = state.payments.update(&id, |p| {
                p.payable(now)?;
                p.pending = Some(card);
                Ok(())
            });
            match held {
                None => not_found_page(&state),
                Some((Err(closed), payment)) => closed_page(&state, &payment, closed),
                Some((Ok(()), _)) => {
                    tracing::info!(
                        payment = %id,
                        status = "confirmation_required",
                        brand,
                        last4 = %last4,
                        "card needs confirmation"
                    );
                    Redirect::to(&format!("/pay/{id}/confirm")).into_response()
                }
            }
        }
        Ok(Outcome::NotATestCard) => {
            tracing::info!(payment = %id, "refused a card that is not a test card");
            form_page(
                &state,
                StatusCode::PAYMENT_REQUIRED,
                &payment,
                &retry(Banner::NotATestCard, Default::default()),
            )
        }
    }
}

/// Marks the payment paid, tells the shop, and sends the shopper back to it.
fn succeed(state: &GatewayState, id: &str, card: CardSummary, now: i64) -> Response {
    let brand = card.brand.as_str();
    let last4 = card.last4.clone();
    match state.payments.update(id, |p| p.succeed(card, now)) {
        None => not_found_page(state),
        Some((Err(closed), payment)) => closed_page(state, &payment, closed),
        Some((Ok(()), payment)) => {
            tracing::info!(
                payment = %id,
                status = "succeeded",
                brand,
                last4 = %last4,
                "payment succeeded"
            );
            let object = payment.object(&state.config.public_url, now);
            state
                .webhooks
                .send(EventType::PaymentSucceeded, &payment.webhook_url, &object);
            Redirect::to(&payment.success_url).into_response()
        }
    }
}

/// `GET /pay/{id}/confirm`
pub async fn show_confirmation(
    State(state): State<GatewayState>,
    Path(id): Path<String>,
) -> Response {
    let payment = match open_payment(&state, &id, unix_now()) {
        Ok(payment) => payment,
        Err(page) => return *page,
    };
    match &payment.pending {
        Some(card) => page(
            StatusCode::OK,
            pages::confirmation(&payment, merchant(&state), card),
        ),
        None => Redirect::to(&format!("/pay/{id}")).into_response(),
    }
}

/// `POST /pay/{id}/confirm` with `decision=complete` or `decision=fail`.
pub async fn confirm(
    State(state): State<GatewayState>,
    Path(id): Path<String>,
    decision: Result<Form<Decision>, FormRejection>,
) -> Response {
    let now = unix_now();
    let payment = match open_payment(&state, &id, now) {
        Ok(payment) => payment,
        Err(page) => return *page,
    };
    let decision = decision.map(|Form(d)| d.decision).unwrap_or_default();
    let complete = match decision.as_str() {
        "complete" => true,
        "fail" => false,
        _ => return Redirect::to(&format!("/pay/{id}/confirm")).into_response(),
    };
    // Either way the pending card is used up: one confirmation per card entry.
    let pending = state
        .payments
        .update(&id, |p| p.pending.take())
        .and_then(|(card, _)| card);
    let Some(card) = pending else {
        return Redirect::to(&format!("/pay/{id}")).into_response();
    };
    if complete {
        return succeed(&state, &id, card, now);
    }
    tracing::info!(
        payment = %id,
        status = "confirmation_failed",
        brand = card.brand.as_str(),
        last4 = %card.last4,
        "card confirmation failed"
    );
    let form = FormState {
        banner: Some(Banner::ConfirmationFailed),
        ..FormState::default()
    };
    form_page(&state, StatusCode::PAYMENT_REQUIRED, &payment, &form)
}
