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
