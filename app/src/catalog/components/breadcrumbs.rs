use leptos::prelude::*;
use leptos_router::components::A;

use crate::catalog::model::CategoryLink;
use crate::i18n::{td, td_string};

stylance::import_crate_style!(style, "src/catalog/components/breadcrumbs.module.css");

/// Home › each category › the current page (not a link).
#[component]
pub fn Breadcrumbs(trail: Vec<CategoryLink>, #[prop(into)] current: String) -> impl IntoView {
    let language = crate::language::use_language();
    view! {
        <nav aria-label=td_string!(language, common.breadcrumb) class=style::crumbs>
            <ol>
                <li><A href=crate::language::href("/")>{td!(language, common.home)}</A></li>
                {trail
                    .into_iter()
                    .map(|c| view! { <li><A href=crate::language::href(&c.href())>{c.name}</A></li> })
                    .collect_view()}
                <li><span aria-current="page">{current}</span></li>
            </ol>
        </nav>
    }
}
