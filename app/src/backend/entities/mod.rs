//! SeaORM entities: the database rows. They never leave the server; pages get small DTOs.

pub mod account_token;
pub mod address;
pub mod audit_entry;
pub mod brand;
pub mod cart;
pub mod cart_line;
pub mod category;
pub mod coupon;
pub mod location;
pub mod media;
pub mod order;
pub mod order_line;
pub mod order_tax;
pub mod payment_event;
pub mod product;
pub mod product_specification;
pub mod session;
pub mod shipping_method;
pub mod staff_role;
pub mod stock_level;
pub mod stock_reservation;
pub mod tax_rate;
pub mod user;
pub mod variant;
pub mod variant_option_value;
