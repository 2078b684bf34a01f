//! The register of pollution sources (`domain::source`): adding, editing,
//! listing and merging sources, and the suggestions a case is offered to
//! link to. Linking a case is a change to the case (`cases::link`).

use chrono::{DateTime, Utc};
use domain::complaint::filing::{GeoPoint, Problem};
use domain::complaint::input::FieldError;
use domain::source::{AcousticZone, Candidate, NewSource, SourceKind, Wanted, rank};
use sqlx::any::AnyRow;

use super::row::{Cols, corrupt};
use super::trail::{self, Actor};
use super::{Db, DbError};

/// A source as staff see it.
#[derive(Clone, Debug, PartialEq)]
pub struct Source {
    pub id: i64,
    pub name: String,
    pub kind: SourceKind,
    pub town: String,
    pub address: String,
    pub address_public: String,
    pub point: Option<GeoPoint>,
    pub operator: String,
    pub credit_code: Option<String>,
    pub zone: Option<AcousticZone>,
    pub merged_into: Option<i64>,
    /// Cases linked: open ones, and all.
    pub open_cases: i64,
    pub cases: i64,
}

const COLS: &str = "s.id, s.name, s.kind, s.town, s.address, s.address_public, s.latitude, \
                    s.longitude, s.operator, s.credit_code, s.zone, s.merged_into";

fn source_of(r: &AnyRow) -> Result<Source, DbError> {
    let latitude: Option<f64> = r.col("latitude")?;
    let longitude: Option<f64> = r.col("longitude")?;
    let zone: Option<String> = r.col("zone")?;
    Ok(Source {
        id: r.col("id")?,
        name: r.col("name")?,
        kind: r.parsed("kind", |k| SourceKind::parse(k).ok())?,
        town: r.col("town")?,
        address: r.col("address")?,
        address_public: r.col("address_public")?,
        point: latitude
            .zip(longitude)
            .map(|(latitude, longitude)| GeoPoint {
                latitude,
                longitude,
            }),
        operator: r.col("operator")?,
        credit_code: r.col("credit_code")?,
        zone: match zone {
            Some(z) => AcousticZone::parse(&z).map_err(|_| corrupt("zone", &z))?,
            None => None,
        },
        merged_into: r.col("merged_into")?,
        open_cases: r.col::<Option<i64>>("open_cases")?.unwrap_or(0),
        cases: r.col::<Option<i64>>("all_cases")?.unwrap_or(0),
    })
}

/// The counts of a source's cases, as columns.
fn counts() -> String {
    format!(
        "(SELECT COUNT(*) FROM cases c WHERE c.source_id = s.id AND c.status IN ({})) \
         AS open_cases, (SELECT COUNT(*) FROM cases c WHERE c.source_id = s.id) AS all_cases",
        super::cases::open_statuses()
    )
}

/// Adds a source; a credit code already registered is a problem of the
/// form, not an error.
pub async fn create(
    db: &Db,
    s: &NewSource,
    staff_id: i64,
    now: DateTime<Utc>,
) -> Result<Result<i64, Vec<Problem>>, DbError> {
    if let Some(code) = &s.credit_code
        && taken(db, code.as_str(), None).await?
    {
        return Ok(Err(vec![Problem {
            field: "credit_code",
            error: FieldError::Taken,
        }]));
    }
    let at = now.to_rfc3339();
    let inserted = sqlx::query(
        "INSERT INTO sources (name, kind, town, address, address_public, latitude, longitude, \
         operator, credit_code, zone, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id",
    )
    .bind(s.name.as_str())
    .bind(s.kind.code())
    .bind(&s.town)
    .bind(s.address.as_str())
    .bind(&s.address_public)
    .bind(s.point.map(|p| p.latitude))
    .bind(s.point.map(|p| p.longitude))
    .bind(s.operator.as_ref().map(|o| o.as_str()).unwrap_or(""))
    .bind(s.credit_code.as_ref().map(|c| c.as_str().to_owned()))
    .bind(s.zone.map(|z| z.code()))
    .bind(staff_id)
    .bind(&at)
    .fetch_one(&db.pool)
    .await;
    match inserted {
        Ok(row) => Ok(Ok(row.col("id")?)),
        // Two staff registering the same code at once: the unique index
        // decides, and the second is told as above.
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Ok(Err(vec![Problem {
            field: "credit_code",
            error: FieldError::Taken,
        }])),
        Err(e) => Err(e.into()),
    }
}

/// Whether another source (not `except`, not merged) has this code.
async fn taken(db: &Db, code: &str, except: Option<i64>) -> Result<bool, DbError> {
    Ok(sqlx::query(
        "SELECT id FROM sources WHERE credit_code = $1 AND merged_into IS NULL AND id <> $2",
    )
    .bind(code)
    .bind(except.unwrap_or(0))
    .fetch_optional(&db.pool)
    .await?
    .is_some())
}

/// Changes a source's fields.
pub async fn update(
    db: &Db,
    id: i64,
    s: &NewSource,
    now: DateTime<Utc>,
) -> Result<Result<(), Vec<Problem>>, DbError> {
    if let Some(code) = &s.credit_code
        && taken(db, code.as_str(), Some(id)).await?
    {
        return Ok(Err(vec![Problem {
            field: "credit_code",
            error: FieldError::Taken,
        }]));
    }
    let updated = sqlx::query(
        "UPDATE sources SET name = $1, kind = $2, town = $3, address = $4, address_public = $5, \
         latitude = $6, longitude = $7, operator = $8, credit_code = $9, zone = $10, \
         updated_at = $11 WHERE id = $12",
    )
    .bind(s.name.as_str())
    .bind(s.kind.code())
    .bind(&s.town)
    .bind(s.address.as_str())
    .bind(&s.address_public)
    .bind(s.point.map(|p| p.latitude))
    .bind(s.point.map(|p| p.longitude))
    .bind(s.operator.as_ref().map(|o| o.as_str()).unwrap_or(""))
    .bind(s.credit_code.as_ref().map(|c| c.as_str().to_owned()))
    .bind(s.zone.map(|z| z.code()))
    .bind(now.to_rfc3339())
    .bind(id)
    .execute(&db.pool)
    .await;
    match updated {
        Ok(_) => Ok(Ok(())),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Ok(Err(vec![Problem {
            field: "credit_code",
            error: FieldError::Taken,
        }])),
        Err(e) => Err(e.into()),
    }
}

/// One source.
pub async fn source(db: &Db, id: i64) -> Result<Option<Source>, DbError> {
    sqlx::query(&format!(
        "SELECT {COLS}, {} FROM sources s WHERE s.id = $1",
        counts()
    ))
    .bind(id)
    .fetch_optional(&db.pool)
    .await?
    .as_ref()
    .map(source_of)
    .transpose()
}

/// Which sources the register lists.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SourceQuery {
    /// Part of the name, address, operator or credit code.
    pub text: String,
    pub town: Option<String>,
    pub kind: Option<SourceKind>,
}

/// Sources, those with open cases first, at most 100.
pub async fn list(db: &Db, q: &SourceQuery) -> Result<Vec<Source>, DbError> {
    let mut sql = format!(
        "SELECT * FROM (SELECT {COLS}, {} FROM sources s WHERE s.merged_into IS NULL",
        counts()
    );
    let mut binds: Vec<String> = Vec::new();
    let text = q.text.trim();
    if !text.is_empty() {
        let escaped: String = text
            .chars()
            .take(50)
            .flat_map(|c| match c {
                '%' | '_' | '\\' => vec!['\\', c],
                c => vec![c],
            })
            .collect();
        binds.push(format!("%{escaped}%"));
        let n = binds.len();
        sql.push_str(&format!(
            " AND (s.name LIKE ${n} ESCAPE '\\' OR s.address LIKE ${n} ESCAPE '\\' \
             OR s.operator LIKE ${n} ESCAPE '\\' OR s.credit_code LIKE ${n} ESCAPE '\\')"
        ));
    }
    if let Some(town) = &q.town {
        binds.push(town.clone());
        sql.push_str(&format!(" AND s.town = ${}", binds.len()));
    }
    if let Some(kind) = q.kind {
        binds.push(kind.code().to_owned());
        sql.push_str(&format!(" AND s.kind = ${}", binds.len()));
    }
    sql.push_str(") x ORDER BY open_cases DESC, all_cases DESC, name, id LIMIT 100");
    let mut query = sqlx::query(&sql);
    for b in &binds {
        query = query.bind(b);
    }
    query
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(source_of)
        .collect()
}

/// A suggested source for a case, with its score (0 to 1).
#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion {
    pub source: Source,
    pub score: f64,
}

/// The sources a case is most likely about, best first (at most five):
/// those of its town, and those within 500 m of its point.
pub async fn suggestions(db: &Db, wanted: &Wanted) -> Result<Vec<Suggestion>, DbError> {
    let ((lat0, lat1), (lon0, lon1)) = match wanted.point {
        Some(p) => (
            (p.latitude - 0.0045, p.latitude + 0.0045),
            (p.longitude - 0.0053, p.longitude + 0.0053),
        ),
        None => ((1.0, -1.0), (1.0, -1.0)),
    };
    let rows = sqlx::query(&format!(
        "SELECT {COLS}, {} FROM sources s WHERE s.merged_into IS NULL AND (s.town = $1 \
         OR (s.latitude BETWEEN $2 AND $3 AND s.longitude BETWEEN $4 AND $5)) LIMIT 2000",
        counts()
    ))
    .bind(&wanted.town)
    .bind(lat0)
    .bind(lat1)
    .bind(lon0)
    .bind(lon1)
    .fetch_all(&db.pool)
    .await?;
    let sources: Vec<Source> = rows.iter().map(source_of).collect::<Result<_, _>>()?;
    let candidates: Vec<Candidate> = sources
        .iter()
        .map(|s| Candidate {
            id: s.id,
            name: s.name.clone(),
            town: s.town.clone(),
            road: s.address_public.clone(),
            point: s.point,
        })
        .collect();
    Ok(rank(wanted, &candidates, 5)
        .into_iter()
        .filter_map(|(id, score)| {
            sources.iter().find(|s| s.id == id).map(|s| Suggestion {
                source: s.clone(),
                score,
            })
        })
        .collect())
}

/// A case of a source, for its page.
#[derive(Clone, Debug, PartialEq)]
pub struct SourceCase {
    pub reference: String,
    pub category: String,
    pub status: String,
    pub submitted_at: DateTime<Utc>,
    pub unit: Option<String>,
}

/// A source's cases, newest first (at most 500).
pub async fn cases_of(db: &Db, source_id: i64) -> Result<Vec<SourceCase>, DbError> {
    sqlx::query(
        "SELECT reference, category, status, submitted_at, unit FROM cases \
         WHERE source_id = $1 ORDER BY submitted_at DESC, id DESC LIMIT 500",
    )
    .bind(source_id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok(SourceCase {
            reference: r.col("reference")?,
            category: r.col("category")?,
            status: r.col("status")?,
            submitted_at: r.instant("submitted_at")?,
            unit: r.col("unit")?,
        })
    })
    .collect()
}

/// Why two sources were not merged.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    #[error("no such source, or merged already")]
    NotFound,
    #[error("a source cannot be merged into itself")]
    Same,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sqlx::Error> for MergeError {
    fn from(e: sqlx::Error) -> MergeError {
        MergeError::Db(e.into())
    }
}

/// The name of the source `from` would be merged into, when both are in
/// the register (for the confirmation a merge asks first).
pub async fn merge_target(db: &Db, from: i64, into: i64) -> Result<String, MergeError> {
    if from == into {
        return Err(MergeError::Same);
    }
    let live = |s: &Option<Source>| s.as_ref().is_some_and(|s| s.merged_into.is_none());
    let (a, b) = (source(db, from).await?, source(db, into).await?);
    match (live(&a), b) {
        (true, Some(b)) if b.merged_into.is_none() => Ok(b.name),
        _ => Err(MergeError::NotFound),
    }
}

/// Merges source `from` into `into`: its cases, warnings and inspection
/// visits move, each case's move is in its trail, and `from` points at
/// `into` from then on.
pub async fn merge(
    db: &Db,
    from: i64,
    into: i64,
    staff_id: i64,
    now: DateTime<Utc>,
) -> Result<usize, MergeError> {
    if from == into {
        return Err(MergeError::Same);
    }
    let mut tx = db.begin_write().await?;
    let at = now.to_rfc3339();
    // Both must be in the register still; `from` is claimed first, so a
    // second merge of it finds nothing.
    let claimed = sqlx::query(
        "UPDATE sources SET merged_into = $1, updated_at = $2 \
         WHERE id = $3 AND merged_into IS NULL \
         AND EXISTS (SELECT 1 FROM sources t WHERE t.id = $1 AND t.merged_into IS NULL)",
    )
    .bind(into)
    .bind(&at)
    .bind(from)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if claimed != 1 {
        return Err(MergeError::NotFound);
    }
    let moved: Vec<i64> = sqlx::query("SELECT id FROM cases WHERE source_id = $1 ORDER BY id")
        .bind(from)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|r| r.col("id"))
        .collect::<Result<_, _>>()?;
    sqlx::query("UPDATE cases SET source_id = $1 WHERE source_id = $2")
        .bind(into)
        .bind(from)
        .execute(&mut *tx)
        .await?;
    super::stats::relink(&mut tx, db.engine, &[into], &[]).await?;
    // Its warnings are about the merged source from now on (they keep
    // their rule and subject key; later complaints join the merged
    // source's own warnings).
    sqlx::query("UPDATE warnings SET source_id = $1 WHERE source_id = $2")
        .bind(into)
        .bind(from)
        .execute(&mut *tx)
        .await?;
    // Its inspections are of the same place: the merged source's page
    // shows them, and its "no disturbance without cause" count has them.
    sqlx::query("UPDATE inspection_visits SET source_id = $1 WHERE source_id = $2")
        .bind(into)
        .bind(from)
        .execute(&mut *tx)
        .await?;
    let data = serde_json::json!({ "source": into, "was": from }).to_string();
    trail::append_to_each(
        &mut tx,
        &moved,
        Actor::Staff(staff_id),
        "source_merged",
        "",
        &data,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(moved.len())
}
