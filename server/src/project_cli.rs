//! `cairn import project FILE.xml [--as USER]` and
//! `cairn export project ID --format xml|csv|ics [-o FILE]`: the store's
//! Microsoft Project interchange from the command line.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use cairn::domain::project::interchange::{ImportOptions, read};
use cairn::store::Store;

/// Imports `file` as a new project, acting as `as_user` (default: the
/// first active administrator), and prints what was made.
pub async fn import(store: &Store, file: &Path, as_user: Option<&str>) -> anyhow::Result<()> {
    let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    let xml = read::decode(&bytes).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    let actor = cairn::store::users::operator_actor(store, as_user)
        .await
        .map_err(|e| anyhow::anyhow!("--as: {e}"))?;
    let done = cairn::store::projects::import_mspdi(store, &actor, &xml, &ImportOptions::default())
        .await
        .map_err(|e| anyhow::anyhow!("{}: {e}; nothing imported", file.display()))?;
    println!(
        "project {}: {} — {} tasks ({} summary, {} milestones), {} links, calendar {}{}, \
         {} assignments ({} left out), {} baselines",
        done.id,
        done.project.name,
        done.tasks,
        done.summary_tasks,
        done.milestones,
        done.links,
        done.calendar.as_str(),
        if done.calendar_exceptions > 0 {
            format!(" with {} exception days", done.calendar_exceptions)
        } else {
            String::new()
        },
        done.assignments,
        done.assignments_dropped,
        done.baselines
    );
    for m in &done.resources_matched {
        println!(
            "  resource {} is {} (#{}, by {:?})",
            m.resource, m.user_name, m.user_id, m.by
        );
    }
    for u in &done.resources_unmatched {
        println!("  resource {u}");
    }
    for w in &done.warnings {
        println!("  note: {w}");
    }
    Ok(())
}

/// The `export` subcommand's arguments.
#[derive(clap::Args)]
pub struct ExportArgs {
    #[command(subcommand)]
    pub what: ExportWhat,
}

#[derive(clap::Subcommand)]
pub enum ExportWhat {
    /// A project as Microsoft Project XML, its schedule as CSV, or its
    /// milestones as iCalendar.
    Project {
        id: i64,
        #[arg(long, value_enum, default_value_t = Format::Xml)]
        format: Format,
        /// Write to this file (default: standard output).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Act as this user (default: the first active administrator).
        #[arg(long = "as", value_name = "USERNAME")]
        as_user: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Xml,
    Csv,
    Ics,
}

pub async fn export(store: &Store, args: ExportArgs) -> anyhow::Result<()> {
    let ExportWhat::Project {
        id,
        format,
        output,
        as_user,
    } = args.what;
    let actor = cairn::store::users::operator_actor(store, as_user.as_deref())
        .await
        .map_err(|e| anyhow::anyhow!("--as: {e}"))?;
    let fail = |e: cairn::domain::AppError| anyhow::anyhow!("project {id}: {e}");
    let bytes = match format {
        Format::Xml => cairn::store::projects::export_mspdi(store, &actor, id)
            .await
            .map_err(fail)?
            .into_bytes(),
        Format::Csv => cairn::store::projects::schedule_csv(store, &actor, id)
            .await
            .map_err(fail)?,
        Format::Ics => cairn::store::projects::milestones_ics(store, &actor, id)
            .await
            .map_err(fail)?
            .into_bytes(),
    };
    match output {
        Some(path) => {
            std::fs::write(&path, &bytes).with_context(|| format!("writing {}", path.display()))?
        }
        None => std::io::stdout()
            .write_all(&bytes)
            .context("writing to standard output")?,
    }
    Ok(())
}
