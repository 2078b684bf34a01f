//! What the staff pages of sources and early warnings show
//! (`/staff/sources…`, `/staff/warnings…`). The HTTP handlers load it and
//! render the page with it in context.

use chrono::{DateTime, NaiveDate, Utc};
use domain::case::Status;
use domain::complaint::input::FieldError;
use domain::source::{AcousticZone, Limit, SourceForm, SourceKind};
use domain::warning::{DecisionForm, RuleKind, Severity};
use serde::Deserialize;

use super::complaints::Choice;

/// The register's filters, as the query string carries them.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct SourceFilter {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub town: String,
    #[serde(default)]
    pub kind: String,
}

/// A source in a list or a suggestion.
#[derive(Clone, Debug, PartialEq)]
pub struct SourceSummary {
    pub id: i64,
    pub name: String,
    pub kind: SourceKind,
    pub town: Choice,
    pub address_public: String,
    pub open_cases: i64,
    pub cases: i64,
}

/// `/staff/sources`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SourcesView {
    pub sources: Vec<SourceSummary>,
    pub filter: SourceFilter,
    pub towns: Vec<Choice>,
    pub may_edit: bool,
}

/// `/staff/sources/new` and `/staff/sources/{id}/edit`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SourceFormView {
    /// The source edited; `None` for a new one.
    pub id: Option<i64>,
    pub form: SourceForm,
    pub problems: Vec<(&'static str, FieldError)>,
    pub towns: Vec<Choice>,
}

/// A case of a source, on its page.
#[derive(Clone, Debug, PartialEq)]
pub struct SourceCaseView {
    pub reference: String,
    pub category: Choice,
    pub status: Status,
    pub submitted_at: DateTime<Utc>,
}

/// A limit that applies at a source: what it is for, and the limit.
#[derive(Clone, Debug, PartialEq)]
pub struct LimitLine {
    /// `day`, `night` or `fumes`.
    pub what: &'static str,
    pub limit: Limit,
}

/// `/staff/sources/{id}`.
#[derive(Clone, Debug, PartialEq)]
pub struct SourcePageView {
    pub id: i64,
    pub name: String,
    pub kind: SourceKind,
    pub town: Choice,
    pub address: String,
    pub address_public: String,
    pub point: Option<(f64, f64)>,
    pub operator: String,
    pub credit_code: Option<String>,
    pub zone: Option<AcousticZone>,
    /// Merged into another source: its id and name.
    pub merged_into: Option<(i64, String)>,
    pub limits: Vec<LimitLine>,
    pub cases: Vec<SourceCaseView>,
    /// Complaints per month, the last twelve (oldest first): `YYYY-MM`.
    pub per_month: Vec<(String, i64)>,
    pub warnings: Vec<WarningSummary>,
    /// Its site inspections, their measurements, the visits without cause.
    pub inspections: super::inspections::SourceInspections,
    pub may_edit: bool,
    pub may_merge: bool,
    /// What was typed in the merge form, and its problem.
    pub merge_target: String,
    pub merge_problem: Option<FieldError>,
    /// The source the merge would go into, to confirm: (number, name).
    pub merge_confirm: Option<(i64, String)>,
    /// `saved`, `merged` after a change.
    pub notice: Option<String>,
}

/// The warnings list's filters.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct WarningFilter {
    /// `""` (active), or `open`, `acknowledged`, `tasked`, `dismissed`.
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub town: String,
    #[serde(default)]
    pub category: String,
}

/// A warning in a list or on a case.
#[derive(Clone, Debug, PartialEq)]
pub struct WarningSummary {
    pub id: i64,
    pub kind: RuleKind,
    pub severity: Severity,
    pub status: String,
    pub source: Option<(i64, String)>,
    pub town: Choice,
    pub place: String,
    pub category: Option<Choice>,
    pub case_count: i64,
    pub raised_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub note: String,
    pub task_unit: Option<Choice>,
    pub task_due_on: Option<NaiveDate>,
}

/// `/staff/warnings`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WarningsView {
    pub warnings: Vec<WarningSummary>,
    pub filter: WarningFilter,
    pub towns: Vec<Choice>,
    pub categories: Vec<Choice>,
}

/// A case behind a warning.
#[derive(Clone, Debug, PartialEq)]
pub struct WarningCaseView {
    pub reference: String,
    pub category: Choice,
    pub status: Status,
    pub submitted_at: DateTime<Utc>,
    pub address_public: String,
}

/// An entry of a warning's log.
#[derive(Clone, Debug, PartialEq)]
pub struct WarningEventView {
    pub at: DateTime<Utc>,
    pub actor: String,
    pub kind: String,
    pub text: String,
}

/// `/staff/warnings/{id}`.
#[derive(Clone, Debug, PartialEq)]
pub struct WarningPageView {
    pub warning: WarningSummary,
    pub cases: Vec<WarningCaseView>,
    pub events: Vec<WarningEventView>,
    pub may_decide: bool,
    /// May register the screening task's site inspection.
    pub may_inspect: bool,
    pub units: Vec<Choice>,
    pub form: DecisionForm,
    pub problems: Vec<(&'static str, FieldError)>,
    /// `done` after a decision; `gone` when it was decided meanwhile.
    pub notice: Option<String>,
}

/// On the case page: the source the case is linked to, the suggestions
/// when it is not, and the warnings it belongs to.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CaseSources {
    pub linked: Option<SourceSummary>,
    pub suggestions: Vec<SourceSummary>,
    pub warnings: Vec<WarningSummary>,
    pub may_link: bool,
    /// May register a site inspection of the linked source for this case.
    pub may_inspect: bool,
}

/// A rule on the rules page, with what was typed after a problem.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleRow {
    pub id: i64,
    pub category: Option<Choice>,
    pub kind: RuleKind,
    pub severity: Severity,
    pub active: bool,
    /// The form as posted, when it had problems.
    pub form: Option<domain::warning::RuleForm>,
    pub problems: Vec<(&'static str, FieldError)>,
}

/// `/staff/admin/warning-rules`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RulesView {
    pub rules: Vec<RuleRow>,
    pub saved: bool,
}
