use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::back_office::api::back_office_access;
use crate::back_office::model::StaffContext;
use crate::domain::Permission;
use crate::error::AppError;
use crate::layout::ErrorPage;

stylance::import_crate_style!(pub style, "src/back_office/back_office.module.css");

/// The sections of the back office and what each needs.
pub const SECTIONS: &[(&str, &str, Permission)] = &[
    ("/admin/orders", "Orders", Permission::ViewOrders),
    ("/admin/products", "Products", Permission::ViewCatalog),
    ("/admin/categories", "Categories", Permission::ViewCatalog),
    ("/admin/brands", "Brands", Permission::ViewCatalog),
    ("/admin/customers", "Customers", Permission::ViewCustomers),
    ("/admin/pos", "Point of sale", Permission::Pos),
    ("/admin/stock", "Stock levels", Permission::EditStock),
    ("/admin/locations", "Locations", Permission::EditStock),
    (
        "/admin/suppliers",
        "Suppliers",
        Permission::ManagePurchasing,
    ),
    (
        "/admin/purchase-orders",
        "Purchase orders",
        Permission::ManagePurchasing,
    ),
    ("/admin/prices", "Prices", Permission::EditPrices),
    ("/admin/staff", "Staff and roles", Permission::ManageStaff),
    ("/admin/api-keys", "API keys", Permission::ManageStaff),
    ("/admin/audit", "Audit log", Permission::ViewAuditLog),
];

#[cfg(feature = "ssr")]
fn set_status(status: http::StatusCode) {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(status);
    }
}

/// Frames a back-office page: navigation for what this person may open, then the page, or an
/// explanation when they may not.
#[component]
pub fn AdminSection(
    title: &'static str,
    /// None: any member of staff.
    needs: Option<Permission>,
    children: ChildrenFn,
) -> impl IntoView {
    let context = Resource::new(|| (), |_| back_office_access());
    let children = StoredValue::new(children);
    view! {
        <Title text=title/>
        <Meta name="robots" content="noindex"/>
        <Suspense fallback=|| view! { <p class="loading">{crate::i18n::td!(crate::language::use_language(), common.loading)}</p> }>
            {move || Suspend::new(async move {
                let allowed = match context.await {
                    Ok(staff) if needs.is_none_or(|p| staff.may(p)) => Ok(staff),
                    Ok(_) => Err(AppError::Forbidden),
                    Err(error) => Err(error),
                };
                match allowed {
                    Ok(staff) => {
                        // Pages inside may offer less to whom the server would refuse anyway.
                        provide_context(staff.clone());
                        // Effects run only in the browser, once this (lazily loaded) page has
                        // been hydrated: end-to-end tests wait for the mark before they click.
                        let ready = RwSignal::new(false);
                        Effect::new(move |_| ready.set(true));
                        view! {
                        <div class=style::frame data-page-ready=move || ready.get().to_string()>
                            <AdminNav staff/>
                            <div class=style::content>
                                <h1>{title}</h1>
                                {children.with_value(|c| c())}
                            </div>
                        </div>
                        }
                        .into_any()
                    }
                    Err(error) => {
                        #[cfg(feature = "ssr")]
                        set_status(error.status());
                        let sign_in = matches!(error, AppError::Unauthorized);
                        view! {
                            <ErrorPage error/>
                            {sign_in.then(|| view! { <p class=style::centered><a class="button" href="/account/sign-in">"Sign in"</a></p> })}
                        }
                        .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn AdminNav(staff: StaffContext) -> impl IntoView {
    view! {
        <nav class=style::nav aria-label="Back office">
            <p class=style::who>{staff.name.clone()} <br/> <small>{staff.role.clone()}</small></p>
            <ul>
                <li><a href="/admin">"Overview"</a></li>
                {SECTIONS
                    .iter()
                    .filter(|(_, _, needs)| staff.may(*needs))
                    .map(|(href, label, _)| view! { <li><a href=*href>{*label}</a></li> })
                    .collect_view()}
            </ul>
        </nav>
    }
}
