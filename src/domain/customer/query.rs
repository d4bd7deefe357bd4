//! List queries: filters, sort and page, and their URL form, so a filtered
//! view can be bookmarked and shared. One type for accounts, contacts and
//! leads; each list uses the filters that apply to it.

use serde::{Deserialize, Serialize};

use super::{Grade, LeadStatus, Lifecycle};

pub const DEFAULT_PER_PAGE: u32 = 25;
pub const MAX_PER_PAGE: u32 = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum SortKey {
    #[default]
    Name,
    Grade,
    Lifecycle,
    Updated,
    Created,
    LastActivity,
}

impl SortKey {
    pub const ALL: [SortKey; 6] = [
        SortKey::Name,
        SortKey::Grade,
        SortKey::Lifecycle,
        SortKey::Updated,
        SortKey::Created,
        SortKey::LastActivity,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SortKey::Name => "name",
            SortKey::Grade => "grade",
            SortKey::Lifecycle => "lifecycle",
            SortKey::Updated => "updated",
            SortKey::Created => "created",
            SortKey::LastActivity => "activity",
        }
    }

    pub fn parse(s: &str) -> Option<SortKey> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A list request. Unknown or malformed URL parameters are ignored rather
/// than refused: a hand-edited link still shows a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    pub q: String,
    pub owner: Option<i64>,
    pub team: Option<i64>,
    pub tag: Option<String>,
    pub grade: Option<Grade>,
    pub lifecycle: Option<Lifecycle>,
    pub industry: Option<String>,
    pub status: Option<LeadStatus>,
    /// Only the owner's "mine" shortcut: records the actor owns.
    pub mine: bool,
    pub sort: SortKey,
    pub desc: bool,
    /// 1-based.
    pub page: u32,
    pub per_page: u32,
}

impl ListQuery {
    /// Reads the query from URL parameters.
    pub fn from_params<'a>(params: impl IntoIterator<Item = (&'a str, &'a str)>) -> ListQuery {
        let mut q = ListQuery::default();
        for (k, v) in params {
            let v = v.trim();
            if v.is_empty() {
                continue;
            }
            match k {
                "q" => q.q = v.to_owned(),
                "owner" => q.owner = v.parse().ok(),
                "team" => q.team = v.parse().ok(),
                "tag" => q.tag = Some(v.to_owned()),
                "grade" => q.grade = Grade::parse(v),
                "lifecycle" => q.lifecycle = Lifecycle::parse(v),
                "industry" => q.industry = Some(v.to_owned()),
                "status" => q.status = LeadStatus::parse(v),
                "mine" => q.mine = v == "1" || v == "true",
                "sort" => q.sort = SortKey::parse(v).unwrap_or_default(),
                "dir" => q.desc = v == "desc",
                "page" => q.page = v.parse().unwrap_or(1),
                "per" => q.per_page = v.parse().unwrap_or(DEFAULT_PER_PAGE),
                _ => {}
            }
        }
        q.normalized()
    }

    /// Page and page size within bounds.
    pub fn normalized(mut self) -> ListQuery {
        self.page = self.page.max(1);
        self.per_page = match self.per_page {
            0 => DEFAULT_PER_PAGE,
            n => n.min(MAX_PER_PAGE),
        };
        self
    }

    /// The URL parameters, only those that differ from the default, in a
    /// fixed order (so equal queries give equal links).
    pub fn to_params(&self) -> Vec<(&'static str, String)> {
        let mut p = Vec::new();
        if !self.q.is_empty() {
            p.push(("q", self.q.clone()));
        }
        if let Some(v) = self.owner {
            p.push(("owner", v.to_string()));
        }
        if let Some(v) = self.team {
            p.push(("team", v.to_string()));
        }
        if let Some(v) = &self.tag {
            p.push(("tag", v.clone()));
        }
        if let Some(v) = self.grade {
            p.push(("grade", v.as_str().to_owned()));
        }
        if let Some(v) = self.lifecycle {
            p.push(("lifecycle", v.as_str().to_owned()));
        }
        if let Some(v) = &self.industry {
            p.push(("industry", v.clone()));
        }
        if let Some(v) = self.status {
            p.push(("status", v.as_str().to_owned()));
        }
        if self.mine {
            p.push(("mine", "1".to_owned()));
        }
        if self.sort != SortKey::Name {
            p.push(("sort", self.sort.as_str().to_owned()));
        }
        if self.desc {
            p.push(("dir", "desc".to_owned()));
        }
        if self.page > 1 {
            p.push(("page", self.page.to_string()));
        }
        if self.per_page != DEFAULT_PER_PAGE && self.per_page != 0 {
            p.push(("per", self.per_page.to_string()));
        }
        p
    }

    /// `?a=b&c=d` (percent-encoded), or "" when nothing is set.
    pub fn to_query_string(&self) -> String {
        let params = self.to_params();
        if params.is_empty() {
            return String::new();
        }
        let body: Vec<String> = params
            .into_iter()
            .map(|(k, v)| format!("{k}={}", encode(&v)))
            .collect();
        format!("?{}", body.join("&"))
    }

    pub fn offset(&self) -> u64 {
        u64::from(self.page.max(1) - 1) * u64::from(self.per_page.max(1))
    }
}

/// Percent-encodes a query value (RFC 3986 unreserved characters pass).
pub fn encode(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for b in v.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes a percent-encoded query value (`+` is a space); invalid
/// escapes are kept as typed.
pub fn decode(v: &str) -> String {
    let bytes = v.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = |b: u8| (b as char).to_digit(16);
                match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// One page of a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// The matches, counted up to a cap (see `more`).
    pub total: u64,
    /// There are more matches than `total`: counting every one of 100k
    /// rows costs more than the page itself, and nobody pages that far.
    #[serde(default)]
    pub more: bool,
    pub page: u32,
    pub per_page: u32,
}

impl<T> Page<T> {
    pub fn pages(&self) -> u32 {
        let per = u64::from(self.per_page.max(1));
        u32::try_from(self.total.div_ceil(per))
            .unwrap_or(u32::MAX)
            .max(1)
    }

    /// A page follows this one.
    pub fn has_next(&self) -> bool {
        self.page < self.pages() || (self.more && !self.items.is_empty())
    }

    /// The count as people read it: "1000+" when it is a lower bound.
    pub fn total_label(&self) -> String {
        if self.more {
            format!("{}+", self.total)
        } else {
            self.total.to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_form_round_trips() {
        let q = ListQuery {
            q: "北京 acme".into(),
            owner: Some(3),
            tag: Some("vip & co".into()),
            grade: Some(Grade::A),
            lifecycle: Some(Lifecycle::Customer),
            sort: SortKey::Updated,
            desc: true,
            page: 3,
            per_page: 50,
            ..Default::default()
        };
        let s = q.to_query_string();
        assert!(s.starts_with("?q=%E5%8C%97"), "{s}");
        let decoded: Vec<(String, String)> = s[1..]
            .split('&')
            .map(|kv| {
                let (k, v) = kv.split_once('=').unwrap();
                (k.to_owned(), percent_decode(v))
            })
            .collect();
        let back = ListQuery::from_params(decoded.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        assert_eq!(back, q);
    }

    #[test]
    fn bad_parameters_fall_back_to_defaults() {
        let q = ListQuery::from_params([
            ("page", "-4"),
            ("per", "100000"),
            ("grade", "Z"),
            ("sort", "evil"),
        ]);
        assert_eq!(q.page, 1);
        assert_eq!(q.per_page, MAX_PER_PAGE);
        assert_eq!(q.grade, None);
        assert_eq!(q.sort, SortKey::Name);
        assert_eq!(ListQuery::default().to_query_string(), "");
    }

    fn percent_decode(s: &str) -> String {
        let bytes = s.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' {
                out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    }
}
