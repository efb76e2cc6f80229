//! API keys for machines (a store's till, a cash register): a random key shown once when made,
//! stored only as its SHA-256 hash, carrying its own short list of permissions (a till's key has
//! only `pos`) and optionally tied to one store.

use std::collections::BTreeSet;

use http::HeaderMap;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use sha2::{Digest, Sha256};

use super::{secret, unix_now};
use crate::backend::entities::api_key;
use crate::domain::Permission;
use crate::error::AppError;

/// Keys start with this, so a leaked one is easy to recognise (and to search for in code).
const KEY_PREFIX: &str = "mk_";

/// A caller that authenticated with an API key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiClient {
    pub id: i32,
    pub name: String,
    pub permissions: BTreeSet<Permission>,
    /// The store the key is for, if it is tied to one.
    pub location_id: Option<i32>,
}

impl ApiClient {
    pub fn require(&self, permission: Permission) -> Result<(), AppError> {
        if self.permissions.contains(&permission) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }
}

fn hash(key: &str) -> String {
    hex::encode(Sha256::digest(key.as_bytes()))
}

/// Makes a key named `name` with `permissions`; returns the key itself, which is not kept.
pub async fn create<C: ConnectionTrait>(
    db: &C,
    name: &str,
    permissions: &BTreeSet<Permission>,
    location_id: Option<i32>,
) -> Result<String, AppError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(AppError::validation(
            "name",
            "Name the key (at most 100 characters), e.g. after the till it is for.",
        ));
    }
    if permissions.is_empty() {
        return Err(AppError::validation(
            "permissions",
            "A key needs at least one permission.",
        ));
    }
    let key = format!(
        "{KEY_PREFIX}{}",
        secret::new_secret().map_err(AppError::internal)?
    );
    api_key::ActiveModel {
        name: Set(name.to_string()),
        prefix: Set(key.chars().take(10).collect()),
        key_hash: Set(hash(&key)),
        permissions: Set(Permission::format_list(permissions)),
        location_id: Set(location_id),
        created_at: Set(unix_now()),
        last_used_at: Set(None),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(key)
}

/// The credentials of an `Authorization` value in the Bearer scheme. The scheme's name is
/// case-insensitive (RFC 9110 §11.1), so `bearer mk_…` is as good as `Bearer mk_…`.
fn bearer_credentials(value: &str) -> Option<&str> {
    let (scheme, credentials) = value.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| credentials.trim())
}

/// The client named by the request's `Authorization: Bearer <key>`; 401 without a valid,
/// unrevoked key.
pub async fn authenticate<C: ConnectionTrait>(
    db: &C,
    headers: &HeaderMap,
) -> Result<ApiClient, AppError> {
    let key = headers
        .get(http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(bearer_credentials)
        .filter(|k| k.starts_with(KEY_PREFIX))
        .ok_or(AppError::Unauthorized)?;
    // The hash is looked up, not compared: equal hashes mean equal keys, and a key's hash
    // reveals nothing useful about another key.
    let found = api_key::Entity::find()
        .filter(api_key::Column::KeyHash.eq(hash(key)))
        .filter(api_key::Column::RevokedAt.is_null())
        .one(db)
        .await?
        .ok_or(AppError::Unauthorized)?;
    api_key::Entity::update_many()
        .col_expr(api_key::Column::LastUsedAt, Expr::value(unix_now()))
        .filter(api_key::Column::Id.eq(found.id))
        .exec(db)
        .await?;
    Ok(ApiClient {
        id: found.id,
        name: found.name,
        permissions: Permission::parse_list(&found.permissions),
        location_id: found.location_id,
    })
}

/// Revokes the key with this id; true if it was active.
pub async fn revoke_id<C: ConnectionTrait>(db: &C, id: i32) -> Result<bool, AppError> {
    let revoked = api_key::Entity::update_many()
        .col_expr(api_key::Column::RevokedAt, Expr::value(unix_now()))
        .filter(api_key::Column::Id.eq(id))
        .filter(api_key::Column::RevokedAt.is_null())
        .exec(db)
        .await?
        .rows_affected;
    Ok(revoked > 0)
}

/// Revokes the key named `name`; true if there was one.
pub async fn revoke<C: ConnectionTrait>(db: &C, name: &str) -> Result<bool, AppError> {
    let revoked = api_key::Entity::update_many()
        .col_expr(api_key::Column::RevokedAt, Expr::value(unix_now()))
        .filter(api_key::Column::Name.eq(name.trim()))
        .filter(api_key::Column::RevokedAt.is_null())
        .exec(db)
        .await?
        .rows_affected;
    Ok(revoked > 0)
}

#[cfg(test)]
mod tests {
    use super::bearer_credentials;

    #[test]
    fn the_bearer_scheme_is_read_in_any_case() {
        for value in [
            "Bearer mk_1",
            "bearer mk_1",
            "BEARER  mk_1 ",
            " BeArEr mk_1",
        ] {
            assert_eq!(bearer_credentials(value), Some("mk_1"), "{value:?}");
        }
        for value in ["Basic mk_1", "Bearermk_1", "mk_1", ""] {
            assert_eq!(bearer_credentials(value), None, "{value:?}");
        }
    }
}
