//! Security headers, the same-origin rule for writes, and the answer to a
//! panic.

use std::any::Any;

use app::prefs::Prefs;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, HeaderValue, Method, StatusCode, header};

use super::AppState;
use super::plain::message_page;

/// This request's CSP nonce, shared by the header and Leptos' inline scripts.
#[derive(Clone, Debug)]
pub struct CspNonce(pub String);

/// Adds a per-request CSP nonce and the security headers to every response.
pub async fn headers(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let nonce = uuid::Uuid::new_v4().simple().to_string();
    request.extensions_mut().insert(CspNonce(nonce.clone()));
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    // A cached public page brings its own policy (script hashes, no nonce).
    if !h.contains_key(header::CONTENT_SECURITY_POLICY)
        && let Ok(v) = HeaderValue::from_str(&content_security_policy(&format!("'nonce-{nonce}'")))
    {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    fixed_headers(h, state.https);
    response
}

/// The security headers every response carries but the policy.
pub fn fixed_headers(h: &mut HeaderMap, https: bool) {
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        "permissions-policy",
        HeaderValue::from_static("geolocation=(self), camera=(), microphone=(), payment=()"),
    );
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    if https {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
}

/// The site's Content Security Policy, with `scripts` (a nonce or hashes)
/// as the inline scripts allowed.
pub fn content_security_policy(scripts: &str) -> String {
    let scripts = if scripts.is_empty() {
        String::new()
    } else {
        format!(" {scripts}")
    };
    format!(
        "default-src 'self'; script-src 'self'{scripts} 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
         manifest-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; \
         frame-ancestors 'none'"
    )
}

/// Refuses state-changing requests that a browser sends from another site
/// (CSRF): the `Origin` must name this host, and `Sec-Fetch-Site` must not
/// say `cross-site`. Requests without either header (non-browser clients
/// using a token) pass, their own authentication deciding, unless they
/// carry a staff session. The host is the
/// request's own `Host`; `X-Forwarded-Host` counts only behind a proxy the
/// configuration trusts (`trust_forwarded_for`), which sets it.
pub async fn same_origin_writes(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    let headers = request.headers();
    let forwarded = state
        .trust_forwarded_for
        .then(|| headers.get("x-forwarded-host"))
        .flatten();
    let host = forwarded
        .or_else(|| headers.get(header::HOST))
        .and_then(|v| v.to_str().ok());
    let origin_ok = match headers.get(header::ORIGIN).map(|v| v.to_str()) {
        None => true,
        Some(Ok(origin)) => {
            let authority = origin.split_once("://").map(|(_, rest)| rest);
            authority.is_some() && authority == host
        }
        Some(Err(_)) => false,
    };
    let fetch_site = headers.get("sec-fetch-site");
    let fetch_site_ok = fetch_site.is_none_or(|v| v.as_bytes() != b"cross-site");
    // A request that carries a staff session must say where it comes
    // from: every browser does on a POST, so only a client that hides it
    // (or a browser too old to honour SameSite) is refused.
    let says_where = headers.contains_key(header::ORIGIN) || fetch_site.is_some();
    let staff_session = app::prefs::cookie(headers, app::api::staff::SESSION_COOKIE).is_some();
    if origin_ok && fetch_site_ok && (says_where || !staff_session) {
        next.run(request).await
    } else {
        tracing::warn!("refused a cross-site write");
        let prefs = Prefs::from_headers(request.headers());
        let t = app::i18n::texts(prefs.locale);
        message_page(
            prefs,
            StatusCode::FORBIDDEN,
            t.forbidden_title,
            t.forbidden_body,
        )
    }
}

/// A panic in a handler becomes a translated 500 page (in zh-CN: the
/// request is gone by now), with the cause logged, never shown.
pub fn panic_response(err: Box<dyn Any + Send + 'static>) -> Response<Body> {
    let detail = err
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| err.downcast_ref::<&str>().copied())
        .unwrap_or("unknown");
    tracing::error!(panic = detail, "handler panicked");
    let t = app::i18n::texts(Default::default());
    message_page(
        Prefs::default(),
        StatusCode::INTERNAL_SERVER_ERROR,
        t.error_title,
        t.error_body,
    )
    .into_response()
}
