//! The board as one browser holds it: the loaded cards of each column in
//! order, the totals over *every* matching deal, and the edits that keep
//! both right while cards are dropped here or moved by someone else.
//!
//! It lives in the domain, not in a component, because a drop's arithmetic
//! is where a board goes quietly wrong: a total that drifts, a card shown
//! twice, an event older than the card on screen undoing a newer move.
//! Every rule here is unit-tested; the page only renders the result.
//!
//! Positions: a column's `cards` are a prefix of the column in board order
//! (further cards page in as it scrolls). A drop target's `index` counts
//! positions *without* the card being dragged, which is what the person
//! sees while dragging (the card has left its slot).

use std::ops::Range;

use chrono::{DateTime, Utc};

use super::board::{BoardEvent, BoardQuery, BoardView, ColumnTotals};
use super::deal::{DealCard, DealStatus, MoveRequest, MoveTo};
use super::pipeline::Stage;

/// One stage's column as loaded in the browser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalColumn {
    pub stage: Stage,
    pub totals: ColumnTotals,
    /// The first cards of the column, in board order.
    pub cards: Vec<DealCard>,
}

impl LocalColumn {
    /// Every card of the column is loaded (nothing more to page in).
    pub fn complete(&self) -> bool {
        self.cards.len() as u64 >= self.totals.count()
    }

    fn position(&self, deal_id: i64) -> Option<usize> {
        self.cards.iter().position(|c| c.id == deal_id)
    }
}

/// Where a card can be dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Column `column` (board order), before the card now at `index`
    /// counted without the dragged card.
    Stage {
        column: usize,
        index: usize,
    },
    Won,
    Lost,
}

/// What a live event did to the board.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    Changed,
    /// Older than, or the same as, what the board shows; or not ours.
    Ignored,
    /// The pipeline's stages changed: load the board again.
    Reload,
}

/// A key that moves a lifted card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nudge {
    Left,
    Right,
    Up,
    Down,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalBoard {
    pub pipeline_id: i64,
    pub columns: Vec<LocalColumn>,
    pub won: ColumnTotals,
    pub lost: ColumnTotals,
    /// Cards seen closing while this board was open (dropped on Won or
    /// Lost here, or heard of live): the zones show only totals, but a
    /// card that comes back (a refused drop, a reopen) must leave them.
    pub closed: Vec<DealCard>,
    /// The filters the server applied, so live cards are filtered alike.
    pub query: BoardQuery,
}

impl LocalBoard {
    pub fn new(view: &BoardView, query: BoardQuery) -> LocalBoard {
        LocalBoard {
            pipeline_id: view.pipeline.id,
            columns: view
                .columns
                .iter()
                .map(|c| LocalColumn {
                    stage: c.stage.clone(),
                    totals: c.totals.clone(),
                    cards: c.cards.clone(),
                })
                .collect(),
            won: view.won.clone(),
            lost: view.lost.clone(),
            closed: Vec::new(),
            query,
        }
    }

    /// Column and position of a loaded card.
    pub fn find(&self, deal_id: i64) -> Option<(usize, usize)> {
        self.columns
            .iter()
            .enumerate()
            .find_map(|(c, col)| col.position(deal_id).map(|i| (c, i)))
    }

    /// A card the board knows: loaded in a column, or seen closing.
    pub fn card(&self, deal_id: i64) -> Option<&DealCard> {
        self.find(deal_id)
            .map(|(c, i)| &self.columns[c].cards[i])
            .or_else(|| self.closed.iter().find(|c| c.id == deal_id))
    }

    fn column_of_stage(&self, stage_id: i64) -> Option<usize> {
        self.columns.iter().position(|c| c.stage.id == stage_id)
    }

    /// Number of drop positions in `column` while `dragged` is lifted.
    pub fn slots(&self, column: usize, dragged: i64) -> usize {
        self.columns.get(column).map_or(0, |c| {
            let n = c.cards.len() - usize::from(c.position(dragged).is_some());
            n + 1
        })
    }

    /// Where the card sits now, as a drop target.
    pub fn target_of(&self, deal_id: i64) -> Option<Target> {
        self.find(deal_id)
            .map(|(column, index)| Target::Stage { column, index })
    }

    /// Moves a lifted card's target one step: left/right across the
    /// stages and then Won and Lost, up/down within a column. The index is
    /// kept when changing column, clamped to the column's length.
    pub fn nudge(&self, dragged: i64, from: &Target, key: Nudge) -> Target {
        let n = self.columns.len();
        // Won and Lost continue the row of columns to the right.
        let lane = match from {
            Target::Stage { column, .. } => *column,
            Target::Won => n,
            Target::Lost => n + 1,
        };
        let index = match from {
            Target::Stage { index, .. } => *index,
            _ => 0,
        };
        let to_lane = |lane: usize, index: usize| {
            if lane == n {
                Target::Won
            } else if lane == n + 1 {
                Target::Lost
            } else {
                let last = self.slots(lane, dragged).saturating_sub(1);
                Target::Stage {
                    column: lane,
                    index: index.min(last),
                }
            }
        };
        match key {
            Nudge::Left => to_lane(lane.saturating_sub(1), index),
            Nudge::Right => to_lane((lane + 1).min(n + 1), index),
            Nudge::Up => to_lane(lane, index.saturating_sub(1)),
            Nudge::Down => to_lane(lane, index + 1),
        }
    }

    /// Drops a loaded card at `target` at once (totals included) and
    /// returns the request that saves it, with the version the person
    /// saw; `None` when the card is back where it was or is not loaded.
    /// `lost_reason` is used when the target is Lost.
    pub fn drop_card(
        &mut self,
        deal_id: i64,
        target: &Target,
        lost_reason: &str,
        now: DateTime<Utc>,
    ) -> Option<MoveRequest> {
        let (from_col, from_idx) = self.find(deal_id)?;
        if let Target::Stage { column, index } = target
            && *column == from_col
            && *index == from_idx
        {
            return None;
        }
        if let Target::Stage { column, .. } = target
            && *column >= self.columns.len()
        {
            return None;
        }
        let card = self.columns[from_col].cards.remove(from_idx);
        self.columns[from_col].totals.apply(&card, -1);
        let version = card.version;
        let mut moved = card;
        let to = match target {
            Target::Stage { column, index } => {
                let col = &mut self.columns[*column];
                let index = (*index).min(col.cards.len());
                let after = index.checked_sub(1).map(|i| col.cards[i].id);
                let before = col.cards.get(index).map(|c| c.id);
                if col.stage.id != moved.stage_id {
                    moved.entered_stage_at = now;
                    if !moved.probability_overridden {
                        moved.probability = col.stage.probability;
                    }
                }
                moved.stage_id = col.stage.id;
                col.totals.apply(&moved, 1);
                col.cards.insert(index, moved);
                MoveTo::Stage {
                    stage_id: col.stage.id,
                    after,
                    before,
                }
            }
            Target::Won => {
                moved.status = DealStatus::Won;
                moved.probability = 100;
                self.won.apply(&moved, 1);
                self.closed.push(moved);
                MoveTo::Won
            }
            Target::Lost => {
                moved.status = DealStatus::Lost;
                moved.probability = 0;
                self.lost.apply(&moved, 1);
                self.closed.push(moved);
                MoveTo::Lost {
                    reason: lost_reason.to_owned(),
                }
            }
        };
        Some(MoveRequest {
            deal_id,
            version,
            to,
        })
    }

    /// Takes a card out of the board's view and totals: the loaded copy
    /// if there is one, else `before` (what the server says it was).
    fn take_out(&mut self, deal_id: i64, before: Option<&DealCard>) {
        if let Some((c, i)) = self.find(deal_id) {
            let card = self.columns[c].cards.remove(i);
            self.columns[c].totals.apply(&card, -1);
            return;
        }
        if let Some(i) = self.closed.iter().position(|c| c.id == deal_id) {
            let card = self.closed.remove(i);
            match card.status {
                DealStatus::Won => self.won.apply(&card, -1),
                _ => self.lost.apply(&card, -1),
            }
            return;
        }
        let Some(b) = before.filter(|b| self.query.matches(b)) else {
            return;
        };
        match b.status {
            DealStatus::Open => {
                if let Some(c) = self.column_of_stage(b.stage_id) {
                    self.columns[c].totals.apply(b, -1);
                }
            }
            DealStatus::Won => self.won.apply(b, -1),
            DealStatus::Lost => self.lost.apply(b, -1),
        }
    }

    /// Adds a card where its stage and rank put it (if it passes the
    /// filters): in the loaded cards when its rank falls among them or the
    /// column is complete, else only in the totals.
    fn put_in(&mut self, card: DealCard) {
        if !self.query.matches(&card) {
            return;
        }
        match card.status {
            DealStatus::Won | DealStatus::Lost => {
                if card.status == DealStatus::Won {
                    self.won.apply(&card, 1);
                } else {
                    self.lost.apply(&card, 1);
                }
                self.closed.push(card);
            }
            DealStatus::Open => {
                let Some(c) = self.column_of_stage(card.stage_id) else {
                    return;
                };
                let col = &mut self.columns[c];
                let complete = col.complete();
                col.totals.apply(&card, 1);
                let at = col
                    .cards
                    .iter()
                    .position(|o| (o.rank.as_str(), o.id) > (card.rank.as_str(), card.id));
                match at {
                    Some(i) => col.cards.insert(i, card),
                    None if complete => col.cards.push(card),
                    None => {}
                }
            }
        }
    }

    /// Shows a card as the server has it (a save's answer, the card
    /// fetched after a conflict). Ignored when the board already shows
    /// this version or a newer one.
    pub fn place(&mut self, card: DealCard, before: Option<&DealCard>) -> Applied {
        if self
            .card(card.id)
            .is_some_and(|shown| shown.version >= card.version)
        {
            return Applied::Ignored;
        }
        self.take_out(card.id, before);
        self.put_in(card);
        Applied::Changed
    }

    /// Puts a card back where the server has it even if the board shows
    /// the same version: after a refused drop the shown copy is the
    /// optimistic one, with the old version but the wrong place.
    pub fn restore(&mut self, card: DealCard) {
        self.take_out(card.id, None);
        self.put_in(card);
    }

    /// A card the server no longer has (or the reader may no longer see).
    pub fn forget(&mut self, deal_id: i64) {
        self.take_out(deal_id, None);
    }

    /// Applies a change someone made (events may repeat what this board
    /// did itself; versions make that harmless).
    pub fn apply(&mut self, event: &BoardEvent) -> Applied {
        match event {
            BoardEvent::PipelineChanged { pipeline_id } if *pipeline_id == self.pipeline_id => {
                Applied::Reload
            }
            BoardEvent::Card {
                pipeline_id,
                card,
                before,
                ..
            } if *pipeline_id == self.pipeline_id => self.place(card.clone(), before.as_ref()),
            BoardEvent::Removed {
                pipeline_id,
                deal_id,
                ..
            } if *pipeline_id == self.pipeline_id => {
                if self.find(*deal_id).is_some() {
                    self.forget(*deal_id);
                    Applied::Changed
                } else {
                    // Not loaded: its totals cannot be corrected without the
                    // card, so the page reloads the board.
                    Applied::Reload
                }
            }
            _ => Applied::Ignored,
        }
    }

    /// The next page of a column, as fetched from `offset` = its loaded
    /// count. Cards already shown (moved in meanwhile) are not doubled.
    pub fn append(&mut self, stage_id: i64, cards: Vec<DealCard>) {
        let Some(c) = self.column_of_stage(stage_id) else {
            return;
        };
        for card in cards {
            if self.find(card.id).is_none() && card.stage_id == stage_id {
                self.columns[c].cards.push(card);
            }
        }
    }
}

/// Which rows of a column of `len` fixed-height rows to render for a
/// viewport of `height` pixels scrolled to `scroll_top`, with `overscan`
/// extra rows each side so a fast scroll does not show blanks.
pub fn visible_rows(
    scroll_top: f64,
    height: f64,
    row: f64,
    len: usize,
    overscan: usize,
) -> Range<usize> {
    if row <= 0.0 || len == 0 {
        return 0..0;
    }
    let first = (scroll_top.max(0.0) / row).floor() as usize;
    let last = ((scroll_top.max(0.0) + height.max(0.0)) / row).ceil() as usize;
    first.saturating_sub(overscan).min(len)..(last + overscan).min(len)
}

/// The drop position under a pointer `y` pixels below the top of a
/// column's list (scroll included): before the row whose middle is below
/// the pointer, so dropping on a card's upper half goes above it.
pub fn slot_at(y: f64, row: f64, slots: usize) -> usize {
    if row <= 0.0 || slots == 0 {
        return 0;
    }
    let i = ((y / row) + 0.5).floor().max(0.0) as usize;
    i.min(slots - 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::customer::Named;
    use crate::domain::sales::board::BoardColumn;
    use crate::domain::sales::pipeline::Pipeline;
    use chrono::TimeZone;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0)
            .single()
            .expect("t0")
    }

    fn card(id: i64, stage: i64, rank: &str, amount: i64, p: u8) -> DealCard {
        DealCard {
            id,
            title: format!("Deal {id}"),
            account: Some(Named {
                id: 1,
                name: "Acme".into(),
            }),
            amount,
            currency: "USD".into(),
            probability: p,
            probability_overridden: false,
            owner: Some(Named {
                id: 7,
                name: "Ann Lee".into(),
            }),
            team_id: Some(1),
            stage_id: stage,
            status: DealStatus::Open,
            rank: rank.into(),
            version: 1,
            expected_close: None,
            entered_stage_at: t0(),
        }
    }

    fn stage(id: i64, p: u8) -> Stage {
        Stage {
            id,
            name: format!("S{id}"),
            probability: p,
            rotting_days: None,
        }
    }

    fn totals(cards: &[DealCard]) -> ColumnTotals {
        let mut t = ColumnTotals::default();
        for c in cards {
            t.apply(c, 1);
        }
        t
    }

    /// Two columns: stage 10 (20 %) with cards 1, 2, 3 and stage 20
    /// (60 %) with card 4. Column 10 also has 2 cards not yet loaded
    /// (its totals say 5).
    fn board() -> LocalBoard {
        let a = vec![
            card(1, 10, "20", 10_000, 20),
            card(2, 10, "40", 20_000, 20),
            card(3, 10, "60", 30_000, 20),
        ];
        let mut ta = totals(&a);
        ta.apply(&card(98, 10, "80", 1_000, 20), 1);
        ta.apply(&card(99, 10, "90", 1_000, 20), 1);
        let b = vec![card(4, 20, "50", 50_000, 60)];
        let view = BoardView {
            pipelines: vec![(1, "P".into())],
            pipeline: Pipeline {
                id: 1,
                name: "P".into(),
                stages: vec![stage(10, 20), stage(20, 60)],
                version: 1,
            },
            columns: vec![
                BoardColumn {
                    stage: stage(10, 20),
                    totals: ta,
                    cards: a,
                },
                BoardColumn {
                    stage: stage(20, 60),
                    totals: totals(&b),
                    cards: b,
                },
            ],
            won: ColumnTotals::default(),
            lost: ColumnTotals::default(),
            now: t0(),
            can_move: true,
        };
        LocalBoard::new(&view, BoardQuery::default())
    }

    fn ids(b: &LocalBoard, c: usize) -> Vec<i64> {
        b.columns[c].cards.iter().map(|c| c.id).collect()
    }

    fn line(t: &ColumnTotals) -> (u64, i64, i64) {
        t.0.first()
            .map_or((0, 0, 0), |l| (l.count, l.amount, l.weighted))
    }

    #[test]
    fn a_drop_moves_the_card_and_both_totals_at_once() {
        let mut b = board();
        let now = t0() + chrono::Duration::days(3);
        // Card 2 (20,000 at 20 % = 4,000 weighted) onto stage 20 under card 4.
        let req = b
            .drop_card(
                2,
                &Target::Stage {
                    column: 1,
                    index: 1,
                },
                "",
                now,
            )
            .expect("a move");
        assert_eq!(
            req,
            MoveRequest {
                deal_id: 2,
                version: 1,
                to: MoveTo::Stage {
                    stage_id: 20,
                    after: Some(4),
                    before: None
                }
            }
        );
        assert_eq!(ids(&b, 0), vec![1, 3]);
        assert_eq!(ids(&b, 1), vec![4, 2]);
        // Column 10: 5 deals 62,000 / weighted 12,400 → 4 deals 42,000 / 8,400.
        assert_eq!(line(&b.columns[0].totals), (4, 42_000, 8_400));
        // Column 20: 50,000 at 60 % = 30,000; plus 20,000 now at the
        // stage's 60 % = 12,000.
        assert_eq!(line(&b.columns[1].totals), (2, 70_000, 42_000));
        let moved = b.card(2).expect("loaded");
        assert_eq!((moved.stage_id, moved.probability), (20, 60));
        assert_eq!(moved.entered_stage_at, now, "days in stage restart");
    }

    #[test]
    fn a_reorder_names_the_new_neighbours_and_keeps_totals() {
        let mut b = board();
        // Card 3 to the top of its own column: index 0 without card 3.
        let req = b
            .drop_card(
                3,
                &Target::Stage {
                    column: 0,
                    index: 0,
                },
                "",
                t0(),
            )
            .expect("a move");
        assert_eq!(
            req.to,
            MoveTo::Stage {
                stage_id: 10,
                after: None,
                before: Some(1)
            }
        );
        assert_eq!(ids(&b, 0), vec![3, 1, 2]);
        assert_eq!(line(&b.columns[0].totals), (5, 62_000, 12_400));
        assert_eq!(b.card(3).map(|c| c.entered_stage_at), Some(t0()));
        // Dropped where it was: nothing to save.
        assert_eq!(
            b.drop_card(
                3,
                &Target::Stage {
                    column: 0,
                    index: 0
                },
                "",
                t0()
            ),
            None
        );
    }

    #[test]
    fn a_probability_set_by_hand_survives_a_stage_change() {
        let mut b = board();
        b.columns[0].cards[0].probability_overridden = true;
        b.columns[0].cards[0].probability = 90;
        b.drop_card(
            1,
            &Target::Stage {
                column: 1,
                index: 0,
            },
            "",
            t0(),
        );
        assert_eq!(b.card(1).map(|c| c.probability), Some(90));
    }

    #[test]
    fn won_and_lost_leave_the_columns_for_the_zones() {
        let mut b = board();
        let req = b.drop_card(4, &Target::Lost, "budget cut", t0());
        assert_eq!(
            req.map(|r| r.to),
            Some(MoveTo::Lost {
                reason: "budget cut".into()
            })
        );
        assert!(b.columns[1].cards.is_empty());
        assert_eq!(b.columns[1].totals.count(), 0);
        assert_eq!(line(&b.lost), (1, 50_000, 0));
        b.drop_card(1, &Target::Won, "", t0());
        assert_eq!(line(&b.won), (1, 10_000, 10_000));
    }

    #[test]
    fn the_servers_answer_replaces_the_optimistic_card() {
        let mut b = board();
        b.drop_card(
            1,
            &Target::Stage {
                column: 1,
                index: 1,
            },
            "",
            t0(),
        );
        let mut saved = b.card(1).cloned().expect("loaded");
        saved.version = 2;
        saved.rank = "60".into();
        assert_eq!(b.place(saved.clone(), None), Applied::Changed);
        assert_eq!(ids(&b, 1), vec![4, 1]);
        assert_eq!(line(&b.columns[1].totals), (2, 60_000, 36_000));
        // The same card again (its own event): nothing changes.
        assert_eq!(b.place(saved, None), Applied::Ignored);
        assert_eq!(line(&b.columns[1].totals), (2, 60_000, 36_000));
    }

    #[test]
    fn a_refused_drop_goes_back_to_where_the_server_has_it() {
        let mut b = board();
        let before = b.clone();
        b.drop_card(2, &Target::Won, "", t0());
        let server = before.card(2).cloned().expect("card");
        b.restore(server);
        assert_eq!(b, before, "cards, order and totals as before the drop");
    }

    #[test]
    fn someone_elses_move_applies_once_and_stale_events_are_ignored() {
        let mut b = board();
        let before = b.card(1).cloned().expect("card");
        let mut after = before.clone();
        after.stage_id = 20;
        after.probability = 60;
        after.rank = "10".into();
        after.version = 3;
        let event = BoardEvent::Card {
            pipeline_id: 1,
            card: after.clone(),
            before: Some(before.clone()),
            by: 8,
        };
        assert_eq!(b.apply(&event), Applied::Changed);
        assert_eq!(ids(&b, 0), vec![2, 3]);
        assert_eq!(ids(&b, 1), vec![1, 4], "rank 10 sorts above 50");
        assert_eq!(line(&b.columns[0].totals), (4, 52_000, 10_400));
        assert_eq!(b.apply(&event), Applied::Ignored);
        let mut stale = before;
        stale.version = 2;
        let old = BoardEvent::Card {
            pipeline_id: 1,
            card: stale,
            before: None,
            by: 8,
        };
        assert_eq!(b.apply(&old), Applied::Ignored);
        assert_eq!(ids(&b, 1), vec![1, 4]);
    }

    #[test]
    fn a_move_of_an_unloaded_card_corrects_totals_from_before() {
        let mut b = board();
        // Card 99 sits past the loaded part of column 10; it moves to 20.
        let before = card(99, 10, "90", 1_000, 20);
        let mut after = before.clone();
        after.stage_id = 20;
        after.rank = "70".into();
        after.probability = 60;
        after.version = 2;
        b.apply(&BoardEvent::Card {
            pipeline_id: 1,
            card: after,
            before: Some(before),
            by: 8,
        });
        assert_eq!(line(&b.columns[0].totals), (4, 61_000, 12_200));
        // Column 20 is complete, so the card shows, below card 4.
        assert_eq!(ids(&b, 1), vec![4, 99]);
        // A new card ranked past column 10's loaded part counts but is not
        // shown (the column pages it in later, in order).
        let mut fresh = card(50, 10, "95", 5_000, 20);
        fresh.version = 1;
        b.apply(&BoardEvent::Card {
            pipeline_id: 1,
            card: fresh,
            before: None,
            by: 8,
        });
        assert_eq!(ids(&b, 0), vec![1, 2, 3]);
        assert_eq!(b.columns[0].totals.count(), 5);
    }

    #[test]
    fn live_cards_outside_the_filters_or_pipeline_are_left_out() {
        let mut b = board();
        b.query.owner = Some(7);
        let mut other = card(60, 20, "10", 9_000, 60);
        other.owner = Some(Named {
            id: 8,
            name: "Bo".into(),
        });
        b.apply(&BoardEvent::Card {
            pipeline_id: 1,
            card: other,
            before: None,
            by: 8,
        });
        assert_eq!(ids(&b, 1), vec![4]);
        let elsewhere = BoardEvent::Card {
            pipeline_id: 2,
            card: card(61, 20, "10", 9_000, 60),
            before: None,
            by: 8,
        };
        assert_eq!(b.apply(&elsewhere), Applied::Ignored);
        assert_eq!(
            b.apply(&BoardEvent::PipelineChanged { pipeline_id: 1 }),
            Applied::Reload
        );
    }

    #[test]
    fn keys_walk_the_columns_then_won_and_lost() {
        let b = board();
        let start = b.target_of(3).expect("loaded");
        assert_eq!(
            start,
            Target::Stage {
                column: 0,
                index: 2
            }
        );
        // Column 20 has one card, so 2 slots: index 2 clamps to 1.
        let right = b.nudge(3, &start, Nudge::Right);
        assert_eq!(
            right,
            Target::Stage {
                column: 1,
                index: 1
            }
        );
        assert_eq!(b.nudge(3, &right, Nudge::Down), right, "no slot below");
        assert_eq!(
            b.nudge(3, &right, Nudge::Up),
            Target::Stage {
                column: 1,
                index: 0
            }
        );
        let won = b.nudge(3, &right, Nudge::Right);
        assert_eq!(won, Target::Won);
        assert_eq!(b.nudge(3, &won, Nudge::Right), Target::Lost);
        assert_eq!(b.nudge(3, &Target::Lost, Nudge::Right), Target::Lost);
        assert_eq!(
            b.nudge(3, &won, Nudge::Left),
            Target::Stage {
                column: 1,
                index: 0
            }
        );
        // In its own column, 3 slots remain without the lifted card.
        assert_eq!(
            b.nudge(
                3,
                &Target::Stage {
                    column: 0,
                    index: 2
                },
                Nudge::Down
            ),
            Target::Stage {
                column: 0,
                index: 2
            }
        );
    }

    #[test]
    fn paging_in_skips_cards_already_shown() {
        let mut b = board();
        b.append(
            10,
            vec![card(3, 10, "60", 30_000, 20), card(98, 10, "80", 1_000, 20)],
        );
        assert_eq!(ids(&b, 0), vec![1, 2, 3, 98]);
    }

    #[test]
    fn windowing_renders_what_is_in_view_plus_overscan() {
        // 88 px rows, a 600 px column scrolled to 880 px: rows 10..17
        // are in view (17 = ceil(1480 / 88)); 3 rows of overscan each side.
        assert_eq!(visible_rows(880.0, 600.0, 88.0, 1_000, 3), 7..20);
        assert_eq!(visible_rows(0.0, 600.0, 88.0, 4, 3), 0..4);
        assert_eq!(visible_rows(0.0, 600.0, 88.0, 0, 3), 0..0);
        // Upper half of row 2 (y = 2 × 88 + 10) → before row 2; lower half → after.
        assert_eq!(slot_at(186.0, 88.0, 10), 2);
        assert_eq!(slot_at(230.0, 88.0, 10), 3);
        assert_eq!(slot_at(9_999.0, 88.0, 4), 3);
        assert_eq!(slot_at(-50.0, 88.0, 4), 0);
    }
}
