//! `/staff/content`: editors write, schedule and publish campaigns (with
//! their cover image and events) and news, and add environment days.
//! Every request needs a staff session with the editor's permission.

use std::collections::HashMap;

use app::api::content::{
    AdminArticleRow, AdminCampaignRow, AdminEventRow, ArticleEditView, CampaignEditView,
    CampaignNotice, ContentAdminView, DaysView, EventEditView,
};
use app::server::content::{self as store, EditorCampaign, EventSaved};
use axum::Extension;
use axum::Form;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Multipart, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use domain::access::Action;
use domain::complaint::input::FieldError;
use domain::content::{ArticleForm, CampaignForm, DayForm, EventForm, is_public};
use http::{HeaderMap, StatusCode};
use leptos::prelude::provide_context;
use serde::Deserialize;

use super::AppState;
use super::complaints::{bad_request, unavailable};
use super::render::page_with;
use super::security::CspNonce;

/// The signed-in staff member allowed to do this, or the response to send instead.
async fn editor(state: &AppState, headers: &HeaderMap) -> Result<i64, Response> {
    super::staff::require(state, headers, Action::EditContent)
        .await
        .map(|u| u.id)
}

/// `GET /staff/content`.
pub async fn list(
    State(state): State<AppState>,
    nonce: Option<Extension<CspNonce>>,
    headers: HeaderMap,
) -> Response {
    if let Err(r) = editor(&state, &headers).await {
        return r;
    }
    let now = Utc::now();
    let loaded = async {
        Ok::<_, app::server::DbError>((
            store::all_campaigns(&state.db).await?,
            store::all_articles(&state.db).await?,
        ))
    };
    let (campaigns, articles) = match loaded.await {
        Ok(found) => found,
        Err(e) => return unavailable(&headers, e),
    };
    let view = ContentAdminView {
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
    };
    page_with(
        &state,
        &headers,
        nonce.map(|Extension(n)| n),
        "/staff/content",
        move || provide_context(view.clone()),
        StatusCode::OK,
    )
    .await
}

async fn render(
    state: &AppState,
    headers: &HeaderMap,
    nonce: Option<CspNonce>,
    view: ArticleEditView,
    status: StatusCode,
) -> Response {
    page_with(
        state,
        headers,
        nonce,
        "/staff/content/news/_",
        move || provide_context(view.clone()),
        status,
    )
    .await
}

#[derive(Deserialize, Default)]
pub struct SavedQuery {
    #[serde(default)]
    saved: Option<String>,
}

/// `GET /staff/content/news/new` and `GET /staff/content/news/{id}`.
pub async fn edit(
    State(state): State<AppState>,
    nonce: Option<Extension<CspNonce>>,
    headers: HeaderMap,
    id: Option<Path<String>>,
    query: Result<Query<SavedQuery>, QueryRejection>,
) -> Response {
    let nonce = nonce.map(|Extension(n)| n);
    if let Err(r) = editor(&state, &headers).await {
        return r;
    }
    let saved = query.is_ok_and(|Query(q)| q.saved.is_some());
    let view = match id {
        None => ArticleEditView {
            form: ArticleForm {
                tag: "notices".to_owned(),
                status: "draft".to_owned(),
                ..ArticleForm::default()
            },
            ..ArticleEditView::default()
        },
        Some(Path(raw)) => {
            let Ok(id) = raw.parse::<i64>() else {
                return super::not_found(&state, &headers, nonce).await;
            };
            match store::article_by_id(&state.db, id).await {
                Ok(Some(a)) => ArticleEditView {
                    id: Some(a.id),
                    public_path: is_public(a.article.status, a.article.publish_at, Utc::now())
                        .then(|| format!("/news/{}", a.article.slug)),
                    form: ArticleForm::from_article(&a.article),
                    problems: vec![],
                    saved,
                },
                Ok(None) => return super::not_found(&state, &headers, nonce).await,
                Err(e) => return unavailable(&headers, e),
            }
        }
    };
    render(&state, &headers, nonce, view, StatusCode::OK).await
}

/// `POST /staff/content/news` (new) and `POST /staff/content/news/{id}`.
pub async fn save(
    State(state): State<AppState>,
    nonce: Option<Extension<CspNonce>>,
    headers: HeaderMap,
    id: Option<Path<String>>,
    form: Result<Form<ArticleForm>, FormRejection>,
) -> Response {
    let nonce = nonce.map(|Extension(n)| n);
    let editor_id = match editor(&state, &headers).await {
        Ok(id) => id,
        Err(r) => return r,
    };
    let Ok(Form(form)) = form else {
        return bad_request(&headers);
    };
    let id = match id {
        None => None,
        Some(Path(raw)) => match raw.parse::<i64>() {
            Ok(id) => match store::article_by_id(&state.db, id).await {
                Ok(Some(_)) => Some(id),
                Ok(None) => return super::not_found(&state, &headers, nonce).await,
                Err(e) => return unavailable(&headers, e),
            },
            Err(_) => return super::not_found(&state, &headers, nonce).await,
        },
    };
    let again = |form: ArticleForm, problems: Vec<(&'static str, FieldError)>| ArticleEditView {
        id,
        form,
        problems,
        saved: false,
        public_path: None,
    };
    let article = match form.validate() {
        Ok(a) => a,
        Err(problems) => {
            let view = again(form, problems);
            return render(
                &state,
                &headers,
                nonce,
                view,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    match store::save_article(&state.db, id, &article, Utc::now()).await {
        Ok(Some(saved)) => {
            tracing::info!(
                staff = editor_id,
                article = saved,
                status = article.status.code(),
                "article saved"
            );
            Redirect::to(&format!("/staff/content/news/{saved}?saved=1")).into_response()
        }
        Ok(None) => {
            let view = again(form, vec![("slug", FieldError::Taken)]);
            render(
                &state,
                &headers,
                nonce,
                view,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => unavailable(&headers, e),
    }
}

async fn render_days(
    state: &AppState,
    headers: &HeaderMap,
    nonce: Option<CspNonce>,
    mut view: DaysView,
    status: StatusCode,
) -> Response {
    view.days = match app::server::calendar::environment_days(&state.db).await {
        Ok(d) => d,
        Err(e) => return unavailable(headers, e),
    };
    page_with(
        state,
        headers,
        nonce,
        "/staff/content/days",
        move || provide_context(view.clone()),
        status,
    )
    .await
}

/// `GET /staff/content/days`.
pub async fn days(
    State(state): State<AppState>,
    nonce: Option<Extension<CspNonce>>,
    headers: HeaderMap,
    query: Result<Query<SavedQuery>, QueryRejection>,
) -> Response {
    if let Err(r) = editor(&state, &headers).await {
        return r;
    }
    let view = DaysView {
        saved: query.is_ok_and(|Query(q)| q.saved.is_some()),
        ..DaysView::default()
    };
    render_days(
        &state,
        &headers,
        nonce.map(|Extension(n)| n),
        view,
        StatusCode::OK,
    )
    .await
}

/// `POST /staff/content/days`: adds an environment day.
pub async fn add_day(
    State(state): State<AppState>,
    nonce: Option<Extension<CspNonce>>,
    headers: HeaderMap,
    form: Result<Form<DayForm>, FormRejection>,
) -> Response {
    let nonce = nonce.map(|Extension(n)| n);
    if let Err(r) = editor(&state, &headers).await {
        return r;
    }
    let Ok(Form(form)) = form else {
        return bad_request(&headers);
    };
    let problems = match form.validate() {
        Ok(day) => match app::server::calendar::add_environment_day(&state.db, &day).await {
            Ok(true) => return Redirect::to("/staff/content/days?saved=1").into_response(),
            Ok(false) => vec![("slug", FieldError::Taken)],
            Err(e) => return unavailable(&headers, e),
        },
        Err(problems) => problems,
    };
    let view = DaysView {
        form,
        problems,
        ..DaysView::default()
    };
    render_days(
        &state,
        &headers,
        nonce,
        view,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

/// The campaign editor's notice after a redirect (`?done=…`).
#[derive(Deserialize, Default)]
pub struct DoneQuery {
    #[serde(default)]
    done: Option<String>,
}

impl DoneQuery {
    fn notice(&self) -> Option<CampaignNotice> {
        match self.done.as_deref()? {
            "saved" => Some(CampaignNotice::Saved),
            "cover" => Some(CampaignNotice::CoverSaved),
            "cover-removed" => Some(CampaignNotice::CoverRemoved),
            "event" => Some(CampaignNotice::EventSaved),
            _ => None,
        }
    }
}

/// The editor's view of a stored campaign.
fn campaign_view(c: EditorCampaign) -> CampaignEditView {
    CampaignEditView {
        id: Some(c.id),
        public_path: is_public(c.campaign.status, c.campaign.publish_at, Utc::now())
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

async fn render_campaign(
    state: &AppState,
    headers: &HeaderMap,
    nonce: Option<CspNonce>,
    mut view: CampaignEditView,
    status: StatusCode,
) -> Response {
    view.days = match app::server::calendar::environment_days(&state.db).await {
        Ok(d) => d,
        Err(e) => return unavailable(headers, e),
    };
    view.max_cover_mb = state.photo_max_bytes / (1024 * 1024);
    page_with(
        state,
        headers,
        nonce,
        "/staff/content/campaigns/_",
        move || provide_context(view.clone()),
        status,
    )
    .await
}

/// The campaign of `raw` (an id in the path), or the response to send.
async fn campaign_of(
    state: &AppState,
    headers: &HeaderMap,
    nonce: Option<CspNonce>,
    raw: &str,
) -> Result<EditorCampaign, Response> {
    let Ok(id) = raw.parse::<i64>() else {
        return Err(super::not_found(state, headers, nonce).await);
    };
    match store::campaign_by_id(&state.db, id).await {
        Ok(Some(c)) => Ok(c),
        Ok(None) => Err(super::not_found(state, headers, nonce).await),
        Err(e) => Err(unavailable(headers, e)),
    }
}

/// `GET /staff/content/campaigns/new` and `GET /staff/content/campaigns/{id}`.
pub async fn edit_campaign(
    State(state): State<AppState>,
    nonce: Option<Extension<CspNonce>>,
    headers: HeaderMap,
    id: Option<Path<String>>,
    query: Result<Query<DoneQuery>, QueryRejection>,
) -> Response {
    let nonce = nonce.map(|Extension(n)| n);
    if let Err(r) = editor(&state, &headers).await {
        return r;
    }
    let view = match id {
        None => CampaignEditView {
            form: CampaignForm {
                status: "draft".to_owned(),
                year: domain::shanghai::local(Utc::now()).format("%Y").to_string(),
                ..CampaignForm::default()
            },
            ..CampaignEditView::default()
        },
        Some(Path(raw)) => match campaign_of(&state, &headers, nonce.clone(), &raw).await {
            Ok(c) => CampaignEditView {
                notice: query.ok().and_then(|Query(q)| q.notice()),
                ..campaign_view(c)
            },
            Err(r) => return r,
        },
    };
    render_campaign(&state, &headers, nonce, view, StatusCode::OK).await
}

/// `POST /staff/content/campaigns` (new) and `POST /staff/content/campaigns/{id}`.
pub async fn save_campaign(
    State(state): State<AppState>,
    nonce: Option<Extension<CspNonce>>,
    headers: HeaderMap,
    id: Option<Path<String>>,
    form: Result<Form<CampaignForm>, FormRejection>,
) -> Response {
    let nonce = nonce.map(|Extension(n)| n);
    let editor_id = match editor(&state, &headers).await {
        Ok(id) => id,
        Err(r) => return r,
    };
    let Ok(Form(form)) = form else {
        return bad_request(&headers);
    };
    let stored = match id {
        None => None,
        Some(Path(raw)) => match campaign_of(&state, &headers, nonce.clone(), &raw).await {
            Ok(c) => Some(c),
            Err(r) => return r,
        },
    };
    let id = stored.as_ref().map(|c| c.id);
    let again = |form: CampaignForm, problems| {
        let view = CampaignEditView {
            form,
            problems,
            ..stored.clone().map(campaign_view).unwrap_or_default()
        };
        render_campaign(
            &state,
            &headers,
            nonce.clone(),
            view,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
    };
    let campaign = match form.validate() {
        Ok(c) => c,
        Err(problems) => return again(form, problems).await,
    };
    if let Some(day) = &campaign.environment_day {
        match app::server::calendar::environment_days(&state.db).await {
            Ok(days) if days.iter().any(|d| &d.slug == day) => {}
            Ok(_) => {
                return again(form, vec![("environment_day", FieldError::NotAChoice)]).await;
            }
            Err(e) => return unavailable(&headers, e),
        }
    }
    match store::save_campaign(&state.db, id, &campaign, Utc::now()).await {
        Ok(Some(saved)) => {
            tracing::info!(
                staff = editor_id,
                campaign = saved,
                status = campaign.status.code(),
                "campaign saved"
            );
            Redirect::to(&format!("/staff/content/campaigns/{saved}?done=saved")).into_response()
        }
        Ok(None) => again(form, vec![("slug", FieldError::Taken)]).await,
        Err(e) => unavailable(&headers, e),
    }
}

/// `GET /staff/content/campaigns/{id}/cover.jpg`: the cover of any
/// campaign, drafts included, for its editor.
pub async fn cover_preview(
    State(state): State<AppState>,
    nonce: Option<Extension<CspNonce>>,
    headers: HeaderMap,
    Path(raw): Path<String>,
) -> Response {
    let nonce = nonce.map(|Extension(n)| n);
    if let Err(r) = editor(&state, &headers).await {
        return r;
    }
    let Ok(id) = raw.parse::<i64>() else {
        return super::not_found(&state, &headers, nonce).await;
    };
    let keys = match store::campaign_cover(&state.db, id).await {
        Ok(Some(keys)) => keys,
        Ok(None) => return super::not_found(&state, &headers, nonce).await,
        Err(e) => return unavailable(&headers, e),
    };
    super::complaints::stored_photo(&state, &headers, &keys.full, "no-store").await
}

/// `POST /staff/content/campaigns/{id}/cover`: a new cover (multipart,
/// field `photo`), re-encoded like the residents' photos.
pub async fn upload_cover(
    State(state): State<AppState>,
    nonce: Option<Extension<CspNonce>>,
    headers: HeaderMap,
    Path(raw): Path<String>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let nonce = nonce.map(|Extension(n)| n);
    let editor_id = match editor(&state, &headers).await {
        Ok(id) => id,
        Err(r) => return r,
    };
    let campaign = match campaign_of(&state, &headers, nonce.clone(), &raw).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let id = campaign.id;
    let refuse = || {
        let view = CampaignEditView {
            notice: Some(CampaignNotice::BadCover),
            ..campaign_view(campaign)
        };
        render_campaign(
            &state,
            &headers,
            nonce.clone(),
            view,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
    };
    let bytes = match super::complaints::read_photo_field(multipart, state.photo_max_bytes).await {
        Ok(Some(b)) if !b.is_empty() => b,
        _ => return refuse().await,
    };
    let Ok(processed) = crate::photos::process_bounded(bytes).await else {
        return refuse().await;
    };
    let (full, thumb, _) = match state.photos.put_processed("covers", processed).await {
        Ok(keys) => keys,
        Err(e) => return unavailable(&headers, e),
    };
    let keys = store::CoverKeys { full, thumb };
    match store::set_cover(&state.db, id, &keys, Utc::now()).await {
        Ok(Some(old)) => {
            if let Some(old) = old {
                state.photos.delete_pair(&old.full, &old.thumb).await;
            }
            tracing::info!(staff = editor_id, campaign = id, "campaign cover saved");
            Redirect::to(&format!("/staff/content/campaigns/{id}?done=cover#notice"))
                .into_response()
        }
        other => {
            state.photos.delete_pair(&keys.full, &keys.thumb).await;
            match other {
                Err(e) => unavailable(&headers, e),
                _ => super::not_found(&state, &headers, nonce).await,
            }
        }
    }
}

/// `POST /staff/content/campaigns/{id}/cover/remove`.
pub async fn remove_cover(
    State(state): State<AppState>,
    nonce: Option<Extension<CspNonce>>,
    headers: HeaderMap,
    Path(raw): Path<String>,
) -> Response {
    let nonce = nonce.map(|Extension(n)| n);
    if let Err(r) = editor(&state, &headers).await {
        return r;
    }
    let Ok(id) = raw.parse::<i64>() else {
        return super::not_found(&state, &headers, nonce).await;
    };
    match store::remove_cover(&state.db, id, Utc::now()).await {
        Ok(Some(old)) => {
            if let Some(old) = old {
                state.photos.delete_pair(&old.full, &old.thumb).await;
            }
            Redirect::to(&format!(
                "/staff/content/campaigns/{id}?done=cover-removed#notice"
            ))
            .into_response()
        }
        Ok(None) => super::not_found(&state, &headers, nonce).await,
        Err(e) => unavailable(&headers, e),
    }
}

/// The campaign and (for an existing event) the event named in the path
/// (`id`, and `event` unless adding one).
async fn event_of(
    state: &AppState,
    headers: &HeaderMap,
    nonce: Option<CspNonce>,
    params: &HashMap<String, String>,
) -> Result<(EditorCampaign, Option<store::EventRow>), Response> {
    let campaign = campaign_of(
        state,
        headers,
        nonce.clone(),
        params.get("id").map_or("", String::as_str),
    )
    .await?;
    let Some(raw) = params.get("event") else {
        return Ok((campaign, None));
    };
    let found = raw
        .parse::<i64>()
        .ok()
        .and_then(|id| campaign.events.iter().find(|e| e.id == id).cloned());
    match found {
        Some(event) => Ok((campaign, Some(event))),
        None => Err(super::not_found(state, headers, nonce).await),
    }
}

async fn render_event(
    state: &AppState,
    headers: &HeaderMap,
    nonce: Option<CspNonce>,
    view: EventEditView,
    status: StatusCode,
) -> Response {
    page_with(
        state,
        headers,
        nonce,
        "/staff/content/campaigns/_/events/_",
        move || provide_context(view.clone()),
        status,
    )
    .await
}

/// `GET /staff/content/campaigns/{id}/events/new` and `…/events/{event}`.
pub async fn edit_event(
    State(state): State<AppState>,
    nonce: Option<Extension<CspNonce>>,
    headers: HeaderMap,
    Path(params): Path<HashMap<String, String>>,
) -> Response {
    let nonce = nonce.map(|Extension(n)| n);
    if let Err(r) = editor(&state, &headers).await {
        return r;
    }
    let (campaign, event) = match event_of(&state, &headers, nonce.clone(), &params).await {
        Ok(found) => found,
        Err(r) => return r,
    };
    let view = EventEditView {
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
    };
    render_event(&state, &headers, nonce, view, StatusCode::OK).await
}

/// `POST /staff/content/campaigns/{id}/events` (new) and `…/events/{event}`.
pub async fn save_event(
    State(state): State<AppState>,
    nonce: Option<Extension<CspNonce>>,
    headers: HeaderMap,
    Path(params): Path<HashMap<String, String>>,
    form: Result<Form<EventForm>, FormRejection>,
) -> Response {
    let nonce = nonce.map(|Extension(n)| n);
    let editor_id = match editor(&state, &headers).await {
        Ok(id) => id,
        Err(r) => return r,
    };
    let Ok(Form(form)) = form else {
        return bad_request(&headers);
    };
    let (campaign, event) = match event_of(&state, &headers, nonce.clone(), &params).await {
        Ok(found) => found,
        Err(r) => return r,
    };
    let (event_id, taken) = (
        event.as_ref().map(|e| e.id),
        event.as_ref().map_or(0, |e| e.taken),
    );
    let again = |form: EventForm, problems, taken| {
        let view = EventEditView {
            campaign_id: campaign.id,
            campaign_title: campaign.campaign.title.clone(),
            id: event_id,
            form,
            problems,
            taken,
        };
        render_event(
            &state,
            &headers,
            nonce.clone(),
            view,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
    };
    let checked = match form.validate(taken) {
        Ok(e) => e,
        Err(problems) => return again(form, problems, taken).await,
    };
    match store::save_event(&state.db, campaign.id, event_id, &checked).await {
        Ok(EventSaved::Saved(saved)) => {
            tracing::info!(
                staff = editor_id,
                campaign = campaign.id,
                event = saved,
                "event saved"
            );
            Redirect::to(&format!(
                "/staff/content/campaigns/{}?done=event#notice",
                campaign.id
            ))
            .into_response()
        }
        Ok(EventSaved::BelowTaken) => {
            // Sign-ups came in since the form was checked: show how many.
            let taken = match event_id {
                Some(e) => store::event_by_id(&state.db, campaign.id, e)
                    .await
                    .ok()
                    .flatten()
                    .map_or(taken, |e| e.taken),
                None => taken,
            };
            again(form, vec![("capacity", FieldError::OutOfRange)], taken).await
        }
        Ok(EventSaved::Missing) => super::not_found(&state, &headers, nonce).await,
        Err(e) => unavailable(&headers, e),
    }
}
