//! Air-quality storage: stations, hourly readings, and the daily values
//! precomputed on ingest.
//!
//! Cost of an ingest: one upsert per reading, then the affected days are
//! recomputed: their readings are read once (24 rows per station-day), each
//! affected station-day and district-day is rated and upserted. A normal
//! hourly push of N stations touches one day: ~24·N rows read, N + 1 rows
//! written. Pages read the precomputed daily tables and at most the last
//! 71 hours of readings, however many years are stored.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use domain::aqi::daily::{DayData, district_mean};
use domain::aqi::reading::HourlyReading;
use domain::aqi::{self, Category, DailyValues, Edition, HourlyValues, Pollutant, Rating};
use domain::shanghai;
use sqlx::{Any, Row, Transaction};

use super::{Db, DbError};
use crate::api::air::{
    AirNow, AirPage, AirPoint, DayAqi, Percentile, PollutantValue, SeriesPoint, StationNow,
    YearProgress,
};

const HOUR: i64 = 3600;
/// Data older than this is flagged as stale.
const STALE_AFTER_HOURS: i64 = 3;

#[derive(Clone, Debug, PartialEq)]
pub struct Station {
    pub id: i64,
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub town: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub kind: String,
    pub demo: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("unknown station {0}")]
    UnknownStation(String),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sqlx::Error> for IngestError {
    fn from(e: sqlx::Error) -> Self {
        IngestError::Db(DbError::Sqlx(e))
    }
}

pub async fn stations(db: &Db) -> Result<Vec<Station>, DbError> {
    let rows = sqlx::query(
        "SELECT id, code, name_zh, name_en, town, latitude, longitude, kind, demo \
         FROM air_stations ORDER BY id",
    )
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Station {
                id: r.try_get("id")?,
                code: r.try_get("code")?,
                name_zh: r.try_get("name_zh")?,
                name_en: r.try_get("name_en")?,
                town: r.try_get("town")?,
                latitude: r.try_get("latitude")?,
                longitude: r.try_get("longitude")?,
                kind: r.try_get("kind")?,
                demo: r.try_get::<i64, _>("demo")? != 0,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(DbError::from)
}

/// Adds a station, or updates the one with the same code.
pub async fn save_station(db: &Db, s: &Station) -> Result<i64, DbError> {
    let id: i64 = sqlx::query(
        "INSERT INTO air_stations (code, name_zh, name_en, town, latitude, longitude, kind, demo) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (code) DO UPDATE SET name_zh = EXCLUDED.name_zh, name_en = EXCLUDED.name_en, \
         town = EXCLUDED.town, latitude = EXCLUDED.latitude, longitude = EXCLUDED.longitude, \
         kind = EXCLUDED.kind, demo = EXCLUDED.demo RETURNING id",
    )
    .persistent(false)
    .bind(&s.code)
    .bind(&s.name_zh)
    .bind(&s.name_en)
    .bind(&s.town)
    .bind(s.latitude)
    .bind(s.longitude)
    .bind(&s.kind)
    .bind(i64::from(s.demo))
    .fetch_one(&db.pool)
    .await?
    .try_get(0)?;
    Ok(id)
}

/// Stores readings (a re-sent hour replaces the stored one) and updates the
/// daily values of every day they touch, all in one transaction.
pub async fn ingest(db: &Db, readings: &[HourlyReading]) -> Result<usize, IngestError> {
    if readings.is_empty() {
        return Ok(0);
    }
    let ids: HashMap<String, i64> = stations(db)
        .await?
        .into_iter()
        .map(|s| (s.code, s.id))
        .collect();
    let mut rows = Vec::with_capacity(readings.len());
    for r in readings {
        let id = *ids
            .get(&r.station)
            .ok_or_else(|| IngestError::UnknownStation(r.station.clone()))?;
        rows.push((id, r.hour.timestamp(), r.values));
    }
    let received = Utc::now().to_rfc3339();
    let mut tx = db.pool.begin().await?;
    // 9 parameters a row: 400 rows stay far below both engines' limits.
    for chunk in rows.chunks(400) {
        let mut sql = String::from(
            "INSERT INTO air_readings (station_id, hour, pm25, pm10, o3, no2, so2, co, received_at) VALUES ",
        );
        for i in 0..chunk.len() {
            let b = i * 9;
            if i > 0 {
                sql.push(',');
            }
            sql.push_str(&format!(
                "(${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${})",
                b + 1,
                b + 2,
                b + 3,
                b + 4,
                b + 5,
                b + 6,
                b + 7,
                b + 8,
                b + 9
            ));
        }
        sql.push_str(
            " ON CONFLICT (station_id, hour) DO UPDATE SET pm25 = EXCLUDED.pm25, pm10 = EXCLUDED.pm10, \
             o3 = EXCLUDED.o3, no2 = EXCLUDED.no2, so2 = EXCLUDED.so2, co = EXCLUDED.co, \
             received_at = EXCLUDED.received_at",
        );
        let mut q = sqlx::query(&sql).persistent(false);
        for (id, hour, values) in chunk {
            q = q.bind(*id).bind(*hour);
            for v in values {
                q = q.bind(*v);
            }
            q = q.bind(&received);
        }
        q.execute(&mut *tx).await?;
    }
    let touched: BTreeSet<(i64, NaiveDate)> = rows
        .iter()
        .map(|(id, hour, _)| (*id, day_of(*hour)))
        .collect();
    recompute(&mut tx, &touched).await?;
    tx.commit().await?;
    Ok(rows.len())
}

/// The Shanghai date an hour (by its start) belongs to.
fn day_of(hour: i64) -> NaiveDate {
    shanghai::local(Utc.timestamp_opt(hour, 0).single().unwrap_or_default()).date_naive()
}

/// Start (Unix seconds) of a Shanghai day.
fn day_start(day: NaiveDate) -> i64 {
    day.and_hms_opt(0, 0, 0)
        .and_then(|t| t.and_local_timezone(shanghai::offset()).single())
        .map(|t| t.timestamp())
        .unwrap_or_default()
}

type Hours = [Option<f64>; 6];

// Statements that bind `Option<f64>` are not cached (`persistent(false)`):
// sqlx 0.8's `Any` driver sends a NULL double to PostgreSQL typed as
// float4, so a cached statement first prepared with a NULL would reject a
// later 8-byte value ("incorrect binary data format"). Unnamed statements
// are typed afresh by each execution's own values.

async fn readings_between(
    tx: &mut Transaction<'_, Any>,
    from: i64,
    to: i64,
) -> Result<Vec<(i64, i64, Hours)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT station_id, hour, pm25, pm10, o3, no2, so2, co FROM air_readings \
         WHERE hour >= $1 AND hour < $2",
    )
    .bind(from)
    .bind(to)
    .fetch_all(&mut **tx)
    .await?;
    rows.iter().map(reading_row).collect()
}

fn reading_row(r: &sqlx::any::AnyRow) -> Result<(i64, i64, Hours), sqlx::Error> {
    Ok((
        r.try_get("station_id")?,
        r.try_get("hour")?,
        [
            r.try_get("pm25")?,
            r.try_get("pm10")?,
            r.try_get("o3")?,
            r.try_get("no2")?,
            r.try_get("so2")?,
            r.try_get("co")?,
        ],
    ))
}

const DAILY_COLUMNS: &str = "pm25, pm10, o3_1h_max, o3_8h_max, no2, so2, co";
const DAILY_UPDATE: &str = "pm25 = EXCLUDED.pm25, pm10 = EXCLUDED.pm10, o3_1h_max = EXCLUDED.o3_1h_max, \
     o3_8h_max = EXCLUDED.o3_8h_max, no2 = EXCLUDED.no2, so2 = EXCLUDED.so2, co = EXCLUDED.co, \
     aqi = EXCLUDED.aqi, primary_pollutants = EXCLUDED.primary_pollutants";

fn daily_binds(d: &DailyValues) -> [Option<f64>; 7] {
    [d.pm25, d.pm10, d.o3_1h_max, d.o3_8h_max, d.no2, d.so2, d.co]
}

fn primary_codes(r: &Rating) -> String {
    r.primary
        .iter()
        .map(|p| p.code())
        .collect::<Vec<_>>()
        .join(",")
}

/// Recomputes the station days in `touched` and the district days they
/// belong to.
async fn recompute(
    tx: &mut Transaction<'_, Any>,
    touched: &BTreeSet<(i64, NaiveDate)>,
) -> Result<(), sqlx::Error> {
    let days: BTreeSet<NaiveDate> = touched.iter().map(|(_, d)| *d).collect();
    let (Some(first), Some(last)) = (days.first(), days.last()) else {
        return Ok(());
    };
    let mut data: HashMap<(i64, NaiveDate), DayData> = HashMap::new();
    for (station, hour, values) in
        readings_between(tx, day_start(*first), day_start(*last + Duration::days(1))).await?
    {
        let day = day_of(hour);
        if !touched.contains(&(station, day)) {
            continue;
        }
        let index = ((hour - day_start(day)) / HOUR) as usize;
        let entry = data.entry((station, day)).or_default();
        for (p, v) in Pollutant::ALL.into_iter().zip(values) {
            if let Some(slot) = entry.hours_mut(p).get_mut(index) {
                *slot = v;
            }
        }
    }
    for &(station, day) in touched {
        let values = data
            .get(&(station, day))
            .map(DayData::daily_values)
            .unwrap_or_default();
        let rating = aqi::daily_rating(Edition::for_date(day), &values);
        let sql = format!(
            "INSERT INTO air_station_daily (station_id, day, {DAILY_COLUMNS}, aqi, primary_pollutants) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
             ON CONFLICT (station_id, day) DO UPDATE SET {DAILY_UPDATE}"
        );
        let mut q = sqlx::query(&sql)
            .persistent(false)
            .bind(station)
            .bind(day.to_string());
        for v in daily_binds(&values) {
            q = q.bind(v);
        }
        q.bind(rating.aqi.map(i64::from))
            .bind(primary_codes(&rating))
            .execute(&mut **tx)
            .await?;
    }
    for day in days {
        let rows = sqlx::query(&format!(
            "SELECT {DAILY_COLUMNS} FROM air_station_daily WHERE day = $1"
        ))
        .bind(day.to_string())
        .fetch_all(&mut **tx)
        .await?;
        let mut columns: [Vec<Option<f64>>; 7] = Default::default();
        for r in &rows {
            for (i, col) in columns.iter_mut().enumerate() {
                col.push(r.try_get(i)?);
            }
        }
        let m = |i: usize| district_mean(&columns[i]).map(|v| (v * 10.0).round() / 10.0);
        let values = DailyValues {
            pm25: m(0),
            pm10: m(1),
            o3_1h_max: m(2),
            o3_8h_max: m(3),
            no2: m(4),
            so2: m(5),
            co: m(6),
        };
        let rating = aqi::daily_rating(Edition::for_date(day), &values);
        let sql = format!(
            "INSERT INTO air_district_daily (day, {DAILY_COLUMNS}, aqi, primary_pollutants, stations) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
             ON CONFLICT (day) DO UPDATE SET {DAILY_UPDATE}, stations = EXCLUDED.stations"
        );
        let mut q = sqlx::query(&sql).persistent(false).bind(day.to_string());
        for v in daily_binds(&values) {
            q = q.bind(v);
        }
        q.bind(rating.aqi.map(i64::from))
            .bind(primary_codes(&rating))
            .bind(rows.len() as i64)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

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
    let row = sqlx::query("SELECT MAX(hour) FROM air_readings")
        .fetch_one(&db.pool)
        .await?;
    Ok(row.try_get::<Option<i64>, _>(0)?)
}

/// The latest hour's air quality, district and stations.
pub async fn now(db: &Db, at: DateTime<Utc>) -> Result<Option<AirNow>, DbError> {
    let Some(last) = latest_hour(db).await? else {
        return Ok(None);
    };
    let all = stations(db).await?;
    let per_station = recent(db, last - 23 * HOUR, last).await?;
    Ok(Some(build_now(&all, &per_station, last, at)))
}

fn build_now(
    all: &[Station],
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
    let now = build_now(&all, &per_station, last, at);
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
        Some(r) => (Some(r.try_get::<f64, _>(0)?), Some(r.try_get::<f64, _>(1)?)),
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
        (Pollutant::So2, 98),
        (Pollutant::No2, 98),
        (Pollutant::Pm10, 95),
        (Pollutant::Pm25, 95),
        (Pollutant::Co, 95),
        (Pollutant::O3, 90),
    ];
    let mut out = Vec::with_capacity(spec.len());
    for (i, (pollutant, rank)) in spec.into_iter().enumerate() {
        let values: Vec<f64> = rows
            .iter()
            .map(|r| r.try_get::<Option<f64>, _>(i))
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
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let day: String = r.try_get("day")?;
        let Ok(day) = day.parse::<NaiveDate>() else {
            continue;
        };
        let aqi: Option<i64> = r.try_get("aqi")?;
        out.push((day, aqi.map(|a| a as u32), r.try_get("pm25")?));
    }
    Ok(out)
}
