//! `/staff/admin/calendar`: admins keep the working-day calendar (public
//! holidays and make-up working days) that deadlines count on.

use app::api::cases::WorkdaysView;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Datelike;
use domain::workdays::{EDITABLE_YEARS, check_day_edit};
use http::StatusCode;
use serde::Deserialize;

use super::AppState;
use super::error::HttpError;
use super::extract::{Administer, Fields, May, Page};

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

/// The calendar page of `view.year`, with its entries.
async fn render(
    state: &AppState,
    page: &Page,
    mut view: WorkdaysView,
    status: StatusCode,
) -> Result<Response, HttpError> {
    view.entries = app::server::complaints::work_days_of_year(&state.db, view.year).await?;
    Ok(page
        .render(state, "/staff/admin/calendar", view, status)
        .await)
}

/// `GET /staff/admin/calendar?year=2027`.
pub async fn show(
    State(state): State<AppState>,
    _: May<Administer>,
    page: Page,
    query: Result<Query<YearQuery>, QueryRejection>,
) -> Result<Response, HttpError> {
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let this_year = domain::shanghai::today(chrono::Utc::now()).year();
    let year = query
        .year
        .filter(|y| EDITABLE_YEARS.contains(y))
        .unwrap_or(this_year);
    let view = WorkdaysView {
        year,
        saved: query.saved.is_some(),
        ..WorkdaysView::default()
    };
    render(&state, &page, view, StatusCode::OK).await
}

/// `POST /staff/admin/calendar`: one day changed.
pub async fn post(
    State(state): State<AppState>,
    May(admin, _): May<Administer>,
    page: Page,
    Fields(form): Fields<DayForm>,
) -> Result<Response, HttpError> {
    match check_day_edit(&form.day, &form.kind) {
        Ok(edit) => {
            app::server::complaints::set_work_day(&state.db, edit).await?;
            tracing::info!(staff = admin.id, day = %edit.day, kind = ?edit.kind, "work calendar changed");
            Ok(Redirect::to(&format!(
                "/staff/admin/calendar?year={}&saved=1",
                edit.day.year()
            ))
            .into_response())
        }
        Err(problems) => {
            let view = WorkdaysView {
                year: domain::shanghai::today(chrono::Utc::now()).year(),
                day: form.day.chars().take(20).collect(),
                kind: form.kind.chars().take(10).collect(),
                problems,
                ..WorkdaysView::default()
            };
            render(&state, &page, view, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}
