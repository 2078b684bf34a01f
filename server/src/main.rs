//! `server`: runs the portal (default) or a maintenance subcommand.

use clap::{Parser, Subcommand};
use server::{Application, config::Config, telemetry};

#[derive(Parser)]
#[command(
    version,
    about = "Qingjia, the public portal of the Jiading District environment bureau"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the portal (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Create an administrator account. The password comes from
    /// QINGJIA_ADMIN_PASSWORD or, without it, from the first line of stdin.
    CreateAdmin {
        /// Login name: 3-32 of a-z 0-9 . - _
        #[arg(long)]
        username: String,
        /// Name shown in the staff pages and the case trail.
        #[arg(long)]
        name: String,
    },
    /// Create a staff account of any role; a handler needs the code of their
    /// unit. The password comes from QINGJIA_STAFF_PASSWORD or, without it,
    /// from the first line of stdin.
    CreateStaff {
        /// Login name: 3-32 of a-z 0-9 . - _
        #[arg(long)]
        username: String,
        /// Name shown in the staff pages and the case trail.
        #[arg(long)]
        name: String,
        /// admin, dispatcher, handler, editor or leader.
        #[arg(long)]
        role: String,
        /// A handler's unit, e.g. `anting` (the `units` table).
        #[arg(long)]
        unit: Option<String>,
    },
    /// Deactivates the demo staff accounts (their passwords are published)
    /// and ends their sessions, so the server may start outside demo mode.
    RemoveDemoAccounts,
    /// Fills an empty database with years of realistic cases (events,
    /// ratings, supporters, a valid trail) and hourly air readings, for
    /// benchmarks and load tests. Never on a production database: the
    /// access codes come from the seed. Writes sample references with their
    /// codes, phone numbers and roads to `--samples` for the benchmark.
    Generate {
        #[arg(long, default_value_t = 1_000_000)]
        cases: u64,
        #[arg(long, default_value_t = 5)]
        years: u32,
        /// Air stations with hourly readings over the same years (0-10).
        #[arg(long, default_value_t = 10)]
        stations: u32,
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        /// Where to write the samples (tab-separated).
        #[arg(long)]
        samples: Option<std::path::PathBuf>,
    },
    /// Benchmark: judges the newest `--cases` cases again by the
    /// early-warning rules, each in a transaction of its own as a link
    /// does, and prints the time each took (p50, p99, max). Writes the
    /// warnings it raises: for benchmark databases.
    JudgeBench {
        #[arg(long, default_value_t = 1000)]
        cases: i64,
    },
    /// Recomputes the dashboard's daily tallies from the cases (they are
    /// kept up to date with every change; this is for an operator who
    /// doubts them, and is what the first start after an upgrade does).
    RebuildStats,
    /// Recomputes the hash chain of case events and names the first
    /// tampered event; exits with status 1 when the chain is broken.
    VerifyTrail,
    /// Takes a staff step on a case from the command line (for operators,
    /// and for tests until every step has its staff page), e.g.
    /// `server case JD-2026-000001 reply --outcome fixed --text "…"`.
    Case {
        reference: String,
        /// accept, reject, transfer, assign, return, inspect, reply or close.
        step: String,
        /// The unit's code, for `assign`.
        #[arg(long)]
        unit: Option<String>,
        /// fixed, being_fixed, not_substantiated, mediated or penalty_opened.
        #[arg(long)]
        outcome: Option<String>,
        /// The reply, reason or note.
        #[arg(long, default_value = "")]
        text: String,
    },
}

/// The password from `var`, or the first line of stdin.
fn password(var: &str) -> anyhow::Result<String> {
    Ok(match std::env::var(var) {
        Ok(p) => p,
        Err(_) => {
            let mut line = String::new();
            std::io::stdin().read_line(&mut line)?;
            line.trim_end_matches(['\r', '\n']).to_owned()
        }
    })
}

/// Creates a staff account: handlers need a known unit, nobody else has one.
async fn create_staff(
    config: &Config,
    username: &str,
    name: &str,
    password: &str,
    role: &str,
    unit: Option<String>,
) -> anyhow::Result<()> {
    let username = domain::staff::Username::parse(username)?;
    let role = domain::staff::Role::from_code(role).ok_or_else(|| {
        anyhow::anyhow!("unknown role {role}: admin, dispatcher, handler, editor or leader")
    })?;
    let db = app::server::Db::connect(&config.database_url, 1).await?;
    db.migrate().await?;
    match (role, &unit) {
        (domain::staff::Role::Handler, Some(code)) => {
            let units = app::server::complaints::units(&db, false).await?;
            if !units.iter().any(|u| &u.code == code) {
                let known: Vec<&str> = units.iter().map(|u| u.code.as_str()).collect();
                anyhow::bail!("unknown unit {code}; one of: {}", known.join(", "));
            }
        }
        (domain::staff::Role::Handler, None) => anyhow::bail!("a handler needs --unit"),
        (_, Some(_)) => anyhow::bail!("only handlers belong to a unit"),
        (_, None) => {}
    }
    let id = app::server::staff::create_user(&db, &username, name, password, role, false).await?;
    app::server::staff::set_unit(&db, id, unit.as_deref()).await?;
    println!("{} {} created (id {id})", role.code(), username.as_str());
    Ok(())
}

/// See the workspace's Cargo.toml: memory goes back to the system.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Worker threads get 8 MiB of stack: rendering a page walks a deep tree of
/// views, and the default 2 MiB is too tight for the larger pages.
const WORKER_STACK: usize = 8 * 1024 * 1024;

fn main() -> anyhow::Result<()> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(WORKER_STACK)
        .build()?
        .block_on(run())
}

async fn run() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let config = Config::load()?;
    telemetry::init(config.log_format);
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let app = Application::build(config).await?;
            app.run_until_stopped().await?;
        }
        Command::Migrate => {
            let db = app::server::Db::connect(&config.database_url, 1).await?;
            db.migrate().await?;
            tracing::info!("migrations applied");
        }
        Command::CreateAdmin { username, name } => {
            let password = password("QINGJIA_ADMIN_PASSWORD")?;
            create_staff(&config, &username, &name, &password, "admin", None).await?;
        }
        Command::CreateStaff {
            username,
            name,
            role,
            unit,
        } => {
            let password = password("QINGJIA_STAFF_PASSWORD")?;
            create_staff(&config, &username, &name, &password, &role, unit).await?;
        }
        Command::RemoveDemoAccounts => {
            let db = app::server::Db::connect(&config.database_url, 1).await?;
            db.migrate().await?;
            let n = app::server::demo::retire_staff(&db).await?;
            println!("{n} demo staff account(s) deactivated");
        }
        Command::Generate {
            cases,
            years,
            stations,
            seed,
            samples,
        } => {
            let db = app::server::Db::connect(&config.database_url, 2)
                .await?
                .with_access_key(config.access_key()?);
            db.migrate().await?;
            let started = std::time::Instant::now();
            let options = app::server::generate::Options {
                cases,
                years,
                stations: stations.min(10),
                seed,
            };
            let summary =
                app::server::generate::generate(&db, &options, chrono::Utc::now(), |step| {
                    eprintln!("[{:>6.1} s] {step}", started.elapsed().as_secs_f64());
                })
                .await?;
            if let Some(path) = samples {
                let lines: String = summary
                    .samples
                    .iter()
                    .map(|s| {
                        format!(
                            "{}\t{}\t{}\t{}\t{}\n",
                            s.reference,
                            s.code,
                            s.phone,
                            s.road,
                            if s.open { "open" } else { "closed" }
                        )
                    })
                    .collect();
                std::fs::write(&path, lines)?;
            }
            println!(
                "generated {} cases, {} events, {} supporters, {} hourly readings in {:.0} s",
                summary.cases,
                summary.events,
                summary.supporters,
                summary.readings,
                started.elapsed().as_secs_f64()
            );
        }
        Command::JudgeBench { cases } => {
            let db = app::server::Db::connect(&config.database_url, 2).await?;
            let timings =
                app::server::warnings::judge_newest(&db, cases, chrono::Utc::now()).await?;
            let mut ms: Vec<f64> = timings.iter().map(|d| d.as_secs_f64() * 1000.0).collect();
            ms.sort_by(f64::total_cmp);
            let at = |q: f64| {
                ms.get(((ms.len() as f64 - 1.0) * q).round() as usize)
                    .copied()
                    .unwrap_or(0.0)
            };
            println!(
                "judged {} cases: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
                ms.len(),
                at(0.5),
                at(0.99),
                at(1.0)
            );
        }
        Command::RebuildStats => {
            let db = app::server::Db::connect(&config.database_url, 1).await?;
            db.migrate().await?;
            let calendar = app::server::complaints::work_calendar(&db).await?;
            let started = std::time::Instant::now();
            let n = app::server::stats::rebuild(&db, &calendar).await?;
            println!(
                "tallies rebuilt from {n} cases in {:.1} s",
                started.elapsed().as_secs_f64()
            );
        }
        Command::VerifyTrail => {
            let db = app::server::Db::connect(&config.database_url, 1).await?;
            match app::server::trail::verify(&db).await? {
                app::server::trail::Verdict::Intact(n) => {
                    println!("trail intact: {n} events");
                }
                broken => {
                    println!("trail broken: {broken:?}");
                    std::process::exit(1);
                }
            }
        }
        Command::Case {
            reference,
            step,
            unit,
            outcome,
            text,
        } => {
            let step = domain::case::Step::parse(&step)
                .ok_or_else(|| anyhow::anyhow!("unknown step {step}"))?;
            let outcome = match outcome {
                Some(o) => Some(
                    domain::case::Outcome::parse(&o)
                        .ok_or_else(|| anyhow::anyhow!("unknown outcome {o}"))?,
                ),
                None => None,
            };
            let db = app::server::Db::connect(&config.database_url, 1).await?;
            let (id, version) = app::server::cases::find(&db, &reference)
                .await?
                .ok_or_else(|| anyhow::anyhow!("no case {reference}"))?;
            let action = app::server::cases::StaffAction {
                step,
                unit,
                outcome,
                text,
                agency: None,
                inspection: None,
            };
            app::server::cases::act(
                &db,
                id,
                version,
                app::server::trail::Actor::System,
                &action,
                chrono::Utc::now(),
            )
            .await?;
            println!("{reference}: {}", step.code());
        }
    }
    Ok(())
}
