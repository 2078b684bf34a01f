//! What the air-data import page shows after an upload.

use domain::aqi::import::LineProblem;
use domain::aqi::reading::HourlyReading;

/// The preview of an uploaded file, rendered by the server after the upload
/// (provided as context; no browser round trip needed).
#[derive(Clone, Debug, PartialEq)]
pub struct ImportPreview {
    pub batch: String,
    pub file_name: String,
    pub valid: usize,
    pub problems: Vec<(usize, LineProblem)>,
    /// The first valid readings, as they will be stored.
    pub sample: Vec<HourlyReading>,
    /// The upload has expired or the whole file could not be read.
    pub file_error: Option<ImportFileError>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportFileError {
    NoFile,
    NotUtf8,
    Expired,
    /// "Import all" was asked for a file with problems.
    HasProblems,
}
