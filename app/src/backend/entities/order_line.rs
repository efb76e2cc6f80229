use sea_orm::entity::prelude::*;

/// What an order bought, copied from the catalog when it was placed.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "order_lines")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub order_id: i32,
    pub variant_id: Option<i32>,
    pub sku: String,
    pub product_name: String,
    pub variant_label: String,
    pub quantity: i32,
    pub unit_price_minor: i64,
    pub line_total_minor: i64,
    pub tax_rate_ppm: i32,
    /// Units of this line given back to stock (with a refund or cancellation).
    pub restocked_quantity: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
