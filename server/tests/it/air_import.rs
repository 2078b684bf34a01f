//! Staff CSV import of air-quality readings, on both engines.

use crate::helpers;

use app::server::Db;
use app::server::air::{self, Station};

use domain::aqi::Pollutant;
use domain::aqi::import::LineProblem;
use domain::aqi::reading::ReadingError;
use domain::staff::Role;
use helpers::{ENGINES, Engine, Resp, TestApp, TestDb};
use sqlx::Row;

const BOUNDARY: &str = "----qingjia-test-boundary";

struct Setup {
    app: TestApp,
    admin: String,
    dispatcher: String,
}

async fn setup(engine: Engine) -> Setup {
    let app = TestApp::spawn_on(TestDb::new(engine).await, |c| c.demo = false).await;
    let db = Db::connect(&app.database_url, 1).await.unwrap();
    for code in ["jd-1", "jd-2"] {
        air::save_station(
            &db,
            &Station {
                id: 0,
                code: code.to_owned(),
                name_zh: code.to_owned(),
                name_en: code.to_owned(),
                town: "嘉定镇街道".to_owned(),
                latitude: None,
                longitude: None,
                kind: "test".to_owned(),
                demo: false,
            },
        )
        .await
        .unwrap();
    }
    let admin = session(&app, "root.admin", Role::Admin).await;
    let dispatcher = session(&app, "desk", Role::Dispatcher).await;
    Setup {
        app,
        admin,
        dispatcher,
    }
}

/// Signs in (setting up two-step verification for administrators): the
/// session cookie as `name=value`.
/// The session cookie of a signed-in staff member.
async fn session(app: &TestApp, user: &str, role: Role) -> String {
    let b = helpers::staff(app, user, role, None).await;
    format!("qj_staff={}", b.cookie("qj_staff").expect("a session"))
}

async fn upload(app: &TestApp, cookie: &str, name: &str, csv: &str) -> Resp {
    let body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
         Content-Type: text/csv\r\n\r\n{csv}\r\n--{BOUNDARY}--\r\n"
    );
    let ct = format!("multipart/form-data; boundary={BOUNDARY}");
    let origin = app.base.clone();
    app.send(
        "POST",
        "/staff/air/import",
        &[
            ("content-type", &ct),
            ("cookie", cookie),
            ("origin", &origin),
        ],
        Some(body),
    )
    .await
}

async fn confirm(app: &TestApp, cookie: &str, batch: &str, mode: &str) -> Resp {
    let origin = app.base.clone();
    app.post_form(
        "/staff/air/import/confirm",
        &[("cookie", cookie), ("origin", &origin)],
        &[("batch", batch), ("mode", mode)],
    )
    .await
}

fn batch_of(r: &Resp) -> String {
    let marker = r#"name="batch" value=""#;
    let start = r.body.find(marker).expect("a batch to confirm") + marker.len();
    r.body[start..].split('"').next().unwrap().to_owned()
}

async fn readings(app: &TestApp) -> i64 {
    let mut conn = app.db().await;
    sqlx::query("SELECT COUNT(*) FROM air_readings")
        .fetch_one(&mut conn)
        .await
        .unwrap()
        .get(0)
}

const GOOD: &str = "station,hour,pm25,pm10,o3,no2,so2,co\n\
                    jd-1,2026-06-01 10:00,35,50,60,20,5,0.6\n\
                    jd-2,2026-06-01 10:00,41,,,,,\n";

#[tokio::test]
async fn a_clean_file_is_previewed_then_imported() {
    let t = app::i18n::texts(Default::default());
    for engine in ENGINES {
        let s = setup(engine).await;
        let (status, body) = s
            .app
            .get_with("/staff/air/import", &[("cookie", &s.admin)])
            .await
            .into();
        assert_eq!(status, 200, "{engine:?}");
        assert!(body.contains(r#"enctype="multipart/form-data""#));

        let r = upload(&s.app, &s.admin, "june.csv", GOOD).await;
        assert_eq!(r.status, 200, "{}", r.body);
        assert!(
            r.body.contains(&(t.preview_heading)("june.csv"))
                && r.body.contains(&(t.preview_counts)(2, 0))
        );
        assert!(r.body.contains(&(t.import_all)(2)));
        assert_eq!(
            readings(&s.app).await,
            0,
            "nothing stored before confirmation"
        );

        let r = confirm(&s.app, &s.admin, &batch_of(&r), "all").await;
        assert_eq!(r.status, 303);
        assert_eq!(r.header("location"), "/staff/air/import?imported=2");
        assert_eq!(readings(&s.app).await, 2);
        let (_, body) = s
            .app
            .get_with("/staff/air/import?imported=2", &[("cookie", &s.admin)])
            .await
            .into();
        assert!(body.contains(&(t.imported)(2)));

        // The same file again: replaced, not duplicated.
        let r = upload(&s.app, &s.admin, "june.csv", GOOD).await;
        confirm(&s.app, &s.admin, &batch_of(&r), "all").await;
        assert_eq!(readings(&s.app).await, 2);
        let mut conn = s.app.db().await;
        let n: i64 = sqlx::query("SELECT COUNT(*) FROM air_station_daily")
            .fetch_one(&mut conn)
            .await
            .unwrap()
            .get(0);
        assert_eq!(n, 2, "daily values updated on import");
    }
}

#[tokio::test]
async fn problems_are_listed_by_line_and_only_valid_lines_import_when_asked() {
    let t = app::i18n::texts(Default::default());
    for engine in ENGINES {
        let s = setup(engine).await;
        let csv = "station,hour,pm25\n\
                   jd-1,2026-06-01 10:00,35\n\
                   jd-9,2026-06-01 10:00,35\n\
                   jd-2,2026-06-01 10:00,-4\n\
                   jd-2,2026-06-01 11:00,40\n";
        let r = upload(&s.app, &s.admin, "mixed.csv", csv).await;
        assert_eq!(r.status, 200);
        assert!(r.body.contains(&(t.preview_counts)(2, 2)));
        let row = |line: usize, problem: LineProblem| {
            format!(
                r#"<td class="num">{line}</td><td>{}</td>"#,
                t.line_problem(&problem)
            )
        };
        assert!(
            r.body.contains(&row(3, LineProblem::UnknownStation)),
            "{}",
            r.body
        );
        assert!(r.body.contains(&row(
            4,
            LineProblem::Reading(ReadingError::Negative(Pollutant::Pm25))
        )));
        assert!(r.body.contains(&(t.import_valid_only)(2)));
        let batch = batch_of(&r);

        // "All" is refused for a file with problems; nothing is stored.
        let r = confirm(&s.app, &s.admin, &batch, "all").await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains(t.file_has_problems));
        assert_eq!(readings(&s.app).await, 0);

        let r = confirm(&s.app, &s.admin, &batch, "valid").await;
        assert_eq!(r.header("location"), "/staff/air/import?imported=2");
        assert_eq!(readings(&s.app).await, 2);

        // A used (or unknown) upload cannot be imported twice.
        let r = confirm(&s.app, &s.admin, &batch, "valid").await;
        assert_eq!(r.status, 404);
        assert!(r.body.contains(t.file_expired));
    }
}

#[tokio::test]
async fn only_administrators_import() {
    let t = app::i18n::texts(Default::default());
    for engine in ENGINES {
        let s = setup(engine).await;
        let r = s
            .app
            .get_with("/staff/air/import", &[("cookie", &s.dispatcher)])
            .await;
        assert_eq!(r.status, 403);
        assert!(r.body.contains(t.admins_only));
        let r = upload(&s.app, &s.dispatcher, "x.csv", GOOD).await;
        assert_eq!(r.status, 403);
        let r = upload(&s.app, "qj_staff=forged", "x.csv", GOOD).await;
        assert_eq!(r.status, 303);
        assert_eq!(r.header("location"), "/staff/login");
        assert_eq!(
            s.app.get("/staff/air/import").await.header("location"),
            "/staff/login"
        );
        // Another administrator's upload is not yours to confirm.
        let r = upload(&s.app, &s.admin, "june.csv", GOOD).await;
        let batch = batch_of(&r);
        assert_eq!(
            confirm(&s.app, &s.dispatcher, &batch, "all").await.status,
            403
        );
        assert_eq!(readings(&s.app).await, 0);
    }
}

#[tokio::test]
async fn unreadable_files_are_named_not_failed() {
    let t = app::i18n::texts(Default::default());
    let s = setup(Engine::Sqlite).await;
    let body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"gbk.csv\"\r\n\r\n"
    );
    let mut bytes = body.into_bytes();
    bytes.extend_from_slice(&[0xd5, 0xbe, 0xb5, 0xe3, 0xff, 0xfe]);
    bytes.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    let ct = format!("multipart/form-data; boundary={BOUNDARY}");
    let origin = s.app.base.clone();
    let r = s
        .app
        .send_bytes(
            "POST",
            "/staff/air/import",
            &[
                ("content-type", &ct),
                ("cookie", &s.admin),
                ("origin", &origin),
            ],
            Some(bytes),
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains(t.file_not_utf8));

    let r = upload(&s.app, &s.admin, "no-header.csv", "site,time\nx,y\n").await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains(t.problem_columns));
    assert!(
        !r.body.contains(r#"name="mode""#),
        "nothing to import, no import button"
    );

    let r = upload(&s.app, &s.admin, "empty.csv", "").await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains(t.file_none));
}
