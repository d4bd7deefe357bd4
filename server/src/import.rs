//! `cairn import KIND FILE`: the store's dry run and commit from the
//! command line, printing what the wizard would show; `cairn import
//! project FILE.xml` imports a Microsoft Project file (`project_cli`).

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use cairn::domain::import::{
    Decisions, Kind, Mapping, ReadOptions, Table, errors_csv, read_csv, read_xlsx,
};
use cairn::store::Store;

/// The import subcommand's arguments.
#[derive(clap::Args)]
pub struct ImportArgs {
    /// accounts, contacts, deals or users (users-and-teams files); or
    /// project (a Microsoft Project XML file, as a new project).
    #[arg(value_parser = parse_kind)]
    pub kind: Target,
    /// A CSV (any delimiter; UTF-8, UTF-16 or GBK) or XLSX/XLS/ODS file;
    /// for a project, the XML file Microsoft Project saved.
    pub file: PathBuf,
    /// The mapping as JSON (see tests/data/import/*.json); without it,
    /// each column goes to the field its header suggests.
    #[arg(long)]
    pub mapping: Option<PathBuf>,
    /// Choices for duplicate groups and `skip_errors`, as JSON.
    #[arg(long)]
    pub decisions: Option<PathBuf>,
    /// Check and report only; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Import the valid rows and leave out those with errors (otherwise
    /// any row error refuses the import and the exit status is 1).
    #[arg(long)]
    pub skip_errors: bool,
    /// Act as this user (default: the first active administrator).
    #[arg(long = "as", value_name = "USERNAME")]
    pub as_user: Option<String>,
    /// Write every row error to this CSV file (row, column, reason).
    #[arg(long, value_name = "FILE")]
    pub errors_csv: Option<PathBuf>,
}

/// What a file is imported as: rows of a list, or a whole project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Rows(Kind),
    Project,
}

fn parse_kind(s: &str) -> Result<Target, String> {
    Ok(Target::Rows(match s.to_ascii_lowercase().as_str() {
        "accounts" => Kind::Accounts,
        "contacts" => Kind::Contacts,
        "leads" => Kind::Leads,
        "deals" => Kind::Deals,
        "users" | "teams" => Kind::Users,
        "activities" => Kind::Activities,
        "project" | "projects" => return Ok(Target::Project),
        other => {
            return Err(format!(
                "{other}: expected accounts, contacts, deals, users or project"
            ));
        }
    }))
}

fn read_table(path: &Path) -> anyhow::Result<Table> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let table = if matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "xlsb" | "ods") {
        read_xlsx(&bytes, None, &ReadOptions::default())
    } else {
        read_csv(&bytes, &ReadOptions::default())
    };
    table.map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> anyhow::Result<T> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("{} is not valid", path.display()))
}

/// Runs the import; an `Err` (exit status 1) when anything was refused.
pub async fn run(store: &Store, args: ImportArgs) -> anyhow::Result<()> {
    let kind = match args.kind {
        Target::Rows(kind) => kind,
        Target::Project => {
            if args.mapping.is_some()
                || args.decisions.is_some()
                || args.dry_run
                || args.skip_errors
                || args.errors_csv.is_some()
            {
                bail!(
                    "a project file takes only --as (it is imported whole or not at all; no mapping, decisions or dry run)"
                );
            }
            return crate::project_cli::import(store, &args.file, args.as_user.as_deref()).await;
        }
    };
    let table = read_table(&args.file)?;
    let mapping: Mapping = match &args.mapping {
        Some(p) => read_json(p)?,
        None => Mapping::suggested(kind, &table.headers),
    };
    let mut decisions: Decisions = match &args.decisions {
        Some(p) => read_json(p)?,
        None => Decisions::default(),
    };
    decisions.skip_errors |= args.skip_errors;
    let actor = cairn::store::users::operator_actor(store, args.as_user.as_deref())
        .await
        .map_err(|e| anyhow::anyhow!("--as: {e}"))?;
    let fail = |e: cairn::domain::AppError| anyhow::anyhow!("{e}");
    let dry = cairn::store::import::dry_run(store, &actor, kind, &table, &mapping, &decisions)
        .await
        .map_err(fail)?;
    let c = dry.counts;
    println!(
        "{}: {} rows — create {}, update {}, skip {}, errors {}",
        args.file.display(),
        table.rows.len(),
        c.create,
        c.update,
        c.skip,
        c.error
    );
    for extra in &dry.also_created {
        println!("  also creates {extra}");
    }
    for g in &dry.duplicates {
        let existing: Vec<String> = g
            .existing
            .iter()
            .map(|e| format!("#{} {}", e.id, e.name))
            .collect();
        println!(
            "  duplicates (group {}): rows {:?}{} — {}; choice {:?}",
            g.key,
            g.rows,
            if existing.is_empty() {
                String::new()
            } else {
                format!(" and {}", existing.join(", "))
            },
            g.reasons.join(", "),
            g.choice
        );
    }
    const SHOWN: usize = 20;
    for e in dry.errors.iter().take(SHOWN) {
        println!("  row {} {}: {}", e.row, e.column, e.reason);
    }
    if dry.errors.len() > SHOWN {
        println!(
            "  … {} more (--errors-csv FILE writes them all)",
            dry.errors.len() - SHOWN
        );
    }
    if let Some(p) = &args.errors_csv {
        std::fs::write(p, errors_csv(&dry.errors))
            .with_context(|| format!("writing {}", p.display()))?;
    }
    if !dry.errors.is_empty() && !decisions.skip_errors {
        bail!(
            "{} rows have errors; nothing imported (fix them, or pass --skip-errors)",
            c.error
        );
    }
    if args.dry_run {
        println!("dry run: nothing written");
        return Ok(());
    }
    let file_name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let done = cairn::store::import::commit(
        store, &actor, kind, &file_name, &table, &mapping, &decisions,
    )
    .await
    .map_err(fail)?;
    let c = done.counts;
    println!(
        "import {}: created {}, updated {}, skipped {}, rows with errors left out {}",
        done.import_id, c.create, c.update, c.skip, c.error
    );
    Ok(())
}
