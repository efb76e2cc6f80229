use leptos::prelude::*;
use serde::{de::DeserializeOwned, Serialize};

use super::ErrorPage;
use crate::error::AppError;

/// Shows what `resource` loads, drawn by `render`, with a loading line meanwhile and the error
/// page if it failed. `render` runs inside a `Suspense`: it must make no resources (nor
/// components that do), or the browser may take another resource's data for them on hydration;
/// make them before, where `resource` was made.
#[component]
pub fn Loaded<T, V, F>(resource: Resource<Result<T, AppError>>, render: F) -> impl IntoView
where
    T: Clone + Serialize + DeserializeOwned + Send + Sync + 'static,
    V: IntoView + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
{
    view! {
        <Suspense fallback=|| view! { <p class="loading">{crate::i18n::td!(crate::language::use_language(), common.loading)}</p> }>
            {move || {
                let render = render.clone();
                Suspend::new(async move {
                    match resource.await {
                        Ok(data) => render(data).into_any(),
                        Err(error) => view! { <ErrorPage error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}
