//! Judging complaints by the rules: one case (at a link, or in a pass)
//! and the background pass over the cases filed since the last one.

use chrono::{DateTime, Duration, Utc};
use domain::complaint::filing::GeoPoint;
use domain::warning::{self, Closure, Complaint, Raised, Rule, Subject};
use sqlx::any::AnyRow;
use sqlx::{Any, Transaction};

use super::{ACTIVE, log_event, rules};
use crate::server::row::Cols;
use crate::server::trail::{self, Actor};
use crate::server::{Db, DbError};

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
    .bind(raised.category.clone())
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
    log_event(tx, id, Actor::System, kind, "", &data, now).await?;
    // The trail of each case that joined says so (staff only).
    let data = serde_json::json!({ "warning": id, "rule": raised.rule_id }).to_string();
    trail::append_to_each(tx, &added, Actor::System, "warning_joined", "", &data, now).await?;
    Ok(id)
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
        let mut tx = db.begin_write().await?;
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
        let mut tx = db.begin_write().await?;
        evaluate_case(&mut tx, &rules, id, now).await?;
        tx.commit().await?;
        timings.push(started.elapsed());
    }
    Ok(timings)
}
