//! What the complaint pages show. The HTTP handlers (server crate) load it
//! and render the page with it in context, for GET and for a POST that
//! needs the page again (with the typed values and the problems).

use chrono::{DateTime, NaiveDate, Utc};
use domain::case::{Outcome, Rating, Status};
use domain::complaint::filing::{
    CategoryForm, ContactForm, DetailsForm, Draft, Kind, LocationForm, Problem, Step,
};

/// A choice offered in a form, in both languages.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Choice {
    pub code: String,
    pub zh: String,
    pub en: String,
    pub hint_zh: String,
    pub hint_en: String,
    pub kind: Option<Kind>,
}

impl Choice {
    pub fn name(&self, locale: domain::prefs::Locale) -> &str {
        match locale {
            domain::prefs::Locale::ZhCn => &self.zh,
            domain::prefs::Locale::En => &self.en,
        }
    }

    pub fn hint(&self, locale: domain::prefs::Locale) -> &str {
        match locale {
            domain::prefs::Locale::ZhCn => &self.hint_zh,
            domain::prefs::Locale::En => &self.hint_en,
        }
    }
}

/// The values a step's form shows.
#[derive(Clone, Debug, PartialEq)]
pub enum StepForm {
    Category(CategoryForm),
    Location(LocationForm),
    Details(DetailsForm),
    Photos,
    Contact(ContactForm),
    Check,
}

/// A photo attached to the draft.
#[derive(Clone, Debug, PartialEq)]
pub struct PhotoThumb {
    pub id: i64,
    pub width: i64,
    pub height: i64,
}

/// Why an uploaded photo was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhotoProblem {
    NoFile,
    TooLarge,
    NotAnImage,
    TooMany,
}

/// An open case near the one being filed: no reference, no text.
#[derive(Clone, Debug, PartialEq)]
pub struct NearbyCase {
    /// An opaque name for the case, good for this draft only.
    pub tag: String,
    pub status: domain::case::Status,
    /// The road or compound, only once approved for the board.
    pub address_public: Option<String>,
    pub submitted_at: DateTime<Utc>,
    pub supporters: i64,
}

/// Everything a filing step's page needs.
#[derive(Clone, Debug, PartialEq)]
pub struct FilingView {
    pub step: Step,
    pub kind: Option<Kind>,
    pub categories: Vec<Choice>,
    pub towns: Vec<Choice>,
    pub form: StepForm,
    pub problems: Vec<Problem>,
    pub photos: Vec<PhotoThumb>,
    pub photo_problem: Option<PhotoProblem>,
    /// The answers saved so far (the check page lists them).
    pub draft: Draft,
    pub nearby: Vec<NearbyCase>,
    /// The first question asks only among this kind's categories (the
    /// home page's "noise" and "cooking fumes" buttons).
    pub only: Option<Kind>,
}

/// The confirmation page.
#[derive(Clone, Debug, PartialEq)]
pub struct Confirmation {
    /// The new case's reference; `None` for a voice added to someone
    /// else's case, which the supporter is never told.
    pub reference: Option<String>,
    /// Shown once: `None` when the page is shown again later.
    pub access_code: Option<String>,
    /// The deadline. No unit is named: staff assign one after accepting.
    pub due_on: NaiveDate,
    /// An SVG QR code of the tracking page's address (reference only).
    pub qr_svg: String,
    /// The resident added their voice to this case instead of filing.
    pub supported: bool,
}

/// Why a lookup or a resident's action on the tracking page failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrackProblem {
    Missing,
    NotFound,
    Throttled,
    RatingMissing,
    NotAllowed,
    CommentTooLong,
}

/// A notice after a successful action.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrackNotice {
    Rated,
    ReviewRequested,
}

/// A public step of a case.
#[derive(Clone, Debug, PartialEq)]
pub struct TimelineItem {
    pub at: DateTime<Utc>,
    pub kind: String,
    pub text: String,
}

/// A case as its resident sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct CaseView {
    pub reference: String,
    pub category: Choice,
    pub status: Status,
    pub unit: Option<Choice>,
    pub submitted_at: DateTime<Utc>,
    pub due_on: NaiveDate,
    pub overdue: bool,
    pub address_public: String,
    pub outcome: Option<Outcome>,
    pub rating: Option<Rating>,
    pub may_rate: bool,
    pub may_request_review: bool,
    pub review_until: Option<DateTime<Utc>>,
    pub supporters: i64,
    /// On the public board: `None` when the resident did not allow it,
    /// `Some(false)` while staff review its text, `Some(true)` once shown.
    pub on_board: Option<bool>,
    pub timeline: Vec<TimelineItem>,
}

/// The tracking page: the lookup form, or a case.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TrackView {
    pub reference: String,
    /// Kept only to post the rating and review forms (never in a URL).
    pub code: String,
    pub problem: Option<TrackProblem>,
    pub notice: Option<TrackNotice>,
    pub case: Option<CaseView>,
    pub comment: String,
}

/// A line of the public board.
#[derive(Clone, Debug, PartialEq)]
pub struct BoardItem {
    pub reference: String,
    pub category: Choice,
    pub town: Choice,
    pub address_public: String,
    pub text: String,
    pub status: Status,
    pub outcome: Option<Outcome>,
    pub submitted_at: DateTime<Utc>,
    pub supporters: i64,
}

/// The public board, one page of it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BoardView {
    pub items: Vec<BoardItem>,
    pub page: i64,
    pub pages: i64,
    pub total: i64,
}
