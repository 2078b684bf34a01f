//! Staff sign-in: `POST /staff/login`, the one-time-code pages and
//! `POST /staff/logout`. The forms are plain HTML: a failed sign-in renders
//! the login page again, in the visitor's language, with the username kept
//! and the problem named.

use app::api::staff::{CodeProblem, CodeSetup, CodeView, LoginForm, LoginProblem, SESSION_COOKIE};
use app::server::staff::{self, CodeOutcome, CodeSession, Login};
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use http::{HeaderValue, StatusCode, header};
use serde::Deserialize;

use super::AppState;
use super::error::HttpError;
use super::extract::{Client, Fields, Page};

#[derive(Deserialize)]
pub struct LoginFields {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
}

fn session_cookie(state: &AppState, value: &str, max_age: Option<i64>) -> HeaderValue {
    let secure = if state.https { "; Secure" } else { "" };
    let age = max_age
        .map(|a| format!("; Max-Age={a}"))
        .unwrap_or_default();
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Strict{secure}{age}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("qj_staff=; Path=/; Max-Age=0"))
}

/// Every request under `/staff/` with a session cookie: the signed-in staff
/// member, read once and kept on the request for the handlers
/// ([`super::extract::SignedIn`]) and for the page's staff navigation.
/// Without a session (or if it cannot be read) nothing is kept and each
/// handler answers as it would.
pub async fn session(
    State(state): State<AppState>,
    mut request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let path = request.uri().path();
    let staff_page =
        (path == "/staff" || path.starts_with("/staff/")) && !path.starts_with("/staff/login");
    if staff_page
        && let Ok(Some(user)) = super::extract::current_staff(&state, request.headers()).await
    {
        request.extensions_mut().insert(user);
    }
    next.run(request).await
}

/// What the staff navigation shows of `user`.
pub fn bar(user: &staff::StaffUser) -> app::components::staff_nav::StaffBar {
    app::components::staff_nav::StaffBar {
        display_name: user.display_name.clone(),
        role: user.role,
    }
}

/// `POST /staff/login`: the password, then (when the account has or
/// needs one) the one-time code.
pub async fn login(
    State(state): State<AppState>,
    Client(client): Client,
    page: Page,
    Fields(fields): Fields<LoginFields>,
) -> Result<Response, HttpError> {
    let username = fields.username.trim().to_owned();
    let again = |problem, status| form_again(&state, &page, username.clone(), problem, status);
    if username.is_empty() || fields.password.is_empty() {
        return Ok(again(LoginProblem::Missing, StatusCode::UNPROCESSABLE_ENTITY).await);
    }
    let previous = page.cookie(SESSION_COOKIE);
    let login = staff::login(
        &state.db,
        &username,
        &fields.password,
        &client,
        previous.as_deref(),
    )
    .await?;
    Ok(match login {
        Login::SignedIn { token, user } => {
            tracing::info!(user = user.id, "staff signed in");
            with_session(&state, "/staff", &token)
        }
        Login::SecondFactor {
            token,
            user,
            enrolled,
        } => {
            tracing::info!(user = user.id, "staff password accepted; code next");
            let next = if enrolled {
                "/staff/login/code"
            } else {
                "/staff/login/setup"
            };
            with_session(&state, next, &token)
        }
        Login::Invalid => again(LoginProblem::Invalid, StatusCode::UNAUTHORIZED).await,
        Login::Locked => again(LoginProblem::Locked, StatusCode::FORBIDDEN).await,
        Login::Throttled => again(LoginProblem::Throttled, StatusCode::TOO_MANY_REQUESTS).await,
    })
}

/// A redirect to `next` that sets the session cookie to `token`.
fn with_session(state: &AppState, next: &str, token: &str) -> Response {
    let mut response = Redirect::to(next).into_response();
    response
        .headers_mut()
        .append(header::SET_COOKIE, session_cookie(state, token, None));
    response
}

/// Renders `/staff/login` again with what was typed and what went wrong.
async fn form_again(
    state: &AppState,
    page: &Page,
    username: String,
    problem: LoginProblem,
    status: StatusCode,
) -> Response {
    let form = LoginForm {
        username: username.chars().take(64).collect(),
        problem: Some(problem),
    };
    page.render(state, "/staff/login", form, status).await
}

pub async fn logout(State(state): State<AppState>, page: Page) -> Response {
    if let Some(token) = page.cookie(SESSION_COOKIE)
        && let Err(e) = staff::logout(&state.db, &token).await
    {
        tracing::error!(error = %e, "staff logout failed");
    }
    let mut response = Redirect::to("/staff/login").into_response();
    response
        .headers_mut()
        .append(header::SET_COOKIE, session_cookie(&state, "", Some(0)));
    response
}

/// The session waiting for (or able to set up) a one-time code, with its
/// token; without one, the way to the sign-in page.
async fn code_session(state: &AppState, page: &Page) -> Result<(String, CodeSession), HttpError> {
    let token = page.cookie(SESSION_COOKIE).ok_or(HttpError::SignIn)?;
    let session = staff::code_session(&state.db, &token)
        .await?
        .ok_or(HttpError::SignIn)?;
    Ok((token, session))
}

/// Renders the code page: setting up (no secret yet) or asking for a code.
async fn code_page(
    state: &AppState,
    page: &Page,
    token: &str,
    session: &CodeSession,
    problem: Option<CodeProblem>,
    status: StatusCode,
) -> Result<Response, HttpError> {
    let setup = if session.user.two_factor {
        None
    } else {
        let secret = staff::setup_secret(&state.db, token).await?;
        let url = app::server::totp::url(&secret, &session.user.username);
        Some(CodeSetup {
            qr_svg: super::media::qr_svg(&url),
            secret,
        })
    };
    let path = if setup.is_some() {
        "/staff/login/setup"
    } else {
        "/staff/login/code"
    };
    let view = CodeView {
        required: !session.verified,
        setup,
        problem,
    };
    Ok(page.render(state, path, view, status).await)
}

/// `GET /staff/login/code` and `GET /staff/login/setup`.
pub async fn show_code(
    State(state): State<AppState>,
    page: Page,
    uri: http::Uri,
) -> Result<Response, HttpError> {
    let (token, session) = code_session(&state, &page).await?;
    let setting_up = uri.path().ends_with("/setup");
    match (setting_up, session.user.two_factor, session.verified) {
        // Signed in and set up already: nothing to do here.
        (_, true, true) => return Ok(Redirect::to("/staff").into_response()),
        (true, true, false) => return Ok(Redirect::to("/staff/login/code").into_response()),
        (false, false, _) => return Ok(Redirect::to("/staff/login/setup").into_response()),
        _ => {}
    }
    code_page(&state, &page, &token, &session, None, StatusCode::OK).await
}

#[derive(Deserialize)]
pub struct CodeFields {
    #[serde(default)]
    code: String,
}

/// `POST /staff/login/code` and `POST /staff/login/setup`.
pub async fn post_code(
    State(state): State<AppState>,
    Client(client): Client,
    page: Page,
    Fields(fields): Fields<CodeFields>,
) -> Result<Response, HttpError> {
    let (token, session) = code_session(&state, &page).await?;
    if fields.code.trim().is_empty() {
        let problem = Some(CodeProblem::Missing);
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return code_page(&state, &page, &token, &session, problem, status).await;
    }
    Ok(
        match staff::confirm_code(&state.db, &token, &fields.code, &client).await? {
            CodeOutcome::Verified { token } => {
                tracing::info!(user = session.user.id, "staff signed in with a code");
                with_session(&state, "/staff", &token)
            }
            CodeOutcome::Wrong => {
                let problem = Some(CodeProblem::Wrong);
                let status = StatusCode::UNPROCESSABLE_ENTITY;
                code_page(&state, &page, &token, &session, problem, status).await?
            }
            CodeOutcome::Locked => {
                let username = session.user.username.clone();
                let (problem, status) = (LoginProblem::Locked, StatusCode::FORBIDDEN);
                let mut response = form_again(&state, &page, username, problem, status).await;
                response
                    .headers_mut()
                    .append(header::SET_COOKIE, session_cookie(&state, "", Some(0)));
                response
            }
            CodeOutcome::NoSession => HttpError::SignIn.into_response(),
        },
    )
}
