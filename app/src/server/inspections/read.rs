//! What the pages of inspections read: a visit with its parts, readings,
//! photos and log; the lists; the public view of a code; the statistics;
//! the items and the officers a unit may name.

use chrono::{DateTime, Duration, Utc};
use domain::inspection::{
    InspectionCode, Measured, Purpose, QUIET_DAYS, Rating, Status, item_kinds, surname,
};
use domain::source::{AcousticZone, SourceKind};
use sqlx::any::AnyRow;

use super::stamp;
use crate::api::complaints::Choice;
use crate::api::inspections::{
    InspectorChoice, InspectorView, ItemRow, MeasurementView, PartView, PublicVisit, StatsRow,
    VisitEventView, VisitSummary, VisitView,
};
use crate::server::row::{Cols, corrupt};
use crate::server::views::choice;
use crate::server::{Db, DbError};

/// The inspection items, as choices (name; legal basis as the hint).
pub async fn items(db: &Db, active_only: bool) -> Result<Vec<ItemRow>, DbError> {
    let rows = sqlx::query(
        "SELECT id, name_zh, name_en, basis_zh, basis_en, active, kinds FROM inspection_items \
         ORDER BY id",
    )
    .fetch_all(&db.pool)
    .await?;
    let mut out = Vec::new();
    for r in rows {
        let active = r.col::<i64>("active")? == 1;
        if active_only && !active {
            continue;
        }
        out.push(ItemRow {
            id: r.col("id")?,
            active,
            item: item_choice(&r)?,
            kinds: item_kinds(&r.col::<String>("kinds")?),
        });
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

const VISIT_COLS: &str = "v.id, v.code, v.source_id, v.starts_at, v.ends_at, v.revoked_at, \
    v.revoke_reason, v.result_at, v.findings, v.rated_at, v.rating_key, v.rating_key_at, \
    s.name AS source_name, \
    s.kind AS source_kind, s.address_public, s.town, s.zone";

/// The id of the visit with `code`.
pub async fn by_code(db: &Db, code: &InspectionCode) -> Result<Option<i64>, DbError> {
    let row = sqlx::query("SELECT id FROM inspection_visits WHERE code = $1")
        .bind(code.as_str())
        .fetch_optional(&db.pool)
        .await?;
    row.map(|r| r.col("id")).transpose()
}

/// The source a visit is at: what its result may measure, and the limits
/// that apply.
pub(super) const PLACE_OF_VISIT: &str = "SELECT s.kind, s.zone FROM inspection_visits v \
    JOIN sources s ON s.id = v.source_id WHERE v.id = $1";

/// The kind of source and acoustic zone of a [`PLACE_OF_VISIT`] row.
pub(super) fn place(r: &AnyRow) -> Result<(SourceKind, Option<AcousticZone>), DbError> {
    Ok((
        r.parsed("kind", |k| SourceKind::parse(k).ok())?,
        zone_of(r)?,
    ))
}

pub(super) fn zone_of(r: &AnyRow) -> Result<Option<AcousticZone>, DbError> {
    match r.col::<Option<String>>("zone")? {
        Some(z) => AcousticZone::parse(&z).map_err(|_| corrupt("zone", &z)),
        None => Ok(None),
    }
}

/// The kind of source a visit is at (what its result may measure).
pub async fn source_kind(db: &Db, visit_id: i64) -> Result<Option<SourceKind>, DbError> {
    let row = sqlx::query(PLACE_OF_VISIT)
        .bind(visit_id)
        .fetch_optional(&db.pool)
        .await?;
    row.map(|r| place(&r).map(|(kind, _)| kind)).transpose()
}

/// A visit with its parts, measurements and photos.
pub async fn visit(db: &Db, id: i64, now: DateTime<Utc>) -> Result<Option<VisitView>, DbError> {
    Ok(visit_and_rating(db, id, now).await?.map(|(v, _)| v))
}

/// Where the business's rating of a visit stands (never how it rated).
struct RatingState {
    rated: bool,
    /// The hash of the rating key, once a phone took it, and when.
    key: Option<String>,
    key_at: Option<DateTime<Utc>>,
}

/// [`visit`], and where its rating stands.
async fn visit_and_rating(
    db: &Db,
    id: i64,
    now: DateTime<Utc>,
) -> Result<Option<(VisitView, RatingState)>, DbError> {
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
    let units = crate::server::views::unit_choices(db).await?;
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
        source_zone: zone_of(&r)?,
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
    let rating = RatingState {
        rated: r.col::<Option<String>>("rated_at")?.is_some(),
        key: r.col("rating_key")?,
        key_at: r.instant_opt("rating_key_at")?,
    };
    Ok(Some((v, rating)))
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

/// Visits on one page of a list.
pub const PAGE_SIZE: i64 = 50;

/// Visits, newest first: of one unit, or of one source, or all; the
/// `page`th page of [`PAGE_SIZE`], and whether there are more.
pub async fn list(
    db: &Db,
    unit: Option<&str>,
    source_id: Option<i64>,
    page: i64,
    now: DateTime<Utc>,
) -> Result<(Vec<VisitSummary>, bool), DbError> {
    let rows = sqlx::query(
        "SELECT v.id, v.code, v.source_id, v.starts_at, v.ends_at, v.revoked_at, v.result_at, \
         s.name AS source_name, \
         (SELECT COUNT(*) FROM inspection_measurements m WHERE m.visit_id = v.id \
           AND m.exceeds = 1) AS over \
         FROM inspection_visits v JOIN sources s ON s.id = v.source_id \
         WHERE ($1 = '' OR EXISTS (SELECT 1 FROM inspection_parts p WHERE p.visit_id = v.id \
           AND p.unit = $1)) AND ($2 = 0 OR v.source_id = $2) \
         ORDER BY v.starts_at DESC, v.id DESC LIMIT $3 OFFSET $4",
    )
    .bind(unit.unwrap_or(""))
    .bind(source_id.unwrap_or(0))
    .bind(PAGE_SIZE + 1)
    .bind(page.clamp(0, 10_000) * PAGE_SIZE)
    .fetch_all(&db.pool)
    .await?;
    let more = rows.len() as i64 > PAGE_SIZE;
    let rows = &rows[..rows.len().min(PAGE_SIZE as usize)];
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
    let units = crate::server::views::unit_choices(db).await?;
    let visits = rows
        .iter()
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
        .collect::<Result<_, DbError>>()?;
    Ok((visits, more))
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

/// What the business sees of a visit; `key_hash` is the hash of the
/// rating key this phone's cookie holds, if any.
pub async fn public_visit(
    db: &Db,
    id: i64,
    now: DateTime<Utc>,
    key_hash: Option<&str>,
) -> Result<Option<PublicVisit>, DbError> {
    let Some((v, rating)) = visit_and_rating(db, id, now).await? else {
        return Ok(None);
    };
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
        rated: rating.rated,
        holder: key_hash.is_some() && rating.key.as_deref() == key_hash,
        key_taken_at: rating.key_at,
    }))
}

/// Per unit and Shanghai month, the last twelve months: parts, joint
/// visits, results, revocations, the businesses' ratings, and screening
/// tasks given. Inspections are thousands a year: read and counted here.
pub async fn stats(db: &Db, now: DateTime<Utc>) -> Result<Vec<StatsRow>, DbError> {
    let since = stamp(now - Duration::days(366));
    // One row per unit and visit (a unit with two parts in one visit
    // visited once); joint when more than one unit took part.
    let rows = sqlx::query(
        "SELECT DISTINCT p.unit, v.id, v.starts_at, v.result_at, v.revoked_at, v.rating, \
         (SELECT COUNT(DISTINCT q.unit) FROM inspection_parts q WHERE q.visit_id = v.id) \
           AS units \
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
    let units = crate::server::views::unit_choices(db).await?;
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
        if r.col::<i64>("units")? > 1 {
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
