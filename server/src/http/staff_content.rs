//! `/staff/content`: editors write, schedule and publish news. Every
//! request needs a staff session with the editor's permission.

use app::api::content::{AdminArticleRow, ArticleEditView, ContentAdminView, DaysView};
use app::server::content as store;
use axum::Extension;
use axum::Form;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use domain::access::Action;
use domain::complaint::input::FieldError;
use domain::content::{ArticleForm, DayForm, is_public};
use http::{HeaderMap, StatusCode};
use leptos::prelude::provide_context;
use serde::Deserialize;

use super::AppState;
use super::complaints::{bad_request, unavailable};
use super::render::page_with;
use super::security::CspNonce;

/// The signed-in staff member allowed to do this, or the response to send instead.
async fn editor(state: &AppState, headers: &HeaderMap) -> Result<i64, Response> {
    super::staff::require(state, headers, Action::EditContent)
        .await
        .map(|u| u.id)
}

/// `GET /staff/content`.
pub async fn list(
    State(state): State<AppState>,
    nonce: Option<Extension<CspNonce>>,
    headers: HeaderMap,
) -> Response {
    if let Err(r) = editor(&state, &headers).await {
        return r;
    }
    let now = Utc::now();
    let articles = match store::all_articles(&state.db).await {
        Ok(a) => a,
        Err(e) => return unavailable(&headers, e),
    };
    let view = ContentAdminView {
        articles: articles
            .into_iter()
            .map(|a| AdminArticleRow {
                id: a.id,
                public: is_public(a.article.status, a.article.publish_at, now),
                title: a.article.title,
                tag: a.article.tag,
                status: a.article.status,
                publish_at: a.article.publish_at,
                slug: a.article.slug,
            })
            .collect(),
    };
    page_with(
        &state,
        &headers,
        nonce.map(|Extension(n)| n),
        "/staff/content",
        move || provide_context(view.clone()),
        StatusCode::OK,
    )
    .await
}

async fn render(
    state: &AppState,
    headers: &HeaderMap,
    nonce: Option<CspNonce>,
    view: ArticleEditView,
    status: StatusCode,
) -> Response {
    page_with(
        state,
        headers,
        nonce,
        "/staff/content/news/_",
        move || provide_context(view.clone()),
        status,
    )
    .await
}

#[derive(Deserialize, Default)]
pub struct SavedQuery {
    #[serde(default)]
    saved: Option<String>,
}

/// `GET /staff/content/news/new` and `GET /staff/content/news/{id}`.
pub async fn edit(
    State(state): State<AppState>,
    nonce: Option<Extension<CspNonce>>,
    headers: HeaderMap,
    id: Option<Path<String>>,
    query: Result<Query<SavedQuery>, QueryRejection>,
) -> Response {
    let nonce = nonce.map(|Extension(n)| n);
    if let Err(r) = editor(&state, &headers).await {
        return r;
    }
    let saved = query.is_ok_and(|Query(q)| q.saved.is_some());
    let view = match id {
        None => ArticleEditView {
            form: ArticleForm {
                tag: "notices".to_owned(),
                status: "draft".to_owned(),
                ..ArticleForm::default()
            },
            ..ArticleEditView::default()
        },
        Some(Path(raw)) => {
            let Ok(id) = raw.parse::<i64>() else {
                return super::not_found(&state, &headers, nonce).await;
            };
            match store::article_by_id(&state.db, id).await {
                Ok(Some(a)) => ArticleEditView {
                    id: Some(a.id),
                    public_path: is_public(a.article.status, a.article.publish_at, Utc::now())
                        .then(|| format!("/news/{}", a.article.slug)),
                    form: ArticleForm::from_article(&a.article),
                    problems: vec![],
                    saved,
                },
                Ok(None) => return super::not_found(&state, &headers, nonce).await,
                Err(e) => return unavailable(&headers, e),
            }
        }
    };
    render(&state, &headers, nonce, view, StatusCode::OK).await
}

/// `POST /staff/content/news` (new) and `POST /staff/content/news/{id}`.
pub async fn save(
    State(state): State<AppState>,
    nonce: Option<Extension<CspNonce>>,
    headers: HeaderMap,
    id: Option<Path<String>>,
    form: Result<Form<ArticleForm>, FormRejection>,
) -> Response {
    let nonce = nonce.map(|Extension(n)| n);
    let editor_id = match editor(&state, &headers).await {
        Ok(id) => id,
        Err(r) => return r,
    };
    let Ok(Form(form)) = form else {
        return bad_request(&headers);
    };
    let id = match id {
        None => None,
        Some(Path(raw)) => match raw.parse::<i64>() {
            Ok(id) => match store::article_by_id(&state.db, id).await {
                Ok(Some(_)) => Some(id),
                Ok(None) => return super::not_found(&state, &headers, nonce).await,
                Err(e) => return unavailable(&headers, e),
            },
            Err(_) => return super::not_found(&state, &headers, nonce).await,
        },
    };
    let again = |form: ArticleForm, problems: Vec<(&'static str, FieldError)>| ArticleEditView {
        id,
        form,
        problems,
        saved: false,
        public_path: None,
    };
    let article = match form.validate() {
        Ok(a) => a,
        Err(problems) => {
            let view = again(form, problems);
            return render(
                &state,
                &headers,
                nonce,
                view,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    match store::save_article(&state.db, id, &article, Utc::now()).await {
        Ok(Some(saved)) => {
            tracing::info!(
                staff = editor_id,
                article = saved,
                status = article.status.code(),
                "article saved"
            );
            Redirect::to(&format!("/staff/content/news/{saved}?saved=1")).into_response()
        }
        Ok(None) => {
            let view = again(form, vec![("slug", FieldError::Taken)]);
            render(
                &state,
                &headers,
                nonce,
                view,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => unavailable(&headers, e),
    }
}

async fn render_days(
    state: &AppState,
    headers: &HeaderMap,
    nonce: Option<CspNonce>,
    mut view: DaysView,
    status: StatusCode,
) -> Response {
    view.days = match app::server::calendar::environment_days(&state.db).await {
        Ok(d) => d,
        Err(e) => return unavailable(headers, e),
    };
    page_with(
        state,
        headers,
        nonce,
        "/staff/content/days",
        move || provide_context(view.clone()),
        status,
    )
    .await
}

/// `GET /staff/content/days`.
pub async fn days(
    State(state): State<AppState>,
    nonce: Option<Extension<CspNonce>>,
    headers: HeaderMap,
    query: Result<Query<SavedQuery>, QueryRejection>,
) -> Response {
    if let Err(r) = editor(&state, &headers).await {
        return r;
    }
    let view = DaysView {
        saved: query.is_ok_and(|Query(q)| q.saved.is_some()),
        ..DaysView::default()
    };
    render_days(
        &state,
        &headers,
        nonce.map(|Extension(n)| n),
        view,
        StatusCode::OK,
    )
    .await
}

/// `POST /staff/content/days`: adds an environment day.
pub async fn add_day(
    State(state): State<AppState>,
    nonce: Option<Extension<CspNonce>>,
    headers: HeaderMap,
    form: Result<Form<DayForm>, FormRejection>,
) -> Response {
    let nonce = nonce.map(|Extension(n)| n);
    if let Err(r) = editor(&state, &headers).await {
        return r;
    }
    let Ok(Form(form)) = form else {
        return bad_request(&headers);
    };
    let problems = match form.validate() {
        Ok(day) => match app::server::calendar::add_environment_day(&state.db, &day).await {
            Ok(true) => return Redirect::to("/staff/content/days?saved=1").into_response(),
            Ok(false) => vec![("slug", FieldError::Taken)],
            Err(e) => return unavailable(&headers, e),
        },
        Err(problems) => problems,
    };
    let view = DaysView {
        form,
        problems,
        ..DaysView::default()
    };
    render_days(
        &state,
        &headers,
        nonce,
        view,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}
