//! Inventory across warehouses and stores: the stock-movement ledger, reorder rules, suppliers and
//! purchase orders, in-store sales, API keys for tills, and the durable job table that runs
//! reordering and alert mail outside the request that sold the stock.
//!
//! Long: a migration is one schema step, written out table by table; it never changes once released.

use sea_orm_migration::prelude::*;

use super::m20261122_000001_catalog::Variants;
use super::schema::{drop_tables, id_column, index, text_column};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Locations {
    Table,
    Id,
    /// Online orders reserve from locations in ascending rank (then id).
    OnlineRank,
}

#[derive(DeriveIden, Clone, Copy)]
enum StockLevels {
    Table,
    VariantId,
    LocationId,
    OnHand,
    Reserved,
}

#[derive(DeriveIden, Clone, Copy)]
enum StockMovements {
    Table,
    Id,
    VariantId,
    LocationId,
    /// `domain::MovementKind::code`.
    Kind,
    OnHandChange,
    ReservedChange,
    Reason,
    /// Who moved it: a staff e-mail, "till: <key name>", "shopper" or "system".
    Actor,
    /// What it belongs to: "order M-1001", "PO-00003", "sale S-000004", "transfer …".
    Reference,
    At,
}

#[derive(DeriveIden, Clone, Copy)]
enum Suppliers {
    Table,
    Id,
    Name,
    Email,
    LeadTimeDays,
    /// `domain::AutoReorder::code`: "off", "draft" or "send".
    AutoReorder,
    CreatedAt,
    /// Bumped by every reorder run: the row lock it takes makes runs for one supplier take
    /// turns, on PostgreSQL as on SQLite.
    ReorderRuns,
}

#[derive(DeriveIden, Clone, Copy)]
enum SupplierItems {
    Table,
    Id,
    SupplierId,
    VariantId,
    SupplierSku,
    CostMinor,
    Currency,
}

#[derive(DeriveIden, Clone, Copy)]
enum ReorderRules {
    Table,
    Id,
    VariantId,
    /// None: the rule watches the variant's stock over all locations.
    LocationId,
    ReorderPoint,
    ReorderQuantity,
    SupplierId,
    /// Available stock is at or below the point: set once per crossing, cleared when stock
    /// rises above it again.
    Low,
    LowSince,
}

#[derive(DeriveIden, Clone, Copy)]
enum PurchaseOrders {
    Table,
    Id,
    SupplierId,
    /// Where the goods are received.
    LocationId,
    /// `domain::PurchaseOrderStatus::code`.
    Status,
    Currency,
    Note,
    CreatedBy,
    CreatedAt,
    SentAt,
    ClosedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum PurchaseOrderLines {
    Table,
    Id,
    PurchaseOrderId,
    VariantId,
    Sku,
    Name,
    QuantityOrdered,
    QuantityReceived,
    CostMinor,
}

#[derive(DeriveIden, Clone, Copy)]
enum PosSales {
    Table,
    Id,
    LocationId,
    /// `domain::TenderKind::code`.
    PaymentMethod,
    TotalMinor,
    Currency,
    TenderedMinor,
    ChangeMinor,
    /// The terminal's approval code for a card-present payment; never card data.
    CardReference,
    SoldBy,
    /// A till's own id for the sale, so a retried POST records it once (unique per store).
    ClientReference,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum PosSaleLines {
    Table,
    Id,
    PosSaleId,
    VariantId,
    Sku,
    Name,
    Quantity,
    UnitPriceMinor,
    LineTotalMinor,
}

#[derive(DeriveIden, Clone, Copy)]
enum ApiKeys {
    Table,
    Id,
    Name,
    /// The first characters of the key, shown in lists so staff can tell keys apart.
    Prefix,
    /// SHA-256 of the whole key; the key itself is shown once and never stored.
    KeyHash,
    Permissions,
    LocationId,
    CreatedAt,
    LastUsedAt,
    RevokedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Jobs {
    Table,
    Id,
    Kind,
    Payload,
    /// "pending", "running", "done" or "failed".
    Status,
    Attempts,
    MaxAttempts,
    RunAt,
    LockedBy,
    LockedUntil,
    LastError,
    /// At most one unfinished job per key (cleared when the job ends).
    DedupeKey,
    CreatedAt,
    FinishedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum StaffRoles {
    Table,
    Name,
    Permissions,
}

fn to_location(
    table: impl IntoIden + 'static,
    column: impl IntoIden + 'static,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, column)
        .to(Locations::Table, Locations::Id)
        .on_delete(on_delete)
        .to_owned()
}

fn to_variant(
    table: impl IntoIden + 'static,
    column: impl IntoIden + 'static,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, column)
        .to(Variants::Table, Variants::Id)
        .on_delete(on_delete)
        .to_owned()
}

fn to_supplier(
    table: impl IntoIden + 'static,
    column: impl IntoIden + 'static,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, column)
        .to(Suppliers::Table, Suppliers::Id)
        .on_delete(on_delete)
        .to_owned()
}

fn int(name: impl IntoIden) -> ColumnDef {
    ColumnDef::new(name).integer().not_null().to_owned()
}

fn big(name: impl IntoIden) -> ColumnDef {
    ColumnDef::new(name).big_integer().not_null().to_owned()
}

fn optional_big(name: impl IntoIden) -> ColumnDef {
    ColumnDef::new(name).big_integer().null().to_owned()
}

fn optional_text(name: impl IntoIden, len: u32) -> ColumnDef {
    ColumnDef::new(name).string_len(len).null().to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Locations::Table)
                    .add_column(int(Locations::OnlineRank).default(0))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(StockMovements::Table)
                    .col(id_column(StockMovements::Id))
                    .col(int(StockMovements::VariantId))
                    .col(int(StockMovements::LocationId))
                    .col(text_column(StockMovements::Kind, 24))
                    .col(int(StockMovements::OnHandChange))
                    .col(int(StockMovements::ReservedChange))
                    .col(text_column(StockMovements::Reason, 300))
                    .col(text_column(StockMovements::Actor, 254))
                    .col(optional_text(StockMovements::Reference, 80))
                    .col(big(StockMovements::At))
                    .foreign_key(&mut to_variant(
                        StockMovements::Table,
                        StockMovements::VariantId,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut to_location(
                        StockMovements::Table,
                        StockMovements::LocationId,
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_stock_movements_variant_location",
                StockMovements::Table,
                &[StockMovements::VariantId, StockMovements::LocationId],
            ))
            .await?;
        // The levels that exist already become the ledger's opening balances, so that every
        // level equals the sum of its movements from the first day.
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(StockMovements::Table)
                    .columns([
                        StockMovements::VariantId,
                        StockMovements::LocationId,
                        StockMovements::Kind,
                        StockMovements::OnHandChange,
                        StockMovements::ReservedChange,
                        StockMovements::Reason,
                        StockMovements::Actor,
                        StockMovements::At,
                    ])
                    .select_from(
                        Query::select()
                            .columns([StockLevels::VariantId, StockLevels::LocationId])
                            .expr(Expr::val("adjustment"))
                            .columns([StockLevels::OnHand, StockLevels::Reserved])
                            .expr(Expr::val("Opening balance"))
                            .expr(Expr::val("system"))
                            .expr(Expr::val(chrono::Utc::now().timestamp()))
                            .from(StockLevels::Table)
                            .to_owned(),
                    )
                    .map_err(|e| DbErr::Migration(e.to_string()))?
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Suppliers::Table)
                    .col(id_column(Suppliers::Id))
                    .col(text_column(Suppliers::Name, 200))
                    .col(text_column(Suppliers::Email, 254))
                    .col(int(Suppliers::LeadTimeDays).default(7))
                    .col(text_column(Suppliers::AutoReorder, 8).default("off"))
                    .col(big(Suppliers::CreatedAt))
                    .col(int(Suppliers::ReorderRuns).default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SupplierItems::Table)
                    .col(id_column(SupplierItems::Id))
                    .col(int(SupplierItems::SupplierId))
                    .col(int(SupplierItems::VariantId))
                    .col(optional_text(SupplierItems::SupplierSku, 64))
                    .col(big(SupplierItems::CostMinor))
                    .col(text_column(SupplierItems::Currency, 3))
                    .foreign_key(&mut to_supplier(
                        SupplierItems::Table,
                        SupplierItems::SupplierId,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut to_variant(
                        SupplierItems::Table,
                        SupplierItems::VariantId,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "idx_supplier_items_supplier_variant",
                    SupplierItems::Table,
                    &[SupplierItems::SupplierId, SupplierItems::VariantId],
                )
                .unique()
                .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ReorderRules::Table)
                    .col(id_column(ReorderRules::Id))
                    .col(int(ReorderRules::VariantId))
                    .col(ColumnDef::new(ReorderRules::LocationId).integer().null())
                    .col(int(ReorderRules::ReorderPoint))
                    .col(int(ReorderRules::ReorderQuantity))
                    .col(ColumnDef::new(ReorderRules::SupplierId).integer().null())
                    .col(
                        ColumnDef::new(ReorderRules::Low)
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .col(optional_big(ReorderRules::LowSince))
                    .foreign_key(&mut to_variant(
                        ReorderRules::Table,
                        ReorderRules::VariantId,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut to_location(
                        ReorderRules::Table,
                        ReorderRules::LocationId,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut to_supplier(
                        ReorderRules::Table,
                        ReorderRules::SupplierId,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_reorder_rules_variant",
                ReorderRules::Table,
                &[ReorderRules::VariantId],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PurchaseOrders::Table)
                    .col(id_column(PurchaseOrders::Id))
                    .col(int(PurchaseOrders::SupplierId))
                    .col(int(PurchaseOrders::LocationId))
                    .col(text_column(PurchaseOrders::Status, 20))
                    .col(text_column(PurchaseOrders::Currency, 3))
                    .col(text_column(PurchaseOrders::Note, 500).default(""))
                    .col(text_column(PurchaseOrders::CreatedBy, 254))
                    .col(big(PurchaseOrders::CreatedAt))
                    .col(optional_big(PurchaseOrders::SentAt))
                    .col(optional_big(PurchaseOrders::ClosedAt))
                    .foreign_key(&mut to_supplier(
                        PurchaseOrders::Table,
                        PurchaseOrders::SupplierId,
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut to_location(
                        PurchaseOrders::Table,
                        PurchaseOrders::LocationId,
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_purchase_orders_supplier_status",
                PurchaseOrders::Table,
                &[PurchaseOrders::SupplierId, PurchaseOrders::Status],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PurchaseOrderLines::Table)
                    .col(id_column(PurchaseOrderLines::Id))
                    .col(int(PurchaseOrderLines::PurchaseOrderId))
                    .col(
                        ColumnDef::new(PurchaseOrderLines::VariantId)
                            .integer()
                            .null(),
                    )
                    .col(text_column(PurchaseOrderLines::Sku, 64))
                    .col(text_column(PurchaseOrderLines::Name, 300))
                    .col(int(PurchaseOrderLines::QuantityOrdered))
                    .col(int(PurchaseOrderLines::QuantityReceived).default(0))
                    .col(big(PurchaseOrderLines::CostMinor))
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                PurchaseOrderLines::Table,
                                PurchaseOrderLines::PurchaseOrderId,
                            )
                            .to(PurchaseOrders::Table, PurchaseOrders::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(&mut to_variant(
                        PurchaseOrderLines::Table,
                        PurchaseOrderLines::VariantId,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_purchase_order_lines_order",
                PurchaseOrderLines::Table,
                &[PurchaseOrderLines::PurchaseOrderId],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PosSales::Table)
                    .col(id_column(PosSales::Id))
                    .col(int(PosSales::LocationId))
                    .col(text_column(PosSales::PaymentMethod, 16))
                    .col(big(PosSales::TotalMinor))
                    .col(text_column(PosSales::Currency, 3))
                    .col(optional_big(PosSales::TenderedMinor))
                    .col(optional_big(PosSales::ChangeMinor))
                    .col(optional_text(PosSales::CardReference, 64))
                    .col(text_column(PosSales::SoldBy, 254))
                    .col(optional_text(PosSales::ClientReference, 100))
                    .col(big(PosSales::CreatedAt))
                    .foreign_key(&mut to_location(
                        PosSales::Table,
                        PosSales::LocationId,
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        // A till's own sale id is unique in its store (two stores' tills may both count from 1).
        manager
            .create_index(
                index(
                    "idx_pos_sales_store_client_reference",
                    PosSales::Table,
                    &[PosSales::LocationId, PosSales::ClientReference],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PosSaleLines::Table)
                    .col(id_column(PosSaleLines::Id))
                    .col(int(PosSaleLines::PosSaleId))
                    .col(ColumnDef::new(PosSaleLines::VariantId).integer().null())
                    .col(text_column(PosSaleLines::Sku, 64))
                    .col(text_column(PosSaleLines::Name, 300))
                    .col(int(PosSaleLines::Quantity))
                    .col(big(PosSaleLines::UnitPriceMinor))
                    .col(big(PosSaleLines::LineTotalMinor))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PosSaleLines::Table, PosSaleLines::PosSaleId)
                            .to(PosSales::Table, PosSales::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(&mut to_variant(
                        PosSaleLines::Table,
                        PosSaleLines::VariantId,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_pos_sale_lines_sale",
                PosSaleLines::Table,
                &[PosSaleLines::PosSaleId],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ApiKeys::Table)
                    .col(id_column(ApiKeys::Id))
                    .col(text_column(ApiKeys::Name, 100))
                    .col(text_column(ApiKeys::Prefix, 16))
                    .col(text_column(ApiKeys::KeyHash, 64).unique_key())
                    .col(text_column(ApiKeys::Permissions, 300))
                    .col(ColumnDef::new(ApiKeys::LocationId).integer().null())
                    .col(big(ApiKeys::CreatedAt))
                    .col(optional_big(ApiKeys::LastUsedAt))
                    .col(optional_big(ApiKeys::RevokedAt))
                    .foreign_key(&mut to_location(
                        ApiKeys::Table,
                        ApiKeys::LocationId,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Jobs::Table)
                    .col(id_column(Jobs::Id))
                    .col(text_column(Jobs::Kind, 40))
                    .col(ColumnDef::new(Jobs::Payload).text().not_null())
                    .col(text_column(Jobs::Status, 12))
                    .col(int(Jobs::Attempts).default(0))
                    .col(int(Jobs::MaxAttempts))
                    .col(big(Jobs::RunAt))
                    .col(optional_text(Jobs::LockedBy, 64))
                    .col(optional_big(Jobs::LockedUntil))
                    .col(optional_text(Jobs::LastError, 1000))
                    .col(optional_text(Jobs::DedupeKey, 120).unique_key())
                    .col(big(Jobs::CreatedAt))
                    .col(optional_big(Jobs::FinishedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_jobs_status_run_at",
                Jobs::Table,
                &[Jobs::Status, Jobs::RunAt],
            ))
            .await?;

        // Roles for the new work: selling in a store, and buying from suppliers.
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(StaffRoles::Table)
                    .columns([StaffRoles::Name, StaffRoles::Permissions])
                    .values_panic(["Store clerk".into(), "catalog.view,pos".into()])
                    .values_panic([
                        "Buyer".into(),
                        "catalog.view,stock.edit,purchasing.manage".into(),
                    ])
                    // A shop may have made roles of these names itself: theirs stay.
                    .on_conflict(OnConflict::column(StaffRoles::Name).do_nothing().to_owned())
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .exec_stmt(
                Query::delete()
                    .from_table(StaffRoles::Table)
                    .and_where(Expr::col(StaffRoles::Name).is_in(["Store clerk", "Buyer"]))
                    .to_owned(),
            )
            .await?;
        drop_tables(
            manager,
            [
                Jobs::Table.into_iden(),
                ApiKeys::Table.into_iden(),
                PosSaleLines::Table.into_iden(),
                PosSales::Table.into_iden(),
                PurchaseOrderLines::Table.into_iden(),
                PurchaseOrders::Table.into_iden(),
                ReorderRules::Table.into_iden(),
                SupplierItems::Table.into_iden(),
                Suppliers::Table.into_iden(),
                StockMovements::Table.into_iden(),
            ],
        )
        .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Locations::Table)
                    .drop_column(Locations::OnlineRank)
                    .to_owned(),
            )
            .await
    }
}
