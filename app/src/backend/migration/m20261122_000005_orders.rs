//! Checkout and orders: tax rates per country (and region), shipping methods, coupons, orders
//! with their lines, tax lines and stock reservations, and every payment webhook received.
//!
//! An order copies what it sold (name, SKU, unit price, tax rate) so that later catalog edits
//! never change a placed order, and keeps its money as integer minor units.
//!
//! Long: a migration is one schema step, written out table by table; it never changes once released.

use sea_orm_migration::prelude::*;

use super::m20261122_000001_catalog::{Products, Variants};
use super::schema::{drop_tables, id_column, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum TaxRates {
    Table,
    Id,
    Country,
    /// "" for the whole country; a state or province code otherwise ("NY").
    Region,
    TaxClass,
    RatePpm,
}

#[derive(DeriveIden, Clone, Copy)]
enum ShippingMethods {
    Table,
    Id,
    Code,
    Name,
    PriceMinor,
    FreeFromMinor,
    Currency,
    Position,
    Active,
}

#[derive(DeriveIden, Clone, Copy)]
enum Coupons {
    Table,
    Id,
    Code,
    PercentBp,
    AmountMinor,
    Currency,
    MinimumMinor,
    Active,
    ExpiresAt,
    TimesUsed,
}

#[derive(DeriveIden, Clone, Copy)]
enum Orders {
    Table,
    Id,
    Number,
    AccessKeyHash,
    UserId,
    CartId,
    CheckoutKey,
    Email,
    Status,
    Currency,
    PricesIncludeTax,
    GoodsMinor,
    DiscountMinor,
    ShippingMinor,
    TaxMinor,
    TotalMinor,
    RefundedMinor,
    CouponCode,
    ShippingMethodCode,
    ShippingMethodName,
    ShipName,
    ShipLine1,
    ShipLine2,
    ShipPostalCode,
    ShipCity,
    ShipRegion,
    ShipCountry,
    ShipPhone,
    PaymentProvider,
    PaymentId,
    PaymentUrl,
    CardBrand,
    CardLast4,
    ReservedUntil,
    PlacedAt,
    PaidAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum OrderLines {
    Table,
    Id,
    OrderId,
    VariantId,
    Sku,
    ProductName,
    VariantLabel,
    Quantity,
    UnitPriceMinor,
    LineTotalMinor,
    TaxRatePpm,
}

#[derive(DeriveIden, Clone, Copy)]
enum OrderTaxes {
    Table,
    Id,
    OrderId,
    RatePpm,
    NetMinor,
    TaxMinor,
    GrossMinor,
}

#[derive(DeriveIden, Clone, Copy)]
enum StockReservations {
    Table,
    Id,
    OrderId,
    VariantId,
    LocationId,
    Quantity,
}

#[derive(DeriveIden, Clone, Copy)]
enum PaymentEvents {
    Table,
    Id,
    Provider,
    EventId,
    EventType,
    PaymentId,
    Outcome,
    ReceivedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Locations {
    Table,
    Id,
}

/// VAT and sales-tax rates the demo shop starts with (parts per million), standard and reduced.
/// Merchants change them in the back office; rates are data, not code.
const RATES: &[(&str, &str, u32, u32)] = &[
    ("AT", "", 200_000, 100_000),
    ("BE", "", 210_000, 60_000),
    ("CZ", "", 210_000, 120_000),
    ("DE", "", 190_000, 70_000),
    ("ES", "", 210_000, 40_000),
    ("FR", "", 200_000, 55_000),
    ("GB", "", 200_000, 0),
    ("ID", "", 110_000, 110_000),
    ("IT", "", 220_000, 40_000),
    ("NL", "", 210_000, 90_000),
    ("PL", "", 230_000, 50_000),
    // US sales tax is per state (with typical local add-ons); states not listed charge none.
    ("US", "CA", 72_500, 72_500),
    ("US", "NY", 88_750, 88_750),
    ("US", "TX", 62_500, 62_500),
    ("US", "WA", 65_000, 65_000),
];

fn money(name: Orders) -> ColumnDef {
    ColumnDef::new(name).big_integer().not_null().to_owned()
}

fn text(name: impl IntoIden, len: u32) -> ColumnDef {
    ColumnDef::new(name).string_len(len).not_null().to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Which rate a product is taxed at: "standard" or "reduced" (books, food).
        manager
            .alter_table(
                Table::alter()
                    .table(Products::Table)
                    .add_column(
                        ColumnDef::new(Alias::new("tax_class"))
                            .string_len(16)
                            .not_null()
                            .default("standard"),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(TaxRates::Table)
                    .col(id_column(TaxRates::Id))
                    .col(text(TaxRates::Country, 2))
                    .col(text(TaxRates::Region, 8))
                    .col(text(TaxRates::TaxClass, 16))
                    .col(ColumnDef::new(TaxRates::RatePpm).integer().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "idx_tax_rates_place",
                    TaxRates::Table,
                    &[TaxRates::Country, TaxRates::Region, TaxRates::TaxClass],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        let mut rates = Query::insert();
        rates.into_table(TaxRates::Table).columns([
            TaxRates::Country,
            TaxRates::Region,
            TaxRates::TaxClass,
            TaxRates::RatePpm,
        ]);
        for (country, region, standard, reduced) in RATES {
            rates.values_panic([
                (*country).into(),
                (*region).into(),
                "standard".into(),
                (*standard).into(),
            ]);
            rates.values_panic([
                (*country).into(),
                (*region).into(),
                "reduced".into(),
                (*reduced).into(),
            ]);
        }
        manager.exec_stmt(rates.to_owned()).await?;

        manager
            .create_table(
                Table::create()
                    .table(ShippingMethods::Table)
                    .col(id_column(ShippingMethods::Id))
                    .col(text(ShippingMethods::Code, 32).unique_key().to_owned())
                    .col(text(ShippingMethods::Name, 100))
                    .col(
                        ColumnDef::new(ShippingMethods::PriceMinor)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ShippingMethods::FreeFromMinor)
                            .big_integer()
                            .null(),
                    )
                    .col(text(ShippingMethods::Currency, 3))
                    .col(
                        ColumnDef::new(ShippingMethods::Position)
                            .integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ShippingMethods::Active)
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
                    .table(Coupons::Table)
                    .col(id_column(Coupons::Id))
                    .col(text(Coupons::Code, 32).unique_key().to_owned())
                    .col(ColumnDef::new(Coupons::PercentBp).integer().null())
                    .col(ColumnDef::new(Coupons::AmountMinor).big_integer().null())
                    .col(ColumnDef::new(Coupons::Currency).string_len(3).null())
                    .col(ColumnDef::new(Coupons::MinimumMinor).big_integer().null())
                    .col(
                        ColumnDef::new(Coupons::Active)
                            .boolean()
                            .not_null()
                            .default(true),
                    )
                    .col(ColumnDef::new(Coupons::ExpiresAt).big_integer().null())
                    .col(
                        ColumnDef::new(Coupons::TimesUsed)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Orders::Table)
                    .col(id_column(Orders::Id))
                    .col(text(Orders::Number, 16).unique_key().to_owned())
                    .col(text(Orders::AccessKeyHash, 64))
                    .col(ColumnDef::new(Orders::UserId).integer().null())
                    .col(ColumnDef::new(Orders::CartId).integer().null())
                    // Set while the order waits for payment: the same checkout attempt sent
                    // twice finds this order instead of making a second one.
                    .col(
                        ColumnDef::new(Orders::CheckoutKey)
                            .string_len(64)
                            .null()
                            .unique_key(),
                    )
                    .col(text(Orders::Email, 254))
                    .col(text(Orders::Status, 20))
                    .col(text(Orders::Currency, 3))
                    .col(
                        ColumnDef::new(Orders::PricesIncludeTax)
                            .boolean()
                            .not_null(),
                    )
                    .col(money(Orders::GoodsMinor))
                    .col(money(Orders::DiscountMinor))
                    .col(money(Orders::ShippingMinor))
                    .col(money(Orders::TaxMinor))
                    .col(money(Orders::TotalMinor))
                    .col(money(Orders::RefundedMinor))
                    .col(ColumnDef::new(Orders::CouponCode).string_len(32).null())
                    .col(text(Orders::ShippingMethodCode, 32))
                    .col(text(Orders::ShippingMethodName, 100))
                    .col(text(Orders::ShipName, 100))
                    .col(text(Orders::ShipLine1, 100))
                    .col(text(Orders::ShipLine2, 100))
                    .col(text(Orders::ShipPostalCode, 16))
                    .col(text(Orders::ShipCity, 100))
                    .col(text(Orders::ShipRegion, 100))
                    .col(text(Orders::ShipCountry, 2))
                    .col(text(Orders::ShipPhone, 32))
                    .col(text(Orders::PaymentProvider, 16))
                    .col(ColumnDef::new(Orders::PaymentId).string_len(128).null())
                    .col(ColumnDef::new(Orders::PaymentUrl).string_len(1000).null())
                    .col(ColumnDef::new(Orders::CardBrand).string_len(16).null())
                    .col(ColumnDef::new(Orders::CardLast4).string_len(4).null())
                    .col(
                        ColumnDef::new(Orders::ReservedUntil)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(Orders::PlacedAt).big_integer().not_null())
                    .col(ColumnDef::new(Orders::PaidAt).big_integer().null())
                    .col(ColumnDef::new(Orders::UpdatedAt).big_integer().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(Orders::Table, Orders::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            ("idx_orders_user", vec![Orders::UserId, Orders::PlacedAt]),
            (
                "idx_orders_status",
                vec![Orders::Status, Orders::ReservedUntil],
            ),
            ("idx_orders_payment", vec![Orders::PaymentId]),
            ("idx_orders_email", vec![Orders::Email]),
        ] {
            manager
                .create_index(index(name, Orders::Table, &columns))
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(OrderLines::Table)
                    .col(id_column(OrderLines::Id))
                    .col(ColumnDef::new(OrderLines::OrderId).integer().not_null())
                    .col(ColumnDef::new(OrderLines::VariantId).integer().null())
                    .col(text(OrderLines::Sku, 64))
                    .col(text(OrderLines::ProductName, 200))
                    .col(text(OrderLines::VariantLabel, 200))
                    .col(ColumnDef::new(OrderLines::Quantity).integer().not_null())
                    .col(
                        ColumnDef::new(OrderLines::UnitPriceMinor)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(OrderLines::LineTotalMinor)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(OrderLines::TaxRatePpm).integer().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(OrderLines::Table, OrderLines::OrderId)
                            .to(Orders::Table, Orders::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(OrderLines::Table, OrderLines::VariantId)
                            .to(Variants::Table, Variants::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_order_lines_order",
                OrderLines::Table,
                &[OrderLines::OrderId],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(OrderTaxes::Table)
                    .col(id_column(OrderTaxes::Id))
                    .col(ColumnDef::new(OrderTaxes::OrderId).integer().not_null())
                    .col(ColumnDef::new(OrderTaxes::RatePpm).integer().not_null())
                    .col(
                        ColumnDef::new(OrderTaxes::NetMinor)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(OrderTaxes::TaxMinor)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(OrderTaxes::GrossMinor)
                            .big_integer()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(OrderTaxes::Table, OrderTaxes::OrderId)
                            .to(Orders::Table, Orders::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_order_taxes_order",
                OrderTaxes::Table,
                &[OrderTaxes::OrderId],
            ))
            .await?;

        // Units promised to an unpaid order, per location, so that exactly these go back when
        // the order is cancelled or its reservation expires.
        manager
            .create_table(
                Table::create()
                    .table(StockReservations::Table)
                    .col(id_column(StockReservations::Id))
                    .col(
                        ColumnDef::new(StockReservations::OrderId)
                            .integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(StockReservations::VariantId)
                            .integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(StockReservations::LocationId)
                            .integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(StockReservations::Quantity)
                            .integer()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(StockReservations::Table, StockReservations::OrderId)
                            .to(Orders::Table, Orders::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(StockReservations::Table, StockReservations::VariantId)
                            .to(Variants::Table, Variants::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(StockReservations::Table, StockReservations::LocationId)
                            .to(Locations::Table, Locations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_stock_reservations_order",
                StockReservations::Table,
                &[StockReservations::OrderId],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PaymentEvents::Table)
                    .col(id_column(PaymentEvents::Id))
                    .col(text(PaymentEvents::Provider, 16))
                    .col(text(PaymentEvents::EventId, 128))
                    .col(text(PaymentEvents::EventType, 64))
                    .col(text(PaymentEvents::PaymentId, 128))
                    .col(text(PaymentEvents::Outcome, 200))
                    .col(
                        ColumnDef::new(PaymentEvents::ReceivedAt)
                            .big_integer()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
        // A webhook delivered twice is recognised by its event id and applied once.
        manager
            .create_index(
                index(
                    "idx_payment_events_event",
                    PaymentEvents::Table,
                    &[PaymentEvents::Provider, PaymentEvents::EventId],
                )
                .unique()
                .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            [
                PaymentEvents::Table.into_iden(),
                StockReservations::Table.into_iden(),
                OrderTaxes::Table.into_iden(),
                OrderLines::Table.into_iden(),
                Orders::Table.into_iden(),
                Coupons::Table.into_iden(),
                ShippingMethods::Table.into_iden(),
                TaxRates::Table.into_iden(),
            ],
        )
        .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Products::Table)
                    .drop_column(Alias::new("tax_class"))
                    .to_owned(),
            )
            .await
    }
}
