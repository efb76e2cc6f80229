//! Transfers, stock history and the online reservation order.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde::Serialize;

use super::model::{LocationRow, MovementRow};
use crate::admin::service::{location_with_code, variant_with_sku};
use crate::backend::auth::{audit, Actor};
use crate::backend::entities::{location, stock_movement};
use crate::backend::stock::{ledger, Movement, Mover};
use crate::backend::AppState;
use crate::domain::{MovementKind, StockChange};
use crate::error::AppError;

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
    units: i32,
    reason: &str,
) -> Result<(), AppError> {
    if !(1..=1_000_000).contains(&units) {
        return Err(AppError::validation(
            "units",
            "Transfer a whole number of units from 1 to 1,000,000.",
        ));
    }
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
    // Both ends first, then the reorder points: the units only changed places. The two levels
    // are locked in location order, so opposite transfers cannot deadlock on PostgreSQL.
    if to.id < from.id {
        ledger::apply_unwatched(&txn, &arrival)
            .await?
            .map_err(|_| AppError::internal("a transfer could not arrive"))?;
    }
    if let Err(level) = ledger::apply_unwatched(&txn, &out).await? {
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
    if to.id > from.id {
        ledger::apply_unwatched(&txn, &arrival)
            .await?
            .map_err(|_| AppError::internal("a transfer could not arrive"))?;
    }
    crate::backend::stock::reorder_watch::after_movement(&txn, found.id).await?;
    crate::backend::search::changes::record_variants(&txn, &[found.id]).await?;
    audit::record(
        &txn,
        actor,
        "stock.transfer",
        &found.sku,
        None::<&()>,
        Some(&TransferRecord {
            from: &from.code,
            to: &to.code,
            units,
            reason,
        }),
    )
    .await?;
    txn.commit().await?;
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
    crate::backend::search::changes::record_rebuild(&txn).await?;
    audit::record(
        &txn,
        actor,
        "location.online",
        &place.code,
        Some(&before),
        Some(&LocationRecord {
            sells_online,
            online_rank,
        }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
