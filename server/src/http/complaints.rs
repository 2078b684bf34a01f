//! Filing a complaint (`/complaints/new…`), its confirmation and photos.
//!
//! Post/redirect/get: each step's form posts here; a valid answer is saved
//! in the draft and the browser is sent (303) to the next open step; an
//! invalid one renders the same step again with what was typed and the
//! problems. The draft lives in the database, named by a random token in
//! an HttpOnly cookie, so the flow needs no JavaScript and survives a
//! closed tab. Submitting is idempotent per draft.

use std::net::SocketAddr;

use app::api::complaints::{
    Choice, Confirmation, FilingView, NearbyCase, PhotoProblem, PhotoThumb, StepForm,
};
use app::prefs::{Prefs, cookie};
use app::server::complaints::{self as store, StoredDraft};
use app::server::submission::SubmitError;
use axum::Extension;
use axum::Form;
use axum::body::Body;
use axum::extract::rejection::FormRejection;
use axum::extract::{ConnectInfo, Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use domain::complaint::filing::{
    CategoryForm, ContactForm, DetailsForm, Draft, LocationForm, Problem, Step,
};
use http::{HeaderMap, HeaderValue, StatusCode, header};
use leptos::prelude::provide_context;
use serde::Deserialize;

use super::AppState;
use super::plain::message_page;
use super::rate_limit::Kind as LimitKind;
use super::render::page_with;
use super::security::CspNonce;
use super::staff::client_ip;

/// The cookie naming this browser's draft.
pub const DRAFT_COOKIE: &str = "qj_draft";

/// A form with the honeypot field people never see.
#[derive(Deserialize)]
pub struct WithHoneypot<T> {
    #[serde(flatten)]
    form: T,
    #[serde(default)]
    website: String,
}

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

/// The generic "something went wrong" page; the cause goes to the log.
pub(super) fn unavailable(headers: &HeaderMap, e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "complaint request failed");
    let prefs = Prefs::from_headers(headers);
    let t = app::i18n::texts(prefs.locale);
    message_page(
        prefs,
        StatusCode::SERVICE_UNAVAILABLE,
        t.error_title,
        t.error_body,
    )
}

pub(super) fn bad_request(headers: &HeaderMap) -> Response {
    let prefs = Prefs::from_headers(headers);
    let t = app::i18n::texts(prefs.locale);
    message_page(
        prefs,
        StatusCode::BAD_REQUEST,
        t.bad_request_title,
        t.bad_request_body,
    )
}

/// Counts a filing request against the client's allowance.
pub(super) fn throttled(
    state: &AppState,
    headers: &HeaderMap,
    peer: SocketAddr,
) -> Option<Response> {
    let client = client_ip(state, headers, peer);
    if state.limits.allow(LimitKind::Filing, &client) {
        return None;
    }
    let prefs = Prefs::from_headers(headers);
    let t = app::i18n::texts(prefs.locale);
    let mut response = message_page(
        prefs,
        StatusCode::TOO_MANY_REQUESTS,
        t.c.track_throttled,
        t.c.track_throttled,
    );
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
    Some(response)
}

/// This browser's draft: its token and answers, unless missing, expired or
/// already submitted.
async fn open_draft(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<(String, StoredDraft)>, Response> {
    let Some(token) = cookie(headers, DRAFT_COOKIE) else {
        return Ok(None);
    };
    match store::load_draft(&state.db, &token).await {
        Ok(Some(d)) if d.case_id.is_none() => Ok(Some((token, d))),
        Ok(_) => Ok(None),
        Err(e) => Err(unavailable(headers, e)),
    }
}

/// Categories and towns as form choices.
async fn choices(state: &AppState) -> Result<(Vec<Choice>, Vec<Choice>), app::server::DbError> {
    let categories = store::categories(&state.db)
        .await?
        .into_iter()
        .map(|c| Choice {
            code: c.code,
            zh: c.name_zh,
            en: c.name_en,
            hint_zh: c.hint_zh,
            hint_en: c.hint_en,
            kind: Some(c.kind),
        })
        .collect();
    let towns = store::units(&state.db, true)
        .await?
        .into_iter()
        .map(unit_choice)
        .collect();
    Ok((categories, towns))
}

pub fn unit_choice(u: store::Unit) -> Choice {
    Choice {
        code: u.code,
        zh: u.name_zh,
        en: u.name_en,
        ..Choice::default()
    }
}

/// Renders a step with its choices, the draft's photos and, on the check
/// page, the open cases nearby.
#[allow(clippy::too_many_arguments)]
async fn render_step(
    state: &AppState,
    headers: &HeaderMap,
    nonce: Option<CspNonce>,
    step: Step,
    token: Option<&str>,
    draft: &Draft,
    form: StepForm,
    problems: Vec<Problem>,
    photo_problem: Option<PhotoProblem>,
    status: StatusCode,
) -> Response {
    let (categories, towns) = match choices(state).await {
        Ok(c) => c,
        Err(e) => return unavailable(headers, e),
    };
    let photos = match token {
        Some(token) if step >= Step::Photos => match store::draft_photos(&state.db, token).await {
            Ok(p) => p,
            Err(e) => return unavailable(headers, e),
        },
        _ => Vec::new(),
    };
    let nearby = if step == Step::Check {
        match store::nearby_open(&state.db, draft, Utc::now()).await {
            Ok(n) => n,
            Err(e) => return unavailable(headers, e),
        }
    } else {
        Vec::new()
    };
    let view = FilingView {
        step,
        kind: draft.category.as_ref().map(|(_, k)| *k),
        categories,
        towns,
        form,
        problems,
        photos: photos
            .into_iter()
            .map(|p| PhotoThumb {
                id: p.id,
                width: p.width,
                height: p.height,
            })
            .collect(),
        photo_problem,
        draft: draft.clone(),
        nearby: nearby
            .into_iter()
            .map(|n| NearbyCase {
                tag: token
                    .map(|t| store::nearby_tag(&state.db, t, n.id))
                    .unwrap_or_default(),
                status: n.status,
                address_public: n.address_public,
                submitted_at: n.submitted_at,
                supporters: n.supporters,
            })
            .collect(),
    };
    page_with(
        state,
        headers,
        nonce,
        &step.path(),
        move || provide_context(view.clone()),
        status,
    )
    .await
}

/// The form of a step, filled with the draft's saved answer.
fn saved_form(step: Step, draft: &Draft) -> StepForm {
    match step {
        Step::Category => StepForm::Category(CategoryForm {
            category: draft
                .category
                .as_ref()
                .map(|(c, _)| c.clone())
                .unwrap_or_default(),
        }),
        Step::Location => StepForm::Location(
            draft
                .location
                .as_ref()
                .map(LocationForm::from_answer)
                .unwrap_or_default(),
        ),
        Step::Details => StepForm::Details(
            draft
                .details
                .as_ref()
                .filter(|d| draft.category.as_ref().is_some_and(|(_, k)| d.kind() == *k))
                .map(DetailsForm::from_answer)
                .unwrap_or_default(),
        ),
        Step::Photos => StepForm::Photos,
        Step::Contact => StepForm::Contact(
            draft
                .contact
                .as_ref()
                .map(ContactForm::from_answer)
                .unwrap_or_default(),
        ),
        Step::Check => StepForm::Check,
    }
}

/// `GET /complaints/new`: the first question (answers kept when going back).
pub async fn start(
    State(state): State<AppState>,
    nonce: Option<Extension<CspNonce>>,
    headers: HeaderMap,
) -> Response {
    let nonce = nonce.map(|Extension(n)| n);
    let draft = match open_draft(&state, &headers).await {
        Ok(d) => d,
        Err(r) => return r,
    };
    let (token, draft) = match &draft {
        Some((t, d)) => (Some(t.as_str()), d.draft.clone()),
        None => (None, Draft::default()),
    };
    let form = saved_form(Step::Category, &draft);
    render_step(
        &state,
        &headers,
        nonce,
        Step::Category,
        token,
        &draft,
        form,
        Vec::new(),
        None,
        StatusCode::OK,
    )
    .await
}

/// `GET /complaints/new/{step}`.
pub async fn show_step(
    State(state): State<AppState>,
    nonce: Option<Extension<CspNonce>>,
    uri: http::Uri,
    headers: HeaderMap,
) -> Response {
    let nonce = nonce.map(|Extension(n)| n);
    let slug = uri.path().rsplit('/').next().unwrap_or_default();
    let Some(step) = Step::ALL
        .into_iter()
        .find(|s| s.slug() == slug && *s != Step::Category)
    else {
        return super::not_found(&state, &headers, nonce).await;
    };
    let Some((token, stored)) = (match open_draft(&state, &headers).await {
        Ok(d) => d,
        Err(r) => return r,
    }) else {
        return see_other("/complaints/new");
    };
    if !stored.draft.may_show(step) {
        return see_other(&stored.draft.first_open_step().path());
    }
    let form = saved_form(step, &stored.draft);
    render_step(
        &state,
        &headers,
        nonce,
        step,
        Some(&token),
        &stored.draft,
        form,
        Vec::new(),
        None,
        StatusCode::OK,
    )
    .await
}

/// `POST /complaints/new`: the category; starts the draft when needed.
pub async fn post_category(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    nonce: Option<Extension<CspNonce>>,
    headers: HeaderMap,
    form: Result<Form<WithHoneypot<CategoryForm>>, FormRejection>,
) -> Response {
    let nonce = nonce.map(|Extension(n)| n);
    let Ok(Form(WithHoneypot { form, website })) = form else {
        return bad_request(&headers);
    };
    if !website.is_empty() {
        return bad_request(&headers);
    }
    if let Some(r) = throttled(&state, &headers, peer) {
        return r;
    }
    let existing = match open_draft(&state, &headers).await {
        Ok(d) => d,
        Err(r) => return r,
    };
    let categories: Vec<_> = match store::categories(&state.db).await {
        Ok(c) => c.into_iter().map(|c| (c.code, c.kind)).collect(),
        Err(e) => return unavailable(&headers, e),
    };
    let mut draft = existing
        .as_ref()
        .map(|(_, d)| d.draft.clone())
        .unwrap_or_default();
    match form.validate(&categories) {
        Err(problems) => {
            let token = existing.as_ref().map(|(t, _)| t.as_str());
            render_step(
                &state,
                &headers,
                nonce,
                Step::Category,
                token,
                &draft,
                StepForm::Category(form),
                problems,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Ok((code, kind)) => {
            draft.set_category(code, kind);
            let next = draft.first_open_step().path();
            match existing {
                Some((token, _)) => match store::save_draft(&state.db, &token, &draft).await {
                    Ok(_) => see_other(&next),
                    Err(e) => unavailable(&headers, e),
                },
                None => match store::new_draft(&state.db, &draft).await {
                    Ok(token) => {
                        let mut response = see_other(&next);
                        response
                            .headers_mut()
                            .append(header::SET_COOKIE, draft_cookie(&state, &token));
                        response
                    }
                    Err(e) => unavailable(&headers, e),
                },
            }
        }
    }
}

/// What a step's POST does with the draft once its form is valid.
pub enum Saved {
    Next,
    Problems(StepForm, Vec<Problem>),
}

/// The shared part of the location, details and contact steps: the draft
/// must exist and have reached the step; the answer is validated, saved,
/// and the browser moves on.
#[allow(clippy::too_many_arguments)]
async fn post_step(
    state: AppState,
    peer: SocketAddr,
    nonce: Option<CspNonce>,
    headers: HeaderMap,
    step: Step,
    website: &str,
    apply: impl FnOnce(&mut Draft, &[String]) -> Saved,
) -> Response {
    if !website.is_empty() {
        return bad_request(&headers);
    }
    if let Some(r) = throttled(&state, &headers, peer) {
        return r;
    }
    let Some((token, stored)) = (match open_draft(&state, &headers).await {
        Ok(d) => d,
        Err(r) => return r,
    }) else {
        return see_other("/complaints/new");
    };
    let mut draft = stored.draft;
    if !draft.may_show(step) {
        return see_other(&draft.first_open_step().path());
    }
    let towns: Vec<String> = match store::units(&state.db, true).await {
        Ok(u) => u.into_iter().map(|u| u.code).collect(),
        Err(e) => return unavailable(&headers, e),
    };
    match apply(&mut draft, &towns) {
        Saved::Problems(form, problems) => {
            render_step(
                &state,
                &headers,
                nonce,
                step,
                Some(&token),
                &draft,
                form,
                problems,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Saved::Next => match store::save_draft(&state.db, &token, &draft).await {
            Ok(true) => see_other(&draft.first_open_step().path()),
            Ok(false) => see_other("/complaints/done"),
            Err(e) => unavailable(&headers, e),
        },
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
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    nonce: Option<Extension<CspNonce>>,
    headers: HeaderMap,
    form: Result<Form<WithHoneypot<F>>, FormRejection>,
) -> Response {
    let Ok(Form(WithHoneypot { form, website })) = form else {
        return bad_request(&headers);
    };
    let nonce = nonce.map(|Extension(n)| n);
    post_step(
        state,
        peer,
        nonce,
        headers,
        F::STEP,
        &website,
        |draft, towns| form.apply(draft, towns),
    )
    .await
}

/// `POST /complaints/new/photos/done`: on to the next step.
pub async fn photos_done(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    nonce: Option<Extension<CspNonce>>,
    headers: HeaderMap,
) -> Response {
    let nonce = nonce.map(|Extension(n)| n);
    post_step(state, peer, nonce, headers, Step::Photos, "", |draft, _| {
        draft.photos_done = true;
        Saved::Next
    })
    .await
}

/// `POST /complaints/new/check`: submits, once.
pub async fn submit(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    form: Result<Form<std::collections::HashMap<String, String>>, FormRejection>,
) -> Response {
    let Ok(Form(fields)) = form else {
        return bad_request(&headers);
    };
    if fields.get("website").is_some_and(|w| !w.is_empty()) {
        return bad_request(&headers);
    }
    if let Some(r) = throttled(&state, &headers, peer) {
        return r;
    }
    let Some(token) = cookie(&headers, DRAFT_COOKIE) else {
        return see_other("/complaints/new");
    };
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
        Err(SubmitError::Db(e)) => unavailable(&headers, e),
    }
}

#[derive(Deserialize)]
pub struct SupportForm {
    #[serde(default)]
    case: String,
}

/// `POST /complaints/new/support`: "add my voice" to an open case nearby.
pub async fn support(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    form: Result<Form<SupportForm>, FormRejection>,
) -> Response {
    let Ok(Form(form)) = form else {
        return bad_request(&headers);
    };
    if let Some(r) = throttled(&state, &headers, peer) {
        return r;
    }
    let Some(token) = cookie(&headers, DRAFT_COOKIE) else {
        return see_other("/complaints/new");
    };
    match store::add_voice(&state.db, &token, form.case.trim(), Utc::now()).await {
        Ok(true) => see_other("/complaints/done"),
        Ok(false) => see_other("/complaints/new/check"),
        Err(e) => unavailable(&headers, e),
    }
}

/// `GET /complaints/done`: the confirmation of this browser's draft.
pub async fn done(
    State(state): State<AppState>,
    nonce: Option<Extension<CspNonce>>,
    headers: HeaderMap,
) -> Response {
    let nonce = nonce.map(|Extension(n)| n);
    let Some(token) = cookie(&headers, DRAFT_COOKIE) else {
        return see_other("/complaints/new");
    };
    let confirmed = match store::confirmation(&state.db, &token).await {
        Ok(Some(c)) => c,
        Ok(None) => return see_other("/complaints/new"),
        Err(e) => return unavailable(&headers, e),
    };
    if confirmed.access_code.is_some()
        && let Err(e) = store::forget_access_code(&state.db, &token).await
    {
        return unavailable(&headers, e);
    }
    let track_url = format!(
        "{}/track?reference={}",
        state.public_url, confirmed.reference
    );
    let view = Confirmation {
        reference: (!confirmed.supported).then(|| confirmed.reference.to_string()),
        access_code: confirmed.access_code.map(|c| c.display()),
        due_on: confirmed.due_on,
        unit_zh: confirmed.unit.name_zh,
        unit_en: confirmed.unit.name_en,
        qr_svg: if confirmed.supported {
            String::new()
        } else {
            qr_svg(&track_url)
        },
        supported: confirmed.supported,
    };
    page_with(
        &state,
        &headers,
        nonce,
        "/complaints/done",
        move || provide_context(view.clone()),
        StatusCode::OK,
    )
    .await
}

/// An SVG QR code of `url`, to inline in the page.
pub(super) fn qr_svg(url: &str) -> String {
    match qrcode::QrCode::new(url.as_bytes()) {
        Ok(code) => {
            let svg = code
                .render::<qrcode::render::svg::Color>()
                .min_dimensions(180, 180)
                .quiet_zone(true)
                .build();
            // Inline SVG needs no XML declaration.
            match svg.find("<svg") {
                Some(i) => svg[i..].to_owned(),
                None => svg,
            }
        }
        Err(_) => String::new(),
    }
}

/// `POST /complaints/new/photos`: one photo (multipart, field `photo`).
pub async fn upload_photo(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    nonce: Option<Extension<CspNonce>>,
    headers: HeaderMap,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let nonce = nonce.map(|Extension(n)| n);
    if let Some(r) = throttled(&state, &headers, peer) {
        return r;
    }
    let Some((token, stored)) = (match open_draft(&state, &headers).await {
        Ok(d) => d,
        Err(r) => return r,
    }) else {
        return see_other("/complaints/new");
    };
    if !stored.draft.may_show(Step::Photos) {
        return see_other(&stored.draft.first_open_step().path());
    }
    let again = |problem: PhotoProblem, status: StatusCode| {
        let state = state.clone();
        let headers = headers.clone();
        let token = token.clone();
        let draft = stored.draft.clone();
        async move {
            render_step(
                &state,
                &headers,
                nonce,
                Step::Photos,
                Some(&token),
                &draft,
                StepForm::Photos,
                Vec::new(),
                Some(problem),
                status,
            )
            .await
        }
    };
    let bytes = match read_photo_field(multipart, state.photo_max_bytes).await {
        Ok(Some(b)) if !b.is_empty() => b,
        Ok(_) => return again(PhotoProblem::NoFile, StatusCode::UNPROCESSABLE_ENTITY).await,
        Err(problem) => return again(problem, StatusCode::PAYLOAD_TOO_LARGE).await,
    };
    match store::draft_photos(&state.db, &token).await {
        Ok(p) if p.len() >= store::MAX_PHOTOS => {
            return again(PhotoProblem::TooMany, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
        Ok(_) => {}
        Err(e) => return unavailable(&headers, e),
    }
    let processed = match crate::photos::process_bounded(bytes).await {
        Ok(p) => p,
        Err(crate::photos::PhotoError::TooLarge) => {
            return again(PhotoProblem::TooLarge, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
        Err(_) => {
            return again(PhotoProblem::NotAnImage, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let (width, height) = (processed.width, processed.height);
    let (full_key, thumb_key, size) =
        match state.photos.put_processed("complaints", processed).await {
            Ok(keys) => keys,
            Err(e) => return unavailable(&headers, e),
        };
    match store::add_draft_photo(
        &state.db,
        &token,
        &full_key,
        &thumb_key,
        (width, height, size),
    )
    .await
    {
        Ok(true) => see_other("/complaints/new/photos"),
        Ok(false) => {
            state.photos.delete_pair(&full_key, &thumb_key).await;
            again(PhotoProblem::TooMany, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => {
            state.photos.delete_pair(&full_key, &thumb_key).await;
            unavailable(&headers, e)
        }
    }
}

/// The bytes of the `photo` field, refusing more than `max` bytes.
pub(super) async fn read_photo_field(
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
    max: usize,
) -> Result<Option<Vec<u8>>, PhotoProblem> {
    let Ok(mut multipart) = multipart else {
        return Ok(None);
    };
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => return Ok(None),
            // A body cut off by the size limit, or a malformed one.
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(PhotoProblem::TooLarge);
            }
            Err(_) => return Ok(None),
        };
        if field.name() != Some("photo") {
            continue;
        }
        let mut field = field;
        let mut data = Vec::new();
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    if data.len() + chunk.len() > max {
                        return Err(PhotoProblem::TooLarge);
                    }
                    data.extend_from_slice(&chunk);
                }
                Ok(None) => return Ok(Some(data)),
                Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                    return Err(PhotoProblem::TooLarge);
                }
                Err(_) => return Ok(None),
            }
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
    headers: HeaderMap,
    form: Result<Form<RemoveForm>, FormRejection>,
) -> Response {
    let Ok(Form(form)) = form else {
        return bad_request(&headers);
    };
    let Ok(id) = form.id.trim().parse::<i64>() else {
        return bad_request(&headers);
    };
    let Some((token, _)) = (match open_draft(&state, &headers).await {
        Ok(d) => d,
        Err(r) => return r,
    }) else {
        return see_other("/complaints/new");
    };
    match store::remove_draft_photo(&state.db, &token, id).await {
        Ok(Some((full, thumb))) => {
            state.photos.delete(&full).await;
            state.photos.delete(&thumb).await;
            see_other("/complaints/new/photos")
        }
        Ok(None) => see_other("/complaints/new/photos"),
        Err(e) => unavailable(&headers, e),
    }
}

/// `GET /complaints/new/photos/{id}`: a thumbnail of this draft's photo.
pub async fn photo_thumb(
    State(state): State<AppState>,
    nonce: Option<Extension<CspNonce>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let nonce = nonce.map(|Extension(n)| n);
    let (Ok(id), Some(token)) = (id.parse::<i64>(), cookie(&headers, DRAFT_COOKIE)) else {
        return super::not_found(&state, &headers, nonce).await;
    };
    let photo = match store::draft_photo(&state.db, &token, id).await {
        Ok(Some(p)) => p,
        Ok(None) => return super::not_found(&state, &headers, nonce).await,
        Err(e) => return unavailable(&headers, e),
    };
    stored_photo(&state, &headers, &photo.thumb_key, "private, max-age=3600").await
}

/// A stored (re-encoded JPEG) photo as the answer, with how long it may be
/// cached.
pub(super) async fn stored_photo(
    state: &AppState,
    headers: &HeaderMap,
    key: &str,
    cache_control: &'static str,
) -> Response {
    match state.photos.get(key).await {
        Ok(bytes) => {
            let mut response = Response::new(Body::from(bytes));
            let h = response.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg"));
            h.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static(cache_control),
            );
            response
        }
        Err(e) => unavailable(headers, e),
    }
}
