//! A cart as the shopper sees it: current prices and stock, each line's problem if it has one,
//! and the subtotal. Seven queries (after the one that found the cart) whatever the number of
//! lines.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use crate::backend::entities::{cart, cart_line, media, product, variant, variant_option_value};
use crate::cart::domain::{line_total, subtotal, PriceChange, Quantity};
use crate::cart::model::{CartLineView, CartView};
use crate::catalog::model::Image;
use crate::domain::{Currency, Money};
use crate::error::AppError;
use crate::inventory::available_online;
use crate::inventory::domain::Availability;

/// Reads a cart with current prices and stock.
pub(super) async fn view_of(
    db: &DatabaseConnection,
    cart: Option<cart::Model>,
) -> Result<CartView, AppError> {
    let Some(cart) = cart else {
        return Ok(CartView::default());
    };
    let lines = cart_line::Entity::find()
        .filter(cart_line::Column::CartId.eq(cart.id))
        .order_by_asc(cart_line::Column::AddedAt)
        .order_by_asc(cart_line::Column::Id)
        .all(db)
        .await?;
    if lines.is_empty() {
        return Ok(CartView::default());
    }
    let mut known = Known::load(db, &lines).await?;
    let mut views = Vec::with_capacity(lines.len());
    let mut currency = None;
    for line in lines {
        if let Some(view) = known.line_view(&line, &mut currency)? {
            views.push(view);
        }
    }
    let subtotal = match currency {
        Some(currency) => Some(
            subtotal(
                views.iter().map(|l| l.line_total),
                Money::from_minor(0, currency),
            )
            .map_err(|e| AppError::validation("cart", e.to_string()))?,
        ),
        None => None,
    };
    Ok(CartView {
        item_count: views.iter().map(|l| l.quantity).sum(),
        lines: views,
        subtotal,
    })
}

/// What the cart's lines show of the catalogue, one query each.
struct Known {
    variants: HashMap<i32, variant::Model>,
    products: HashMap<i32, product::Model>,
    /// "Option: value" texts by variant, in the options' order.
    labels: HashMap<i32, Vec<String>>,
    /// The first image by product.
    images: HashMap<i32, Image>,
    /// Units available online by variant.
    stock: HashMap<i32, i64>,
}

impl Known {
    async fn load(db: &DatabaseConnection, lines: &[cart_line::Model]) -> Result<Self, AppError> {
        let variant_ids: Vec<i32> = lines.iter().map(|l| l.variant_id).collect();
        let variants: HashMap<i32, variant::Model> = variant::Entity::find()
            .filter(variant::Column::Id.is_in(variant_ids.clone()))
            .all(db)
            .await?
            .into_iter()
            .map(|v| (v.id, v))
            .collect();
        let product_ids: Vec<i32> = variants.values().map(|v| v.product_id).collect();
        let products: HashMap<i32, product::Model> = product::Entity::find()
            .filter(product::Column::Id.is_in(product_ids.clone()))
            .all(db)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
        Ok(Known {
            variants,
            products,
            labels: option_labels(db, &variant_ids).await?,
            images: first_images(db, product_ids).await?,
            stock: available_online(db, &variant_ids).await?,
        })
    }

    /// The line as the cart shows it, `None` when its variant or product is gone. The first
    /// line shown sets the cart's `currency`.
    fn line_view(
        &mut self,
        line: &cart_line::Model,
        currency: &mut Option<Currency>,
    ) -> Result<Option<CartLineView>, AppError> {
        let Some(item) = self.variants.get(&line.variant_id) else {
            return Ok(None);
        };
        let Some(owner) = self.products.get(&item.product_id) else {
            return Ok(None);
        };
        let line_currency = Currency::parse(&item.currency).map_err(AppError::internal)?;
        currency.get_or_insert(line_currency);
        let quantity =
            Quantity::new(u32::try_from(line.quantity).unwrap_or(0)).map_err(AppError::internal)?;
        let unit_price = Money::from_minor(item.price_minor, line_currency);
        let left = self.stock.get(&item.id).copied().unwrap_or(0);
        let problem = if !owner.published {
            Some("This item is no longer sold.".to_string())
        } else {
            quantity
                .check_stock(&owner.name, left)
                .err()
                .map(|e| e.to_string())
        };
        Ok(Some(CartLineView {
            sku: item.sku.clone(),
            product_href: format!("/p/{}", owner.slug),
            product_name: owner.name.clone(),
            variant_label: self.labels.remove(&item.id).unwrap_or_default().join(", "),
            image: self.images.get(&owner.id).cloned(),
            quantity: quantity.get(),
            price_change: PriceChange::between(
                Money::from_minor(line.unit_price_minor_at_add, line_currency),
                unit_price,
            ),
            line_total: line_total(unit_price, quantity)
                .map_err(|e| AppError::validation("quantity", e.to_string()))?,
            unit_price,
            availability: Availability::from_available(left),
            problem,
        }))
    }
}

async fn option_labels(
    db: &DatabaseConnection,
    variant_ids: &[i32],
) -> Result<HashMap<i32, Vec<String>>, AppError> {
    let mut labels: HashMap<i32, Vec<String>> = HashMap::new();
    for option in variant_option_value::Entity::find()
        .filter(variant_option_value::Column::VariantId.is_in(variant_ids.to_vec()))
        .order_by_asc(variant_option_value::Column::Position)
        .all(db)
        .await?
    {
        labels
            .entry(option.variant_id)
            .or_default()
            .push(format!("{}: {}", option.name, option.value));
    }
    Ok(labels)
}

async fn first_images(
    db: &DatabaseConnection,
    product_ids: Vec<i32>,
) -> Result<HashMap<i32, Image>, AppError> {
    let mut images: HashMap<i32, Image> = HashMap::new();
    for m in media::Entity::find()
        .filter(media::Column::ProductId.is_in(product_ids))
        .filter(media::Column::Position.eq(0))
        .all(db)
        .await?
    {
        images.insert(m.product_id, crate::catalog::service::image(m));
    }
    Ok(images)
}
