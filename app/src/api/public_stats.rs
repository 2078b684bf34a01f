//! What the public statistics page (`/stats`) shows: a published month's
//! figures for the district, per category and per town, the year so far
//! against the year before, and the months before it. Only published
//! monthly sums, small counts hidden (`domain::public_stats`).

use chrono::{DateTime, NaiveDate, Utc};
use domain::public_stats::PublicFigures;
use serde::Deserialize;

use super::complaints::Choice;

/// The page's query string, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct PublicStatsQuery {
    /// `YYYY-MM`; empty: the latest month published.
    #[serde(default)]
    pub month: String,
}

/// A row of the category or town table.
#[derive(Clone, Debug, PartialEq)]
pub struct PublicRow {
    pub group: Choice,
    pub figures: PublicFigures,
    /// Its place on the tile map (towns only).
    pub tile: (u8, u8),
}

/// One published month.
#[derive(Clone, Debug, PartialEq)]
pub struct PublicMonth {
    /// Its first day.
    pub month: NaiveDate,
    pub published_at: DateTime<Utc>,
    pub district: PublicFigures,
    /// The same month a year before, when it was published.
    pub last_year: Option<PublicFigures>,
    pub categories: Vec<PublicRow>,
    pub towns: Vec<PublicRow>,
    /// January to this month, and the same months a year before: each
    /// only when all of its months were published.
    pub year: Option<PublicFigures>,
    pub year_before: Option<PublicFigures>,
    /// The twelve months to this one: (first day, the district's figures
    /// when published).
    pub trend: Vec<(NaiveDate, Option<PublicFigures>)>,
}

/// `/stats`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PublicStatsView {
    pub query: PublicStatsQuery,
    /// Why the month asked for is not shown: `month_unreadable`,
    /// `month_unpublished` (not yet), `month_absent` (a past month without
    /// figures).
    pub problem: Option<&'static str>,
    /// The months published, newest first.
    pub months: Vec<NaiveDate>,
    pub shown: Option<PublicMonth>,
}
