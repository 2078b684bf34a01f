//! Air-quality data as pages receive it.

use chrono::{DateTime, NaiveDate, Utc};
use domain::aqi::{Category, Pollutant};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A rated moment: AQI, category, primary pollutants and each pollutant's
/// concentration and IAQI.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AirPoint {
    pub aqi: Option<u32>,
    pub category: Option<Category>,
    pub primary: Vec<Pollutant>,
    pub pollutants: Vec<PollutantValue>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PollutantValue {
    pub pollutant: Pollutant,
    /// The hour's concentration.
    pub concentration: Option<f64>,
    pub iaqi: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StationNow {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub town: String,
    pub town_en: String,
    pub point: AirPoint,
}

/// The latest hour with data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AirNow {
    /// End of the hour the data describes.
    pub as_of: DateTime<Utc>,
    /// Older than three hours: the page says so.
    pub stale: bool,
    pub district: AirPoint,
    pub stations: Vec<StationNow>,
    /// Any station of the demo data set.
    pub demo: bool,
}

/// One bar of a chart.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SeriesPoint {
    pub label: String,
    pub aqi: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DayAqi {
    pub day: NaiveDate,
    pub aqi: Option<u32>,
}

/// The year so far against the bureau's targets.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct YearProgress {
    pub year: i32,
    pub valid_days: usize,
    pub good_days: usize,
    pub good_rate: Option<f64>,
    pub pm25_mean: Option<f64>,
    /// Meets HJ 663's annual validity rule (only a finished year can).
    pub complete: bool,
    pub good_rate_target: Option<f64>,
    pub pm25_target: Option<f64>,
    /// The annual-assessment percentiles of the district's daily values so
    /// far (HJ 663): SO2/NO2 98th, PM10/PM2.5/CO 95th, O3 8-h 90th.
    pub percentiles: Vec<Percentile>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Percentile {
    pub pollutant: Pollutant,
    pub rank: u32,
    pub value: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AirPage {
    pub now: Option<AirNow>,
    pub last_48_hours: Vec<SeriesPoint>,
    pub last_30_days: Vec<DayAqi>,
    pub calendar: Vec<DayAqi>,
    pub progress: Option<YearProgress>,
}

/// The district's current air quality (home page, heavy-pollution banner).
#[server(endpoint = "air/now")]
pub async fn get_air_now() -> Result<Option<AirNow>, ServerFnError> {
    let db = crate::server::use_db()?;
    crate::server::air::now(&db, Utc::now())
        .await
        .map_err(crate::server::internal)
}

/// Everything the air-quality page shows; `station` narrows it to one.
#[server(endpoint = "air/page")]
pub async fn get_air_page(station: Option<String>) -> Result<Option<AirPage>, ServerFnError> {
    let db = crate::server::use_db()?;
    crate::server::air::page(&db, station.as_deref(), Utc::now())
        .await
        .map_err(crate::server::internal)
}
