//! What complaints are filed against: the categories residents pick, the
//! units that handle them, and the working-day calendar deadlines count in.

use chrono::NaiveDate;
use domain::complaint::filing::Kind;
use domain::workdays::{DayKind, WorkCalendar};
use sqlx::any::AnyRow;

use crate::server::row::{Cols, corrupt};
use crate::server::{Db, DbError};

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
    rows.iter().map(Category::try_from).collect()
}

impl TryFrom<&AnyRow> for Category {
    type Error = DbError;

    fn try_from(r: &AnyRow) -> Result<Category, DbError> {
        Ok(Category {
            code: r.col("code")?,
            kind: r.parsed("kind", Kind::parse)?,
            name_zh: r.col("name_zh")?,
            name_en: r.col("name_en")?,
            hint_zh: r.col("hint_zh")?,
            hint_en: r.col("hint_en")?,
            default_unit: r.col("default_unit")?,
            deadline_days: deadline_days(r, "deadline_days")?,
        })
    }
}

/// A category's deadline in working days, from `column`.
pub(crate) fn deadline_days(r: &AnyRow, column: &str) -> Result<u32, DbError> {
    let days: i64 = r.col(column)?;
    u32::try_from(days).map_err(|_| corrupt(column, &days.to_string()))
}

/// The places residents pick (towns and subdistricts), or every unit.
pub async fn units(db: &Db, areas_only: bool) -> Result<Vec<Unit>, DbError> {
    let sql = if areas_only {
        "SELECT code, name_zh, name_en FROM units WHERE active = 1 AND area = 1 ORDER BY sort_order"
    } else {
        "SELECT code, name_zh, name_en FROM units WHERE active = 1 ORDER BY sort_order"
    };
    let rows = sqlx::query(sql).fetch_all(&db.pool).await?;
    rows.iter().map(Unit::try_from).collect()
}

impl TryFrom<&AnyRow> for Unit {
    type Error = DbError;

    fn try_from(r: &AnyRow) -> Result<Unit, DbError> {
        Ok(Unit {
            code: r.col("code")?,
            name_zh: r.col("name_zh")?,
            name_en: r.col("name_en")?,
        })
    }
}

/// The working-day calendar as stored.
pub async fn work_calendar(db: &Db) -> Result<WorkCalendar, DbError> {
    let rows = sqlx::query("SELECT day, kind FROM work_calendar")
        .fetch_all(&db.pool)
        .await?;
    let days = rows
        .iter()
        .map(|r| calendar_entry(r, "day", "kind"))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(WorkCalendar::new(days))
}

/// A stored calendar entry: its day in column `day`, its kind in `kind`.
pub(crate) fn calendar_entry(
    r: &AnyRow,
    day: &str,
    kind: &str,
) -> Result<(NaiveDate, DayKind), DbError> {
    Ok((r.date(day)?, r.parsed(kind, DayKind::parse)?))
}

/// Adds each shipped year's holiday schedule unless that year has entries
/// already (an admin's edits are never overwritten).
pub async fn seed_work_calendar(db: &Db) -> Result<(), DbError> {
    for (year, days) in domain::workdays::shipped() {
        let mut tx = db.begin_write().await?;
        let (from, to) = (format!("{year}-01-01"), format!("{year}-12-31"));
        let present: i64 =
            sqlx::query("SELECT COUNT(*) AS n FROM work_calendar WHERE day >= $1 AND day <= $2")
                .bind(&from)
                .bind(&to)
                .fetch_one(&mut *tx)
                .await?
                .col("n")?;
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
    rows.iter()
        .map(|r| calendar_entry(r, "day", "kind"))
        .collect()
}

/// Applies an admin's change to one day of the calendar. Deadlines already
/// set keep their dates; new ones count with the change.
pub async fn set_work_day(db: &Db, edit: domain::workdays::DayEdit) -> Result<(), DbError> {
    let day = edit.day.format("%Y-%m-%d").to_string();
    let mut tx = db.begin_write().await?;
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
