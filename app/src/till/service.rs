//! In-store sales, shared by the admin till page and the JSON endpoint for external tills.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
    SqlErr,
};

use super::model::{Receipt, ReceiptLine, SaleRequest, StockReading, Store, TillItem};
use crate::backend::auth::unix_now;
use crate::backend::entities::{location, pos_sale, pos_sale_line, product, variant};
use crate::backend::lookup::variant_with_sku;
use crate::backend::AppState;
use crate::domain::{Currency, Money, Sku};
use crate::error::AppError;
use crate::inventory::domain::{MovementKind, StockChange};
use crate::inventory::{ledger, Movement, Mover};
use crate::till::domain::{basket_total, card_reference, change_due, merge_basket};
use crate::till::domain::{PosError, SaleNumber, TenderKind};

const STORE: &str = "store";

fn basket_problem(error: PosError) -> AppError {
    let field = match error {
        PosError::NotEnoughCash { .. } | PosError::BadTendered => "tendered",
        PosError::BadCardReference => "reference",
        PosError::BadPaymentMethod => "method",
        _ => "lines",
    };
    AppError::validation(field, error.to_string())
}

pub async fn stores<C: ConnectionTrait>(db: &C) -> Result<Vec<Store>, AppError> {
    Ok(location::Entity::find()
        .filter(location::Column::Kind.eq(STORE))
        .order_by_asc(location::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|l| Store {
            code: l.code,
            name: l.name,
        })
        .collect())
}

/// The store a sale is made in: a physical store, by code.
pub async fn store_by_code<C: ConnectionTrait>(
    db: &C,
    code: &str,
) -> Result<location::Model, AppError> {
    location::Entity::find()
        .filter(location::Column::Code.eq(code.trim()))
        .filter(location::Column::Kind.eq(STORE))
        .one(db)
        .await?
        .ok_or_else(|| {
            AppError::validation("location", format!("There is no store “{}”.", code.trim()))
        })
}

async fn product_name<C: ConnectionTrait>(
    db: &C,
    item: &variant::Model,
) -> Result<String, AppError> {
    Ok(product::Entity::find_by_id(item.product_id)
        .one(db)
        .await?
        .map(|p| p.name)
        .unwrap_or_default())
}

/// What the till shows after a scan.
pub async fn till_item<C: ConnectionTrait>(
    db: &C,
    store_code: &str,
    sku_text: &str,
) -> Result<TillItem, AppError> {
    let store = store_by_code(db, store_code).await?;
    let sku = Sku::parse(sku_text)?;
    let item = variant_with_sku(db, sku.as_str()).await?;
    let level = ledger::level(db, item.id, store.id)
        .await?
        .unwrap_or_default();
    Ok(TillItem {
        name: product_name(db, &item).await?,
        price: Money::from_minor(
            item.price_minor,
            Currency::parse(&item.currency).map_err(AppError::internal)?,
        ),
        sku: item.sku,
        available_here: level.available(),
    })
}

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
    let txn = crate::backend::db::begin_write(&state.db).await?;
    let store = store_by_code(&txn, store_code).await?;
    if let Some(earlier) = earlier_sale(&txn, store.id, client_reference).await? {
        drop(txn);
        return receipt(&state.db, earlier).await;
    }
    let currency = state.site.currency;
    let mut priced = Vec::with_capacity(basket.len());
    for (sku, quantity) in &basket {
        let item = variant_with_sku(&txn, sku.as_str()).await?;
        let price = Money::from_minor(
            item.price_minor,
            Currency::parse(&item.currency).map_err(AppError::internal)?,
        );
        let line_total = price
            .times(u32::try_from(*quantity).unwrap_or(0))
            .map_err(AppError::internal)?;
        let name = product_name(&txn, &item).await?;
        priced.push((item, *quantity, price, line_total, name));
    }
    let total = basket_total(
        currency,
        priced.iter().map(|(_, q, price, ..)| (*price, *q)),
    )
    .map_err(AppError::internal)?;
    let (tendered, change, card) = match method {
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
            (Some(tendered), Some(change), None)
        }
        TenderKind::CardPresent => {
            let reference = card_reference(request.payment.reference.as_deref().unwrap_or(""))
                .map_err(basket_problem)?;
            (None, None, reference)
        }
    };
    let recorded = pos_sale::ActiveModel {
        location_id: Set(store.id),
        payment_method: Set(method.code().to_string()),
        total_minor: Set(total.minor()),
        currency: Set(currency.code().to_string()),
        tendered_minor: Set(tendered.map(Money::minor)),
        change_minor: Set(change.map(Money::minor)),
        card_reference: Set(card),
        sold_by: Set(by.label().chars().take(254).collect()),
        client_reference: Set(client_reference.map(str::to_string)),
        created_at: Set(unix_now()),
        ..Default::default()
    }
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
    let reference = format!("sale {}", SaleNumber(sale.id));
    // Levels locked in one order (by variant) by every sale: no deadlocks between tills.
    priced.sort_by_key(|(item, ..)| item.id);
    for (item, quantity, price, line_total, name) in &priced {
        let taken = ledger::apply(
            &txn,
            &Movement {
                variant_id: item.id,
                location_id: store.id,
                kind: MovementKind::InStoreSale,
                change: StockChange::take(*quantity),
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
                name, item.sku, store.name
            )));
        }
        pos_sale_line::ActiveModel {
            pos_sale_id: Set(sale.id),
            variant_id: Set(Some(item.id)),
            sku: Set(item.sku.clone()),
            name: Set(name.chars().take(300).collect()),
            quantity: Set(*quantity),
            unit_price_minor: Set(price.minor()),
            line_total_minor: Set(line_total.minor()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    let variants: Vec<i32> = priced.iter().map(|(item, ..)| item.id).collect();
    crate::backend::change_feed::record_variants(&txn, &variants).await?;
    txn.commit().await?;
    receipt(&state.db, sale.id).await
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

/// Stock of the given SKUs at one store, for tills.
pub async fn stock_at<C: ConnectionTrait>(
    db: &C,
    store_code: &str,
    skus: &[String],
) -> Result<Vec<StockReading>, AppError> {
    if skus.is_empty() || skus.len() > 200 {
        return Err(AppError::validation(
            "sku",
            "Ask for between 1 and 200 SKUs, separated by commas.",
        ));
    }
    let store = store_by_code(db, store_code).await?;
    let mut out = Vec::with_capacity(skus.len());
    for text in skus {
        let sku = Sku::parse(text)?;
        let item = variant_with_sku(db, sku.as_str()).await?;
        let level = ledger::level(db, item.id, store.id)
            .await?
            .unwrap_or_default();
        out.push(StockReading {
            sku: item.sku,
            location: store.code.clone(),
            on_hand: level.on_hand,
            reserved: level.reserved,
            available: level.available(),
        });
    }
    Ok(out)
}
