//! Staff work on cases. Every change locks the case by writing to it first,
//! checks the version the staff member saw (two people acting at once: one
//! wins, the other gets a conflict and nothing is lost), goes through the
//! domain rules, writes the trail and queues the resident's message, all
//! in one transaction. Also: the inbox query, one case as staff see it,
//! the log of who saw personal data, and the reminder job.

use chrono::{DateTime, NaiveDate, Utc};
use domain::case::{CaseState, Outcome, Rating, Status, Step};
use domain::complaint::filing::Kind;
use domain::complaint::reference::Reference;
use domain::handling::{self, Extension, Priority, StaffForm, StepInput};
use domain::workdays::WorkCalendar;
use sqlx::{Any, Row, Transaction};

use super::complaints::{ActError, parse_date, parse_instant};
use super::trail::{self, Actor};
use super::{Db, DbError, outbox};

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
struct Locked {
    status: Status,
    state: CaseState,
    reference: Option<Reference>,
    due_on: NaiveDate,
    extended: bool,
    charge_by: Option<i64>,
    supporters: i64,
}

/// Locks the case (a write before any read: the row lock on PostgreSQL,
/// the write lock on SQLite, so two staff acting at once queue here) and
/// reads it; a conflict when it is gone or no longer at `version`.
async fn lock(
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
    if version.is_some_and(|v| v != row.get::<i64, _>(4)) {
        return Err(ActError::Conflict);
    }
    let status = Status::parse(&row.get::<String, _>(0)).unwrap_or(Status::Submitted);
    Ok(Locked {
        status,
        state: CaseState {
            status,
            replied_at: row.get::<Option<String>, _>(1).map(|t| parse_instant(&t)),
            rating: row
                .get::<Option<String>, _>(2)
                .and_then(|r| Rating::parse(&r)),
            reviewed: row.get::<i64, _>(3) == 1,
        },
        reference: Reference::parse(&row.get::<String, _>(5)),
        due_on: parse_date(&row.get::<String, _>(6)),
        extended: row.get::<Option<i64>, _>(7).is_some(),
        charge_by: row.get(8),
        supporters: row.get(9),
    })
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
    let mut tx = db.pool.begin().await?;
    let case = lock(&mut tx, case_id, Some(version)).await?;
    let next = case
        .state
        .after(input.step, now)
        .map_err(ActError::NotAllowed)?;
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
    if next != case.status
        && let Some(reference) = case.reference
    {
        outbox::enqueue_status(&mut tx, case_id, next, &reference, now).await?;
    }
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
    let mut tx = db.pool.begin().await?;
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
    let mut tx = db.pool.begin().await?;
    let case = lock(&mut tx, case_id, Some(version)).await?;
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
    if let Some(reference) = case.reference {
        let what = format!(
            "办理期限延长至{}，原因请查询",
            domain::shanghai::format_date(extension.due_on, domain::prefs::Locale::ZhCn)
        );
        outbox::enqueue(&mut tx, case_id, "extended", &what, &reference, now).await?;
    }
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
    let mut tx = db.pool.begin().await?;
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
    let mut tx = db.pool.begin().await?;
    lock(&mut tx, case_id, Some(version)).await?;
    let row = sqlx::query("SELECT description, public, address_public FROM cases WHERE id = $1")
        .bind(case_id)
        .fetch_one(&mut *tx)
        .await?;
    if row.try_get::<i64, _>(1).map_err(DbError::from)? != 1 {
        return Err(ActError::Refused(handling::Refused::NotPublic));
    }
    let original: String = row.try_get(0).map_err(DbError::from)?;
    let place: String = row.try_get(2).map_err(DbError::from)?;
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
    let mut tx = db.pool.begin().await?;
    let case = lock(&mut tx, case_id, Some(version)).await?;
    handling::check_take_charge(case.status, case.charge_by.is_some())
        .map_err(ActError::Refused)?;
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
            .map(|row| row.get(0)),
        None => None,
    };
    let mut tx = db.pool.begin().await?;
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
    let at = now.to_rfc3339();
    bump(&mut tx, case_id, version, &at).await?;
    sqlx::query("UPDATE cases SET status = $1, merged_into = $2 WHERE id = $3")
        .bind(Status::Closed.code())
        .bind(target_id)
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
    let source_ref = source.reference.map(|r| r.to_string()).unwrap_or_default();
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
    if let Some(reference) = source.reference {
        let what = format!("与同一问题的投诉 {target_ref} 合并办理");
        outbox::enqueue(&mut tx, case_id, "merged", &what, &reference, now).await?;
    }
    tx.commit().await?;
    Ok(target_ref)
}

/// A case's current version, for the next step.
pub async fn version(db: &Db, case_id: i64) -> Result<Option<i64>, DbError> {
    Ok(sqlx::query("SELECT version FROM cases WHERE id = $1")
        .bind(case_id)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| r.get(0)))
}

/// A case's id and version by its reference.
pub async fn find(db: &Db, reference: &str) -> Result<Option<(i64, i64)>, DbError> {
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

/// Records that staff member `staff_id` saw the resident's personal data.
pub async fn log_personal_view(
    db: &Db,
    case_id: i64,
    staff_id: i64,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    sqlx::query("INSERT INTO personal_data_views (case_id, staff_id, at) VALUES ($1, $2, $3)")
        .bind(case_id)
        .bind(staff_id)
        .bind(now.to_rfc3339())
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Statuses of cases still being worked on, for SQL `IN (…)`.
/// The codes of the open statuses (`Status::is_open`), for SQL `IN (…)`.
fn open_statuses() -> &'static str {
    static LIST: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    LIST.get_or_init(|| {
        Status::ALL
            .iter()
            .filter(|s| s.is_open())
            .map(|s| format!("'{}'", s.code()))
            .collect::<Vec<_>>()
            .join(", ")
    })
}

/// Queues reminders for open cases due soon or overdue on `today` (one per
/// case, kind and day, however often it runs or on however many
/// instances). The number queued now.
pub async fn queue_reminders(
    db: &Db,
    today: NaiveDate,
    soon_until: NaiveDate,
    now: DateTime<Utc>,
) -> Result<u64, DbError> {
    let open = open_statuses();
    let mut queued = 0;
    for (kind, condition) in [
        ("overdue", "due_on < $2"),
        ("due_soon", "due_on >= $2 AND due_on <= $3"),
    ] {
        let sql = format!(
            "INSERT INTO case_reminders (case_id, unit, kind, day, created_at) \
             SELECT id, unit, '{kind}', $2, $1 FROM cases \
             WHERE status IN ({open}) AND {condition} \
             ON CONFLICT (case_id, kind, day) DO NOTHING"
        );
        let mut query = sqlx::query(&sql)
            .bind(now.to_rfc3339())
            .bind(today.to_string());
        if kind == "due_soon" {
            query = query.bind(soon_until.to_string());
        }
        queued += query.execute(&db.pool).await?.rows_affected();
    }
    Ok(queued)
}

/// Today's reminders in a staff member's scope (`unit` for handlers).
pub async fn reminders(
    db: &Db,
    unit: Option<&str>,
    today: NaiveDate,
) -> Result<Vec<crate::api::cases::Reminder>, DbError> {
    let open = open_statuses();
    let rows = sqlx::query(&format!(
        "SELECT c.reference, r.kind, c.due_on FROM case_reminders r JOIN cases c ON c.id = r.case_id \
         WHERE r.day = $1 AND ($2 = '' OR r.unit = $2) AND c.status IN ({open}) \
         ORDER BY c.due_on, c.id LIMIT 50"
    ))
    .bind(today.to_string())
    .bind(unit.unwrap_or(""))
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .iter()
        .map(|r| crate::api::cases::Reminder {
            reference: r.get(0),
            overdue: r.get::<String, _>(1) == "overdue",
            due_on: parse_date(&r.get::<String, _>(2)),
        })
        .collect())
}

/// A value bound to a dynamically built query.
enum Arg {
    Text(String),
    Int(i64),
}

/// The inbox's query, already checked: what the handler built from the
/// filter and the staff member's scope.
#[derive(Clone, Debug, Default)]
pub struct InboxQuery {
    /// Only this unit's cases (handlers).
    pub scope_unit: Option<String>,
    pub status: Option<Status>,
    /// All statuses (otherwise open cases only, unless `status`).
    pub all: bool,
    pub category: Option<String>,
    pub unit: Option<String>,
    /// Due on or before this day (and not before `due_from`).
    pub due_until: Option<NaiveDate>,
    pub due_from: Option<NaiveDate>,
    pub reference: Option<String>,
    /// Digits of a phone number (staff allowed to see personal data).
    pub phone: Option<String>,
    pub address: Option<String>,
    /// Search the full address (flat and room numbers) with `address`: only
    /// for staff who may see personal data; others search the public part.
    pub address_full: bool,
    /// Only cases the resident allowed on the board that wait for their
    /// public text to be approved.
    pub awaiting_publication: bool,
    pub sort: InboxSort,
    pub offset: i64,
    pub limit: i64,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum InboxSort {
    #[default]
    Due,
    Newest,
    Priority,
}

/// One inbox row, as read.
#[derive(Clone, Debug, PartialEq)]
pub struct InboxCase {
    pub reference: String,
    pub category: String,
    pub town: String,
    pub unit: Option<String>,
    pub status: Status,
    pub priority: Priority,
    pub submitted_at: DateTime<Utc>,
    pub due_on: NaiveDate,
    pub address_public: String,
    pub supporters: i64,
    pub charge: Option<String>,
}

/// Cases the resident allowed on the board whose public text no one has
/// approved yet (rejected and merged cases never go public).
const AWAITING_PUBLICATION: &str =
    "c.public = 1 AND c.published_at IS NULL AND c.status <> 'rejected' AND c.merged_into IS NULL";

/// How many cases wait for their public text to be approved.
pub async fn awaiting_publication(db: &Db) -> Result<i64, DbError> {
    Ok(sqlx::query(&format!(
        "SELECT COUNT(*) FROM cases c WHERE {AWAITING_PUBLICATION}"
    ))
    .fetch_one(&db.pool)
    .await?
    .try_get(0)?)
}

fn like_pattern(raw: &str) -> String {
    let escaped: String = raw
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    format!("%{escaped}%")
}

/// One page of the inbox and the number of matching cases.
pub async fn inbox(db: &Db, q: &InboxQuery) -> Result<(Vec<InboxCase>, i64), DbError> {
    let open = open_statuses();
    let mut conditions: Vec<String> = Vec::new();
    let mut args: Vec<Arg> = Vec::new();
    let mut push = |sql: &str, arg: Arg, conditions: &mut Vec<String>| {
        args.push(arg);
        conditions.push(sql.replace('?', &format!("${}", args.len())));
    };
    if let Some(unit) = &q.scope_unit {
        push("c.unit = ?", Arg::Text(unit.clone()), &mut conditions);
    }
    match (q.status, q.all) {
        (Some(s), _) => push(
            "c.status = ?",
            Arg::Text(s.code().to_owned()),
            &mut conditions,
        ),
        (None, false) => conditions.push(format!("c.status IN ({open})")),
        (None, true) => {}
    }
    if let Some(c) = &q.category {
        push("c.category = ?", Arg::Text(c.clone()), &mut conditions);
    }
    if let Some(u) = &q.unit {
        push("c.unit = ?", Arg::Text(u.clone()), &mut conditions);
    }
    if let Some(d) = q.due_until {
        push("c.due_on <= ?", Arg::Text(d.to_string()), &mut conditions);
    }
    if let Some(d) = q.due_from {
        push("c.due_on >= ?", Arg::Text(d.to_string()), &mut conditions);
    }
    if let Some(r) = &q.reference {
        push("c.reference = ?", Arg::Text(r.clone()), &mut conditions);
    }
    if let Some(p) = &q.phone {
        push(
            "c.contact_phone LIKE ? ESCAPE '\\'",
            Arg::Text(like_pattern(p)),
            &mut conditions,
        );
    }
    if q.awaiting_publication {
        conditions.push(AWAITING_PUBLICATION.to_owned());
    }
    if let Some(a) = &q.address {
        let column = if q.address_full {
            "c.address"
        } else {
            "c.address_public"
        };
        push(
            &format!("{column} LIKE ? ESCAPE '\\'"),
            Arg::Text(like_pattern(a)),
            &mut conditions,
        );
    }
    let filter = if conditions.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conditions.join(" AND "))
    };
    let order = match q.sort {
        InboxSort::Due => "c.due_on, c.id",
        InboxSort::Newest => "c.submitted_at DESC, c.id DESC",
        InboxSort::Priority => {
            "CASE c.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 ELSE 2 END, c.due_on, c.id"
        }
    };
    let count_sql = format!("SELECT COUNT(*) FROM cases c {filter}");
    let mut count = sqlx::query(&count_sql);
    for a in &args {
        count = match a {
            Arg::Text(t) => count.bind(t.clone()),
            Arg::Int(i) => count.bind(*i),
        };
    }
    let total: i64 = count.fetch_one(&db.pool).await?.get(0);
    let n = args.len();
    let sql = format!(
        "SELECT c.reference, c.category, c.town, c.unit, c.status, c.priority, c.submitted_at, \
         c.due_on, c.address_public, c.supporters, s.display_name \
         FROM cases c LEFT JOIN staff_users s ON s.id = c.charge_by {filter} \
         ORDER BY {order} LIMIT ${} OFFSET ${}",
        n + 1,
        n + 2
    );
    let mut query = sqlx::query(&sql);
    for a in args
        .into_iter()
        .chain([Arg::Int(q.limit), Arg::Int(q.offset)])
    {
        query = match a {
            Arg::Text(t) => query.bind(t),
            Arg::Int(i) => query.bind(i),
        };
    }
    let rows = query.fetch_all(&db.pool).await?;
    Ok((
        rows.iter()
            .map(|r| InboxCase {
                reference: r.get(0),
                category: r.get(1),
                town: r.get(2),
                unit: r.get(3),
                status: Status::parse(&r.get::<String, _>(4)).unwrap_or(Status::Submitted),
                priority: Priority::parse(&r.get::<String, _>(5)).unwrap_or_default(),
                submitted_at: parse_instant(&r.get::<String, _>(6)),
                due_on: parse_date(&r.get::<String, _>(7)),
                address_public: r.get(8),
                supporters: r.get(9),
                charge: r.get(10),
            })
            .collect(),
        total,
    ))
}

/// Counts in a staff member's scope: cases per status, and open cases due
/// soon and overdue.
pub async fn inbox_counts(
    db: &Db,
    scope_unit: Option<&str>,
    today: NaiveDate,
    soon_until: NaiveDate,
) -> Result<(Vec<(Status, i64)>, i64, i64), DbError> {
    let open = open_statuses();
    let unit = scope_unit.unwrap_or("");
    let rows = sqlx::query(
        "SELECT status, COUNT(*) FROM cases WHERE ($1 = '' OR unit = $1) GROUP BY status",
    )
    .bind(unit)
    .fetch_all(&db.pool)
    .await?;
    let per_status = Status::ALL
        .iter()
        .map(|s| {
            let n = rows
                .iter()
                .find(|r| r.get::<String, _>(0) == s.code())
                .map(|r| r.get::<i64, _>(1))
                .unwrap_or(0);
            (*s, n)
        })
        .collect();
    let flags = sqlx::query(&format!(
        "SELECT \
         COALESCE(SUM(CASE WHEN due_on < $2 THEN 1 ELSE 0 END), 0), \
         COALESCE(SUM(CASE WHEN due_on >= $2 AND due_on <= $3 THEN 1 ELSE 0 END), 0) \
         FROM cases WHERE ($1 = '' OR unit = $1) AND status IN ({open})"
    ))
    .bind(unit)
    .bind(today.to_string())
    .bind(soon_until.to_string())
    .fetch_one(&db.pool)
    .await?;
    Ok((per_status, flags.get(1), flags.get(0)))
}

/// A case as staff see it (personal data included: the caller decides
/// what to show and logs it).
#[derive(Clone, Debug, PartialEq)]
pub struct StaffCase {
    pub id: i64,
    pub version: i64,
    pub reference: String,
    pub category: String,
    pub kind: Kind,
    pub town: String,
    pub address: String,
    pub address_public: String,
    pub point: Option<(f64, f64)>,
    pub details: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub contact_email: Option<String>,
    pub public: bool,
    /// The resident's own description, as filed.
    pub description: String,
    /// The text approved for the public board, once approved.
    pub public_text: Option<String>,
    pub published_at: Option<DateTime<Utc>>,
    pub status: Status,
    pub unit: Option<String>,
    pub priority: Priority,
    pub submitted_at: DateTime<Utc>,
    pub due_on: NaiveDate,
    pub extended_days: Option<i64>,
    pub charge: Option<String>,
    pub merged_into: Option<String>,
    pub supporters: i64,
    pub outcome: Option<Outcome>,
    pub rating: Option<Rating>,
    pub rating_comment: Option<String>,
    /// What the workflow rules need.
    pub state: CaseState,
    pub events: Vec<StoredEvent>,
    pub photos: Vec<(super::complaints::Photo, bool)>,
    pub personal_views: i64,
}

/// An event of the trail with its actor's name.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredEvent {
    pub at: DateTime<Utc>,
    pub actor: String,
    /// The staff member's name, when a staff member acted.
    pub actor_name: Option<String>,
    pub kind: String,
    pub public: bool,
    pub text: String,
    pub data: serde_json::Value,
}

pub async fn staff_case(db: &Db, reference: &str) -> Result<Option<StaffCase>, DbError> {
    let Some(reference) = Reference::parse(reference) else {
        return Ok(None);
    };
    let Some(r) = sqlx::query(
        "SELECT c.id, c.version, c.reference, c.category, k.kind, c.town, c.address, \
         c.address_public, c.latitude, c.longitude, c.details, c.contact_name, c.contact_phone, \
         c.public, c.status, c.unit, c.priority, c.submitted_at, c.due_on, c.extended_days, \
         s.display_name, m.reference, c.supporters, c.outcome, c.rating, c.rating_comment, \
         c.replied_at, c.reviewed, c.contact_email, c.description, c.public_text, c.published_at \
         FROM cases c JOIN complaint_categories k ON k.code = c.category \
         LEFT JOIN staff_users s ON s.id = c.charge_by \
         LEFT JOIN cases m ON m.id = c.merged_into WHERE c.reference = $1",
    )
    .bind(reference.to_string())
    .fetch_optional(&db.pool)
    .await?
    else {
        return Ok(None);
    };
    let id: i64 = r.get(0);
    let events = sqlx::query(
        "SELECT e.at, e.actor, s.display_name, e.kind, e.public, e.text, e.data \
         FROM case_events e LEFT JOIN staff_users s ON e.actor = 'staff:' || CAST(s.id AS TEXT) \
         WHERE e.case_id = $1 ORDER BY e.seq",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?;
    let photos = sqlx::query(
        "SELECT id, object_key, thumb_key, width, height, staff_id FROM complaint_photos \
         WHERE case_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?;
    let personal_views: i64 =
        sqlx::query("SELECT COUNT(*) FROM personal_data_views WHERE case_id = $1")
            .bind(id)
            .fetch_one(&db.pool)
            .await?
            .get(0);
    let lat: Option<f64> = r.get(8);
    let lon: Option<f64> = r.get(9);
    let status = Status::parse(&r.get::<String, _>(14)).unwrap_or(Status::Submitted);
    let rating = r
        .get::<Option<String>, _>(24)
        .and_then(|o| Rating::parse(&o));
    Ok(Some(StaffCase {
        id,
        version: r.get(1),
        reference: r.get(2),
        category: r.get(3),
        kind: Kind::parse(&r.get::<String, _>(4)).unwrap_or(Kind::Noise),
        town: r.get(5),
        address: r.get(6),
        address_public: r.get(7),
        point: lat.zip(lon),
        details: r.get(10),
        contact_name: r.get(11),
        contact_phone: r.get(12),
        contact_email: r.get(28),
        public: r.get::<i64, _>(13) == 1,
        description: r.get(29),
        public_text: r.get(30),
        published_at: r.get::<Option<String>, _>(31).map(|t| parse_instant(&t)),
        status,
        unit: r.get(15),
        priority: Priority::parse(&r.get::<String, _>(16)).unwrap_or_default(),
        submitted_at: parse_instant(&r.get::<String, _>(17)),
        due_on: parse_date(&r.get::<String, _>(18)),
        extended_days: r.get(19),
        charge: r.get(20),
        merged_into: r.get(21),
        supporters: r.get(22),
        outcome: r
            .get::<Option<String>, _>(23)
            .and_then(|o| Outcome::parse(&o)),
        rating,
        rating_comment: r.get(25),
        state: CaseState {
            status,
            replied_at: r.get::<Option<String>, _>(26).map(|t| parse_instant(&t)),
            rating,
            reviewed: r.get::<i64, _>(27) == 1,
        },
        events: events
            .iter()
            .map(|e| StoredEvent {
                at: parse_instant(&e.get::<String, _>(0)),
                actor: e.get(1),
                actor_name: e.get(2),
                kind: e.get(3),
                public: e.get::<i64, _>(4) == 1,
                text: e.get(5),
                data: serde_json::from_str(&e.get::<String, _>(6)).unwrap_or_default(),
            })
            .collect(),
        photos: photos
            .iter()
            .map(|p| {
                (
                    super::complaints::photo(p),
                    p.get::<Option<i64>, _>(5).is_some(),
                )
            })
            .collect(),
        personal_views,
    }))
}

/// Reply templates for a category (and those for every category).
pub async fn templates(
    db: &Db,
    category: &str,
) -> Result<Vec<crate::api::cases::Template>, DbError> {
    let rows = sqlx::query(
        "SELECT id, outcome, title_zh, title_en, body FROM reply_templates \
         WHERE category = $1 OR category IS NULL ORDER BY sort_order, id",
    )
    .bind(category)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .iter()
        .filter_map(|r| {
            Some(crate::api::cases::Template {
                id: r.get(0),
                outcome: Outcome::parse(&r.get::<String, _>(1))?,
                title_zh: r.get(2),
                title_en: r.get(3),
                body: r.get(4),
            })
        })
        .collect())
}

/// Staff photos a case may carry (besides the resident's).
pub const MAX_STAFF_PHOTOS: i64 = 8;

/// Attaches an inspection photo taken by `staff_id`; false when the case
/// has its maximum already (the caller deletes the files).
pub async fn add_staff_photo(
    db: &Db,
    case_id: i64,
    staff_id: i64,
    keys: (&str, &str),
    (width, height, bytes): (u32, u32, usize),
    now: DateTime<Utc>,
) -> Result<bool, ActError> {
    let mut tx = db.pool.begin().await?;
    lock(&mut tx, case_id, None).await?;
    let count: i64 = sqlx::query(
        "SELECT COUNT(*) FROM complaint_photos WHERE case_id = $1 AND staff_id IS NOT NULL",
    )
    .bind(case_id)
    .fetch_one(&mut *tx)
    .await?
    .get(0);
    if count >= MAX_STAFF_PHOTOS {
        return Ok(false);
    }
    let id: i64 = sqlx::query(
        "INSERT INTO complaint_photos (case_id, staff_id, object_key, thumb_key, width, height, \
         bytes, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(case_id)
    .bind(staff_id)
    .bind(keys.0)
    .bind(keys.1)
    .bind(i64::from(width))
    .bind(i64::from(height))
    .bind(bytes as i64)
    .bind(now.to_rfc3339())
    .fetch_one(&mut *tx)
    .await?
    .get(0);
    let data = serde_json::json!({ "photo": id }).to_string();
    trail::append(
        &mut tx,
        case_id,
        Actor::Staff(staff_id),
        "photo_added",
        false,
        "",
        &data,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// A photo of the case `case_id`.
pub async fn case_photo(
    db: &Db,
    case_id: i64,
    photo_id: i64,
) -> Result<Option<super::complaints::Photo>, DbError> {
    let row = sqlx::query(
        "SELECT id, object_key, thumb_key, width, height FROM complaint_photos \
         WHERE id = $1 AND case_id = $2",
    )
    .bind(photo_id)
    .bind(case_id)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.as_ref().map(super::complaints::photo))
}
