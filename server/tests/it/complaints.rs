//! Filing, tracking, rating, the public board and the outbox, over HTTP as
//! a browser without JavaScript does it, on SQLite and PostgreSQL.

use crate::helpers;

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use app::server::Db;
use app::server::cases::{self, StaffAction};
use app::server::outbox::{self, Outgoing, Sender};
use app::server::trail::{self, Actor, Verdict};
use chrono::Utc;
use domain::case::{Outcome, Status, Step as CaseStep};
use domain::complaint::input::FieldError;
use helpers::{Browser, ENGINES, Resp, TestApp, TestDb, count, each_engine, phone_photo};
use sqlx::Row;

/// A form as posted: (name, value) pairs.
type Form<'a> = Vec<(&'a str, &'a str)>;

const DESCRIPTION: &str = "工地每晚十一点以后还在打桩，声音很大，家里老人孩子都无法入睡。";

/// Files a noise complaint through every step; the check page's response.
async fn fill_noise(b: &mut Browser<'_>, address: &str, public: bool) -> Resp {
    fill_noise_with(b, address, DESCRIPTION, public).await
}

/// [`fill_noise`] with a description of one's own.
async fn fill_noise_with(
    b: &mut Browser<'_>,
    address: &str,
    description: &str,
    public: bool,
) -> Resp {
    b.file_to_photos(
        "noise_construction",
        address,
        &[
            ("when", "night"),
            ("recurring", "yes"),
            ("description", description),
        ],
    )
    .await;
    assert!(b.cookie("qj_draft").is_some());
    let r = b.post("/complaints/new/photos/done", &[]).await;
    assert_eq!(r.header("location"), "/complaints/new/contact");
    let mut contact = vec![
        ("name", "张三丰"),
        ("phone", "138 1234 5678"),
        ("consent", "yes"),
    ];
    if public {
        contact.push(("public", "yes"));
    }
    let r = b.post("/complaints/new/contact", &contact).await;
    assert_eq!(r.header("location"), "/complaints/new/check", "{}", r.body);
    let r = b.get("/complaints/new/check").await;
    assert_eq!(r.status, 200);
    r
}

/// Submits and reads the confirmation: (reference, access code).
async fn submit(b: &mut Browser<'_>) -> (String, String) {
    let r = b.post("/complaints/new/check", &[]).await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(r.header("location"), "/complaints/done");
    let r = b.get("/complaints/done").await;
    assert_eq!(r.status, 200);
    let reference = element_text(&r.body, "id=\"reference\"");
    let code = element_text(&r.body, "id=\"access-code\"");
    assert!(reference.starts_with("JD-"), "{reference}");
    assert_eq!(code.len(), 9, "{code}");
    assert!(r.body.contains("<svg"), "a QR code");
    (reference, code)
}

/// A dispatcher approves the public text of every case waiting for review,
/// posting the resident's own text unredacted (a careless reviewer: the
/// number mask must still hold). Returns the dispatcher's browser.
async fn publish_all<'a>(app: &'a TestApp) -> Browser<'a> {
    publish_all_with(app, |t| t.to_owned()).await
}

/// [`publish_all`], the reviewer changing each text with `edit`.
async fn publish_all_with<'a>(app: &'a TestApp, edit: impl Fn(&str) -> String) -> Browser<'a> {
    let mut desk = helpers::staff(app, "reviewer", domain::staff::Role::Dispatcher, None).await;
    let inbox = desk.get("/staff/cases?review=public").await;
    assert_eq!(inbox.status, 200);
    let mut conn = app.db().await;
    let rows = sqlx::query(
        "SELECT reference, version, description, address_public FROM cases \
         WHERE public = 1 AND published_at IS NULL",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    for r in rows {
        let (reference, version, text, place): (String, i64, String, String) =
            (r.get(0), r.get(1), r.get(2), r.get(3));
        assert!(
            inbox.body.contains(&reference),
            "{reference} waits in the inbox"
        );
        let version = version.to_string();
        let text = edit(&text);
        let done = desk
            .post(
                &format!("/staff/cases/{reference}/publish"),
                &[
                    ("version", &version),
                    ("public_text", &text),
                    ("public_place", &place),
                ],
            )
            .await;
        assert_eq!(done.status, 303, "{}", done.body);
    }
    desk
}

/// The text of the element with `attribute` (attributes in any order).
fn element_text(body: &str, attribute: &str) -> String {
    let at = body
        .find(attribute)
        .unwrap_or_else(|| panic!("{attribute} in {body}"));
    let i = body[at..].find('>').unwrap() + at + 1;
    let j = body[i..].find('<').unwrap() + i;
    body[i..j].to_owned()
}

/// Submits each draft (`cookies`: `qj_draft=…`) twice, all at once; the
/// answers, in the order of `cookies` and then again.
async fn submit_twice_at_once(app: &TestApp, cookies: &[String]) -> Vec<Resp> {
    let origin = app.base.clone();
    let headers: Vec<[(&str, &str); 2]> = cookies
        .iter()
        .map(|c| [("origin", origin.as_str()), ("cookie", c.as_str())])
        .collect();
    futures::future::join_all(
        headers
            .iter()
            .chain(&headers)
            .map(|h| app.post_form("/complaints/new/check", h, &[])),
    )
    .await
}

async fn db(app: &TestApp) -> Db {
    helpers::app_db(app, 2).await
}

#[tokio::test]
async fn the_same_draft_submitted_many_times_at_once_files_one_case() {
    each_engine(|app| async move {
        let mut b = Browser::new(&app);
        fill_noise(&mut b, "南翔镇古猗园路12号3号楼", false).await;
        let cookie = format!("qj_draft={}", b.cookie("qj_draft").unwrap());
        let origin = app.base.clone();
        let headers = [("origin", origin.as_str()), ("cookie", cookie.as_str())];
        // Filled in an hour ago.
        let mut conn = app.db().await;
        sqlx::query("UPDATE complaint_drafts SET updated_at = $1")
            .bind((Utc::now() - chrono::Duration::hours(1)).to_rfc3339())
            .execute(&mut conn)
            .await
            .unwrap();
        let submitted_from = Utc::now() - chrono::Duration::seconds(1);
        let answers = futures::future::join_all(
            (0..6).map(|_| app.post_form("/complaints/new/check", &headers, &[])),
        )
        .await;
        for r in &answers {
            assert_eq!(r.status, 303, "{}", r.body);
            assert_eq!(r.header("location"), "/complaints/done");
        }
        assert_eq!(count(&app, "SELECT COUNT(*) FROM cases").await, 1);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM case_events").await, 1);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM notifications").await, 1);
        assert!(b.get("/complaints/done").await.body.contains("JD-"));
        // The confirmation page lives a day from the submission on.
        let touched: String = sqlx::query("SELECT updated_at FROM complaint_drafts")
            .fetch_one(&mut conn)
            .await
            .unwrap()
            .get(0);
        let touched = chrono::DateTime::parse_from_rfc3339(&touched).unwrap();
        assert!(touched >= submitted_from, "{touched}");
    })
    .await;
}

#[tokio::test]
async fn many_submissions_at_once_get_consecutive_references_and_an_intact_trail() {
    use app::server::trail::{self, Verdict};
    each_engine(|app| async move {
        let mut cookies = Vec::new();
        for i in 0..12 {
            let mut b = Browser::new(&app);
            fill_noise(&mut b, &format!("南翔镇古猗园路{}号", i + 1), false).await;
            cookies.push(format!("qj_draft={}", b.cookie("qj_draft").unwrap()));
        }
        // Each draft twice, all at once: double taps inside one batch.
        let answers = submit_twice_at_once(&app, &cookies).await;
        assert!(answers.iter().all(|r| r.status == 303), "all acknowledged");
        assert_eq!(count(&app, "SELECT COUNT(*) FROM cases").await, 12);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM notifications").await, 12);
        let mut conn = app.db().await;
        let mut numbers: Vec<i64> = sqlx::query("SELECT reference FROM cases")
            .fetch_all(&mut conn)
            .await
            .unwrap()
            .iter()
            .map(|r| r.get::<String, _>(0)[8..].parse().unwrap())
            .collect();
        numbers.sort_unstable();
        assert_eq!(
            numbers,
            (1..=12).collect::<Vec<i64>>(),
            "no gaps, no repeats"
        );
        let linked = count(
            &app,
            "SELECT COUNT(DISTINCT case_id) FROM complaint_drafts WHERE case_id IS NOT NULL",
        )
        .await;
        assert_eq!(linked, 12, "every draft names its own case");
        assert_eq!(
            trail::verify(&db(&app).await).await.unwrap(),
            Verdict::Intact(12)
        );
    })
    .await;
}

/// The home page's buttons ask the first question within one kind; the
/// only cooking-fume category is chosen already (issue 17). Anything else
/// in the query asks among all.
#[tokio::test]
async fn the_first_question_can_ask_within_one_kind() {
    each_engine(|app| async move {
        let mut b = Browser::new(&app);
        let fumes = b.get("/complaints/new?kind=fumes").await;
        assert_eq!(fumes.status, 200);
        assert!(
            fumes.body.contains(r#"value="fumes_restaurant" checked"#),
            "{}",
            fumes.body
        );
        assert!(!fumes.body.contains(r#"value="noise_construction""#));
        let noise = b.get("/complaints/new?kind=noise").await;
        assert!(noise.body.contains(r#"value="noise_construction""#));
        assert!(!noise.body.contains(r#"value="fumes_restaurant""#));
        assert!(!noise.body.contains(" checked"), "five to choose from");
        for query in [
            "kind=smoke",
            "kind=%ZZ",
            "kind=noise&kind=fumes",
            "kind",
            "%",
        ] {
            let all = b.get(&format!("/complaints/new?{query}")).await;
            assert_eq!(all.status, 200, "{query}");
            assert!(
                all.body.contains(r#"value="noise_construction""#)
                    && all.body.contains(r#"value="fumes_restaurant""#),
                "{query}"
            );
        }
        let r = b
            .post("/complaints/new", &[("category", "fumes_restaurant")])
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
    })
    .await;
}

#[tokio::test]
async fn a_batch_answers_each_submission_for_its_own_draft() {
    each_engine(|app| async move {
        // A finished draft, one already submitted, one stopped at its
        // location step, and a token the server never gave.
        let mut fresh = Browser::new(&app);
        fill_noise(&mut fresh, "南翔镇古猗园路1号", false).await;
        let mut earlier = Browser::new(&app);
        fill_noise(&mut earlier, "南翔镇古猗园路2号", false).await;
        let (first_reference, _) = submit(&mut earlier).await;
        let mut unfinished = Browser::new(&app);
        let r = unfinished
            .post("/complaints/new", &[("category", "noise_construction")])
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        let cookies: Vec<String> = [&fresh, &earlier, &unfinished]
            .iter()
            .map(|b| format!("qj_draft={}", b.cookie("qj_draft").unwrap()))
            .chain(std::iter::once(format!("qj_draft={}", "0".repeat(64))))
            .collect();
        // All at once, twice over, so that they share batches.
        let answers = submit_twice_at_once(&app, &cookies).await;
        let places: Vec<&str> = answers.iter().map(|r| r.header("location")).collect();
        let expected = [
            "/complaints/done",
            "/complaints/done",
            "/complaints/new/location",
            "/complaints/new",
        ];
        assert_eq!(places[..4], expected);
        assert_eq!(places[4..], expected);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM cases").await, 2);
        // The earlier draft still shows its own case; the fresh one its new one.
        let r = earlier.get("/complaints/done").await;
        assert_eq!(element_text(&r.body, "id=\"reference\""), first_reference);
        let r = fresh.get("/complaints/done").await;
        let reference = element_text(&r.body, "id=\"reference\"");
        assert!(reference.starts_with("JD-") && reference != first_reference);
    })
    .await;
}

#[tokio::test]
async fn a_noise_complaint_is_filed_once_and_tracked() {
    let t = app::i18n::texts(Default::default());
    each_engine(|app| async move {
        let mut b = Browser::new(&app);
        let check = fill_noise(&mut b, "南翔镇古猗园路12号3号楼", false).await;
        assert!(
            check.body.contains("张三丰"),
            "the resident sees their answers"
        );
        assert!(
            check.body.contains("/complaints/new/location"),
            "change links"
        );
        let (reference, code) = submit(&mut b).await;
        assert!(reference.starts_with(&format!("JD-{}-", Utc::now().format("%Y"))));

        // Double tap, refresh, back and resubmit: still one case.
        let again = b.post("/complaints/new/check", &[]).await;
        assert_eq!(again.header("location"), "/complaints/done");
        let r = b.get("/complaints/done").await;
        assert!(r.body.contains(&reference));
        assert!(r.body.contains(&code), "a reload shows the code again");
        // So does the receipt in English (the language switch reloads it).
        b.set_cookie("qj_lang", "en");
        let r = b.get("/complaints/done").await;
        assert!(
            r.body.contains(&code),
            "the code survives a language switch"
        );
        b.set_cookie("qj_lang", "zh-CN");
        assert_eq!(count(&app, "SELECT COUNT(*) FROM cases").await, 1);
        // An hour after the submission the receipt no longer shows the
        // code, and the sweeper drops it.
        let mut conn = app.db().await;
        let hour_ago = (Utc::now() - chrono::Duration::minutes(61)).to_rfc3339();
        sqlx::query("UPDATE complaint_drafts SET updated_at = $1")
            .bind(&hour_ago)
            .execute(&mut conn)
            .await
            .unwrap();
        let r = b.get("/complaints/done").await;
        assert!(r.body.contains(&reference));
        assert!(!r.body.contains(&code), "the code is shown for an hour");
        assert!(r.body.contains(t.c.code_shown_once));
        let db = app::server::Db::connect(&app.database_url, 1)
            .await
            .unwrap();
        let dropped = app::server::complaints::forget_old_codes(&db, Utc::now())
            .await
            .unwrap();
        assert_eq!(dropped, 1);
        // Going back to a step of a submitted draft starts afresh.
        let r = b.get("/complaints/new/contact").await;
        assert_eq!(r.header("location"), "/complaints/new");

        let mut conn = app.db().await;
        let row = sqlx::query(
            "SELECT status, unit, due_on, urgent, address_public, contact_phone, access_hash \
             FROM cases",
        )
        .fetch_one(&mut conn)
        .await
        .unwrap();
        assert_eq!(row.get::<String, _>(0), "submitted");
        assert_eq!(row.get::<String, _>(1), "chengguan");
        assert_eq!(row.get::<i64, _>(3), 1, "night noise is urgent");
        assert_eq!(row.get::<String, _>(4), "南翔镇古猗园路");
        assert_eq!(row.get::<String, _>(5), "13812345678");
        // Issue 14: a keyed hash, and the plain code is gone after its hour.
        assert!(row.get::<String, _>(6).starts_with("h1$"));
        let plain: i64 = count(
            &app,
            "SELECT COUNT(*) FROM complaint_drafts WHERE access_code IS NOT NULL",
        )
        .await;
        assert_eq!(plain, 0, "the plain code is not kept after its hour");
        assert_ne!(
            row.get::<String, _>(6),
            code.replace('-', ""),
            "only a hash"
        );
        let due = chrono::NaiveDate::parse_from_str(&row.get::<String, _>(2), "%Y-%m-%d").unwrap();
        assert!(due > domain::shanghai::today(Utc::now()));
        assert_eq!(
            count(
                &app,
                "SELECT COUNT(*) FROM notifications WHERE status = 'pending'"
            )
            .await,
            1,
            "the resident is told by SMS"
        );
        assert_eq!(count(&app, "SELECT COUNT(*) FROM case_events").await, 1);

        // Tracking: reference and code, typed loosely.
        let mut other = Browser::new(&app);
        let r = other
            .post(
                "/track",
                &[
                    ("reference", &reference.to_lowercase()),
                    ("code", &code.to_lowercase()),
                ],
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        assert!(r.body.contains(&reference));
        assert!(r.body.contains(t.c.status(Status::Submitted)));
        // The category's usual unit is only a suggestion until staff assign
        // the case: the resident is not told it handles it.
        assert!(r.body.contains(t.c.unit_pending));
        assert!(!r.body.contains("区城管执法局"));
        assert!(r.body.contains("南翔镇古猗园路"));
        for private in ["张三丰", "13812345678", "1234 5678", "3号楼"] {
            assert!(!r.body.contains(private), "{private} on the tracking page");
        }
    })
    .await;
}

#[tokio::test]
async fn a_wrong_code_and_an_unknown_reference_look_the_same() {
    let t = app::i18n::texts(Default::default());
    each_engine(|app| async move {
        let mut b = Browser::new(&app);
        fill_noise(&mut b, "马陆镇某某小区7幢1201", false).await;
        let (reference, _) = submit(&mut b).await;
        let wrong = b
            .post(
                "/track",
                &[("reference", &reference), ("code", "AAAA-AAAA")],
            )
            .await;
        let unknown = b
            .post(
                "/track",
                &[("reference", "JD-2026-999999"), ("code", "AAAA-AAAA")],
            )
            .await;
        let garbage = b
            .post("/track", &[("reference", "<script>"), ("code", "x")])
            .await;
        assert_eq!(wrong.status, 404);
        assert_eq!(unknown.status, 404);
        assert_eq!(garbage.status, 404);
        let msg = t.c.track_not_found;
        assert!(wrong.body.contains(msg) && unknown.body.contains(msg));
        assert!(!garbage.body.contains("<script>"), "typed text is escaped");
        let empty = b.post("/track", &[("reference", ""), ("code", "")]).await;
        assert_eq!(empty.status, 422);
        assert!(empty.body.contains(t.c.track_missing));
    })
    .await;
}

#[tokio::test]
async fn lookups_are_rate_limited() {
    let db = TestDb::new(helpers::Engine::Sqlite).await;
    let app = TestApp::spawn_on(db, |c| {
        c.demo = false;
        c.lookups_per_minute = 3;
    })
    .await;
    let mut b = Browser::new(&app);
    for _ in 0..3 {
        let r = b
            .post(
                "/track",
                &[("reference", "JD-2026-000001"), ("code", "AAAA-AAAA")],
            )
            .await;
        assert_eq!(r.status, 404);
    }
    let r = b
        .post(
            "/track",
            &[("reference", "JD-2026-000001"), ("code", "AAAA-AAAA")],
        )
        .await;
    assert_eq!(r.status, 429);
    assert_eq!(r.header("retry-after"), "60");
    assert!(
        r.body
            .contains(app::i18n::texts(Default::default()).c.track_throttled)
    );
}

#[tokio::test]
async fn filing_is_rate_limited() {
    let db = TestDb::new(helpers::Engine::Sqlite).await;
    let app = TestApp::spawn_on(db, |c| {
        c.demo = false;
        c.filing_per_minute = 2;
    })
    .await;
    let mut b = Browser::new(&app);
    for _ in 0..2 {
        let r = b.post("/complaints/new", &[("category", "")]).await;
        assert_eq!(r.status, 422);
    }
    let r = b
        .post("/complaints/new", &[("category", "noise_social")])
        .await;
    assert_eq!(r.status, 429);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM complaint_drafts").await,
        0
    );
}

#[tokio::test]
async fn bad_input_gets_a_clear_message_keeps_what_was_typed_and_files_nothing() {
    let t = app::i18n::texts(Default::default());
    each_engine(|app| async move {
        let mut b = Browser::new(&app);
        let problem = |field: &str, e: FieldError| (t.c.field_message)(field, e);
        // Category: empty and forged.
        for (value, message) in [
            ("", problem("category", FieldError::Required)),
            ("air_pollution", problem("category", FieldError::NotAChoice)),
        ] {
            let r = b.post("/complaints/new", &[("category", value)]).await;
            assert_eq!(r.status, 422, "{value}");
            assert!(r.body.contains(&message), "{value}: {}", r.body);
            assert!(r.body.contains("error-summary"));
        }
        b.post("/complaints/new", &[("category", "fumes_restaurant")])
            .await;
        let long_address = "路".repeat(201);
        let table: Vec<(&str, Form, Vec<String>)> = vec![
            (
                "/complaints/new/location",
                vec![("town", "paris"), ("address", "嘉定区博乐路123号")],
                vec![
                    problem("town", FieldError::NotAChoice),
                    "嘉定区博乐路123号".to_owned(),
                ],
            ),
            (
                "/complaints/new/location",
                vec![("town", "anting"), ("address", &long_address)],
                vec![problem("address", FieldError::TooLong(200))],
            ),
            (
                "/complaints/new/location",
                vec![
                    ("town", "anting"),
                    ("address", "安亭镇墨玉路185弄"),
                    ("latitude", "48.85"),
                    ("longitude", "2.35"),
                ],
                vec![
                    problem("location", FieldError::OutOfArea),
                    "安亭镇墨玉路185弄".to_owned(),
                    // Dropped, so that the next press goes on.
                    r#"name="latitude" value="""#.to_owned(),
                ],
            ),
        ];
        for (path, form, expect) in &table {
            let r = b.post(path, form).await;
            assert_eq!(r.status, 422, "{form:?}");
            for e in expect {
                assert!(r.body.contains(e), "{form:?} should show {e}");
            }
        }
        b.post(
            "/complaints/new/location",
            &[("town", "anting"), ("address", "安亭镇墨玉路185弄")],
        )
        .await;
        let long = "很".repeat(2001);
        let hostile = "<script>alert('x')</script> 油烟很大很大很大";
        let details: Vec<(Form, Vec<String>)> = vec![
            (
                vec![
                    ("business", ""),
                    ("fume_kind", "smoke"),
                    ("description", DESCRIPTION),
                ],
                vec![problem("business", FieldError::Required)],
            ),
            (
                vec![
                    ("business", "老王烧烤"),
                    ("fume_kind", "fire"),
                    ("description", DESCRIPTION),
                ],
                vec![
                    problem("fume_kind", FieldError::NotAChoice),
                    "老王烧烤".to_owned(),
                ],
            ),
            (
                vec![
                    ("business", "老王烧烤"),
                    ("fume_kind", "both"),
                    ("description", &long),
                ],
                vec![problem("description", FieldError::TooLong(2000))],
            ),
            (
                vec![
                    ("business", "老王烧烤"),
                    ("fume_kind", "both"),
                    ("description", "太吵"),
                ],
                vec![problem("description", FieldError::TooShort(10))],
            ),
        ];
        for (form, expect) in &details {
            let r = b.post("/complaints/new/details", form).await;
            assert_eq!(r.status, 422, "{form:?}");
            for e in expect {
                assert!(r.body.contains(e), "{form:?} should show {e}");
            }
        }
        // Hostile text is kept as text, never markup: in the field it is
        // typed again into after a problem, and on the check page.
        let breakout = "</textarea><script>alert('x')</script> 油烟很大很大很大";
        let r = b
            .post(
                "/complaints/new/details",
                &[("business", "老王烧烤"), ("description", breakout)],
            )
            .await;
        assert_eq!(r.status, 422);
        assert!(!r.body.contains("<script>alert"), "{}", r.body);
        assert!(r.body.contains("&lt;/textarea>&lt;script>alert"));
        let r = b
            .post(
                "/complaints/new/details",
                &[
                    ("business", "老王烧烤"),
                    ("fume_kind", "both"),
                    ("description", hostile),
                ],
            )
            .await;
        assert_eq!(r.status, 303);
        b.post("/complaints/new/photos/done", &[]).await;
        let contact: Vec<(Vec<(&str, &str)>, String)> = vec![
            (
                vec![("name", "李四"), ("phone", "12345"), ("consent", "yes")],
                problem("phone", FieldError::NotAMobileNumber),
            ),
            (
                vec![("name", ""), ("phone", "13912345678"), ("consent", "yes")],
                problem("name", FieldError::Required),
            ),
            (
                vec![("name", "李四"), ("phone", "13912345678")],
                problem("consent", FieldError::Required),
            ),
            (
                vec![
                    ("name", "李四"),
                    ("phone", "13912345678"),
                    ("consent", "yes"),
                    ("public", "maybe"),
                ],
                problem("public", FieldError::NotAChoice),
            ),
        ];
        for (form, expect) in &contact {
            let r = b.post("/complaints/new/contact", form).await;
            assert_eq!(r.status, 422, "{form:?}");
            assert!(r.body.contains(expect), "{form:?}: {expect}");
            assert!(r.body.contains("李四") || form[0].1.is_empty(), "name kept");
        }
        b.post(
            "/complaints/new/contact",
            &[
                ("name", "李四"),
                ("phone", "13912345678"),
                ("consent", "yes"),
            ],
        )
        .await;
        let check = b.get("/complaints/new/check").await;
        assert!(!check.body.contains("<script>alert"), "escaped");
        assert!(check.body.contains("&lt;script&gt;"));
        // The honeypot: a bot's submission is refused.
        let r = b
            .post("/complaints/new/check", &[("website", "http://spam")])
            .await;
        assert_eq!(r.status, 400);
        // A malformed body.
        let origin = app.base.clone();
        let r = app
            .send(
                "POST",
                "/complaints/new/location",
                &[
                    ("origin", &origin),
                    ("content-type", "application/x-www-form-urlencoded"),
                ],
                Some("town=%FF%FE&address=%".to_owned()),
            )
            .await;
        assert!(r.status == 400 || r.status == 303, "{}", r.status);
        // Another site cannot post.
        let r = app
            .post_form(
                "/complaints/new",
                &[("origin", "https://evil.example")],
                &[("category", "noise_social")],
            )
            .await;
        assert_eq!(r.status, 403);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM cases").await, 0);
    })
    .await;
}

#[tokio::test]
async fn steps_cannot_be_skipped_and_a_new_kind_asks_its_own_questions() {
    each_engine(|app| async move {
        let mut b = Browser::new(&app);
        let r = b.get("/complaints/new/check").await;
        assert_eq!(r.header("location"), "/complaints/new");
        let r = b.get("/complaints/new/nonsense").await;
        assert_eq!(r.status, 404);
        b.post("/complaints/new", &[("category", "noise_social")])
            .await;
        let r = b.get("/complaints/new/contact").await;
        assert_eq!(r.header("location"), "/complaints/new/location");
        let r = b.post("/complaints/new/contact", &[("name", "王五")]).await;
        assert_eq!(r.header("location"), "/complaints/new/location");
        fill_noise(&mut b, "菊园小区东门", false).await;
        // Changing to another noise category keeps the answers...
        let r = b
            .post("/complaints/new", &[("category", "noise_traffic")])
            .await;
        assert_eq!(r.header("location"), "/complaints/new/check");
        // ...a fume category needs its own questions.
        let r = b
            .post("/complaints/new", &[("category", "fumes_restaurant")])
            .await;
        assert_eq!(r.header("location"), "/complaints/new/details");
        let r = b.get("/complaints/new/details").await;
        assert!(r.body.contains("name=\"business\""));
        let r = b.post("/complaints/new/check", &[]).await;
        assert_eq!(r.header("location"), "/complaints/new/details");
        assert_eq!(count(&app, "SELECT COUNT(*) FROM cases").await, 0);
        // The page for other problems names the hotline.
        let (status, body) = app.page("/complaints/other").await;
        assert_eq!(status, 200);
        assert!(body.contains("12345"));
    })
    .await;
}

/// Issue 14: pictures that would decode to gigabytes are refused from
/// their header, two at once included, and the server's memory stays low.
#[tokio::test]
async fn decompression_bombs_are_refused_before_decoding() {
    let t = app::i18n::texts(Default::default());
    let bomb = std::sync::Arc::new(helpers::png_bomb(12_000, 12_000));
    assert!(bomb.len() < 10 * 1024 * 1024, "{} bytes", bomb.len());
    // The bomb is real: a small one of the same making decodes.
    let small = image::load_from_memory(&helpers::png_bomb(300, 200)).unwrap();
    assert_eq!((small.width(), small.height()), (300, 200));
    each_engine(|app| {
        let bomb = bomb.clone();
        async move {
        let mut b = Browser::new(&app);
        b.file_to_photos("noise_industrial", "外冈镇工业园区", &[("when", "day"), ("recurring", "no"), ("description", DESCRIPTION)])
            .await;
        let before = helpers::peak_memory();
        let boundary = "bombboundary";
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n"
        )
        .into_bytes();
        body.extend_from_slice(bomb.as_slice());
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let cookie = format!("qj_draft={}", b.cookie("qj_draft").unwrap());
        let origin = app.base.clone();
        let content_type = format!("multipart/form-data; boundary={boundary}");
        let headers = [
            ("origin", origin.as_str()),
            ("cookie", cookie.as_str()),
            ("content-type", content_type.as_str()),
        ];
        let answers = futures::future::join_all(
            (0..2).map(|_| app.send_bytes("POST", "/complaints/new/photos", &headers, Some(body.clone()))),
        )
        .await;
        for r in answers {
            assert_eq!(r.status, 422, "{}", r.body);
            assert!(r.body.contains(t.c.photo_too_large), "named");
        }
        let grown = helpers::peak_memory().saturating_sub(before);
        assert!(grown < 300 * 1024 * 1024, "peak memory grew by {} MB", grown >> 20);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM complaint_photos").await, 0);
        }
    })
    .await;
}

#[tokio::test]
async fn photos_are_reencoded_without_metadata_and_checked() {
    let t = app::i18n::texts(Default::default());
    each_engine(|app| async move {
        let mut b = Browser::new(&app);
        b.file_to_photos(
            "noise_industrial",
            "外冈镇工业园区",
            &[
                ("when", "both"),
                ("recurring", "yes"),
                ("description", DESCRIPTION),
            ],
        )
        .await;
        let photo = phone_photo(64, 32);
        assert!(photo.windows(4).any(|w| w == b"Exif"));
        let r = b
            .post_file(
                "/complaints/new/photos",
                "photo",
                "IMG_0001.jpg",
                "image/jpeg",
                &photo,
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        let mut conn = app.db().await;
        let row = sqlx::query("SELECT id, object_key, width, height FROM complaint_photos")
            .fetch_one(&mut conn)
            .await
            .unwrap();
        let (id, key): (i64, String) = (row.get(0), row.get(1));
        assert!(!key.contains("IMG_0001"), "server-generated names");
        assert_eq!(
            (row.get::<i64, _>(2), row.get::<i64, _>(3)),
            (32, 64),
            "turned upright"
        );
        let stored = std::fs::read(app.photos.0.join(&key)).unwrap();
        assert!(stored.starts_with(&[0xFF, 0xD8, 0xFF]));
        for marker in [&b"Exif"[..], b"GPS", b"MM\x00\x2a"] {
            assert!(
                !stored.windows(marker.len()).any(|w| w == marker),
                "metadata stripped"
            );
        }
        // The thumbnail: for this draft only.
        let r = b.get(&format!("/complaints/new/photos/{id}")).await;
        assert_eq!(r.status, 200);
        assert_eq!(r.header("content-type"), "image/jpeg");
        let stranger = app.get(&format!("/complaints/new/photos/{id}")).await;
        assert_eq!(stranger.status, 404);
        let page = b.get("/complaints/new/photos").await;
        assert!(page.body.contains(&format!("/complaints/new/photos/{id}")));

        // Fake, empty and oversized files.
        let r = b
            .post_file(
                "/complaints/new/photos",
                "photo",
                "x.jpg",
                "image/jpeg",
                b"<?php echo 1; ?>",
            )
            .await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains(t.c.photo_not_image));
        let r = b
            .post_file(
                "/complaints/new/photos",
                "photo",
                "x.gif",
                "image/gif",
                b"GIF89a\x01\x00",
            )
            .await;
        assert_eq!(r.status, 422);
        let r = b
            .post_file(
                "/complaints/new/photos",
                "photo",
                "",
                "application/octet-stream",
                b"",
            )
            .await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains(t.c.photo_no_file));
        let mut big = vec![0xFF, 0xD8, 0xFF, 0xE0];
        big.resize(10 * 1024 * 1024 + 10, 0);
        let r = b
            .post_file(
                "/complaints/new/photos",
                "photo",
                "big.jpg",
                "image/jpeg",
                &big,
            )
            .await;
        assert_eq!(r.status, 413);
        assert!(
            r.body.contains(t.c.photo_too_large),
            "{}",
            &r.body[..r.body.len().min(300)]
        );
        // Far too large to read at all (a 15 MB photo, refused on its
        // length alone): back to the step, which says why, not a page
        // without the form.
        {
            let host = app.base.trim_start_matches("http://").to_owned();
            let head = format!(
                "POST /complaints/new/photos HTTP/1.1\r\nHost: {host}\r\nOrigin: {}\r\n\
                 Cookie: {}\r\nContent-Type: multipart/form-data; boundary=x\r\n\
                 Content-Length: {}\r\nConnection: close\r\n\r\n",
                app.base,
                b.cookie_header(),
                15 * 1024 * 1024
            );
            let answer = helpers::raw_exchange(&app, head, "\r\n\r\n").await;
            assert!(answer.starts_with("HTTP/1.1 303"), "{answer}");
            assert!(
                answer.contains("location: /complaints/new/photos?problem=too_large"),
                "{answer}"
            );
            let r = b.get("/complaints/new/photos?problem=too_large").await;
            assert_eq!(r.status, 200);
            assert!(r.body.contains(t.c.photo_too_large));
        }

        // At most four; a fifth is refused; removing one makes room.
        for _ in 0..3 {
            let r = b
                .post_file(
                    "/complaints/new/photos",
                    "photo",
                    "p.jpg",
                    "image/jpeg",
                    &phone_photo(20, 20),
                )
                .await;
            assert_eq!(r.status, 303);
        }
        let r = b
            .post_file(
                "/complaints/new/photos",
                "photo",
                "p.jpg",
                "image/jpeg",
                &phone_photo(20, 20),
            )
            .await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains(t.c.photo_too_many));
        let r = b
            .post("/complaints/new/photos/remove", &[("id", &id.to_string())])
            .await;
        assert_eq!(r.status, 303);
        assert!(!app.photos.0.join(&key).exists(), "the file goes too");
        assert_eq!(
            count(&app, "SELECT COUNT(*) FROM complaint_photos").await,
            3
        );

        // "Continue" with a photo chosen sends it too (a separate form
        // once dropped it without a word); one that cannot be taken stops
        // there with why; with none chosen it just goes on.
        let then_next = [("then", "next")];
        let fake: (&str, &str, &[u8]) = ("x.jpg", "image/jpeg", b"not a photo");
        let r = b
            .post_file_with("/complaints/new/photos", "photo", fake, &then_next)
            .await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains(t.c.photo_not_image));
        let fourth = phone_photo(20, 20);
        let r = b
            .post_file_with(
                "/complaints/new/photos",
                "photo",
                ("p.jpg", "image/jpeg", &fourth),
                &then_next,
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        assert_eq!(r.header("location"), "/complaints/new/contact");
        assert_eq!(
            count(&app, "SELECT COUNT(*) FROM complaint_photos").await,
            4
        );
        let nothing: (&str, &str, &[u8]) = ("", "application/octet-stream", b"");
        let r = b
            .post_file_with("/complaints/new/photos", "photo", nothing, &then_next)
            .await;
        assert_eq!(r.header("location"), "/complaints/new/contact");

        // Submitted photos belong to the case.
        b.post(
            "/complaints/new/contact",
            &[
                ("name", "赵六"),
                ("phone", "13712345678"),
                ("consent", "yes"),
            ],
        )
        .await;
        submit(&mut b).await;
        assert_eq!(
            count(
                &app,
                "SELECT COUNT(*) FROM complaint_photos WHERE case_id IS NOT NULL"
            )
            .await,
            4
        );
    })
    .await;
}

/// Issue 17: the elderly-friendly mode asks one thing per screen; the
/// answers so far travel along and only the questions asked are checked.
#[tokio::test]
async fn the_elderly_friendly_mode_asks_one_question_per_screen() {
    let t = app::i18n::texts(Default::default());
    each_engine(|app| async move {
        let mut b = Browser::new(&app);
        b.set_cookie("qj_text", "large");
        b.post("/complaints/new", &[("category", "noise_social")])
            .await;
        let r = b
            .post(
                "/complaints/new/location",
                &[("town", "nanxiang"), ("address", "南翔镇德园路")],
            )
            .await;
        assert_eq!(r.header("location"), "/complaints/new/details");
        let r = b.get("/complaints/new/details").await;
        assert!(r.body.contains(&(t.c.question_of)(1, 3)), "{}", r.body);
        assert!(r.body.contains(t.c.when_label) && !r.body.contains("<textarea"));
        let details = |question: &'static str, when: &'static str, recurring: &'static str| {
            vec![
                ("question", question),
                ("when", when),
                ("recurring", recurring),
                ("description", ""),
            ]
        };
        // The first answered: the second asked, the first carried along.
        let r = b
            .post("/complaints/new/details", &details("1", "night", ""))
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        assert!(r.body.contains(&(t.c.question_of)(2, 3)));
        assert!(
            r.body.contains(r#"name="when" value="night""#),
            "{}",
            r.body
        );
        assert!(r.body.contains(t.c.recurring_label) && !r.body.contains(t.c.when_label));
        // Not answered: its own problem only, not the description's.
        let r = b
            .post("/complaints/new/details", &details("2", "night", ""))
            .await;
        assert_eq!(r.status, 422);
        assert!(
            r.body
                .contains(&(t.c.field_message)("recurring", FieldError::Required))
        );
        assert!(
            !r.body
                .contains(&(t.c.field_message)("description", FieldError::Required))
        );
        // Back to the first, answers kept.
        let mut back = details("2", "night", "yes");
        back.push(("back", "yes"));
        let r = b.post("/complaints/new/details", &back).await;
        assert!(r.body.contains(&(t.c.question_of)(1, 3)));
        assert!(r.body.contains(r#"name="recurring" value="yes""#));
        // The last: the whole form is checked, then on to the photos.
        let mut last = details("3", "night", "yes");
        last[3] = ("description", DESCRIPTION);
        let r = b.post("/complaints/new/details", &last).await;
        assert_eq!(r.header("location"), "/complaints/new/photos", "{}", r.body);
        // The contact step too: name, phone, email, public, consent.
        b.post("/complaints/new/photos/done", &[]).await;
        let r = b.get("/complaints/new/contact").await;
        assert!(r.body.contains(&(t.c.question_of)(1, 5)), "{}", r.body);
        assert!(r.body.contains(t.c.name_label) && !r.body.contains(t.c.phone_label));
        let contact = |question: &'static str, phone: &'static str, consent: &'static str| {
            vec![
                ("question", question),
                ("name", "王阿姨"),
                ("phone", phone),
                ("email", ""),
                ("public", ""),
                ("consent", consent),
            ]
        };
        let r = b
            .post("/complaints/new/contact", &contact("1", "", ""))
            .await;
        assert!(r.body.contains(&(t.c.question_of)(2, 5)), "{}", r.body);
        assert!(r.body.contains(r#"name="name" value="王阿姨""#));
        let r = b
            .post("/complaints/new/contact", &contact("2", "12345", ""))
            .await;
        assert_eq!(r.status, 422);
        assert!(
            r.body
                .contains(&(t.c.field_message)("phone", FieldError::NotAMobileNumber))
        );
        assert!(
            !r.body
                .contains(&(t.c.field_message)("consent", FieldError::Required)),
            "consent is not asked yet"
        );
        // Email may stay empty; "public" unticked is an answer.
        for (q, next) in [("3", 4), ("4", 5)] {
            let r = b
                .post("/complaints/new/contact", &contact(q, "13812345678", ""))
                .await;
            assert!(
                r.body.contains(&(t.c.question_of)(next, 5)),
                "{q}: {}",
                r.body
            );
        }
        let r = b
            .post("/complaints/new/contact", &contact("5", "13812345678", ""))
            .await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains(t.c.consent_heading));
        let r = b
            .post(
                "/complaints/new/contact",
                &contact("5", "13812345678", "yes"),
            )
            .await;
        assert_eq!(r.header("location"), "/complaints/new/check", "{}", r.body);
        // In the standard mode the questions come together, as before.
        b.set_cookie("qj_text", "standard");
        let r = b.get("/complaints/new/details").await;
        assert!(r.body.contains(t.c.when_label) && r.body.contains("<textarea"));
    })
    .await;
}

#[tokio::test]
async fn residents_rate_the_reply_once_and_may_ask_once_for_a_review() {
    let t = app::i18n::texts(Default::default());
    each_engine(|app| async move {
        let mut b = Browser::new(&app);
        fill_noise(&mut b, "江桥镇华江路", true).await;
        let (reference, code) = submit(&mut b).await;
        let db = db(&app).await;
        let case_id: i64 = count(&app, "SELECT id FROM cases").await;
        let v = cases::version(&db, case_id).await.unwrap().unwrap();
        let step = |step, text: &str| StaffAction {
            step,
            unit: Some("jiangqiao".to_owned()),
            outcome: Some(Outcome::BeingFixed),
            agency: None,
            inspection: None,
            text: text.to_owned(),
        };
        let v = cases::act(
            &db,
            case_id,
            v,
            Actor::Staff(1),
            &step(CaseStep::Assign, "请核查"),
            Utc::now(),
        )
        .await
        .unwrap();
        // Not yet replied: nothing to rate.
        let r = b
            .post(
                "/track/rate",
                &[
                    ("reference", &reference),
                    ("code", &code),
                    ("rating", "satisfied"),
                ],
            )
            .await;
        assert_eq!(r.status, 422);
        let reply = "经现场检查，该工地夜间施工属实，已责令停止夜间作业。";
        cases::act(
            &db,
            case_id,
            v,
            Actor::Staff(2),
            &step(CaseStep::Reply, reply),
            Utc::now(),
        )
        .await
        .unwrap();
        let r = b
            .post("/track", &[("reference", &reference), ("code", &code)])
            .await;
        assert!(r.body.contains(reply), "the public reply");
        assert!(!r.body.contains("请核查"), "internal notes stay internal");
        assert!(
            r.body.contains(">江桥镇</dd>"),
            "assigned: the unit is named"
        );
        assert!(!r.body.contains(t.c.unit_pending));
        assert!(r.body.contains(t.c.outcome(Outcome::BeingFixed)));
        assert!(r.body.contains("name=\"rating\""));
        let r = b
            .post(
                "/track/rate",
                &[("reference", &reference), ("code", &code), ("rating", "")],
            )
            .await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains(t.c.rating_missing));
        let r = b
            .post(
                "/track/rate",
                &[
                    ("reference", &reference),
                    ("code", &code),
                    ("rating", "unsatisfied"),
                    ("comment", "晚上还是有噪声"),
                ],
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        assert!(r.body.contains(t.c.rated_notice));
        assert!(r.body.contains(t.c.review_title));
        let r = b
            .post(
                "/track/rate",
                &[
                    ("reference", &reference),
                    ("code", &code),
                    ("rating", "satisfied"),
                ],
            )
            .await;
        assert_eq!(r.status, 422, "rated once");
        // A wrong code cannot act.
        let r = b
            .post(
                "/track/review",
                &[
                    ("reference", &reference),
                    ("code", "AAAA-AAAA"),
                    ("reason", "x"),
                ],
            )
            .await;
        assert_eq!(r.status, 404);
        let r = b
            .post(
                "/track/review",
                &[
                    ("reference", &reference),
                    ("code", &code),
                    ("reason", "仍有夜间施工"),
                ],
            )
            .await;
        assert_eq!(r.status, 200);
        assert!(r.body.contains(t.c.status(Status::Reopened)));
        let r = b
            .post(
                "/track/review",
                &[
                    ("reference", &reference),
                    ("code", &code),
                    ("reason", "再次"),
                ],
            )
            .await;
        assert_eq!(r.status, 422, "one review only");
        assert_eq!(
            count(
                &app,
                "SELECT COUNT(*) FROM cases WHERE status = 'reopened' AND reviewed = 1"
            )
            .await,
            1
        );
        assert_eq!(trail::verify(&db).await.unwrap(), Verdict::Intact(5));
    })
    .await;
}

#[tokio::test]
async fn the_public_board_shows_only_what_residents_allowed_and_staff_approved() {
    let t = app::i18n::texts(Default::default());
    each_engine(|app| async move {
        let mut a = Browser::new(&app);
        fill_noise(&mut a, "嘉定区博乐路123号", true).await;
        let (reference, code) = submit(&mut a).await;
        let mut b = Browser::new(&app);
        fill_noise(&mut b, "清河路88弄5号601室", false).await;
        submit(&mut b).await;
        // A description with a phone number and a neighbour's name in it.
        let mut conn = app.db().await;
        sqlx::query("UPDATE cases SET description = $1 WHERE address_public = '嘉定区博乐路'")
            .bind("打桩声很大，隔壁王老五家也受不了，有事请打13812345678联系我")
            .execute(&mut conn)
            .await
            .unwrap();
        // Issue 14: nothing is public before a staff member approved it.
        let (status, body) = app.page("/board").await;
        assert_eq!(status, 200);
        assert!(!body.contains("嘉定区博乐路") && !body.contains("打桩"), "not reviewed yet");
        let track = |code: String| {
            let app = &app;
            let reference = reference.clone();
            async move {
                let origin = app.base.clone();
                app.post_form("/track", &[("origin", &origin)], &[("reference", &reference), ("code", &code)])
                    .await
            }
        };
        assert!(track(code.clone()).await.body.contains(t.c.board_waiting));

        // A dispatcher sees it waiting, redacts the neighbour's name and
        // approves; the resident's own text stays in the case.
        let mut desk = publish_all_with(&app, |t| t.replace("隔壁王老五家", "邻居")).await;
        let (status, body) = app.page("/board").await;
        assert_eq!(status, 200);
        assert!(body.contains("嘉定区博乐路"));
        assert!(body.contains("邻居也受不了"), "the approved text");
        assert!(body.contains("***********"), "digits masked");
        for private in ["123号", "13812345678", "张三丰", "张*", "清河路", "王老五"] {
            assert!(!body.contains(private), "{private} on the board");
        }
        assert!(body.contains("建筑施工噪声"));
        let original: String = sqlx::query("SELECT description FROM cases WHERE address_public = '嘉定区博乐路'")
            .fetch_one(&mut conn)
            .await
            .unwrap()
            .get(0);
        assert!(original.contains("王老五"), "the resident's text is kept");
        let page = desk.get(&format!("/staff/cases/{reference}")).await;
        assert!(
            page.body.contains((t.c.event_name)("public_text_redacted"))
                && page.body.contains((t.c.event_name)("published"))
        );
        assert_eq!(
            count(&app, "SELECT COUNT(*) FROM case_events WHERE kind IN ('published', 'public_text_redacted')").await,
            2,
            "the redaction and the approval are in the trail"
        );
        assert!(track(code).await.body.contains(t.c.board_shown));
        // Nothing to approve for a case the resident kept private.
        let private: String = sqlx::query("SELECT reference FROM cases WHERE public = 0")
            .fetch_one(&mut conn)
            .await
            .unwrap()
            .get(0);
        let r = desk
            .post(&format!("/staff/cases/{private}/publish"), &[("version", "1"), ("public_text", "随便什么内容都可以")])
            .await;
        assert_eq!(r.status, 409, "{}", r.body);
        assert!(!app.page("/board").await.1.contains("随便什么"));

        let (status, _) = app.page("/board?page=abc").await;
        assert_eq!(status, 200);
        let (_, en) = app
            .get_with("/board", &[("cookie", "qj_lang=en")])
            .await
            .into();
        assert!(en.contains("Construction noise"));
    })
    .await;
}

/// Issue 14: whatever form a number takes, in the address or the text, it
/// never reaches the public board.
#[tokio::test]
async fn no_personal_number_reaches_the_board() {
    each_engine(|app| async move {
        let hostile = [
            ("徐行镇联系电话13955556666小区门口", "吵"),
            ("城北路 139 5555 8888 对面", "吵"),
            ("嘉定区叶城路", "有事打139  5555  8888"),
            ("嘉定区叶城路", "老板139.5555.9999"),
            ("嘉定区叶城路", "电话１３９５５５５８８８８"),
            ("嘉定区叶城路", "请拨+86 139 5555 7777"),
            ("嘉定区叶城路", "一三九五五五五六六六六找我"),
            ("嘉定区叶城路", "座机(021)5999-1234"),
        ];
        for (address, description) in hostile {
            let mut b = Browser::new(&app);
            fill_noise_with(
                &mut b,
                address,
                &format!("{description}。{DESCRIPTION}"),
                true,
            )
            .await;
            submit(&mut b).await;
        }
        publish_all(&app).await;
        let (status, page) = app.page("/board").await;
        assert_eq!(status, 200);
        // The page's content, without the nonce in its scripts.
        let body = &page[page.find("<main").unwrap()..page.find("</main>").unwrap()];
        assert!(
            body.contains("徐行镇联系电话"),
            "the road-level place stays"
        );
        assert!(body.contains("吵"), "the cases are on the board");
        let digits: String = body.chars().filter(char::is_ascii_digit).collect();
        for number in [
            "13955556666",
            "13955558888",
            "13955559999",
            "13955557777",
            "59991234",
        ] {
            assert!(!body.contains(number), "{number} on the board");
        }
        for shown in ["5555", "５５５５", "五五五五", "8888", "6666"] {
            assert!(!body.contains(shown), "{shown} on the board");
        }
        assert!(!digits.contains("1395555"), "no phone prefix survives");
    })
    .await;
}

#[tokio::test]
async fn residents_can_add_their_voice_to_an_open_case_nearby() {
    let t = app::i18n::texts(Default::default());
    each_engine(|app| async move {
        let mut first = Browser::new(&app);
        fill_noise(&mut first, "安亭镇墨玉路185弄3栋", false).await;
        let (reference, _) = submit(&mut first).await;
        let mut second = Browser::new(&app);
        let check = fill_noise(&mut second, "安亭镇墨玉路185弄7栋", false).await;
        // Same town in fill_noise (南翔镇) and same road: offered, with the
        // road, the date and the status only (issue 14: the case is private).
        assert!(check.body.contains(t.c.nearby_title), "{}", check.body);
        assert!(
            check.body.contains(t.c.nearby_place),
            "no words of the other resident's"
        );
        assert!(
            check.body.contains(t.c.status(Status::Submitted)),
            "its status"
        );
        let case_id = count(&app, "SELECT id FROM cases").await.to_string();
        for secret in [
            reference.as_str(),
            "185弄3栋",
            &format!("value=\"{case_id}\""),
        ] {
            assert!(!check.body.contains(secret), "{secret} in the hint");
        }
        // The case is named by an opaque tag, good for this draft only.
        let tag = check
            .body
            .split("name=\"case\" value=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap()
            .to_owned();
        assert_eq!(tag.len(), 32, "{tag}");
        let r = second
            .post("/complaints/new/support", &[("case", &case_id)])
            .await;
        assert_eq!(
            r.header("location"),
            "/complaints/new/check",
            "not by its id"
        );
        let r = second
            .post("/complaints/new/support", &[("case", &tag)])
            .await;
        assert_eq!(r.header("location"), "/complaints/done");
        let again = second
            .post("/complaints/new/support", &[("case", &tag)])
            .await;
        assert_eq!(again.header("location"), "/complaints/done");
        let r = second.get("/complaints/done").await;
        assert!(r.body.contains(t.c.voice_title));
        assert!(!r.body.contains(&reference), "the reference stays private");
        assert!(
            !r.body.contains("access-code") && !r.body.contains("<svg"),
            "no code and no tracking link for someone else's case"
        );
        assert_eq!(count(&app, "SELECT supporters FROM cases").await, 1);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM cases").await, 1);
        // A different place is not offered, and its voice is refused.
        let mut third = Browser::new(&app);
        let check = fill_noise(&mut third, "南翔镇真南路", false).await;
        assert!(!check.body.contains(t.c.nearby_title));
        let r = third
            .post("/complaints/new/support", &[("case", &tag)])
            .await;
        assert_eq!(
            r.header("location"),
            "/complaints/new/check",
            "another draft's tag"
        );
        for id in ["999999", "-1", "abc"] {
            let r = third.post("/complaints/new/support", &[("case", id)]).await;
            assert!(
                r.status == 400 || r.header("location") == "/complaints/new/check",
                "{id}: {}",
                r.status
            );
        }
        assert_eq!(count(&app, "SELECT supporters FROM cases").await, 1);
        let r = third.get("/complaints/done").await;
        assert!(!r.body.contains(&reference));
    })
    .await;
}

#[tokio::test]
async fn the_trail_verifier_names_the_first_altered_event() {
    each_engine(|app| async move {
        for _ in 0..2 {
            let mut b = Browser::new(&app);
            fill_noise(&mut b, "徐行镇澄浏公路", false).await;
            submit(&mut b).await;
        }
        let db = db(&app).await;
        assert_eq!(trail::verify(&db).await.unwrap(), Verdict::Intact(2));
        let mut conn = app.db().await;
        sqlx::query("UPDATE case_events SET text = 'edited' WHERE seq = 2")
            .execute(&mut conn)
            .await
            .unwrap();
        assert_eq!(
            trail::verify(&db).await.unwrap(),
            Verdict::Broken(domain::trail::Break::Content { seq: 2 })
        );
        sqlx::query("DELETE FROM case_events WHERE seq = 2")
            .execute(&mut conn)
            .await
            .unwrap();
        assert_eq!(
            trail::verify(&db).await.unwrap(),
            Verdict::Truncated {
                last_seq: 1,
                head_seq: 2
            }
        );
    })
    .await;
}

/// Counts deliveries; fails the first `fail` attempts.
struct Counting {
    sent: Mutex<Vec<i64>>,
    fail: AtomicUsize,
}

impl Sender for Counting {
    async fn send(&self, m: &Outgoing) -> Result<(), String> {
        if self
            .fail
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .is_ok()
        {
            return Err("gateway down".to_owned());
        }
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        self.sent.lock().unwrap().push(m.id);
        Ok(())
    }
}

#[tokio::test]
async fn the_outbox_retries_with_backoff_and_never_sends_twice() {
    each_engine(|app| async move {
        for _ in 0..6 {
            let mut b = Browser::new(&app);
            fill_noise(&mut b, "华亭镇华亭路", false).await;
            submit(&mut b).await;
        }
        let db = db(&app).await;
        let now = Utc::now() + chrono::Duration::seconds(1);
        // A failing gateway: the message waits for its backoff.
        let failing = Counting {
            sent: Mutex::new(Vec::new()),
            fail: AtomicUsize::new(6),
        };
        assert_eq!(
            outbox::drain(&db, &failing, "a", now).await.unwrap(),
            (0, 6)
        );
        assert_eq!(
            outbox::drain(&db, &failing, "a", now).await.unwrap(),
            (0, 0),
            "backing off"
        );
        // Later, four instances drain at once: every message exactly once.
        let later = now + chrono::Duration::minutes(2);
        let sender = Counting {
            sent: Mutex::new(Vec::new()),
            fail: AtomicUsize::new(0),
        };
        let pools: Vec<Db> = futures_pools(&app, 4).await;
        let results = futures::future::join_all(
            pools
                .iter()
                .enumerate()
                .map(|(i, p)| outbox::drain(p, &sender, ["w1", "w2", "w3", "w4"][i], later)),
        )
        .await;
        let total: usize = results.into_iter().map(|r| r.unwrap().0).sum();
        let mut sent = sender.sent.lock().unwrap().clone();
        assert_eq!(total, 6);
        sent.sort();
        sent.dedup();
        assert_eq!(sent.len(), 6, "each message once");
        assert_eq!(
            count(
                &app,
                "SELECT COUNT(*) FROM notifications WHERE status = 'sent' AND attempts = 2"
            )
            .await,
            6
        );
    })
    .await;
}

async fn futures_pools(app: &TestApp, n: usize) -> Vec<Db> {
    let mut out = Vec::new();
    for _ in 0..n {
        out.push(db(app).await);
    }
    out
}

#[tokio::test]
async fn demo_mode_files_demo_complaints_through_the_real_paths() {
    let t = app::i18n::texts(Default::default());
    for engine in ENGINES {
        let tdb = TestDb::new(engine).await;
        let same = tdb.same_as();
        let app = TestApp::spawn_on(tdb, |c| c.demo = true).await;
        // Five kinds of complaint, and the demo restaurant twice more: with
        // its first, linked to it, an early warning.
        assert_eq!(
            count(&app, "SELECT COUNT(*) FROM cases").await,
            7,
            "{engine:?}"
        );
        assert_eq!(
            count(
                &app,
                "SELECT COUNT(*) FROM cases WHERE source_id IS NOT NULL"
            )
            .await,
            3
        );
        assert_eq!(
            count(
                &app,
                "SELECT COUNT(*) FROM warnings WHERE subject_key LIKE 'source:%'"
            )
            .await,
            1
        );
        assert_eq!(
            count(&app, "SELECT COUNT(*) FROM cases WHERE status = 'replied'").await,
            2
        );
        let (_, body) = app.page("/board").await;
        assert!(body.contains(t.c.outcome(Outcome::PenaltyOpened)));
        assert!(body.contains("马陆镇宝安公路某工地"));
        assert!(!body.contains("外冈镇某工业园区"), "not public");
        assert!(!body.contains("演示居民") && !body.contains("1390000"));
        let db = db(&app).await;
        assert_eq!(
            trail::verify(&db).await.unwrap(),
            // Seven filed, two answered in four steps, four public ones
            // reviewed, three linked to the demo restaurant and counted in its
            // warning.
            Verdict::Intact(7 + 2 * 4 + 4 + 3 + 3)
        );
        // A second start adds nothing.
        let again = TestApp::spawn_on(same, |c| c.demo = true).await;
        assert_eq!(count(&again, "SELECT COUNT(*) FROM cases").await, 7);
    }
}

#[tokio::test]
async fn administrators_see_the_message_log_and_nobody_else_does() {
    let t = app::i18n::texts(Default::default());
    each_engine(|app| async move {
        let mut resident = Browser::new(&app);
        fill_noise(&mut resident, "嘉定镇街道城中路", false).await;
        let (reference, _) = submit(&mut resident).await;
        let db = db(&app).await;
        let password = "a long enough password";
        for (name, role) in [
            ("root.admin", domain::staff::Role::Admin),
            ("desk", domain::staff::Role::Dispatcher),
        ] {
            let username = domain::staff::Username::parse(name).unwrap();
            app::server::staff::create_user(&db, &username, name, password, role, false)
                .await
                .unwrap();
        }
        let (status, _) = app.page("/staff/admin/notifications").await;
        assert_eq!(status, 303, "no session: to the sign-in page");
        let mut desk = Browser::new(&app);
        desk.post(
            "/staff/login",
            &[("username", "desk"), ("password", password)],
        )
        .await;
        let r = desk.get("/staff/admin/notifications").await;
        assert!(!r.body.contains("13812345678"), "dispatchers do not see it");
        let mut admin = Browser::new(&app);
        admin.sign_in("root.admin", password).await;
        let r = admin.get("/staff/admin/notifications").await;
        assert_eq!(r.status, 200);
        assert!(r.body.contains(&reference));
        // Issue 14: masked, like every view without the personal-data step.
        assert!(
            !r.body.contains("13812345678"),
            "the full number is not shown"
        );
        assert!(r.body.contains("138****5678"));
        assert!(r.body.contains("已收到"));

        // The trail check: intact, then naming the altered event.
        let r = desk.get("/staff/admin/trail").await;
        assert_eq!(r.status, 303, "not for dispatchers");
        let r = admin.get("/staff/admin/trail").await;
        assert!(r.body.contains(&(t.c.trail_intact)(1)), "{}", r.body);
        let mut conn = app.db().await;
        sqlx::query("UPDATE case_events SET text = 'x' WHERE seq = 1")
            .execute(&mut conn)
            .await
            .unwrap();
        let r = admin.get("/staff/admin/trail").await;
        assert!(r.body.contains(&(t.c.trail_broken)(1)));
    })
    .await;
}

#[tokio::test]
async fn abandoned_drafts_and_their_photos_are_purged_after_a_day() {
    each_engine(|app| async move {
        let mut b = Browser::new(&app);
        b.file_to_photos(
            "noise_social",
            "真新街道金沙江西路",
            &[
                ("when", "day"),
                ("recurring", "no"),
                ("description", DESCRIPTION),
            ],
        )
        .await;
        let r = b
            .post_file(
                "/complaints/new/photos",
                "photo",
                "p.jpg",
                "image/jpeg",
                &phone_photo(20, 20),
            )
            .await;
        assert_eq!(r.status, 303);
        let db = db(&app).await;
        assert!(
            app::server::complaints::purge_drafts(&db)
                .await
                .unwrap()
                .is_empty(),
            "fresh"
        );
        let mut conn = app.db().await;
        sqlx::query("UPDATE complaint_drafts SET updated_at = '2020-01-01T00:00:00+00:00'")
            .execute(&mut conn)
            .await
            .unwrap();
        let keys = app::server::complaints::purge_drafts(&db).await.unwrap();
        assert_eq!(keys.len(), 2, "the photo and its thumbnail");
        assert_eq!(
            count(&app, "SELECT COUNT(*) FROM complaint_drafts").await,
            0
        );
        assert_eq!(
            count(&app, "SELECT COUNT(*) FROM complaint_photos").await,
            0
        );
        // The expired draft's pages start over.
        let r = b.get("/complaints/new/photos").await;
        assert_eq!(r.header("location"), "/complaints/new");
    })
    .await;
}

/// A local S3-compatible server (moto, installed by scripts/setup.sh) on
/// a free port; stopped when dropped.
struct S3Server {
    child: std::process::Child,
    endpoint: String,
}

impl S3Server {
    fn start() -> S3Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = std::process::Command::new("python3")
            .args([
                "-m",
                "moto.server",
                "-H",
                "127.0.0.1",
                "-p",
                &port.to_string(),
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("moto starts (scripts/setup.sh installs it)");
        // Dropping the server (also on a failed start) stops the process.
        let server = S3Server {
            child,
            endpoint: format!("http://127.0.0.1:{port}"),
        };
        for _ in 0..200 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return server;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        panic!("moto did not start on {}", server.endpoint);
    }

    fn options(&self) -> std::collections::BTreeMap<String, String> {
        [
            ("aws_endpoint", self.endpoint.as_str()),
            ("aws_allow_http", "true"),
            ("aws_region", "us-east-1"),
            ("aws_access_key_id", "test"),
            ("aws_secret_access_key", "test"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
    }

    /// The keys stored in `bucket`.
    async fn keys(&self, bucket: &str) -> Vec<String> {
        use futures::TryStreamExt;
        use object_store::ObjectStore;
        let mut builder = object_store::aws::AmazonS3Builder::new().with_bucket_name(bucket);
        for (k, v) in self.options() {
            builder = builder.with_config(k.parse().unwrap(), v);
        }
        let store = builder.build().unwrap();
        let mut keys: Vec<String> = store
            .list(None)
            .map_ok(|m| m.location.to_string())
            .try_collect()
            .await
            .unwrap();
        keys.sort();
        keys
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn photos_can_be_kept_in_s3_compatible_storage() {
    let s3 = S3Server::start();
    for (i, engine) in ENGINES.into_iter().enumerate() {
        let bucket = format!("qingjia-photos-{i}");
        let created = ureq::put(&format!("{}/{bucket}", s3.endpoint))
            .send_empty()
            .expect("bucket created");
        assert_eq!(created.status(), 200);
        let options = s3.options();
        let app = TestApp::spawn_on(TestDb::new(engine).await, |c| {
            c.demo = false;
            c.photo_store = Some(format!("s3://{bucket}"));
            c.photo_store_options = options;
        })
        .await;
        let mut b = Browser::new(&app);
        b.file_to_photos(
            "noise_social",
            "真新街道金沙江西路",
            &[
                ("when", "day"),
                ("recurring", "no"),
                ("description", DESCRIPTION),
            ],
        )
        .await;
        let r = b
            .post_file(
                "/complaints/new/photos",
                "photo",
                "p.jpg",
                "image/jpeg",
                &phone_photo(64, 48),
            )
            .await;
        assert_eq!(r.status, 303, "{engine:?}: {}", r.body);
        let keys = s3.keys(&bucket).await;
        assert_eq!(
            keys.len(),
            2,
            "{engine:?}: the photo and its thumbnail: {keys:?}"
        );
        assert!(keys.iter().all(|k| k.starts_with("complaints/")));
        assert!(
            std::fs::read_dir(&app.photos.0).unwrap().next().is_none(),
            "nothing on the local disk"
        );
        let id = count(&app, "SELECT id FROM complaint_photos").await;
        let thumb = b.get(&format!("/complaints/new/photos/{id}")).await;
        assert_eq!(thumb.status, 200);
        assert_eq!(thumb.header("content-type"), "image/jpeg");
        assert!(
            image::load_from_memory(&thumb.bytes).is_ok(),
            "served from the bucket"
        );
        let id = id.to_string();
        let r = b
            .post("/complaints/new/photos/remove", &[("id", &id)])
            .await;
        assert_eq!(r.status, 303);
        assert!(
            s3.keys(&bucket).await.is_empty(),
            "{engine:?}: removed from the bucket"
        );
    }
}

#[tokio::test]
async fn an_email_address_is_optional_and_gets_the_news_too() {
    let t = app::i18n::texts(Default::default());
    each_engine(|app| async move {
        let mut b = Browser::new(&app);
        b.file_to_photos(
            "noise_commercial",
            "南翔镇人民街",
            &[
                ("when", "night"),
                ("recurring", "yes"),
                ("description", DESCRIPTION),
            ],
        )
        .await;
        b.post("/complaints/new/photos/done", &[]).await;
        let mut contact = vec![
            ("name", "赵六"),
            ("phone", "13712340000"),
            ("email", "zhaoliu@example"),
            ("consent", "yes"),
        ];
        let r = b.post("/complaints/new/contact", &contact).await;
        assert_eq!(r.status, 422);
        assert!(
            r.body
                .contains(&(t.c.field_message)("email", FieldError::NotAnEmail)),
            "{}",
            r.body
        );
        assert!(r.body.contains("value=\"zhaoliu@example\""), "kept");
        contact[2] = ("email", "ZhaoLiu@Example.CN");
        let r = b.post("/complaints/new/contact", &contact).await;
        assert_eq!(r.header("location"), "/complaints/new/check");
        let check = b.get("/complaints/new/check").await;
        assert!(check.body.contains("ZhaoLiu@example.cn"));
        let (reference, _) = submit(&mut b).await;
        let mut conn = app.db().await;
        let rows = sqlx::query("SELECT channel, recipient FROM notifications ORDER BY id")
            .fetch_all(&mut conn)
            .await
            .unwrap();
        let sent: Vec<(String, String)> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
        assert_eq!(
            sent,
            vec![
                ("sms".to_owned(), "13712340000".to_owned()),
                ("email".to_owned(), "ZhaoLiu@example.cn".to_owned())
            ]
        );
        // A status change reaches both too.
        let db = db(&app).await;
        let (id, version) = cases::find(&db, &reference).await.unwrap().unwrap();
        let accept = StaffAction {
            step: CaseStep::Accept,
            unit: None,
            outcome: None,
            agency: None,
            inspection: None,
            text: String::new(),
        };
        cases::act(&db, id, version, Actor::Staff(1), &accept, Utc::now())
            .await
            .unwrap();
        assert_eq!(
            count(
                &app,
                "SELECT COUNT(*) FROM notifications WHERE channel = 'email'"
            )
            .await,
            2
        );
        // Never on a public page.
        assert!(!app.get("/board").await.body.contains("example.cn"));
    })
    .await;
}
