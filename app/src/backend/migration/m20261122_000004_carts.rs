//! Carts: a guest's belongs to the browser (a cookie's secret, stored as its digest), a signed-in
//! customer's to the account, so it follows them across devices. Lines remember the price at
//! which the item was added, so a change can be shown before payment.

use sea_orm_migration::prelude::*;

use super::m20261122_000001_catalog::Variants;
use super::schema::{drop_tables, id_column, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Carts {
    Table,
    Id,
    TokenHash,
    UserId,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum CartLines {
    Table,
    Id,
    CartId,
    VariantId,
    Quantity,
    UnitPriceMinorAtAdd,
    AddedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Users {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Carts::Table)
                    .col(id_column(Carts::Id))
                    .col(
                        ColumnDef::new(Carts::TokenHash)
                            .string_len(64)
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(Carts::UserId).integer().null())
                    .col(ColumnDef::new(Carts::CreatedAt).big_integer().not_null())
                    .col(ColumnDef::new(Carts::UpdatedAt).big_integer().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(Carts::Table, Carts::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // One cart per account (guest carts have no account and are not limited).
        manager
            .create_index(
                Index::create()
                    .name("idx_carts_user")
                    .table(Carts::Table)
                    .col(Carts::UserId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CartLines::Table)
                    .col(id_column(CartLines::Id))
                    .col(ColumnDef::new(CartLines::CartId).integer().not_null())
                    .col(ColumnDef::new(CartLines::VariantId).integer().not_null())
                    .col(ColumnDef::new(CartLines::Quantity).integer().not_null())
                    .col(
                        ColumnDef::new(CartLines::UnitPriceMinorAtAdd)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(CartLines::AddedAt).big_integer().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(CartLines::Table, CartLines::CartId)
                            .to(Carts::Table, Carts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CartLines::Table, CartLines::VariantId)
                            .to(Variants::Table, Variants::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "idx_cart_lines_cart_variant",
                    CartLines::Table,
                    &[CartLines::CartId, CartLines::VariantId],
                )
                .unique()
                .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            [CartLines::Table.into_iden(), Carts::Table.into_iden()],
        )
        .await
    }
}
