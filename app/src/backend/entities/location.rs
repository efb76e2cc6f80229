use sea_orm::entity::prelude::*;

/// A place that holds stock: a warehouse or a physical store.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "locations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub code: String,
    pub name: String,
    /// "warehouse" or "store".
    pub kind: String,
    pub address: String,
    pub city: String,
    pub country: String,
    /// Whether online orders may be served from here.
    pub sells_online: bool,
    /// Online orders reserve from locations in ascending rank (then id).
    pub online_rank: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::stock_level::Entity")]
    StockLevel,
}

impl ActiveModelBehavior for ActiveModel {}
