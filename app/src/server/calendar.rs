//! Queries of the environment days.

use chrono::NaiveDate;
use domain::calendar::{AnnualDate, days_until};
use sqlx::Row;

use super::{Db, DbError};
use crate::api::home::NextEnvDay;

/// The environment day that comes next on or after `today`.
pub async fn next_environment_day(
    db: &Db,
    today: NaiveDate,
) -> Result<Option<NextEnvDay>, DbError> {
    let rows = sqlx::query("SELECT name_zh, name_en, month, day FROM environment_days")
        .fetch_all(&db.pool)
        .await?;
    let mut best: Option<NextEnvDay> = None;
    for row in rows {
        let month: i64 = row.try_get("month")?;
        let day: i64 = row.try_get("day")?;
        // The table's CHECK keeps month and day in range; a day that still
        // does not exist (31 April) is skipped rather than guessed.
        let Ok(annual) = AnnualDate::new(month as u32, day as u32) else {
            continue;
        };
        let date = annual.next_on_or_after(today);
        if best.as_ref().is_none_or(|b| date < b.date) {
            best = Some(NextEnvDay {
                name_zh: row.try_get("name_zh")?,
                name_en: row.try_get("name_en")?,
                date,
                days_until: days_until(today, date),
            });
        }
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
    Ok(rows
        .iter()
        .map(|r| crate::api::content::DayRow {
            slug: r.get(0),
            name_zh: r.get(1),
            name_en: r.get(2),
            month: r.get(3),
            day: r.get(4),
        })
        .collect())
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
