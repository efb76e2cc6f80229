//! Where stock is kept: locations (warehouses and stores) and the stock level of each variant at
//! each location.

use sea_orm_migration::prelude::*;

use super::m20261122_000001_catalog::Variants;
use super::schema::id_column;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Locations {
    Table,
    Id,
    Code,
    Name,
    Kind,
    Address,
    City,
    Country,
    SellsOnline,
}

#[derive(DeriveIden, Clone, Copy)]
enum StockLevels {
    Table,
    Id,
    VariantId,
    LocationId,
    OnHand,
    Reserved,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Locations::Table)
                    .col(id_column(Locations::Id))
                    .col(
                        ColumnDef::new(Locations::Code)
                            .string_len(32)
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(Locations::Name).string_len(200).not_null())
                    .col(ColumnDef::new(Locations::Kind).string_len(16).not_null())
                    .col(
                        ColumnDef::new(Locations::Address)
                            .string_len(300)
                            .not_null(),
                    )
                    .col(ColumnDef::new(Locations::City).string_len(120).not_null())
                    .col(ColumnDef::new(Locations::Country).string_len(2).not_null())
                    .col(
                        ColumnDef::new(Locations::SellsOnline)
                            .boolean()
                            .not_null()
                            .default(true),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(StockLevels::Table)
                    .col(id_column(StockLevels::Id))
                    .col(ColumnDef::new(StockLevels::VariantId).integer().not_null())
                    .col(ColumnDef::new(StockLevels::LocationId).integer().not_null())
                    .col(
                        ColumnDef::new(StockLevels::OnHand)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .col(
                        ColumnDef::new(StockLevels::Reserved)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(StockLevels::Table, StockLevels::VariantId)
                            .to(Variants::Table, Variants::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(StockLevels::Table, StockLevels::LocationId)
                            .to(Locations::Table, Locations::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_stock_levels_variant_location")
                    .table(StockLevels::Table)
                    .col(StockLevels::VariantId)
                    .col(StockLevels::LocationId)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(StockLevels::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Locations::Table).to_owned())
            .await
    }
}
