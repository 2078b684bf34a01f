//! Early warnings in the database (rules in `domain::warning`).
//!
//! A new complaint is judged by a background pass over the cases filed
//! since the last one ([`evaluate_new`], every few seconds, one instance
//! at a time through the cursor row's lock), so the submission writer
//! stays as fast as it is; linking a case to a source judges it again in
//! the link's own transaction ([`evaluate_case`]). Either way the rules
//! read only what is around the complaint through indexes: its source's
//! recent cases, its town's recent cases, its town's recent closures.
//!
//! A warning is one row per rule and subject while it is active (a unique
//! partial index): two passes racing to raise it insert one, and the
//! other adds its cases to it. What happens to a warning is written to
//! its own log and, on each case behind it, to the case's trail.
//!
//! Here: the rules, decisions on warnings and taking a case out of one;
//! judging complaints in `judge`; reading warnings for the pages in
//! `read`.

mod judge;
mod read;

use chrono::{DateTime, Utc};
use domain::warning::{Decision, Rule, RuleKind, Severity};
use sqlx::any::AnyRow;
use sqlx::{Any, Transaction};

use super::row::{Cols, corrupt};
use super::trail::{self, Actor};
use super::{Db, DbError};

pub use judge::{evaluate_case, evaluate_new, judge_newest};
pub use read::{
    WarningCase, WarningEvent, WarningQuery, WarningRow, cases_of, events_of, list, of_case,
    of_source, warning,
};

/// The statuses of a warning still being worked on.
pub const ACTIVE: &str = "('open', 'acknowledged', 'tasked')";

/// The rules in force.
pub async fn rules<'e>(
    conn: impl sqlx::Executor<'e, Database = Any>,
) -> Result<Vec<Rule>, DbError> {
    let rows = sqlx::query(
        "SELECT id, category, kind, count, days, radius_m, severity FROM warning_rules \
         WHERE active = 1 ORDER BY id",
    )
    .fetch_all(conn)
    .await?;
    rows.iter().map(rule_of).collect()
}

fn rule_of(r: &AnyRow) -> Result<Rule, DbError> {
    let number = |c: &str| -> Result<u32, DbError> {
        u32::try_from(r.col::<i64>(c)?).map_err(|_| corrupt(c, "out of range"))
    };
    let kind: String = r.col("kind")?;
    Ok(Rule {
        id: r.col("id")?,
        category: r.col("category")?,
        kind: RuleKind::from_parts(
            &kind,
            number("count")?,
            number("days")?,
            number("radius_m")?,
        )
        .ok_or_else(|| corrupt("warning_rules.kind", &kind))?,
        severity: r.parsed("severity", Severity::parse)?,
    })
}

/// Writes to a warning's own log (inspections of a screening task too).
pub(crate) async fn log_event(
    tx: &mut Transaction<'_, Any>,
    warning_id: i64,
    actor: Actor,
    kind: &str,
    text: &str,
    data: &str,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO warning_events (warning_id, at, actor, kind, text, data) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(warning_id)
    .bind(now.to_rfc3339())
    .bind(actor.code())
    .bind(kind)
    .bind(text)
    .bind(data)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Why a decision was not taken.
#[derive(Debug, thiserror::Error)]
pub enum DecideError {
    #[error("no such active warning")]
    NotActive,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sqlx::Error> for DecideError {
    fn from(e: sqlx::Error) -> DecideError {
        DecideError::Db(e.into())
    }
}

/// Records a decision on an active warning, in its log and the trail of
/// every case behind it.
pub async fn decide(
    db: &Db,
    id: i64,
    decision: &Decision,
    staff_id: i64,
    now: DateTime<Utc>,
) -> Result<(), DecideError> {
    let at = now.to_rfc3339();
    let mut tx = db.begin_write().await?;
    let (status, note, unit, due) = match decision {
        Decision::Acknowledge => ("acknowledged", String::new(), None, None),
        Decision::Task {
            unit,
            due_on,
            instructions,
        } => (
            "tasked",
            instructions.clone(),
            Some(unit.clone()),
            Some(due_on.to_string()),
        ),
        Decision::Dismiss { reason } => ("dismissed", reason.clone(), None, None),
    };
    // A dismissed warning stays dismissed; a task is not taken back to
    // "acknowledged".
    let allowed_from = match decision {
        Decision::Acknowledge => "('open')",
        _ => ACTIVE,
    };
    let updated = sqlx::query(&format!(
        "UPDATE warnings SET status = $1, note = CASE WHEN $2 = '' THEN note ELSE $2 END, \
         task_unit = CASE WHEN $1 = 'dismissed' THEN NULL ELSE COALESCE($3, task_unit) END, \
         task_due_on = CASE WHEN $1 = 'dismissed' THEN NULL ELSE COALESCE($4, task_due_on) END, \
         decided_by = $5, decided_at = $6, updated_at = $6 \
         WHERE id = $7 AND status IN {allowed_from}"
    ))
    .bind(status)
    .bind(&note)
    .bind(unit.clone())
    .bind(due.clone())
    .bind(staff_id)
    .bind(&at)
    .bind(id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if updated != 1 {
        return Err(DecideError::NotActive);
    }
    let data = serde_json::json!({ "warning": id, "unit": unit, "due_on": due }).to_string();
    log_event(
        &mut tx,
        id,
        Actor::Staff(staff_id),
        status,
        &note,
        &data,
        now,
    )
    .await?;
    let cases: Vec<i64> = sqlx::query("SELECT case_id FROM warning_cases WHERE warning_id = $1")
        .bind(id)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|r| r.col("case_id"))
        .collect::<Result<_, _>>()?;
    let kind = format!("warning_{status}");
    trail::append_to_each(
        &mut tx,
        &cases,
        Actor::Staff(staff_id),
        &kind,
        &note,
        &data,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Every rule, in force or not: the rule and whether it is in force.
pub async fn all_rules(db: &Db) -> Result<Vec<(Rule, bool)>, DbError> {
    sqlx::query(
        "SELECT id, category, kind, count, days, radius_m, severity, active FROM warning_rules \
         ORDER BY category IS NULL, category, kind, id",
    )
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| Ok((rule_of(r)?, r.flag("active")?)))
    .collect()
}

/// Changes a rule's numbers, severity and whether it is in force; false
/// when there is no such rule. Warnings raised already stay as they are.
pub async fn update_rule(
    db: &Db,
    id: i64,
    kind: RuleKind,
    severity: Severity,
    active: bool,
    now: DateTime<Utc>,
) -> Result<bool, DbError> {
    let updated = sqlx::query(
        "UPDATE warning_rules SET count = $1, days = $2, radius_m = $3, severity = $4, \
         active = $5, updated_at = $6 WHERE id = $7 AND kind = $8",
    )
    .bind(i64::from(kind.count()))
    .bind(i64::from(kind.days()))
    .bind(i64::from(kind.radius_m()))
    .bind(severity.code())
    .bind(i64::from(active))
    .bind(now.to_rfc3339())
    .bind(id)
    .bind(kind.code())
    .execute(&db.pool)
    .await?
    .rows_affected();
    Ok(updated == 1)
}

/// Takes a case out of the active warnings about `source` (it was linked
/// to it by mistake), in the caller's transaction; each warning's count
/// follows and its log says so.
pub async fn remove_case(
    tx: &mut Transaction<'_, Any>,
    case_id: i64,
    source: i64,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    let ids: Vec<i64> = sqlx::query(&format!(
        "SELECT w.id FROM warnings w JOIN warning_cases wc ON wc.warning_id = w.id \
         WHERE wc.case_id = $1 AND w.source_id = $2 AND w.status IN {ACTIVE}"
    ))
    .bind(case_id)
    .bind(source)
    .fetch_all(&mut **tx)
    .await?
    .iter()
    .map(|r| r.col("id"))
    .collect::<Result<_, _>>()?;
    for id in ids {
        sqlx::query("DELETE FROM warning_cases WHERE warning_id = $1 AND case_id = $2")
            .bind(id)
            .bind(case_id)
            .execute(&mut **tx)
            .await?;
        sqlx::query(
            "UPDATE warnings SET case_count = (SELECT COUNT(*) FROM warning_cases \
             WHERE warning_id = $1), updated_at = $2 WHERE id = $1",
        )
        .bind(id)
        .bind(now.to_rfc3339())
        .execute(&mut **tx)
        .await?;
        let data = serde_json::json!({ "cases": [case_id] }).to_string();
        log_event(tx, id, Actor::System, "case_removed", "", &data, now).await?;
    }
    Ok(())
}
