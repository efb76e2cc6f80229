//! The catalog: the category tree, brands, products, their specifications, variants with option
//! values, and media.
//!
//! Long: a migration is one schema step, written out table by table; it never changes once released.

use sea_orm_migration::prelude::*;

use super::schema::{drop_tables, id_column as id, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Categories {
    Table,
    Id,
    ParentId,
    Slug,
    Name,
    Description,
    Position,
    ImageUrl,
    SeoTitle,
    SeoDescription,
}

#[derive(DeriveIden, Clone, Copy)]
enum Brands {
    Table,
    Id,
    Slug,
    Name,
}

#[derive(DeriveIden, Clone, Copy)]
pub(super) enum Products {
    Table,
    Id,
    Slug,
    Name,
    Description,
    CategoryId,
    BrandId,
    MinPriceMinor,
    Currency,
    SeoTitle,
    SeoDescription,
    VideoUrl,
    Published,
    Featured,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ProductSpecifications {
    Table,
    Id,
    ProductId,
    Name,
    Value,
    Position,
}

#[derive(DeriveIden, Clone, Copy)]
pub(super) enum Variants {
    Table,
    Id,
    ProductId,
    Sku,
    PriceMinor,
    Currency,
    CompareAtMinor,
    WeightGrams,
    ImagePosition,
    Position,
}

#[derive(DeriveIden, Clone, Copy)]
enum VariantOptionValues {
    Table,
    Id,
    VariantId,
    Name,
    Value,
    Position,
}

#[derive(DeriveIden, Clone, Copy)]
enum Media {
    Table,
    Id,
    ProductId,
    Url,
    Alt,
    Width,
    Height,
    Position,
}

fn cascade_fk(
    from_table: impl IntoIden + 'static,
    from_col: impl IntoIden + 'static,
    to_table: impl IntoIden + 'static,
    to_col: impl IntoIden + 'static,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from_table, from_col)
        .to(to_table, to_col)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Categories::Table)
                    .col(id(Categories::Id))
                    .col(ColumnDef::new(Categories::ParentId).integer().null())
                    .col(
                        ColumnDef::new(Categories::Slug)
                            .string_len(120)
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(Categories::Name).string_len(200).not_null())
                    .col(ColumnDef::new(Categories::Description).text().not_null())
                    .col(
                        ColumnDef::new(Categories::Position)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .col(ColumnDef::new(Categories::ImageUrl).string_len(500).null())
                    .col(ColumnDef::new(Categories::SeoTitle).string_len(200).null())
                    .col(
                        ColumnDef::new(Categories::SeoDescription)
                            .string_len(400)
                            .null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Categories::Table, Categories::ParentId)
                            .to(Categories::Table, Categories::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_categories_parent",
                Categories::Table,
                &[Categories::ParentId, Categories::Position],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Brands::Table)
                    .col(id(Brands::Id))
                    .col(
                        ColumnDef::new(Brands::Slug)
                            .string_len(120)
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(Brands::Name).string_len(200).not_null())
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Products::Table)
                    .col(id(Products::Id))
                    .col(
                        ColumnDef::new(Products::Slug)
                            .string_len(120)
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(Products::Name).string_len(200).not_null())
                    .col(ColumnDef::new(Products::Description).text().not_null())
                    .col(ColumnDef::new(Products::CategoryId).integer().not_null())
                    .col(ColumnDef::new(Products::BrandId).integer().null())
                    .col(
                        ColumnDef::new(Products::MinPriceMinor)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(Products::Currency).string_len(3).not_null())
                    .col(ColumnDef::new(Products::SeoTitle).string_len(200).null())
                    .col(
                        ColumnDef::new(Products::SeoDescription)
                            .string_len(400)
                            .null(),
                    )
                    .col(ColumnDef::new(Products::VideoUrl).string_len(500).null())
                    .col(
                        ColumnDef::new(Products::Published)
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .col(
                        ColumnDef::new(Products::Featured)
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .col(
                        ColumnDef::new(Products::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Products::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Products::Table, Products::CategoryId)
                            .to(Categories::Table, Categories::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Products::Table, Products::BrandId)
                            .to(Brands::Table, Brands::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        // The category page filters by category and publication, then sorts by one of these.
        for (name, sort_col) in [
            ("idx_products_category_newest", Products::CreatedAt),
            ("idx_products_category_price", Products::MinPriceMinor),
            ("idx_products_category_name", Products::Name),
        ] {
            manager
                .create_index(index(
                    name,
                    Products::Table,
                    &[Products::CategoryId, Products::Published, sort_col],
                ))
                .await?;
        }
        manager
            .create_index(index(
                "idx_products_featured",
                Products::Table,
                &[Products::Featured, Products::Published],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ProductSpecifications::Table)
                    .col(id(ProductSpecifications::Id))
                    .col(
                        ColumnDef::new(ProductSpecifications::ProductId)
                            .integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ProductSpecifications::Name)
                            .string_len(120)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ProductSpecifications::Value)
                            .string_len(500)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ProductSpecifications::Position)
                            .integer()
                            .not_null(),
                    )
                    .foreign_key(&mut cascade_fk(
                        ProductSpecifications::Table,
                        ProductSpecifications::ProductId,
                        Products::Table,
                        Products::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_specifications_product",
                ProductSpecifications::Table,
                &[ProductSpecifications::ProductId],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Variants::Table)
                    .col(id(Variants::Id))
                    .col(ColumnDef::new(Variants::ProductId).integer().not_null())
                    .col(
                        ColumnDef::new(Variants::Sku)
                            .string_len(64)
                            .not_null()
                            .unique_key(),
                    )
                    .col(
                        ColumnDef::new(Variants::PriceMinor)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(Variants::Currency).string_len(3).not_null())
                    .col(
                        ColumnDef::new(Variants::CompareAtMinor)
                            .big_integer()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(Variants::WeightGrams)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .col(ColumnDef::new(Variants::ImagePosition).integer().null())
                    .col(ColumnDef::new(Variants::Position).integer().not_null())
                    .foreign_key(&mut cascade_fk(
                        Variants::Table,
                        Variants::ProductId,
                        Products::Table,
                        Products::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_variants_product",
                Variants::Table,
                &[Variants::ProductId, Variants::Position],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(VariantOptionValues::Table)
                    .col(id(VariantOptionValues::Id))
                    .col(
                        ColumnDef::new(VariantOptionValues::VariantId)
                            .integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(VariantOptionValues::Name)
                            .string_len(60)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(VariantOptionValues::Value)
                            .string_len(120)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(VariantOptionValues::Position)
                            .integer()
                            .not_null(),
                    )
                    .foreign_key(&mut cascade_fk(
                        VariantOptionValues::Table,
                        VariantOptionValues::VariantId,
                        Variants::Table,
                        Variants::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_option_values_variant",
                VariantOptionValues::Table,
                &[VariantOptionValues::VariantId],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Media::Table)
                    .col(id(Media::Id))
                    .col(ColumnDef::new(Media::ProductId).integer().not_null())
                    .col(ColumnDef::new(Media::Url).string_len(500).not_null())
                    .col(ColumnDef::new(Media::Alt).string_len(300).not_null())
                    .col(ColumnDef::new(Media::Width).integer().not_null())
                    .col(ColumnDef::new(Media::Height).integer().not_null())
                    .col(ColumnDef::new(Media::Position).integer().not_null())
                    .foreign_key(&mut cascade_fk(
                        Media::Table,
                        Media::ProductId,
                        Products::Table,
                        Products::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_media_product",
                Media::Table,
                &[Media::ProductId, Media::Position],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            [
                Media::Table.into_iden(),
                VariantOptionValues::Table.into_iden(),
                Variants::Table.into_iden(),
                ProductSpecifications::Table.into_iden(),
                Products::Table.into_iden(),
                Brands::Table.into_iden(),
                Categories::Table.into_iden(),
            ],
        )
        .await
    }
}
