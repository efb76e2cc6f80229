//! SeaORM entities: the database rows. They never leave the server; pages get small DTOs.

pub mod brand;
pub mod category;
pub mod location;
pub mod media;
pub mod product;
pub mod product_specification;
pub mod stock_level;
pub mod variant;
pub mod variant_option_value;
