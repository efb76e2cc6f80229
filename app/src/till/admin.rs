use leptos::prelude::*;

use super::api::{pos_item, pos_stores, PosSell};
use super::model::{Payment, Receipt, SaleRequest, Store, TillItem};
use crate::back_office::{style, AdminSection};
use crate::domain::moment::moment;
use crate::domain::Permission;
use crate::error::AppError;
use crate::layout::form::FormStatus;
use crate::layout::Loaded;
use crate::till::domain::basket_total;
use crate::till::domain::BasketLine;

/// One basket line: the item as scanned and how many. Plain data in one signal: the lines are
/// made inside an effect, whose own signals would be disposed when it runs again.
#[derive(Clone, Debug, PartialEq)]
struct TillLine {
    item: TillItem,
    quantity: i32,
}

/// Changes the quantity of the line of `sku` (never below one).
fn change_quantity(basket: RwSignal<Vec<TillLine>>, sku: &str, by: i32) {
    basket.update(|lines| {
        if let Some(line) = lines.iter_mut().find(|l| l.item.sku == sku) {
            line.quantity = (line.quantity + by).max(1);
        }
    });
}

/// `/admin/pos`: the till of a physical store.
#[component]
pub fn PointOfSalePage() -> impl IntoView {
    let stores = Resource::new(|| (), |_| pos_stores());
    view! {
        <AdminSection title="Point of sale" needs=Some(Permission::Pos)>
            <Loaded resource=stores render=|stores| view! { <Till stores/> }/>
        </AdminSection>
    }
}

/// The till's state: the store, the basket, what is being typed, and the scan and sale in
/// flight. Signals only, so it is copied into every handler.
#[derive(Clone, Copy)]
struct TillState {
    store: RwSignal<String>,
    basket: RwSignal<Vec<TillLine>>,
    sku: RwSignal<String>,
    scan: Action<(String, String), Result<TillItem, AppError>>,
    sell: ServerAction<PosSell>,
    method: RwSignal<String>,
    tendered: RwSignal<String>,
    reference: RwSignal<String>,
}

impl TillState {
    fn new(store: String) -> TillState {
        TillState {
            store: RwSignal::new(store),
            basket: RwSignal::new(Vec::new()),
            sku: RwSignal::new(String::new()),
            scan: Action::new(|(store, sku): &(String, String)| {
                pos_item(store.clone(), sku.clone())
            }),
            sell: ServerAction::<PosSell>::new(),
            method: RwSignal::new("cash".to_string()),
            tendered: RwSignal::new(String::new()),
            reference: RwSignal::new(String::new()),
        }
    }

    /// A scanned item joins the basket, or adds a unit to its line. Each finished scan counts,
    /// even when the same item is scanned again (its value would not change).
    fn add_scanned_items(self) {
        Effect::new(move |_| {
            if self.scan.version().get() == 0 {
                return;
            }
            if let Some(Ok(item)) = self.scan.value().get_untracked() {
                self.basket.update(|lines| {
                    match lines.iter_mut().find(|l| l.item.sku == item.sku) {
                        Some(line) => line.quantity += 1,
                        None => lines.push(TillLine { item, quantity: 1 }),
                    }
                });
                self.sku.set(String::new());
            }
        });
    }

    /// The sale as the server takes it: the basket and how it is paid.
    fn sale(self) -> PosSell {
        let lines = self.basket.with_untracked(|lines| {
            lines
                .iter()
                .map(|l| BasketLine {
                    sku: l.item.sku.clone(),
                    quantity: l.quantity,
                })
                .collect()
        });
        let cash = self.method.get_untracked() == "cash";
        PosSell {
            sale: SaleRequest {
                location: Some(self.store.get_untracked()),
                lines,
                payment: Payment {
                    method: self.method.get_untracked(),
                    tendered: cash
                        .then(|| self.tendered.get_untracked())
                        .filter(|t| !t.trim().is_empty()),
                    reference: (!cash).then(|| self.reference.get_untracked()),
                },
                client_reference: None,
            },
        }
    }
}

#[component]
fn Till(stores: Vec<Store>) -> impl IntoView {
    let Some(first) = stores.first().cloned() else {
        return view! { <p>"There is no physical store yet: add a location of kind “store” first."</p> }
            .into_any();
    };
    let till = TillState::new(first.code);
    till.add_scanned_items();
    let receipt = move || till.sell.value().get().and_then(Result::ok);
    view! {
        <Show when=move || receipt().is_none() fallback=move || view! {
            {receipt().map(|receipt| view! { <ReceiptView receipt/> })}
            <AfterSale till/>
        }>
            <div class=style::till>
                <div>
                    <ScanForm stores=stores.clone() till/>
                    <Basket basket=till.basket/>
                </div>
                <PaymentForm till/>
            </div>
        </Show>
    }
    .into_any()
}

/// Printing the receipt of the sale just made, and the way to the next sale.
#[component]
fn AfterSale(till: TillState) -> impl IntoView {
    let new_sale = move |_| {
        till.basket.set(Vec::new());
        till.tendered.set(String::new());
        till.reference.set(String::new());
        till.sell.value().set(None);
    };
    view! {
        <p>
            <button class="button" type="button" on:click=|_| { let _ = window().print(); }>"Print receipt"</button>
            " "
            <button class="button" type="button" on:click=new_sale>"New sale"</button>
        </p>
    }
}

/// The store the till sells from, and the box a scanner types SKUs into.
#[component]
fn ScanForm(stores: Vec<Store>, till: TillState) -> impl IntoView {
    let TillState {
        store,
        basket,
        sku,
        scan,
        ..
    } = till;
    let on_scan = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let code = sku.get_untracked();
        if !code.trim().is_empty() {
            scan.dispatch((store.get_untracked(), code));
        }
    };
    let scan_error = move || match scan.value().get() {
        Some(Err(error)) => Some(error.to_string()),
        _ => None,
    };
    view! {
        <label>"Store "
            <select on:change=move |ev| { store.set(event_target_value(&ev)); basket.set(Vec::new()); }>
                {stores.iter().map(|s| view! { <option value=s.code.clone()>{s.name.clone()}</option> }).collect_view()}
            </select>
        </label>
        <form class=style::filters on:submit=on_scan>
            <label>"Scan or type a SKU "
                <input name="sku" autocomplete="off" autofocus autocapitalize="characters"
                    prop:value=move || sku.get()
                    on:input=move |ev| sku.set(event_target_value(&ev))/>
            </label>
            <button class="button" type="submit">"Add"</button>
        </form>
        {move || scan_error().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
    }
}

/// The basket's total, how it is paid, and the button that records the sale.
#[component]
fn PaymentForm(till: TillState) -> impl IntoView {
    let TillState {
        basket,
        sell,
        method,
        tendered,
        reference,
        ..
    } = till;
    let total = move || {
        basket.with(|lines| {
            let currency = lines.first()?.item.price.currency();
            basket_total(currency, lines.iter().map(|l| (l.item.price, l.quantity))).ok()
        })
    };
    let on_sell = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        sell.dispatch(till.sale());
    };
    view! {
        <form class=style::stacked on:submit=on_sell aria-label="Payment">
            <p class=style::total>"Total " <span data-testid="till-total">{move || total().map(|t| t.to_string()).unwrap_or_else(|| "—".to_string())}</span></p>
            <fieldset>
                <legend>"Payment"</legend>
                <label><input type="radio" name="method" value="cash" checked=true on:change=move |_| method.set("cash".into())/>" Cash"</label>
                <label><input type="radio" name="method" value="card_present" on:change=move |_| method.set("card_present".into())/>" Card (terminal)"</label>
            </fieldset>
            <Show when=move || method.get() == "cash" fallback=move || view! {
                <label>"Terminal approval code (optional)"
                    <input inputmode="text" prop:value=move || reference.get() on:input=move |ev| reference.set(event_target_value(&ev))/>
                </label>
            }>
                <label>"Cash handed over"
                    <input inputmode="decimal" placeholder="exact amount" prop:value=move || tendered.get() on:input=move |ev| tendered.set(event_target_value(&ev))/>
                </label>
            </Show>
            <button class="button" type="submit" disabled=move || basket.with(Vec::is_empty) || sell.pending().get()>"Complete sale"</button>
            <FormStatus value=sell.value() success=|_: &Receipt| None/>
        </form>
    }
}

#[component]
fn Basket(basket: RwSignal<Vec<TillLine>>) -> impl IntoView {
    view! {
        <table class="data" aria-label="Basket">
            <thead><tr>
                <th scope="col">"Item"</th><th scope="col">"Price"</th><th scope="col">"Quantity"</th>
                <th scope="col">"In this store"</th><th scope="col"><span class="visually-hidden">"Remove"</span></th>
            </tr></thead>
            <tbody>
                <For each=move || basket.get() key=|line| (line.item.sku.clone(), line.quantity) let:line>
                    {
                        let quantity = line.quantity;
                        let sku = line.item.sku.clone();
                        let (less, more, remove_sku) = (sku.clone(), sku.clone(), sku.clone());
                        view! {
                            <tr>
                                <td>{line.item.name.clone()}<br/><small>{sku.clone()}</small></td>
                                <td>{line.item.price.to_string()}</td>
                                <td>
                                    <button class="button" type="button" aria-label=format!("One less {sku}")
                                        on:click=move |_| change_quantity(basket, &less, -1)>"−"</button>
                                    <output aria-label=format!("Quantity of {sku}")>{quantity}</output>
                                    <button class="button" type="button" aria-label=format!("One more {sku}")
                                        on:click=move |_| change_quantity(basket, &more, 1)>"+"</button>
                                </td>
                                <td>{line.item.available_here}</td>
                                <td><button class="button" type="button"
                                    on:click=move |_| basket.update(|lines| lines.retain(|l| l.item.sku != remove_sku))>"Remove"</button></td>
                            </tr>
                        }
                    }
                </For>
            </tbody>
        </table>
    }
}

/// The printable receipt.
#[component]
fn ReceiptView(receipt: Receipt) -> impl IntoView {
    view! {
        <section class=style::receipt data-testid="receipt" aria-label="Receipt">
            <h2>{crate::SHOP_NAME} " · " {receipt.store_name.clone()}</h2>
            <p>{receipt.store_address.clone()}<br/>{format!("Receipt {}", receipt.number)}<br/>{moment(receipt.sold_at)}</p>
            <table>
                <tbody>
                    {receipt.lines.iter().map(|line| view! {
                        <tr>
                            <td>{format!("{} × {}", line.quantity, line.name)}<br/><small>{format!("{} @ {}", line.sku, line.unit_price)}</small></td>
                            <td>{line.line_total.to_string()}</td>
                        </tr>
                    }).collect_view()}
                    <tr><th scope="row">"Total"</th><td>{receipt.total.to_string()}</td></tr>
                    <tr><th scope="row">{receipt.payment.label()}</th><td>{receipt.tendered.map(|t| t.to_string()).unwrap_or_default()}</td></tr>
                    {receipt.change.map(|change| view! { <tr><th scope="row">"Change"</th><td>{change.to_string()}</td></tr> })}
                </tbody>
            </table>
            {receipt.card_reference.clone().map(|code| view! { <p>{format!("Approval code {code}")}</p> })}
            <p><small>{format!("Served by {}", receipt.sold_by)}</small></p>
        </section>
    }
}
