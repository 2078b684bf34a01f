//! What pages embed or serve besides HTML: uploaded photos (read from a
//! multipart body, served from the store) and QR codes.

use app::api::complaints::PhotoProblem;
use axum::body::Body;
use axum::extract::Multipart;
use axum::extract::multipart::MultipartRejection;
use axum::response::Response;
use http::{HeaderValue, StatusCode, header};

use super::AppState;
use super::error::HttpError;

/// The bytes of the `photo` field, refusing more than `max` bytes; `None`
/// when there is no such field (or the body is not multipart).
pub async fn read_photo_field(
    multipart: Result<Multipart, MultipartRejection>,
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

/// A stored (re-encoded JPEG) photo as the answer, with how long it may be
/// cached.
pub async fn stored_photo(
    state: &AppState,
    key: &str,
    cache_control: &'static str,
) -> Result<Response, HttpError> {
    let bytes = state
        .photos
        .get(key)
        .await
        .map_err(HttpError::unavailable)?;
    let mut response = Response::new(Body::from(bytes));
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg"));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_control),
    );
    Ok(response)
}

/// An SVG QR code of `url`, to inline in the page.
pub fn qr_svg(url: &str) -> String {
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
