//! Reading orders for the back office: the filtered list and one order with everything that
//! happened to it. A page of the list is three queries whatever its length.

use std::collections::HashMap;

use sea_orm::sea_query::{Condition, Expr};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

use super::actions::find_order;
use super::filter::{OrderFilter, ORDERS_PER_PAGE};
use super::model::{
    HandledLine, OrderActions, OrderDetail, OrderList, OrderRow, ShipmentView, TimelineEntry,
};
use crate::backend::db::{contains_text, sum_as_bigint};
use crate::backend::entities::{order, order_event, order_line, payment_event, shipment, user};
use crate::backend::AppState;
use crate::domain::{page_count, page_offset, Currency, Money};
use crate::error::AppError;
use crate::orders::domain::{Carrier, OrderEvent};
use crate::orders::service::{card_label, status_of, view, when};

fn matching(filter: &OrderFilter) -> Condition {
    let mut condition = Condition::all();
    if !filter.text.is_empty() {
        condition = condition.add(
            Condition::any()
                .add(order::Column::Number.eq(filter.text.to_uppercase()))
                .add(contains_text(order::Column::Email, &filter.text)),
        );
    }
    if !filter.customer.is_empty() {
        condition = condition.add(
            Condition::any()
                .add(contains_text(order::Column::Email, &filter.customer))
                .add(contains_text(order::Column::ShipName, &filter.customer)),
        );
    }
    if let Some(status) = filter.status {
        condition = condition.add(order::Column::Status.eq(status.code()));
    }
    let (start, end) = filter.placed_between();
    if let Some(start) = start {
        condition = condition.add(order::Column::PlacedAt.gte(start));
    }
    if let Some(end) = end {
        condition = condition.add(order::Column::PlacedAt.lt(end));
    }
    if let Some(min) = filter.min_total {
        condition = condition.add(order::Column::TotalMinor.gte(min.minor()));
    }
    if let Some(max) = filter.max_total {
        condition = condition.add(order::Column::TotalMinor.lte(max.minor()));
    }
    condition
}

/// The orders matching `query` (the list page's URL query), newest first.
pub async fn list(state: &AppState, pairs: &[(String, String)]) -> Result<OrderList, AppError> {
    let filter = OrderFilter::from_pairs(pairs, state.site.currency);
    let select = order::Entity::find().filter(matching(&filter));
    let matching_count = select.clone().count(&state.db).await?;
    let orders = select
        .order_by_desc(order::Column::PlacedAt)
        .order_by_desc(order::Column::Id)
        .offset(page_offset(filter.page, ORDERS_PER_PAGE))
        .limit(ORDERS_PER_PAGE)
        .all(&state.db)
        .await?;
    let ids: Vec<i32> = orders.iter().map(|o| o.id).collect();
    let units: Vec<(i32, i64)> = order_line::Entity::find()
        .select_only()
        .column(order_line::Column::OrderId)
        .column_as(
            sum_as_bigint(Expr::col(order_line::Column::Quantity)),
            "units",
        )
        .filter(order_line::Column::OrderId.is_in(ids))
        .group_by(order_line::Column::OrderId)
        .into_tuple()
        .all(&state.db)
        .await?;
    let units: HashMap<i32, i64> = units.into_iter().collect();
    let rows = orders
        .into_iter()
        .map(|o| {
            let currency = Currency::parse(&o.currency).map_err(AppError::internal)?;
            Ok(OrderRow {
                placed_at: when(o.placed_at),
                status: status_of(&o)?,
                total: Money::from_minor(o.total_minor, currency),
                items: u32::try_from(units.get(&o.id).copied().unwrap_or(0)).unwrap_or(0),
                customer_name: o.ship_name,
                email: o.email,
                number: o.number,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    Ok(OrderList {
        pages: u64::from(page_count(matching_count, ORDERS_PER_PAGE as u32)),
        matching: matching_count,
        filter,
        rows,
    })
}

fn actions_for(status: crate::orders::domain::OrderStatus, refundable: i64) -> OrderActions {
    OrderActions {
        fulfil: status.apply(OrderEvent::Fulfil).is_ok(),
        deliver: status.apply(OrderEvent::Deliver).is_ok(),
        cancel: status.apply(OrderEvent::Cancel).is_ok(),
        refund: refundable > 0 && status.apply(OrderEvent::RefundPart).is_ok(),
    }
}

async fn timeline<C: ConnectionTrait>(
    db: &C,
    order: &order::Model,
    currency: Currency,
) -> Result<Vec<TimelineEntry>, AppError> {
    let mut entries: Vec<(i64, i32, TimelineEntry)> = vec![(
        order.placed_at,
        0,
        TimelineEntry {
            at: when(order.placed_at),
            text: format!(
                "Order placed: {}, {}",
                Money::from_minor(order.total_minor, currency),
                order.shipping_method_name
            ),
            by: None,
        },
    )];
    if let Some(paid_at) = order.paid_at {
        let card = match (&order.card_brand, &order.card_last4) {
            (Some(brand), Some(last4)) => format!(" with {}", card_label(brand, last4)),
            _ => String::new(),
        };
        entries.push((
            paid_at,
            1,
            TimelineEntry {
                at: when(paid_at),
                text: format!("Paid{card}"),
                by: None,
            },
        ));
    }
    if let Some(payment_id) = &order.payment_id {
        for event in payment_event::Entity::find()
            .filter(payment_event::Column::PaymentId.eq(payment_id.as_str()))
            .order_by_asc(payment_event::Column::Id)
            .all(db)
            .await?
        {
            entries.push((
                event.received_at,
                2,
                TimelineEntry {
                    at: when(event.received_at),
                    text: format!(
                        "{} told us “{}”: {}",
                        order.payment_provider, event.event_type, event.outcome
                    ),
                    by: None,
                },
            ));
        }
    }
    for event in order_event::Entity::find()
        .filter(order_event::Column::OrderId.eq(order.id))
        .order_by_asc(order_event::Column::Id)
        .all(db)
        .await?
    {
        entries.push((
            event.at,
            3,
            TimelineEntry {
                at: when(event.at),
                text: event.message,
                by: event.actor_email,
            },
        ));
    }
    entries.sort_by_key(|(at, rank, _)| (*at, *rank));
    Ok(entries.into_iter().map(|(_, _, entry)| entry).collect())
}

pub async fn detail(state: &AppState, number: &str) -> Result<OrderDetail, AppError> {
    let db = &state.db;
    let order = find_order(db, number).await?;
    let currency = Currency::parse(&order.currency).map_err(AppError::internal)?;
    let status = status_of(&order)?;
    let customer = match order.user_id {
        Some(id) => user::Entity::find_by_id(id)
            .one(db)
            .await?
            .map_or_else(|| "Deleted account".to_string(), |u| u.name),
        None => "Guest".to_string(),
    };
    let lines = order_line::Entity::find()
        .filter(order_line::Column::OrderId.eq(order.id))
        .order_by_asc(order_line::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|line| HandledLine {
            line_id: line.id,
            sku: line.sku,
            quantity: u32::try_from(line.quantity).unwrap_or(0),
            restocked: u32::try_from(line.restocked_quantity).unwrap_or(0),
        })
        .collect();
    let shipments = shipment::Entity::find()
        .filter(shipment::Column::OrderId.eq(order.id))
        .order_by_asc(shipment::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|s| ShipmentView {
            carrier: Carrier::parse(&s.carrier).map_or(s.carrier.clone(), |c| c.name().to_string()),
            tracking_number: s.tracking_number,
            tracking_url: s.tracking_url,
            shipped_at: when(s.shipped_at),
        })
        .collect();
    let refundable = order.total_minor - order.refunded_minor;
    Ok(OrderDetail {
        order: view(db, &order).await?,
        customer,
        phone: order.ship_phone.clone(),
        payment_provider: order.payment_provider.clone(),
        payment_id: order.payment_id.clone(),
        lines,
        shipments,
        timeline: timeline(db, &order, currency).await?,
        actions: actions_for(status, refundable),
        refundable: Money::from_minor(refundable.max(0), currency),
        carriers: Carrier::ALL
            .into_iter()
            .map(|c| (c.code().to_string(), c.name().to_string()))
            .collect(),
    })
}
