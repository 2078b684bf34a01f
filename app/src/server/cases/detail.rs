//! One case as staff see it: its row, its trail, its photos and who saw
//! the resident's personal data; the reply templates; the photos staff
//! take on site.

use chrono::{DateTime, NaiveDate, Utc};
use domain::case::{CaseState, Outcome, Rating, Status};
use domain::complaint::filing::Kind;
use domain::complaint::reference::Reference;
use domain::handling::Priority;
use sqlx::any::AnyRow;

use super::ActError;
use super::transitions::lock;
use crate::server::complaints::Photo;
use crate::server::row::Cols;
use crate::server::trail::{self, Actor};
use crate::server::{Db, DbError};

/// A case as staff see it (personal data included: the caller decides
/// what to show and logs it).
#[derive(Clone, Debug, PartialEq)]
pub struct StaffCase {
    pub id: i64,
    pub version: i64,
    pub reference: String,
    pub category: String,
    pub kind: Kind,
    pub town: String,
    pub address: String,
    pub address_public: String,
    pub point: Option<(f64, f64)>,
    pub details: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub contact_email: Option<String>,
    pub public: bool,
    /// The resident's own description, as filed.
    pub description: String,
    /// The text approved for the public board, once approved.
    pub public_text: Option<String>,
    pub published_at: Option<DateTime<Utc>>,
    pub status: Status,
    pub unit: Option<String>,
    pub priority: Priority,
    pub submitted_at: DateTime<Utc>,
    pub due_on: NaiveDate,
    pub extended_days: Option<i64>,
    pub charge: Option<String>,
    pub merged_into: Option<String>,
    pub supporters: i64,
    pub outcome: Option<Outcome>,
    pub rating: Option<Rating>,
    pub rating_comment: Option<String>,
    /// What the workflow rules need.
    pub state: CaseState,
    pub events: Vec<StoredEvent>,
    pub photos: Vec<(Photo, bool)>,
    pub personal_views: i64,
    /// The pollution source it is linked to.
    pub source_id: Option<i64>,
}

/// An event of the trail with its actor's name.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredEvent {
    pub at: DateTime<Utc>,
    pub actor: String,
    /// The staff member's name, when a staff member acted.
    pub actor_name: Option<String>,
    pub kind: String,
    pub public: bool,
    pub text: String,
    pub data: serde_json::Value,
}

impl TryFrom<&AnyRow> for StoredEvent {
    type Error = DbError;

    fn try_from(e: &AnyRow) -> Result<StoredEvent, DbError> {
        Ok(StoredEvent {
            at: e.instant("at")?,
            actor: e.col("actor")?,
            actor_name: e.col("display_name")?,
            kind: e.col("kind")?,
            public: e.flag("public")?,
            text: e.col("text")?,
            data: e.json("data")?,
        })
    }
}

/// The case's own row (see [`staff_case`]); its trail, photos and views
/// are read after it.
fn staff_case_from_row(r: &AnyRow) -> Result<StaffCase, DbError> {
    let status = r.parsed("status", Status::parse)?;
    let rating = r.parsed_opt("rating", Rating::parse)?;
    let lat: Option<f64> = r.col("latitude")?;
    let lon: Option<f64> = r.col("longitude")?;
    Ok(StaffCase {
        id: r.col("id")?,
        version: r.col("version")?,
        reference: r.col("reference")?,
        category: r.col("category")?,
        kind: r.parsed("kind", Kind::parse)?,
        town: r.col("town")?,
        address: r.col("address")?,
        address_public: r.col("address_public")?,
        point: lat.zip(lon),
        details: r.col("details")?,
        contact_name: r.col("contact_name")?,
        contact_phone: r.col("contact_phone")?,
        contact_email: r.col("contact_email")?,
        public: r.flag("public")?,
        description: r.col("description")?,
        public_text: r.col("public_text")?,
        published_at: r.instant_opt("published_at")?,
        status,
        unit: r.col("unit")?,
        priority: r.parsed("priority", |p| Priority::parse(p).ok())?,
        submitted_at: r.instant("submitted_at")?,
        due_on: r.date("due_on")?,
        extended_days: r.col("extended_days")?,
        charge: r.col("display_name")?,
        merged_into: r.col("merged_reference")?,
        supporters: r.col("supporters")?,
        outcome: r.parsed_opt("outcome", Outcome::parse)?,
        rating,
        rating_comment: r.col("rating_comment")?,
        state: CaseState {
            status,
            replied_at: r.instant_opt("replied_at")?,
            rating,
            reviewed: r.flag("reviewed")?,
        },
        events: Vec::new(),
        photos: Vec::new(),
        personal_views: 0,
        source_id: r.col("source_id")?,
    })
}

pub async fn staff_case(db: &Db, reference: &str) -> Result<Option<StaffCase>, DbError> {
    let Some(reference) = Reference::parse(reference) else {
        return Ok(None);
    };
    let Some(r) = sqlx::query(
        "SELECT c.id, c.version, c.reference, c.category, k.kind, c.town, c.address, \
         c.address_public, c.latitude, c.longitude, c.details, c.contact_name, c.contact_phone, \
         c.public, c.status, c.unit, c.priority, c.submitted_at, c.due_on, c.extended_days, \
         s.display_name, m.reference AS merged_reference, c.supporters, c.outcome, c.rating, \
         c.rating_comment, c.replied_at, c.reviewed, c.contact_email, c.description, \
         c.public_text, c.published_at, c.source_id \
         FROM cases c JOIN complaint_categories k ON k.code = c.category \
         LEFT JOIN staff_users s ON s.id = c.charge_by \
         LEFT JOIN cases m ON m.id = c.merged_into WHERE c.reference = $1",
    )
    .bind(reference.to_string())
    .fetch_optional(&db.pool)
    .await?
    else {
        return Ok(None);
    };
    let mut case = staff_case_from_row(&r)?;
    let id = case.id;
    let events = sqlx::query(
        "SELECT e.at, e.actor, s.display_name, e.kind, e.public, e.text, e.data \
         FROM case_events e LEFT JOIN staff_users s ON e.actor = 'staff:' || CAST(s.id AS TEXT) \
         WHERE e.case_id = $1 ORDER BY e.seq",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?;
    let photos = sqlx::query(
        "SELECT id, object_key, thumb_key, width, height, staff_id FROM complaint_photos \
         WHERE case_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?;
    let personal_views: i64 =
        sqlx::query("SELECT COUNT(*) AS n FROM personal_data_views WHERE case_id = $1")
            .bind(id)
            .fetch_one(&db.pool)
            .await?
            .col("n")?;
    case.events = events
        .iter()
        .map(StoredEvent::try_from)
        .collect::<Result<_, _>>()?;
    case.photos = photos
        .iter()
        .map(|p| {
            Ok((
                Photo::try_from(p)?,
                p.col::<Option<i64>>("staff_id")?.is_some(),
            ))
        })
        .collect::<Result<_, DbError>>()?;
    case.personal_views = personal_views;
    Ok(Some(case))
}

/// Records that staff member `staff_id` saw the resident's personal data.
pub async fn log_personal_view(
    db: &Db,
    case_id: i64,
    staff_id: i64,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    sqlx::query("INSERT INTO personal_data_views (case_id, staff_id, at) VALUES ($1, $2, $3)")
        .bind(case_id)
        .bind(staff_id)
        .bind(now.to_rfc3339())
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Reply templates for a category (and those for every category).
pub async fn templates(
    db: &Db,
    category: &str,
) -> Result<Vec<crate::api::cases::Template>, DbError> {
    let rows = sqlx::query(
        "SELECT id, outcome, title_zh, title_en, body FROM reply_templates \
         WHERE category = $1 OR category IS NULL ORDER BY sort_order, id",
    )
    .bind(category)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(crate::api::cases::Template {
                id: r.col("id")?,
                outcome: r.parsed("outcome", Outcome::parse)?,
                title_zh: r.col("title_zh")?,
                title_en: r.col("title_en")?,
                body: r.col("body")?,
            })
        })
        .collect()
}

/// Staff photos a case may carry (besides the resident's).
pub const MAX_STAFF_PHOTOS: i64 = 8;

/// Attaches an inspection photo taken by `staff_id`; false when the case
/// has its maximum already (the caller deletes the files).
pub async fn add_staff_photo(
    db: &Db,
    case_id: i64,
    staff_id: i64,
    keys: (&str, &str),
    (width, height, bytes): (u32, u32, usize),
    now: DateTime<Utc>,
) -> Result<bool, ActError> {
    let mut tx = db.begin_write().await?;
    lock(&mut tx, case_id, None).await?;
    let count: i64 = sqlx::query(
        "SELECT COUNT(*) AS n FROM complaint_photos WHERE case_id = $1 AND staff_id IS NOT NULL",
    )
    .bind(case_id)
    .fetch_one(&mut *tx)
    .await?
    .col("n")?;
    if count >= MAX_STAFF_PHOTOS {
        return Ok(false);
    }
    let id: i64 = sqlx::query(
        "INSERT INTO complaint_photos (case_id, staff_id, object_key, thumb_key, width, height, \
         bytes, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(case_id)
    .bind(staff_id)
    .bind(keys.0)
    .bind(keys.1)
    .bind(i64::from(width))
    .bind(i64::from(height))
    .bind(bytes as i64)
    .bind(now.to_rfc3339())
    .fetch_one(&mut *tx)
    .await?
    .col("id")?;
    let data = serde_json::json!({ "photo": id }).to_string();
    trail::append(
        &mut tx,
        case_id,
        Actor::Staff(staff_id),
        "photo_added",
        false,
        "",
        &data,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// A photo of the case `case_id`.
pub async fn case_photo(db: &Db, case_id: i64, photo_id: i64) -> Result<Option<Photo>, DbError> {
    let row = sqlx::query(
        "SELECT id, object_key, thumb_key, width, height FROM complaint_photos \
         WHERE id = $1 AND case_id = $2",
    )
    .bind(photo_id)
    .bind(case_id)
    .fetch_optional(&db.pool)
    .await?;
    row.as_ref().map(Photo::try_from).transpose()
}
