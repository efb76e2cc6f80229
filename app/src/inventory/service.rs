//! Transfers, stock history and the online reservation order.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde::Serialize;

use super::model::{LocationRow, MovementRow, StockAtLocation, VariantAdmin};
use crate::audit;
use crate::backend::auth::Actor;
use crate::backend::entities::{
    location, product, stock_level, stock_movement, variant_option_value,
};
use crate::backend::lookup::{find_variant, location_with_code, sku, variant_with_sku};
use crate::backend::AppState;
use crate::domain::{Currency, Money};
use crate::error::AppError;
use crate::inventory::domain::{Level, LevelLockOrder, MovementKind, StockChange, Units};
use crate::inventory::{ledger, Movement, Mover};

/// How many history lines the stock page shows.
pub const HISTORY_LIMIT: u64 = 100;

/// The latest movements of a variant, newest first.
pub async fn movements<C: ConnectionTrait>(
    db: &C,
    sku: &str,
) -> Result<Vec<MovementRow>, AppError> {
    let found = variant_with_sku(db, sku).await?;
    let places: Vec<location::Model> = location::Entity::find().all(db).await?;
    let rows = stock_movement::Entity::find()
        .filter(stock_movement::Column::VariantId.eq(found.id))
        .order_by_desc(stock_movement::Column::Id)
        .limit(HISTORY_LIMIT)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|m| MovementRow {
            at: m.at,
            location: places
                .iter()
                .find(|p| p.id == m.location_id)
                .map(|p| p.name.clone())
                .unwrap_or_default(),
            kind: MovementKind::from_code(&m.kind)
                .map_or_else(|| m.kind.clone(), |k| k.label().to_string()),
            on_hand_change: m.on_hand_change,
            reserved_change: m.reserved_change,
            reason: m.reason,
            actor: m.actor,
            reference: m.reference,
        })
        .collect())
}

#[derive(Serialize)]
struct TransferRecord<'a> {
    from: &'a str,
    to: &'a str,
    units: i32,
    reason: &'a str,
}

/// Moves `units` of a variant from one location to another: two ledger movements in one
/// transaction. Only units that are free (not promised to orders) can leave.
pub async fn transfer(
    state: &AppState,
    actor: &Actor,
    sku: &str,
    from_code: &str,
    to_code: &str,
    units: Units,
    reason: &str,
) -> Result<(), AppError> {
    let units = units.get();
    let reason = reason.trim();
    let txn = crate::backend::db::begin_write(&state.db).await?;
    let found = variant_with_sku(&txn, sku).await?;
    let from = location_with_code(&txn, "from", from_code).await?;
    let to = location_with_code(&txn, "to", to_code).await?;
    if from.id == to.id {
        return Err(AppError::validation(
            "to",
            "Choose two different locations.",
        ));
    }
    let by = Mover::Staff(actor.email.clone());
    let reference = format!("transfer {} → {}", from.code, to.code);
    let out = Movement {
        variant_id: found.id,
        location_id: from.id,
        kind: MovementKind::Transfer,
        change: StockChange::take(units),
        reason,
        by: &by,
        reference: Some(&reference),
    };
    let arrival = Movement {
        location_id: to.id,
        change: StockChange::add(units),
        ..out.clone()
    };
    move_both_ends(&txn, &from, &to, &out, &arrival).await?;
    crate::inventory::reorder_watch::after_movement(&txn, found.id).await?;
    crate::backend::change_feed::record_variants(&txn, &[found.id]).await?;
    audit::record_after(
        &txn,
        actor,
        "stock.transfer",
        &found.sku,
        &TransferRecord {
            from: &from.code,
            to: &to.code,
            units,
            reason,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Takes the units from one end and puts them at the other, without looking at reorder points
/// yet (the units only changed places). The two levels are locked in the order checkout
/// reserves in, so that a transfer and a checkout (or two opposite transfers) never wait on each
/// other in a circle: PostgreSQL would abort one of them as a deadlock.
async fn move_both_ends<C: ConnectionTrait>(
    txn: &C,
    from: &location::Model,
    to: &location::Model,
    out: &Movement<'_>,
    arrival: &Movement<'_>,
) -> Result<(), AppError> {
    let arrival_first =
        LevelLockOrder::of(to.online_rank, to.id) < LevelLockOrder::of(from.online_rank, from.id);
    if arrival_first {
        ledger::apply_unwatched(txn, arrival)
            .await?
            .map_err(|_| AppError::internal("a transfer could not arrive"))?;
    }
    if let Err(level) = ledger::apply_unwatched(txn, out).await? {
        return Err(AppError::validation(
            "units",
            format!(
                "{} has only {} units free to move (on hand {}, reserved {}).",
                from.name,
                level.available().max(0),
                level.on_hand,
                level.reserved
            ),
        ));
    }
    if !arrival_first {
        ledger::apply_unwatched(txn, arrival)
            .await?
            .map_err(|_| AppError::internal("a transfer could not arrive"))?;
    }
    Ok(())
}

pub async fn locations<C: ConnectionTrait>(db: &C) -> Result<Vec<LocationRow>, AppError> {
    Ok(location::Entity::find()
        .order_by_asc(location::Column::OnlineRank)
        .order_by_asc(location::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|l| LocationRow {
            code: l.code,
            name: l.name,
            kind: l.kind,
            sells_online: l.sells_online,
            online_rank: l.online_rank,
        })
        .collect())
}

#[derive(Serialize)]
struct LocationRecord {
    sells_online: bool,
    online_rank: i32,
}

/// Whether a location serves online orders, and its place in the order they reserve from
/// (lower first).
pub async fn set_online(
    state: &AppState,
    actor: &Actor,
    code: &str,
    sells_online: bool,
    online_rank: i32,
) -> Result<(), AppError> {
    if !(0..=1000).contains(&online_rank) {
        return Err(AppError::validation(
            "online_rank",
            "The order is a number from 0 (first) to 1000.",
        ));
    }
    let txn = crate::backend::db::begin_write(&state.db).await?;
    let place = location_with_code(&txn, "code", code).await?;
    let before = LocationRecord {
        sells_online: place.sells_online,
        online_rank: place.online_rank,
    };
    location::ActiveModel {
        id: Set(place.id),
        sells_online: Set(sells_online),
        online_rank: Set(online_rank),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    // Availability online changes for everything this location holds.
    crate::backend::change_feed::record_rebuild(&txn).await?;
    audit::record_change(
        &txn,
        actor,
        "location.online",
        &place.code,
        &before,
        &LocationRecord {
            sells_online,
            online_rank,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

pub async fn variant_by_sku(state: &AppState, sku_text: &str) -> Result<VariantAdmin, AppError> {
    let sku = sku(sku_text)?;
    let found = find_variant(&state.db, &sku).await?;
    let owner = product::Entity::find_by_id(found.product_id)
        .one(&state.db)
        .await?
        .ok_or_else(|| AppError::not_found("this product"))?;
    let options = variant_option_value::Entity::find()
        .filter(variant_option_value::Column::VariantId.eq(found.id))
        .order_by_asc(variant_option_value::Column::Position)
        .all(&state.db)
        .await?;
    let locations = location::Entity::find()
        .order_by_asc(location::Column::Id)
        .all(&state.db)
        .await?;
    let levels = stock_level::Entity::find()
        .filter(stock_level::Column::VariantId.eq(found.id))
        .all(&state.db)
        .await?;
    let currency = Currency::parse(&found.currency).map_err(AppError::internal)?;
    Ok(VariantAdmin {
        sku: found.sku.clone(),
        product_name: owner.name,
        variant_name: options
            .iter()
            .map(|o| format!("{}: {}", o.name, o.value))
            .collect::<Vec<_>>()
            .join(", "),
        price: Money::from_minor(found.price_minor, currency).to_decimal_string(),
        stock: locations
            .into_iter()
            .map(|place| {
                let level = levels.iter().find(|l| l.location_id == place.id);
                StockAtLocation {
                    location_code: place.code,
                    location_name: place.name,
                    on_hand: level.map_or(0, |l| l.on_hand),
                    reserved: level.map_or(0, |l| l.reserved),
                }
            })
            .collect(),
    })
}

/// Sets how many units of a variant a location holds (a count after a stocktake), as a ledger
/// adjustment with its reason. Fewer than are promised to orders is refused: those units are
/// already sold.
pub async fn set_stock_level(
    state: &AppState,
    actor: &Actor,
    sku_text: &str,
    location_code: &str,
    on_hand: Units,
    reason: &str,
) -> Result<(), AppError> {
    let sku = sku(sku_text)?;
    let on_hand = on_hand.get();
    let reason = match reason.trim() {
        "" => "Stock count",
        given => given,
    };
    let txn = crate::backend::db::begin_write(&state.db).await?;
    let found = find_variant(&txn, &sku).await?;
    let place = location_with_code(&txn, "location", location_code).await?;
    let before = ledger::level(&txn, found.id, place.id)
        .await?
        .unwrap_or_default();
    let by = Mover::Staff(actor.email.clone());
    if let Err(level) = ledger::count(&txn, found.id, place.id, on_hand, reason, &by).await? {
        let reserved = level.reserved;
        return Err(AppError::validation(
            "on_hand",
            format!(
                "{reserved} units are reserved for orders, so stock cannot go below {reserved}."
            ),
        ));
    }
    crate::backend::change_feed::record_variants(&txn, &[found.id]).await?;
    audit::record_change(
        &txn,
        actor,
        "stock.set",
        &format!("{sku} at {}", place.code),
        &before,
        &Level {
            on_hand,
            reserved: before.reserved,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
