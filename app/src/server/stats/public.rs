//! The public statistics' store (`domain::public_stats`, docs/adr-018):
//! each month is copied from the daily tallies once it is published and
//! read from that copy after, never from the cases or the tallies.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use domain::public_stats::{self as public, MAX_MONTHS};
use domain::stats::{self, Counts};

use super::dashboard::{counts_of, sums_sql};
use crate::server::row::Cols;
use crate::server::{Db, DbError};

/// Publishes every month due on `today` (Shanghai) that is not yet: from
/// the first month with tallies (at most [`MAX_MONTHS`] back) to
/// [`public::latest_published`]. Each month in its own transaction,
/// claimed first, so two instances never publish one twice. Returns how
/// many it published.
pub async fn publish(db: &Db, today: NaiveDate, now: DateTime<Utc>) -> Result<usize, DbError> {
    let latest = public::latest_published(today);
    let done: Option<String> = sqlx::query("SELECT MAX(month) AS m FROM stats_months")
        .fetch_one(&db.pool)
        .await?
        .col("m")?;
    let first = match done.as_deref().and_then(public::parse_month) {
        Some(m) => public::shift(m, 1),
        None => {
            let first_day: Option<String> = sqlx::query("SELECT MIN(day) AS d FROM case_tallies")
                .fetch_one(&db.pool)
                .await?
                .col("d")?;
            let Some(day) = first_day.and_then(|d| d.parse::<NaiveDate>().ok()) else {
                return Ok(0);
            };
            let oldest = public::shift(latest, -(MAX_MONTHS as i32 - 1));
            day.with_day(1).unwrap_or(day).max(oldest)
        }
    };
    let mut month = first;
    let mut published = 0;
    while month <= latest {
        if publish_month(db, month, now).await? {
            published += 1;
        }
        month = public::shift(month, 1);
    }
    Ok(published)
}

/// Copies one month's sums; false if someone else published it first.
async fn publish_month(db: &Db, month: NaiveDate, now: DateTime<Utc>) -> Result<bool, DbError> {
    let mut tx = db.begin_write().await?;
    let code = public::month_code(month);
    let claimed = sqlx::query(
        "INSERT INTO stats_months (month, published_at) VALUES ($1, $2) \
         ON CONFLICT (month) DO NOTHING",
    )
    .bind(&code)
    .bind(now.to_rfc3339())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if claimed == 0 {
        return Ok(false);
    }
    let columns = stats::columns().join(", ");
    for (breakdown, key) in [("all", "''"), ("category", "category"), ("town", "town")] {
        let group = match breakdown {
            "all" => String::new(),
            _ => format!(" GROUP BY {key}"),
        };
        let sql = format!(
            "INSERT INTO stats_published (month, breakdown, code, {columns}) \
             SELECT $1, '{breakdown}', {key}, {} FROM case_tallies_monthly \
             WHERE day >= $2 AND day <= $3{group}",
            sums_sql()
        );
        sqlx::query(&sql)
            .bind(&code)
            .bind(month.to_string())
            .bind(public::month_end(month).to_string())
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// The months published, newest first, with when.
pub async fn months(db: &Db) -> Result<Vec<(NaiveDate, DateTime<Utc>)>, DbError> {
    let rows = sqlx::query(&format!(
        "SELECT month, published_at FROM stats_months ORDER BY month DESC LIMIT {MAX_MONTHS}"
    ))
    .fetch_all(&db.pool)
    .await?;
    let mut out = Vec::new();
    for r in &rows {
        if let Some(m) = public::parse_month(&r.col::<String>("month")?) {
            out.push((m, r.instant("published_at")?));
        }
    }
    Ok(out)
}

/// A published row: month, breakdown, code and its sums.
pub type Published = (NaiveDate, String, String, Counts);

/// The published rows of the months from `from` to `to` (first days),
/// by month, breakdown and code.
pub async fn rows(db: &Db, from: NaiveDate, to: NaiveDate) -> Result<Vec<Published>, DbError> {
    let sql = format!(
        "SELECT month, breakdown, code, {} FROM stats_published \
         WHERE month >= $1 AND month <= $2 ORDER BY month, breakdown, code",
        stats::columns().join(", ")
    );
    let rows = sqlx::query(&sql)
        .bind(public::month_code(from))
        .bind(public::month_code(to))
        .fetch_all(&db.pool)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let Some(month) = public::parse_month(&r.col::<String>("month")?) else {
            continue;
        };
        out.push((month, r.col("breakdown")?, r.col("code")?, counts_of(r)?));
    }
    Ok(out)
}
