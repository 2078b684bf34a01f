//! The cache of rendered public pages (issue 16), on SQLite and
//! PostgreSQL: a page is answered from memory with its ETag, never carries
//! a nonce or anything of one visitor to another, and shows a change at
//! once: made through this instance, another one, or by the clock.

use crate::helpers;

use std::time::{Duration as StdDuration, Instant};

use app::server::Db;
use app::server::content::{self, Draft};
use base64::Engine as _;
use chrono::{Duration, Utc};
use domain::content::{Status, Tag};
use helpers::{ENGINES, Engine, TestApp, TestDb, each_engine};
use sha2::{Digest, Sha256};

fn article(slug: &str, title: &str, status: Status, at: Option<chrono::DateTime<Utc>>) -> Draft {
    Draft {
        slug: slug.to_owned(),
        title: title.to_owned(),
        summary: format!("{title}的摘要，足够长"),
        body_md: "正文".to_owned(),
        status,
        publish_at: at,
    }
}

async fn publish(app: &TestApp, slug: &str, title: &str) {
    let db = Db::connect(&app.database_url, 1).await.unwrap();
    content::create_article(
        &db,
        Tag::Notices,
        &article(slug, title, Status::Published, None),
        Utc::now(),
    )
    .await
    .unwrap();
    db.pool.close().await;
}

/// The inline scripts of `html`, as a browser hashes them for CSP.
fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("<script") {
        rest = &rest[i..];
        let open_end = rest.find('>').unwrap();
        let tag = &rest[..open_end];
        let close = rest.find("</script>").unwrap();
        if !tag.contains(" src=") {
            let body = &rest[open_end + 1..close];
            out.push(format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(Sha256::digest(body.as_bytes()))
            ));
        }
        rest = &rest[close..];
    }
    out
}

#[tokio::test]
async fn public_pages_come_from_memory_with_an_etag() {
    each_engine(|app| async move {
        publish(&app, "first", "第一条新闻").await;
        let first = app.get("/news").await;
        assert_eq!(first.status, 200);
        let etag = first.header("etag").to_owned();
        assert!(etag.starts_with('"') && etag.len() > 10, "{etag:?}");
        assert_eq!(first.header("cache-control"), "no-cache");
        assert!(first.header("vary").contains("cookie"));
        let again = app.get("/news").await;
        assert_eq!(again.body, first.body, "the same page");
        assert_eq!(again.header("etag"), etag);
        // Kept pages are answered before the rest of the stack runs, with
        // every header it would have added.
        for (name, value) in [
            ("x-content-type-options", "nosniff"),
            ("x-frame-options", "DENY"),
            ("referrer-policy", "same-origin"),
            ("cross-origin-opener-policy", "same-origin"),
            ("content-type", "text/html; charset=utf-8"),
        ] {
            assert_eq!(again.header(name), value, "{name}");
        }
        assert!(again.header("permissions-policy").contains("camera=()"));
        assert!(
            again
                .header("content-security-policy")
                .contains("frame-ancestors 'none'")
        );

        // The browser has it: nothing to send.
        let fresh = app.get_with("/news", &[("if-none-match", &etag)]).await;
        assert_eq!(fresh.status, 304);
        assert!(fresh.bytes.is_empty());
        assert_eq!(fresh.header("etag"), etag);
        let stale = app
            .get_with("/news", &[("if-none-match", "\"other\"")])
            .await;
        assert_eq!(stale.status, 200);

        // Compressed once, sent as the client accepts.
        let br = app
            .get_with("/news", &[("accept-encoding", "gzip, br")])
            .await;
        assert_eq!(br.header("content-encoding"), "br");
        assert!(
            br.bytes.len() * 2 < first.bytes.len(),
            "brotli shrinks the page"
        );
        let gz = app
            .get_with("/news", &[("accept-encoding", "br;q=0, gzip")])
            .await;
        assert_eq!(gz.header("content-encoding"), "gzip");
        // A strong tag names one representation's bytes: each encoding has
        // its own, and any of them revalidates the page.
        let tags = [etag.as_str(), br.header("etag"), gz.header("etag")];
        assert!(
            tags[0] != tags[1] && tags[1] != tags[2] && tags[0] != tags[2],
            "{tags:?}"
        );
        let revalidated = app
            .get_with(
                "/news",
                &[("accept-encoding", "gzip"), ("if-none-match", tags[1])],
            )
            .await;
        assert_eq!(revalidated.status, 304);
        assert_eq!(revalidated.header("etag"), tags[2]);
        assert_eq!(
            app.get_with("/news", &[("accept-encoding", "identity")])
                .await
                .body,
            first.body
        );
        // HEAD answers the headers of the page.
        let head = app.send("HEAD", "/news", &[], None).await;
        assert_eq!(head.status, 200);
        assert!(head.bytes.is_empty());
    })
    .await;
}

#[tokio::test]
async fn no_page_hands_one_responses_nonce_to_another() {
    each_engine(|app| async move {
        publish(&app, "first", "第一条新闻").await;
        for path in ["/", "/air", "/board", "/campaigns", "/news", "/news/first"] {
            for _ in 0..2 {
                let r = app.get(path).await;
                assert_eq!(r.status, 200, "{path}");
                let csp = r.header("content-security-policy");
                assert!(
                    !r.body.contains("nonce="),
                    "{path}: no nonce in a kept page"
                );
                assert!(!csp.contains("'nonce-"), "{path}: {csp}");
                let hashes = inline_script_hashes(&r.body);
                assert!(!hashes.is_empty(), "{path}: the hydration script is inline");
                for hash in &hashes {
                    assert!(
                        csp.contains(hash.as_str()),
                        "{path}: {hash} allowed by {csp}"
                    );
                }
                let allowed = csp.matches("'sha256-").count();
                assert_eq!(allowed, hashes.len(), "{path}: no other script allowed");
            }
        }
        // Pages that are not kept get a new nonce each time, in the page
        // and the policy alike.
        let nonce_of = |body: &str| {
            let i = body.find("nonce=\"").expect("a nonce") + 7;
            body[i..i + 32].to_owned()
        };
        let mut seen = Vec::new();
        for (path, cookie) in [
            ("/staff/login", ""),
            ("/staff/login", ""),
            ("/news", "qj_staff=not-a-session"),
            ("/news", "qj_staff=not-a-session"),
        ] {
            let r = app.get_with(path, &[("cookie", cookie)]).await;
            assert_eq!(r.status, 200, "{path}");
            assert!(
                r.header("etag").is_empty(),
                "{path} {cookie}: rendered afresh"
            );
            let nonce = nonce_of(&r.body);
            assert!(
                r.header("content-security-policy")
                    .contains(&format!("'nonce-{nonce}'"))
            );
            assert!(!seen.contains(&nonce), "a nonce is used once");
            seen.push(nonce);
        }
        // And the kept page served next carries none of them.
        let kept = app.get("/news").await;
        assert!(seen.iter().all(|n| !kept.body.contains(n.as_str())));
    })
    .await;
}

#[tokio::test]
async fn each_language_and_text_size_has_its_own_page() {
    let zh = app::i18n::texts(domain::prefs::Locale::ZhCn);
    let en = app::i18n::texts(domain::prefs::Locale::En);
    each_engine(|app| async move {
        let chinese = app.get("/news").await;
        assert!(chinese.body.contains(zh.n.news_title));
        let english = app.get_with("/news", &[("accept-language", "en")]).await;
        assert!(
            english.body.contains(en.n.news_title),
            "not the Chinese page"
        );
        let cookie = app.get_with("/news", &[("cookie", "qj_lang=en")]).await;
        assert_eq!(cookie.body, english.body);
        let large = app.get_with("/news", &[("cookie", "qj_text=large")]).await;
        assert!(large.body.contains(r#"data-text-size="large""#));
        assert!(
            app.get("/news")
                .await
                .body
                .contains(r#"data-text-size="standard""#)
        );
    })
    .await;
}

#[tokio::test]
async fn a_write_here_shows_on_the_next_request() {
    let t = app::i18n::texts(Default::default());
    each_engine(|app| async move {
        let event = helpers::event_with_places(&app, 5).await.0.to_string();
        let page = app.get("/campaigns/wed-2027").await;
        assert!(page.body.contains(&(t.n.seats_left)(5, 5)));

        // A sign-up with a problem is answered with the form again, its
        // text kept; that answer is never what the next visitor gets.
        let origin = app.base.clone();
        let refused = app
            .post_form(
                "/signups",
                &[("origin", &origin)],
                &[
                    ("event", &event),
                    ("name", "王秘密"),
                    ("phone", "123"),
                    ("consent", "yes"),
                ],
            )
            .await;
        assert_eq!(refused.status, 422);
        assert!(refused.body.contains("王秘密"));
        let next = app.get("/campaigns/wed-2027").await;
        assert!(!next.body.contains("王秘密") && !next.body.contains("error-summary"));
        assert_eq!(next.body, page.body, "still the kept page");

        let done = app
            .post_form(
                "/signups",
                &[("origin", &origin)],
                &[
                    ("event", &event),
                    ("name", "李四"),
                    ("phone", "13812345678"),
                    ("consent", "yes"),
                ],
            )
            .await;
        assert_eq!(done.status, 200, "signed up");
        let after = app.get("/campaigns/wed-2027").await;
        assert!(
            after.body.contains(&(t.n.seats_left)(4, 5)),
            "one place fewer, at once"
        );
        assert!(
            !after.body.contains("李四"),
            "no name of anyone who signed up"
        );
    })
    .await;
}

/// Polls `path` until its body contains `needle`, for at most `within`.
async fn shows_within(app: &TestApp, path: &str, needle: &str, within: StdDuration) -> bool {
    let start = Instant::now();
    while start.elapsed() < within {
        if app.get(path).await.body.contains(needle) {
            return true;
        }
        tokio::time::sleep(StdDuration::from_millis(50)).await;
    }
    false
}

#[tokio::test]
async fn a_change_elsewhere_shows_within_the_poll() {
    for engine in ENGINES {
        let db = TestDb::new(engine).await;
        let poll = |c: &mut server::config::Config| {
            c.demo = true;
            c.page_cache_poll_ms = 200;
        };
        let one = TestApp::spawn_on(db.same_as(), poll).await;
        let two = TestApp::spawn_on(db, poll).await;
        assert!(!two.get("/news").await.body.contains("另一台"));
        // Another instance's write (direct SQL stands for it: the triggers
        // see every write, whoever makes it).
        publish(&one, "elsewhere", "另一台实例发布").await;
        assert!(
            shows_within(&two, "/news", "另一台实例发布", StdDuration::from_secs(3)).await,
            "{engine:?}"
        );
        // The board: a public case taken off it.
        let before = two.get("/board").await;
        assert_eq!(before.status, 200);
        assert!(!before.header("etag").is_empty());
        let mut conn = one.db().await;
        let hidden = sqlx::query(
            "UPDATE cases SET public = 0 WHERE id = (SELECT MAX(id) FROM cases \
             WHERE public = 1 AND published_at IS NOT NULL)",
        )
        .execute(&mut conn)
        .await
        .unwrap();
        assert_eq!(
            hidden.rows_affected(),
            1,
            "{engine:?}: the demo has public cases"
        );
        let start = Instant::now();
        let mut moved = false;
        while start.elapsed() < StdDuration::from_secs(3) {
            if two.get("/board").await.header("etag") != before.header("etag") {
                moved = true;
                break;
            }
            tokio::time::sleep(StdDuration::from_millis(50)).await;
        }
        assert!(moved, "{engine:?}: the board was rendered again");
    }
}

#[tokio::test]
async fn scheduled_news_appears_when_its_time_comes() {
    each_engine(|app| async move {
        let db = Db::connect(&app.database_url, 1).await.unwrap();
        let at = Utc::now() + Duration::seconds(2);
        content::create_article(
            &db,
            Tag::Notices,
            &article("soon", "定时发布的新闻", Status::Scheduled, Some(at)),
            Utc::now(),
        )
        .await
        .unwrap();
        app.refresh().await;
        assert!(!app.get("/news").await.body.contains("定时发布的新闻"));
        // No write: the clock alone makes it public. The app looks once a
        // second (the default), and drops the pages when the time comes.
        assert!(
            shows_within(&app, "/news", "定时发布的新闻", StdDuration::from_secs(5)).await,
            "{:?}",
            app.engine
        );
    })
    .await;
}

#[tokio::test]
async fn versioned_assets_are_immutable() {
    let app = TestApp::spawn_on(TestDb::new(Engine::Sqlite).await, |_| {}).await;
    let page = app.get("/").await;
    let at = page.body.find("/pkg/").expect("the page names its assets");
    let dir: String = page.body[at..].chars().take(5 + 16).collect();
    assert!(
        dir[5..].chars().all(|c| c.is_ascii_hexdigit()),
        "a content hash: {dir}"
    );
    for file in ["qingjia.css", "qingjia.js", "qingjia.wasm"] {
        let path = format!("{dir}/{file}");
        assert!(page.body.contains(&path), "{path} in the page");
        let r = app.get_with(&path, &[("accept-encoding", "br")]).await;
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("content-encoding"), "br", "{path}");
        assert_eq!(
            r.header("cache-control"),
            "public, max-age=31536000, immutable",
            "{path}"
        );
    }
    let other = app.get("/pkg/0123456789abcdef/qingjia.css").await;
    assert_eq!(other.status, 404, "another build's name is not this one's");
    assert!(!other.header("cache-control").contains("immutable"));
}
