//! The editors' pages as they are shown: the list of campaigns and news,
//! an article, a campaign with its events, an event.

use chrono::{DateTime, Utc};
use domain::content::{ArticleForm, CampaignForm, EventForm, is_public};

use crate::api::content::{
    AdminArticleRow, AdminCampaignRow, AdminEventRow, ArticleEditView, CampaignEditView,
    ContentAdminView, EventEditView,
};
use crate::server::content::{self as store, EditorArticle, EditorCampaign, EventRow};
use crate::server::{Db, DbError};

/// `/staff/content`: every campaign and article, with whether each is
/// public at `now`.
pub async fn list(db: &Db, now: DateTime<Utc>) -> Result<ContentAdminView, DbError> {
    let campaigns = store::all_campaigns(db).await?;
    let articles = store::all_articles(db).await?;
    Ok(ContentAdminView {
        campaigns: campaigns
            .into_iter()
            .map(|c| AdminCampaignRow {
                id: c.id,
                public: is_public(c.status, c.publish_at, now),
                title: c.title,
                year: c.year,
                status: c.status,
                publish_at: c.publish_at,
                events: c.events,
            })
            .collect(),
        articles: articles
            .into_iter()
            .map(|a| AdminArticleRow {
                id: a.id,
                public: is_public(a.article.status, a.article.publish_at, now),
                title: a.article.title,
                tag: a.article.tag,
                status: a.article.status,
                publish_at: a.article.publish_at,
                slug: a.article.slug,
            })
            .collect(),
    })
}

/// The editor's view of a stored article (`saved`: just saved).
pub fn article(a: EditorArticle, saved: bool, now: DateTime<Utc>) -> ArticleEditView {
    ArticleEditView {
        id: Some(a.id),
        public_path: is_public(a.article.status, a.article.publish_at, now)
            .then(|| format!("/news/{}", a.article.slug)),
        form: ArticleForm::from_article(&a.article),
        problems: vec![],
        saved,
    }
}

/// The editor's view of a stored campaign.
pub fn campaign(c: EditorCampaign, now: DateTime<Utc>) -> CampaignEditView {
    CampaignEditView {
        id: Some(c.id),
        public_path: is_public(c.campaign.status, c.campaign.publish_at, now)
            .then(|| format!("/campaigns/{}", c.campaign.slug)),
        form: CampaignForm::from_campaign(&c.campaign),
        has_cover: c.has_cover,
        events: c
            .events
            .into_iter()
            .map(|e| AdminEventRow {
                id: e.id,
                title: e.title,
                starts_at: e.starts_at,
                capacity: e.capacity,
                taken: e.taken,
            })
            .collect(),
        ..CampaignEditView::default()
    }
}

/// The editor's view of an event of `campaign` (a new one when `event` is
/// `None`).
pub fn event(campaign: EditorCampaign, event: Option<EventRow>) -> EventEditView {
    EventEditView {
        campaign_id: campaign.id,
        campaign_title: campaign.campaign.title,
        id: event.as_ref().map(|e| e.id),
        taken: event.as_ref().map_or(0, |e| e.taken),
        form: event
            .map(|e| {
                EventForm::from_event(&store::NewEvent {
                    title: e.title,
                    starts_at: e.starts_at,
                    ends_at: e.ends_at,
                    place: e.place,
                    capacity: e.capacity,
                    opens_at: e.opens_at,
                    closes_at: e.closes_at,
                })
            })
            .unwrap_or_default(),
        problems: vec![],
    }
}
