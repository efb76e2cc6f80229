//! The demo shop: `mercato seed`, and the first start on an empty database.

mod checkout;
mod images;
pub mod plan;
mod rows;
mod writer;

pub use checkout::ensure_shipping_methods;
pub use writer::{seed, SeedError, SeedOptions, SeedSummary};

use sea_orm::{DatabaseConnection, DbErr, EntityTrait, PaginatorTrait};

use super::entities::{category, product};

/// Seeding only ever fills an empty catalog; it never mixes demo data into a real one.
pub async fn catalog_is_empty(db: &DatabaseConnection) -> Result<bool, DbErr> {
    let products = product::Entity::find().count(db).await?;
    let categories = category::Entity::find().count(db).await?;
    Ok(products == 0 && categories == 0)
}
