//! Schema migrations, run at start-up. Each file is one step and stays as it shipped: a later
//! change is a new step. Written with SeaQuery so the same steps run on SQLite and PostgreSQL.

use sea_orm_migration::prelude::*;

mod m20261122_000001_catalog;
mod m20261122_000002_stock;
mod m20261122_000003_accounts;
mod m20261122_000004_carts;
mod m20261122_000005_orders;
mod m20261122_000006_search;
mod m20261130_000007_fulfilment;
mod m20261130_000008_inventory;
mod m20261204_000009_languages;
mod schema;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261122_000001_catalog::Migration),
            Box::new(m20261122_000002_stock::Migration),
            Box::new(m20261122_000003_accounts::Migration),
            Box::new(m20261122_000004_carts::Migration),
            Box::new(m20261122_000005_orders::Migration),
            Box::new(m20261122_000006_search::Migration),
            Box::new(m20261130_000007_fulfilment::Migration),
            Box::new(m20261130_000008_inventory::Migration),
            Box::new(m20261204_000009_languages::Migration),
        ]
    }
}
