use sea_orm::entity::prelude::*;

/// An account: a customer, a member of staff or an administrator (`kind`).
///
/// Deliberately not `Serialize`: the password hash must never be able to reach a response.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub email: String,
    pub password_hash: String,
    pub name: String,
    pub kind: String,
    pub staff_role_id: Option<i32>,
    pub email_verified_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    /// The language the account was made in (`Locale::as_str`): its mails are written in it.
    pub language: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::staff_role::Entity",
        from = "Column::StaffRoleId",
        to = "super::staff_role::Column::Id"
    )]
    StaffRole,
}

impl Related<super::staff_role::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::StaffRole.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
