//! `/track` (a resident's case, by reference and access code) and `/board`
//! (the public board). The access code travels only in POST bodies; an
//! unknown reference and a wrong code get the same answer, and lookups
//! are rate-limited per client.

use app::api::complaints::{TrackNotice, TrackProblem, TrackView};
use app::server::complaints::{self as store, ActError};
use app::server::views;
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::Utc;
use domain::case::Rating;
use http::StatusCode;
use serde::Deserialize;

use super::AppState;
use super::error::HttpError;
use super::extract::{Client, Fields, Page};
use super::rate_limit::Purpose;

/// The longest rating comment or review reason.
const COMMENT_CHARS: usize = 500;

#[derive(Deserialize, Default)]
pub struct TrackQuery {
    #[serde(default)]
    reference: String,
}

/// `GET /track`: the lookup form (the reference may come from the QR code).
pub async fn show(
    State(state): State<AppState>,
    page: Page,
    Query(query): Query<TrackQuery>,
) -> Response {
    let view = TrackView {
        reference: query.reference.chars().take(40).collect(),
        ..TrackView::default()
    };
    page.render(&state, "/track", view, StatusCode::OK).await
}

#[derive(Deserialize, Default)]
pub struct LookupForm {
    #[serde(default)]
    reference: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    website: String,
    #[serde(default)]
    rating: String,
    #[serde(default)]
    comment: String,
    #[serde(default)]
    reason: String,
}

/// What the resident asked for after the lookup.
enum Then {
    Show,
    Rate,
    Review,
}

async fn lookup(
    state: AppState,
    client: Client,
    page: Page,
    form: LookupForm,
    then: Then,
) -> Result<Response, HttpError> {
    if !form.website.is_empty() {
        return Err(HttpError::BadRequest);
    }
    let mut view = TrackView {
        reference: form.reference.trim().chars().take(40).collect(),
        ..TrackView::default()
    };
    if form.reference.trim().is_empty() || form.code.trim().is_empty() {
        view.problem = Some(TrackProblem::Missing);
        return Ok(page
            .render(&state, "/track", view, StatusCode::UNPROCESSABLE_ENTITY)
            .await);
    }
    // Answered in the form (the typed reference kept), not as a bare page.
    if client.allow(&state, Purpose::Lookup).is_err() {
        view.problem = Some(TrackProblem::Throttled);
        let mut r = page
            .render(&state, "/track", view, StatusCode::TOO_MANY_REQUESTS)
            .await;
        r.headers_mut().insert(
            http::header::RETRY_AFTER,
            http::HeaderValue::from_static("60"),
        );
        return Ok(r);
    }
    let Some(case) = store::track(&state.db, &form.reference, &form.code).await? else {
        view.problem = Some(TrackProblem::NotFound);
        return Ok(page
            .render(&state, "/track", view, StatusCode::NOT_FOUND)
            .await);
    };
    view.reference = case.reference.to_string();
    view.code = form.code.trim().chars().take(20).collect();
    let now = Utc::now();
    let mut status = StatusCode::OK;
    let comment = match then {
        Then::Rate => form.comment.trim(),
        Then::Review => form.reason.trim(),
        Then::Show => "",
    };
    let acted = match then {
        Then::Show => None,
        _ if comment.chars().count() > COMMENT_CHARS => {
            view.comment = comment.to_owned();
            Some(Err(TrackProblem::CommentTooLong))
        }
        Then::Rate => match Rating::parse(&form.rating) {
            None => {
                view.comment = comment.to_owned();
                Some(Err(TrackProblem::RatingMissing))
            }
            Some(rating) => Some(
                store::rate(&state.db, &case, rating, comment, now)
                    .await
                    .map(|_| TrackNotice::Rated)
                    .map_err(act_problem),
            ),
        },
        Then::Review => Some(
            store::request_review(&state.db, &case, comment, now)
                .await
                .map(|_| TrackNotice::ReviewRequested)
                .map_err(act_problem),
        ),
    };
    match acted {
        Some(Ok(notice)) => view.notice = Some(notice),
        Some(Err(problem)) => {
            view.problem = Some(problem);
            status = StatusCode::UNPROCESSABLE_ENTITY;
        }
        None => {}
    }
    // Show the case as it is now (after the action).
    let case = store::tracked(&state.db, case.id)
        .await?
        .ok_or_else(|| HttpError::unavailable("the case vanished after its lookup"))?;
    view.case = Some(views::case_view(&state.db, &case, now).await?);
    Ok(page.render(&state, "/track", view, status).await)
}

fn act_problem(e: ActError) -> TrackProblem {
    match e {
        ActError::NotAllowed(_)
        | ActError::Conflict
        | ActError::Refused(_)
        | ActError::Invalid(_) => TrackProblem::NotAllowed,
        ActError::Db(e) => {
            // Logged; the resident sees "not possible now" and can retry.
            tracing::error!(error = %e, "rating or review failed");
            TrackProblem::NotAllowed
        }
    }
}

/// `POST /track` (look up), `/track/rate` and `/track/review` (look up,
/// then act).
pub async fn post(
    State(state): State<AppState>,
    client: Client,
    page: Page,
    uri: http::Uri,
    Fields(form): Fields<LookupForm>,
) -> Result<Response, HttpError> {
    let then = match uri.path() {
        "/track/rate" => Then::Rate,
        "/track/review" => Then::Review,
        _ => Then::Show,
    };
    lookup(state, client, page, form, then).await
}

#[derive(Deserialize, Default)]
pub struct BoardQuery {
    #[serde(default)]
    page: Option<String>,
}

/// `GET /board?page=N`.
pub async fn board(
    State(state): State<AppState>,
    page: Page,
    query: Result<Query<BoardQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, HttpError> {
    let number = query
        .ok()
        .and_then(|Query(q)| q.page)
        .and_then(|p| p.parse::<i64>().ok())
        .unwrap_or(1)
        .clamp(1, 10_000);
    let view = views::board_view(&state.db, number).await?;
    Ok(page.render(&state, "/board", view, StatusCode::OK).await)
}
