//! `POST /staff/login` and `POST /staff/logout`. The forms are plain HTML:
//! a failed sign-in renders the login page again, in the visitor's
//! language, with the username kept and the problem named.

use std::net::SocketAddr;

use app::api::staff::{LoginForm, LoginProblem, SESSION_COOKIE};
use app::prefs::cookie;
pub use app::server::staff::StaffUser;
use app::server::staff::{self, Login};
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
