//! Campaigns, event sign-ups and news over HTTP, on SQLite and PostgreSQL:
//! what is public when, sanitised Markdown, the feed and sitemap, and
//! sign-ups that never overfill an event, even all at once.

use crate::helpers;

use app::server::Db;
use app::server::content::{self, Draft};
use chrono::{Duration, Utc};
use domain::complaint::input::FieldError;
use domain::content::{Status, Tag};
use helpers::{TestApp, each_engine};
use sqlx::Row;

fn draft(
    slug: &str,
    title: &str,
    body: &str,
    status: Status,
    publish_at: Option<chrono::DateTime<Utc>>,
) -> Draft {
    Draft {
        slug: slug.to_owned(),
        title: title.to_owned(),
        summary: format!("{title}的摘要"),
        body_md: body.to_owned(),
        status,
        publish_at,
    }
}

#[tokio::test]
async fn news_is_public_when_published_or_its_time_has_come() {
    let t = app::i18n::texts(Default::default());
    each_engine(|app| async move {
        let db = Db::connect(&app.database_url, 2).await.unwrap();
        let now = Utc::now();
        for (slug, status, at) in [
            ("published-news", Status::Published, None),
            (
                "scheduled-past",
                Status::Scheduled,
                Some(now - Duration::minutes(1)),
            ),
            (
                "scheduled-future",
                Status::Scheduled,
                Some(now + Duration::hours(1)),
            ),
            ("draft-news", Status::Draft, None),
        ] {
            content::create_article(
                &db,
                Tag::Notices,
                &draft(slug, slug, "正文", status, at),
                now,
            )
            .await
            .unwrap();
        }
        let list = app.get("/news").await;
        assert_eq!(list.status, 200);
        assert!(
            list.body.contains("/news/published-news")
                && list.body.contains("/news/scheduled-past")
        );
        assert!(!list.body.contains("scheduled-future") && !list.body.contains("draft-news"));
        assert_eq!(app.get("/news/published-news").await.status, 200);
        assert_eq!(app.get("/news/draft-news").await.status, 404);
        assert_eq!(app.get("/news/scheduled-future").await.status, 404);
        // Scheduled: public once its time has come, with nothing to do.
        let mut conn = app.db().await;
        sqlx::query("UPDATE news_articles SET publish_at = $1 WHERE slug = 'scheduled-future'")
            .bind((now - Duration::seconds(1)).to_rfc3339())
            .execute(&mut conn)
            .await
            .unwrap();
        assert_eq!(app.get("/news/scheduled-future").await.status, 200);

        // Tags and pages.
        for i in 0..11 {
            content::create_article(
                &db,
                Tag::AirQuality,
                &draft(
                    &format!("air-{i:02}"),
                    &format!("空气质量{i}"),
                    "正文",
                    Status::Published,
                    Some(now - Duration::hours(i)),
                ),
                now,
            )
            .await
            .unwrap();
        }
        let air = app.get("/news?tag=air").await;
        assert!(air.body.contains(&(t.n.page_of)(1, 2)) && !air.body.contains("published-news"));
        let page2 = app.get("/news?tag=air&page=2").await;
        assert!(page2.body.contains("/news/air-10"), "the oldest on page 2");
        assert_eq!(app.get("/news?tag=nonsense&page=-3").await.status, 200);

        // The feed and the sitemap.
        let feed = app.get("/news/feed.atom").await;
        assert_eq!(feed.status, 200);
        assert!(
            feed.header("content-type")
                .starts_with("application/atom+xml")
        );
        assert!(feed.body.starts_with("<?xml") && feed.body.contains("<entry>"));
        assert!(feed.body.contains("/news/air-00") && !feed.body.contains("draft-news"));
        let sitemap = app.get("/sitemap.xml").await;
        assert!(sitemap.body.contains("/news/published-news</loc>"));
        assert!(!sitemap.body.contains("draft-news"));
    })
    .await;
}

#[tokio::test]
async fn hostile_markdown_never_reaches_a_page() {
    each_engine(|app| async move {
        let db = Db::connect(&app.database_url, 2).await.unwrap();
        let body = "正文**加粗**\n\n<script>alert('x')</script>\n\n<img src=x onerror=alert(1)>\n\n\
                    [点我](javascript:alert(2))\n\n<a href=\"https://example.cn\" onclick=\"steal()\">链接</a>";
        content::create_article(&db, Tag::Notices, &draft("hostile", "恶意内容测试", body, Status::Published, None), Utc::now())
            .await
            .unwrap();
        let page = app.get("/news/hostile").await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("<strong>加粗</strong>"));
        assert!(page.body.contains("https://example.cn"));
        for bad in ["alert('x')", "onerror", "javascript:alert", "onclick", "steal()"] {
            assert!(!page.body.contains(bad), "{bad}");
        }
        assert!(page.body.contains("og:title"), "sharing metadata");
    })
    .await;
}

/// Issue 14: values an editor types never become markup in the document's
/// head (title, description, Open Graph), on every kind of page they reach.
#[tokio::test]
async fn hostile_titles_never_become_markup_in_the_head() {
    each_engine(|app| async move {
        let db = Db::connect(&app.database_url, 2).await.unwrap();
        let title = r#"</title><meta http-equiv="refresh" content="0;url=http://evil.example/">"#;
        let mut article = draft("hostile-head", title, "正文", Status::Published, None);
        article.summary = r#""><script>alert(1)</script><meta name="x" content=""#.to_owned();
        content::create_article(&db, Tag::Notices, &article, Utc::now())
            .await
            .unwrap();
        let mut campaign = draft("hostile-camp", title, "正文", Status::Published, None);
        campaign.summary = article.summary.clone();
        content::create_campaign(&db, None, 2026, &campaign, Utc::now())
            .await
            .unwrap();
        for path in [
            "/news/hostile-head",
            "/news",
            "/campaigns/hostile-camp",
            "/campaigns",
            "/",
        ] {
            let page = app.get(path).await;
            assert_eq!(page.status, 200, "{path}");
            let head = &page.body[..page.body.find("</head>").unwrap()];
            assert_eq!(head.matches("<title>").count(), 1, "{path}: {head}");
            for bad in ["<meta http-equiv", "<script>alert", r#"<meta name="x""#] {
                assert!(!page.body.contains(bad), "{path}: {bad} in {head}");
            }
        }
        let page = app.get("/news/hostile-head").await;
        assert!(
            page.body.contains("<title>&lt;/title&gt;&lt;meta"),
            "escaped, still readable"
        );
    })
    .await;
}

async fn sign_up(app: &TestApp, event: i64, name: &str, phone: &str) -> helpers::Resp {
    let origin = app.base.clone();
    let event = event.to_string();
    app.post_form(
        "/signups",
        &[("origin", &origin)],
        &[
            ("event", &event),
            ("name", name),
            ("phone", phone),
            ("consent", "yes"),
        ],
    )
    .await
}

#[tokio::test]
async fn concurrent_sign_ups_never_overfill_an_event() {
    let t = app::i18n::texts(Default::default());
    each_engine(|app| async move {
        let (event, slug) = helpers::event_with_places(&app, 5).await;
        let page = app.get(&format!("/campaigns/{slug}")).await;
        assert!(page.body.contains(&(t.n.seats_left)(5, 5)), "{}", page.body);
        let phones: Vec<String> = (0..20).map(|i| format!("1390000{i:04}")).collect();
        let results =
            futures::future::join_all(phones.iter().map(|p| sign_up(&app, event, "王小明", p)))
                .await;
        let ok = results.iter().filter(|r| r.status == 200).count();
        let full = results.iter().filter(|r| r.status == 409).count();
        assert_eq!(
            (ok, full),
            (5, 15),
            "{:?}",
            results.iter().map(|r| r.status).collect::<Vec<_>>()
        );
        assert!(
            results
                .iter()
                .filter(|r| r.status == 409)
                .all(|r| r.body.contains(t.n.event_full))
        );
        let mut conn = app.db().await;
        let (taken, rows): (i64, i64) = {
            let r = sqlx::query(
                "SELECT taken, (SELECT COUNT(*) FROM event_signups WHERE cancelled_at IS NULL) \
                 FROM campaign_events",
            )
            .fetch_one(&mut conn)
            .await
            .unwrap();
            (r.get(0), r.get(1))
        };
        assert_eq!((taken, rows), (5, 5));
        let page = app.get(&format!("/campaigns/{slug}")).await;
        assert!(page.body.contains(t.n.event_full) && !page.body.contains("name=\"consent\""));
        // Personal data: masked on the success page, never on public pages.
        let done = results.iter().find(|r| r.status == 200).unwrap();
        assert!(done.body.contains("王*") && done.body.contains("****"));
        assert!(!page.body.contains("13900000"));

        // Cancelling gives the place back: the link comes by text, never
        // on the page; asked on GET, done on POST.
        assert!(!done.body.contains("/signups/cancel?token="));
        assert!(done.body.contains(t.n.cancel_by_text));
        let text: String = sqlx::query("SELECT body FROM notifications ORDER BY id LIMIT 1")
            .fetch_one(&mut conn)
            .await
            .unwrap()
            .get(0);
        let link = format!(
            "/signups/cancel?token={}",
            text.split("token=").nth(1).unwrap().trim()
        );
        let ask = app.get(&link).await;
        assert!(ask.body.contains(t.n.cancel_button));
        let token = link.split("token=").nth(1).unwrap().to_owned();
        let origin = app.base.clone();
        let r = app
            .post_form(
                "/signups/cancel",
                &[("origin", &origin)],
                &[("token", &token)],
            )
            .await;
        assert!(r.body.contains(t.n.cancelled), "{}", r.body);
        let page = app.get(&format!("/campaigns/{slug}")).await;
        assert!(page.body.contains(&(t.n.seats_left)(1, 5)));
        assert_eq!(app.get("/signups/cancel?token=nope").await.status, 404);
    })
    .await;
}

#[tokio::test]
async fn sign_up_problems_are_named_and_nothing_is_lost() {
    let t = app::i18n::texts(Default::default());
    each_engine(|app| async move {
        let (event, _) = helpers::event_with_places(&app, 30).await;
        let origin = app.base.clone();
        let e = event.to_string();
        let r = app
            .post_form(
                "/signups",
                &[("origin", &origin)],
                &[("event", &e), ("name", ""), ("phone", "138 1234 5678")],
            )
            .await;
        assert_eq!(r.status, 422);
        assert!(
            r.body
                .contains(&(t.c.field_message)("name", FieldError::Required))
                && r.body.contains("value=\"138 1234 5678\""),
            "{}",
            r.body
        );
        assert_eq!(
            sign_up(&app, event, "李四", "13812345678").await.status,
            200
        );
        // Issue 14: a number signed up before gets the very same answer
        // (the page tells no stranger); its owner gets a text, once a day.
        let first = sign_up(&app, event, "王二", "13955550000").await;
        let again = sign_up(&app, event, "王二", "139-5555-0000").await;
        assert_eq!(again.status, first.status);
        let strip = |b: &str| {
            b.split("<main")
                .nth(1)
                .unwrap_or_default()
                .split("</main>")
                .next()
                .unwrap_or_default()
                .to_owned()
        };
        assert_eq!(strip(&again.body), strip(&first.body), "the same page");
        sign_up(&app, event, "王二", "13955550000").await;
        let mut conn = app.db().await;
        let texts: Vec<String> = sqlx::query(
            "SELECT body FROM notifications WHERE recipient = '13955550000' ORDER BY id",
        )
        .fetch_all(&mut conn)
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
        assert_eq!(texts.len(), 2, "{texts:?}");
        assert!(texts[0].contains("/signups/cancel?token="));
        assert!(texts[1].contains("再次报名") && !texts[1].contains("token="));
        let seats: i64 =
            sqlx::query("SELECT COUNT(*) FROM event_signups WHERE phone = '13955550000'")
                .fetch_one(&mut conn)
                .await
                .unwrap()
                .get(0);
        assert_eq!(seats, 1, "one seat for one number");
        assert_eq!(
            sign_up(&app, 99_999, "李四", "13812345679").await.status,
            404
        );
        let forged = app
            .post_form("/signups", &[("origin", &origin)], &[("event", "x")])
            .await;
        assert_eq!(forged.status, 400);
        // A closed window.
        sqlx::query("UPDATE campaign_events SET signup_closes_at = $1")
            .bind((Utc::now() - Duration::minutes(1)).to_rfc3339())
            .execute(&mut conn)
            .await
            .unwrap();
        let closed = sign_up(&app, event, "王五", "13912345670").await;
        assert_eq!(closed.status, 409);
        assert!(closed.body.contains(t.n.signup_closed));
    })
    .await;
}

#[tokio::test]
async fn editors_write_schedule_and_publish_news() {
    let t = app::i18n::texts(Default::default());
    use domain::staff::Role;
    each_engine(|app| async move {
        assert_eq!(
            app.get("/staff/content").await.header("location"),
            "/staff/login"
        );
        let mut desk = helpers::staff(&app, "desk", Role::Dispatcher, None).await;
        assert_eq!(desk.get("/staff/content").await.status, 403);
        assert_eq!(
            desk.post("/staff/content/news", &[("title", "x")])
                .await
                .status,
            403
        );

        let mut ed = helpers::staff(&app, "writer", Role::Editor, None).await;
        assert!(ed.get("/staff").await.body.contains("/staff/content"));
        assert_eq!(ed.get("/staff/content/news/new").await.status, 200);
        let mut form = vec![
            ("title", "x"),
            ("slug", "水质"),
            ("tag", "notices"),
            ("summary", "太短"),
            ("body", "</textarea><script>alert(1)</script>正文"),
            ("status", "scheduled"),
            ("publish_at", ""),
        ];
        let r = ed.post("/staff/content/news", &form).await;
        assert_eq!(r.status, 422);
        for m in [
            (t.c.field_message)("title", FieldError::TooShort(2)),
            (t.c.field_message)("summary", FieldError::TooShort(10)),
            (t.c.field_message)("publish_at", FieldError::Required),
        ] {
            assert!(r.body.contains(&m), "{m}: {}", r.body);
        }
        assert!(
            !r.body.contains("<script>alert(1)"),
            "the typed text is kept, escaped"
        );
        let future = domain::shanghai::local(Utc::now() + Duration::days(2))
            .format("%Y-%m-%dT%H:%M")
            .to_string();
        form = vec![
            ("title", "关于噪声监测的通知"),
            ("slug", "noise-monitoring"),
            ("tag", "notices"),
            ("summary", "下周起在重点区域开展夜间噪声监测。"),
            ("body", "正文**加粗**<script>alert(1)</script>"),
            ("status", "scheduled"),
            ("publish_at", &future),
        ];
        let r = ed.post("/staff/content/news", &form).await;
        assert_eq!(r.status, 303, "{}", r.body);
        let saved = r.header("location").to_owned();
        assert!(saved.ends_with("?saved=1"), "{saved}");
        let edit_url = saved.trim_end_matches("?saved=1").to_owned();
        assert!(ed.get(&saved).await.body.contains(t.n.saved));
        assert_eq!(
            app.get("/news/noise-monitoring").await.status,
            404,
            "scheduled for later"
        );
        let list = ed.get("/staff/content").await;
        assert!(list.body.contains("关于噪声监测的通知") && list.body.contains(t.n.not_public));

        // Published: public, sanitised.
        let now_form: Vec<(&str, &str)> = form
            .iter()
            .map(|(k, v)| {
                if *k == "status" {
                    (*k, "published")
                } else if *k == "publish_at" {
                    (*k, "")
                } else {
                    (*k, *v)
                }
            })
            .collect();
        let r = ed.post(&edit_url, &now_form).await;
        assert_eq!(r.status, 303, "{}", r.body);
        let page = app.get("/news/noise-monitoring").await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("<strong>加粗</strong>") && !page.body.contains("alert(1)"));

        // A second article may not take the same address.
        let r = ed.post("/staff/content/news", &now_form).await;
        assert_eq!(r.status, 422);
        assert!(
            r.body
                .contains(&(t.c.field_message)("slug", FieldError::Taken))
        );
        assert_eq!(ed.get("/staff/content/news/99999").await.status, 404);
        assert_eq!(
            ed.post("/staff/content/news/abc", &now_form).await.status,
            404
        );
    })
    .await;
}

#[tokio::test]
async fn editors_add_environment_days() {
    let t = app::i18n::texts(Default::default());
    use domain::staff::Role;
    each_engine(|app| async move {
        let db = Db::connect(&app.database_url, 2).await.unwrap();
        let mut ed = helpers::staff(&app, "writer", Role::Editor, None).await;
        let page = ed.get("/staff/content/days").await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("六五环境日") && page.body.contains("06-05"));
        let r = ed
            .post(
                "/staff/content/days",
                &[
                    ("name_zh", "全国低碳日"),
                    ("name_en", ""),
                    ("date", "02-30"),
                    ("slug", "national-low-carbon-day"),
                ],
            )
            .await;
        assert_eq!(r.status, 422);
        assert!(
            r.body
                .contains(&(t.c.field_message)("date", FieldError::NotATime))
                && r.body
                    .contains(&(t.c.field_message)("name_en", FieldError::Required)),
            "{}",
            r.body
        );
        assert!(r.body.contains("value=\"全国低碳日\""), "kept");
        let day = [
            ("name_zh", "全国低碳日"),
            ("name_en", "National Low-Carbon Day"),
            ("date", "06-18"),
            ("slug", "national-low-carbon-day"),
        ];
        let r = ed.post("/staff/content/days", &day).await;
        assert_eq!(r.header("location"), "/staff/content/days?saved=1");
        let page = ed.get("/staff/content/days?saved=1").await;
        assert!(
            page.body.contains("全国低碳日")
                && page.body.contains("06-18")
                && page.body.contains(t.n.saved)
        );
        let again = ed.post("/staff/content/days", &day).await;
        assert_eq!(again.status, 422);
        assert!(
            again
                .body
                .contains(&(t.c.field_message)("slug", FieldError::Taken))
        );
        // The countdown knows it: between 5 June and 15 August it is next.
        let next = app::server::calendar::next_environment_day(
            &db,
            chrono::NaiveDate::from_ymd_opt(2027, 6, 10).unwrap(),
            Utc::now(),
        )
        .await
        .unwrap()
        .unwrap();
        assert_eq!(next.name_zh, "全国低碳日");
        let mut other = helpers::Browser::new(&app);
        assert_eq!(
            other.get("/staff/content/days").await.header("location"),
            "/staff/login"
        );
    })
    .await;
}

fn pairs<'a>(form: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    form.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

/// Shanghai wall-clock time `days` from now, as a `datetime-local` field
/// sends it.
fn local_in(days: i64) -> String {
    domain::shanghai::local(Utc::now() + Duration::days(days))
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

#[tokio::test]
async fn editors_build_a_campaign_with_its_cover_and_events() {
    let t = app::i18n::texts(Default::default());
    use domain::staff::Role;
    each_engine(|app| async move {
        let mut desk = helpers::staff(&app, "desk", Role::Dispatcher, None).await;
        assert_eq!(desk.get("/staff/content/campaigns/new").await.status, 403);
        assert_eq!(
            desk.post("/staff/content/campaigns", &[("title", "x")])
                .await
                .status,
            403
        );

        let mut ed = helpers::staff(&app, "writer", Role::Editor, None).await;
        let new = ed.get("/staff/content/campaigns/new").await;
        assert_eq!(new.status, 200);
        assert!(new.body.contains("world-environment-day"), "days to choose");
        assert!(
            new.body.contains(t.n.save_campaign_first),
            "cover and events come after"
        );

        // Problems are named; what was typed stays.
        let bad = [
            ("title", "2027 六五环境日"),
            ("slug", "wed 2027"),
            ("environment_day", "no-such-day"),
            ("year", "1999"),
            ("summary", "美丽中国，我是行动者：开放日和科普讲座。"),
            ("body", "</textarea><b>正文</b>"),
            ("status", "draft"),
            ("publish_at", ""),
            ("cover_alt", ""),
        ];
        let r = ed.post("/staff/content/campaigns", &bad).await;
        assert_eq!(r.status, 422);
        assert!(
            r.body
                .contains(&(t.c.field_message)("year", FieldError::OutOfRange)),
            "{}",
            r.body
        );
        assert!(
            r.body
                .contains(&(t.c.field_message)("slug", FieldError::NotAChoice))
        );
        assert!(r.body.contains("value=\"wed 2027\""));
        assert!(!r.body.contains("</textarea><b>"), "kept, escaped");
        let mut form = bad.to_vec();
        form[1] = ("slug", "wed-2027");
        form[3] = ("year", "2027");
        let r = ed.post("/staff/content/campaigns", &form).await;
        assert_eq!(r.status, 422, "an unknown environment day");
        assert!(
            r.body.contains(&(t.c.field_message)(
                "environment_day",
                FieldError::NotAChoice
            )),
            "{}",
            r.body
        );
        form[2] = ("environment_day", "world-environment-day");
        let r = ed.post("/staff/content/campaigns", &form).await;
        assert_eq!(r.status, 303, "{}", r.body);
        let edit = r.header("location").split('?').next().unwrap().to_owned();
        let id: i64 = edit.rsplit('/').next().unwrap().parse().unwrap();
        let page = ed.get(&format!("{edit}?done=saved")).await;
        assert!(page.body.contains(t.n.saved) && page.body.contains(t.n.cover_upload));
        assert_eq!(app.get("/campaigns/wed-2027").await.status, 404, "a draft");

        // The cover: re-encoded, metadata gone, public only with the campaign.
        let r = ed
            .post_file(
                &format!("{edit}/cover"),
                "photo",
                "cover.txt",
                "image/jpeg",
                b"not an image at all",
            )
            .await;
        assert_eq!(r.status, 422);
        let max_mb = server::config::Config::default().photo_max_bytes / (1024 * 1024);
        assert!(r.body.contains(&(t.n.bad_cover)(max_mb)));
        let photo = helpers::phone_photo(64, 32);
        let r = ed
            .post_file(
                &format!("{edit}/cover"),
                "photo",
                "IMG_0001.jpg",
                "image/jpeg",
                &photo,
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        let mut conn = app.db().await;
        let key: String = sqlx::query("SELECT cover_key FROM campaigns WHERE id = $1")
            .bind(id)
            .fetch_one(&mut conn)
            .await
            .unwrap()
            .get(0);
        let stored = std::fs::read(app.photos.0.join(&key)).unwrap();
        assert!(stored.starts_with(&[0xFF, 0xD8, 0xFF]));
        assert!(!stored.windows(3).any(|w| w == b"GPS"), "metadata stripped");
        let preview = ed.get(&format!("{edit}/cover.jpg")).await;
        assert_eq!(preview.status, 200);
        assert_eq!(preview.bytes, stored);
        assert_eq!(app.get("/campaigns/wed-2027/cover.jpg").await.status, 404);
        assert_eq!(app.get(&format!("{edit}/cover.jpg")).await.status, 303);

        // An event: checked, then public with the campaign.
        let mut ev = vec![
            ("title", "污水处理厂开放日".to_owned()),
            ("place", "嘉定区城北路 1 号".to_owned()),
            ("starts_at", local_in(10)),
            ("ends_at", local_in(10)),
            ("capacity", "2".to_owned()),
            ("opens_at", local_in(-1)),
            ("closes_at", local_in(9)),
        ];
        let r = ed.post(&format!("{edit}/events"), &pairs(&ev)).await;
        assert_eq!(r.status, 422, "it ends when it starts");
        assert!(
            r.body
                .contains(&(t.c.field_message)("ends_at", FieldError::OutOfRange)),
            "{}",
            r.body
        );
        assert!(r.body.contains("污水处理厂开放日"), "typed text kept");
        ev[3] = ("ends_at", local_in(11));
        let r = ed.post(&format!("{edit}/events"), &pairs(&ev)).await;
        assert_eq!(r.status, 303, "{}", r.body);
        form[6] = ("status", "published");
        form[8] = ("cover_alt", "市民参观污水处理厂");
        let r = ed.post(&edit, &form).await;
        assert_eq!(r.status, 303, "{}", r.body);
        let public = app.get("/campaigns/wed-2027").await;
        assert_eq!(public.status, 200);
        assert!(
            public.body.contains("污水处理厂开放日")
                && public.body.contains(&(t.n.seats_left)(2, 2))
        );
        assert!(public.body.contains("alt=\"市民参观污水处理厂\""));
        assert!(
            public.body.contains("/campaigns/wed-2027/cover.jpg"),
            "og:image"
        );
        let cover = app.get("/campaigns/wed-2027/cover-thumb.jpg").await;
        assert_eq!(cover.status, 200);
        assert_eq!(cover.header("content-type"), "image/jpeg");
        assert_eq!(app.get("/campaigns/wed-2027/cover.png").await.status, 404);
        assert!(
            app.get("/campaigns")
                .await
                .body
                .contains("/campaigns/wed-2027/cover-thumb.jpg")
        );

        // Places cannot drop below the sign-ups.
        let event: i64 = sqlx::query("SELECT id FROM campaign_events WHERE campaign_id = $1")
            .bind(id)
            .fetch_one(&mut conn)
            .await
            .unwrap()
            .get(0);
        assert_eq!(
            sign_up(&app, event, "张三", "13812345678").await.status,
            200
        );
        assert_eq!(
            sign_up(&app, event, "李四", "13812345679").await.status,
            200
        );
        let event_url = format!("{edit}/events/{event}");
        let page = ed.get(&event_url).await;
        assert!(page.body.contains(&(t.n.taken_note)(2)), "{}", page.body);
        ev[4] = ("capacity", "1".to_owned());
        let r = ed.post(&event_url, &pairs(&ev)).await;
        assert_eq!(r.status, 422);
        assert!(
            r.body
                .contains(&(t.c.field_message)("capacity", FieldError::OutOfRange))
        );
        ev[4] = ("capacity", "40".to_owned());
        let r = ed.post(&event_url, &pairs(&ev)).await;
        assert_eq!(r.status, 303, "{}", r.body);
        assert!(
            app.get("/campaigns/wed-2027")
                .await
                .body
                .contains(&(t.n.seats_left)(38, 40))
        );
        assert_eq!(ed.get(&format!("{edit}/events/99999")).await.status, 404);
        assert_eq!(
            ed.get("/staff/content/campaigns/99999/events/new")
                .await
                .status,
            404
        );

        // The list shows it; removing the cover deletes the files.
        let list = ed.get("/staff/content").await;
        assert!(list.body.contains("2027 六五环境日") && list.body.contains(t.n.public_now));
        let r = ed.post(&format!("{edit}/cover/remove"), &[]).await;
        assert_eq!(r.status, 303);
        assert!(!app.photos.0.join(&key).exists());
        assert_eq!(app.get("/campaigns/wed-2027/cover.jpg").await.status, 404);
        assert!(
            !app.get("/campaigns/wed-2027")
                .await
                .body
                .contains("cover.jpg")
        );

        // A second campaign may not take the address.
        let r = ed.post("/staff/content/campaigns", &form).await;
        assert_eq!(r.status, 422);
        assert!(
            r.body
                .contains(&(t.c.field_message)("slug", FieldError::Taken))
        );
    })
    .await;
}

/// The home page lists the latest public news (never a draft or one still
/// scheduled), newest first, and links the next environment day to that
/// year's campaign (issue 17: it said "no news" while `/news` listed three).
#[tokio::test]
async fn the_home_page_shows_the_latest_news_and_the_next_days_campaign() {
    use chrono::Datelike;
    let t = app::i18n::texts(Default::default());
    each_engine(|app| async move {
        let db = Db::connect(&app.database_url, 2).await.unwrap();
        let now = Utc::now();
        let home = app.get("/").await.body;
        assert!(home.contains(t.news_empty) && !home.contains(t.env_day_campaign));
        for (i, title) in ["旧闻甲", "新闻乙", "新闻丙", "新闻丁"].iter().enumerate() {
            let at = now - Duration::days(10 - i as i64);
            let d = draft(&format!("n{i}"), title, "正文", Status::Published, Some(at));
            content::create_article(&db, Tag::Notices, &d, now)
                .await
                .unwrap();
        }
        let hidden = [
            draft("d", "草稿新闻", "正文", Status::Draft, None),
            draft(
                "s",
                "明日新闻",
                "正文",
                Status::Scheduled,
                Some(now + Duration::days(1)),
            ),
        ];
        for d in &hidden {
            content::create_article(&db, Tag::Notices, d, now)
                .await
                .unwrap();
        }
        let today = domain::shanghai::today(now);
        let next = app::server::calendar::next_environment_day(&db, today, now)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(next.campaign, None);
        let year = next.date.year();
        for (slug, year) in [("last-year", year - 1), ("next-day", year)] {
            let d = draft(slug, "环境日活动", "介绍", Status::Published, None);
            content::create_campaign(&db, Some(&next.slug), year, &d, now)
                .await
                .unwrap();
        }
        app.refresh().await;
        let home = app.get("/").await.body;
        let at = |s: &str| home.find(s).unwrap_or_else(|| panic!("{s} in {home}"));
        assert!(at("新闻丁") < at("新闻丙") && at("新闻丙") < at("新闻乙"));
        assert!(!home.contains("旧闻甲"), "three at most");
        assert!(!home.contains("草稿新闻") && !home.contains("明日新闻"));
        assert!(home.contains(r#"href="/news/n3""#) && home.contains(t.news_more));
        assert!(!home.contains(t.news_empty));
        assert!(home.contains(r#"href="/campaigns/next-day""#));
        assert!(home.contains(t.env_day_campaign));
        assert!(!home.contains("/campaigns/last-year"));
    })
    .await;
}

/// The language and text-size switches come back to the page shown: an
/// article's or campaign's own address, not the router's pattern
/// (`/news/_`), and after a sign-up the campaign's page, not `/signups`
/// (switching from those led to a 404).
#[tokio::test]
async fn the_display_switches_come_back_to_the_page_shown() {
    use domain::staff::Role;
    each_engine(|app| async move {
        let db = Db::connect(&app.database_url, 2).await.unwrap();
        let d = draft("a-report", "一篇报道", "正文", Status::Published, None);
        content::create_article(&db, Tag::Notices, &d, Utc::now())
            .await
            .unwrap();
        let (event, slug) = helpers::event_with_places(&app, 1).await;
        let back = |body: &str, to: &str| {
            let field = format!(r#"name="next" value="{to}""#);
            assert_eq!(body.matches(&field).count(), 4, "{to}: {body}");
            assert!(!body.contains("/_\""), "{body}");
        };
        back(&app.get("/news/a-report").await.body, "/news/a-report");
        back(
            &app.get("/news?tag=notices").await.body,
            "/news?tag=notices",
        );
        let campaign = format!("/campaigns/{slug}");
        back(&app.get(&campaign).await.body, &campaign);
        let done = sign_up(&app, event, "张三", "13812345678").await;
        assert_eq!(done.status, 200);
        back(&done.body, &campaign);
        let full = sign_up(&app, event, "李四", "13912345678").await;
        assert_eq!(full.status, 409);
        back(&full.body, &campaign);
        // An editor's form sent back with its problems: the form's own page.
        let mut ed = helpers::staff(&app, "writer", Role::Editor, None).await;
        let r = ed.post("/staff/content/news", &[("title", "")]).await;
        assert_eq!(r.status, 422);
        back(&r.body, "/staff/content/news/new");
        // A page answering a staff POST has the staff's own navigation.
        assert!(r.body.contains("action=\"/staff/logout\""), "{}", r.body);
        assert!(!r.body.contains("href=\"/board\""));
        let r = ed.post("/staff/content/campaigns", &[("title", "")]).await;
        assert_eq!(r.status, 422);
        back(&r.body, "/staff/content/campaigns/new");
    })
    .await;
}

#[tokio::test]
async fn sign_ups_are_deleted_after_the_event() {
    each_engine(|app| async move {
        let (event, _) = helpers::event_with_places(&app, 5).await;
        assert_eq!(
            sign_up(&app, event, "张三", "13812345678").await.status,
            200
        );
        // The event ends in ten days and two hours: the purge is asked as of
        // a later "now" rather than moving the event into the past, so the
        // app's own housekeeping (which runs at start with the real clock)
        // cannot take the row first and make this count race.
        let db = Db::connect(&app.database_url, 2).await.unwrap();
        let ends = Utc::now() + Duration::days(10) + Duration::hours(2);
        assert_eq!(content::purge_signups(&db, Utc::now()).await.unwrap(), 0);
        assert_eq!(
            content::purge_signups(&db, ends + Duration::hours(23))
                .await
                .unwrap(),
            0,
            "kept for a day after the event"
        );
        assert_eq!(
            content::purge_signups(&db, ends + Duration::hours(25))
                .await
                .unwrap(),
            1
        );
        let mut conn = app.db().await;
        let left: i64 = sqlx::query("SELECT COUNT(*) FROM event_signups")
            .fetch_one(&mut conn)
            .await
            .unwrap()
            .get(0);
        assert_eq!(left, 0, "names and numbers gone");
    })
    .await;
}

/// Stored content that does not decode (a publication time or an event's
/// start that is not a time) is the translated error page, not a row
/// silently dropped from the list or dated 1970 (issue 15).
#[tokio::test]
async fn stored_content_that_does_not_decode_is_an_error_page() {
    let t = app::i18n::texts(Default::default());
    each_engine(|app| async move {
        let db = Db::connect(&app.database_url, 2).await.unwrap();
        let now = Utc::now();
        content::create_article(
            &db,
            Tag::Notices,
            &draft("odd-news", "公告", "正文", Status::Published, None),
            now,
        )
        .await
        .unwrap();
        assert_eq!(app.get("/news").await.status, 200);
        // Sorts before any real time, so every "is it public yet" test passes it.
        sqlx::query("UPDATE news_articles SET publish_at = '0000 soon' WHERE slug = 'odd-news'")
            .execute(&db.pool)
            .await
            .unwrap();
        app.refresh().await;
        for path in ["/news", "/news/odd-news"] {
            let r = app.get(path).await;
            assert_eq!(r.status, 503, "{path}: {}", r.body);
            assert!(r.body.contains(t.error_title), "{path}");
        }

        let (_, slug) = helpers::event_with_places(&app, 5).await;
        let page = format!("/campaigns/{slug}");
        assert_eq!(app.get(&page).await.status, 200);
        sqlx::query("UPDATE campaign_events SET starts_at = 'next tuesday'")
            .execute(&db.pool)
            .await
            .unwrap();
        app.refresh().await;
        let r = app.get(&page).await;
        assert_eq!(r.status, 503, "{}", r.body);
        assert!(r.body.contains(t.error_title));
    })
    .await;
}
