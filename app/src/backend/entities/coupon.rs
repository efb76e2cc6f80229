use sea_orm::entity::prelude::*;

/// A code that takes a percentage (`percent_bp`) or a fixed amount off the goods.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "coupons")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub code: String,
    pub percent_bp: Option<i32>,
    pub amount_minor: Option<i64>,
    pub currency: Option<String>,
    pub minimum_minor: Option<i64>,
    pub active: bool,
    pub expires_at: Option<i64>,
    pub times_used: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
