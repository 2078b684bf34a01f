//! Complaints in the database: categories and units, drafts being filed,
//! submission (idempotent per draft), tracking with reference and access
//! code, rating and review, the public board and the duplicate hint.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use domain::case::{CaseState, Rating, Status, Step as CaseStep};
use domain::complaint::address;
use domain::complaint::filing::{Draft, GeoPoint, Kind};
use domain::complaint::reference::{AccessCode, Reference};
use domain::workdays::{DayKind, WorkCalendar};
use sqlx::Row;

use super::trail::{self, Actor};
use super::{AccessKey, Db, DbError, new_token, token_hash};

/// A category as residents pick it.
#[derive(Clone, Debug, PartialEq)]
pub struct Category {
    pub code: String,
    pub kind: Kind,
    pub name_zh: String,
    pub name_en: String,
    pub hint_zh: String,
    pub hint_en: String,
    pub default_unit: Option<String>,
    pub deadline_days: u32,
}

/// A town, subdistrict or department.
#[derive(Clone, Debug, PartialEq)]
pub struct Unit {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
}

pub async fn categories(db: &Db) -> Result<Vec<Category>, DbError> {
    let rows = sqlx::query(
        "SELECT code, kind, name_zh, name_en, hint_zh, hint_en, default_unit, deadline_days \
         FROM complaint_categories WHERE active = 1 ORDER BY sort_order",
    )
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .iter()
        .filter_map(|r| {
            Some(Category {
                code: r.get(0),
                kind: Kind::parse(&r.get::<String, _>(1))?,
                name_zh: r.get(2),
                name_en: r.get(3),
                hint_zh: r.get(4),
                hint_en: r.get(5),
                default_unit: r.get(6),
                deadline_days: u32::try_from(r.get::<i64, _>(7)).unwrap_or(5),
            })
        })
        .collect())
}

/// The places residents pick (towns and subdistricts), or every unit.
pub async fn units(db: &Db, areas_only: bool) -> Result<Vec<Unit>, DbError> {
    let sql = if areas_only {
        "SELECT code, name_zh, name_en FROM units WHERE active = 1 AND area = 1 ORDER BY sort_order"
    } else {
        "SELECT code, name_zh, name_en FROM units WHERE active = 1 ORDER BY sort_order"
    };
    let rows = sqlx::query(sql).fetch_all(&db.pool).await?;
    Ok(rows
        .iter()
        .map(|r| Unit {
            code: r.get(0),
            name_zh: r.get(1),
            name_en: r.get(2),
        })
        .collect())
}

/// The working-day calendar as stored.
pub async fn work_calendar(db: &Db) -> Result<WorkCalendar, DbError> {
    let rows = sqlx::query("SELECT day, kind FROM work_calendar")
        .fetch_all(&db.pool)
        .await?;
    Ok(WorkCalendar::new(rows.iter().filter_map(|r| {
        calendar_entry(&r.get::<String, _>(0), &r.get::<String, _>(1))
    })))
}

/// A stored calendar entry, unless malformed.
pub(crate) fn calendar_entry(day: &str, kind: &str) -> Option<(NaiveDate, DayKind)> {
    Some((
        NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()?,
        DayKind::parse(kind)?,
    ))
}

/// Adds each shipped year's holiday schedule unless that year has entries
/// already (an admin's edits are never overwritten).
pub async fn seed_work_calendar(db: &Db) -> Result<(), DbError> {
    for (year, days) in domain::workdays::shipped() {
        let mut tx = db.pool.begin().await?;
        let (from, to) = (format!("{year}-01-01"), format!("{year}-12-31"));
        let present: i64 =
            sqlx::query("SELECT COUNT(*) FROM work_calendar WHERE day >= $1 AND day <= $2")
                .bind(&from)
                .bind(&to)
                .fetch_one(&mut *tx)
                .await?
                .get(0);
        if present == 0 {
            for (day, kind) in days {
                sqlx::query(
                    "INSERT INTO work_calendar (day, kind) VALUES ($1, $2) ON CONFLICT (day) DO NOTHING",
                )
                .bind(day.format("%Y-%m-%d").to_string())
                .bind(kind.code())
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
    }
    Ok(())
}

/// A year's departures from the ordinary week, in date order.
pub async fn work_days_of_year(db: &Db, year: i32) -> Result<Vec<(NaiveDate, DayKind)>, DbError> {
    let rows = sqlx::query(
        "SELECT day, kind FROM work_calendar WHERE day >= $1 AND day <= $2 ORDER BY day",
    )
    .bind(format!("{year:04}-01-01"))
    .bind(format!("{year:04}-12-31"))
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .iter()
        .filter_map(|r| {
            let day = NaiveDate::parse_from_str(&r.get::<String, _>(0), "%Y-%m-%d").ok()?;
            Some((day, DayKind::parse(&r.get::<String, _>(1))?))
        })
        .collect())
}

/// Applies an admin's change to one day of the calendar. Deadlines already
/// set keep their dates; new ones count with the change.
pub async fn set_work_day(db: &Db, edit: domain::workdays::DayEdit) -> Result<(), DbError> {
    let day = edit.day.format("%Y-%m-%d").to_string();
    let mut tx = db.pool.begin().await?;
    sqlx::query("DELETE FROM work_calendar WHERE day = $1")
        .bind(&day)
        .execute(&mut *tx)
        .await?;
    if let Some(kind) = edit.kind {
        sqlx::query("INSERT INTO work_calendar (day, kind) VALUES ($1, $2)")
            .bind(&day)
            .bind(kind.code())
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Drafts are kept this long after their last change.
pub const DRAFT_HOURS: i64 = 24;

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
    Ok(row.map(|r| StoredDraft {
        // A draft written by an older release that no longer parses starts
        // over rather than failing the page.
        draft: serde_json::from_str(&r.get::<String, _>(0)).unwrap_or_default(),
        case_id: r.get(1),
    }))
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
    let mut tx = db.pool.begin().await?;
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
    Ok(rows
        .iter()
        .flat_map(|r| [r.get::<String, _>(0), r.get::<String, _>(1)])
        .collect())
}

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
    Ok(rows.iter().map(photo).collect())
}

pub(crate) fn photo(r: &sqlx::any::AnyRow) -> Photo {
    Photo {
        id: r.get(0),
        object_key: r.get(1),
        thumb_key: r.get(2),
        width: r.get(3),
        height: r.get(4),
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
    let mut tx = db.pool.begin().await?;
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
        sqlx::query("SELECT COUNT(*) FROM complaint_photos WHERE draft_token_hash = $1")
            .bind(&hash)
            .fetch_one(&mut *tx)
            .await?
            .get(0);
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
    Ok(row.map(|r| (r.get(0), r.get(1))))
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
    Ok(row.as_ref().map(photo))
}

/// What the confirmation page of this browser's draft shows: the case it
/// created (with the access code, kept with the draft until it expires),
/// or the case it added its voice to.
pub async fn confirmation(db: &Db, token: &str) -> Result<Option<Confirmed>, DbError> {
    let since = (Utc::now() - Duration::hours(DRAFT_HOURS)).to_rfc3339();
    let hash = token_hash(token);
    let row = sqlx::query(
        "SELECT c.reference, d.access_code, c.due_on, u.code, u.name_zh, u.name_en \
         FROM complaint_drafts d JOIN cases c ON c.id = d.case_id \
         LEFT JOIN units u ON u.code = c.unit \
         WHERE d.token_hash = $1 AND d.updated_at > $2",
    )
    .bind(&hash)
    .bind(&since)
    .fetch_optional(&db.pool)
    .await?;
    let (row, supported) = match row {
        Some(r) => (r, false),
        None => {
            let r = sqlx::query(
                "SELECT c.reference, NULL, c.due_on, u.code, u.name_zh, u.name_en \
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
        reference: Reference::parse(&row.get::<String, _>(0))
            .unwrap_or(Reference { year: 0, number: 0 }),
        access_code: row
            .get::<Option<String>, _>(1)
            .and_then(|c| AccessCode::parse(&c)),
        due_on: parse_date(&row.get::<String, _>(2)),
        unit: Unit {
            code: row.get::<Option<String>, _>(3).unwrap_or_default(),
            name_zh: row.get::<Option<String>, _>(4).unwrap_or_default(),
            name_en: row.get::<Option<String>, _>(5).unwrap_or_default(),
        },
        supported,
    }))
}

/// The plain access code is kept with its draft only until the
/// confirmation page has shown it; from then on only its keyed hash exists
/// (issue 14). A reload says the code was shown once.
pub async fn forget_access_code(db: &Db, token: &str) -> Result<(), DbError> {
    sqlx::query("UPDATE complaint_drafts SET access_code = NULL WHERE token_hash = $1")
        .bind(token_hash(token))
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Plain access codes whose confirmation page was never shown are dropped
/// after an hour.
pub async fn forget_unshown_codes(db: &Db, now: DateTime<Utc>) -> Result<u64, DbError> {
    Ok(sqlx::query(
        "UPDATE complaint_drafts SET access_code = NULL \
         WHERE access_code IS NOT NULL AND updated_at <= $1",
    )
    .bind((now - Duration::hours(1)).to_rfc3339())
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

pub(crate) fn parse_date(raw: &str) -> NaiveDate {
    NaiveDate::parse_from_str(raw, "%Y-%m-%d").unwrap_or_default()
}

pub(crate) fn parse_instant(raw: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(raw)
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_default()
}

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
        .map(|r| r.get::<String, _>(1))
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
    let id: i64 = row.get(0);
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
    let status = Status::parse(&r.get::<String, _>(3)).unwrap_or(Status::Submitted);
    let unit_code: Option<String> = r.get(4);
    Ok(Some(Tracked {
        id: r.get(0),
        reference: Reference::parse(&r.get::<String, _>(1))
            .unwrap_or(Reference { year: 0, number: 0 }),
        category: r.get(2),
        status,
        unit: unit_code.map(|code| Unit {
            code,
            name_zh: r.get::<Option<String>, _>(5).unwrap_or_default(),
            name_en: r.get::<Option<String>, _>(6).unwrap_or_default(),
        }),
        submitted_at: parse_instant(&r.get::<String, _>(7)),
        due_on: parse_date(&r.get::<String, _>(8)),
        address_public: r.get(9),
        outcome: r
            .get::<Option<String>, _>(10)
            .and_then(|o| domain::case::Outcome::parse(&o)),
        state: CaseState {
            status,
            replied_at: r.get::<Option<String>, _>(11).map(|t| parse_instant(&t)),
            rating: r
                .get::<Option<String>, _>(12)
                .and_then(|v| Rating::parse(&v)),
            reviewed: r.get::<i64, _>(14) == 1,
        },
        rating_comment: r.get(13),
        supporters: r.get(15),
        public: r.get::<i64, _>(16) == 1,
        published: r.get::<Option<String>, _>(17).is_some(),
        timeline: events
            .iter()
            .map(|e| PublicEvent {
                at: parse_instant(&e.get::<String, _>(0)),
                kind: e.get(1),
                text: e.get(2),
            })
            .collect(),
    }))
}

#[derive(Debug, thiserror::Error)]
pub enum ActError {
    #[error("not allowed: {0}")]
    NotAllowed(domain::case::NotAllowed),
    #[error("the case changed meanwhile")]
    Conflict,
    #[error("refused: {0}")]
    Refused(domain::handling::Refused),
    #[error("the form has problems")]
    Invalid(domain::handling::Problems),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sqlx::Error> for ActError {
    fn from(e: sqlx::Error) -> Self {
        ActError::Db(e.into())
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
    let mut tx = db.pool.begin().await?;
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
    let mut tx = db.pool.begin().await?;
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
    super::outbox::enqueue_status(&mut tx, case.id, next, &case.reference, now).await?;
    tx.commit().await?;
    Ok(())
}

/// A line of the public board.
#[derive(Clone, Debug, PartialEq)]
pub struct BoardCase {
    pub reference: Reference,
    pub category: String,
    pub town: Unit,
    pub address_public: String,
    pub description_masked: String,
    pub status: Status,
    pub outcome: Option<domain::case::Outcome>,
    pub submitted_at: DateTime<Utc>,
    pub supporters: i64,
}

pub const BOARD_PAGE: i64 = 20;

/// Recent cases whose residents allowed it and whose public text staff
/// approved (issue 14), newest first; with the total. The approved text
/// passes the number mask again on the way out.
pub async fn board(db: &Db, page: i64) -> Result<(Vec<BoardCase>, i64), DbError> {
    let total: i64 =
        sqlx::query("SELECT COUNT(*) FROM cases WHERE public = 1 AND published_at IS NOT NULL")
            .fetch_one(&db.pool)
            .await?
            .get(0);
    let rows = sqlx::query(
        "SELECT c.reference, c.category, c.town, u.name_zh, u.name_en, c.address_public, \
         c.public_text, c.status, c.outcome, c.submitted_at, c.supporters \
         FROM cases c JOIN units u ON u.code = c.town \
         WHERE c.public = 1 AND c.published_at IS NOT NULL \
         ORDER BY c.submitted_at DESC, c.id DESC LIMIT $1 OFFSET $2",
    )
    .bind(BOARD_PAGE)
    .bind(page.max(0) * BOARD_PAGE)
    .fetch_all(&db.pool)
    .await?;
    let cases = rows
        .iter()
        .map(|r| BoardCase {
            reference: Reference::parse(&r.get::<String, _>(0))
                .unwrap_or(Reference { year: 0, number: 0 }),
            category: r.get(1),
            town: Unit {
                code: r.get(2),
                name_zh: r.get(3),
                name_en: r.get(4),
            },
            // Masked again when read: rows stored before the rule closed.
            address_public: domain::mask::free_text(&r.get::<String, _>(5)),
            description_masked: domain::mask::free_text(
                &r.get::<Option<String>, _>(6).unwrap_or_default(),
            ),
            status: Status::parse(&r.get::<String, _>(7)).unwrap_or(Status::Submitted),
            outcome: r
                .get::<Option<String>, _>(8)
                .and_then(|o| domain::case::Outcome::parse(&o)),
            submitted_at: parse_instant(&r.get::<String, _>(9)),
            supporters: r.get(10),
        })
        .collect();
    Ok((cases, total))
}

/// An open case like the one being filed, for the "add my voice" hint.
/// A stranger filing nearby learns only what they could see on the street:
/// that the problem was reported at this road, when, and how far it has
/// got; never the reference, the text or who reported it (issue 14).
#[derive(Clone, Debug, PartialEq)]
pub struct Nearby {
    pub id: i64,
    /// The road or compound, once staff approved it for the board; never
    /// the resident's own words before that.
    pub address_public: Option<String>,
    pub status: Status,
    pub submitted_at: DateTime<Utc>,
    pub supporters: i64,
}

/// How close a located case must be to count as the same place.
pub const NEARBY_METRES: f64 = 300.0;

/// Open cases of the same category in the last 30 days at the same place:
/// within [`NEARBY_METRES`] when both have coordinates, otherwise in the
/// same town with the same public part of the address.
pub async fn nearby_open(
    db: &Db,
    draft: &Draft,
    now: DateTime<Utc>,
) -> Result<Vec<Nearby>, DbError> {
    let (Some((category, _)), Some(location)) = (&draft.category, &draft.location) else {
        return Ok(Vec::new());
    };
    let open: Vec<&str> = [
        Status::Submitted,
        Status::Accepted,
        Status::Assigned,
        Status::InProgress,
        Status::Reopened,
    ]
    .iter()
    .map(|s| s.code())
    .collect();
    let rows = sqlx::query(
        "SELECT id, status, address_public, submitted_at, supporters, latitude, longitude, \
         published_at FROM cases WHERE category = $1 AND town = $2 AND submitted_at >= $3 \
         AND status IN ($4, $5, $6, $7, $8) ORDER BY submitted_at DESC LIMIT 50",
    )
    .bind(category)
    .bind(&location.town)
    .bind((now - Duration::days(30)).to_rfc3339())
    .bind(open[0])
    .bind(open[1])
    .bind(open[2])
    .bind(open[3])
    .bind(open[4])
    .fetch_all(&db.pool)
    .await?;
    let public = address::public_part(location.address.as_str());
    Ok(rows
        .iter()
        .filter(|r| {
            let point = r
                .get::<Option<f64>, _>(5)
                .zip(r.get::<Option<f64>, _>(6))
                .map(|(latitude, longitude)| GeoPoint {
                    latitude,
                    longitude,
                });
            match (location.point, point) {
                (Some(a), Some(b)) => a.distance_m(b) <= NEARBY_METRES,
                _ => !public.is_empty() && r.get::<String, _>(2) == public,
            }
        })
        .take(5)
        .map(|r| Nearby {
            id: r.get(0),
            status: Status::parse(&r.get::<String, _>(1)).unwrap_or(Status::Submitted),
            address_public: r
                .get::<Option<String>, _>(7)
                .map(|_| domain::mask::free_text(&r.get::<String, _>(2))),
            submitted_at: parse_instant(&r.get::<String, _>(3)),
            supporters: r.get(4),
        })
        .collect())
}

/// The opaque name under which the hint offers case `case_id` to the draft
/// of `token` (case ids are serial: they would reveal the reference).
pub fn nearby_tag(db: &Db, token: &str, case_id: i64) -> String {
    db.access_key
        .tag(&["nearby", &token_hash(token), &case_id.to_string()])
        .unwrap_or_default()
}

/// "Add my voice": counts this draft's resident on an open case instead of
/// filing a new one. Once per draft; the draft is finished afterwards.
/// Only a case the hint offers this draft (the same rule, asked again now;
/// `tag` from [`nearby_tag`]) is accepted; `false` when it is not offered
/// (any more).
pub async fn add_voice(
    db: &Db,
    token: &str,
    tag: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbError> {
    let hash = token_hash(token);
    let Some(stored) = load_draft(db, token).await? else {
        return Ok(false);
    };
    let Some((category, _)) = &stored.draft.category else {
        return Ok(false);
    };
    let offered = nearby_open(db, &stored.draft, now).await?;
    let Some(case_id) = offered
        .iter()
        .map(|n| n.id)
        .find(|id| !tag.is_empty() && nearby_tag(db, token, *id) == tag)
    else {
        return Ok(false);
    };
    let mut tx = db.pool.begin().await?;
    // Write first (see `cases::act`): the lock comes before the read.
    sqlx::query("UPDATE cases SET supporters = supporters WHERE id = $1")
        .bind(case_id)
        .execute(&mut *tx)
        .await?;
    let row = sqlx::query("SELECT status, category FROM cases WHERE id = $1")
        .bind(case_id)
        .fetch_optional(&mut *tx)
        .await?;
    let Some(row) = row else { return Ok(false) };
    let status = Status::parse(&row.get::<String, _>(0)).unwrap_or(Status::Closed);
    let state = CaseState {
        status,
        ..CaseState::new()
    };
    if !state.is_open() || row.get::<String, _>(1) != *category {
        return Ok(false);
    }
    let inserted = sqlx::query(
        "INSERT INTO case_supporters (case_id, draft_token_hash, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (draft_token_hash) DO NOTHING",
    )
    .bind(case_id)
    .bind(&hash)
    .bind(now.to_rfc3339())
    .execute(&mut *tx)
    .await?;
    if inserted.rows_affected() == 1 {
        sqlx::query("UPDATE cases SET supporters = supporters + 1 WHERE id = $1")
            .bind(case_id)
            .execute(&mut *tx)
            .await?;
        trail::append(
            &mut tx,
            case_id,
            Actor::Resident,
            "supported",
            false,
            "",
            "{}",
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(true)
}
