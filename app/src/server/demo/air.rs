//! Demo air quality: a deterministic generator of a realistic year of hourly
//! readings for four demo stations (winter PM peaks, summer O3 peaks, rush
//! hour NO2, pollution episodes lasting days, a few missing hours), kept up
//! to date by [`top_up`] while the demo runs.

use chrono::{DateTime, Datelike, TimeZone, Timelike, Utc};
use domain::aqi::reading::HourlyReading;
use domain::shanghai;

use crate::server::Db;
use crate::server::air::{self, IngestError, Station};
use crate::server::row::Cols;

const HOUR: i64 = 3600;

struct DemoStation {
    code: &'static str,
    name_zh: &'static str,
    name_en: &'static str,
    town: &'static str,
    lat: f64,
    lon: f64,
    /// How much dirtier or cleaner than the district average.
    factor: f64,
}

const STATIONS: [DemoStation; 4] = [
    DemoStation {
        code: "demo-jiading-town",
        name_zh: "嘉定城区（演示）",
        name_en: "Jiading Town (demo)",
        town: "嘉定镇街道",
        lat: 31.383,
        lon: 121.250,
        factor: 1.0,
    },
    DemoStation {
        code: "demo-nanxiang",
        name_zh: "南翔（演示）",
        name_en: "Nanxiang (demo)",
        town: "南翔镇",
        lat: 31.298,
        lon: 121.318,
        factor: 1.08,
    },
    DemoStation {
        code: "demo-anting",
        name_zh: "安亭（演示）",
        name_en: "Anting (demo)",
        town: "安亭镇",
        lat: 31.293,
        lon: 121.160,
        factor: 1.12,
    },
    DemoStation {
        code: "demo-malu",
        name_zh: "马陆（演示）",
        name_en: "Malu (demo)",
        town: "马陆镇",
        lat: 31.332,
        lon: 121.272,
        factor: 0.93,
    },
];

/// Seeds demo content when the database has none. Returns whether it did.
pub async fn seed_if_empty(db: &Db, now: DateTime<Utc>) -> Result<bool, IngestError> {
    let stations: i64 = sqlx::query("SELECT COUNT(*) AS n FROM air_stations")
        .fetch_one(&db.pool)
        .await?
        .col("n")?;
    if stations > 0 {
        return Ok(false);
    }
    for s in &STATIONS {
        air::save_station(
            db,
            &Station {
                id: 0,
                code: s.code.to_owned(),
                name_zh: s.name_zh.to_owned(),
                name_en: s.name_en.to_owned(),
                town: s.town.to_owned(),
                latitude: Some(s.lat),
                longitude: Some(s.lon),
                kind: "demo".to_owned(),
                demo: true,
            },
        )
        .await?;
    }
    let last = last_complete_hour(now);
    air::ingest(db, &readings(last - 365 * 24 * HOUR, last, now)).await?;
    Ok(true)
}

/// Adds the demo hours missing between the last stored hour and now.
pub async fn top_up(db: &Db, now: DateTime<Utc>) -> Result<usize, IngestError> {
    let row = sqlx::query("SELECT MAX(r.hour) AS latest FROM air_readings r JOIN air_stations s ON s.id = r.station_id WHERE s.demo = 1")
        .fetch_one(&db.pool)
        .await?;
    let Some(latest) = row.col::<Option<i64>>("latest")? else {
        return Ok(0);
    };
    let last = last_complete_hour(now);
    if latest >= last {
        return Ok(0);
    }
    // At most a day back: a demo left off for a week restarts from recent data.
    let from = (latest + HOUR).max(last - 24 * HOUR);
    air::ingest(db, &readings(from, last, now)).await
}

/// Start of the last hour that has ended: a station reports an hour once
/// it is over.
fn last_complete_hour(t: DateTime<Utc>) -> i64 {
    t.timestamp() - t.timestamp().rem_euclid(HOUR) - HOUR
}

/// Every demo station's readings for the hours `from..=to`.
fn readings(from: i64, to: i64, now: DateTime<Utc>) -> Vec<HourlyReading> {
    let stations: Vec<(String, f64)> = STATIONS
        .iter()
        .map(|s| (s.code.to_owned(), s.factor))
        .collect();
    readings_of(&stations, from, to, now)
}

/// The readings of `stations` (code, how much dirtier than the average)
/// for the hours `from..=to`.
fn readings_of(
    stations: &[(String, f64)],
    from: i64,
    to: i64,
    now: DateTime<Utc>,
) -> Vec<HourlyReading> {
    let mut out = Vec::new();
    let mut hour = from;
    while hour <= to {
        let Some(t) = Utc.timestamp_opt(hour, 0).single() else {
            break;
        };
        for (i, (code, factor)) in stations.iter().enumerate() {
            if let Ok(r) = HourlyReading::parse(code, t, values(i as u64, *factor, t), now) {
                out.push(r);
            }
        }
        hour += HOUR;
    }
    out
}

/// Monitoring sites of the district (names as the bureau uses them), for
/// generated data: `server generate` stores up to ten of them.
const SITES: [(&str, &str, &str, &str, f64, f64); 10] = [
    (
        "jd-chengqu",
        "嘉定城区",
        "Jiading Town",
        "嘉定镇街道",
        31.383,
        121.250,
    ),
    ("jd-nanxiang", "南翔", "Nanxiang", "南翔镇", 31.298, 121.318),
    ("jd-anting", "安亭", "Anting", "安亭镇", 31.293, 121.160),
    ("jd-malu", "马陆", "Malu", "马陆镇", 31.332, 121.272),
    (
        "jd-jiangqiao",
        "江桥",
        "Jiangqiao",
        "江桥镇",
        31.250,
        121.330,
    ),
    ("jd-waigang", "外冈", "Waigang", "外冈镇", 31.368, 121.160),
    ("jd-huating", "华亭", "Huating", "华亭镇", 31.467, 121.235),
    ("jd-xuhang", "徐行", "Xuhang", "徐行镇", 31.430, 121.270),
    ("jd-juyuan", "菊园", "Juyuan", "菊园新区", 31.400, 121.240),
    (
        "jd-industrial",
        "嘉定工业区",
        "Industrial Zone",
        "嘉定工业区",
        31.420,
        121.200,
    ),
];

/// Saves `n` (at most ten) of the district's sites as monitoring stations;
/// their codes and how much dirtier than average each is.
pub async fn generated_stations(db: &Db, n: u32) -> Result<Vec<(String, f64)>, IngestError> {
    let mut out = Vec::new();
    for (i, (code, zh, en, town, lat, lon)) in SITES.iter().take(n as usize).enumerate() {
        air::save_station(
            db,
            &Station {
                id: 0,
                code: (*code).to_owned(),
                name_zh: (*zh).to_owned(),
                name_en: (*en).to_owned(),
                town: (*town).to_owned(),
                latitude: Some(*lat),
                longitude: Some(*lon),
                kind: "municipal".to_owned(),
                demo: false,
            },
        )
        .await?;
        out.push(((*code).to_owned(), 0.9 + 0.05 * i as f64));
    }
    Ok(out)
}

/// Ingests the generated readings of `stations` for the hours `from..=to`.
pub async fn station_readings(
    db: &Db,
    stations: &[(String, f64)],
    from: i64,
    to: i64,
    now: DateTime<Utc>,
) -> Result<usize, IngestError> {
    air::ingest(db, &readings_of(stations, from, to, now)).await
}

/// A uniform number in [0, 1) from a seed: the same seed gives the same
/// value on every run and every machine.
fn unit(seed: u64) -> f64 {
    super::Rng::new(seed).unit()
}

/// Smooth noise in [0, 1) varying over a few days: pollution episodes.
fn episode(stream: u64, hours: f64) -> f64 {
    let period = 60.0;
    let k = (hours / period).floor();
    let f = hours / period - k;
    let a = unit(stream.wrapping_mul(1_000_003).wrapping_add(k as u64));
    let b = unit(stream.wrapping_mul(1_000_003).wrapping_add(k as u64 + 1));
    let s = f * f * (3.0 - 2.0 * f);
    a + (b - a) * s
}

/// One station's concentrations for one hour: PM2.5, PM10, O3, NO2, SO2, CO.
fn values(station: u64, factor: f64, t: DateTime<Utc>) -> [Option<f64>; 6] {
    let local = shanghai::local(t);
    let hours = (t.timestamp() / HOUR) as f64;
    let seed = (t.timestamp() as u64 / HOUR as u64)
        .wrapping_mul(31)
        .wrapping_add(station);
    // A few missing hours (instrument calibration, outages).
    if unit(seed ^ 0xDEAD) < 0.012 {
        return [None; 6];
    }
    let tau = std::f64::consts::TAU;
    let doy = f64::from(local.ordinal0());
    let winter = (tau * (doy - 15.0) / 365.0).cos(); // +1 mid-January, −1 mid-July
    let summer = (tau * (doy - 175.0) / 365.0).cos(); // +1 late June
    let h = f64::from(local.hour());
    let jitter = |k: u64| 0.88 + 0.24 * unit(seed.wrapping_mul(7).wrapping_add(k));
    let smog = episode(1, hours);
    let pm25 = (32.0 + 18.0 * winter)
        * (0.45 + 1.25 * smog)
        * (1.0 + 0.12 * (tau * (h - 9.0) / 24.0).cos())
        * factor
        * jitter(1);
    let pm10 = pm25 * (1.45 + 0.35 * unit(seed ^ 0xBEEF)) * jitter(2);
    let sun = if (7.0..=20.0).contains(&h) {
        (std::f64::consts::PI * (h - 7.0) / 13.0).sin()
    } else {
        0.0
    };
    let o3 =
        (68.0 + 48.0 * summer) * (0.7 + 0.6 * episode(2, hours)) * (0.3 + 1.15 * sun) * jitter(3);
    let rush = if (7.0..=9.0).contains(&h) || (17.0..=19.0).contains(&h) {
        1.35
    } else {
        1.0
    };
    let no2 =
        (36.0 + 12.0 * winter) * rush * (0.7 + 0.6 * smog) * factor * jitter(4) * (1.0 - 0.3 * sun);
    let so2 = (6.0 + 2.0 * winter) * jitter(5);
    let co = ((0.55 + 0.22 * winter + 0.35 * smog) * jitter(6) * 10.0).round() / 10.0;
    [
        Some(pm25.round()),
        Some(pm10.round()),
        Some(o3.round()),
        Some(no2.round()),
        Some(so2.round()),
        Some(co),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;
    use domain::aqi::daily::DayData;
    use domain::aqi::{Category, Edition, Pollutant, daily_rating};

    #[test]
    fn deterministic_and_plausible() {
        let t = Utc.with_ymd_and_hms(2026, 1, 15, 6, 0, 0).unwrap();
        assert_eq!(values(0, 1.0, t), values(0, 1.0, t));
        assert_ne!(values(0, 1.0, t), values(1, 1.08, t));
        let now = t + Duration::days(1);
        for r in readings(t.timestamp() - 48 * HOUR, t.timestamp(), now) {
            for v in r.values.iter().flatten() {
                assert!(*v >= 0.0 && v.is_finite());
            }
        }
    }

    #[test]
    fn a_year_looks_like_jiading() {
        // District-like daily AQI over a year: mostly good, some polluted
        // days, PM2.5 in the twenties to thirties on average.
        let start = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap() - Duration::hours(8);
        let (mut good, mut valid, mut pm) = (0, 0, Vec::new());
        let mut winter_pm = 0.0;
        let mut summer_o3 = 0.0;
        for d in 0..365 {
            let mut data = DayData::default();
            for h in 0..24 {
                let t = start + Duration::days(d) + Duration::hours(h);
                for (p, v) in Pollutant::ALL.into_iter().zip(values(0, 1.0, t)) {
                    data.hours_mut(p)[h as usize] = v;
                }
            }
            let day = data.daily_values();
            if let Some(aqi) = daily_rating(Edition::Hj633_2012, &day).aqi {
                valid += 1;
                if Category::of(aqi).is_good() {
                    good += 1;
                }
            }
            if let Some(v) = day.pm25 {
                pm.push(v);
                if d < 31 {
                    winter_pm += v / 31.0;
                }
            }
            if (160..190).contains(&d) {
                summer_o3 += day.o3_8h_max.unwrap_or(0.0) / 30.0;
            }
        }
        let rate = good as f64 * 100.0 / valid as f64;
        let mean = pm.iter().sum::<f64>() / pm.len() as f64;
        assert!(valid > 330, "{valid}");
        assert!((75.0..97.0).contains(&rate), "good-day rate {rate}");
        assert!((20.0..40.0).contains(&mean), "PM2.5 mean {mean}");
        assert!(winter_pm > mean, "winter PM peak");
        assert!(summer_o3 > 100.0, "summer O3 peak {summer_o3}");
    }
}
