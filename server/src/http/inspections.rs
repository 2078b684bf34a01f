//! Site inspections for staff: `/staff/inspections…` (register a visit and
//! get its code, the visit's page with its result, photos and revocation,
//! the list, statistics) and `/staff/admin/inspection-items`. The page a
//! business scans is in `inspection_code`.
//!
//! A handler sees and acts on the visits its unit has a part in; another
//! unit's visit is "not found".

use app::api::inspections::ItemForm;
use app::server::inspections::{self as store, PhotoRefused};
use app::server::staff::StaffUser;
use app::server::views::inspections::{self as views, VisitExtras};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use domain::complaint::filing::Problem;
use domain::inspection::{InspectionCode, RegisterForm, ResultForm, comment};
use http::StatusCode;
use serde::Deserialize;

use super::AppState;
use super::error::HttpError;
use super::extract::{
    EditInspectionItems, Fields, May, Page, RecordInspection, SignedIn, ViewInspectionStats,
    ViewInspections,
};
use super::media::{read_photo_field, stored_photo};

fn id_of(raw: &str) -> Result<i64, HttpError> {
    raw.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or(HttpError::NotFound)
}

#[derive(Deserialize, Default)]
pub struct PageQuery {
    #[serde(default)]
    page: Option<String>,
}

/// `GET /staff/inspections?page=…` (pages from 1, newest first).
pub async fn list(
    State(state): State<AppState>,
    May(user, _): May<ViewInspections>,
    page: Page,
    query: Result<Query<PageQuery>, QueryRejection>,
) -> Result<Response, HttpError> {
    let number = query
        .ok()
        .and_then(|Query(q)| q.page)
        .and_then(|p| p.trim().parse::<i64>().ok())
        .filter(|p| (1..=10_000).contains(p))
        .unwrap_or(1);
    let view = views::list_view(&state.db, &user, number - 1, Utc::now()).await?;
    Ok(page
        .render(&state, "/staff/inspections", view, StatusCode::OK)
        .await)
}

/// `GET /staff/inspections/new?source=…&purpose=…&case_ref=…&warning=…`:
/// the form, filled from the page it was opened from.
pub async fn new_form(
    State(state): State<AppState>,
    May(user, _): May<RecordInspection>,
    page: Page,
    query: Result<Query<RegisterForm>, QueryRejection>,
) -> Result<Response, HttpError> {
    let Query(mut form) = query.map_err(|_| HttpError::BadRequest)?;
    // Only what a link carries; the rest is typed.
    form = RegisterForm {
        source: form.source.chars().take(20).collect(),
        purpose: form.purpose.chars().take(20).collect(),
        case_ref: form.case_ref.chars().take(40).collect(),
        warning: form.warning.chars().take(20).collect(),
        inspector1: user.id.to_string(),
        ..RegisterForm::default()
    };
    let view = views::register_view(&state.db, &user, form, vec![], Utc::now()).await?;
    Ok(page
        .render(&state, "/staff/inspections/new", view, StatusCode::OK)
        .await)
}

async fn refused_registration(
    state: &AppState,
    page: &Page,
    user: &StaffUser,
    form: RegisterForm,
    problems: Vec<Problem>,
) -> Result<Response, HttpError> {
    let view = views::register_view(&state.db, user, form, problems, Utc::now()).await?;
    Ok(page
        .back_to("/staff/inspections/new".to_owned())
        .render(
            state,
            "/staff/inspections/new",
            view,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await)
}

/// `POST /staff/inspections/new`.
pub async fn register(
    State(state): State<AppState>,
    May(user, _): May<RecordInspection>,
    page: Page,
    Fields(form): Fields<RegisterForm>,
) -> Result<Response, HttpError> {
    let Some(unit) = user.unit.clone() else {
        return Err(HttpError::Forbidden);
    };
    let now = Utc::now();
    let reg = match form.validate(now) {
        Ok(r) => r,
        Err(problems) => return refused_registration(&state, &page, &user, form, problems).await,
    };
    let code = InspectionCode::from_random(app::server::random_bytes::<7>());
    match store::register(&state.db, user.id, &unit, &reg, code, now).await? {
        Ok(done) => {
            tracing::info!(
                staff = user.id,
                visit = done.visit_id,
                joined = done.joined,
                "inspection registered"
            );
            let notice = match done {
                d if d.widened => "widened",
                d if d.again => "again",
                d if d.joined => "joined",
                _ => "registered",
            };
            Ok(Redirect::to(&format!(
                "/staff/inspections/{}?done={notice}",
                done.visit_id
            ))
            .into_response())
        }
        Err(problems) => refused_registration(&state, &page, &user, form, problems).await,
    }
}

#[derive(Deserialize, Default)]
pub struct DoneQuery {
    #[serde(default)]
    done: Option<String>,
    /// `1`: only the code, to show on site.
    #[serde(default)]
    show: Option<String>,
}

const NOTICES: [&str; 11] = [
    "registered",
    "joined",
    "again",
    "widened",
    "result",
    "photo",
    "revoked",
    "gone",
    "bad_photo",
    "photo_early",
    "photo_full",
];

async fn render_visit(
    state: &AppState,
    page: &Page,
    user: &StaffUser,
    id: i64,
    extras: VisitExtras,
    status: StatusCode,
) -> Result<Response, HttpError> {
    let mut view = views::visit_page(&state.db, user, id, extras, Utc::now())
        .await?
        .ok_or(HttpError::NotFound)?;
    let code = view.visit.code.replace('-', "");
    view.url = format!("{}/inspections/{code}", state.public_url);
    view.qr_svg = super::media::qr_svg(&view.url);
    Ok(page
        .back_to(format!("/staff/inspections/{id}"))
        .render(state, "/staff/inspections/0", view, status)
        .await)
}

/// `GET /staff/inspections/{id}`.
pub async fn show(
    State(state): State<AppState>,
    May(user, _): May<ViewInspections>,
    page: Page,
    Path(id): Path<String>,
    query: Result<Query<DoneQuery>, QueryRejection>,
) -> Result<Response, HttpError> {
    let id = id_of(&id)?;
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let notice = query.done.filter(|d| NOTICES.contains(&d.as_str()));
    let extras = VisitExtras {
        notice,
        show_code: query.show.is_some_and(|s| s == "1"),
        ..VisitExtras::default()
    };
    render_visit(&state, &page, &user, id, extras, StatusCode::OK).await
}

/// The visit `user` may act on: one their unit has a part in.
async fn actionable(state: &AppState, user: &StaffUser, id: &str) -> Result<i64, HttpError> {
    let id = id_of(id)?;
    let units = store::visit_units(&state.db, id).await?;
    match views::access(user, &units) {
        (_, true) => Ok(id),
        (true, false) => Err(HttpError::Forbidden),
        _ => Err(HttpError::NotFound),
    }
}

/// `POST /staff/inspections/{id}/result`.
pub async fn result(
    State(state): State<AppState>,
    May(user, _): May<RecordInspection>,
    page: Page,
    Path(id): Path<String>,
    Fields(form): Fields<ResultForm>,
) -> Result<Response, HttpError> {
    let id = actionable(&state, &user, &id).await?;
    let kind = store::source_kind(&state.db, id)
        .await?
        .ok_or(HttpError::NotFound)?;
    let (findings, measurements) = match form.validate(kind) {
        Ok(v) => v,
        Err(problems) => {
            let extras = VisitExtras {
                result_form: form,
                problems,
                ..VisitExtras::default()
            };
            return render_visit(
                &state,
                &page,
                &user,
                id,
                extras,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    if store::record_result(&state.db, id, user.id, &findings, &measurements, Utc::now()).await? {
        tracing::info!(staff = user.id, visit = id, "inspection result recorded");
        return Ok(Redirect::to(&format!("/staff/inspections/{id}?done=result")).into_response());
    }
    let extras = VisitExtras {
        result_form: form,
        notice: Some("gone".to_owned()),
        ..VisitExtras::default()
    };
    render_visit(&state, &page, &user, id, extras, StatusCode::CONFLICT).await
}

#[derive(Deserialize, Default)]
pub struct RevokeForm {
    #[serde(default)]
    reason: String,
}

/// `POST /staff/inspections/{id}/revoke`.
pub async fn revoke(
    State(state): State<AppState>,
    May(user, _): May<RecordInspection>,
    page: Page,
    Path(id): Path<String>,
    Fields(form): Fields<RevokeForm>,
) -> Result<Response, HttpError> {
    let id = actionable(&state, &user, &id).await?;
    let reason = match comment(&form.reason, true) {
        Ok(r) => r,
        Err(error) => {
            let extras = VisitExtras {
                revoke_reason: form.reason.chars().take(600).collect(),
                problems: vec![Problem {
                    field: "reason",
                    error,
                }],
                ..VisitExtras::default()
            };
            return render_visit(
                &state,
                &page,
                &user,
                id,
                extras,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    if store::revoke(&state.db, id, user.id, &reason, Utc::now()).await? {
        tracing::info!(staff = user.id, visit = id, "inspection code revoked");
        return Ok(Redirect::to(&format!("/staff/inspections/{id}?done=revoked")).into_response());
    }
    let extras = VisitExtras {
        notice: Some("gone".to_owned()),
        ..VisitExtras::default()
    };
    render_visit(&state, &page, &user, id, extras, StatusCode::CONFLICT).await
}

/// `POST /staff/inspections/{id}/photo`: a site photo, re-encoded like
/// every other photo.
pub async fn upload_photo(
    State(state): State<AppState>,
    May(user, _): May<RecordInspection>,
    page: Page,
    Path(id): Path<String>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, HttpError> {
    let id = actionable(&state, &user, &id).await?;
    let notice_of = |refused: PhotoRefused| match refused {
        PhotoRefused::NoResult => "photo_early",
        PhotoRefused::Full => "photo_full",
        PhotoRefused::Revoked => "gone",
    };
    let refuse = async |notice: &str| {
        let extras = VisitExtras {
            notice: Some(notice.to_owned()),
            ..VisitExtras::default()
        };
        render_visit(
            &state,
            &page,
            &user,
            id,
            extras,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await
    };
    // Said before the upload is read: a photo belongs to a result.
    if let Err(refused) = store::photo_allowed(&state.db, id).await? {
        return refuse(notice_of(refused)).await;
    }
    let bytes = match read_photo_field(multipart, state.photo_max_bytes).await {
        Ok(Some(b)) if !b.is_empty() => b,
        _ => return refuse("bad_photo").await,
    };
    let Ok(processed) = crate::photos::process_bounded(bytes).await else {
        return refuse("bad_photo").await;
    };
    let (width, height) = (processed.width, processed.height);
    let (full_key, thumb_key, size) = state
        .photos
        .put_processed("inspections", processed)
        .await
        .map_err(HttpError::unavailable)?;
    let added = store::add_photo(
        &state.db,
        id,
        user.id,
        (&full_key, &thumb_key),
        (width, height, size),
        Utc::now(),
    )
    .await;
    match added {
        Ok(Ok(())) => {
            Ok(Redirect::to(&format!("/staff/inspections/{id}?done=photo")).into_response())
        }
        other => {
            state.photos.delete_pair(&full_key, &thumb_key).await;
            match other? {
                Err(refused) => refuse(notice_of(refused)).await,
                Ok(()) => refuse("bad_photo").await,
            }
        }
    }
}

#[derive(Deserialize, Default)]
pub struct PhotoQuery {
    #[serde(default)]
    thumb: Option<String>,
}

/// `GET /staff/inspections/{id}/photos/{photo}`.
pub async fn photo(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path((id, photo)): Path<(String, String)>,
    query: Result<Query<PhotoQuery>, QueryRejection>,
) -> Result<Response, HttpError> {
    let id = id_of(&id)?;
    let units = store::visit_units(&state.db, id).await?;
    if !views::access(&user, &units).0 {
        return Err(HttpError::NotFound);
    }
    let photo = id_of(&photo)?;
    let (full, thumb) = store::photo(&state.db, id, photo)
        .await?
        .ok_or(HttpError::NotFound)?;
    let key = if query.is_ok_and(|Query(q)| q.thumb.is_some()) {
        thumb
    } else {
        full
    };
    stored_photo(&state, &key, "no-store").await
}

/// `GET /staff/inspections/stats`.
pub async fn stats(
    State(state): State<AppState>,
    _: May<ViewInspectionStats>,
    page: Page,
) -> Result<Response, HttpError> {
    let view = views::stats_view(&state.db, Utc::now()).await?;
    Ok(page
        .render(&state, "/staff/inspections/stats", view, StatusCode::OK)
        .await)
}

#[derive(Deserialize, Default)]
pub struct SavedQuery {
    #[serde(default)]
    saved: Option<String>,
}

/// `GET /staff/admin/inspection-items`.
pub async fn items(
    State(state): State<AppState>,
    _: May<EditInspectionItems>,
    page: Page,
    query: Result<Query<SavedQuery>, QueryRejection>,
) -> Result<Response, HttpError> {
    let saved = query.is_ok_and(|Query(q)| q.saved.is_some());
    let view = views::items_view(&state.db, ItemForm::default(), vec![], saved).await?;
    Ok(page
        .render(
            &state,
            "/staff/admin/inspection-items",
            view,
            StatusCode::OK,
        )
        .await)
}

/// `POST /staff/admin/inspection-items`.
pub async fn add_item(
    State(state): State<AppState>,
    May(user, _): May<EditInspectionItems>,
    page: Page,
    Fields(form): Fields<ItemForm>,
) -> Result<Response, HttpError> {
    match store::add_item(&state.db, &form, Utc::now()).await? {
        Ok(id) => {
            tracing::info!(staff = user.id, item = id, "inspection item added");
            Ok(Redirect::to("/staff/admin/inspection-items?saved=1").into_response())
        }
        Err(problems) => {
            let view = views::items_view(&state.db, form, problems, false).await?;
            Ok(page
                .render(
                    &state,
                    "/staff/admin/inspection-items",
                    view,
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
                .await)
        }
    }
}

#[derive(Deserialize, Default)]
pub struct ToggleForm {
    #[serde(default)]
    active: String,
}

/// `POST /staff/admin/inspection-items/{id}`: withdraw or offer again.
pub async fn toggle_item(
    State(state): State<AppState>,
    May(user, _): May<EditInspectionItems>,
    Path(id): Path<String>,
    Fields(form): Fields<ToggleForm>,
) -> Result<Response, HttpError> {
    let id = id_of(&id)?;
    let active = match form.active.as_str() {
        "1" => true,
        "0" => false,
        _ => return Err(HttpError::BadRequest),
    };
    if !store::set_item_active(&state.db, id, active, Utc::now()).await? {
        return Err(HttpError::NotFound);
    }
    tracing::info!(
        staff = user.id,
        item = id,
        active,
        "inspection item changed"
    );
    Ok(Redirect::to("/staff/admin/inspection-items?saved=1").into_response())
}
