//! Filing a complaint (`/complaints/new…`), its confirmation and photos.
//!
//! Post/redirect/get: each step's form posts here; a valid answer is saved
//! in the draft and the browser is sent (303) to the next open step; an
//! invalid one renders the same step again with what was typed and the
//! problems. The draft lives in the database, named by a random token in
//! an HttpOnly cookie, so the flow needs no JavaScript and survives a
//! closed tab. Submitting is idempotent per draft.

use app::api::complaints::{PhotoProblem, StepForm};
use app::server::complaints::{self as store, StoredDraft};
use app::server::submission::SubmitError;
use app::server::views::filing::{self as views, StepPage};
use axum::extract::{FromRequestParts, Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use domain::complaint::filing::{
    CategoryForm, ContactForm, DetailsForm, Draft, LocationForm, Problem, Step,
};
use domain::complaint::one_at_a_time::NextQuestion;
use http::request::Parts;
use http::{HeaderValue, StatusCode, header};
use serde::Deserialize;

use super::AppState;
use super::error::HttpError;
use super::extract::{Fields, Filing, Page, Public, Within};
use super::media::{qr_svg, read_photo_form, stored_photo};

/// The cookie naming this browser's draft.
pub const DRAFT_COOKIE: &str = "qj_draft";

fn draft_cookie(state: &AppState, token: &str) -> HeaderValue {
    let secure = if state.https { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{DRAFT_COOKIE}={token}; Path=/complaints; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
        store::DRAFT_HOURS * 3600
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("qj_draft=; Path=/complaints; Max-Age=0"))
}

fn see_other(path: &str) -> Response {
    Redirect::to(path).into_response()
}

/// This browser's open draft, named by its cookie: its token and answers,
/// unless missing, expired or already submitted.
pub struct OpenDraft(Option<(String, StoredDraft)>);

impl FromRequestParts<AppState> for OpenDraft {
    type Rejection = HttpError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, HttpError> {
        let Some(token) = app::prefs::cookie(&parts.headers, DRAFT_COOKIE) else {
            return Ok(OpenDraft(None));
        };
        Ok(OpenDraft(
            match store::load_draft(&state.db, &token).await? {
                Some(d) if d.case_id.is_none() => Some((token, d)),
                _ => None,
            },
        ))
    }
}

/// Renders a filing step's page with `status`.
async fn render_step(
    state: &AppState,
    page: &Page,
    step: StepPage<'_>,
    status: StatusCode,
) -> Result<Response, HttpError> {
    let path = step.step.path();
    let view = step.view(&state.db, Utc::now()).await?;
    Ok(page.render(state, &path, view, status).await)
}

/// `?kind=` of the first question.
#[derive(Deserialize)]
pub struct StartQuery {
    kind: Option<String>,
}

/// `GET /complaints/new`: the first question (answers kept when going
/// back); `?kind=noise` or `?kind=fumes` asks only among that kind's
/// categories (an unknown kind, or a query that does not parse, asks
/// among all).
pub async fn start(
    State(state): State<AppState>,
    page: Page,
    query: Result<axum::extract::Query<StartQuery>, axum::extract::rejection::QueryRejection>,
    OpenDraft(open): OpenDraft,
) -> Result<Response, HttpError> {
    let (token, draft) = match &open {
        Some((t, d)) => (Some(t.as_str()), d.draft.clone()),
        None => (None, Draft::default()),
    };
    let only = query
        .ok()
        .and_then(|q| q.0.kind)
        .and_then(|k| domain::complaint::filing::Kind::parse(&k));
    let step = StepPage::saved(Step::Category, token, &draft);
    let path = step.step.path();
    let mut view = step.view(&state.db, Utc::now()).await?;
    view.only = only;
    Ok(page.render(&state, &path, view, StatusCode::OK).await)
}

/// `GET /complaints/new/{step}`.
pub async fn show_step(
    State(state): State<AppState>,
    page: Page,
    uri: http::Uri,
    OpenDraft(open): OpenDraft,
) -> Result<Response, HttpError> {
    let slug = uri.path().rsplit('/').next().unwrap_or_default();
    let step = Step::ALL
        .into_iter()
        .find(|s| s.slug() == slug && *s != Step::Category)
        .ok_or(HttpError::NotFound)?;
    let Some((token, stored)) = open else {
        return Ok(see_other("/complaints/new"));
    };
    if !stored.draft.may_show(step) {
        return Ok(see_other(&stored.draft.first_open_step().path()));
    }
    let too_large = step == Step::Photos && uri.query() == Some("problem=too_large");
    let step = StepPage {
        // A photo refused before it was read (see `error::pages`).
        photo_problem: too_large.then_some(PhotoProblem::TooLarge),
        ..StepPage::saved(step, Some(&token), &stored.draft)
    };
    render_step(&state, &page, step, StatusCode::OK).await
}

/// `POST /complaints/new`: the category; starts the draft when needed.
pub async fn post_category(
    State(state): State<AppState>,
    _: Within<Filing>,
    page: Page,
    OpenDraft(existing): OpenDraft,
    Public(form): Public<CategoryForm>,
) -> Result<Response, HttpError> {
    let categories: Vec<_> = store::categories(&state.db)
        .await?
        .into_iter()
        .map(|c| (c.code, c.kind))
        .collect();
    let mut draft = existing
        .as_ref()
        .map(|(_, d)| d.draft.clone())
        .unwrap_or_default();
    let (code, kind) = match form.validate(&categories) {
        Ok(answer) => answer,
        Err(problems) => {
            let token = existing.as_ref().map(|(t, _)| t.as_str());
            let step = StepPage {
                form: StepForm::Category(form),
                problems,
                ..StepPage::saved(Step::Category, token, &draft)
            };
            return render_step(&state, &page, step, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    draft.set_category(code, kind);
    let next = draft.first_open_step().path();
    Ok(match existing {
        Some((token, _)) => {
            store::save_draft(&state.db, &token, &draft).await?;
            see_other(&next)
        }
        None => {
            let token = store::new_draft(&state.db, &draft).await?;
            let mut response = see_other(&next);
            response
                .headers_mut()
                .append(header::SET_COOKIE, draft_cookie(&state, &token));
            response
        }
    })
}

/// What a step's POST does with the draft once its form is valid.
pub enum Saved {
    Next,
    Problems(StepForm, Vec<Problem>),
    /// One question at a time: the same step again, asking the question
    /// the form now names, with the answers so far (nothing saved yet).
    Ask(StepForm),
}

/// The shared part of the location, details, photos and contact steps:
/// the draft must exist and have reached the step; the answer is
/// validated, saved, and the browser moves on.
async fn post_step(
    state: AppState,
    page: Page,
    open: Option<(String, StoredDraft)>,
    step: Step,
    apply: impl FnOnce(&mut Draft, &[String]) -> Saved,
) -> Result<Response, HttpError> {
    let Some((token, stored)) = open else {
        return Ok(see_other("/complaints/new"));
    };
    let mut draft = stored.draft;
    if !draft.may_show(step) {
        return Ok(see_other(&draft.first_open_step().path()));
    }
    let towns: Vec<String> = store::units(&state.db, true)
        .await?
        .into_iter()
        .map(|u| u.code)
        .collect();
    match apply(&mut draft, &towns) {
        Saved::Problems(form, problems) => {
            let step = StepPage {
                form,
                problems,
                ..StepPage::saved(step, Some(&token), &draft)
            };
            render_step(&state, &page, step, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Saved::Ask(form) => {
            let step = StepPage {
                form,
                ..StepPage::saved(step, Some(&token), &draft)
            };
            render_step(&state, &page, step, StatusCode::OK).await
        }
        Saved::Next => Ok(match store::save_draft(&state.db, &token, &draft).await? {
            true => see_other(&draft.first_open_step().path()),
            false => see_other("/complaints/done"),
        }),
    }
}

/// A step's form: which step it answers and how the answer goes into the
/// draft.
pub trait StepAnswer: serde::de::DeserializeOwned + Send + 'static {
    const STEP: Step;
    fn apply(self, draft: &mut Draft, towns: &[String]) -> Saved;
}

impl StepAnswer for LocationForm {
    const STEP: Step = Step::Location;
    fn apply(self, draft: &mut Draft, towns: &[String]) -> Saved {
        match self.validate(towns) {
            Ok(l) => {
                draft.location = Some(l);
                Saved::Next
            }
            Err(p) => Saved::Problems(StepForm::Location(self), p),
        }
    }
}

impl StepAnswer for DetailsForm {
    const STEP: Step = Step::Details;
    fn apply(self, draft: &mut Draft, _: &[String]) -> Saved {
        let kind = draft
            .category
            .as_ref()
            .map(|(_, k)| *k)
            .unwrap_or(domain::complaint::filing::Kind::Noise);
        match self.next_question(kind) {
            Ok(NextQuestion::Ask(n)) => {
                return Saved::Ask(StepForm::Details(DetailsForm {
                    question: n.to_string(),
                    back: String::new(),
                    ..self
                }));
            }
            Ok(NextQuestion::Done) => {}
            Err(p) => return Saved::Problems(StepForm::Details(self), p),
        }
        match self.validate(kind) {
            Ok(d) => {
                draft.details = Some(d);
                Saved::Next
            }
            Err(p) => Saved::Problems(StepForm::Details(self), p),
        }
    }
}

impl StepAnswer for ContactForm {
    const STEP: Step = Step::Contact;
    fn apply(self, draft: &mut Draft, _: &[String]) -> Saved {
        match self.next_question() {
            Ok(NextQuestion::Ask(n)) => {
                return Saved::Ask(StepForm::Contact(ContactForm {
                    question: n.to_string(),
                    back: String::new(),
                    ..self
                }));
            }
            Ok(NextQuestion::Done) => {}
            Err(p) => return Saved::Problems(StepForm::Contact(self), p),
        }
        match self.validate() {
            Ok(c) => {
                draft.contact = Some(c);
                Saved::Next
            }
            Err(p) => Saved::Problems(StepForm::Contact(self), p),
        }
    }
}

/// `POST /complaints/new/{location,details,contact}`.
pub async fn post_answer<F: StepAnswer>(
    State(state): State<AppState>,
    _: Within<Filing>,
    page: Page,
    OpenDraft(open): OpenDraft,
    Public(form): Public<F>,
) -> Result<Response, HttpError> {
    post_step(state, page, open, F::STEP, |draft, towns| {
        form.apply(draft, towns)
    })
    .await
}

/// `POST /complaints/new/photos/done`: on to the next step.
pub async fn photos_done(
    State(state): State<AppState>,
    _: Within<Filing>,
    page: Page,
    OpenDraft(open): OpenDraft,
) -> Result<Response, HttpError> {
    photos_finished(state, page, open).await
}

/// The photo step done: on to the next.
async fn photos_finished(
    state: AppState,
    page: Page,
    open: Option<(String, StoredDraft)>,
) -> Result<Response, HttpError> {
    post_step(state, page, open, Step::Photos, |draft, _| {
        draft.photos_done = true;
        Saved::Next
    })
    .await
}

/// `POST /complaints/new/check`: submits, once.
pub async fn submit(
    State(state): State<AppState>,
    _: Within<Filing>,
    page: Page,
    Public(_): Public<std::collections::HashMap<String, String>>,
) -> Result<Response, HttpError> {
    let Some(token) = page.cookie(DRAFT_COOKIE) else {
        return Ok(see_other("/complaints/new"));
    };
    Ok(
        match state
            .submissions
            .submit(&state.db, &token, Utc::now())
            .await
        {
            Ok(done) => {
                if done.access_code.is_some() {
                    tracing::info!(reference = %done.reference, "complaint submitted");
                }
                see_other("/complaints/done")
            }
            Err(SubmitError::NoDraft) => see_other("/complaints/new"),
            Err(SubmitError::Incomplete(step)) => see_other(&step.path()),
            Err(SubmitError::Db(e)) => return Err(e.into()),
        },
    )
}

#[derive(Deserialize)]
pub struct SupportForm {
    #[serde(default)]
    case: String,
}

/// `POST /complaints/new/support`: "add my voice" to an open case nearby.
pub async fn support(
    State(state): State<AppState>,
    _: Within<Filing>,
    page: Page,
    Fields(form): Fields<SupportForm>,
) -> Result<Response, HttpError> {
    let Some(token) = page.cookie(DRAFT_COOKIE) else {
        return Ok(see_other("/complaints/new"));
    };
    Ok(
        match store::add_voice(&state.db, &token, form.case.trim(), Utc::now()).await? {
            true => see_other("/complaints/done"),
            false => see_other("/complaints/new/check"),
        },
    )
}

/// `GET /complaints/done`: the confirmation of this browser's draft.
pub async fn done(State(state): State<AppState>, page: Page) -> Result<Response, HttpError> {
    let Some(token) = page.cookie(DRAFT_COOKIE) else {
        return Ok(see_other("/complaints/new"));
    };
    let Some((mut view, track_url)) =
        views::confirmation(&state.db, &token, &state.public_url).await?
    else {
        return Ok(see_other("/complaints/new"));
    };
    view.qr_svg = track_url.as_deref().map(qr_svg).unwrap_or_default();
    Ok(page
        .render(&state, "/complaints/done", view, StatusCode::OK)
        .await)
}

/// `POST /complaints/new/photos`: one photo (multipart, field `photo`).
pub async fn upload_photo(
    State(state): State<AppState>,
    _: Within<Filing>,
    page: Page,
    OpenDraft(open): OpenDraft,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, HttpError> {
    let Some((token, stored)) = open else {
        return Ok(see_other("/complaints/new"));
    };
    if !stored.draft.may_show(Step::Photos) {
        return Ok(see_other(&stored.draft.first_open_step().path()));
    }
    let again = async |problem: PhotoProblem, status: StatusCode| {
        let step = StepPage {
            photo_problem: Some(problem),
            ..StepPage::saved(Step::Photos, Some(&token), &stored.draft)
        };
        render_step(&state, &page, step, status).await
    };
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    let form = match read_photo_form(multipart, state.photo_max_bytes).await {
        Ok(form) => form,
        Err(problem) => return again(problem, StatusCode::PAYLOAD_TOO_LARGE).await,
    };
    // "Continue" sends the photo chosen, if any, and goes on; "upload"
    // stays for another. A photo that cannot be taken is never dropped
    // silently: the step is shown again with why.
    let go_on = form.field("then") == Some("next");
    let bytes = match form.photo {
        Some(b) if !b.is_empty() => b,
        _ if go_on => {
            return photos_finished(state, page, Some((token, stored))).await;
        }
        _ => return again(PhotoProblem::NoFile, unprocessable).await,
    };
    if store::draft_photos(&state.db, &token).await?.len() >= store::MAX_PHOTOS {
        return again(PhotoProblem::TooMany, unprocessable).await;
    }
    let processed = match crate::photos::process_bounded(bytes).await {
        Ok(p) => p,
        Err(crate::photos::PhotoError::TooLarge) => {
            return again(PhotoProblem::TooLarge, unprocessable).await;
        }
        Err(_) => return again(PhotoProblem::NotAnImage, unprocessable).await,
    };
    let (width, height) = (processed.width, processed.height);
    let (full_key, thumb_key, size) = state
        .photos
        .put_processed("complaints", processed)
        .await
        .map_err(HttpError::unavailable)?;
    let keys = (full_key.as_str(), thumb_key.as_str());
    let added =
        store::add_draft_photo(&state.db, &token, keys.0, keys.1, (width, height, size)).await;
    match added {
        Ok(true) if go_on => photos_finished(state, page, Some((token, stored))).await,
        Ok(true) => Ok(see_other("/complaints/new/photos")),
        Ok(false) => {
            state.photos.delete_pair(keys.0, keys.1).await;
            again(PhotoProblem::TooMany, unprocessable).await
        }
        Err(e) => {
            state.photos.delete_pair(keys.0, keys.1).await;
            Err(e.into())
        }
    }
}

#[derive(Deserialize)]
pub struct RemoveForm {
    #[serde(default)]
    id: String,
}

/// `POST /complaints/new/photos/remove`.
pub async fn remove_photo(
    State(state): State<AppState>,
    OpenDraft(open): OpenDraft,
    Fields(form): Fields<RemoveForm>,
) -> Result<Response, HttpError> {
    let id = form
        .id
        .trim()
        .parse::<i64>()
        .map_err(|_| HttpError::BadRequest)?;
    let Some((token, _)) = open else {
        return Ok(see_other("/complaints/new"));
    };
    if let Some((full, thumb)) = store::remove_draft_photo(&state.db, &token, id).await? {
        state.photos.delete(&full).await;
        state.photos.delete(&thumb).await;
    }
    Ok(see_other("/complaints/new/photos"))
}

/// `GET /complaints/new/photos/{id}`: a thumbnail of this draft's photo.
pub async fn photo_thumb(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
) -> Result<Response, HttpError> {
    let (Ok(id), Some(token)) = (id.parse::<i64>(), page.cookie(DRAFT_COOKIE)) else {
        return Err(HttpError::NotFound);
    };
    let photo = store::draft_photo(&state.db, &token, id)
        .await?
        .ok_or(HttpError::NotFound)?;
    stored_photo(&state, &photo.thumb_key, "private, max-age=3600").await
}
