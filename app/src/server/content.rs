//! Campaigns, their events and sign-ups, and news in the database; and
//! Markdown to sanitised HTML: pulldown-cmark renders it, ammonia keeps
//! only safe tags and attributes (no script, no event handlers, no
//! `javascript:` links), at save time.

use chrono::{DateTime, NaiveDate, Utc};
use domain::content::{Signup, Status, Tag};
use sqlx::Row;

use super::complaints::parse_instant;
use super::{Db, DbError, new_token, token_hash};

/// Markdown as sanitised HTML.
pub fn render_markdown(markdown: &str) -> String {
    use pulldown_cmark::{Options, Parser, html};
    let parser = Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    );
    let mut raw = String::new();
    html::push_html(&mut raw, parser);
    ammonia::Builder::default()
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("noopener noreferrer"))
        .clean(&raw)
        .to_string()
}

/// SQL for "public at $now" (mirrors `domain::content::is_public`).
const PUBLIC: &str = "(status = 'published' OR (status = 'scheduled' AND publish_at <= $1))";

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
/// campaign).
const COVER_ALT: &str = "CASE WHEN c.cover_key IS NULL THEN NULL ELSE c.cover_alt END";

pub async fn public_campaigns(db: &Db, now: DateTime<Utc>) -> Result<Vec<CampaignItem>, DbError> {
    let rows = sqlx::query(&format!(
        "SELECT c.slug, c.title, c.summary, c.year, d.name_zh, d.name_en, c.publish_at, \
         {COVER_ALT} FROM campaigns c LEFT JOIN environment_days d ON d.slug = c.environment_day \
         WHERE {} ORDER BY c.publish_at DESC, c.id DESC LIMIT 100",
        PUBLIC
            .replace("status", "c.status")
            .replace("publish_at", "c.publish_at")
    ))
    .bind(now.to_rfc3339())
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .iter()
        .map(|r| CampaignItem {
            slug: r.get(0),
            title: r.get(1),
            summary: r.get(2),
            year: r.get(3),
            day_zh: r.get(4),
            day_en: r.get(5),
            publish_at: r
                .get::<Option<String>, _>(6)
                .map(|t| parse_instant(&t))
                .unwrap_or_default(),
            cover_alt: r.get(7),
        })
        .collect())
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
        PUBLIC
            .replace("status", "c.status")
            .replace("publish_at", "c.publish_at")
    ))
    .bind(now.to_rfc3339())
    .bind(slug)
    .fetch_optional(&db.pool)
    .await?
    else {
        return Ok(None);
    };
    let id: i64 = r.get(0);
    let events = campaign_events(db, id).await?;
    Ok(Some(CampaignPage {
        id,
        item: CampaignItem {
            slug: r.get(1),
            title: r.get(2),
            summary: r.get(3),
            year: r.get(4),
            day_zh: r.get(5),
            day_en: r.get(6),
            publish_at: r
                .get::<Option<String>, _>(7)
                .map(|t| parse_instant(&t))
                .unwrap_or_default(),
            cover_alt: r.get(9),
        },
        body_html: r.get(8),
        events,
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
    Ok(rows
        .iter()
        .map(|r| EventRow {
            id: r.get(0),
            title: r.get(1),
            starts_at: parse_instant(&r.get::<String, _>(2)),
            ends_at: parse_instant(&r.get::<String, _>(3)),
            place: r.get(4),
            capacity: r.get(5),
            taken: r.get(6),
            opens_at: parse_instant(&r.get::<String, _>(7)),
            closes_at: parse_instant(&r.get::<String, _>(8)),
        })
        .collect())
}

/// How a sign-up ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignupOutcome {
    /// The number holds a seat now: newly taken, or (`new` false) taken
    /// before. The page answers both alike, so it tells no stranger whether
    /// a number is signed up; the phone gets a text either way (with the
    /// cancellation link for a new seat).
    Accepted {
        event: EventSummary,
        new: bool,
    },
    /// No seat left.
    Full,
    /// Outside the sign-up window.
    Closed,
    NoEvent,
}

/// What the sign-up pages and texts say of an event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventSummary {
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub place: String,
    pub campaign_slug: String,
    pub campaign_title: String,
}

/// Takes a seat: the event row is updated only while a seat is free and
/// the window is open, inside the transaction that records the sign-up
/// and queues its text (with the cancellation link under `public_url`),
/// so concurrent sign-ups for the last seats never overfill the event. A
/// number that holds a seat already keeps it; its owner is told by text
/// (once a day and event, so the form cannot be used to flood a phone).
pub async fn sign_up(
    db: &Db,
    event_id: i64,
    signup: &Signup,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<SignupOutcome, DbError> {
    let at = now.to_rfc3339();
    let mut tx = db.pool.begin().await?;
    let seated = sqlx::query(
        "UPDATE campaign_events SET taken = taken + 1 WHERE id = $1 AND taken < capacity \
         AND signup_opens_at <= $2 AND signup_closes_at > $2",
    )
    .bind(event_id)
    .bind(&at)
    .execute(&mut *tx)
    .await?;
    if seated.rows_affected() != 1 {
        let row = sqlx::query(
            "SELECT capacity, taken, signup_opens_at, signup_closes_at FROM campaign_events \
             WHERE id = $1",
        )
        .bind(event_id)
        .fetch_optional(&mut *tx)
        .await?;
        return Ok(match row {
            None => SignupOutcome::NoEvent,
            Some(r) => match domain::content::signup_state(
                parse_instant(&r.get::<String, _>(2)),
                parse_instant(&r.get::<String, _>(3)),
                r.get(0),
                r.get(1),
                now,
            ) {
                domain::content::SignupState::Full => SignupOutcome::Full,
                _ => SignupOutcome::Closed,
            },
        });
    }
    let r = sqlx::query(
        "SELECT e.title, e.starts_at, e.place, c.slug, c.title FROM campaign_events e \
         JOIN campaigns c ON c.id = e.campaign_id WHERE e.id = $1",
    )
    .bind(event_id)
    .fetch_one(&mut *tx)
    .await?;
    let event = EventSummary {
        title: r.get(0),
        starts_at: parse_instant(&r.get::<String, _>(1)),
        place: r.get(2),
        campaign_slug: r.get(3),
        campaign_title: r.get(4),
    };
    let when = domain::shanghai::format_datetime(event.starts_at, domain::prefs::Locale::ZhCn);
    let token = new_token();
    let inserted = sqlx::query(
        "INSERT INTO event_signups (event_id, name, phone, cancel_hash, created_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(event_id)
    .bind(signup.name.as_str())
    .bind(signup.phone.as_str())
    .bind(token_hash(&token))
    .bind(&at)
    .execute(&mut *tx)
    .await;
    match inserted {
        Ok(_) => {
            let body = format!(
                "【嘉定区生态环境局】您已报名“{}”，时间：{when}，地点：{}。如需取消报名，请打开：{public_url}/signups/cancel?token={token}",
                event.title, event.place
            );
            let key = format!("signup:{}", token_hash(&token));
            super::outbox::enqueue_signup(&mut tx, signup.phone.as_str(), &key, &body, now).await?;
            tx.commit().await?;
            Ok(SignupOutcome::Accepted { event, new: true })
        }
        // The seat taken above is given back with the rollback.
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            drop(tx);
            let body = format!(
                "【嘉定区生态环境局】有人用您的手机号码再次报名“{}”（{when}）。您已报名，无需重复；如需取消，请打开第一次报名时收到的短信中的链接。如非本人操作，请忽略本短信。",
                event.title
            );
            let day = domain::shanghai::today(now);
            let key = format!(
                "signup-again:{event_id}:{}:{day}",
                token_hash(signup.phone.as_str())
            );
            let mut tx = db.pool.begin().await?;
            super::outbox::enqueue_signup(&mut tx, signup.phone.as_str(), &key, &body, now).await?;
            tx.commit().await?;
            Ok(SignupOutcome::Accepted { event, new: false })
        }
        Err(e) => Err(e.into()),
    }
}

/// The slug of the campaign an event belongs to.
pub async fn event_campaign_slug(db: &Db, event_id: i64) -> Result<Option<String>, DbError> {
    Ok(sqlx::query(
        "SELECT c.slug FROM campaign_events e JOIN campaigns c ON c.id = e.campaign_id \
         WHERE e.id = $1",
    )
    .bind(event_id)
    .fetch_optional(&db.pool)
    .await?
    .map(|r| r.get(0)))
}

/// A sign-up found by its cancellation token.
#[derive(Clone, Debug, PartialEq)]
pub struct SignupInfo {
    pub event_title: String,
    pub starts_at: DateTime<Utc>,
    pub place: String,
    pub campaign_slug: String,
    pub campaign_title: String,
    pub name: String,
    pub cancelled: bool,
}

pub async fn signup_by_token(db: &Db, token: &str) -> Result<Option<SignupInfo>, DbError> {
    let row = sqlx::query(
        "SELECT e.title, e.starts_at, c.slug, c.title, s.name, s.cancelled_at, e.place \
         FROM event_signups s JOIN campaign_events e ON e.id = s.event_id \
         JOIN campaigns c ON c.id = e.campaign_id WHERE s.cancel_hash = $1",
    )
    .bind(token_hash(token))
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.map(|r| SignupInfo {
        event_title: r.get(0),
        starts_at: parse_instant(&r.get::<String, _>(1)),
        campaign_slug: r.get(2),
        campaign_title: r.get(3),
        name: r.get(4),
        cancelled: r.get::<Option<String>, _>(5).is_some(),
        place: r.get(6),
    }))
}

/// Cancels the sign-up of `token` and frees its seat; false when there is
/// no such active sign-up.
pub async fn cancel_signup(db: &Db, token: &str, now: DateTime<Utc>) -> Result<bool, DbError> {
    let mut tx = db.pool.begin().await?;
    let row = sqlx::query(
        "UPDATE event_signups SET cancelled_at = $1 WHERE cancel_hash = $2 \
         AND cancelled_at IS NULL RETURNING event_id",
    )
    .bind(now.to_rfc3339())
    .bind(token_hash(token))
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row else { return Ok(false) };
    sqlx::query("UPDATE campaign_events SET taken = taken - 1 WHERE id = $1 AND taken > 0")
        .bind(row.get::<i64, _>(0))
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(true)
}

/// How long after an event its sign-ups (names and phone numbers) are
/// kept: a day, for questions on the day; the consent text promises
/// deletion after the event.
pub const SIGNUPS_KEPT_AFTER_EVENT: chrono::Duration = chrono::Duration::days(1);

/// Deletes the sign-ups of events that ended more than
/// [`SIGNUPS_KEPT_AFTER_EVENT`] ago; how many. The events keep their count
/// of places taken.
pub async fn purge_signups(db: &Db, now: DateTime<Utc>) -> Result<u64, DbError> {
    Ok(sqlx::query(
        "DELETE FROM event_signups WHERE event_id IN \
         (SELECT id FROM campaign_events WHERE ends_at < $1)",
    )
    .bind((now - SIGNUPS_KEPT_AFTER_EVENT).to_rfc3339())
    .execute(&db.pool)
    .await?
    .rows_affected())
}

/// News in lists.
#[derive(Clone, Debug, PartialEq)]
pub struct NewsItem {
    pub slug: String,
    pub tag: Tag,
    pub title: String,
    pub summary: String,
    pub publish_at: DateTime<Utc>,
}

/// A page of public news (newest first), optionally of one tag, and how
/// many there are.
pub async fn public_news(
    db: &Db,
    tag: Option<Tag>,
    offset: i64,
    limit: i64,
    now: DateTime<Utc>,
) -> Result<(Vec<NewsItem>, i64), DbError> {
    let tag = tag.map(Tag::code).unwrap_or("");
    let filter = format!("{PUBLIC} AND ($2 = '' OR tag = $2)");
    let total: i64 = sqlx::query(&format!(
        "SELECT COUNT(*) FROM news_articles WHERE {filter}"
    ))
    .bind(now.to_rfc3339())
    .bind(tag)
    .fetch_one(&db.pool)
    .await?
    .get(0);
    let rows = sqlx::query(&format!(
        "SELECT slug, tag, title, summary, publish_at FROM news_articles WHERE {filter} \
         ORDER BY publish_at DESC, id DESC LIMIT $3 OFFSET $4"
    ))
    .bind(now.to_rfc3339())
    .bind(tag)
    .bind(limit)
    .bind(offset)
    .fetch_all(&db.pool)
    .await?;
    Ok((rows.iter().filter_map(news_item).collect(), total))
}

fn news_item(r: &sqlx::any::AnyRow) -> Option<NewsItem> {
    Some(NewsItem {
        slug: r.get(0),
        tag: Tag::parse(&r.get::<String, _>(1))?,
        title: r.get(2),
        summary: r.get(3),
        publish_at: r
            .get::<Option<String>, _>(4)
            .map(|t| parse_instant(&t))
            .unwrap_or_default(),
    })
}

/// A public article and its HTML.
pub async fn public_article(
    db: &Db,
    slug: &str,
    now: DateTime<Utc>,
) -> Result<Option<(NewsItem, String)>, DbError> {
    let row = sqlx::query(&format!(
        "SELECT slug, tag, title, summary, publish_at, body_html FROM news_articles \
         WHERE slug = $2 AND {PUBLIC}"
    ))
    .bind(now.to_rfc3339())
    .bind(slug)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.and_then(|r| Some((news_item(&r)?, r.get(5)))))
}

/// New content, checked by the caller.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub body_md: String,
    pub status: Status,
    pub publish_at: Option<DateTime<Utc>>,
}

/// Adds a news article; its id.
pub async fn create_article(
    db: &Db,
    tag: Tag,
    draft: &Draft,
    now: DateTime<Utc>,
) -> Result<i64, DbError> {
    let at = now.to_rfc3339();
    Ok(sqlx::query(
        "INSERT INTO news_articles (slug, tag, title, summary, body_md, body_html, status, \
         publish_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) \
         RETURNING id",
    )
    .bind(&draft.slug)
    .bind(tag.code())
    .bind(&draft.title)
    .bind(&draft.summary)
    .bind(&draft.body_md)
    .bind(render_markdown(&draft.body_md))
    .bind(draft.status.code())
    .bind(publish_time(draft, now))
    .bind(&at)
    .fetch_one(&db.pool)
    .await?
    .get(0))
}

/// When content becomes public: its time if scheduled, now if published
/// without one, none for drafts.
fn publish_time(draft: &Draft, now: DateTime<Utc>) -> Option<String> {
    match (draft.status, draft.publish_at) {
        (Status::Draft, at) => at.map(|t| t.to_rfc3339()),
        (_, Some(at)) => Some(at.to_rfc3339()),
        (_, None) => Some(now.to_rfc3339()),
    }
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
    Ok(sqlx::query(
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
    .get(0))
}

pub use domain::content::NewEvent;

pub async fn create_event(db: &Db, campaign_id: i64, e: &NewEvent) -> Result<i64, DbError> {
    Ok(sqlx::query(
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
    .get(0))
}

/// An article as editors see it (any status).
#[derive(Clone, Debug, PartialEq)]
pub struct EditorArticle {
    pub id: i64,
    pub article: domain::content::Article,
    pub updated_at: DateTime<Utc>,
}

/// Every article, newest change first, for the editors' list.
pub async fn all_articles(db: &Db) -> Result<Vec<EditorArticle>, DbError> {
    let rows = sqlx::query(
        "SELECT id, slug, tag, title, summary, body_md, status, publish_at, updated_at \
         FROM news_articles ORDER BY updated_at DESC, id DESC LIMIT 200",
    )
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.iter().filter_map(editor_article).collect())
}

fn editor_article(r: &sqlx::any::AnyRow) -> Option<EditorArticle> {
    Some(EditorArticle {
        id: r.get(0),
        article: domain::content::Article {
            slug: r.get(1),
            tag: Tag::parse(&r.get::<String, _>(2))?,
            title: r.get(3),
            summary: r.get(4),
            body: r.get(5),
            status: Status::parse(&r.get::<String, _>(6))?,
            publish_at: r.get::<Option<String>, _>(7).map(|t| parse_instant(&t)),
        },
        updated_at: parse_instant(&r.get::<String, _>(8)),
    })
}

pub async fn article_by_id(db: &Db, id: i64) -> Result<Option<EditorArticle>, DbError> {
    let row = sqlx::query(
        "SELECT id, slug, tag, title, summary, body_md, status, publish_at, updated_at \
         FROM news_articles WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.as_ref().and_then(editor_article))
}

/// Saves an article (new when `id` is `None`): its id, or `None` when
/// another article has the slug. The HTML is rendered and sanitised here.
pub async fn save_article(
    db: &Db,
    id: Option<i64>,
    a: &domain::content::Article,
    now: DateTime<Utc>,
) -> Result<Option<i64>, DbError> {
    let draft = Draft {
        slug: a.slug.clone(),
        title: a.title.clone(),
        summary: a.summary.clone(),
        body_md: a.body.clone(),
        status: a.status,
        publish_at: a.publish_at,
    };
    let result = match id {
        None => create_article(db, a.tag, &draft, now).await,
        Some(id) => sqlx::query(
            "UPDATE news_articles SET slug = $1, tag = $2, title = $3, summary = $4, \
             body_md = $5, body_html = $6, status = $7, publish_at = $8, updated_at = $9 \
             WHERE id = $10",
        )
        .bind(&draft.slug)
        .bind(a.tag.code())
        .bind(&draft.title)
        .bind(&draft.summary)
        .bind(&draft.body_md)
        .bind(render_markdown(&draft.body_md))
        .bind(draft.status.code())
        .bind(publish_time(&draft, now))
        .bind(now.to_rfc3339())
        .bind(id)
        .execute(&db.pool)
        .await
        .map(|_| id)
        .map_err(DbError::from),
    };
    unless_slug_taken(result)
}

/// The id saved, or `None` when the save broke the slug's uniqueness.
fn unless_slug_taken(result: Result<i64, DbError>) -> Result<Option<i64>, DbError> {
    match result {
        Ok(id) => Ok(Some(id)),
        Err(DbError::Sqlx(sqlx::Error::Database(e))) if e.is_unique_violation() => Ok(None),
        Err(e) => Err(e),
    }
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
         (SELECT COUNT(*) FROM campaign_events e WHERE e.campaign_id = c.id) \
         FROM campaigns c ORDER BY c.updated_at DESC, c.id DESC LIMIT 200",
    )
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .iter()
        .filter_map(|r| {
            Some(EditorCampaignRow {
                id: r.get(0),
                slug: r.get(1),
                title: r.get(2),
                year: r.get(3),
                status: Status::parse(&r.get::<String, _>(4))?,
                publish_at: r.get::<Option<String>, _>(5).map(|t| parse_instant(&t)),
                events: r.get(6),
            })
        })
        .collect())
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
    let Some(status) = Status::parse(&r.get::<String, _>(6)) else {
        return Ok(None);
    };
    let year: i64 = r.get(2);
    Ok(Some(EditorCampaign {
        id,
        campaign: domain::content::Campaign {
            slug: r.get(0),
            environment_day: r.get(1),
            year: i32::try_from(year).unwrap_or_default(),
            title: r.get(3),
            summary: r.get(4),
            body: r.get(5),
            status,
            publish_at: r.get::<Option<String>, _>(7).map(|t| parse_instant(&t)),
            cover_alt: r.get(8),
        },
        has_cover: r.get::<Option<String>, _>(9).is_some(),
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
    let mut tx = db.pool.begin().await?;
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
    let old = match (
        old.get::<Option<String>, _>(0),
        old.get::<Option<String>, _>(1),
    ) {
        (Some(full), Some(thumb)) => Some(CoverKeys { full, thumb }),
        _ => None,
    };
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
    Ok(row.and_then(cover_keys))
}

/// The cover of any campaign, for editors.
pub async fn campaign_cover(db: &Db, id: i64) -> Result<Option<CoverKeys>, DbError> {
    let row = sqlx::query("SELECT cover_key, cover_thumb_key FROM campaigns WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.and_then(cover_keys))
}

fn cover_keys(r: sqlx::any::AnyRow) -> Option<CoverKeys> {
    Some(CoverKeys {
        full: r.get::<Option<String>, _>(0)?,
        thumb: r.get::<Option<String>, _>(1)?,
    })
}

/// Everything public with its last change, for the sitemap.
pub async fn sitemap_entries(
    db: &Db,
    now: DateTime<Utc>,
) -> Result<Vec<(String, NaiveDate)>, DbError> {
    let mut out = Vec::new();
    for (table, prefix) in [("campaigns", "/campaigns/"), ("news_articles", "/news/")] {
        let rows = sqlx::query(&format!(
            "SELECT slug, updated_at FROM {table} WHERE {PUBLIC} ORDER BY id"
        ))
        .bind(now.to_rfc3339())
        .fetch_all(&db.pool)
        .await?;
        out.extend(rows.iter().map(|r| {
            (
                format!("{prefix}{}", r.get::<String, _>(0)),
                parse_instant(&r.get::<String, _>(1)).date_naive(),
            )
        }));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::render_markdown;

    #[test]
    fn markdown_is_rendered_and_nothing_hostile_survives() {
        let html = render_markdown(
            "# 六五环境日\n\n**美丽中国**，我是行动者。[详情](https://example.cn)\n\n\
             <script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n\
             [点我](javascript:alert(3))\n\n<iframe src=\"https://evil.example\"></iframe>",
        );
        assert!(html.contains("<h1>六五环境日</h1>"), "{html}");
        assert!(html.contains("<strong>美丽中国</strong>"));
        assert!(html.contains("href=\"https://example.cn\""));
        assert!(html.contains("rel=\"noopener noreferrer\""));
        for bad in ["<script", "onerror", "javascript:", "<iframe", "alert(1)"] {
            assert!(!html.contains(bad), "{bad} in {html}");
        }
    }
}
