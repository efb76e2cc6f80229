use sea_orm::entity::prelude::*;

/// One change to a stock level, with who made it and why: the level is the sum of these.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "stock_movements")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub variant_id: i32,
    pub location_id: i32,
    /// `domain::MovementKind::code`.
    pub kind: String,
    pub on_hand_change: i32,
    pub reserved_change: i32,
    pub reason: String,
    pub actor: String,
    pub reference: Option<String>,
    pub at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
