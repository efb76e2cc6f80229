//! A product's gallery in the database and the media store. Every change rewrites positions
//! 0, 1, 2… in one transaction and tells the search index, whose cards show the first picture.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::Serialize;

use super::model::MediaItem;
use crate::audit;
use crate::backend::auth::Actor;
use crate::backend::entities::{media, product};
use crate::backend::AppState;
use crate::catalog::domain::media::{alt_text, MediaError};
use crate::error::AppError;

impl From<MediaError> for AppError {
    fn from(err: MediaError) -> Self {
        AppError::validation("image", err.to_string())
    }
}

pub async fn gallery<C: ConnectionTrait>(
    db: &C,
    product_id: i32,
) -> Result<Vec<MediaItem>, AppError> {
    Ok(media::Entity::find()
        .filter(media::Column::ProductId.eq(product_id))
        .order_by_asc(media::Column::Position)
        .order_by_asc(media::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|m| MediaItem {
            id: m.id,
            url: m.url,
            alt: m.alt,
            width: m.width,
            height: m.height,
        })
        .collect())
}

#[derive(Serialize)]
struct MediaRecord<'a> {
    product: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    alt: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    order: Option<&'a [i32]>,
}

async fn finish<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    action: &str,
    record: MediaRecord<'_>,
) -> Result<(), AppError> {
    crate::backend::change_feed::record_products(db, &[record.product]).await?;
    audit::record_after(
        db,
        actor,
        action,
        &format!("product {}", record.product),
        &record,
    )
    .await
}

async fn product_exists<C: ConnectionTrait>(db: &C, product_id: i32) -> Result<(), AppError> {
    product::Entity::find_by_id(product_id)
        .one(db)
        .await?
        .map(|_| ())
        .ok_or_else(|| AppError::not_found("this product"))
}

/// Checks and resizes an uploaded picture, stores its sizes and adds it at the end of the
/// gallery. The files are written before the row: a failure leaves unused files, never a row
/// that points at nothing.
pub async fn add(
    state: &AppState,
    actor: &Actor,
    product_id: i32,
    bytes: Vec<u8>,
    alt: &str,
) -> Result<MediaItem, AppError> {
    let alt = alt_text(alt)?;
    product_exists(&state.db, product_id).await?;
    let sizes = tokio::task::spawn_blocking(move || crate::backend::images::renditions(&bytes))
        .await
        .map_err(AppError::internal)??;
    let mut name = [0u8; 8];
    getrandom::fill(&mut name).map_err(AppError::internal)?;
    let name = hex::encode(name);
    let mut url = String::new();
    for size in &sizes {
        let key = format!("products/{product_id}/{name}-{}.webp", size.width);
        url = state
            .media
            .put(&key, size.webp.clone())
            .await
            .map_err(|err| {
                tracing::error!(error = %err, "a picture could not be stored");
                AppError::Unavailable(
                    "The picture could not be stored just now; nothing was changed. Try again."
                        .into(),
                )
            })?;
    }
    let largest = sizes
        .last()
        .ok_or_else(|| AppError::internal("no sizes rendered"))?;
    let txn = crate::backend::db::begin_write(&state.db).await?;
    let position = i32::try_from(gallery(&txn, product_id).await?.len()).unwrap_or(i32::MAX);
    let row = media::ActiveModel {
        product_id: Set(product_id),
        url: Set(url.clone()),
        alt: Set(alt.clone()),
        width: Set(i32::try_from(largest.width).unwrap_or(i32::MAX)),
        height: Set(i32::try_from(largest.height).unwrap_or(i32::MAX)),
        position: Set(position),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    finish(
        &txn,
        actor,
        "media.add",
        MediaRecord {
            product: product_id,
            url: Some(&url),
            alt: Some(&alt),
            order: None,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(MediaItem {
        id: row.id,
        url: row.url,
        alt: row.alt,
        width: row.width,
        height: row.height,
    })
}

/// Puts the gallery in the order given; the list must name each picture exactly once.
pub async fn reorder(
    state: &AppState,
    actor: &Actor,
    product_id: i32,
    ids: &[i32],
) -> Result<Vec<MediaItem>, AppError> {
    let txn = crate::backend::db::begin_write(&state.db).await?;
    product_exists(&txn, product_id).await?;
    let current = gallery(&txn, product_id).await?;
    let mut expected: Vec<i32> = current.iter().map(|m| m.id).collect();
    let mut given = ids.to_vec();
    expected.sort_unstable();
    given.sort_unstable();
    if expected != given {
        return Err(AppError::Conflict(
            "The pictures changed meanwhile. Reload the page and try again.".into(),
        ));
    }
    set_order(&txn, ids).await?;
    finish(
        &txn,
        actor,
        "media.order",
        MediaRecord {
            product: product_id,
            url: None,
            alt: None,
            order: Some(ids),
        },
    )
    .await?;
    let gallery = gallery(&txn, product_id).await?;
    txn.commit().await?;
    Ok(gallery)
}

/// Gives the pictures `ids` the positions 0, 1, 2… in that order.
async fn set_order<C: ConnectionTrait>(db: &C, ids: &[i32]) -> Result<(), AppError> {
    for (position, id) in ids.iter().enumerate() {
        media::ActiveModel {
            id: Set(*id),
            position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
            ..Default::default()
        }
        .update(db)
        .await?;
    }
    Ok(())
}

async fn find<C: ConnectionTrait>(db: &C, id: i32) -> Result<media::Model, AppError> {
    media::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("this picture"))
}

pub async fn set_alt(
    state: &AppState,
    actor: &Actor,
    id: i32,
    alt: &str,
) -> Result<Vec<MediaItem>, AppError> {
    let alt = alt_text(alt)?;
    let txn = crate::backend::db::begin_write(&state.db).await?;
    let found = find(&txn, id).await?;
    media::ActiveModel {
        id: Set(id),
        alt: Set(alt.clone()),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    finish(
        &txn,
        actor,
        "media.alt",
        MediaRecord {
            product: found.product_id,
            url: Some(&found.url),
            alt: Some(&alt),
            order: None,
        },
    )
    .await?;
    let gallery = gallery(&txn, found.product_id).await?;
    txn.commit().await?;
    Ok(gallery)
}

/// Takes a picture out of the gallery. Its files stay in the store: a page cached elsewhere may
/// still link to them.
pub async fn delete(state: &AppState, actor: &Actor, id: i32) -> Result<Vec<MediaItem>, AppError> {
    let txn = crate::backend::db::begin_write(&state.db).await?;
    let found = find(&txn, id).await?;
    media::Entity::delete_by_id(id).exec(&txn).await?;
    let remaining: Vec<i32> = gallery(&txn, found.product_id)
        .await?
        .iter()
        .map(|m| m.id)
        .collect();
    set_order(&txn, &remaining).await?;
    finish(
        &txn,
        actor,
        "media.delete",
        MediaRecord {
            product: found.product_id,
            url: Some(&found.url),
            alt: None,
            order: None,
        },
    )
    .await?;
    let gallery = gallery(&txn, found.product_id).await?;
    txn.commit().await?;
    Ok(gallery)
}
