//! `GET /sw.js`: the service worker (`sw.js` beside this file), with the
//! build's package directory filled in so that a new build installs a new
//! worker and drops the old shell. See `docs/adr-014-offline.md`.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, header};

use super::AppState;

const TEMPLATE: &str = include_str!("sw.js");

/// The worker's script for a build whose assets are under `pkg_dir`,
/// where a photo form of more than `photo_form_max` bytes is refused.
pub fn script(pkg_dir: &str, photo_form_max: usize) -> String {
    TEMPLATE
        .replace("__PKG__", pkg_dir)
        .replace("__PHOTO_MAX__", &photo_form_max.to_string())
}

pub async fn service_worker(State(state): State<AppState>) -> Response {
    // The photo form's limit as the router sets it (the photo and its form).
    let body = script(
        &state.leptos_options.site_pkg_dir,
        state.photo_max_bytes + super::PHOTO_FORM_OVERHEAD,
    );
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
        let s = script("pkg/0123456789abcdef", 10_551_296);
        assert!(s.contains("const PKG = 'pkg/0123456789abcdef';"));
        assert!(s.contains("const PHOTO_MAX = 10551296;"));
        assert!(!s.contains("__"), "every blank filled in");
    }
}
