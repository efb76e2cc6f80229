//! Stock that more than one area needs: the catalog shows availability, the cart checks it,
//! orders reserve and sell it; every change goes through the ledger (`ledger`).

use std::collections::HashMap;

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect,
};

use super::ledger::{self, Movement, Mover};
use crate::backend::entities::{location, stock_level};
use crate::error::AppError;
use crate::inventory::domain::{available_units, MovementKind, StockChange};

/// The locations whose stock is sold online.
async fn online_locations<C: ConnectionTrait>(db: &C) -> Result<Vec<i32>, AppError> {
    Ok(location::Entity::find()
        .filter(location::Column::SellsOnline.eq(true))
        .select_only()
        .column(location::Column::Id)
        .into_tuple()
        .all(db)
        .await?)
}

/// Units that can still be sold online, per variant, over the locations that sell online.
/// Variants without stock records are missing from the map (none available).
pub async fn available_online<C: ConnectionTrait>(
    db: &C,
    variant_ids: &[i32],
) -> Result<HashMap<i32, i64>, AppError> {
    let online = online_locations(db).await?;
    let levels: Vec<(i32, i32, i32)> = stock_level::Entity::find()
        .select_only()
        .columns([
            stock_level::Column::VariantId,
            stock_level::Column::OnHand,
            stock_level::Column::Reserved,
        ])
        .filter(stock_level::Column::VariantId.is_in(variant_ids.to_vec()))
        .filter(stock_level::Column::LocationId.is_in(online))
        .into_tuple()
        .all(db)
        .await?;
    let mut by_variant: HashMap<i32, Vec<(i32, i32)>> = HashMap::new();
    for (variant, on_hand, reserved) in levels {
        by_variant
            .entry(variant)
            .or_default()
            .push((on_hand, reserved));
    }
    Ok(by_variant
        .into_iter()
        .map(|(variant, levels)| (variant, available_units(levels)))
        .collect())
}

/// The locations online orders are served from, in the order they are reserved from: ascending
/// rank (staff set it, e.g. the main warehouse first), then id.
pub async fn online_locations_in_order<C: ConnectionTrait>(db: &C) -> Result<Vec<i32>, AppError> {
    use sea_orm::QueryOrder;
    Ok(location::Entity::find()
        .filter(location::Column::SellsOnline.eq(true))
        .order_by_asc(location::Column::OnlineRank)
        .order_by_asc(location::Column::Id)
        .select_only()
        .column(location::Column::Id)
        .into_tuple()
        .all(db)
        .await?)
}

/// Promises `quantity` units of a variant to an order, taking them from the online locations
/// in their configured order.
///
/// Each location is taken through the ledger's conditional update, so two checkouts racing for
/// the last unit cannot both get it, on SQLite or PostgreSQL; the loser learns how many units
/// there really were. Run it inside the order's transaction.
pub async fn reserve<C: ConnectionTrait>(
    db: &C,
    order_id: i32,
    order_number: &str,
    variant_id: i32,
    quantity: i64,
) -> Result<Result<(), i64>, AppError> {
    use sea_orm::Set;

    use crate::backend::entities::stock_reservation;

    let online = online_locations_in_order(db).await?;
    let levels = stock_level::Entity::find()
        .filter(stock_level::Column::VariantId.eq(variant_id))
        .filter(stock_level::Column::LocationId.is_in(online.clone()))
        .all(db)
        .await?;
    let reference = format!("order {order_number}");
    let mut missing = quantity;
    for location_id in online {
        let Some(level) = levels.iter().find(|l| l.location_id == location_id) else {
            continue;
        };
        let free = i64::from(level.on_hand - level.reserved).max(0);
        let take = i32::try_from(free.min(missing)).map_err(AppError::internal)?;
        if take == 0 {
            continue;
        }
        let reserved = ledger::apply(
            db,
            &Movement {
                variant_id,
                location_id,
                kind: MovementKind::Reservation,
                change: StockChange::reserve(take),
                reason: "",
                by: &Mover::Shopper,
                reference: Some(&reference),
            },
        )
        .await?;
        if reserved.is_err() {
            // Someone else got there between our read and our write.
            continue;
        }
        stock_reservation::ActiveModel {
            order_id: Set(order_id),
            variant_id: Set(variant_id),
            location_id: Set(location_id),
            quantity: Set(take),
            ..Default::default()
        }
        .insert(db)
        .await?;
        missing -= i64::from(take);
        if missing == 0 {
            crate::backend::change_feed::record_variants(db, &[variant_id]).await?;
            return Ok(Ok(()));
        }
    }
    Ok(Err(quantity - missing))
}

/// What happens to an order's reservations: they go back to the shelf (cancelled, expired) or
/// leave it as sold (paid).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReservationEnd {
    Released,
    Sold,
}

/// Ends every reservation of `order_id`; run it in the transaction that changes the order's
/// status, so the stock moves exactly once.
pub async fn end_reservations<C: ConnectionTrait>(
    db: &C,
    order_id: i32,
    order_number: &str,
    end: ReservationEnd,
) -> Result<(), AppError> {
    use crate::backend::entities::stock_reservation;

    use sea_orm::QueryOrder;

    // In the order checkouts lock levels in (by variant), so no two transactions deadlock.
    let held = stock_reservation::Entity::find()
        .filter(stock_reservation::Column::OrderId.eq(order_id))
        .order_by_asc(stock_reservation::Column::VariantId)
        .order_by_asc(stock_reservation::Column::Id)
        .all(db)
        .await?;
    let reference = format!("order {order_number}");
    for reservation in &held {
        let (kind, change) = match end {
            ReservationEnd::Sold => (
                MovementKind::Sale,
                StockChange::sell_reserved(reservation.quantity),
            ),
            ReservationEnd::Released => (
                MovementKind::Release,
                StockChange::release(reservation.quantity),
            ),
        };
        let moved = ledger::apply(
            db,
            &Movement {
                variant_id: reservation.variant_id,
                location_id: reservation.location_id,
                kind,
                change,
                reason: "",
                by: &Mover::Shopper,
                reference: Some(&reference),
            },
        )
        .await?;
        if moved.is_err() {
            return Err(AppError::internal(format!(
                "the reservation of order {order_number} is missing from its stock level"
            )));
        }
    }
    stock_reservation::Entity::delete_many()
        .filter(stock_reservation::Column::OrderId.eq(order_id))
        .exec(db)
        .await?;
    let variants: Vec<i32> = held.iter().map(|r| r.variant_id).collect();
    crate::backend::change_feed::record_variants(db, &variants).await?;
    Ok(())
}

/// Puts `quantity` units of a variant back on the shelf (a refund or cancellation of a paid
/// order): at the first location online orders are served from, so they are for sale again at
/// once.
pub async fn return_to_shelf<C: ConnectionTrait>(
    db: &C,
    variant_id: i32,
    quantity: i32,
    reference: &str,
    by: &Mover,
) -> Result<(), AppError> {
    let Some(location_id) = online_locations_in_order(db).await?.first().copied() else {
        return Err(AppError::Conflict(
            "No location sells online, so the units have nowhere to go back to.".into(),
        ));
    };
    ledger::apply(
        db,
        &Movement {
            variant_id,
            location_id,
            kind: MovementKind::Return,
            change: StockChange::add(quantity),
            reason: "",
            by,
            reference: Some(reference),
        },
    )
    .await?
    .map_err(|_| AppError::internal("a return could not be added to stock"))?;
    crate::backend::change_feed::record_variants(db, &[variant_id]).await?;
    Ok(())
}
