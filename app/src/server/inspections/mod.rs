//! Site inspections and their codes (`domain::inspection`): registering a
//! visit (joining an overlapping one of the same place), the result, the
//! photos, revoking, the business's rating, and what the pages read.
//!
//! Every change writes the visit's own log (`inspection_events`); a part
//! that checks a case also appends to that case's trail, and a screening
//! task's part to its warning's log. What the pages read is in `read`;
//! the business's rating is in `rating`.

use chrono::{DateTime, Duration, Utc};
use domain::complaint::filing::Problem;
use domain::complaint::input::FieldError;
use domain::inspection::{InspectionCode, Measurement, Purpose, Registration, Window};
use domain::source::{SourceKind, exceeds};
use sqlx::any::AnyRow;
use sqlx::{Any, Transaction};

use super::row::Cols;
use super::trail::{self, Actor};
use super::{Db, DbError};
use crate::api::inspections::ItemForm;

mod rating;
mod read;

pub use rating::{Claimed, Rated, claim, rate};
pub use read::{
    PAGE_SIZE, by_code, events, items, list, photo, public_visit, quiet_counts, source_kind,
    source_measurements, stats, unit_staff, visit, visit_units,
};

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
        "INSERT INTO inspection_items (name_zh, name_en, basis_zh, basis_en, kinds, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(name_zh)
    .bind(name_en)
    .bind(basis_zh)
    .bind(basis_en)
    .bind(domain::inspection::item_kinds_stored(&form.kinds()))
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

/// What a registration did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Registered {
    pub visit_id: i64,
    /// Joined another unit's (or its own) visit of the same place and
    /// window: one code for both.
    pub joined: bool,
    /// The unit had registered this very part of the visit already (the
    /// form sent twice): nothing was added…
    pub again: bool,
    /// …but the window, which now covers the one given too.
    pub widened: bool,
}

/// Registers `unit`'s inspection; the first problem found in what only
/// the database knows (a case of another unit or about another place, a
/// warning not tasked to the unit or about another place, a routine check
/// outside the unit's town, an account not of the unit, a certificate
/// number of another officer) is answered as a form problem.
pub async fn register(
    db: &Db,
    staff_id: i64,
    unit: &str,
    reg: &Registration,
    code: InspectionCode,
    now: DateTime<Utc>,
) -> Result<Result<Registered, Vec<Problem>>, DbError> {
    let mut tx = db.begin_write().await?;
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
    let place = sqlx::query(
        "SELECT s.town, s.kind, u.area FROM sources s JOIN units u ON u.code = $2 WHERE s.id = $1",
    )
    .bind(reg.source_id)
    .bind(unit)
    .fetch_one(&mut *tx)
    .await?;
    let town: String = place.col("town")?;
    // A town's or subdistrict's unit inspects in its own area; district
    // departments (the enforcement team) anywhere.
    let local_unit = place.col::<i64>("area")? == 1;
    // A case or warning is a reason to visit the place it is about: the
    // source it is linked to, or, without one, a place in the same town.
    let about_here = |r: &AnyRow| -> Result<bool, DbError> {
        Ok(match r.col::<Option<i64>>("source_id")? {
            Some(s) => s == reg.source_id,
            None => r.col::<String>("town")? == town,
        })
    };
    // An item offered, and one for this kind of place.
    let kind = place.parsed("kind", |k| SourceKind::parse(k).ok())?;
    let item = sqlx::query("SELECT kinds FROM inspection_items WHERE id = $1 AND active = 1")
        .bind(reg.item_id)
        .fetch_optional(&mut *tx)
        .await?;
    let applies = match item {
        Some(r) => domain::inspection::item_applies(&r.col::<String>("kinds")?, kind),
        None => false,
    };
    if !applies {
        return Ok(Err(problem("item", FieldError::NotAChoice)));
    }
    let case_id: Option<i64> = match &reg.case_ref {
        Some(reference) => {
            let row = sqlx::query(
                "SELECT id, source_id, town FROM cases WHERE reference = $1 AND unit = $2",
            )
            .bind(domain::complaint::input::half_width(reference).to_uppercase())
            .bind(unit)
            .fetch_optional(&mut *tx)
            .await?;
            match row {
                Some(r) if about_here(&r)? => Some(r.col("id")?),
                Some(_) => return Ok(Err(problem("case_ref", FieldError::OutOfArea))),
                None => return Ok(Err(problem("case_ref", FieldError::UnknownCase))),
            }
        }
        None => None,
    };
    if let Some(w) = reg.warning_id {
        let row = sqlx::query(
            "SELECT id, source_id, town FROM warnings WHERE id = $1 AND task_unit = $2 \
             AND status = 'tasked'",
        )
        .bind(w)
        .bind(unit)
        .fetch_optional(&mut *tx)
        .await?;
        match row {
            Some(r) if about_here(&r)? => {}
            Some(_) => return Ok(Err(problem("warning", FieldError::OutOfArea))),
            None => return Ok(Err(problem("warning", FieldError::NotAChoice))),
        }
    }
    if reg.purpose == Purpose::Routine && local_unit && town != unit {
        return Ok(Err(problem("source", FieldError::OutOfArea)));
    }
    // The certificate numbers on file before this registration, to log a
    // change (renewed certificates get new numbers).
    let mut on_file: Vec<Option<String>> = Vec::new();
    for (i, (staff, certificate)) in reg.inspectors.iter().enumerate() {
        let row = sqlx::query(
            "SELECT certificate FROM staff_users WHERE id = $1 AND unit = $2 \
             AND role = 'handler' AND active = 1",
        )
        .bind(staff)
        .bind(unit)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            let field = ["inspector1", "inspector2", "inspector3"][i.min(2)];
            return Ok(Err(problem(field, FieldError::NotAChoice)));
        };
        on_file.push(row.col("certificate")?);
        let other = sqlx::query("SELECT id FROM staff_users WHERE certificate = $1 AND id <> $2")
            .bind(certificate)
            .bind(staff)
            .fetch_optional(&mut *tx)
            .await?;
        if other.is_some() {
            let field = ["cert1", "cert2", "cert3"][i.min(2)];
            return Ok(Err(problem(field, FieldError::Taken)));
        }
    }
    if reg.purpose == Purpose::Routine && !reg.quiet_confirmed {
        let (visits, causes) = quiet_counts(db, reg.source_id, now).await?;
        if domain::inspection::without_cause(visits, causes) {
            return Ok(Err(problem("quiet", FieldError::Required)));
        }
    }
    // A visit of the same place whose window meets this one, not revoked
    // and not yet done, and that with this window stays within a joint
    // visit's longest: this part joins it. One that would grow longer is
    // refused: two live codes for one place at one time would let either
    // be shown, and the business could not tell which visit is real.
    let w = reg.window;
    let overlapping = sqlx::query(
        "SELECT id, starts_at, ends_at FROM inspection_visits WHERE source_id = $1 \
         AND revoked_at IS NULL AND result_at IS NULL AND starts_at < $2 AND ends_at > $3 \
         ORDER BY id LIMIT 20",
    )
    .bind(reg.source_id)
    .bind(stamp(w.ends_at))
    .bind(stamp(w.starts_at))
    .fetch_all(&mut *tx)
    .await?;
    let mut open = None;
    for r in &overlapping {
        let theirs = Window {
            starts_at: r.instant("starts_at")?,
            ends_at: r.instant("ends_at")?,
        };
        if let Some(joint) = theirs.joined(&w) {
            open = Some((r.col::<i64>("id")?, theirs, joint));
            break;
        }
    }
    if open.is_none() && !overlapping.is_empty() {
        return Ok(Err(problem("to", FieldError::Taken)));
    }
    if let Some((id, theirs, joint)) = open {
        // The same part registered again (a form sent twice): the visit as
        // it is, nothing added.
        let same = sqlx::query(
            "SELECT id FROM inspection_parts WHERE visit_id = $1 AND unit = $2 AND purpose = $3 \
             AND COALESCE(case_id, 0) = $4 AND COALESCE(warning_id, 0) = $5",
        )
        .bind(id)
        .bind(unit)
        .bind(reg.purpose.code())
        .bind(case_id.unwrap_or(0))
        .bind(reg.warning_id.unwrap_or(0))
        .fetch_optional(&mut *tx)
        .await?;
        if same.is_some() {
            // Sent again with a window reaching further: the visit's
            // window grows to cover it (within the longest), and says so.
            let widened = joint != theirs;
            if widened {
                set_window(&mut tx, id, joint).await?;
                let data = serde_json::json!({
                    "visit": id, "starts_at": stamp(joint.starts_at), "ends_at": stamp(joint.ends_at),
                })
                .to_string();
                log(&mut tx, id, Actor::Staff(staff_id), "window", &data, now).await?;
                tx.commit().await?;
            }
            return Ok(Ok(Registered {
                visit_id: id,
                joined: true,
                again: true,
                widened,
            }));
        }
    }
    let (visit_id, joined) = match open {
        Some((id, _, joint)) => {
            set_window(&mut tx, id, joint).await?;
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
    let actor = Actor::Staff(staff_id);
    for (position, ((staff, certificate), before)) in
        reg.inspectors.iter().zip(&on_file).enumerate()
    {
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
        if before.as_deref() == Some(certificate.as_str()) {
            continue;
        }
        sqlx::query("UPDATE staff_users SET certificate = $1 WHERE id = $2")
            .bind(certificate)
            .bind(staff)
            .execute(&mut *tx)
            .await?;
        // A number on file replaced: said in the visit's log, with both.
        if let Some(before) = before {
            let data = serde_json::json!({
                "staff": staff, "from": before, "to": certificate,
            })
            .to_string();
            log(&mut tx, visit_id, actor, "certificate", &data, now).await?;
        }
    }
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
    Ok(Ok(Registered {
        visit_id,
        joined,
        again: false,
        widened: false,
    }))
}

async fn set_window(
    tx: &mut Transaction<'_, Any>,
    visit_id: i64,
    window: Window,
) -> Result<(), DbError> {
    sqlx::query("UPDATE inspection_visits SET starts_at = $1, ends_at = $2 WHERE id = $3")
        .bind(stamp(window.starts_at))
        .bind(stamp(window.ends_at))
        .bind(visit_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
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
    let mut tx = db.begin_write().await?;
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
    let source = sqlx::query(read::PLACE_OF_VISIT)
        .bind(visit_id)
        .fetch_one(&mut *tx)
        .await?;
    let (kind, zone) = read::place(&source)?;
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

/// Revokes a visit not yet done. False when it is done or revoked.
pub async fn revoke(
    db: &Db,
    visit_id: i64,
    staff_id: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbError> {
    let mut tx = db.begin_write().await?;
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

/// Why a photo was not added.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhotoRefused {
    /// The result is not recorded yet: photos belong to it.
    NoResult,
    /// The visit has [`MAX_PHOTOS`] already.
    Full,
    /// Revoked: there was no visit to take photos of.
    Revoked,
}

/// What decides whether a visit takes one more photo.
const PHOTO_STATE: &str = "SELECT revoked_at, result_at, \
    (SELECT COUNT(*) FROM inspection_photos p WHERE p.visit_id = v.id) AS n \
    FROM inspection_visits v WHERE v.id = $1";

fn photo_verdict(r: &AnyRow) -> Result<Result<(), PhotoRefused>, DbError> {
    Ok(if r.col::<Option<String>>("revoked_at")?.is_some() {
        Err(PhotoRefused::Revoked)
    } else if r.col::<Option<String>>("result_at")?.is_none() {
        Err(PhotoRefused::NoResult)
    } else if r.col::<i64>("n")? >= MAX_PHOTOS {
        Err(PhotoRefused::Full)
    } else {
        Ok(())
    })
}

/// Whether a photo may be added to the visit now (asked before the upload
/// is read, and again when it is added).
pub async fn photo_allowed(db: &Db, visit_id: i64) -> Result<Result<(), PhotoRefused>, DbError> {
    let r = sqlx::query(PHOTO_STATE)
        .bind(visit_id)
        .fetch_one(&db.pool)
        .await?;
    photo_verdict(&r)
}

/// Adds a site photo (already re-encoded and stored); why not, when the
/// visit has its photos, is revoked, or has no result yet.
pub async fn add_photo(
    db: &Db,
    visit_id: i64,
    staff_id: i64,
    keys: (&str, &str),
    (width, height, bytes): (u32, u32, usize),
    now: DateTime<Utc>,
) -> Result<Result<(), PhotoRefused>, DbError> {
    let mut tx = db.begin_write().await?;
    // Locks the visit: two uploads at once count one after the other.
    sqlx::query("UPDATE inspection_visits SET findings = findings WHERE id = $1")
        .bind(visit_id)
        .execute(&mut *tx)
        .await?;
    let r = sqlx::query(PHOTO_STATE)
        .bind(visit_id)
        .fetch_one(&mut *tx)
        .await?;
    if let Err(refused) = photo_verdict(&r)? {
        return Ok(Err(refused));
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
    Ok(Ok(()))
}
