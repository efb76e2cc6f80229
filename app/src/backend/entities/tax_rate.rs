use sea_orm::entity::prelude::*;

/// The VAT or sales-tax rate of one tax class in a country (or one of its regions).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "tax_rates")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub country: String,
    /// "" for the whole country.
    pub region: String,
    pub tax_class: String,
    pub rate_ppm: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
