//! Customers for the back office. A page of the list is three queries whatever its length.

use std::collections::HashMap;

use sea_orm::sea_query::{Condition, Expr};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

use super::model::{CustomerDetail, CustomerList, CustomerRow, CUSTOMERS_PER_PAGE};
use crate::backend::db::contains_text;
use crate::backend::db::sum_as_bigint;
use crate::backend::entities::{address, order, user};
use crate::backend::AppState;
use crate::domain::{page_count, page_offset, ListingQueryError, Money, PageNumber};
use crate::error::AppError;
use crate::orders::domain::OrderStatus;
use crate::orders::domain::SOLD_STATUSES;

/// (orders placed, money spent after refunds) per customer, over paid orders.
async fn spending<C: ConnectionTrait>(
    db: &C,
    user_ids: Vec<i32>,
    currency: crate::domain::Currency,
) -> Result<HashMap<i32, (i64, i64)>, AppError> {
    let rows: Vec<(i32, i64, i64)> = order::Entity::find()
        .select_only()
        .column(order::Column::UserId)
        .column_as(order::Column::Id.count(), "orders")
        .column_as(
            sum_as_bigint(
                Expr::col(order::Column::TotalMinor).sub(Expr::col(order::Column::RefundedMinor)),
            ),
            "spent",
        )
        .filter(order::Column::UserId.is_in(user_ids))
        .filter(order::Column::Status.is_in(SOLD_STATUSES.map(OrderStatus::code)))
        .filter(order::Column::Currency.eq(currency.code()))
        .group_by(order::Column::UserId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, n, spent)| (id, (n, spent)))
        .collect())
}

fn joined(account: &user::Model) -> String {
    account.created_at.format("%-d %B %Y").to_string()
}

pub async fn list(state: &AppState, text: &str, page: u64) -> Result<CustomerList, AppError> {
    let page = PageNumber::from_number(page)
        .map(|p| u64::from(p.get()))
        .ok_or_else(|| ListingQueryError::BadPage(page.to_string()))?;
    let text = text.trim();
    let mut condition = Condition::all().add(user::Column::Kind.eq("customer"));
    if !text.is_empty() {
        condition = condition.add(
            Condition::any()
                .add(contains_text(user::Column::Email, text))
                .add(contains_text(user::Column::Name, text)),
        );
    }
    let select = user::Entity::find().filter(condition);
    let matching = select.clone().count(&state.db).await?;
    let accounts = select
        .order_by_desc(user::Column::CreatedAt)
        .order_by_desc(user::Column::Id)
        .offset(page_offset(page, CUSTOMERS_PER_PAGE))
        .limit(CUSTOMERS_PER_PAGE)
        .all(&state.db)
        .await?;
    let currency = state.site.currency;
    let spent = spending(&state.db, accounts.iter().map(|a| a.id).collect(), currency).await?;
    Ok(CustomerList {
        text: text.to_string(),
        page,
        pages: u64::from(page_count(matching, CUSTOMERS_PER_PAGE as u32)),
        matching,
        rows: accounts
            .into_iter()
            .map(|account| {
                let (orders, minor) = spent.get(&account.id).copied().unwrap_or((0, 0));
                CustomerRow {
                    joined: joined(&account),
                    id: account.id,
                    email: account.email,
                    name: account.name,
                    orders: u64::try_from(orders).unwrap_or(0),
                    spent: Money::from_minor(minor, currency),
                }
            })
            .collect(),
    })
}

pub async fn detail(state: &AppState, id: i32) -> Result<CustomerDetail, AppError> {
    let account = user::Entity::find_by_id(id)
        .filter(user::Column::Kind.eq("customer"))
        .one(&state.db)
        .await?
        .ok_or_else(|| AppError::not_found("this customer"))?;
    let addresses = address::Entity::find()
        .filter(address::Column::UserId.eq(id))
        .order_by_desc(address::Column::IsDefault)
        .order_by_asc(address::Column::Id)
        .all(&state.db)
        .await?
        .into_iter()
        .map(|a| {
            [
                a.full_name,
                a.line1,
                a.line2,
                format!("{} {}", a.postal_code, a.city),
                a.region,
                a.country,
            ]
            .into_iter()
            .map(|part| part.trim().to_string())
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
        })
        .collect();
    let currency = state.site.currency;
    let spent = spending(&state.db, vec![id], currency).await?;
    Ok(CustomerDetail {
        orders: crate::orders::service::list_for_customer(&state.db, id).await?,
        spent: Money::from_minor(spent.get(&id).map_or(0, |(_, minor)| *minor), currency),
        joined: joined(&account),
        verified: account.email_verified_at.is_some(),
        email: account.email,
        name: account.name,
        addresses,
    })
}
