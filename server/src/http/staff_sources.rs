//! `/staff/sources…` and `/staff/warnings…`, and linking a case to its
//! source from the case page (`/staff/cases/{reference}/link-source`,
//! `unlink-source`, `new-source`). Each checks the role (the access
//! matrix) and, for a case, that the staff member may see it at all: a
//! case of another unit is "not found" to a handler.

use app::api::sources::{SourceFilter, WarningFilter};
use app::server::cases::{self as cases_store, LinkError};
use app::server::sources::{self as store, MergeError};
use app::server::staff::StaffUser;
use app::server::trail::Actor;
use app::server::views::sources::{self as views, SourceExtras};
use app::server::views::staff_cases::{self as case_views, Extras};
use app::server::warnings::{self, DecideError};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use domain::access::{Action, may};
use domain::source::SourceForm;
use domain::warning::DecisionForm;
use http::StatusCode;
use serde::Deserialize;

use super::AppState;
use super::error::HttpError;
use super::extract::{
    DecideWarning, EditSources, EditWarningRules, Fields, May, MergeSources, Page, SignedIn,
    ViewSources, ViewWarnings,
};

fn id_of(raw: &str) -> Result<i64, HttpError> {
    raw.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or(HttpError::NotFound)
}

async fn town_codes(state: &AppState) -> Result<Vec<String>, HttpError> {
    Ok(app::server::complaints::units(&state.db, true)
        .await?
        .into_iter()
        .map(|u| u.code)
        .collect())
}

/// `GET /staff/sources`.
pub async fn list(
    State(state): State<AppState>,
    May(user, _): May<ViewSources>,
    page: Page,
    filter: Result<Query<SourceFilter>, QueryRejection>,
) -> Result<Response, HttpError> {
    let Query(filter) = filter.map_err(|_| HttpError::BadRequest)?;
    let view = views::sources(&state.db, &user, filter).await?;
    Ok(page
        .render(&state, "/staff/sources", view, StatusCode::OK)
        .await)
}

/// `GET /staff/sources/new`.
pub async fn new_form(
    State(state): State<AppState>,
    _: May<EditSources>,
    page: Page,
) -> Result<Response, HttpError> {
    let view = views::source_form(&state.db, None, SourceForm::default(), vec![]).await?;
    Ok(page
        .render(&state, "/staff/sources/new", view, StatusCode::OK)
        .await)
}

/// The form again with its problems, what was typed kept.
async fn refused_form(
    state: &AppState,
    page: &Page,
    id: Option<i64>,
    form: SourceForm,
    problems: Vec<domain::complaint::filing::Problem>,
) -> Result<Response, HttpError> {
    let problems = problems.into_iter().map(|p| (p.field, p.error)).collect();
    let view = views::source_form(&state.db, id, form, problems).await?;
    let (path, back) = match id {
        Some(id) => ("/staff/sources/0/edit", format!("/staff/sources/{id}/edit")),
        None => ("/staff/sources/new", "/staff/sources/new".to_owned()),
    };
    Ok(page
        .back_to(back)
        .render(state, path, view, StatusCode::UNPROCESSABLE_ENTITY)
        .await)
}

/// `POST /staff/sources/new`.
pub async fn create(
    State(state): State<AppState>,
    May(user, _): May<EditSources>,
    page: Page,
    Fields(form): Fields<SourceForm>,
) -> Result<Response, HttpError> {
    let source = match form.validate(&town_codes(&state).await?) {
        Ok(s) => s,
        Err(problems) => return refused_form(&state, &page, None, form, problems).await,
    };
    match store::create(&state.db, &source, user.id, Utc::now()).await? {
        Ok(id) => {
            tracing::info!(staff = user.id, source = id, "source registered");
            Ok(Redirect::to(&format!("/staff/sources/{id}?done=saved")).into_response())
        }
        Err(problems) => refused_form(&state, &page, None, form, problems).await,
    }
}

#[derive(Deserialize, Default)]
pub struct DoneQuery {
    #[serde(default)]
    done: Option<String>,
}

/// `GET /staff/sources/{id}`.
pub async fn show(
    State(state): State<AppState>,
    May(user, _): May<ViewSources>,
    page: Page,
    Path(id): Path<String>,
    query: Result<Query<DoneQuery>, QueryRejection>,
) -> Result<Response, HttpError> {
    let id = id_of(&id)?;
    let notice = query
        .ok()
        .and_then(|Query(q)| q.done)
        .filter(|d| d == "saved" || d == "merged");
    let extras = SourceExtras {
        notice,
        ..SourceExtras::default()
    };
    let view = views::source_page(&state.db, &user, id, extras, Utc::now())
        .await?
        .ok_or(HttpError::NotFound)?;
    Ok(page
        .back_to(format!("/staff/sources/{id}"))
        .render(&state, "/staff/sources/0", view, StatusCode::OK)
        .await)
}

/// `GET /staff/sources/{id}/edit`.
pub async fn edit_form(
    State(state): State<AppState>,
    _: May<EditSources>,
    page: Page,
    Path(id): Path<String>,
) -> Result<Response, HttpError> {
    let id = id_of(&id)?;
    let source = store::source(&state.db, id)
        .await?
        .filter(|s| s.merged_into.is_none())
        .ok_or(HttpError::NotFound)?;
    let view = views::source_form(&state.db, Some(id), views::form_of(&source), vec![]).await?;
    Ok(page
        .back_to(format!("/staff/sources/{id}/edit"))
        .render(&state, "/staff/sources/0/edit", view, StatusCode::OK)
        .await)
}

/// `POST /staff/sources/{id}/edit`.
pub async fn update(
    State(state): State<AppState>,
    May(user, _): May<EditSources>,
    page: Page,
    Path(id): Path<String>,
    Fields(form): Fields<SourceForm>,
) -> Result<Response, HttpError> {
    let id = id_of(&id)?;
    store::source(&state.db, id)
        .await?
        .filter(|s| s.merged_into.is_none())
        .ok_or(HttpError::NotFound)?;
    let source = match form.validate(&town_codes(&state).await?) {
        Ok(s) => s,
        Err(problems) => return refused_form(&state, &page, Some(id), form, problems).await,
    };
    match store::update(&state.db, id, &source, Utc::now()).await? {
        Ok(()) => {
            tracing::info!(staff = user.id, source = id, "source edited");
            Ok(Redirect::to(&format!("/staff/sources/{id}?done=saved")).into_response())
        }
        Err(problems) => refused_form(&state, &page, Some(id), form, problems).await,
    }
}

#[derive(Deserialize, Default)]
pub struct MergeForm {
    #[serde(default)]
    into: String,
    /// `1` once the merge was confirmed (a merge cannot be undone).
    #[serde(default)]
    confirm: String,
}

/// `POST /staff/sources/{id}/merge`.
pub async fn merge(
    State(state): State<AppState>,
    May(user, _): May<MergeSources>,
    page: Page,
    Path(id): Path<String>,
    Fields(form): Fields<MergeForm>,
) -> Result<Response, HttpError> {
    let id = id_of(&id)?;
    let typed: String = form.into.chars().take(20).collect();
    let target = typed.trim().trim_start_matches('#').parse::<i64>().ok();
    let result = match target {
        // First the question, naming the source it would go into.
        Some(into) if form.confirm != "1" => match store::merge_target(&state.db, id, into).await {
            Ok(name) => {
                let extras = SourceExtras {
                    merge_target: typed,
                    merge_confirm: Some((into, name)),
                    ..SourceExtras::default()
                };
                let view = views::source_page(&state.db, &user, id, extras, Utc::now())
                    .await?
                    .ok_or(HttpError::NotFound)?;
                return Ok(page
                    .back_to(format!("/staff/sources/{id}"))
                    .render(&state, "/staff/sources/0", view, StatusCode::OK)
                    .await);
            }
            Err(e) => Err(e),
        },
        Some(into) => store::merge(&state.db, id, into, user.id, Utc::now()).await,
        None => Err(MergeError::NotFound),
    };
    let problem = match result {
        Ok(moved) => {
            tracing::info!(staff = user.id, source = id, moved, "source merged");
            return Ok(Redirect::to(&format!("/staff/sources/{id}?done=merged")).into_response());
        }
        Err(MergeError::Db(e)) => return Err(e.into()),
        Err(MergeError::Same) => domain::complaint::input::FieldError::OutOfRange,
        Err(MergeError::NotFound) => domain::complaint::input::FieldError::NotAChoice,
    };
    let extras = SourceExtras {
        merge_target: typed,
        merge_problem: Some(problem),
        ..SourceExtras::default()
    };
    let view = views::source_page(&state.db, &user, id, extras, Utc::now())
        .await?
        .ok_or(HttpError::NotFound)?;
    Ok(page
        .back_to(format!("/staff/sources/{id}"))
        .render(
            &state,
            "/staff/sources/0",
            view,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await)
}

/// `GET /staff/warnings`.
pub async fn warnings_list(
    State(state): State<AppState>,
    May(user, _): May<ViewWarnings>,
    page: Page,
    filter: Result<Query<WarningFilter>, QueryRejection>,
) -> Result<Response, HttpError> {
    let Query(filter) = filter.map_err(|_| HttpError::BadRequest)?;
    let view = views::warnings_list(&state.db, &user, filter).await?;
    Ok(page
        .render(&state, "/staff/warnings", view, StatusCode::OK)
        .await)
}

/// `GET /staff/warnings/{id}`.
pub async fn warning(
    State(state): State<AppState>,
    May(user, _): May<ViewWarnings>,
    page: Page,
    Path(id): Path<String>,
    query: Result<Query<DoneQuery>, QueryRejection>,
) -> Result<Response, HttpError> {
    let id = id_of(&id)?;
    let notice = query
        .ok()
        .and_then(|Query(q)| q.done)
        .filter(|d| d == "done");
    let view = views::warning_page(
        &state.db,
        &user,
        id,
        DecisionForm::default(),
        vec![],
        notice,
    )
    .await?
    .ok_or(HttpError::NotFound)?;
    Ok(page
        .back_to(format!("/staff/warnings/{id}"))
        .render(&state, "/staff/warnings/0", view, StatusCode::OK)
        .await)
}

/// `POST /staff/warnings/{id}`: acknowledge, screening task, dismissal.
pub async fn decide(
    State(state): State<AppState>,
    May(user, _): May<DecideWarning>,
    page: Page,
    Path(id): Path<String>,
    Fields(form): Fields<DecisionForm>,
) -> Result<Response, HttpError> {
    let id = id_of(&id)?;
    let now = Utc::now();
    let units: Vec<String> = app::server::complaints::units(&state.db, false)
        .await?
        .into_iter()
        .map(|u| u.code)
        .collect();
    let calendar = app::server::complaints::work_calendar(&state.db).await?;
    let today = domain::shanghai::today(now);
    let (problems, notice, status) = match form.check(&units, &calendar, today) {
        Ok(decision) => match warnings::decide(&state.db, id, &decision, user.id, now).await {
            Ok(()) => {
                tracing::info!(staff = user.id, warning = id, "warning decided");
                return Ok(
                    Redirect::to(&format!("/staff/warnings/{id}?done=done#notice")).into_response(),
                );
            }
            Err(DecideError::NotActive) => (vec![], Some("gone".to_owned()), StatusCode::CONFLICT),
            Err(DecideError::Db(e)) => return Err(e.into()),
        },
        Err(problems) => (problems, None, StatusCode::UNPROCESSABLE_ENTITY),
    };
    let view = views::warning_page(&state.db, &user, id, form, problems, notice)
        .await?
        .ok_or(HttpError::NotFound)?;
    Ok(page
        .back_to(format!("/staff/warnings/{id}"))
        .render(&state, "/staff/warnings/0", view, status)
        .await)
}

/// The case if `user` may see it and link it; "not found" when they may
/// not see it, 403 when they see it but may not link.
async fn linkable_case(
    state: &AppState,
    user: &StaffUser,
    reference: &str,
) -> Result<app::server::cases::StaffCase, HttpError> {
    let case = case_views::visible_case(&state.db, user, reference)
        .await?
        .ok_or(HttpError::NotFound)?;
    let scope = case_views::scope(user, case.unit.as_deref());
    if !may(user.role, Action::LinkSource, scope) {
        return Err(HttpError::Forbidden);
    }
    Ok(case)
}

/// After a link: back to the case's source section; a refusal renders
/// the case page with the problem.
async fn after_link(
    state: &AppState,
    page: &Page,
    user: &StaffUser,
    reference: &str,
    result: Result<(), LinkError>,
) -> Result<Response, HttpError> {
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/staff/cases/{reference}#source")).into_response()),
        Err(LinkError::Db(e)) => Err(e.into()),
        Err(_) => {
            let case = case_views::visible_case(&state.db, user, reference)
                .await?
                .ok_or(HttpError::NotFound)?;
            let locale = app::prefs::Prefs::from_headers(&page.headers).locale;
            let extras = Extras {
                source_problem: true,
                ..Extras::default()
            };
            let view = case_views::case_page(&state.db, user, case, extras, locale).await?;
            Ok(page
                .back_to(format!("/staff/cases/{reference}"))
                .render(
                    state,
                    "/staff/cases/_",
                    view,
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
                .await)
        }
    }
}

#[derive(Deserialize, Default)]
pub struct LinkForm {
    #[serde(default)]
    source: String,
}

/// `POST /staff/cases/{reference}/link-source`.
pub async fn link(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    page: Page,
    Path(reference): Path<String>,
    Fields(form): Fields<LinkForm>,
) -> Result<Response, HttpError> {
    let case = linkable_case(&state, &user, &reference).await?;
    let result = match form.source.trim().trim_start_matches('#').parse::<i64>() {
        Ok(source) => cases_store::link_source(
            &state.db,
            case.id,
            source,
            Actor::Staff(user.id),
            Utc::now(),
        )
        .await
        .map(|_| ()),
        Err(_) => Err(LinkError::NoSource),
    };
    after_link(&state, &page, &user, &case.reference, result).await
}

/// `POST /staff/cases/{reference}/unlink-source`.
pub async fn unlink(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    page: Page,
    Path(reference): Path<String>,
) -> Result<Response, HttpError> {
    let case = linkable_case(&state, &user, &reference).await?;
    let result =
        cases_store::unlink_source(&state.db, case.id, Actor::Staff(user.id), Utc::now()).await;
    after_link(&state, &page, &user, &case.reference, result).await
}

/// `POST /staff/cases/{reference}/new-source`: a source made from the
/// case's answers, linked at once.
pub async fn new_from_case(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    page: Page,
    Path(reference): Path<String>,
) -> Result<Response, HttpError> {
    let case = linkable_case(&state, &user, &reference).await?;
    let result = cases_store::create_source_from_case(&state.db, case.id, user.id, Utc::now())
        .await
        .map(|(id, _)| {
            tracing::info!(
                staff = user.id,
                source = id,
                case = case.id,
                "source from a case"
            );
        });
    after_link(&state, &page, &user, &case.reference, result).await
}

#[derive(Deserialize, Default)]
pub struct SavedQuery {
    #[serde(default)]
    saved: Option<String>,
}

/// `GET /staff/admin/warning-rules`.
pub async fn rules(
    State(state): State<AppState>,
    _: May<EditWarningRules>,
    page: Page,
    query: Result<Query<SavedQuery>, QueryRejection>,
) -> Result<Response, HttpError> {
    let saved = query.is_ok_and(|Query(q)| q.saved.is_some());
    let view = views::rules_page(&state.db, None, saved).await?;
    Ok(page
        .render(&state, "/staff/admin/warning-rules", view, StatusCode::OK)
        .await)
}

/// `POST /staff/admin/warning-rules/{id}`: one rule changed.
pub async fn save_rule(
    State(state): State<AppState>,
    May(admin, _): May<EditWarningRules>,
    page: Page,
    Path(id): Path<String>,
    Fields(form): Fields<domain::warning::RuleForm>,
) -> Result<Response, HttpError> {
    let id = id_of(&id)?;
    let rule = warnings::all_rules(&state.db)
        .await?
        .into_iter()
        .find(|(r, _)| r.id == id)
        .map(|(r, _)| r)
        .ok_or(HttpError::NotFound)?;
    match form.check(rule.kind) {
        Ok((kind, severity, active)) => {
            if !warnings::update_rule(&state.db, id, kind, severity, active, Utc::now()).await? {
                return Err(HttpError::NotFound);
            }
            tracing::info!(
                staff = admin.id,
                rule = id,
                ?kind,
                ?severity,
                active,
                "warning rule changed"
            );
            Ok(
                Redirect::to(&format!("/staff/admin/warning-rules?saved=1#rule-{id}"))
                    .into_response(),
            )
        }
        Err(problems) => {
            let view = views::rules_page(&state.db, Some((id, form, problems)), false).await?;
            Ok(page
                .render(
                    &state,
                    "/staff/admin/warning-rules",
                    view,
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
                .await)
        }
    }
}
