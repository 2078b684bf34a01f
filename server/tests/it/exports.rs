//! Issue 19: the cases behind a list as CSV and as an Excel workbook, and
//! the dashboard as a workbook: every page of the list, a handler's own
//! unit only, names and phone numbers only for staff who may see them,
//! and every export logged (each case whose personal data went with it
//! too); both engines.

use crate::helpers;
use crate::stats::{file, steps};

use chrono::Utc;
use domain::case::Step;
use domain::staff::Role;
use helpers::{count, each_engine, staff};

#[tokio::test]
async fn the_cases_of_a_list_export_with_their_rules() {
    each_engine(|app| async move {
        let db = helpers::app_db(&app, 1).await;
        // 25 cases (more than an inbox page); the first five dispatched to
        // Anting, the rest not yet dispatched.
        let mut ids = Vec::new();
        for _ in 0..25 {
            ids.push(file(&db, "noise_social", "malu", Utc::now()).await);
        }
        for id in &ids[..5] {
            steps(&db, *id, &[Step::Accept, Step::Assign], Utc::now()).await;
        }
        let references: Vec<String> = sqlx::query_scalar("SELECT reference FROM cases ORDER BY id")
            .fetch_all(&db.pool)
            .await
            .unwrap();
        db.pool.close().await;

        assert!([302, 303].contains(&app.get("/staff/cases.csv").await.status));
        let mut editor = staff(&app, "editor.export", Role::Editor, None).await;
        assert_eq!(editor.get("/staff/cases.csv").await.status, 403);

        // The dispatcher: all 25 across pages, no personal data unless asked.
        let mut dispatcher = staff(&app, "dispatch.export", Role::Dispatcher, None).await;
        let inbox = dispatcher.get("/staff/cases?status=all").await;
        let href = helpers::link(&inbox.body, "/staff/cases.csv?").expect("an export link");
        assert_eq!(href, "/staff/cases.csv?status=all");
        assert!(inbox.body.contains("personal=1"), "a dispatcher may take personal data");
        let csv = dispatcher.get(&href).await;
        assert_eq!(csv.status, 200);
        assert!(csv.header("content-type").starts_with("text/csv"));
        assert!(csv.header("content-disposition").starts_with("attachment"));
        assert!(csv.body.starts_with("\u{feff}编号,收件时间,类别,街镇"), "{}", csv.body);
        assert_eq!(csv.body.lines().count(), 26, "a header and every case");
        for r in &references {
            assert!(csv.body.contains(r.as_str()), "{r}");
        }
        assert!(!csv.body.contains("13912345678") && !csv.body.contains("王五"));

        let xlsx = dispatcher
            .get("/staff/cases.xlsx?status=all&personal=1")
            .await;
        assert_eq!(xlsx.status, 200);
        assert!(xlsx.header("content-type").contains("spreadsheetml"));
        assert_eq!(&xlsx.bytes[..2], b"PK", "a workbook is a zip");
        assert_eq!(
            count(&app, "SELECT COUNT(*) FROM case_exports WHERE personal = 1 AND format = 'xlsx' AND cases = 25").await,
            1
        );
        assert_eq!(count(&app, "SELECT COUNT(*) FROM personal_data_views").await, 25);
        let with = dispatcher.get("/staff/cases.csv?status=all&personal=1").await;
        assert!(with.body.contains("13912345678") && with.body.contains("王五"));
        assert_eq!(count(&app, "SELECT COUNT(*) FROM personal_data_views").await, 50);

        // A leader sees the cases but not who filed them, whatever is asked.
        let mut leader = staff(&app, "leader.export", Role::Leader, None).await;
        let inbox = leader.get("/staff/cases?status=all").await;
        assert!(!inbox.body.contains("personal=1"));
        let csv = leader.get("/staff/cases.csv?status=all&personal=1").await;
        assert_eq!(csv.status, 200);
        assert!(!csv.body.contains("13912345678") && !csv.body.contains("王五"));
        assert_eq!(
            count(&app, "SELECT COUNT(*) FROM case_exports WHERE personal = 0").await,
            2
        );

        // A handler: their unit's five only.
        let mut handler = staff(&app, "handler.export", Role::Handler, Some("anting")).await;
        let csv = handler.get("/staff/cases.csv?status=all").await;
        assert_eq!(csv.status, 200);
        assert_eq!(csv.body.lines().count(), 6, "{}", csv.body);
        assert!(csv.body.contains(references[0].as_str()));
        assert!(!csv.body.contains(references[10].as_str()));

        // A filter it cannot read exports nothing rather than everything.
        let bad = dispatcher.get("/staff/cases.csv?page=x").await;
        assert_eq!(bad.status, 400);
        let exports = count(&app, "SELECT COUNT(*) FROM case_exports").await;
        for filter in [
            "received=2026-02-01~2026-01-01",
            "received=garbage",
            "answered=2026-13-01~2026-13-02",
            "category=bogus",
            "unit=bogus",
            "town=bogus",
            "figure=bogus",
            "status=bogus",
            "due=tomorrow",
        ] {
            let r = dispatcher
                .get(&format!("/staff/cases.csv?status=all&{filter}&personal=1"))
                .await;
            assert_eq!(r.status, 400, "{filter}");
            assert!(!r.body.contains("13912345678"), "{filter}");
        }
        assert_eq!(
            count(&app, "SELECT COUNT(*) FROM case_exports").await,
            exports,
            "nothing exported, nothing logged"
        );

        // The dashboard as a workbook.
        let book = dispatcher.get("/staff/dashboard.xlsx?period=this_year").await;
        assert_eq!(book.status, 200, "{}", book.body);
        assert_eq!(&book.bytes[..2], b"PK");
        let dashboard = dispatcher.get("/staff/dashboard").await;
        assert!(dashboard.body.contains("/staff/dashboard.xlsx?"));
        assert_eq!(
            dispatcher.get("/staff/dashboard.xlsx?period=custom&from=x&to=y").await.status,
            400
        );
    })
    .await;
}
