//! The pieces every form shares: the CSRF field, labelled inputs, and the line that reports how
//! the last submission went.

use leptos::prelude::*;
use leptos::reactive::signal::MappedSignal;

use crate::error::AppError;

stylance::import_crate_style!(pub style, "src/layout/form.module.css");

/// The token plain (pre-WASM) form posts must carry; see `backend::auth::csrf`. On the server it
/// comes from the request, in the browser from the cookie, so both render the same value.
#[component]
pub fn CsrfField() -> impl IntoView {
    view! { <input type="hidden" name="csrf_token" value=csrf_token()/> }
}

#[cfg(feature = "ssr")]
fn csrf_token() -> String {
    use_context::<http::request::Parts>()
        .and_then(|parts| {
            parts
                .extensions
                .get::<crate::backend::auth::csrf::CsrfToken>()
                .map(|token| token.0.clone())
        })
        .unwrap_or_default()
}

#[cfg(all(feature = "hydrate", not(feature = "ssr")))]
fn csrf_token() -> String {
    use wasm_bindgen::JsCast;
    let cookies = document()
        .dyn_into::<web_sys::HtmlDocument>()
        .ok()
        .and_then(|doc| doc.cookie().ok())
        .unwrap_or_default();
    cookies
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| name.ends_with("mercato_csrf"))
        .map(|(_, value)| value.to_string())
        .unwrap_or_default()
}

#[cfg(not(any(feature = "ssr", feature = "hydrate")))]
fn csrf_token() -> String {
    String::new()
}

/// A labelled input. `name` is the server function's argument.
#[component]
pub fn TextField(
    label: &'static str,
    name: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] required: bool,
    #[prop(optional, into)] value: String,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let id = format!("field-{}", name.replace(['[', ']'], "-"));
    let hint_id = format!("{id}-hint");
    view! {
        <div class=style::field>
            <label for=id.clone()>{label}</label>
            <input
                id=id
                name=name
                type=kind
                autocomplete=autocomplete
                required=required
                value=value
                aria-describedby=hint.map(|_| hint_id.clone())
            />
            {hint.map(|text| view! { <p class=style::hint id=hint_id>{text}</p> })}
        </div>
    }
}

/// Reports the outcome of the last submission: the error in words, or `success` turned into a
/// sentence. Announced to screen readers as it changes.
#[component]
pub fn FormStatus<T, F>(
    value: MappedSignal<Option<Result<T, AppError>>>,
    success: F,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    F: Fn(&T) -> Option<String> + Send + Sync + 'static,
{
    view! {
        <div class=style::status aria-live="polite">
            {move || {
                value
                    .with(|outcome| match outcome {
                        Some(Err(error)) => {
                            Some(view! { <p class=style::error role="alert">{error.to_string()}</p> }.into_any())
                        }
                        Some(Ok(done)) => {
                            success(done)
                                .map(|text| view! { <p class=style::success>{text}</p> }.into_any())
                        }
                        None => None,
                    })
            }}
        </div>
    }
}
