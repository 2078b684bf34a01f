//! Rendering a page from a POST handler: a plain form that fails (or needs
//! a preview) is answered with its page again, with what the server knows
//! (the typed values, the problems) in context. Works without JavaScript.

use axum::body::Body;
use axum::response::Response;
use http::{HeaderMap, Request, StatusCode, header};

use super::security::CspNonce;
use super::{AppState, provide_request_context};

/// Renders the app's page at `path` with `extra` context and `status`.
/// The visitor's cookies and languages are kept; the response gets this
/// request's CSP nonce.
pub async fn page_with(
    state: &AppState,
    headers: &HeaderMap,
    nonce: Option<CspNonce>,
    path: &str,
    extra: impl Fn() + Clone + Send + Sync + 'static,
    status: StatusCode,
) -> Response {
    let state_for_render = state.clone();
    let render = leptos_axum::render_app_async_with_context(
        move || {
            provide_request_context(&state_for_render);
            extra();
        },
        {
            let options = state.leptos_options.clone();
            move || app::shell(options.clone())
        },
    );
    let mut request = Request::builder().uri(path);
    for (name, value) in headers {
        if name == header::COOKIE || name == header::ACCEPT_LANGUAGE {
            request = request.header(name, value);
        }
    }
    let mut request = request.body(Body::empty()).unwrap_or_default();
    if let Some(nonce) = nonce {
        request.extensions_mut().insert(nonce);
    }
    let mut response = render(request).await;
    *response.status_mut() = status;
    response
}
