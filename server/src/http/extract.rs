//! What handlers take from a request, each extracted in one place: the
//! page context (headers and CSP nonce), the client's address and its
//! allowances, forms (a malformed one is a 400), and the staff member who
//! may do something. Rejections are [`HttpError`]s.

use std::marker::PhantomData;
use std::net::SocketAddr;

use app::prefs::cookie;
use app::server::staff::StaffUser;
use axum::Form;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::response::Response;
use domain::access::{Action, Scope, may};
use http::request::Parts;
use http::{HeaderMap, StatusCode};
use leptos::prelude::provide_context;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::AppState;
use super::error::HttpError;
use super::rate_limit::Purpose;
use super::render::page_with;
use super::security::CspNonce;

/// What rendering a page needs of its request: the headers (cookies and
/// languages), this response's CSP nonce, and where the page's language
/// and text-size switches send the visitor back to.
#[derive(Clone)]
pub struct Page {
    pub headers: HeaderMap,
    pub nonce: Option<CspNonce>,
    /// The address asked for (a GET comes back to it).
    uri: http::Uri,
    method: http::Method,
    /// Set for a page answering a POST whose own address is not the
    /// page's ([`Page::back_to`]).
    back: Option<String>,
    /// The staff member signed in, on a staff page (its navigation).
    staff: Option<StaffUser>,
}

impl<S: Send + Sync> FromRequestParts<S> for Page {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Page {
            headers: parts.headers.clone(),
            nonce: parts.extensions.get::<CspNonce>().cloned(),
            uri: parts.uri.clone(),
            method: parts.method.clone(),
            back: None,
            staff: parts.extensions.get::<StaffUser>().cloned(),
        })
    }
}

impl Page {
    /// The app's page at `path`, with `view` in context, answered with
    /// `status`.
    pub async fn render<V: Clone + Send + Sync + 'static>(
        &self,
        state: &AppState,
        path: &str,
        view: V,
        status: StatusCode,
    ) -> Response {
        self.render_with(state, path, move || provide_context(view.clone()), status)
            .await
    }

    /// The page answering a POST, its switches sending the visitor back
    /// to `address` (the page's own, which a GET shows).
    pub fn back_to(&self, address: String) -> Page {
        Page {
            back: Some(address),
            ..self.clone()
        }
    }

    /// Where the page's switches send the visitor back to: the address
    /// asked for by a GET (the router's `path` may be a pattern such as
    /// `/news/_`), else the one given by [`Page::back_to`], else `path`.
    fn return_address(&self, path: &str) -> String {
        if let Some(back) = &self.back {
            return back.clone();
        }
        let get = self.method == http::Method::GET || self.method == http::Method::HEAD;
        match self.uri.path_and_query() {
            Some(pq) if get => pq.as_str().to_owned(),
            _ => path.to_owned(),
        }
    }

    /// As [`Page::render`], with any context `extra` provides.
    pub async fn render_with(
        &self,
        state: &AppState,
        path: &str,
        extra: impl Fn() + Clone + Send + Sync + 'static,
        status: StatusCode,
    ) -> Response {
        let back = app::components::layout::ReturnTo(self.return_address(path));
        let bar = self.staff.as_ref().map(super::staff::bar);
        page_with(
            state,
            &self.headers,
            self.nonce.clone(),
            path,
            move || {
                extra();
                provide_context(back.clone());
                if let Some(bar) = bar.clone() {
                    provide_context(bar);
                }
            },
            status,
        )
        .await
    }

    /// The value of the request's cookie `name`.
    pub fn cookie(&self, name: &str) -> Option<String> {
        cookie(&self.headers, name)
    }
}

/// The client's address: the connection's peer or, behind a proxy the
/// configuration trusts, the last address it appended to `X-Forwarded-For`.
pub struct Client(pub String);

impl FromRequestParts<AppState> for Client {
    type Rejection = HttpError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, HttpError> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(a)| *a)
            .ok_or_else(|| HttpError::unavailable("no peer address on the connection"))?;
        Ok(Client(client_ip(state, &parts.headers, peer)))
    }
}

impl Client {
    /// Counts one request for `purpose`; too many is [`HttpError::Throttled`].
    pub fn allow(&self, state: &AppState, purpose: Purpose) -> Result<(), HttpError> {
        if state.limits.allow(purpose, &self.0) {
            Ok(())
        } else {
            Err(HttpError::Throttled(purpose))
        }
    }
}

/// See [`Client`].
pub fn client_ip(state: &AppState, headers: &HeaderMap, peer: SocketAddr) -> String {
    if state.trust_forwarded_for
        && let Some(ip) = headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(str::trim)
            .filter(|v| !v.is_empty())
    {
        return ip.to_owned();
    }
    peer.ip().to_string()
}

/// A URL-encoded form; one that does not decode is a 400.
pub struct Fields<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Fields<T> {
    type Rejection = HttpError;

    async fn from_request(request: Request, state: &S) -> Result<Self, HttpError> {
        let Form(value) = Form::<T>::from_request(request, state)
            .await
            .map_err(|_| HttpError::BadRequest)?;
        Ok(Fields(value))
    }
}

/// A public form with the honeypot field people never see: a request that
/// fills it is a 400, like a malformed one.
pub struct Public<T>(pub T);

#[derive(Deserialize)]
struct WithHoneypot<T> {
    #[serde(flatten)]
    form: T,
    #[serde(default)]
    website: String,
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Public<T> {
    type Rejection = HttpError;

    async fn from_request(request: Request, state: &S) -> Result<Self, HttpError> {
        let Fields(WithHoneypot { form, website }) =
            Fields::<WithHoneypot<T>>::from_request(request, state).await?;
        if website.is_empty() {
            Ok(Public(form))
        } else {
            Err(HttpError::BadRequest)
        }
    }
}

/// The staff member signed in on this request; without a session, the way
/// to the sign-in page. Case pages check the case's scope themselves.
pub struct SignedIn(pub StaffUser);

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = HttpError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, HttpError> {
        // Read already by the staff-session layer, for this request.
        if let Some(user) = parts.extensions.get::<StaffUser>() {
            return Ok(SignedIn(user.clone()));
        }
        current_staff(state, &parts.headers)
            .await?
            .map(SignedIn)
            .ok_or(HttpError::SignIn)
    }
}

/// The staff member signed in on this request, if any.
pub async fn current_staff(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<StaffUser>, app::server::DbError> {
    match cookie(headers, app::api::staff::SESSION_COOKIE) {
        Some(token) => app::server::staff::session_user(&state.db, &token).await,
        None => Ok(None),
    }
}

/// An action outside any case, as a type: `May<Administer>`.
pub trait Permission {
    const ACTION: Action;
}

/// Accounts, units, categories, the working-day calendar.
pub struct Administer;
impl Permission for Administer {
    const ACTION: Action = Action::Administer;
}

/// Campaigns, events and news.
pub struct EditContent;
impl Permission for EditContent {
    const ACTION: Action = Action::EditContent;
}

/// Air-quality imports.
pub struct ImportAir;
impl Permission for ImportAir {
    const ACTION: Action = Action::ImportAir;
}

/// The register of sources.
pub struct ViewSources;
impl Permission for ViewSources {
    const ACTION: Action = Action::ViewSources;
}

/// Adding and editing sources.
pub struct EditSources;
impl Permission for EditSources {
    const ACTION: Action = Action::EditSources;
}

/// Merging two sources.
pub struct MergeSources;
impl Permission for MergeSources {
    const ACTION: Action = Action::MergeSources;
}

/// The early warnings.
pub struct ViewWarnings;
impl Permission for ViewWarnings {
    const ACTION: Action = Action::ViewWarnings;
}

/// Deciding on a warning.
pub struct DecideWarning;
impl Permission for DecideWarning {
    const ACTION: Action = Action::DecideWarning;
}

/// Changing the early-warning rules.
pub struct EditWarningRules;
impl Permission for EditWarningRules {
    const ACTION: Action = Action::EditWarningRules;
}

pub struct RecordInspection;
impl Permission for RecordInspection {
    const ACTION: Action = Action::RecordInspection;
}

pub struct ViewInspections;
impl Permission for ViewInspections {
    const ACTION: Action = Action::ViewInspections;
}

pub struct ViewInspectionStats;
impl Permission for ViewInspectionStats {
    const ACTION: Action = Action::ViewInspectionStats;
}

pub struct ViewDashboard;
impl Permission for ViewDashboard {
    const ACTION: Action = Action::ViewDashboard;
}

pub struct EditInspectionItems;
impl Permission for EditInspectionItems {
    const ACTION: Action = Action::EditInspectionItems;
}

/// The signed-in staff member whose role may do `P`; without a session
/// the way to the sign-in page, without the permission a 403.
pub struct May<P>(pub StaffUser, pub PhantomData<P>);

impl<P: Permission> FromRequestParts<AppState> for May<P> {
    type Rejection = HttpError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, HttpError> {
        let SignedIn(user) = SignedIn::from_request_parts(parts, state).await?;
        if may(user.role, P::ACTION, Scope::NoCase) {
            Ok(May(user, PhantomData))
        } else {
            Err(HttpError::Forbidden)
        }
    }
}

/// A purpose requests are counted for, as a type: `Within<Filing>`.
pub trait Limit {
    const PURPOSE: Purpose;
}

/// Each step's form of a complaint.
pub struct Filing;
impl Limit for Filing {
    const PURPOSE: Purpose = Purpose::Filing;
}

/// Event sign-ups and cancellations.
pub struct SignUps;
impl Limit for SignUps {
    const PURPOSE: Purpose = Purpose::SignUp;
}

/// A request within its client's allowance for `L`, counted before anything
/// after it is extracted or read; over it, [`HttpError::Throttled`].
pub struct Within<L>(PhantomData<L>);

impl<L: Limit> FromRequestParts<AppState> for Within<L> {
    type Rejection = HttpError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, HttpError> {
        Client::from_request_parts(parts, state)
            .await?
            .allow(state, L::PURPOSE)?;
        Ok(Within(PhantomData))
    }
}
