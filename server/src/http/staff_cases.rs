//! `/staff/cases` (the inbox) and `/staff/cases/{reference}` with its
//! actions. Every request needs a staff session; a case another unit
//! handles is "not found" to a handler (they get nothing of it). Each
//! action is checked against the access matrix and the workflow again
//! before it is taken; a problem renders the page again with what was
//! typed, a conflict says someone else was first and keeps the text.

use app::api::cases::{CaseAction, CaseNotice, InboxFilter};
use app::server::cases::{self as store, StaffCase};
use app::server::complaints::{self as complaints_store, ActError};
use app::server::staff::StaffUser;
use app::server::trail::Actor;
use app::server::views::staff_cases::{self as views, Extras, actions};
use axum::extract::{Multipart, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use domain::access::{Action, Scope, may};
use domain::handling::{self, Priority, StaffForm, StepContext};
use http::StatusCode;
use serde::Deserialize;

use super::AppState;
use super::error::HttpError;
use super::extract::{Fields, Page, SignedIn};
use super::media::{read_photo_field, stored_photo};

/// `GET /staff/cases`.
pub async fn inbox(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    page: Page,
    filter: Result<Query<InboxFilter>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, HttpError> {
    if !may(user.role, Action::ViewCase, Scope::OwnUnit)
        && !may(user.role, Action::ViewCase, Scope::OtherCase)
    {
        return Err(HttpError::Forbidden);
    }
    let Query(filter) = filter.map_err(|_| HttpError::BadRequest)?;
    let view = views::inbox(&state.db, &user, filter, Utc::now()).await?;
    Ok(page
        .render(&state, "/staff/cases", view, StatusCode::OK)
        .await)
}

/// The case if `user` may see it at all; "not found" otherwise, so a
/// handler learns nothing of other units' cases.
async fn visible_case(
    state: &AppState,
    user: &StaffUser,
    reference: &str,
) -> Result<StaffCase, HttpError> {
    views::visible_case(&state.db, user, reference)
        .await?
        .ok_or(HttpError::NotFound)
}

async fn render_case(
    state: &AppState,
    page: &Page,
    user: &StaffUser,
    case: StaffCase,
    extras: Extras,
    status: StatusCode,
) -> Result<Response, HttpError> {
    let locale = app::prefs::Prefs::from_headers(&page.headers).locale;
    let back = format!("/staff/cases/{}", case.reference);
    let view = views::case_page(&state.db, user, case, extras, locale).await?;
    Ok(page
        .back_to(back)
        .render(state, "/staff/cases/_", view, status)
        .await)
}

#[derive(Deserialize, Default)]
pub struct ShowQuery {
    #[serde(default)]
    template: Option<i64>,
    #[serde(default)]
    done: Option<String>,
}

/// `GET /staff/cases/{reference}`.
pub async fn show(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    page: Page,
    Path(reference): Path<String>,
    query: Result<Query<ShowQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, HttpError> {
    let case = visible_case(&state, &user, &reference).await?;
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let mut extras = Extras {
        notice: query
            .done
            .as_deref()
            .and_then(CaseAction::parse)
            .map(CaseNotice::Done),
        ..Extras::default()
    };
    if let Some(id) = query.template {
        let list = store::templates(&state.db, &case.category).await?;
        if let Some(t) = list.into_iter().find(|t| t.id == id) {
            extras.form.reply = t.body;
            extras.form.outcome = t.outcome.code().to_owned();
            extras.open_form = Some(CaseAction::Step(domain::case::Step::Reply));
        }
    }
    render_case(&state, &page, &user, case, extras, StatusCode::OK).await
}

/// `POST /staff/cases/{reference}/{action}`.
pub async fn act(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    page: Page,
    Path((reference, action)): Path<(String, String)>,
    form: Result<Fields<StaffForm>, HttpError>,
) -> Result<Response, HttpError> {
    let case = visible_case(&state, &user, &reference).await?;
    let action = CaseAction::parse(&action)
        .filter(|a| *a != CaseAction::Photo)
        .ok_or(HttpError::NotFound)?;
    let Fields(form) = form?;
    let now = Utc::now();
    if !actions(&user, &case).contains(&action) {
        let extras = Extras {
            notice: Some(CaseNotice::NotAllowed),
            form,
            ..Extras::default()
        };
        return render_case(&state, &page, &user, case, extras, StatusCode::CONFLICT).await;
    }
    if action == CaseAction::Reveal {
        store::log_personal_view(&state.db, case.id, user.id, now).await?;
        tracing::info!(staff = user.id, case = case.id, "personal data viewed");
        let mut case = case;
        case.personal_views += 1;
        let extras = Extras {
            personal: true,
            ..Extras::default()
        };
        return render_case(&state, &page, &user, case, extras, StatusCode::OK).await;
    }
    // Every action's form carries the version its page showed; one that
    // does not read as a number was not sent by that page. A note needs none.
    let version = match form.version.trim().parse::<i64>() {
        Ok(v) => v,
        Err(_) if action == CaseAction::Note => -1,
        Err(_) => return Err(HttpError::BadRequest),
    };
    let actor = Actor::Staff(user.id);
    let result: Result<(), ActError> = match action {
        CaseAction::Step(step) => {
            let units: Vec<String> = complaints_store::units(&state.db, false)
                .await?
                .into_iter()
                .map(|u| u.code)
                .collect();
            let ctx = StepContext {
                units: &units,
                kind: case.kind,
                submitted_at: case.submitted_at,
                now,
            };
            match handling::check_step(step, &form, &ctx) {
                Ok(input) => store::act(&state.db, case.id, version, actor, &input, now)
                    .await
                    .map(|_| ()),
                Err(problems) => Err(ActError::Invalid(problems)),
            }
        }
        CaseAction::Note => match handling::check_note(&form) {
            Ok(note) => store::add_note(&state.db, case.id, actor, &note, now).await,
            Err(problems) => Err(ActError::Invalid(problems)),
        },
        CaseAction::Extend => {
            let calendar = complaints_store::work_calendar(&state.db).await?;
            store::extend(&state.db, case.id, version, actor, &form, &calendar, now)
                .await
                .map(|_| ())
        }
        CaseAction::Priority => match Priority::parse(&form.priority) {
            Ok(p) => store::set_priority(&state.db, case.id, version, actor, p, now).await,
            Err(e) => Err(ActError::Invalid(vec![("priority", e)])),
        },
        CaseAction::TakeCharge => {
            store::take_charge(&state.db, case.id, version, user.id, now).await
        }
        CaseAction::Merge => store::merge(&state.db, case.id, version, actor, &form.target, now)
            .await
            .map(|_| ()),
        CaseAction::Publish => match handling::check_publication(&form) {
            Ok(p) => store::publish(&state.db, case.id, version, actor, &p, now).await,
            Err(problems) => Err(ActError::Invalid(problems)),
        },
        CaseAction::Photo | CaseAction::Reveal => Ok(()),
    };
    let (notice, problems, status) = match result {
        Ok(()) => {
            return Ok(Redirect::to(&format!(
                "/staff/cases/{}?done={}#notice",
                case.reference,
                action.code()
            ))
            .into_response());
        }
        Err(ActError::Invalid(problems)) => (
            CaseNotice::Invalid,
            problems,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Err(ActError::Conflict) => (CaseNotice::Conflict, vec![], StatusCode::CONFLICT),
        Err(ActError::NotAllowed(_) | ActError::Refused(_)) => {
            (CaseNotice::NotAllowed, vec![], StatusCode::CONFLICT)
        }
        Err(ActError::Db(e)) => return Err(e.into()),
    };
    // The page again, as the case is now, with what was typed.
    let case = visible_case(&state, &user, &reference).await?;
    let extras = Extras {
        form,
        open_form: Some(action),
        problems,
        notice: Some(notice),
        ..Extras::default()
    };
    render_case(&state, &page, &user, case, extras, status).await
}

/// `POST /staff/cases/{reference}/photo`: a site photo, re-encoded like
/// the residents' photos.
pub async fn upload_photo(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    page: Page,
    Path(reference): Path<String>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, HttpError> {
    let case = visible_case(&state, &user, &reference).await?;
    let refuse = async |notice: CaseNotice, status: StatusCode| {
        let extras = Extras {
            notice: Some(notice),
            open_form: Some(CaseAction::Photo),
            ..Extras::default()
        };
        render_case(&state, &page, &user, case.clone(), extras, status).await
    };
    if !actions(&user, &case).contains(&CaseAction::Photo) {
        return refuse(CaseNotice::NotAllowed, StatusCode::CONFLICT).await;
    }
    let bytes = match read_photo_field(multipart, state.photo_max_bytes).await {
        Ok(Some(b)) if !b.is_empty() => b,
        _ => return refuse(CaseNotice::BadPhoto, StatusCode::UNPROCESSABLE_ENTITY).await,
    };
    let Ok(processed) = crate::photos::process_bounded(bytes).await else {
        return refuse(CaseNotice::BadPhoto, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let (width, height) = (processed.width, processed.height);
    let (full_key, thumb_key, size) = state
        .photos
        .put_processed("cases", processed)
        .await
        .map_err(HttpError::unavailable)?;
    let added = store::add_staff_photo(
        &state.db,
        case.id,
        user.id,
        (&full_key, &thumb_key),
        (width, height, size),
        Utc::now(),
    )
    .await;
    match added {
        Ok(true) => Ok(Redirect::to(&format!(
            "/staff/cases/{}?done=photo#notice",
            case.reference
        ))
        .into_response()),
        other => {
            state.photos.delete_pair(&full_key, &thumb_key).await;
            match other {
                Err(ActError::Db(e)) => Err(e.into()),
                _ => refuse(CaseNotice::NotAllowed, StatusCode::CONFLICT).await,
            }
        }
    }
}

#[derive(Deserialize, Default)]
pub struct PhotoQuery {
    #[serde(default)]
    thumb: Option<String>,
}

/// `GET /staff/cases/{reference}/photos/{id}`: a photo of a case the
/// staff member may see.
pub async fn photo(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path((reference, id)): Path<(String, String)>,
    query: Result<Query<PhotoQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, HttpError> {
    let case = visible_case(&state, &user, &reference).await?;
    let id = id.parse::<i64>().map_err(|_| HttpError::NotFound)?;
    let photo = store::case_photo(&state.db, case.id, id)
        .await?
        .ok_or(HttpError::NotFound)?;
    let thumb = query.is_ok_and(|Query(q)| q.thumb.is_some());
    let key = if thumb {
        &photo.thumb_key
    } else {
        &photo.object_key
    };
    stored_photo(&state, key, "no-store").await
}

/// What an export adds to the inbox's filters.
#[derive(Deserialize, Default)]
pub struct ExportFlags {
    /// `1`: with the residents' names, phone numbers and full addresses
    /// (only for staff who may see them; logged per case).
    #[serde(default)]
    personal: String,
}

/// `GET /staff/cases.csv` and `/staff/cases.xlsx`: the cases the inbox's
/// filters select, every page of them (up to `views::EXPORT_MAX`), in the
/// list's order; logged.
pub async fn export(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    page: Page,
    filter: Result<Query<InboxFilter>, axum::extract::rejection::QueryRejection>,
    flags: Result<Query<ExportFlags>, axum::extract::rejection::QueryRejection>,
    uri: http::Uri,
) -> Result<Response, HttpError> {
    if !may(user.role, Action::ViewCase, Scope::OwnUnit)
        && !may(user.role, Action::ViewCase, Scope::OtherCase)
    {
        return Err(HttpError::Forbidden);
    }
    let Query(filter) = filter.map_err(|_| HttpError::BadRequest)?;
    let Query(flags) = flags.map_err(|_| HttpError::BadRequest)?;
    let format = match uri.path().rsplit('.').next() {
        Some("xlsx") => "xlsx",
        _ => "csv",
    };
    let locale = app::prefs::Prefs::from_headers(&page.headers).locale;
    let export = views::case_export(
        &state.db,
        &user,
        &filter,
        flags.personal == "1",
        format,
        locale,
        Utc::now(),
    )
    .await?
    .ok_or(HttpError::BadRequest)?;
    let stamp = domain::shanghai::local(Utc::now()).format("%Y%m%d-%H%M");
    let name = format!("qingjia-cases-{stamp}.{format}");
    match format {
        "xlsx" => {
            let sheet = app::i18n::texts(locale).k.inbox_title.to_owned();
            super::download::xlsx(&[(sheet, export.rows)], &name)
        }
        _ => Ok(super::download::csv(&export.rows, &name)),
    }
}
