//! `POST /api/air/readings`: the push API for automatic air-quality feeds.
//!
//! ```text
//! Authorization: Bearer <token>
//! {"readings": [{"station": "demo-anting", "hour": "2026-11-28T14:00:00+08:00",
//!                "pm25": 35, "pm10": 52, "o3": 60, "no2": 28, "so2": 6, "co": 0.6}]}
//! ```
//! `hour` is the start of the hour with its offset; a pollutant left out or
//! `null` was not measured. A batch is all or nothing: any refused reading
//! refuses the batch, with the index and a stable code for each problem;
//! one station's hour may appear once in a batch (`duplicate`).
//! Re-sending an hour replaces it, so a feed can safely retry.

use app::server::air::{self, IngestError};
use std::collections::hash_map::Entry;

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use domain::aqi::reading::HourlyReading;
use http::{HeaderMap, StatusCode, header};
use serde::{Deserialize, Serialize};

use super::AppState;
use super::extract::Client;

#[derive(Deserialize)]
struct Batch {
    readings: Vec<RawReading>,
}

#[derive(Deserialize)]
struct RawReading {
    station: String,
    hour: DateTime<chrono::FixedOffset>,
    pm25: Option<f64>,
    pm10: Option<f64>,
    o3: Option<f64>,
    no2: Option<f64>,
    so2: Option<f64>,
    co: Option<f64>,
}

#[derive(Serialize)]
struct Problem {
    #[serde(skip_serializing_if = "Option::is_none")]
    index: Option<usize>,
    code: &'static str,
    description: String,
}

fn problems(status: StatusCode, list: Vec<Problem>) -> Response {
    (status, Json(serde_json::json!({ "errors": list }))).into_response()
}

fn one(status: StatusCode, code: &'static str, description: impl Into<String>) -> Response {
    problems(
        status,
        vec![Problem {
            index: None,
            code,
            description: description.into(),
        }],
    )
}

/// Whether the request carries one of the configured tokens. Both sides
/// are hashed first (SHA-256, 64 hex digits), so the comparison's time
/// tells nothing of a token's length or of where it differs, and every
/// configured token is compared (no early stop at a match).
fn authorised(state: &AppState, headers: &HeaderMap) -> bool {
    let Some(token) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
    else {
        return false;
    };
    let sent = app::server::token_hash(token.trim());
    state
        .air_push_tokens
        .iter()
        .filter(|t| !t.is_empty())
        .fold(false, |found, t| {
            found | app::server::same_secret(app::server::token_hash(t).as_bytes(), sent.as_bytes())
        })
}

pub async fn push(
    State(state): State<AppState>,
    Client(client): Client,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    // Wrong tokens are throttled per client; a client over the limit is
    // refused before its token is checked, so guessing gains nothing.
    if state.limits.token_blocked(&client) {
        return one(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_attempts",
            "too many wrong tokens; wait a minute",
        );
    }
    if !authorised(&state, &headers) {
        if state.limits.wrong_token(&client) {
            return one(
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_attempts",
                "too many wrong tokens; wait a minute",
            );
        }
        return one(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "a valid bearer token is required",
        );
    }
    let batch: Batch = match serde_json::from_slice(&body) {
        Ok(b) => b,
        // Where, not serde's wording (which names the server's own types).
        Err(e) => {
            let what = match e.classify() {
                serde_json::error::Category::Data => "a value of the wrong type or a missing field",
                _ => "not a JSON object of readings",
            };
            let description = format!("{what} at line {}, column {}", e.line(), e.column());
            return one(StatusCode::BAD_REQUEST, "invalid_json", description);
        }
    };
    let now = Utc::now();
    let mut readings = Vec::with_capacity(batch.readings.len());
    let mut refused = Vec::new();
    // One station's hour once a batch, as in a CSV import: a second one is
    // refused, not silently chosen over the first.
    let mut seen = std::collections::HashMap::new();
    for (index, r) in batch.readings.into_iter().enumerate() {
        let values = [r.pm25, r.pm10, r.o3, r.no2, r.so2, r.co];
        match HourlyReading::parse(&r.station, r.hour.with_timezone(&Utc), values, now) {
            Ok(ok) => match seen.entry((ok.station.clone(), ok.hour)) {
                Entry::Vacant(e) => {
                    e.insert(index);
                    readings.push(ok);
                }
                Entry::Occupied(e) => refused.push(Problem {
                    index: Some(index),
                    code: "duplicate",
                    description: format!(
                        "station {} at {} is already in this batch at index {}",
                        ok.station,
                        ok.hour.to_rfc3339(),
                        e.get()
                    ),
                }),
            },
            Err(e) => refused.push(Problem {
                index: Some(index),
                code: e.code(),
                description: e.to_string(),
            }),
        }
    }
    if !refused.is_empty() {
        return problems(StatusCode::BAD_REQUEST, refused);
    }
    match air::ingest(&state.db, &readings).await {
        Ok(n) => (StatusCode::OK, Json(serde_json::json!({ "accepted": n }))).into_response(),
        Err(IngestError::UnknownStation(code)) => one(
            StatusCode::BAD_REQUEST,
            "unknown_station",
            format!(
                "no station with code {}",
                code.chars()
                    .filter(|c| !c.is_control())
                    .take(40)
                    .collect::<String>()
            ),
        ),
        Err(IngestError::Db(e)) => {
            tracing::error!(error = %e, "air ingest failed");
            one(
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "the readings could not be stored; retry later",
            )
        }
    }
}
