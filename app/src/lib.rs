//! Mercato's storefront and back office: one Leptos app rendered on the server (`ssr`) and
//! hydrated in the browser (`hydrate`).
//!
//! Layers, inside out: `domain` (pure rules) → `backend` (database, server only) → each area's
//! `api` (server functions) → its pages and components.

#![recursion_limit = "256"]

pub mod account;
#[cfg(test)]
mod architecture;
pub mod audit;
pub mod back_office;
#[cfg(feature = "ssr")]
pub mod backend;
pub mod cart;
pub mod catalog;
pub mod checkout;
pub mod domain;
pub mod error;
pub mod inventory;
mod layout;
pub mod orders;
#[cfg(feature = "ssr")]
pub mod payments;
pub mod purchasing;
pub mod search;
pub mod seo;
pub mod staff;
#[cfg(test)]
mod test_inputs;
pub mod till;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, Meta, MetaTags, Stylesheet, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{lazy_route, path, Lazy, LazyRoute, SsrMode};

use account::admin::{AdminCustomerPage, AdminCustomersPage};
use account::pages::{
    AccountPage, ForgotPasswordPage, ResetPasswordPage, SignInPage, SignUpPage, VerifyEmailPage,
};
use audit::AuditPage;
use back_office::AdminHomePage;
use cart::pages::CartPage;
use catalog::admin::categories::{BrandsPage, CategoriesPage};
use catalog::admin::products::pages::{
    AdminProductEditorPage, AdminProductsPage, PricesPage, ProductImportPage,
};
use catalog::pages::{CategoryPage, HomePage, ProductPage};
use checkout::pages::CheckoutPage;
use inventory::{LocationsPage, StockPage};
use layout::{NotFoundPage, SiteFooter, SiteHeader};
use orders::admin::pages::{AdminOrderPage, AdminOrdersPage};
use orders::pages::{FindOrderPage, OrderPage};
use purchasing::admin::{PurchaseOrderPage, PurchaseOrdersPage, SupplierPage, SuppliersPage};
use search::pages::SearchPage;
use staff::{ApiKeysPage, StaffPage};
use till::PointOfSalePage;

/// A back-office page as a lazily loaded route: built with `cargo leptos … --split`, its code
/// is a separate WASM chunk that only staff download, so shoppers never pay for the back office.
macro_rules! lazy_admin_page {
    ($route:ident, $page:ident) => {
        struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                view! { <$page/> }.into_any()
            }
        }
    };
}

lazy_admin_page!(AdminHomeRoute, AdminHomePage);
lazy_admin_page!(AdminOrdersRoute, AdminOrdersPage);
lazy_admin_page!(AdminOrderRoute, AdminOrderPage);
lazy_admin_page!(AdminProductsRoute, AdminProductsPage);
lazy_admin_page!(ProductImportRoute, ProductImportPage);
lazy_admin_page!(AdminProductEditorRoute, AdminProductEditorPage);
lazy_admin_page!(CategoriesRoute, CategoriesPage);
lazy_admin_page!(BrandsRoute, BrandsPage);
lazy_admin_page!(AdminCustomersRoute, AdminCustomersPage);
lazy_admin_page!(AdminCustomerRoute, AdminCustomerPage);
lazy_admin_page!(StockRoute, StockPage);
lazy_admin_page!(PricesRoute, PricesPage);
lazy_admin_page!(StaffRoute, StaffPage);
lazy_admin_page!(AuditRoute, AuditPage);
lazy_admin_page!(PointOfSaleRoute, PointOfSalePage);
lazy_admin_page!(ApiKeysRoute, ApiKeysPage);
lazy_admin_page!(LocationsRoute, LocationsPage);
lazy_admin_page!(SuppliersRoute, SuppliersPage);
lazy_admin_page!(SupplierRoute, SupplierPage);
lazy_admin_page!(PurchaseOrdersRoute, PurchaseOrdersPage);
lazy_admin_page!(PurchaseOrderRoute, PurchaseOrderPage);

/// The name shoppers see in titles and the header.
pub const SHOP_NAME: &str = "Mercato";

/// The HTML document around the app, rendered only on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#1f3a5f"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options=options.clone()/>
                // `/pkg/mercato.<hash>.css` when built with `hash-files`.
                <HashedStylesheet options id="leptos"/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    account::components::provide_account_changed();
    cart::components::provide_cart_changed();
    // Effects run only in the browser: this marks the page once the WASM app has taken over,
    // which end-to-end tests wait for before they click.
    Effect::new(move |_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });

    view! {
        <Stylesheet id="components" href="/components.css"/>
        <Title formatter=|title: String| seo::page_title(&title, SHOP_NAME)/>
        <Meta property="og:site_name" content=SHOP_NAME/>
        <Router>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <SiteHeader/>
            <main id="main" class="page">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/c/:slug") view=CategoryPage ssr=SsrMode::Async/>
                    <Route path=path!("/p/:slug") view=ProductPage ssr=SsrMode::Async/>
                    <Route path=path!("/search") view=SearchPage ssr=SsrMode::Async/>
                    <Route path=path!("/cart") view=CartPage ssr=SsrMode::Async/>
                    <Route path=path!("/checkout") view=CheckoutPage ssr=SsrMode::Async/>
                    <Route path=path!("/order/:number") view=OrderPage ssr=SsrMode::Async/>
                    <Route path=path!("/orders/find") view=FindOrderPage/>
                    <Route path=path!("/account") view=AccountPage ssr=SsrMode::Async/>
                    <Route path=path!("/account/sign-in") view=SignInPage/>
                    <Route path=path!("/account/sign-up") view=SignUpPage/>
                    <Route path=path!("/account/verify") view=VerifyEmailPage/>
                    <Route path=path!("/account/forgot") view=ForgotPasswordPage/>
                    <Route path=path!("/account/reset") view=ResetPasswordPage/>
                    <Route path=path!("/admin") view={Lazy::<AdminHomeRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/orders") view={Lazy::<AdminOrdersRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/orders/:number") view={Lazy::<AdminOrderRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/customers") view={Lazy::<AdminCustomersRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/customers/:id") view={Lazy::<AdminCustomerRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/products") view={Lazy::<AdminProductsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/products/import") view={Lazy::<ProductImportRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/products/:id") view={Lazy::<AdminProductEditorRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/categories") view={Lazy::<CategoriesRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/brands") view={Lazy::<BrandsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/stock") view={Lazy::<StockRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/prices") view={Lazy::<PricesRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/staff") view={Lazy::<StaffRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/audit") view={Lazy::<AuditRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/pos") view={Lazy::<PointOfSaleRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/api-keys") view={Lazy::<ApiKeysRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/locations") view={Lazy::<LocationsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/suppliers") view={Lazy::<SuppliersRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/suppliers/:id") view={Lazy::<SupplierRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/purchase-orders") view={Lazy::<PurchaseOrdersRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/purchase-orders/:number") view={Lazy::<PurchaseOrderRoute>::new()} ssr=SsrMode::Async/>
                </Routes>
            </main>
            <SiteFooter/>
        </Router>
    }
}
