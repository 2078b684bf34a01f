//! A case's link to the source it is about: linking, unlinking, and a new
//! source made from the case's own answers. Each is an event in the
//! case's trail (staff only: nothing of it reaches the resident or the
//! public), and linking judges the case again by the early-warning rules
//! in the same transaction, so the warning it raises is there when the
//! page comes back.

use chrono::{DateTime, Utc};
use domain::complaint::address;
use domain::complaint::filing::{Details, GeoPoint};
use domain::complaint::input::{AddressText, SourceName};
use domain::source::{SourceKind, Wanted};

use sqlx::{Any, Transaction};

use super::transitions::lock;
use crate::server::row::Cols;
use crate::server::trail::{self, Actor};
use crate::server::{Db, DbError, Engine, stats, warnings};

/// Why a link was not made.
#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    #[error("no such case")]
    NoCase,
    #[error("no such source, or merged into another")]
    NoSource,
    /// The case's answers do not make a source (no name or place).
    #[error("the case's answers do not name a source")]
    NothingToName,
    /// A new source for a case linked already (a second tap, or two at
    /// once): nothing is made.
    #[error("the case is linked to a source already")]
    AlreadyLinked,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sqlx::Error> for LinkError {
    fn from(e: sqlx::Error) -> LinkError {
        LinkError::Db(e.into())
    }
}

impl From<super::ActError> for LinkError {
    fn from(e: super::ActError) -> LinkError {
        match e {
            super::ActError::Db(e) => LinkError::Db(e),
            _ => LinkError::NoCase,
        }
    }
}

/// What a case says about the place it is about, to find its source: the
/// business's name from a fumes complaint, its town, road and point.
pub async fn wanted(db: &Db, case_id: i64) -> Result<Option<Wanted>, DbError> {
    let Some(r) = sqlx::query(
        "SELECT town, address_public, latitude, longitude, details FROM cases WHERE id = $1",
    )
    .bind(case_id)
    .fetch_optional(&db.pool)
    .await?
    else {
        return Ok(None);
    };
    let details: Details = r.json("details")?;
    let latitude: Option<f64> = r.col("latitude")?;
    let longitude: Option<f64> = r.col("longitude")?;
    Ok(Some(wanted_from(
        &details,
        r.col("town")?,
        r.col("address_public")?,
        latitude.zip(longitude),
    )))
}

/// What a case's answers say about its source: the business's name from a
/// fumes complaint, and its town, road and point.
pub fn wanted_from(
    details: &Details,
    town: String,
    road: String,
    point: Option<(f64, f64)>,
) -> Wanted {
    Wanted {
        name: match details {
            Details::Fumes { business, .. } => Some(business.as_str().to_owned()),
            Details::Noise { .. } => None,
        },
        town,
        road,
        point: point.map(|(latitude, longitude)| GeoPoint {
            latitude,
            longitude,
        }),
    }
}

/// Links the case to a source in the register; the warnings the case
/// raised or joined.
pub async fn link_source(
    db: &Db,
    case_id: i64,
    source_id: i64,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Vec<i64>, LinkError> {
    let mut tx = db.begin_write().await?;
    // The source first, then the case (as a merge takes them): two links
    // to one source queue here, so the second judges the case with the
    // first's link in sight (a warning is neither missed nor doubled).
    let locked = sqlx::query(
        "UPDATE sources SET updated_at = updated_at WHERE id = $1 AND merged_into IS NULL",
    )
    .bind(source_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if locked != 1 {
        return Err(LinkError::NoSource);
    }
    lock(&mut tx, case_id, None).await?;
    let raised = link_in(&mut tx, db.engine, case_id, source_id, actor, now).await?;
    tx.commit().await?;
    Ok(raised)
}

/// The link, in the caller's transaction (the source and case locked).
async fn link_in(
    tx: &mut Transaction<'_, Any>,
    engine: Engine,
    case_id: i64,
    source_id: i64,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Vec<i64>, LinkError> {
    let Some(source) =
        sqlx::query("SELECT name FROM sources WHERE id = $1 AND merged_into IS NULL")
            .bind(source_id)
            .fetch_optional(&mut **tx)
            .await?
    else {
        return Err(LinkError::NoSource);
    };
    let name: String = source.col("name")?;
    let was: Option<i64> = sqlx::query("SELECT source_id FROM cases WHERE id = $1")
        .bind(case_id)
        .fetch_one(&mut **tx)
        .await?
        .col("source_id")?;
    if was == Some(source_id) {
        return Ok(Vec::new());
    }
    // Moved from another source: out of that one's warnings.
    if let Some(old) = was {
        warnings::remove_case(tx, case_id, old, now).await?;
    }
    sqlx::query("UPDATE cases SET source_id = $1 WHERE id = $2")
        .bind(source_id)
        .bind(case_id)
        .execute(&mut **tx)
        .await?;
    let sources: Vec<i64> = std::iter::once(source_id).chain(was).collect();
    stats::relink(tx, engine, &sources, &[case_id]).await?;
    let data = serde_json::json!({ "source": source_id, "name": name, "was": was }).to_string();
    trail::append(
        tx,
        case_id,
        actor,
        "source_linked",
        false,
        &name,
        &data,
        now,
    )
    .await?;
    let rules = warnings::rules(&mut **tx).await?;
    Ok(warnings::evaluate_case(tx, &rules, case_id, now).await?)
}

/// Takes the case's link away (linked by mistake).
pub async fn unlink_source(
    db: &Db,
    case_id: i64,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<(), LinkError> {
    let mut tx = db.begin_write().await?;
    lock(&mut tx, case_id, None).await?;
    let was: Option<i64> = sqlx::query("SELECT source_id FROM cases WHERE id = $1")
        .bind(case_id)
        .fetch_one(&mut *tx)
        .await?
        .col("source_id")?;
    let Some(was) = was else {
        return Ok(());
    };
    sqlx::query("UPDATE cases SET source_id = NULL WHERE id = $1")
        .bind(case_id)
        .execute(&mut *tx)
        .await?;
    stats::relink(&mut tx, db.engine, &[was], &[case_id]).await?;
    let data = serde_json::json!({ "was": was }).to_string();
    trail::append(
        &mut tx,
        case_id,
        actor,
        "source_unlinked",
        false,
        "",
        &data,
        now,
    )
    .await?;
    // A link made by mistake no longer counts in that source's warnings.
    warnings::remove_case(&mut tx, case_id, was, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Adds a source made from the case's answers (the business's name, or
/// the road, and the road-level address: never the resident's door
/// number) and links the case to it; the new source's id and the warnings
/// raised.
pub async fn create_source_from_case(
    db: &Db,
    case_id: i64,
    staff_id: i64,
    now: DateTime<Utc>,
) -> Result<(i64, Vec<i64>), LinkError> {
    let Some(w) = wanted(db, case_id).await? else {
        return Err(LinkError::NoCase);
    };
    let category: String = sqlx::query("SELECT category FROM cases WHERE id = $1")
        .bind(case_id)
        .fetch_one(&db.pool)
        .await?
        .col("category")?;
    let road = address::public_part(&w.road);
    let name = w
        .name
        .as_deref()
        .and_then(|n| SourceName::parse(n).ok())
        .or_else(|| SourceName::parse(&road).ok())
        .ok_or(LinkError::NothingToName)?;
    let address = AddressText::parse(&road).map_err(|_| LinkError::NothingToName)?;
    let at = now.to_rfc3339();
    let mut tx = db.begin_write().await?;
    lock(&mut tx, case_id, None).await?;
    let linked: Option<i64> = sqlx::query("SELECT source_id FROM cases WHERE id = $1")
        .bind(case_id)
        .fetch_one(&mut *tx)
        .await?
        .col("source_id")?;
    if linked.is_some() {
        return Err(LinkError::AlreadyLinked);
    }
    let id: i64 = sqlx::query(
        "INSERT INTO sources (name, kind, town, address, address_public, latitude, longitude, \
         operator, credit_code, zone, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, '', NULL, NULL, $8, $9, $9) RETURNING id",
    )
    .bind(name.as_str())
    .bind(SourceKind::for_category(&category).code())
    .bind(&w.town)
    .bind(address.as_str())
    .bind(&road)
    .bind(w.point.map(|p| p.latitude))
    .bind(w.point.map(|p| p.longitude))
    .bind(staff_id)
    .bind(&at)
    .fetch_one(&mut *tx)
    .await?
    .col("id")?;
    let raised = link_in(&mut tx, db.engine, case_id, id, Actor::Staff(staff_id), now).await?;
    tx.commit().await?;
    Ok((id, raised))
}
