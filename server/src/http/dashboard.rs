//! `/staff/dashboard`: handling quality in numbers for dispatchers,
//! leaders and administrators; a handler sees their unit's.

use app::api::stats::DashboardQuery;
use app::server::views::stats as views;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::Utc;
use http::StatusCode;

use super::AppState;
use super::error::HttpError;
use super::extract::{May, Page, ViewDashboard};

/// `GET /staff/dashboard`: a period that cannot be read is named on the
/// page (with what was typed), answered 400.
pub async fn show(
    State(state): State<AppState>,
    May(user, _): May<ViewDashboard>,
    page: Page,
    query: Result<Query<DashboardQuery>, QueryRejection>,
) -> Result<Response, HttpError> {
    let Query(query) = query.map_err(|_| HttpError::BadRequest)?;
    let view = views::dashboard(&state.db, &user, query, Utc::now()).await?;
    let status = match view.problem {
        Some(_) => StatusCode::BAD_REQUEST,
        None => StatusCode::OK,
    };
    Ok(page.render(&state, "/staff/dashboard", view, status).await)
}
