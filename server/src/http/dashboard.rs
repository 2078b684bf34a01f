//! `/staff/dashboard`: handling quality in numbers for dispatchers,
//! leaders and administrators; a handler sees their unit's.

use app::api::stats::DashboardQuery;
use app::server::views::stats as views;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::Utc;
use http::StatusCode;

use super::error::HttpError;
use super::extract::{May, Page, ViewDashboard};
use super::{AppState, download};

/// The dashboard as `user` may see it, for the query as typed.
async fn load(
    state: &AppState,
    user: &app::server::staff::StaffUser,
    query: Result<Query<DashboardQuery>, QueryRejection>,
) -> Result<app::api::stats::DashboardView, HttpError> {
    let Query(query) = query.map_err(|_| HttpError::BadRequest)?;
    Ok(views::dashboard(&state.db, user, query, Utc::now()).await?)
}

/// `GET /staff/dashboard`: a period that cannot be read is named on the
/// page (with what was typed), answered 400.
pub async fn show(
    State(state): State<AppState>,
    May(user, _): May<ViewDashboard>,
    page: Page,
    query: Result<Query<DashboardQuery>, QueryRejection>,
) -> Result<Response, HttpError> {
    let view = load(&state, &user, query).await?;
    let status = match view.problem {
        Some(_) => StatusCode::BAD_REQUEST,
        None => StatusCode::OK,
    };
    Ok(page.render(&state, "/staff/dashboard", view, status).await)
}

/// `GET /staff/dashboard.csv` and `/staff/dashboard.xlsx`: the same
/// figures and tables as a spreadsheet (no personal data): CSV in UTF-8
/// with a byte-order mark for Excel, or a workbook with a sheet per table.
pub async fn export(
    State(state): State<AppState>,
    May(user, _): May<ViewDashboard>,
    page: Page,
    query: Result<Query<DashboardQuery>, QueryRejection>,
    uri: http::Uri,
) -> Result<Response, HttpError> {
    let view = load(&state, &user, query).await?;
    let Some(m) = &view.measures else {
        return Err(HttpError::BadRequest);
    };
    let locale = app::prefs::Prefs::from_headers(&page.headers).locale;
    let t = app::i18n::texts(locale);
    let stem = format!("qingjia-dashboard-{}-{}", m.span.from, m.span.to);
    if uri.path().ends_with(".xlsx") {
        let sheets = app::pages::staff_dashboard::export_sheets(&view, locale, t);
        return download::xlsx(&sheets, &format!("{stem}.xlsx"));
    }
    let rows = app::pages::staff_dashboard::export_rows(&view, locale, t);
    Ok(download::csv(&rows, &format!("{stem}.csv")))
}
