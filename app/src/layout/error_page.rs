use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::components::A;

use crate::error::AppError;

stylance::import_crate_style!(style, "src/layout/error_page.module.css");

/// What a shopper sees when a page cannot be shown: a plain explanation and a way on.
#[component]
pub fn ErrorPage(error: AppError) -> impl IntoView {
    let heading = match &error {
        AppError::NotFound { .. } => "Page not found",
        AppError::Validation { .. } => "That link doesn't look right",
        AppError::Unreachable => "You seem to be offline",
        _ => "Something went wrong",
    };
    view! {
        <Title text=heading/>
        <Meta name="robots" content="noindex"/>
        <section class=style::panel role="alert" aria-labelledby="error-heading">
            <p class=style::code aria-hidden="true">{error.status().as_u16()}</p>
            <h1 id="error-heading">{heading}</h1>
            <p class=style::message>{error.to_string()}</p>
            <p><A href="/" attr:class="button">"Back to the shop"</A></p>
        </section>
    }
}

/// The router's fallback for paths no route matches. It answers with status 404 itself, since no
/// server function is involved.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! { <ErrorPage error=AppError::not_found("the page you were looking for")/> }
}
