//! Photos a resident attaches to a draft (at most [`MAX_PHOTOS`]); they go
//! with it to the case.

use chrono::Utc;
use sqlx::any::AnyRow;

use crate::server::row::Cols;
use crate::server::{Db, DbError, token_hash};

/// A photo attached to a draft or case.
#[derive(Clone, Debug, PartialEq)]
pub struct Photo {
    pub id: i64,
    pub object_key: String,
    pub thumb_key: String,
    pub width: i64,
    pub height: i64,
}

/// How many photos a complaint may carry.
pub const MAX_PHOTOS: usize = 4;

pub async fn draft_photos(db: &Db, token: &str) -> Result<Vec<Photo>, DbError> {
    let rows = sqlx::query(
        "SELECT id, object_key, thumb_key, width, height FROM complaint_photos \
         WHERE draft_token_hash = $1 ORDER BY id",
    )
    .bind(token_hash(token))
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(Photo::try_from).collect()
}

impl TryFrom<&AnyRow> for Photo {
    type Error = DbError;

    fn try_from(r: &AnyRow) -> Result<Photo, DbError> {
        Ok(Photo {
            id: r.col("id")?,
            object_key: r.col("object_key")?,
            thumb_key: r.col("thumb_key")?,
            width: r.col("width")?,
            height: r.col("height")?,
        })
    }
}

/// Attaches a stored photo to a draft, unless the draft has its maximum
/// already or was submitted (then false; the caller deletes the files).
pub async fn add_draft_photo(
    db: &Db,
    token: &str,
    object_key: &str,
    thumb_key: &str,
    (width, height, bytes): (u32, u32, usize),
) -> Result<bool, DbError> {
    let hash = token_hash(token);
    let mut tx = db.begin_write().await?;
    // Touching the draft row first locks it: concurrent uploads to one
    // draft count one after the other.
    let open = sqlx::query(
        "UPDATE complaint_drafts SET updated_at = $1 WHERE token_hash = $2 AND case_id IS NULL",
    )
    .bind(Utc::now().to_rfc3339())
    .bind(&hash)
    .execute(&mut *tx)
    .await?;
    if open.rows_affected() != 1 {
        return Ok(false);
    }
    let count: i64 =
        sqlx::query("SELECT COUNT(*) AS n FROM complaint_photos WHERE draft_token_hash = $1")
            .bind(&hash)
            .fetch_one(&mut *tx)
            .await?
            .col("n")?;
    if count >= MAX_PHOTOS as i64 {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO complaint_photos (draft_token_hash, object_key, thumb_key, width, height, bytes, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&hash)
    .bind(object_key)
    .bind(thumb_key)
    .bind(i64::from(width))
    .bind(i64::from(height))
    .bind(bytes as i64)
    .bind(Utc::now().to_rfc3339())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Removes one of a draft's photos; its object keys, when it was there.
pub async fn remove_draft_photo(
    db: &Db,
    token: &str,
    id: i64,
) -> Result<Option<(String, String)>, DbError> {
    let row = sqlx::query(
        "DELETE FROM complaint_photos WHERE id = $1 AND draft_token_hash = $2 AND case_id IS NULL \
         RETURNING object_key, thumb_key",
    )
    .bind(id)
    .bind(token_hash(token))
    .fetch_optional(&db.pool)
    .await?;
    row.map(|r| Ok((r.col("object_key")?, r.col("thumb_key")?)))
        .transpose()
}

/// The photo `id` if this draft token or case may see it.
pub async fn draft_photo(db: &Db, token: &str, id: i64) -> Result<Option<Photo>, DbError> {
    let row = sqlx::query(
        "SELECT id, object_key, thumb_key, width, height FROM complaint_photos \
         WHERE id = $1 AND draft_token_hash = $2",
    )
    .bind(id)
    .bind(token_hash(token))
    .fetch_optional(&db.pool)
    .await?;
    row.as_ref().map(Photo::try_from).transpose()
}
