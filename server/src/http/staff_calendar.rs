//! `/staff/admin/calendar`: admins keep the working-day calendar (public
//! holidays and make-up working days) that deadlines count on.

use app::api::cases::CalendarView;
use axum::Extension;
use axum::Form;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Datelike;
use domain::access::Action;
use domain::workdays::{EDITABLE_YEARS, check_day_edit};
use http::{HeaderMap, StatusCode};
use leptos::prelude::provide_context;
use serde::Deserialize;

use super::AppState;
use super::complaints::{bad_request, unavailable};
use super::render::page_with;
use super::security::CspNonce;

#[derive(Deserialize, Default)]
pub struct YearQuery {
    #[serde(default)]
    year: Option<i32>,
    #[serde(default)]
    saved: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct DayForm {
    #[serde(default)]
    day: String,
    #[serde(default)]
    kind: String,
}

/// The signed-in staff member allowed to do this, or the response to send instead.
async fn admin(state: &AppState, headers: &HeaderMap) -> Result<i64, Response> {
    super::staff::require(state, headers, Action::Administer)
        .await
        .map(|u| u.id)
}

async fn render(
    state: &AppState,
    headers: &HeaderMap,
    nonce: Option<CspNonce>,
    mut view: CalendarView,
    status: StatusCode,
) -> Response {
    view.entries = match app::server::complaints::work_days_of_year(&state.db, view.year).await {
        Ok(e) => e,
        Err(e) => return unavailable(headers, e),
    };
    page_with(
        state,
        headers,
        nonce,
        "/staff/admin/calendar",
        move || provide_context(view.clone()),
        status,
    )
    .await
}

/// `GET /staff/admin/calendar?year=2027`.
pub async fn show(
    State(state): State<AppState>,
    nonce: Option<Extension<CspNonce>>,
    headers: HeaderMap,
    query: Result<Query<YearQuery>, QueryRejection>,
) -> Response {
    if let Err(r) = admin(&state, &headers).await {
        return r;
    }
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let this_year = domain::shanghai::today(chrono::Utc::now()).year();
    let year = query
        .year
        .filter(|y| EDITABLE_YEARS.contains(y))
        .unwrap_or(this_year);
    let view = CalendarView {
        year,
        saved: query.saved.is_some(),
        ..CalendarView::default()
    };
    render(
        &state,
        &headers,
        nonce.map(|Extension(n)| n),
        view,
        StatusCode::OK,
    )
    .await
}

/// `POST /staff/admin/calendar`: one day changed.
pub async fn post(
    State(state): State<AppState>,
    nonce: Option<Extension<CspNonce>>,
    headers: HeaderMap,
    form: Result<Form<DayForm>, FormRejection>,
) -> Response {
    let staff_id = match admin(&state, &headers).await {
        Ok(id) => id,
        Err(r) => return r,
    };
    let Ok(Form(form)) = form else {
        return bad_request(&headers);
    };
    match check_day_edit(&form.day, &form.kind) {
        Ok(edit) => {
            if let Err(e) = app::server::complaints::set_work_day(&state.db, edit).await {
                return unavailable(&headers, e);
            }
            tracing::info!(staff = staff_id, day = %edit.day, kind = ?edit.kind, "work calendar changed");
            Redirect::to(&format!(
                "/staff/admin/calendar?year={}&saved=1",
                edit.day.year()
            ))
            .into_response()
        }
        Err(problems) => {
            let view = CalendarView {
                year: domain::shanghai::today(chrono::Utc::now()).year(),
                day: form.day.chars().take(20).collect(),
                kind: form.kind.chars().take(10).collect(),
                problems,
                ..CalendarView::default()
            };
            render(
                &state,
                &headers,
                nonce.map(|Extension(n)| n),
                view,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}
