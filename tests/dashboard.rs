//! The home dashboard on SQLite and PostgreSQL: targets set by an
//! administrator only (validated, compare-and-set, audited), and tiles
//! counted in each reader's scope against their own target — a
//! manager's team, an administrator's organisation — worked by hand.

// Amounts are written as yuan_fen (1_000_00 is ¥1,000.00).
#![allow(clippy::inconsistent_digit_grouping)]

mod support;

use cairn::domain::dashboard::{Dashboard, Kpi, Measure, Standing, Targets, TeamTarget, Tile};
use cairn::domain::sales::{BoardQuery, DealInput, MoveRequest, MoveTo};
use cairn::domain::{Action, Actor, AppError, Module, Resource, Role, allowed};
use cairn::store::Store;
use cairn::store::entity::audit_log;
use cairn::store::sales::{board, deals, moves};
use cairn::store::{dashboard, users};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use support::{actor, actor_in, databases};

/// A deal in the first stage, then won, lost or left open.
async fn deal(s: &Store, who: &Actor, amount: &str, currency: &str, end: Option<MoveTo>) {
    let b = board::board(s, who, &BoardQuery::default())
        .await
        .expect("board");
    let d = deals::create(
        s,
        who,
        DealInput {
            title: format!("{amount} {currency}"),
            amount: amount.into(),
            currency: currency.into(),
            pipeline_id: b.pipeline.id,
            stage_id: b.pipeline.stages[0].id,
            expected_close: Some(chrono::Utc::now().date_naive()),
            ..Default::default()
        },
    )
    .await
    .expect("deal");
    if let Some(to) = end {
        moves::move_deal(
            s,
            who,
            MoveRequest {
                deal_id: d.id,
                version: d.version,
                to,
            },
        )
        .await
        .expect("closed");
    }
}

fn tile(d: &Dashboard, k: Kpi) -> Tile {
    d.tiles
        .iter()
        .find(|t| t.kpi == k)
        .unwrap_or_else(|| panic!("no {k:?} tile in {d:?}"))
        .clone()
}

fn cny(amount: i64) -> Option<Measure> {
    Some(Measure::Money {
        amount,
        currency: "CNY".into(),
    })
}

#[tokio::test]
async fn tiles_compare_each_readers_figures_with_their_target() {
    for db in databases().await {
        let s = &db.store;
        let admin = actor(s, "root", Role::Admin).await;
        let mia = actor_in(s, "mia", Role::Manager, "East").await;
        let ann = actor_in(s, "ann", Role::Sales, "East").await;
        let bo = actor_in(s, "bob", Role::Sales, "West").await;
        let service = actor(s, "sam", Role::Service).await;
        let east = users::ensure_team(s, "East").await.expect("team").id;

        // Only administrators set targets; bad values name their field.
        let (t0, v0) = dashboard::targets(s, &admin).await.expect("targets");
        assert_eq!(t0, Targets::default());
        let wanted = Targets {
            currency: "cny".into(),
            revenue: Some(1_000_00),
            team_revenue: vec![TeamTarget {
                team_id: east,
                revenue: 500_00,
            }],
            win_rate_pct: Some(50),
            coverage_tenths: Some(30),
            sla_attainment_pct: Some(80),
            satisfaction_tenths: Some(40),
            projects_at_risk: Some(0),
        };
        assert!(matches!(
            dashboard::set_targets(s, &mia, wanted.clone(), v0).await,
            Err(AppError::Forbidden)
        ));
        assert!(matches!(
            dashboard::targets(s, &mia).await,
            Err(AppError::Forbidden)
        ));
        let bad = Targets {
            win_rate_pct: Some(120),
            ..wanted.clone()
        };
        assert!(matches!(
            dashboard::set_targets(s, &admin, bad, v0).await,
            Err(AppError::Validation { ref field, .. }) if field == "win_rate_pct"
        ));
        let ghost = Targets {
            team_revenue: vec![TeamTarget {
                team_id: 999_999,
                revenue: 1,
            }],
            ..wanted.clone()
        };
        assert!(matches!(
            dashboard::set_targets(s, &admin, ghost, v0).await,
            Err(AppError::Validation { ref field, .. }) if field == "team_revenue"
        ));
        let (saved, v1) = dashboard::set_targets(s, &admin, wanted.clone(), v0)
            .await
            .expect("saved");
        assert_eq!(saved.currency, "CNY");
        assert!(matches!(
            dashboard::set_targets(s, &admin, wanted.clone(), v0).await,
            Err(AppError::Conflict { .. })
        ));
        assert_eq!(dashboard::targets(s, &admin).await.expect("read").1, v1);
        let audited = audit_log::Entity::find()
            .filter(audit_log::Column::Entity.eq("targets"))
            .count(s.conn())
            .await
            .expect("audit");
        assert_eq!(audited, 1, "{}", db.name);

        // East: ¥300 won, ¥100 lost, ¥600 open and due; a won $1,000 is
        // in another currency. West: ¥200 won.
        deal(s, &ann, "300", "CNY", Some(MoveTo::Won)).await;
        deal(
            s,
            &ann,
            "100",
            "CNY",
            Some(MoveTo::Lost {
                reason: "Price".into(),
            }),
        )
        .await;
        deal(s, &ann, "600", "CNY", None).await;
        deal(s, &ann, "1000", "USD", Some(MoveTo::Won)).await;
        deal(s, &bo, "200", "CNY", Some(MoveTo::Won)).await;

        // The East manager: ¥300 of East's ¥500 (60 %), 1 of 2 won (50 %,
        // on target), ¥600 due against the ¥200 still to win (3.0×, on
        // target). Service and project tiles only if they read those.
        let d = dashboard::dashboard(s, &mia).await.expect("dashboard");
        let revenue = tile(&d, Kpi::Revenue);
        assert_eq!((revenue.value, revenue.target), (cny(300_00), cny(500_00)));
        assert_eq!(
            (revenue.standing, revenue.progress_pct, revenue.basis),
            (Standing::Behind, Some(60), Some(1))
        );
        let win = tile(&d, Kpi::WinRate);
        assert_eq!(
            (win.value, win.standing),
            (Some(Measure::Percent(50.0)), Standing::Met)
        );
        let cover = tile(&d, Kpi::Coverage);
        assert_eq!(
            (cover.value, cover.standing),
            (Some(Measure::Times(3.0)), Standing::Met)
        );
        let reads = |m: Module| allowed(&mia, Action::Read, Resource::Module(m));
        assert_eq!(
            d.tiles.iter().any(|t| t.kpi == Kpi::SlaAttainment),
            reads(Module::Service)
        );
        assert_eq!(
            d.tiles.iter().any(|t| t.kpi == Kpi::ProjectsAtRisk),
            reads(Module::Projects)
        );

        // The administrator sees everyone: ¥500 of ¥1,000, 2 of 3 won,
        // ¥600 against ¥500 to go (1.2×, behind), and every module.
        let d = dashboard::dashboard(s, &admin).await.expect("dashboard");
        let revenue = tile(&d, Kpi::Revenue);
        assert_eq!(
            (revenue.value, revenue.target),
            (cny(500_00), cny(1_000_00))
        );
        assert_eq!(revenue.progress_pct, Some(50));
        let win = tile(&d, Kpi::WinRate);
        assert!(matches!(win.value, Some(Measure::Percent(p)) if (p - 200.0 / 3.0).abs() < 1e-9));
        assert_eq!(win.basis, Some(3));
        let cover = tile(&d, Kpi::Coverage);
        assert_eq!(
            (cover.value, cover.standing),
            (Some(Measure::Times(1.2)), Standing::Behind)
        );
        assert_eq!(tile(&d, Kpi::SlaAttainment).standing, Standing::NoData);
        let risk = tile(&d, Kpi::ProjectsAtRisk);
        assert_eq!(
            (risk.value, risk.standing),
            (Some(Measure::Count(0)), Standing::Met)
        );

        // West has no target of its own: Bo's figure stands alone.
        let d = dashboard::dashboard(s, &bo).await.expect("dashboard");
        let revenue = tile(&d, Kpi::Revenue);
        assert_eq!(
            (revenue.value, revenue.standing),
            (cny(200_00), Standing::NoTarget)
        );

        // The service desk's reader gets the desk's tiles, not sales'.
        let d = dashboard::dashboard(s, &service).await.expect("dashboard");
        let kinds: Vec<Kpi> = d.tiles.iter().map(|t| t.kpi).collect();
        assert!(kinds.contains(&Kpi::SlaAttainment) && kinds.contains(&Kpi::Satisfaction));
        assert!(!kinds.contains(&Kpi::Revenue));
    }
}
