//! The public content pages: campaigns (and their covers) and news. Each
//! handler loads its view through `app::server::views::content` and
//! renders it.

use app::server::content as store;
use app::server::views::content as views;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use chrono::Utc;
use domain::content::Tag;
use http::StatusCode;
use serde::Deserialize;

use super::AppState;
use super::error::HttpError;
use super::extract::Page;
use super::media::stored_photo;

/// `GET /campaigns`.
pub async fn campaigns(State(state): State<AppState>, page: Page) -> Result<Response, HttpError> {
    let view = views::campaign_list(&state.db, Utc::now()).await?;
    Ok(page
        .render(&state, "/campaigns", view, StatusCode::OK)
        .await)
}

/// `GET /campaigns/{slug}/cover.jpg` and `…/cover-thumb.jpg`: the cover
/// of a public campaign.
pub async fn cover(
    State(state): State<AppState>,
    Path((slug, file)): Path<(String, String)>,
) -> Result<Response, HttpError> {
    let thumb = match file.as_str() {
        "cover.jpg" => false,
        "cover-thumb.jpg" => true,
        _ => return Err(HttpError::NotFound),
    };
    let keys = store::public_cover(&state.db, &slug, Utc::now())
        .await?
        .ok_or(HttpError::NotFound)?;
    // The address stays when an editor replaces the cover.
    let key = if thumb { &keys.thumb } else { &keys.full };
    stored_photo(&state, key, "public, max-age=600").await
}

/// `GET /campaigns/{slug}`.
pub async fn campaign(
    State(state): State<AppState>,
    page: Page,
    Path(slug): Path<String>,
) -> Result<Response, HttpError> {
    let view = views::campaign(&state.db, &state.public_url, &slug, None, Utc::now())
        .await?
        .ok_or(HttpError::NotFound)?;
    Ok(page
        .render(&state, "/campaigns/_", view, StatusCode::OK)
        .await)
}

#[derive(Deserialize, Default)]
pub struct NewsQuery {
    #[serde(default)]
    tag: String,
    #[serde(default)]
    page: Option<i64>,
}

/// `GET /news`.
pub async fn news(
    State(state): State<AppState>,
    page: Page,
    query: Result<Query<NewsQuery>, QueryRejection>,
) -> Result<Response, HttpError> {
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let number = query.page.unwrap_or(1).clamp(1, 10_000);
    let view = views::news_list(&state.db, Tag::parse(&query.tag), number, Utc::now()).await?;
    Ok(page.render(&state, "/news", view, StatusCode::OK).await)
}

/// `GET /news/{slug}`.
pub async fn article(
    State(state): State<AppState>,
    page: Page,
    Path(slug): Path<String>,
) -> Result<Response, HttpError> {
    let view = views::article(&state.db, &slug, Utc::now())
        .await?
        .ok_or(HttpError::NotFound)?;
    Ok(page.render(&state, "/news/_", view, StatusCode::OK).await)
}
