//! Queries of the environment days.

use chrono::{Datelike, NaiveDate};
use domain::calendar::{AnnualDate, days_until};

use super::row::{Cols, corrupt};
use super::{Db, DbError};
use crate::api::home::NextEnvDay;

/// The environment day that comes next on or after `today`, with the slug
/// of its campaign for that year when one is public at `now`.
pub async fn next_environment_day(
    db: &Db,
    today: NaiveDate,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Option<NextEnvDay>, DbError> {
    let rows = sqlx::query("SELECT slug, name_zh, name_en, month, day FROM environment_days")
        .fetch_all(&db.pool)
        .await?;
    let mut best: Option<NextEnvDay> = None;
    for row in rows {
        let month: i64 = row.col("month")?;
        let day: i64 = row.col("day")?;
        // The table's CHECK keeps month and day in range, but not every
        // pair in range is a day (31 April): such a row is corrupt, as
        // days are only added through `AnnualDate`.
        let annual = u32::try_from(month)
            .ok()
            .zip(u32::try_from(day).ok())
            .and_then(|(m, d)| AnnualDate::new(m, d).ok())
            .ok_or_else(|| corrupt("day", &format!("{month}-{day}")))?;
        let date = annual.next_on_or_after(today);
        if best.as_ref().is_none_or(|b| date < b.date) {
            best = Some(NextEnvDay {
                slug: row.col("slug")?,
                name_zh: row.col("name_zh")?,
                name_en: row.col("name_en")?,
                date,
                days_until: days_until(today, date),
                campaign: None,
            });
        }
    }
    if let Some(day) = best.as_mut() {
        day.campaign =
            super::content::campaign_of_day(db, &day.slug, i64::from(day.date.year()), now).await?;
    }
    Ok(best)
}

/// Every environment day, by date in the year.
pub async fn environment_days(db: &Db) -> Result<Vec<crate::api::content::DayRow>, DbError> {
    let rows = sqlx::query(
        "SELECT slug, name_zh, name_en, month, day FROM environment_days ORDER BY month, day, slug",
    )
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(crate::api::content::DayRow {
                slug: r.col("slug")?,
                name_zh: r.col("name_zh")?,
                name_en: r.col("name_en")?,
                month: r.col("month")?,
                day: r.col("day")?,
            })
        })
        .collect()
}

/// Adds an environment day; false when the address name is taken.
pub async fn add_environment_day(
    db: &Db,
    day: &domain::content::EnvironmentDay,
) -> Result<bool, DbError> {
    let result = sqlx::query(
        "INSERT INTO environment_days (slug, name_zh, name_en, month, day) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&day.slug)
    .bind(&day.name_zh)
    .bind(&day.name_en)
    .bind(i64::from(day.date.month()))
    .bind(i64::from(day.date.day()))
    .execute(&db.pool)
    .await;
    match result {
        Ok(_) => Ok(true),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Ok(false),
        Err(e) => Err(e.into()),
    }
}
