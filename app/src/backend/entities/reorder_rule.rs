use sea_orm::entity::prelude::*;

/// When to reorder a variant (at one location, or over all of them) and how many.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reorder_rules")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub variant_id: i32,
    pub location_id: Option<i32>,
    pub reorder_point: i32,
    pub reorder_quantity: i32,
    pub supplier_id: Option<i32>,
    pub low: bool,
    pub low_since: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
