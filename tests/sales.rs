//! Sales store behaviour on SQLite and PostgreSQL: the board and its
//! totals, moves with stage history, conflicts, permissions, rank order
//! under concurrent moves, live events and the forecast's facts.

mod support;

use std::time::Duration;

use cairn::domain::sales::{
    BoardEvent, BoardQuery, BoardView, DealInput, DealStatus, MoveRequest, MoveTo,
};
use cairn::domain::{Actor, AppError, Role};
use cairn::store::Store;
use cairn::store::entity::{audit_log, stage_visit};
use cairn::store::sales::{board, deals, events, forecast, moves};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use support::{actor, actor_in, databases};

async fn board_of(s: &Store, who: &Actor) -> BoardView {
    board::board(s, who, &BoardQuery::default())
        .await
        .expect("board")
}

async fn new_deal(s: &Store, who: &Actor, title: &str, amount: &str, stage: usize) -> i64 {
    let b = board_of(s, who).await;
    deals::create(
        s,
        who,
        DealInput {
            title: title.into(),
            amount: amount.into(),
            currency: "CNY".into(),
            pipeline_id: b.pipeline.id,
            stage_id: b.pipeline.stages[stage].id,
            ..Default::default()
        },
    )
    .await
    .expect("create deal")
    .id
}

fn column_ids(b: &BoardView, stage: usize) -> Vec<i64> {
    b.columns[stage].cards.iter().map(|c| c.id).collect()
}

#[tokio::test]
async fn a_move_changes_the_totals_and_writes_the_stage_history() {
    for db in databases().await {
        let s = &db.store;
        let ann = actor_in(s, "ann", Role::Sales, "East").await;
        let b = board_of(s, &ann).await;
        assert_eq!(b.pipeline.stages.len(), 5, "the default pipeline");
        let (p0, p1) = (
            b.pipeline.stages[0].probability,
            b.pipeline.stages[1].probability,
        );
        assert_eq!((p0, p1), (10, 25));
        let big = new_deal(s, &ann, "Big", "10,000.00", 0).await;
        let _small = new_deal(s, &ann, "Small", "2,500.50", 0).await;
        let b = board_of(s, &ann).await;
        let t0 = &b.columns[0].totals.0[0];
        // 10,000.00 + 2,500.50; weighted at 10 %: 1,000.00 + 250.05.
        assert_eq!(
            (t0.count, t0.amount, t0.weighted),
            (2, 1_250_050, 125_005),
            "{}",
            db.name
        );
        assert_eq!(column_ids(&b, 0)[1], big, "new deals go on top");

        let card = b.columns[0]
            .cards
            .iter()
            .find(|c| c.id == big)
            .expect("card")
            .clone();
        let moved = moves::move_deal(
            s,
            &ann,
            MoveRequest {
                deal_id: big,
                version: card.version,
                to: MoveTo::Stage {
                    stage_id: b.pipeline.stages[1].id,
                    after: None,
                    before: None,
                },
            },
        )
        .await
        .expect("move");
        assert_eq!(
            (moved.stage_id, moved.probability, moved.version),
            (b.pipeline.stages[1].id, 25, card.version + 1)
        );
        let b2 = board_of(s, &ann).await;
        let (c0, c1) = (&b2.columns[0].totals.0[0], &b2.columns[1].totals.0[0]);
        assert_eq!((c0.count, c0.amount, c0.weighted), (1, 250_050, 25_005));
        // 10,000.00 at 25 %.
        assert_eq!((c1.count, c1.amount, c1.weighted), (1, 1_000_000, 250_000));

        let visits = stage_visit::Entity::find()
            .filter(stage_visit::Column::DealId.eq(big))
            .order_by_asc(stage_visit::Column::Id)
            .all(s.conn())
            .await
            .expect("visits");
        assert_eq!(visits.len(), 2, "{}", db.name);
        assert_eq!(visits[0].stage_id, b.pipeline.stages[0].id);
        assert!(visits[0].left_at.is_some());
        assert_eq!(
            (visits[1].stage_id, visits[1].left_at),
            (b.pipeline.stages[1].id, None)
        );
        let audits = audit_log::Entity::find()
            .filter(audit_log::Column::Entity.eq("deal"))
            .filter(audit_log::Column::Action.eq("move"))
            .count(s.conn())
            .await
            .expect("audit");
        assert_eq!(audits, 1);
        let view = deals::get(s, &ann, big).await.expect("get");
        assert_eq!(view.history.len(), 2);
    }
}

#[tokio::test]
async fn a_stale_version_is_a_conflict_and_moves_nothing() {
    for db in databases().await {
        let s = &db.store;
        let ann = actor_in(s, "ann", Role::Sales, "East").await;
        let id = new_deal(s, &ann, "Contested", "5000", 0).await;
        let b = board_of(s, &ann).await;
        let v = b.columns[0].cards[0].version;
        let to = |stage: usize| MoveTo::Stage {
            stage_id: b.pipeline.stages[stage].id,
            after: None,
            before: None,
        };
        moves::move_deal(
            s,
            &ann,
            MoveRequest {
                deal_id: id,
                version: v,
                to: to(2),
            },
        )
        .await
        .expect("first move");
        let err = moves::move_deal(
            s,
            &ann,
            MoveRequest {
                deal_id: id,
                version: v,
                to: to(3),
            },
        )
        .await
        .expect_err("stale");
        assert_eq!(
            err,
            AppError::Conflict {
                entity: "deal".into(),
                current_version: v + 1
            },
            "{}",
            db.name
        );
        let now = board::card(s, &ann, id).await.expect("card");
        assert_eq!(
            (now.stage_id, now.version),
            (b.pipeline.stages[2].id, v + 1),
            "the first move stands"
        );
    }
}

#[tokio::test]
async fn who_may_move_which_deal() {
    for db in databases().await {
        let s = &db.store;
        let ann = actor_in(s, "ann", Role::Sales, "East").await;
        let amy = actor_in(s, "amy", Role::Sales, "East").await;
        let wes = actor_in(s, "wes", Role::Sales, "West").await;
        let boss = actor_in(s, "boss", Role::Manager, "East").await;
        let admin = actor(s, "admin", Role::Admin).await;
        let viewer = actor(s, "viewer", Role::Viewer).await;
        let service = actor(s, "service", Role::Service).await;
        let id = new_deal(s, &ann, "Ann's", "100", 0).await;
        let stages = board_of(s, &ann).await.pipeline.stages;
        // (who, expected): the owner and those over the team move it; a
        // teammate sees it but may not move it; another team does not
        // even see it; read-only roles may not move.
        let cases: [(&Actor, Result<(), AppError>); 7] = [
            (&amy, Err(AppError::Forbidden)),
            (&wes, Err(AppError::not_found("deal"))),
            (&viewer, Err(AppError::Forbidden)),
            (&service, Err(AppError::Forbidden)),
            (&boss, Ok(())),
            (&admin, Ok(())),
            (&ann, Ok(())),
        ];
        for (i, (who, want)) in cases.iter().enumerate() {
            let card = board::card(s, &admin, id).await.expect("card");
            let got = moves::move_deal(
                s,
                who,
                MoveRequest {
                    deal_id: id,
                    version: card.version,
                    to: MoveTo::Stage {
                        stage_id: stages[(i + 1) % stages.len()].id,
                        after: None,
                        before: None,
                    },
                },
            )
            .await
            .map(|_| ());
            assert_eq!(&got, want, "{}: {:?}", db.name, who.role);
        }
        // The other team's board does not show it; the teammate's does.
        let west = board_of(s, &wes).await;
        assert!(
            west.columns
                .iter()
                .all(|c| c.cards.iter().all(|d| d.id != id))
        );
        let east = board_of(s, &amy).await;
        assert!(
            east.columns
                .iter()
                .any(|c| c.cards.iter().any(|d| d.id == id))
        );
        assert!(
            deals::create(
                s,
                &viewer,
                DealInput {
                    title: "no".into(),
                    amount: "1".into(),
                    currency: "CNY".into(),
                    pipeline_id: west.pipeline.id,
                    stage_id: stages[0].id,
                    ..Default::default()
                }
            )
            .await
            .is_err()
        );
    }
}

#[tokio::test]
async fn cards_keep_their_order_through_reorders_and_concurrent_drops() {
    for db in databases().await {
        let s = &db.store;
        let ann = actor_in(s, "ann", Role::Sales, "East").await;
        let mut ids = Vec::new();
        for i in 0..6 {
            ids.push(new_deal(s, &ann, &format!("D{i}"), "100", 0).await);
        }
        let b = board_of(s, &ann).await;
        let stage0 = b.pipeline.stages[0].id;
        let before = column_ids(&b, 0);
        assert_eq!(before, ids.iter().rev().copied().collect::<Vec<_>>());
        // Move the bottom card below the top one.
        let bottom = b.columns[0].cards.last().expect("bottom").clone();
        moves::move_deal(
            s,
            &ann,
            MoveRequest {
                deal_id: bottom.id,
                version: bottom.version,
                to: MoveTo::Stage {
                    stage_id: stage0,
                    after: Some(before[0]),
                    before: Some(before[1]),
                },
            },
        )
        .await
        .expect("reorder");
        let after = column_ids(&board_of(s, &ann).await, 0);
        let mut want = before.clone();
        want.pop();
        want.insert(1, bottom.id);
        assert_eq!(after, want, "{}", db.name);

        // Five people drop five cards into the same gap of the next stage
        // at once: every move lands, and the column is strictly ordered.
        let stage1 = b.pipeline.stages[1].id;
        let anchor = new_deal(s, &ann, "Anchor", "1", 1).await;
        let cards = board_of(s, &ann).await.columns[0].cards.clone();
        let mut tasks = Vec::new();
        for c in cards.iter().take(5) {
            let (s, ann, c) = (s.clone(), ann, c.clone());
            tasks.push(tokio::spawn(async move {
                moves::move_deal(
                    &s,
                    &ann,
                    MoveRequest {
                        deal_id: c.id,
                        version: c.version,
                        to: MoveTo::Stage {
                            stage_id: stage1,
                            after: Some(anchor),
                            before: None,
                        },
                    },
                )
                .await
            }));
        }
        for t in tasks {
            t.await.expect("task").expect("every concurrent move lands");
        }
        let col = board_of(s, &ann).await.columns[1].cards.clone();
        assert_eq!(col.len(), 6, "{}", db.name);
        assert_eq!(col[0].id, anchor, "all dropped below the anchor");
        assert!(
            col.windows(2).all(|w| w[0].rank < w[1].rank),
            "{}: strict order {col:?}",
            db.name
        );
    }
}

#[tokio::test]
async fn won_lost_and_back_into_play() {
    for db in databases().await {
        let s = &db.store;
        let ann = actor_in(s, "ann", Role::Sales, "East").await;
        let id = new_deal(s, &ann, "Maybe", "300", 2).await;
        let b = board_of(s, &ann).await;
        let v = b.columns[2].cards[0].version;
        let no_reason = moves::move_deal(
            s,
            &ann,
            MoveRequest {
                deal_id: id,
                version: v,
                to: MoveTo::Lost { reason: " ".into() },
            },
        )
        .await;
        assert!(
            matches!(no_reason, Err(AppError::Validation { ref field, .. }) if field == "reason"),
            "{no_reason:?}"
        );
        let lost = moves::move_deal(
            s,
            &ann,
            MoveRequest {
                deal_id: id,
                version: v,
                to: MoveTo::Lost {
                    reason: "Budget cut".into(),
                },
            },
        )
        .await
        .expect("lost");
        assert_eq!((lost.status, lost.probability), (DealStatus::Lost, 0));
        let b = board_of(s, &ann).await;
        assert_eq!(b.columns[2].totals.count(), 0);
        assert_eq!(
            (b.lost.count(), b.lost.0[0].amount),
            (1, 30_000),
            "{}",
            db.name
        );
        let view = deals::get(s, &ann, id).await.expect("view");
        assert_eq!(view.lost_reason, "Budget cut");
        assert!(
            view.history.iter().all(|h| h.left_at.is_some()),
            "the stay ended"
        );
        let back = moves::move_deal(
            s,
            &ann,
            MoveRequest {
                deal_id: id,
                version: lost.version,
                to: MoveTo::Reopen {
                    stage_id: b.pipeline.stages[1].id,
                },
            },
        )
        .await
        .expect("reopen");
        assert_eq!((back.status, back.probability), (DealStatus::Open, 25));
        let won = moves::move_deal(
            s,
            &ann,
            MoveRequest {
                deal_id: id,
                version: back.version,
                to: MoveTo::Won,
            },
        )
        .await
        .expect("won");
        assert_eq!((won.status, won.probability), (DealStatus::Won, 100));
        assert_eq!(board_of(s, &ann).await.won.count(), 1);
    }
}

#[tokio::test]
async fn a_move_is_heard_live_and_only_by_those_who_may_see_it() {
    for db in databases().await {
        let s = &db.store;
        events::spawn_listener(s);
        tokio::time::timeout(Duration::from_secs(5), s.hub().ready())
            .await
            .expect("listener ready");
        let ann = actor_in(s, "ann", Role::Sales, "East").await;
        let id = new_deal(s, &ann, "Live", "100", 0).await;
        let b = board_of(s, &ann).await;
        let mut rx = s.hub().subscribe();
        moves::move_deal(
            s,
            &ann,
            MoveRequest {
                deal_id: id,
                version: b.columns[0].cards[0].version,
                to: MoveTo::Stage {
                    stage_id: b.pipeline.stages[3].id,
                    after: None,
                    before: None,
                },
            },
        )
        .await
        .expect("move");
        let heard = tokio::time::timeout(Duration::from_secs(2), async {
            loop {
                match rx.recv().await {
                    Ok(BoardEvent::Card { card, .. }) if card.id == id => return card,
                    Ok(_) => continue,
                    Err(e) => panic!("{e}"),
                }
            }
        })
        .await
        .expect("heard within 2 s");
        assert_eq!(heard.stage_id, b.pipeline.stages[3].id, "{}", db.name);
        assert_eq!(
            heard.team_id, ann.team_id,
            "events carry what the server filters on"
        );
    }
}

#[tokio::test]
async fn the_forecast_adds_up_what_the_board_shows() {
    for db in databases().await {
        let s = &db.store;
        let ann = actor_in(s, "ann", Role::Sales, "East").await;
        new_deal(s, &ann, "A", "1000", 0).await;
        new_deal(s, &ann, "B", "3000", 3).await;
        let r = forecast::report(s, &ann, &Default::default())
            .await
            .expect("forecast");
        assert_eq!(r.currency, "CNY");
        // No close dates: both undated; by stage 1,000.00 at 10 % and
        // 3,000.00 at 75 %.
        assert_eq!(r.forecast.undated_open, 2, "{}", db.name);
        let weighted: i64 = r.forecast.by_stage.iter().map(|g| g.weighted).sum();
        assert_eq!(weighted, 10_000 + 225_000);
        // A sits in the first stage; B was created in the fourth, so it
        // has passed the first three too.
        let reached: Vec<u64> = r.forecast.funnel.iter().map(|s| s.reached).collect();
        assert_eq!(reached, vec![2, 1, 1, 1, 0, 0], "{}", db.name);
    }
}
