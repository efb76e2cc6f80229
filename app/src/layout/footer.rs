use leptos::prelude::*;

stylance::import_crate_style!(style, "src/layout/footer.module.css");

#[component]
pub fn SiteFooter() -> impl IntoView {
    view! {
        <footer class=style::footer>
            <div class=style::inner>
                <p class=style::brand>"Mercato"</p>
                <p>"Free returns within 30 days · Orders ship within one working day"</p>
                <p class=style::small>"Demo shop running on Mercato, the self-hosted e-commerce system."</p>
            </div>
        </footer>
    }
}
