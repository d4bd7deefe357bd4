//! Contacts: people, at an account or on their own.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::fields::{self, MAX_NAME, MAX_NOTES, MAX_TEXT};
use super::{Grade, Named};
use crate::domain::AppError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ContactInput {
    pub account_id: Option<i64>,
    /// The full name as the person writes it (no first/last split: it does
    /// not fit Chinese names, nor many others).
    pub name: String,
    pub title: String,
    pub email: String,
    pub phone: String,
    pub address: String,
    pub owner_id: Option<i64>,
    pub team_id: Option<i64>,
    pub tags: Vec<String>,
    pub notes: String,
}

impl ContactInput {
    pub fn validated(&self) -> Result<ContactInput, AppError> {
        Ok(ContactInput {
            account_id: self.account_id,
            name: fields::required("name", &self.name, MAX_NAME)?,
            title: fields::optional("title", &self.title, MAX_TEXT)?,
            email: fields::email(&self.email)?,
            phone: fields::phone(&self.phone)?,
            address: fields::multiline("address", &self.address, 1000)?,
            owner_id: self.owner_id,
            team_id: self.team_id,
            tags: fields::tags(&self.tags)?,
            notes: fields::multiline("notes", &self.notes, MAX_NOTES)?,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactView {
    pub id: i64,
    pub account: Option<Named>,
    pub account_grade: Option<Grade>,
    pub name: String,
    pub title: String,
    pub email: String,
    pub phone: String,
    pub address: String,
    pub owner: Option<Named>,
    pub team: Option<Named>,
    pub tags: Vec<String>,
    pub notes: String,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub deleted_at: Option<DateTime<Utc>>,
}

impl ContactView {
    pub fn to_input(&self) -> ContactInput {
        ContactInput {
            account_id: self.account.as_ref().map(|a| a.id),
            name: self.name.clone(),
            title: self.title.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            address: self.address.clone(),
            owner_id: self.owner.as_ref().map(|o| o.id),
            team_id: self.team.as_ref().map(|t| t.id),
            tags: self.tags.clone(),
            notes: self.notes.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactRow {
    pub id: i64,
    pub name: String,
    pub title: String,
    pub email: String,
    pub phone: String,
    pub account: Option<Named>,
    pub account_grade: Option<Grade>,
    pub owner: Option<Named>,
    pub tags: Vec<String>,
    pub updated_at: DateTime<Utc>,
    pub deleted_at: Option<DateTime<Utc>>,
}
