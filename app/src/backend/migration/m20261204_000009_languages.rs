//! The language each order was placed in and each account was made in, so the mails written
//! later (after payment, at shipping, a password link) are in the shopper's language.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Orders {
    Table,
    /// `Locale::as_str`: "en", "pl", "it", "id".
    Language,
}

#[derive(DeriveIden, Clone, Copy)]
enum Users {
    Table,
    Language,
}

fn language(name: impl IntoIden) -> ColumnDef {
    // Orders and accounts from before languages were English.
    ColumnDef::new(name)
        .string_len(8)
        .not_null()
        .default("en")
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Orders::Table)
                    .add_column(language(Orders::Language))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(language(Users::Language))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .drop_column(Users::Language)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Orders::Table)
                    .drop_column(Orders::Language)
                    .to_owned(),
            )
            .await
    }
}
