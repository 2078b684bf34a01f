//! Drafts being filed, kept for a day under a token in the browser's
//! cookie, and the confirmation page a submitted draft leads to.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use domain::complaint::filing::Draft;
use domain::complaint::reference::{AccessCode, Reference};
use sqlx::any::AnyRow;

use super::Unit;
use crate::server::row::Cols;
use crate::server::{Db, DbError, new_token, token_hash};

/// Drafts are kept this long after their last change.
pub const DRAFT_HOURS: i64 = 24;
/// Hours the receipt of the phone that filed still shows the plain access
/// code.
pub const CODE_HOURS: i64 = 1;

/// A draft as stored.
#[derive(Clone, Debug, Default)]
pub struct StoredDraft {
    pub draft: Draft,
    /// Set once submitted.
    pub case_id: Option<i64>,
}

/// The draft of this browser's token, unless expired.
pub async fn load_draft(db: &Db, token: &str) -> Result<Option<StoredDraft>, DbError> {
    let since = (Utc::now() - Duration::hours(DRAFT_HOURS)).to_rfc3339();
    let row = sqlx::query(
        "SELECT data, case_id FROM complaint_drafts WHERE token_hash = $1 AND updated_at > $2",
    )
    .bind(token_hash(token))
    .bind(since)
    .fetch_optional(&db.pool)
    .await?;
    row.as_ref().map(StoredDraft::try_from).transpose()
}

impl TryFrom<&AnyRow> for StoredDraft {
    type Error = DbError;

    fn try_from(r: &AnyRow) -> Result<StoredDraft, DbError> {
        Ok(StoredDraft {
            draft: r.json("data")?,
            case_id: r.col("case_id")?,
        })
    }
}

/// Starts a draft; the token goes in the browser's cookie.
pub async fn new_draft(db: &Db, draft: &Draft) -> Result<String, DbError> {
    let token = new_token();
    let now = Utc::now().to_rfc3339();
    sqlx::query(
        "INSERT INTO complaint_drafts (token_hash, data, created_at, updated_at) VALUES ($1, $2, $3, $3)",
    )
    .bind(token_hash(&token))
    .bind(serde_json::to_string(draft).unwrap_or_default())
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(token)
}

/// Saves a draft's answers. False when the draft was submitted meanwhile
/// (a submitted draft never changes).
pub async fn save_draft(db: &Db, token: &str, draft: &Draft) -> Result<bool, DbError> {
    let done = sqlx::query(
        "UPDATE complaint_drafts SET data = $1, updated_at = $2 WHERE token_hash = $3 AND case_id IS NULL",
    )
    .bind(serde_json::to_string(draft).unwrap_or_default())
    .bind(Utc::now().to_rfc3339())
    .bind(token_hash(token))
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Deletes drafts older than [`DRAFT_HOURS`] with their unsubmitted
/// photos' rows; returns the photos' object keys for the store to delete.
pub async fn purge_drafts(db: &Db) -> Result<Vec<String>, DbError> {
    let before = (Utc::now() - Duration::hours(DRAFT_HOURS)).to_rfc3339();
    let mut tx = db.begin_write().await?;
    let rows = sqlx::query(
        "DELETE FROM complaint_photos WHERE case_id IS NULL AND draft_token_hash IN \
         (SELECT token_hash FROM complaint_drafts WHERE updated_at <= $1) \
         RETURNING object_key, thumb_key",
    )
    .bind(&before)
    .fetch_all(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM complaint_drafts WHERE updated_at <= $1")
        .bind(&before)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    let mut keys = Vec::with_capacity(2 * rows.len());
    for r in &rows {
        keys.push(r.col("object_key")?);
        keys.push(r.col("thumb_key")?);
    }
    Ok(keys)
}

/// What the confirmation page of this browser's draft shows: the case it
/// created (with the access code for [`CODE_HOURS`] after the submission),
/// or the case it added its voice to.
pub async fn confirmation(db: &Db, token: &str) -> Result<Option<Confirmed>, DbError> {
    let since = (Utc::now() - Duration::hours(DRAFT_HOURS)).to_rfc3339();
    let hash = token_hash(token);
    let row = sqlx::query(
        "SELECT c.reference, CASE WHEN d.updated_at > $3 THEN d.access_code END AS access_code, \
         c.due_on, u.code, u.name_zh, u.name_en \
         FROM complaint_drafts d JOIN cases c ON c.id = d.case_id \
         LEFT JOIN units u ON u.code = c.unit \
         WHERE d.token_hash = $1 AND d.updated_at > $2",
    )
    .bind(&hash)
    .bind(&since)
    .bind((Utc::now() - Duration::hours(CODE_HOURS)).to_rfc3339())
    .fetch_optional(&db.pool)
    .await?;
    let (row, supported) = match row {
        Some(r) => (r, false),
        None => {
            let r = sqlx::query(
                "SELECT c.reference, NULL AS access_code, c.due_on, u.code, u.name_zh, u.name_en \
                 FROM case_supporters s JOIN cases c ON c.id = s.case_id \
                 LEFT JOIN units u ON u.code = c.unit \
                 WHERE s.draft_token_hash = $1 AND s.created_at > $2",
            )
            .bind(&hash)
            .bind(&since)
            .fetch_optional(&db.pool)
            .await?;
            match r {
                Some(r) => (r, true),
                None => return Ok(None),
            }
        }
    };
    Ok(Some(Confirmed {
        reference: row.parsed("reference", Reference::parse)?,
        access_code: row.parsed_opt("access_code", AccessCode::parse)?,
        due_on: row.date("due_on")?,
        // A case returned to district intake has no unit (NULL) until it
        // is assigned again.
        unit: Unit {
            code: row.col::<Option<String>>("code")?.unwrap_or_default(),
            name_zh: row.col::<Option<String>>("name_zh")?.unwrap_or_default(),
            name_en: row.col::<Option<String>>("name_en")?.unwrap_or_default(),
        },
        supported,
    }))
}

/// Plain access codes are dropped an hour after the submission; until then
/// the confirmation page shows the code again on the phone that filed (a
/// reload, a language switch, a turned screen), never anywhere else.
pub async fn forget_old_codes(db: &Db, now: DateTime<Utc>) -> Result<u64, DbError> {
    Ok(sqlx::query(
        "UPDATE complaint_drafts SET access_code = NULL \
         WHERE access_code IS NOT NULL AND updated_at <= $1",
    )
    .bind((now - Duration::hours(CODE_HOURS)).to_rfc3339())
    .execute(&db.pool)
    .await?
    .rows_affected())
}

/// See [`confirmation`].
#[derive(Clone, Debug, PartialEq)]
pub struct Confirmed {
    pub reference: Reference,
    pub access_code: Option<AccessCode>,
    pub due_on: NaiveDate,
    pub unit: Unit,
    pub supported: bool,
}
