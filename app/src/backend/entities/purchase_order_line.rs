use sea_orm::entity::prelude::*;

/// One variant on a purchase order, and how much of it has arrived.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "purchase_order_lines")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub purchase_order_id: i32,
    pub variant_id: Option<i32>,
    pub sku: String,
    pub name: String,
    pub quantity_ordered: i32,
    pub quantity_received: i32,
    pub cost_minor: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
