//! Issue 19: the public statistics (`/stats`) and their open data: a
//! month is published from the tallies once it is due and frozen then;
//! counts from one to four never show, nor a count that the total would
//! give away; shares need five cases; both engines.

use crate::helpers;
use crate::stats::{at, file, rate, steps};

use app::server::Db;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use domain::case::{Rating, Step};
use domain::public_stats::{latest_published, month_code, shift};
use helpers::each_engine;

/// 10:00 in Shanghai on `day` of the month beginning `first`.
fn morning(first: NaiveDate, day: u32) -> DateTime<Utc> {
    let d = first.with_day(day).unwrap();
    at(&format!("{d}T02:00:00Z"))
}

/// Files `n` complaints of `category` in `town` on the 2nd of `month`;
/// their ids.
async fn filed(db: &Db, n: usize, category: &str, town: &str, month: NaiveDate) -> Vec<i64> {
    let mut ids = Vec::new();
    for _ in 0..n {
        ids.push(file(db, category, town, morning(month, 2)).await);
    }
    ids
}

/// The row of the open-data CSV for `breakdown` and `code` in `month`.
fn csv_row(csv: &str, month: &str, breakdown: &str, code: &str) -> Vec<String> {
    csv.trim_start_matches('\u{feff}')
        .lines()
        .map(|l| l.split(',').map(str::to_owned).collect::<Vec<_>>())
        .find(|cells| {
            cells.len() > 2 && cells[0] == month && cells[1] == breakdown && cells[2] == code
        })
        .unwrap_or_else(|| panic!("no row {month} {breakdown} {code} in\n{csv}"))
}

#[tokio::test]
async fn months_are_published_frozen_and_small_counts_never_show() {
    each_engine(|app| async move {
        let t = app::i18n::texts(Default::default());
        let today = domain::shanghai::today(Utc::now());
        let month = latest_published(today);
        let code = month_code(month);
        let db = helpers::app_db(&app, 1).await;

        // Anting: seven complaints, six answered the next day, one late on
        // the 22nd; five replies rated, four of them satisfied. Malu: six,
        // none answered. Nanxiang: two cooking-fume complaints.
        let anting = filed(&db, 7, "noise_social", "anting", month).await;
        for id in &anting[..6] {
            steps(
                &db,
                *id,
                &[Step::Accept, Step::Assign, Step::Reply],
                morning(month, 3),
            )
            .await;
        }
        steps(
            &db,
            anting[6],
            &[Step::Accept, Step::Assign, Step::Reply],
            morning(month, 22),
        )
        .await;
        for (i, id) in anting[..5].iter().enumerate() {
            let rating = if i == 0 {
                Rating::Unsatisfied
            } else {
                Rating::Satisfied
            };
            rate(&db, *id, rating, morning(month, 23)).await;
        }
        filed(&db, 6, "noise_social", "malu", month).await;
        filed(&db, 2, "fumes_restaurant", "nanxiang", month).await;
        // The same month a year before: five complaints.
        let year_before = shift(month, -12);
        filed(&db, 5, "noise_social", "anting", year_before).await;
        // This month's (not yet published).
        file(&db, "noise_social", "anting", Utc::now()).await;

        let r = app.get("/stats").await;
        assert_eq!(r.status, 200, "{}", r.body);
        let month_name = (t.p.month)(month);
        for text in [
            t.p.title,
            month_name.as_str(),
            t.p.hidden,
            t.p.hidden_note,
            (t.p.definition)("on_time"),
            r#"id="map-on-time""#,
            r#"id="chart-received""#,
            "85.7%",
            "80.0%",
        ] {
            assert!(r.body.contains(text), "{text}");
        }
        for href in [
            "/stats/complaints-monthly.csv",
            "/stats/complaints-monthly.json",
            "/stats/datapackage.json",
        ] {
            assert!(r.body.contains(&format!(r#"href="{href}""#)), "{href}");
        }

        // The open data: the district's 15 shown; Nanxiang's 2 hidden, and
        // Malu's 6 with it (else 15 − 7 − 6 would give it); in categories,
        // the 2 cooking-fume complaints and the 13 of noise both hidden.
        let csv = app.get("/stats/complaints-monthly.csv").await;
        assert_eq!(csv.status, 200);
        assert!(csv.header("content-type").starts_with("text/csv"));
        assert_eq!(csv.header("access-control-allow-origin"), "*");
        let body = &csv.body;
        assert!(body.starts_with("\u{feff}month,breakdown,code,name_zh,name_en,received,"));
        assert_eq!(csv_row(body, &code, "all", "jiading")[5], "15");
        let anting_row = csv_row(body, &code, "town", "anting");
        assert_eq!(anting_row[5], "7");
        assert_eq!(anting_row[6], "0.8571", "six of seven on time");
        assert_eq!(anting_row[7], "0.8", "four of five satisfied");
        assert!(!anting_row[8].is_empty(), "a median from seven answers");
        assert_eq!(csv_row(body, &code, "town", "nanxiang")[5], "");
        let malu = csv_row(body, &code, "town", "malu");
        assert_eq!(malu[5], "", "hidden with Nanxiang's");
        assert_eq!(malu[6], "", "no share without answers");
        assert_eq!(csv_row(body, &code, "town", "jiangqiao")[5], "0");
        assert_eq!(csv_row(body, &code, "category", "fumes_restaurant")[5], "");
        assert_eq!(csv_row(body, &code, "category", "noise_social")[5], "");
        assert_eq!(
            csv_row(body, &month_code(year_before), "all", "jiading")[5],
            "5"
        );
        // No cell anywhere holds a count from one to four.
        for line in body.lines().skip(1) {
            let received = line.split(',').nth(5).unwrap_or("");
            assert!(
                !["1", "2", "3", "4"].contains(&received),
                "a small count published: {line}"
            );
        }
        assert!(
            !body.contains(&month_code(shift(month, 1))),
            "the month after is not published yet"
        );

        let json = app.get("/stats/complaints-monthly.json").await;
        assert_eq!(json.status, 200);
        let doc: serde_json::Value = serde_json::from_str(&json.body).unwrap();
        assert_eq!(doc["licence"]["name"], "CC-BY-4.0");
        assert_eq!(
            doc["fields"].as_array().unwrap().len(),
            domain::public_stats::FIELDS.len()
        );
        let rows = doc["rows"].as_array().unwrap();
        let nanxiang = rows
            .iter()
            .find(|r| r["month"] == code.as_str() && r["code"] == "nanxiang")
            .unwrap();
        assert!(nanxiang["received"].is_null(), "{nanxiang}");
        let package = app.get("/stats/datapackage.json").await;
        let package: serde_json::Value = serde_json::from_str(&package.body).unwrap();
        assert_eq!(package["resources"][0]["path"], "complaints-monthly.csv");
        assert_eq!(
            package["resources"][0]["schema"]["fields"][5]["name"],
            "received"
        );

        // Published means frozen: a complaint of that month entered late
        // changes nothing shown.
        filed(&db, 1, "noise_social", "anting", month).await;
        let again = app.get("/stats/complaints-monthly.csv").await;
        assert_eq!(csv_row(&again.body, &code, "town", "anting")[5], "7");

        // Months that cannot be read or are not published are named.
        let r = app.get("/stats?month=2026-13").await;
        assert_eq!(r.status, 400);
        assert!(r.body.contains((t.p.problem)("month_unreadable")));
        let next = month_code(shift(month, 1));
        let r = app.get(&format!("/stats?month={next}")).await;
        assert_eq!(r.status, 404);
        assert!(r.body.contains((t.p.problem)("month_unpublished")));
        assert!(
            r.body.contains(&format!(r#"value="{code}""#)),
            "the months to pick from"
        );
        let r = app
            .get(&format!("/stats?month={}", month_code(year_before)))
            .await;
        assert_eq!(r.status, 200);
        assert!(r.body.contains(&(t.p.month)(year_before)));
        let r = app.get("/stats?month=2000-01").await;
        assert_eq!(r.status, 404);
        assert!(r.body.contains((t.p.problem)("month_absent")));
        let r = app.get("/stats?month=%FF%00").await;
        assert!([400, 404].contains(&r.status), "{}", r.status);

        // In English too, and linked from the home page and the board.
        let en = app.get_with("/stats", &[("cookie", "qj_lang=en")]).await;
        assert_eq!(en.status, 200);
        assert!(en.body.contains("Complaints in numbers"), "{}", en.body);
        for page in ["/", "/board"] {
            let (status, body) = app.page(page).await;
            assert_eq!(status, 200);
            assert!(body.contains(r#"href="/stats""#), "{page}");
        }
        db.pool.close().await;
    })
    .await;
}

#[tokio::test]
async fn nothing_published_reads_as_such() {
    each_engine(|app| async move {
        let t = app::i18n::texts(Default::default());
        let r = app.get("/stats").await;
        assert_eq!(r.status, 200);
        assert!(r.body.contains(t.p.nothing_yet));
        let csv = app.get("/stats/complaints-monthly.csv").await;
        assert_eq!(csv.status, 200);
        assert_eq!(
            csv.body.trim_start_matches('\u{feff}').lines().count(),
            1,
            "a header only"
        );
    })
    .await;
}
