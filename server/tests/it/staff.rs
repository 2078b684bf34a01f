//! Staff sign-in, sessions, lockout and throttling, on both engines.

use crate::helpers;

use app::prefs::Locale;
use app::server::Db;
use app::server::staff;
use domain::staff::{Role, Username};
use helpers::{ENGINES, Engine, Resp, TestApp, TestDb};
use sqlx::Row;

const PASSWORD: &str = "a long staff password";

async fn app_with_user(engine: Engine) -> TestApp {
    let app = TestApp::spawn_on(TestDb::new(engine).await, |c| c.demo = false).await;
    add_user(&app, "wang.fang").await;
    app
}

async fn add_user(app: &TestApp, name: &str) {
    let db = Db::connect(&app.database_url, 1).await.unwrap();
    staff::create_user(
        &db,
        &Username::parse(name).unwrap(),
        "王芳",
        PASSWORD,
        Role::Dispatcher,
        false,
    )
    .await
    .unwrap();
}

async fn sign_in(app: &TestApp, username: &str, password: &str, extra: &[(&str, &str)]) -> Resp {
    let origin = app.base.clone();
    let mut headers = vec![("origin", origin.as_str())];
    headers.extend_from_slice(extra);
    app.post_form(
        "/staff/login",
        &headers,
        &[("username", username), ("password", password)],
    )
    .await
}

/// The `name=value` part of the session cookie a response sets.
fn session(r: &Resp) -> String {
    let c = r.header("set-cookie");
    assert!(c.starts_with("qj_staff="), "{c}");
    c.split(';').next().unwrap().to_owned()
}

#[tokio::test]
async fn sign_in_opens_a_database_session_and_sign_out_ends_it() {
    let t = app::i18n::texts(Default::default());
    for engine in ENGINES {
        let app = app_with_user(engine).await;
        let (status, body) = app.page("/staff/login").await;
        assert_eq!(status, 200);
        assert!(
            body.contains(t.staff_login_title)
                && body.contains(r#"autocomplete="current-password""#)
        );

        let r = app.get("/staff").await;
        assert!([302, 303].contains(&r.status), "{engine:?} {}", r.status);
        assert_eq!(r.header("location"), "/staff/login");

        let r = sign_in(&app, "Wang.Fang", PASSWORD, &[]).await;
        assert_eq!(r.status, 303, "{}", r.body);
        assert_eq!(r.header("location"), "/staff");
        let cookie_header = r.header("set-cookie").to_owned();
        for attr in ["HttpOnly", "SameSite=Strict", "Path=/"] {
            assert!(cookie_header.contains(attr), "{cookie_header}");
        }
        assert!(!cookie_header.contains("Secure"), "plain HTTP in tests");
        let cookie = session(&r);
        let token = cookie.trim_start_matches("qj_staff=").to_owned();

        let r = app.get_with("/staff", &[("cookie", &cookie)]).await;
        assert_eq!(r.status, 200);
        assert!(
            r.body
                .contains(&(t.signed_in_as)("王芳", t.role_name(Role::Dispatcher)))
        );

        // Only a hash of the token is stored.
        let mut conn = app.db().await;
        let stored: String = sqlx::query("SELECT token_hash FROM staff_sessions")
            .fetch_one(&mut conn)
            .await
            .unwrap()
            .get(0);
        assert_ne!(stored, token);
        assert_eq!(stored.len(), 64);

        let origin = app.base.clone();
        let r = app
            .post_form(
                "/staff/logout",
                &[("origin", &origin), ("cookie", &cookie)],
                &[],
            )
            .await;
        assert_eq!(r.status, 303);
        assert!(r.header("set-cookie").contains("Max-Age=0"));
        let n: i64 = sqlx::query("SELECT COUNT(*) FROM staff_sessions")
            .fetch_one(&mut conn)
            .await
            .unwrap()
            .get(0);
        assert_eq!(n, 0);
        let r = app.get_with("/staff", &[("cookie", &cookie)]).await;
        assert_eq!(
            r.header("location"),
            "/staff/login",
            "the old cookie opens nothing"
        );

        let outcomes: Vec<String> =
            sqlx::query("SELECT outcome FROM staff_login_attempts ORDER BY id")
                .fetch_all(&mut conn)
                .await
                .unwrap()
                .iter()
                .map(|r| r.get(0))
                .collect();
        assert_eq!(outcomes, vec!["ok"], "every attempt is logged");
    }
}

#[tokio::test]
async fn signing_in_again_rotates_the_session() {
    for engine in ENGINES {
        let app = app_with_user(engine).await;
        let first = session(&sign_in(&app, "wang.fang", PASSWORD, &[]).await);
        let second = session(&sign_in(&app, "wang.fang", PASSWORD, &[("cookie", &first)]).await);
        assert_ne!(first, second);
        assert_eq!(
            app.get_with("/staff", &[("cookie", &first)])
                .await
                .header("location"),
            "/staff/login"
        );
        assert_eq!(
            app.get_with("/staff", &[("cookie", &second)]).await.status,
            200
        );
    }
}

#[tokio::test]
async fn wrong_credentials_keep_the_username_and_name_the_problem() {
    let t = app::i18n::texts(Default::default());
    for engine in ENGINES {
        let app = app_with_user(engine).await;
        for (user, pass) in [
            ("wang.fang", "wrong password!"),
            ("nobody", PASSWORD),
            ("张三", PASSWORD),
        ] {
            let r = sign_in(&app, user, pass, &[]).await;
            assert_eq!(r.status, 401, "{engine:?} {user}");
            assert_eq!(r.header("set-cookie"), "");
            assert!(
                r.body.contains(t.login_invalid),
                "same answer for unknown users"
            );
            assert!(
                r.body.contains(&format!(r#"value="{user}""#)),
                "username kept"
            );
            assert!(!r.body.contains(pass), "the password is never echoed");
            assert!(r.body.contains("error-summary"));
        }
        let r = sign_in(
            &app,
            "wang.fang",
            "wrong password!",
            &[("cookie", "qj_lang=en")],
        )
        .await;
        assert!(r.body.contains(app::i18n::texts(Locale::En).login_invalid));

        let r = sign_in(&app, "", "", &[]).await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains(t.login_missing));
    }
}

#[tokio::test]
async fn five_failures_lock_the_account() {
    let t = app::i18n::texts(Default::default());
    for engine in ENGINES {
        let app = app_with_user(engine).await;
        for i in 1..=4 {
            assert_eq!(
                sign_in(&app, "wang.fang", "wrong password!", &[])
                    .await
                    .status,
                401,
                "attempt {i}"
            );
        }
        let r = sign_in(&app, "wang.fang", "wrong password!", &[]).await;
        assert_eq!(r.status, 403);
        assert!(r.body.contains(t.login_locked));
        let r = sign_in(&app, "wang.fang", PASSWORD, &[]).await;
        assert_eq!(r.status, 403, "locked even with the right password");
        assert_eq!(r.header("set-cookie"), "");

        // When the lock has passed, the right password works again.
        let mut conn = app.db().await;
        sqlx::query("UPDATE login_counters SET window_start = 1")
            .execute(&mut conn)
            .await
            .unwrap();
        assert_eq!(sign_in(&app, "wang.fang", PASSWORD, &[]).await.status, 303);
    }
}

#[tokio::test]
async fn one_client_cannot_keep_guessing() {
    let t = app::i18n::texts(Default::default());
    let app = app_with_user(Engine::Sqlite).await;
    add_user(&app, "li.na").await;
    for i in 0..20 {
        // Spread over names, so no single lock stops it.
        let user = format!("nobody.{i}");
        assert_eq!(sign_in(&app, &user, "guess", &[]).await.status, 401);
    }
    let r = sign_in(&app, "li.na", PASSWORD, &[]).await;
    assert_eq!(r.status, 429);
    assert!(r.body.contains(t.login_throttled));
}

/// Issue 14: guesses sent all at once are counted one by one, before any
/// password is checked: from one address, and for one account.
#[tokio::test]
async fn guesses_sent_at_once_are_each_counted() {
    for engine in ENGINES {
        let app = app_with_user(engine).await;
        let names: Vec<String> = (0..40).map(|i| format!("guess.{i}")).collect();
        let answers =
            futures::future::join_all(names.iter().map(|n| sign_in(&app, n, "guess", &[]))).await;
        let statuses: Vec<u16> = answers.iter().map(|r| r.status).collect();
        assert_eq!(
            statuses.iter().filter(|s| **s == 401).count(),
            20,
            "{engine:?} {statuses:?}"
        );
        assert_eq!(
            statuses.iter().filter(|s| **s == 429).count(),
            20,
            "{statuses:?}"
        );

        let app = app_with_user(engine).await;
        let answers = futures::future::join_all(
            (0..12).map(|_| sign_in(&app, "wang.fang", "wrong password!", &[])),
        )
        .await;
        let statuses: Vec<u16> = answers.iter().map(|r| r.status).collect();
        assert_eq!(
            statuses.iter().filter(|s| **s == 401).count(),
            4,
            "{engine:?} {statuses:?}"
        );
        assert_eq!(
            statuses.iter().filter(|s| **s == 403).count(),
            8,
            "{statuses:?}"
        );
        let mut conn = app.db().await;
        let checked: i64 =
            sqlx::query("SELECT COUNT(*) FROM staff_login_attempts WHERE outcome = 'bad_password'")
                .fetch_one(&mut conn)
                .await
                .unwrap()
                .get(0);
        assert_eq!(checked, 5, "five passwords checked, no more");
        assert_eq!(
            sign_in(&app, "wang.fang", PASSWORD, &[]).await.status,
            403,
            "locked"
        );
        // Refusals by the lock check no password: they cost the address
        // nothing, so a colleague at the same desk still signs in.
        for _ in 0..20 {
            let r = sign_in(&app, "wang.fang", "wrong password!", &[]).await;
            assert_eq!(r.status, 403);
        }
        add_user(&app, "li.na").await;
        assert_eq!(sign_in(&app, "li.na", PASSWORD, &[]).await.status, 303);
    }
}

/// Issue 14: signing in correctly never counts against the address, and
/// unknown names lock exactly like known ones.
#[tokio::test]
async fn right_passwords_are_never_throttled_and_names_are_not_told_apart() {
    let t = app::i18n::texts(Default::default());
    for engine in ENGINES {
        let app = app_with_user(engine).await;
        for i in 0..25 {
            assert_eq!(
                sign_in(&app, "wang.fang", PASSWORD, &[]).await.status,
                303,
                "sign-in {i}"
            );
        }
        for name in ["wang.fang", "no.such.person"] {
            let statuses: Vec<u16> = futures::future::join_all(
                (0..5).map(|_| sign_in(&app, name, "wrong password!", &[])),
            )
            .await
            .iter()
            .map(|r| r.status)
            .collect();
            let mut sorted = statuses.clone();
            sorted.sort();
            assert_eq!(sorted, vec![401, 401, 401, 401, 403], "{engine:?} {name}");
            let r = sign_in(&app, name, "wrong password!", &[]).await;
            assert_eq!(r.status, 403, "{name}");
            assert!(r.body.contains(t.login_locked));
        }
    }
}

/// Issue 14: a guesser elsewhere cannot lock a staff member out: the lock
/// is on the account *at the guesser's address*.
#[tokio::test]
async fn a_lock_at_one_address_does_not_keep_the_owner_out() {
    for engine in ENGINES {
        let app = TestApp::spawn_on(TestDb::new(engine).await, |c| {
            c.demo = false;
            c.trust_forwarded_for = true;
        })
        .await;
        add_user(&app, "wang.fang").await;
        let attacker = [("x-forwarded-for", "203.0.113.9")];
        for _ in 0..6 {
            sign_in(&app, "wang.fang", "wrong password!", &attacker).await;
        }
        assert_eq!(
            sign_in(&app, "wang.fang", PASSWORD, &attacker).await.status,
            403
        );
        let desk = [("x-forwarded-for", "10.20.30.40")];
        assert_eq!(
            sign_in(&app, "wang.fang", PASSWORD, &desk).await.status,
            303,
            "{engine:?}"
        );
    }
}

/// Issue 14: one-time codes sent at once for one waiting session: five are
/// checked, the rest end the session.
#[tokio::test]
async fn codes_sent_at_once_are_each_counted() {
    use helpers::{Browser, unix_now};
    for engine in ENGINES {
        let app = app_with_user(engine).await;
        let db = Db::connect(&app.database_url, 1).await.unwrap();
        let secret = app::server::totp::new_secret();
        staff::set_totp_secret(&db, 1, &secret).await.unwrap();
        let mut b = Browser::new(&app);
        let r = b
            .post(
                "/staff/login",
                &[("username", "wang.fang"), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(r.header("location"), "/staff/login/code", "{engine:?}");
        let cookie = format!("qj_staff={}", b.cookie("qj_staff").unwrap());
        let origin = app.base.clone();
        let wrong = app::server::totp::code_at(&secret, unix_now() - 3600);
        let headers = [("origin", origin.as_str()), ("cookie", cookie.as_str())];
        let form = [("code", wrong.as_str())];
        let answers = futures::future::join_all(
            (0..30).map(|_| app.post_form("/staff/login/code", &headers, &form)),
        )
        .await;
        let wrong_answers = answers.iter().filter(|r| r.status == 422).count();
        assert!(
            wrong_answers <= 4,
            "{engine:?}: {wrong_answers} codes refused as wrong"
        );
        let mut conn = app.db().await;
        let checked: i64 =
            sqlx::query("SELECT COUNT(*) FROM staff_login_attempts WHERE outcome = 'bad_code'")
                .fetch_one(&mut conn)
                .await
                .unwrap()
                .get(0);
        assert!(checked <= 5, "{checked} codes checked");
        let right = app::server::totp::code_at(&secret, unix_now());
        let r = b.post("/staff/login/code", &[("code", &right)]).await;
        assert_ne!(r.header("location"), "/staff", "the session has ended");
    }
}

#[tokio::test]
async fn idle_sessions_expire() {
    for engine in ENGINES {
        let app = app_with_user(engine).await;
        let cookie = session(&sign_in(&app, "wang.fang", PASSWORD, &[]).await);
        let mut conn = app.db().await;
        let stale = chrono::Utc::now().timestamp() - 31 * 60;
        sqlx::query("UPDATE staff_sessions SET last_seen = $1")
            .bind(stale)
            .execute(&mut conn)
            .await
            .unwrap();
        assert_eq!(
            app.get_with("/staff", &[("cookie", &cookie)])
                .await
                .header("location"),
            "/staff/login"
        );
        let n: i64 = sqlx::query("SELECT COUNT(*) FROM staff_sessions")
            .fetch_one(&mut conn)
            .await
            .unwrap()
            .get(0);
        assert_eq!(n, 0, "an expired session is removed");
    }
}

#[tokio::test]
async fn sessions_are_shared_by_instances_and_survive_restarts() {
    let db = TestDb::new(Engine::Postgres).await;
    let same = db.same_as();
    let a = TestApp::spawn_on(db, |c| c.demo = false).await;
    add_user(&a, "wang.fang").await;
    let cookie = session(&sign_in(&a, "wang.fang", PASSWORD, &[]).await);
    // A second instance (or the first, restarted) knows the session.
    let b = TestApp::spawn_on(same, |c| c.demo = false).await;
    let r = b.get_with("/staff", &[("cookie", &cookie)]).await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains("王芳"));
}

#[tokio::test]
async fn sign_in_from_another_site_is_refused() {
    let app = app_with_user(Engine::Sqlite).await;
    let r = app
        .post_form(
            "/staff/login",
            &[("origin", "https://evil.example")],
            &[("username", "wang.fang"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(r.status, 403);
    assert_eq!(r.header("set-cookie"), "");
}

#[tokio::test]
async fn demo_mode_has_staff_accounts_and_production_none() {
    let t = app::i18n::texts(Default::default());
    let demo = TestApp::spawn_on(TestDb::new(Engine::Sqlite).await, |c| c.demo = true).await;
    let r = sign_in(&demo, "dispatcher", app::server::demo::DEMO_PASSWORD, &[]).await;
    assert_eq!(r.status, 303);
    let prod = TestApp::spawn_on(TestDb::new(Engine::Postgres).await, |c| c.demo = false).await;
    let r = sign_in(&prod, "dispatcher", app::server::demo::DEMO_PASSWORD, &[]).await;
    assert_eq!(r.status, 401);
    // The login page says "demo" loudly in demo mode, and only there.
    assert!(
        demo.get("/staff/login")
            .await
            .body
            .contains(t.demo_login_notice)
    );
    assert!(
        !prod
            .get("/staff/login")
            .await
            .body
            .contains(t.demo_login_notice)
    );
}

/// Issue 14: demo accounts (published passwords) cannot outlive demo mode:
/// a server outside it refuses to start until they are removed.
#[tokio::test]
async fn a_server_outside_demo_mode_refuses_demo_accounts() {
    for engine in ENGINES {
        let db = TestDb::new(engine).await;
        let same = db.same_as();
        let url = db.url.clone();
        // Kept running: on SQLite it holds the database's folder.
        let _demo = TestApp::spawn_on(db, |c| c.demo = true).await;
        let mut config = server::config::Config {
            database_url: url.clone(),
            site_addr: "127.0.0.1:0".parse().unwrap(),
            access_code_key: Some(helpers::ACCESS_KEY.to_owned()),
            ..Default::default()
        };
        config.demo = false;
        let refused = server::Application::build(config).await;
        let message = refused.err().expect("refused").to_string();
        assert!(
            message.contains("remove-demo-accounts"),
            "{engine:?}: {message}"
        );
        let pool = Db::connect(&url, 1).await.unwrap();
        assert!(app::server::demo::retire_staff(&pool).await.unwrap() > 0);
        let app = TestApp::spawn_on(same, |c| c.demo = false).await;
        let r = sign_in(&app, "dispatcher", app::server::demo::DEMO_PASSWORD, &[]).await;
        assert_eq!(r.status, 401, "{engine:?}: the demo account is gone");
    }
}

#[tokio::test]
async fn administrators_must_sign_in_with_a_one_time_code() {
    let t = app::i18n::texts(Default::default());
    use helpers::{Browser, totp_secret_in, unix_now};
    for engine in ENGINES {
        let app = TestApp::spawn_on(TestDb::new(engine).await, |c| c.demo = false).await;
        let db = Db::connect(&app.database_url, 1).await.unwrap();
        staff::create_user(
            &db,
            &Username::parse("root").unwrap(),
            "管理员",
            PASSWORD,
            Role::Admin,
            false,
        )
        .await
        .unwrap();
        let mut b = Browser::new(&app);
        let r = b
            .post(
                "/staff/login",
                &[("username", "root"), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(r.header("location"), "/staff/login/setup", "{engine:?}");
        // The password alone opens nothing else.
        assert_eq!(b.get("/staff").await.header("location"), "/staff/login");
        assert_eq!(
            b.get("/staff/admin/calendar").await.header("location"),
            "/staff/login"
        );
        assert_eq!(
            b.get("/staff/login/code").await.header("location"),
            "/staff/login/setup"
        );
        let page = b.get("/staff/login/setup").await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains(t.setup_required) && page.body.contains("<svg"));
        let secret = totp_secret_in(&page.body);
        assert_eq!(
            totp_secret_in(&b.get("/staff/login/setup").await.body),
            secret,
            "the same key until it is confirmed"
        );
        let r = b.post("/staff/login/setup", &[("code", "")]).await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains(t.code_missing));
        let old = app::server::totp::code_at(&secret, unix_now() - 3600);
        let r = b.post("/staff/login/setup", &[("code", &old)]).await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains(t.code_wrong));
        let before = b.cookie("qj_staff").unwrap().to_owned();
        let code = app::server::totp::code_at(&secret, unix_now());
        let r = b.post("/staff/login/setup", &[("code", &code)]).await;
        assert_eq!(r.header("location"), "/staff", "{}", r.body);
        assert_ne!(b.cookie("qj_staff").unwrap(), before, "a new session");
        assert_eq!(b.get("/staff/admin/calendar").await.status, 200);
        assert!(b.get("/staff").await.body.contains(t.two_factor_on));

        // The next sign-in asks for a code, and a code works once.
        let mut c = Browser::new(&app);
        let r = c
            .post(
                "/staff/login",
                &[("username", "root"), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(r.header("location"), "/staff/login/code");
        assert!(c.get("/staff/login/code").await.body.contains(t.code_intro));
        let r = c.post("/staff/login/code", &[("code", &code)]).await;
        assert_eq!(r.status, 422, "a used code");
        let next = app::server::totp::code_at(&secret, unix_now() + 30);
        let r = c.post("/staff/login/code", &[("code", &next)]).await;
        assert_eq!(r.header("location"), "/staff");
        assert_eq!(c.get("/staff/admin/calendar").await.status, 200);

        // Wrong codes count towards the lockout.
        let mut d = Browser::new(&app);
        d.post(
            "/staff/login",
            &[("username", "root"), ("password", PASSWORD)],
        )
        .await;
        let mut last = None;
        for _ in 0..5 {
            last = Some(d.post("/staff/login/code", &[("code", &old)]).await);
        }
        let last = last.unwrap();
        assert_eq!(last.status, 403, "{}", last.body);
        assert!(d.get("/staff").await.header("location") == "/staff/login");
        let mut conn = app.db().await;
        let outcomes: Vec<String> =
            sqlx::query("SELECT outcome FROM staff_login_attempts ORDER BY id")
                .fetch_all(&mut conn)
                .await
                .unwrap()
                .iter()
                .map(|r| r.get(0))
                .collect();
        for o in ["password_ok", "bad_code", "code_set_up", "code_ok"] {
            assert!(outcomes.iter().any(|x| x == o), "{o} in {outcomes:?}");
        }
    }
}

#[tokio::test]
async fn other_staff_may_turn_on_two_step_verification() {
    let t = app::i18n::texts(Default::default());
    use helpers::{Browser, totp_secret_in, unix_now};
    for engine in ENGINES {
        let app = app_with_user(engine).await;
        let mut b = Browser::new(&app);
        let r = b
            .post(
                "/staff/login",
                &[("username", "wang.fang"), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(r.header("location"), "/staff", "optional: no code yet");
        assert!(b.get("/staff").await.body.contains(t.two_factor_set_up));
        let page = b.get("/staff/login/setup").await;
        assert!(!page.body.contains(t.setup_required), "not required");
        let secret = totp_secret_in(&page.body);
        let code = app::server::totp::code_at(&secret, unix_now());
        let r = b.post("/staff/login/setup", &[("code", &code)]).await;
        assert_eq!(r.header("location"), "/staff");
        assert_eq!(
            b.get("/staff/login/setup").await.header("location"),
            "/staff"
        );
        let mut c = Browser::new(&app);
        let r = c
            .post(
                "/staff/login",
                &[("username", "wang.fang"), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(r.header("location"), "/staff/login/code", "{engine:?}");
    }
}
