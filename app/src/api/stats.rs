//! What the handling-quality dashboard (`/staff/dashboard`) shows. The
//! HTTP handler loads it (`crate::server::views::stats`) and the page
//! renders it on the server, charts and all, without JavaScript.

use chrono::NaiveDate;
use domain::stats::{Figures, Live, Span, Step};
use serde::Deserialize;

use super::complaints::Choice;

/// The dashboard's query string, as typed: a period and filters.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct DashboardQuery {
    /// `this_month` (also when empty), `last_month`, `this_year`, `custom`.
    #[serde(default)]
    pub period: String,
    /// A custom period's first and last day, `YYYY-MM-DD`.
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub town: String,
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub channel: String,
    /// The side-by-side tables' order: a column code (`intake`, `on_time`,
    /// …), highest first; empty: by name.
    #[serde(default)]
    pub sort: String,
}

/// A row of a side-by-side table: a unit or a town.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupRow {
    pub group: Choice,
    pub figures: Figures,
    pub live: Live,
}

/// The figures of the chosen period and those it is compared with.
#[derive(Clone, Debug, PartialEq)]
pub struct Measures {
    pub span: Span,
    pub figures: Figures,
    pub live: Live,
    pub previous: Span,
    pub before: Figures,
    pub year_before: Span,
    pub last_year: Figures,
    pub units: Vec<GroupRow>,
    pub towns: Vec<GroupRow>,
    pub charts: ChartsView,
    /// Each figure's cases in the inbox: (figure code, address).
    pub links: Vec<(&'static str, String)>,
}

/// What the charts draw.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartsView {
    /// A bar per day, week or month.
    pub step: Step,
    /// The series of the intake chart.
    pub categories: Vec<Choice>,
    /// Per bar: its first day and the intake per category.
    pub intake: Vec<(NaiveDate, Vec<i64>)>,
    /// The twelve months to the period's end: first day, on-time share,
    /// satisfaction share.
    pub months: Vec<(NaiveDate, Option<f64>, Option<f64>)>,
    /// Open cases now per age (`domain::stats::AGES`).
    pub ages: Vec<i64>,
}

/// `/staff/dashboard`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DashboardView {
    pub query: DashboardQuery,
    /// Why the custom period was refused (`domain::stats::PeriodProblem`
    /// code); the figures are then not shown.
    pub problem: Option<&'static str>,
    pub measures: Option<Measures>,
    /// A handler sees their unit only: the unit filter is fixed.
    pub own_unit: Option<Choice>,
    pub towns: Vec<Choice>,
    pub units: Vec<Choice>,
    pub categories: Vec<Choice>,
    pub channels: Vec<Choice>,
    /// This view's address from the checked period and filters only (each
    /// a known code or a date, so nothing needs escaping), for the
    /// tables' sort links: `/staff/dashboard?period=…`.
    pub base: String,
}
