use sea_orm::entity::prelude::*;

/// A sale made in a physical store, at the till or through a terminal's API.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "pos_sales")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub location_id: i32,
    /// `domain::TenderKind::code`.
    pub payment_method: String,
    pub total_minor: i64,
    pub currency: String,
    pub tendered_minor: Option<i64>,
    pub change_minor: Option<i64>,
    pub card_reference: Option<String>,
    pub sold_by: String,
    pub client_reference: Option<String>,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
