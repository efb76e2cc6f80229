use sea_orm::entity::prelude::*;

/// An order the shop places with a supplier.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "purchase_orders")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub supplier_id: i32,
    pub location_id: i32,
    /// `domain::PurchaseOrderStatus::code`.
    pub status: String,
    pub currency: String,
    pub note: String,
    pub created_by: String,
    pub created_at: i64,
    pub sent_at: Option<i64>,
    pub closed_at: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
