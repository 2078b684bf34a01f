//! What the handling-quality dashboard (`/staff/dashboard`) shows. The
//! HTTP handler loads it (`crate::server::views::stats`) and the page
//! renders it on the server, charts and all, without JavaScript.

use domain::stats::{Figures, Live, Span};
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
