use leptos::prelude::*;
use leptos_router::components::A;

use crate::account::components::AccountLink;
use crate::cart::components::MiniCart;
use crate::catalog::api::top_categories;
use crate::i18n::td_string;
use crate::search::components::SearchBox;

stylance::import_crate_style!(style, "src/layout/header.module.css");

#[component]
pub fn SiteHeader() -> impl IntoView {
    let categories = Resource::new(|| (), |_| top_categories());
    let language = crate::language::use_language();
    view! {
        <header class=style::header>
            <div class=style::bar>
                <A href=crate::language::href("/") attr:class=style::logo>
                    <span class=style::mark aria-hidden="true">"M"</span>
                    <span>"Mercato"</span>
                </A>
                <SearchBox/>
                <div class=style::account>
                    <AccountLink class=style::account_link/>
                    <MiniCart/>
                </div>
            </div>
            <nav class=style::nav aria-label=td_string!(language, common.categories)>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        categories
                            .await
                            .map(|links| {
                                view! {
                                    <ul class=style::links>
                                        {links
                                            .into_iter()
                                            .map(|c| view! { <li><A href=crate::language::href(&c.href())>{c.name}</A></li> })
                                            .collect_view()}
                                    </ul>
                                }
                            })
                            .ok()
                    })}
                </Suspense>
            </nav>
        </header>
    }
}
