//! The public side of site inspections: `/inspections` (type a code) and
//! `/inspections/{code}`, what the business sees after scanning, with its
//! one right to rate (claimed by the first phone, held in a cookie) and its
//! one rating. Rate-limited like case lookups; an unknown code gets the same
//! kind of page as a known one, and nothing here names who complained.

use app::api::inspections::{PublicInspectionView, PublicProblem};
use app::server::inspections::{self as store, Claimed, Rated};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use domain::complaint::input::FieldError;
use domain::inspection::{InspectionCode, Rating, comment};
use http::StatusCode;
use serde::Deserialize;

use super::AppState;
use super::error::HttpError;
use super::extract::{Client, Fields, Page};
use super::rate_limit::Purpose;

#[derive(Deserialize, Default)]
pub struct CodeQuery {
    #[serde(default)]
    code: String,
}

/// `GET /inspections`: the form to type a code (`?code=` goes to its page).
pub async fn public_form(
    State(state): State<AppState>,
    page: Page,
    query: Result<Query<CodeQuery>, QueryRejection>,
) -> Result<Response, HttpError> {
    let typed: String = query
        .map(|Query(q)| q.code)
        .unwrap_or_default()
        .chars()
        .take(40)
        .collect();
    if let Some(code) = InspectionCode::parse(&typed) {
        return Ok(Redirect::to(&format!("/inspections/{}", code.as_str())).into_response());
    }
    let problem = (!typed.trim().is_empty()).then_some(PublicProblem::NotFound);
    let status = if problem.is_some() {
        StatusCode::NOT_FOUND
    } else {
        StatusCode::OK
    };
    let view = PublicInspectionView {
        typed,
        problem,
        ..PublicInspectionView::default()
    };
    Ok(page.render(&state, "/inspections", view, status).await)
}

/// Looks the code up for the public page: the visit's id, or the page
/// answering why not (throttled, unknown).
async fn public_lookup(
    state: &AppState,
    client: &Client,
    page: &Page,
    raw: &str,
    view: &mut PublicInspectionView,
) -> Result<Result<i64, Response>, HttpError> {
    view.typed = raw.chars().take(40).collect();
    if client.allow(state, Purpose::Lookup).is_err() {
        view.problem = Some(PublicProblem::Throttled);
        let mut r = page
            .render(
                state,
                "/inspections",
                view.clone(),
                StatusCode::TOO_MANY_REQUESTS,
            )
            .await;
        r.headers_mut().insert(
            http::header::RETRY_AFTER,
            http::HeaderValue::from_static("60"),
        );
        return Ok(Err(r));
    }
    let found = match InspectionCode::parse(raw) {
        Some(code) => store::by_code(&state.db, &code).await?,
        None => None,
    };
    match found {
        Some(id) => Ok(Ok(id)),
        None => {
            view.problem = Some(PublicProblem::NotFound);
            Ok(Err(page
                .render(state, "/inspections", view.clone(), StatusCode::NOT_FOUND)
                .await))
        }
    }
}

/// The cookie holding this phone's rating key for one code; its path is
/// the code's page, so each code has its own.
const RATING_COOKIE: &str = "qj_rate";
/// How long a phone keeps the right to rate: the window is at most 60
/// days ahead, and a result comes within a week of it.
const RATING_COOKIE_DAYS: i64 = 90;

fn rating_cookie(state: &AppState, code: &InspectionCode, key: &str) -> http::HeaderValue {
    let secure = if state.https { "; Secure" } else { "" };
    http::HeaderValue::from_str(&format!(
        "{RATING_COOKIE}={key}; Path=/inspections/{}; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
        code.as_str(),
        RATING_COOKIE_DAYS * 86_400
    ))
    .unwrap_or_else(|_| http::HeaderValue::from_static("qj_rate=; Max-Age=0"))
}

/// The hash of the rating key this phone's cookie holds.
fn rating_key(page: &Page) -> Option<String> {
    app::prefs::cookie(&page.headers, RATING_COOKIE)
        .filter(|k| k.len() == 64 && k.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(|k| app::server::token_hash(&k))
}

/// A code typed in another form (lower case, with its dash) is answered
/// from its one address, where the rating cookie is sent.
fn canonical(raw: &str) -> Option<Response> {
    let code = InspectionCode::parse(raw)?;
    (code.as_str() != raw)
        .then(|| Redirect::to(&format!("/inspections/{}", code.as_str())).into_response())
}

#[derive(Deserialize, Default)]
pub struct PublicQuery {
    #[serde(default)]
    claimed: Option<String>,
    #[serde(default)]
    rated: Option<String>,
}

/// `GET /inspections/{code}`: what the business sees after scanning.
pub async fn public_page(
    State(state): State<AppState>,
    client: Client,
    page: Page,
    Path(raw): Path<String>,
    query: Result<Query<PublicQuery>, QueryRejection>,
) -> Result<Response, HttpError> {
    if let Some(redirect) = canonical(&raw) {
        return Ok(redirect);
    }
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let mut view = PublicInspectionView {
        claimed: query.claimed.is_some(),
        thanked: query.rated.is_some(),
        ..PublicInspectionView::default()
    };
    let id = match public_lookup(&state, &client, &page, &raw, &mut view).await? {
        Ok(id) => id,
        Err(answer) => return Ok(answer),
    };
    let key = rating_key(&page);
    view.visit = store::public_visit(&state.db, id, Utc::now(), key.as_deref()).await?;
    // The notices only where they are true: a link with `?rated=1` on a
    // phone that did not rate says nothing.
    if let Some(v) = &view.visit {
        view.thanked &= v.rated && v.holder;
        view.claimed &= v.holder;
    }
    Ok(page
        .render(&state, "/inspections/_", view, StatusCode::OK)
        .await)
}

/// Answers a public post with the code's page and a problem.
async fn public_refusal(
    state: &AppState,
    page: &Page,
    id: i64,
    key: Option<&str>,
    mut view: PublicInspectionView,
    status: StatusCode,
) -> Result<Response, HttpError> {
    view.visit = store::public_visit(&state.db, id, Utc::now(), key).await?;
    let back = view
        .visit
        .as_ref()
        .map(|v| format!("/inspections/{}", v.code.replace('-', "")))
        .unwrap_or_else(|| "/inspections".to_owned());
    Ok(page
        .back_to(back)
        .render(state, "/inspections/_", view, status)
        .await)
}

#[derive(Deserialize, Default)]
pub struct ClaimForm {
    /// A field people never see: filled in, it is a robot.
    #[serde(default)]
    website: String,
}

/// `POST /inspections/{code}/claim`: this phone takes the one right to
/// rate the visit (the business's phone, the first to ask; never a staff
/// session). The key stays in a cookie; only its hash is stored.
pub async fn claim(
    State(state): State<AppState>,
    client: Client,
    page: Page,
    Path(raw): Path<String>,
    Fields(form): Fields<ClaimForm>,
) -> Result<Response, HttpError> {
    if !form.website.is_empty() {
        return Err(HttpError::BadRequest);
    }
    let mut view = PublicInspectionView::default();
    let id = match public_lookup(&state, &client, &page, &raw, &mut view).await? {
        Ok(id) => id,
        Err(answer) => return Ok(answer),
    };
    let Some(code) = InspectionCode::parse(&raw) else {
        return Err(HttpError::NotFound);
    };
    if super::extract::current_staff(&state, &page.headers)
        .await?
        .is_some()
    {
        view.problem = Some(PublicProblem::StaffMayNotRate);
        return public_refusal(&state, &page, id, None, view, StatusCode::FORBIDDEN).await;
    }
    let key = app::server::new_token();
    let hash = app::server::token_hash(&key);
    match store::claim(&state.db, id, &hash, Utc::now()).await? {
        Claimed::Done => {
            tracing::info!(visit = id, "inspection rating key taken");
            let mut r =
                Redirect::to(&format!("/inspections/{}?claimed=1", code.as_str())).into_response();
            r.headers_mut()
                .insert(http::header::SET_COOKIE, rating_cookie(&state, &code, &key));
            Ok(r)
        }
        Claimed::Taken => {
            view.problem = Some(PublicProblem::NotHolder);
            let mine = rating_key(&page);
            public_refusal(
                &state,
                &page,
                id,
                mine.as_deref(),
                view,
                StatusCode::CONFLICT,
            )
            .await
        }
        Claimed::NotOpen => {
            view.problem = Some(PublicProblem::NotRatable);
            public_refusal(&state, &page, id, None, view, StatusCode::CONFLICT).await
        }
    }
}

#[derive(Deserialize, Default)]
pub struct RatingForm {
    #[serde(default)]
    rating: String,
    #[serde(default)]
    comment: String,
    /// A field people never see: filled in, it is a robot.
    #[serde(default)]
    website: String,
}

/// `POST /inspections/{code}`: the business's one rating, from the phone
/// holding the rating key; answered with the page again (303), so a
/// reload does not send it twice.
pub async fn rate(
    State(state): State<AppState>,
    client: Client,
    page: Page,
    Path(raw): Path<String>,
    Fields(form): Fields<RatingForm>,
) -> Result<Response, HttpError> {
    if !form.website.is_empty() {
        return Err(HttpError::BadRequest);
    }
    let mut view = PublicInspectionView {
        rating: form.rating.chars().take(20).collect(),
        comment: form.comment.chars().take(600).collect(),
        ..PublicInspectionView::default()
    };
    let id = match public_lookup(&state, &client, &page, &raw, &mut view).await? {
        Ok(id) => id,
        Err(answer) => return Ok(answer),
    };
    let now = Utc::now();
    let rating = Rating::parse(form.rating.trim());
    let text = comment(&form.comment, false);
    let key = rating_key(&page);
    // The officers hold the code too: a rating sent with a staff session
    // is refused, and one without the rating key as well.
    let staff = super::extract::current_staff(&state, &page.headers).await?;
    let (status, problem) = match (rating, text, &key) {
        _ if staff.is_some() => (StatusCode::FORBIDDEN, PublicProblem::StaffMayNotRate),
        (_, _, None) => (StatusCode::FORBIDDEN, PublicProblem::NotHolder),
        (None, _, _) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            PublicProblem::Rating(FieldError::Required),
        ),
        (_, Err(e), _) => (StatusCode::UNPROCESSABLE_ENTITY, PublicProblem::Comment(e)),
        (Some(rating), Ok(text), Some(key)) => {
            match store::rate(&state.db, id, key, rating, &text, now).await? {
                Rated::Done => {
                    tracing::info!(visit = id, "inspection rated");
                    let code = InspectionCode::parse(&raw).ok_or(HttpError::NotFound)?;
                    return Ok(
                        Redirect::to(&format!("/inspections/{}?rated=1", code.as_str()))
                            .into_response(),
                    );
                }
                Rated::Already => (StatusCode::CONFLICT, PublicProblem::AlreadyRated),
                Rated::NotRatable => (StatusCode::CONFLICT, PublicProblem::NotRatable),
                Rated::NotHolder => (StatusCode::FORBIDDEN, PublicProblem::NotHolder),
            }
        }
    };
    view.problem = Some(problem);
    public_refusal(&state, &page, id, key.as_deref(), view, status).await
}
