//! Spreadsheets to save: the dashboard's figures and the case lists, as
//! CSV (UTF-8 with a byte-order mark for Excel, formula cells neutralised)
//! or as an Excel workbook; never kept by a cache.

use axum::response::{IntoResponse, Response};
use http::header;

use super::error::HttpError;

/// The content type of an Excel workbook.
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn download(body: impl IntoResponse, content_type: &str, name: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response()
}

/// `rows` as a CSV file called `name`.
pub fn csv(rows: &[Vec<String>], name: &str) -> Response {
    download(domain::stats::to_csv(rows), "text/csv; charset=utf-8", name)
}

/// `sheets` (name, rows) as a workbook called `name`.
pub fn xlsx(sheets: &[(String, Vec<Vec<String>>)], name: &str) -> Result<Response, HttpError> {
    let bytes = app::server::workbook::workbook(sheets).map_err(HttpError::unavailable)?;
    Ok(download(bytes, XLSX, name))
}
