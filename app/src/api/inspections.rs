//! What the pages of site inspections and the inspection code show
//! (`/staff/inspections…`, `/staff/admin/inspection-items`, and the public
//! `/inspections/{code}`). The HTTP handlers load it and render the page
//! with it in context.

use chrono::{DateTime, Utc};
use domain::complaint::input::FieldError;
use domain::inspection::{Measured, Purpose, RegisterForm, ResultForm, Status};
use domain::source::{AcousticZone, Limit, SourceKind};

use super::complaints::Choice;

/// An inspector as staff see them.
#[derive(Clone, Debug, PartialEq)]
pub struct InspectorView {
    pub name: String,
    pub surname: String,
    pub certificate: String,
}

/// One unit's part of a visit. An item is a [`Choice`]: its name, and its
/// legal basis as the hint.
#[derive(Clone, Debug, PartialEq)]
pub struct PartView {
    pub unit: Choice,
    pub purpose: Purpose,
    /// The case checked (staff only).
    pub case_ref: Option<String>,
    /// The warning whose screening task this is (staff only).
    pub warning_id: Option<i64>,
    pub item: Choice,
    pub inspectors: Vec<InspectorView>,
}

/// A reading against its limit.
#[derive(Clone, Debug, PartialEq)]
pub struct MeasurementView {
    pub what: Measured,
    pub value: f64,
    pub limit: Option<f64>,
    pub standard: String,
    pub exceeds: bool,
}

/// A visit under one code, as staff see it.
#[derive(Clone, Debug, PartialEq)]
pub struct VisitView {
    pub id: i64,
    /// As shown: `ABCDE-FGHJK`.
    pub code: String,
    pub status: Status,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub source_id: i64,
    pub source_name: String,
    pub source_kind: SourceKind,
    pub source_place: String,
    pub source_zone: Option<AcousticZone>,
    pub town: Choice,
    pub parts: Vec<PartView>,
    pub findings: String,
    pub result_at: Option<DateTime<Utc>>,
    pub measurements: Vec<MeasurementView>,
    pub photos: Vec<i64>,
    pub revoke_reason: String,
}

/// An entry of a visit's log.
#[derive(Clone, Debug, PartialEq)]
pub struct VisitEventView {
    pub at: DateTime<Utc>,
    pub actor: String,
    pub kind: String,
}

/// `/staff/inspections/{id}`.
#[derive(Clone, Debug, PartialEq)]
pub struct VisitPageView {
    pub visit: VisitView,
    pub events: Vec<VisitEventView>,
    /// The public page's address, and its QR code as inline SVG.
    pub url: String,
    pub qr_svg: String,
    /// May record the result, add photos, revoke (a unit of the visit).
    pub may_act: bool,
    /// The limits that apply at the source, for the result form.
    pub limits: Vec<(Measured, Limit)>,
    pub result_form: ResultForm,
    pub revoke_reason: String,
    pub problems: Vec<(&'static str, FieldError)>,
    /// `registered`, `joined`, `again`, `result`, `photo`, `revoked`;
    /// `gone` when the visit changed meanwhile, `bad_photo`,
    /// `photo_early`, `photo_full`.
    pub notice: Option<String>,
    /// Only the code and what the business may read, large, to hold up on
    /// site (亮码): nothing staff-only on the screen.
    pub show_code: bool,
}

/// A visit in a list.
#[derive(Clone, Debug, PartialEq)]
pub struct VisitSummary {
    pub id: i64,
    pub code: String,
    pub status: Status,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub source_id: i64,
    pub source_name: String,
    pub units: Vec<Choice>,
    pub exceeds: bool,
}

/// `/staff/inspections`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct InspectionsView {
    pub visits: Vec<VisitSummary>,
    pub may_stats: bool,
    /// The page shown (from 0), and whether an older one follows.
    pub page: i64,
    pub more: bool,
}

/// A staff member who may be named as an inspector.
#[derive(Clone, Debug, PartialEq)]
pub struct InspectorChoice {
    pub id: i64,
    pub name: String,
    pub certificate: String,
}

/// `/staff/inspections/new`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RegisterView {
    pub form: RegisterForm,
    pub problems: Vec<(&'static str, FieldError)>,
    /// The source chosen: id, name, public place.
    pub source: Option<(i64, String, String)>,
    pub items: Vec<Choice>,
    pub staff: Vec<InspectorChoice>,
    /// Routine visits without cause in the last `QUIET_DAYS` days, when
    /// that many that one more is to be avoided (无事不扰).
    pub quiet: Option<i64>,
}

/// On a source's page: its visits, and the count without cause.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SourceInspections {
    pub visits: Vec<VisitSummary>,
    pub measurements: Vec<(String, MeasurementView)>,
    pub without_cause: i64,
    pub may_register: bool,
}

/// A row of the statistics: one unit in one month (Shanghai).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StatsRow {
    pub unit: Choice,
    /// `YYYY-MM`.
    pub month: String,
    pub parts: i64,
    pub joint: i64,
    pub used: i64,
    pub revoked: i64,
    pub proper: i64,
    pub mostly_proper: i64,
    pub improper: i64,
    /// Screening tasks given to the unit that month.
    pub tasks: i64,
}

/// `/staff/inspections/stats`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StatsView {
    pub rows: Vec<StatsRow>,
}

/// An inspection item on the administrators' list.
#[derive(Clone, Debug, PartialEq)]
pub struct ItemRow {
    pub item: Choice,
    pub id: i64,
    pub active: bool,
    /// The kinds of source it applies to; none for every kind.
    pub kinds: Vec<SourceKind>,
}

/// The form adding an item.
#[derive(Clone, Debug, Default, PartialEq, serde::Deserialize)]
pub struct ItemForm {
    #[serde(default)]
    pub name_zh: String,
    #[serde(default)]
    pub name_en: String,
    #[serde(default)]
    pub basis_zh: String,
    #[serde(default)]
    pub basis_en: String,
    /// The kinds of source it applies to: a box per kind (`kind_restaurant`
    /// …), none ticked for every kind.
    #[serde(default)]
    pub kind_restaurant: String,
    #[serde(default)]
    pub kind_venue: String,
    #[serde(default)]
    pub kind_construction: String,
    #[serde(default)]
    pub kind_factory: String,
    #[serde(default)]
    pub kind_other: String,
}

impl ItemForm {
    /// The box of `kind`'s value.
    pub fn kind_box(&self, kind: SourceKind) -> &str {
        match kind {
            SourceKind::Restaurant => &self.kind_restaurant,
            SourceKind::Venue => &self.kind_venue,
            SourceKind::Construction => &self.kind_construction,
            SourceKind::Factory => &self.kind_factory,
            SourceKind::Other => &self.kind_other,
        }
    }

    /// The kinds ticked.
    pub fn kinds(&self) -> Vec<SourceKind> {
        SourceKind::ALL
            .into_iter()
            .filter(|k| !self.kind_box(*k).is_empty())
            .collect()
    }
}

/// `/staff/admin/inspection-items`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ItemsView {
    pub items: Vec<ItemRow>,
    pub form: ItemForm,
    pub problems: Vec<(&'static str, FieldError)>,
    pub saved: bool,
}

/// What the business sees of a visit.
#[derive(Clone, Debug, PartialEq)]
pub struct PublicVisit {
    pub code: String,
    pub status: Status,
    pub source_name: String,
    pub units: Vec<Choice>,
    /// Surname and certificate number.
    pub inspectors: Vec<(String, String)>,
    pub purposes: Vec<Purpose>,
    pub items: Vec<Choice>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub rated: bool,
    /// This phone holds the right to rate.
    pub holder: bool,
    /// When a phone took the right to rate (shown to any other phone, so a
    /// business finds out if someone else took it).
    pub key_taken_at: Option<DateTime<Utc>>,
}

/// What went wrong on the public page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PublicProblem {
    NotFound,
    Throttled,
    /// The rating form: no rating chosen, a comment too long.
    Rating(FieldError),
    Comment(FieldError),
    /// Rated already, or not (yet) to be rated.
    AlreadyRated,
    NotRatable,
    /// A staff member signed in: the rating is the business's alone.
    StaffMayNotRate,
    /// Another phone took the right to rate.
    NotHolder,
}

/// `/inspections` and `/inspections/{code}`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PublicInspectionView {
    /// What was typed or scanned.
    pub typed: String,
    pub visit: Option<PublicVisit>,
    pub problem: Option<PublicProblem>,
    pub rating: String,
    pub comment: String,
    /// The rating was just recorded.
    pub thanked: bool,
    /// This phone just took the right to rate.
    pub claimed: bool,
}
