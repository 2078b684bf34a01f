//! The bureau's news: the public list and articles, and the editors'
//! articles in any status.

use chrono::{DateTime, Utc};
use domain::content::{Status, Tag};
use sqlx::any::AnyRow;

use super::{Draft, PUBLIC, publish_time, render_markdown, unless_slug_taken};
use crate::server::row::Cols;
use crate::server::{Db, DbError};

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
        "SELECT COUNT(*) AS n FROM news_articles WHERE {filter}"
    ))
    .bind(now.to_rfc3339())
    .bind(tag)
    .fetch_one(&db.pool)
    .await?
    .col("n")?;
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
    let items = rows.iter().map(news_item).collect::<Result<_, _>>()?;
    Ok((items, total))
}

/// A public article's row (public, so it has its publication time).
fn news_item(r: &AnyRow) -> Result<NewsItem, DbError> {
    Ok(NewsItem {
        slug: r.col("slug")?,
        tag: r.parsed("tag", Tag::parse)?,
        title: r.col("title")?,
        summary: r.col("summary")?,
        publish_at: r.instant("publish_at")?,
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
    row.map(|r| Ok((news_item(&r)?, r.col("body_html")?)))
        .transpose()
}

/// Adds a news article; its id.
pub async fn create_article(
    db: &Db,
    tag: Tag,
    draft: &Draft,
    now: DateTime<Utc>,
) -> Result<i64, DbError> {
    let at = now.to_rfc3339();
    sqlx::query(
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
    .col("id")
}

/// An article as editors see it (any status).
#[derive(Clone, Debug, PartialEq)]
pub struct EditorArticle {
    pub id: i64,
    pub article: domain::content::Article,
    pub updated_at: DateTime<Utc>,
}

/// The columns [`editor_article`] reads.
const EDITOR_COLUMNS: &str =
    "id, slug, tag, title, summary, body_md, status, publish_at, updated_at";

/// Every article, newest change first, for the editors' list.
pub async fn all_articles(db: &Db) -> Result<Vec<EditorArticle>, DbError> {
    let rows = sqlx::query(&format!(
        "SELECT {EDITOR_COLUMNS} FROM news_articles ORDER BY updated_at DESC, id DESC LIMIT 200"
    ))
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(editor_article).collect()
}

fn editor_article(r: &AnyRow) -> Result<EditorArticle, DbError> {
    Ok(EditorArticle {
        id: r.col("id")?,
        article: domain::content::Article {
            slug: r.col("slug")?,
            tag: r.parsed("tag", Tag::parse)?,
            title: r.col("title")?,
            summary: r.col("summary")?,
            body: r.col("body_md")?,
            status: r.parsed("status", Status::parse)?,
            publish_at: r.instant_opt("publish_at")?,
        },
        updated_at: r.instant("updated_at")?,
    })
}

pub async fn article_by_id(db: &Db, id: i64) -> Result<Option<EditorArticle>, DbError> {
    let row = sqlx::query(&format!(
        "SELECT {EDITOR_COLUMNS} FROM news_articles WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    row.as_ref().map(editor_article).transpose()
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
