//! Accounts: the companies we sell to.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::fields::{self, MAX_NAME, MAX_NOTES, MAX_TEXT};
use super::{Grade, Lifecycle, Named};
use crate::domain::AppError;

/// What a user types to create or edit an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct AccountInput {
    pub name: String,
    pub industry: String,
    pub source: String,
    pub website: String,
    pub phone: String,
    pub email: String,
    pub address: String,
    /// `None`: the acting user.
    pub owner_id: Option<i64>,
    /// `None`: the owner's team.
    pub team_id: Option<i64>,
    pub tags: Vec<String>,
    pub lifecycle: Option<Lifecycle>,
    /// The company's own yearly revenue, whole units (an input to grading).
    pub annual_revenue: Option<i64>,
    pub notes: String,
}

impl AccountInput {
    /// Checks every field and returns the cleaned input (trimmed, tags
    /// deduplicated), or the first field that is wrong and why.
    pub fn validated(&self) -> Result<AccountInput, AppError> {
        Ok(AccountInput {
            name: fields::required("name", &self.name, MAX_NAME)?,
            industry: fields::optional("industry", &self.industry, MAX_TEXT)?,
            source: fields::optional("source", &self.source, MAX_TEXT)?,
            website: fields::website(&self.website)?,
            phone: fields::phone(&self.phone)?,
            email: fields::email(&self.email)?,
            address: fields::multiline("address", &self.address, 1000)?,
            owner_id: self.owner_id,
            team_id: self.team_id,
            tags: fields::tags(&self.tags)?,
            lifecycle: self.lifecycle,
            annual_revenue: match self.annual_revenue {
                Some(v) if v < 0 => {
                    return Err(AppError::invalid("annual_revenue", "must not be negative"));
                }
                v => v,
            },
            notes: fields::multiline("notes", &self.notes, MAX_NOTES)?,
        })
    }
}

/// One account as its page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountView {
    pub id: i64,
    pub name: String,
    pub industry: String,
    pub source: String,
    pub website: String,
    pub domain: String,
    pub phone: String,
    pub email: String,
    pub address: String,
    pub owner: Option<Named>,
    pub team: Option<Named>,
    pub tags: Vec<String>,
    pub lifecycle: Lifecycle,
    pub grade: Grade,
    pub annual_revenue: Option<i64>,
    pub notes: String,
    pub last_activity_at: Option<DateTime<Utc>>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub deleted_at: Option<DateTime<Utc>>,
}

impl AccountView {
    /// The view as an edit form starts from.
    pub fn to_input(&self) -> AccountInput {
        AccountInput {
            name: self.name.clone(),
            industry: self.industry.clone(),
            source: self.source.clone(),
            website: self.website.clone(),
            phone: self.phone.clone(),
            email: self.email.clone(),
            address: self.address.clone(),
            owner_id: self.owner.as_ref().map(|o| o.id),
            team_id: self.team.as_ref().map(|t| t.id),
            tags: self.tags.clone(),
            lifecycle: Some(self.lifecycle),
            annual_revenue: self.annual_revenue,
            notes: self.notes.clone(),
        }
    }
}

/// One line of the accounts list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountRow {
    pub id: i64,
    pub name: String,
    pub industry: String,
    pub domain: String,
    pub phone: String,
    pub owner: Option<Named>,
    pub team: Option<Named>,
    pub tags: Vec<String>,
    pub lifecycle: Lifecycle,
    pub grade: Grade,
    pub last_activity_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
    pub deleted_at: Option<DateTime<Utc>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chinese_account_validates_and_is_trimmed() {
        let input = AccountInput {
            name: "  北京云杉科技有限公司 ".into(),
            address: "北京市海淀区中关村大街 1 号".into(),
            phone: "+86 10 6275 1234".into(),
            website: "https://www.yunshan.cn".into(),
            tags: vec!["重点".into(), " 重点 ".into()],
            ..Default::default()
        };
        let v = input.validated().expect("valid");
        assert_eq!(v.name, "北京云杉科技有限公司");
        assert_eq!(v.tags, vec!["重点"]);
    }

    #[test]
    fn each_bad_field_is_named() {
        let base = AccountInput {
            name: "Acme".into(),
            ..Default::default()
        };
        let cases = [
            (
                AccountInput {
                    name: " ".into(),
                    ..base.clone()
                },
                "name",
            ),
            (
                AccountInput {
                    email: "acme".into(),
                    ..base.clone()
                },
                "email",
            ),
            (
                AccountInput {
                    phone: "abc".into(),
                    ..base.clone()
                },
                "phone",
            ),
            (
                AccountInput {
                    website: "a b".into(),
                    ..base.clone()
                },
                "website",
            ),
            (
                AccountInput {
                    annual_revenue: Some(-1),
                    ..base.clone()
                },
                "annual_revenue",
            ),
        ];
        for (input, field) in cases {
            match input.validated() {
                Err(AppError::Validation { field: f, .. }) => assert_eq!(f, field),
                other => panic!("{field}: {other:?}"),
            }
        }
    }
}
