//! Writing air quality: stations, and hourly readings with the daily
//! values of every day they touch, recomputed in the same transaction.

use std::collections::{BTreeSet, HashMap};

use chrono::{Duration, NaiveDate, Utc};
use domain::aqi::daily::{DayData, district_mean};
use domain::aqi::reading::HourlyReading;
use domain::aqi::{self, DailyValues, Edition, Pollutant, Rating};
use sqlx::{Any, Transaction};

use super::{HOUR, Station, day_of, day_start, readings_between, stations};
use crate::server::row::Cols;
use crate::server::{Db, DbError};

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

// Statements that bind `Option<f64>` are not cached (`persistent(false)`):
// sqlx 0.8's `Any` driver sends a NULL double to PostgreSQL typed as
// float4, so a cached statement first prepared with a NULL would reject a
// later 8-byte value ("incorrect binary data format"). Unnamed statements
// are typed afresh by each execution's own values.

/// Adds a station, or updates the one with the same code.
pub async fn save_station(db: &Db, s: &Station) -> Result<i64, DbError> {
    sqlx::query(
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
    .col("id")
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
    let mut tx = db.begin_write().await?;
    // 9 parameters a row: 400 rows stay far below both engines' limits.
    for chunk in rows.chunks(400) {
        let mut sql = String::from(
            "INSERT INTO air_readings (station_id, hour, pm25, pm10, o3, no2, so2, co, received_at) VALUES ",
        );
        sql.push_str(&db.engine.values_list(chunk.len(), 9));
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

/// The daily columns, in the order of [`DAILY_COLUMNS`] and of
/// [`daily_binds`].
const DAILY_NAMES: [&str; 7] = ["pm25", "pm10", "o3_1h_max", "o3_8h_max", "no2", "so2", "co"];
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
) -> Result<(), DbError> {
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
            for (col, name) in columns.iter_mut().zip(DAILY_NAMES) {
                col.push(r.col(name)?);
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

#[cfg(test)]
mod tests {
    #[test]
    fn daily_names_are_the_daily_columns() {
        assert_eq!(super::DAILY_NAMES.join(", "), super::DAILY_COLUMNS);
    }
}
