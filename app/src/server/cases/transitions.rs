//! Changes to a case: each locks it, checks the version the staff member
//! saw, applies the domain rules, and writes the change, the trail and the
//! resident's message in one transaction.

use chrono::{DateTime, NaiveDate, Utc};
use domain::case::{CaseState, Outcome, Rating, Status, Step};
use domain::complaint::reference::Reference;
use domain::handling::{self, Extension, Priority, StaffForm, StepInput};
use domain::workdays::WorkCalendar;
use sqlx::any::AnyRow;
use sqlx::{Any, Transaction};

use super::ActError;
use crate::server::row::Cols;
use crate::server::trail::{self, Actor};
use crate::server::{Db, DbError, outbox, stats};
use domain::stats::Answer;

/// A checked workflow step (see [`domain::handling::check_step`]).
pub type StaffAction = StepInput;

/// The event kind a step writes to the trail.
pub fn event_kind(step: Step) -> &'static str {
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

/// A case as the locking read inside a change sees it.
pub(super) struct Locked {
    status: Status,
    state: CaseState,
    reference: Reference,
    due_on: NaiveDate,
    extended: bool,
    charge_by: Option<i64>,
    supporters: i64,
}

impl TryFrom<&AnyRow> for Locked {
    type Error = DbError;

    fn try_from(row: &AnyRow) -> Result<Locked, DbError> {
        let status = row.parsed("status", Status::parse)?;
        Ok(Locked {
            status,
            state: CaseState {
                status,
                replied_at: row.instant_opt("replied_at")?,
                rating: row.parsed_opt("rating", Rating::parse)?,
                reviewed: row.flag("reviewed")?,
            },
            reference: row.parsed("reference", Reference::parse)?,
            due_on: row.date("due_on")?,
            extended: row.col::<Option<i64>>("extended_days")?.is_some(),
            charge_by: row.col("charge_by")?,
            supporters: row.col("supporters")?,
        })
    }
}

/// Locks the case (a write before any read: the row lock on PostgreSQL,
/// the write lock on SQLite, so two staff acting at once queue here) and
/// reads it; a conflict when it is gone or no longer at `version`.
pub(super) async fn lock(
    tx: &mut Transaction<'_, Any>,
    case_id: i64,
    version: Option<i64>,
) -> Result<Locked, ActError> {
    sqlx::query("UPDATE cases SET version = version WHERE id = $1")
        .bind(case_id)
        .execute(&mut **tx)
        .await?;
    let Some(row) = sqlx::query(
        "SELECT status, replied_at, rating, reviewed, version, reference, due_on, \
         extended_days, charge_by, supporters FROM cases WHERE id = $1",
    )
    .bind(case_id)
    .fetch_optional(&mut **tx)
    .await?
    else {
        return Err(ActError::Conflict);
    };
    let stored: i64 = row.col("version")?;
    if version.is_some_and(|v| v != stored) {
        return Err(ActError::Conflict);
    }
    Ok(Locked::try_from(&row)?)
}

/// Bumps the version (still `version`, or a conflict).
async fn bump(
    tx: &mut Transaction<'_, Any>,
    case_id: i64,
    version: i64,
    at: &str,
) -> Result<(), ActError> {
    let updated = sqlx::query(
        "UPDATE cases SET version = version + 1, updated_at = $1 WHERE id = $2 AND version = $3",
    )
    .bind(at)
    .bind(case_id)
    .bind(version)
    .execute(&mut **tx)
    .await?;
    if updated.rows_affected() == 1 {
        Ok(())
    } else {
        Err(ActError::Conflict)
    }
}

/// Takes the workflow step `input` on the case if it is still at
/// `version`; the new version.
pub async fn act(
    db: &Db,
    case_id: i64,
    version: i64,
    actor: Actor,
    input: &StepInput,
    now: DateTime<Utc>,
) -> Result<i64, ActError> {
    // The first answer fixes its working days on today's calendar.
    let answer = match input.step {
        Step::Reply => Some(Answer::Reply),
        Step::Reject => Some(Answer::Rejected),
        Step::Transfer => Some(Answer::Transferred),
        _ => None,
    };
    let calendar = match answer {
        Some(_) => Some(crate::server::complaints::work_calendar(db).await?),
        None => None,
    };
    let mut tx = db.begin_write().await?;
    let case = lock(&mut tx, case_id, Some(version)).await?;
    let next = case
        .state
        .after(input.step, now)
        .map_err(ActError::NotAllowed)?;
    let tallied = stats::Change::start(&mut tx, db.engine, &[case_id]).await?;
    let at = now.to_rfc3339();
    bump(&mut tx, case_id, version, &at).await?;
    match input.step {
        Step::Assign => {
            sqlx::query("UPDATE cases SET status = $1, unit = $2 WHERE id = $3")
                .bind(next.code())
                .bind(input.unit.clone().unwrap_or_default())
                .bind(case_id)
                .execute(&mut *tx)
                .await?;
        }
        Step::Return => {
            // Back to district intake: no unit until it is assigned again.
            sqlx::query("UPDATE cases SET status = $1, unit = NULL WHERE id = $2")
                .bind(next.code())
                .bind(case_id)
                .execute(&mut *tx)
                .await?;
        }
        Step::Reply => {
            sqlx::query(
                "UPDATE cases SET status = $1, outcome = $2, replied_at = $3, rating = NULL, \
                 rating_comment = NULL, rated_at = NULL WHERE id = $4",
            )
            .bind(next.code())
            .bind(input.outcome.map(Outcome::code).unwrap_or("fixed"))
            .bind(&at)
            .bind(case_id)
            .execute(&mut *tx)
            .await?;
        }
        // The early-warning rules look back from a closure (rebounds).
        _ if next == Status::Closed => {
            sqlx::query("UPDATE cases SET status = $1, closed_at = $2 WHERE id = $3")
                .bind(next.code())
                .bind(&at)
                .bind(case_id)
                .execute(&mut *tx)
                .await?;
        }
        _ => {
            sqlx::query("UPDATE cases SET status = $1 WHERE id = $2")
                .bind(next.code())
                .bind(case_id)
                .execute(&mut *tx)
                .await?;
        }
    }
    let public_text = handling::text_is_public(input.step);
    let data = serde_json::json!({
        "unit": input.unit,
        "outcome": input.outcome.map(Outcome::code),
        "agency": input.agency,
        "inspection": input.inspection,
        "internal_note": if public_text || input.text.is_empty() { None } else { Some(&input.text) },
    })
    .to_string();
    trail::append(
        &mut tx,
        case_id,
        actor,
        event_kind(input.step),
        true,
        if public_text { &input.text } else { "" },
        &data,
        now,
    )
    .await?;
    if next != case.status {
        outbox::enqueue_status(&mut tx, case_id, next, &case.reference, now).await?;
    }
    if let (Some(answer), Some(calendar)) = (answer, &calendar) {
        stats::answer(&mut tx, case_id, answer, calendar, now).await?;
    }
    tallied.finish(&mut tx).await?;
    tx.commit().await?;
    Ok(version + 1)
}

/// An internal note: staff only, never changes the case.
pub async fn add_note(
    db: &Db,
    case_id: i64,
    actor: Actor,
    note: &str,
    now: DateTime<Utc>,
) -> Result<(), ActError> {
    let mut tx = db.begin_write().await?;
    lock(&mut tx, case_id, None).await?;
    trail::append(&mut tx, case_id, actor, "note", false, note, "{}", now).await?;
    tx.commit().await?;
    Ok(())
}

/// Extends the deadline once, with the reason the resident is told.
pub async fn extend(
    db: &Db,
    case_id: i64,
    version: i64,
    actor: Actor,
    form: &StaffForm,
    calendar: &WorkCalendar,
    now: DateTime<Utc>,
) -> Result<Extension, ActError> {
    let mut tx = db.begin_write().await?;
    let case = lock(&mut tx, case_id, Some(version)).await?;
    let tallied = stats::Change::start(&mut tx, db.engine, &[case_id]).await?;
    let extension =
        handling::check_extension(form, case.status, case.extended, case.due_on, calendar)
            .map_err(ActError::Refused)?
            .map_err(ActError::Invalid)?;
    let at = now.to_rfc3339();
    bump(&mut tx, case_id, version, &at).await?;
    sqlx::query("UPDATE cases SET due_on = $1, extended_days = $2 WHERE id = $3")
        .bind(extension.due_on.to_string())
        .bind(i64::from(extension.days))
        .bind(case_id)
        .execute(&mut *tx)
        .await?;
    let data = serde_json::json!({
        "days": extension.days,
        "due_on": extension.due_on.to_string(),
        "was_due_on": case.due_on.to_string(),
    })
    .to_string();
    trail::append(
        &mut tx,
        case_id,
        actor,
        "extended",
        true,
        &extension.reason,
        &data,
        now,
    )
    .await?;
    let what = format!(
        "办理期限延长至{}，原因请查询",
        domain::shanghai::format_date(extension.due_on, domain::prefs::Locale::ZhCn)
    );
    outbox::enqueue(&mut tx, case_id, "extended", &what, &case.reference, now).await?;
    tallied.finish(&mut tx).await?;
    tx.commit().await?;
    Ok(extension)
}

/// Sets the case's priority.
pub async fn set_priority(
    db: &Db,
    case_id: i64,
    version: i64,
    actor: Actor,
    priority: Priority,
    now: DateTime<Utc>,
) -> Result<(), ActError> {
    let mut tx = db.begin_write().await?;
    lock(&mut tx, case_id, Some(version)).await?;
    let at = now.to_rfc3339();
    bump(&mut tx, case_id, version, &at).await?;
    sqlx::query("UPDATE cases SET priority = $1 WHERE id = $2")
        .bind(priority.code())
        .bind(case_id)
        .execute(&mut *tx)
        .await?;
    let data = serde_json::json!({ "priority": priority.code() }).to_string();
    trail::append(&mut tx, case_id, actor, "priority", false, "", &data, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Approves the text and place a case shows on the public board, which
/// the resident allowed: `publication` is what the reviewer left of the
/// resident's description and of the public part of the address (checked
/// and masked by `handling::check_publication`). The resident's own text
/// stays as it is; a text or place that differs from what was derived
/// from it is recorded as a redaction, and the approval is a public event,
/// so the tracking page can say the case is public. Approving again
/// replaces both.
pub async fn publish(
    db: &Db,
    case_id: i64,
    version: i64,
    actor: Actor,
    publication: &handling::Publication,
    now: DateTime<Utc>,
) -> Result<(), ActError> {
    let mut tx = db.begin_write().await?;
    lock(&mut tx, case_id, Some(version)).await?;
    let row = sqlx::query("SELECT description, public, address_public FROM cases WHERE id = $1")
        .bind(case_id)
        .fetch_one(&mut *tx)
        .await?;
    if !row.flag("public")? {
        return Err(ActError::Refused(handling::Refused::NotPublic));
    }
    let original: String = row.col("description")?;
    let place: String = row.col("address_public")?;
    let at = now.to_rfc3339();
    bump(&mut tx, case_id, version, &at).await?;
    sqlx::query(
        "UPDATE cases SET public_text = $1, address_public = $2, published_at = $3 WHERE id = $4",
    )
    .bind(&publication.text)
    .bind(&publication.place)
    .bind(&at)
    .bind(case_id)
    .execute(&mut *tx)
    .await?;
    if publication.text != domain::mask::free_text(&original) || publication.place != place {
        let data = serde_json::json!({ "place": publication.place }).to_string();
        trail::append(
            &mut tx,
            case_id,
            actor,
            "public_text_redacted",
            false,
            &publication.text,
            &data,
            now,
        )
        .await?;
    }
    trail::append(&mut tx, case_id, actor, "published", true, "", "{}", now).await?;
    tx.commit().await?;
    Ok(())
}

/// A leader takes personal charge of the case (包案).
pub async fn take_charge(
    db: &Db,
    case_id: i64,
    version: i64,
    leader: i64,
    now: DateTime<Utc>,
) -> Result<(), ActError> {
    let mut tx = db.begin_write().await?;
    let case = lock(&mut tx, case_id, Some(version)).await?;
    handling::check_take_charge(case.status, case.charge_by.is_some())
        .map_err(ActError::Refused)?;
    let tallied = stats::Change::start(&mut tx, db.engine, &[case_id]).await?;
    let at = now.to_rfc3339();
    bump(&mut tx, case_id, version, &at).await?;
    sqlx::query("UPDATE cases SET charge_by = $1 WHERE id = $2")
        .bind(leader)
        .bind(case_id)
        .execute(&mut *tx)
        .await?;
    trail::append(
        &mut tx,
        case_id,
        Actor::Staff(leader),
        "taken_charge",
        false,
        "",
        "{}",
        now,
    )
    .await?;
    tallied.finish(&mut tx).await?;
    tx.commit().await?;
    Ok(())
}

/// Merges a duplicate (`case_id`) into the case `target`: the duplicate is
/// closed and points at it; its supporters, and its resident, count on the
/// target. Both are locked, the lower id first.
pub async fn merge(
    db: &Db,
    case_id: i64,
    version: i64,
    actor: Actor,
    target: &str,
    now: DateTime<Utc>,
) -> Result<String, ActError> {
    let target_ref = Reference::parse(target);
    let target_id: Option<i64> = match &target_ref {
        Some(r) => sqlx::query("SELECT id FROM cases WHERE reference = $1")
            .bind(r.to_string())
            .fetch_optional(&db.pool)
            .await?
            .map(|row| row.col("id"))
            .transpose()?,
        None => None,
    };
    let mut tx = db.begin_write().await?;
    let (source, target_case) = match target_id {
        Some(t) if t < case_id => {
            let target_case = lock(&mut tx, t, None).await?;
            (
                lock(&mut tx, case_id, Some(version)).await?,
                Some(target_case),
            )
        }
        Some(t) if t > case_id => {
            let source = lock(&mut tx, case_id, Some(version)).await?;
            (source, Some(lock(&mut tx, t, None).await?))
        }
        _ => (lock(&mut tx, case_id, Some(version)).await?, None),
    };
    let target_id = handling::check_merge(
        (case_id, source.status),
        target_id.zip(target_case.as_ref().map(|t| t.status)),
    )
    .map_err(ActError::Invalid)?;
    let target_ref = target_ref.map(|r| r.to_string()).unwrap_or_default();
    let tallied = stats::Change::start(&mut tx, db.engine, &[case_id]).await?;
    let at = now.to_rfc3339();
    bump(&mut tx, case_id, version, &at).await?;
    sqlx::query("UPDATE cases SET status = $1, merged_into = $2, closed_at = $3 WHERE id = $4")
        .bind(Status::Closed.code())
        .bind(target_id)
        .bind(&at)
        .bind(case_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "UPDATE cases SET supporters = supporters + $1, version = version + 1, updated_at = $2 \
         WHERE id = $3",
    )
    .bind(source.supporters + 1)
    .bind(&at)
    .bind(target_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE case_supporters SET case_id = $1 WHERE case_id = $2")
        .bind(target_id)
        .bind(case_id)
        .execute(&mut *tx)
        .await?;
    let source_ref = source.reference.to_string();
    let data = serde_json::json!({ "into": target_ref }).to_string();
    trail::append(&mut tx, case_id, actor, "merged", true, "", &data, now).await?;
    let data = serde_json::json!({ "from": source_ref }).to_string();
    trail::append(
        &mut tx,
        target_id,
        actor,
        "merged_from",
        false,
        "",
        &data,
        now,
    )
    .await?;
    let what = format!("与同一问题的投诉 {target_ref} 合并办理");
    outbox::enqueue(&mut tx, case_id, "merged", &what, &source.reference, now).await?;
    tallied.finish(&mut tx).await?;
    tx.commit().await?;
    Ok(target_ref)
}

/// A case's current version, for the next step.
pub async fn version(db: &Db, case_id: i64) -> Result<Option<i64>, DbError> {
    sqlx::query("SELECT version FROM cases WHERE id = $1")
        .bind(case_id)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| r.col("version"))
        .transpose()
}

/// A case's id and version by its reference.
pub async fn find(db: &Db, reference: &str) -> Result<Option<(i64, i64)>, DbError> {
    let Some(reference) = Reference::parse(reference) else {
        return Ok(None);
    };
    sqlx::query("SELECT id, version FROM cases WHERE reference = $1")
        .bind(reference.to_string())
        .fetch_optional(&db.pool)
        .await?
        .map(|r| Ok((r.col("id")?, r.col("version")?)))
        .transpose()
}
