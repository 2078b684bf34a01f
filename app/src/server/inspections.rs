//! Site inspections and their codes (`domain::inspection`): registering a
//! visit (joining an overlapping one of the same place), the result, the
//! photos, revoking, the business's rating, and what the pages read.
//!
//! Every change writes the visit's own log (`inspection_events`); a part
//! that checks a case also appends to that case's trail, and a screening
//! task's part to its warning's log.

use chrono::{DateTime, Duration, Utc};
use domain::complaint::filing::Problem;
use domain::complaint::input::FieldError;
use domain::inspection::{
    InspectionCode, Measured, Measurement, Purpose, QUIET_DAYS, Rating, Registration, Status,
    Window, surname,
};
use domain::source::{AcousticZone, SourceKind, exceeds};
use sqlx::any::AnyRow;
use sqlx::{Any, Transaction};

use super::row::{Cols, corrupt};
use super::trail::{self, Actor};
use super::{Db, DbError};
use crate::api::complaints::Choice;
use crate::api::inspections::{
    InspectorChoice, InspectorView, ItemForm, MeasurementView, PartView, PublicVisit, StatsRow,
    VisitEventView, VisitSummary, VisitView,
};
use crate::server::views::choice;

/// Whole seconds in UTC, so stored instants compare as text.
fn stamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

fn problem(field: &'static str, error: FieldError) -> Vec<Problem> {
    vec![Problem { field, error }]
}

async fn log(
    tx: &mut Transaction<'_, Any>,
    visit_id: i64,
    actor: Actor,
    kind: &str,
    data: &str,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO inspection_events (visit_id, at, actor, kind, data) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(visit_id)
    .bind(stamp(now))
    .bind(actor.code())
    .bind(kind)
    .bind(data)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The inspection items, as choices (name; legal basis as the hint).
pub async fn items(db: &Db, active_only: bool) -> Result<Vec<(i64, bool, Choice)>, DbError> {
    let rows = sqlx::query(
        "SELECT id, name_zh, name_en, basis_zh, basis_en, active FROM inspection_items ORDER BY id",
    )
    .fetch_all(&db.pool)
    .await?;
    let mut out = Vec::new();
    for r in rows {
        let active = r.col::<i64>("active")? == 1;
        if active_only && !active {
            continue;
        }
        out.push((r.col("id")?, active, item_choice(&r)?));
    }
    Ok(out)
}

fn item_choice(r: &AnyRow) -> Result<Choice, DbError> {
    let (zh, en): (String, String) = (r.col("name_zh")?, r.col("name_en")?);
    let (basis_zh, basis_en): (String, String) = (r.col("basis_zh")?, r.col("basis_en")?);
    Ok(Choice {
        code: r.col::<i64>("id")?.to_string(),
        en: if en.is_empty() { zh.clone() } else { en },
        zh,
        hint_en: if basis_en.is_empty() {
            basis_zh.clone()
        } else {
            basis_en
        },
        hint_zh: basis_zh,
        kind: None,
    })
}

/// Adds an inspection item; its problems when the form is incomplete.
pub async fn add_item(
    db: &Db,
    form: &ItemForm,
    now: DateTime<Utc>,
) -> Result<Result<i64, Vec<Problem>>, DbError> {
    let mut problems = Vec::new();
    let mut check = |field: &'static str, raw: &str, required: bool, max: usize| {
        let v = raw.trim();
        let n = v.chars().count();
        if n == 0 && required {
            problems.push(Problem {
                field,
                error: FieldError::Required,
            });
        } else if n > max {
            problems.push(Problem {
                field,
                error: FieldError::TooLong(max),
            });
        }
        v.to_owned()
    };
    let name_zh = check("name_zh", &form.name_zh, true, 60);
    let name_en = check("name_en", &form.name_en, false, 100);
    let basis_zh = check("basis_zh", &form.basis_zh, true, 500);
    let basis_en = check("basis_en", &form.basis_en, false, 500);
    if !problems.is_empty() {
        return Ok(Err(problems));
    }
    let id = sqlx::query(
        "INSERT INTO inspection_items (name_zh, name_en, basis_zh, basis_en, updated_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(name_zh)
    .bind(name_en)
    .bind(basis_zh)
    .bind(basis_en)
    .bind(stamp(now))
    .fetch_one(&db.pool)
    .await?
    .col("id")?;
    Ok(Ok(id))
}

/// Offers an item again or takes it off the registration form (visits
/// keep the item they were registered with). False when there is none.
pub async fn set_item_active(
    db: &Db,
    id: i64,
    active: bool,
    now: DateTime<Utc>,
) -> Result<bool, DbError> {
    Ok(
        sqlx::query("UPDATE inspection_items SET active = $1, updated_at = $2 WHERE id = $3")
            .bind(i64::from(active))
            .bind(stamp(now))
            .bind(id)
            .execute(&db.pool)
            .await?
            .rows_affected()
            == 1,
    )
}

/// The active handlers of `unit`, who may be named as its inspectors,
/// with the certificate number each gave last.
pub async fn unit_staff(db: &Db, unit: &str) -> Result<Vec<InspectorChoice>, DbError> {
    let rows = sqlx::query(
        "SELECT id, display_name, certificate FROM staff_users \
         WHERE unit = $1 AND role = 'handler' AND active = 1 ORDER BY display_name, id",
    )
    .bind(unit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(InspectorChoice {
                id: r.col("id")?,
                name: r.col("display_name")?,
                certificate: r.col::<Option<String>>("certificate")?.unwrap_or_default(),
            })
        })
        .collect()
}

/// Routine visits of a source in the last [`QUIET_DAYS`] days, and its
/// complaints and warnings in that time (the causes a visit may have).
pub async fn quiet_counts(
    db: &Db,
    source_id: i64,
    now: DateTime<Utc>,
) -> Result<(i64, i64), DbError> {
    let since = stamp(now - Duration::days(QUIET_DAYS));
    let r = sqlx::query(
        "SELECT \
         (SELECT COUNT(DISTINCT v.id) FROM inspection_visits v JOIN inspection_parts p \
           ON p.visit_id = v.id WHERE v.source_id = $1 AND v.revoked_at IS NULL \
           AND v.starts_at >= $2 AND p.purpose = 'routine') AS visits, \
         (SELECT COUNT(*) FROM cases c WHERE c.source_id = $1 AND c.submitted_at >= $2) AS cases, \
         (SELECT COUNT(*) FROM warnings w WHERE w.source_id = $1 AND w.raised_at >= $2) AS warnings",
    )
    .bind(source_id)
    .bind(since)
    .fetch_one(&db.pool)
    .await?;
    let cases: i64 = r.col("cases")?;
    let warnings: i64 = r.col("warnings")?;
    Ok((r.col("visits")?, cases + warnings))
}

/// What a registration did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Registered {
    pub visit_id: i64,
    /// Joined another unit's (or its own) visit of the same place and
    /// window: one code for both.
    pub joined: bool,
}

/// Registers `unit`'s inspection; the first problem found in what only
/// the database knows (a case of another unit, a warning not tasked to
/// the unit, an account not of the unit) is answered as a form problem.
pub async fn register(
    db: &Db,
    staff_id: i64,
    unit: &str,
    reg: &Registration,
    code: InspectionCode,
    now: DateTime<Utc>,
) -> Result<Result<Registered, Vec<Problem>>, DbError> {
    let mut tx = db.pool.begin().await?;
    // One registration of a place at a time: two units registering the
    // same window at once join one visit instead of making two.
    let locked = sqlx::query(
        "UPDATE sources SET updated_at = updated_at WHERE id = $1 AND merged_into IS NULL",
    )
    .bind(reg.source_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if locked != 1 {
        return Ok(Err(problem("source", FieldError::NotAChoice)));
    }
    let item = sqlx::query("SELECT id FROM inspection_items WHERE id = $1 AND active = 1")
        .bind(reg.item_id)
        .fetch_optional(&mut *tx)
        .await?;
    if item.is_none() {
        return Ok(Err(problem("item", FieldError::NotAChoice)));
    }
    let case_id: Option<i64> = match &reg.case_ref {
        Some(reference) => {
            let row = sqlx::query("SELECT id FROM cases WHERE reference = $1 AND unit = $2")
                .bind(reference.to_uppercase())
                .bind(unit)
                .fetch_optional(&mut *tx)
                .await?;
            match row {
                Some(r) => Some(r.col("id")?),
                None => return Ok(Err(problem("case_ref", FieldError::UnknownCase))),
            }
        }
        None => None,
    };
    if let Some(w) = reg.warning_id {
        let row = sqlx::query(
            "SELECT id FROM warnings WHERE id = $1 AND task_unit = $2 AND status = 'tasked'",
        )
        .bind(w)
        .bind(unit)
        .fetch_optional(&mut *tx)
        .await?;
        if row.is_none() {
            return Ok(Err(problem("warning", FieldError::NotAChoice)));
        }
    }
    for (i, (staff, _)) in reg.inspectors.iter().enumerate() {
        let row = sqlx::query(
            "SELECT id FROM staff_users WHERE id = $1 AND unit = $2 AND role = 'handler' AND active = 1",
        )
        .bind(staff)
        .bind(unit)
        .fetch_optional(&mut *tx)
        .await?;
        if row.is_none() {
            let field = ["inspector1", "inspector2", "inspector3"][i.min(2)];
            return Ok(Err(problem(field, FieldError::NotAChoice)));
        }
    }
    if reg.purpose == Purpose::Routine && !reg.quiet_confirmed {
        let (visits, causes) = quiet_counts(db, reg.source_id, now).await?;
        if domain::inspection::without_cause(visits, causes) {
            return Ok(Err(problem("quiet", FieldError::Required)));
        }
    }
    // A visit of the same place whose window meets this one, not revoked
    // and not yet done: this part joins it.
    let w = reg.window;
    let open = sqlx::query(
        "SELECT id, starts_at, ends_at FROM inspection_visits WHERE source_id = $1 \
         AND revoked_at IS NULL AND result_at IS NULL AND starts_at < $2 AND ends_at > $3 \
         ORDER BY id LIMIT 1",
    )
    .bind(reg.source_id)
    .bind(stamp(w.ends_at))
    .bind(stamp(w.starts_at))
    .fetch_optional(&mut *tx)
    .await?;
    let (visit_id, joined) = match open {
        Some(r) => {
            let id: i64 = r.col("id")?;
            let joint = Window {
                starts_at: r.instant("starts_at")?.min(w.starts_at),
                ends_at: r.instant("ends_at")?.max(w.ends_at),
            };
            sqlx::query("UPDATE inspection_visits SET starts_at = $1, ends_at = $2 WHERE id = $3")
                .bind(stamp(joint.starts_at))
                .bind(stamp(joint.ends_at))
                .bind(id)
                .execute(&mut *tx)
                .await?;
            (id, true)
        }
        None => {
            let id: i64 = sqlx::query(
                "INSERT INTO inspection_visits (code, source_id, starts_at, ends_at, created_at) \
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(code.as_str())
            .bind(reg.source_id)
            .bind(stamp(w.starts_at))
            .bind(stamp(w.ends_at))
            .bind(stamp(now))
            .fetch_one(&mut *tx)
            .await?
            .col("id")?;
            (id, false)
        }
    };
    let part_id: i64 = sqlx::query(
        "INSERT INTO inspection_parts (visit_id, unit, purpose, case_id, warning_id, item_id, \
         created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(visit_id)
    .bind(unit)
    .bind(reg.purpose.code())
    .bind(case_id)
    .bind(reg.warning_id)
    .bind(reg.item_id)
    .bind(staff_id)
    .bind(stamp(now))
    .fetch_one(&mut *tx)
    .await?
    .col("id")?;
    for (position, (staff, certificate)) in reg.inspectors.iter().enumerate() {
        sqlx::query(
            "INSERT INTO inspection_inspectors (part_id, staff_id, certificate, position) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(part_id)
        .bind(staff)
        .bind(certificate)
        .bind(position as i64)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE staff_users SET certificate = $1 WHERE id = $2")
            .bind(certificate)
            .bind(staff)
            .execute(&mut *tx)
            .await?;
    }
    let actor = Actor::Staff(staff_id);
    let data = serde_json::json!({
        "visit": visit_id, "part": part_id, "unit": unit, "purpose": reg.purpose.code(),
    })
    .to_string();
    let kind = if joined { "joined" } else { "registered" };
    log(&mut tx, visit_id, actor, kind, &data, now).await?;
    if let Some(case_id) = case_id {
        trail::append(
            &mut tx,
            case_id,
            actor,
            "inspection_registered",
            false,
            "",
            &data,
            now,
        )
        .await?;
    }
    if let Some(w) = reg.warning_id {
        super::warnings::log_event(&mut tx, w, actor, "inspection", "", &data, now).await?;
    }
    tx.commit().await?;
    Ok(Ok(Registered { visit_id, joined }))
}

/// The cases and warnings a visit's parts are about (for their trails).
async fn purposes_of(
    tx: &mut Transaction<'_, Any>,
    visit_id: i64,
) -> Result<(Vec<i64>, Vec<i64>), DbError> {
    let rows = sqlx::query("SELECT case_id, warning_id FROM inspection_parts WHERE visit_id = $1")
        .bind(visit_id)
        .fetch_all(&mut **tx)
        .await?;
    let (mut cases, mut warnings) = (Vec::new(), Vec::new());
    for r in rows {
        if let Some(c) = r.col::<Option<i64>>("case_id")? {
            cases.push(c);
        }
        if let Some(w) = r.col::<Option<i64>>("warning_id")? {
            warnings.push(w);
        }
    }
    Ok((cases, warnings))
}

/// Records the visit's result. False when it cannot be: revoked, already
/// recorded, not yet begun, or more than the grace period after its
/// window.
pub async fn record_result(
    db: &Db,
    visit_id: i64,
    staff_id: i64,
    findings: &str,
    measurements: &[Measurement],
    now: DateTime<Utc>,
) -> Result<bool, DbError> {
    let mut tx = db.pool.begin().await?;
    let latest = stamp(now - Duration::days(domain::inspection::RESULT_GRACE_DAYS));
    let done = sqlx::query(
        "UPDATE inspection_visits SET result_at = $1, result_by = $2, findings = $3 \
         WHERE id = $4 AND result_at IS NULL AND revoked_at IS NULL AND starts_at <= $1 \
         AND ends_at >= $5",
    )
    .bind(stamp(now))
    .bind(staff_id)
    .bind(findings)
    .bind(visit_id)
    .bind(latest)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if done != 1 {
        return Ok(false);
    }
    let source = sqlx::query(
        "SELECT s.kind, s.zone FROM inspection_visits v JOIN sources s ON s.id = v.source_id \
         WHERE v.id = $1",
    )
    .bind(visit_id)
    .fetch_one(&mut *tx)
    .await?;
    let kind = source.parsed("kind", |k| SourceKind::parse(k).ok())?;
    let zone = zone_of(&source)?;
    let mut over = Vec::new();
    for m in measurements {
        let limit = m.what.limit(kind, zone);
        let above = limit.as_ref().is_some_and(|l| exceeds(m.value, l));
        if above {
            over.push(m.what.code());
        }
        sqlx::query(
            "INSERT INTO inspection_measurements (visit_id, what, value, limit_value, standard, \
             exceeds) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(visit_id)
        .bind(m.what.code())
        .bind(m.value)
        .bind(limit.map(|l| l.value))
        .bind(limit.map(|l| l.standard).unwrap_or(""))
        .bind(i64::from(above))
        .execute(&mut *tx)
        .await?;
    }
    let actor = Actor::Staff(staff_id);
    let data = serde_json::json!({
        "visit": visit_id, "measurements": measurements.len(), "exceeds": over,
    })
    .to_string();
    log(&mut tx, visit_id, actor, "result", &data, now).await?;
    let (cases, warnings) = purposes_of(&mut tx, visit_id).await?;
    trail::append_to_each(&mut tx, &cases, actor, "inspection_result", "", &data, now).await?;
    for w in warnings {
        super::warnings::log_event(&mut tx, w, actor, "inspection_result", "", &data, now).await?;
    }
    tx.commit().await?;
    Ok(true)
}

fn zone_of(r: &AnyRow) -> Result<Option<AcousticZone>, DbError> {
    match r.col::<Option<String>>("zone")? {
        Some(z) => AcousticZone::parse(&z).map_err(|_| corrupt("zone", &z)),
        None => Ok(None),
    }
}

/// Revokes a visit not yet done. False when it is done or revoked.
pub async fn revoke(
    db: &Db,
    visit_id: i64,
    staff_id: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbError> {
    let mut tx = db.pool.begin().await?;
    let done = sqlx::query(
        "UPDATE inspection_visits SET revoked_at = $1, revoked_by = $2, revoke_reason = $3 \
         WHERE id = $4 AND revoked_at IS NULL AND result_at IS NULL",
    )
    .bind(stamp(now))
    .bind(staff_id)
    .bind(reason)
    .bind(visit_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if done != 1 {
        return Ok(false);
    }
    let actor = Actor::Staff(staff_id);
    let data = serde_json::json!({ "visit": visit_id }).to_string();
    log(&mut tx, visit_id, actor, "revoked", &data, now).await?;
    let (cases, _) = purposes_of(&mut tx, visit_id).await?;
    trail::append_to_each(
        &mut tx,
        &cases,
        actor,
        "inspection_revoked",
        reason,
        &data,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Photos a visit may hold.
pub const MAX_PHOTOS: i64 = 6;

/// Adds a site photo (already re-encoded and stored). False when the visit
/// has its photos, is revoked, or has no result yet.
pub async fn add_photo(
    db: &Db,
    visit_id: i64,
    staff_id: i64,
    keys: (&str, &str),
    (width, height, bytes): (u32, u32, usize),
    now: DateTime<Utc>,
) -> Result<bool, DbError> {
    let mut tx = db.pool.begin().await?;
    let open = sqlx::query(
        "UPDATE inspection_visits SET findings = findings WHERE id = $1 AND revoked_at IS NULL \
         AND result_at IS NOT NULL",
    )
    .bind(visit_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if open != 1 {
        return Ok(false);
    }
    let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM inspection_photos WHERE visit_id = $1")
        .bind(visit_id)
        .fetch_one(&mut *tx)
        .await?
        .col("n")?;
    if n >= MAX_PHOTOS {
        return Ok(false);
    }
    let id: i64 = sqlx::query(
        "INSERT INTO inspection_photos (visit_id, staff_id, object_key, thumb_key, width, height, \
         bytes, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(visit_id)
    .bind(staff_id)
    .bind(keys.0)
    .bind(keys.1)
    .bind(i64::from(width))
    .bind(i64::from(height))
    .bind(bytes as i64)
    .bind(stamp(now))
    .fetch_one(&mut *tx)
    .await?
    .col("id")?;
    let data = serde_json::json!({ "visit": visit_id, "photo": id }).to_string();
    log(
        &mut tx,
        visit_id,
        Actor::Staff(staff_id),
        "photo",
        &data,
        now,
    )
    .await?;
    let (cases, _) = purposes_of(&mut tx, visit_id).await?;
    trail::append_to_each(
        &mut tx,
        &cases,
        Actor::Staff(staff_id),
        "inspection_photo",
        "",
        &data,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// A stored photo's keys: (full, thumbnail).
pub async fn photo(db: &Db, visit_id: i64, id: i64) -> Result<Option<(String, String)>, DbError> {
    let row = sqlx::query(
        "SELECT object_key, thumb_key FROM inspection_photos WHERE visit_id = $1 AND id = $2",
    )
    .bind(visit_id)
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    row.map(|r| Ok((r.col("object_key")?, r.col("thumb_key")?)))
        .transpose()
}

/// How a rating went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rated {
    Done,
    /// Rated before: the first rating stays.
    Already,
    /// No result yet, or revoked: nothing to rate.
    NotRatable,
}

/// The business's one rating of a visit, by its code.
pub async fn rate(
    db: &Db,
    visit_id: i64,
    rating: Rating,
    comment: &str,
    now: DateTime<Utc>,
) -> Result<Rated, DbError> {
    let mut tx = db.pool.begin().await?;
    let done = sqlx::query(
        "UPDATE inspection_visits SET rating = $1, rating_comment = $2, rated_at = $3 \
         WHERE id = $4 AND rated_at IS NULL AND result_at IS NOT NULL AND revoked_at IS NULL",
    )
    .bind(rating.code())
    .bind(comment)
    .bind(stamp(now))
    .bind(visit_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if done != 1 {
        let r = sqlx::query("SELECT rated_at FROM inspection_visits WHERE id = $1")
            .bind(visit_id)
            .fetch_one(&mut *tx)
            .await?;
        return Ok(if r.col::<Option<String>>("rated_at")?.is_some() {
            Rated::Already
        } else {
            Rated::NotRatable
        });
    }
    // The log says that it was rated, never how.
    let data = serde_json::json!({ "visit": visit_id }).to_string();
    log(&mut tx, visit_id, Actor::Resident, "rated", &data, now).await?;
    tx.commit().await?;
    Ok(Rated::Done)
}

const VISIT_COLS: &str = "v.id, v.code, v.source_id, v.starts_at, v.ends_at, v.revoked_at, \
    v.revoke_reason, v.result_at, v.findings, v.rated_at, s.name AS source_name, \
    s.kind AS source_kind, s.address_public, s.town, s.zone";

/// The id of the visit with `code`.
pub async fn by_code(db: &Db, code: &InspectionCode) -> Result<Option<i64>, DbError> {
    let row = sqlx::query("SELECT id FROM inspection_visits WHERE code = $1")
        .bind(code.as_str())
        .fetch_optional(&db.pool)
        .await?;
    row.map(|r| r.col("id")).transpose()
}

/// A visit with its parts, measurements and photos.
pub async fn visit(db: &Db, id: i64, now: DateTime<Utc>) -> Result<Option<VisitView>, DbError> {
    let Some(r) = sqlx::query(&format!(
        "SELECT {VISIT_COLS} FROM inspection_visits v JOIN sources s ON s.id = v.source_id \
         WHERE v.id = $1"
    ))
    .bind(id)
    .fetch_optional(&db.pool)
    .await?
    else {
        return Ok(None);
    };
    let units = super::views::unit_choices(db).await?;
    let ends_at = r.instant("ends_at")?;
    let result_at = r.instant_opt("result_at")?;
    let revoked = r.col::<Option<String>>("revoked_at")?.is_some();
    let code: String = r.col("code")?;
    let code = InspectionCode::parse(&code).ok_or_else(|| corrupt("code", &code))?;
    let town: String = r.col("town")?;
    let mut v = VisitView {
        id,
        code: code.display(),
        status: Status::of(now, ends_at, result_at.is_some(), revoked),
        starts_at: r.instant("starts_at")?,
        ends_at,
        source_id: r.col("source_id")?,
        source_name: r.col("source_name")?,
        source_kind: r.parsed("source_kind", |k| SourceKind::parse(k).ok())?,
        source_place: r.col("address_public")?,
        town: choice(&units, &town),
        parts: Vec::new(),
        findings: r.col("findings")?,
        result_at,
        measurements: Vec::new(),
        photos: Vec::new(),
        revoke_reason: r.col("revoke_reason")?,
    };
    let parts = sqlx::query(
        "SELECT p.id AS part_id, p.unit, p.purpose, p.warning_id, c.reference, i.id, i.name_zh, i.name_en, \
         i.basis_zh, i.basis_en FROM inspection_parts p \
         JOIN inspection_items i ON i.id = p.item_id \
         LEFT JOIN cases c ON c.id = p.case_id WHERE p.visit_id = $1 ORDER BY p.id",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?;
    let inspectors = sqlx::query(
        "SELECT ii.part_id, ii.certificate, u.display_name FROM inspection_inspectors ii \
         JOIN inspection_parts p ON p.id = ii.part_id JOIN staff_users u ON u.id = ii.staff_id \
         WHERE p.visit_id = $1 ORDER BY ii.part_id, ii.position",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?;
    for p in &parts {
        let part_id: i64 = p.col("part_id")?;
        let unit: String = p.col("unit")?;
        let mut people = Vec::new();
        for i in &inspectors {
            if i.col::<i64>("part_id")? == part_id {
                let name: String = i.col("display_name")?;
                people.push(InspectorView {
                    surname: surname(&name),
                    name,
                    certificate: i.col("certificate")?,
                });
            }
        }
        v.parts.push(PartView {
            unit: choice(&units, &unit),
            purpose: p.parsed("purpose", Purpose::parse)?,
            case_ref: p.col("reference")?,
            warning_id: p.col("warning_id")?,
            item: item_choice(p)?,
            inspectors: people,
        });
    }
    v.measurements = measurements(db, &[id])
        .await?
        .into_iter()
        .map(|(_, m)| m)
        .collect();
    let photos = sqlx::query("SELECT id FROM inspection_photos WHERE visit_id = $1 ORDER BY id")
        .bind(id)
        .fetch_all(&db.pool)
        .await?;
    v.photos = photos
        .iter()
        .map(|r| r.col("id"))
        .collect::<Result<_, _>>()?;
    Ok(Some(v))
}

/// The measurements of these visits: (visit id, reading).
async fn measurements(db: &Db, visits: &[i64]) -> Result<Vec<(i64, MeasurementView)>, DbError> {
    if visits.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<String> = visits.iter().map(i64::to_string).collect();
    let rows = sqlx::query(&format!(
        "SELECT visit_id, what, value, limit_value, standard, exceeds \
         FROM inspection_measurements WHERE visit_id IN ({}) ORDER BY visit_id, id",
        ids.join(", ")
    ))
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.col("visit_id")?,
                MeasurementView {
                    what: r.parsed("what", Measured::parse)?,
                    value: r.col("value")?,
                    limit: r.col("limit_value")?,
                    standard: r.col("standard")?,
                    exceeds: r.col::<i64>("exceeds")? == 1,
                },
            ))
        })
        .collect()
}

/// The visit's log, oldest first.
pub async fn events(db: &Db, visit_id: i64) -> Result<Vec<VisitEventView>, DbError> {
    let rows = sqlx::query(
        "SELECT e.at, e.kind, e.actor, u.display_name FROM inspection_events e \
         LEFT JOIN staff_users u ON e.actor = 'staff:' || CAST(u.id AS TEXT) \
         WHERE e.visit_id = $1 ORDER BY e.id",
    )
    .bind(visit_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(VisitEventView {
                at: r.instant("at")?,
                kind: r.col("kind")?,
                actor: r.col::<Option<String>>("display_name")?.unwrap_or_default(),
            })
        })
        .collect()
}

/// The units with a part in the visit.
pub async fn visit_units(db: &Db, visit_id: i64) -> Result<Vec<String>, DbError> {
    let rows = sqlx::query("SELECT DISTINCT unit FROM inspection_parts WHERE visit_id = $1")
        .bind(visit_id)
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(|r| r.col("unit")).collect()
}

/// Visits, newest first: of one unit, or of one source, or all.
pub async fn list(
    db: &Db,
    unit: Option<&str>,
    source_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<Vec<VisitSummary>, DbError> {
    let rows = sqlx::query(
        "SELECT v.id, v.code, v.source_id, v.starts_at, v.ends_at, v.revoked_at, v.result_at, \
         s.name AS source_name, \
         (SELECT COUNT(*) FROM inspection_measurements m WHERE m.visit_id = v.id \
           AND m.exceeds = 1) AS over \
         FROM inspection_visits v JOIN sources s ON s.id = v.source_id \
         WHERE ($1 = '' OR EXISTS (SELECT 1 FROM inspection_parts p WHERE p.visit_id = v.id \
           AND p.unit = $1)) AND ($2 = 0 OR v.source_id = $2) \
         ORDER BY v.starts_at DESC, v.id DESC LIMIT 200",
    )
    .bind(unit.unwrap_or(""))
    .bind(source_id.unwrap_or(0))
    .fetch_all(&db.pool)
    .await?;
    let ids: Vec<String> = rows
        .iter()
        .map(|r| r.col::<i64>("id").map(|i| i.to_string()))
        .collect::<Result<_, _>>()?;
    let mut parts: Vec<(i64, String)> = Vec::new();
    if !ids.is_empty() {
        let p = sqlx::query(&format!(
            "SELECT DISTINCT visit_id, unit FROM inspection_parts WHERE visit_id IN ({})",
            ids.join(", ")
        ))
        .fetch_all(&db.pool)
        .await?;
        for r in p {
            parts.push((r.col("visit_id")?, r.col("unit")?));
        }
    }
    let units = super::views::unit_choices(db).await?;
    rows.iter()
        .map(|r| {
            let id: i64 = r.col("id")?;
            let ends_at = r.instant("ends_at")?;
            let code: String = r.col("code")?;
            let code = InspectionCode::parse(&code).ok_or_else(|| corrupt("code", &code))?;
            Ok(VisitSummary {
                id,
                code: code.display(),
                status: Status::of(
                    now,
                    ends_at,
                    r.col::<Option<String>>("result_at")?.is_some(),
                    r.col::<Option<String>>("revoked_at")?.is_some(),
                ),
                starts_at: r.instant("starts_at")?,
                ends_at,
                source_id: r.col("source_id")?,
                source_name: r.col("source_name")?,
                units: parts
                    .iter()
                    .filter(|(v, _)| *v == id)
                    .map(|(_, u)| choice(&units, u))
                    .collect(),
                exceeds: r.col::<i64>("over")? > 0,
            })
        })
        .collect()
}

/// A source's measurements, newest visit first: (code, reading).
pub async fn source_measurements(
    db: &Db,
    visits: &[VisitSummary],
) -> Result<Vec<(String, MeasurementView)>, DbError> {
    let ids: Vec<i64> = visits.iter().map(|v| v.id).collect();
    let all = measurements(db, &ids).await?;
    Ok(visits
        .iter()
        .flat_map(|v| {
            all.iter()
                .filter(|(id, _)| *id == v.id)
                .map(|(_, m)| (v.code.clone(), m.clone()))
        })
        .collect())
}

/// What the business sees of a visit.
pub async fn public_visit(
    db: &Db,
    id: i64,
    now: DateTime<Utc>,
) -> Result<Option<PublicVisit>, DbError> {
    let Some(v) = visit(db, id, now).await? else {
        return Ok(None);
    };
    let rated = sqlx::query("SELECT rated_at FROM inspection_visits WHERE id = $1")
        .bind(id)
        .fetch_one(&db.pool)
        .await?
        .col::<Option<String>>("rated_at")?
        .is_some();
    let mut units: Vec<Choice> = Vec::new();
    let mut purposes = Vec::new();
    let mut items: Vec<Choice> = Vec::new();
    let mut inspectors = Vec::new();
    for p in v.parts {
        if !units.iter().any(|u| u.code == p.unit.code) {
            units.push(p.unit);
        }
        if !purposes.contains(&p.purpose) {
            purposes.push(p.purpose);
        }
        if !items.iter().any(|i| i.code == p.item.code) {
            items.push(p.item);
        }
        for i in p.inspectors {
            inspectors.push((i.surname, i.certificate));
        }
    }
    Ok(Some(PublicVisit {
        code: v.code,
        status: v.status,
        source_name: v.source_name,
        units,
        inspectors,
        purposes,
        items,
        starts_at: v.starts_at,
        ends_at: v.ends_at,
        rated,
    }))
}

/// Per unit and Shanghai month, the last twelve months: parts, joint
/// visits, results, revocations, the businesses' ratings, and screening
/// tasks given. Inspections are thousands a year: read and counted here.
pub async fn stats(db: &Db, now: DateTime<Utc>) -> Result<Vec<StatsRow>, DbError> {
    let since = stamp(now - Duration::days(366));
    let rows = sqlx::query(
        "SELECT p.unit, v.starts_at, v.result_at, v.revoked_at, v.rating, \
         (SELECT COUNT(*) FROM inspection_parts q WHERE q.visit_id = v.id) AS parts \
         FROM inspection_parts p JOIN inspection_visits v ON v.id = p.visit_id \
         WHERE v.starts_at >= $1",
    )
    .bind(&since)
    .fetch_all(&db.pool)
    .await?;
    let tasks = sqlx::query(
        "SELECT task_unit, decided_at FROM warnings WHERE task_unit IS NOT NULL \
         AND decided_at >= $1",
    )
    .bind(&since)
    .fetch_all(&db.pool)
    .await?;
    let units = super::views::unit_choices(db).await?;
    let month = |at: DateTime<Utc>| domain::shanghai::local(at).format("%Y-%m").to_string();
    let mut out: Vec<StatsRow> = Vec::new();
    fn row<'a>(
        out: &'a mut Vec<StatsRow>,
        units: &[Choice],
        unit: &str,
        month: String,
    ) -> &'a mut StatsRow {
        let i = match out
            .iter()
            .position(|r| r.unit.code == unit && r.month == month)
        {
            Some(i) => i,
            None => {
                out.push(StatsRow {
                    unit: choice(units, unit),
                    month,
                    ..StatsRow::default()
                });
                out.len() - 1
            }
        };
        &mut out[i]
    }
    for r in &rows {
        let unit: String = r.col("unit")?;
        let m = month(r.instant("starts_at")?);
        let s = row(&mut out, &units, &unit, m);
        s.parts += 1;
        if r.col::<i64>("parts")? > 1 {
            s.joint += 1;
        }
        if r.col::<Option<String>>("result_at")?.is_some() {
            s.used += 1;
        }
        if r.col::<Option<String>>("revoked_at")?.is_some() {
            s.revoked += 1;
        }
        match r.parsed_opt("rating", Rating::parse)? {
            Some(Rating::Proper) => s.proper += 1,
            Some(Rating::MostlyProper) => s.mostly_proper += 1,
            Some(Rating::Improper) => s.improper += 1,
            None => {}
        }
    }
    for r in &tasks {
        let unit: String = r.col("task_unit")?;
        let Some(at) = r.instant_opt("decided_at")? else {
            continue;
        };
        row(&mut out, &units, &unit, month(at)).tasks += 1;
    }
    out.sort_by(|a, b| {
        b.month
            .cmp(&a.month)
            .then_with(|| a.unit.code.cmp(&b.unit.code))
    });
    Ok(out)
}
