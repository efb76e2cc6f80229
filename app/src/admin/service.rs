//! Back-office operations. Every change is written together with its audit record, in one
//! transaction; permission checks happen before these are called (in `api`).

use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::Serialize;

use super::model::{
    AuditRow, StaffContext, StaffDirectory, StaffMember, StockAtLocation, VariantAdmin,
};
use crate::backend::auth::{audit, sessions, Actor};
use crate::backend::entities::{
    audit_entry, location, product, staff_role, stock_level, user, variant, variant_option_value,
};
use crate::backend::stock::{ledger, Mover};
use crate::backend::AppState;
use crate::domain::{Currency, Level, Money, Permission, Role, Sku};
use crate::error::AppError;

pub const AUDIT_PAGE_SIZE: u64 = 50;

pub fn staff_context(actor: &Actor) -> StaffContext {
    StaffContext {
        name: actor.name.clone(),
        role: actor.role.label(),
        permissions: Permission::ALL
            .into_iter()
            .filter(|p| actor.role.allows(*p))
            .map(|p| p.code().to_string())
            .collect(),
    }
}

fn sku(text: &str) -> Result<Sku, AppError> {
    Sku::parse(text).map_err(|e| AppError::validation("sku", e.to_string()))
}

/// The location with the code staff chose: a 400 on `field` when there is none.
pub async fn location_with_code<C: sea_orm::ConnectionTrait>(
    db: &C,
    field: &str,
    code: &str,
) -> Result<location::Model, AppError> {
    location::Entity::find()
        .filter(location::Column::Code.eq(code.trim()))
        .one(db)
        .await?
        .ok_or_else(|| {
            AppError::validation(field, format!("There is no location “{}”.", code.trim()))
        })
}

/// The variant with the SKU staff typed (or a till sent): a 400 on the `sku` field when the
/// text is not a SKU or no variant has it.
pub async fn variant_with_sku<C: sea_orm::ConnectionTrait>(
    db: &C,
    text: &str,
) -> Result<variant::Model, AppError> {
    let sku = sku(text)?;
    variant::Entity::find()
        .filter(variant::Column::Sku.eq(sku.as_str()))
        .one(db)
        .await?
        .ok_or_else(|| AppError::validation("sku", format!("No item has the SKU {sku}.")))
}

async fn find_variant<C: sea_orm::ConnectionTrait>(
    db: &C,
    sku: &Sku,
) -> Result<variant::Model, AppError> {
    variant::Entity::find()
        .filter(variant::Column::Sku.eq(sku.as_str()))
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found(format!("a variant with SKU {sku}")))
}

pub async fn variant_by_sku(state: &AppState, sku_text: &str) -> Result<VariantAdmin, AppError> {
    let sku = sku(sku_text)?;
    let found = find_variant(&state.db, &sku).await?;
    let owner = product::Entity::find_by_id(found.product_id)
        .one(&state.db)
        .await?
        .ok_or_else(|| AppError::not_found("this product"))?;
    let options = variant_option_value::Entity::find()
        .filter(variant_option_value::Column::VariantId.eq(found.id))
        .order_by_asc(variant_option_value::Column::Position)
        .all(&state.db)
        .await?;
    let locations = location::Entity::find()
        .order_by_asc(location::Column::Id)
        .all(&state.db)
        .await?;
    let levels = stock_level::Entity::find()
        .filter(stock_level::Column::VariantId.eq(found.id))
        .all(&state.db)
        .await?;
    let currency = Currency::parse(&found.currency).map_err(AppError::internal)?;
    Ok(VariantAdmin {
        sku: found.sku.clone(),
        product_name: owner.name,
        variant_name: options
            .iter()
            .map(|o| format!("{}: {}", o.name, o.value))
            .collect::<Vec<_>>()
            .join(", "),
        price: Money::from_minor(found.price_minor, currency).to_decimal_string(),
        stock: locations
            .into_iter()
            .map(|place| {
                let level = levels.iter().find(|l| l.location_id == place.id);
                StockAtLocation {
                    location_code: place.code,
                    location_name: place.name,
                    on_hand: level.map_or(0, |l| l.on_hand),
                    reserved: level.map_or(0, |l| l.reserved),
                }
            })
            .collect(),
    })
}

/// Sets how many units of a variant a location holds (a count after a stocktake), as a ledger
/// adjustment with its reason. Fewer than are promised to orders is refused: those units are
/// already sold.
pub async fn set_stock_level(
    state: &AppState,
    actor: &Actor,
    sku_text: &str,
    location_code: &str,
    on_hand: i32,
    reason: &str,
) -> Result<(), AppError> {
    let sku = sku(sku_text)?;
    if !(0..=1_000_000).contains(&on_hand) {
        return Err(AppError::validation(
            "on_hand",
            "Stock must be a whole number from 0 to 1,000,000.",
        ));
    }
    let reason = match reason.trim() {
        "" => "Stock count",
        given => given,
    };
    let txn = crate::backend::db::begin_write(&state.db).await?;
    let found = find_variant(&txn, &sku).await?;
    let place = location_with_code(&txn, "location", location_code).await?;
    let before = ledger::level(&txn, found.id, place.id)
        .await?
        .unwrap_or_default();
    let by = Mover::Staff(actor.email.clone());
    if let Err(level) = ledger::count(&txn, found.id, place.id, on_hand, reason, &by).await? {
        let reserved = level.reserved;
        return Err(AppError::validation(
            "on_hand",
            format!(
                "{reserved} units are reserved for orders, so stock cannot go below {reserved}."
            ),
        ));
    }
    crate::backend::search::changes::record_variants(&txn, &[found.id]).await?;
    audit::record(
        &txn,
        actor,
        "stock.set",
        &format!("{sku} at {}", place.code),
        Some(&before),
        Some(&Level {
            on_hand,
            reserved: before.reserved,
        }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

#[derive(Serialize)]
struct PriceRecord {
    price: String,
}

/// Changes a variant's price and keeps its product's "from" price in step.
pub async fn set_price(
    state: &AppState,
    actor: &Actor,
    sku_text: &str,
    price_text: &str,
) -> Result<(), AppError> {
    let sku = sku(sku_text)?;
    let txn = crate::backend::db::begin_write(&state.db).await?;
    let found = find_variant(&txn, &sku).await?;
    let currency = Currency::parse(&found.currency).map_err(AppError::internal)?;
    let price = Money::parse(price_text, currency)
        .map_err(|e| AppError::validation("price", e.to_string()))?;
    if price.minor() <= 0 {
        return Err(AppError::validation(
            "price",
            "A price must be more than zero.",
        ));
    }
    let before = Money::from_minor(found.price_minor, currency);
    variant::ActiveModel {
        id: Set(found.id),
        price_minor: Set(price.minor()),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    let lowest: Option<i64> = variant::Entity::find()
        .select_only()
        .column_as(variant::Column::PriceMinor.min(), "lowest")
        .filter(variant::Column::ProductId.eq(found.product_id))
        .into_tuple()
        .one(&txn)
        .await?
        .flatten();
    product::ActiveModel {
        id: Set(found.product_id),
        min_price_minor: Set(lowest.unwrap_or(price.minor())),
        updated_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    crate::backend::search::changes::record_products(&txn, &[found.product_id]).await?;
    audit::record(
        &txn,
        actor,
        "price.set",
        &format!("{sku}"),
        Some(&PriceRecord {
            price: before.to_decimal_string(),
        }),
        Some(&PriceRecord {
            price: price.to_decimal_string(),
        }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The newest entries first, `page` counted from 1.
pub async fn audit_log(state: &AppState, page: u64) -> Result<Vec<AuditRow>, AppError> {
    let rows = audit_entry::Entity::find()
        .order_by_desc(audit_entry::Column::Id)
        .offset(crate::domain::page_offset(page, AUDIT_PAGE_SIZE))
        .limit(AUDIT_PAGE_SIZE)
        .all(&state.db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| AuditRow {
            at: row.at.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
            actor: row.actor_email,
            action: row.action,
            subject: row.subject,
            before: row.before.unwrap_or_default(),
            after: row.after.unwrap_or_default(),
        })
        .collect())
}

pub async fn staff_directory(state: &AppState) -> Result<StaffDirectory, AppError> {
    let roles = staff_role::Entity::find()
        .order_by_asc(staff_role::Column::Name)
        .all(&state.db)
        .await?;
    let members = user::Entity::find()
        .filter(user::Column::Kind.ne("customer"))
        .order_by_asc(user::Column::Email)
        .all(&state.db)
        .await?;
    let mut listed = Vec::with_capacity(members.len());
    for member in members {
        let role = sessions::role_of(&state.db, &member).await?.label();
        listed.push(StaffMember {
            email: member.email,
            name: member.name,
            role,
        });
    }
    let mut role_names = vec!["Administrator".to_string()];
    role_names.extend(roles.into_iter().map(|r| r.name));
    role_names.push("Customer".to_string());
    Ok(StaffDirectory {
        members: listed,
        roles: role_names,
    })
}

/// Invites someone to the back office with `role_name` (a staff role, or "Administrator", which
/// only an administrator may give).
pub async fn invite(
    state: &AppState,
    actor: &Actor,
    email: &str,
    name: &str,
    role_name: &str,
) -> Result<(), AppError> {
    let role = match role_name.trim() {
        "Administrator" if actor.role != Role::Administrator => return Err(AppError::Forbidden),
        "Administrator" => Role::Administrator,
        "" | "Customer" => {
            return Err(AppError::validation(
                "role",
                "Choose the role the new member of staff will have.",
            ))
        }
        other => Role::Staff {
            role_name: other.to_string(),
            permissions: Default::default(),
        },
    };
    let account = crate::account::service::invite_staff(state, actor, email, name, &role).await?;
    audit::record(
        &state.db,
        actor,
        "staff.invite",
        &account.email,
        None::<&()>,
        Some(&RoleRecord { role: role.label() }),
    )
    .await
}

#[derive(Serialize)]
struct RoleRecord {
    role: String,
}

/// Gives an account another role. Its sessions end, so the change (up or down) takes effect at
/// once and a session opened under the old role cannot carry on with new rights.
pub async fn set_role(
    state: &AppState,
    actor: &Actor,
    email: &str,
    role_name: &str,
) -> Result<(), AppError> {
    let email = crate::domain::EmailAddress::parse(email)
        .map_err(|e| AppError::validation("email", e.to_string()))?;
    let txn = crate::backend::db::begin_write(&state.db).await?;
    let account = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::not_found(format!("an account for {email}")))?;
    if account.id == actor.user_id {
        return Err(AppError::validation(
            "email",
            "You cannot change your own role.",
        ));
    }
    let before_role = sessions::role_of(&txn, &account).await?;
    let granting_admin = role_name.trim() == "Administrator";
    if (granting_admin || before_role == Role::Administrator) && actor.role != Role::Administrator {
        return Err(AppError::Forbidden);
    }
    let before = before_role.label();
    let (kind, staff_role_id) = match role_name.trim() {
        "Administrator" => ("administrator", None),
        "Customer" => ("customer", None),
        name => {
            let role = staff_role::Entity::find()
                .filter(staff_role::Column::Name.eq(name))
                .one(&txn)
                .await?
                .ok_or_else(|| {
                    AppError::validation("role", format!("There is no role called “{name}”."))
                })?;
            ("staff", Some(role.id))
        }
    };
    user::ActiveModel {
        id: Set(account.id),
        kind: Set(kind.to_string()),
        staff_role_id: Set(staff_role_id),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    sessions::end_all_for_user(&txn, account.id).await?;
    audit::record(
        &txn,
        actor,
        "staff.role",
        email.as_str(),
        Some(&RoleRecord { role: before }),
        Some(&RoleRecord {
            role: role_name.trim().to_string(),
        }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
