//! What the resident sees of their case with its reference and access
//! code, and the two things they may do: rate the reply, ask for a review.

use chrono::{DateTime, NaiveDate, Utc};
use domain::case::{CaseState, Rating, Status, Step as CaseStep};
use domain::complaint::reference::{AccessCode, Reference};
use sqlx::any::AnyRow;

use super::{ActError, Unit};
use crate::server::row::Cols;
use crate::server::trail::{self, Actor};
use crate::server::{AccessKey, Db, DbError, stats};

/// What the resident sees of their case.
#[derive(Clone, Debug, PartialEq)]
pub struct Tracked {
    pub id: i64,
    pub reference: Reference,
    pub category: String,
    pub status: Status,
    pub unit: Option<Unit>,
    pub submitted_at: DateTime<Utc>,
    pub due_on: NaiveDate,
    pub address_public: String,
    pub outcome: Option<domain::case::Outcome>,
    pub state: CaseState,
    pub rating_comment: Option<String>,
    pub supporters: i64,
    /// The resident allowed the public board; and staff approved its text.
    pub public: bool,
    pub published: bool,
    pub timeline: Vec<PublicEvent>,
}

/// One public step of a case.
#[derive(Clone, Debug, PartialEq)]
pub struct PublicEvent {
    pub at: DateTime<Utc>,
    pub kind: String,
    pub text: String,
}

/// The case if `reference` exists and `code` is its access code. An
/// unknown reference and a wrong code give the same `None`, after the same
/// work (a hash comparison either way).
pub async fn track(db: &Db, reference: &str, code: &str) -> Result<Option<Tracked>, DbError> {
    let reference = Reference::parse(reference);
    let code = AccessCode::parse(code);
    let row = sqlx::query("SELECT id, access_hash FROM cases WHERE reference = $1")
        .bind(reference.map(|r| r.to_string()).unwrap_or_default())
        .fetch_optional(&db.pool)
        .await?;
    let stored = row
        .as_ref()
        .map(|r| r.col::<String>("access_hash"))
        .transpose()?
        .unwrap_or_else(|| format!("h1${}", "-".repeat(64)));
    // A code that does not parse is still compared (with a code no case
    // has), so every lookup does the same work.
    let probe = code
        .clone()
        .unwrap_or_else(|| AccessCode::from_random([0; 8]));
    let right = db.access_key.verifies(&probe, &stored) && code.is_some();
    let (Some(row), Some(code)) = (row.filter(|_| right), code) else {
        return Ok(None);
    };
    let id: i64 = row.col("id")?;
    if AccessKey::is_legacy(&stored)
        && let Some(keyed) = db.access_key.hash(&code)
    {
        // Stored before the key: upgraded on first use.
        sqlx::query("UPDATE cases SET access_hash = $1 WHERE id = $2 AND access_hash = $3")
            .bind(keyed)
            .bind(id)
            .bind(&stored)
            .execute(&db.pool)
            .await?;
    }
    tracked(db, id).await
}

/// A case by id, as the resident sees it.
pub async fn tracked(db: &Db, id: i64) -> Result<Option<Tracked>, DbError> {
    let Some(r) = sqlx::query(
        "SELECT c.id, c.reference, c.category, c.status, c.unit, u.name_zh, u.name_en, \
         c.submitted_at, c.due_on, c.address_public, c.outcome, c.replied_at, c.rating, \
         c.rating_comment, c.reviewed, c.supporters, c.public, c.published_at \
         FROM cases c LEFT JOIN units u ON u.code = c.unit WHERE c.id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await?
    else {
        return Ok(None);
    };
    let events = sqlx::query(
        "SELECT at, kind, text FROM case_events WHERE case_id = $1 AND public = 1 ORDER BY seq",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?;
    let mut case = Tracked::try_from(&r)?;
    case.timeline = events
        .iter()
        .map(PublicEvent::try_from)
        .collect::<Result<_, _>>()?;
    Ok(Some(case))
}

impl TryFrom<&AnyRow> for Tracked {
    type Error = DbError;

    /// The case's row; its timeline is read after it.
    fn try_from(r: &AnyRow) -> Result<Tracked, DbError> {
        let status = r.parsed("status", Status::parse)?;
        let unit_code: Option<String> = r.col("unit")?;
        Ok(Tracked {
            id: r.col("id")?,
            reference: r.parsed("reference", Reference::parse)?,
            category: r.col("category")?,
            status,
            unit: match unit_code {
                Some(code) => Some(Unit {
                    code,
                    name_zh: r.col::<Option<String>>("name_zh")?.unwrap_or_default(),
                    name_en: r.col::<Option<String>>("name_en")?.unwrap_or_default(),
                }),
                None => None,
            },
            submitted_at: r.instant("submitted_at")?,
            due_on: r.date("due_on")?,
            address_public: r.col("address_public")?,
            outcome: r.parsed_opt("outcome", domain::case::Outcome::parse)?,
            state: CaseState {
                status,
                replied_at: r.instant_opt("replied_at")?,
                rating: r.parsed_opt("rating", Rating::parse)?,
                reviewed: r.flag("reviewed")?,
            },
            rating_comment: r.col("rating_comment")?,
            supporters: r.col("supporters")?,
            public: r.flag("public")?,
            published: r.instant_opt("published_at")?.is_some(),
            timeline: Vec::new(),
        })
    }
}

impl TryFrom<&AnyRow> for PublicEvent {
    type Error = DbError;

    fn try_from(e: &AnyRow) -> Result<PublicEvent, DbError> {
        Ok(PublicEvent {
            at: e.instant("at")?,
            kind: e.col("kind")?,
            text: e.col("text")?,
        })
    }
}

/// The resident rates the reply (once).
pub async fn rate(
    db: &Db,
    case: &Tracked,
    rating: Rating,
    comment: &str,
    now: DateTime<Utc>,
) -> Result<(), ActError> {
    case.state
        .after(CaseStep::Rate, now)
        .map_err(ActError::NotAllowed)?;
    let mut tx = db.begin_write().await?;
    let tallied = stats::Change::start(&mut tx, db.engine, &[case.id]).await?;
    let done = sqlx::query(
        "UPDATE cases SET rating = $1, rating_comment = $2, rated_at = $3, updated_at = $3, \
         version = version + 1 WHERE id = $4 AND rating IS NULL",
    )
    .bind(rating.code())
    .bind(comment)
    .bind(now.to_rfc3339())
    .bind(case.id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(ActError::NotAllowed(domain::case::NotAllowed::AlreadyRated));
    }
    trail::append(
        &mut tx,
        case.id,
        Actor::Resident,
        "rated",
        false,
        comment,
        &serde_json::json!({ "rating": rating.code() }).to_string(),
        now,
    )
    .await?;
    tallied.finish(&mut tx).await?;
    tx.commit().await?;
    Ok(())
}

/// The unsatisfied resident asks for a review (once, within 30 days of
/// the reply): the case reopens.
pub async fn request_review(
    db: &Db,
    case: &Tracked,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), ActError> {
    let next = case
        .state
        .after(CaseStep::RequestReview, now)
        .map_err(ActError::NotAllowed)?;
    let mut tx = db.begin_write().await?;
    let tallied = stats::Change::start(&mut tx, db.engine, &[case.id]).await?;
    let done = sqlx::query(
        "UPDATE cases SET status = $1, reviewed = 1, updated_at = $2, version = version + 1 \
         WHERE id = $3 AND status = $4 AND reviewed = 0",
    )
    .bind(next.code())
    .bind(now.to_rfc3339())
    .bind(case.id)
    .bind(case.status.code())
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(ActError::Conflict);
    }
    trail::append(
        &mut tx,
        case.id,
        Actor::Resident,
        "review_requested",
        true,
        reason,
        "{}",
        now,
    )
    .await?;
    crate::server::outbox::enqueue_status(&mut tx, case.id, next, &case.reference, now).await?;
    tallied.finish(&mut tx).await?;
    tx.commit().await?;
    Ok(())
}
