//! Rows → typed records or errors. Every cell of a row is checked, so the
//! error report lists all that is wrong with a row at once rather than
//! one problem per dry run.
//!
//! Two kinds of refusal: a mapping that cannot work for any row (a column
//! missing from the file, a required field with no column, dates that fit
//! two formats) is an `Err` for the whole file; a bad cell is a
//! [`RowError`] for that row only, and the other rows go on.

use std::collections::HashMap;

use super::date::{DateFormat, detect_date_format};
use super::fields::{Field, Kind, normalise_header};
use super::mapping::{ColumnMap, Mapping, StageTarget, value_key};
use super::number::parse_number;
use super::read::Table;
use super::record::{
    AccountRecord, ActivityRecord, ContactRecord, DealRecord, LeadRecord, Ownership, Record, Row,
    RowError, UserRecord,
};
use super::values::{change_case, clean};
use crate::domain::customer::fields::split_tags;
use crate::domain::customer::{
    AccountInput, ActivityInput, ActivityKind, ContactInput, LeadInput, LeadStatus, Lifecycle,
};
use crate::domain::sales::money;
use crate::domain::user::{
    normalize_username, validate_display_name, validate_email, validate_username,
};
use crate::domain::{AppError, Role};

/// The rows of a file checked against a mapping.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validated {
    /// Rows without errors, in file order.
    pub rows: Vec<Row>,
    /// Every problem found, by row then column.
    pub errors: Vec<RowError>,
    /// Data rows read (valid or not).
    pub total: usize,
}

/// The kinds this import can write so far.
pub const SUPPORTED: [Kind; 6] = [
    Kind::Accounts,
    Kind::Contacts,
    Kind::Leads,
    Kind::Deals,
    Kind::Users,
    Kind::Activities,
];

const DATE_FIELDS: [Field; 4] = [
    Field::CloseDate,
    Field::OpenedOn,
    Field::OccurredAt,
    Field::DueOn,
];

/// Checks the mapping against the file, then every row.
pub fn validate(table: &Table, mapping: &Mapping) -> Result<Validated, AppError> {
    let v = Validator::new(table, mapping)?;
    let mut out = Validated {
        total: v.len(),
        ..Default::default()
    };
    for i in 0..v.len() {
        match v.row(i) {
            Ok(row) => out.rows.push(row),
            Err(mut e) => out.errors.append(&mut e),
        }
    }
    Ok(out)
}

/// A mapping checked against a file, reading one row at a time: a large
/// import validates a row, uses it and drops it, instead of holding a
/// record for every row (see `store::import`).
pub struct Validator<'a> {
    reader: Reader<'a>,
    table: &'a Table,
}

impl<'a> Validator<'a> {
    /// Refuses a mapping that cannot work for any row of `table`.
    pub fn new(table: &'a Table, mapping: &'a Mapping) -> Result<Validator<'a>, AppError> {
        Ok(Validator {
            reader: Reader::new(table, mapping)?,
            table,
        })
    }

    /// Data rows in the file.
    pub fn len(&self) -> usize {
        self.table.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.table.rows.is_empty()
    }

    /// The record of data row `index` (0-based), or everything wrong with
    /// it. Out of range is an empty error list, never a panic.
    pub fn row(&self, index: usize) -> Result<Row, Vec<RowError>> {
        let Some(cells) = self.table.rows.get(index) else {
            return Err(Vec::new());
        };
        let row = self.table.header_row + 2 + index;
        let mut cx = RowCx {
            reader: &self.reader,
            cells,
            row,
            errors: Vec::new(),
        };
        let record = match self.reader.mapping.kind {
            Kind::Accounts => cx.account().map(Record::Account),
            Kind::Contacts => cx.contact().map(Record::Contact),
            Kind::Deals => cx.deal().map(Record::Deal),
            Kind::Users => cx.user().map(Record::User),
            Kind::Leads => cx.lead().map(Record::Lead),
            Kind::Activities => cx.activity().map(Record::Activity),
        };
        match record {
            Some(record) if cx.errors.is_empty() => Ok(Row { row, record }),
            _ => Err(cx.errors),
        }
    }
}

/// The mapping compiled against one file's headers.
struct Reader<'a> {
    mapping: &'a Mapping,
    /// Field → (column index, its transforms).
    sources: HashMap<Field, (usize, &'a ColumnMap)>,
    values: HashMap<Field, HashMap<String, String>>,
    stages: HashMap<String, StageTarget>,
    date_format: Option<DateFormat>,
}

fn mapping_error(reason: impl Into<String>) -> AppError {
    AppError::invalid("mapping", reason)
}

impl<'a> Reader<'a> {
    fn new(table: &Table, mapping: &'a Mapping) -> Result<Reader<'a>, AppError> {
        let kind = mapping.kind;
        if !SUPPORTED.contains(&kind) {
            return Err(AppError::invalid(
                "kind",
                format!("importing {kind:?} is not available yet"),
            ));
        }
        let mut sources: HashMap<Field, (usize, &ColumnMap)> = HashMap::new();
        for cm in &mapping.columns {
            let Some(field) = cm.field else { continue };
            let index = column_index(&table.headers, &cm.column).ok_or_else(|| {
                mapping_error(format!("column \"{}\" is not in the file", cm.column))
            })?;
            if !kind.fields().contains(&field) {
                return Err(mapping_error(format!(
                    "column \"{}\": {field:?} is not a field of {kind:?}",
                    cm.column
                )));
            }
            if let Some((_, other)) = sources.insert(field, (index, cm)) {
                return Err(mapping_error(format!(
                    "{field:?} is fed by two columns, \"{}\" and \"{}\"",
                    other.column, cm.column
                )));
            }
        }
        let has = |f: Field| sources.contains_key(&f);
        let missing = match kind {
            Kind::Users => (!has(Field::Username) && !has(Field::DisplayName))
                .then_some("Username (or DisplayName)"),
            Kind::Accounts | Kind::Contacts | Kind::Leads
                if !(has(Field::Name) || has(Field::FirstName) || has(Field::LastName)) =>
            {
                Some("Name")
            }
            Kind::Deals if !has(Field::DealTitle) => Some("DealTitle"),
            Kind::Activities if !has(Field::Subject) => Some("Subject"),
            Kind::Activities if !has(Field::Account) && !has(Field::Contact) => {
                Some("Account (or Contact)")
            }
            _ => None,
        };
        if let Some(f) = missing {
            return Err(mapping_error(format!(
                "no column feeds {f}, which every row needs"
            )));
        }
        for m in &mapping.multipliers {
            if m.by <= 0 {
                return Err(mapping_error(format!(
                    "the multiplier of {:?} must be a positive whole number",
                    m.field
                )));
            }
        }
        let mut reader = Reader {
            mapping,
            sources,
            values: mapping.value_lookup(),
            stages: mapping.stage_lookup(),
            date_format: mapping.date_format,
        };
        if reader.date_format.is_none() {
            reader.date_format = reader.detect_dates(table)?;
        }
        Ok(reader)
    }

    /// The one format all the file's dates fit, or a refusal naming the
    /// column when they fit several.
    fn detect_dates(&self, table: &Table) -> Result<Option<DateFormat>, AppError> {
        let mut samples = Vec::new();
        let mut columns = Vec::new();
        for f in DATE_FIELDS {
            if let Some(&(i, cm)) = self.sources.get(&f) {
                columns.push(cm.column.as_str());
                samples.extend(table.rows.iter().map(|r| r[i].as_str()));
            }
        }
        if columns.is_empty() {
            return Ok(None);
        }
        let guess = detect_date_format(samples.iter().copied());
        if guess.ambiguous {
            let example = samples
                .iter()
                .find(|s| !s.trim().is_empty())
                .map(|s| s.trim())
                .unwrap_or_default();
            return Err(AppError::invalid(
                "date_format",
                format!(
                    "the dates in {} (such as {example}) fit {:?}; choose the format",
                    columns.join(", "),
                    guess.candidates
                ),
            ));
        }
        // No single format fits every value: the most common one wins and
        // the rows it cannot read are reported one by one.
        if guess.candidates.is_empty() {
            return Ok(DateFormat::ALL.into_iter().max_by_key(|f| {
                samples
                    .iter()
                    .filter(|s| f.parse(s.trim()).is_some())
                    .count()
            }));
        }
        Ok(guess.candidates.first().copied())
    }
}

/// The header that names `column`: exactly, else by its normalised form
/// (a mapping saved for "Close Date" still reads "close_date").
fn column_index(headers: &[String], column: &str) -> Option<usize> {
    headers.iter().position(|h| h == column).or_else(|| {
        let want = normalise_header(column);
        headers.iter().position(|h| normalise_header(h) == want)
    })
}

/// One row being read.
struct RowCx<'r, 'a> {
    reader: &'r Reader<'a>,
    cells: &'r [String],
    row: usize,
    errors: Vec<RowError>,
}

impl RowCx<'_, '_> {
    fn column(&self, field: Field) -> String {
        self.reader
            .sources
            .get(&field)
            .map_or_else(|| format!("{field:?}"), |(_, cm)| cm.column.clone())
    }

    fn fail(&mut self, field: Field, reason: impl Into<String>) {
        self.errors.push(RowError {
            row: self.row,
            column: self.column(field),
            reason: reason.into(),
        });
    }

    /// A domain validation error, reported on the column that fed it.
    fn fail_app(&mut self, e: AppError, fields: &[(&str, Field)]) {
        match e {
            AppError::Validation { field, reason } => {
                let f = fields.iter().find(|(n, _)| *n == field).map(|(_, f)| *f);
                let column = f.map_or(field, |f| self.column(f));
                self.errors.push(RowError {
                    row: self.row,
                    column,
                    reason,
                });
            }
            other => self.errors.push(RowError {
                row: self.row,
                column: String::new(),
                reason: other.to_string(),
            }),
        }
    }

    /// The cell for `field` after the column's transforms and the value
    /// map; `None` when the field has no column or the cell is empty.
    fn get(&self, field: Field) -> Option<String> {
        let &(i, cm) = self.reader.sources.get(&field)?;
        let raw = self.cells.get(i)?;
        let mut v = if cm.trim { clean(raw) } else { raw.clone() };
        if let Some(case) = cm.case {
            v = change_case(&v, case);
        }
        if let Some(to) = self
            .reader
            .values
            .get(&field)
            .and_then(|m| m.get(&value_key(&v)))
        {
            v = to.clone();
        }
        (!v.trim().is_empty()).then_some(v)
    }

    fn text(&self, field: Field) -> String {
        self.get(field).unwrap_or_default()
    }

    fn ownership(&self) -> Ownership {
        Ownership {
            owner: self.get(Field::Owner),
            team: self.get(Field::Team),
        }
    }

    /// A whole number (after the field's multiplier), or an error.
    fn whole(&mut self, field: Field) -> Option<i64> {
        let text = self.get(field)?;
        let n = match parse_number(&self.column(field), &text) {
            Ok(n) => n,
            Err(e) => {
                self.fail_app(e, &[]);
                return None;
            }
        };
        let scaled = i128::from(n.digits) * i128::from(self.reader.mapping.multiplier(field));
        let div = 10i128.pow(n.scale);
        if scaled % div != 0 {
            self.fail(
                field,
                format!("{text} is not a whole number (set a multiplier if it is in thousands or millions)"),
            );
            return None;
        }
        match i64::try_from(scaled / div) {
            Ok(v) => Some(v),
            Err(_) => {
                self.fail(field, format!("{text} is too large"));
                None
            }
        }
    }

    fn date(&mut self, field: Field) -> Option<chrono::NaiveDate> {
        let text = self.get(field)?;
        let Some(format) = self.reader.date_format else {
            self.fail(field, format!("{text} is not a date"));
            return None;
        };
        match super::date::parse_date(&self.column(field), &text, format) {
            Ok(d) => Some(d),
            Err(e) => {
                self.fail_app(e, &[]);
                None
            }
        }
    }

    fn name(&self) -> String {
        self.get(Field::Name).unwrap_or_else(|| {
            [self.get(Field::FirstName), self.get(Field::LastName)]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ")
        })
    }

    fn notes(&self, extra: &[(Field, &str)]) -> String {
        let mut notes = self.text(Field::Notes);
        for (f, label) in extra {
            if let Some(v) = self.get(*f) {
                if !notes.is_empty() {
                    notes.push('\n');
                }
                notes.push_str(&format!("{label}: {v}"));
            }
        }
        notes
    }

    fn account(&mut self) -> Option<AccountRecord> {
        let lifecycle = match self.get(Field::Lifecycle) {
            None => None,
            Some(v) => match Lifecycle::parse(&value_key(&v)) {
                Some(l) => Some(l),
                None => {
                    self.fail(
                        Field::Lifecycle,
                        format!("{v} is not one of lead, prospect, customer, churned"),
                    );
                    None
                }
            },
        };
        let annual_revenue = self.whole(Field::AnnualRevenue);
        if annual_revenue.is_some_and(|v| v < 0) {
            self.fail(Field::AnnualRevenue, "must not be negative");
        }
        let employees = self.whole(Field::Employees);
        let input = AccountInput {
            name: self.name(),
            industry: self.text(Field::Industry),
            source: self.text(Field::Source),
            website: self.text(Field::Website),
            phone: self.text(Field::Phone),
            email: self.text(Field::Email),
            address: self.text(Field::Address),
            owner_id: None,
            team_id: None,
            tags: split_tags(&self.text(Field::Tags)),
            lifecycle,
            annual_revenue,
            notes: {
                let mut n = self.notes(&[]);
                if let Some(e) = employees {
                    if !n.is_empty() {
                        n.push('\n');
                    }
                    n.push_str(&format!("Employees: {e}"));
                }
                n
            },
        };
        let input = match input.validated() {
            Ok(v) => v,
            Err(e) => {
                self.fail_app(e, ACCOUNT_FIELDS);
                return None;
            }
        };
        Some(AccountRecord {
            input,
            ownership: self.ownership(),
            external_id: self.get(Field::ExternalId),
        })
    }

    fn contact(&mut self) -> Option<ContactRecord> {
        let input = ContactInput {
            account_id: None,
            name: self.name(),
            title: self.text(Field::JobTitle),
            email: self.text(Field::Email),
            phone: self.text(Field::Phone),
            address: self.text(Field::Address),
            owner_id: None,
            team_id: None,
            tags: split_tags(&self.text(Field::Tags)),
            notes: self.notes(&[]),
        };
        let input = match input.validated() {
            Ok(v) => v,
            Err(e) => {
                self.fail_app(e, CONTACT_FIELDS);
                return None;
            }
        };
        Some(ContactRecord {
            input,
            account: self.get(Field::Account),
            ownership: self.ownership(),
            external_id: self.get(Field::ExternalId),
        })
    }

    fn deal(&mut self) -> Option<DealRecord> {
        let title = self.text(Field::DealTitle);
        if title.is_empty() {
            self.fail(Field::DealTitle, "is empty");
        } else if title.chars().count() > crate::domain::customer::fields::MAX_NAME {
            self.fail(Field::DealTitle, "is too long");
        }
        let amount_text = self.get(Field::Amount);
        let parsed = match &amount_text {
            None => None,
            Some(t) => match parse_number(&self.column(Field::Amount), t) {
                Ok(n) => Some(n),
                Err(e) => {
                    self.fail_app(e, &[]);
                    None
                }
            },
        };
        let currency = self
            .get(Field::Currency)
            .or_else(|| parsed.as_ref().and_then(|n| n.currency.clone()))
            .or_else(|| self.reader.mapping.defaults.currency.clone());
        let currency = match currency {
            None => {
                self.fail(
                    Field::Currency,
                    "no currency: map a currency column or choose a default currency",
                );
                String::new()
            }
            Some(c) => match money::currency("currency", &c) {
                Ok(c) => c,
                Err(e) => {
                    self.fail_app(e, &[("currency", Field::Currency)]);
                    String::new()
                }
            },
        };
        let mut amount = 0;
        if let Some(mut n) = parsed
            && !currency.is_empty()
        {
            n.digits = n
                .digits
                .saturating_mul(self.reader.mapping.multiplier(Field::Amount));
            match n.to_minor_units(&self.column(Field::Amount), &currency) {
                Ok(v) if v < 0 => self.fail(Field::Amount, "must not be negative"),
                Ok(v) => amount = v,
                Err(e) => self.fail_app(e, &[]),
            }
        }
        let probability = match self.get(Field::Probability) {
            None => None,
            Some(t) => match parse_number(&self.column(Field::Probability), &t) {
                Ok(n) if n.scale == 0 && (0..=100).contains(&n.digits) => {
                    u8::try_from(n.digits).ok()
                }
                Ok(_) => {
                    self.fail(
                        Field::Probability,
                        format!("{t} is not a whole percentage from 0 to 100"),
                    );
                    None
                }
                Err(e) => {
                    self.fail_app(e, &[]);
                    None
                }
            },
        };
        let stage = self.get(Field::Stage).map(|v| {
            self.reader
                .stages
                .get(&value_key(&v))
                .cloned()
                .unwrap_or(StageTarget::Stage(v))
        });
        let notes = self.text(Field::Notes);
        if notes.chars().count() > crate::domain::customer::fields::MAX_NOTES {
            self.fail(Field::Notes, "is too long");
        }
        Some(DealRecord {
            title,
            account: self.get(Field::Account),
            contact: self.get(Field::Contact),
            amount,
            currency,
            expected_close: self.date(Field::CloseDate),
            opened_on: self.date(Field::OpenedOn),
            ownership: self.ownership(),
            pipeline: self
                .get(Field::Pipeline)
                .or_else(|| self.reader.mapping.defaults.pipeline.clone()),
            stage,
            probability,
            notes,
            external_id: self.get(Field::ExternalId),
        })
    }

    fn lead(&mut self) -> Option<LeadRecord> {
        let status = match self.get(Field::Status) {
            None => LeadStatus::New,
            Some(v) => match lead_status(&v) {
                Some(s) => s,
                None => {
                    self.fail(
                        Field::Status,
                        format!("{v} is not one of new, qualified, disqualified"),
                    );
                    LeadStatus::New
                }
            },
        };
        let input = LeadInput {
            name: self.name(),
            company: self.text(Field::Company),
            title: self.text(Field::JobTitle),
            email: self.text(Field::Email),
            phone: self.text(Field::Phone),
            website: self.text(Field::Website),
            source: self.text(Field::Source),
            notes: self.notes(&[]),
            owner_id: None,
            team_id: None,
            campaign_id: None,
        };
        let input = match input.validated() {
            Ok(v) => v,
            Err(e) => {
                self.fail_app(e, LEAD_FIELDS);
                return None;
            }
        };
        Some(LeadRecord {
            input,
            status,
            ownership: self.ownership(),
            external_id: self.get(Field::ExternalId),
        })
    }

    fn activity(&mut self) -> Option<ActivityRecord> {
        let kind = match self.get(Field::ActivityKind) {
            None => ActivityKind::Note,
            Some(v) => match activity_kind(&v) {
                Some(k) => k,
                None => {
                    self.fail(
                        Field::ActivityKind,
                        format!("{v} is not one of call, meeting, email, note, task"),
                    );
                    return None;
                }
            },
        };
        let account = self.get(Field::Account);
        let contact = self.get(Field::Contact);
        if account.is_none() && contact.is_none() {
            let field = if self.reader.sources.contains_key(&Field::Account) {
                Field::Account
            } else {
                Field::Contact
            };
            self.fail(field, "is empty: an activity needs an account or a contact");
        }
        let occurred_on = self.date(Field::OccurredAt);
        let due_on = self.date(Field::DueOn);
        let assignee = self.get(Field::Assignee);
        let input = ActivityInput {
            kind,
            subject: self.text(Field::Subject),
            body: self.text(Field::Body),
            account_id: None,
            contact_id: None,
            lead_id: None,
            occurred_at: None,
            due_on,
            // Only whether there is one matters here; the name is
            // resolved by the store.
            assignee_id: assignee.as_ref().map(|_| 0),
        };
        let input = match input.validated_content() {
            Ok(v) => v,
            Err(e) => {
                self.fail_app(e, ACTIVITY_FIELDS);
                return None;
            }
        };
        Some(ActivityRecord {
            kind,
            subject: input.subject,
            body: input.body,
            account,
            contact,
            occurred_on,
            due_on,
            assignee,
            external_id: self.get(Field::ExternalId),
        })
    }

    fn user(&mut self) -> Option<UserRecord> {
        let display_name = self.get(Field::DisplayName);
        let username = match self.get(Field::Username) {
            Some(u) => normalize_username(&u),
            None => username_from(display_name.as_deref().unwrap_or_default()),
        };
        if let Err(AppError::Validation { reason, .. }) = validate_username(&username) {
            let field = if self.reader.sources.contains_key(&Field::Username) {
                Field::Username
            } else {
                Field::DisplayName
            };
            self.fail(field, format!("username \"{username}\" {reason}"));
        }
        let display_name = display_name.unwrap_or_else(|| username.clone());
        if let Err(AppError::Validation { reason, .. }) = validate_display_name(&display_name) {
            self.fail(Field::DisplayName, reason);
        }
        let email = self.text(Field::Email);
        if !email.is_empty()
            && let Err(AppError::Validation { reason, .. }) = validate_email(&email)
        {
            self.fail(Field::Email, reason);
        }
        let defaults = &self.reader.mapping.defaults;
        let role = match self.get(Field::Role) {
            None => defaults.role.unwrap_or(Role::Sales),
            Some(v) => match Role::parse(&value_key(&v)) {
                Some(r) => r,
                None => {
                    self.fail(
                        Field::Role,
                        format!("{v} is not one of admin, manager, sales, service, pmo, viewer"),
                    );
                    Role::Viewer
                }
            },
        };
        Some(UserRecord {
            username,
            display_name,
            email,
            role,
            team: self.get(Field::Team),
            manager: self.get(Field::Manager),
        })
    }
}

const ACCOUNT_FIELDS: &[(&str, Field)] = &[
    ("name", Field::Name),
    ("industry", Field::Industry),
    ("source", Field::Source),
    ("website", Field::Website),
    ("phone", Field::Phone),
    ("email", Field::Email),
    ("address", Field::Address),
    ("tags", Field::Tags),
    ("annual_revenue", Field::AnnualRevenue),
    ("notes", Field::Notes),
];

const CONTACT_FIELDS: &[(&str, Field)] = &[
    ("name", Field::Name),
    ("title", Field::JobTitle),
    ("email", Field::Email),
    ("phone", Field::Phone),
    ("address", Field::Address),
    ("tags", Field::Tags),
    ("notes", Field::Notes),
];

const LEAD_FIELDS: &[(&str, Field)] = &[
    ("name", Field::Name),
    ("company", Field::Company),
    ("title", Field::JobTitle),
    ("email", Field::Email),
    ("phone", Field::Phone),
    ("website", Field::Website),
    ("source", Field::Source),
    ("notes", Field::Notes),
];

const ACTIVITY_FIELDS: &[(&str, Field)] = &[
    ("subject", Field::Subject),
    ("body", Field::Body),
    ("due_on", Field::DueOn),
    ("assignee", Field::Assignee),
];

/// A lead status as files write it, in English or Chinese. Converted is
/// not importable: converting creates an account and a contact.
fn lead_status(v: &str) -> Option<LeadStatus> {
    let key = value_key(v);
    let status = match key.as_str() {
        "新" | "新建" | "新线索" | "open" => LeadStatus::New,
        "合格" | "已确认" | "已合格" | "qualified lead" => LeadStatus::Qualified,
        "不合格" | "无效" | "已取消资格" | "unqualified" => LeadStatus::Disqualified,
        other => LeadStatus::parse(other)?,
    };
    (status != LeadStatus::Converted).then_some(status)
}

/// An activity kind as files write it, in English or Chinese.
fn activity_kind(v: &str) -> Option<ActivityKind> {
    let key = value_key(v);
    Some(match key.as_str() {
        "电话" | "通话" | "phone call" | "phone" => ActivityKind::Call,
        "会议" | "拜访" | "visit" => ActivityKind::Meeting,
        "邮件" | "电子邮件" | "e-mail" => ActivityKind::Email,
        "备注" | "笔记" | "记录" => ActivityKind::Note,
        "任务" | "待办" | "to-do" | "todo" => ActivityKind::Task,
        other => ActivityKind::parse(other)?,
    })
}

/// A username made from a display name, for files of people without
/// logins: "Mei-Mei Johns" → "mei-mei.johns". Letters outside a–z are
/// dropped, so a name in another script gives an invalid username, which
/// is then reported rather than invented.
pub fn username_from(display_name: &str) -> String {
    let words: Vec<String> = display_name
        .split_whitespace()
        .map(|w| {
            w.to_lowercase()
                .chars()
                .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-')
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect();
    words.join(".")
}
