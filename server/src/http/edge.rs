//! The edge: what no handler should ever see, refused or cleaned once for
//! every route (issue 14).
//! - A path that cannot name anything here (a segment longer than a file
//!   name may be, a path longer than any route, a NUL byte) is a 404 before
//!   it reaches the static files, whose file system would fail on it.
//! - NUL bytes never reach the database: PostgreSQL refuses them in text
//!   where SQLite stores them, so both engines answer the same only if they
//!   are gone first. In a query string and in a form body
//!   (`application/x-www-form-urlencoded`, which every form and server
//!   function here sends) they are dropped: `%00` only ever encodes NUL,
//!   since a literal `%` travels as `%25`. Multipart uploads are binary and
//!   checked by their handlers (photos are re-encoded; CSV must be text).

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{StatusCode, Uri, header};

use super::AppState;
use super::security::CspNonce;

/// Longest path segment, decoded, in bytes: a file name's limit.
const MAX_SEGMENT: usize = 255;
/// Longest path: far beyond any route or asset name.
const MAX_PATH: usize = 2048;

pub async fn clean(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let (mut parts, body) = request.into_parts();
    let path = parts.uri.path();
    if path.len() > MAX_PATH
        || path.split('/').any(|s| decoded_len(s) > MAX_SEGMENT)
        || has_nul(path)
    {
        let nonce = parts.extensions.get::<CspNonce>().cloned();
        return super::not_found(&state, &parts.headers, nonce).await;
    }
    if let Some(query) = parts.uri.query().filter(|q| has_nul(q)) {
        let cleaned = format!("{}?{}", parts.uri.path(), without_nul(query.as_bytes()));
        if let Ok(uri) = cleaned.parse::<Uri>() {
            parts.uri = uri;
        }
    }
    let form = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded")
        });
    if !form {
        return next.run(Request::from_parts(parts, body)).await;
    }
    // Read here, outside the request timeout's layer: bounded by it too,
    // or a body sent a byte at a time would hold the request for ever.
    let read = tokio::time::timeout(
        state.request_timeout,
        axum::body::to_bytes(body, state.body_limit_bytes),
    );
    let bytes = match read.await {
        Ok(Ok(b)) => b,
        Ok(Err(_)) => {
            let prefs = app::prefs::Prefs::from_headers(&parts.headers);
            let refused = StatusCode::PAYLOAD_TOO_LARGE.into_response();
            return super::error::refusal_page(prefs, refused);
        }
        Err(_) => {
            let prefs = app::prefs::Prefs::from_headers(&parts.headers);
            let refused = StatusCode::REQUEST_TIMEOUT.into_response();
            return super::error::refusal_page(prefs, refused);
        }
    };
    let bytes = if has_nul_bytes(&bytes) {
        Bytes::from(without_nul(&bytes))
    } else {
        bytes
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// The length of a percent-encoded segment once decoded.
fn decoded_len(segment: &str) -> usize {
    let b = segment.as_bytes();
    let escapes = (0..b.len())
        .filter(|&i| {
            b[i] == b'%'
                && b.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit)
        })
        .count();
    b.len() - 2 * escapes
}

fn has_nul(s: &str) -> bool {
    has_nul_bytes(s.as_bytes())
}

fn has_nul_bytes(b: &[u8]) -> bool {
    b.contains(&0)
        || b.windows(3)
            .any(|w| w[0] == b'%' && w[1] == b'0' && w[2] == b'0')
}

/// `raw` (URL-encoded) without NUL: raw zero bytes and `%00` escapes.
fn without_nul(raw: &[u8]) -> String {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == 0 {
            i += 1;
        } else if raw[i..].starts_with(b"%00") {
            i += 3;
        } else {
            out.push(raw[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_is_dropped_and_nothing_else() {
        assert_eq!(
            without_nul(b"username=%00admin&x=%2500"),
            "username=admin&x=%2500"
        );
        assert_eq!(without_nul(b"a=b\0c"), "a=bc");
        assert!(has_nul("q=%00"));
        assert!(!has_nul("q=%2500"), "a literal '%00' is not NUL");
    }

    #[test]
    fn segments_are_measured_decoded() {
        assert_eq!(decoded_len("abc"), 3);
        assert_eq!(decoded_len("%E6%B0%B4"), 3);
        assert_eq!(decoded_len("100%"), 4);
    }
}
