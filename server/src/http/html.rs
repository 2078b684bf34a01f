//! Two corrections to the HTML Leptos 0.8 renders, so pages validate:
//! - its preload links carry the CSP nonce in `crossorigin="…"` (an invalid
//!   value, read as `anonymous`): written as a plain `crossorigin`;
//! - it appends its resource scripts after `</html>`: moved before
//!   `</body>`, where the parser would put them anyway.
//!
//! Pages render fully before they are sent (`SsrMode::Async`), so holding a
//! page to correct it costs no streaming; other responses pass untouched.

use axum::body::Body;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use http::header;

/// Largest page corrected; anything bigger passes as it is.
const MAX_PAGE: usize = 4 * 1024 * 1024;

pub async fn fix_leptos_html(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !is_html || response.headers().contains_key(header::CONTENT_ENCODING) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_PAGE).await {
        Ok(b) => b,
        Err(e) => {
            tracing::error!(error = %e, "reading a rendered page");
            parts.status = http::StatusCode::INTERNAL_SERVER_ERROR;
            parts.headers.remove(header::CONTENT_LENGTH);
            return Response::from_parts(parts, Body::empty());
        }
    };
    let Ok(html) = std::str::from_utf8(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    let fixed = correct(html);
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(fixed))
}

fn correct(html: &str) -> String {
    let mut out = strip_nonce_crossorigin(html);
    if let Some(end) = out.rfind("</html>") {
        let tail = out[end + "</html>".len()..].to_owned();
        if !tail.trim().is_empty() {
            out.truncate(end);
            match out.rfind("</body>") {
                Some(body_end) => out.insert_str(body_end, &tail),
                None => out.push_str(&tail),
            }
            out.push_str("</html>");
        }
    }
    out
}

/// `crossorigin="<hex nonce>"` → `crossorigin`.
fn strip_nonce_crossorigin(html: &str) -> String {
    const ATTR: &str = " crossorigin=\"";
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(ATTR) {
        let value_start = i + ATTR.len();
        let Some(len) = rest[value_start..].find('"') else {
            break;
        };
        let value = &rest[value_start..value_start + len];
        out.push_str(&rest[..i]);
        if !value.is_empty() && value.chars().all(|c| c.is_ascii_hexdigit()) {
            out.push_str(" crossorigin");
        } else {
            out.push_str(&rest[i..value_start + len + 1]);
        }
        rest = &rest[value_start + len + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::correct;

    #[test]
    fn moves_trailing_scripts_and_fixes_crossorigin() {
        let page = r#"<html><head><link rel="modulepreload" href="/a.js" crossorigin="ab12"><link crossorigin="anonymous"></head><body><p>x</p></body></html><script nonce="n">a=1</script>"#;
        assert_eq!(
            correct(page),
            r#"<html><head><link rel="modulepreload" href="/a.js" crossorigin><link crossorigin="anonymous"></head><body><p>x</p><script nonce="n">a=1</script></body></html>"#
        );
        let clean = "<html><body></body></html>";
        assert_eq!(correct(clean), clean);
    }
}
