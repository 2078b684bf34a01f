//! From hourly concentrations to daily values (HJ 663 validity rules).
//!
//! A day's hours are indexed 0–23 by their start in Shanghai time. Missing
//! or invalid hours are `None` and stay missing: nothing is interpolated,
//! and a value without enough data is `None`, never a guess.

use super::{DailyValues, Pollutant};

/// A 24-h mean needs at least 20 hourly values.
pub const MIN_HOURS_FOR_DAILY_MEAN: usize = 20;
/// An 8-h mean needs at least 6 hourly values.
pub const MIN_HOURS_FOR_8H_MEAN: usize = 6;
/// O3's daily maximum 8-h mean needs at least 14 valid 8-h means among the
/// 17 windows ending 08:00 … 24:00.
pub const MIN_8H_MEANS_FOR_DAILY_MAX: usize = 14;

pub type DayHours = [Option<f64>; 24];

fn mean(values: impl Iterator<Item = f64>) -> (usize, f64) {
    values.fold((0, 0.0), |(n, sum), v| (n + 1, sum + v))
}

/// The 24-h mean, when at least 20 hours have values.
pub fn daily_mean(hours: &DayHours) -> Option<f64> {
    let (n, sum) = mean(hours.iter().flatten().copied());
    (n >= MIN_HOURS_FOR_DAILY_MEAN).then(|| sum / n as f64)
}

/// The day's highest hourly value, on a day with a valid daily record.
pub fn daily_max_1h(hours: &DayHours) -> Option<f64> {
    let n = hours.iter().flatten().count();
    (n >= MIN_HOURS_FOR_DAILY_MEAN)
        .then(|| hours.iter().flatten().copied().fold(f64::MIN, f64::max))
}

/// The 8-h running means of a day: window `k` covers hours `k..k + 8`
/// (ending 08:00 for k = 0, 24:00 for k = 16).
pub fn running_8h_means(hours: &DayHours) -> [Option<f64>; 17] {
    std::array::from_fn(|k| {
        let (n, sum) = mean(hours[k..k + 8].iter().flatten().copied());
        (n >= MIN_HOURS_FOR_8H_MEAN).then(|| sum / n as f64)
    })
}

/// O3's daily maximum 8-h mean.
pub fn o3_daily_max_8h(hours: &DayHours) -> Option<f64> {
    let means = running_8h_means(hours);
    let valid: Vec<f64> = means.iter().flatten().copied().collect();
    (valid.len() >= MIN_8H_MEANS_FOR_DAILY_MAX).then(|| valid.into_iter().fold(f64::MIN, f64::max))
}

/// The 8-h mean ending with the last of `recent` (oldest first, up to 8
/// hours), for the real-time report.
pub fn trailing_mean(recent: &[Option<f64>], min_values: usize) -> Option<f64> {
    let (n, sum) = mean(recent.iter().flatten().copied());
    (n >= min_values && n > 0).then(|| sum / n as f64)
}

/// Rounds a reported concentration as GB/T 8170 asks (round half to even)
/// to the pollutant's decimals.
pub fn round_reported(p: Pollutant, value: f64) -> f64 {
    let scale = 10f64.powi(p.decimals() as i32);
    let x = value * scale;
    let floor = x.floor();
    let diff = x - floor;
    let rounded = if (diff - 0.5).abs() < 1e-9 {
        if floor % 2.0 == 0.0 {
            floor
        } else {
            floor + 1.0
        }
    } else {
        x.round()
    };
    rounded / scale
}

/// One station's (or the district's) hourly data of one day, per pollutant.
#[derive(Clone, Debug, Default)]
pub struct DayData {
    pub pm25: DayHours,
    pub pm10: DayHours,
    pub so2: DayHours,
    pub no2: DayHours,
    pub co: DayHours,
    pub o3: DayHours,
}

impl DayData {
    pub fn hours_mut(&mut self, p: Pollutant) -> &mut DayHours {
        match p {
            Pollutant::Pm25 => &mut self.pm25,
            Pollutant::Pm10 => &mut self.pm10,
            Pollutant::So2 => &mut self.so2,
            Pollutant::No2 => &mut self.no2,
            Pollutant::Co => &mut self.co,
            Pollutant::O3 => &mut self.o3,
        }
    }

    /// The day's values, each valid or `None`, rounded as reported.
    pub fn daily_values(&self) -> DailyValues {
        let r = |p: Pollutant, v: Option<f64>| v.map(|v| round_reported(p, v));
        DailyValues {
            pm25: r(Pollutant::Pm25, daily_mean(&self.pm25)),
            pm10: r(Pollutant::Pm10, daily_mean(&self.pm10)),
            so2: r(Pollutant::So2, daily_mean(&self.so2)),
            no2: r(Pollutant::No2, daily_mean(&self.no2)),
            co: r(Pollutant::Co, daily_mean(&self.co)),
            o3_1h_max: r(Pollutant::O3, daily_max_1h(&self.o3)),
            o3_8h_max: r(Pollutant::O3, o3_daily_max_8h(&self.o3)),
        }
    }
}

/// The district's value from its stations' values: the mean of the stations
/// that have one (HJ 663: concentrations are averaged first, then rated).
pub fn district_mean(stations: &[Option<f64>]) -> Option<f64> {
    let (n, sum) = mean(stations.iter().flatten().copied());
    (n > 0).then(|| sum / n as f64)
}
