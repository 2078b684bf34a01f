//! `/track` (a resident's case, by reference and access code) and `/board`
//! (the public board). The access code travels only in POST bodies; an
//! unknown reference and a wrong code get the same answer, and lookups
//! are rate-limited per client.

use std::net::SocketAddr;

use app::api::complaints::{
    BoardItem, BoardView, CaseView, Choice, TimelineItem, TrackNotice, TrackProblem, TrackView,
};
use app::server::complaints::{self as store, ActError, Tracked};
use axum::Extension;
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{ConnectInfo, Query, State};
use axum::response::Response;
use chrono::{Duration, Utc};
use domain::case::{Rating, Step as CaseStep};
use http::{HeaderMap, StatusCode};
use leptos::prelude::provide_context;
use serde::Deserialize;

use super::AppState;
use super::complaints::{bad_request, unavailable, unit_choice};
use super::rate_limit::Kind as LimitKind;
use super::render::page_with;
use super::security::CspNonce;
use super::staff::client_ip;

/// The longest rating comment or review reason.
const COMMENT_CHARS: usize = 500;

#[derive(Deserialize, Default)]
pub struct TrackQuery {
    #[serde(default)]
    reference: String,
}

async fn render(
    state: &AppState,
    headers: &HeaderMap,
    nonce: Option<CspNonce>,
    view: TrackView,
    status: StatusCode,
) -> Response {
    page_with(
        state,
        headers,
        nonce,
        "/track",
        move || provide_context(view.clone()),
        status,
    )
    .await
}

/// `GET /track`: the lookup form (the reference may come from the QR code).
pub async fn show(
    State(state): State<AppState>,
    nonce: Option<Extension<CspNonce>>,
    Query(query): Query<TrackQuery>,
    headers: HeaderMap,
) -> Response {
    let view = TrackView {
        reference: query.reference.chars().take(40).collect(),
        ..TrackView::default()
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

async fn case_view(state: &AppState, case: &Tracked) -> Result<CaseView, app::server::DbError> {
    let categories = store::categories(&state.db).await?;
    let category = categories
        .into_iter()
        .find(|c| c.code == case.category)
        .map(|c| Choice {
            code: c.code,
            zh: c.name_zh,
            en: c.name_en,
            kind: Some(c.kind),
            ..Choice::default()
        })
        .unwrap_or_default();
    let now = Utc::now();
    Ok(CaseView {
        reference: case.reference.to_string(),
        category,
        status: case.status,
        unit: case.unit.clone().map(unit_choice),
        submitted_at: case.submitted_at,
        due_on: case.due_on,
        overdue: app::pages::track::is_overdue(case.due_on, case.state.is_open()),
        address_public: case.address_public.clone(),
        outcome: case.outcome,
        rating: case.state.rating,
        may_rate: case.state.after(CaseStep::Rate, now).is_ok(),
        may_request_review: case.state.after(CaseStep::RequestReview, now).is_ok(),
        review_until: case
            .state
            .replied_at
            .map(|r| r + Duration::days(domain::case::REVIEW_WINDOW_DAYS)),
        supporters: case.supporters,
        on_board: case.public.then_some(case.published),
        timeline: case
            .timeline
            .iter()
            .map(|e| TimelineItem {
                at: e.at,
                kind: e.kind.clone(),
                text: e.text.clone(),
            })
            .collect(),
    })
}

async fn lookup(
    state: AppState,
    peer: SocketAddr,
    nonce: Option<CspNonce>,
    headers: HeaderMap,
    form: Result<Form<LookupForm>, FormRejection>,
    then: Then,
) -> Response {
    let Ok(Form(form)) = form else {
        return bad_request(&headers);
    };
    if !form.website.is_empty() {
        return bad_request(&headers);
    }
    let mut view = TrackView {
        reference: form.reference.trim().chars().take(40).collect(),
        ..TrackView::default()
    };
    if form.reference.trim().is_empty() || form.code.trim().is_empty() {
        view.problem = Some(TrackProblem::Missing);
        return render(
            &state,
            &headers,
            nonce,
            view,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let client = client_ip(&state, &headers, peer);
    if !state.limits.allow(LimitKind::Lookup, &client) {
        view.problem = Some(TrackProblem::Throttled);
        let mut r = render(&state, &headers, nonce, view, StatusCode::TOO_MANY_REQUESTS).await;
        r.headers_mut().insert(
            http::header::RETRY_AFTER,
            http::HeaderValue::from_static("60"),
        );
        return r;
    }
    let case = match store::track(&state.db, &form.reference, &form.code).await {
        Ok(Some(c)) => c,
        Ok(None) => {
            view.problem = Some(TrackProblem::NotFound);
            return render(&state, &headers, nonce, view, StatusCode::NOT_FOUND).await;
        }
        Err(e) => return unavailable(&headers, e),
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
                    .map_err(|e| act_problem(&headers, e)),
            ),
        },
        Then::Review => Some(
            store::request_review(&state.db, &case, comment, now)
                .await
                .map(|_| TrackNotice::ReviewRequested)
                .map_err(|e| act_problem(&headers, e)),
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
    let case = match store::tracked(&state.db, case.id).await {
        Ok(Some(c)) => c,
        Ok(None) => return unavailable(&headers, "case vanished"),
        Err(e) => return unavailable(&headers, e),
    };
    match case_view(&state, &case).await {
        Ok(c) => view.case = Some(c),
        Err(e) => return unavailable(&headers, e),
    }
    render(&state, &headers, nonce, view, status).await
}

fn act_problem(headers: &HeaderMap, e: ActError) -> TrackProblem {
    match e {
        ActError::NotAllowed(_)
        | ActError::Conflict
        | ActError::Refused(_)
        | ActError::Invalid(_) => TrackProblem::NotAllowed,
        ActError::Db(e) => {
            // Logged; the resident sees "not possible now" and can retry.
            let _ = unavailable(headers, e);
            TrackProblem::NotAllowed
        }
    }
}

/// `POST /track` (look up), `/track/rate` and `/track/review` (look up,
/// then act).
pub async fn post(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    nonce: Option<Extension<CspNonce>>,
    uri: http::Uri,
    headers: HeaderMap,
    form: Result<Form<LookupForm>, FormRejection>,
) -> Response {
    let then = match uri.path() {
        "/track/rate" => Then::Rate,
        "/track/review" => Then::Review,
        _ => Then::Show,
    };
    lookup(
        state,
        peer,
        nonce.map(|Extension(n)| n),
        headers,
        form,
        then,
    )
    .await
}

#[derive(Deserialize, Default)]
pub struct BoardQuery {
    #[serde(default)]
    page: Option<String>,
}

/// `GET /board?page=N`.
pub async fn board(
    State(state): State<AppState>,
    nonce: Option<Extension<CspNonce>>,
    query: Result<Query<BoardQuery>, axum::extract::rejection::QueryRejection>,
    headers: HeaderMap,
) -> Response {
    let page = query
        .ok()
        .and_then(|Query(q)| q.page)
        .and_then(|p| p.parse::<i64>().ok())
        .unwrap_or(1)
        .clamp(1, 10_000);
    let (cases, total) = match store::board(&state.db, page - 1).await {
        Ok(b) => b,
        Err(e) => return unavailable(&headers, e),
    };
    let categories = match store::categories(&state.db).await {
        Ok(c) => c,
        Err(e) => return unavailable(&headers, e),
    };
    let items = cases
        .into_iter()
        .map(|c| BoardItem {
            reference: c.reference.to_string(),
            category: categories
                .iter()
                .find(|k| k.code == c.category)
                .map(|k| Choice {
                    code: k.code.clone(),
                    zh: k.name_zh.clone(),
                    en: k.name_en.clone(),
                    kind: Some(k.kind),
                    ..Choice::default()
                })
                .unwrap_or_default(),
            town: unit_choice(c.town),
            address_public: c.address_public,
            text: c.description_masked,
            status: c.status,
            outcome: c.outcome,
            submitted_at: c.submitted_at,
            supporters: c.supporters,
        })
        .collect();
    let view = BoardView {
        items,
        page,
        pages: (total + store::BOARD_PAGE - 1) / store::BOARD_PAGE,
        total,
    };
    page_with(
        &state,
        &headers,
        nonce.map(|Extension(n)| n),
        "/board",
        move || provide_context(view.clone()),
        StatusCode::OK,
    )
    .await
}
