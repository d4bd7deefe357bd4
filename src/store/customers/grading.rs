//! Grades: the rules (a setting an admin edits) and keeping every
//! account's stored grade current when its inputs change.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

use crate::domain::customer::{Grade, GradeInputs, GradeRules, Lifecycle};
use crate::domain::{Action, Actor, AppResult, Resource, authorize};
use crate::store::db::internal;
use crate::store::entity::account;
use crate::store::{Store, audit, settings};

const KEY: &str = "grade_rules";

/// The rules and their version (for the admin form's compare-and-set).
pub async fn rules<C: ConnectionTrait>(conn: &C) -> AppResult<(GradeRules, i64)> {
    settings::get(conn, KEY).await
}

/// Anyone who reads customers may read the rules (the badge explains
/// itself); only an admin changes them.
pub async fn get_rules(store: &Store, actor: &Actor) -> AppResult<(GradeRules, i64)> {
    authorize(
        actor,
        Action::Read,
        Resource::Module(crate::domain::Module::Customers),
    )?;
    rules(store.conn()).await
}

/// Saves new rules and regrades every account, in one transaction.
pub async fn set_rules(
    store: &Store,
    actor: &Actor,
    new: GradeRules,
    version: i64,
) -> AppResult<(GradeRules, i64)> {
    authorize(
        actor,
        Action::Update,
        Resource::Module(crate::domain::Module::Admin),
    )?;
    new.validate()?;
    let txn = store.write().await?;
    let (old, _) = rules(&txn).await?;
    let saved = settings::put(&txn, KEY, &new, version).await?;
    audit::record(
        &txn,
        Some(actor),
        "grade_rules",
        KEY,
        "update",
        Some(&old),
        Some(&new),
    )
    .await?;
    regrade_all(&txn, &new, Utc::now()).await?;
    txn.commit().await.map_err(internal)?;
    Ok((new, saved))
}

/// The grade of one stored account under `rules` at `now`. Deals do not
/// exist yet, so won revenue and pipeline are zero until the sales module
/// provides them.
pub fn grade_of(
    rules: &GradeRules,
    lifecycle: &str,
    annual_revenue: Option<i64>,
    last_activity_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Grade {
    rules.grade(&GradeInputs {
        won_last_12_months: 0,
        open_pipeline: 0,
        annual_revenue: annual_revenue.unwrap_or(0),
        days_since_activity: last_activity_at.map(|t| Ord::max((now - t).num_days(), 0)),
        lifecycle: Lifecycle::parse(lifecycle).unwrap_or(Lifecycle::Prospect),
    })
}

/// Recomputes one account's grade (after its inputs changed).
pub async fn regrade<C: ConnectionTrait>(conn: &C, account_id: i64) -> AppResult<()> {
    let (rules, _) = rules(conn).await?;
    if let Some(a) = account::Entity::find_by_id(account_id)
        .one(conn)
        .await
        .map_err(internal)?
    {
        let g = grade_of(
            &rules,
            &a.lifecycle,
            a.annual_revenue,
            a.last_activity_at,
            Utc::now(),
        );
        if g.as_str() != a.grade {
            account::Entity::update_many()
                .col_expr(account::Column::Grade, Expr::value(g.as_str()))
                .filter(account::Column::Id.eq(account_id))
                .exec(conn)
                .await
                .map_err(internal)?;
        }
    }
    Ok(())
}

/// (id, lifecycle, annual revenue, last activity, stored grade).
type GradeRow = (i64, String, Option<i64>, Option<DateTime<Utc>>, String);

/// Recomputes every account's grade: after the rules change, and daily
/// (recency moves with the calendar). Reads the inputs in one pass and
/// writes only the grades that changed, grouped by grade.
pub async fn regrade_all<C: ConnectionTrait>(
    conn: &C,
    rules: &GradeRules,
    now: DateTime<Utc>,
) -> AppResult<u64> {
    let rows: Vec<GradeRow> = account::Entity::find()
        .select_only()
        .column(account::Column::Id)
        .column(account::Column::Lifecycle)
        .column(account::Column::AnnualRevenue)
        .column(account::Column::LastActivityAt)
        .column(account::Column::Grade)
        .into_tuple()
        .all(conn)
        .await
        .map_err(internal)?;
    let mut changed: std::collections::HashMap<Grade, Vec<i64>> = Default::default();
    for (id, lifecycle, revenue, last, grade) in rows {
        let g = grade_of(rules, &lifecycle, revenue, last, now);
        if g.as_str() != grade {
            changed.entry(g).or_default().push(id);
        }
    }
    let mut n = 0;
    for (g, ids) in changed {
        for chunk in ids.chunks(500) {
            n += account::Entity::update_many()
                .col_expr(account::Column::Grade, Expr::value(g.as_str()))
                .filter(account::Column::Id.is_in(chunk.to_vec()))
                .exec(conn)
                .await
                .map_err(internal)?
                .rows_affected;
        }
    }
    Ok(n)
}

/// The daily sweep's entry point.
pub async fn regrade_everything(store: &Store) -> AppResult<u64> {
    let txn = store.write().await?;
    let (rules, _) = rules(&txn).await?;
    let n = regrade_all(&txn, &rules, Utc::now()).await?;
    // Grades drift with the calendar; one row says when the nightly pass
    // moved them and how many (no user acted, so no actor).
    if n > 0 {
        audit::record(
            &txn,
            None,
            "grade_rules",
            KEY,
            "regrade",
            None::<&()>,
            Some(&serde_json::json!({ "accounts_regraded": n })),
        )
        .await?;
    }
    txn.commit().await.map_err(internal)?;
    Ok(n)
}
