use sea_orm::entity::prelude::*;

/// One item of an in-store sale, with the price it was sold at.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "pos_sale_lines")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub pos_sale_id: i32,
    pub variant_id: Option<i32>,
    pub sku: String,
    pub name: String,
    pub quantity: i32,
    pub unit_price_minor: i64,
    pub line_total_minor: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
