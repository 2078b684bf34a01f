//! Campaigns, event sign-ups, news, the Atom feed and the sitemap. Pages
//! are rendered here with their view in context; a sign-up that needs
//! the page again gets it with what was typed and what is wrong.

use std::net::SocketAddr;

use app::api::content::{
    ArticleView, CampaignCard, CampaignListView, CampaignView, CancelView, EventView,
    NEWS_PAGE_SIZE, NewsCard, NewsListView, NextDay, SignedUpView, SignupAttempt, SignupProblem,
};
use app::server::content::{self as store, CampaignItem, NewsItem, SignupOutcome};
use axum::Extension;
use axum::Form;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use domain::content::{SignupForm, Tag, signup_state};
use http::{HeaderMap, HeaderValue, StatusCode, header};
use leptos::prelude::provide_context;
use serde::Deserialize;

use super::AppState;
use super::complaints::{bad_request, unavailable};
use super::render::page_with;
use super::security::CspNonce;

fn card(c: CampaignItem) -> CampaignCard {
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

fn news_card(n: NewsItem) -> NewsCard {
    NewsCard {
        slug: n.slug,
        tag: n.tag,
        title: n.title,
        summary: n.summary,
        publish_at: n.publish_at,
    }
}

async fn render<V: Clone + Send + Sync + 'static>(
    state: &AppState,
    headers: &HeaderMap,
    nonce: Option<CspNonce>,
    path: &str,
    view: V,
    status: StatusCode,
) -> Response {
    page_with(
        state,
        headers,
        nonce,
        path,
        move || provide_context(view.clone()),
        status,
    )
    .await
}

/// `GET /campaigns`.
pub async fn campaigns(
    State(state): State<AppState>,
    nonce: Option<Extension<CspNonce>>,
    headers: HeaderMap,
) -> Response {
    let now = Utc::now();
    let today = domain::shanghai::today(now);
    let result = async {
        let list = store::public_campaigns(&state.db, now).await?;
        let next = app::server::calendar::next_environment_day(&state.db, today).await?;
        Ok::<_, app::server::DbError>((list, next))
    }
    .await;
    let (list, next) = match result {
        Ok(r) => r,
        Err(e) => return unavailable(&headers, e),
    };
    let view = CampaignListView {
        campaigns: list.into_iter().map(card).collect(),
        next_day: next.map(|d| NextDay {
            name_zh: d.name_zh,
            name_en: d.name_en,
            date: d.date,
            days_until: d.days_until,
        }),
    };
    render(
        &state,
        &headers,
        nonce.map(|Extension(n)| n),
        "/campaigns",
        view,
        StatusCode::OK,
    )
    .await
}

async fn campaign_view(
    state: &AppState,
    slug: &str,
    attempt: Option<SignupAttempt>,
) -> Result<Option<CampaignView>, app::server::DbError> {
    let now = Utc::now();
    let Some(page) = store::public_campaign(&state.db, slug, now).await? else {
        return Ok(None);
    };
    let og_image = page
        .item
        .cover_alt
        .is_some()
        .then(|| format!("{}/campaigns/{slug}/cover.jpg", state.public_url));
    Ok(Some(CampaignView {
        og_image,
        card: card(page.item),
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

/// `GET /campaigns/{slug}/cover.jpg` and `…/cover-thumb.jpg`: the cover
/// of a public campaign.
pub async fn cover(
    State(state): State<AppState>,
    nonce: Option<Extension<CspNonce>>,
    headers: HeaderMap,
    Path((slug, file)): Path<(String, String)>,
) -> Response {
    let nonce = nonce.map(|Extension(n)| n);
    let thumb = match file.as_str() {
        "cover.jpg" => false,
        "cover-thumb.jpg" => true,
        _ => return super::not_found(&state, &headers, nonce).await,
    };
    let keys = match store::public_cover(&state.db, &slug, Utc::now()).await {
        Ok(Some(keys)) => keys,
        Ok(None) => return super::not_found(&state, &headers, nonce).await,
        Err(e) => return unavailable(&headers, e),
    };
    // The address stays when an editor replaces the cover.
    let key = if thumb { &keys.thumb } else { &keys.full };
    super::complaints::stored_photo(&state, &headers, key, "public, max-age=600").await
}

/// `GET /campaigns/{slug}`.
pub async fn campaign(
    State(state): State<AppState>,
    nonce: Option<Extension<CspNonce>>,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> Response {
    match campaign_view(&state, &slug, None).await {
        Ok(Some(view)) => {
            render(
                &state,
                &headers,
                nonce.map(|Extension(n)| n),
                "/campaigns/_",
                view,
                StatusCode::OK,
            )
            .await
        }
        Ok(None) => super::not_found(&state, &headers, nonce.map(|Extension(n)| n)).await,
        Err(e) => unavailable(&headers, e),
    }
}

#[derive(Deserialize, Default)]
pub struct SignupFields {
    #[serde(default)]
    event: String,
    #[serde(default)]
    website: String,
    #[serde(flatten)]
    form: SignupForm,
}

/// `POST /signups`: a seat at an event.
pub async fn sign_up(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    nonce: Option<Extension<CspNonce>>,
    headers: HeaderMap,
    fields: Result<Form<SignupFields>, FormRejection>,
) -> Response {
    let nonce = nonce.map(|Extension(n)| n);
    let Ok(Form(fields)) = fields else {
        return bad_request(&headers);
    };
    if let Some(r) = super::complaints::throttled(&state, &headers, peer) {
        return r;
    }
    let Ok(event_id) = fields.event.trim().parse::<i64>() else {
        return bad_request(&headers);
    };
    // The campaign of the event (public ones only).
    let slug = match event_campaign(&state, event_id).await {
        Ok(Some(slug)) => slug,
        Ok(None) => return super::not_found(&state, &headers, nonce.clone()).await,
        Err(e) => return unavailable(&headers, e),
    };
    let again = |attempt: SignupAttempt, status: StatusCode| {
        let state = state.clone();
        let headers = headers.clone();
        let slug = slug.clone();
        let nonce = nonce.clone();
        async move {
            match campaign_view(&state, &slug, Some(attempt)).await {
                Ok(Some(view)) => {
                    render(
                        &state,
                        &headers,
                        nonce.clone(),
                        "/campaigns/_",
                        view,
                        status,
                    )
                    .await
                }
                Ok(None) => super::not_found(&state, &headers, None).await,
                Err(e) => unavailable(&headers, e),
            }
        }
    };
    if !fields.website.is_empty() {
        // The honeypot: a bot. Show the form again as if nothing happened.
        return again(
            SignupAttempt {
                event_id,
                ..SignupAttempt::default()
            },
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let signup = match fields.form.validate() {
        Ok(s) => s,
        Err(problems) => {
            let attempt = SignupAttempt {
                event_id,
                form: fields.form,
                problems,
                refused: None,
            };
            return again(attempt, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let refused = |r: SignupProblem| SignupAttempt {
        event_id,
        form: fields.form.clone(),
        problems: vec![],
        refused: Some(r),
    };
    match store::sign_up(&state.db, event_id, &signup, &state.public_url, Utc::now()).await {
        // A number signed up before gets this very page (its owner a text):
        // the page never tells a stranger whether a number is signed up.
        Ok(SignupOutcome::Accepted { event, .. }) => {
            let view = SignedUpView {
                event_title: event.title,
                starts_at: event.starts_at,
                place: event.place,
                campaign_slug: event.campaign_slug,
                campaign_title: event.campaign_title,
                name_masked: domain::mask::name(signup.name.as_str()),
                phone_masked: signup.phone.masked(),
            };
            render(
                &state,
                &headers,
                nonce.clone(),
                "/signups/done",
                view,
                StatusCode::OK,
            )
            .await
        }
        Ok(SignupOutcome::Full) => again(refused(SignupProblem::Full), StatusCode::CONFLICT).await,
        Ok(SignupOutcome::Closed) => {
            again(refused(SignupProblem::Closed), StatusCode::CONFLICT).await
        }
        Ok(SignupOutcome::NoEvent) => super::not_found(&state, &headers, nonce.clone()).await,
        Err(e) => unavailable(&headers, e),
    }
}

/// The slug of the public campaign an event belongs to.
async fn event_campaign(
    state: &AppState,
    event_id: i64,
) -> Result<Option<String>, app::server::DbError> {
    let now = Utc::now();
    let slug = store::event_campaign_slug(&state.db, event_id).await?;
    Ok(match slug {
        Some(slug)
            if store::public_campaign(&state.db, &slug, now)
                .await?
                .is_some() =>
        {
            Some(slug)
        }
        _ => None,
    })
}

#[derive(Deserialize, Default)]
pub struct TokenField {
    #[serde(default)]
    token: String,
}

async fn cancel_view(state: &AppState, token: &str) -> Result<CancelView, app::server::DbError> {
    Ok(match store::signup_by_token(&state.db, token).await? {
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

/// The cancellation page of `token` (404 when no sign-up has it).
async fn cancel_page(
    state: &AppState,
    headers: &HeaderMap,
    nonce: Option<Extension<CspNonce>>,
    token: &str,
) -> Response {
    match cancel_view(state, token).await {
        Ok(view) => {
            let status = if view.missing {
                StatusCode::NOT_FOUND
            } else {
                StatusCode::OK
            };
            let nonce = nonce.map(|Extension(n)| n);
            render(state, headers, nonce, "/signups/cancel", view, status).await
        }
        Err(e) => unavailable(headers, e),
    }
}

/// `GET /signups/cancel?token=…`: asks before cancelling (no change on GET).
pub async fn show_cancel(
    State(state): State<AppState>,
    nonce: Option<Extension<CspNonce>>,
    headers: HeaderMap,
    query: Result<Query<TokenField>, QueryRejection>,
) -> Response {
    let token = query.map(|Query(q)| q.token).unwrap_or_default();
    cancel_page(&state, &headers, nonce, token.trim()).await
}

/// `POST /signups/cancel`.
pub async fn cancel(
    State(state): State<AppState>,
    nonce: Option<Extension<CspNonce>>,
    headers: HeaderMap,
    fields: Result<Form<TokenField>, FormRejection>,
) -> Response {
    let Ok(Form(fields)) = fields else {
        return bad_request(&headers);
    };
    let token = fields.token.trim();
    if let Err(e) = store::cancel_signup(&state.db, token, Utc::now()).await {
        return unavailable(&headers, e);
    }
    cancel_page(&state, &headers, nonce, token).await
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
    nonce: Option<Extension<CspNonce>>,
    headers: HeaderMap,
    query: Result<Query<NewsQuery>, QueryRejection>,
) -> Response {
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let tag = Tag::parse(&query.tag);
    let page = query.page.unwrap_or(1).clamp(1, 10_000);
    let result = store::public_news(
        &state.db,
        tag,
        (page - 1) * NEWS_PAGE_SIZE,
        NEWS_PAGE_SIZE,
        Utc::now(),
    )
    .await;
    let (items, total) = match result {
        Ok(r) => r,
        Err(e) => return unavailable(&headers, e),
    };
    let view = NewsListView {
        items: items.into_iter().map(news_card).collect(),
        tag,
        page,
        pages: ((total + NEWS_PAGE_SIZE - 1) / NEWS_PAGE_SIZE).max(1),
        total,
    };
    render(
        &state,
        &headers,
        nonce.map(|Extension(n)| n),
        "/news",
        view,
        StatusCode::OK,
    )
    .await
}

/// `GET /news/{slug}`.
pub async fn article(
    State(state): State<AppState>,
    nonce: Option<Extension<CspNonce>>,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> Response {
    match store::public_article(&state.db, &slug, Utc::now()).await {
        Ok(Some((item, body_html))) => {
            let view = ArticleView {
                card: news_card(item),
                body_html,
            };
            render(
                &state,
                &headers,
                nonce.map(|Extension(n)| n),
                "/news/_",
                view,
                StatusCode::OK,
            )
            .await
        }
        Ok(None) => super::not_found(&state, &headers, nonce.map(|Extension(n)| n)).await,
        Err(e) => unavailable(&headers, e),
    }
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn xml(body: String, content_type: &'static str) -> Response {
    let mut response = body.into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=600"),
    );
    response
}

/// `GET /news/feed.atom`: the latest 20 articles (RFC 4287).
pub async fn feed(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let now = Utc::now();
    let (items, _) = match store::public_news(&state.db, None, 0, 20, now).await {
        Ok(r) => r,
        Err(e) => return unavailable(&headers, e),
    };
    let base = &state.public_url;
    let updated = items
        .first()
        .map(|n| n.publish_at)
        .unwrap_or(now)
        .to_rfc3339();
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
         <feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">\n\
         <title>{}</title>\n<id>{base}/news</id>\n\
         <link rel=\"self\" href=\"{base}/news/feed.atom\"/>\n<link href=\"{base}/news\"/>\n\
         <updated>{updated}</updated>\n<author><name>{}</name></author>\n",
        xml_escape("嘉定区生态环境局 · 新闻动态"),
        xml_escape("上海市嘉定区生态环境局"),
    );
    for n in items {
        out.push_str(&format!(
            "<entry>\n<title>{}</title>\n<id>{base}/news/{slug}</id>\n\
             <link href=\"{base}/news/{slug}\"/>\n<updated>{at}</updated>\n\
             <published>{at}</published>\n<category term=\"{tag}\"/>\n<summary>{}</summary>\n</entry>\n",
            xml_escape(&n.title),
            xml_escape(&n.summary),
            slug = xml_escape(&n.slug),
            at = n.publish_at.to_rfc3339(),
            tag = n.tag.code(),
        ));
    }
    out.push_str("</feed>\n");
    xml(out, "application/atom+xml; charset=utf-8")
}

/// `GET /sitemap.xml`: the public pages, campaigns and news.
pub async fn sitemap(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let entries = match store::sitemap_entries(&state.db, Utc::now()).await {
        Ok(e) => e,
        Err(e) => return unavailable(&headers, e),
    };
    let base = &state.public_url;
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for path in [
        "/",
        "/air",
        "/complaints/new",
        "/track",
        "/board",
        "/campaigns",
        "/news",
    ] {
        out.push_str(&format!("<url><loc>{base}{path}</loc></url>\n"));
    }
    for (path, modified) in entries {
        out.push_str(&format!(
            "<url><loc>{base}{}</loc><lastmod>{modified}</lastmod></url>\n",
            xml_escape(&path)
        ));
    }
    out.push_str("</urlset>\n");
    xml(out, "application/xml; charset=utf-8")
}
