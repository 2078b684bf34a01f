//! Reading air quality for the pages: the latest hour, the last two days
//! and month, the year's calendar and its progress to the targets. Only
//! the precomputed daily tables and the last 71 hours of readings are read.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use domain::aqi::daily::district_mean;
use domain::aqi::{self, Category, Edition, HourlyValues, Pollutant};
use domain::shanghai;

use super::{HOUR, Hours, Station, day_of, readings_between, stations, valid_hour};
use crate::api::air::{
    AirNow, AirPage, AirPoint, DayAqi, Percentile, PollutantValue, SeriesPoint, StationNow,
    YearProgress,
};
use crate::server::row::{Cols, corrupt};
use crate::server::{Db, DbError};

/// Data older than this is flagged as stale.
const STALE_AFTER_HOURS: i64 = 3;

/// Hourly readings of the hours `from..=to`, per station, oldest first.
async fn recent(
    db: &Db,
    from: i64,
    to: i64,
) -> Result<HashMap<i64, BTreeMap<i64, Hours>>, DbError> {
    let mut tx = db.pool.begin().await?;
    let rows = readings_between(&mut tx, from, to + 1).await?;
    tx.commit().await?;
    let mut map: HashMap<i64, BTreeMap<i64, Hours>> = HashMap::new();
    for (station, hour, values) in rows {
        map.entry(station).or_default().insert(hour, values);
    }
    Ok(map)
}

/// The 24 hours ending at `end` (oldest first), gaps as empty hours.
fn window(series: &BTreeMap<i64, Hours>, end: i64) -> Vec<Hours> {
    (0..24)
        .rev()
        .map(|k| series.get(&(end - k * HOUR)).copied().unwrap_or([None; 6]))
        .collect()
}

/// The district's hourly series: each hour, the stations' concentrations
/// averaged per pollutant (HJ 663).
fn district_series(per_station: &HashMap<i64, BTreeMap<i64, Hours>>) -> BTreeMap<i64, Hours> {
    let hours: BTreeSet<i64> = per_station
        .values()
        .flat_map(|s| s.keys().copied())
        .collect();
    hours
        .into_iter()
        .map(|h| {
            let values = std::array::from_fn(|i| {
                let at: Vec<Option<f64>> = per_station
                    .values()
                    .map(|s| s.get(&h).and_then(|v| v[i]))
                    .collect();
                district_mean(&at)
            });
            (h, values)
        })
        .collect()
}

fn point_at(series: &BTreeMap<i64, Hours>, end: i64) -> AirPoint {
    let hours = window(series, end);
    let values = HourlyValues::from_recent_hours(&hours);
    let day = day_of(end);
    let rating = aqi::hourly_rating(Edition::for_date(day), &values);
    let current = hours.last().copied().unwrap_or([None; 6]);
    AirPoint {
        aqi: rating.aqi,
        category: rating.category(),
        primary: rating.primary.clone(),
        pollutants: Pollutant::ALL
            .into_iter()
            .zip(current)
            .map(|(p, c)| PollutantValue {
                pollutant: p,
                concentration: c,
                iaqi: rating.iaqi_of(p),
            })
            .collect(),
    }
}

async fn latest_hour(db: &Db) -> Result<Option<i64>, DbError> {
    let row = sqlx::query("SELECT MAX(hour) AS latest FROM air_readings")
        .fetch_one(&db.pool)
        .await?;
    row.col::<Option<i64>>("latest")?
        .map(|hour| valid_hour("latest", hour))
        .transpose()
}

/// The latest hour's air quality, district and stations.
pub async fn now(db: &Db, at: DateTime<Utc>) -> Result<Option<AirNow>, DbError> {
    let Some(last) = latest_hour(db).await? else {
        return Ok(None);
    };
    let all = stations(db).await?;
    let per_station = recent(db, last - 23 * HOUR, last).await?;
    // Every page's layout asks for this (the heavy-pollution banner, the
    // home card) and none shows a station's town: no query for their
    // English names here (`page` reads them); `town_en` is the Chinese.
    Ok(Some(build_now(
        &all,
        &HashMap::new(),
        &per_station,
        last,
        at,
    )))
}

/// Towns' English names by their Chinese ones (a station's town is
/// written as the Chinese name).
async fn town_names(db: &Db) -> Result<HashMap<String, String>, DbError> {
    sqlx::query("SELECT name_zh, name_en FROM units")
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| Ok((r.col("name_zh")?, r.col("name_en")?)))
        .collect()
}

fn build_now(
    all: &[Station],
    towns: &HashMap<String, String>,
    per_station: &HashMap<i64, BTreeMap<i64, Hours>>,
    last: i64,
    at: DateTime<Utc>,
) -> AirNow {
    let district = point_at(&district_series(per_station), last);
    let empty = BTreeMap::new();
    let stations = all
        .iter()
        .map(|s| StationNow {
            code: s.code.clone(),
            name_zh: s.name_zh.clone(),
            name_en: s.name_en.clone(),
            town: s.town.clone(),
            town_en: towns
                .get(&s.town)
                .cloned()
                .unwrap_or_else(|| s.town.clone()),
            point: point_at(per_station.get(&s.id).unwrap_or(&empty), last),
        })
        .collect();
    let as_of = Utc
        .timestamp_opt(last + HOUR, 0)
        .single()
        .unwrap_or_default();
    AirNow {
        as_of,
        stale: at - as_of > Duration::hours(STALE_AFTER_HOURS),
        district,
        stations,
        demo: all.iter().any(|s| s.demo),
    }
}

/// The air-quality page: now, the last 48 hours, the last 30 days, the
/// year's calendar and its progress to the targets. With `station`, the
/// hourly parts are that station's; `None` when the station is unknown.
pub async fn page(
    db: &Db,
    station: Option<&str>,
    at: DateTime<Utc>,
) -> Result<Option<AirPage>, DbError> {
    let all = stations(db).await?;
    let chosen = match station {
        Some(code) => match all.iter().find(|s| s.code == code) {
            Some(s) => Some(s.id),
            None => return Ok(None),
        },
        None => None,
    };
    let today = shanghai::today(at);
    let Some(last) = latest_hour(db).await? else {
        return Ok(Some(AirPage {
            now: None,
            last_48_hours: Vec::new(),
            last_30_days: Vec::new(),
            calendar: Vec::new(),
            progress: None,
        }));
    };
    let per_station = recent(db, last - 70 * HOUR, last).await?;
    let towns = town_names(db).await?;
    let now = build_now(&all, &towns, &per_station, last, at);
    let series = match chosen {
        Some(id) => per_station.get(&id).cloned().unwrap_or_default(),
        None => district_series(&per_station),
    };
    let last_48_hours = (0..48)
        .rev()
        .map(|k| {
            let end = last - k * HOUR;
            let label = shanghai::local(
                Utc.timestamp_opt(end + HOUR, 0)
                    .single()
                    .unwrap_or_default(),
            )
            .format("%H:00")
            .to_string();
            SeriesPoint {
                label,
                aqi: point_at(&series, end).aqi,
            }
        })
        .collect();
    let year_start = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
    let thirty_ago = today - Duration::days(29);
    let from = year_start.min(thirty_ago);
    let daily = daily_aqi(db, chosen, from, today).await?;
    let by_day: HashMap<NaiveDate, (Option<u32>, Option<f64>)> =
        daily.iter().map(|(d, a, pm)| (*d, (*a, *pm))).collect();
    let range = |from: NaiveDate| -> Vec<DayAqi> {
        from.iter_days()
            .take_while(|d| *d <= today)
            .map(|d| DayAqi {
                day: d,
                aqi: by_day.get(&d).and_then(|v| v.0),
            })
            .collect()
    };
    let in_year: Vec<&(NaiveDate, Option<u32>, Option<f64>)> = daily
        .iter()
        .filter(|(d, _, _)| d.year() == today.year())
        .collect();
    let valid: Vec<NaiveDate> = in_year
        .iter()
        .filter(|(_, a, _)| a.is_some())
        .map(|(d, _, _)| *d)
        .collect();
    let good_days = in_year
        .iter()
        .filter(|(_, a, _)| a.is_some_and(|a| Category::of(a).is_good()))
        .count();
    let pm25: Vec<f64> = in_year.iter().filter_map(|(_, _, pm)| *pm).collect();
    let targets = sqlx::query("SELECT good_rate_min, pm25_max FROM air_targets WHERE year = $1")
        .bind(i64::from(today.year()))
        .fetch_optional(&db.pool)
        .await?;
    let (good_rate_target, pm25_target) = match targets {
        Some(r) => (
            Some(r.col::<f64>("good_rate_min")?),
            Some(r.col::<f64>("pm25_max")?),
        ),
        None => (None, None),
    };
    let percentiles = year_percentiles(db, chosen, year_start, today).await?;
    let progress = YearProgress {
        year: today.year(),
        valid_days: valid.len(),
        good_days,
        good_rate: aqi::annual::good_day_rate(good_days, valid.len()),
        pm25_mean: aqi::annual::annual_mean(&pm25).map(|v| (v * 10.0).round() / 10.0),
        complete: aqi::annual::coverage(today.year(), &valid).complete,
        good_rate_target,
        pm25_target,
        percentiles,
    };
    Ok(Some(AirPage {
        now: Some(now),
        last_48_hours,
        last_30_days: range(thirty_ago),
        calendar: range(year_start),
        progress: Some(progress),
    }))
}

/// HJ 663's assessment percentiles of the daily values between two days.
async fn year_percentiles(
    db: &Db,
    station: Option<i64>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Percentile>, DbError> {
    let (table, filter) = match station {
        Some(_) => ("air_station_daily", "AND station_id = $3"),
        None => ("air_district_daily", ""),
    };
    let sql = format!(
        "SELECT so2, no2, pm10, pm25, co, o3_8h_max FROM {table} WHERE day >= $1 AND day <= $2 {filter}"
    );
    let mut q = sqlx::query(&sql)
        .bind(from.to_string())
        .bind(to.to_string());
    if let Some(id) = station {
        q = q.bind(id);
    }
    let rows = q.fetch_all(&db.pool).await?;
    let spec = [
        (Pollutant::So2, 98, "so2"),
        (Pollutant::No2, 98, "no2"),
        (Pollutant::Pm10, 95, "pm10"),
        (Pollutant::Pm25, 95, "pm25"),
        (Pollutant::Co, 95, "co"),
        (Pollutant::O3, 90, "o3_8h_max"),
    ];
    let mut out = Vec::with_capacity(spec.len());
    for (pollutant, rank, column) in spec {
        let values: Vec<f64> = rows
            .iter()
            .map(|r| r.col::<Option<f64>>(column))
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .flatten()
            .collect();
        let value = aqi::annual::percentile(&values, f64::from(rank))
            .map(|v| aqi::daily::round_reported(pollutant, v));
        out.push(Percentile {
            pollutant,
            rank,
            value,
        });
    }
    Ok(out)
}

/// Daily AQI and PM2.5 of the district (or one station) between two days.
async fn daily_aqi(
    db: &Db,
    station: Option<i64>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(NaiveDate, Option<u32>, Option<f64>)>, DbError> {
    let rows = match station {
        Some(id) => {
            sqlx::query(
                "SELECT day, aqi, pm25 FROM air_station_daily WHERE station_id = $1 AND day >= $2 AND day <= $3 ORDER BY day",
            )
            .bind(id)
            .bind(from.to_string())
            .bind(to.to_string())
            .fetch_all(&db.pool)
            .await?
        }
        None => {
            sqlx::query("SELECT day, aqi, pm25 FROM air_district_daily WHERE day >= $1 AND day <= $2 ORDER BY day")
                .bind(from.to_string())
                .bind(to.to_string())
                .fetch_all(&db.pool)
                .await?
        }
    };
    rows.iter()
        .map(|r| {
            let aqi = r
                .col::<Option<i64>>("aqi")?
                .map(|a| u32::try_from(a).map_err(|_| corrupt("aqi", &a.to_string())))
                .transpose()?;
            Ok((r.date("day")?, aqi, r.col("pm25")?))
        })
        .collect()
}
