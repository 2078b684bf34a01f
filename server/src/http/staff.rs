//! `POST /staff/login` and `POST /staff/logout`. The forms are plain HTML:
//! a failed sign-in renders the login page again, in the visitor's
//! language, with the username kept and the problem named.

use std::net::SocketAddr;

use app::api::staff::{CodeProblem, CodeSetup, CodeView, LoginForm, LoginProblem, SESSION_COOKIE};
use app::prefs::cookie;
pub use app::server::staff::StaffUser;
use app::server::staff::{self, CodeOutcome, CodeSession, Login};
use axum::Extension;
use axum::Form;
use axum::extract::{ConnectInfo, State};
use axum::response::{IntoResponse, Redirect, Response};
use http::{HeaderMap, HeaderValue, StatusCode, header};
use leptos::prelude::provide_context;
use serde::Deserialize;

use super::AppState;
use super::security::CspNonce;

#[derive(Deserialize)]
pub struct LoginFields {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
}

/// The client's address: the connection's peer, or (behind a trusted
/// proxy) the last address the proxy appended to `X-Forwarded-For`.
pub fn client_ip(state: &AppState, headers: &HeaderMap, peer: SocketAddr) -> String {
    if state.trust_forwarded_for
        && let Some(ip) = headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(str::trim)
            .filter(|v| !v.is_empty())
    {
        return ip.to_owned();
    }
    peer.ip().to_string()
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

pub async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    nonce: Option<Extension<CspNonce>>,
    headers: HeaderMap,
    Form(fields): Form<LoginFields>,
) -> Response {
    let nonce = nonce.map(|Extension(n)| n);
    let username = fields.username.trim().to_owned();
    if username.is_empty() || fields.password.is_empty() {
        return form_again(
            &state,
            &headers,
            nonce,
            username,
            LoginProblem::Missing,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let client = client_ip(&state, &headers, peer);
    let previous = cookie(&headers, SESSION_COOKIE);
    match staff::login(
        &state.db,
        &username,
        &fields.password,
        &client,
        previous.as_deref(),
    )
    .await
    {
        Ok(Login::SignedIn { token, user }) => {
            tracing::info!(user = user.id, "staff signed in");
            let mut response = Redirect::to("/staff").into_response();
            response
                .headers_mut()
                .append(header::SET_COOKIE, session_cookie(&state, &token, None));
            response
        }
        Ok(Login::SecondFactor {
            token,
            user,
            enrolled,
        }) => {
            tracing::info!(user = user.id, "staff password accepted; code next");
            let next = if enrolled {
                "/staff/login/code"
            } else {
                "/staff/login/setup"
            };
            let mut response = Redirect::to(next).into_response();
            response
                .headers_mut()
                .append(header::SET_COOKIE, session_cookie(&state, &token, None));
            response
        }
        Ok(Login::Invalid) => {
            form_again(
                &state,
                &headers,
                nonce,
                username,
                LoginProblem::Invalid,
                StatusCode::UNAUTHORIZED,
            )
            .await
        }
        Ok(Login::Locked) => {
            form_again(
                &state,
                &headers,
                nonce,
                username,
                LoginProblem::Locked,
                StatusCode::FORBIDDEN,
            )
            .await
        }
        Ok(Login::Throttled) => {
            form_again(
                &state,
                &headers,
                nonce,
                username,
                LoginProblem::Throttled,
                StatusCode::TOO_MANY_REQUESTS,
            )
            .await
        }
        Err(e) => {
            tracing::error!(error = %e, "staff login failed");
            let prefs = app::prefs::Prefs::from_headers(&headers);
            let t = app::i18n::texts(prefs.locale);
            super::plain::message_page(
                prefs,
                StatusCode::SERVICE_UNAVAILABLE,
                t.error_title,
                t.error_body,
            )
        }
    }
}

/// Renders `/staff/login` again with what was typed and what went wrong.
async fn form_again(
    state: &AppState,
    headers: &HeaderMap,
    nonce: Option<CspNonce>,
    username: String,
    problem: LoginProblem,
    status: StatusCode,
) -> Response {
    let form = LoginForm {
        username: username.chars().take(64).collect(),
        problem: Some(problem),
    };
    let extra = move || provide_context(form.clone());
    super::render::page_with(state, headers, nonce, "/staff/login", extra, status).await
}

/// The staff member signed in on this request, if any.
pub async fn current_staff(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<StaffUser>, app::server::DbError> {
    match cookie(headers, SESSION_COOKIE) {
        Some(token) => staff::session_user(&state.db, &token).await,
        None => Ok(None),
    }
}

pub async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(token) = cookie(&headers, SESSION_COOKIE)
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
/// token; otherwise the response to send instead.
async fn code_session(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<(String, CodeSession), Response> {
    let Some(token) = cookie(headers, SESSION_COOKIE) else {
        return Err(Redirect::to("/staff/login").into_response());
    };
    match staff::code_session(&state.db, &token).await {
        Ok(Some(session)) => Ok((token, session)),
        Ok(None) => Err(Redirect::to("/staff/login").into_response()),
        Err(e) => Err(super::complaints::unavailable(headers, e)),
    }
}

/// Renders the code page: setting up (no secret yet) or asking for a code.
async fn code_page(
    state: &AppState,
    headers: &HeaderMap,
    nonce: Option<CspNonce>,
    token: &str,
    session: &CodeSession,
    problem: Option<CodeProblem>,
    status: StatusCode,
) -> Response {
    let setup = if session.user.two_factor {
        None
    } else {
        let secret = match staff::setup_secret(&state.db, token).await {
            Ok(s) => s,
            Err(e) => return super::complaints::unavailable(headers, e),
        };
        let url = app::server::totp::url(&secret, &session.user.username);
        Some(CodeSetup {
            qr_svg: super::complaints::qr_svg(&url),
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
    super::render::page_with(
        state,
        headers,
        nonce,
        path,
        move || provide_context(view.clone()),
        status,
    )
    .await
}

/// `GET /staff/login/code` and `GET /staff/login/setup`.
pub async fn show_code(
    State(state): State<AppState>,
    nonce: Option<Extension<CspNonce>>,
    uri: http::Uri,
    headers: HeaderMap,
) -> Response {
    let (token, session) = match code_session(&state, &headers).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let setting_up = uri.path().ends_with("/setup");
    match (setting_up, session.user.two_factor, session.verified) {
        // Signed in and set up already: nothing to do here.
        (_, true, true) => return Redirect::to("/staff").into_response(),
        (true, true, false) => return Redirect::to("/staff/login/code").into_response(),
        (false, false, _) => return Redirect::to("/staff/login/setup").into_response(),
        _ => {}
    }
    code_page(
        &state,
        &headers,
        nonce.map(|Extension(n)| n),
        &token,
        &session,
        None,
        StatusCode::OK,
    )
    .await
}

#[derive(Deserialize)]
pub struct CodeFields {
    #[serde(default)]
    code: String,
}

/// `POST /staff/login/code` and `POST /staff/login/setup`.
pub async fn post_code(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    nonce: Option<Extension<CspNonce>>,
    headers: HeaderMap,
    fields: Result<Form<CodeFields>, axum::extract::rejection::FormRejection>,
) -> Response {
    let nonce = nonce.map(|Extension(n)| n);
    let Ok(Form(fields)) = fields else {
        return super::complaints::bad_request(&headers);
    };
    let (token, session) = match code_session(&state, &headers).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    if fields.code.trim().is_empty() {
        return code_page(
            &state,
            &headers,
            nonce,
            &token,
            &session,
            Some(CodeProblem::Missing),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let client = client_ip(&state, &headers, peer);
    match staff::confirm_code(&state.db, &token, &fields.code, &client).await {
        Ok(CodeOutcome::Verified { token }) => {
            tracing::info!(user = session.user.id, "staff signed in with a code");
            let mut response = Redirect::to("/staff").into_response();
            response
                .headers_mut()
                .append(header::SET_COOKIE, session_cookie(&state, &token, None));
            response
        }
        Ok(CodeOutcome::Wrong) => {
            code_page(
                &state,
                &headers,
                nonce,
                &token,
                &session,
                Some(CodeProblem::Wrong),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Ok(CodeOutcome::Locked) => {
            let mut response = form_again(
                &state,
                &headers,
                nonce,
                session.user.username.clone(),
                LoginProblem::Locked,
                StatusCode::FORBIDDEN,
            )
            .await;
            response
                .headers_mut()
                .append(header::SET_COOKIE, session_cookie(&state, "", Some(0)));
            response
        }
        Ok(CodeOutcome::NoSession) => Redirect::to("/staff/login").into_response(),
        Err(e) => super::complaints::unavailable(&headers, e),
    }
}

/// The signed-in staff member allowed `action` (outside any case), or the
/// response to send instead: the sign-in page without a session, 403
/// without the permission.
pub async fn require(
    state: &AppState,
    headers: &HeaderMap,
    action: domain::access::Action,
) -> Result<StaffUser, Response> {
    match current_staff(state, headers).await {
        Ok(Some(user)) if domain::access::may(user.role, action, domain::access::Scope::NoCase) => {
            Ok(user)
        }
        Ok(Some(_)) => {
            let prefs = app::prefs::Prefs::from_headers(headers);
            let t = app::i18n::texts(prefs.locale);
            Err(super::plain::message_page(
                prefs,
                StatusCode::FORBIDDEN,
                t.forbidden_title,
                t.forbidden_body,
            ))
        }
        Ok(None) => Err(Redirect::to("/staff/login").into_response()),
        Err(e) => Err(super::complaints::unavailable(headers, e)),
    }
}
