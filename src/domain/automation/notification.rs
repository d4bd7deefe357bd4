//! A user's in-app notifications as the bell shows them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationView {
    pub id: i64,
    pub title: String,
    pub body: String,
    pub link: String,
    pub read: bool,
    pub created_at: DateTime<Utc>,
}

/// The newest notifications and how many are unread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Inbox {
    pub unread: u64,
    pub items: Vec<NotificationView>,
}
