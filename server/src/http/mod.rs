//! Routes and the middleware stack.

mod air_api;
mod air_import;
mod assets;
mod complaints;
mod content;
mod dashboard;
mod download;
mod edge;
mod error;
mod extract;
mod feeds;
mod health;
mod html;
mod inspection_code;
mod inspections;
mod media;
mod offline;
pub mod page_cache;
mod plain;
mod prefs;
mod public_stats;
pub mod rate_limit;
mod render;
mod security;
mod signups;
mod staff;
mod staff_campaigns;
mod staff_cases;
mod staff_content;
mod staff_sources;
mod staff_workdays;
mod track;

use std::net::SocketAddr;
use std::time::Duration;

use app::components::layout::SiteInfo;
use app::prefs::Prefs;
use app::server::Db;
use app::{App, shell};
use axum::Router;
use axum::body::Body;
use axum::extract::{FromRef, State};
use axum::routing::{MethodRouter, get, post};
use http::{HeaderName, Request, StatusCode};
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list, handle_server_fns_with_context};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::services::ServeDir;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::config::Config;
use domain::complaint::filing::{ContactForm, DetailsForm, LocationForm};

/// What every handler may need.
#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub site: SiteInfo,
    pub https: bool,
    pub air_push_tokens: std::sync::Arc<Vec<String>>,
    pub trust_forwarded_for: bool,
    pub photos: crate::photos::PhotoStore,
    pub photo_max_bytes: usize,
    /// Largest request body outside uploads.
    pub body_limit_bytes: usize,
    /// How long a request may take (`TimeoutLayer`; the edge's form read).
    pub request_timeout: Duration,
    pub limits: rate_limit::Limits,
    /// The portal's public address, without a trailing slash.
    pub public_url: std::sync::Arc<str>,
    /// Complaint submissions, written together as they arrive.
    pub submissions: app::server::submission::SubmitQueue,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Shared services the background tasks use too.
#[derive(Clone)]
pub struct Services {
    pub photos: crate::photos::PhotoStore,
    pub limits: rate_limit::Limits,
    pub submissions: app::server::submission::SubmitQueue,
    /// Rendered public pages; `None` when turned off.
    pub pages: Option<std::sync::Arc<page_cache::PageCache>>,
}

/// The app's pages that handlers here answer (they load what the page
/// shows and render it); the Leptos route handler serves every other app
/// route. One table: the router adds these routes, and the list of paths
/// the Leptos handler leaves alone is read off it.
fn pages() -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![
        (
            "/complaints/new",
            get(complaints::start).post(complaints::post_category),
        ),
        ("/complaints/new/{step}", get(complaints::show_step)),
        ("/complaints/done", get(complaints::done)),
        ("/track", get(track::show).post(track::post)),
        ("/board", get(track::board)),
        ("/stats", get(public_stats::show)),
        ("/staff/cases", get(staff_cases::inbox)),
        ("/staff/cases/{reference}", get(staff_cases::show)),
        ("/staff/sources", get(staff_sources::list)),
        (
            "/staff/sources/new",
            get(staff_sources::new_form).post(staff_sources::create),
        ),
        ("/staff/sources/{id}", get(staff_sources::show)),
        (
            "/staff/sources/{id}/edit",
            get(staff_sources::edit_form).post(staff_sources::update),
        ),
        ("/staff/warnings", get(staff_sources::warnings_list)),
        ("/staff/dashboard", get(dashboard::show)),
        ("/staff/inspections", get(inspections::list)),
        (
            "/staff/inspections/new",
            get(inspections::new_form).post(inspections::register),
        ),
        ("/staff/inspections/stats", get(inspections::stats)),
        ("/staff/inspections/{id}", get(inspections::show)),
        (
            "/staff/admin/inspection-items",
            get(inspections::items).post(inspections::add_item),
        ),
        ("/inspections", get(inspection_code::public_form)),
        (
            "/inspections/{code}",
            get(inspection_code::public_page).post(inspection_code::rate),
        ),
        ("/staff/admin/warning-rules", get(staff_sources::rules)),
        (
            "/staff/warnings/{id}",
            get(staff_sources::warning).post(staff_sources::decide),
        ),
        (
            "/staff/admin/calendar",
            get(staff_workdays::show).post(staff_workdays::post),
        ),
        (
            "/staff/login/code",
            get(staff::show_code).post(staff::post_code),
        ),
        (
            "/staff/login/setup",
            get(staff::show_code).post(staff::post_code),
        ),
        ("/campaigns", get(content::campaigns)),
        ("/campaigns/{slug}", get(content::campaign)),
        ("/signups/done", get(signups::signup_done)),
        (
            "/signups/cancel",
            get(signups::show_cancel).post(signups::cancel),
        ),
        ("/news", get(content::news)),
        ("/news/{slug}", get(content::article)),
        ("/staff/content", get(staff_content::list)),
        ("/staff/content/news/new", get(staff_content::edit)),
        (
            "/staff/content/news/{id}",
            get(staff_content::edit).post(staff_content::save),
        ),
        (
            "/staff/content/days",
            get(staff_content::days).post(staff_content::add_day),
        ),
        (
            "/staff/content/campaigns/new",
            get(staff_campaigns::edit_campaign),
        ),
        (
            "/staff/content/campaigns/{id}",
            get(staff_campaigns::edit_campaign).post(staff_campaigns::save_campaign),
        ),
        (
            "/staff/content/campaigns/{id}/events/new",
            get(staff_campaigns::edit_event),
        ),
        (
            "/staff/content/campaigns/{id}/events/{event}",
            get(staff_campaigns::edit_event).post(staff_campaigns::save_event),
        ),
    ]
}

/// What a photo form may carry besides the photo (its other fields and
/// the multipart framing).
pub(crate) const PHOTO_FORM_OVERHEAD: usize = 64 * 1024;

pub fn router(
    config: &Config,
    db: Db,
    site: SiteInfo,
    addr: SocketAddr,
    services: Services,
) -> Router {
    let pkg_dir = assets::versioned_pkg_dir(&config.site_root);
    let leptos_options = LeptosOptions::builder()
        .output_name("qingjia")
        .site_root(config.site_root.to_string_lossy().into_owned())
        .site_pkg_dir(pkg_dir.clone())
        .site_addr(addr)
        .build();
    let state = AppState {
        leptos_options: leptos_options.clone(),
        db,
        site,
        https: config.https,
        air_push_tokens: std::sync::Arc::new(config.air_push_tokens.clone()),
        trust_forwarded_for: config.trust_forwarded_for,
        photos: services.photos,
        photo_max_bytes: config.photo_max_bytes,
        body_limit_bytes: config.body_limit_bytes,
        request_timeout: Duration::from_secs(config.request_timeout_secs),
        limits: services.limits,
        public_url: config.public_url().into(),
        submissions: services.submissions,
    };

    let context = {
        let state = state.clone();
        move || provide_request_context(&state)
    };
    let pages = pages();
    let handled: Vec<&str> = pages.iter().map(|(path, _)| *path).collect();
    let routes: Vec<_> = route_list()
        .into_iter()
        .filter(|r| !handled.contains(&r.path()))
        .collect();

    // Built assets and public files, precompressed (.br, .gz) and answering
    // conditional requests (304); any other path renders the app's 404 page
    // (fully resolved before it is sent, so it is complete without JavaScript).
    let render_not_found = leptos_axum::render_app_async_with_context(context.clone(), {
        let options = leptos_options.clone();
        move || shell(options.clone())
    });
    let files = ServeDir::new(&config.site_root)
        .precompressed_br()
        .precompressed_gzip()
        .not_found_service(tower::service_fn(move |request: Request<Body>| {
            let render = render_not_found.clone();
            // The 404 page whatever the path: rendering the app at the
            // path itself would show a page its route handler was never
            // asked for (`/staff/cases/` with a slash: the inbox's frame,
            // without its checks or data).
            let (mut parts, body) = request.into_parts();
            parts.uri = http::Uri::from_static(NOT_FOUND_PATH);
            let request = Request::from_parts(parts, body);
            async move { Ok::<_, std::convert::Infallible>(render(request).await) }
        }));

    // Photo uploads may be larger than every other request.
    let uploads = Router::new()
        .route(
            "/complaints/new/photos",
            get(complaints::show_step).post(complaints::upload_photo),
        )
        .route(
            "/staff/cases/{reference}/photo",
            post(staff_cases::upload_photo),
        )
        .route(
            "/staff/content/campaigns/{id}/cover",
            post(staff_campaigns::upload_cover),
        )
        .route(
            "/staff/inspections/{id}/photo",
            post(inspections::upload_photo),
        )
        .layer(axum::extract::DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(
            config.photo_max_bytes + PHOTO_FORM_OVERHEAD,
        ))
        .with_state(state.clone());

    // This build's assets, under the name their content gives them.
    let versioned_assets = ServeDir::new(config.site_root.join("pkg"))
        .precompressed_br()
        .precompressed_gzip();
    let pages_cache = services.pages.clone();

    let mut router = Router::new().nest_service(&format!("/{pkg_dir}"), versioned_assets);
    for (path, handlers) in pages {
        router = router.route(path, handlers);
    }
    router
        .route("/healthz", get(health::healthz))
        .route(
            "/complaints/new/location",
            get(complaints::show_step).post(complaints::post_answer::<LocationForm>),
        )
        .route(
            "/complaints/new/details",
            get(complaints::show_step).post(complaints::post_answer::<DetailsForm>),
        )
        .route(
            "/complaints/new/contact",
            get(complaints::show_step).post(complaints::post_answer::<ContactForm>),
        )
        .route(
            "/complaints/new/check",
            get(complaints::show_step).post(complaints::submit),
        )
        .route("/complaints/new/support", post(complaints::support))
        .route("/complaints/new/photos/done", post(complaints::photos_done))
        .route(
            "/complaints/new/photos/remove",
            post(complaints::remove_photo),
        )
        .route("/complaints/new/photos/{id}", get(complaints::photo_thumb))
        .route("/track/rate", post(track::post))
        .route("/track/review", post(track::post))
        .route("/campaigns/{slug}/{file}", get(content::cover))
        .route("/signups", post(signups::sign_up))
        .route("/news/feed.atom", get(feeds::feed))
        .route("/sitemap.xml", get(feeds::sitemap))
        .route("/stats/complaints-monthly.csv", get(public_stats::csv))
        .route("/stats/complaints-monthly.json", get(public_stats::json))
        .route("/stats/datapackage.json", get(public_stats::package))
        .route("/readyz", get(health::readyz))
        .route("/sw.js", get(offline::service_worker))
        .route("/prefs", post(prefs::set))
        .route("/api/air/readings", post(air_api::push))
        .route("/staff/login", post(staff::login))
        .route("/staff/logout", post(staff::logout))
        .route("/staff/dashboard.csv", get(dashboard::export))
        .route("/staff/dashboard.xlsx", get(dashboard::export))
        .route("/staff/cases.csv", get(staff_cases::export))
        .route("/staff/cases.xlsx", get(staff_cases::export))
        .route(
            "/staff/content/campaigns",
            post(staff_campaigns::save_campaign),
        )
        .route(
            "/staff/content/campaigns/{id}/cover.jpg",
            get(staff_campaigns::cover_preview),
        )
        .route(
            "/staff/content/campaigns/{id}/cover/remove",
            post(staff_campaigns::remove_cover),
        )
        .route(
            "/staff/content/campaigns/{id}/events",
            post(staff_campaigns::save_event),
        )
        .route("/staff/content/news", post(staff_content::save))
        .route(
            "/staff/cases/{reference}/photos/{id}",
            get(staff_cases::photo),
        )
        .route(
            "/staff/cases/{reference}/link-source",
            post(staff_sources::link),
        )
        .route(
            "/staff/cases/{reference}/unlink-source",
            post(staff_sources::unlink),
        )
        .route(
            "/staff/cases/{reference}/new-source",
            post(staff_sources::new_from_case),
        )
        .route("/staff/sources/{id}/merge", post(staff_sources::merge))
        .route("/inspections/{code}/claim", post(inspection_code::claim))
        .route("/staff/inspections/{id}/result", post(inspections::result))
        .route("/staff/inspections/{id}/revoke", post(inspections::revoke))
        .route(
            "/staff/inspections/{id}/photos/{photo}",
            get(inspections::photo),
        )
        .route(
            "/staff/admin/inspection-items/{id}",
            post(inspections::toggle_item),
        )
        .route(
            "/staff/admin/warning-rules/{id}",
            post(staff_sources::save_rule),
        )
        .route("/staff/cases/{reference}/{action}", post(staff_cases::act))
        .route("/staff/air/import", post(air_import::upload))
        .route("/staff/air/import/confirm", post(air_import::confirm))
        .route(
            "/api/{*fn_name}",
            get(server_fn_handler).post(server_fn_handler),
        )
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback_service(files)
        .with_state(state.clone())
        // Innermost first: each layer wraps everything above it.
        .layer(RequestBodyLimitLayer::new(config.body_limit_bytes))
        .merge(uploads)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            staff::session,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            error::pages,
        ))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(config.request_timeout_secs),
        ))
        .layer(axum::middleware::from_fn(server_fn_errors))
        .layer(axum::middleware::from_fn(html::fix_leptos_html))
        .layer(axum::middleware::from_fn(cache_control))
        .layer(CompressionLayer::new().br(true).gzip(true))
        .layer(axum::middleware::from_fn_with_state(
            pages_cache,
            page_cache::serve,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security::same_origin_writes,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            edge::clean,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state,
            security::headers,
        ))
        .layer(CatchPanicLayer::custom(security::panic_response))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(
            TraceLayer::new_for_http().make_span_with(|req: &Request<Body>| {
                let id = req
                    .headers()
                    .get(REQUEST_ID)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("-");
                // The path only: query strings may carry personal data.
                tracing::info_span!("request", id, method = %req.method(), path = req.uri().path())
            }),
        )
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        .layer(axum::middleware::from_fn_with_state(
            config.trust_forwarded_for,
            own_request_id,
        ))
        .layer(axum::middleware::from_fn_with_state(
            services.pages,
            page_cache::answer,
        ))
}

/// A request's id is this server's own, unless a proxy the configuration
/// trusts (`trust_forwarded_for`) set it: a client's would go into the log
/// and back out as given (forged log lines, ids of other requests).
async fn own_request_id(
    State(trusted_proxy): State<bool>,
    mut request: Request<Body>,
    next: axum::middleware::Next,
) -> axum::response::Response {
    if !trusted_proxy {
        request.headers_mut().remove(REQUEST_ID);
    }
    next.run(request).await
}

/// The app's routes, listed once per process. Listing them renders the
/// app with Leptos' process-wide "suppress resource loading" switch on, so
/// a page rendered meanwhile by another instance in the same process (the
/// tests start many) would wait for its data forever.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// A path no route has: the app renders its 404 page there.
const NOT_FOUND_PATH: &str = "/__not_found__";

/// The 404 page, rendered for a path a handler here does not know.
pub(crate) async fn not_found(
    state: &AppState,
    headers: &http::HeaderMap,
    nonce: Option<security::CspNonce>,
) -> axum::response::Response {
    render::page_with(
        state,
        headers,
        nonce,
        NOT_FOUND_PATH,
        || {},
        StatusCode::NOT_FOUND,
    )
    .await
}

/// Context every server-rendered page and server function gets: the pool,
/// site facts, the visitor's preferences and the CSP nonce of this request.
pub(crate) fn provide_request_context(state: &AppState) {
    provide_context(state.db.clone());
    provide_context(state.site);
    if let Some(parts) = leptos::prelude::use_context::<http::request::Parts>() {
        provide_context(Prefs::from_headers(&parts.headers));
        if let Some(nonce) = parts.extensions.get::<security::CspNonce>() {
            provide_context(leptos::nonce::Nonce::from_value(nonce.0.as_str()));
        }
        if let Some(user) = parts.extensions.get::<app::server::staff::StaffUser>() {
            provide_context(staff::bar(user));
        }
    }
}

/// Built assets under their content's name are kept for a year without
/// asking again; under their plain name (pages from before a deploy) they
/// are revalidated on each use (a 304 when unchanged). Public files may be
/// cached for a day; pages are never stored by shared caches, and pages
/// with personal data or secrets are not stored at all. Cached public
/// pages (`page_cache`) set their own.
async fn cache_control(
    request: Request<Body>,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let path = request.uri().path().to_owned();
    let read = matches!(*request.method(), http::Method::GET | http::Method::HEAD);
    let mut response = next.run(request).await;
    let personal = ["/complaints", "/track", "/staff", "/signups", "/inspections"]
        .iter()
        .any(|p| path.starts_with(p))
        // A form's answer, or one that sets a cookie, is this visitor's own.
        || !read
        || response.headers().contains_key(http::header::SET_COOKIE);
    let found = matches!(
        response.status(),
        StatusCode::OK | StatusCode::NOT_MODIFIED | StatusCode::PARTIAL_CONTENT
    );
    let value = if assets::is_versioned(&path) && found && read {
        "public, max-age=31536000, immutable"
    } else if path.starts_with("/pkg/") {
        "no-cache"
    } else if personal {
        // Answers, access codes and staff pages: kept in no cache at all.
        "no-store"
    } else if response
        .headers()
        .get(http::header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/html"))
    {
        "private, no-cache"
    } else if path.starts_with("/api/") || path == "/healthz" || path == "/readyz" {
        "no-store"
    } else if found {
        "public, max-age=86400"
    } else {
        "no-cache"
    };
    response
        .headers_mut()
        .entry(http::header::CACHE_CONTROL)
        .or_insert(http::HeaderValue::from_static(value));
    response
}

async fn server_fn_handler(
    State(state): State<AppState>,
    request: Request<Body>,
) -> impl axum::response::IntoResponse {
    handle_server_fns_with_context(move || provide_request_context(&state), request).await
}

/// The server functions under `/api/` (leptos_axum routes each of them):
/// server_fn answers every error with 500, including a client's malformed
/// arguments (a repeated key, a body that is not UTF-8, a list where a
/// string belongs). Those are the client's mistake: a 400 that names no
/// internals.
async fn server_fn_errors(
    request: Request<Body>,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let api = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    let status = response.status();
    if !api
        || !matches!(
            status,
            StatusCode::INTERNAL_SERVER_ERROR | StatusCode::BAD_REQUEST
        )
    {
        return response;
    }
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, 64 * 1024)
        .await
        .unwrap_or_default();
    // leptos_axum's answer for a name no server function has: a 400 with
    // advice for the developer, echoing the path.
    if bytes.starts_with(b"Could not find a server function") {
        return (StatusCode::NOT_FOUND, "no such function").into_response();
    }
    if status != StatusCode::INTERNAL_SERVER_ERROR {
        return axum::response::Response::from_parts(parts, Body::from(bytes));
    }
    // server_fn's error encoding: `Kind|message`.
    let clients_fault = ["Args|", "Deserialization|", "MissingArg|", "Request|"]
        .iter()
        .any(|kind| bytes.starts_with(kind.as_bytes()));
    if clients_fault {
        tracing::info!("malformed server function arguments");
        (
            StatusCode::BAD_REQUEST,
            "Args|the request could not be read",
        )
            .into_response()
    } else {
        axum::response::Response::from_parts(parts, Body::from(bytes))
    }
}

#[cfg(test)]
mod tests {
    /// The pages handled here are taken out of the Leptos routes by path: a
    /// path that is not an app route would leave its page unrendered.
    #[tokio::test]
    async fn every_page_handled_here_is_an_app_route() {
        let app_routes: Vec<String> = super::route_list()
            .iter()
            .map(|r| r.path().to_owned())
            .collect();
        for (path, _) in super::pages() {
            assert!(app_routes.iter().any(|r| r == path), "{path}");
        }
    }
}
