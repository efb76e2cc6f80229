use sea_orm::entity::prelude::*;

/// A placed order: who, where to, what it cost (copied at the time), and how it was paid.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "orders")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub number: String,
    /// Digest of the secret in the guest's confirmation link.
    pub access_key_hash: String,
    pub user_id: Option<i32>,
    pub cart_id: Option<i32>,
    pub checkout_key: Option<String>,
    pub email: String,
    /// `OrderStatus::code`.
    pub status: String,
    pub currency: String,
    pub prices_include_tax: bool,
    pub goods_minor: i64,
    pub discount_minor: i64,
    pub shipping_minor: i64,
    pub tax_minor: i64,
    pub total_minor: i64,
    pub refunded_minor: i64,
    pub coupon_code: Option<String>,
    pub shipping_method_code: String,
    pub shipping_method_name: String,
    pub ship_name: String,
    pub ship_line1: String,
    pub ship_line2: String,
    pub ship_postal_code: String,
    pub ship_city: String,
    pub ship_region: String,
    pub ship_country: String,
    pub ship_phone: String,
    pub payment_provider: String,
    pub payment_id: Option<String>,
    /// Where the shopper pays (the provider's hosted page), while the order waits for payment.
    pub payment_url: Option<String>,
    pub card_brand: Option<String>,
    pub card_last4: Option<String>,
    pub reserved_until: i64,
    pub placed_at: i64,
    pub paid_at: Option<i64>,
    pub updated_at: i64,
    /// The language the order was placed in (`Locale::as_str`): its mails are written in it.
    pub language: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
