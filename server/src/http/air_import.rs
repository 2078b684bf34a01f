//! `POST /staff/air/import` (upload → preview) and
//! `POST /staff/air/import/confirm` (import), for administrators.

use std::collections::HashSet;

use app::api::air_import::{ImportFileError, ImportPreview};
use app::server::{air, air_import};
use axum::extract::{Multipart, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use domain::aqi::import::{ImportPlan, plan};
use http::StatusCode;
use serde::Deserialize;

use super::AppState;
use super::error::HttpError;
use super::extract::{Fields, ImportAir, May, Page};

const PAGE: &str = "/staff/air/import";

async fn check(state: &AppState, content: &str) -> Result<ImportPlan, app::server::DbError> {
    let stations: HashSet<String> = air::stations(&state.db)
        .await?
        .into_iter()
        .map(|s| s.code)
        .collect();
    Ok(plan(content, Utc::now(), |code| stations.contains(code)))
}

fn file_error(e: ImportFileError) -> ImportPreview {
    ImportPreview {
        batch: String::new(),
        file_name: String::new(),
        valid: 0,
        problems: Vec::new(),
        sample: Vec::new(),
        file_error: Some(e),
    }
}

fn preview_of(
    batch: String,
    file_name: String,
    plan: &ImportPlan,
    error: Option<ImportFileError>,
) -> ImportPreview {
    ImportPreview {
        batch,
        file_name,
        valid: plan.valid.len(),
        problems: plan.problems.clone(),
        sample: plan.valid.iter().take(10).map(|(_, r)| r.clone()).collect(),
        file_error: error,
    }
}

/// `POST /staff/air/import`: a CSV file, checked and kept for the
/// preview; nothing is imported yet.
pub async fn upload(
    State(state): State<AppState>,
    May(user, _): May<ImportAir>,
    page: Page,
    mut multipart: Multipart,
) -> Result<Response, HttpError> {
    let mut file = None;
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.name() == Some("file") {
            let name = field
                .file_name()
                .unwrap_or("data.csv")
                .chars()
                .filter(|c| !c.is_control())
                .take(120)
                .collect::<String>();
            match field.bytes().await {
                Ok(bytes) if !bytes.is_empty() => file = Some((name, bytes)),
                _ => {}
            }
        }
    }
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    let Some((name, bytes)) = file else {
        let preview = file_error(ImportFileError::NoFile);
        return Ok(page.render(&state, PAGE, preview, unprocessable).await);
    };
    // A file with NUL bytes is not a text CSV (most often UTF-16 from a
    // spreadsheet), and PostgreSQL refuses NUL in text.
    let text = String::from_utf8(bytes.to_vec()).ok();
    let Some(content) = text.filter(|c| !c.contains('\0')) else {
        let preview = file_error(ImportFileError::NotUtf8);
        return Ok(page.render(&state, PAGE, preview, unprocessable).await);
    };
    let plan = check(&state, &content).await?;
    let batch = air_import::save(&state.db, user.id, &name, &content).await?;
    let preview = preview_of(batch, name, &plan, None);
    Ok(page.render(&state, PAGE, preview, StatusCode::OK).await)
}

#[derive(Deserialize)]
pub struct Confirm {
    #[serde(default)]
    batch: String,
    #[serde(default)]
    mode: String,
}

/// `POST /staff/air/import/confirm`: imports the kept file (all of it, or
/// only its valid lines when asked).
pub async fn confirm(
    State(state): State<AppState>,
    May(user, _): May<ImportAir>,
    page: Page,
    Fields(form): Fields<Confirm>,
) -> Result<Response, HttpError> {
    let Some((name, content)) = air_import::load(&state.db, &form.batch, user.id).await? else {
        let preview = file_error(ImportFileError::Expired);
        return Ok(page
            .render(&state, PAGE, preview, StatusCode::NOT_FOUND)
            .await);
    };
    let plan = check(&state, &content).await?;
    // Nothing from a file with problems unless only its valid lines were asked for.
    if !plan.problems.is_empty() && form.mode != "valid" {
        let preview = preview_of(form.batch, name, &plan, Some(ImportFileError::HasProblems));
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(page.render(&state, PAGE, preview, status).await);
    }
    let readings: Vec<_> = plan.valid.into_iter().map(|(_, r)| r).collect();
    let stored = air::ingest(&state.db, &readings)
        .await
        .map_err(HttpError::unavailable)?;
    if let Err(e) = air_import::delete(&state.db, &form.batch).await {
        tracing::warn!(error = %e, "removing an imported upload");
    }
    tracing::info!(user = user.id, readings = stored, "air readings imported");
    Ok(Redirect::to(&format!("{PAGE}?imported={stored}")).into_response())
}
