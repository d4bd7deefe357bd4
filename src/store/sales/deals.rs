//! Deals: create, read, edit, delete, and the cards the board shows.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::sea_query::{Expr, Order};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use super::{events, rank_at_top};
use crate::domain::automation::{Event, Subject};
use crate::domain::customer::{Named, Page};
use crate::domain::sales::board::DealSort;
use crate::domain::sales::{
    BoardEvent, BoardQuery, DealCard, DealInput, DealStatus, DealView, StageVisit, ValidDeal,
};
use crate::domain::{Action, Actor, AppError, AppResult, Module, Resource, authorize};
use crate::store::automation;
use crate::store::customers::common::{
    Names, authorize_read_in, capped_count, cas_update, conflict, owner_and_team_in,
};
use crate::store::db::internal;
use crate::store::entity::{account, contact, deal, deal_contact, stage, stage_visit};
use crate::store::{Store, audit};

const ENTITY: &str = "deal";

/// Cards for `models`, with their accounts' and owners' names.
pub(crate) async fn cards<C: ConnectionTrait>(
    conn: &C,
    models: &[deal::Model],
) -> AppResult<Vec<DealCard>> {
    let names = Names::load(conn, models.iter().map(|m| m.owner_id), []).await?;
    let account_ids: Vec<i64> = models.iter().filter_map(|m| m.account_id).collect();
    let accounts: HashMap<i64, String> = if account_ids.is_empty() {
        HashMap::new()
    } else {
        account::Entity::find()
            .select_only()
            .column(account::Column::Id)
            .column(account::Column::Name)
            .filter(account::Column::Id.is_in(account_ids))
            .into_tuple::<(i64, String)>()
            .all(conn)
            .await
            .map_err(internal)?
            .into_iter()
            .collect()
    };
    Ok(models
        .iter()
        .map(|m| DealCard {
            id: m.id,
            title: m.title.clone(),
            account: m.account_id.map(|id| Named {
                id,
                name: accounts.get(&id).cloned().unwrap_or_default(),
            }),
            amount: m.amount,
            currency: m.currency.clone(),
            probability: probability(m.probability),
            probability_overridden: m.probability_overridden,
            owner: names.user(m.owner_id),
            team_id: m.team_id,
            stage_id: m.stage_id,
            status: DealStatus::parse(&m.status).unwrap_or_default(),
            rank: m.rank.clone(),
            version: m.version,
            expected_close: m.expected_close,
            entered_stage_at: m.entered_stage_at,
        })
        .collect())
}

pub(crate) fn probability(p: i16) -> u8 {
    u8::try_from(p.clamp(0, 100)).unwrap_or(0)
}

pub(crate) async fn card<C: ConnectionTrait>(conn: &C, m: &deal::Model) -> AppResult<DealCard> {
    cards(conn, std::slice::from_ref(m))
        .await?
        .pop()
        .ok_or_else(|| AppError::Internal("a card went missing".into()))
}

pub(crate) async fn load<C: ConnectionTrait>(conn: &C, id: i64) -> AppResult<deal::Model> {
    deal::Entity::find_by_id(id)
        .filter(deal::Column::DeletedAt.is_null())
        .one(conn)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::not_found(ENTITY))
}

async fn view<C: ConnectionTrait>(conn: &C, m: &deal::Model) -> AppResult<DealView> {
    let names = Names::load(conn, [m.owner_id], [m.team_id]).await?;
    let stages: HashMap<i64, String> = stage::Entity::find()
        .filter(stage::Column::PipelineId.eq(m.pipeline_id))
        .all(conn)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|s| (s.id, s.name))
        .collect();
    let account = match m.account_id {
        Some(id) => account::Entity::find_by_id(id)
            .one(conn)
            .await
            .map_err(internal)?
            .map(|a| Named { id, name: a.name }),
        None => None,
    };
    let contact_ids: Vec<i64> = deal_contact::Entity::find()
        .filter(deal_contact::Column::DealId.eq(m.id))
        .all(conn)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|c| c.contact_id)
        .collect();
    let contacts = if contact_ids.is_empty() {
        Vec::new()
    } else {
        contact::Entity::find()
            .filter(contact::Column::Id.is_in(contact_ids))
            .order_by_asc(contact::Column::SortKey)
            .all(conn)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|c| Named {
                id: c.id,
                name: c.name,
            })
            .collect()
    };
    let history = stage_visit::Entity::find()
        .filter(stage_visit::Column::DealId.eq(m.id))
        .order_by_asc(stage_visit::Column::EnteredAt)
        .order_by_asc(stage_visit::Column::Id)
        .all(conn)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|v| StageVisit {
            stage_id: v.stage_id,
            stage_name: stages.get(&v.stage_id).cloned().unwrap_or_default(),
            entered_at: v.entered_at,
            left_at: v.left_at,
        })
        .collect();
    Ok(DealView {
        id: m.id,
        title: m.title.clone(),
        account,
        contacts,
        amount: m.amount,
        currency: m.currency.clone(),
        expected_close: m.expected_close,
        owner: names.user(m.owner_id),
        team: names.team(m.team_id),
        pipeline_id: m.pipeline_id,
        stage_id: m.stage_id,
        stage_name: stages.get(&m.stage_id).cloned().unwrap_or_default(),
        probability: probability(m.probability),
        probability_overridden: m.probability_overridden,
        status: DealStatus::parse(&m.status).unwrap_or_default(),
        lost_reason: m.lost_reason.clone(),
        notes: m.notes.clone(),
        version: m.version,
        created_at: m.created_at,
        closed_at: m.closed_at,
        entered_stage_at: m.entered_stage_at,
        history,
    })
}

/// The stage, which must belong to the pipeline.
pub(crate) async fn stage_in<C: ConnectionTrait>(
    conn: &C,
    pipeline_id: i64,
    stage_id: i64,
) -> AppResult<stage::Model> {
    stage::Entity::find_by_id(stage_id)
        .filter(stage::Column::PipelineId.eq(pipeline_id))
        .one(conn)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::invalid("stage_id", "is not a stage of this pipeline"))
}

/// The account and contacts must exist and be visible to the actor.
async fn check_links<C: ConnectionTrait>(conn: &C, actor: &Actor, v: &ValidDeal) -> AppResult<()> {
    if let Some(a) = v.account_id {
        let m = account::Entity::find_by_id(a)
            .filter(account::Column::DeletedAt.is_null())
            .one(conn)
            .await
            .map_err(internal)?
            .ok_or_else(|| AppError::invalid("account_id", "is not an account"))?;
        authorize_read_in(actor, Module::Customers, m.owner_id, m.team_id, "account")
            .map_err(|_| AppError::invalid("account_id", "is not an account"))?;
    }
    if !v.contact_ids.is_empty() {
        let found = contact::Entity::find()
            .filter(contact::Column::Id.is_in(v.contact_ids.clone()))
            .filter(contact::Column::DeletedAt.is_null())
            .all(conn)
            .await
            .map_err(internal)?;
        let visible = found.iter().all(|c| {
            authorize_read_in(actor, Module::Customers, c.owner_id, c.team_id, "contact").is_ok()
        });
        if found.len() != v.contact_ids.len() || !visible {
            return Err(AppError::invalid(
                "contact_ids",
                "lists someone who is not a contact",
            ));
        }
    }
    Ok(())
}

async fn write_contacts<C: ConnectionTrait>(conn: &C, deal_id: i64, ids: &[i64]) -> AppResult<()> {
    deal_contact::Entity::delete_many()
        .filter(deal_contact::Column::DealId.eq(deal_id))
        .exec(conn)
        .await
        .map_err(internal)?;
    if !ids.is_empty() {
        deal_contact::Entity::insert_many(ids.iter().map(|c| deal_contact::ActiveModel {
            deal_id: Set(deal_id),
            contact_id: Set(*c),
        }))
        .exec(conn)
        .await
        .map_err(internal)?;
    }
    Ok(())
}

/// Opens a stay in `stage_id` (closing the deal's open one, if any).
pub(crate) async fn enter_stage<C: ConnectionTrait>(
    conn: &C,
    deal_id: i64,
    stage_id: Option<i64>,
    at: chrono::DateTime<Utc>,
) -> AppResult<()> {
    stage_visit::Entity::update_many()
        .col_expr(stage_visit::Column::LeftAt, Expr::value(at))
        .filter(stage_visit::Column::DealId.eq(deal_id))
        .filter(stage_visit::Column::LeftAt.is_null())
        .exec(conn)
        .await
        .map_err(internal)?;
    if let Some(s) = stage_id {
        stage_visit::ActiveModel {
            deal_id: Set(deal_id),
            stage_id: Set(s),
            entered_at: Set(at),
            left_at: Set(None),
            ..Default::default()
        }
        .insert(conn)
        .await
        .map_err(internal)?;
    }
    Ok(())
}

/// A new open deal, at the top of its stage.
pub async fn create(store: &Store, actor: &Actor, input: DealInput) -> AppResult<DealView> {
    authorize(actor, Action::Create, Resource::Module(Module::Sales))?;
    let v = input.validated()?;
    let txn = store.write().await?;
    let (owner_id, team_id) = owner_and_team_in(
        &txn,
        actor,
        Module::Sales,
        v.owner_id,
        v.team_id,
        Action::Create,
    )
    .await?;
    check_links(&txn, actor, &v).await?;
    let stage = stage_in(&txn, v.pipeline_id, v.stage_id).await?;
    let rank = rank_at_top(&txn, store, stage.id).await?;
    let now = Utc::now();
    let m = deal::ActiveModel {
        title: Set(v.title.clone()),
        account_id: Set(v.account_id),
        amount: Set(v.amount),
        currency: Set(v.currency.clone()),
        expected_close: Set(v.expected_close),
        owner_id: Set(owner_id),
        team_id: Set(team_id),
        pipeline_id: Set(v.pipeline_id),
        stage_id: Set(stage.id),
        probability: Set(v.probability.map(i16::from).unwrap_or(stage.probability)),
        probability_overridden: Set(v.probability.is_some()),
        status: Set(DealStatus::Open.as_str().to_owned()),
        lost_reason: Set(String::new()),
        rank: Set(rank),
        notes: Set(v.notes.clone()),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        closed_at: Set(None),
        entered_stage_at: Set(now),
        deleted_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(internal)?;
    write_contacts(&txn, m.id, &v.contact_ids).await?;
    enter_stage(&txn, m.id, Some(stage.id), now).await?;
    let fired = automation::on(
        &txn,
        actor,
        &[
            Event::Created(Subject::Deal),
            Event::DealEnteredStage { stage_id: stage.id },
        ],
        Subject::Deal,
        m.id,
    )
    .await?;
    // As the rules left it.
    let m = load(&txn, m.id).await?;
    let after = view(&txn, &m).await?;
    audit::record(
        &txn,
        Some(actor),
        ENTITY,
        m.id,
        "create",
        None::<&()>,
        Some(&after),
    )
    .await?;
    let card = card(&txn, &m).await?;
    txn.commit().await.map_err(internal)?;
    events::publish(
        store,
        BoardEvent::Card {
            pipeline_id: m.pipeline_id,
            card,
            before: None,
            by: actor.user_id,
        },
    )
    .await;
    automation::announce(store, fired).await;
    Ok(after)
}

pub async fn get(store: &Store, actor: &Actor, id: i64) -> AppResult<DealView> {
    authorize(actor, Action::Read, Resource::Module(Module::Sales))?;
    let m = load(store.conn(), id).await?;
    authorize_read_in(actor, Module::Sales, m.owner_id, m.team_id, ENTITY)?;
    view(store.conn(), &m).await
}

/// Edits a deal's fields. A new stage (or pipeline) puts the card at the
/// top of its new column and starts a new stay there; status changes go
/// through [`super::moves::move_deal`].
pub async fn update(
    store: &Store,
    actor: &Actor,
    id: i64,
    version: i64,
    input: DealInput,
) -> AppResult<DealView> {
    // Which deal is decided per record, below; a role that may change
    // none is refused before its input is read.
    crate::domain::authorize_writer(actor, Module::Sales)?;
    let v = input.validated()?;
    let txn = store.write().await?;
    let before_m = load(&txn, id).await?;
    authorize_read_in(
        actor,
        Module::Sales,
        before_m.owner_id,
        before_m.team_id,
        ENTITY,
    )?;
    authorize(
        actor,
        Action::Update,
        crate::store::customers::common::record_in(
            Module::Sales,
            before_m.owner_id,
            before_m.team_id,
        ),
    )?;
    if before_m.version != version {
        return Err(conflict(ENTITY, before_m.version));
    }
    let before = view(&txn, &before_m).await?;
    let (owner_id, team_id) = owner_and_team_in(
        &txn,
        actor,
        Module::Sales,
        v.owner_id.or(before_m.owner_id),
        v.team_id,
        Action::Update,
    )
    .await?;
    check_links(&txn, actor, &v).await?;
    let stage = stage_in(&txn, v.pipeline_id, v.stage_id).await?;
    let now = Utc::now();
    let moved = stage.id != before_m.stage_id;
    let mut sets: Vec<(&'static str, sea_orm::sea_query::SimpleExpr)> = vec![
        ("title", v.title.clone().into()),
        ("account_id", v.account_id.into()),
        ("amount", v.amount.into()),
        ("currency", v.currency.clone().into()),
        ("expected_close", v.expected_close.into()),
        ("owner_id", owner_id.into()),
        ("team_id", team_id.into()),
        ("notes", v.notes.clone().into()),
        ("probability_overridden", v.probability.is_some().into()),
        (
            "probability",
            i16::from(v.probability.unwrap_or(probability(stage.probability))).into(),
        ),
    ];
    if moved {
        let open = before_m.status == DealStatus::Open.as_str();
        sets.push(("pipeline_id", v.pipeline_id.into()));
        sets.push(("stage_id", stage.id.into()));
        sets.push(("entered_stage_at", now.into()));
        if open {
            sets.push(("rank", rank_at_top(&txn, store, stage.id).await?.into()));
            enter_stage(&txn, id, Some(stage.id), now).await?;
        }
    }
    if !cas_update(&txn, "deals", id, version, sets).await? {
        return Err(conflict(ENTITY, before_m.version));
    }
    write_contacts(&txn, id, &v.contact_ids).await?;
    let mut events = vec![Event::Updated(Subject::Deal)];
    if moved && before_m.status == DealStatus::Open.as_str() {
        events.insert(0, Event::DealEnteredStage { stage_id: stage.id });
    }
    let fired = automation::on(&txn, actor, &events, Subject::Deal, id).await?;
    let after_m = load(&txn, id).await?;
    let after = view(&txn, &after_m).await?;
    audit::record(
        &txn,
        Some(actor),
        ENTITY,
        id,
        "update",
        Some(&before),
        Some(&after),
    )
    .await?;
    let before_card = card(&txn, &before_m).await?;
    let card = card(&txn, &after_m).await?;
    txn.commit().await.map_err(internal)?;
    automation::announce(store, fired.clone()).await;
    if before_m.pipeline_id != after_m.pipeline_id {
        events::publish(
            store,
            BoardEvent::Removed {
                pipeline_id: before_m.pipeline_id,
                deal_id: id,
                owner_id: before_m.owner_id,
                team_id: before_m.team_id,
            },
        )
        .await;
    }
    events::publish(
        store,
        BoardEvent::Card {
            pipeline_id: after_m.pipeline_id,
            card,
            before: (before_m.pipeline_id == after_m.pipeline_id).then_some(before_card),
            by: actor.user_id,
        },
    )
    .await;
    Ok(after)
}

/// Deletes a deal (kept in the database and the audit log, gone from the
/// board and every report).
pub async fn delete(store: &Store, actor: &Actor, id: i64, version: i64) -> AppResult<()> {
    authorize(actor, Action::Read, Resource::Module(Module::Sales))?;
    let txn = store.write().await?;
    let m = load(&txn, id).await?;
    authorize_read_in(actor, Module::Sales, m.owner_id, m.team_id, ENTITY)?;
    authorize(
        actor,
        Action::Delete,
        crate::store::customers::common::record_in(Module::Sales, m.owner_id, m.team_id),
    )?;
    if !cas_update(
        &txn,
        "deals",
        id,
        version,
        vec![("deleted_at", Utc::now().into())],
    )
    .await?
    {
        return Err(conflict(ENTITY, m.version));
    }
    let before = view(&txn, &m).await?;
    audit::record(
        &txn,
        Some(actor),
        ENTITY,
        id,
        "delete",
        Some(&before),
        None::<&()>,
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    events::publish(
        store,
        BoardEvent::Removed {
            pipeline_id: m.pipeline_id,
            deal_id: id,
            owner_id: m.owner_id,
            team_id: m.team_id,
        },
    )
    .await;
    Ok(())
}

/// An account's deals the reader may see, every pipeline and status:
/// open ones first, each group by expected close (the account's 360°
/// view). At most `ACCOUNT_DEALS`.
pub async fn of_account(store: &Store, actor: &Actor, account_id: i64) -> AppResult<Vec<DealCard>> {
    authorize(actor, Action::Read, Resource::Module(Module::Sales))?;
    let conn = store.conn();
    let c = sea_orm::Condition::all()
        .add(crate::store::customers::common::scope_condition(
            crate::domain::read_scope(actor, Module::Sales),
            deal::Column::OwnerId,
            deal::Column::TeamId,
        )?)
        .add(deal::Column::DeletedAt.is_null())
        .add(deal::Column::AccountId.eq(account_id));
    let mut models = deal::Entity::find()
        .filter(c)
        .order_by_desc(deal::Column::UpdatedAt)
        .limit(ACCOUNT_DEALS)
        .all(conn)
        .await
        .map_err(internal)?;
    let open = DealStatus::Open.as_str();
    models.sort_by_key(|m| {
        (
            m.status != open,
            m.expected_close.is_none(),
            m.expected_close,
            m.id,
        )
    });
    cards(conn, &models).await
}

/// Most deals an account's 360° view lists.
const ACCOUNT_DEALS: u64 = 200;

/// The list view: the board's deals (open, won and lost) as rows.
pub async fn list(
    store: &Store,
    actor: &Actor,
    q: &BoardQuery,
    status: Option<DealStatus>,
    sort: DealSort,
    desc: bool,
    page: u32,
) -> AppResult<Page<DealCard>> {
    authorize(actor, Action::Read, Resource::Module(Module::Sales))?;
    let conn = store.conn();
    let pipeline_id = super::board::pipeline_id(conn, q).await?;
    let mut c = super::filter(actor, q, pipeline_id)?;
    if let Some(s) = status {
        c = c.add(deal::Column::Status.eq(s.as_str()));
    }
    let list_q = crate::domain::customer::ListQuery {
        page: page.max(1),
        per_page: 50,
        ..Default::default()
    }
    .normalized();
    let (total, more) = capped_count(
        conn,
        deal::Entity::find().filter(c.clone()),
        &list_q,
        crate::store::customers::common::COUNT_CAP,
    )
    .await?;
    let models = sorted(c, sort, desc)
        .offset(list_q.offset())
        .limit(u64::from(list_q.per_page))
        .all(conn)
        .await
        .map_err(internal)?;
    Ok(Page {
        items: cards(conn, &models).await?,
        total,
        more,
        page: list_q.page,
        per_page: list_q.per_page,
    })
}

/// The list's deals in the list's order (ties broken by id).
fn sorted(c: sea_orm::Condition, sort: DealSort, desc: bool) -> sea_orm::Select<deal::Entity> {
    let dir = if desc { Order::Desc } else { Order::Asc };
    let s = deal::Entity::find().filter(c);
    let s = match sort {
        DealSort::Board => s
            .order_by_asc(deal::Column::StageId)
            .order_by_asc(deal::Column::Rank),
        DealSort::Title => s.order_by(deal::Column::Title, dir.clone()),
        DealSort::Amount => s.order_by(deal::Column::Amount, dir.clone()),
        DealSort::Close => s.order_by(deal::Column::ExpectedClose, dir.clone()),
        DealSort::Probability => s.order_by(deal::Column::Probability, dir.clone()),
        DealSort::Updated => s.order_by(deal::Column::UpdatedAt, dir.clone()),
    };
    s.order_by(deal::Column::Id, dir)
}

/// Every deal the list view's filter matches (all pages), in its order,
/// with the names of their stages, for export; refused beyond
/// `EXPORT_CAP` rows.
pub async fn export(
    store: &Store,
    actor: &Actor,
    q: &BoardQuery,
    status: Option<DealStatus>,
    sort: DealSort,
    desc: bool,
) -> AppResult<(Vec<DealCard>, std::collections::HashMap<i64, String>)> {
    use crate::store::customers::common::export_rows;
    authorize(actor, Action::Read, Resource::Module(Module::Sales))?;
    let conn = store.conn();
    let pipeline_id = super::board::pipeline_id(conn, q).await?;
    let mut c = super::filter(actor, q, pipeline_id)?;
    if let Some(s) = status {
        c = c.add(deal::Column::Status.eq(s.as_str()));
    }
    let models = export_rows(conn, sorted(c, sort, desc)).await?;
    let stages = crate::store::entity::stage::Entity::find()
        .filter(crate::store::entity::stage::Column::PipelineId.eq(pipeline_id))
        .all(conn)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|m| (m.id, m.name))
        .collect();
    Ok((cards(conn, &models).await?, stages))
}
