use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::components::A;

use crate::error::AppError;
use crate::i18n::{td, td_string};

stylance::import_crate_style!(style, "src/layout/error_page.module.css");

/// What a shopper sees when a page cannot be shown: a plain explanation and a way on.
#[component]
pub fn ErrorPage(error: AppError) -> impl IntoView {
    let language = crate::language::use_language();
    let heading = match &error {
        AppError::NotFound { .. } => td_string!(language, common.error_not_found),
        AppError::Validation { .. } => td_string!(language, common.error_bad_link),
        AppError::Unreachable => td_string!(language, common.error_offline),
        _ => td_string!(language, common.error_other),
    };
    view! {
        <Title text=heading/>
        <Meta name="robots" content="noindex"/>
        <section class=style::panel role="alert" aria-labelledby="error-heading">
            <p class=style::code aria-hidden="true">{error.status().as_u16()}</p>
            <h1 id="error-heading">{heading}</h1>
            <p class=style::message>{error.to_string()}</p>
            <p><A href=crate::language::href("/") attr:class="button">{td!(language, common.back_to_shop)}</A></p>
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
