//! Staff steps on a case: every step goes through the domain state machine,
//! checks the version the staff member saw (two people acting at once: one
//! wins, the other gets a conflict), writes the trail and queues the
//! resident's notification, all in one transaction.

use chrono::{DateTime, Utc};
use domain::case::{CaseState, Outcome, Rating, Status, Step};
use domain::complaint::reference::Reference;
use sqlx::Row;

use super::complaints::ActError;
use super::trail::{self, Actor};
use super::{Db, outbox};

/// What a staff member does.
#[derive(Clone, Debug, PartialEq)]
pub struct StaffAction {
    pub step: Step,
    /// The unit, for `Assign`.
    pub unit: Option<String>,
    /// The outcome, for `Reply`.
    pub outcome: Option<Outcome>,
    /// The reply, reason or note.
    pub text: String,
}

/// The event kind a step writes to the trail.
fn event_kind(step: Step) -> &'static str {
    match step {
        Step::Accept => "accepted",
        Step::Reject => "rejected",
        Step::Transfer => "transferred",
        Step::Assign => "assigned",
        Step::Return => "returned",
        Step::Inspect => "inspected",
        Step::Reply => "replied",
        Step::Rate => "rated",
        Step::RequestReview => "review_requested",
        Step::Close => "closed",
    }
}

/// Takes `action` on the case if it is still at `version`; the new version.
pub async fn act(
    db: &Db,
    case_id: i64,
    version: i64,
    actor: Actor,
    action: &StaffAction,
    now: DateTime<Utc>,
) -> Result<i64, ActError> {
    let mut tx = db.pool.begin().await?;
    // Write first: it takes the row lock (PostgreSQL) or the write lock
    // (SQLite) before anything is read, so two staff acting at once queue
    // here and the second sees the first one's version.
    sqlx::query("UPDATE cases SET version = version WHERE id = $1")
        .bind(case_id)
        .execute(&mut *tx)
        .await?;
    let Some(row) = sqlx::query(
        "SELECT status, replied_at, rating, reviewed, version, reference FROM cases WHERE id = $1",
    )
    .bind(case_id)
    .fetch_optional(&mut *tx)
    .await?
    else {
        return Err(ActError::Conflict);
    };
    if row.get::<i64, _>(4) != version {
        return Err(ActError::Conflict);
    }
    let status = Status::parse(&row.get::<String, _>(0)).unwrap_or(Status::Submitted);
    let state = CaseState {
        status,
        replied_at: row.get::<Option<String>, _>(1).and_then(|t| {
            DateTime::parse_from_rfc3339(&t)
                .ok()
                .map(|t| t.with_timezone(&Utc))
        }),
        rating: row
            .get::<Option<String>, _>(2)
            .and_then(|r| Rating::parse(&r)),
        reviewed: row.get::<i64, _>(3) == 1,
    };
    let next = state
        .after(action.step, now)
        .map_err(ActError::NotAllowed)?;
    let reference = Reference::parse(&row.get::<String, _>(5));
    let at = now.to_rfc3339();
    let updated =
        match action.step {
            Step::Assign => sqlx::query(
                "UPDATE cases SET status = $1, unit = $2, updated_at = $3, version = version + 1 \
                 WHERE id = $4 AND version = $5",
            )
            .bind(next.code())
            .bind(action.unit.clone().unwrap_or_default())
            .bind(&at)
            .bind(case_id)
            .bind(version)
            .execute(&mut *tx)
            .await?,
            Step::Reply => {
                sqlx::query(
                    "UPDATE cases SET status = $1, outcome = $2, replied_at = $3, rating = NULL, \
                 rating_comment = NULL, rated_at = NULL, updated_at = $3, version = version + 1 \
                 WHERE id = $4 AND version = $5",
                )
                .bind(next.code())
                .bind(action.outcome.map(Outcome::code).unwrap_or("fixed"))
                .bind(&at)
                .bind(case_id)
                .bind(version)
                .execute(&mut *tx)
                .await?
            }
            _ => {
                sqlx::query(
                    "UPDATE cases SET status = $1, updated_at = $2, version = version + 1 \
                 WHERE id = $3 AND version = $4",
                )
                .bind(next.code())
                .bind(&at)
                .bind(case_id)
                .bind(version)
                .execute(&mut *tx)
                .await?
            }
        };
    if updated.rows_affected() != 1 {
        return Err(ActError::Conflict);
    }
    // Replies, rejections and transfers are told to the resident; notes of
    // other steps stay internal.
    let public_text = matches!(action.step, Step::Reply | Step::Reject | Step::Transfer);
    let data = serde_json::json!({
        "unit": action.unit,
        "outcome": action.outcome.map(Outcome::code),
        "internal_note": if public_text { None } else { Some(&action.text) },
    })
    .to_string();
    trail::append(
        &mut tx,
        case_id,
        actor,
        event_kind(action.step),
        true,
        if public_text { &action.text } else { "" },
        &data,
        now,
    )
    .await?;
    if next != status
        && let Some(reference) = reference
    {
        outbox::enqueue_status(&mut tx, case_id, next, &reference, now).await?;
    }
    tx.commit().await?;
    Ok(version + 1)
}

/// A case's current version, for the next step.
pub async fn version(db: &Db, case_id: i64) -> Result<Option<i64>, super::DbError> {
    Ok(sqlx::query("SELECT version FROM cases WHERE id = $1")
        .bind(case_id)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| r.get(0)))
}

/// A case's id and version by its reference.
pub async fn find(db: &Db, reference: &str) -> Result<Option<(i64, i64)>, super::DbError> {
    let Some(reference) = Reference::parse(reference) else {
        return Ok(None);
    };
    Ok(
        sqlx::query("SELECT id, version FROM cases WHERE reference = $1")
            .bind(reference.to_string())
            .fetch_optional(&db.pool)
            .await?
            .map(|r| (r.get(0), r.get(1))),
    )
}
