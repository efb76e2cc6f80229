//! What the checkout page sends and receives.

use serde::{Deserialize, Serialize};

use crate::account::model::SavedAddress;
use crate::cart::model::CartView;
use crate::domain::{AddressInput, Money};
use crate::orders::model::TaxLineView;

/// Everything the shopper typed or chose.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CheckoutForm {
    pub email: String,
    pub address: AddressInput,
    pub shipping_method: String,
    pub coupon: String,
    /// Chosen when the checkout page was opened: the same attempt sent twice (a double click, a
    /// retry after a lost answer) places one order.
    pub attempt: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShippingChoice {
    pub code: String,
    pub name: String,
    pub price: Money,
    pub free_from: Option<Money>,
}

/// What the checkout page starts from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckoutStart {
    pub cart: CartView,
    /// The signed-in customer's address, or empty.
    pub email: String,
    pub saved_addresses: Vec<SavedAddress>,
    pub shipping_methods: Vec<ShippingChoice>,
    pub attempt: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewLine {
    pub product_name: String,
    pub variant_label: String,
    pub quantity: u32,
    pub line_total: Money,
}

/// The exact amounts the order will have, as the server worked them out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckoutReview {
    pub lines: Vec<ReviewLine>,
    pub goods: Money,
    /// (coupon label such as "WELCOME10 · 10 % off", amount taken off).
    pub discount: Option<(String, Money)>,
    pub shipping_method: String,
    pub shipping: Money,
    pub taxes: Vec<TaxLineView>,
    pub prices_include_tax: bool,
    pub total: Money,
}

/// Where the shopper goes to pay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlacedOrder {
    pub number: String,
    pub payment_url: String,
}
