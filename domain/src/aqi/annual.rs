//! The year's assessment (HJ 663): share of good days, annual means,
//! percentiles, and whether the year has enough data for them.

use chrono::{Datelike, NaiveDate};

/// Annual statistics need at least 324 valid daily values, and at least 27
/// in every month (25 in February).
pub const MIN_DAYS_PER_YEAR: usize = 324;
pub const MIN_DAYS_PER_MONTH: usize = 27;
pub const MIN_DAYS_IN_FEBRUARY: usize = 25;

/// How complete a year's daily series is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Coverage {
    pub valid_days: usize,
    /// Meets the annual validity rule (a finished year with enough data).
    pub complete: bool,
}

/// Coverage of the days that have a valid value.
pub fn coverage(year: i32, valid_dates: &[NaiveDate]) -> Coverage {
    let mut per_month = [0usize; 12];
    for d in valid_dates.iter().filter(|d| d.year() == year) {
        per_month[d.month0() as usize] += 1;
    }
    let valid_days: usize = per_month.iter().sum();
    let months_ok = per_month.iter().enumerate().all(|(m, &n)| {
        n >= if m == 1 {
            MIN_DAYS_IN_FEBRUARY
        } else {
            MIN_DAYS_PER_MONTH
        }
    });
    Coverage {
        valid_days,
        complete: valid_days >= MIN_DAYS_PER_YEAR && months_ok,
    }
}

/// 优良率: good and excellent days over days with a valid AQI, in percent.
pub fn good_day_rate(good_days: usize, valid_days: usize) -> Option<f64> {
    (valid_days > 0).then(|| good_days as f64 * 100.0 / valid_days as f64)
}

/// The mean of the valid daily values.
pub fn annual_mean(daily: &[f64]) -> Option<f64> {
    (!daily.is_empty()).then(|| daily.iter().sum::<f64>() / daily.len() as f64)
}

/// The p-th percentile (0 < p ≤ 100) as HJ 663 computes it: sort ascending,
/// k = 1 + (n − 1)·p/100, interpolate between the s-th and (s+1)-th values
/// where s is the integer part of k.
pub fn percentile(values: &[f64], p: f64) -> Option<f64> {
    if values.is_empty() || p.is_nan() || p <= 0.0 || p > 100.0 {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(|a, b| a.total_cmp(b));
    let k = 1.0 + (sorted.len() as f64 - 1.0) * p / 100.0;
    let s = k.floor() as usize;
    let lower = sorted[s - 1];
    let upper = sorted.get(s).copied().unwrap_or(lower);
    Some(lower + (upper - lower) * (k - s as f64))
}
