//! `/staff/content/campaigns…`: editors write, schedule and publish
//! campaigns, with their cover image and events. Every request needs a
//! staff session with the editor's permission (`May<EditContent>`).

use std::collections::HashMap;

use app::api::content::{CampaignEditView, CampaignNotice, EventEditView};
use app::server::content::{self as store, EditorCampaign, EventSaved};
use app::server::views::editor as views;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use domain::complaint::input::FieldError;
use domain::content::{CampaignForm, EventForm};
use http::StatusCode;
use serde::Deserialize;

use super::AppState;
use super::error::HttpError;
use super::extract::{EditContent, Fields, May, Page};
use super::media::{read_photo_field, stored_photo};
use super::staff_content::path_id;

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

async fn render_campaign(
    state: &AppState,
    page: &Page,
    mut view: CampaignEditView,
    status: StatusCode,
) -> Result<Response, HttpError> {
    view.days = app::server::calendar::environment_days(&state.db).await?;
    view.max_cover_mb = state.photo_max_bytes / (1024 * 1024);
    // After a POST the switches come back to the form's own page.
    let back = match view.id {
        Some(id) => format!("/staff/content/campaigns/{id}"),
        None => "/staff/content/campaigns/new".to_owned(),
    };
    Ok(page
        .back_to(back)
        .render(state, "/staff/content/campaigns/_", view, status)
        .await)
}

/// The campaign of `raw` (an id in the path).
async fn campaign_of(state: &AppState, raw: &str) -> Result<EditorCampaign, HttpError> {
    store::campaign_by_id(&state.db, path_id(raw)?)
        .await?
        .ok_or(HttpError::NotFound)
}

/// `GET /staff/content/campaigns/new` and `GET /staff/content/campaigns/{id}`.
pub async fn edit_campaign(
    State(state): State<AppState>,
    _: May<EditContent>,
    page: Page,
    id: Option<Path<String>>,
    query: Result<Query<DoneQuery>, QueryRejection>,
) -> Result<Response, HttpError> {
    let view = match id {
        None => CampaignEditView {
            form: CampaignForm {
                status: "draft".to_owned(),
                year: domain::shanghai::local(Utc::now()).format("%Y").to_string(),
                ..CampaignForm::default()
            },
            ..CampaignEditView::default()
        },
        Some(Path(raw)) => CampaignEditView {
            notice: query.ok().and_then(|Query(q)| q.notice()),
            ..views::campaign(campaign_of(&state, &raw).await?, Utc::now())
        },
    };
    render_campaign(&state, &page, view, StatusCode::OK).await
}

/// `POST /staff/content/campaigns` (new) and `POST /staff/content/campaigns/{id}`.
pub async fn save_campaign(
    State(state): State<AppState>,
    May(editor, _): May<EditContent>,
    page: Page,
    id: Option<Path<String>>,
    Fields(form): Fields<CampaignForm>,
) -> Result<Response, HttpError> {
    let stored = match id {
        None => None,
        Some(Path(raw)) => Some(campaign_of(&state, &raw).await?),
    };
    let id = stored.as_ref().map(|c| c.id);
    let again = async |form: CampaignForm, problems| {
        let view = CampaignEditView {
            form,
            problems,
            ..stored
                .clone()
                .map(|c| views::campaign(c, Utc::now()))
                .unwrap_or_default()
        };
        render_campaign(&state, &page, view, StatusCode::UNPROCESSABLE_ENTITY).await
    };
    let campaign = match form.validate() {
        Ok(c) => c,
        Err(problems) => return again(form, problems).await,
    };
    if let Some(day) = &campaign.environment_day {
        let days = app::server::calendar::environment_days(&state.db).await?;
        if !days.iter().any(|d| &d.slug == day) {
            return again(form, vec![("environment_day", FieldError::NotAChoice)]).await;
        }
    }
    match store::save_campaign(&state.db, id, &campaign, Utc::now()).await? {
        Some(saved) => {
            tracing::info!(
                staff = editor.id,
                campaign = saved,
                status = campaign.status.code(),
                "campaign saved"
            );
            Ok(
                Redirect::to(&format!("/staff/content/campaigns/{saved}?done=saved"))
                    .into_response(),
            )
        }
        None => again(form, vec![("slug", FieldError::Taken)]).await,
    }
}

/// `GET /staff/content/campaigns/{id}/cover.jpg`: the cover of any
/// campaign, drafts included, for its editor.
pub async fn cover_preview(
    State(state): State<AppState>,
    _: May<EditContent>,
    Path(raw): Path<String>,
) -> Result<Response, HttpError> {
    let keys = store::campaign_cover(&state.db, path_id(&raw)?)
        .await?
        .ok_or(HttpError::NotFound)?;
    stored_photo(&state, &keys.full, "no-store").await
}

/// `POST /staff/content/campaigns/{id}/cover`: a new cover (multipart,
/// field `photo`), re-encoded like the residents' photos.
pub async fn upload_cover(
    State(state): State<AppState>,
    May(editor, _): May<EditContent>,
    page: Page,
    Path(raw): Path<String>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, HttpError> {
    let campaign = campaign_of(&state, &raw).await?;
    let id = campaign.id;
    let refuse = async || {
        let view = CampaignEditView {
            notice: Some(CampaignNotice::BadCover),
            ..views::campaign(campaign.clone(), Utc::now())
        };
        render_campaign(&state, &page, view, StatusCode::UNPROCESSABLE_ENTITY).await
    };
    let bytes = match read_photo_field(multipart, state.photo_max_bytes).await {
        Ok(Some(b)) if !b.is_empty() => b,
        _ => return refuse().await,
    };
    let Ok(processed) = crate::photos::process_bounded(bytes).await else {
        return refuse().await;
    };
    let (full, thumb, _) = state
        .photos
        .put_processed("covers", processed)
        .await
        .map_err(HttpError::unavailable)?;
    let keys = store::CoverKeys { full, thumb };
    match store::set_cover(&state.db, id, &keys, Utc::now()).await {
        Ok(Some(old)) => {
            if let Some(old) = old {
                state.photos.delete_pair(&old.full, &old.thumb).await;
            }
            tracing::info!(staff = editor.id, campaign = id, "campaign cover saved");
            Ok(
                Redirect::to(&format!("/staff/content/campaigns/{id}?done=cover#notice"))
                    .into_response(),
            )
        }
        other => {
            state.photos.delete_pair(&keys.full, &keys.thumb).await;
            Err(match other {
                Err(e) => e.into(),
                Ok(_) => HttpError::NotFound,
            })
        }
    }
}

/// `POST /staff/content/campaigns/{id}/cover/remove`.
pub async fn remove_cover(
    State(state): State<AppState>,
    _: May<EditContent>,
    Path(raw): Path<String>,
) -> Result<Response, HttpError> {
    let id = path_id(&raw)?;
    let old = store::remove_cover(&state.db, id, Utc::now())
        .await?
        .ok_or(HttpError::NotFound)?;
    if let Some(old) = old {
        state.photos.delete_pair(&old.full, &old.thumb).await;
    }
    Ok(Redirect::to(&format!(
        "/staff/content/campaigns/{id}?done=cover-removed#notice"
    ))
    .into_response())
}

/// The campaign and (for an existing event) the event named in the path
/// (`id`, and `event` unless adding one).
async fn event_of(
    state: &AppState,
    params: &HashMap<String, String>,
) -> Result<(EditorCampaign, Option<store::EventRow>), HttpError> {
    let campaign = campaign_of(state, params.get("id").map_or("", String::as_str)).await?;
    let Some(raw) = params.get("event") else {
        return Ok((campaign, None));
    };
    let event = raw
        .parse::<i64>()
        .ok()
        .and_then(|id| campaign.events.iter().find(|e| e.id == id).cloned())
        .ok_or(HttpError::NotFound)?;
    Ok((campaign, Some(event)))
}

const EVENT_PAGE: &str = "/staff/content/campaigns/_/events/_";

/// `GET /staff/content/campaigns/{id}/events/new` and `…/events/{event}`.
pub async fn edit_event(
    State(state): State<AppState>,
    _: May<EditContent>,
    page: Page,
    Path(params): Path<HashMap<String, String>>,
) -> Result<Response, HttpError> {
    let (campaign, event) = event_of(&state, &params).await?;
    let view = views::event(campaign, event);
    Ok(page.render(&state, EVENT_PAGE, view, StatusCode::OK).await)
}

/// `POST /staff/content/campaigns/{id}/events` (new) and `…/events/{event}`.
pub async fn save_event(
    State(state): State<AppState>,
    May(editor, _): May<EditContent>,
    page: Page,
    Path(params): Path<HashMap<String, String>>,
    Fields(form): Fields<EventForm>,
) -> Result<Response, HttpError> {
    let (campaign, event) = event_of(&state, &params).await?;
    let (event_id, taken) = (
        event.as_ref().map(|e| e.id),
        event.as_ref().map_or(0, |e| e.taken),
    );
    let again = async |form: EventForm, problems, taken| {
        let view = EventEditView {
            campaign_id: campaign.id,
            campaign_title: campaign.campaign.title.clone(),
            id: event_id,
            form,
            problems,
            taken,
        };
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        let back = match event_id {
            Some(e) => format!("/staff/content/campaigns/{}/events/{e}", campaign.id),
            None => format!("/staff/content/campaigns/{}/events/new", campaign.id),
        };
        Ok(page
            .back_to(back)
            .render(&state, EVENT_PAGE, view, status)
            .await)
    };
    let checked = match form.validate(taken) {
        Ok(e) => e,
        Err(problems) => return again(form, problems, taken).await,
    };
    match store::save_event(&state.db, campaign.id, event_id, &checked).await? {
        EventSaved::Saved(saved) => {
            tracing::info!(
                staff = editor.id,
                campaign = campaign.id,
                event = saved,
                "event saved"
            );
            Ok(Redirect::to(&format!(
                "/staff/content/campaigns/{}?done=event#notice",
                campaign.id
            ))
            .into_response())
        }
        EventSaved::BelowTaken => {
            // Sign-ups came in since the form was checked: show how many.
            let taken = match event_id {
                Some(e) => store::event_by_id(&state.db, campaign.id, e)
                    .await?
                    .map_or(taken, |e| e.taken),
                None => taken,
            };
            again(form, vec![("capacity", FieldError::OutOfRange)], taken).await
        }
        EventSaved::Missing => Err(HttpError::NotFound),
    }
}
