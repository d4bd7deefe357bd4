//! Password hashing with argon2id (the `argon2` crate's defaults: OWASP's
//! recommended parameters). The hash type is deliberately not `Serialize`.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash as Phc, PasswordHasher, PasswordVerifier, SaltString};
use rand::rngs::OsRng;

use super::db::internal;
use crate::domain::AppResult;

/// A PHC-format argon2 hash. Never serialised, never logged.
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordHash(String);

impl std::fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordHash(…)")
    }
}

impl PasswordHash {
    /// Hashes on a blocking thread: argon2 takes tens of milliseconds by
    /// design and must not stall the async runtime.
    pub async fn new(password: &str) -> AppResult<PasswordHash> {
        let password = password.to_owned();
        tokio::task::spawn_blocking(move || {
            let salt = SaltString::generate(&mut OsRng);
            Argon2::default()
                .hash_password(password.as_bytes(), &salt)
                .map(|h| PasswordHash(h.to_string()))
                .map_err(internal)
        })
        .await
        .map_err(internal)?
    }

    pub fn from_stored(s: String) -> PasswordHash {
        PasswordHash(s)
    }

    pub fn as_stored(&self) -> &str {
        &self.0
    }

    /// Constant-time verification, on a blocking thread.
    pub async fn verify(&self, password: &str) -> bool {
        let hash = self.0.clone();
        let password = password.to_owned();
        tokio::task::spawn_blocking(move || {
            Phc::new(&hash)
                .map(|phc| {
                    Argon2::default()
                        .verify_password(password.as_bytes(), &phc)
                        .is_ok()
                })
                .unwrap_or(false)
        })
        .await
        .unwrap_or(false)
    }
}
