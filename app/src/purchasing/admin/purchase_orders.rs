use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::back_office::{style, AdminSection};
use crate::domain::moment::moment;
use crate::domain::Permission;
use crate::layout::form::{CsrfField, FormStatus};
use crate::layout::Loaded;
use crate::purchasing::api::{
    get_purchase_order, list_purchase_orders, ArrivedUnits, CancelPurchaseOrder,
    ReceivePurchaseOrder, SendPurchaseOrder,
};
use crate::purchasing::domain::PurchaseOrderStatus;
use crate::purchasing::model::{PurchaseOrderDetail, PurchaseOrderLineRow, PurchaseOrderRow};

/// `/admin/purchase-orders`: newest first.
#[component]
pub fn PurchaseOrdersPage() -> impl IntoView {
    let orders = Resource::new(|| (), |_| list_purchase_orders());
    view! {
        <AdminSection title="Purchase orders" needs=Some(Permission::ManagePurchasing)>
            <Loaded resource=orders render=|rows| view! { <OrderTable rows/> }/>
        </AdminSection>
    }
}

#[component]
fn OrderTable(rows: Vec<PurchaseOrderRow>) -> impl IntoView {
    if rows.is_empty() {
        return view! {
            <p>"No purchase orders yet. They are made automatically when items of a supplier with automatic reordering reach their reorder point."</p>
        }
        .into_any();
    }
    view! {
        <table class="data">
            <thead><tr>
                <th scope="col">"Number"</th><th scope="col">"Supplier"</th><th scope="col">"Status"</th>
                <th scope="col">"Made"</th><th scope="col">"Units"</th><th scope="col">"Total"</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|row| view! {
                    <tr>
                        <td><a href=format!("/admin/purchase-orders/{}", row.number)>{row.number.clone()}</a></td>
                        <td>{row.supplier}</td>
                        <td>{row.status.label()}</td>
                        <td>{moment(row.created_at)}</td>
                        <td>{row.units}</td>
                        <td>{row.total.to_string()}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// `/admin/purchase-orders/:number`: the lines, and what can be done in this state (send,
/// receive all or part, cancel).
#[component]
pub fn PurchaseOrderPage() -> impl IntoView {
    let params = use_params_map();
    let send = ServerAction::<SendPurchaseOrder>::new();
    let cancel = ServerAction::<CancelPurchaseOrder>::new();
    let receive = ServerAction::<ReceivePurchaseOrder>::new();
    let order = Resource::new(
        move || {
            (
                params.with(|p| p.get("number").unwrap_or_default()),
                send.version().get() + cancel.version().get() + receive.version().get(),
            )
        },
        |(number, _)| get_purchase_order(number),
    );
    view! {
        <AdminSection title="Purchase order" needs=Some(Permission::ManagePurchasing)>
            <p><a href="/admin/purchase-orders">"← All purchase orders"</a></p>
            <Loaded resource=order render=move |detail| view! { <OrderView detail send cancel receive/> }/>
            <FormStatus value=send.value() success=|_| Some("Sent: the supplier gets it by e-mail in a moment.".to_string())/>
            <FormStatus value=cancel.value() success=|_| Some("Cancelled.".to_string())/>
            <FormStatus value=receive.value() success=|status: &PurchaseOrderStatus| Some(format!("Received: the order is now {}.", status.label()))/>
        </AdminSection>
    }
}

#[component]
fn OrderView(
    detail: PurchaseOrderDetail,
    send: ServerAction<SendPurchaseOrder>,
    cancel: ServerAction<CancelPurchaseOrder>,
    receive: ServerAction<ReceivePurchaseOrder>,
) -> impl IntoView {
    let status = detail.status;
    let number = detail.number.clone();
    view! {
        <h2>{format!("{} · {}", detail.number, detail.supplier)}</h2>
        {order_facts(&detail)}
        <ReceiptForm detail receive/>
        {(status == PurchaseOrderStatus::Draft).then(|| {
            let number = number.clone();
            view! {
                <ActionForm action=send attr:class=style::inline>
                    <CsrfField/>
                    <input type="hidden" name="number" value=number/>
                    <button class="button" type="submit">"Send to supplier"</button>
                </ActionForm>
            }
        })}
        {status.is_open().then(|| view! {
            <ActionForm action=cancel attr:class=style::inline>
                <CsrfField/>
                <input type="hidden" name="number" value=number.clone()/>
                <button class="button secondary" type="submit">"Cancel purchase order"</button>
            </ActionForm>
        })}
    }
}

/// Status, supplier, destination and dates.
fn order_facts(detail: &PurchaseOrderDetail) -> impl IntoView {
    view! {
        <dl class=style::columns>
            <div><dt>"Status"</dt><dd data-testid="po-status">{detail.status.label()}</dd></div>
            <div><dt>"Supplier"</dt><dd>{detail.supplier.clone()}<br/><small>{detail.supplier_email.clone()}</small></dd></div>
            <div><dt>"Deliver to"</dt><dd>{detail.deliver_to.clone()}</dd></div>
            <div><dt>"Made"</dt><dd>{moment(detail.created_at)}<br/><small>{detail.created_by.clone()}</small></dd></div>
            {detail.sent_at.map(|at| view! { <div><dt>"Sent"</dt><dd>{moment(at)}</dd></div> })}
            {detail.expected_by.map(|at| view! { <div><dt>"Expected by"</dt><dd>{moment(at)}</dd></div> })}
        </dl>
    }
}

/// The lines, with a box per line for the units arriving now while goods are expected.
#[component]
fn ReceiptForm(
    detail: PurchaseOrderDetail,
    receive: ServerAction<ReceivePurchaseOrder>,
) -> impl IntoView {
    let receivable = matches!(
        detail.status,
        PurchaseOrderStatus::Sent | PurchaseOrderStatus::PartlyReceived
    );
    // Units arriving per line, as typed: (line id, received so far, text).
    let arriving: Vec<(i32, i32, RwSignal<String>)> = detail
        .lines
        .iter()
        .map(|l| {
            let outstanding = (l.ordered - l.received).max(0);
            (l.id, l.received, RwSignal::new(outstanding.to_string()))
        })
        .collect();
    let arriving = StoredValue::new(arriving);
    let submit_receipt = {
        let number = detail.number.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let lines = arriving.with_value(|lines| {
                lines
                    .iter()
                    .map(|(line_id, received, units)| ArrivedUnits {
                        line_id: *line_id,
                        units: units.get_untracked().trim().parse().unwrap_or(-1),
                        received_before: Some(*received),
                    })
                    .collect()
            });
            receive.dispatch(ReceivePurchaseOrder {
                number: number.clone(),
                lines,
            });
        }
    };
    view! {
        <form on:submit=submit_receipt>
            <table class="data">
                <thead><tr>
                    <th scope="col">"SKU"</th><th scope="col">"Item"</th><th scope="col">"Ordered"</th>
                    <th scope="col">"Received"</th><th scope="col">"Unit cost"</th>
                    {receivable.then(|| view! { <th scope="col">"Arriving now"</th> })}
                </tr></thead>
                <tbody>
                    {detail.lines.into_iter().enumerate().map(|(index, line)| {
                        let input = arriving.with_value(|a| a[index].2);
                        receipt_line(line, receivable.then_some(input))
                    }).collect_view()}
                </tbody>
            </table>
            <p>{format!("Total {}", detail.total)}</p>
            {receivable.then(|| view! {
                <button class="button" type="submit" disabled=move || receive.pending().get()>"Receive goods"</button>
            })}
        </form>
    }
}

/// One line of the receipt form; `input` holds the units arriving when goods are expected.
fn receipt_line(line: PurchaseOrderLineRow, input: Option<RwSignal<String>>) -> impl IntoView {
    let label = format!("Units of {} arriving now", line.sku);
    view! {
        <tr>
            <td>{line.sku.clone()}</td>
            <td>{line.name}</td>
            <td>{line.ordered}</td>
            <td>{line.received}</td>
            <td>{line.cost.to_string()}</td>
            {input.map(|input| view! {
                <td><input inputmode="numeric" aria-label=label size="5"
                    prop:value=move || input.get()
                    on:input=move |ev| input.set(event_target_value(&ev))/></td>
            })}
        </tr>
    }
}
