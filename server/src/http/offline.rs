//! `GET /sw.js`: the service worker (`sw.js` beside this file), with the
//! build's package directory filled in so that a new build installs a new
//! worker and drops the old shell. See `docs/adr-014-offline.md`.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, header};

use super::AppState;

const TEMPLATE: &str = include_str!("sw.js");

/// The worker's script for a build whose assets are under `pkg_dir`.
pub fn script(pkg_dir: &str) -> String {
    TEMPLATE.replace("__PKG__", pkg_dir)
}

pub async fn service_worker(State(state): State<AppState>) -> Response {
    let body = script(&state.leptos_options.site_pkg_dir);
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/javascript; charset=utf-8"),
            ),
            // Browsers check for a new worker on navigation; never a stale one.
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_names_this_builds_assets() {
        let s = script("pkg/0123456789abcdef");
        assert!(s.contains("const PKG = 'pkg/0123456789abcdef';"));
        assert!(!s.contains("__PKG__"));
    }
}
