//! Residents filing at once, each with a phone photo, while others read the
//! home page and answer a text step (issue 16): the latency of every step
//! under that load, and whether any complaint was lost.
//!
//! `scripts/bench-filing.sh` runs it (release build). Usage:
//! `filing_load [residents, default 50] [photo megapixels, default 12]`;
//! `DATABASE_URL` picks the engine (a fresh SQLite file by default).
//!
//! The photo is a 4:3 JPEG of about 3 MB (12 MP of a noisy scene at
//! quality 85), uploaded as a phone does without JavaScript. Meanwhile one
//! bystander loads the home page and another answers the location step,
//! again and again: their p99 is what the picture work must not spoil.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use server::Application;
use server::config::Config;

const DESCRIPTION: &str = "工地每晚十一点以后还在打桩，声音很大，家里老人孩子都无法入睡。";

type Timings = Arc<Mutex<Vec<(&'static str, Duration)>>>;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let residents: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(50);
    let megapixels: u32 = args.next().and_then(|a| a.parse().ok()).unwrap_or(12);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let dir = std::env::temp_dir().join(format!("qingjia-filing-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let url = std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite://{}/filing.db", dir.display()));
    let config = Config {
        database_url: url,
        site_addr: "127.0.0.1:0".parse()?,
        site_root: std::env::var("LEPTOS_SITE_ROOT")
            .unwrap_or_else(|_| "target/site".to_owned())
            .into(),
        demo: true,
        photo_dir: dir.join("photos"),
        filing_per_minute: 1_000_000,
        lookups_per_minute: 1_000_000,
        access_code_key: Some(app::server::new_token()),
        ..Config::default()
    };
    let app = runtime.block_on(Application::build(config))?;
    let base = format!("http://{}", app.addr());
    runtime.spawn(app.run_until_stopped());

    let photo = photo(megapixels);
    println!(
        "{residents} residents at once, each with a {:.1} MB photo of {megapixels} MP",
        photo.len() as f64 / 1e6
    );
    let photo = Arc::new(photo);
    let timings: Timings = Arc::default();
    let done = Arc::new(AtomicBool::new(false));

    let bystanders: Vec<_> = [
        ("home page (bystander)", true),
        ("text step (bystander)", false),
    ]
    .into_iter()
    .map(|(name, home)| {
        let (base, timings, done) = (base.clone(), timings.clone(), done.clone());
        std::thread::spawn(move || bystander(&base, name, home, &timings, &done))
    })
    .collect();
    let started = Instant::now();
    let filers: Vec<_> = (0..residents)
        .map(|i| {
            let (base, photo, timings) = (base.clone(), photo.clone(), timings.clone());
            std::thread::spawn(move || file(&base, i, &photo, &timings))
        })
        .collect();
    let mut references = Vec::new();
    for filer in filers {
        match filer.join() {
            Ok(Ok(reference)) => references.push(reference),
            Ok(Err(e)) => println!("  a resident failed: {e}"),
            Err(_) => println!("  a resident's thread panicked"),
        }
    }
    let elapsed = started.elapsed();
    done.store(true, Ordering::Relaxed);
    for b in bystanders {
        let _ = b.join();
    }

    println!(
        "{} of {residents} complaints filed in {:.1} s\n",
        references.len(),
        elapsed.as_secs_f64()
    );
    println!(
        "{:<26} {:>6} {:>9} {:>9} {:>9}",
        "step", "n", "p50 ms", "p99 ms", "max ms"
    );
    let timings = timings.lock().map_err(|_| anyhow::anyhow!("poisoned"))?;
    let mut steps: Vec<&str> = Vec::new();
    for (step, _) in timings.iter() {
        if !steps.contains(step) {
            steps.push(step);
        }
    }
    for step in steps {
        let mut ms: Vec<f64> = timings
            .iter()
            .filter(|(s, _)| *s == step)
            .map(|(_, d)| d.as_secs_f64() * 1000.0)
            .collect();
        ms.sort_by(f64::total_cmp);
        let at = |q: f64| ms[((ms.len() as f64 - 1.0) * q).round() as usize];
        println!(
            "{step:<26} {:>6} {:>9.0} {:>9.0} {:>9.0}",
            ms.len(),
            at(0.5),
            at(0.99),
            at(1.0)
        );
    }
    if references.len() != residents {
        anyhow::bail!("{} complaints were lost", residents - references.len());
    }
    Ok(())
}

/// A 4:3 JPEG of `megapixels`, with the fine detail of a real photo (so it
/// weighs what a phone's does).
fn photo(megapixels: u32) -> Vec<u8> {
    let w = ((megapixels as f64 * 1e6 * 4.0 / 3.0).sqrt()) as u32;
    let h = w * 3 / 4;
    let mut seed: u32 = 0x9e37_79b9;
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        let noise = (seed % 48) as u8;
        image::Rgb([
            ((x / 7) as u8).wrapping_add(noise),
            ((y / 5) as u8).wrapping_add(noise / 2),
            90u8.wrapping_add(noise),
        ])
    });
    let mut jpeg = Vec::new();
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 60);
    image::DynamicImage::ImageRgb8(img)
        .write_with_encoder(encoder)
        .expect("encoding the test photo");
    jpeg
}

/// A resident with a cookie jar.
struct Resident {
    agent: ureq::Agent,
    base: String,
    cookies: Vec<String>,
}

impl Resident {
    fn new(base: &str) -> Resident {
        Resident {
            agent: ureq::Agent::config_builder()
                .max_redirects(0)
                .http_status_as_error(false)
                .timeout_global(Some(Duration::from_secs(120)))
                .build()
                .into(),
            base: base.to_owned(),
            cookies: Vec::new(),
        }
    }

    fn send(
        &mut self,
        method: &str,
        path: &str,
        content_type: Option<&str>,
        body: Vec<u8>,
    ) -> anyhow::Result<(u16, String, String)> {
        let mut request = http::Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.base))
            .header("origin", &self.base);
        if !self.cookies.is_empty() {
            request = request.header("cookie", self.cookies.join("; "));
        }
        if let Some(ct) = content_type {
            request = request.header("content-type", ct);
        }
        let response = if method == "GET" {
            self.agent.run(request.body(())?)?
        } else {
            self.agent.run(request.body(body)?)?
        };
        for value in response.headers().get_all("set-cookie") {
            if let Some(pair) = value.to_str().ok().and_then(|v| v.split(';').next()) {
                let name = pair.split('=').next().unwrap_or_default().to_owned();
                self.cookies.retain(|c| !c.starts_with(&format!("{name}=")));
                self.cookies.push(pair.to_owned());
            }
        }
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let body = response.into_body().read_to_string().unwrap_or_default();
        Ok((status, location, body))
    }

    fn form(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
    ) -> anyhow::Result<(u16, String, String)> {
        let body = fields
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        self.send(
            "POST",
            path,
            Some("application/x-www-form-urlencoded"),
            body.into_bytes(),
        )
    }
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn timed<T>(timings: &Timings, step: &'static str, f: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let out = f();
    if let Ok(mut t) = timings.lock() {
        t.push((step, started.elapsed()));
    }
    out
}

fn expect(got: (u16, String, String), status: u16, location: &str) -> anyhow::Result<String> {
    if got.0 != status || (!location.is_empty() && got.1 != location) {
        anyhow::bail!("expected {status} {location}, got {} {}", got.0, got.1);
    }
    Ok(got.2)
}

/// Files one complaint through every step; its reference.
fn file(base: &str, i: usize, photo: &[u8], timings: &Timings) -> anyhow::Result<String> {
    let mut r = Resident::new(base);
    let got = timed(timings, "category", || {
        r.form("/complaints/new", &[("category", "noise_construction")])
    })?;
    expect(got, 303, "/complaints/new/location")?;
    let address = format!("南翔镇测试路{i}号");
    let got = timed(timings, "location", || {
        r.form(
            "/complaints/new/location",
            &[("town", "nanxiang"), ("address", &address)],
        )
    })?;
    expect(got, 303, "/complaints/new/details")?;
    let got = timed(timings, "details", || {
        r.form(
            "/complaints/new/details",
            &[
                ("when", "night"),
                ("recurring", "yes"),
                ("description", DESCRIPTION),
            ],
        )
    })?;
    expect(got, 303, "/complaints/new/photos")?;
    let boundary = "qingjialoadboundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"IMG_{i}.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(photo);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let content_type = format!("multipart/form-data; boundary={boundary}");
    let got = timed(timings, "photo upload", || {
        r.send("POST", "/complaints/new/photos", Some(&content_type), body)
    })?;
    expect(got, 303, "")?;
    let got = timed(timings, "photos done", || {
        r.form("/complaints/new/photos/done", &[])
    })?;
    expect(got, 303, "/complaints/new/contact")?;
    let phone = format!("138{:08}", 10_000_000 + i);
    let got = timed(timings, "contact", || {
        r.form(
            "/complaints/new/contact",
            &[("name", "张三"), ("phone", &phone), ("consent", "yes")],
        )
    })?;
    expect(got, 303, "/complaints/new/check")?;
    let got = timed(timings, "submit", || r.form("/complaints/new/check", &[]))?;
    expect(got, 303, "/complaints/done")?;
    let page = expect(
        r.send("GET", "/complaints/done", None, Vec::new())?,
        200,
        "",
    )?;
    let at = page
        .find("JD-")
        .ok_or_else(|| anyhow::anyhow!("no reference on the confirmation"))?;
    Ok(page[at..at + 16].to_owned())
}

/// Loads the home page, or answers the location step of a draft of its
/// own, until the filing is over.
fn bystander(base: &str, name: &'static str, home: bool, timings: &Timings, done: &AtomicBool) {
    let mut r = Resident::new(base);
    if !home
        && r.form("/complaints/new", &[("category", "noise_social")])
            .is_err()
    {
        return;
    }
    while !done.load(Ordering::Relaxed) {
        let _ = timed(timings, name, || {
            if home {
                r.send("GET", "/", None, Vec::new())
            } else {
                r.form(
                    "/complaints/new/location",
                    &[("town", "anting"), ("address", "安亭镇墨玉路1号")],
                )
            }
        });
        std::thread::sleep(Duration::from_millis(20));
    }
}
