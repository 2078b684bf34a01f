//! Complaint submissions per second through the real HTTP form path, beside
//! a raw insert loop of the same row on the same database settings.
//!
//! `scripts/bench.sh` runs it (release build). Usage:
//! `submit_bench [submissions per round] [clients, e.g. 8,16,32] [rounds]`;
//! `DATABASE_URL` picks the engine (a fresh SQLite file by default; for
//! PostgreSQL give an empty schema).
//!
//! Each client prepares its drafts through the step forms first; the timed
//! part is the final POST, which answers only after the case is committed.
//! The two loops take turns for a few rounds at each number of clients;
//! each path's best median is its capacity, and the two are compared (the
//! raw loop peaks with few clients, the form path, whose batches grow with
//! the load, with many).
//! Afterwards every acknowledged reference is looked up in the database: a
//! lost submission fails the run.

use std::sync::Arc;
use std::time::Instant;

use app::server::Db;
use server::Application;
use server::config::Config;

const DESCRIPTION: &str = "工地每晚十一点以后还在打桩，声音很大，家里老人孩子都无法入睡。";

/// A fresh key for this run (the benchmark never looks a case up).
fn server_key() -> String {
    app::server::new_token()
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let total: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(400);
    let counts: Vec<usize> = args
        .next()
        .map(|a| a.split(',').filter_map(|c| c.parse().ok()).collect())
        .filter(|c: &Vec<usize>| !c.is_empty() && !c.contains(&0))
        .unwrap_or_else(|| vec![8, 16, 32]);
    let rounds: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(5);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let dir = std::env::temp_dir().join(format!("qingjia-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let url = std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite://{}/bench.db", dir.display()));
    let config = Config {
        database_url: url.clone(),
        site_addr: "127.0.0.1:0".parse()?,
        demo: false,
        photo_dir: dir.join("photos"),
        filing_per_minute: 1_000_000,
        lookups_per_minute: 1_000_000,
        max_connections: 10,
        access_code_key: Some(server_key()),
        ..Config::default()
    };
    let app = runtime.block_on(Application::build(config))?;
    let base = format!("http://{}", app.addr());
    runtime.spawn(app.run_until_stopped());
    let db = Arc::new(runtime.block_on(Db::connect(&url, 10))?);
    println!("engine: {}", url.split(':').next().unwrap_or("?"));

    let mut acknowledged = Vec::new();
    let mut inserted = 0;
    // Each path's median rate at each number of clients.
    let mut medians: Vec<(usize, f64, f64)> = Vec::new();
    for &clients in &counts {
        let per_client = total / clients;
        let n = per_client * clients;
        println!("{clients} clients: preparing {rounds} rounds of {n} drafts …");
        let drafts: Vec<Vec<Vec<String>>> = (0..rounds)
            .map(|_| prepare_all(&base, clients, per_client))
            .collect();
        // The two loops take turns, so that both see the machine in the
        // same moods (runs on a shared machine vary from second to second).
        let (mut form_rates, mut raw_rates) = (Vec::new(), Vec::new());
        for (round, tokens) in drafts.iter().enumerate() {
            let started = Instant::now();
            let answered = form_path(&base, tokens);
            let form_rate = answered.len() as f64 / started.elapsed().as_secs_f64();
            let started = Instant::now();
            let rows = runtime.block_on(raw_loop(&db, inserted, clients, per_client));
            let raw_rate = rows as f64 / started.elapsed().as_secs_f64();
            println!(
                "  round {}: form path {form_rate:>7.1}/s ({} of {n} acknowledged), raw insert {raw_rate:>7.1}/s ({rows}), ratio {:.2}",
                round + 1,
                answered.len(),
                form_rate / raw_rate
            );
            if answered.len() != n || rows != n {
                anyhow::bail!("submissions or inserts were refused");
            }
            acknowledged.extend(answered);
            inserted += rows;
            form_rates.push(form_rate);
            raw_rates.push(raw_rate);
        }
        let (form, raw) = (median(&mut form_rates), median(&mut raw_rates));
        println!(
            "  medians: form path {form:.1}/s, raw insert {raw:.1}/s, ratio {:.2}",
            form / raw
        );
        medians.push((clients, form, raw));
    }

    // Every acknowledged submission is a committed case.
    let lost = runtime.block_on(async {
        let mut lost = 0;
        for token in &acknowledged {
            let found = app::server::complaints::confirmation(&db, token).await?;
            if found.is_none() {
                lost += 1;
            }
        }
        anyhow::Ok(lost)
    })?;

    // Each path at its best number of clients: the capacity of each.
    let best = |rate: fn(&(usize, f64, f64)) -> f64| {
        medians
            .iter()
            .max_by(|a, b| rate(a).total_cmp(&rate(b)))
            .map(|m| (m.0, rate(m)))
            .unwrap_or_default()
    };
    let (form_clients, form_rate) = best(|m| m.1);
    let (raw_clients, raw_rate) = best(|m| m.2);
    println!("best medians over {counts:?} clients ({rounds} rounds each):");
    println!("form path:  {form_rate:>8.1} submissions/s ({form_clients} clients)");
    println!("raw insert: {raw_rate:>8.1} rows/s ({raw_clients} clients)");
    println!(
        "ratio:      {:>8.2} (aim: at least 0.5)",
        form_rate / raw_rate
    );
    println!("lost:       {lost} of {}", acknowledged.len());
    let _ = std::fs::remove_dir_all(&dir);
    if lost > 0 {
        anyhow::bail!("acknowledged submissions were lost");
    }
    Ok(())
}

/// Fills `per_client` drafts for each of `clients` clients, in parallel.
fn prepare_all(base: &str, clients: usize, per_client: usize) -> Vec<Vec<String>> {
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..clients)
            .map(|_| s.spawn(move || (0..per_client).map(|_| prepare(base)).collect()))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    })
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(0.0)
}

/// POSTs each client's drafts to /complaints/new/check, one at a time per
/// client, until its 303; the drafts acknowledged.
fn form_path(base: &str, tokens: &[Vec<String>]) -> Vec<String> {
    std::thread::scope(|s| {
        let handles: Vec<_> = tokens
            .iter()
            .map(|tokens| {
                s.spawn(move || {
                    let agent = agent();
                    tokens
                        .iter()
                        .filter_map(|token| {
                            let r = agent
                                .post(format!("{base}/complaints/new/check"))
                                .header("origin", base)
                                .header("cookie", format!("qj_draft={token}"))
                                .content_type("application/x-www-form-urlencoded")
                                .send("")
                                .ok()?;
                            (r.status() == 303).then(|| token.clone())
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    })
}

/// The raw loop: the same row, one transaction each, as many clients; the
/// rows inserted. Their references are numbered on from `first`.
async fn raw_loop(db: &Arc<Db>, first: usize, clients: usize, per_client: usize) -> usize {
    let tasks: Vec<_> = (0..clients)
        .map(|c| {
            let db = db.clone();
            tokio::spawn(async move {
                let mut done = 0;
                for i in 0..per_client {
                    if raw_insert(&db, first + c * per_client + i).await.is_ok() {
                        done += 1;
                    }
                }
                done
            })
        })
        .collect();
    let mut total = 0;
    for t in tasks {
        total += t.await.unwrap_or(0);
    }
    total
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .max_redirects(0)
        .http_status_as_error(false)
        .build()
        .into()
}

/// Fills every step of a draft through the forms; its cookie token.
fn prepare(base: &str) -> String {
    let agent = agent();
    let post = |path: &str, body: &str, cookie: &str| {
        agent
            .post(format!("{base}{path}"))
            .header("origin", base)
            .header("cookie", cookie)
            .content_type("application/x-www-form-urlencoded")
            .send(body.to_owned())
            .expect("step posted")
    };
    let r = post("/complaints/new", "category=noise_construction", "");
    let set = r
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .expect("draft cookie");
    let token = set
        .split(';')
        .next()
        .and_then(|p| p.strip_prefix("qj_draft="))
        .expect("draft token")
        .to_owned();
    let cookie = format!("qj_draft={token}");
    let enc = |s: &str| -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => (b as char).to_string(),
                _ => format!("%{b:02X}"),
            })
            .collect()
    };
    post(
        "/complaints/new/location",
        &format!("town=nanxiang&address={}", enc("南翔镇古猗园路12号")),
        &cookie,
    );
    post(
        "/complaints/new/details",
        &format!("when=night&recurring=yes&description={}", enc(DESCRIPTION)),
        &cookie,
    );
    post("/complaints/new/photos/done", "", &cookie);
    post(
        "/complaints/new/contact",
        &format!("name={}&phone=13812345678&consent=yes", enc("张三")),
        &cookie,
    );
    token
}

/// One case row, as the submission writes it, in its own transaction.
async fn raw_insert(db: &Db, i: usize) -> Result<(), sqlx::Error> {
    let mut tx = db.pool.begin().await?;
    let now = chrono::Utc::now().to_rfc3339();
    sqlx::query(
        "INSERT INTO cases (reference, access_hash, category, town, address, address_public, \
         details, description, urgent, contact_name, contact_phone, public, status, unit, \
         submitted_at, due_on, updated_at) \
         VALUES ($1, $2, 'noise_construction', 'nanxiang', $3, $4, $5, $6, 1, $7, $8, 0, \
         'submitted', 'chengguan', $9, '2026-12-07', $9)",
    )
    .bind(format!("JD-1999-{i:06}"))
    .bind("0".repeat(64))
    .bind("南翔镇古猗园路12号")
    .bind("南翔镇古猗园路")
    .bind("{\"Noise\":{\"when\":\"Night\",\"recurring\":true}}")
    .bind(DESCRIPTION)
    .bind("张三")
    .bind("13812345678")
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}
