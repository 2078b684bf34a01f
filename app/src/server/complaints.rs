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
use super::{Db, DbError, new_token, token_hash};

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
        let day = NaiveDate::parse_from_str(&r.get::<String, _>(0), "%Y-%m-%d").ok()?;
        Some((day, DayKind::parse(&r.get::<String, _>(1))?))
    })))
}

/// The calendar's entries after `from` (all a new deadline needs).
async fn work_calendar_from(
    conn: &mut sqlx::AnyConnection,
    from: NaiveDate,
) -> Result<WorkCalendar, sqlx::Error> {
    let rows = sqlx::query("SELECT day, kind FROM work_calendar WHERE day > $1")
        .bind(from.format("%Y-%m-%d").to_string())
        .fetch_all(&mut *conn)
        .await?;
    Ok(WorkCalendar::new(rows.iter().filter_map(|r| {
        let day = NaiveDate::parse_from_str(&r.get::<String, _>(0), "%Y-%m-%d").ok()?;
        Some((day, DayKind::parse(&r.get::<String, _>(1))?))
    })))
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

/// A submitted complaint, for the confirmation page.
#[derive(Clone, Debug, PartialEq)]
pub struct Submitted {
    pub reference: Reference,
    /// Present only on the first answer, when the case is created: the
    /// code is shown once, and only its hash is kept.
    pub access_code: Option<AccessCode>,
    pub due_on: NaiveDate,
    pub unit: Unit,
}

#[derive(Debug, thiserror::Error)]
pub enum SubmitError {
    #[error("the draft is missing or expired")]
    NoDraft,
    #[error("the draft is not complete")]
    Incomplete(domain::complaint::filing::Step),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sqlx::Error> for SubmitError {
    fn from(e: sqlx::Error) -> Self {
        SubmitError::Db(e.into())
    }
}

fn access_hash(code: &AccessCode) -> String {
    token_hash(code.as_str())
}

/// A submission checked against its draft, with everything its
/// transaction needs read beforehand.
#[derive(Clone, Debug)]
pub struct Prepared {
    hash: String,
    draft: Draft,
    photos: i64,
    unit: Unit,
    due_on: NaiveDate,
    year: i64,
    now: DateTime<Utc>,
}

/// What a submission needs next.
pub enum Ready {
    /// The draft was submitted before: its case.
    Done(Submitted),
    Write(Box<Prepared>),
}

/// Reads the draft, its category and the working-day calendar, outside
/// any transaction, so that the write lock (SQLite) and the counter and
/// trail-head rows (PostgreSQL) are held for as few statements as possible.
pub async fn prepare(db: &Db, token: &str, now: DateTime<Utc>) -> Result<Ready, SubmitError> {
    let hash = token_hash(token);
    let row = sqlx::query(
        "SELECT d.data, d.case_id, (SELECT COUNT(*) FROM complaint_photos p \
         WHERE p.draft_token_hash = d.token_hash AND p.case_id IS NULL) \
         FROM complaint_drafts d WHERE d.token_hash = $1",
    )
    .bind(&hash)
    .fetch_optional(&db.pool)
    .await?
    .ok_or(SubmitError::NoDraft)?;
    if let Some(case_id) = row.get::<Option<i64>, _>(1) {
        let mut conn = db.pool.acquire().await?;
        return submitted_case(&mut conn, case_id).await.map(Ready::Done);
    }
    let photos: i64 = row.get(2);
    let draft: Draft = serde_json::from_str(&row.get::<String, _>(0)).unwrap_or_default();
    let complete = draft.complete().map_err(SubmitError::Incomplete)?;
    // The category's limit and handling unit (its own, or the town's),
    // with the unit's names for the confirmation, in one query.
    let today = domain::shanghai::today(now);
    // The category and the calendar at once: the wait is one round trip.
    let category = sqlx::query(
        "SELECT u.code, u.name_zh, u.name_en, c.deadline_days FROM complaint_categories c \
         JOIN units u ON u.code = COALESCE(c.default_unit, $2) WHERE c.code = $1 AND c.active = 1",
    )
    .bind(complete.category)
    .bind(&complete.location.town)
    .fetch_optional(&db.pool);
    let calendar = async {
        let mut conn = db.pool.acquire().await?;
        work_calendar_from(&mut conn, today).await
    };
    let (category, calendar) = tokio::try_join!(category, calendar)?;
    let category = category.ok_or(SubmitError::Incomplete(
        domain::complaint::filing::Step::Category,
    ))?;
    let unit = Unit {
        code: category.get(0),
        name_zh: category.get(1),
        name_en: category.get(2),
    };
    let deadline_days = u32::try_from(category.get::<i64, _>(3)).unwrap_or(5);
    Ok(Ready::Write(Box::new(Prepared {
        due_on: calendar.add_working_days(today, deadline_days),
        year: i64::from(chrono::Datelike::year(&today)),
        hash,
        draft,
        photos,
        unit,
        now,
    })))
}

/// Turns the draft into a case, once: a second submission of the same
/// draft (double tap, refresh, back and resubmit) answers with the case
/// the first one created. The HTTP path goes through [`SubmitQueue`].
pub async fn submit(db: &Db, token: &str, now: DateTime<Utc>) -> Result<Submitted, SubmitError> {
    match prepare(db, token, now).await? {
        Ready::Done(done) => Ok(done),
        Ready::Write(p) => {
            let written = write_batch(db, std::slice::from_ref(&*p)).await?;
            finish(db, &p, written.into_iter().next().flatten()).await
        }
    }
}

/// The answer to a written submission: its new case, or, when the draft
/// had been submitted meanwhile, the case that submission created.
async fn finish(
    db: &Db,
    p: &Prepared,
    written: Option<Submitted>,
) -> Result<Submitted, SubmitError> {
    if let Some(done) = written {
        return Ok(done);
    }
    let mut conn = db.pool.acquire().await?;
    let first: Option<i64> =
        sqlx::query("SELECT case_id FROM complaint_drafts WHERE token_hash = $1")
            .bind(&p.hash)
            .fetch_optional(&mut *conn)
            .await?
            .and_then(|r| r.get(0));
    match first {
        Some(first) => submitted_case(&mut conn, first).await,
        None => Err(SubmitError::NoDraft),
    }
}

/// Writes submissions in one durable transaction: for each its case, or
/// `None` when its draft had been submitted already. The drafts are
/// claimed first by a guarded update (a second submission of a draft waits
/// for the first and then gives up); then the year's counter moves once
/// for the batch, and the trail head once. Each step is one statement for
/// the whole batch, so a batch costs about as many round trips as one
/// submission.
pub async fn write_batch(
    db: &Db,
    batch: &[Prepared],
) -> Result<Vec<Option<Submitted>>, sqlx::Error> {
    let mut tx = db.pool.begin().await?;
    // The first of each draft in the batch gets a code; the rest are repeats.
    let mut codes: Vec<Option<AccessCode>> = vec![None; batch.len()];
    for (i, p) in batch.iter().enumerate() {
        if !batch[..i].iter().any(|q| q.hash == p.hash) {
            codes[i] = Some(AccessCode::from_random(super::random_bytes::<8>()));
        }
    }
    let firsts: Vec<usize> = (0..batch.len()).filter(|&i| codes[i].is_some()).collect();
    let (set, keys) = super::case_when("token_hash", 1, firsts.len());
    // The draft (and with it the confirmation page) lives a day from now.
    let sql = format!(
        "UPDATE complaint_drafts SET access_code = {set}, updated_at = ${} \
         WHERE token_hash IN {keys} AND case_id IS NULL AND access_code IS NULL \
         RETURNING token_hash",
        2 * firsts.len() + 1
    );
    let mut claim = sqlx::query(&sql);
    for &i in &firsts {
        let code = codes[i]
            .as_ref()
            .map(AccessCode::as_str)
            .unwrap_or_default();
        claim = claim.bind(&batch[i].hash).bind(code);
    }
    let now = batch.first().map(|p| p.now).unwrap_or_else(Utc::now);
    claim = claim.bind(now.to_rfc3339());
    let claimed: Vec<String> = claim
        .persistent(false)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|r| r.get(0))
        .collect();
    for (code, p) in codes.iter_mut().zip(batch) {
        if !claimed.contains(&p.hash) {
            *code = None;
        }
    }
    let fresh: Vec<usize> = (0..batch.len()).filter(|&i| codes[i].is_some()).collect();
    if fresh.is_empty() {
        tx.commit().await?;
        return Ok(vec![None; batch.len()]);
    }
    // Reference numbers: one step of the year's counter for the batch (a
    // batch straddles New Year's midnight at most once).
    let mut references: Vec<Option<Reference>> = vec![None; batch.len()];
    let mut years: Vec<i64> = fresh.iter().map(|&i| batch[i].year).collect();
    years.sort_unstable();
    years.dedup();
    for year in years {
        let mine: Vec<usize> = fresh
            .iter()
            .copied()
            .filter(|&i| batch[i].year == year)
            .collect();
        let k = i64::try_from(mine.len()).unwrap_or(i64::MAX);
        let last: i64 = sqlx::query(
            "INSERT INTO case_counters (year, last) VALUES ($1, $2) \
             ON CONFLICT (year) DO UPDATE SET last = case_counters.last + $2 RETURNING last",
        )
        .bind(year)
        .bind(k)
        .fetch_one(&mut *tx)
        .await?
        .get(0);
        for (number, &i) in (last - k + 1..).zip(&mine) {
            references[i] = Some(Reference {
                year: i32::try_from(year).unwrap_or_default(),
                number: u32::try_from(number).unwrap_or(u32::MAX),
            });
        }
    }
    let mut rows = Vec::with_capacity(fresh.len());
    for &i in &fresh {
        let (Some(code), Some(reference)) = (&codes[i], &references[i]) else {
            continue;
        };
        // Checked by `prepare` on this very draft.
        let complete = batch[i]
            .draft
            .complete()
            .map_err(|_| sqlx::Error::Protocol("an incomplete draft in a batch".to_owned()))?;
        rows.push((i, complete, reference, code));
    }
    let ids = insert_cases(&mut tx, batch, &rows).await?;
    let (set, keys) = super::case_when("token_hash", 1, rows.len());
    let sql = format!("UPDATE complaint_drafts SET case_id = {set} WHERE token_hash IN {keys}");
    let mut link = sqlx::query(&sql);
    for ((i, ..), id) in rows.iter().zip(&ids) {
        link = link.bind(&batch[*i].hash).bind(*id);
    }
    link.persistent(false).execute(&mut *tx).await?;
    let with_photos: Vec<(&str, i64)> = rows
        .iter()
        .zip(&ids)
        .filter(|((i, ..), _)| batch[*i].photos > 0)
        .map(|((i, ..), id)| (batch[*i].hash.as_str(), *id))
        .collect();
    if !with_photos.is_empty() {
        let (set, keys) = super::case_when("draft_token_hash", 1, with_photos.len());
        let sql = format!(
            "UPDATE complaint_photos SET case_id = {set} \
             WHERE draft_token_hash IN {keys} AND case_id IS NULL"
        );
        let mut photos = sqlx::query(&sql);
        for (hash, id) in &with_photos {
            photos = photos.bind(*hash).bind(*id);
        }
        photos.persistent(false).execute(&mut *tx).await?;
    }
    let firsts: Vec<super::outbox::First<'_>> = rows
        .iter()
        .zip(&ids)
        .map(|((_, complete, reference, _), id)| super::outbox::First {
            case_id: *id,
            phone: complete.contact.phone.as_str(),
            email: complete.contact.email.as_ref().map(|e| e.as_str()),
            reference,
        })
        .collect();
    super::outbox::enqueue_first(&mut tx, &firsts, now).await?;
    let data: Vec<String> = rows
        .iter()
        .map(|(i, ..)| {
            let p = &batch[*i];
            serde_json::json!({ "unit": p.unit.code, "due_on": p.due_on.to_string() }).to_string()
        })
        .collect();
    let events: Vec<trail::NewEvent<'_>> = rows
        .iter()
        .zip(&ids)
        .zip(&data)
        .map(|(((i, ..), id), data)| trail::NewEvent {
            case_id: *id,
            actor: Actor::Resident,
            kind: "submitted",
            public: true,
            text: "",
            data,
            at: batch[*i].now,
        })
        .collect();
    trail::append_many(&mut tx, &events).await?;
    tx.commit().await?;
    let mut out = vec![None; batch.len()];
    for (i, _, reference, code) in rows {
        out[i] = Some(Submitted {
            reference: *reference,
            access_code: Some(code.clone()),
            due_on: batch[i].due_on,
            unit: batch[i].unit.clone(),
        });
    }
    Ok(out)
}

/// A case to insert: its submission's index in the batch, the complete
/// draft, its reference and access code.
type CaseRow<'a> = (
    usize,
    domain::complaint::filing::Complete<'a>,
    &'a Reference,
    &'a AccessCode,
);

/// Inserts the cases of `rows` in one statement; their ids, in order.
async fn insert_cases(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    batch: &[Prepared],
    rows: &[CaseRow<'_>],
) -> Result<Vec<i64>, sqlx::Error> {
    let sql = format!(
        "INSERT INTO cases (reference, access_hash, category, town, address, address_public, \
         latitude, longitude, details, description, urgent, contact_name, contact_phone, public, \
         status, unit, submitted_at, due_on, updated_at, contact_email) VALUES {} \
         RETURNING id, reference",
        super::value_rows(1, rows.len(), 20)
    );
    let mut query = sqlx::query(&sql);
    for (i, complete, reference, code) in rows {
        let p = &batch[*i];
        let (lat, lon) = complete
            .location
            .point
            .map(|g| (Some(g.latitude), Some(g.longitude)))
            .unwrap_or((None, None));
        let at = p.now.to_rfc3339();
        query = query
            .bind(reference.to_string())
            .bind(access_hash(code))
            .bind(complete.category.to_owned())
            .bind(complete.location.town.clone())
            .bind(complete.location.address.as_str().to_owned())
            .bind(address::public_part(complete.location.address.as_str()))
            .bind(lat)
            .bind(lon)
            .bind(serde_json::to_string(complete.details).unwrap_or_default())
            .bind(complete.details.description().as_str().to_owned())
            .bind(i64::from(complete.details.is_urgent()))
            .bind(complete.contact.name.as_str().to_owned())
            .bind(complete.contact.phone.as_str().to_owned())
            .bind(i64::from(complete.contact.public))
            .bind(Status::Submitted.code())
            .bind(p.unit.code.clone())
            .bind(at.clone())
            .bind(p.due_on.format("%Y-%m-%d").to_string())
            .bind(at)
            .bind(
                complete
                    .contact
                    .email
                    .as_ref()
                    .map(|e| e.as_str().to_owned()),
            );
    }
    // NULL coordinates go as doubles only when unprepared (see mod.rs).
    let returned = query.persistent(false).fetch_all(&mut **tx).await?;
    // Matched by reference: the order of RETURNING rows is not promised.
    let by_reference: std::collections::HashMap<String, i64> = returned
        .iter()
        .map(|r| (r.get::<String, _>(1), r.get::<i64, _>(0)))
        .collect();
    rows.iter()
        .map(|(_, _, reference, _)| {
            by_reference
                .get(&reference.to_string())
                .copied()
                .ok_or_else(|| sqlx::Error::Protocol("a case was not inserted".to_owned()))
        })
        .collect()
}

/// The most submissions one transaction takes.
const MAX_BATCH: usize = 32;

struct Job {
    prepared: Box<Prepared>,
    reply: tokio::sync::oneshot::Sender<Result<Option<Submitted>, SubmitError>>,
}

/// This process's one writer of submissions. What arrives while it writes
/// goes into its next transaction together (group commit: one durable
/// commit, one counter step and one trail-head update for several
/// submissions). A submission is answered only after its commit.
#[derive(Clone, Debug)]
pub struct SubmitQueue {
    jobs: tokio::sync::mpsc::Sender<Job>,
}

impl SubmitQueue {
    /// Starts the writer on the current Tokio runtime.
    pub fn start(db: Db) -> SubmitQueue {
        let (jobs, rx) = tokio::sync::mpsc::channel(1024);
        tokio::spawn(write_jobs(db, rx));
        SubmitQueue { jobs }
    }

    /// As [`submit`], through the writer.
    pub async fn submit(
        &self,
        db: &Db,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<Submitted, SubmitError> {
        let p = match prepare(db, token, now).await? {
            Ready::Done(done) => return Ok(done),
            Ready::Write(p) => p,
        };
        let (reply, answer) = tokio::sync::oneshot::channel();
        let job = Job {
            prepared: p.clone(),
            reply,
        };
        let written = match self.jobs.send(job).await {
            Ok(()) => answer.await.ok(),
            Err(_) => None,
        };
        let written = match written {
            Some(result) => result?,
            // The writer is gone (it could only have panicked): write here.
            // If it committed this draft first, the claim finds it taken.
            None => write_batch(db, std::slice::from_ref(&*p))
                .await?
                .into_iter()
                .next()
                .flatten(),
        };
        finish(db, &p, written).await
    }
}

async fn write_jobs(db: Db, mut rx: tokio::sync::mpsc::Receiver<Job>) {
    while let Some(first) = rx.recv().await {
        let mut jobs = vec![first];
        while jobs.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(job) => jobs.push(job),
                Err(_) => break,
            }
        }
        let (batch, replies): (Vec<Prepared>, Vec<_>) =
            jobs.into_iter().map(|j| (*j.prepared, j.reply)).unzip();
        match write_batch(&db, &batch).await {
            Ok(written) => {
                for (reply, w) in replies.into_iter().zip(written) {
                    let _ = reply.send(Ok(w));
                }
            }
            // One failing submission must not fail the others: each alone.
            Err(e) if batch.len() > 1 => {
                tracing::warn!(error = %e, size = batch.len(), "a batch of submissions failed; writing them one by one");
                for (reply, p) in replies.into_iter().zip(&batch) {
                    let one = write_batch(&db, std::slice::from_ref(p))
                        .await
                        .map(|w| w.into_iter().next().flatten())
                        .map_err(SubmitError::from);
                    let _ = reply.send(one);
                }
            }
            Err(e) => {
                if let Some(reply) = replies.into_iter().next() {
                    let _ = reply.send(Err(e.into()));
                }
            }
        }
    }
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

/// See [`confirmation`].
#[derive(Clone, Debug, PartialEq)]
pub struct Confirmed {
    pub reference: Reference,
    pub access_code: Option<AccessCode>,
    pub due_on: NaiveDate,
    pub unit: Unit,
    pub supported: bool,
}

async fn unit_named(conn: &mut sqlx::AnyConnection, code: &str) -> Result<Unit, sqlx::Error> {
    let row = sqlx::query("SELECT code, name_zh, name_en FROM units WHERE code = $1")
        .bind(code)
        .fetch_one(&mut *conn)
        .await?;
    Ok(Unit {
        code: row.get(0),
        name_zh: row.get(1),
        name_en: row.get(2),
    })
}

async fn submitted_case(
    conn: &mut sqlx::AnyConnection,
    case_id: i64,
) -> Result<Submitted, SubmitError> {
    let row = sqlx::query("SELECT reference, due_on, unit FROM cases WHERE id = $1")
        .bind(case_id)
        .fetch_one(&mut *conn)
        .await?;
    let unit: Option<String> = row.get(2);
    Ok(Submitted {
        reference: Reference::parse(&row.get::<String, _>(0))
            .unwrap_or(Reference { year: 0, number: 0 }),
        access_code: None,
        due_on: parse_date(&row.get::<String, _>(1)),
        unit: unit_named(conn, unit.as_deref().unwrap_or_default()).await?,
    })
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
    let given = code.as_ref().map(access_hash).unwrap_or_default();
    let row = sqlx::query("SELECT id, access_hash FROM cases WHERE reference = $1")
        .bind(reference.map(|r| r.to_string()).unwrap_or_default())
        .fetch_optional(&db.pool)
        .await?;
    let stored = row
        .as_ref()
        .map(|r| r.get::<String, _>(1))
        .unwrap_or_else(|| "-".repeat(64));
    if !constant_time_eq(given.as_bytes(), stored.as_bytes()) || code.is_none() {
        return Ok(None);
    }
    let Some(row) = row else { return Ok(None) };
    tracked(db, row.get(0)).await
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A case by id, as the resident sees it.
pub async fn tracked(db: &Db, id: i64) -> Result<Option<Tracked>, DbError> {
    let Some(r) = sqlx::query(
        "SELECT c.id, c.reference, c.category, c.status, c.unit, u.name_zh, u.name_en, \
         c.submitted_at, c.due_on, c.address_public, c.outcome, c.replied_at, c.rating, \
         c.rating_comment, c.reviewed, c.supporters \
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

/// Recent cases whose residents allowed it, newest first; with the total.
pub async fn board(db: &Db, page: i64) -> Result<(Vec<BoardCase>, i64), DbError> {
    let total: i64 = sqlx::query("SELECT COUNT(*) FROM cases WHERE public = 1")
        .fetch_one(&db.pool)
        .await?
        .get(0);
    let rows = sqlx::query(
        "SELECT c.reference, c.category, c.town, u.name_zh, u.name_en, c.address_public, \
         c.description, c.status, c.outcome, c.submitted_at, c.supporters \
         FROM cases c JOIN units u ON u.code = c.town WHERE c.public = 1 \
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
            address_public: r.get(5),
            description_masked: domain::mask::free_text(&r.get::<String, _>(6)),
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
#[derive(Clone, Debug, PartialEq)]
pub struct Nearby {
    pub id: i64,
    pub reference: Reference,
    pub address_public: String,
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
        "SELECT id, reference, address_public, submitted_at, supporters, latitude, longitude \
         FROM cases WHERE category = $1 AND town = $2 AND submitted_at >= $3 \
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
            reference: Reference::parse(&r.get::<String, _>(1))
                .unwrap_or(Reference { year: 0, number: 0 }),
            address_public: r.get(2),
            submitted_at: parse_instant(&r.get::<String, _>(3)),
            supporters: r.get(4),
        })
        .collect())
}

/// "Add my voice": counts this draft's resident on an open case instead of
/// filing a new one. Once per draft; the draft is finished afterwards.
/// Returns the supported case's reference, or `None` when the case is not
/// open (any more) or not of this draft's category.
pub async fn add_voice(
    db: &Db,
    token: &str,
    case_id: i64,
    now: DateTime<Utc>,
) -> Result<Option<Reference>, DbError> {
    let hash = token_hash(token);
    let Some(stored) = load_draft(db, token).await? else {
        return Ok(None);
    };
    let Some((category, _)) = &stored.draft.category else {
        return Ok(None);
    };
    let mut tx = db.pool.begin().await?;
    // Write first (see `cases::act`): the lock comes before the read.
    sqlx::query("UPDATE cases SET supporters = supporters WHERE id = $1")
        .bind(case_id)
        .execute(&mut *tx)
        .await?;
    let row = sqlx::query("SELECT reference, status, category FROM cases WHERE id = $1")
        .bind(case_id)
        .fetch_optional(&mut *tx)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let status = Status::parse(&row.get::<String, _>(1)).unwrap_or(Status::Closed);
    let state = CaseState {
        status,
        ..CaseState::new()
    };
    if !state.is_open() || row.get::<String, _>(2) != *category {
        return Ok(None);
    }
    let reference = Reference::parse(&row.get::<String, _>(0));
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
    Ok(reference)
}
