//! The business's one rating of a visit: the first phone to ask takes the
//! right to rate (a key its cookie keeps; only the key's hash is stored),
//! and that phone rates once. The visit's log says that it was rated, never
//! how.

use chrono::{DateTime, Utc};
use domain::inspection::Rating;

use super::{log, stamp};
use crate::server::row::Cols;
use crate::server::trail::Actor;
use crate::server::{Db, DbError};

/// How taking the right to rate went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Claimed {
    Done,
    /// Another phone holds it (or this one, whose cookie was lost).
    Taken,
    /// Revoked, rated, or expired without a result: nothing to rate.
    NotOpen,
}

/// The first phone to ask takes the right to rate the visit; `key_hash`
/// is [`crate::server::token_hash`] of the key its cookie keeps.
pub async fn claim(
    db: &Db,
    visit_id: i64,
    key_hash: &str,
    now: DateTime<Utc>,
) -> Result<Claimed, DbError> {
    let mut tx = db.begin_write().await?;
    let done = sqlx::query(
        "UPDATE inspection_visits SET rating_key = $1, rating_key_at = $2 WHERE id = $3 \
         AND rating_key IS NULL AND revoked_at IS NULL AND rated_at IS NULL \
         AND (result_at IS NOT NULL OR ends_at >= $2)",
    )
    .bind(key_hash)
    .bind(stamp(now))
    .bind(visit_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if done != 1 {
        let r = sqlx::query("SELECT rating_key FROM inspection_visits WHERE id = $1")
            .bind(visit_id)
            .fetch_one(&mut *tx)
            .await?;
        return Ok(if r.col::<Option<String>>("rating_key")?.is_some() {
            Claimed::Taken
        } else {
            Claimed::NotOpen
        });
    }
    let data = serde_json::json!({ "visit": visit_id }).to_string();
    log(&mut tx, visit_id, Actor::Resident, "rating_key", &data, now).await?;
    tx.commit().await?;
    Ok(Claimed::Done)
}

/// How a rating went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rated {
    Done,
    /// Rated before: the first rating stays.
    Already,
    /// No result yet, or revoked: nothing to rate.
    NotRatable,
    /// This phone does not hold the right to rate.
    NotHolder,
}

/// The business's one rating of a visit, by its code, from the phone
/// holding the rating key (`key_hash`, as [`claim`] stored it).
pub async fn rate(
    db: &Db,
    visit_id: i64,
    key_hash: &str,
    rating: Rating,
    comment: &str,
    now: DateTime<Utc>,
) -> Result<Rated, DbError> {
    let mut tx = db.begin_write().await?;
    let done = sqlx::query(
        "UPDATE inspection_visits SET rating = $1, rating_comment = $2, rated_at = $3 \
         WHERE id = $4 AND rating_key = $5 AND rated_at IS NULL AND result_at IS NOT NULL \
         AND revoked_at IS NULL",
    )
    .bind(rating.code())
    .bind(comment)
    .bind(stamp(now))
    .bind(visit_id)
    .bind(key_hash)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if done != 1 {
        let r = sqlx::query("SELECT rated_at, rating_key FROM inspection_visits WHERE id = $1")
            .bind(visit_id)
            .fetch_one(&mut *tx)
            .await?;
        return Ok(if r.col::<Option<String>>("rated_at")?.is_some() {
            Rated::Already
        } else if r.col::<Option<String>>("rating_key")?.as_deref() != Some(key_hash) {
            Rated::NotHolder
        } else {
            Rated::NotRatable
        });
    }
    // The log says that it was rated, never how.
    let data = serde_json::json!({ "visit": visit_id }).to_string();
    log(&mut tx, visit_id, Actor::Resident, "rated", &data, now).await?;
    tx.commit().await?;
    Ok(Rated::Done)
}
