//! `/staff/content`: the editors' list of campaigns and news, the news
//! editor and the environment days. Every request needs a staff session
//! with the editor's permission (`May<EditContent>`); campaigns, their
//! covers and events are in `staff_campaigns`.

use app::api::content::{ArticleEditView, DaysView};
use app::server::content as store;
use app::server::views::editor as views;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use domain::complaint::input::FieldError;
use domain::content::{ArticleForm, DayForm};
use http::StatusCode;
use serde::Deserialize;

use super::AppState;
use super::error::HttpError;
use super::extract::{EditContent, Fields, May, Page};

/// An id in the path; one that is not a number names nothing.
pub(super) fn path_id(raw: &str) -> Result<i64, HttpError> {
    raw.parse::<i64>().map_err(|_| HttpError::NotFound)
}

/// `GET /staff/content`.
pub async fn list(
    State(state): State<AppState>,
    _: May<EditContent>,
    page: Page,
) -> Result<Response, HttpError> {
    let view = views::list(&state.db, Utc::now()).await?;
    Ok(page
        .render(&state, "/staff/content", view, StatusCode::OK)
        .await)
}

#[derive(Deserialize, Default)]
pub struct SavedQuery {
    #[serde(default)]
    saved: Option<String>,
}

const ARTICLE_PAGE: &str = "/staff/content/news/_";

/// `GET /staff/content/news/new` and `GET /staff/content/news/{id}`.
pub async fn edit(
    State(state): State<AppState>,
    _: May<EditContent>,
    page: Page,
    id: Option<Path<String>>,
    query: Result<Query<SavedQuery>, QueryRejection>,
) -> Result<Response, HttpError> {
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
            let a = store::article_by_id(&state.db, path_id(&raw)?)
                .await?
                .ok_or(HttpError::NotFound)?;
            views::article(a, saved, Utc::now())
        }
    };
    Ok(page
        .render(&state, ARTICLE_PAGE, view, StatusCode::OK)
        .await)
}

/// `POST /staff/content/news` (new) and `POST /staff/content/news/{id}`.
pub async fn save(
    State(state): State<AppState>,
    May(editor, _): May<EditContent>,
    page: Page,
    id: Option<Path<String>>,
    Fields(form): Fields<ArticleForm>,
) -> Result<Response, HttpError> {
    let id = match id {
        None => None,
        Some(Path(raw)) => {
            let id = path_id(&raw)?;
            store::article_by_id(&state.db, id)
                .await?
                .ok_or(HttpError::NotFound)?;
            Some(id)
        }
    };
    let again = async |form: ArticleForm, problems: Vec<(&'static str, FieldError)>| {
        let view = ArticleEditView {
            id,
            form,
            problems,
            saved: false,
            public_path: None,
        };
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        let back = match id {
            Some(id) => format!("/staff/content/news/{id}"),
            None => "/staff/content/news/new".to_owned(),
        };
        Ok(page
            .back_to(back)
            .render(&state, ARTICLE_PAGE, view, status)
            .await)
    };
    let article = match form.validate() {
        Ok(a) => a,
        Err(problems) => return again(form, problems).await,
    };
    match store::save_article(&state.db, id, &article, Utc::now()).await? {
        Some(saved) => {
            tracing::info!(
                staff = editor.id,
                article = saved,
                status = article.status.code(),
                "article saved"
            );
            Ok(Redirect::to(&format!("/staff/content/news/{saved}?saved=1")).into_response())
        }
        None => again(form, vec![("slug", FieldError::Taken)]).await,
    }
}

async fn render_days(
    state: &AppState,
    page: &Page,
    mut view: DaysView,
    status: StatusCode,
) -> Result<Response, HttpError> {
    view.days = app::server::calendar::environment_days(&state.db).await?;
    Ok(page
        .render(state, "/staff/content/days", view, status)
        .await)
}

/// `GET /staff/content/days`.
pub async fn days(
    State(state): State<AppState>,
    _: May<EditContent>,
    page: Page,
    query: Result<Query<SavedQuery>, QueryRejection>,
) -> Result<Response, HttpError> {
    let view = DaysView {
        saved: query.is_ok_and(|Query(q)| q.saved.is_some()),
        ..DaysView::default()
    };
    render_days(&state, &page, view, StatusCode::OK).await
}

/// `POST /staff/content/days`: adds an environment day.
pub async fn add_day(
    State(state): State<AppState>,
    _: May<EditContent>,
    page: Page,
    Fields(form): Fields<DayForm>,
) -> Result<Response, HttpError> {
    let problems = match form.validate() {
        Ok(day) => match app::server::calendar::add_environment_day(&state.db, &day).await? {
            true => return Ok(Redirect::to("/staff/content/days?saved=1").into_response()),
            false => vec![("slug", FieldError::Taken)],
        },
        Err(problems) => problems,
    };
    let view = DaysView {
        form,
        problems,
        ..DaysView::default()
    };
    render_days(&state, &page, view, StatusCode::UNPROCESSABLE_ENTITY).await
}
