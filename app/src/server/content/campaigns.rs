//! Campaigns for the environment days: the public list and pages with
//! their events, the editors' campaigns and events, and cover images.

use chrono::{DateTime, Utc};
use domain::content::Status;
use sqlx::any::AnyRow;

use super::{Draft, NewEvent, PUBLIC, publish_time, render_markdown, unless_slug_taken};
use crate::server::row::{Cols, corrupt};
use crate::server::{Db, DbError};

/// A campaign in lists.
#[derive(Clone, Debug, PartialEq)]
pub struct CampaignItem {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub year: i64,
    pub day_zh: Option<String>,
    pub day_en: Option<String>,
    pub publish_at: DateTime<Utc>,
    /// The cover's description, when there is a cover.
    pub cover_alt: Option<String>,
}

/// SQL for the cover's description when there is a cover (`c` is the
/// campaign), as `cover_alt`.
const COVER_ALT: &str = "CASE WHEN c.cover_key IS NULL THEN NULL ELSE c.cover_alt END AS cover_alt";

/// [`PUBLIC`] for the campaign `c`.
fn public_campaign_filter() -> String {
    PUBLIC
        .replace("status", "c.status")
        .replace("publish_at", "c.publish_at")
}

pub async fn public_campaigns(db: &Db, now: DateTime<Utc>) -> Result<Vec<CampaignItem>, DbError> {
    let rows = sqlx::query(&format!(
        "SELECT c.slug, c.title, c.summary, c.year, d.name_zh, d.name_en, c.publish_at, \
         {COVER_ALT} FROM campaigns c LEFT JOIN environment_days d ON d.slug = c.environment_day \
         WHERE {} ORDER BY c.publish_at DESC, c.id DESC LIMIT 100",
        public_campaign_filter()
    ))
    .bind(now.to_rfc3339())
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(campaign_item).collect()
}

/// The slug of the public campaign for an environment day's year (the
/// newest, should there be two).
pub async fn campaign_of_day(
    db: &Db,
    day: &str,
    year: i64,
    now: DateTime<Utc>,
) -> Result<Option<String>, DbError> {
    let row = sqlx::query(&format!(
        "SELECT c.slug FROM campaigns c WHERE {} AND c.environment_day = $2 AND c.year = $3 \
         ORDER BY c.publish_at DESC, c.id DESC LIMIT 1",
        public_campaign_filter()
    ))
    .bind(now.to_rfc3339())
    .bind(day)
    .bind(year)
    .fetch_optional(&db.pool)
    .await?;
    row.map(|r| r.col("slug")).transpose()
}

/// A public campaign's row (public, so it has its publication time).
fn campaign_item(r: &AnyRow) -> Result<CampaignItem, DbError> {
    Ok(CampaignItem {
        slug: r.col("slug")?,
        title: r.col("title")?,
        summary: r.col("summary")?,
        year: r.col("year")?,
        day_zh: r.col("name_zh")?,
        day_en: r.col("name_en")?,
        publish_at: r.instant("publish_at")?,
        cover_alt: r.col("cover_alt")?,
    })
}

/// An event of a campaign.
#[derive(Clone, Debug, PartialEq)]
pub struct EventRow {
    pub id: i64,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub place: String,
    pub capacity: i64,
    pub taken: i64,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
}

/// A public campaign with its events.
#[derive(Clone, Debug, PartialEq)]
pub struct CampaignPage {
    pub id: i64,
    pub item: CampaignItem,
    pub body_html: String,
    pub events: Vec<EventRow>,
}

pub async fn public_campaign(
    db: &Db,
    slug: &str,
    now: DateTime<Utc>,
) -> Result<Option<CampaignPage>, DbError> {
    let Some(r) = sqlx::query(&format!(
        "SELECT c.id, c.slug, c.title, c.summary, c.year, d.name_zh, d.name_en, c.publish_at, \
         c.body_html, {COVER_ALT} FROM campaigns c LEFT JOIN environment_days d ON d.slug = c.environment_day \
         WHERE c.slug = $2 AND {}",
        public_campaign_filter()
    ))
    .bind(now.to_rfc3339())
    .bind(slug)
    .fetch_optional(&db.pool)
    .await?
    else {
        return Ok(None);
    };
    let id: i64 = r.col("id")?;
    let item = campaign_item(&r)?;
    let body_html = r.col("body_html")?;
    Ok(Some(CampaignPage {
        id,
        item,
        body_html,
        events: campaign_events(db, id).await?,
    }))
}

async fn campaign_events(db: &Db, campaign_id: i64) -> Result<Vec<EventRow>, DbError> {
    let rows = sqlx::query(
        "SELECT id, title, starts_at, ends_at, place, capacity, taken, signup_opens_at, \
         signup_closes_at FROM campaign_events WHERE campaign_id = $1 ORDER BY starts_at, id",
    )
    .bind(campaign_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(event_row).collect()
}

fn event_row(r: &AnyRow) -> Result<EventRow, DbError> {
    Ok(EventRow {
        id: r.col("id")?,
        title: r.col("title")?,
        starts_at: r.instant("starts_at")?,
        ends_at: r.instant("ends_at")?,
        place: r.col("place")?,
        capacity: r.col("capacity")?,
        taken: r.col("taken")?,
        opens_at: r.instant("signup_opens_at")?,
        closes_at: r.instant("signup_closes_at")?,
    })
}

/// Adds a campaign for an environment day and year; its id.
pub async fn create_campaign(
    db: &Db,
    environment_day: Option<&str>,
    year: i32,
    draft: &Draft,
    now: DateTime<Utc>,
) -> Result<i64, DbError> {
    let at = now.to_rfc3339();
    sqlx::query(
        "INSERT INTO campaigns (slug, environment_day, year, title, summary, body_md, body_html, \
         status, publish_at, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
    )
    .bind(&draft.slug)
    .bind(environment_day)
    .bind(i64::from(year))
    .bind(&draft.title)
    .bind(&draft.summary)
    .bind(&draft.body_md)
    .bind(render_markdown(&draft.body_md))
    .bind(draft.status.code())
    .bind(publish_time(draft, now))
    .bind(&at)
    .fetch_one(&db.pool)
    .await?
    .col("id")
}

pub async fn create_event(db: &Db, campaign_id: i64, e: &NewEvent) -> Result<i64, DbError> {
    sqlx::query(
        "INSERT INTO campaign_events (campaign_id, title, starts_at, ends_at, place, capacity, \
         signup_opens_at, signup_closes_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(campaign_id)
    .bind(&e.title)
    .bind(e.starts_at.to_rfc3339())
    .bind(e.ends_at.to_rfc3339())
    .bind(&e.place)
    .bind(e.capacity)
    .bind(e.opens_at.to_rfc3339())
    .bind(e.closes_at.to_rfc3339())
    .fetch_one(&db.pool)
    .await?
    .col("id")
}

/// A campaign in the editors' list.
#[derive(Clone, Debug, PartialEq)]
pub struct EditorCampaignRow {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub year: i64,
    pub status: Status,
    pub publish_at: Option<DateTime<Utc>>,
    pub events: i64,
}

/// Every campaign, newest change first.
pub async fn all_campaigns(db: &Db) -> Result<Vec<EditorCampaignRow>, DbError> {
    let rows = sqlx::query(
        "SELECT c.id, c.slug, c.title, c.year, c.status, c.publish_at, \
         (SELECT COUNT(*) FROM campaign_events e WHERE e.campaign_id = c.id) AS events \
         FROM campaigns c ORDER BY c.updated_at DESC, c.id DESC LIMIT 200",
    )
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(EditorCampaignRow {
                id: r.col("id")?,
                slug: r.col("slug")?,
                title: r.col("title")?,
                year: r.col("year")?,
                status: r.parsed("status", Status::parse)?,
                publish_at: r.instant_opt("publish_at")?,
                events: r.col("events")?,
            })
        })
        .collect()
}

/// A campaign as editors see it (any status), with its events.
#[derive(Clone, Debug, PartialEq)]
pub struct EditorCampaign {
    pub id: i64,
    pub campaign: domain::content::Campaign,
    pub has_cover: bool,
    pub events: Vec<EventRow>,
}

pub async fn campaign_by_id(db: &Db, id: i64) -> Result<Option<EditorCampaign>, DbError> {
    let row = sqlx::query(
        "SELECT slug, environment_day, year, title, summary, body_md, status, publish_at, \
         cover_alt, cover_key FROM campaigns WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    let Some(r) = row else { return Ok(None) };
    let year: i64 = r.col("year")?;
    let campaign = domain::content::Campaign {
        slug: r.col("slug")?,
        environment_day: r.col("environment_day")?,
        year: i32::try_from(year).map_err(|_| corrupt("year", &year.to_string()))?,
        title: r.col("title")?,
        summary: r.col("summary")?,
        body: r.col("body_md")?,
        status: r.parsed("status", Status::parse)?,
        publish_at: r.instant_opt("publish_at")?,
        cover_alt: r.col("cover_alt")?,
    };
    let has_cover = r.col::<Option<String>>("cover_key")?.is_some();
    Ok(Some(EditorCampaign {
        id,
        campaign,
        has_cover,
        events: campaign_events(db, id).await?,
    }))
}

/// Saves a campaign (new when `id` is `None`): its id, or `None` when
/// another campaign has the slug.
pub async fn save_campaign(
    db: &Db,
    id: Option<i64>,
    c: &domain::content::Campaign,
    now: DateTime<Utc>,
) -> Result<Option<i64>, DbError> {
    let draft = Draft {
        slug: c.slug.clone(),
        title: c.title.clone(),
        summary: c.summary.clone(),
        body_md: c.body.clone(),
        status: c.status,
        publish_at: c.publish_at,
    };
    let result = match id {
        // The cover's description is the one field the seed's insert lacks.
        None => {
            match create_campaign(db, c.environment_day.as_deref(), c.year, &draft, now).await {
                Ok(id) if !c.cover_alt.is_empty() => {
                    sqlx::query("UPDATE campaigns SET cover_alt = $1 WHERE id = $2")
                        .bind(&c.cover_alt)
                        .bind(id)
                        .execute(&db.pool)
                        .await
                        .map(|_| id)
                        .map_err(DbError::from)
                }
                created => created,
            }
        }
        Some(id) => sqlx::query(
            "UPDATE campaigns SET slug = $1, environment_day = $2, year = $3, title = $4, \
             summary = $5, body_md = $6, body_html = $7, status = $8, publish_at = $9, \
             updated_at = $10, cover_alt = $11 WHERE id = $12",
        )
        .bind(&draft.slug)
        .bind(c.environment_day.as_deref())
        .bind(i64::from(c.year))
        .bind(&draft.title)
        .bind(&draft.summary)
        .bind(&draft.body_md)
        .bind(render_markdown(&draft.body_md))
        .bind(draft.status.code())
        .bind(publish_time(&draft, now))
        .bind(now.to_rfc3339())
        .bind(&c.cover_alt)
        .bind(id)
        .execute(&db.pool)
        .await
        .map(|_| id)
        .map_err(DbError::from),
    };
    unless_slug_taken(result)
}

/// How saving an event ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventSaved {
    Saved(i64),
    /// No such event in this campaign.
    Missing,
    /// More places are taken than the new capacity (a sign-up came in
    /// after the form was checked).
    BelowTaken,
}

/// One event of a campaign.
pub async fn event_by_id(
    db: &Db,
    campaign_id: i64,
    event_id: i64,
) -> Result<Option<EventRow>, DbError> {
    Ok(campaign_events(db, campaign_id)
        .await?
        .into_iter()
        .find(|e| e.id == event_id))
}

/// Adds an event to a campaign (`event_id` `None`) or changes one. The
/// capacity is changed only while it stays at or above the places taken,
/// checked in the same statement as the change.
pub async fn save_event(
    db: &Db,
    campaign_id: i64,
    event_id: Option<i64>,
    e: &NewEvent,
) -> Result<EventSaved, DbError> {
    let Some(event_id) = event_id else {
        return create_event(db, campaign_id, e)
            .await
            .map(EventSaved::Saved);
    };
    let changed = sqlx::query(
        "UPDATE campaign_events SET title = $1, starts_at = $2, ends_at = $3, place = $4, \
         capacity = $5, signup_opens_at = $6, signup_closes_at = $7 \
         WHERE id = $8 AND campaign_id = $9 AND taken <= $5",
    )
    .bind(&e.title)
    .bind(e.starts_at.to_rfc3339())
    .bind(e.ends_at.to_rfc3339())
    .bind(&e.place)
    .bind(e.capacity)
    .bind(e.opens_at.to_rfc3339())
    .bind(e.closes_at.to_rfc3339())
    .bind(event_id)
    .bind(campaign_id)
    .execute(&db.pool)
    .await?;
    if changed.rows_affected() == 1 {
        return Ok(EventSaved::Saved(event_id));
    }
    Ok(match event_by_id(db, campaign_id, event_id).await? {
        Some(_) => EventSaved::BelowTaken,
        None => EventSaved::Missing,
    })
}

/// Where a cover image and its thumbnail are kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CoverKeys {
    pub full: String,
    pub thumb: String,
}

/// Gives a campaign a new cover: the keys of the cover it replaces (to
/// delete), or `None` when there is no such campaign.
pub async fn set_cover(
    db: &Db,
    campaign_id: i64,
    cover: &CoverKeys,
    now: DateTime<Utc>,
) -> Result<Option<Option<CoverKeys>>, DbError> {
    replace_cover(db, campaign_id, Some(cover), now).await
}

/// Takes a campaign's cover away: its keys (to delete); `None` when there
/// is no such campaign.
pub async fn remove_cover(
    db: &Db,
    campaign_id: i64,
    now: DateTime<Utc>,
) -> Result<Option<Option<CoverKeys>>, DbError> {
    replace_cover(db, campaign_id, None, now).await
}

async fn replace_cover(
    db: &Db,
    campaign_id: i64,
    cover: Option<&CoverKeys>,
    now: DateTime<Utc>,
) -> Result<Option<Option<CoverKeys>>, DbError> {
    let mut tx = db.begin_write().await?;
    // Write first, so that SQLite takes its write lock before the read.
    let touched = sqlx::query("UPDATE campaigns SET updated_at = $1 WHERE id = $2")
        .bind(now.to_rfc3339())
        .bind(campaign_id)
        .execute(&mut *tx)
        .await?;
    if touched.rows_affected() != 1 {
        return Ok(None);
    }
    let old = sqlx::query("SELECT cover_key, cover_thumb_key FROM campaigns WHERE id = $1")
        .bind(campaign_id)
        .fetch_one(&mut *tx)
        .await?;
    let old = cover_keys(&old)?;
    sqlx::query("UPDATE campaigns SET cover_key = $1, cover_thumb_key = $2 WHERE id = $3")
        .bind(cover.map(|c| c.full.as_str()))
        .bind(cover.map(|c| c.thumb.as_str()))
        .bind(campaign_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Some(old))
}

/// The cover of a campaign that is public at `now`, by its slug.
pub async fn public_cover(
    db: &Db,
    slug: &str,
    now: DateTime<Utc>,
) -> Result<Option<CoverKeys>, DbError> {
    let row = sqlx::query(&format!(
        "SELECT cover_key, cover_thumb_key FROM campaigns WHERE slug = $2 AND {PUBLIC}"
    ))
    .bind(now.to_rfc3339())
    .bind(slug)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.as_ref().map(cover_keys).transpose()?.flatten())
}

/// The cover of any campaign, for editors.
pub async fn campaign_cover(db: &Db, id: i64) -> Result<Option<CoverKeys>, DbError> {
    let row = sqlx::query("SELECT cover_key, cover_thumb_key FROM campaigns WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.as_ref().map(cover_keys).transpose()?.flatten())
}

/// A campaign's cover: both keys, or neither. The two are always written
/// together, so one without the other is corrupt (and would leave a file
/// that is never deleted).
fn cover_keys(r: &AnyRow) -> Result<Option<CoverKeys>, DbError> {
    match (
        r.col::<Option<String>>("cover_key")?,
        r.col::<Option<String>>("cover_thumb_key")?,
    ) {
        (Some(full), Some(thumb)) => Ok(Some(CoverKeys { full, thumb })),
        (None, None) => Ok(None),
        (Some(_), None) => Err(corrupt("cover_thumb_key", "NULL beside a cover_key")),
        (None, Some(_)) => Err(corrupt("cover_key", "NULL beside a cover_thumb_key")),
    }
}
