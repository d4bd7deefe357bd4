//! The `cairn` binary: web server and operator commands.

use std::io::Read;
use std::path::PathBuf;

use anyhow::{Context, bail};
use cairn::domain::Role;
use cairn::domain::user::NewUser;
use cairn::store::Store;
use clap::{Parser, Subcommand};
use tracing_subscriber::EnvFilter;

use cairn_server::config::{self, Settings};
use cairn_server::{import, project_cli, serve};

#[derive(Parser)]
#[command(
    name = "cairn",
    version,
    about = "Cairn: CRM plus the project management of the delivery"
)]
struct Cli {
    /// Settings file (default: ./Leptos.toml, else beside the binary).
    #[arg(long, env = "CAIRN_CONFIG", global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Fill an empty database with sample data.
    Seed {
        /// One demo user per role, with the passwords printed in the README.
        #[arg(long)]
        demo: bool,
        /// Also generate N accounts with 3 contacts and 10 activities each,
        /// owned by the sales people and managers (after --demo's users).
        #[arg(long, value_name = "N")]
        scale: Option<u64>,
        /// Also generate N open deals (and N/10 closed) on the first
        /// pipeline, for the board's timing tests.
        #[arg(long, value_name = "N")]
        deals: Option<u64>,
        /// Also generate one project, "Scale N", with N tasks and 2N
        /// links, for the Gantt's timing tests.
        #[arg(long, value_name = "N")]
        project_tasks: Option<u64>,
    },
    /// Write a consistent copy of the SQLite database to FILE.
    Backup { file: PathBuf },
    /// Import a file of accounts, contacts, deals or users (dry run first;
    /// all or nothing; prints the counts, the errors and the import id),
    /// or a Microsoft Project XML file as a new project (`import project
    /// FILE.xml`).
    Import(import::ImportArgs),
    /// Export a project as Microsoft Project XML, CSV or iCalendar
    /// (`export project ID --format xml|csv|ics [-o FILE]`).
    Export(project_cli::ExportArgs),
    /// Manage administrators.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create an administrator (prompts for the password, or reads it from
    /// standard input with --password-stdin).
    Create {
        #[arg(long)]
        username: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        email: String,
        #[arg(long)]
        password_stdin: bool,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| {
                EnvFilter::new("info,sqlx=warn,sea_orm=warn,tower_sessions=warn")
            }),
        )
        .init();
    let cli = Cli::parse();
    let file = cli.config.clone().or_else(config::find_config_file);
    let settings = Settings::load(file.as_deref()).context("reading settings")?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve::run(settings).await,
        Command::Migrate => {
            let store = Store::connect(&settings.database_url()?).await?;
            let pending = store.pending_migrations().await?;
            store.migrate().await?;
            tracing::info!(applied = ?pending, "migrations up to date");
            Ok(())
        }
        Command::Seed {
            demo,
            scale,
            deals,
            project_tasks,
        } => {
            if !demo && scale.is_none() && deals.is_none() && project_tasks.is_none() {
                bail!(
                    "nothing to seed: pass --demo, --scale N, --deals N and/or --project-tasks N"
                );
            }
            let store = Store::open(&settings.database_url()?).await?;
            if demo {
                match cairn::store::seed::demo(&store)
                    .await
                    .map_err(|e| anyhow::anyhow!("{e}"))?
                {
                    cairn::store::seed::Seeded::Created(n) => {
                        tracing::info!("created {n} demo users");
                        for (user, role, password, _) in cairn::store::seed::DEMO_USERS {
                            tracing::info!("  {user:<8} {:<8} {password}", role.as_str());
                        }
                    }
                    cairn::store::seed::Seeded::AlreadyPopulated => {
                        tracing::info!("the database already has users; no demo users added");
                    }
                }
            }
            if let Some(n) = scale {
                let report = cairn::store::customers::scale::scale(&store, n, &[])
                    .await
                    .map_err(|e| anyhow::anyhow!("{e}"))?;
                println!("{report}");
            }
            if let Some(n) = deals {
                let report = cairn::store::sales::scale::deals(&store, n)
                    .await
                    .map_err(|e| anyhow::anyhow!("{e}"))?;
                println!("{report}");
            }
            if let Some(n) = project_tasks {
                let report = cairn::store::projects::scale::project_tasks(&store, n)
                    .await
                    .map_err(|e| anyhow::anyhow!("{e}"))?;
                println!("{report}");
            }
            Ok(())
        }
        Command::Backup { file } => {
            let store = Store::open(&settings.database_url()?).await?;
            cairn::store::backup::backup(&store, &file).await?;
            tracing::info!("backup written to {}", file.display());
            Ok(())
        }
        Command::Import(args) => {
            let store = Store::open(&settings.database_url()?).await?;
            import::run(&store, args).await
        }
        Command::Export(args) => {
            let store = Store::open(&settings.database_url()?).await?;
            project_cli::export(&store, args).await
        }
        Command::Admin {
            command:
                AdminCommand::Create {
                    username,
                    name,
                    email,
                    password_stdin,
                },
        } => {
            let password = if password_stdin {
                let mut s = String::new();
                std::io::stdin().read_to_string(&mut s)?;
                s.trim_end_matches(['\r', '\n']).to_owned()
            } else {
                rpassword::prompt_password("Password for the new administrator: ")?
            };
            let store = Store::open(&settings.database_url()?).await?;
            let user = cairn::store::users::create_as_operator(
                &store,
                NewUser {
                    display_name: name.unwrap_or_else(|| username.clone()),
                    username,
                    email,
                    role: Role::Admin,
                    team_id: None,
                    password,
                },
            )
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
            tracing::info!("administrator {} created", user.username);
            Ok(())
        }
    }
}
