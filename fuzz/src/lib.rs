//! The bodies of Cairn's fuzz targets, shared by the libFuzzer targets
//! (`fuzz_targets/*.rs`) and the stable runner (`src/bin/run.rs`):
//! each feeds arbitrary bytes through the entry points the app and the
//! server call, and reports what came back so the runner can count
//! outcomes. A panic is the failure being looked for; an error is fine.

use cairn::domain::AppError;
use cairn::domain::import::read::{Encoding, ReadOptions, read_csv};
use cairn::domain::import::upload::{Upload, ambiguous_dates, preview};
use cairn::domain::import::validate::validate;
use cairn::domain::import::workbook::read_xlsx;
use cairn::domain::import::{Kind, Mapping, suggest};
use cairn::domain::project::interchange::ImportOptions;
use cairn::domain::project::interchange::read::{self, Candidate};
use cairn::domain::schedule::mspdi::Document;

pub mod argument_seeds;
#[cfg(feature = "server")]
pub mod arguments;
pub mod mutate;
pub mod schedule;
pub mod seeds;

/// One reader under test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The import wizard's text reader: preview, validation, a re-read
    /// with other options (`domain::import::{upload, read, validate}`).
    Csv,
    /// The same for spreadsheets (`domain::import::workbook`).
    Xlsx,
    /// Microsoft Project XML: decode, `Document::parse`, the import plan
    /// (`domain::project::interchange::read`).
    Mspdi,
    /// The scheduling engine on plans made from the bytes, its results
    /// checked (`domain::schedule`, see [`schedule`]).
    Schedule,
}

impl Target {
    pub const ALL: [Target; 4] = [Target::Csv, Target::Xlsx, Target::Mspdi, Target::Schedule];

    pub fn name(self) -> &'static str {
        match self {
            Target::Csv => "csv",
            Target::Xlsx => "xlsx",
            Target::Mspdi => "mspdi",
            Target::Schedule => "schedule",
        }
    }

    pub fn from_name(name: &str) -> Option<Target> {
        Target::ALL.into_iter().find(|t| t.name() == name)
    }

    /// Runs the target's body; the result names the outcome ("ok", or
    /// the stage and field of the error).
    pub fn run(self, data: &[u8]) -> String {
        match self {
            Target::Csv => import(data, "import.csv"),
            Target::Xlsx => import(data, "import.xlsx"),
            Target::Mspdi => mspdi(data),
            Target::Schedule => schedule::run(data),
        }
    }
}

const KINDS: [Kind; 6] = [
    Kind::Accounts,
    Kind::Contacts,
    Kind::Leads,
    Kind::Deals,
    Kind::Users,
    Kind::Activities,
];

/// The wizard's path for an uploaded file: the preview (which reads the
/// whole file, and for workbooks lists the sheets), the date question,
/// validation with the suggested mapping, and a second read with options
/// a user can choose (picked from the input's length, so the bytes stay
/// the file's).
fn import(data: &[u8], file_name: &str) -> String {
    let kind = KINDS[data.len() % KINDS.len()];
    let upload = Upload::new(file_name, data);
    let outcome = match preview(&upload, kind) {
        Ok(p) => {
            let _ = ambiguous_dates(&p, &p.mapping);
            // Validate as the kind the headers fit best, so rows get read.
            let best = KINDS
                .into_iter()
                .max_by_key(|&k| suggest(k, &p.table.headers).iter().flatten().count())
                .unwrap_or(kind);
            match upload
                .table()
                .and_then(|t| validate(&t, &Mapping::suggested(best, &t.headers)))
            {
                Ok(_) => "ok".to_owned(),
                Err(e) => label("validate", &e),
            }
        }
        Err(e) => label("preview", &e),
    };
    let options = match data.len() % 4 {
        0 => None,
        1 => Some(ReadOptions {
            encoding: Some(Encoding::Gb18030),
            ..ReadOptions::default()
        }),
        2 => Some(ReadOptions {
            delimiter: Some(b';'),
            header_row: Some(data.len() % 7),
            ..ReadOptions::default()
        }),
        _ => Some(ReadOptions {
            max_rows: Some(3),
            encoding: Some(Encoding::Utf16Le),
            header_row: Some(1),
            ..ReadOptions::default()
        }),
    };
    if let Some(options) = options {
        let _ = if upload.is_workbook() {
            read_xlsx(data, Some("Sheet1"), &options)
        } else {
            read_csv(data, &options)
        };
    }
    outcome
}

/// The server's path for a Project file: decode, parse, plan (the store
/// writes only what the plan holds).
fn mspdi(data: &[u8]) -> String {
    let xml = match read::decode(data) {
        Ok(xml) => xml,
        Err(e) => return label("decode", &e),
    };
    let doc = match Document::parse(&xml) {
        Ok(doc) => doc,
        Err(e) => return label("parse", &read::file_error(e)),
    };
    match read::plan(&doc, &people(), &ImportOptions::default()) {
        Ok(_) => "ok".to_owned(),
        Err(e) => label("plan", &e),
    }
}

/// People a resource of the seed files can match (by name, email or
/// username), and two that share a name.
fn people() -> Vec<Candidate> {
    let person = |id, name: &str, username: &str, email: &str| Candidate {
        id,
        name: name.to_owned(),
        username: username.to_owned(),
        email: email.to_owned(),
    };
    vec![
        person(1, "Project Manager", "pm", "pm@example.com"),
        person(2, "Developer", "dev", "dev@example.com"),
        person(3, "Ann Lee", "ann", "ann@example.com"),
        person(4, "Ann Lee", "ann2", "ann2@example.com"),
        person(5, "Resource 1", "r1", "r1@example.com"),
    ]
}

fn label(stage: &str, e: &AppError) -> String {
    match e {
        AppError::Validation { field, .. } => {
            // Column names and element paths would make every file its
            // own outcome: keep the field's first word, shortened.
            let field: String = field
                .split(|c: char| !c.is_alphanumeric() && c != '_')
                .next()
                .unwrap_or("")
                .chars()
                .take(24)
                .collect();
            format!("{stage}: invalid {field}")
        }
        other => format!("{stage}: {other:?}"),
    }
}
