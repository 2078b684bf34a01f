//! Test harness: starts the real application on a random port against a
//! fresh database, once per engine. SQLite gets a new file in a temporary
//! directory; PostgreSQL gets a new schema in the `test` database (URL from
//! `QINGJIA_TEST_POSTGRES`, default `postgres://postgres@127.0.0.1:5432/test`).
//! Both engines always run: a missing PostgreSQL fails the suite.

#![allow(dead_code)]

use std::future::Future;
use std::path::PathBuf;

use server::Application;
use server::config::Config;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

pub const ENGINES: [Engine; 2] = [Engine::Sqlite, Engine::Postgres];

/// The access-code key of every test app.
pub const ACCESS_KEY: &str = "test access-code key, 32 characters or more";

/// A connection pool to `app`'s database that stores access codes as the
/// app does.
pub async fn app_db(app: &TestApp, connections: u32) -> app::server::Db {
    app::server::Db::connect(&app.database_url, connections)
        .await
        .unwrap()
        .with_access_key(app::server::AccessKey::new(ACCESS_KEY.as_bytes()).unwrap())
}

pub struct TestApp {
    pub engine: Engine,
    pub base: String,
    pub database_url: String,
    agent: ureq::Agent,
    _dir: Option<TempDir>,
    /// Where this app stores complaint photos.
    pub photos: TempDir,
    pages: Option<std::sync::Arc<server::http::page_cache::PageCache>>,
}

/// A fresh, empty database for one test.
pub struct TestDb {
    pub engine: Engine,
    pub url: String,
    dir: Option<TempDir>,
}

impl TestDb {
    /// The same database again, e.g. for a second app instance.
    pub fn same_as(&self) -> TestDb {
        TestDb {
            engine: self.engine,
            url: self.url.clone(),
            dir: None,
        }
    }

    pub async fn new(engine: Engine) -> TestDb {
        match engine {
            Engine::Sqlite => {
                let dir = TempDir::new();
                let url = format!("sqlite://{}/portal.db", dir.0.display());
                TestDb {
                    engine,
                    url,
                    dir: Some(dir),
                }
            }
            Engine::Postgres => {
                let base = std::env::var("QINGJIA_TEST_POSTGRES")
                    .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned());
                let schema = format!("t_{}", uuid_simple());
                sqlx::any::install_default_drivers();
                let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&base)
                    .await
                    .expect("PostgreSQL must be reachable (set QINGJIA_TEST_POSTGRES)");
                // Each schema's migrations ask for pg_trgm; tests migrating
                // at once would race to create it (the catalogue's unique
                // key), so the first test creates it for all.
                static TRGM: tokio::sync::OnceCell<()> = tokio::sync::OnceCell::const_new();
                TRGM.get_or_init(|| async {
                    sqlx::query("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")
                        .execute(&mut conn)
                        .await
                        .expect("pg_trgm");
                })
                .await;
                sqlx::query(&format!("CREATE SCHEMA {schema}"))
                    .execute(&mut conn)
                    .await
                    .expect("create test schema");
                let sep = if base.contains('?') { '&' } else { '?' };
                let url = format!("{base}{sep}options=-c%20search_path%3D{schema}");
                TestDb {
                    engine,
                    url,
                    dir: None,
                }
            }
        }
    }
}

impl TestApp {
    /// Starts the application on a fresh database: with demo content on
    /// SQLite (the embedded run), without on PostgreSQL (production).
    pub async fn spawn(engine: Engine) -> TestApp {
        let db = TestDb::new(engine).await;
        Self::spawn_on(db, |c| c.demo = matches!(engine, Engine::Sqlite)).await
    }

    /// Starts the application on `db`, after `adjust` changes the config.
    pub async fn spawn_on(db: TestDb, adjust: impl FnOnce(&mut Config)) -> TestApp {
        let photos = TempDir::new();
        let mut config = Config {
            database_url: db.url.clone(),
            site_addr: "127.0.0.1:0".parse().unwrap(),
            site_root: site_root(),
            max_connections: 4,
            photo_dir: photos.0.clone(),
            // Tests file and look up far faster than people; the limits
            // have tests of their own.
            filing_per_minute: 10_000,
            lookups_per_minute: 10_000,
            signups_per_minute: 10_000,
            // Debug builds hash passwords (argon2) unoptimised: with every
            // test signing staff in at once on two cores, a request may
            // queue for a while. A hang still fails, only later.
            request_timeout_secs: 120,
            access_code_key: Some(ACCESS_KEY.to_owned()),
            ..Config::default()
        };
        adjust(&mut config);
        server::telemetry::init(config.log_format);
        let app = Application::build(config)
            .await
            .expect("application starts");
        let base = format!("http://{}", app.addr());
        let pages = app.page_cache();
        tokio::spawn(app.run_until_stopped());
        let agent = ureq::Agent::config_builder()
            .max_redirects(0)
            .http_status_as_error(false)
            .build()
            .into();
        TestApp {
            engine: db.engine,
            base,
            database_url: db.url,
            agent,
            _dir: db.dir,
            photos,
            pages,
        }
    }

    /// After a test changed public data directly in the database: the app
    /// looks at once, as it does after a write of its own (otherwise within
    /// `page_cache_poll_ms`).
    pub async fn refresh(&self) {
        if let Some(pages) = &self.pages {
            pages.look(false).await;
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn get(&self, path: &str) -> Resp {
        self.send("GET", path, &[], None).await
    }

    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Resp {
        self.send("GET", path, headers, None).await
    }

    /// GET and return (status, body).
    pub async fn page(&self, path: &str) -> (u16, String) {
        let r = self.get(path).await;
        (r.status, r.body)
    }

    /// POST an urlencoded form, as a browser does.
    pub async fn post_form(
        &self,
        path: &str,
        headers: &[(&str, &str)],
        form: &[(&str, &str)],
    ) -> Resp {
        let body = form
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let mut headers = headers.to_vec();
        headers.push(("content-type", "application/x-www-form-urlencoded"));
        self.send("POST", path, &headers, Some(body)).await
    }

    /// Any request; the blocking client runs off the runtime's threads so
    /// the server keeps serving meanwhile.
    pub async fn send(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<String>,
    ) -> Resp {
        self.send_bytes(method, path, headers, body.map(String::into_bytes))
            .await
    }

    /// [`TestApp::send`] with a body of raw bytes (not necessarily UTF-8).
    pub async fn send_bytes(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<Vec<u8>>,
    ) -> Resp {
        let agent = self.agent.clone();
        let url = self.url(path);
        let method = method.to_owned();
        let headers: Vec<(String, String)> = headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        tokio::task::spawn_blocking(move || {
            let mut builder = http::Request::builder().method(method.as_str()).uri(&url);
            for (k, v) in &headers {
                builder = builder.header(k, v);
            }
            let result = match body {
                Some(b) => agent.run(builder.body(b).unwrap()),
                None => agent.run(builder.body(()).unwrap()),
            };
            let response = result.unwrap_or_else(|e| panic!("{method} {url}: {e}"));
            let status = response.status().as_u16();
            let headers = response.headers().clone();
            let bytes = response
                .into_body()
                .with_config()
                .limit(64 * 1024 * 1024)
                .read_to_vec()
                .unwrap();
            Resp {
                status,
                headers,
                body: String::from_utf8_lossy(&bytes).into_owned(),
                bytes,
            }
        })
        .await
        .unwrap()
    }

    /// A direct connection to this app's database, for checks and fixtures.
    pub async fn db(&self) -> sqlx::AnyConnection {
        sqlx::any::install_default_drivers();
        <sqlx::AnyConnection as sqlx::Connection>::connect(&self.database_url)
            .await
            .expect("connect to test database")
    }
}

/// A visitor with a cookie jar, posting forms from the portal's own pages
/// (with its Origin), as a browser without JavaScript does.
pub struct Browser<'a> {
    pub app: &'a TestApp,
    cookies: Vec<(String, String)>,
}

impl<'a> Browser<'a> {
    pub fn new(app: &'a TestApp) -> Browser<'a> {
        Browser {
            app,
            cookies: Vec::new(),
        }
    }

    pub fn cookie(&self, name: &str) -> Option<&str> {
        self.cookies
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Sets a cookie as the browser would keep it (a display choice).
    pub fn set_cookie(&mut self, name: &str, value: &str) {
        self.cookies.retain(|(n, _)| n != name);
        self.cookies.push((name.to_owned(), value.to_owned()));
    }

    pub fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(n, v)| format!("{n}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn remember(&mut self, r: &Resp) {
        for value in r.headers.get_all("set-cookie") {
            let Ok(value) = value.to_str() else { continue };
            let pair = value.split(';').next().unwrap_or_default();
            let Some((name, v)) = pair.split_once('=') else {
                continue;
            };
            self.cookies.retain(|(n, _)| n != name);
            if !value.contains("Max-Age=0") {
                self.cookies.push((name.to_owned(), v.to_owned()));
            }
        }
    }

    /// Answers filing's first steps (the category, a place in Nanxiang,
    /// the details) as a resident does, each leading to the next: the
    /// draft is then at its photos step.
    pub async fn file_to_photos(
        &mut self,
        category: &str,
        address: &str,
        details: &[(&str, &str)],
    ) {
        let r = self
            .post("/complaints/new", &[("category", category)])
            .await;
        assert_eq!(
            r.header("location"),
            "/complaints/new/location",
            "{}",
            r.body
        );
        let r = self
            .post(
                "/complaints/new/location",
                &[("town", "nanxiang"), ("address", address)],
            )
            .await;
        assert_eq!(
            r.header("location"),
            "/complaints/new/details",
            "{}",
            r.body
        );
        let r = self.post("/complaints/new/details", details).await;
        assert_eq!(r.header("location"), "/complaints/new/photos", "{}", r.body);
    }

    /// Signs in; when the account must set up two-step verification
    /// (administrators), reads the key from the page and answers with the
    /// current code. The last response (a redirect to `/staff`).
    pub async fn sign_in(&mut self, username: &str, password: &str) -> Resp {
        let r = self
            .post(
                "/staff/login",
                &[("username", username), ("password", password)],
            )
            .await;
        assert_eq!(r.status, 303, "{username} signs in: {}", r.body);
        if r.header("location") != "/staff/login/setup" {
            assert_eq!(r.header("location"), "/staff", "{username}");
            return r;
        }
        let page = self.get("/staff/login/setup").await;
        let secret = totp_secret_in(&page.body);
        let code = app::server::totp::code_at(&secret, unix_now());
        let r = self.post("/staff/login/setup", &[("code", &code)]).await;
        assert_eq!(r.header("location"), "/staff", "{}", r.body);
        let home = self.get("/staff").await;
        assert_eq!(
            home.status,
            200,
            "{username} is signed in: {}",
            home.header("location")
        );
        r
    }

    pub async fn get(&mut self, path: &str) -> Resp {
        let cookie = self.cookie_header();
        let r = self.app.get_with(path, &[("cookie", &cookie)]).await;
        self.remember(&r);
        r
    }

    pub async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Resp {
        let cookie = self.cookie_header();
        let origin = self.app.base.clone();
        let r = self
            .app
            .post_form(path, &[("origin", &origin), ("cookie", &cookie)], form)
            .await;
        self.remember(&r);
        r
    }

    /// Posts one file as `multipart/form-data`.
    pub async fn post_file(
        &mut self,
        path: &str,
        field: &str,
        file_name: &str,
        content_type: &str,
        bytes: &[u8],
    ) -> Resp {
        self.post_file_with(path, field, (file_name, content_type, bytes), &[])
            .await
    }

    /// As [`Browser::post_file`], with text fields after the file (as a
    /// browser sends the button pressed below it).
    pub async fn post_file_with(
        &mut self,
        path: &str,
        field: &str,
        (file_name, content_type, bytes): (&str, &str, &[u8]),
        fields: &[(&str, &str)],
    ) -> Resp {
        let boundary = "qingjiatestboundary7d3f";
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{file_name}\"\r\nContent-Type: {content_type}\r\n\r\n"
        )
        .into_bytes();
        body.extend_from_slice(bytes);
        for (name, value) in fields {
            body.extend_from_slice(
                format!("\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}")
                    .as_bytes(),
            );
        }
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let cookie = self.cookie_header();
        let origin = self.app.base.clone();
        let content_type = format!("multipart/form-data; boundary={boundary}");
        let r = self
            .app
            .send_bytes(
                "POST",
                path,
                &[
                    ("origin", &origin),
                    ("cookie", &cookie),
                    ("content-type", &content_type),
                ],
                Some(body),
            )
            .await;
        self.remember(&r);
        r
    }
}

/// A response, read whole.
pub struct Resp {
    pub status: u16,
    pub headers: http::HeaderMap,
    pub body: String,
    pub bytes: Vec<u8>,
}

impl From<Resp> for (u16, String) {
    fn from(r: Resp) -> Self {
        (r.status, r.body)
    }
}

impl Resp {
    /// A header as text ("" when absent).
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b' ' => "+".to_owned(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Runs `test` once against each engine with an empty database (no demo
/// content), naming the engine on failure.
pub async fn each_engine<F, Fut>(test: F)
where
    F: Fn(TestApp) -> Fut,
    Fut: Future<Output = ()>,
{
    on_engines(|_| false, test).await
}

/// As [`each_engine`], with demo content on SQLite (the embedded run) and
/// none on PostgreSQL (production), as [`TestApp::spawn`] starts them.
pub async fn for_each_engine<F, Fut>(test: F)
where
    F: Fn(TestApp) -> Fut,
    Fut: Future<Output = ()>,
{
    on_engines(|engine| matches!(engine, Engine::Sqlite), test).await
}

async fn on_engines<F, Fut>(demo: fn(Engine) -> bool, test: F)
where
    F: Fn(TestApp) -> Fut,
    Fut: Future<Output = ()>,
{
    for engine in ENGINES {
        let app = TestApp::spawn_on(TestDb::new(engine).await, |c| c.demo = demo(engine)).await;
        eprintln!("-- engine: {engine:?}");
        test(app).await;
    }
}

/// A published campaign `wed-2027` with one event of `places` places,
/// open for sign-up now and held in ten days: (event id, campaign slug).
pub async fn event_with_places(app: &TestApp, places: i64) -> (i64, String) {
    use app::server::content::{self, Draft, NewEvent};
    use chrono::{Duration, Utc};
    let db = app::server::Db::connect(&app.database_url, 2)
        .await
        .unwrap();
    let now = Utc::now();
    let campaign = content::create_campaign(
        &db,
        Some("world-environment-day"),
        2027,
        &Draft {
            slug: "wed-2027".to_owned(),
            title: "六五环境日".to_owned(),
            summary: "六五环境日的摘要".to_owned(),
            body_md: "活动介绍".to_owned(),
            status: domain::content::Status::Published,
            publish_at: None,
        },
        now,
    )
    .await
    .unwrap();
    let event = content::create_event(
        &db,
        campaign,
        &NewEvent {
            title: "垃圾焚烧厂开放日".to_owned(),
            starts_at: now + Duration::days(10),
            ends_at: now + Duration::days(10) + Duration::hours(2),
            place: "外冈镇".to_owned(),
            capacity: places,
            opens_at: now - Duration::days(1),
            closes_at: now + Duration::days(9),
        },
    )
    .await
    .unwrap();
    db.pool.close().await;
    (event, "wed-2027".to_owned())
}

/// The password of every staff account the tests create.
pub const PASSWORD: &str = "a long enough password";

/// A browser signed in as staff member `name` with `role` (and `unit`),
/// the account created first when this app does not have it yet.
pub async fn staff<'a>(
    app: &'a TestApp,
    name: &str,
    role: domain::staff::Role,
    unit: Option<&str>,
) -> Browser<'a> {
    let db = app_db(app, 1).await;
    let username = domain::staff::Username::parse(name).unwrap();
    let id =
        match app::server::staff::create_user(&db, &username, name, PASSWORD, role, false).await {
            Ok(id) => id,
            Err(_) => {
                let row = sqlx::query("SELECT id FROM staff_users WHERE username = $1")
                    .bind(name)
                    .fetch_one(&db.pool)
                    .await
                    .expect("the account exists");
                sqlx::Row::get(&row, 0)
            }
        };
    app::server::staff::set_unit(&db, id, unit).await.unwrap();
    db.pool.close().await;
    let mut b = Browser::new(app);
    b.sign_in(name, PASSWORD).await;
    b
}

/// The number `sql` (a `SELECT COUNT(*)` or the like) gives on this app's
/// database.
/// Writes `request` to the app over a plain socket and reads the answer
/// until it contains `until` (or 10 s pass): for requests a client library
/// would not send as they are (a length the body never reaches).
pub async fn raw_exchange(app: &TestApp, request: String, until: &'static str) -> String {
    let host = app.base.trim_start_matches("http://").to_owned();
    tokio::task::spawn_blocking(move || {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(&host).unwrap();
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(10)))
            .unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        // The connection may stay open after the answer.
        let mut answer = Vec::new();
        let mut buf = [0u8; 16 * 1024];
        while !String::from_utf8_lossy(&answer).contains(until) {
            match stream.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => answer.extend_from_slice(&buf[..n]),
            }
        }
        String::from_utf8_lossy(&answer).into_owned()
    })
    .await
    .unwrap()
}

pub async fn count(app: &TestApp, sql: &str) -> i64 {
    let mut conn = app.db().await;
    let row = sqlx::query(sql).fetch_one(&mut conn).await.unwrap();
    sqlx::Row::get(&row, 0)
}

/// The built site (`cargo leptos build` output), for asset tests.
pub fn site_root() -> PathBuf {
    std::env::var_os("LEPTOS_SITE_ROOT")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/site"))
}

fn uuid_simple() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// A temporary directory removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new() -> TempDir {
        let dir = std::env::temp_dir().join(format!("qingjia-test-{}", uuid_simple()));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The two-step verification key shown on the set-up page.
pub fn totp_secret_in(body: &str) -> String {
    let at = body
        .find("id=\"totp-secret\"")
        .unwrap_or_else(|| panic!("a key in {body}"));
    let i = body[at..].find('>').unwrap() + at + 1;
    let j = body[i..].find('<').unwrap() + i;
    body[i..j].to_owned()
}

pub fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// A JPEG of `w`×`h` with an EXIF block saying "rotate 90°" and holding a
/// GPS position, as phones write them.
pub fn phone_photo(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x * 3) as u8, (y * 5) as u8, 90]));
    let mut jpeg = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(
            &mut std::io::Cursor::new(&mut jpeg),
            image::ImageFormat::Jpeg,
        )
        .unwrap();
    // TIFF (big-endian): IFD0 with Orientation = 6 and a GPS IFD pointer;
    // the GPS IFD with GPSLatitudeRef = "N".
    let mut tiff = b"MM\x00\x2a\x00\x00\x00\x08".to_vec();
    tiff.extend_from_slice(&[0, 2]);
    tiff.extend_from_slice(&[0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0]);
    tiff.extend_from_slice(&[0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 38]);
    tiff.extend_from_slice(&[0, 0, 0, 0]);
    tiff.extend_from_slice(&[0, 1]);
    tiff.extend_from_slice(&[0x00, 0x01, 0, 2, 0, 0, 0, 2, b'N', 0, 0, 0]);
    tiff.extend_from_slice(&[0, 0, 0, 0]);
    tiff.extend_from_slice(b"GPS 31.2973N 121.3187E");
    let mut app1 = b"Exif\x00\x00".to_vec();
    app1.extend_from_slice(&tiff);
    let len = (app1.len() + 2) as u16;
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// A draft with every step answered, as the filing forms leave it.
pub fn complete_draft(
    category: &str,
    town: &str,
    address: &str,
    phone: &str,
) -> domain::complaint::filing::Draft {
    use domain::complaint::filing::{ContactForm, DetailsForm, Draft, Kind, LocationForm};
    let kind = if category.starts_with("fumes") {
        Kind::Fumes
    } else {
        Kind::Noise
    };
    let mut draft = Draft::default();
    draft.set_category(category.to_owned(), kind);
    draft.location = Some(
        LocationForm {
            town: town.to_owned(),
            address: address.to_owned(),
            ..LocationForm::default()
        }
        .validate(&[town.to_owned()])
        .unwrap(),
    );
    draft.details = Some(
        DetailsForm {
            when: "night".to_owned(),
            recurring: "yes".to_owned(),
            business: "老王烧烤店".to_owned(),
            fume_kind: "both".to_owned(),
            description: "夜间施工噪声扰民，已经持续多日。".to_owned(),
            ..DetailsForm::default()
        }
        .validate(kind)
        .unwrap(),
    );
    draft.photos_done = true;
    draft.contact = Some(
        ContactForm {
            name: "王五".to_owned(),
            phone: phone.to_owned(),
            consent: "yes".to_owned(),
            ..ContactForm::default()
        }
        .validate()
        .unwrap(),
    );
    draft
}

/// A decompression bomb: a valid PNG of `w`×`h` pixels at 16-bit RGBA, all
/// zero, whose few megabytes decode to `w × h × 8` bytes. The zlib stream
/// is written by hand (fixed Huffman codes: one zero, then copies of 258
/// bytes at distance 1), so making it costs no memory.
pub fn png_bomb(w: u32, h: u32) -> Vec<u8> {
    struct Bits {
        out: Vec<u8>,
        acc: u64,
        n: u32,
    }
    impl Bits {
        /// `len` bits of `value`, least significant first (deflate's order).
        fn put(&mut self, value: u64, len: u32) {
            self.acc |= value << self.n;
            self.n += len;
            while self.n >= 8 {
                self.out.push(self.acc as u8);
                self.acc >>= 8;
                self.n -= 8;
            }
        }
        /// A Huffman code, most significant bit first.
        fn code(&mut self, code: u64, len: u32) {
            for i in (0..len).rev() {
                self.put((code >> i) & 1, 1);
            }
        }
    }
    let raw = u64::from(h) * (1 + u64::from(w) * 8);
    let mut bits = Bits {
        out: vec![0x78, 0x01],
        acc: 0,
        n: 0,
    };
    bits.put(1, 1); // the last block
    bits.put(1, 2); // fixed Huffman codes
    bits.code(0x30, 8); // literal 0
    let mut left = raw - 1;
    while left >= 258 {
        bits.code(0xC5, 8); // length 258 (symbol 285)
        bits.code(0, 5); // distance 1
        left -= 258;
    }
    for _ in 0..left {
        bits.code(0x30, 8);
    }
    bits.code(0, 7); // end of block
    if bits.n > 0 {
        bits.out.push(bits.acc as u8);
    }
    let adler = (((raw % 65521) as u32) << 16) | 1;
    bits.out.extend_from_slice(&adler.to_be_bytes());

    fn chunk(png: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        png.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        let mut crc = 0xFFFF_FFFFu32;
        for b in &body {
            crc ^= u32::from(*b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        png.extend_from_slice(&body);
        png.extend_from_slice(&(!crc).to_be_bytes());
    }
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = w.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[16, 6, 0, 0, 0]);
    chunk(&mut png, b"IHDR", &ihdr);
    chunk(&mut png, b"IDAT", &bits.out);
    chunk(&mut png, b"IEND", &[]);
    png
}

/// The peak resident memory of this process so far, in bytes (Linux).
pub fn peak_memory() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        })
        .map_or(0, |kb| kb * 1024)
}

/// The `href` of the first link in `body` whose tag holds `marker` (an
/// attribute such as `rel="next"`), with HTML's `&amp;` undone.
pub fn link(body: &str, marker: &str) -> Option<String> {
    body.split("<a ")
        .skip(1)
        .map(|tag| tag.split('>').next().unwrap_or(""))
        .find(|tag| tag.contains(marker))
        .and_then(|tag| tag.split("href=\"").nth(1))
        .and_then(|rest| rest.split('"').next())
        .map(|href| href.replace("&amp;", "&"))
}

/// `raw` for a query string.
pub fn urlencoding(raw: &str) -> String {
    raw.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
