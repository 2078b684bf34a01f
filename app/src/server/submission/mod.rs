//! Submitting a complaint: a finished draft becomes a case, exactly once.
//!
//! A handler first reads what its submission needs ([`prepare`]: the
//! draft, its category's handling unit and deadline, the working-day
//! calendar) outside any transaction, in parallel with other handlers. It
//! then hands the submission to this process's one writer
//! ([`SubmitQueue`]), which writes whatever has arrived meanwhile in one
//! transaction (group commit) and answers each handler after the commit.
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

use chrono::{DateTime, NaiveDate, Utc};
use domain::case::Status;
use domain::complaint::address;
use domain::complaint::filing::{Draft, Step};
use domain::complaint::reference::{AccessCode, Reference};
use domain::workdays::WorkCalendar;
use sqlx::Row;

use super::complaints::{Unit, access_hash, calendar_entry, parse_date};
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

/// Reads the draft, its category and the working-day calendar, outside
/// any transaction, so that the write lock (SQLite) and the counter and
/// trail-head rows (PostgreSQL) are held for as few statements as possible.
pub async fn prepare(db: &Db, token: &str, now: DateTime<Utc>) -> Result<Ready, SubmitError> {
    let hash = token_hash(token);
    // One connection for both reads: sqlx pings a connection each time it
    // goes back to the pool.
    let mut conn = db.pool.acquire().await?;
    let row = sqlx::query(
        "SELECT d.data, d.case_id, (SELECT COUNT(*) FROM complaint_photos p \
         WHERE p.draft_token_hash = d.token_hash AND p.case_id IS NULL) \
         FROM complaint_drafts d WHERE d.token_hash = $1",
    )
    .bind(&hash)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(SubmitError::NoDraft)?;
    if let Some(case_id) = row.get::<Option<i64>, _>(1) {
        return submitted_case(&mut conn, case_id).await.map(Ready::Done);
    }
    let photos: i64 = row.get(2);
    let draft: Draft = serde_json::from_str(&row.get::<String, _>(0)).unwrap_or_default();
    let complete = draft.complete().map_err(SubmitError::Incomplete)?;
    let today = domain::shanghai::today(now);
    // The category's deadline and handling unit (its own, or the town's)
    // with the unit's names, and the calendar's entries after today (all
    // a deadline needs): one query, one round trip.
    let rows = sqlx::query(
        "SELECT 'unit', u.code, u.name_zh, u.name_en, c.deadline_days \
         FROM complaint_categories c JOIN units u ON u.code = COALESCE(c.default_unit, $2) \
         WHERE c.code = $1 AND c.active = 1 \
         UNION ALL SELECT 'day', day, kind, '', 0 FROM work_calendar WHERE day > $3",
    )
    .bind(complete.category)
    .bind(&complete.location.town)
    .bind(today.format("%Y-%m-%d").to_string())
    .fetch_all(&mut *conn)
    .await?;
    drop(conn);
    let mut category = None;
    let mut days = Vec::new();
    for r in &rows {
        if r.get::<String, _>(0) == "unit" {
            let unit = Unit {
                code: r.get(1),
                name_zh: r.get(2),
                name_en: r.get(3),
            };
            category = Some((unit, u32::try_from(r.get::<i64, _>(4)).unwrap_or(5)));
        } else {
            days.extend(calendar_entry(
                &r.get::<String, _>(1),
                &r.get::<String, _>(2),
            ));
        }
    }
    let (unit, deadline_days) = category.ok_or(SubmitError::Incomplete(Step::Category))?;
    let calendar = WorkCalendar::new(days);
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
/// `None` when its draft had been submitted already.
pub async fn write_batch(
    db: &Db,
    batch: &[Prepared],
) -> Result<Vec<Option<Submitted>>, sqlx::Error> {
    let mut conn = db.pool.acquire().await?;
    write_batch_on(&mut conn, db.engine, batch).await
}

/// [`write_batch`] on a connection the caller holds (the writer keeps one).
async fn write_batch_on(
    conn: &mut sqlx::AnyConnection,
    engine: Engine,
    batch: &[Prepared],
) -> Result<Vec<Option<Submitted>>, sqlx::Error> {
    let codes = new_codes(batch);
    let cases = match engine {
        Engine::Postgres => postgres::write(conn, batch, codes).await?,
        Engine::Sqlite => portable::write(conn, batch, codes).await?,
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
            access_hash: access_hash(&code),
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

/// The writer: batches what has arrived and writes it on a connection it
/// keeps (returning it to the pool after each batch would cost a ping); a
/// connection that failed is given up and another taken.
async fn write_jobs(db: Db, mut rx: tokio::sync::mpsc::Receiver<Job>) {
    let mut kept: Option<sqlx::pool::PoolConnection<sqlx::Any>> = None;
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
        let conn = match kept.take() {
            Some(conn) => Ok(conn),
            None => db.pool.acquire().await,
        };
        let written = match conn {
            Ok(mut conn) => {
                let written = write_batch_on(&mut conn, db.engine, &batch).await;
                if written.is_ok() {
                    kept = Some(conn);
                }
                written
            }
            Err(e) => Err(e),
        };
        match written {
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
