//! Campaigns, their events and sign-ups, and news in the database; and
//! Markdown to sanitised HTML: pulldown-cmark renders it, ammonia keeps
//! only safe tags and attributes (no script, no event handlers, no
//! `javascript:` links), at save time.
//!
//! One module per kind of content ([`news`], [`campaigns`] with their
//! events and covers, [`signups`], the [`sitemap`]); everything is
//! re-exported here, so callers name `server::content::X` whatever the
//! file.

mod campaigns;
mod news;
mod signups;
mod sitemap;

use chrono::{DateTime, Utc};
use domain::content::Status;

use super::DbError;

pub use campaigns::{
    CampaignItem, CampaignPage, CoverKeys, EditorCampaign, EditorCampaignRow, EventRow, EventSaved,
    all_campaigns, campaign_by_id, campaign_cover, campaign_of_day, create_campaign, create_event,
    event_by_id, public_campaign, public_campaigns, public_cover, remove_cover, save_campaign,
    save_event, set_cover,
};
pub use domain::content::NewEvent;
pub use news::{
    EditorArticle, NewsItem, all_articles, article_by_id, create_article, public_article,
    public_news, save_article,
};
pub use signups::{
    EventSummary, SIGNUPS_KEPT_AFTER_EVENT, SignupInfo, SignupOutcome, cancel_signup,
    event_campaign_slug, purge_signups, sign_up, signup_by_token,
};
pub use sitemap::sitemap_entries;

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

/// When content becomes public: its time if scheduled, now if published
/// without one, none for drafts.
fn publish_time(draft: &Draft, now: DateTime<Utc>) -> Option<String> {
    match (draft.status, draft.publish_at) {
        (Status::Draft, at) => at.map(|t| t.to_rfc3339()),
        (_, Some(at)) => Some(at.to_rfc3339()),
        (_, None) => Some(now.to_rfc3339()),
    }
}

/// The id saved, or `None` when the save broke the slug's uniqueness.
fn unless_slug_taken(result: Result<i64, DbError>) -> Result<Option<i64>, DbError> {
    match result {
        Ok(id) => Ok(Some(id)),
        Err(DbError::Sqlx(sqlx::Error::Database(e))) if e.is_unique_violation() => Ok(None),
        Err(e) => Err(e),
    }
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
