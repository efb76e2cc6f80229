//! The back office's order handling: shipments with their tracking numbers, the timeline of what
//! staff did to an order, and how many units of each line went back to stock.

use sea_orm_migration::prelude::*;

use super::schema::{belongs_to_order, drop_tables, id_column, index, text_column};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Shipments {
    Table,
    Id,
    OrderId,
    /// `domain::Carrier::code`.
    Carrier,
    TrackingNumber,
    TrackingUrl,
    ShippedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum OrderEvents {
    Table,
    Id,
    OrderId,
    At,
    /// "fulfilled", "cancelled", "refunded", "delivered", "note".
    Kind,
    Message,
    ActorEmail,
}

#[derive(DeriveIden, Clone, Copy)]
enum OrderLines {
    Table,
    RestockedQuantity,
}

#[derive(DeriveIden, Clone, Copy)]
enum Orders {
    Table,
    PlacedAt,
    PaidAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Shipments::Table)
                    .col(id_column(Shipments::Id))
                    .col(ColumnDef::new(Shipments::OrderId).integer().not_null())
                    .col(text_column(Shipments::Carrier, 32))
                    .col(text_column(Shipments::TrackingNumber, 40))
                    .col(
                        ColumnDef::new(Shipments::TrackingUrl)
                            .string_len(500)
                            .null(),
                    )
                    .col(
                        ColumnDef::new(Shipments::ShippedAt)
                            .big_integer()
                            .not_null(),
                    )
                    .foreign_key(&mut belongs_to_order(Shipments::Table, Shipments::OrderId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_shipments_order",
                Shipments::Table,
                &[Shipments::OrderId],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(OrderEvents::Table)
                    .col(id_column(OrderEvents::Id))
                    .col(ColumnDef::new(OrderEvents::OrderId).integer().not_null())
                    .col(ColumnDef::new(OrderEvents::At).big_integer().not_null())
                    .col(text_column(OrderEvents::Kind, 32))
                    .col(text_column(OrderEvents::Message, 500))
                    .col(
                        ColumnDef::new(OrderEvents::ActorEmail)
                            .string_len(254)
                            .null(),
                    )
                    .foreign_key(&mut belongs_to_order(
                        OrderEvents::Table,
                        OrderEvents::OrderId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_order_events_order",
                OrderEvents::Table,
                &[OrderEvents::OrderId, OrderEvents::At],
            ))
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(OrderLines::Table)
                    .add_column(
                        ColumnDef::new(OrderLines::RestockedQuantity)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .to_owned(),
            )
            .await?;
        // The orders list sorts by date, the dashboard sums by day of payment.
        for (name, column) in [
            ("idx_orders_placed", Orders::PlacedAt),
            ("idx_orders_paid", Orders::PaidAt),
        ] {
            manager
                .create_index(index(name, Orders::Table, &[column]))
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for name in ["idx_orders_placed", "idx_orders_paid"] {
            manager
                .drop_index(Index::drop().name(name).table(Orders::Table).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(OrderLines::Table)
                    .drop_column(OrderLines::RestockedQuantity)
                    .to_owned(),
            )
            .await?;
        drop_tables(
            manager,
            [OrderEvents::Table.into_iden(), Shipments::Table.into_iden()],
        )
        .await
    }
}
