//! What the staff case pages show: the inbox and one case with the actions
//! this staff member may take now. The HTTP handlers (server crate) load it
//! and render the page with it in context.

use chrono::{DateTime, NaiveDate, Utc};
use domain::case::{Outcome, Rating, Status};
use domain::complaint::filing::{Details, Kind};
use domain::complaint::input::FieldError;
use domain::handling::{Priority, StaffForm};
use domain::staff::Role;
use serde::Deserialize;

use super::complaints::Choice;

/// Cases on one inbox page.
pub const INBOX_PAGE_SIZE: i64 = 20;

/// The inbox's filters, as the query string carries them.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct InboxFilter {
    /// `""` (open cases), `"all"` or a status code.
    #[serde(default)]
    pub status: String,
    /// `"public"`: cases waiting for their public text to be approved.
    #[serde(default)]
    pub review: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub unit: String,
    /// `""`, `"soon"` or `"overdue"`.
    #[serde(default)]
    pub due: String,
    /// A reference, a phone number or part of an address.
    #[serde(default)]
    pub q: String,
    /// `"due"` (default), `"newest"` or `"priority"`.
    #[serde(default)]
    pub sort: String,
    /// From the dashboard: a town's cases.
    #[serde(default)]
    pub town: String,
    /// From the dashboard: received between two Shanghai days,
    /// `YYYY-MM-DD~YYYY-MM-DD`.
    #[serde(default)]
    pub received: String,
    /// From the dashboard: first answered between two Shanghai days.
    #[serde(default)]
    pub answered: String,
    /// From the dashboard: the cases behind a figure
    /// (`crate::api::cases::FIGURE_FILTERS`).
    #[serde(default)]
    pub figure: String,
    /// The page's number, for showing only: where it starts is `after`
    /// (the page after the one whose last case that is) or `before`.
    #[serde(default)]
    pub page: Option<i64>,
    #[serde(default)]
    pub after: String,
    #[serde(default)]
    pub before: String,
}

/// What a dashboard figure narrows the inbox to, by code.
pub const FIGURE_FILTERS: [&str; 6] = [
    "waiting", "replied", "rated", "reviewed", "repeat", "charge",
];

impl InboxFilter {
    /// Whether the dashboard sent this list (a period or a figure).
    pub fn from_dashboard(&self) -> bool {
        [&self.town, &self.received, &self.answered, &self.figure]
            .iter()
            .any(|v| !v.is_empty())
    }

    /// The query string of this filter on `page`, which starts after or
    /// before a cursor (for pagination links).
    pub fn query(&self, page: i64, after: Option<&str>, before: Option<&str>) -> String {
        let mut parts = Vec::new();
        for (k, v) in [
            ("status", &self.status),
            ("review", &self.review),
            ("category", &self.category),
            ("unit", &self.unit),
            ("due", &self.due),
            ("q", &self.q),
            ("sort", &self.sort),
            ("town", &self.town),
            ("received", &self.received),
            ("answered", &self.answered),
            ("figure", &self.figure),
        ] {
            if !v.is_empty() {
                parts.push(format!("{k}={}", urlencoding(v)));
            }
        }
        if page > 1 {
            parts.push(format!("page={page}"));
            if let Some(a) = after {
                parts.push(format!("after={}", urlencoding(a)));
            }
            if let Some(b) = before {
                parts.push(format!("before={}", urlencoding(b)));
            }
        }
        parts.join("&")
    }
}

fn urlencoding(v: &str) -> String {
    let mut out = String::new();
    for b in v.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Where an open case stands against its deadline.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Flag {
    #[default]
    None,
    DueSoon,
    Overdue,
}

/// One case in the inbox.
#[derive(Clone, Debug, PartialEq)]
pub struct InboxRow {
    pub reference: String,
    pub category: Choice,
    pub town: Choice,
    pub unit: Option<Choice>,
    pub status: Status,
    pub priority: Priority,
    pub submitted_at: DateTime<Utc>,
    pub due_on: NaiveDate,
    pub flag: Flag,
    pub address_public: String,
    pub supporters: i64,
    /// The leader in personal charge (包案).
    pub charge: Option<String>,
    /// The most severe active early warning it belongs to.
    pub warning: Option<domain::warning::Severity>,
}

/// A reminder the background job queued.
#[derive(Clone, Debug, PartialEq)]
pub struct Reminder {
    pub reference: String,
    pub overdue: bool,
    pub due_on: NaiveDate,
}

/// `/staff/cases`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct InboxView {
    pub role: Option<Role>,
    /// The handler's own unit (their inbox shows nothing else).
    pub own_unit: Option<Choice>,
    pub filter: InboxFilter,
    pub rows: Vec<InboxRow>,
    /// Matching cases, counted up to a cap…
    pub total: i64,
    /// …and whether there are more than that.
    pub total_capped: bool,
    pub page: i64,
    /// The cursors of the next and the previous page, if any.
    pub next: Option<String>,
    pub previous: Option<String>,
    /// Open cases in this staff member's scope.
    pub open: i64,
    pub due_soon: i64,
    pub overdue: i64,
    /// Cases waiting for their public text to be approved (for those who
    /// may approve it).
    pub awaiting_publication: Option<i64>,
    pub categories: Vec<Choice>,
    pub units: Vec<Choice>,
    pub reminders: Vec<Reminder>,
}

/// One event of a case, as staff see it (internal notes included).
#[derive(Clone, Debug, PartialEq)]
pub struct StaffEvent {
    pub at: DateTime<Utc>,
    pub actor: String,
    pub kind: String,
    pub public: bool,
    pub text: String,
    /// Facts of the step: unit, outcome, agency, inspection…, as
    /// (field code, value) pairs the page labels.
    pub facts: Vec<(String, String)>,
}

/// A photo of the case.
#[derive(Clone, Debug, PartialEq)]
pub struct StaffPhoto {
    pub id: i64,
    pub by_staff: bool,
    pub width: i64,
    pub height: i64,
}

/// A reply template.
#[derive(Clone, Debug, PartialEq)]
pub struct Template {
    pub id: i64,
    pub outcome: Outcome,
    pub title_zh: String,
    pub title_en: String,
    pub body: String,
}

/// The resident's personal data, shown on request (and logged).
#[derive(Clone, Debug, PartialEq)]
pub struct Personal {
    pub name: String,
    pub phone: String,
    pub email: Option<String>,
    pub address: String,
    pub point: Option<(f64, f64)>,
}

/// What can be done on the case page: workflow steps and the rest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaseAction {
    Step(domain::case::Step),
    Note,
    Extend,
    Priority,
    TakeCharge,
    Merge,
    Photo,
    Reveal,
    /// Approve (and perhaps redact) the case's text for the public board.
    Publish,
}

impl CaseAction {
    /// The form's name in URLs and anchors.
    pub fn code(self) -> &'static str {
        match self {
            CaseAction::Step(s) => s.code(),
            CaseAction::Note => "note",
            CaseAction::Extend => "extend",
            CaseAction::Priority => "priority",
            CaseAction::TakeCharge => "charge",
            CaseAction::Merge => "merge",
            CaseAction::Photo => "photo",
            CaseAction::Reveal => "reveal",
            CaseAction::Publish => "publish",
        }
    }

    pub fn parse(raw: &str) -> Option<CaseAction> {
        Some(match raw {
            "note" => CaseAction::Note,
            "extend" => CaseAction::Extend,
            "priority" => CaseAction::Priority,
            "charge" => CaseAction::TakeCharge,
            "merge" => CaseAction::Merge,
            "photo" => CaseAction::Photo,
            "reveal" => CaseAction::Reveal,
            "publish" => CaseAction::Publish,
            other => CaseAction::Step(domain::case::Step::parse(other)?),
        })
    }
}

/// What happened to the last thing this staff member asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaseNotice {
    /// Done.
    Done(CaseAction),
    /// Someone else changed the case first: nothing was saved.
    Conflict,
    /// The step is not possible in the case's state now.
    NotAllowed,
    /// The form has problems (listed beside the fields).
    Invalid,
    /// The photo could not be used.
    BadPhoto,
}

/// `/staff/cases/{reference}`.
#[derive(Clone, Debug, PartialEq)]
pub struct CaseStaffView {
    pub reference: String,
    pub version: i64,
    pub category: Choice,
    pub kind: Kind,
    pub status: Status,
    pub priority: Priority,
    pub town: Choice,
    pub unit: Option<Choice>,
    pub address_public: String,
    pub details: Option<Details>,
    pub public: bool,
    /// The board's text of this case once approved; until then, what the
    /// reviewer starts from (the resident's text, numbers masked).
    pub public_text: String,
    pub published: bool,
    pub submitted_at: DateTime<Utc>,
    pub due_on: NaiveDate,
    pub extended_days: Option<i64>,
    pub flag: Flag,
    pub charge: Option<String>,
    pub merged_into: Option<String>,
    pub supporters: i64,
    pub outcome: Option<Outcome>,
    pub rating: Option<Rating>,
    pub rating_comment: Option<String>,
    pub events: Vec<StaffEvent>,
    pub photos: Vec<StaffPhoto>,
    /// Present after the staff member asked to see it (and it was logged).
    pub personal: Option<Personal>,
    /// How often personal data of this case was viewed by staff.
    pub personal_views: i64,
    /// The actions this staff member may take now.
    pub actions: Vec<CaseAction>,
    pub units: Vec<Choice>,
    pub templates: Vec<Template>,
    /// What was typed (kept after a problem, or a template's text).
    pub form: StaffForm,
    /// The form the problems are about.
    pub open_form: Option<CaseAction>,
    pub problems: Vec<(&'static str, FieldError)>,
    pub notice: Option<CaseNotice>,
    /// The source it is linked to, suggestions, its warnings.
    pub sources: super::sources::CaseSources,
    /// A link to a source was refused.
    pub source_problem: bool,
}

/// `/staff/admin/calendar`: a year's holidays and make-up working days.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WorkdaysView {
    pub year: i32,
    pub entries: Vec<(NaiveDate, domain::workdays::DayKind)>,
    /// What was typed (kept after a problem).
    pub day: String,
    pub kind: String,
    pub problems: Vec<(&'static str, FieldError)>,
    pub saved: bool,
}
