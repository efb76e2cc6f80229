use crate::i18n::{t, t_string, use_i18n};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::catalog::model::CategoryLink;

stylance::import_crate_style!(style, "src/catalog/components/breadcrumbs.module.css");

/// Home › each category › the current page (not a link).
#[component]
pub fn Breadcrumbs(trail: Vec<CategoryLink>, #[prop(into)] current: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav aria-label=t_string!(i18n, common.breadcrumb) class=style::crumbs>
            <ol>
                <li><A href="/">{t!(i18n, common.home)}</A></li>
                {trail
                    .into_iter()
                    .map(|c| view! { <li><A href=c.href()>{c.name}</A></li> })
                    .collect_view()}
                <li><span aria-current="page">{current}</span></li>
            </ol>
        </nav>
    }
}
