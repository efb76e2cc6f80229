//! Checkout on the server: the form checked and priced from the database's current prices,
//! tax rates, shipping methods and coupons (the browser's numbers are never used), and the
//! order placed in one transaction with its stock reservation.

use std::collections::HashMap;

use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
};

use super::model::{
    CheckoutForm, CheckoutReview, CheckoutStart, PlacedOrder, ReviewLine, ShippingChoice,
};
use crate::backend::auth::{secret, unix_now, Actor};
use crate::backend::entities::{coupon, order, product, shipping_method, tax_rate, variant};
use crate::backend::{AppState, CheckoutSettings};
use crate::cart::domain::{CartError, Quantity};
use crate::cart::model::CartView;
use crate::cart::service::CartOwner;
use crate::checkout::domain::CheckoutError;
use crate::checkout::domain::{
    quote, Coupon, CouponCode, CouponValue, Quote, QuoteInput, QuoteLine, ShippingRate,
};
use crate::domain::{Currency, EmailAddress, Money, PostalAddress, PriceMode, TaxRate};
use crate::error::AppError;
use crate::inventory;
use crate::orders::domain::{OrderEvent, OrderStatus};
use crate::orders::model::TaxLineView;
use crate::orders::placing::{NewOrder, NewOrderLine};
use crate::payments::PaymentRequest;

fn currency_of(code: &str) -> Result<Currency, AppError> {
    Currency::parse(code).map_err(AppError::internal)
}

async fn shipping_methods(
    db: &DatabaseConnection,
) -> Result<Vec<shipping_method::Model>, AppError> {
    Ok(shipping_method::Entity::find()
        .filter(shipping_method::Column::Active.eq(true))
        .order_by_asc(shipping_method::Column::Position)
        .order_by_asc(shipping_method::Column::Id)
        .all(db)
        .await?)
}

fn shipping_rate(method: &shipping_method::Model) -> Result<ShippingRate, AppError> {
    let currency = currency_of(&method.currency)?;
    Ok(ShippingRate {
        code: method.code.clone(),
        name: method.name.clone(),
        price: Money::from_minor(method.price_minor, currency),
        free_from: method
            .free_from_minor
            .map(|m| Money::from_minor(m, currency)),
    })
}

pub async fn start(
    state: &AppState,
    owner: CartOwner<'_>,
    actor: Option<&Actor>,
) -> Result<CheckoutStart, AppError> {
    let cart = crate::cart::service::view(&state.db, owner).await?;
    let saved_addresses = match actor {
        Some(actor) => {
            crate::account::service::overview(state, actor)
                .await?
                .addresses
        }
        None => Vec::new(),
    };
    let shipping_methods = shipping_methods(&state.db)
        .await?
        .iter()
        .map(|method| {
            let rate = shipping_rate(method)?;
            Ok(ShippingChoice {
                code: rate.code,
                name: rate.name,
                price: rate.price,
                free_from: rate.free_from,
            })
        })
        .collect::<Result<_, AppError>>()?;
    Ok(CheckoutStart {
        cart,
        email: actor.map(|a| a.email.clone()).unwrap_or_default(),
        saved_addresses,
        shipping_methods,
        attempt: secret::new_secret().map_err(AppError::internal)?,
    })
}

/// The destination's standard and reduced rates: the region's own if it has them (US states),
/// else the country's, else none (the shop does not collect tax there).
async fn tax_rates(
    db: &DatabaseConnection,
    address: &PostalAddress,
) -> Result<HashMap<String, TaxRate>, AppError> {
    let parts = address.parts();
    let region = parts.region.trim().to_uppercase();
    let rows = tax_rate::Entity::find()
        .filter(tax_rate::Column::Country.eq(parts.country.as_str()))
        .filter(tax_rate::Column::Region.is_in([String::new(), region.clone()]))
        .all(db)
        .await?;
    let mut rates = HashMap::new();
    // Whole-country rates first, so a region's own rate replaces them.
    for row in rows
        .iter()
        .filter(|r| r.region.is_empty())
        .chain(rows.iter().filter(|r| !r.region.is_empty()))
    {
        let rate = TaxRate::from_ppm(u32::try_from(row.rate_ppm).unwrap_or(0))
            .map_err(AppError::internal)?;
        rates.insert(row.tax_class.clone(), rate);
    }
    Ok(rates)
}

async fn find_coupon(
    db: &DatabaseConnection,
    text: &str,
    currency: Currency,
) -> Result<Option<Coupon>, AppError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let code = CouponCode::parse(text)?;
    let unknown = || AppError::from(CheckoutError::UnknownCoupon(code.as_str().to_string()));
    let row = coupon::Entity::find()
        .filter(coupon::Column::Code.eq(code.as_str()))
        .filter(coupon::Column::Active.eq(true))
        .one(db)
        .await?
        .ok_or_else(unknown)?;
    if row.expires_at.is_some_and(|at| at <= unix_now()) {
        return Err(unknown());
    }
    let value = match (row.percent_bp, row.amount_minor, &row.currency) {
        (Some(bp), _, _) => CouponValue::Percent(u32::try_from(bp).unwrap_or(0)),
        (None, Some(amount), Some(coupon_currency)) if *coupon_currency == currency.code() => {
            CouponValue::Fixed(Money::from_minor(amount, currency))
        }
        _ => return Err(unknown()),
    };
    Ok(Some(Coupon {
        code,
        value,
        minimum: row.minimum_minor.map(|m| Money::from_minor(m, currency)),
    }))
}

/// One cart line with what the order needs to copy.
struct PricedLine {
    variant_id: i32,
    sku: String,
    product_name: String,
    variant_label: String,
    unit_price: Money,
    quantity: Quantity,
    tax_rate: TaxRate,
}

/// The checked form with its exact amounts.
struct Prepared {
    currency: Currency,
    email: EmailAddress,
    address: PostalAddress,
    method: ShippingRate,
    coupon: Option<Coupon>,
    lines: Vec<PricedLine>,
    quote: Quote,
    mode: PriceMode,
}

fn field_error(field: &str, message: impl Into<String>) -> AppError {
    AppError::validation(field, message)
}

/// Checks the form against the cart and prices everything from the database.
async fn prepare(
    state: &AppState,
    owner: CartOwner<'_>,
    form: &CheckoutForm,
) -> Result<Prepared, AppError> {
    let db = &state.db;
    let email =
        EmailAddress::parse(&form.email).map_err(|e| field_error("email", e.to_string()))?;
    let address =
        PostalAddress::parse(form.address.clone()).map_err(|e| field_error(e.field, e.message))?;
    let cart: CartView = crate::cart::service::view(db, owner).await?;
    if cart.is_empty() {
        return Err(CheckoutError::EmptyCart.into());
    }
    if let Some(problem) = cart.lines.iter().find_map(|line| line.problem.clone()) {
        return Err(field_error("cart", problem));
    }
    let currency = cart
        .subtotal
        .map(|s| s.currency())
        .unwrap_or(state.site.currency);
    let methods = shipping_methods(db).await?;
    let method = methods
        .iter()
        .find(|m| m.code == form.shipping_method)
        .ok_or_else(|| field_error("shipping_method", "Please choose how to ship your order."))?;
    let method = shipping_rate(method)?;
    let rates = tax_rates(db, &address).await?;
    let rate_of = |class: &str| {
        rates
            .get(class)
            .or_else(|| rates.get("standard"))
            .copied()
            .unwrap_or(TaxRate::ZERO)
    };

    let skus: Vec<String> = cart.lines.iter().map(|l| l.sku.clone()).collect();
    let variants: HashMap<String, variant::Model> = variant::Entity::find()
        .filter(variant::Column::Sku.is_in(skus))
        .all(db)
        .await?
        .into_iter()
        .map(|v| (v.sku.clone(), v))
        .collect();
    let product_ids: Vec<i32> = variants.values().map(|v| v.product_id).collect();
    let classes: HashMap<i32, String> = product::Entity::find()
        .filter(product::Column::Id.is_in(product_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.tax_class))
        .collect();
    let mut lines = Vec::with_capacity(cart.lines.len());
    let mut quote_lines = Vec::with_capacity(cart.lines.len());
    for line in &cart.lines {
        let item = variants.get(&line.sku).ok_or_else(|| {
            field_error(
                "cart",
                format!("“{}” is no longer sold.", line.product_name),
            )
        })?;
        let class = classes
            .get(&item.product_id)
            .map(String::as_str)
            .unwrap_or("standard");
        let quantity =
            Quantity::new(line.quantity).map_err(|e| field_error("cart", e.to_string()))?;
        let tax_rate = rate_of(class);
        quote_lines.push(QuoteLine {
            unit_price: line.unit_price,
            quantity,
            tax_rate,
        });
        lines.push(PricedLine {
            variant_id: item.id,
            sku: line.sku.clone(),
            product_name: line.product_name.clone(),
            variant_label: line.variant_label.clone(),
            unit_price: line.unit_price,
            quantity,
            tax_rate,
        });
    }
    let coupon = find_coupon(db, &form.coupon, currency).await?;
    let mode = price_mode(state.checkout);
    let quote = quote(&QuoteInput {
        currency,
        lines: &quote_lines,
        shipping: Some(&method),
        shipping_tax_rate: rate_of("standard"),
        coupon: coupon.as_ref(),
        mode,
    })?;
    Ok(Prepared {
        currency,
        email,
        address,
        method,
        coupon,
        lines,
        quote,
        mode,
    })
}

fn price_mode(settings: CheckoutSettings) -> PriceMode {
    if settings.prices_include_tax {
        PriceMode::TaxInclusive
    } else {
        PriceMode::TaxExclusive
    }
}

pub async fn review(
    state: &AppState,
    owner: CartOwner<'_>,
    form: &CheckoutForm,
) -> Result<CheckoutReview, AppError> {
    let prepared = prepare(state, owner, form).await?;
    let quote = &prepared.quote;
    let country = prepared.address.parts().country.clone();
    Ok(CheckoutReview {
        lines: prepared
            .lines
            .iter()
            .zip(&quote.line_totals)
            .map(|(line, total)| ReviewLine {
                product_name: line.product_name.clone(),
                variant_label: line.variant_label.clone(),
                quantity: line.quantity.get(),
                line_total: *total,
            })
            .collect(),
        goods: quote.goods,
        discount: prepared
            .coupon
            .as_ref()
            .filter(|_| quote.discount.minor() > 0)
            .map(|c| {
                (
                    format!("{} · {}", c.code.as_str(), c.label()),
                    quote.discount,
                )
            }),
        shipping_method: prepared.method.name.clone(),
        shipping: quote.shipping,
        taxes: quote
            .taxes
            .lines
            .iter()
            .filter(|t| t.tax.minor() != 0)
            .map(|t| TaxLineView {
                label: t.rate.label_in(&country),
                tax: t.tax,
            })
            .collect(),
        prices_include_tax: prepared.mode == PriceMode::TaxInclusive,
        total: quote.total,
    })
}

/// How long a second request for the same attempt waits for the first to get its payment page.
const PAYMENT_WAIT_STEPS: u32 = 50;

/// Places the order (once per checkout attempt), reserves its stock and asks the payment
/// provider for a payment page. The attempt sent again answers with the same order, finishing
/// it first if the request that placed it never got its payment page (`resume`).
pub async fn place(
    state: &AppState,
    owner: CartOwner<'_>,
    user_id: Option<i32>,
    form: &CheckoutForm,
) -> Result<PlacedOrder, AppError> {
    let attempt = form.attempt.trim();
    if attempt.is_empty() || attempt.len() > 64 {
        return Err(field_error(
            "attempt",
            "Please reload the checkout page and try again.",
        ));
    }
    let db = &state.db;
    let cart_id = crate::cart::service::id_of(db, owner)
        .await?
        .ok_or(CheckoutError::EmptyCart)?;
    let checkout_key = secret::digest(&format!("{cart_id}:{attempt}"));
    if let Some(existing) = pending_order(db, &checkout_key).await? {
        if let Some(placed) = super::resume::resume(state, cart_id, user_id, form, existing).await?
        {
            return Ok(placed);
        }
    }
    let prepared = prepare(state, owner, form).await?;
    let access_key = secret::new_secret().map_err(AppError::internal)?;
    let number = crate::orders::service::new_order_number()?;
    let new_order = NewOrder {
        number: &number,
        access_key_hash: secret::digest(&access_key),
        user_id,
        cart_id,
        checkout_key: &checkout_key,
        ..prepared.new_order(state)
    };

    // Everything read; the transaction only writes, so it holds the write lock briefly.
    let txn = crate::backend::db::begin_write(db).await?;
    replace_earlier_attempts(&txn, cart_id).await?;
    let Some(placed) = crate::orders::placing::create_pending(&txn, &new_order).await? else {
        // The same attempt, placed a moment ago by a concurrent request.
        drop(txn);
        let existing = pending_order(db, &checkout_key)
            .await?
            .ok_or_else(still_placing)?;
        return page_or_refusal(state, existing).await;
    };
    // Dropping the transaction on a shortfall rolls back the order and its reservations.
    reserve_stock(&txn, &placed, &prepared.lines).await?;
    txn.commit().await?;
    tracing::info!(order = %number, total = %prepared.quote.total, "order placed, waiting for payment");

    open_payment(state, &placed, &access_key).await
}

/// A new attempt replaces this cart's earlier unpaid orders: their stock goes back.
async fn replace_earlier_attempts<C: ConnectionTrait>(
    txn: &C,
    cart_id: i32,
) -> Result<(), AppError> {
    for earlier in order::Entity::find()
        .filter(order::Column::CartId.eq(cart_id))
        .filter(order::Column::Status.eq(OrderStatus::PendingPayment.code()))
        .all(txn)
        .await?
    {
        crate::orders::service::cancel_unpaid(txn, &earlier, OrderEvent::Cancel).await?;
    }
    Ok(())
}

/// Reserves every line's units. Rows are locked in one order (by variant) by every checkout, so
/// no two checkouts deadlock.
async fn reserve_stock<C: ConnectionTrait>(
    txn: &C,
    placed: &order::Model,
    lines: &[PricedLine],
) -> Result<(), AppError> {
    let mut by_variant: Vec<&PricedLine> = lines.iter().collect();
    by_variant.sort_by_key(|line| line.variant_id);
    for line in by_variant {
        let wanted = i64::from(line.quantity.get());
        if let Err(available) =
            inventory::reserve(txn, placed.id, &placed.number, line.variant_id, wanted).await?
        {
            let problem = if available == 0 {
                CartError::SoldOut(line.product_name.clone())
            } else {
                CartError::NotEnoughStock {
                    name: line.product_name.clone(),
                    available,
                }
            };
            return Err(field_error(
                "cart",
                format!("{problem} Someone bought it a moment ago; please change your cart."),
            ));
        }
    }
    Ok(())
}

impl Prepared {
    /// The order as this checkout would place it, but for what identifies it (number, keys,
    /// customer, cart), which the caller fills in.
    fn new_order(&self, state: &AppState) -> NewOrder<'_> {
        let now = unix_now();
        let quote = &self.quote;
        NewOrder {
            number: "",
            access_key_hash: String::new(),
            user_id: None,
            cart_id: 0,
            checkout_key: "",
            email: &self.email,
            currency: self.currency,
            prices_include_tax: self.mode == PriceMode::TaxInclusive,
            goods: quote.goods,
            discount: quote.discount,
            shipping: quote.shipping,
            taxes: &quote.taxes,
            total: quote.total,
            coupon_code: self.coupon.as_ref().map(|c| c.code.as_str().to_string()),
            shipping_method_code: &self.method.code,
            shipping_method_name: &self.method.name,
            ship_to: &self.address,
            payment_provider: state.payments.name(),
            reserved_until: now + state.checkout.reservation_secs,
            placed_at: now,
            lines: self
                .lines
                .iter()
                .zip(&quote.line_totals)
                .map(|(line, total)| NewOrderLine {
                    variant_id: line.variant_id,
                    sku: line.sku.clone(),
                    product_name: line.product_name.clone(),
                    variant_label: line.variant_label.clone(),
                    quantity: i32::try_from(line.quantity.get()).unwrap_or(i32::MAX),
                    unit_price: line.unit_price,
                    line_total: *total,
                    tax_rate: line.tax_rate,
                })
                .collect(),
        }
    }
}

/// Asks the payment provider for the page where the shopper pays `order` (placed, its stock
/// reserved), and comes back there with `access_key`. When the provider cannot be reached the
/// order is cancelled and its stock given back, so nothing waits for a payment that cannot come.
pub(super) async fn open_payment(
    state: &AppState,
    order: &order::Model,
    access_key: &str,
) -> Result<PlacedOrder, AppError> {
    let number = &order.number;
    let site = &state.site;
    let request = PaymentRequest {
        reference: number.clone(),
        amount_minor: order.total_minor,
        currency: order.currency.clone(),
        description: format!("Order {number} at {}", crate::SHOP_NAME),
        success_url: site.absolute(&format!("/order/{number}?key={access_key}")),
        cancel_url: site.absolute("/checkout"),
        webhook_url: site.absolute(&format!("/webhooks/{}", state.payments.name())),
        expires_at: order.reserved_until,
    };
    match state.payments.create_payment(&request).await {
        Ok(payment) => {
            // Only while the order is still this request's: a retry of the attempt that took it
            // over (see `resume`) hands out its own page, and this request answers with that one.
            let attached = order::Entity::update_many()
                .col_expr(
                    order::Column::PaymentId,
                    Expr::value(Some(payment.payment_id)),
                )
                .col_expr(
                    order::Column::PaymentUrl,
                    Expr::value(Some(payment.url.clone())),
                )
                .filter(order::Column::Id.eq(order.id))
                .filter(order::Column::Status.eq(OrderStatus::PendingPayment.code()))
                .filter(order::Column::AccessKeyHash.eq(order.access_key_hash.as_str()))
                .filter(order::Column::PaymentUrl.is_null())
                .exec(&state.db)
                .await?
                .rows_affected
                == 1;
            if !attached {
                return page_or_refusal(state, order.clone()).await;
            }
            Ok(PlacedOrder {
                number: number.clone(),
                payment_url: payment.url,
            })
        }
        Err(err) => {
            tracing::error!(order = %number, error = %err, "payment provider unavailable: order cancelled");
            let txn = crate::backend::db::begin_write(&state.db).await?;
            crate::orders::service::cancel_unpaid(&txn, order, OrderEvent::Cancel).await?;
            txn.commit().await?;
            Err(AppError::Unavailable(
                "We couldn't reach the payment service, so nothing was charged and your cart is unchanged. Please try again in a moment.".into(),
            ))
        }
    }
}

async fn pending_order(
    db: &DatabaseConnection,
    checkout_key: &str,
) -> Result<Option<order::Model>, AppError> {
    Ok(order::Entity::find()
        .filter(order::Column::CheckoutKey.eq(checkout_key))
        .filter(order::Column::Status.eq(OrderStatus::PendingPayment.code()))
        .one(db)
        .await?)
}

/// Where waiting for an order's payment page ended.
pub(super) enum Waited {
    Page(PlacedOrder),
    /// Still waiting for payment, and still without a page.
    Stalled(Box<order::Model>),
    /// No longer waiting for payment (cancelled or paid meanwhile).
    Gone,
}

/// The payment page of an order placed by another request of the same attempt, once that
/// request has it; with `wait`, for a few seconds while it may still be asking the provider.
pub(super) async fn payment_page_of(
    state: &AppState,
    order: order::Model,
    wait: bool,
) -> Result<Waited, AppError> {
    let steps = if wait { PAYMENT_WAIT_STEPS } else { 1 };
    let mut current = order;
    for step in 0..steps {
        if step > 0 {
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        current = order::Entity::find_by_id(current.id)
            .one(&state.db)
            .await?
            .ok_or_else(|| AppError::not_found("this order"))?;
        if current.status != OrderStatus::PendingPayment.code() {
            return Ok(Waited::Gone);
        }
        if let Some(url) = current.payment_url.clone() {
            return Ok(Waited::Page(PlacedOrder {
                number: current.number,
                payment_url: url,
            }));
        }
    }
    Ok(Waited::Stalled(Box::new(current)))
}

/// The payment page another request of this attempt opened, or why there is none.
pub(super) async fn page_or_refusal(
    state: &AppState,
    order: order::Model,
) -> Result<PlacedOrder, AppError> {
    match payment_page_of(state, order, true).await? {
        Waited::Page(placed) => Ok(placed),
        Waited::Stalled(_) => Err(still_placing()),
        Waited::Gone => Err(AppError::Conflict(
            "This checkout was already used. Please reload the page and try again.".into(),
        )),
    }
}

fn still_placing() -> AppError {
    AppError::Conflict("Your order is still being placed. Please try again in a moment.".into())
}
