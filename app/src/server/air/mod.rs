//! Air-quality storage: stations, hourly readings, and the daily values
//! precomputed on ingest.
//!
//! Cost of an ingest: one upsert per reading, then the affected days are
//! recomputed: their readings are read once (24 rows per station-day), each
//! affected station-day and district-day is rated and upserted. A normal
//! hourly push of N stations touches one day: ~24·N rows read, N + 1 rows
//! written. Pages read the precomputed daily tables and at most the last
//! 71 hours of readings, however many years are stored.
//!
//! Writing ([`ingest`](ingest())) and reading for the pages ([`now`],
//! [`page`]) are separate modules; what both need (stations, the readings
//! of a span of hours, Shanghai days) is here.

mod ingest;
mod views;

use chrono::{NaiveDate, TimeZone, Utc};
use domain::shanghai;
use sqlx::any::AnyRow;
use sqlx::{Any, Transaction};

use super::row::{Cols, corrupt};
use super::{Db, DbError};

pub use ingest::{IngestError, ingest, save_station};
pub use views::{now, page};

const HOUR: i64 = 3600;

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
                id: r.col("id")?,
                code: r.col("code")?,
                name_zh: r.col("name_zh")?,
                name_en: r.col("name_en")?,
                town: r.col("town")?,
                latitude: r.col("latitude")?,
                longitude: r.col("longitude")?,
                kind: r.col("kind")?,
                demo: r.flag("demo")?,
            })
        })
        .collect()
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

async fn readings_between(
    tx: &mut Transaction<'_, Any>,
    from: i64,
    to: i64,
) -> Result<Vec<(i64, i64, Hours)>, DbError> {
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

fn reading_row(r: &AnyRow) -> Result<(i64, i64, Hours), DbError> {
    Ok((
        r.col("station_id")?,
        valid_hour("hour", r.col("hour")?)?,
        [
            r.col("pm25")?,
            r.col("pm10")?,
            r.col("o3")?,
            r.col("no2")?,
            r.col("so2")?,
            r.col("co")?,
        ],
    ))
}

/// An hour as stored (Unix seconds of its start) read from `column`: one
/// that is no instant at all is corrupt, rather than read as 1970.
fn valid_hour(column: &str, hour: i64) -> Result<i64, DbError> {
    match Utc.timestamp_opt(hour, 0).single() {
        Some(_) => Ok(hour),
        None => Err(corrupt(column, &hour.to_string())),
    }
}
