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
    }
    Ok(())
}
