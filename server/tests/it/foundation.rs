//! The portal's foundation over HTTP, on SQLite and PostgreSQL: pages,
//! language and text size, security headers, CSRF rule, health, assets.

use crate::helpers;

use app::prefs::Locale;
use helpers::{Engine, TestApp, TestDb, for_each_engine};
use sqlx::Row;

#[tokio::test]
async fn home_page_renders_in_chinese_from_the_database() {
    let t = app::i18n::texts(Locale::ZhCn);
    for_each_engine(|app| async move {
        let (status, body) = app.page("/").await;
        assert_eq!(status, 200);
        assert!(body.contains(r#"<html lang="zh-CN""#), "{body}");
        assert!(body.contains(t.site_name));
        assert!(body.contains(t.env_day_heading));
        // The environment days come from the database (migration data).
        assert!(
            ["六五环境日", "全国生态日", "国际零废弃物日"]
                .iter()
                .any(|d| body.contains(d)),
            "an environment day is shown"
        );
        // The embedded run seeds demo air-quality data; without it the
        // section shows an empty state, not a blank.
        match app.engine {
            Engine::Sqlite => assert!(body.contains("aqi-badge") && body.contains(t.demo_data)),
            Engine::Postgres => assert!(body.contains(t.air_empty)),
        }
        // The demo's news on the embedded run; none on PostgreSQL.
        assert_eq!(body.contains(t.news_empty), app.engine == Engine::Postgres);
        assert_eq!(body.contains(t.news_more), app.engine == Engine::Sqlite);
        // The first screen's three tasks.
        for href in [
            "/complaints/new?kind=noise",
            "/complaints/new?kind=fumes",
            "/track",
        ] {
            assert!(body.contains(&format!(r#"href="{href}""#)), "{href}");
        }
        // Demo mode is the default of the embedded run only.
        assert_eq!(body.contains("demo-notice"), app.engine == Engine::Sqlite);
    })
    .await;
}

#[tokio::test]
async fn english_by_accept_language_and_by_cookie() {
    let t = app::i18n::texts(Locale::En);
    for_each_engine(|app| async move {
        let r = app
            .get_with("/", &[("accept-language", "en-US,en;q=0.9")])
            .await;
        assert!(r.body.contains(r#"<html lang="en""#));
        assert!(r.body.contains(t.env_day_heading));

        let r = app
            .get_with(
                "/",
                &[
                    ("accept-language", "en-US"),
                    ("cookie", "qj_lang=zh-CN; qj_text=large"),
                ],
            )
            .await;
        assert!(
            r.body
                .contains(r#"<html lang="zh-CN" data-text-size="large""#),
            "the cookie wins"
        );
    })
    .await;
}

#[tokio::test]
async fn preference_form_sets_cookies_and_returns_to_the_page() {
    let t = app::i18n::texts(Default::default());
    for_each_engine(|app| async move {
        let origin = app.base.clone();
        let r = app
            .post_form(
                "/prefs",
                &[("origin", &origin)],
                &[("lang", "en"), ("next", "/some/page?x=1")],
            )
            .await;
        assert_eq!(r.status, 303);
        assert_eq!(r.header("location"), "/some/page?x=1");
        let cookie = r.header("set-cookie");
        assert!(
            cookie.starts_with("qj_lang=en;") && cookie.contains("SameSite=Lax"),
            "{cookie}"
        );
        // A shared cache must never hand one visitor's cookie to another.
        assert_eq!(r.header("cache-control"), "no-store");

        let r = app
            .post_form(
                "/prefs",
                &[],
                &[("text_size", "large"), ("next", "https://evil.example/")],
            )
            .await;
        assert_eq!(r.status, 303);
        assert_eq!(r.header("location"), "/", "no open redirect");
        assert!(r.header("set-cookie").starts_with("qj_text=large;"));

        let r = app
            .post_form("/prefs", &[], &[("text_size", "gigantic")])
            .await;
        assert_eq!(r.status, 400);
        assert_eq!(r.header("set-cookie"), "");
        assert!(r.body.contains(t.bad_request_title));
    })
    .await;
}

#[tokio::test]
async fn writes_from_another_site_are_refused() {
    let t = app::i18n::texts(Default::default());
    for_each_engine(|app| async move {
        let r = app
            .post_form(
                "/prefs",
                &[("origin", "https://evil.example")],
                &[("lang", "en")],
            )
            .await;
        assert_eq!(r.status, 403);
        assert_eq!(r.header("set-cookie"), "");
        assert!(r.body.contains(t.forbidden_title));

        let r = app
            .post_form(
                "/prefs",
                &[("sec-fetch-site", "cross-site")],
                &[("lang", "en")],
            )
            .await;
        assert_eq!(r.status, 403);

        // Issue 14: without a trusted proxy, X-Forwarded-Host is the
        // client's own word and cannot vouch for a foreign Origin.
        let r = app
            .post_form(
                "/prefs",
                &[
                    ("origin", "https://evil.example"),
                    ("x-forwarded-host", "evil.example"),
                ],
                &[("lang", "en")],
            )
            .await;
        assert_eq!(r.status, 403);

        // Issue 15: a write that carries a staff session says where it
        // comes from, as every browser does; hiding both headers is refused.
        let desk = helpers::staff(&app, "origin.desk", domain::staff::Role::Dispatcher, None).await;
        let cookie = format!("qj_staff={}", desk.cookie("qj_staff").unwrap());
        let r = app
            .post_form("/prefs", &[("cookie", &cookie)], &[("lang", "en")])
            .await;
        assert_eq!(r.status, 403, "a staff session without Origin");
        assert_eq!(r.header("set-cookie"), "");
        let origin = app.base.clone();
        for from in [
            ("origin", origin.as_str()),
            ("sec-fetch-site", "same-origin"),
        ] {
            let r = app
                .post_form("/prefs", &[("cookie", &cookie), from], &[("lang", "en")])
                .await;
            assert_eq!(r.status, 303, "{from:?}: {}", r.body);
        }
        // Without a session, a client that sends neither still passes.
        let r = app.post_form("/prefs", &[], &[("lang", "en")]).await;
        assert_eq!(r.status, 303);
    })
    .await;
}

/// Issue 14: paths no route or file can have are a 404, never a 500 from
/// the file system.
#[tokio::test]
async fn impossible_paths_are_not_found() {
    let t = app::i18n::texts(Default::default());
    for_each_engine(|app| async move {
        let long_segment = format!("/{}", "A".repeat(256));
        let long_path = "/a".repeat(2100);
        let wide = format!("/news/{}", "%E6%B0%B4".repeat(90));
        for path in [
            long_segment.as_str(),
            long_path.as_str(),
            wide.as_str(),
            "/news/%00",
            "/%00",
            "/pkg/%00.js",
        ] {
            let r = app.get(path).await;
            assert_eq!(r.status, 404, "{}…", &path[..path.len().min(40)]);
            assert!(r.body.contains(t.not_found_title));
        }
    })
    .await;
}

/// Issue 14: a client's malformed server-function arguments are its
/// mistake: a 400 that names no internals.
#[tokio::test]
async fn malformed_server_function_arguments_are_a_bad_request() {
    for_each_engine(|app| async move {
        let form = [("content-type", "application/x-www-form-urlencoded")];
        for (path, body) in [
            ("/api/home", b"station=b&station=".to_vec()),
            ("/api/home", b"\xff\xfe=\xc3".to_vec()),
            ("/api/air/page", b"station[]=x".to_vec()),
            ("/api/air/page", b"station=a&station=b".to_vec()),
            ("/api/air/page", b"\xff".to_vec()),
        ] {
            let r = app
                .send_bytes("POST", path, &form, Some(body.clone()))
                .await;
            assert!(r.status < 500, "{path} {body:?}: {} {}", r.status, r.body);
            assert!(
                !r.body.contains("serde") && !r.body.contains("Deserialization"),
                "{}",
                r.body
            );
        }
        let r = app
            .send_bytes("POST", "/api/air/page", &form, Some(b"station=".to_vec()))
            .await;
        assert_eq!(
            r.status, 200,
            "well-formed arguments still work: {}",
            r.body
        );
    })
    .await;
}

/// Issue 14: NUL bytes reached PostgreSQL, which refuses them in text
/// (503), while SQLite stored them. Both engines now answer alike.
#[tokio::test]
async fn nul_bytes_get_the_same_answer_on_both_engines() {
    for engine in helpers::ENGINES {
        let app = TestApp::spawn_on(TestDb::new(engine).await, |c| c.demo = true).await;
        let origin = app.base.clone();
        let r = app
            .post_form(
                "/staff/login",
                &[("origin", &origin)],
                &[("username", "\0"), ("password", "x\0y")],
            )
            .await;
        assert_eq!(r.status, 422, "{engine:?}: {}", r.body);
        let r = app
            .post_form(
                "/staff/login",
                &[("origin", &origin)],
                &[("username", "nobody\0"), ("password", "x")],
            )
            .await;
        assert_eq!(r.status, 401, "{engine:?}");
        let r = app
            .post_form(
                "/track",
                &[("origin", &origin)],
                &[("reference", "JD-2026-\0"), ("code", "\0")],
            )
            .await;
        assert!(r.status < 500, "{engine:?}: {}", r.status);
        let mut desk = helpers::Browser::new(&app);
        desk.sign_in("dispatcher", app::server::demo::DEMO_PASSWORD)
            .await;
        let r = desk.get("/staff/cases?q=%00").await;
        assert_eq!(r.status, 200, "{engine:?}");
        let r = desk.get("/staff/cases?q=%E6%B8%85%00%E6%B2%B3").await;
        assert_eq!(r.status, 200, "{engine:?}");
    }
}

#[tokio::test]
async fn security_headers_and_a_nonce_on_every_page() {
    for_each_engine(|app| async move {
        // A page rendered for each request (kept public pages carry script
        // hashes instead: tests/page_cache.rs).
        let r = app.get("/track").await;
        let csp = r.header("content-security-policy");
        assert!(csp.contains("frame-ancestors 'none'"));
        assert!(csp.contains("object-src 'none'"));
        assert_eq!(r.header("x-content-type-options"), "nosniff");
        assert_eq!(r.header("referrer-policy"), "same-origin");
        assert_eq!(
            r.header("strict-transport-security"),
            "",
            "no HSTS over plain HTTP"
        );
        assert_ne!(r.header("x-request-id"), "");
        // The id is the server's own, not what a client says.
        let forged = app
            .get_with("/track", &[("x-request-id", "x\" ERROR forged")])
            .await;
        assert!(!forged.header("x-request-id").contains("forged"));
        assert_ne!(forged.header("x-request-id"), "");
        let nonce = csp
            .split("'nonce-")
            .nth(1)
            .and_then(|s| s.split('\'').next())
            .unwrap();
        assert!(
            r.body.contains(&format!(r#"nonce="{nonce}""#)),
            "inline scripts carry the header's nonce"
        );

        let other = app.get("/track").await;
        assert_ne!(
            other.header("content-security-policy"),
            csp,
            "a new nonce per request"
        );

        let health = app.get("/healthz").await;
        assert_ne!(health.header("content-security-policy"), "");
    })
    .await;
}

#[tokio::test]
async fn pages_are_valid_html_with_sensible_caching() {
    for_each_engine(|app| async move {
        let r = app.get("/").await;
        assert!(
            r.body.trim_end().ends_with("</body></html>"),
            "no script after </html>"
        );
        let bad_crossorigin = r.body.split(" crossorigin=\"").skip(1).any(|rest| {
            rest.split('"')
                .next()
                .is_some_and(|v| v.chars().all(|c| c.is_ascii_hexdigit()))
        });
        assert!(!bad_crossorigin, "no nonce inside crossorigin");
        assert_eq!(
            r.header("cache-control"),
            "no-cache",
            "public, revalidated by its ETag"
        );
        assert_eq!(
            app.get("/staff/login").await.header("cache-control"),
            "no-store"
        );
        assert_eq!(
            app.get("/healthz").await.header("cache-control"),
            "no-store"
        );
    })
    .await;
}

#[tokio::test]
async fn hsts_when_configured_for_https() {
    let app = TestApp::spawn_on(TestDb::new(Engine::Sqlite).await, |c| c.https = true).await;
    // Rendered, then answered from the page cache: both say it.
    for _ in 0..2 {
        let r = app.get("/").await;
        assert!(r.header("strict-transport-security").contains("max-age="));
    }
}

#[tokio::test]
async fn unknown_pages_get_a_translated_404() {
    let (zh, en) = (app::i18n::texts(Locale::ZhCn), app::i18n::texts(Locale::En));
    for_each_engine(|app| async move {
        let (status, body) = app.page("/no/such/page").await;
        assert_eq!(status, 404);
        assert!(body.contains(zh.not_found_title));
        let r = app
            .get_with("/no/such/page", &[("cookie", "qj_lang=en")])
            .await;
        assert_eq!(r.status, 404);
        assert!(r.body.contains(en.not_found_title));
    })
    .await;
}

#[tokio::test]
async fn a_database_failure_gives_the_translated_error_page_without_internals() {
    let (zh, en) = (app::i18n::texts(Locale::ZhCn), app::i18n::texts(Locale::En));
    let db = TestDb::new(Engine::Postgres).await;
    let app = TestApp::spawn_on(db, |_| {}).await;
    let mut conn = app.db().await;
    // Pull the tables from under the running app.
    let schema: String = sqlx::query("SELECT CAST(current_schema() AS TEXT)")
        .fetch_one(&mut conn)
        .await
        .unwrap()
        .get(0);
    // The app's background jobs query at start-up: dropping the tables
    // under them may deadlock with one (PostgreSQL then aborts the drop).
    let mut tries = 0;
    while let Err(e) = sqlx::query(&format!("DROP SCHEMA {schema} CASCADE"))
        .execute(&mut conn)
        .await
    {
        tries += 1;
        assert!(tries < 10, "{e}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let (status, body) = app.page("/").await;
    assert_eq!(status, 500);
    assert!(body.contains(zh.error_title) && body.contains("12345"));
    assert!(
        !body.contains("relation") && !body.contains("environment_days"),
        "no internals"
    );
    let r = app.get_with("/", &[("cookie", "qj_lang=en")]).await;
    assert!(r.body.contains(en.error_title));
}

#[tokio::test]
async fn health_and_readiness() {
    for_each_engine(|app| async move {
        assert_eq!(app.page("/healthz").await, (200, "ok".to_owned()));
        assert_eq!(app.page("/readyz").await, (200, "ready".to_owned()));
    })
    .await;
}

#[tokio::test]
async fn pages_are_compressed() {
    for_each_engine(|app| async move {
        let r = app.get_with("/", &[("accept-encoding", "br")]).await;
        assert_eq!(r.header("content-encoding"), "br");
        let r = app.get_with("/", &[("accept-encoding", "gzip")]).await;
        assert_eq!(r.header("content-encoding"), "gzip");
    })
    .await;
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    // A small limit, so the whole body fits the socket buffers and the client
    // reads the answer instead of failing to write.
    let app = TestApp::spawn_on(TestDb::new(Engine::Sqlite).await, |c| {
        c.body_limit_bytes = 1024
    })
    .await;
    let big = "x".repeat(8 * 1024);
    let r = app
        .send(
            "POST",
            "/prefs",
            &[("content-type", "application/x-www-form-urlencoded")],
            Some(format!("next=/&lang={big}")),
        )
        .await;
    assert_eq!(r.status, 413);
    let r = app.post_form("/prefs", &[], &[("lang", "en")]).await;
    assert_eq!(r.status, 303, "a body under the limit passes");
}

#[tokio::test]
async fn built_assets_are_served_precompressed() {
    // Needs the release site (`cargo leptos build --release --precompress`),
    // which the test command builds first.
    let app = TestApp::spawn(Engine::Sqlite).await;
    for (file, ty) in [
        ("/pkg/qingjia.wasm", "application/wasm"),
        ("/pkg/qingjia.js", "javascript"),
        ("/pkg/qingjia.css", "text/css"),
    ] {
        let r = app.get_with(file, &[("accept-encoding", "br, gzip")]).await;
        assert_eq!(r.status, 200, "{file} is built");
        assert_eq!(
            r.header("content-encoding"),
            "br",
            "{file} served from its .br file"
        );
        assert!(r.header("content-type").contains(ty), "{file}");
        assert_eq!(
            r.header("cache-control"),
            "no-cache",
            "{file} is revalidated"
        );
        let modified = r.header("last-modified").to_owned();
        let again = app
            .get_with(file, &[("if-modified-since", &modified)])
            .await;
        assert_eq!(again.status, 304, "{file} unchanged: nothing to download");
    }
}

#[tokio::test]
async fn sqlite_runs_durable_wal_with_foreign_keys() {
    let app = TestApp::spawn(Engine::Sqlite).await;
    let mut conn = app.db().await;
    let mode: String = sqlx::query("PRAGMA journal_mode")
        .fetch_one(&mut conn)
        .await
        .unwrap()
        .get(0);
    assert_eq!(mode, "wal");
    // Per-connection settings are checked through the app's own pool.
    let db = app::server::Db::connect(&app.database_url, 1)
        .await
        .unwrap();
    let sync: i64 = sqlx::query("PRAGMA synchronous")
        .fetch_one(&db.pool)
        .await
        .unwrap()
        .get(0);
    assert_eq!(sync, 2, "synchronous=FULL");
    let fk: i64 = sqlx::query("PRAGMA foreign_keys")
        .fetch_one(&db.pool)
        .await
        .unwrap()
        .get(0);
    assert_eq!(fk, 1);
}

#[tokio::test]
async fn restarting_on_the_same_database_keeps_data_and_migrations() {
    for engine in helpers::ENGINES {
        let db = TestDb::new(engine).await;
        let again = db.same_as();
        let first = TestApp::spawn_on(db, |_| {}).await;
        let mut conn = first.db().await;
        sqlx::query("INSERT INTO environment_days (slug, name_zh, name_en, month, day) VALUES ('t', '测试日', 'Test day', 1, 1)")
            .execute(&mut conn)
            .await
            .unwrap();
        // A second start runs the migrator again: nothing breaks, nothing is lost.
        let second = TestApp::spawn_on(again, |_| {}).await;
        let mut conn = second.db().await;
        let n: i64 = sqlx::query("SELECT COUNT(*) FROM environment_days WHERE slug = 't'")
            .fetch_one(&mut conn)
            .await
            .unwrap()
            .get(0);
        assert_eq!(n, 1, "{engine:?}");
    }
}

#[tokio::test]
async fn two_instances_on_one_postgres_serve_the_same_data() {
    let db = TestDb::new(Engine::Postgres).await;
    let same = db.same_as();
    let a = TestApp::spawn_on(db, |_| {}).await;
    let b = TestApp::spawn_on(same, |_| {}).await;
    assert_ne!(a.base, b.base);

    // A change written through instance A's database is what B serves next:
    // neither caches page data in process memory.
    let mut conn = a.db().await;
    sqlx::query("DELETE FROM environment_days")
        .execute(&mut conn)
        .await
        .unwrap();
    sqlx::query("INSERT INTO environment_days (slug, name_zh, name_en, month, day) VALUES ('shared', '共享测试日', 'Shared day', 1, 1)")
        .execute(&mut conn)
        .await
        .unwrap();
    for app in [&a, &b] {
        let (status, body) = app.page("/").await;
        assert_eq!(status, 200);
        assert!(body.contains("共享测试日"), "{}", app.base);
    }
}

/// Issue 15: what the framework refuses before any handler runs (a query
/// or path it cannot read, a wrong method, a body too large, a path with a
/// trailing slash) gets the same translated pages as the handlers' own
/// refusals, naming no internals.
#[tokio::test]
async fn refusals_before_any_handler_are_translated_pages() {
    let t = app::i18n::texts(Default::default());
    for_each_engine(|app| async move {
        // The frame of a staff page, or a public page without its data,
        // never stands in for the 404 page.
        for path in [
            "/staff/cases/",
            "/board/",
            "/signups/cancel/",
            "/complaints/new/",
        ] {
            let r = app.get(path).await;
            assert_eq!(r.status, 404, "{path}");
            assert!(r.body.contains(t.not_found_title), "{path}: {}", r.body);
            assert!(!r.body.contains(t.error_title), "{path}");
        }
        for path in [
            "/track?reference=a&reference=b",
            "/news/%FF",
            "/campaigns/%C0%80",
        ] {
            let r = app.get(path).await;
            assert_eq!(r.status, 400, "{path}");
            assert!(r.body.contains(t.bad_request_title), "{path}: {}", r.body);
            assert!(
                !r.body.contains("deserialize") && !r.body.contains("UTF-8"),
                "{path}"
            );
        }
        let r = app.get("/signups").await;
        assert_eq!(r.status, 405);
        assert!(r.body.contains(t.bad_request_title), "{}", r.body);
        assert!(r.header("allow").contains("POST"));

        let origin = app.base.clone();
        // A body just over the limit (2 MiB) is refused once the server has
        // read past it. A much larger one would race: the server answers
        // and closes while the client still writes (a broken pipe, not an
        // answer), so the client sends exactly one byte too many.
        {
            let host = app.base.trim_start_matches("http://").to_owned();
            let body = format!("next={}", "x".repeat(2 * 1024 * 1024 + 1 - 5));
            let head = format!(
                "POST /prefs HTTP/1.1\r\nHost: {host}\r\nOrigin: {origin}\r\n\
                 Content-Type: application/x-www-form-urlencoded\r\n\
                 Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let answer = helpers::raw_exchange(&app, head, "</html>").await;
            assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
            assert!(answer.contains(t.too_large_title), "{answer}");
        }
        let r = app
            .post_form(
                "/prefs",
                &[("origin", &origin)],
                &[("lang", "en"), ("lang", "zh-CN")],
            )
            .await;
        assert_eq!(r.status, 400);
        assert!(r.body.contains(t.bad_request_title));
        // A return path too long for a header goes home instead.
        let long = format!("/{}", "a".repeat(2000));
        let r = app
            .post_form(
                "/prefs",
                &[("origin", &origin)],
                &[("lang", "en"), ("next", &long)],
            )
            .await;
        assert_eq!(r.status, 303);
        assert_eq!(r.header("location"), "/");

        let r = app.get("/api/nope").await;
        assert_eq!(r.status, 404);
        assert!(!r.body.contains("server function"), "{}", r.body);
    })
    .await;
}

/// Slow clients cannot hold connections (an outside attack held them for
/// minutes): headers sent a byte at a time, a connection that sends
/// nothing, and a form body that trickles in are all cut off.
#[tokio::test]
async fn slow_clients_are_cut_off() {
    use std::time::{Duration, Instant};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = TestApp::spawn_on(TestDb::new(Engine::Sqlite).await, |c| {
        c.header_timeout_secs = 1;
        c.request_timeout_secs = 2;
    })
    .await;
    let addr = app
        .url("")
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    // Waits until the server answers or closes; what it sent, and when.
    async fn outcome(stream: &mut tokio::net::TcpStream, started: Instant) -> (String, Duration) {
        let mut answer = Vec::new();
        let _ =
            tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer)).await;
        (
            String::from_utf8_lossy(&answer).into_owned(),
            started.elapsed(),
        )
    }

    // Nothing at all.
    let started = Instant::now();
    let mut idle = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let (_, waited) = outcome(&mut idle, started).await;
    assert!(
        waited < Duration::from_secs(5),
        "an idle connection closed ({waited:?})"
    );

    // Headers a line at a time, never finished.
    let started = Instant::now();
    let mut slow = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let trickle = async {
        slow.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").await.ok();
        for i in 0..20 {
            tokio::time::sleep(Duration::from_millis(300)).await;
            if slow
                .write_all(format!("x-{i}: y\r\n").as_bytes())
                .await
                .is_err()
            {
                break;
            }
        }
    };
    let _ = tokio::time::timeout(Duration::from_secs(8), trickle).await;
    let (_, waited) = outcome(&mut slow, started).await;
    assert!(
        waited < Duration::from_secs(8),
        "slow headers cut off ({waited:?})"
    );

    // A form body a byte at a time: a 408 once the request's time is up.
    let started = Instant::now();
    let mut body = tokio::net::TcpStream::connect(&addr).await.unwrap();
    body.write_all(
        b"POST /track HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n\
          Content-Length: 1000\r\n\r\nreference=",
    )
    .await
    .unwrap();
    let (mut read, mut write) = body.into_split();
    let trickle = tokio::spawn(async move {
        for _ in 0..40 {
            tokio::time::sleep(Duration::from_millis(200)).await;
            if write.write_all(b"A").await.is_err() {
                break;
            }
        }
    });
    let mut answer = vec![0u8; 64];
    let n = tokio::time::timeout(Duration::from_secs(8), read.read(&mut answer))
        .await
        .ok()
        .and_then(Result::ok)
        .unwrap_or(0);
    trickle.abort();
    let answer = String::from_utf8_lossy(&answer[..n]).into_owned();
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer:?}");
    assert!(started.elapsed() < Duration::from_secs(8));

    // And the server still answers everyone else.
    assert_eq!(app.get("/healthz").await.status, 200);
}
