//! The languages of the UI. The catalogue of strings lives in the app crate;
//! the choice is a user preference persisted by the store.

use serde::{Deserialize, Serialize};

/// A UI language, chosen per user (anonymous visitors: a cookie).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Language {
    #[default]
    En,
    ZhCn,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::En, Language::ZhCn];

    /// BCP 47 tag, as stored and as put in `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::ZhCn => "zh-CN",
        }
    }

    /// The language's own name, shown in the switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Language::En => "English",
            Language::ZhCn => "简体中文",
        }
    }

    /// Parses a stored tag or an `Accept-Language`-style tag, leniently.
    pub fn from_tag(tag: &str) -> Option<Language> {
        let t = tag.trim().to_ascii_lowercase();
        if t == "en" || t.starts_with("en-") {
            Some(Language::En)
        } else if t == "zh" || t.starts_with("zh-cn") || t.starts_with("zh-hans") {
            Some(Language::ZhCn)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip() {
        for l in Language::ALL {
            assert_eq!(Language::from_tag(l.tag()), Some(l));
        }
        assert_eq!(Language::from_tag("zh-Hans-CN"), Some(Language::ZhCn));
        assert_eq!(Language::from_tag("fr"), None);
    }
}
