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

/// A multipart form with a photo: the `photo` field's bytes and the small
/// text fields beside it (which button was pressed, say).
#[derive(Debug, Default)]
pub struct PhotoForm {
    /// `None` when there is no such field or no file was chosen.
    pub photo: Option<Vec<u8>>,
    pub fields: Vec<(String, String)>,
}

impl PhotoForm {
    /// The value of the text field `name`, if sent.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Text fields kept beside the photo: a few, short (the rest is ignored).
const MAX_FIELDS: usize = 16;
const MAX_FIELD_BYTES: usize = 1024;

/// Reads a photo form, refusing a photo of more than `max` bytes. A body
/// that is not multipart, or is malformed part of the way, gives what was
/// read before.
pub async fn read_photo_form(
    multipart: Result<Multipart, MultipartRejection>,
    max: usize,
) -> Result<PhotoForm, PhotoProblem> {
    let mut form = PhotoForm::default();
    let Ok(mut multipart) = multipart else {
        return Ok(form);
    };
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => return Ok(form),
            // A body cut off by the size limit, or a malformed one.
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(PhotoProblem::TooLarge);
            }
            Err(_) => return Ok(form),
        };
        let name = field.name().unwrap_or_default().to_owned();
        let limit = if name == "photo" {
            max
        } else {
            MAX_FIELD_BYTES
        };
        let mut data = Vec::new();
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    if data.len() + chunk.len() > limit {
                        if name == "photo" {
                            return Err(PhotoProblem::TooLarge);
                        }
                        return Ok(form);
                    }
                    data.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                    return Err(PhotoProblem::TooLarge);
                }
                Err(_) => return Ok(form),
            }
        }
        if name == "photo" {
            if form.photo.is_none() {
                form.photo = Some(data);
            }
        } else if form.fields.len() < MAX_FIELDS
            && let Ok(value) = String::from_utf8(data)
        {
            form.fields.push((name, value));
        }
    }
}

/// The bytes of the `photo` field, refusing more than `max` bytes; `None`
/// when there is no such field (or the body is not multipart).
pub async fn read_photo_field(
    multipart: Result<Multipart, MultipartRejection>,
    max: usize,
) -> Result<Option<Vec<u8>>, PhotoProblem> {
    read_photo_form(multipart, max).await.map(|f| f.photo)
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
