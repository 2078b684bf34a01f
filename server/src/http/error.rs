//! One error path for every handler (issue 15).
//!
//! A handler returns `Result<Response, HttpError>` and uses `?`. The error
//! logs its cause once, inside the request's span (so the line carries the
//! request id and path), and becomes a bare response carrying the error;
//! [`pages`], a layer around every route, turns it into
//! the page in the visitor's language (the app's own 404 page, the way to
//! the sign-in page, or a short message page).

use app::prefs::Prefs;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use http::{HeaderMap, HeaderValue, StatusCode, header};

use super::AppState;
use super::plain::message_page;
use super::rate_limit::Purpose;
use super::security::CspNonce;

/// Why a request is not answered with the page it asked for.
#[derive(Clone, Debug)]
pub enum HttpError {
    /// A request no form of ours sends (a field of the wrong shape, a
    /// filled honeypot).
    BadRequest,
    /// Nothing here.
    NotFound,
    /// Staff pages without a session: to the sign-in page.
    SignIn,
    /// Signed in, but the role may not do this.
    Forbidden,
    /// Too many requests of this kind from this client.
    Throttled(Purpose),
    /// Something on our side failed; the cause is logged, never shown.
    Unavailable(String),
}

impl HttpError {
    /// The generic failure, with `cause` for the log.
    pub fn unavailable(cause: impl std::fmt::Display) -> HttpError {
        HttpError::Unavailable(cause.to_string())
    }

    fn status(&self) -> StatusCode {
        match self {
            HttpError::BadRequest => StatusCode::BAD_REQUEST,
            HttpError::NotFound => StatusCode::NOT_FOUND,
            HttpError::SignIn => StatusCode::SEE_OTHER,
            HttpError::Forbidden => StatusCode::FORBIDDEN,
            HttpError::Throttled(_) => StatusCode::TOO_MANY_REQUESTS,
            HttpError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }
}

impl From<app::server::DbError> for HttpError {
    fn from(e: app::server::DbError) -> HttpError {
        HttpError::unavailable(e)
    }
}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        match &self {
            HttpError::Unavailable(cause) => tracing::error!(%cause, "request failed"),
            HttpError::BadRequest => tracing::info!("malformed request"),
            HttpError::Throttled(purpose) => tracing::info!(?purpose, "throttled"),
            HttpError::Forbidden => tracing::info!("refused: the role may not do this"),
            HttpError::NotFound | HttpError::SignIn => {}
        }
        // A bare response carrying the error (its cause is never
        // rendered) to the layer that makes the page.
        let mut response = self.status().into_response();
        response.extensions_mut().insert(self);
        response
    }
}

/// The layer that renders responses carrying an [`HttpError`] as pages, in
/// the language of the request they answer.
pub async fn pages(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let mut headers = HeaderMap::new();
    for name in [header::COOKIE, header::ACCEPT_LANGUAGE] {
        for value in request.headers().get_all(&name) {
            headers.append(name.clone(), value.clone());
        }
    }
    let nonce = request.extensions().get::<CspNonce>().cloned();
    let api = request.uri().path().starts_with("/api/");
    let photo_step = request.uri().path() == "/complaints/new/photos";
    let response = next.run(request).await;
    let Some(error) = response.extensions().get::<HttpError>().cloned() else {
        // A photo too large to read at all (the body limit refused it
        // before the handler): back to the step, which says so, rather than
        // a page without the form.
        if photo_step
            && response.status() == StatusCode::PAYLOAD_TOO_LARGE
            && is_framework_refusal(&response)
        {
            return Redirect::to("/complaints/new/photos?problem=too_large").into_response();
        }
        return if !api && is_framework_refusal(&response) {
            refusal_page(Prefs::from_headers(&headers), response)
        } else {
            response
        };
    };
    let prefs = Prefs::from_headers(&headers);
    let t = app::i18n::texts(prefs.locale);
    let status = error.status();
    match error {
        HttpError::NotFound => super::not_found(&state, &headers, nonce).await,
        HttpError::SignIn => Redirect::to("/staff/login").into_response(),
        HttpError::BadRequest => {
            message_page(prefs, status, t.bad_request_title, t.bad_request_body)
        }
        HttpError::Forbidden => {
            message_page(prefs, status, t.no_permission_title, t.no_permission_body)
        }
        HttpError::Unavailable(_) => message_page(prefs, status, t.error_title, t.error_body),
        HttpError::Throttled(purpose) => {
            let body = match purpose {
                Purpose::Filing => t.throttled_filing,
                Purpose::Lookup => t.c.track_throttled,
                Purpose::SignUp => t.throttled_signup,
            };
            let mut r = message_page(prefs, status, t.throttled_title, body);
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
            r
        }
    }
}

/// A 4xx the framework answered before any handler ran (a query, path,
/// form, body or method it could not take): plain text or nothing, in
/// English, sometimes naming internals. The APIs under `/api/` keep their
/// own shape.
fn is_framework_refusal(response: &Response) -> bool {
    let plain = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_none_or(|v| v.as_bytes().starts_with(b"text/plain"));
    response.status().is_client_error() && plain
}

/// The translated page for a framework's refusal, with its status (and
/// its `Allow` header for a wrong method); the refusal's own text is only
/// logged.
pub(super) fn refusal_page(prefs: Prefs, response: Response) -> Response {
    let t = app::i18n::texts(prefs.locale);
    let status = response.status();
    tracing::info!(%status, "request refused before its handler");
    let (title, body) = match status {
        StatusCode::PAYLOAD_TOO_LARGE => (t.too_large_title, t.too_large_body),
        StatusCode::NOT_FOUND => (t.not_found_title, t.not_found_body),
        _ => (t.bad_request_title, t.bad_request_body),
    };
    let mut page = message_page(prefs, status, title, body);
    if let Some(allow) = response.headers().get(header::ALLOW) {
        page.headers_mut().insert(header::ALLOW, allow.clone());
    }
    page
}
