//! Stock queries more than one area needs (the catalog shows availability, the cart checks it,
//! orders reserve and sell it).

use std::collections::HashMap;

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect,
};

use crate::backend::entities::{location, stock_level};
use crate::domain::available_units;
use crate::error::AppError;

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

/// Promises `quantity` units of a variant to an order, taking them from the online locations
/// in a fixed order (so concurrent orders lock rows in the same order and cannot deadlock).
///
/// Each location is taken with a conditional update (`reserved + n <= on_hand`), so two
/// checkouts racing for the last unit cannot both get it, on SQLite or PostgreSQL; the loser
/// learns how many units there really were. Run it inside the order's transaction.
pub async fn reserve<C: ConnectionTrait>(
    db: &C,
    order_id: i32,
    variant_id: i32,
    quantity: i64,
) -> Result<Result<(), i64>, AppError> {
    use sea_orm::sea_query::Expr;
    use sea_orm::{QueryOrder, Set};

    use crate::backend::entities::stock_reservation;

    let online = online_locations(db).await?;
    let levels = stock_level::Entity::find()
        .filter(stock_level::Column::VariantId.eq(variant_id))
        .filter(stock_level::Column::LocationId.is_in(online))
        .order_by_asc(stock_level::Column::Id)
        .all(db)
        .await?;
    let mut missing = quantity;
    for level in &levels {
        let free = i64::from(level.on_hand - level.reserved).max(0);
        let take = free.min(missing);
        if take == 0 {
            continue;
        }
        let taken = stock_level::Entity::update_many()
            .col_expr(
                stock_level::Column::Reserved,
                Expr::col(stock_level::Column::Reserved).add(take),
            )
            .filter(stock_level::Column::Id.eq(level.id))
            .filter(
                Expr::expr(Expr::col(stock_level::Column::Reserved).add(take))
                    .lte(Expr::col(stock_level::Column::OnHand)),
            )
            .exec(db)
            .await?
            .rows_affected;
        if taken == 0 {
            // Someone else got there between our read and our write.
            continue;
        }
        stock_reservation::ActiveModel {
            order_id: Set(order_id),
            variant_id: Set(variant_id),
            location_id: Set(level.location_id),
            quantity: Set(i32::try_from(take).map_err(AppError::internal)?),
            ..Default::default()
        }
        .insert(db)
        .await?;
        missing -= take;
        if missing == 0 {
            crate::backend::search::changes::record_variants(db, &[variant_id]).await?;
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
    end: ReservationEnd,
) -> Result<(), AppError> {
    use sea_orm::sea_query::Expr;

    use crate::backend::entities::stock_reservation;

    let held = stock_reservation::Entity::find()
        .filter(stock_reservation::Column::OrderId.eq(order_id))
        .all(db)
        .await?;
    for reservation in &held {
        let mut update = stock_level::Entity::update_many().col_expr(
            stock_level::Column::Reserved,
            Expr::col(stock_level::Column::Reserved).sub(reservation.quantity),
        );
        if end == ReservationEnd::Sold {
            update = update.col_expr(
                stock_level::Column::OnHand,
                Expr::col(stock_level::Column::OnHand).sub(reservation.quantity),
            );
        }
        update
            .filter(stock_level::Column::VariantId.eq(reservation.variant_id))
            .filter(stock_level::Column::LocationId.eq(reservation.location_id))
            .exec(db)
            .await?;
    }
    stock_reservation::Entity::delete_many()
        .filter(stock_reservation::Column::OrderId.eq(order_id))
        .exec(db)
        .await?;
    let variants: Vec<i32> = held.iter().map(|r| r.variant_id).collect();
    crate::backend::search::changes::record_variants(db, &variants).await?;
    Ok(())
}

/// Puts `quantity` units of a variant back on the shelf (a refund or cancellation of a paid
/// order): at the first location that sells online, so they are for sale again at once.
pub async fn return_to_shelf<C: ConnectionTrait>(
    db: &C,
    variant_id: i32,
    quantity: i32,
) -> Result<(), AppError> {
    use sea_orm::sea_query::Expr;
    use sea_orm::{QueryOrder, Set};

    let Some(place) = location::Entity::find()
        .filter(location::Column::SellsOnline.eq(true))
        .order_by_asc(location::Column::Id)
        .one(db)
        .await?
    else {
        return Err(AppError::Conflict(
            "No location sells online, so the units have nowhere to go back to.".into(),
        ));
    };
    let updated = stock_level::Entity::update_many()
        .col_expr(
            stock_level::Column::OnHand,
            Expr::col(stock_level::Column::OnHand).add(quantity),
        )
        .filter(stock_level::Column::VariantId.eq(variant_id))
        .filter(stock_level::Column::LocationId.eq(place.id))
        .exec(db)
        .await?
        .rows_affected;
    if updated == 0 {
        stock_level::ActiveModel {
            variant_id: Set(variant_id),
            location_id: Set(place.id),
            on_hand: Set(quantity),
            reserved: Set(0),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    crate::backend::search::changes::record_variants(db, &[variant_id]).await?;
    Ok(())
}
