use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::variant_lookup::VariantLookup;
use crate::back_office::model::StaffContext;
use crate::back_office::{style, AdminSection};
use crate::domain::moment::moment;
use crate::domain::Permission;
use crate::error::AppError;
use crate::inventory::api::SetStockLevel;
use crate::inventory::api::{stock_movements, TransferStock};
use crate::inventory::domain::available_units;
use crate::inventory::model::MovementRow;
use crate::inventory::model::VariantAdmin;
use crate::layout::form::{CsrfField, FormStatus};
use crate::layout::Loaded;
use crate::purchasing::api::{list_reorder_rules, list_suppliers, SetReorderRule};
use crate::purchasing::model::{ReorderRuleRow, SupplierRow};

/// `/admin/stock?sku=…`: a variant's stock at every location (counted with a reason), transfers
/// between locations, its reorder rules, and the ledger of every movement.
#[component]
pub fn StockPage() -> impl IntoView {
    let save = ServerAction::<SetStockLevel>::new();
    let transfer = ServerAction::<TransferStock>::new();
    let rule = ServerAction::<SetReorderRule>::new();
    let reload = Signal::derive(move || {
        save.version().get() + transfer.version().get() + rule.version().get()
    });
    view! {
        <AdminSection title="Stock levels" needs=Some(Permission::EditStock)>
            <StockLookup save transfer rule reload/>
            <FormStatus value=save.value() success=|_| Some("Stock level saved.".to_string())/>
            <FormStatus value=transfer.value() success=|_| Some("Transfer recorded.".to_string())/>
            <FormStatus value=rule.value() success=|_| Some("Reorder rule saved.".to_string())/>
        </AdminSection>
    }
}

/// The lists shown under the variant, loaded beside the lookup rather than by what it finds.
#[derive(Clone, Copy)]
struct VariantLists {
    movements: Resource<Result<Vec<MovementRow>, AppError>>,
    /// Only for who manages purchasing.
    reordering: Option<Reordering>,
}

#[derive(Clone, Copy)]
struct Reordering {
    rules: Resource<Result<Vec<ReorderRuleRow>, AppError>>,
    suppliers: Resource<Result<Vec<SupplierRow>, AppError>>,
}

/// The SKU lookup and the variant's sections. Their resources are made here, beside the
/// lookup's own, and the sections only read them. On the server a `Suspense` may build what it
/// shows more than once (how often depends on timing), each build numbering its resources after
/// the last; the browser builds it once and takes each resource's data by its number, which
/// matches the server's first build. A resource made inside the lookup's `Suspense`, itself
/// inside the section's, was numbered after a varying number of builds of the lookup: on about
/// one load in three the browser took another resource's data for it and hydration panicked.
#[component]
fn StockLookup(
    save: ServerAction<SetStockLevel>,
    transfer: ServerAction<TransferStock>,
    rule: ServerAction<SetReorderRule>,
    reload: Signal<usize>,
) -> impl IntoView {
    let query = use_query_map();
    let sku = Memo::new(move |_| query.read().get("sku").unwrap_or_default());
    let movements = Resource::new(
        move || (sku.get(), reload.get()),
        |(sku, _)| async move {
            if sku.trim().is_empty() {
                Ok(Vec::new())
            } else {
                stock_movements(sku).await
            }
        },
    );
    let buyer = use_context::<StaffContext>().is_some_and(|s| s.may(Permission::ManagePurchasing));
    let reordering = buyer.then(|| Reordering {
        rules: Resource::new(
            move || (sku.get(), rule.version().get()),
            |(sku, _)| async move {
                if sku.trim().is_empty() {
                    Ok(Vec::new())
                } else {
                    list_reorder_rules(sku).await
                }
            },
        ),
        suppliers: Resource::new(|| (), |_| list_suppliers()),
    });
    let lists = VariantLists {
        movements,
        reordering,
    };
    view! {
        <VariantLookup reload found=move |variant| view! { <VariantStock variant save transfer rule lists/> }/>
    }
}

#[component]
fn VariantStock(
    variant: VariantAdmin,
    save: ServerAction<SetStockLevel>,
    transfer: ServerAction<TransferStock>,
    rule: ServerAction<SetReorderRule>,
    lists: VariantLists,
) -> impl IntoView {
    let places: Vec<(String, String)> = variant
        .stock
        .iter()
        .map(|l| (l.location_code.clone(), l.location_name.clone()))
        .collect();
    let rule_places = places.clone();
    let rule_sku = variant.sku.clone();
    view! {
        <h2>{format!("{} · {}", variant.product_name, variant.variant_name)}</h2>
        <p>{format!("SKU {}", variant.sku)}</p>
        <table class="data">
            <thead><tr><th scope="col">"Location"</th><th scope="col">"Reserved"</th><th scope="col">"Available"</th><th scope="col">"On hand (count)"</th></tr></thead>
            <tbody>
                {variant.stock.into_iter().map(|level| {
                    let input_id = format!("on-hand-{}", level.location_code);
                    let label = format!("On hand at {}", level.location_name);
                    let reason_label = format!("Reason for the count at {}", level.location_name);
                    let sku = variant.sku.clone();
                    view! {
                        <tr>
                            <th scope="row">{level.location_name}</th>
                            <td>{level.reserved}</td>
                            <td>{available_units([(level.on_hand, level.reserved)])}</td>
                            <td>
                                <ActionForm action=save attr:class=style::inline>
                                    <CsrfField/>
                                    <input type="hidden" name="sku" value=sku/>
                                    <input type="hidden" name="location" value=level.location_code/>
                                    <label class="visually-hidden" for=input_id.clone()>{label}</label>
                                    <input id=input_id name="on_hand" inputmode="numeric" size="6" value=level.on_hand.to_string()/>
                                    <input name="reason" aria-label=reason_label placeholder="Reason (stock count)"/>
                                    <button class="button" type="submit">"Save"</button>
                                </ActionForm>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>

        <h3>"Transfer between locations"</h3>
        <ActionForm action=transfer attr:class=style::filters>
            <CsrfField/>
            <input type="hidden" name="sku" value=variant.sku.clone()/>
            <label>"From " <select name="from">
                {places.iter().map(|(code, name)| view! { <option value=code.clone()>{name.clone()}</option> }).collect_view()}
            </select></label>
            <label>"To " <select name="to">
                {places.iter().rev().map(|(code, name)| view! { <option value=code.clone()>{name.clone()}</option> }).collect_view()}
            </select></label>
            <label>"Units " <input name="units" inputmode="numeric" size="5" required/></label>
            <label>"Reason " <input name="reason" placeholder="e.g. restock the store"/></label>
            <button class="button" type="submit">"Transfer"</button>
        </ActionForm>

        {lists.reordering.map(|loaded| view! { <ReorderRules sku=rule_sku places=rule_places rule loaded/> })}
        <History movements=lists.movements/>
    }
}

/// The variant's reorder points, and a form to set one (at a location or over all of them) with
/// its preferred supplier.
#[component]
fn ReorderRules(
    sku: String,
    places: Vec<(String, String)>,
    rule: ServerAction<SetReorderRule>,
    loaded: Reordering,
) -> impl IntoView {
    let Reordering { rules, suppliers } = loaded;
    view! {
        <h3>"Reordering"</h3>
        <Loaded resource=rules render=|rules| view! {
            <ul>
                {rules.into_iter().map(|r| view! {
                    <li>{format!(
                        "{}: reorder {} when {} or fewer are available{}{}",
                        r.location_name.unwrap_or_else(|| "All locations".to_string()),
                        r.reorder_quantity,
                        r.reorder_point,
                        r.supplier_name.map(|s| format!(", from {s}")).unwrap_or_default(),
                        if r.low { " — below the point now" } else { "" },
                    )}</li>
                }).collect_view()}
            </ul>
        }/>
        <ActionForm action=rule attr:class=style::filters>
            <CsrfField/>
            <input type="hidden" name="sku" value=sku/>
            <label>"Where " <select name="location">
                <option value="">"All locations together"</option>
                {places.into_iter().map(|(code, name)| view! { <option value=code>{name}</option> }).collect_view()}
            </select></label>
            <label>"Reorder point " <input name="reorder_point" inputmode="numeric" size="5" required/></label>
            <label>"Reorder quantity " <input name="reorder_quantity" inputmode="numeric" size="5" required/></label>
            <label>"Preferred supplier "
                <Loaded resource=suppliers render=|suppliers| view! {
                    <select name="supplier">
                        <option value="">"None"</option>
                        {suppliers.into_iter().map(|s| view! { <option value=s.id.to_string()>{s.name}</option> }).collect_view()}
                    </select>
                }/>
            </label>
            <button class="button" type="submit">"Save rule"</button>
        </ActionForm>
    }
}

/// The latest ledger movements of the variant.
#[component]
fn History(movements: Resource<Result<Vec<MovementRow>, AppError>>) -> impl IntoView {
    view! {
        <h3>"Stock history"</h3>
        <Loaded resource=movements render=|rows| view! {
            <table class="data" aria-label="Stock history">
                <thead><tr>
                    <th scope="col">"When"</th><th scope="col">"Where"</th><th scope="col">"What"</th>
                    <th scope="col">"On hand"</th><th scope="col">"Reserved"</th><th scope="col">"Who"</th><th scope="col">"Why"</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|m| view! {
                        <tr>
                            <td>{moment(m.at)}</td>
                            <td>{m.location}</td>
                            <td>{m.kind}</td>
                            <td>{signed(m.on_hand_change)}</td>
                            <td>{signed(m.reserved_change)}</td>
                            <td>{m.actor}</td>
                            <td>{[Some(m.reason).filter(|r| !r.is_empty()), m.reference].into_iter().flatten().collect::<Vec<_>>().join(" · ")}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        }/>
    }
}

fn signed(n: i32) -> String {
    match n {
        0 => String::new(),
        n if n > 0 => format!("+{n}"),
        n => n.to_string(),
    }
}
