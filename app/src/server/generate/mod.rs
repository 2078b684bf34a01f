//! `server generate`: fills an empty database with years of realistic
//! cases and hourly air readings, for load tests and benchmarks (issue 16).
//!
//! The histories come from [`plan`]; this module writes them fast, many
//! rows a statement and a few thousand cases a transaction, on either
//! engine, with the trail chained exactly as [`crate::server::trail`]
//! chains it (so `server verify-trail` passes). Steps are taken by
//! generated staff accounts that cannot sign in (inactive).

pub mod plan;
mod texts;

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, Utc};
use domain::workdays::{DayKind, WorkCalendar};
use sqlx::AnyConnection;

use self::plan::{By, PlannedCase, Rng, Setting};
use crate::server::row::Cols;
use crate::server::trail::{self, Actor, NewEvent};
use crate::server::{Db, DbError, Engine};

/// What to generate.
#[derive(Clone, Debug)]
pub struct Options {
    pub cases: u64,
    /// Years of cases and of hourly air readings, ending yesterday.
    pub years: u32,
    /// Air stations (0: no air data).
    pub stations: u32,
    pub seed: u64,
}

/// A generated case to try the portal with: its reference and code open
/// the tracking page; its phone number and road find it in the inbox.
#[derive(Clone, Debug)]
pub struct Sample {
    pub reference: String,
    pub code: String,
    pub phone: String,
    pub road: String,
    pub open: bool,
}

/// What was written.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    pub cases: u64,
    pub events: u64,
    pub supporters: u64,
    pub readings: u64,
    pub samples: Vec<Sample>,
}

#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    #[error("the database already has cases; generate fills an empty one")]
    NotEmpty,
    #[error("no access-code key configured (QINGJIA_ACCESS_CODE_KEY)")]
    NoKey,
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    Air(#[from] crate::server::air::IngestError),
}

impl From<sqlx::Error> for GenerateError {
    fn from(e: sqlx::Error) -> Self {
        GenerateError::Db(DbError::Sqlx(e))
    }
}

/// Cases written per transaction.
const CHUNK: usize = 5_000;

/// Fills the database; `progress` hears of each step.
pub async fn generate(
    db: &Db,
    options: &Options,
    now: DateTime<Utc>,
    progress: impl Fn(&str),
) -> Result<Summary, GenerateError> {
    let existing: i64 = sqlx::query("SELECT COUNT(*) AS n FROM cases")
        .fetch_one(&db.pool)
        .await?
        .col("n")?;
    if existing > 0 {
        return Err(GenerateError::NotEmpty);
    }
    let setting = setting(db, now).await?;
    let mut summary = Summary::default();
    let today = domain::shanghai::today(now);
    let days = options.years.max(1) * 365 + options.years / 4;
    let counts = plan::daily_counts(options.cases, days, today);
    let open_from = options.cases - (options.cases as f64 * plan::OPEN_SHARE).round() as u64;
    let mut rng = Rng::new(options.seed);
    let mut writer = Writer::start(db).await?;
    let mut batch: Vec<PlannedCase> = Vec::with_capacity(CHUNK);
    let mut filed = 0u64;
    let sample_every = (options.cases / 40).max(1);
    for (date, n) in counts {
        for at in plan::times_in_day(&mut rng, date, n) {
            let open = filed >= open_from;
            let case = plan::plan_case(&mut rng, &setting, at, open, now);
            if filed.is_multiple_of(sample_every)
                || (open && filed.is_multiple_of((sample_every / 8).max(1)))
            {
                summary.samples.push(Sample {
                    reference: String::new(),
                    code: case.code.as_str().to_owned(),
                    phone: case.contact_phone.clone(),
                    road: road_of(&case.address_public),
                    open: case.status.is_open(),
                });
            }
            batch.push(case);
            filed += 1;
            if batch.len() == CHUNK {
                writer.write(db, &batch, &mut summary).await?;
                batch.clear();
                progress(&format!("{filed} cases"));
            }
        }
    }
    writer.write(db, &batch, &mut summary).await?;
    writer.finish(db).await?;
    progress("tallies for the dashboard");
    crate::server::stats::rebuild(db, &setting.calendar).await?;
    progress(&format!(
        "{} cases, {} events",
        summary.cases, summary.events
    ));
    if options.stations > 0 {
        summary.readings = air(db, options, now, &progress).await?;
    }
    Ok(summary)
}

/// The road of a public address (`嘉定区城中路` → `城中路`), what staff
/// type to find cases there.
fn road_of(public: &str) -> String {
    let road = public.trim_start_matches("嘉定区");
    match road.find(['路', '道']) {
        Some(end) => road[..end + '路'.len_utf8()].to_owned(),
        None => road.to_owned(),
    }
}

/// Categories, towns, the working-day calendar and the staff who take the
/// steps (created here, inactive).
async fn setting(db: &Db, now: DateTime<Utc>) -> Result<Setting, GenerateError> {
    let categories = sqlx::query(
        "SELECT code, default_unit, deadline_days FROM complaint_categories \
         WHERE active = 1 ORDER BY sort_order",
    )
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok((
            r.col("code")?,
            r.col("default_unit")?,
            u32::try_from(r.col::<i64>("deadline_days")?).unwrap_or(5),
        ))
    })
    .collect::<Result<Vec<(String, Option<String>, u32)>, DbError>>()?;
    let units = sqlx::query("SELECT code, area FROM units WHERE active = 1 ORDER BY sort_order")
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| Ok((r.col::<String>("code")?, r.flag("area")?)))
        .collect::<Result<Vec<(String, bool)>, DbError>>()?;
    let calendar = WorkCalendar::new(
        sqlx::query("SELECT day, kind FROM work_calendar")
            .fetch_all(&db.pool)
            .await?
            .iter()
            .filter_map(|r| {
                let day = r.date("day").ok()?;
                let kind = DayKind::parse(&r.col::<String>("kind").ok()?)?;
                Some((day, kind))
            }),
    );
    let at = now.to_rfc3339();
    let staff = |username: String, name: String, role: &'static str, unit: Option<String>| {
        let at = at.clone();
        async move {
            sqlx::query(
                "INSERT INTO staff_users (username, display_name, password_hash, role, active, \
                 demo, created_at, unit) VALUES ($1, $2, '!', $3, 0, 0, $4, $5) \
                 ON CONFLICT (username) DO UPDATE SET active = 0 RETURNING id",
            )
            .bind(username)
            .bind(name)
            .bind(role)
            .bind(at)
            .bind(unit)
            .fetch_one(&db.pool)
            .await?
            .col::<i64>("id")
        }
    };
    let dispatcher = staff(
        "gen.dispatch".to_owned(),
        "受理员（生成）".to_owned(),
        "dispatcher",
        None,
    )
    .await?;
    let mut handlers = Vec::new();
    for (code, _) in &units {
        let id = staff(
            format!("gen.{code}"),
            format!("承办人 {code}（生成）"),
            "handler",
            Some(code.clone()),
        )
        .await?;
        handlers.push((code.clone(), id));
    }
    Ok(Setting {
        categories,
        towns: units
            .into_iter()
            .filter(|(_, area)| *area)
            .map(|(c, _)| c)
            .collect(),
        calendar,
        dispatcher,
        handlers,
    })
}

/// A value of a generated row, typed for both engines (PostgreSQL wants a
/// NULL of the column's type).
enum V {
    T(String),
    I(i64),
    F(Option<f64>),
    NullT,
}

impl From<String> for V {
    fn from(s: String) -> V {
        V::T(s)
    }
}

impl From<Option<String>> for V {
    fn from(s: Option<String>) -> V {
        s.map(V::T).unwrap_or(V::NullT)
    }
}

/// Inserts `rows` into `table`, a few hundred a statement.
async fn insert(
    conn: &mut AnyConnection,
    engine: Engine,
    table: &str,
    columns: &[&str],
    rows: Vec<Vec<V>>,
) -> Result<(), sqlx::Error> {
    let per = (30_000 / columns.len()).min(500);
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<Vec<V>> = rows.by_ref().take(per).collect();
        let sql = format!(
            "INSERT INTO {table} ({}) VALUES {}",
            columns.join(", "),
            engine.values_list(chunk.len(), columns.len())
        );
        let mut q = sqlx::query(&sql);
        for v in chunk.into_iter().flatten() {
            q = match v {
                V::T(t) => q.bind(t),
                V::I(i) => q.bind(i),
                V::F(f) => q.bind(f),
                V::NullT => q.bind(None::<String>),
            };
        }
        q.persistent(false).execute(&mut *conn).await?;
    }
    Ok(())
}

/// Where the writing stands: ids, each year's reference counter, the
/// trail's head.
struct Writer {
    next_id: i64,
    years: BTreeMap<i64, i64>,
    seq: i64,
    hash: String,
}

const CASE_COLUMNS: [&str; 34] = [
    "id",
    "reference",
    "access_hash",
    "category",
    "town",
    "address",
    "address_public",
    "latitude",
    "longitude",
    "details",
    "description",
    "urgent",
    "contact_name",
    "contact_phone",
    "public",
    "status",
    "unit",
    "submitted_at",
    "due_on",
    "supporters",
    "outcome",
    "replied_at",
    "rating",
    "rating_comment",
    "rated_at",
    "reviewed",
    "updated_at",
    "version",
    "priority",
    "public_text",
    "published_at",
    "closed_at",
    "answered_at",
    "answer",
];

impl Writer {
    async fn start(db: &Db) -> Result<Writer, GenerateError> {
        let head = sqlx::query("SELECT seq, hash FROM trail_head WHERE id = 1")
            .fetch_one(&db.pool)
            .await?;
        let next_id: i64 = sqlx::query("SELECT COALESCE(MAX(id), 0) + 1 AS n FROM cases")
            .fetch_one(&db.pool)
            .await?
            .col("n")?;
        let years = sqlx::query("SELECT year, last FROM case_counters")
            .fetch_all(&db.pool)
            .await?
            .iter()
            .map(|r| Ok((r.col("year")?, r.col("last")?)))
            .collect::<Result<BTreeMap<i64, i64>, DbError>>()?;
        Ok(Writer {
            next_id,
            years,
            seq: head.col("seq")?,
            hash: head.col("hash")?,
        })
    }

    /// Writes `batch` in one transaction, the trail's head and the
    /// counters with it.
    async fn write(
        &mut self,
        db: &Db,
        batch: &[PlannedCase],
        summary: &mut Summary,
    ) -> Result<(), GenerateError> {
        if batch.is_empty() {
            return Ok(());
        }
        let first_sample = summary.samples.iter().position(|s| s.reference.is_empty());
        let mut cases = Vec::with_capacity(batch.len());
        let mut events: Vec<NewEvent<'_>> = Vec::new();
        let mut supporters = Vec::new();
        for case in batch {
            let id = self.next_id;
            self.next_id += 1;
            let year = i64::from(domain::shanghai::local(case.submitted_at).year());
            let number = self.years.entry(year).or_insert(0);
            *number += 1;
            let reference = format!("JD-{year}-{:06}", *number);
            if let Some(i) = first_sample
                && let Some(s) = summary.samples[i..]
                    .iter_mut()
                    .find(|s| s.reference.is_empty() && s.code == case.code.as_str())
            {
                s.reference = reference.clone();
            }
            let access_hash = db.access_key.hash(&case.code).ok_or(GenerateError::NoKey)?;
            for k in 0..case.supporters {
                let at = case.published_at.unwrap_or(case.submitted_at) + Duration::hours(k + 1);
                supporters.push(vec![
                    V::I(id),
                    V::T(crate::server::token_hash(&format!("generated-{id}-{k}"))),
                    V::T(at.min(case.updated_at).to_rfc3339()),
                ]);
            }
            for e in &case.events {
                events.push(NewEvent {
                    case_id: id,
                    actor: match e.by {
                        By::Resident => Actor::Resident,
                        By::Staff(s) => Actor::Staff(s),
                    },
                    kind: e.kind,
                    public: e.public,
                    text: &e.text,
                    data: &e.data,
                    at: e.at,
                });
            }
            cases.push(case_row(id, reference, access_hash, case));
        }
        let n = i64::try_from(events.len()).unwrap_or(i64::MAX);
        let chained = trail::chain(self.seq + n, self.hash.clone(), &events);
        let mut tx = db.begin_write().await?;
        insert(&mut tx, db.engine, "cases", &CASE_COLUMNS, cases).await?;
        let event_rows = chained
            .iter()
            .map(|e| {
                vec![
                    V::I(e.seq),
                    V::I(e.case_id),
                    V::T(e.at.clone()),
                    V::T(e.actor.clone()),
                    V::T(e.kind.to_owned()),
                    V::I(e.public),
                    V::T(e.text.to_owned()),
                    V::T(e.data.to_owned()),
                    V::T(e.prev_hash.clone()),
                    V::T(e.hash.clone()),
                ]
            })
            .collect();
        insert(
            &mut tx,
            db.engine,
            "case_events",
            &[
                "seq",
                "case_id",
                "at",
                "actor",
                "kind",
                "public",
                "text",
                "data",
                "prev_hash",
                "hash",
            ],
            event_rows,
        )
        .await?;
        summary.supporters += supporters.len() as u64;
        insert(
            &mut tx,
            db.engine,
            "case_supporters",
            &["case_id", "draft_token_hash", "created_at"],
            supporters,
        )
        .await?;
        if let Some(last) = chained.last() {
            self.seq = last.seq;
            self.hash = last.hash.clone();
        }
        sqlx::query("UPDATE trail_head SET seq = $1, hash = $2 WHERE id = 1")
            .bind(self.seq)
            .bind(&self.hash)
            .execute(&mut *tx)
            .await?;
        for (year, last) in &self.years {
            sqlx::query(
                "INSERT INTO case_counters (year, last) VALUES ($1, $2) \
                 ON CONFLICT (year) DO UPDATE SET last = EXCLUDED.last",
            )
            .bind(*year)
            .bind(*last)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        summary.cases += batch.len() as u64;
        summary.events += chained.len() as u64;
        Ok(())
    }

    /// PostgreSQL hands out ids from a sequence, which must move past the
    /// ones written here, and is vacuumed (as autovacuum would do in time:
    /// until the visibility map is set, every index-only scan reads the
    /// table too); both engines get fresh statistics.
    async fn finish(&self, db: &Db) -> Result<(), GenerateError> {
        // History is not evaluated by the early-warning rules: they look
        // at complaints from now on.
        sqlx::query("UPDATE warning_cursor SET last_case_id = $1 WHERE id = 1")
            .bind(self.next_id - 1)
            .execute(&db.pool)
            .await?;
        if db.engine == Engine::Postgres {
            sqlx::query("SELECT setval(pg_get_serial_sequence('cases', 'id'), $1)")
                .bind(self.next_id - 1)
                .execute(&db.pool)
                .await?;
            for table in ["cases", "case_events", "case_supporters"] {
                sqlx::query(&format!("VACUUM {table}"))
                    .execute(&db.pool)
                    .await?;
            }
        }
        sqlx::query("ANALYZE").execute(&db.pool).await?;
        Ok(())
    }
}

fn case_row(id: i64, reference: String, access_hash: String, c: &PlannedCase) -> Vec<V> {
    let rfc = |t: DateTime<Utc>| t.to_rfc3339();
    // The first answer; its working days are counted by the tallies'
    // rebuild at the end, on the calendar.
    let first_answer = c
        .events
        .iter()
        .find(|e| matches!(e.kind, "replied" | "rejected" | "transferred"));
    vec![
        V::I(id),
        V::T(reference),
        V::T(access_hash),
        V::T(c.category.clone()),
        V::T(c.town.clone()),
        V::T(c.address.clone()),
        V::T(c.address_public.clone()),
        V::F(c.point.map(|p| p.0)),
        V::F(c.point.map(|p| p.1)),
        V::T(c.details.clone()),
        V::T(c.description.clone()),
        V::I(i64::from(c.urgent)),
        V::T(c.contact_name.clone()),
        V::T(c.contact_phone.clone()),
        V::I(i64::from(c.public)),
        V::T(c.status.code().to_owned()),
        c.unit.clone().into(),
        V::T(rfc(c.submitted_at)),
        V::T(c.due_on.to_string()),
        V::I(c.supporters),
        c.outcome.map(|o| o.code().to_owned()).into(),
        c.replied_at.map(rfc).into(),
        c.rating.as_ref().map(|r| r.0.code().to_owned()).into(),
        c.rating.as_ref().map(|r| r.1.clone()).into(),
        c.rating.as_ref().map(|r| rfc(r.2)).into(),
        V::I(i64::from(c.reviewed)),
        V::T(rfc(c.updated_at)),
        V::I(i64::try_from(c.events.len()).unwrap_or(1)),
        V::T(c.priority.to_owned()),
        c.public_text.clone().into(),
        c.published_at.map(rfc).into(),
        (c.status == domain::case::Status::Closed)
            .then(|| rfc(c.updated_at))
            .into(),
        first_answer.map(|e| rfc(e.at)).into(),
        first_answer
            .map(|e| match e.kind {
                "replied" => "reply".to_owned(),
                other => other.to_owned(),
            })
            .into(),
    ]
}

/// Hourly readings of `options.stations` stations over the years, a month
/// a call, through the same ingest as real imports (daily values and all).
async fn air(
    db: &Db,
    options: &Options,
    now: DateTime<Utc>,
    progress: &impl Fn(&str),
) -> Result<u64, GenerateError> {
    let stations = crate::server::demo::generated_stations(db, options.stations).await?;
    let last = now.timestamp() - now.timestamp().rem_euclid(3600) - 3600;
    let days = i64::from(options.years.max(1)) * 365 + i64::from(options.years / 4);
    let mut from = last - days * 24 * 3600;
    let mut written = 0u64;
    while from <= last {
        let to = (from + 30 * 24 * 3600 - 3600).min(last);
        written +=
            crate::server::demo::station_readings(db, &stations, from, to, now).await? as u64;
        from = to + 3600;
        progress(&format!("{written} hourly readings"));
    }
    Ok(written)
}
