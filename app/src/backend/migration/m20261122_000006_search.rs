//! Search: the feed of catalog changes every node's in-memory index follows, and the searches
//! shoppers made (for the merchant's analytics).

use sea_orm_migration::prelude::*;

use super::schema::{drop_tables, id_column, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum SearchChanges {
    Table,
    Id,
    /// NULL: everything (a full rebuild was asked for).
    ProductId,
    ChangedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum SearchQueries {
    Table,
    Id,
    Text,
    Filters,
    Results,
    SearchedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SearchChanges::Table)
                    .col(id_column(SearchChanges::Id))
                    .col(ColumnDef::new(SearchChanges::ProductId).integer().null())
                    .col(
                        ColumnDef::new(SearchChanges::ChangedAt)
                            .big_integer()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_search_changes_time",
                SearchChanges::Table,
                &[SearchChanges::ChangedAt],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SearchQueries::Table)
                    .col(id_column(SearchQueries::Id))
                    .col(
                        ColumnDef::new(SearchQueries::Text)
                            .string_len(200)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(SearchQueries::Filters)
                            .string_len(1000)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(SearchQueries::Results)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(SearchQueries::SearchedAt)
                            .big_integer()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_search_queries_time",
                SearchQueries::Table,
                &[SearchQueries::SearchedAt],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            [
                SearchQueries::Table.into_iden(),
                SearchChanges::Table.into_iden(),
            ],
        )
        .await
    }
}
