//! Customers: accounts, contacts, leads, activities and grading — the
//! types both sides share and the rules for their fields. The rules run in
//! the browser for instant feedback and again in the store, authoritatively.

pub mod account;
pub mod activity;
pub mod contact;
pub mod dossier;
pub mod fields;
pub mod grade;
pub mod lead;
pub mod merge;
pub mod query;

use serde::{Deserialize, Serialize};

pub use account::{AccountInput, AccountRow, AccountView};
pub use activity::{
    ActivityInput, ActivityKind, ActivityView, FieldChange, TicketMention, TimelineItem,
    TimelinePage,
};
pub use contact::{ContactInput, ContactRow, ContactView};
pub use dossier::{AccountDossier, DealTotals, deal_totals};
pub use grade::{Grade, GradeInputs, GradeRules};
pub use lead::{
    ConversionMatches, ConvertPlan, ConvertResult, ConvertTarget, LeadInput, LeadStatus, LeadView,
};
pub use query::{ListQuery, Page, SortKey};

/// Where a customer is in its relationship with us.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord, Default,
)]
pub enum Lifecycle {
    Lead,
    #[default]
    Prospect,
    Customer,
    Churned,
}

impl Lifecycle {
    pub const ALL: [Lifecycle; 4] = [
        Lifecycle::Lead,
        Lifecycle::Prospect,
        Lifecycle::Customer,
        Lifecycle::Churned,
    ];

    /// The stored and URL form.
    pub fn as_str(self) -> &'static str {
        match self {
            Lifecycle::Lead => "lead",
            Lifecycle::Prospect => "prospect",
            Lifecycle::Customer => "customer",
            Lifecycle::Churned => "churned",
        }
    }

    pub fn parse(s: &str) -> Option<Lifecycle> {
        Self::ALL.into_iter().find(|l| l.as_str() == s)
    }
}

/// A person or team a record belongs to, with the name to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Named {
    pub id: i64,
    pub name: String,
}

/// Which kind of customer record (search results, timelines, tags).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RecordKind {
    Account,
    Contact,
    Lead,
}

impl RecordKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Account => "account",
            RecordKind::Contact => "contact",
            RecordKind::Lead => "lead",
        }
    }

    pub fn parse(s: &str) -> Option<RecordKind> {
        [RecordKind::Account, RecordKind::Contact, RecordKind::Lead]
            .into_iter()
            .find(|k| k.as_str() == s)
    }

    /// Where the record's page is.
    pub fn href(self, id: i64) -> String {
        match self {
            RecordKind::Account => format!("/customers/accounts/{id}"),
            RecordKind::Contact => format!("/customers/contacts/{id}"),
            RecordKind::Lead => format!("/customers/leads/{id}"),
        }
    }
}

/// One hit of the top bar's search box.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchHit {
    pub kind: RecordKind,
    pub id: i64,
    pub title: String,
    /// A second line: the account of a contact, the company of a lead, the
    /// domain of an account.
    pub detail: String,
    pub grade: Option<Grade>,
}
