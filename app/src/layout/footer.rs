use crate::i18n::{t, use_i18n};
use crate::language::LanguageSwitcher;
use leptos::prelude::*;

stylance::import_crate_style!(style, "src/layout/footer.module.css");

#[component]
pub fn SiteFooter() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <footer class=style::footer>
            <div class=style::inner>
                <p class=style::brand>"Mercato"</p>
                <p>{t!(i18n, common.footer_promise)}</p>
                <LanguageSwitcher class=style::languages/>
                <p class=style::small>{t!(i18n, common.footer_demo)}</p>
            </div>
        </footer>
    }
}
