use sea_orm::entity::prelude::*;

/// A product whose searchable facts changed (name, price, stock…), for every node's index.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "search_changes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// None: rebuild everything.
    pub product_id: Option<i32>,
    pub changed_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
