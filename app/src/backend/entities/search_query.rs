use sea_orm::entity::prelude::*;

/// One search a shopper made, with how many products it found.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "search_queries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub text: String,
    /// The filters as a query string ("brand=…&min=…").
    pub filters: String,
    pub results: i64,
    pub searched_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
