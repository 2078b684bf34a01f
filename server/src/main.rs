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
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
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
            let username = domain::staff::Username::parse(&username)?;
            let password = match std::env::var("QINGJIA_ADMIN_PASSWORD") {
                Ok(p) => p,
                Err(_) => {
                    let mut line = String::new();
                    std::io::stdin().read_line(&mut line)?;
                    line.trim_end_matches(['\r', '\n']).to_owned()
                }
            };
            let db = app::server::Db::connect(&config.database_url, 1).await?;
            db.migrate().await?;
            let id = app::server::staff::create_user(
                &db,
                &username,
                &name,
                &password,
                domain::staff::Role::Admin,
                false,
            )
            .await?;
            println!("administrator {} created (id {id})", username.as_str());
        }
    }
    Ok(())
}
