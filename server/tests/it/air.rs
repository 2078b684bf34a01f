//! Air quality over HTTP and through the ingest path, on both engines.

use crate::helpers;

use app::prefs::Locale;
use app::server::Db;
use app::server::air::{self, Station};
use chrono::{DateTime, Datelike, Duration, TimeZone, Timelike, Utc};
use domain::aqi::Category;
use domain::aqi::reading::HourlyReading;
use helpers::{ENGINES, Engine, TestApp, TestDb};
use sqlx::Row;

/// An app with an empty database (no demo content) on `engine`.
async fn empty_app(engine: Engine) -> TestApp {
    TestApp::spawn_on(TestDb::new(engine).await, |c| c.demo = false).await
}

async fn demo_app(engine: Engine) -> TestApp {
    TestApp::spawn_on(TestDb::new(engine).await, |c| c.demo = true).await
}

async fn db(app: &TestApp) -> Db {
    Db::connect(&app.database_url, 2).await.unwrap()
}

async fn station(db: &Db, code: &str) {
    air::save_station(
        db,
        &Station {
            id: 0,
            code: code.to_owned(),
            name_zh: format!("测试站{code}"),
            name_en: format!("Test {code}"),
            town: "马陆镇".to_owned(),
            latitude: None,
            longitude: None,
            kind: "test".to_owned(),
            demo: false,
        },
    )
    .await
    .unwrap();
}

fn hour_start(t: DateTime<Utc>) -> DateTime<Utc> {
    t.with_minute(0)
        .unwrap()
        .with_second(0)
        .unwrap()
        .with_nanosecond(0)
        .unwrap()
}

/// `hours` readings of one station ending at `last`, all pollutants given.
fn readings(code: &str, last: DateTime<Utc>, hours: i64, pm25: f64) -> Vec<HourlyReading> {
    (0..hours)
        .rev()
        .map(|k| {
            let t = last - Duration::hours(k);
            HourlyReading::parse(
                code,
                t,
                [
                    Some(pm25),
                    Some(40.0),
                    Some(60.0),
                    Some(20.0),
                    Some(5.0),
                    Some(0.5),
                ],
                Utc::now(),
            )
            .unwrap()
        })
        .collect()
}

#[tokio::test]
async fn demo_data_fills_the_air_pages() {
    let t = app::i18n::texts(Default::default());
    for engine in ENGINES {
        let app = demo_app(engine).await;
        let (status, body) = app.page("/air").await;
        // The year of the calendar and of the targets: this one in Shanghai.
        let year = domain::shanghai::today(Utc::now()).year();
        assert_eq!(status, 200, "{engine:?}");
        assert!(body.contains("嘉定城区（演示）"), "stations listed");
        assert!(body.contains(t.demo_data), "demo data is marked");
        assert!(
            body.contains(r#"id="chart-48h""#) && body.contains("<rect"),
            "48-hour chart"
        );
        assert!(body.contains(r#"id="chart-30d""#), "30-day chart");
        assert!(body.contains(&(t.calendar_heading)(year)), "calendar");
        assert!(
            body.contains(&(t.progress_heading)(year)) && body.contains(&(t.target)("≥ 88%")),
            "progress to targets"
        );
        assert!(body.contains("<table"), "data tables beside the charts");
        assert!(
            body.contains(t.percentiles_heading) && body.contains("P98") && body.contains("P90")
        );
        assert!(body.contains("PM2.5"));

        let (status, body) = app.page("/").await;
        assert_eq!(status, 200);
        assert!(body.contains("aqi-badge"), "home shows the current AQI");
        assert!(body.contains(t.primary_pollutant));

        let (status, body) = app.page("/air/stations/demo-nanxiang").await;
        assert_eq!(status, 200);
        assert!(body.contains("南翔（演示）"));
        assert!(body.contains(r#"id="chart-48h""#));
        let (status, body) = app.page("/air/stations/no-such-station").await;
        assert_eq!(status, 404);
        assert!(body.contains(t.not_found_title));

        let r = app.get_with("/air", &[("cookie", "qj_lang=en")]).await;
        assert!(
            r.body.contains("Jiading Town (demo)")
                && r.body.contains(app::i18n::texts(Locale::En).chart_30d)
        );
        // Towns in English too, not in Chinese.
        assert!(r.body.contains("<td>Nanxiang Town</td>"), "{}", r.body);
        assert!(!r.body.contains("<td>南翔镇</td>"));
    }
}

#[tokio::test]
async fn no_data_gives_an_empty_state() {
    let t = app::i18n::texts(Default::default());
    for engine in ENGINES {
        let app = empty_app(engine).await;
        let (status, body) = app.page("/air").await;
        assert_eq!(status, 200);
        assert!(body.contains(t.air_empty_page));
        let (_, body) = app.page("/").await;
        assert!(body.contains(t.air_empty));
    }
}

#[tokio::test]
async fn ingest_is_idempotent_and_keeps_daily_values_current() {
    for engine in ENGINES {
        let app = empty_app(engine).await;
        let db = db(&app).await;
        station(&db, "a").await;
        station(&db, "b").await;
        // A whole Shanghai day (2026-06-01), two stations.
        let last = Utc.with_ymd_and_hms(2026, 6, 1, 15, 0, 0).unwrap(); // 23:00 in Shanghai
        air::ingest(&db, &readings("a", last, 24, 40.0))
            .await
            .unwrap();
        air::ingest(&db, &readings("b", last, 24, 80.0))
            .await
            .unwrap();
        // Re-sending hours replaces them: no duplicates.
        air::ingest(&db, &readings("a", last, 24, 40.0))
            .await
            .unwrap();
        let mut conn = app.db().await;
        let n: i64 = sqlx::query("SELECT COUNT(*) FROM air_readings")
            .fetch_one(&mut conn)
            .await
            .unwrap()
            .get(0);
        assert_eq!(n, 48, "{engine:?}");

        let row = sqlx::query(
            "SELECT pm25, aqi FROM air_station_daily WHERE day = '2026-06-01' ORDER BY station_id",
        )
        .fetch_all(&mut conn)
        .await
        .unwrap();
        let pm: Vec<f64> = row.iter().map(|r| r.get::<f64, _>(0)).collect();
        assert_eq!(pm, vec![40.0, 80.0]);
        // HJ 633-2026 (June 2026): PM2.5 80 → 100 + 50 × 20/55 = 118.2 → 119.
        assert_eq!(row[1].get::<i64, _>(1), 119);

        let d = sqlx::query(
            "SELECT pm25, aqi, stations FROM air_district_daily WHERE day = '2026-06-01'",
        )
        .fetch_one(&mut conn)
        .await
        .unwrap();
        assert_eq!(d.get::<f64, _>(0), 60.0, "stations averaged first");
        // District PM2.5 60 → IAQI 100 (2026 table); other pollutants lower.
        assert_eq!(d.get::<i64, _>(1), 100);
        assert_eq!(d.get::<i64, _>(2), 2);

        // A corrected hour updates the day's values.
        let fix = readings("a", last, 1, 400.0);
        air::ingest(&db, &fix).await.unwrap();
        let pm: f64 = sqlx::query("SELECT pm25 FROM air_station_daily WHERE day = '2026-06-01' AND station_id = (SELECT id FROM air_stations WHERE code = 'a')")
            .fetch_one(&mut conn)
            .await
            .unwrap()
            .get(0);
        assert_eq!(pm, 55.0, "(23 × 40 + 400) / 24");
    }
}

#[tokio::test]
async fn too_few_hours_leave_the_day_without_a_value() {
    for engine in ENGINES {
        let app = empty_app(engine).await;
        let db = db(&app).await;
        station(&db, "a").await;
        station(&db, "b").await;
        let last = Utc.with_ymd_and_hms(2026, 6, 1, 15, 0, 0).unwrap();
        // 19 hours: no 24-h means; O3 still has 14 valid 8-h windows.
        air::ingest(&db, &readings("a", last, 19, 40.0))
            .await
            .unwrap();
        // 10 hours: nothing valid at all.
        air::ingest(&db, &readings("b", last, 10, 40.0))
            .await
            .unwrap();
        let mut conn = app.db().await;
        let rows = sqlx::query("SELECT pm25, o3_8h_max, aqi FROM air_station_daily WHERE day = '2026-06-01' ORDER BY station_id")
            .fetch_all(&mut conn)
            .await
            .unwrap();
        assert_eq!(
            rows[0].get::<Option<f64>, _>(0),
            None,
            "{engine:?}: 19 hours, no daily mean"
        );
        assert_eq!(rows[0].get::<Option<f64>, _>(1), Some(60.0));
        assert_eq!(
            rows[0].get::<Option<i64>, _>(2),
            Some(30),
            "rated on O3 8-h alone"
        );
        assert_eq!(rows[1].get::<Option<f64>, _>(1), None);
        assert_eq!(rows[1].get::<Option<i64>, _>(2), None, "no invented AQI");
    }
}

#[tokio::test]
async fn heavy_pollution_shows_a_banner_and_stale_data_a_warning() {
    let t = app::i18n::texts(Default::default());
    for engine in ENGINES {
        let app = empty_app(engine).await;
        let db = db(&app).await;
        station(&db, "a").await;
        let now = hour_start(Utc::now());
        // PM2.5 at 300 for a day: AQI 300 (heavily polluted).
        air::ingest(&db, &readings("a", now, 24, 300.0))
            .await
            .unwrap();
        let (_, body) = app.page("/").await;
        assert!(
            body.contains("heavy-banner") && body.contains(r#"role="alert""#),
            "{engine:?}"
        );
        assert!(body.contains(t.category(Category::HeavilyPolluted).name));
        let (_, body) = app.page("/air").await;
        assert!(body.contains("heavy-banner"), "on every page");

        let app = empty_app(engine).await;
        let db2 = Db::connect(&app.database_url, 2).await.unwrap();
        station(&db2, "a").await;
        air::ingest(&db2, &readings("a", now - Duration::hours(5), 24, 20.0))
            .await
            .unwrap();
        let (_, body) = app.page("/").await;
        assert!(body.contains(t.stale_warning));
        assert!(!body.contains("heavy-banner"));
    }
}

async fn push_app(engine: Engine) -> TestApp {
    TestApp::spawn_on(TestDb::new(engine).await, |c| {
        c.demo = false;
        c.air_push_tokens = vec!["feed-secret".to_owned()];
    })
    .await
}

async fn push(app: &TestApp, token: Option<&str>, body: &str) -> helpers::Resp {
    let auth = token.map(|t| format!("Bearer {t}"));
    let mut headers = vec![("content-type", "application/json")];
    if let Some(a) = &auth {
        headers.push(("authorization", a));
    }
    app.send("POST", "/api/air/readings", &headers, Some(body.to_owned()))
        .await
}

fn batch(hour: &str, pm25: &str) -> String {
    format!(
        r#"{{"readings": [{{"station": "a", "hour": "{hour}", "pm25": {pm25}, "pm10": 50, "o3": 60, "no2": 20, "so2": 5, "co": 0.6}},
                         {{"station": "b", "hour": "{hour}", "pm25": 30}}]}}"#
    )
}

#[tokio::test]
async fn push_api_needs_a_token_and_stores_idempotently() {
    for engine in ENGINES {
        let app = push_app(engine).await;
        let db = db(&app).await;
        station(&db, "a").await;
        station(&db, "b").await;
        let body = batch("2026-06-01T10:00:00+08:00", "35");

        let r = push(&app, None, &body).await;
        assert_eq!(r.status, 401, "{engine:?}");
        assert!(r.body.contains("unauthorized"));
        assert_eq!(push(&app, Some("wrong"), &body).await.status, 401);
        assert_eq!(push(&app, Some("feed-secre"), &body).await.status, 401);

        let r = push(&app, Some("feed-secret"), &body).await;
        assert_eq!(r.status, 200, "{}", r.body);
        assert!(r.body.contains(r#""accepted":2"#));
        // The same hour again, corrected: replaced, not duplicated.
        let r = push(
            &app,
            Some("feed-secret"),
            &batch("2026-06-01T10:00:00+08:00", "36"),
        )
        .await;
        assert_eq!(r.status, 200);
        let mut conn = app.db().await;
        let rows = sqlx::query("SELECT pm25 FROM air_readings ORDER BY station_id")
            .fetch_all(&mut conn)
            .await
            .unwrap();
        let pm: Vec<f64> = rows.iter().map(|r| r.get(0)).collect();
        assert_eq!(pm, vec![36.0, 30.0]);
        // The day's values exist (invalid with one hour, but recorded as such).
        let n: i64 = sqlx::query("SELECT COUNT(*) FROM air_station_daily WHERE day = '2026-06-01'")
            .fetch_one(&mut conn)
            .await
            .unwrap()
            .get(0);
        assert_eq!(n, 2);
    }
}

fn cases_duplicate() -> String {
    r#"{"readings": [{"station": "a", "hour": "2026-06-01T11:00:00+08:00", "pm25": 1},
                     {"station": "a", "hour": "2026-06-01T11:00:00+08:00", "pm25": 2}]}"#
        .to_owned()
}

/// Issue 14: wrong tokens are throttled per client; once over the limit
/// even the right token waits, so guessing gains nothing.
#[tokio::test]
async fn wrong_push_tokens_are_throttled() {
    let app = push_app(Engine::Sqlite).await;
    let body = batch("2026-06-01T10:00:00+08:00", "35");
    let statuses: Vec<u16> = futures::future::join_all((0..15).map(|i| {
        let token = format!("guess-{i}");
        let app = &app;
        let body = &body;
        async move { push(app, Some(&token), body).await.status }
    }))
    .await;
    assert_eq!(
        statuses.iter().filter(|s| **s == 401).count(),
        10,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 429).count(),
        5,
        "{statuses:?}"
    );
    let r = push(&app, Some("feed-secret"), &body).await;
    assert_eq!(r.status, 429, "refused before the token is checked");
    assert!(r.body.contains("too_many_attempts"));
}

#[tokio::test]
async fn push_api_refuses_absurd_readings_and_stores_nothing_of_the_batch() {
    for engine in ENGINES {
        let app = push_app(engine).await;
        let db = db(&app).await;
        station(&db, "a").await;
        station(&db, "b").await;
        let cases = [
            (batch("2026-06-01T10:00:00+08:00", "-5"), "negative"),
            (batch("2026-06-01T10:00:00+08:00", "99999"), "implausible"),
            (batch("2026-06-01T10:30:00+08:00", "35"), "not_on_the_hour"),
            (batch("2999-01-01T10:00:00+08:00", "35"), "in_the_future"),
            ("{not json".to_owned(), "invalid_json"),
            (r#"{"readings": [{"station": "zz", "hour": "2026-06-01T10:00:00+08:00", "pm25": 1}]}"#.to_owned(), "unknown_station"),
            // Issue 14: PostgreSQL answered 503 to these.
            (r#"{"readings": [{"station": "a", "hour": "2026-06-01T10:00:00+08:00", "pm25": 1},
                             {"station": "a", "hour": "2026-06-01T10:00:00+08:00", "pm25": 2}]}"#.to_owned(), "duplicate"),
            (r#"{"readings": [{"station": "a\u0000", "hour": "2026-06-01T10:00:00+08:00", "pm25": 1}]}"#.to_owned(), "unknown_station"),
        ];
        for (body, code) in cases {
            let r = push(&app, Some("feed-secret"), &body).await;
            assert_eq!(r.status, 400, "{engine:?} {code}");
            assert!(r.body.contains(code), "{code}: {}", r.body);
            assert!(r.header("content-type").contains("application/json"));
        }
        let r = push(
            &app,
            Some("feed-secret"),
            &batch("2026-06-01T10:00:00+08:00", "-5"),
        )
        .await;
        assert!(r.body.contains(r#""index":0"#), "names the refused reading");
        let r = push(&app, Some("feed-secret"), &cases_duplicate()).await;
        assert!(
            r.body.contains(r#""index":1"#) && r.body.contains("index 0"),
            "{}",
            r.body
        );
        let mut conn = app.db().await;
        let n: i64 = sqlx::query("SELECT COUNT(*) FROM air_readings")
            .fetch_one(&mut conn)
            .await
            .unwrap()
            .get(0);
        assert_eq!(n, 0, "a refused batch stores nothing");
    }
}
