//! Merging duplicate accounts or contacts (issue 7): which fields a merge
//! chooses between, the request the merge screen sends and its rules, the
//! review queue's view of a group of duplicates, and what a merge answers
//! and leaves in its history.
//!
//! A merge keeps one record, the *survivor*, and folds the others into
//! it: for each field the person chooses the record whose value wins
//! (the survivor's own value when nothing is chosen; the team follows the
//! record the owner came from), everything that pointed at the others —
//! contacts, deals, activities, projects, converted leads — moves to the
//! survivor, and the others go to the Trash. The store does it in one
//! transaction and can undo it while nobody has touched the records since
//! (see `cairn::store::customers::merge`). Which records are proposed as
//! duplicates is the import's rule, [`crate::domain::import::dedupe`].

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{AccountInput, AccountView, ContactInput, ContactView, Named, RecordKind};
use crate::domain::AppError;
use crate::domain::import::dedupe::Reason;

/// The most records one merge (or one "not duplicates") takes, survivor
/// included: a larger group is more likely two organisations joined by a
/// chain of near matches than one spelt twenty ways.
pub const MAX_RECORDS: usize = 20;

/// What is merged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum MergeKind {
    Account,
    Contact,
}

impl MergeKind {
    pub const ALL: [MergeKind; 2] = [MergeKind::Account, MergeKind::Contact];

    /// The stored form, also the audit log's entity name.
    pub fn as_str(self) -> &'static str {
        match self {
            MergeKind::Account => "account",
            MergeKind::Contact => "contact",
        }
    }

    pub fn parse(s: &str) -> Option<MergeKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn record_kind(self) -> RecordKind {
        match self {
            MergeKind::Account => RecordKind::Account,
            MergeKind::Contact => RecordKind::Contact,
        }
    }

    /// The fields a merge of this kind chooses between, in form order.
    pub fn fields(self) -> &'static [MergeField] {
        use MergeField::*;
        match self {
            MergeKind::Account => &[
                Name,
                Industry,
                Source,
                Website,
                Phone,
                Email,
                Address,
                Owner,
                Team,
                Tags,
                Lifecycle,
                AnnualRevenue,
                Notes,
            ],
            MergeKind::Contact => &[
                Name, Title, Account, Email, Phone, Address, Owner, Team, Tags, Notes,
            ],
        }
    }
}

/// A field whose value a merge takes from one of the records. Derived
/// values (grade, domain, search keys) are not chosen: they are computed
/// again from the chosen ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MergeField {
    Name,
    Title,
    Account,
    Industry,
    Source,
    Website,
    Phone,
    Email,
    Address,
    Owner,
    Team,
    Tags,
    Lifecycle,
    AnnualRevenue,
    Notes,
}

impl MergeField {
    /// The input field's name (as in validation errors).
    pub fn as_str(self) -> &'static str {
        match self {
            MergeField::Name => "name",
            MergeField::Title => "title",
            MergeField::Account => "account",
            MergeField::Industry => "industry",
            MergeField::Source => "source",
            MergeField::Website => "website",
            MergeField::Phone => "phone",
            MergeField::Email => "email",
            MergeField::Address => "address",
            MergeField::Owner => "owner",
            MergeField::Team => "team",
            MergeField::Tags => "tags",
            MergeField::Lifecycle => "lifecycle",
            MergeField::AnnualRevenue => "annual_revenue",
            MergeField::Notes => "notes",
        }
    }
}

/// What the merge screen sends: keep `survivor_id`, fold `merged_ids`
/// into it taking each chosen field from the record named in `choices`,
/// and only if every record is still at the version in `versions` (the
/// one the person saw).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeInput {
    pub kind: MergeKind,
    pub survivor_id: i64,
    pub merged_ids: Vec<i64>,
    /// Field → the record whose value wins. Missing fields keep the
    /// survivor's value; a missing team follows the owner's record.
    #[serde(default)]
    pub choices: BTreeMap<MergeField, i64>,
    /// Record id → its version as shown, for every record of the merge.
    pub versions: BTreeMap<i64, i64>,
}

impl MergeInput {
    /// The survivor, then the merged records.
    pub fn record_ids(&self) -> Vec<i64> {
        std::iter::once(self.survivor_id)
            .chain(self.merged_ids.iter().copied())
            .collect()
    }

    /// The record whose value `field` takes.
    pub fn source_of(&self, field: MergeField) -> i64 {
        match (field, self.choices.get(&field)) {
            (_, Some(&id)) => id,
            (MergeField::Team, None) => self
                .choices
                .get(&MergeField::Owner)
                .copied()
                .unwrap_or(self.survivor_id),
            _ => self.survivor_id,
        }
    }

    /// Checks the request's shape (not the records: the store does that)
    /// and names the first thing wrong.
    pub fn validate(&self) -> Result<(), AppError> {
        if self.merged_ids.is_empty() {
            return Err(AppError::invalid(
                "merged_ids",
                "choose at least one record to merge into the one kept",
            ));
        }
        if self.merged_ids.contains(&self.survivor_id) {
            return Err(AppError::invalid(
                "merged_ids",
                "must not include the record that is kept",
            ));
        }
        let ids = self.record_ids();
        check_ids("merged_ids", &ids)?;
        let members: BTreeSet<i64> = ids.iter().copied().collect();
        let fields = self.kind.fields();
        for (field, id) in &self.choices {
            if !fields.contains(field) {
                return Err(AppError::invalid(
                    "choices",
                    format!(
                        "{} is not a field of a {}",
                        field.as_str(),
                        self.kind.as_str()
                    ),
                ));
            }
            if !members.contains(id) {
                return Err(AppError::invalid(
                    "choices",
                    format!(
                        "{} must come from one of the records being merged",
                        field.as_str()
                    ),
                ));
            }
        }
        if let Some(id) = ids.iter().find(|id| !self.versions.contains_key(id)) {
            return Err(AppError::invalid(
                "versions",
                format!("the version seen of record {id} is missing"),
            ));
        }
        if let Some(id) = self.versions.keys().find(|id| !members.contains(id)) {
            return Err(AppError::invalid(
                "versions",
                format!("record {id} is not part of the merge"),
            ));
        }
        Ok(())
    }
}

/// The rule for a set of records given by id (a merge, a "not
/// duplicates"): positive, no id twice, at most [`MAX_RECORDS`].
fn check_ids(field: &str, ids: &[i64]) -> Result<(), AppError> {
    if ids.len() > MAX_RECORDS {
        return Err(AppError::invalid(
            field,
            format!("at most {MAX_RECORDS} records at once"),
        ));
    }
    if ids.iter().any(|&id| id <= 0) {
        return Err(AppError::invalid(
            field,
            "names a record that does not exist",
        ));
    }
    let distinct: BTreeSet<i64> = ids.iter().copied().collect();
    if distinct.len() != ids.len() {
        return Err(AppError::invalid(field, "names a record twice"));
    }
    Ok(())
}

/// "These records are not duplicates of each other": two or more distinct
/// records, at most [`MAX_RECORDS`].
pub fn validate_dismissal(ids: &[i64]) -> Result<(), AppError> {
    if ids.len() < 2 {
        return Err(AppError::invalid("ids", "choose at least two records"));
    }
    check_ids("ids", ids)
}

/// A page of the review queue and how many groups there are in all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewPage {
    pub total: usize,
    pub groups: Vec<ReviewGroup>,
}

/// Records someone marked "not duplicates" together, in one go: what the
/// review queue lists so the mark can be taken back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dismissal {
    pub kind: MergeKind,
    pub records: Vec<Named>,
    pub actor: Option<Named>,
    pub created_at: DateTime<Utc>,
}

impl Dismissal {
    pub fn ids(&self) -> Vec<i64> {
        self.records.iter().map(|r| r.id).collect()
    }
}

fn pick<T>(records: &[T], id: i64, id_of: impl Fn(&T) -> i64) -> Result<&T, AppError> {
    records
        .iter()
        .find(|r| id_of(r) == id)
        .ok_or_else(|| AppError::invalid("choices", format!("record {id} is not in the merge")))
}

/// The survivor's values after the merge: each field from the record the
/// input chose. `records` holds every record of the merge. The result is
/// an ordinary edit of the survivor (the store validates it as one).
pub fn merged_account(
    records: &[AccountView],
    input: &MergeInput,
) -> Result<AccountInput, AppError> {
    let from = |f: MergeField| pick(records, input.source_of(f), |r| r.id);
    Ok(AccountInput {
        name: from(MergeField::Name)?.name.clone(),
        industry: from(MergeField::Industry)?.industry.clone(),
        source: from(MergeField::Source)?.source.clone(),
        website: from(MergeField::Website)?.website.clone(),
        phone: from(MergeField::Phone)?.phone.clone(),
        email: from(MergeField::Email)?.email.clone(),
        address: from(MergeField::Address)?.address.clone(),
        owner_id: from(MergeField::Owner)?.owner.as_ref().map(|o| o.id),
        team_id: from(MergeField::Team)?.team.as_ref().map(|t| t.id),
        tags: from(MergeField::Tags)?.tags.clone(),
        lifecycle: Some(from(MergeField::Lifecycle)?.lifecycle),
        annual_revenue: from(MergeField::AnnualRevenue)?.annual_revenue,
        notes: from(MergeField::Notes)?.notes.clone(),
    })
}

/// [`merged_account`] for contacts.
pub fn merged_contact(
    records: &[ContactView],
    input: &MergeInput,
) -> Result<ContactInput, AppError> {
    let from = |f: MergeField| pick(records, input.source_of(f), |r| r.id);
    Ok(ContactInput {
        account_id: from(MergeField::Account)?.account.as_ref().map(|a| a.id),
        name: from(MergeField::Name)?.name.clone(),
        title: from(MergeField::Title)?.title.clone(),
        email: from(MergeField::Email)?.email.clone(),
        phone: from(MergeField::Phone)?.phone.clone(),
        address: from(MergeField::Address)?.address.clone(),
        owner_id: from(MergeField::Owner)?.owner.as_ref().map(|o| o.id),
        team_id: from(MergeField::Team)?.team.as_ref().map(|t| t.id),
        tags: from(MergeField::Tags)?.tags.clone(),
        notes: from(MergeField::Notes)?.notes.clone(),
    })
}

/// One record of a proposed group, as the review queue lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewRecord {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub address: String,
    /// Contacts: the account they are at.
    pub account: Option<Named>,
    pub owner: Option<Named>,
    pub version: i64,
    /// Live deals of the account, or deals the contact is on.
    pub deals: u64,
    pub activities: u64,
    /// Accounts: their live contacts (always 0 for contacts).
    pub contacts: u64,
    pub updated_at: DateTime<Utc>,
}

/// Why two records of a group were found to be the same.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewLink {
    pub a: i64,
    pub b: i64,
    pub reasons: Vec<Reason>,
}

/// A group of records proposed as duplicates: its records by id, and the
/// links that joined them (one fewer than the records).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewGroup {
    pub kind: MergeKind,
    pub records: Vec<ReviewRecord>,
    pub links: Vec<ReviewLink>,
}

impl ReviewGroup {
    pub fn ids(&self) -> Vec<i64> {
        self.records.iter().map(|r| r.id).collect()
    }

    /// The record a merge screen offers to keep: the one most else
    /// points at, then the oldest.
    pub fn suggested_survivor(&self) -> Option<i64> {
        self.records
            .iter()
            .max_by_key(|r| (r.deals + r.activities + r.contacts, std::cmp::Reverse(r.id)))
            .map(|r| r.id)
    }
}

/// What a merge did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeOutcome {
    pub merge_id: i64,
    pub kind: MergeKind,
    pub survivor_id: i64,
    /// The survivor's version after the merge (what its page now holds).
    pub survivor_version: i64,
    pub merged_ids: Vec<i64>,
    /// Rows that now point at the survivor, per table ("deals",
    /// "contacts", "activities", "deal_contacts", …).
    pub moved: BTreeMap<String, u64>,
}

/// One merge in the history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeSummary {
    pub id: i64,
    pub kind: MergeKind,
    /// The survivor, named as it is now.
    pub survivor: Named,
    /// The merged records, named as they were.
    pub merged: Vec<Named>,
    pub moved: BTreeMap<String, u64>,
    pub actor: Option<Named>,
    pub created_at: DateTime<Utc>,
    pub undone_at: Option<DateTime<Utc>>,
    pub undone_by: Option<Named>,
    /// Not undone, and nobody has changed the records since (what undo
    /// requires); a hint for the Undo button, the store checks again.
    pub undoable: bool,
}

/// A record as the merge screen shows it: each field's value as text,
/// so the screen lines records up and offers a choice per field without
/// knowing whether they are accounts or contacts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeColumn {
    pub id: i64,
    pub version: i64,
    pub values: BTreeMap<MergeField, String>,
}

impl MergeColumn {
    pub fn of_account(a: &AccountView) -> MergeColumn {
        use MergeField::*;
        let named = |n: &Option<Named>| n.as_ref().map(|n| n.name.clone()).unwrap_or_default();
        let values = [
            (Name, a.name.clone()),
            (Industry, a.industry.clone()),
            (Source, a.source.clone()),
            (Website, a.website.clone()),
            (Phone, a.phone.clone()),
            (Email, a.email.clone()),
            (Address, a.address.clone()),
            (Owner, named(&a.owner)),
            (Team, named(&a.team)),
            (Tags, a.tags.join(", ")),
            (Lifecycle, a.lifecycle.as_str().to_owned()),
            (
                AnnualRevenue,
                a.annual_revenue.map(|r| r.to_string()).unwrap_or_default(),
            ),
            (Notes, a.notes.clone()),
        ];
        MergeColumn {
            id: a.id,
            version: a.version,
            values: values.into_iter().collect(),
        }
    }

    pub fn of_contact(c: &ContactView) -> MergeColumn {
        use MergeField::*;
        let named = |n: &Option<Named>| n.as_ref().map(|n| n.name.clone()).unwrap_or_default();
        let values = [
            (Name, c.name.clone()),
            (Title, c.title.clone()),
            (Account, named(&c.account)),
            (Email, c.email.clone()),
            (Phone, c.phone.clone()),
            (Address, c.address.clone()),
            (Owner, named(&c.owner)),
            (Team, named(&c.team)),
            (Tags, c.tags.join(", ")),
            (Notes, c.notes.clone()),
        ];
        MergeColumn {
            id: c.id,
            version: c.version,
            values: values.into_iter().collect(),
        }
    }

    pub fn value(&self, field: MergeField) -> &str {
        self.values
            .get(&field)
            .map(String::as_str)
            .unwrap_or_default()
    }
}

/// The choices the merge screen starts with: every field from the record
/// kept, except where it is empty and another record has a value (the
/// first such, in column order) — merging should not lose a phone number
/// only because the kept record lacked one.
pub fn default_choices(
    kind: MergeKind,
    columns: &[MergeColumn],
    survivor: i64,
) -> BTreeMap<MergeField, i64> {
    let keep = columns.iter().find(|c| c.id == survivor);
    kind.fields()
        .iter()
        .map(|&f| {
            let from = match keep {
                Some(k) if !k.value(f).trim().is_empty() => survivor,
                _ => columns
                    .iter()
                    .find(|c| !c.value(f).trim().is_empty())
                    .map_or(survivor, |c| c.id),
            };
            (f, from)
        })
        .collect()
}

/// Whether the records differ in `field` (the screen highlights those).
pub fn differs(columns: &[MergeColumn], field: MergeField) -> bool {
    columns
        .windows(2)
        .any(|w| w[0].value(field).trim() != w[1].value(field).trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> MergeInput {
        MergeInput {
            kind: MergeKind::Account,
            survivor_id: 1,
            merged_ids: vec![2, 3],
            choices: BTreeMap::from([(MergeField::Phone, 2)]),
            versions: BTreeMap::from([(1, 1), (2, 4), (3, 1)]),
        }
    }

    fn field_of(r: Result<(), AppError>) -> String {
        match r {
            Err(AppError::Validation { field, .. }) => field,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_well_formed_merge_passes() {
        assert_eq!(input().validate(), Ok(()));
    }

    #[test]
    fn each_rule_names_its_field() {
        type Change = Box<dyn Fn(&mut MergeInput)>;
        let cases: Vec<(Change, &str)> = vec![
            (Box::new(|i| i.merged_ids.clear()), "merged_ids"),
            (Box::new(|i| i.merged_ids.push(1)), "merged_ids"),
            (Box::new(|i| i.merged_ids.push(2)), "merged_ids"),
            (
                Box::new(|i| {
                    i.merged_ids = (2..=MAX_RECORDS as i64 + 1).collect();
                    i.versions = i.record_ids().into_iter().map(|id| (id, 1)).collect();
                }),
                "merged_ids",
            ),
            (
                Box::new(|i| {
                    i.choices.insert(MergeField::Title, 2);
                }),
                "choices",
            ),
            (
                Box::new(|i| {
                    i.choices.insert(MergeField::Name, 9);
                }),
                "choices",
            ),
            (
                Box::new(|i| {
                    i.versions.remove(&3);
                }),
                "versions",
            ),
            (
                Box::new(|i| {
                    i.versions.insert(9, 1);
                }),
                "versions",
            ),
        ];
        for (change, field) in cases {
            let mut i = input();
            change(&mut i);
            assert_eq!(field_of(i.validate()), field, "{i:?}");
        }
    }

    #[test]
    fn the_team_follows_the_owner_unless_chosen() {
        let mut i = input();
        assert_eq!(i.source_of(MergeField::Team), 1);
        i.choices.insert(MergeField::Owner, 3);
        assert_eq!(i.source_of(MergeField::Team), 3);
        i.choices.insert(MergeField::Team, 2);
        assert_eq!(i.source_of(MergeField::Team), 2);
        assert_eq!(i.source_of(MergeField::Name), 1);
        assert_eq!(i.source_of(MergeField::Phone), 2);
    }

    #[test]
    fn dismissals_need_two_distinct_records() {
        assert_eq!(validate_dismissal(&[4, 5]), Ok(()));
        assert_eq!(field_of(validate_dismissal(&[4])), "ids");
        assert_eq!(field_of(validate_dismissal(&[4, 4])), "ids");
    }

    #[test]
    fn the_input_travels_as_json_with_named_fields() {
        let json = serde_json::to_string(&input()).expect("json");
        assert!(json.contains(r#""choices":{"phone":2}"#), "{json}");
        let back: MergeInput = serde_json::from_str(&json).expect("back");
        assert_eq!(back, input());
    }

    #[test]
    fn the_screen_starts_from_the_kept_record_and_fills_its_gaps() {
        let col = |id: i64, name: &str, phone: &str| MergeColumn {
            id,
            version: 1,
            values: [
                (MergeField::Name, name.to_owned()),
                (MergeField::Phone, phone.to_owned()),
            ]
            .into_iter()
            .collect(),
        };
        let cols = [
            col(1, "Acme", ""),
            col(2, "ACME Inc", "555-0100"),
            col(3, "Acme", "555-0199"),
        ];
        let c = default_choices(MergeKind::Account, &cols, 1);
        assert_eq!(c[&MergeField::Name], 1);
        assert_eq!(
            c[&MergeField::Phone],
            2,
            "the first record that has a phone"
        );
        assert_eq!(
            c[&MergeField::Notes],
            1,
            "nobody has notes: the kept record's"
        );
        assert_eq!(c.len(), MergeKind::Account.fields().len());
        assert!(differs(&cols, MergeField::Name));
        assert!(!differs(&cols[..1], MergeField::Name));
        assert!(!differs(&cols, MergeField::Notes));
    }
}
