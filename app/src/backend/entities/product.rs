use sea_orm::entity::prelude::*;

/// A product as the shopper sees it; what is bought and stocked is one of its variants.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "products")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub slug: String,
    pub name: String,
    pub description: String,
    pub category_id: i32,
    pub brand_id: Option<i32>,
    /// The lowest price of its variants, kept in step by whoever writes variants, so that
    /// listings sort and show "from" prices without touching the variants table.
    pub min_price_minor: i64,
    pub currency: String,
    pub seo_title: Option<String>,
    pub seo_description: Option<String>,
    pub video_url: Option<String>,
    pub published: bool,
    pub featured: bool,
    /// "standard" or "reduced": which of the destination's tax rates applies.
    pub tax_class: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::category::Entity",
        from = "Column::CategoryId",
        to = "super::category::Column::Id"
    )]
    Category,
    #[sea_orm(
        belongs_to = "super::brand::Entity",
        from = "Column::BrandId",
        to = "super::brand::Column::Id"
    )]
    Brand,
    #[sea_orm(has_many = "super::variant::Entity")]
    Variant,
}

impl Related<super::category::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Category.def()
    }
}

impl Related<super::brand::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Brand.def()
    }
}

impl Related<super::variant::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Variant.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
