//! The one error type that crosses the wire between server and browser.
//!
//! Policy (every module follows it):
//! - Services in `cairn::store` return [`AppError`]; server functions return
//!   it unchanged, so the UI can `match` on the variant rather than on text.
//! - Bad input is [`AppError::Validation`] naming the field and the reason,
//!   in words a user can act on. It is checked before any write, and multi-row
//!   writes run in one transaction, so an error never leaves a partial write.
//! - A stale `version` is [`AppError::Conflict`], carrying the version now
//!   stored, so the UI can reload and show the current state.
//! - Database and other internal failures become [`AppError::Internal`] with
//!   a generic message; the detail goes to the server log (`tracing`), never
//!   to the browser.
//! - `anyhow` is for the CLI and `main` only, outside the request path.
//! - Never match on a database's error text: check inside the transaction
//!   (e.g. "is this username taken?") before writing.

use serde::{Deserialize, Serialize};

/// Result alias used by every service and server function.
pub type AppResult<T> = Result<T, AppError>;

/// An error a user (or the UI) can act on. `Serialize` because it travels
/// to the browser; never holds secrets or internal details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// Input failed a rule: which field, and why.
    #[error("{field}: {reason}")]
    Validation { field: String, reason: String },
    /// No valid session: the caller must sign in.
    #[error("sign-in required")]
    Unauthenticated,
    /// Signed in, but the role may not do this.
    #[error("not permitted")]
    Forbidden,
    /// The record does not exist (or the caller may not know it exists).
    #[error("{entity} not found")]
    NotFound { entity: String },
    /// Someone else saved this record since the caller read it.
    #[error("{entity} was changed by someone else (now version {current_version})")]
    Conflict {
        entity: String,
        current_version: i64,
    },
    /// Wrong username or password (deliberately not saying which).
    #[error("wrong username or password")]
    BadCredentials,
    /// Too many failed sign-ins; try again after `retry_after_secs`.
    #[error("too many attempts; try again in {retry_after_secs} s")]
    TooManyAttempts { retry_after_secs: u64 },
    /// Something failed on the server; details are in the server log.
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    /// A validation error for `field`.
    pub fn invalid(field: &str, reason: impl Into<String>) -> Self {
        Self::Validation {
            field: field.to_owned(),
            reason: reason.into(),
        }
    }

    /// A not-found error for `entity`.
    pub fn not_found(entity: &str) -> Self {
        Self::NotFound {
            entity: entity.to_owned(),
        }
    }

    /// The HTTP status that carries this error.
    pub fn status(&self) -> u16 {
        match self {
            Self::Validation { .. } => 422,
            Self::Unauthenticated | Self::BadCredentials => 401,
            Self::Forbidden => 403,
            Self::NotFound { .. } => 404,
            Self::Conflict { .. } => 409,
            Self::TooManyAttempts { .. } => 429,
            Self::Internal(_) => 500,
        }
    }
}

#[cfg(feature = "server-fn")]
mod server_fn_glue {
    use super::AppError;
    use server_fn::codec::JsonEncoding;
    use server_fn::error::{FromServerFnError, ServerFnErrorErr};

    /// serde's messages quote the value they could not read: a 200 KB
    /// string sent where a number belongs would come back whole.
    fn shortened(m: &str) -> String {
        const MAX: usize = 300;
        match m.char_indices().nth(MAX) {
            Some((at, _)) => format!("{}…", &m[..at]),
            None => m.to_owned(),
        }
    }

    impl FromServerFnError for AppError {
        type Encoder = JsonEncoding;

        fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
            match value {
                ServerFnErrorErr::Args(m) | ServerFnErrorErr::MissingArg(m) => {
                    AppError::invalid("request", shortened(&m))
                }
                // On the server the only thing deserialized is a request's
                // JSON arguments (pages call functions directly), so this is
                // the caller's mistake, named by serde ("missing field `id`
                // at line 1 column 2"). In the browser it is a response the
                // app cannot read: internal. The argument fuzz test
                // (server/src/http_tests/arguments_fuzz.rs) found these
                // answered 500.
                #[cfg(feature = "ssr")]
                ServerFnErrorErr::Deserialization(m) => AppError::invalid("request", shortened(&m)),
                other => AppError::Internal(other.to_string()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_follow_http_semantics() {
        assert_eq!(AppError::invalid("email", "is not an email").status(), 422);
        assert_eq!(AppError::Forbidden.status(), 403);
        assert_eq!(AppError::Unauthenticated.status(), 401);
        let conflict = AppError::Conflict {
            entity: "user".into(),
            current_version: 3,
        };
        assert_eq!(conflict.status(), 409);
        assert_eq!(
            AppError::TooManyAttempts {
                retry_after_secs: 1
            }
            .status(),
            429
        );
    }

    #[test]
    fn validation_message_names_field_and_reason() {
        let e = AppError::invalid("email", "must contain @");
        assert_eq!(e.to_string(), "email: must contain @");
    }
}
