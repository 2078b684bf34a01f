//! China's Air Quality Index (HJ 633) and the evaluation rules of HJ 663.
//!
//! - [`tables`]: breakpoints of both editions, as data.
//! - this module: IAQI by interpolation (rounded up), AQI, primary
//!   pollutants, categories.
//! - [`daily`]: validity and aggregation of hourly data into daily values.
//! - [`annual`]: the year's share of good days, annual means, percentiles.
//!
//! The edition follows the data's date: HJ 633-2012 before 2026-03-01,
//! HJ 633-2026 from that day.

pub mod annual;
pub mod daily;
pub mod import;
pub mod reading;
pub mod tables;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use tables::{AboveTop, IAQI_STEPS, row_of};

/// The six pollutants, in the order the portal lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Pollutant {
    Pm25,
    Pm10,
    O3,
    No2,
    So2,
    Co,
}

impl Pollutant {
    pub const ALL: [Pollutant; 6] = [
        Pollutant::Pm25,
        Pollutant::Pm10,
        Pollutant::O3,
        Pollutant::No2,
        Pollutant::So2,
        Pollutant::Co,
    ];

    /// Position in [`Pollutant::ALL`], the order of value arrays.
    pub fn index(self) -> usize {
        self as usize
    }

    /// Stable code used in data files, URLs and the database.
    pub fn code(self) -> &'static str {
        match self {
            Pollutant::Pm25 => "pm25",
            Pollutant::Pm10 => "pm10",
            Pollutant::O3 => "o3",
            Pollutant::No2 => "no2",
            Pollutant::So2 => "so2",
            Pollutant::Co => "co",
        }
    }

    pub fn from_code(code: &str) -> Option<Pollutant> {
        Pollutant::ALL.into_iter().find(|p| p.code() == code)
    }

    /// The chemical notation (the same in every language).
    pub fn label(self) -> &'static str {
        match self {
            Pollutant::Pm25 => "PM2.5",
            Pollutant::Pm10 => "PM10",
            Pollutant::O3 => "O₃",
            Pollutant::No2 => "NO₂",
            Pollutant::So2 => "SO₂",
            Pollutant::Co => "CO",
        }
    }

    pub fn unit(self) -> &'static str {
        match self {
            Pollutant::Co => "mg/m³",
            _ => "µg/m³",
        }
    }

    /// Decimal places of a reported concentration (HJ 663: CO to 0.1 mg/m³,
    /// the others to 1 µg/m³).
    pub fn decimals(self) -> u32 {
        match self {
            Pollutant::Co => 1,
            _ => 0,
        }
    }

    /// Largest hourly concentration the portal accepts as physically
    /// plausible; anything above is a faulty instrument or a typo.
    pub fn plausible_max(self) -> f64 {
        match self {
            Pollutant::Co => 150.0,
            _ => 5000.0,
        }
    }
}

/// What the standard rates: a pollutant over an averaging period.
#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Measure {
    So2_24h,
    So2_1h,
    No2_24h,
    No2_1h,
    Pm10_24h,
    Co_24h,
    Co_1h,
    O3_1h,
    O3_8h,
    Pm25_24h,
}

impl Measure {
    pub fn pollutant(self) -> Pollutant {
        match self {
            Measure::So2_24h | Measure::So2_1h => Pollutant::So2,
            Measure::No2_24h | Measure::No2_1h => Pollutant::No2,
            Measure::Pm10_24h => Pollutant::Pm10,
            Measure::Co_24h | Measure::Co_1h => Pollutant::Co,
            Measure::O3_1h | Measure::O3_8h => Pollutant::O3,
            Measure::Pm25_24h => Pollutant::Pm25,
        }
    }
}

/// The edition of HJ 633 whose tables rate a given day's data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Edition {
    Hj633_2012,
    Hj633_2026,
}

impl Edition {
    /// HJ 633-2026 applies to data from 2026-03-01.
    pub fn for_date(date: NaiveDate) -> Edition {
        if date >= NaiveDate::from_ymd_opt(2026, 3, 1).expect("valid date") {
            Edition::Hj633_2026
        } else {
            Edition::Hj633_2012
        }
    }
}

/// The IAQI of one measure, or `None` when it gives none: a missing or
/// impossible value, or (HJ 633-2012) a concentration above the top of a
/// short row, where another measure stands in.
///
/// Linear interpolation inside the segment, rounded up to an integer.
/// Above the top breakpoint the index is 500 (the scale's end).
pub fn iaqi(edition: Edition, measure: Measure, concentration: f64) -> Option<u32> {
    if !concentration.is_finite() || concentration < 0.0 {
        return None;
    }
    let row = row_of(edition, measure);
    let bp = row.breakpoints;
    let top = bp[bp.len() - 1];
    if concentration > top {
        return match row.above_top {
            AboveTop::Max => Some(500),
            AboveTop::UseOther => None,
            AboveTop::Fixed(v) => Some(v),
        };
    }
    let i = (1..bp.len())
        .find(|&i| concentration <= bp[i])
        .unwrap_or(bp.len() - 1);
    let (c_lo, c_hi) = (bp[i - 1], bp[i]);
    let (i_lo, i_hi) = (IAQI_STEPS[i - 1], IAQI_STEPS[i]);
    let value = (i_hi - i_lo) / (c_hi - c_lo) * (concentration - c_lo) + i_lo;
    // Rounded up; the tolerance keeps float noise on a breakpoint (50.0000001)
    // from adding a whole point.
    Some((value - 1e-9).ceil().max(0.0) as u32)
}

/// The six categories of AQI (HJ 633 Table 2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Category {
    Excellent,
    Good,
    LightlyPolluted,
    ModeratelyPolluted,
    HeavilyPolluted,
    SeverelyPolluted,
}

impl Category {
    pub const ALL: [Category; 6] = [
        Category::Excellent,
        Category::Good,
        Category::LightlyPolluted,
        Category::ModeratelyPolluted,
        Category::HeavilyPolluted,
        Category::SeverelyPolluted,
    ];

    pub fn of(aqi: u32) -> Category {
        match aqi {
            0..=50 => Category::Excellent,
            51..=100 => Category::Good,
            101..=150 => Category::LightlyPolluted,
            151..=200 => Category::ModeratelyPolluted,
            201..=300 => Category::HeavilyPolluted,
            _ => Category::SeverelyPolluted,
        }
    }

    /// Level 1 (优) to 6 (严重污染).
    pub fn level(self) -> u8 {
        self as u8 + 1
    }

    /// The standard's colour.
    pub fn colour(self) -> &'static str {
        match self {
            Category::Excellent => "#00E400",
            Category::Good => "#FFFF00",
            Category::LightlyPolluted => "#FF7E00",
            Category::ModeratelyPolluted => "#FF0000",
            Category::HeavilyPolluted => "#99004C",
            Category::SeverelyPolluted => "#7E0023",
        }
    }

    /// Text colour readable on [`Category::colour`] (contrast ≥ 4.5:1).
    pub fn text_colour(self) -> &'static str {
        match self {
            Category::Excellent | Category::Good | Category::LightlyPolluted => "#000000",
            Category::ModeratelyPolluted => "#000000",
            Category::HeavilyPolluted | Category::SeverelyPolluted => "#FFFFFF",
        }
    }

    /// Good or excellent: the days counted by 优良率.
    pub fn is_good(self) -> bool {
        matches!(self, Category::Excellent | Category::Good)
    }

    /// Heavy pollution or worse (AQI > 200): the site-wide warning.
    pub fn is_heavy(self) -> bool {
        matches!(self, Category::HeavilyPolluted | Category::SeverelyPolluted)
    }

    pub fn code(self) -> &'static str {
        match self {
            Category::Excellent => "excellent",
            Category::Good => "good",
            Category::LightlyPolluted => "light",
            Category::ModeratelyPolluted => "moderate",
            Category::HeavilyPolluted => "heavy",
            Category::SeverelyPolluted => "severe",
        }
    }
}

/// The rating of a set of measures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rating {
    /// `None` when no measure could be rated.
    pub aqi: Option<u32>,
    /// IAQI per pollutant (the highest of its measures), rated ones only.
    pub iaqi: Vec<(Pollutant, u32)>,
    /// Every pollutant whose IAQI equals the AQI, when AQI > 50.
    pub primary: Vec<Pollutant>,
    /// Of the six pollutants, those without a rating (missing or invalid
    /// data): the AQI may understate.
    pub missing: Vec<Pollutant>,
}

impl Rating {
    pub fn category(&self) -> Option<Category> {
        self.aqi.map(Category::of)
    }

    pub fn iaqi_of(&self, p: Pollutant) -> Option<u32> {
        self.iaqi.iter().find(|(q, _)| *q == p).map(|(_, v)| *v)
    }
}

/// Rates measured values: AQI = the highest IAQI.
pub fn rate(edition: Edition, values: &[(Measure, Option<f64>)]) -> Rating {
    let mut per_pollutant: Vec<(Pollutant, u32)> = Vec::new();
    for &(measure, value) in values {
        let Some(v) = value.and_then(|c| iaqi(edition, measure, c)) else {
            continue;
        };
        let p = measure.pollutant();
        match per_pollutant.iter_mut().find(|(q, _)| *q == p) {
            Some((_, best)) => *best = (*best).max(v),
            None => per_pollutant.push((p, v)),
        }
    }
    per_pollutant.sort_by_key(|(p, _)| *p);
    let aqi = per_pollutant.iter().map(|(_, v)| *v).max();
    let primary = match aqi {
        Some(a) if a > 50 => per_pollutant
            .iter()
            .filter(|(_, v)| *v == a)
            .map(|(p, _)| *p)
            .collect(),
        _ => Vec::new(),
    };
    let missing = Pollutant::ALL
        .into_iter()
        .filter(|p| !per_pollutant.iter().any(|(q, _)| q == p))
        .collect();
    Rating {
        aqi,
        iaqi: per_pollutant,
        primary,
        missing,
    }
}

/// A day's values (HJ 633 daily report): 24-h means, O3's daily maximum
/// 1-h value and daily maximum 8-h mean.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DailyValues {
    pub pm25: Option<f64>,
    pub pm10: Option<f64>,
    pub so2: Option<f64>,
    pub no2: Option<f64>,
    pub co: Option<f64>,
    pub o3_1h_max: Option<f64>,
    pub o3_8h_max: Option<f64>,
}

impl DailyValues {
    pub fn get(&self, p: Pollutant) -> Option<f64> {
        match p {
            Pollutant::Pm25 => self.pm25,
            Pollutant::Pm10 => self.pm10,
            Pollutant::So2 => self.so2,
            Pollutant::No2 => self.no2,
            Pollutant::Co => self.co,
            Pollutant::O3 => self.o3_8h_max,
        }
    }
}

/// The daily AQI. O3 8-h above the table (HJ 633-2012) drops out and the
/// 1-h maximum rates O3 alone.
pub fn daily_rating(edition: Edition, d: &DailyValues) -> Rating {
    rate(
        edition,
        &[
            (Measure::Pm25_24h, d.pm25),
            (Measure::Pm10_24h, d.pm10),
            (Measure::O3_1h, d.o3_1h_max),
            (Measure::O3_8h, d.o3_8h_max),
            (Measure::No2_24h, d.no2),
            (Measure::So2_24h, d.so2),
            (Measure::Co_24h, d.co),
        ],
    )
}

/// An hour's values for the real-time AQI.
///
/// Decision (CNEMC practice for the real-time report): SO2, NO2, CO and O3
/// are rated on their 1-h values (O3 also on its 8-h running mean); PM2.5
/// and PM10 have no 1-h breakpoints and are rated on their running 24-h
/// means against the 24-h rows. `so2_24h` stands in when SO2 1-h is above
/// its table (HJ 633-2012).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct HourlyValues {
    pub pm25_24h: Option<f64>,
    pub pm10_24h: Option<f64>,
    pub so2_1h: Option<f64>,
    pub so2_24h: Option<f64>,
    pub no2_1h: Option<f64>,
    pub co_1h: Option<f64>,
    pub o3_1h: Option<f64>,
    pub o3_8h: Option<f64>,
}

impl HourlyValues {
    /// The real-time values at the last hour of `hours` (oldest first, at
    /// most the last 24 hours, concentrations in [`Pollutant::ALL`] order):
    /// 24-h means need 20 values, the O3 8-h mean 6 of the last 8 hours.
    pub fn from_recent_hours(hours: &[[Option<f64>; 6]]) -> HourlyValues {
        let start = hours.len().saturating_sub(24);
        let last24 = &hours[start..];
        let column = |p: Pollutant, from: usize| -> Vec<Option<f64>> {
            let i = p.index();
            last24[from.min(last24.len())..]
                .iter()
                .map(|h| h[i])
                .collect()
        };
        let now = |p: Pollutant| last24.last().and_then(|h| h[p.index()]);
        let day_mean =
            |p: Pollutant| daily::trailing_mean(&column(p, 0), daily::MIN_HOURS_FOR_DAILY_MEAN);
        HourlyValues {
            pm25_24h: day_mean(Pollutant::Pm25),
            pm10_24h: day_mean(Pollutant::Pm10),
            so2_1h: now(Pollutant::So2),
            so2_24h: day_mean(Pollutant::So2),
            no2_1h: now(Pollutant::No2),
            co_1h: now(Pollutant::Co),
            o3_1h: now(Pollutant::O3),
            o3_8h: daily::trailing_mean(
                &column(Pollutant::O3, last24.len().saturating_sub(8)),
                daily::MIN_HOURS_FOR_8H_MEAN,
            ),
        }
    }
}

pub fn hourly_rating(edition: Edition, h: &HourlyValues) -> Rating {
    let so2_over_table = h
        .so2_1h
        .is_some_and(|c| iaqi(edition, Measure::So2_1h, c).is_none());
    let so2 = if so2_over_table {
        (Measure::So2_24h, h.so2_24h)
    } else {
        (Measure::So2_1h, h.so2_1h)
    };
    rate(
        edition,
        &[
            (Measure::Pm25_24h, h.pm25_24h),
            (Measure::Pm10_24h, h.pm10_24h),
            (Measure::O3_1h, h.o3_1h),
            (Measure::O3_8h, h.o3_8h),
            (Measure::No2_1h, h.no2_1h),
            so2,
            (Measure::Co_1h, h.co_1h),
        ],
    )
}

#[cfg(test)]
mod tests;
