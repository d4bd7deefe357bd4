//! Users as the UI sees them, and the rules for their fields. The rules run
//! in the browser (instant feedback) and again in the store (authoritative).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{AppError, Language, Role};

/// A user as shown to the UI. Deliberately has no password hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserView {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub email: String,
    pub role: Role,
    pub team_id: Option<i64>,
    pub team_name: Option<String>,
    pub language: Language,
    pub active: bool,
    pub version: i64,
    pub created_at: DateTime<Utc>,
}

/// Input for creating a user (admin) or the first administrator (setup).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub email: String,
    pub role: Role,
    pub team_id: Option<i64>,
    pub password: String,
}

/// Input for a profile edit; `version` is what the editor saw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileEdit {
    pub display_name: String,
    pub email: String,
    pub version: i64,
}

/// A colleague, for owner and assignee pickers (any signed-in user may
/// see who works here; nothing private).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Colleague {
    pub id: i64,
    pub name: String,
    pub team_id: Option<i64>,
}

/// A team, for pickers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamView {
    pub id: i64,
    pub name: String,
}

/// Shortest password accepted (OWASP ASVS 2.1.1 asks for at least 12).
pub const MIN_PASSWORD_LEN: usize = 12;
/// Longest accepted; argon2 takes any length, this bounds the work.
pub const MAX_PASSWORD_LEN: usize = 128;

/// Passwords too common to accept whatever their length. A short list of
/// the most used ones that pass the length rule; the point is to refuse
/// the obvious, not to be a breach corpus.
const COMMON_PASSWORDS: &[&str] = &[
    "123456789012",
    "1234567890123",
    "12345678901234",
    "password1234",
    "password12345",
    "passwordpassword",
    "qwertyuiopasdf",
    "qwertyuiop123",
    "qwerty123456",
    "iloveyou1234",
    "administrator",
    "adminadmin123",
    "letmein12345",
    "welcome12345",
    "abc123456789",
    "aaaaaaaaaaaa",
    "111111111111",
    "000000000000",
    "changeme1234",
    "football1234",
    "baseball1234",
    "sunshine1234",
    "1q2w3e4r5t6y",
    "zaq12wsxcde3",
];

/// Normalises a username: trimmed, lower case.
pub fn normalize_username(raw: &str) -> String {
    raw.trim().to_lowercase()
}

/// 3–32 characters of a–z, 0–9, `.`, `_`, `-`, starting with a letter.
pub fn validate_username(username: &str) -> Result<(), AppError> {
    let len = username.chars().count();
    if !(3..=32).contains(&len) {
        return Err(AppError::invalid("username", "must be 3 to 32 characters"));
    }
    if !username.starts_with(|c: char| c.is_ascii_lowercase()) {
        return Err(AppError::invalid(
            "username",
            "must start with a letter a–z",
        ));
    }
    if !username
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
    {
        return Err(AppError::invalid(
            "username",
            "may contain only a–z, 0–9, '.', '_' and '-'",
        ));
    }
    Ok(())
}

pub fn validate_display_name(name: &str) -> Result<(), AppError> {
    let len = name.trim().chars().count();
    if len == 0 {
        return Err(AppError::invalid("display_name", "is required"));
    }
    if len > 80 {
        return Err(AppError::invalid(
            "display_name",
            "must be at most 80 characters",
        ));
    }
    Ok(())
}

/// A deliberately simple shape check: one `@`, something either side, a dot
/// in the domain. Whether the address works is only known by mailing it.
pub fn validate_email(email: &str) -> Result<(), AppError> {
    let email = email.trim();
    if email.is_empty() {
        return Err(AppError::invalid("email", "is required"));
    }
    if email.len() > 254 {
        return Err(AppError::invalid("email", "must be at most 254 characters"));
    }
    let mut parts = email.split('@');
    let (local, domain) = match (parts.next(), parts.next(), parts.next()) {
        (Some(l), Some(d), None) => (l, d),
        _ => return Err(AppError::invalid("email", "must contain exactly one @")),
    };
    if local.is_empty()
        || domain.len() < 3
        || !domain.contains('.')
        || domain.starts_with('.')
        || domain.ends_with('.')
        || email.chars().any(char::is_whitespace)
    {
        return Err(AppError::invalid("email", "is not a valid address"));
    }
    Ok(())
}

pub fn validate_password(password: &str) -> Result<(), AppError> {
    let len = password.chars().count();
    if len < MIN_PASSWORD_LEN {
        return Err(AppError::invalid(
            "password",
            format!("must be at least {MIN_PASSWORD_LEN} characters"),
        ));
    }
    if len > MAX_PASSWORD_LEN {
        return Err(AppError::invalid(
            "password",
            format!("must be at most {MAX_PASSWORD_LEN} characters"),
        ));
    }
    let lower = password.to_lowercase();
    if COMMON_PASSWORDS.contains(&lower.as_str()) {
        return Err(AppError::invalid(
            "password",
            "is too common; choose another",
        ));
    }
    Ok(())
}

/// All checks for a new user, first failure wins (fields in form order).
pub fn validate_new_user(user: &NewUser) -> Result<(), AppError> {
    validate_username(&normalize_username(&user.username))?;
    validate_display_name(&user.display_name)?;
    validate_email(&user.email)?;
    validate_password(&user.password)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_of(r: Result<(), AppError>) -> String {
        match r {
            Err(AppError::Validation { field, .. }) => field,
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn usernames() {
        assert!(validate_username("ada.lovelace").is_ok());
        assert!(validate_username("ab").is_err());
        assert!(validate_username("9lives").is_err());
        assert!(validate_username("bad name").is_err());
        assert_eq!(normalize_username("  Ada "), "ada");
    }

    #[test]
    fn emails() {
        assert!(validate_email("ada@example.com").is_ok());
        for bad in [
            "",
            "ada",
            "a@b",
            "a@@b.com",
            "a@.com",
            "a b@c.com",
            "@c.com",
        ] {
            assert_eq!(field_of(validate_email(bad)), "email", "{bad}");
        }
    }

    #[test]
    fn passwords() {
        assert!(validate_password("correct horse battery").is_ok());
        assert_eq!(field_of(validate_password("short")), "password");
        assert_eq!(field_of(validate_password("Password1234")), "password");
        assert!(validate_password(&"x".repeat(129)).is_err());
    }

    #[test]
    fn new_user_reports_the_first_bad_field() {
        let u = NewUser {
            username: "ada".into(),
            display_name: " ".into(),
            email: "nope".into(),
            role: Role::Sales,
            team_id: None,
            password: "short".into(),
        };
        assert_eq!(field_of(validate_new_user(&u)), "display_name");
    }
}
