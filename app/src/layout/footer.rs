use leptos::prelude::*;

use crate::i18n::td;
use crate::language::LanguageSwitcher;

stylance::import_crate_style!(style, "src/layout/footer.module.css");

#[component]
pub fn SiteFooter() -> impl IntoView {
    let language = crate::language::use_language();
    view! {
        <footer class=style::footer>
            <div class=style::inner>
                <p class=style::brand>"Mercato"</p>
                <p>{td!(language, common.footer_promise)}</p>
                <LanguageSwitcher class=style::languages/>
                <p class=style::small>{td!(language, common.footer_demo)}</p>
            </div>
        </footer>
    }
}
