//! Warnings as the staff pages read them: lists, one warning, the cases
//! behind it, its log, a case's and a source's warnings.

use chrono::{DateTime, NaiveDate, Utc};
use domain::warning::{Rule, RuleKind, Severity};
use sqlx::any::AnyRow;

use super::ACTIVE;
use crate::server::row::{Cols, corrupt};
use crate::server::{Db, DbError};

/// A warning in a list.
#[derive(Clone, Debug, PartialEq)]
pub struct WarningRow {
    pub id: i64,
    pub kind: String,
    pub severity: Severity,
    pub status: String,
    pub source: Option<(i64, String)>,
    pub town: String,
    pub place: String,
    pub category: Option<String>,
    pub case_count: i64,
    pub raised_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub rule: Rule,
    pub note: String,
    pub task_unit: Option<String>,
    pub task_due_on: Option<NaiveDate>,
}

const ROW: &str = "w.id, w.severity, w.status, w.source_id, s.name AS source_name, w.town, \
                   w.place, w.category, w.case_count, w.raised_at, w.updated_at, w.note, \
                   w.task_unit, w.task_due_on, r.id AS rule_id, r.category AS rule_category, \
                   r.kind, r.count, r.days, r.radius_m, r.severity AS rule_severity";

const FROM: &str = "FROM warnings w JOIN warning_rules r ON r.id = w.rule_id \
                    LEFT JOIN sources s ON s.id = w.source_id";

fn warning_of(r: &AnyRow) -> Result<WarningRow, DbError> {
    let number = |c: &str| -> Result<u32, DbError> {
        u32::try_from(r.col::<i64>(c)?).map_err(|_| corrupt(c, "out of range"))
    };
    let kind: String = r.col("kind")?;
    let source: Option<i64> = r.col("source_id")?;
    let source_name: Option<String> = r.col("source_name")?;
    Ok(WarningRow {
        id: r.col("id")?,
        kind: kind.clone(),
        severity: r.parsed("severity", Severity::parse)?,
        status: r.col("status")?,
        source: source.zip(source_name),
        town: r.col("town")?,
        place: r.col("place")?,
        category: r.col("category")?,
        case_count: r.col("case_count")?,
        raised_at: r.instant("raised_at")?,
        updated_at: r.instant("updated_at")?,
        rule: Rule {
            id: r.col("rule_id")?,
            category: r.col("rule_category")?,
            kind: RuleKind::from_parts(
                &kind,
                number("count")?,
                number("days")?,
                number("radius_m")?,
            )
            .ok_or_else(|| corrupt("warning_rules.kind", &kind))?,
            severity: r.parsed("rule_severity", Severity::parse)?,
        },
        note: r.col("note")?,
        task_unit: r.col("task_unit")?,
        task_due_on: r
            .col::<Option<String>>("task_due_on")?
            .map(|d| d.parse().map_err(|_| corrupt("task_due_on", &d)))
            .transpose()?,
    })
}

/// Which warnings a list shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WarningQuery {
    /// Active ones (default), or one status.
    pub status: Option<String>,
    pub town: Option<String>,
    pub category: Option<String>,
    /// Only the screening tasks given to this unit (a handler's view).
    pub task_unit: Option<String>,
}

/// Warnings, most severe and oldest first (what to look at first), at
/// most 200.
pub async fn list(db: &Db, q: &WarningQuery) -> Result<Vec<WarningRow>, DbError> {
    let mut sql = format!("SELECT {ROW} {FROM} WHERE ");
    let mut binds: Vec<String> = Vec::new();
    match &q.status {
        Some(status) => {
            binds.push(status.clone());
            sql.push_str(&format!("w.status = ${}", binds.len()));
        }
        None => sql.push_str(&format!("w.status IN {ACTIVE}")),
    }
    if let Some(town) = &q.town {
        binds.push(town.clone());
        sql.push_str(&format!(" AND w.town = ${}", binds.len()));
    }
    if let Some(category) = &q.category {
        binds.push(category.clone());
        sql.push_str(&format!(" AND w.category = ${}", binds.len()));
    }
    if let Some(unit) = &q.task_unit {
        binds.push(unit.clone());
        sql.push_str(&format!(" AND w.task_unit = ${}", binds.len()));
    }
    sql.push_str(
        " ORDER BY CASE w.severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, \
         w.raised_at, w.id LIMIT 200",
    );
    let mut query = sqlx::query(&sql);
    for b in &binds {
        query = query.bind(b);
    }
    query
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(warning_of)
        .collect()
}

/// One warning.
pub async fn warning(db: &Db, id: i64) -> Result<Option<WarningRow>, DbError> {
    sqlx::query(&format!("SELECT {ROW} {FROM} WHERE w.id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .as_ref()
        .map(warning_of)
        .transpose()
}

/// A case behind a warning.
#[derive(Clone, Debug, PartialEq)]
pub struct WarningCase {
    pub reference: String,
    pub category: String,
    pub status: String,
    pub submitted_at: DateTime<Utc>,
    pub address_public: String,
    pub unit: Option<String>,
}

/// The cases behind a warning, oldest first.
pub async fn cases_of(db: &Db, warning_id: i64) -> Result<Vec<WarningCase>, DbError> {
    sqlx::query(
        "SELECT c.reference, c.category, c.status, c.submitted_at, c.address_public, c.unit \
         FROM warning_cases wc JOIN cases c ON c.id = wc.case_id WHERE wc.warning_id = $1 \
         ORDER BY c.submitted_at, c.id",
    )
    .bind(warning_id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok(WarningCase {
            reference: r.col("reference")?,
            category: r.col("category")?,
            status: r.col("status")?,
            submitted_at: r.instant("submitted_at")?,
            address_public: r.col("address_public")?,
            unit: r.col("unit")?,
        })
    })
    .collect()
}

/// A warning's log entry.
#[derive(Clone, Debug, PartialEq)]
pub struct WarningEvent {
    pub at: DateTime<Utc>,
    pub actor: String,
    pub kind: String,
    pub text: String,
}

/// A warning's log, oldest first.
pub async fn events_of(db: &Db, warning_id: i64) -> Result<Vec<WarningEvent>, DbError> {
    sqlx::query(
        "SELECT e.at, COALESCE(u.display_name, e.actor) AS actor, e.kind, e.text \
         FROM warning_events e LEFT JOIN staff_users u ON e.actor = 'staff:' || CAST(u.id AS TEXT) \
         WHERE e.warning_id = $1 ORDER BY e.id",
    )
    .bind(warning_id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok(WarningEvent {
            at: r.instant("at")?,
            actor: r.col("actor")?,
            kind: r.col("kind")?,
            text: r.col("text")?,
        })
    })
    .collect()
}

/// The active warnings a case belongs to.
pub async fn of_case(db: &Db, case_id: i64) -> Result<Vec<WarningRow>, DbError> {
    sqlx::query(&format!(
        "SELECT {ROW} {FROM} JOIN warning_cases wc ON wc.warning_id = w.id \
         WHERE wc.case_id = $1 AND w.status IN {ACTIVE} ORDER BY w.id"
    ))
    .bind(case_id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(warning_of)
    .collect()
}

/// A source's warnings, newest first (at most 50).
pub async fn of_source(db: &Db, source_id: i64) -> Result<Vec<WarningRow>, DbError> {
    sqlx::query(&format!(
        "SELECT {ROW} {FROM} WHERE w.source_id = $1 ORDER BY w.raised_at DESC, w.id DESC LIMIT 50"
    ))
    .bind(source_id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(warning_of)
    .collect()
}
