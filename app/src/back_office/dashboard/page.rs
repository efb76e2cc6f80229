use leptos::prelude::*;

use super::api::sales_dashboard;
use super::chart::RevenueChart;
use super::model::Dashboard;
use crate::back_office::model::StaffContext;
use crate::back_office::style;
use crate::domain::Permission;
use crate::layout::ErrorPage;
use crate::purchasing::model::ReorderAlert;

/// The figures, for staff who may see orders.
#[component]
pub fn SalesDashboard() -> impl IntoView {
    let may_see = use_context::<StaffContext>().is_some_and(|s| s.may(Permission::ViewOrders));
    if !may_see {
        return view! {
            <p>"Choose a section on the left: you see the sections your role allows."</p>
        }
        .into_any();
    }
    let figures = Resource::new(|| (), |_| sales_dashboard());
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading figures…"</p> }>
            {move || Suspend::new(async move {
                match figures.await {
                    Ok(dashboard) => view! { <Figures dashboard/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn Figures(dashboard: Dashboard) -> impl IntoView {
    view! {
        <div class=style::cards>
            {dashboard.periods.into_iter().map(|p| view! {
                <section class=style::card aria-label=p.period.label()>
                    <h2>{p.period.label()}</h2>
                    <dl>
                        <div><dt>"Revenue"</dt><dd data-testid="revenue">{p.figures.revenue.to_string()}</dd></div>
                        <div><dt>"Orders"</dt><dd>{p.figures.orders}</dd></div>
                        <div><dt>"Average order"</dt><dd>{p.figures.average_order().to_string()}</dd></div>
                    </dl>
                </section>
            }).collect_view()}
            <section class=style::card aria-label="To do">
                <h2>"To do"</h2>
                <dl>
                    <div><dt><a href="/admin/orders?status=paid">"Orders waiting to ship"</a></dt><dd data-testid="waiting-to-ship">{dashboard.waiting_to_ship}</dd></div>
                    <div><dt>"Low stock items"</dt><dd data-testid="low-stock">{dashboard.low_stock_count}</dd></div>
                </dl>
            </section>
        </div>
        <ReorderAlerts alerts=dashboard.reorder_alerts/>
        <RevenueChart days=dashboard.daily total=dashboard.currency_total_30_days/>
        {(!dashboard.low_stock.is_empty()).then(|| view! {
            <section>
                <h2>"Running low"</h2>
                <table class="data">
                    <thead><tr><th scope="col">"SKU"</th><th scope="col">"Product"</th><th scope="col">"Available online"</th></tr></thead>
                    <tbody>
                        {dashboard.low_stock.into_iter().map(|item| view! {
                            <tr><td>{item.sku}</td><td>{item.product_name}</td><td>{item.available}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
        })}
    }
}

/// Variants at or below their reorder point: the merchant's to-do list for buying.
#[component]
fn ReorderAlerts(alerts: Vec<ReorderAlert>) -> impl IntoView {
    if alerts.is_empty() {
        return ().into_any();
    }
    let count = alerts.len();
    view! {
        <section class=style::alerts aria-labelledby="reorder-alerts" data-testid="reorder-alerts">
            <h2 id="reorder-alerts">{format!("Reorder alerts ({count})")}</h2>
            <p>"These items are at or below their reorder point. "
                <a href="/admin/purchase-orders">"Purchase orders"</a></p>
            <table class="data">
                <thead><tr>
                    <th scope="col">"SKU"</th><th scope="col">"Product"</th><th scope="col">"Where"</th>
                    <th scope="col">"Available"</th><th scope="col">"Reorder point"</th><th scope="col">"Supplier"</th>
                </tr></thead>
                <tbody>
                    {alerts.into_iter().map(|alert| view! {
                        <tr>
                            <td>{alert.sku}</td>
                            <td>{alert.product_name}</td>
                            <td>{alert.location.unwrap_or_else(|| "All locations".to_string())}</td>
                            <td>{alert.available}</td>
                            <td>{alert.reorder_point}</td>
                            <td>{alert.supplier.unwrap_or_else(|| "—".to_string())}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
    .into_any()
}
