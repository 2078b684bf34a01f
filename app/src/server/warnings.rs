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

use chrono::{DateTime, Duration, NaiveDate, Utc};
use domain::complaint::filing::GeoPoint;
use domain::warning::{
    self, Closure, Complaint, Decision, Raised, Rule, RuleKind, Severity, Subject,
};
use sqlx::any::AnyRow;
use sqlx::{Any, Transaction};

use super::row::{Cols, corrupt};
use super::trail::{self, Actor};
use super::{Db, DbError};

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

const FACTS: &str = "id, category, town, address_public, latitude, longitude, submitted_at, \
                     source_id";

fn complaint_of(r: &AnyRow) -> Result<Complaint, DbError> {
    let latitude: Option<f64> = r.col("latitude")?;
    let longitude: Option<f64> = r.col("longitude")?;
    Ok(Complaint {
        case_id: r.col("id")?,
        category: r.col("category")?,
        at: r.instant("submitted_at")?,
        source: r.col("source_id")?,
        town: r.col("town")?,
        road: r.col("address_public")?,
        point: latitude
            .zip(longitude)
            .map(|(latitude, longitude)| GeoPoint {
                latitude,
                longitude,
            }),
    })
}

/// The bounds of a box `radius_m` around a point: latitude, longitude.
fn bounds(p: GeoPoint, radius_m: u32) -> ((f64, f64), (f64, f64)) {
    let r = f64::from(radius_m);
    let lat = r / 111_000.0;
    let lon = r / (111_000.0 * p.latitude.to_radians().cos()).max(1.0);
    (
        (p.latitude - lat, p.latitude + lat),
        (p.longitude - lon, p.longitude + lon),
    )
}

/// Judges the case `case_id` by the rules, inside the caller's
/// transaction; the ids of the warnings it raised or joined.
pub async fn evaluate_case(
    tx: &mut Transaction<'_, Any>,
    rules: &[Rule],
    case_id: i64,
    now: DateTime<Utc>,
) -> Result<Vec<i64>, DbError> {
    let Some(row) = sqlx::query(&format!("SELECT {FACTS} FROM cases WHERE id = $1"))
        .bind(case_id)
        .fetch_optional(&mut **tx)
        .await?
    else {
        return Ok(Vec::new());
    };
    let new = complaint_of(&row)?;
    let relevant: Vec<&Rule> = rules
        .iter()
        .filter(|r| r.category.as_deref().is_none_or(|c| c == new.category))
        .collect();
    if relevant.is_empty() {
        return Ok(Vec::new());
    }
    let days = relevant.iter().map(|r| r.kind.days()).max().unwrap_or(0);
    let radius = relevant
        .iter()
        .map(|r| r.kind.radius_m())
        .max()
        .unwrap_or(0);
    // Complaints up to a window after it count too (a case linked late);
    // closures only before it.
    let from = (new.at - Duration::days(i64::from(days))).to_rfc3339();
    let until = (new.at + Duration::days(i64::from(days))).to_rfc3339();
    let to = new.at.to_rfc3339();
    let (lat, lon) = new
        .point
        .map(|p| bounds(p, radius))
        .unwrap_or(((1.0, -1.0), (1.0, -1.0)));
    // Around it: the same source, or the same town's road or box.
    let (recent, closed) = match new.source {
        Some(source) => (
            sqlx::query(&format!(
                "SELECT {FACTS} FROM cases WHERE source_id = $1 AND submitted_at > $2 \
                 AND submitted_at < $3"
            ))
            .bind(source)
            .bind(&from)
            .bind(&until)
            .fetch_all(&mut **tx)
            .await?,
            sqlx::query(&format!(
                "SELECT {FACTS}, closed_at FROM cases WHERE source_id = $1 AND status = 'closed' \
                 AND outcome IS NOT NULL AND outcome <> 'not_substantiated' \
                 AND closed_at > $2 AND closed_at <= $3"
            ))
            .bind(source)
            .bind(&from)
            .bind(&to)
            .fetch_all(&mut **tx)
            .await?,
        ),
        None => {
            let place = "(address_public = $4 OR (latitude BETWEEN $5 AND $6 \
                         AND longitude BETWEEN $7 AND $8))";
            (
                sqlx::query(&format!(
                    "SELECT {FACTS} FROM cases WHERE town = $1 AND submitted_at > $2 \
                     AND submitted_at < $3 AND {place}"
                ))
                .bind(&new.town)
                .bind(&from)
                .bind(&until)
                .bind(&new.road)
                .bind(lat.0)
                .bind(lat.1)
                .bind(lon.0)
                .bind(lon.1)
                .fetch_all(&mut **tx)
                .await?,
                sqlx::query(&format!(
                    "SELECT {FACTS}, closed_at FROM cases WHERE town = $1 AND closed_at > $2 \
                     AND closed_at <= $3 AND status = 'closed' AND outcome IS NOT NULL \
                     AND outcome <> 'not_substantiated' AND {place}"
                ))
                .bind(&new.town)
                .bind(&from)
                .bind(&to)
                .bind(&new.road)
                .bind(lat.0)
                .bind(lat.1)
                .bind(lon.0)
                .bind(lon.1)
                .fetch_all(&mut **tx)
                .await?,
            )
        }
    };
    let recent: Vec<Complaint> = recent.iter().map(complaint_of).collect::<Result<_, _>>()?;
    let closures: Vec<Closure> = closed
        .iter()
        .map(|r| {
            Ok(Closure {
                place: complaint_of(r)?,
                closed_at: r.instant("closed_at")?,
            })
        })
        .collect::<Result<_, DbError>>()?;
    let owned: Vec<Rule> = relevant.into_iter().cloned().collect();
    let mut ids = Vec::new();
    for raised in warning::evaluate(&owned, &new, &recent, &closures) {
        ids.push(record(tx, &new, &raised, now).await?);
    }
    Ok(ids)
}

/// Raises the warning `raised` describes, or adds its cases to the one
/// active already; its id.
async fn record(
    tx: &mut Transaction<'_, Any>,
    new: &Complaint,
    raised: &Raised,
    now: DateTime<Utc>,
) -> Result<i64, DbError> {
    let at = now.to_rfc3339();
    let key = raised.subject.key();
    let (source, place) = match &raised.subject {
        Subject::Source(id) => (Some(*id), new.road.clone()),
        Subject::Road { road, .. } => (None, road.clone()),
        Subject::Near { .. } => (None, new.road.clone()),
    };
    let category: Option<String> = sqlx::query("SELECT category FROM warning_rules WHERE id = $1")
        .bind(raised.rule_id)
        .fetch_one(&mut **tx)
        .await?
        .col("category")?;
    let inserted = sqlx::query(&format!(
        "INSERT INTO warnings (rule_id, subject_key, source_id, town, place, category, severity, \
         status, case_count, raised_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', 0, $8, $8) \
         ON CONFLICT (rule_id, subject_key) WHERE status IN {ACTIVE} DO NOTHING"
    ))
    .bind(raised.rule_id)
    .bind(&key)
    .bind(source)
    .bind(&new.town)
    .bind(&place)
    .bind(category)
    .bind(raised.severity.code())
    .bind(&at)
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1;
    let id: i64 = sqlx::query(&format!(
        "SELECT id FROM warnings WHERE rule_id = $1 AND subject_key = $2 AND status IN {ACTIVE}"
    ))
    .bind(raised.rule_id)
    .bind(&key)
    .fetch_one(&mut **tx)
    .await?
    .col("id")?;
    let mut added = Vec::new();
    for case in &raised.cases {
        let n = sqlx::query(
            "INSERT INTO warning_cases (warning_id, case_id, added_at) VALUES ($1, $2, $3) \
             ON CONFLICT (warning_id, case_id) DO NOTHING",
        )
        .bind(id)
        .bind(case)
        .bind(&at)
        .execute(&mut **tx)
        .await?
        .rows_affected();
        if n == 1 {
            added.push(*case);
        }
    }
    if added.is_empty() {
        return Ok(id);
    }
    sqlx::query(
        "UPDATE warnings SET case_count = (SELECT COUNT(*) FROM warning_cases \
         WHERE warning_id = $1), updated_at = $2 WHERE id = $1",
    )
    .bind(id)
    .bind(&at)
    .execute(&mut **tx)
    .await?;
    let kind = if inserted { "raised" } else { "cases_added" };
    let data = serde_json::json!({ "cases": added, "rule": raised.rule_id }).to_string();
    log(tx, id, Actor::System, kind, "", &data, now).await?;
    // The trail of each case that joined says so (staff only).
    let data = serde_json::json!({ "warning": id, "rule": raised.rule_id }).to_string();
    for case in added {
        trail::append(
            tx,
            case,
            Actor::System,
            "warning_joined",
            false,
            "",
            &data,
            now,
        )
        .await?;
    }
    Ok(id)
}

/// Writes to a warning's own log.
async fn log(
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

/// Cases judged a pass at most: the cursor's lock is held for one pass.
const PASS: i64 = 200;

/// Judges the cases filed since the last pass, a batch at a time; how
/// many were judged. Instances take turns through the cursor row's lock.
pub async fn evaluate_new(db: &Db, now: DateTime<Utc>) -> Result<usize, DbError> {
    let mut judged = 0;
    loop {
        // Nothing new: no lock taken.
        let last: i64 = sqlx::query("SELECT last_case_id FROM warning_cursor WHERE id = 1")
            .fetch_one(&db.pool)
            .await?
            .col("last_case_id")?;
        let pending = sqlx::query("SELECT id FROM cases WHERE id > $1 ORDER BY id LIMIT 1")
            .bind(last)
            .fetch_optional(&db.pool)
            .await?;
        if pending.is_none() {
            return Ok(judged);
        }
        let mut tx = db.pool.begin().await?;
        sqlx::query("UPDATE warning_cursor SET last_case_id = last_case_id WHERE id = 1")
            .execute(&mut *tx)
            .await?;
        let last: i64 = sqlx::query("SELECT last_case_id FROM warning_cursor WHERE id = 1")
            .fetch_one(&mut *tx)
            .await?
            .col("last_case_id")?;
        let ids: Vec<i64> = sqlx::query("SELECT id FROM cases WHERE id > $1 ORDER BY id LIMIT $2")
            .bind(last)
            .bind(PASS)
            .fetch_all(&mut *tx)
            .await?
            .iter()
            .map(|r| r.col("id"))
            .collect::<Result<_, _>>()?;
        let Some(&upto) = ids.last() else {
            tx.commit().await?;
            return Ok(judged);
        };
        let rules = rules(&mut *tx).await?;
        for id in &ids {
            evaluate_case(&mut tx, &rules, *id, now).await?;
        }
        sqlx::query("UPDATE warning_cursor SET last_case_id = $1 WHERE id = 1")
            .bind(upto)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        judged += ids.len();
    }
}

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
    let mut tx = db.pool.begin().await?;
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
    log(
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
    for case in cases {
        trail::append(
            &mut tx,
            case,
            Actor::Staff(staff_id),
            &kind,
            false,
            &note,
            &data,
            now,
        )
        .await?;
    }
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

/// Benchmark: judges the newest `n` cases again, each in a transaction of
/// its own (as a link does); how long each took.
pub async fn judge_newest(
    db: &Db,
    n: i64,
    now: DateTime<Utc>,
) -> Result<Vec<std::time::Duration>, DbError> {
    let ids: Vec<i64> = sqlx::query("SELECT id FROM cases ORDER BY id DESC LIMIT $1")
        .bind(n)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| r.col("id"))
        .collect::<Result<_, _>>()?;
    let rules = rules(&db.pool).await?;
    let mut timings = Vec::with_capacity(ids.len());
    for id in ids {
        let started = std::time::Instant::now();
        let mut tx = db.pool.begin().await?;
        evaluate_case(&mut tx, &rules, id, now).await?;
        tx.commit().await?;
        timings.push(started.elapsed());
    }
    Ok(timings)
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
        log(tx, id, Actor::System, "case_removed", "", &data, now).await?;
    }
    Ok(())
}
