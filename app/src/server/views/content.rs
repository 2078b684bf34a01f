//! Campaigns, events, sign-ups and news as their pages show them.

use chrono::{DateTime, NaiveDate, Utc};
use domain::content::{Tag, signup_state};

use crate::api::content::{
    ArticleView, CampaignCard, CampaignListView, CampaignView, CancelView, EventView,
    NEWS_PAGE_SIZE, NewsCard, NewsListView, NextDay, SignedUpView, SignupAttempt,
};
use crate::server::content::{self as store, CampaignItem, EventSummary, NewsItem};
use crate::server::{Db, DbError};

impl From<CampaignItem> for CampaignCard {
    fn from(c: CampaignItem) -> CampaignCard {
        CampaignCard {
            slug: c.slug,
            title: c.title,
            summary: c.summary,
            year: c.year,
            day_zh: c.day_zh,
            day_en: c.day_en,
            publish_at: c.publish_at,
            cover_alt: c.cover_alt,
        }
    }
}

impl From<NewsItem> for NewsCard {
    fn from(n: NewsItem) -> NewsCard {
        NewsCard {
            slug: n.slug,
            tag: n.tag,
            title: n.title,
            summary: n.summary,
            publish_at: n.publish_at,
        }
    }
}

/// `/campaigns`: the public campaigns and the next environment day.
pub async fn campaign_list(db: &Db, now: DateTime<Utc>) -> Result<CampaignListView, DbError> {
    let today: NaiveDate = domain::shanghai::today(now);
    let list = store::public_campaigns(db, now).await?;
    let next = crate::server::calendar::next_environment_day(db, today, now).await?;
    Ok(CampaignListView {
        campaigns: list.into_iter().map(CampaignCard::from).collect(),
        next_day: next.map(|d| NextDay {
            name_zh: d.name_zh,
            name_en: d.name_en,
            date: d.date,
            days_until: d.days_until,
        }),
    })
}

/// A public campaign's page with its events, and the sign-up `attempt`
/// to show again; `None` when no public campaign has `slug`.
pub async fn campaign(
    db: &Db,
    public_url: &str,
    slug: &str,
    attempt: Option<SignupAttempt>,
    now: DateTime<Utc>,
) -> Result<Option<CampaignView>, DbError> {
    let Some(page) = store::public_campaign(db, slug, now).await? else {
        return Ok(None);
    };
    let og_image = page
        .item
        .cover_alt
        .is_some()
        .then(|| format!("{public_url}/campaigns/{slug}/cover.jpg"));
    Ok(Some(CampaignView {
        og_image,
        card: page.item.into(),
        body_html: page.body_html,
        events: page
            .events
            .into_iter()
            .map(|e| EventView {
                id: e.id,
                state: signup_state(e.opens_at, e.closes_at, e.capacity, e.taken, now),
                title: e.title,
                starts_at: e.starts_at,
                ends_at: e.ends_at,
                place: e.place,
                capacity: e.capacity,
                opens_at: e.opens_at,
            })
            .collect(),
        attempt,
    }))
}

/// The slug of the public campaign an event belongs to.
pub async fn event_campaign(
    db: &Db,
    event_id: i64,
    now: DateTime<Utc>,
) -> Result<Option<String>, DbError> {
    let slug = store::event_campaign_slug(db, event_id).await?;
    Ok(match slug {
        Some(slug) if store::public_campaign(db, &slug, now).await?.is_some() => Some(slug),
        _ => None,
    })
}

/// The cancellation page of the sign-up with `token`.
pub async fn cancel(db: &Db, token: &str) -> Result<CancelView, DbError> {
    Ok(match store::signup_by_token(db, token).await? {
        Some(s) => CancelView {
            token: token.to_owned(),
            event_title: s.event_title,
            starts_at: s.starts_at,
            campaign_slug: s.campaign_slug,
            campaign_title: s.campaign_title,
            cancelled: s.cancelled,
            missing: false,
        },
        None => CancelView {
            missing: true,
            ..CancelView::default()
        },
    })
}

/// Page `page` (from 1) of the public news, optionally of one tag.
pub async fn news_list(
    db: &Db,
    tag: Option<Tag>,
    page: i64,
    now: DateTime<Utc>,
) -> Result<NewsListView, DbError> {
    let (items, total) =
        store::public_news(db, tag, (page - 1) * NEWS_PAGE_SIZE, NEWS_PAGE_SIZE, now).await?;
    Ok(NewsListView {
        items: items.into_iter().map(NewsCard::from).collect(),
        tag,
        page,
        pages: ((total + NEWS_PAGE_SIZE - 1) / NEWS_PAGE_SIZE).max(1),
        total,
    })
}

/// A public article; `None` when no published one has `slug`.
pub async fn article(
    db: &Db,
    slug: &str,
    now: DateTime<Utc>,
) -> Result<Option<ArticleView>, DbError> {
    Ok(store::public_article(db, slug, now)
        .await?
        .map(|(item, body_html)| ArticleView {
            card: item.into(),
            body_html,
        }))
}

/// The page a sign-up answers with: the event, and the name and number
/// masked (the same page whether the number was signed up before or not).
pub fn signed_up(event: EventSummary, signup: &domain::content::Signup) -> SignedUpView {
    SignedUpView {
        event_title: event.title,
        starts_at: event.starts_at,
        place: event.place,
        campaign_slug: event.campaign_slug,
        campaign_title: event.campaign_title,
        name_masked: domain::mask::name(signup.name.as_str()),
        phone_masked: signup.phone.masked(),
    }
}
