//! The stock-movement ledger: the only way a stock level changes. Each change is applied as one
//! conditional update (the database refuses a level that would promise more than it holds, so
//! concurrent sales cannot oversell on SQLite or PostgreSQL) and written as a movement row in the
//! same transaction, so every level always equals the sum of its movements.

use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use super::reorder_watch;
use crate::backend::entities::{stock_level, stock_movement};
use crate::error::AppError;
use crate::inventory::domain::{Level, MovementKind, StockChange};

/// Who moved stock, as the ledger shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mover {
    /// A member of staff, by e-mail.
    Staff(String),
    /// A till or terminal, by its API key's name.
    Till(String),
    /// A shopper's order.
    Shopper,
    /// The shop itself (expiry, background jobs, migrations).
    System,
}

impl Mover {
    pub fn label(&self) -> String {
        match self {
            Mover::Staff(email) => email.clone(),
            Mover::Till(name) => format!("till: {name}"),
            Mover::Shopper => "shopper".to_string(),
            Mover::System => "system".to_string(),
        }
    }
}

/// One change to the stock of a variant at a location.
#[derive(Debug, Clone)]
pub struct Movement<'a> {
    pub variant_id: i32,
    pub location_id: i32,
    pub kind: MovementKind,
    pub change: StockChange,
    pub reason: &'a str,
    pub by: &'a Mover,
    /// What it belongs to: "order M-1001", "PO-00003", "sale S-000004".
    pub reference: Option<&'a str>,
}

/// Applies `movement` inside the caller's transaction. `Ok(Err(level))` means the level could not
/// take it (there were not enough units); nothing was written, and `level` is what there is.
pub async fn apply<C: ConnectionTrait>(
    db: &C,
    movement: &Movement<'_>,
) -> Result<Result<(), Level>, AppError> {
    let applied = apply_unwatched(db, movement).await?;
    if applied.is_ok() {
        reorder_watch::after_movement(db, movement.variant_id).await?;
    }
    Ok(applied)
}

/// `apply` without re-checking reorder points, for a change made of several movements that only
/// counts as a whole (a transfer's two ends: its first half alone would look like a fall below a
/// point watched over all locations). Call `reorder_watch::after_movement` once all are in.
pub async fn apply_unwatched<C: ConnectionTrait>(
    db: &C,
    movement: &Movement<'_>,
) -> Result<Result<(), Level>, AppError> {
    if !update_level(db, movement).await? {
        match level(db, movement.variant_id, movement.location_id).await? {
            Some(level) => return Ok(Err(level)),
            None => {
                create_empty_level(db, movement.variant_id, movement.location_id).await?;
                if !update_level(db, movement).await? {
                    return Ok(Err(Level::default()));
                }
            }
        }
    }
    stock_movement::ActiveModel {
        variant_id: Set(movement.variant_id),
        location_id: Set(movement.location_id),
        kind: Set(movement.kind.code().to_string()),
        on_hand_change: Set(movement.change.on_hand),
        reserved_change: Set(movement.change.reserved),
        reason: Set(movement.reason.chars().take(300).collect()),
        actor: Set(movement.by.label().chars().take(254).collect()),
        reference: Set(movement
            .reference
            .map(|r| r.chars().take(80).collect::<String>())),
        at: Set(crate::backend::auth::unix_now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(Ok(()))
}

/// The same rule as `domain::Level::after`, as a conditional update.
async fn update_level<C: ConnectionTrait>(
    db: &C,
    movement: &Movement<'_>,
) -> Result<bool, AppError> {
    let StockChange { on_hand, reserved } = movement.change;
    let reserved_after = Expr::col(stock_level::Column::Reserved).add(reserved);
    let updated = stock_level::Entity::update_many()
        .col_expr(
            stock_level::Column::OnHand,
            Expr::col(stock_level::Column::OnHand).add(on_hand),
        )
        .col_expr(stock_level::Column::Reserved, reserved_after.clone())
        .filter(stock_level::Column::VariantId.eq(movement.variant_id))
        .filter(stock_level::Column::LocationId.eq(movement.location_id))
        .filter(Expr::expr(reserved_after.clone()).gte(0))
        .filter(Expr::expr(reserved_after).lte(Expr::col(stock_level::Column::OnHand).add(on_hand)))
        .exec(db)
        .await?;
    Ok(updated.rows_affected == 1)
}

pub async fn level<C: ConnectionTrait>(
    db: &C,
    variant_id: i32,
    location_id: i32,
) -> Result<Option<Level>, AppError> {
    Ok(stock_level::Entity::find()
        .filter(stock_level::Column::VariantId.eq(variant_id))
        .filter(stock_level::Column::LocationId.eq(location_id))
        .one(db)
        .await?
        .map(|l| Level {
            on_hand: l.on_hand,
            reserved: l.reserved,
        }))
}

/// A level of zero that a movement can then change; a concurrent twin is fine (the unique index
/// keeps one).
async fn create_empty_level<C: ConnectionTrait>(
    db: &C,
    variant_id: i32,
    location_id: i32,
) -> Result<(), AppError> {
    stock_level::Entity::insert(stock_level::ActiveModel {
        variant_id: Set(variant_id),
        location_id: Set(location_id),
        on_hand: Set(0),
        reserved: Set(0),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([
            stock_level::Column::VariantId,
            stock_level::Column::LocationId,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Sets a level to a counted number of units on hand (a stocktake), as an adjustment of the
/// difference. `Ok(Err(level))` when fewer units were counted than orders hold.
pub async fn count<C: ConnectionTrait>(
    db: &C,
    variant_id: i32,
    location_id: i32,
    counted: i32,
    reason: &str,
    by: &Mover,
) -> Result<Result<(), Level>, AppError> {
    // Lock the level before reading it, so the difference applied is the one to the count.
    stock_level::Entity::update_many()
        .col_expr(
            stock_level::Column::OnHand,
            Expr::col(stock_level::Column::OnHand).into(),
        )
        .filter(stock_level::Column::VariantId.eq(variant_id))
        .filter(stock_level::Column::LocationId.eq(location_id))
        .exec(db)
        .await?;
    let now = level(db, variant_id, location_id)
        .await?
        .unwrap_or_default();
    if now.on_hand == counted {
        return Ok(Ok(()));
    }
    apply(
        db,
        &Movement {
            variant_id,
            location_id,
            kind: MovementKind::Adjustment,
            change: StockChange::add(counted - now.on_hand),
            reason,
            by,
            reference: None,
        },
    )
    .await
}
