//! The dashboard's figures: one query for thirty days of sales grouped by day (the three
//! periods are sums of it), one count of orders to ship, and the low-stock list.

use sea_orm::sea_query::{Alias, Expr, Query};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};

use super::model::{Dashboard, LowStockItem, PeriodFigures};
use crate::back_office::dashboard::domain::{daily_series, day_of, SECONDS_PER_DAY};
use crate::back_office::dashboard::domain::{SalesFigures, SalesPeriod};
use crate::backend::db::sum_as_bigint;
use crate::backend::entities::{location, order, product, stock_level, variant};
use crate::backend::AppState;
use crate::domain::Money;
use crate::error::AppError;
use crate::inventory::domain::Availability;
use crate::orders::domain::OrderStatus;
use crate::orders::domain::SOLD_STATUSES;

const CHART_DAYS: i64 = 30;
const LOW_STOCK_LISTED: usize = 10;

pub async fn dashboard(state: &AppState, now: i64) -> Result<Dashboard, AppError> {
    let db = &state.db;
    let currency = state.site.currency;
    let today = day_of(now);
    let first_day = today - CHART_DAYS + 1;
    let day = Expr::col(order::Column::PaidAt)
        .div(SECONDS_PER_DAY)
        .cast_as(Alias::new("BIGINT"));
    // (day, orders, revenue): refunds already made are taken off.
    let by_day: Vec<(i64, i64, i64)> = order::Entity::find()
        .select_only()
        .column_as(day, "day")
        .column_as(order::Column::Id.count(), "orders")
        .column_as(
            sum_as_bigint(
                Expr::col(order::Column::TotalMinor).sub(Expr::col(order::Column::RefundedMinor)),
            ),
            "revenue",
        )
        .filter(order::Column::Status.is_in(SOLD_STATUSES.map(OrderStatus::code)))
        .filter(order::Column::Currency.eq(currency.code()))
        .filter(order::Column::PaidAt.gte(first_day * SECONDS_PER_DAY))
        // By the output name: PostgreSQL sees the divisor bound twice as two different
        // parameters and would not match the grouped expression to the selected one.
        .group_by(Expr::col(Alias::new("day")))
        .into_tuple()
        .all(db)
        .await?;
    let periods = SalesPeriod::ALL
        .into_iter()
        .map(|period| {
            let since = day_of(period.starts_at(now));
            let (orders, revenue) = by_day
                .iter()
                .filter(|(d, _, _)| *d >= since && *d <= today)
                .fold((0, 0), |(n, sum), (_, orders, revenue)| {
                    (n + orders, sum + revenue)
                });
            PeriodFigures {
                period,
                figures: SalesFigures {
                    revenue: Money::from_minor(revenue, currency),
                    orders: u64::try_from(orders).unwrap_or(0),
                },
            }
        })
        .collect();
    let sums: Vec<(i64, i64)> = by_day.iter().map(|(d, _, r)| (*d, *r)).collect();
    let daily = daily_series(&sums, today, CHART_DAYS, currency);
    let waiting_to_ship = order::Entity::find()
        .filter(order::Column::Status.eq(OrderStatus::Paid.code()))
        .count(db)
        .await?;
    let (low_stock_count, low_stock) = low_stock(state).await?;
    Ok(Dashboard {
        periods,
        waiting_to_ship,
        low_stock_count,
        low_stock,
        currency_total_30_days: Money::from_minor(sums.iter().map(|(_, r)| r).sum(), currency),
        daily,
        reorder_alerts: crate::purchasing::service::alerts(&state.db).await?,
    })
}

/// Variants of published products with at most `Availability::LOW_STOCK_THRESHOLD` units
/// available online: how many, and the lowest few with their names.
async fn low_stock(state: &AppState) -> Result<(u64, Vec<LowStockItem>), AppError> {
    let db = &state.db;
    let available = sum_as_bigint(
        Expr::col(stock_level::Column::OnHand).sub(Expr::col(stock_level::Column::Reserved)),
    );
    let published_variants = Query::select()
        .column((variant::Entity, variant::Column::Id))
        .from(variant::Entity)
        .inner_join(
            product::Entity,
            Expr::col((product::Entity, product::Column::Id))
                .equals((variant::Entity, variant::Column::ProductId)),
        )
        .and_where(Expr::col((product::Entity, product::Column::Published)).eq(true))
        .to_owned();
    let online = Query::select()
        .column(location::Column::Id)
        .from(location::Entity)
        .and_where(Expr::col(location::Column::SellsOnline).eq(true))
        .to_owned();
    let mut low: Vec<(i32, i64)> = stock_level::Entity::find()
        .select_only()
        .column(stock_level::Column::VariantId)
        .column_as(available.clone(), "available")
        .filter(stock_level::Column::VariantId.in_subquery(published_variants))
        .filter(stock_level::Column::LocationId.in_subquery(online))
        .group_by(stock_level::Column::VariantId)
        .having(Expr::expr(available).lte(Availability::LOW_STOCK_THRESHOLD))
        .into_tuple()
        .all(db)
        .await?;
    low.sort_by_key(|(id, units)| (*units, *id));
    let count = u64::try_from(low.len()).unwrap_or(u64::MAX);
    low.truncate(LOW_STOCK_LISTED);
    let ids: Vec<i32> = low.iter().map(|(id, _)| *id).collect();
    let named: Vec<(i32, String, String)> = variant::Entity::find()
        .select_only()
        .column(variant::Column::Id)
        .column(variant::Column::Sku)
        .column_as(Expr::col((product::Entity, product::Column::Name)), "name")
        .inner_join(product::Entity)
        .filter(variant::Column::Id.is_in(ids))
        .order_by_asc(variant::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let items = low
        .into_iter()
        .filter_map(|(id, available)| {
            named
                .iter()
                .find(|(vid, _, _)| *vid == id)
                .map(|(_, sku, name)| LowStockItem {
                    sku: sku.clone(),
                    product_name: name.clone(),
                    available,
                })
        })
        .collect();
    Ok((count, items))
}
