//! Submitting a complaint: a finished draft becomes a case, exactly once.
//!
//! A handler hands its submission to this process's one writer
//! ([`SubmitQueue`]). The writer takes whatever has arrived meanwhile as a
//! batch: it reads the batch's drafts, their categories' handling units
//! and deadlines and the working-day calendar in one statement outside
//! any transaction ([`read`]), so that the write lock (SQLite) and the
//! counter and trail-head rows (PostgreSQL) are held for as few statements
//! as possible; it then writes the batch in one transaction (group
//! commit) and answers each handler after the commit. A submission costs
//! no statement of its own.
//!
//! In that transaction the drafts are claimed by a guarded update, so a
//! draft submitted twice (in one batch or two, on one instance or two)
//! gives one case; the year's counter moves once for the batch, and the
//! trail head once. Everything else a batch writes is computed here, in
//! Rust: access codes, reference numbers, the case rows, the first
//! messages and the chained trail events. Only the statements differ by
//! engine (ADR 007): PostgreSQL writes a batch with two statements whatever
//! its size ([`postgres`]); SQLite, in process, with one per table
//! ([`portable`]).

mod portable;
mod postgres;
mod queue;

pub use queue::SubmitQueue;

use chrono::{DateTime, NaiveDate, Utc};
use domain::case::Status;
use domain::complaint::address;
use domain::complaint::filing::{Draft, Step};
use domain::complaint::reference::{AccessCode, Reference};
use domain::workdays::WorkCalendar;
use sqlx::any::AnyRow;

use super::complaints::{Unit, calendar_entry, deadline_days};
use super::row::{Cols, corrupt};
use super::trail::{self, Actor};
use super::{Db, DbError, Engine, outbox, token_hash};

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
    Incomplete(Step),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sqlx::Error> for SubmitError {
    fn from(e: sqlx::Error) -> Self {
        SubmitError::Db(e.into())
    }
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

/// A submission asked for: its draft's token hash, and when.
struct Request {
    hash: String,
    now: DateTime<Utc>,
}

/// What reading a submission's draft found.
enum Found {
    Write(Box<Prepared>),
    /// The draft was submitted before.
    Taken(i64),
    Refused(SubmitError),
}

/// What a batch needs, in one statement: its drafts, by their token
/// hashes given as a JSON array (`$1`), each with its case (if submitted)
/// and its photos not yet on a case; the active categories (their own
/// unit, or '' for the town's, and their deadline); the units' names; the
/// calendar's entries after a day (`$2`). The reference tables are small.
/// One fixed text per engine, prepared once per connection.
///
/// The columns, named by the first `SELECT`: `what` the row is, its `code`
/// (a draft's token hash, a category's or unit's code, a day), `text1` and
/// `text2` (a draft's data; a category's unit; a unit's names; a day's
/// kind), `number` (a draft's case; a category's deadline) and `photos`.
macro_rules! batch_read {
    ($drafts_matching:literal) => {
        concat!(
            "SELECT 'draft' AS what, d.token_hash AS code, d.data AS text1, '' AS text2, ",
            "d.case_id AS number, (SELECT COUNT(*) FROM complaint_photos p ",
            "WHERE p.draft_token_hash = d.token_hash AND p.case_id IS NULL) AS photos ",
            "FROM complaint_drafts d WHERE d.token_hash ",
            $drafts_matching,
            " UNION ALL SELECT 'category', code, COALESCE(default_unit, ''), '', deadline_days, 0 ",
            "FROM complaint_categories WHERE active = 1 ",
            "UNION ALL SELECT 'unit', code, name_zh, name_en, 0, 0 FROM units ",
            "UNION ALL SELECT 'day', day, kind, '', 0, 0 FROM work_calendar WHERE day > $2"
        )
    };
}
/// `= ANY (ARRAY(…))`, so that the generic plan is an index lookup (ADR 007).
const READ_POSTGRES: &str =
    batch_read!("= ANY (ARRAY(SELECT jsonb_array_elements_text($1::jsonb)))");
const READ_SQLITE: &str = batch_read!("IN (SELECT value FROM json_each($1))");

/// Reads what one submission needs (see [`read`]) on a connection of its
/// own; [`submit`] and the tests use it, the writer reads whole batches.
pub async fn prepare(db: &Db, token: &str, now: DateTime<Utc>) -> Result<Ready, SubmitError> {
    let mut conn = db.pool.acquire().await?;
    let request = Request {
        hash: token_hash(token),
        now,
    };
    let found = read(&mut conn, db.engine, &[&request]).await?;
    match found.into_iter().next() {
        Some(Found::Write(p)) => Ok(Ready::Write(p)),
        Some(Found::Taken(case_id)) => submitted_case(&mut conn, case_id).await.map(Ready::Done),
        Some(Found::Refused(e)) => Err(e),
        None => Err(SubmitError::NoDraft),
    }
}

/// Reads what the submissions in `requests` need, in one statement
/// whatever their number (the writer reads each batch so: a submission
/// costs no statement of its own). For each request, in order, what it
/// found.
async fn read(
    conn: &mut sqlx::AnyConnection,
    engine: Engine,
    requests: &[&Request],
) -> Result<Vec<Found>, DbError> {
    let hashes: Vec<&str> = requests.iter().map(|r| r.hash.as_str()).collect();
    // The calendar from the earliest day on (a batch may straddle midnight).
    let first_day = requests
        .iter()
        .map(|r| domain::shanghai::today(r.now))
        .min()
        .unwrap_or_default();
    let statement = match engine {
        Engine::Postgres => READ_POSTGRES,
        Engine::Sqlite => READ_SQLITE,
    };
    let rows = sqlx::query(statement)
        .bind(serde_json::to_string(&hashes).map_err(|e| sqlx::Error::Encode(Box::new(e)))?)
        .bind(first_day.format("%Y-%m-%d").to_string())
        .fetch_all(&mut *conn)
        .await?;
    let mut drafts = std::collections::HashMap::new();
    let mut reference = ReferenceData::default();
    let mut days = Vec::new();
    for r in &rows {
        let code: String = r.col("code")?;
        match r.col::<String>("what")?.as_str() {
            // A draft that does not decode fails its own submission only.
            "draft" => {
                drafts.insert(code, draft_row(r));
            }
            "category" => {
                let deadline = deadline_days(r, "number")?;
                reference.categories.push((code, r.col("text1")?, deadline));
            }
            "unit" => reference.units.push(Unit {
                code,
                name_zh: r.col("text1")?,
                name_en: r.col("text2")?,
            }),
            "day" => days.push(calendar_entry(r, "code", "text1")?),
            other => return Err(corrupt("what", other)),
        }
    }
    reference.calendar = WorkCalendar::new(days);
    Ok(requests
        .iter()
        .map(|r| found(r, drafts.get(&r.hash), &reference))
        .collect())
}

/// A draft as [`read`] finds it: its case, if submitted; the draft; its
/// photos not yet on a case.
type DraftRow = (Option<i64>, Draft, i64);

/// A draft's row of the batch read (see `batch_read`).
fn draft_row(r: &AnyRow) -> Result<DraftRow, DbError> {
    Ok((r.col("number")?, r.json("text1")?, r.col("photos")?))
}

/// What a request found, given its draft and the reference data.
fn found(
    request: &Request,
    draft: Option<&Result<DraftRow, DbError>>,
    reference: &ReferenceData,
) -> Found {
    let (taken, draft, photos) = match draft {
        None => return Found::Refused(SubmitError::NoDraft),
        Some(Err(e)) => return Found::Refused(SubmitError::Db(copy(e))),
        Some(Ok(row)) => row,
    };
    if let Some(case_id) = taken {
        return Found::Taken(*case_id);
    }
    let filed = match draft.complete() {
        Ok(filed) => filed,
        Err(step) => return Found::Refused(SubmitError::Incomplete(step)),
    };
    // The category's deadline and handling unit: its own, or the town's.
    let Some((unit, deadline_days)) = reference.unit_for(filed.category, &filed.location.town)
    else {
        return Found::Refused(SubmitError::Incomplete(Step::Category));
    };
    let today = domain::shanghai::today(request.now);
    Found::Write(Box::new(Prepared {
        due_on: reference.calendar.add_working_days(today, deadline_days),
        year: i64::from(chrono::Datelike::year(&today)),
        hash: request.hash.clone(),
        draft: draft.clone(),
        photos: *photos,
        unit,
        now: request.now,
    }))
}

/// The categories, units and calendar, as [`read`] finds them.
#[derive(Default)]
struct ReferenceData {
    /// Code, own unit ('' for the town's), deadline in working days.
    categories: Vec<(String, String, u32)>,
    units: Vec<Unit>,
    calendar: WorkCalendar,
}

impl ReferenceData {
    /// The handling unit and deadline of an active category filed in a
    /// town; `None` for an unknown or retired category.
    fn unit_for(&self, category: &str, town: &str) -> Option<(Unit, u32)> {
        let (_, own, deadline) = self.categories.iter().find(|(c, _, _)| c == category)?;
        let code = if own.is_empty() { town } else { own };
        let unit = self.units.iter().find(|u| u.code == code)?;
        Some((unit.clone(), *deadline))
    }
}

/// Turns the draft into a case, once: a second submission of the same
/// draft (double tap, refresh, back and resubmit) answers with the case
/// the first one created. The HTTP path goes through [`SubmitQueue`].
pub async fn submit(db: &Db, token: &str, now: DateTime<Utc>) -> Result<Submitted, SubmitError> {
    match prepare(db, token, now).await? {
        Ready::Done(done) => Ok(done),
        Ready::Write(p) => {
            let written = write_batch(db, std::slice::from_ref(&*p)).await?;
            finish(db, &p.hash, written.into_iter().next().flatten()).await
        }
    }
}

/// The answer to a submission: its new case, or (`None`: the draft had
/// been submitted before, or meanwhile) the case that submission created.
async fn finish(db: &Db, hash: &str, written: Option<Submitted>) -> Result<Submitted, SubmitError> {
    if let Some(done) = written {
        return Ok(done);
    }
    let mut conn = db.pool.acquire().await?;
    let first: Option<i64> =
        sqlx::query("SELECT case_id FROM complaint_drafts WHERE token_hash = $1")
            .bind(hash)
            .fetch_optional(&mut *conn)
            .await?
            .map(|r| r.col::<Option<i64>>("case_id"))
            .transpose()?
            .flatten();
    match first {
        Some(first) => submitted_case(&mut conn, first).await,
        None => Err(SubmitError::NoDraft),
    }
}

/// Writes submissions in one durable transaction: for each its case, or
/// `None` when its draft had been submitted already.
pub async fn write_batch(db: &Db, batch: &[Prepared]) -> Result<Vec<Option<Submitted>>, DbError> {
    let mut conn = db.pool.acquire().await?;
    write_batch_on(&mut conn, db, batch).await
}

/// [`write_batch`] on a connection the caller holds (the writer keeps one).
async fn write_batch_on(
    conn: &mut sqlx::AnyConnection,
    db: &Db,
    batch: &[Prepared],
) -> Result<Vec<Option<Submitted>>, DbError> {
    let codes = new_codes(batch);
    let key = &db.access_key;
    let cases = match db.engine {
        Engine::Postgres => postgres::write(conn, batch, codes, key).await?,
        Engine::Sqlite => portable::write(conn, batch, codes, key).await?,
    };
    let mut out = vec![None; batch.len()];
    for case in cases {
        let p = &batch[case.index];
        out[case.index] = Some(Submitted {
            reference: case.reference,
            access_code: Some(case.code),
            due_on: p.due_on,
            unit: p.unit.clone(),
        });
    }
    Ok(out)
}

/// What new cases add to the daily tallies (nothing answered yet).
fn tallies(cases: &[NewCase]) -> Result<Vec<(domain::stats::Key, domain::stats::Counts)>, DbError> {
    let mut facts = Vec::with_capacity(cases.len());
    for c in cases {
        let at = crate::server::row::parse_instant(&c.row.submitted_at)
            .ok_or_else(|| broken("a submission time"))?;
        facts.push(domain::stats::CaseFacts {
            received: domain::shanghai::today(at),
            category: c.row.category.clone(),
            town: c.row.town.clone(),
            // Not dispatched yet: the unit on file is a suggestion.
            unit: None,
            channel: "web".to_owned(),
            answered: None,
            due_on: crate::server::row::parse_date(&c.row.due_on)
                .ok_or_else(|| broken("a deadline"))?,
            merged: None,
            rating: None,
            reviewed: false,
            repeat: false,
            in_charge: false,
        });
    }
    Ok(domain::stats::delta(&[], &facts))
}

/// A fresh access code for the first submission of each draft in the
/// batch; repeats get none (they can only find the first's case).
fn new_codes(batch: &[Prepared]) -> Vec<Option<AccessCode>> {
    (0..batch.len())
        .map(|i| {
            (!batch[..i].iter().any(|q| q.hash == batch[i].hash))
                .then(|| AccessCode::from_random(super::random_bytes::<8>()))
        })
        .collect()
}

/// The submissions the claim won, by year: how far each year's counter
/// moves (a batch straddles New Year's midnight at most once).
fn per_year(batch: &[Prepared], claimed: &[usize]) -> Vec<(i64, i64)> {
    let mut years: Vec<(i64, i64)> = Vec::new();
    for &i in claimed {
        match years.iter_mut().find(|(y, _)| *y == batch[i].year) {
            Some((_, n)) => *n += 1,
            None => years.push((batch[i].year, 1)),
        }
    }
    years
}

/// A new case, computed before it is written.
struct NewCase {
    /// Its submission's place in the batch.
    index: usize,
    reference: Reference,
    code: AccessCode,
    row: CaseRow,
    /// Its `submitted` event's data: the unit and the deadline.
    event_data: String,
}

/// A `cases` row as inserted.
#[derive(serde::Serialize)]
struct CaseRow {
    reference: String,
    access_hash: String,
    category: String,
    town: String,
    address: String,
    address_public: String,
    latitude: Option<f64>,
    longitude: Option<f64>,
    details: String,
    description: String,
    urgent: i64,
    contact_name: String,
    contact_phone: String,
    public: i64,
    status: &'static str,
    unit: String,
    submitted_at: String,
    due_on: String,
    updated_at: String,
    contact_email: Option<String>,
}

/// The reference numbers of the claimed submissions (`claimed`, in batch
/// order): each year's take, in order, the numbers up to that year's
/// counter after the batch's step (`lasts`: year and last number).
fn references(
    batch: &[Prepared],
    claimed: &[usize],
    lasts: &[(i64, i64)],
) -> Result<Vec<Reference>, sqlx::Error> {
    let mut next = per_year(batch, claimed)
        .into_iter()
        .map(|(year, n)| {
            let last = lasts.iter().find(|(y, _)| *y == year).map(|(_, l)| *l);
            Ok((
                year,
                last.ok_or_else(|| broken("a year without a counter"))? - n + 1,
            ))
        })
        .collect::<Result<Vec<(i64, i64)>, sqlx::Error>>()?;
    claimed
        .iter()
        .map(|&i| {
            let year = batch[i].year;
            let number = next
                .iter_mut()
                .find(|(y, _)| *y == year)
                .map(|(_, n)| std::mem::replace(n, *n + 1))
                .ok_or_else(|| broken("a year not counted"))?;
            Ok(Reference {
                year: i32::try_from(year).map_err(|_| broken("a year out of range"))?,
                number: u32::try_from(number).map_err(|_| broken("a number out of range"))?,
            })
        })
        .collect()
}

fn broken(what: &str) -> sqlx::Error {
    sqlx::Error::Protocol(format!("submission batch: {what}"))
}

/// The cases of the claimed submissions (`claimed`, in batch order), with
/// their numbers (see [`references`]) and the codes `codes` holds for them.
fn new_cases(
    batch: &[Prepared],
    claimed: &[usize],
    codes: &mut [Option<AccessCode>],
    lasts: &[(i64, i64)],
    key: &super::AccessKey,
) -> Result<Vec<NewCase>, sqlx::Error> {
    let references = references(batch, claimed, lasts)?;
    let mut out = Vec::with_capacity(claimed.len());
    for (&i, reference) in claimed.iter().zip(references) {
        let p = &batch[i];
        let code = codes[i]
            .take()
            .ok_or_else(|| broken("a claimed draft without a code"))?;
        // `prepare` checked this very draft.
        let complete = p
            .draft
            .complete()
            .map_err(|_| broken("an incomplete draft"))?;
        let (latitude, longitude) = complete
            .location
            .point
            .map(|g| (Some(g.latitude), Some(g.longitude)))
            .unwrap_or((None, None));
        let at = p.now.to_rfc3339();
        let row = CaseRow {
            reference: reference.to_string(),
            access_hash: key
                .hash(&code)
                .ok_or_else(|| broken("no access-code key configured"))?,
            category: complete.category.to_owned(),
            town: complete.location.town.clone(),
            address: complete.location.address.as_str().to_owned(),
            address_public: address::public_part(complete.location.address.as_str()),
            latitude,
            longitude,
            details: serde_json::to_string(complete.details).unwrap_or_default(),
            description: complete.details.description().as_str().to_owned(),
            urgent: i64::from(complete.details.is_urgent()),
            contact_name: complete.contact.name.as_str().to_owned(),
            contact_phone: complete.contact.phone.as_str().to_owned(),
            public: i64::from(complete.contact.public),
            status: Status::Submitted.code(),
            unit: p.unit.code.clone(),
            submitted_at: at.clone(),
            due_on: p.due_on.format("%Y-%m-%d").to_string(),
            updated_at: at,
            contact_email: complete
                .contact
                .email
                .as_ref()
                .map(|e| e.as_str().to_owned()),
        };
        let event_data =
            serde_json::json!({ "unit": p.unit.code, "due_on": p.due_on.to_string() }).to_string();
        out.push(NewCase {
            index: i,
            reference,
            code,
            row,
            event_data,
        });
    }
    Ok(out)
}

/// Whom to tell about new cases (`ids` in order), for their first messages.
fn firsts<'a>(cases: &'a [NewCase], ids: &[i64]) -> Vec<outbox::First<'a>> {
    cases
        .iter()
        .zip(ids)
        .map(|(c, &case_id)| outbox::First {
            case_id,
            phone: &c.row.contact_phone,
            email: c.row.contact_email.as_deref(),
            reference: &c.reference,
        })
        .collect()
}

/// The `submitted` trail events of new cases (`ids` in order).
fn submitted_events<'a>(
    batch: &[Prepared],
    cases: &'a [NewCase],
    ids: &[i64],
) -> Vec<trail::NewEvent<'a>> {
    cases
        .iter()
        .zip(ids)
        .map(|(c, &case_id)| trail::NewEvent {
            case_id,
            actor: Actor::Resident,
            kind: "submitted",
            public: true,
            text: "",
            data: &c.event_data,
            at: batch[c.index].now,
        })
        .collect()
}

/// The batch's time: the claim renews the drafts (and with them the
/// confirmation page) from it, and the first messages are due at it.
fn batch_time(batch: &[Prepared]) -> DateTime<Utc> {
    batch.first().map(|p| p.now).unwrap_or_else(Utc::now)
}

/// The error each submission of a batch gets when the batch could not be
/// read or written (sqlx's errors cannot be cloned; the handler logs it).
fn unavailable(e: &DbError) -> SubmitError {
    SubmitError::Db(copy(e))
}

/// `e` again, for a second submission it concerns: a corrupt value as it
/// is, any other error as its message.
fn copy(e: &DbError) -> DbError {
    match e {
        DbError::Corrupt { column, value } => DbError::Corrupt {
            column: column.clone(),
            value: value.clone(),
        },
        other => DbError::Sqlx(sqlx::Error::Protocol(other.to_string())),
    }
}

async fn unit_named(conn: &mut sqlx::AnyConnection, code: &str) -> Result<Unit, DbError> {
    let row = sqlx::query("SELECT code, name_zh, name_en FROM units WHERE code = $1")
        .bind(code)
        .fetch_one(&mut *conn)
        .await?;
    Unit::try_from(&row)
}

async fn submitted_case(
    conn: &mut sqlx::AnyConnection,
    case_id: i64,
) -> Result<Submitted, SubmitError> {
    let row = sqlx::query("SELECT reference, due_on, unit FROM cases WHERE id = $1")
        .bind(case_id)
        .fetch_one(&mut *conn)
        .await?;
    let unit: Option<String> = row.col("unit")?;
    Ok(Submitted {
        reference: row.parsed("reference", Reference::parse)?,
        access_code: None,
        due_on: row.date("due_on")?,
        unit: unit_named(conn, unit.as_deref().unwrap_or_default()).await?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prepared(hash: &str, year: i64) -> Prepared {
        Prepared {
            hash: hash.to_owned(),
            draft: Draft::default(),
            photos: 0,
            unit: Unit {
                code: "chengguan".to_owned(),
                name_zh: String::new(),
                name_en: String::new(),
            },
            due_on: NaiveDate::default(),
            year,
            now: Utc::now(),
        }
    }

    #[test]
    fn only_the_first_submission_of_a_draft_gets_a_code() {
        let batch = [
            prepared("a", 2026),
            prepared("b", 2026),
            prepared("a", 2026),
        ];
        let codes = new_codes(&batch);
        assert!(codes[0].is_some() && codes[1].is_some());
        assert!(codes[2].is_none());
        assert_ne!(codes[0], codes[1]);
    }

    #[test]
    fn counters_move_per_year_by_the_claimed_submissions() {
        let batch = [
            prepared("a", 2026),
            prepared("b", 2027),
            prepared("c", 2026),
            prepared("d", 2026),
        ];
        assert_eq!(per_year(&batch, &[0, 1, 3]), vec![(2026, 2), (2027, 1)]);
        assert_eq!(per_year(&batch, &[]), vec![]);
    }

    #[test]
    fn each_year_numbers_its_submissions_in_batch_order_up_to_its_counter() {
        let batch = [
            prepared("a", 2026),
            prepared("b", 2027),
            prepared("c", 2026),
            prepared("d", 2026),
        ];
        let numbers: Vec<(i32, u32)> = references(&batch, &[0, 1, 3], &[(2027, 1), (2026, 42)])
            .unwrap()
            .iter()
            .map(|r| (r.year, r.number))
            .collect();
        assert_eq!(numbers, vec![(2026, 41), (2027, 1), (2026, 42)]);
        assert!(references(&batch, &[0], &[(2027, 1)]).is_err());
    }
}
