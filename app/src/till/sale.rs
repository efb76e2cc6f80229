//! Recording an in-store sale: the basket priced, the payment checked, and every unit taken off
//! the store's shelf through the ledger, in one transaction.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
    SqlErr,
};

use super::model::{Receipt, ReceiptLine, SaleRequest};
use super::service::{basket_problem, product_name, store_by_code};
use crate::backend::auth::unix_now;
use crate::backend::entities::{location, pos_sale, pos_sale_line, variant};
use crate::backend::lookup::variant_with_sku;
use crate::backend::AppState;
use crate::domain::{Currency, Money, Sku};
use crate::error::AppError;
use crate::inventory::domain::{MovementKind, StockChange};
use crate::inventory::{ledger, Movement, Mover};
use crate::till::domain::{basket_total, card_reference, change_due, merge_basket};
use crate::till::domain::{PosError, SaleNumber, TenderKind};

/// Records an in-store sale: every unit leaves the store's shelf through the ledger in one
/// transaction, or nothing happens (an item the store no longer has is refused with how many
/// are left). A repeated `client_reference` returns the first sale's receipt.
pub async fn record_sale(
    state: &AppState,
    by: &Mover,
    store_code: &str,
    request: &SaleRequest,
) -> Result<Receipt, AppError> {
    let basket = merge_basket(&request.lines).map_err(basket_problem)?;
    let method = TenderKind::from_code(&request.payment.method).map_err(basket_problem)?;
    let client_reference = client_reference_of(request)?;
    let txn = crate::backend::db::begin_write(&state.db).await?;
    let store = store_by_code(&txn, store_code).await?;
    if let Some(earlier) = earlier_sale(&txn, store.id, client_reference).await? {
        drop(txn);
        return receipt(&state.db, earlier).await;
    }
    let currency = state.site.currency;
    let mut priced = price_basket(&txn, &basket).await?;
    let total = basket_total(currency, priced.iter().map(|l| (l.price, l.quantity)))
        .map_err(AppError::internal)?;
    let tender = Tender::of(method, request, total, currency)?;
    let recorded = sale_row(
        store.id,
        method,
        total,
        currency,
        tender,
        by,
        client_reference,
    )
    .insert(&txn)
    .await;
    let sale = match recorded {
        Ok(sale) => sale,
        // The till posted the same sale again while its first try was still being recorded
        // (PostgreSQL lets both look before either writes): the first one stands.
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            drop(txn);
            return match earlier_sale(&state.db, store.id, client_reference).await? {
                Some(earlier) => receipt(&state.db, earlier).await,
                None => Err(err.into()),
            };
        }
        Err(err) => return Err(err.into()),
    };
    take_from_shelf(&txn, by, &store, sale.id, &mut priced).await?;
    let variants: Vec<i32> = priced.iter().map(|l| l.item.id).collect();
    crate::backend::change_feed::record_variants(&txn, &variants).await?;
    txn.commit().await?;
    receipt(&state.db, sale.id).await
}

/// The till's own id for the sale, if it sent one.
fn client_reference_of(request: &SaleRequest) -> Result<Option<&str>, AppError> {
    let client_reference = request
        .client_reference
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    if client_reference.is_some_and(|r| r.chars().count() > 100) {
        return Err(AppError::validation(
            "client_reference",
            "The till's sale id has at most 100 characters.",
        ));
    }
    Ok(client_reference)
}

/// One basket line at the variant's current price.
struct PricedLine {
    item: variant::Model,
    quantity: i32,
    price: Money,
    line_total: Money,
    name: String,
}

async fn price_basket<C: ConnectionTrait>(
    txn: &C,
    basket: &[(Sku, i32)],
) -> Result<Vec<PricedLine>, AppError> {
    let mut priced = Vec::with_capacity(basket.len());
    for (sku, quantity) in basket {
        let item = variant_with_sku(txn, sku.as_str()).await?;
        let price = Money::from_minor(
            item.price_minor,
            Currency::parse(&item.currency).map_err(AppError::internal)?,
        );
        let line_total = price
            .times(u32::try_from(*quantity).unwrap_or(0))
            .map_err(AppError::internal)?;
        let name = product_name(txn, &item).await?;
        priced.push(PricedLine {
            item,
            quantity: *quantity,
            price,
            line_total,
            name,
        });
    }
    Ok(priced)
}

/// How the sale was paid: the cash handed over and the change, or the terminal's approval code.
#[derive(Debug, Clone)]
struct Tender {
    tendered: Option<Money>,
    change: Option<Money>,
    card: Option<String>,
}

impl Tender {
    fn of(
        method: TenderKind,
        request: &SaleRequest,
        total: Money,
        currency: Currency,
    ) -> Result<Tender, AppError> {
        match method {
            TenderKind::Cash => {
                let tendered = request
                    .payment
                    .tendered
                    .as_deref()
                    .map(|t| Money::parse(t, currency))
                    .transpose()
                    .map_err(|_| basket_problem(PosError::BadTendered))?
                    .unwrap_or(total);
                let change = change_due(total, tendered).map_err(basket_problem)?;
                Ok(Tender {
                    tendered: Some(tendered),
                    change: Some(change),
                    card: None,
                })
            }
            TenderKind::CardPresent => {
                let reference = card_reference(request.payment.reference.as_deref().unwrap_or(""))
                    .map_err(basket_problem)?;
                Ok(Tender {
                    tendered: None,
                    change: None,
                    card: reference,
                })
            }
        }
    }
}

fn sale_row(
    store_id: i32,
    method: TenderKind,
    total: Money,
    currency: Currency,
    tender: Tender,
    by: &Mover,
    client_reference: Option<&str>,
) -> pos_sale::ActiveModel {
    pos_sale::ActiveModel {
        location_id: Set(store_id),
        payment_method: Set(method.code().to_string()),
        total_minor: Set(total.minor()),
        currency: Set(currency.code().to_string()),
        tendered_minor: Set(tender.tendered.map(Money::minor)),
        change_minor: Set(tender.change.map(Money::minor)),
        card_reference: Set(tender.card),
        sold_by: Set(by.label().chars().take(254).collect()),
        client_reference: Set(client_reference.map(str::to_string)),
        created_at: Set(unix_now()),
        ..Default::default()
    }
}

/// Every line's units leave the store's shelf through the ledger, and the sale gets its lines;
/// a line the shelf cannot cover refuses the whole sale.
async fn take_from_shelf<C: ConnectionTrait>(
    txn: &C,
    by: &Mover,
    store: &location::Model,
    sale_id: i32,
    priced: &mut [PricedLine],
) -> Result<(), AppError> {
    let reference = format!("sale {}", SaleNumber(sale_id));
    // Levels locked in one order (by variant) by every sale: no deadlocks between tills.
    priced.sort_by_key(|l| l.item.id);
    for line in priced.iter() {
        let taken = ledger::apply(
            txn,
            &Movement {
                variant_id: line.item.id,
                location_id: store.id,
                kind: MovementKind::InStoreSale,
                change: StockChange::take(line.quantity),
                reason: "",
                by,
                reference: Some(&reference),
            },
        )
        .await?;
        if let Err(level) = taken {
            let left = level.available().max(0);
            return Err(AppError::Conflict(format!(
                "{} ({}): only {left} left at {} — the sale was not recorded.",
                line.name, line.item.sku, store.name
            )));
        }
        pos_sale_line::ActiveModel {
            pos_sale_id: Set(sale_id),
            variant_id: Set(Some(line.item.id)),
            sku: Set(line.item.sku.clone()),
            name: Set(line.name.chars().take(300).collect()),
            quantity: Set(line.quantity),
            unit_price_minor: Set(line.price.minor()),
            line_total_minor: Set(line.line_total.minor()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    Ok(())
}

/// The sale a till already recorded under its own id in this store, if any.
async fn earlier_sale<C: ConnectionTrait>(
    db: &C,
    store_id: i32,
    client_reference: Option<&str>,
) -> Result<Option<i32>, AppError> {
    let Some(reference) = client_reference else {
        return Ok(None);
    };
    Ok(pos_sale::Entity::find()
        .filter(pos_sale::Column::LocationId.eq(store_id))
        .filter(pos_sale::Column::ClientReference.eq(reference))
        .one(db)
        .await?
        .map(|sale| sale.id))
}

pub async fn receipt<C: ConnectionTrait>(db: &C, sale_id: i32) -> Result<Receipt, AppError> {
    let sale = pos_sale::Entity::find_by_id(sale_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("this sale"))?;
    let store = location::Entity::find_by_id(sale.location_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::internal("sale without store"))?;
    let currency = Currency::parse(&sale.currency).map_err(AppError::internal)?;
    let money = |minor| Money::from_minor(minor, currency);
    let lines = pos_sale_line::Entity::find()
        .filter(pos_sale_line::Column::PosSaleId.eq(sale.id))
        .order_by_asc(pos_sale_line::Column::Id)
        .all(db)
        .await?;
    Ok(Receipt {
        number: SaleNumber(sale.id).to_string(),
        store_name: store.name,
        store_address: format!("{}, {}", store.address, store.city),
        sold_at: sale.created_at,
        sold_by: sale.sold_by,
        lines: lines
            .into_iter()
            .map(|l| ReceiptLine {
                sku: l.sku,
                name: l.name,
                quantity: l.quantity,
                unit_price: money(l.unit_price_minor),
                line_total: money(l.line_total_minor),
            })
            .collect(),
        total: money(sale.total_minor),
        payment: TenderKind::from_code(&sale.payment_method).map_err(AppError::internal)?,
        tendered: sale.tendered_minor.map(money),
        change: sale.change_minor.map(money),
        card_reference: sale.card_reference,
    })
}
