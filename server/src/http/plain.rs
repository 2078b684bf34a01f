//! Minimal translated pages for answers produced outside the Leptos
//! renderer (refused writes, malformed forms, panics).

use app::prefs::Prefs;
use axum::response::{Html, IntoResponse, Response};
use http::StatusCode;

pub fn message_page(prefs: Prefs, status: StatusCode, title: &str, body: &str) -> Response {
    let t = app::i18n::texts(prefs.locale);
    // Catalogue text, escaped as the Leptos pages escape it.
    let title = html_escape::encode_text(title);
    let body = html_escape::encode_text(body);
    let html = format!(
        "<!DOCTYPE html><html lang=\"{lang}\" data-text-size=\"{size}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} · {site}</title><link rel=\"stylesheet\" href=\"/pkg/qingjia.css\"></head>\
         <body><main id=\"main\" class=\"wrap\"><section class=\"message-page\"><h1>{title}</h1>\
         <p>{body}</p><p><a class=\"button\" href=\"/\">{back}</a></p></section></main></body></html>",
        lang = prefs.locale.tag(),
        size = prefs.text_size.as_str(),
        site = html_escape::encode_text(t.site_name),
        back = html_escape::encode_text(t.back_home),
    );
    (status, Html(html)).into_response()
}
