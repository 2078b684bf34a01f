//! `POST /prefs`: the language and text-size switches as plain forms. The
//! choice is kept in a cookie for a year; the visitor returns to the page
//! they were on. (With WASM the text-size island does the same in place.)

use app::prefs::{Locale, Prefs, TextSize};
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use domain::prefs::{LOCALE_COOKIE, TEXT_SIZE_COOKIE, safe_return_path};
use http::{HeaderMap, HeaderValue, StatusCode, header};
use serde::Deserialize;

use super::AppState;
use super::extract::Fields;
use super::plain::message_page;

#[derive(Deserialize)]
pub struct PrefsForm {
    next: Option<String>,
    lang: Option<String>,
    text_size: Option<String>,
}

pub async fn set(
    State(state): State<AppState>,
    headers: HeaderMap,
    Fields(form): Fields<PrefsForm>,
) -> Response {
    let mut prefs = Prefs::from_headers(&headers);
    let mut cookies = Vec::new();
    if let Some(lang) = &form.lang {
        match Locale::from_tag(lang) {
            Some(l) => {
                prefs.locale = l;
                cookies.push((LOCALE_COOKIE, l.tag()));
            }
            None => return invalid(prefs),
        }
    }
    if let Some(size) = &form.text_size {
        match TextSize::parse(size) {
            Some(s) => {
                cookies.push((TEXT_SIZE_COOKIE, s.as_str()));
            }
            None => return invalid(prefs),
        }
    }
    let next = safe_return_path(form.next.as_deref().unwrap_or("/"));
    let mut response = Redirect::to(next).into_response();
    let secure = if state.https { "; Secure" } else { "" };
    for (name, value) in cookies {
        let cookie = format!("{name}={value}; Path=/; Max-Age=31536000; SameSite=Lax{secure}");
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    response
}

fn invalid(prefs: Prefs) -> Response {
    let t = app::i18n::texts(prefs.locale);
    message_page(
        prefs,
        StatusCode::BAD_REQUEST,
        t.bad_request_title,
        t.bad_request_body,
    )
}
