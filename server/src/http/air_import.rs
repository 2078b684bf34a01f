//! `POST /staff/air/import` (upload → preview) and
//! `POST /staff/air/import/confirm` (import), for administrators.

use std::collections::HashSet;

use app::api::air_import::{ImportFileError, ImportPreview};
use app::server::{air, air_import};
use axum::extract::{Multipart, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use chrono::Utc;
use domain::aqi::import::{ImportPlan, plan};
use domain::staff::Role;
use http::{HeaderMap, StatusCode};
use leptos::prelude::provide_context;
use serde::Deserialize;

use super::AppState;
use super::plain::message_page;
use super::security::CspNonce;
use super::staff::{StaffUser, current_staff};

const PAGE: &str = "/staff/air/import";

/// The signed-in administrator, or the answer for anyone else.
async fn admin(state: &AppState, headers: &HeaderMap) -> Result<StaffUser, Response> {
    let prefs = app::prefs::Prefs::from_headers(headers);
    let t = app::i18n::texts(prefs.locale);
    match current_staff(state, headers).await {
        Ok(Some(user)) if user.role == Role::Admin => Ok(user),
        Ok(Some(_)) => Err(message_page(
            prefs,
            StatusCode::FORBIDDEN,
            t.import_title,
            t.admins_only,
        )),
        Ok(None) => Err(Redirect::to("/staff/login").into_response()),
        Err(e) => {
            tracing::error!(error = %e, "session lookup failed");
            Err(message_page(
                prefs,
                StatusCode::SERVICE_UNAVAILABLE,
                t.error_title,
                t.error_body,
            ))
        }
    }
}

async fn check(state: &AppState, content: &str) -> Result<ImportPlan, app::server::DbError> {
    let stations: HashSet<String> = air::stations(&state.db)
        .await?
        .into_iter()
        .map(|s| s.code)
        .collect();
    Ok(plan(content, Utc::now(), |code| stations.contains(code)))
}

async fn show(
    state: &AppState,
    headers: &HeaderMap,
    nonce: Option<CspNonce>,
    preview: ImportPreview,
    status: StatusCode,
) -> Response {
    let extra = move || provide_context(preview.clone());
    super::render::page_with(state, headers, nonce, PAGE, extra, status).await
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

fn unavailable(headers: &HeaderMap, e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "air import failed");
    let prefs = app::prefs::Prefs::from_headers(headers);
    let t = app::i18n::texts(prefs.locale);
    message_page(
        prefs,
        StatusCode::SERVICE_UNAVAILABLE,
        t.error_title,
        t.error_body,
    )
}

pub async fn upload(
    State(state): State<AppState>,
    nonce: Option<Extension<CspNonce>>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Response {
    let nonce = nonce.map(|Extension(n)| n);
    let user = match admin(&state, &headers).await {
        Ok(u) => u,
        Err(r) => return r,
    };
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
    let Some((name, bytes)) = file else {
        return show(
            &state,
            &headers,
            nonce,
            file_error(ImportFileError::NoFile),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    // A file with NUL bytes is not a text CSV (most often UTF-16 from a
    // spreadsheet), and PostgreSQL refuses NUL in text.
    let text = String::from_utf8(bytes.to_vec()).ok();
    let Some(content) = text.filter(|c| !c.contains('\0')) else {
        return show(
            &state,
            &headers,
            nonce,
            file_error(ImportFileError::NotUtf8),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    let plan = match check(&state, &content).await {
        Ok(p) => p,
        Err(e) => return unavailable(&headers, e),
    };
    let batch = match air_import::save(&state.db, user.id, &name, &content).await {
        Ok(id) => id,
        Err(e) => return unavailable(&headers, e),
    };
    show(
        &state,
        &headers,
        nonce,
        preview_of(batch, name, &plan, None),
        StatusCode::OK,
    )
    .await
}

#[derive(Deserialize)]
pub struct Confirm {
    #[serde(default)]
    batch: String,
    #[serde(default)]
    mode: String,
}

pub async fn confirm(
    State(state): State<AppState>,
    nonce: Option<Extension<CspNonce>>,
    headers: HeaderMap,
    Form(form): Form<Confirm>,
) -> Response {
    let nonce = nonce.map(|Extension(n)| n);
    let user = match admin(&state, &headers).await {
        Ok(u) => u,
        Err(r) => return r,
    };
    let (name, content) = match air_import::load(&state.db, &form.batch, user.id).await {
        Ok(Some(found)) => found,
        Ok(None) => {
            return show(
                &state,
                &headers,
                nonce,
                file_error(ImportFileError::Expired),
                StatusCode::NOT_FOUND,
            )
            .await;
        }
        Err(e) => return unavailable(&headers, e),
    };
    let plan = match check(&state, &content).await {
        Ok(p) => p,
        Err(e) => return unavailable(&headers, e),
    };
    // Nothing from a file with problems unless only its valid lines were asked for.
    if !plan.problems.is_empty() && form.mode != "valid" {
        let preview = preview_of(form.batch, name, &plan, Some(ImportFileError::HasProblems));
        return show(
            &state,
            &headers,
            nonce,
            preview,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let readings: Vec<_> = plan.valid.into_iter().map(|(_, r)| r).collect();
    let stored = match air::ingest(&state.db, &readings).await {
        Ok(n) => n,
        Err(e) => return unavailable(&headers, e),
    };
    if let Err(e) = air_import::delete(&state.db, &form.batch).await {
        tracing::warn!(error = %e, "removing an imported upload");
    }
    tracing::info!(user = user.id, readings = stored, "air readings imported");
    Redirect::to(&format!("{PAGE}?imported={stored}")).into_response()
}
