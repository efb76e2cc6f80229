//! Watches every stock movement for a reorder point being crossed. The crossing is recorded on
//! the rule with a conditional update, so twenty sales crossing it at once raise it exactly once;
//! the alert mail and the purchase order are then a background job, never part of the sale.

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use serde::{Deserialize, Serialize};

use crate::backend::auth::unix_now;
use crate::backend::entities::{reorder_rule, stock_level};
use crate::backend::jobs;
use crate::error::AppError;
use crate::inventory::domain::reorder::{crossing, Crossing};

/// The job a crossing leaves behind.
pub const STOCK_LOW_JOB: &str = "stock.low";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StockLow {
    pub rule_id: i32,
}

/// Units available (on hand − reserved) of a variant at one location, or over all of them.
pub async fn available<C: ConnectionTrait>(
    db: &C,
    variant_id: i32,
    location_id: Option<i32>,
) -> Result<i64, AppError> {
    let mut query = stock_level::Entity::find()
        .select_only()
        .column(stock_level::Column::OnHand)
        .column(stock_level::Column::Reserved)
        .filter(stock_level::Column::VariantId.eq(variant_id));
    if let Some(location_id) = location_id {
        query = query.filter(stock_level::Column::LocationId.eq(location_id));
    }
    let levels: Vec<(i32, i32)> = query.into_tuple().all(db).await?;
    Ok(crate::inventory::domain::available_units(levels))
}

/// Re-checks the rules of `variant_id` after its stock moved.
pub async fn after_movement<C: ConnectionTrait>(db: &C, variant_id: i32) -> Result<(), AppError> {
    // Lock the variant's rules before adding up its stock: on PostgreSQL a concurrent movement at
    // another location then commits first and its change is counted, so no crossing is missed
    // when the last units go at two places at once.
    let watched = reorder_rule::Entity::update_many()
        .col_expr(
            reorder_rule::Column::Low,
            Expr::col(reorder_rule::Column::Low).into(),
        )
        .filter(reorder_rule::Column::VariantId.eq(variant_id))
        .exec(db)
        .await?
        .rows_affected;
    if watched == 0 {
        return Ok(());
    }
    let rules = reorder_rule::Entity::find()
        .filter(reorder_rule::Column::VariantId.eq(variant_id))
        .all(db)
        .await?;
    for rule in rules {
        let available = available(db, variant_id, rule.location_id).await?;
        match crossing(rule.low, available, rule.reorder_point) {
            Crossing::Fell => {
                let flipped = reorder_rule::Entity::update_many()
                    .col_expr(reorder_rule::Column::Low, Expr::value(true))
                    .col_expr(reorder_rule::Column::LowSince, Expr::value(unix_now()))
                    .filter(reorder_rule::Column::Id.eq(rule.id))
                    .filter(reorder_rule::Column::Low.eq(false))
                    .exec(db)
                    .await?
                    .rows_affected;
                if flipped == 1 {
                    jobs::enqueue(db, STOCK_LOW_JOB, &StockLow { rule_id: rule.id }, None).await?;
                }
            }
            Crossing::Recovered => {
                reorder_rule::Entity::update_many()
                    .col_expr(reorder_rule::Column::Low, Expr::value(false))
                    .col_expr(
                        reorder_rule::Column::LowSince,
                        Expr::value(Option::<i64>::None),
                    )
                    .filter(reorder_rule::Column::Id.eq(rule.id))
                    .filter(reorder_rule::Column::Low.eq(true))
                    .exec(db)
                    .await?;
            }
            Crossing::Unchanged => {}
        }
    }
    Ok(())
}
