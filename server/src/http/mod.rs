//! Routes and the middleware stack.

mod air_api;
mod health;
mod plain;
mod prefs;
mod security;

use std::net::SocketAddr;
use std::time::Duration;

use app::components::layout::SiteInfo;
use app::prefs::Prefs;
use app::server::Db;
use app::{App, shell};
use axum::Router;
use axum::body::Body;
use axum::extract::{FromRef, State};
use axum::routing::{get, post};
use http::{HeaderName, Request, StatusCode};
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list, handle_server_fns_with_context};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::config::Config;

/// What every handler may need.
#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub site: SiteInfo,
    pub https: bool,
    pub air_push_tokens: std::sync::Arc<Vec<String>>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

pub fn router(config: &Config, db: Db, site: SiteInfo, addr: SocketAddr) -> Router {
    let leptos_options = LeptosOptions::builder()
        .output_name("qingjia")
        .site_root(config.site_root.to_string_lossy().into_owned())
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .build();
    let state = AppState {
        leptos_options: leptos_options.clone(),
        db,
        site,
        https: config.https,
        air_push_tokens: std::sync::Arc::new(config.air_push_tokens.clone()),
    };

    let context = {
        let state = state.clone();
        move || provide_request_context(&state)
    };
    let routes = generate_route_list(App);

    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/prefs", post(prefs::set))
        .route("/api/air/readings", post(air_api::push))
        .route(
            "/api/{*fn_name}",
            get(server_fn_handler).post(server_fn_handler),
        )
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, shell))
        .with_state(state.clone())
        // Innermost first: each layer wraps everything above it.
        .layer(RequestBodyLimitLayer::new(config.body_limit_bytes))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(config.request_timeout_secs),
        ))
        .layer(CompressionLayer::new().br(true).gzip(true))
        .layer(axum::middleware::from_fn(security::same_origin_writes))
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
}

/// Context every server-rendered page and server function gets: the pool,
/// site facts, the visitor's preferences and the CSP nonce of this request.
fn provide_request_context(state: &AppState) {
    provide_context(state.db.clone());
    provide_context(state.site);
    if let Some(parts) = leptos::prelude::use_context::<http::request::Parts>() {
        provide_context(Prefs::from_headers(&parts.headers));
        if let Some(nonce) = parts.extensions.get::<security::CspNonce>() {
            provide_context(leptos::nonce::Nonce::from_value(nonce.0.as_str()));
        }
    }
}

async fn server_fn_handler(
    State(state): State<AppState>,
    request: Request<Body>,
) -> impl axum::response::IntoResponse {
    handle_server_fns_with_context(move || provide_request_context(&state), request).await
}
