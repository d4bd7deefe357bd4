//! The pipeline board as the server sends it and the browser updates it.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::deal::DealCard;
use super::money::weighted;
use super::pipeline::{Pipeline, Stage};

/// Filters of the board and of the list view; kept in the URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct BoardQuery {
    pub pipeline: Option<i64>,
    pub owner: Option<i64>,
    pub close_from: Option<NaiveDate>,
    pub close_to: Option<NaiveDate>,
    pub q: String,
}

impl BoardQuery {
    /// `?pipeline=1&owner=2&from=2026-01-01&to=…&q=…` (empty parts left out).
    pub fn to_query_string(&self) -> String {
        let mut parts = Vec::new();
        if let Some(p) = self.pipeline {
            parts.push(format!("pipeline={p}"));
        }
        if let Some(o) = self.owner {
            parts.push(format!("owner={o}"));
        }
        if let Some(d) = self.close_from {
            parts.push(format!("from={d}"));
        }
        if let Some(d) = self.close_to {
            parts.push(format!("to={d}"));
        }
        if !self.q.trim().is_empty() {
            parts.push(format!(
                "q={}",
                crate::domain::customer::query::encode(self.q.trim())
            ));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }

    /// Whether a card passes the filters the server applies (for cards
    /// that arrive live).
    pub fn matches(&self, card: &DealCard) -> bool {
        if self.owner.is_some() && card.owner.as_ref().map(|o| o.id) != self.owner {
            return false;
        }
        if let Some(from) = self.close_from
            && card.expected_close.is_none_or(|d| d < from)
        {
            return false;
        }
        if let Some(to) = self.close_to
            && card.expected_close.is_none_or(|d| d > to)
        {
            return false;
        }
        let q = self.q.trim().to_lowercase();
        q.is_empty()
            || card.title.to_lowercase().contains(&q)
            || card
                .account
                .as_ref()
                .is_some_and(|a| a.name.to_lowercase().contains(&q))
    }

    /// Reads the URL's parameters; unreadable values are ignored, not
    /// errors (a hand-edited URL still shows a board).
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> BoardQuery {
        let mut q = BoardQuery::default();
        for (k, v) in pairs {
            match k {
                "pipeline" => q.pipeline = v.parse().ok(),
                "owner" => q.owner = v.parse().ok(),
                "from" => q.close_from = v.parse().ok(),
                "to" => q.close_to = v.parse().ok(),
                "q" => q.q = v.to_owned(),
                _ => {}
            }
        }
        q
    }
}

/// Count, total and weighted total of one currency in a column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrencyTotal {
    pub currency: String,
    pub count: u64,
    pub amount: i64,
    pub weighted: i64,
}

/// A column's totals: one line per currency (amounts in different
/// currencies are never added), biggest count first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ColumnTotals(pub Vec<CurrencyTotal>);

impl ColumnTotals {
    pub fn count(&self) -> u64 {
        self.0.iter().map(|t| t.count).sum()
    }

    /// Adds (`sign` 1) or removes (`sign` -1) a card, as a drag does
    /// before the server answers.
    pub fn apply(&mut self, card: &DealCard, sign: i64) {
        let w = weighted(card.amount, card.probability);
        match self.0.iter_mut().find(|t| t.currency == card.currency) {
            Some(t) => {
                t.count = t.count.saturating_add_signed(sign);
                t.amount += sign * card.amount;
                t.weighted += sign * w;
            }
            None if sign > 0 => self.0.push(CurrencyTotal {
                currency: card.currency.clone(),
                count: 1,
                amount: card.amount,
                weighted: w,
            }),
            None => {}
        }
        self.0.retain(|t| t.count > 0);
        self.0
            .sort_by(|a, b| b.count.cmp(&a.count).then(a.currency.cmp(&b.currency)));
    }
}

/// One stage's column: its totals over every matching deal, and the first
/// cards (the rest are fetched as the column scrolls).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardColumn {
    pub stage: Stage,
    pub totals: ColumnTotals,
    pub cards: Vec<DealCard>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardView {
    pub pipelines: Vec<(i64, String)>,
    pub pipeline: Pipeline,
    pub columns: Vec<BoardColumn>,
    /// Won and lost deals that match the filters (closed this quarter and
    /// the last, so the zones show recent results, not all history).
    pub won: ColumnTotals,
    pub lost: ColumnTotals,
    /// The server's clock, for days in stage.
    pub now: DateTime<Utc>,
    /// What the caller may move: `true` when they may write deals at all
    /// (each card still checks its own owner on the server).
    pub can_move: bool,
}

/// A committed change to the board, streamed to everyone looking at it.
/// Cards carry their version: a browser applies an event only if it is
/// newer than what it shows (events from several servers may interleave).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
// One event per committed change, serialised at once: boxing the cards
// would only add allocations.
#[allow(clippy::large_enum_variant)]
pub enum BoardEvent {
    /// A card was created, moved, won, lost, reopened or edited.
    Card {
        pipeline_id: i64,
        card: DealCard,
        /// The card before the change (`None`: it is new), so a board
        /// that never loaded it still corrects its column totals.
        before: Option<DealCard>,
        /// Who did it (the mover's own board already shows it).
        by: i64,
    },
    /// A card left the board (deleted, or moved to another pipeline).
    Removed {
        pipeline_id: i64,
        deal_id: i64,
        owner_id: Option<i64>,
        team_id: Option<i64>,
    },
    /// Stages were added, renamed, reordered or removed: reload.
    PipelineChanged { pipeline_id: i64 },
    /// A user got an in-app notification (the bell fetches it); carried
    /// on the board's hub so one stream mechanism serves both.
    Notified { user_id: i64 },
}

/// How the list view sorts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum DealSort {
    #[default]
    Board,
    Title,
    Amount,
    Close,
    Probability,
    Updated,
}

impl DealSort {
    pub const ALL: [DealSort; 6] = [
        DealSort::Board,
        DealSort::Title,
        DealSort::Amount,
        DealSort::Close,
        DealSort::Probability,
        DealSort::Updated,
    ];

    /// The URL's `sort=` value.
    pub fn as_str(self) -> &'static str {
        match self {
            DealSort::Board => "board",
            DealSort::Title => "title",
            DealSort::Amount => "amount",
            DealSort::Close => "close",
            DealSort::Probability => "probability",
            DealSort::Updated => "updated",
        }
    }

    pub fn parse(s: &str) -> Option<DealSort> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// Cards sent per column per request.
pub const CARDS_PER_FETCH: u64 = 60;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::sales::DealStatus;

    fn card(amount: i64, p: u8, cur: &str) -> DealCard {
        DealCard {
            id: 1,
            title: "t".into(),
            account: None,
            amount,
            currency: cur.into(),
            probability: p,
            probability_overridden: false,
            owner: None,
            team_id: None,
            stage_id: 1,
            status: DealStatus::Open,
            rank: "80".into(),
            version: 1,
            expected_close: None,
            entered_stage_at: DateTime::<Utc>::MIN_UTC,
        }
    }

    #[test]
    fn totals_follow_a_card_in_and_out_per_currency() {
        let mut t = ColumnTotals::default();
        t.apply(&card(10_000, 50, "USD"), 1);
        t.apply(&card(20_000, 25, "USD"), 1);
        t.apply(&card(7_000, 10, "CNY"), 1);
        assert_eq!(t.count(), 3);
        assert_eq!(t.0[0].currency, "USD");
        assert_eq!((t.0[0].amount, t.0[0].weighted), (30_000, 5_000 + 5_000));
        t.apply(&card(7_000, 10, "CNY"), -1);
        assert_eq!(t.0.len(), 1, "an emptied currency line goes away");
        t.apply(&card(10_000, 50, "USD"), -1);
        assert_eq!(
            (t.0[0].count, t.0[0].amount, t.0[0].weighted),
            (1, 20_000, 5_000)
        );
    }

    #[test]
    fn sort_keys_round_trip() {
        for s in DealSort::ALL {
            assert_eq!(DealSort::parse(s.as_str()), Some(s));
        }
        assert_eq!(DealSort::parse("nope"), None);
    }

    #[test]
    fn the_url_form_round_trips() {
        let q = BoardQuery {
            pipeline: Some(2),
            owner: Some(5),
            close_from: NaiveDate::from_ymd_opt(2026, 1, 1),
            close_to: None,
            q: "北京 renewal".into(),
        };
        let s = q.to_query_string();
        let pairs: Vec<(String, String)> = s
            .trim_start_matches('?')
            .split('&')
            .filter_map(|p| p.split_once('='))
            .map(|(k, v)| (k.to_owned(), crate::domain::customer::query::decode(v)))
            .collect();
        let back = BoardQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        assert_eq!(back, q);
    }
}
