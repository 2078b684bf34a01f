//! Event sign-ups: `POST /signups` (a seat; the campaign page again with
//! what was typed and what is wrong when it cannot be taken) and the
//! cancellation page the texted link opens. Counted against the client's
//! sign-up allowance, apart from filing and lookups.

use app::api::content::{SignupAttempt, SignupProblem};
use app::server::content::{self as store, SignupOutcome};
use app::server::views::content as views;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::Utc;
use domain::content::SignupForm;
use http::StatusCode;
use serde::Deserialize;

use super::AppState;
use super::error::HttpError;
use super::extract::{Fields, Page, SignUps, Within};

#[derive(Deserialize, Default)]
pub struct SignupFields {
    #[serde(default)]
    event: String,
    #[serde(default)]
    website: String,
    #[serde(flatten)]
    form: SignupForm,
}

/// `POST /signups`: a seat at an event.
pub async fn sign_up(
    State(state): State<AppState>,
    _: Within<SignUps>,
    page: Page,
    Fields(fields): Fields<SignupFields>,
) -> Result<Response, HttpError> {
    let event_id = fields
        .event
        .trim()
        .parse::<i64>()
        .map_err(|_| HttpError::BadRequest)?;
    let now = Utc::now();
    // The campaign of the event (public ones only).
    let slug = views::event_campaign(&state.db, event_id, now)
        .await?
        .ok_or(HttpError::NotFound)?;
    // The answer's switches go back to the campaign's page.
    let page = page.back_to(format!("/campaigns/{slug}"));
    let again = async |attempt: SignupAttempt, status: StatusCode| {
        let view = views::campaign(&state.db, &state.public_url, &slug, Some(attempt), now)
            .await?
            .ok_or(HttpError::NotFound)?;
        Ok(page.render(&state, "/campaigns/_", view, status).await)
    };
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    if !fields.website.is_empty() {
        // The honeypot: a bot. Show the form again as if nothing happened.
        let attempt = SignupAttempt {
            event_id,
            ..SignupAttempt::default()
        };
        return again(attempt, unprocessable).await;
    }
    let signup = match fields.form.validate() {
        Ok(s) => s,
        Err(problems) => {
            let attempt = SignupAttempt {
                event_id,
                form: fields.form,
                problems,
                refused: None,
            };
            return again(attempt, unprocessable).await;
        }
    };
    let refused = |r: SignupProblem| SignupAttempt {
        event_id,
        form: fields.form.clone(),
        problems: vec![],
        refused: Some(r),
    };
    match store::sign_up(&state.db, event_id, &signup, &state.public_url, now).await? {
        // A number signed up before gets this very page (its owner a text):
        // the page never tells a stranger whether a number is signed up.
        SignupOutcome::Accepted { event, .. } => {
            let view = views::signed_up(event, &signup);
            Ok(page
                .render(&state, "/signups/done", view, StatusCode::OK)
                .await)
        }
        SignupOutcome::Full => again(refused(SignupProblem::Full), StatusCode::CONFLICT).await,
        SignupOutcome::Closed => again(refused(SignupProblem::Closed), StatusCode::CONFLICT).await,
        SignupOutcome::NoEvent => Err(HttpError::NotFound),
    }
}

/// `GET /signups/done`: the page a sign-up answers with; by itself it has
/// nothing to show.
pub async fn signup_done() -> HttpError {
    HttpError::NotFound
}

#[derive(Deserialize, Default)]
pub struct TokenField {
    #[serde(default)]
    token: String,
}

/// The cancellation page of `token` (404 when no sign-up has it).
async fn cancel_page(state: &AppState, page: &Page, token: &str) -> Result<Response, HttpError> {
    let view = views::cancel(&state.db, token).await?;
    let status = if view.missing {
        StatusCode::NOT_FOUND
    } else {
        StatusCode::OK
    };
    Ok(page.render(state, "/signups/cancel", view, status).await)
}

/// `GET /signups/cancel?token=…`: asks before cancelling (no change on GET).
pub async fn show_cancel(
    State(state): State<AppState>,
    page: Page,
    query: Result<Query<TokenField>, QueryRejection>,
) -> Result<Response, HttpError> {
    let token = query.map(|Query(q)| q.token).unwrap_or_default();
    cancel_page(&state, &page, token.trim()).await
}

/// `POST /signups/cancel`.
pub async fn cancel(
    State(state): State<AppState>,
    _: Within<SignUps>,
    page: Page,
    Fields(fields): Fields<TokenField>,
) -> Result<Response, HttpError> {
    let token = fields.token.trim();
    store::cancel_signup(&state.db, token, Utc::now()).await?;
    cancel_page(&state, &page, token).await
}
