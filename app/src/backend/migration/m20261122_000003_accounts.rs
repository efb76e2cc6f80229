//! Accounts and the security baseline: staff roles, users, sessions, single-use links, attempt
//! counters, the audit log and customers' saved addresses.
//!
//! Machine-read times (session expiry, link expiry, attempt windows) are Unix seconds, so that
//! SQLite and PostgreSQL compare them the same way; times people read are timestamps.

use sea_orm_migration::prelude::*;

use super::schema::{drop_tables, id_column, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum StaffRoles {
    Table,
    Id,
    Name,
    Permissions,
}

#[derive(DeriveIden, Clone, Copy)]
enum Users {
    Table,
    Id,
    Email,
    PasswordHash,
    Name,
    Kind,
    StaffRoleId,
    EmailVerifiedAt,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Sessions {
    Table,
    Id,
    UserId,
    CreatedAt,
    LastSeenAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum AccountTokens {
    Table,
    TokenHash,
    UserId,
    Purpose,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum RateLimits {
    Table,
    Key,
    WindowStartedAt,
    Attempts,
}

#[derive(DeriveIden, Clone, Copy)]
enum AuditLog {
    Table,
    Id,
    At,
    ActorId,
    ActorEmail,
    Action,
    Subject,
    Before,
    After,
}

#[derive(DeriveIden, Clone, Copy)]
enum Addresses {
    Table,
    Id,
    UserId,
    FullName,
    Line1,
    Line2,
    PostalCode,
    City,
    Region,
    Country,
    Phone,
    IsDefault,
}

fn text(name: impl IntoIden, len: u32) -> ColumnDef {
    ColumnDef::new(name).string_len(len).not_null().to_owned()
}

fn owned_by_user(
    table: impl IntoIden + Clone + 'static,
    column: impl IntoIden + 'static,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, column)
        .to(Users::Table, Users::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(StaffRoles::Table)
                    .col(id_column(StaffRoles::Id))
                    .col(text(StaffRoles::Name, 80).unique_key().to_owned())
                    .col(text(StaffRoles::Permissions, 1000))
                    .to_owned(),
            )
            .await?;
        // The two roles the shop starts with; administrators need no role (they may do anything).
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(StaffRoles::Table)
                    .columns([StaffRoles::Name, StaffRoles::Permissions])
                    .values_panic(["Stock clerk".into(), "catalog.view,stock.edit".into()])
                    .values_panic([
                        "Order handler".into(),
                        "catalog.view,orders.view,orders.manage,customers.view".into(),
                    ])
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .col(id_column(Users::Id))
                    .col(text(Users::Email, 254).unique_key().to_owned())
                    .col(text(Users::PasswordHash, 200))
                    .col(text(Users::Name, 120))
                    .col(text(Users::Kind, 16))
                    .col(ColumnDef::new(Users::StaffRoleId).integer().null())
                    .col(
                        ColumnDef::new(Users::EmailVerifiedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(Users::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Users::Table, Users::StaffRoleId)
                            .to(StaffRoles::Table, StaffRoles::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Sessions::Table)
                    // The SHA-256 of the cookie's secret: a stolen database does not hand out
                    // live sessions.
                    .col(text(Sessions::Id, 64).primary_key().to_owned())
                    .col(ColumnDef::new(Sessions::UserId).integer().not_null())
                    .col(ColumnDef::new(Sessions::CreatedAt).big_integer().not_null())
                    .col(
                        ColumnDef::new(Sessions::LastSeenAt)
                            .big_integer()
                            .not_null(),
                    )
                    .foreign_key(&mut owned_by_user(Sessions::Table, Sessions::UserId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_sessions_user",
                Sessions::Table,
                &[Sessions::UserId],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AccountTokens::Table)
                    .col(text(AccountTokens::TokenHash, 64).primary_key().to_owned())
                    .col(ColumnDef::new(AccountTokens::UserId).integer().not_null())
                    .col(text(AccountTokens::Purpose, 16))
                    .col(
                        ColumnDef::new(AccountTokens::CreatedAt)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(AccountTokens::ExpiresAt)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(AccountTokens::UsedAt).big_integer().null())
                    .foreign_key(&mut owned_by_user(
                        AccountTokens::Table,
                        AccountTokens::UserId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_account_tokens_user",
                AccountTokens::Table,
                &[AccountTokens::UserId],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(RateLimits::Table)
                    .col(text(RateLimits::Key, 200).primary_key().to_owned())
                    .col(
                        ColumnDef::new(RateLimits::WindowStartedAt)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(RateLimits::Attempts)
                            .big_integer()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(
                        ColumnDef::new(AuditLog::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(AuditLog::At)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    // No foreign key: the record outlives the account that made it.
                    .col(ColumnDef::new(AuditLog::ActorId).integer().null())
                    .col(text(AuditLog::ActorEmail, 254))
                    .col(text(AuditLog::Action, 64))
                    .col(text(AuditLog::Subject, 300))
                    .col(ColumnDef::new(AuditLog::Before).text().null())
                    .col(ColumnDef::new(AuditLog::After).text().null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("idx_audit_log_at", AuditLog::Table, &[AuditLog::At]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Addresses::Table)
                    .col(id_column(Addresses::Id))
                    .col(ColumnDef::new(Addresses::UserId).integer().not_null())
                    .col(text(Addresses::FullName, 120))
                    .col(text(Addresses::Line1, 200))
                    .col(text(Addresses::Line2, 200))
                    .col(text(Addresses::PostalCode, 20))
                    .col(text(Addresses::City, 120))
                    .col(text(Addresses::Region, 120))
                    .col(text(Addresses::Country, 2))
                    .col(text(Addresses::Phone, 40))
                    .col(
                        ColumnDef::new(Addresses::IsDefault)
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .foreign_key(&mut owned_by_user(Addresses::Table, Addresses::UserId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_addresses_user",
                Addresses::Table,
                &[Addresses::UserId],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            [
                Addresses::Table.into_iden(),
                AuditLog::Table.into_iden(),
                RateLimits::Table.into_iden(),
                AccountTokens::Table.into_iden(),
                Sessions::Table.into_iden(),
                Users::Table.into_iden(),
                StaffRoles::Table.into_iden(),
            ],
        )
        .await
    }
}
