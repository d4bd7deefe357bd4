//! The mapping spec: how the columns of one file become Cairn's fields.
//!
//! It is plain data (serde) so the wizard in the browser can build it,
//! show it, and send it with the file to the server, and the CLI can read
//! it from a JSON file. Everything the user decides about a file is here;
//! what they decide about duplicates comes later, with the dry run's
//! answer (`store::import::Decisions`).
//!
//! Values are matched ignoring case and surrounding spaces, because the
//! same stage or sector is typed "Won", "won " and "WON" in one export.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::date::DateFormat;
use super::fields::{Field, Kind, suggest};
use super::values::{Case, clean};
use crate::domain::Role;

/// How one file is imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapping {
    pub kind: Kind,
    /// One entry per source column the user looked at; columns of the file
    /// not listed are ignored.
    pub columns: Vec<ColumnMap>,
    /// Per-field replacements of whole values ("technolgy" → "technology",
    /// "Moses Frase" → "mfrase"); an empty replacement clears the value.
    #[serde(default)]
    pub values: Vec<ValueMap>,
    /// Deals: what each stage value of the file becomes.
    #[serde(default)]
    pub stages: BTreeMap<String, StageTarget>,
    /// The date format of every date column. `None`: detected from the
    /// column's values, and refused when they fit more than one format
    /// (3/1/2017 is March or January), so nothing is guessed silently.
    #[serde(default)]
    pub date_format: Option<DateFormat>,
    /// Numbers written in thousands or millions: each parsed value is
    /// multiplied by this whole factor before it is stored (a revenue
    /// column "in millions" takes 1,000,000).
    #[serde(default)]
    pub multipliers: Vec<Multiplier>,
    /// Values used where the file has none.
    #[serde(default)]
    pub defaults: Defaults,
}

/// Where one source column goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnMap {
    /// The column's header as the file has it.
    pub column: String,
    /// `None`: ignore the column.
    pub field: Option<Field>,
    /// Collapse spaces and trim (on unless switched off: exported cells
    /// are often padded).
    #[serde(default = "yes")]
    pub trim: bool,
    #[serde(default)]
    pub case: Option<Case>,
}

fn yes() -> bool {
    true
}

/// Replacements of whole values of one field (after the column's
/// transforms), e.g. misspellings or names as another system wrote them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValueMap {
    pub field: Field,
    pub map: BTreeMap<String, String>,
}

/// What a stage value of a deals file becomes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StageTarget {
    /// An open deal in the stage of this name (of the chosen pipeline).
    Stage(String),
    /// A won deal (it sits in the pipeline's last stage, as on the board).
    Won,
    /// A lost deal.
    Lost,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Multiplier {
    pub field: Field,
    pub by: i64,
}

/// Values for rows whose file says nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Defaults {
    /// Deals: the currency of amounts without a currency column or mark.
    #[serde(default)]
    pub currency: Option<String>,
    /// Deals: the pipeline, by name (`None`: the first pipeline).
    #[serde(default)]
    pub pipeline: Option<String>,
    /// Users: the role of users without a role column (`None`: Sales).
    #[serde(default)]
    pub role: Option<Role>,
    /// Users: the role given to the people named as managers.
    #[serde(default)]
    pub manager_role: Option<Role>,
}

impl Mapping {
    /// The mapping the wizard starts from: each column to the field its
    /// header suggests, trimmed, nothing else.
    pub fn suggested(kind: Kind, headers: &[String]) -> Mapping {
        let fields = suggest(kind, headers);
        Mapping {
            kind,
            columns: headers
                .iter()
                .zip(fields)
                .map(|(h, field)| ColumnMap {
                    column: h.clone(),
                    field,
                    trim: true,
                    case: None,
                })
                .collect(),
            values: Vec::new(),
            stages: BTreeMap::new(),
            date_format: None,
            multipliers: Vec::new(),
            defaults: Defaults::default(),
        }
    }

    /// The lookup tables the row reader uses, built once per file.
    pub(super) fn value_lookup(&self) -> HashMap<Field, HashMap<String, String>> {
        let mut out: HashMap<Field, HashMap<String, String>> = HashMap::new();
        for vm in &self.values {
            let entry = out.entry(vm.field).or_default();
            for (from, to) in &vm.map {
                entry.insert(value_key(from), to.clone());
            }
        }
        out
    }

    pub(super) fn stage_lookup(&self) -> HashMap<String, StageTarget> {
        self.stages
            .iter()
            .map(|(k, v)| (value_key(k), v.clone()))
            .collect()
    }

    pub(super) fn multiplier(&self, field: Field) -> i64 {
        self.multipliers
            .iter()
            .find(|m| m.field == field)
            .map_or(1, |m| m.by)
    }
}

/// The form values are matched in: spaces collapsed, lower case.
pub fn value_key(s: &str) -> String {
    clean(s).to_lowercase()
}
