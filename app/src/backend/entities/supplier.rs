use sea_orm::entity::prelude::*;

/// A company the shop buys stock from.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "suppliers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub name: String,
    pub email: String,
    pub lead_time_days: i32,
    /// `domain::AutoReorder::code`.
    pub auto_reorder: String,
    pub created_at: i64,
    pub reorder_runs: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
