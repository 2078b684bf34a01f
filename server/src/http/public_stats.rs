//! `/stats` (complaint handling in numbers, for everyone) and its open
//! data at stable addresses: the same monthly tables as CSV and JSON, and
//! a Frictionless Data package describing them (licence, fields).

use app::api::public_stats::PublicStatsQuery;
use app::i18n::texts;
use app::pages::public_stats::OPEN_CSV;
use app::prefs::Locale;
use app::server::views::public_stats as views;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use domain::public_stats::{FIELDS, LICENCE, PUBLISHER, open_csv};
use http::{HeaderValue, StatusCode, header};
use serde_json::{Value, json};

use super::AppState;
use super::error::HttpError;
use super::extract::Page;

/// `GET /stats`: a month that cannot be read or is not published is named
/// on the page, answered 404 (the address names nothing published).
pub async fn show(
    State(state): State<AppState>,
    page: Page,
    query: Result<Query<PublicStatsQuery>, QueryRejection>,
) -> Result<Response, HttpError> {
    let Query(query) = query.map_err(|_| HttpError::BadRequest)?;
    let view = views::public_stats(&state.db, query, Utc::now()).await?;
    let status = match view.problem {
        Some("month_unreadable") => StatusCode::BAD_REQUEST,
        Some(_) => StatusCode::NOT_FOUND,
        None => StatusCode::OK,
    };
    Ok(page.render(&state, "/stats", view, status).await)
}

/// Open data may be read by any site and kept for an hour.
fn open(body: impl IntoResponse, content_type: &'static str, file: Option<&str>) -> Response {
    let mut response = body.into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    if let Some(value) = file.and_then(|f| HeaderValue::from_str(f).ok()) {
        h.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

/// `GET /stats/complaints-monthly.csv`.
pub async fn csv(State(state): State<AppState>) -> Result<Response, HttpError> {
    let rows = views::open_data(&state.db, Utc::now()).await?;
    Ok(open(
        open_csv(&rows),
        "text/csv; charset=utf-8",
        Some("inline; filename=\"jiading-complaints-monthly.csv\""),
    ))
}

fn both(zh: &str, en: &str) -> Value {
    json!({ "zh-CN": zh, "en": en })
}

fn licence() -> Value {
    json!({ "name": LICENCE.0, "title": LICENCE.1, "path": LICENCE.2 })
}

/// `GET /stats/complaints-monthly.json`: the rows with the licence, the
/// rule for small counts and what each field means.
pub async fn json(State(state): State<AppState>) -> Result<Response, HttpError> {
    let rows = views::open_data(&state.db, Utc::now()).await?;
    let (zh, en) = (texts(Locale::ZhCn), texts(Locale::En));
    let fields: Vec<Value> = FIELDS
        .iter()
        .map(|f| json!({ "name": f.name, "type": f.kind, "description": both(f.zh, f.en) }))
        .collect();
    let body = json!({
        "title": both(zh.p.title, en.p.title),
        "publisher": both(PUBLISHER.0, PUBLISHER.1),
        "licence": licence(),
        "suppression": both(zh.p.hidden_note, en.p.hidden_note),
        "fields": fields,
        "rows": rows,
    });
    Ok(open(
        body.to_string(),
        "application/json; charset=utf-8",
        None,
    ))
}

/// `GET /stats/datapackage.json`: a Frictionless Tabular Data Package
/// describing the CSV, so that common tools read it with its types.
pub async fn package() -> Response {
    let (zh, en) = (texts(Locale::ZhCn), texts(Locale::En));
    let fields: Vec<Value> = FIELDS
        .iter()
        .map(|f| {
            json!({
                "name": f.name,
                "type": f.kind,
                "description": format!("{} / {}", f.zh, f.en),
            })
        })
        .collect();
    let file = OPEN_CSV.rsplit('/').next().unwrap_or(OPEN_CSV);
    let body = json!({
        "profile": "tabular-data-package",
        "name": "jiading-complaints-monthly",
        "title": format!("{} / {}", zh.p.title, en.p.title),
        "description": format!("{} {}", zh.p.hidden_note, en.p.hidden_note),
        "licenses": [licence()],
        "contributors": [{ "title": format!("{} / {}", PUBLISHER.0, PUBLISHER.1), "role": "publisher" }],
        "resources": [{
            "profile": "tabular-data-resource",
            "name": "complaints-monthly",
            "path": file,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": {
                "fields": fields,
                "primaryKey": ["month", "breakdown", "code"],
                "missingValues": [""],
            },
        }],
    });
    open(body.to_string(), "application/json; charset=utf-8", None)
}
