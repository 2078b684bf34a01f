//! The Atom feed of the news and the sitemap: XML built here, from the
//! public content only.

use app::server::content as store;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use http::{HeaderValue, header};

use super::AppState;
use super::error::HttpError;

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn xml(body: String, content_type: &'static str) -> Response {
    let mut response = body.into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=600"),
    );
    response
}

/// `GET /news/feed.atom`: the latest 20 articles (RFC 4287).
pub async fn feed(State(state): State<AppState>) -> Result<Response, HttpError> {
    let now = Utc::now();
    let (items, _) = store::public_news(&state.db, None, 0, 20, now).await?;
    let base = &state.public_url;
    let updated = items
        .first()
        .map(|n| n.publish_at)
        .unwrap_or(now)
        .to_rfc3339();
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
         <feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">\n\
         <title>{}</title>\n<id>{base}/news</id>\n\
         <link rel=\"self\" href=\"{base}/news/feed.atom\"/>\n<link href=\"{base}/news\"/>\n\
         <updated>{updated}</updated>\n<author><name>{}</name></author>\n",
        xml_escape("嘉定区生态环境局 · 新闻动态"),
        xml_escape("上海市嘉定区生态环境局"),
    );
    for n in items {
        out.push_str(&format!(
            "<entry>\n<title>{}</title>\n<id>{base}/news/{slug}</id>\n\
             <link href=\"{base}/news/{slug}\"/>\n<updated>{at}</updated>\n\
             <published>{at}</published>\n<category term=\"{tag}\"/>\n<summary>{}</summary>\n</entry>\n",
            xml_escape(&n.title),
            xml_escape(&n.summary),
            slug = xml_escape(&n.slug),
            at = n.publish_at.to_rfc3339(),
            tag = n.tag.code(),
        ));
    }
    out.push_str("</feed>\n");
    Ok(xml(out, "application/atom+xml; charset=utf-8"))
}

/// `GET /sitemap.xml`: the public pages, campaigns and news.
pub async fn sitemap(State(state): State<AppState>) -> Result<Response, HttpError> {
    let entries = store::sitemap_entries(&state.db, Utc::now()).await?;
    let base = &state.public_url;
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for path in [
        "/",
        "/air",
        "/complaints/new",
        "/track",
        "/board",
        "/stats",
        "/campaigns",
        "/news",
    ] {
        out.push_str(&format!("<url><loc>{base}{path}</loc></url>\n"));
    }
    for (path, modified) in entries {
        out.push_str(&format!(
            "<url><loc>{base}{}</loc><lastmod>{modified}</lastmod></url>\n",
            xml_escape(&path)
        ));
    }
    out.push_str("</urlset>\n");
    Ok(xml(out, "application/xml; charset=utf-8"))
}
