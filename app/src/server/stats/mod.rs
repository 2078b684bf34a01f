//! The daily tallies behind the dashboard and the public statistics
//! (`domain::stats`, docs/adr-017): every write that changes what a case
//! adds moves the tallies by the difference, in its own transaction.
//!
//! A change reads the facts of its cases before (locking their rows on
//! PostgreSQL; SQLite's writer holds the database) and after, through
//! [`Change`]; new cases have nothing before. [`rebuild`] recomputes the
//! tallies from the cases, and a test checks both agree.

pub mod dashboard;
pub mod public;

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Utc};
use domain::case::{Rating, Status};
use domain::stats::{self, Answer, CaseFacts, Counts, Key};
use domain::workdays::WorkCalendar;
use sqlx::any::AnyRow;
use sqlx::{Any, Transaction};

use super::row::Cols;
use super::{Db, DbError, Engine};

/// The columns a case's facts are read from.
const FACTS: &str = "id, status, submitted_at, category, town, unit, channel, answered_at, answer, \
     answer_days, due_on, merged_into, closed_at, rating, reviewed, is_repeat, charge_by";

fn facts_of(row: &AnyRow) -> Result<CaseFacts, DbError> {
    let day = |at: DateTime<Utc>| domain::shanghai::today(at);
    let answered = match row.instant_opt("answered_at")? {
        Some(at) => {
            let answer = row.parsed("answer", |a| match a {
                "reply" => Some(Answer::Reply),
                "rejected" => Some(Answer::Rejected),
                "transferred" => Some(Answer::Transferred),
                _ => None,
            })?;
            let days = row.col::<Option<i64>>("answer_days")?.unwrap_or(0);
            Some((day(at), answer, u32::try_from(days).unwrap_or(0)))
        }
        None => None,
    };
    let merged = match row.col::<Option<i64>>("merged_into")? {
        Some(_) => row.instant_opt("closed_at")?.map(day),
        None => None,
    };
    // A unit answers for a case once it was dispatched to it: not for
    // the category's suggestion on a case still in district intake, nor
    // for one the dispatcher turned away, transferred or merged.
    let status = row.parsed("status", Status::parse)?;
    let dispatched = match answered {
        Some((_, answer, _)) => answer == Answer::Reply,
        None => merged.is_none() && status.dispatched(),
    };
    Ok(CaseFacts {
        received: day(row.instant("submitted_at")?),
        category: row.col("category")?,
        town: row.col("town")?,
        unit: match dispatched {
            true => row.col("unit")?,
            false => None,
        },
        channel: row.col("channel")?,
        answered,
        due_on: row.date("due_on")?,
        merged,
        rating: row.parsed_opt("rating", Rating::parse)?,
        reviewed: row.flag("reviewed")?,
        repeat: row.flag("is_repeat")?,
        in_charge: row.col::<Option<i64>>("charge_by")?.is_some(),
    })
}

/// The facts of `ids`, locking their rows on PostgreSQL.
async fn read(
    tx: &mut Transaction<'_, Any>,
    engine: Engine,
    ids: &[i64],
) -> Result<Vec<CaseFacts>, DbError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = (1..=ids.len())
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let lock = match engine {
        Engine::Postgres => " ORDER BY id FOR UPDATE",
        Engine::Sqlite => "",
    };
    let sql = format!("SELECT {FACTS} FROM cases WHERE id IN ({list}){lock}");
    let mut q = sqlx::query(&sql);
    for id in ids {
        q = q.bind(*id);
    }
    q.persistent(false)
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .map(facts_of)
        .collect()
}

/// A change to some cases under way: what they added before it.
pub struct Change {
    engine: Engine,
    ids: Vec<i64>,
    before: Vec<CaseFacts>,
}

impl Change {
    /// Before changing `ids`, inside the changing transaction.
    pub async fn start(
        tx: &mut Transaction<'_, Any>,
        engine: Engine,
        ids: &[i64],
    ) -> Result<Change, DbError> {
        let mut ids = ids.to_vec();
        ids.sort_unstable();
        ids.dedup();
        let before = read(tx, engine, &ids).await?;
        Ok(Change {
            engine,
            ids,
            before,
        })
    }

    /// New cases `ids`, written in this transaction: nothing before.
    pub fn new_cases(engine: Engine, ids: &[i64]) -> Change {
        Change {
            engine,
            ids: ids.to_vec(),
            before: Vec::new(),
        }
    }

    /// After the change: the tallies move by the difference.
    pub async fn finish(self, tx: &mut Transaction<'_, Any>) -> Result<(), DbError> {
        let after = read(tx, self.engine, &self.ids).await?;
        add(tx, self.engine, &stats::delta(&self.before, &after)).await
    }
}

/// Adds `moves` to the tallies: a few hundred keys a statement, in key
/// order (`domain::stats::delta` gives them so), so that two writers
/// never lock tally rows crosswise. Usually one statement.
pub async fn add(
    tx: &mut Transaction<'_, Any>,
    engine: Engine,
    moves: &[(Key, Counts)],
) -> Result<(), DbError> {
    // The same moves per month, for the monthly table (in key order too).
    let monthly: Vec<(Key, Counts)> = per_month(moves.iter().map(|(k, c)| (k, c)))
        .into_iter()
        .collect();
    upsert(tx, engine, "case_tallies", moves).await?;
    upsert(tx, engine, "case_tallies_monthly", &monthly).await
}

/// Adds `moves` to the rows of `table` (a tally table).
async fn upsert(
    tx: &mut Transaction<'_, Any>,
    engine: Engine,
    table: &str,
    moves: &[(Key, Counts)],
) -> Result<(), DbError> {
    let columns = stats::columns();
    for chunk in moves.chunks(30_000 / (columns.len() + 5)) {
        let sql = upsert_sql(engine, table, &columns, chunk.len());
        let mut q = sqlx::query(&sql);
        for (key, counts) in chunk {
            q = bind_key(q, key);
            for v in counts.values() {
                q = q.bind(v);
            }
        }
        q.persistent(chunk.len() == 1).execute(&mut **tx).await?;
    }
    Ok(())
}

type Query<'q> = sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>>;

fn bind_key<'q>(q: Query<'q>, key: &Key) -> Query<'q> {
    q.bind(key.day.to_string())
        .bind(key.category.clone())
        .bind(key.town.clone())
        .bind(key.unit.clone())
        .bind(key.channel.clone())
}

/// `rows` tallies added to what is there in `table` (a row that is not
/// is created).
fn upsert_sql(engine: Engine, table: &str, columns: &[String], rows: usize) -> String {
    let adds = columns
        .iter()
        .map(|c| format!("{c} = {table}.{c} + EXCLUDED.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "INSERT INTO {table} (day, category, town, unit, channel, {}) VALUES {} \
         ON CONFLICT (day, category, town, unit, channel) DO UPDATE SET {adds}",
        columns.join(", "),
        engine.values_list(rows, columns.len() + 5)
    )
}

/// Sets `answered_at`, `answer` and `answer_days` of a case answered now,
/// unless it was answered before (the first answer counts).
pub async fn answer(
    tx: &mut Transaction<'_, Any>,
    case_id: i64,
    answer: Answer,
    calendar: &WorkCalendar,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    let Some(row) =
        sqlx::query("SELECT submitted_at FROM cases WHERE id = $1 AND answered_at IS NULL")
            .bind(case_id)
            .fetch_optional(&mut **tx)
            .await?
    else {
        return Ok(());
    };
    let received = domain::shanghai::today(row.instant("submitted_at")?);
    let days = calendar
        .working_days_between(received, domain::shanghai::today(now))
        .max(0);
    sqlx::query(
        "UPDATE cases SET answered_at = $1, answer = $2, answer_days = $3 \
         WHERE id = $4 AND answered_at IS NULL",
    )
    .bind(now.to_rfc3339())
    .bind(match answer {
        Answer::Reply => "reply",
        Answer::Rejected => "rejected",
        Answer::Transferred => "transferred",
    })
    .bind(days)
    .bind(case_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// After links between cases and sources changed: sets `is_repeat` on
/// every case of `sources` (received within [`domain::stats::REPEAT_DAYS`]
/// after another case of the same source was closed; merged duplicates
/// do not count as closures) and clears it on those of `cases` left
/// without a source, moving the tallies to match.
pub async fn relink(
    tx: &mut Transaction<'_, Any>,
    engine: Engine,
    sources: &[i64],
    cases: &[i64],
) -> Result<(), DbError> {
    let mut found = Vec::new();
    for source in sources {
        let rows = sqlx::query(
            "SELECT id, submitted_at, closed_at, merged_into, is_repeat FROM cases \
             WHERE source_id = $1",
        )
        .bind(*source)
        .fetch_all(&mut **tx)
        .await?;
        let mut of_source = Vec::with_capacity(rows.len());
        for r in &rows {
            let closed = match r.col::<Option<i64>>("merged_into")? {
                Some(_) => None,
                None => r.instant_opt("closed_at")?.map(domain::shanghai::today),
            };
            of_source.push((
                r.col::<i64>("id")?,
                domain::shanghai::today(r.instant("submitted_at")?),
                closed,
                r.flag("is_repeat")?,
            ));
        }
        found.push(of_source);
    }
    let mut ids: Vec<i64> = found.iter().flatten().map(|c| c.0).collect();
    ids.extend_from_slice(cases);
    let change = Change::start(tx, engine, &ids).await?;
    for id in cases {
        sqlx::query("UPDATE cases SET is_repeat = 0 WHERE id = $1 AND source_id IS NULL")
            .bind(*id)
            .execute(&mut **tx)
            .await?;
    }
    for of_source in &found {
        for (id, received, _, was) in of_source {
            let repeat = of_source.iter().any(|(other, _, closed, _)| {
                other != id && closed.is_some_and(|c| stats::is_repeat(*received, c))
            });
            if repeat != *was {
                sqlx::query("UPDATE cases SET is_repeat = $1 WHERE id = $2")
                    .bind(i64::from(repeat))
                    .bind(*id)
                    .execute(&mut **tx)
                    .await?;
            }
        }
    }
    change.finish(tx).await
}

/// Rebuilds the tallies from the cases in one transaction: first the
/// working days of answers that have none (given before the tallies
/// existed), then every case's contributions. What `server stats rebuild`
/// and the first start after the migration run; the tallies it writes are
/// the ones the incremental path keeps.
pub async fn rebuild(db: &Db, calendar: &WorkCalendar) -> Result<u64, DbError> {
    rebuild_if(db, calendar, false)
        .await
        .map(|n| n.unwrap_or(0))
}

/// [`rebuild`]; with `unbuilt_only`, only if no one has (`None` then).
async fn rebuild_if(
    db: &Db,
    calendar: &WorkCalendar,
    unbuilt_only: bool,
) -> Result<Option<u64>, DbError> {
    let mut tx = db.begin_write().await?;
    if db.engine == Engine::Postgres {
        // Writers wait at their tally update until the rebuild commits;
        // they read their cases before it, so their moves stay right.
        // Readers go on reading the tallies as they were.
        sqlx::query("LOCK TABLE case_tallies, case_tallies_monthly IN EXCLUSIVE MODE")
            .execute(&mut *tx)
            .await?;
    }
    let built: i64 = sqlx::query("SELECT built FROM stats_state WHERE id = 1")
        .fetch_one(&mut *tx)
        .await?
        .col("built")?;
    if unbuilt_only && built == 1 {
        return Ok(None);
    }
    let missing =
        sqlx::query("SELECT id, submitted_at, answered_at FROM cases WHERE answered_at IS NOT NULL AND answer_days IS NULL")
            .fetch_all(&mut *tx)
            .await?;
    for r in &missing {
        let days = calendar
            .working_days_between(
                domain::shanghai::today(r.instant("submitted_at")?),
                domain::shanghai::today(r.instant("answered_at")?),
            )
            .max(0);
        sqlx::query("UPDATE cases SET answer_days = $1 WHERE id = $2")
            .bind(days)
            .bind(r.col::<i64>("id")?)
            .execute(&mut *tx)
            .await?;
    }
    // What was published came from the tallies rebuilt here: it is
    // published again from them (`public::publish`).
    for table in [
        "stats_published",
        "stats_months",
        "case_tallies",
        "case_tallies_monthly",
    ] {
        sqlx::query(&format!("DELETE FROM {table}"))
            .execute(&mut *tx)
            .await?;
    }
    let mut tallies: BTreeMap<Key, Counts> = BTreeMap::new();
    let mut cases = 0u64;
    let mut last = 0i64;
    // In pages by id: a million rows are never held at once.
    loop {
        let rows = sqlx::query(&format!(
            "SELECT {FACTS} FROM cases WHERE id > $1 ORDER BY id LIMIT 20000"
        ))
        .bind(last)
        .fetch_all(&mut *tx)
        .await?;
        let Some(tail) = rows.last() else { break };
        last = tail.col("id")?;
        for r in &rows {
            for (k, c) in stats::contributions(&facts_of(r)?) {
                *tallies.entry(k).or_default() += &c;
            }
            cases += 1;
        }
    }
    let entries: Vec<(Key, Counts)> = tallies.into_iter().collect();
    add(&mut tx, db.engine, &entries).await?;
    sqlx::query("UPDATE stats_state SET built = 1 WHERE id = 1")
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Some(cases))
}

/// Rebuilds the tallies if they were never built (the first start after
/// the migration); true if it did.
pub async fn ensure_built(db: &Db, calendar: &WorkCalendar) -> Result<bool, DbError> {
    let built: i64 = sqlx::query("SELECT built FROM stats_state WHERE id = 1")
        .fetch_one(&db.pool)
        .await?
        .col("built")?;
    if built == 1 {
        return Ok(false);
    }
    Ok(rebuild_if(db, calendar, true).await?.is_some())
}

/// Every daily tally row, keyed: what tests compare a rebuild with.
pub async fn all_tallies(db: &Db) -> Result<BTreeMap<Key, Counts>, DbError> {
    rows_of(db, "case_tallies").await
}

/// Every monthly tally row, keyed by the month's first day.
pub async fn monthly_tallies(db: &Db) -> Result<BTreeMap<Key, Counts>, DbError> {
    rows_of(db, "case_tallies_monthly").await
}

/// Daily tallies (or moves of them) summed per month: what the monthly
/// ones must be.
pub fn per_month<'a>(
    daily: impl IntoIterator<Item = (&'a Key, &'a Counts)>,
) -> BTreeMap<Key, Counts> {
    let mut out: BTreeMap<Key, Counts> = BTreeMap::new();
    for (key, counts) in daily {
        *out.entry(month_of(key)).or_default() += counts;
    }
    out.retain(|_, c| !c.is_zero());
    out
}

/// The key of the month a daily key falls in (its first day).
fn month_of(key: &Key) -> Key {
    Key {
        day: key.day.with_day(1).unwrap_or(key.day),
        ..key.clone()
    }
}

async fn rows_of(db: &Db, table: &str) -> Result<BTreeMap<Key, Counts>, DbError> {
    let columns = stats::columns();
    let rows = sqlx::query(&format!(
        "SELECT day, category, town, unit, channel, {} FROM {table}",
        columns.join(", ")
    ))
    .fetch_all(&db.pool)
    .await?;
    let mut out = BTreeMap::new();
    for r in &rows {
        let key = Key {
            day: r.date("day")?,
            category: r.col("category")?,
            town: r.col("town")?,
            unit: r.col("unit")?,
            channel: r.col("channel")?,
        };
        let values = columns
            .iter()
            .map(|c| r.col::<i64>(c))
            .collect::<Result<Vec<i64>, DbError>>()?;
        let counts = Counts::from_values(&values);
        if !counts.is_zero() {
            out.insert(key, counts);
        }
    }
    Ok(out)
}
