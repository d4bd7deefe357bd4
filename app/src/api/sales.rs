//! Sales: the board, moves, deals, pipelines and the forecast. Arguments
//! travel as JSON; every body resolves the actor and calls one
//! `cairn::store::sales` service, which does the permission check.

use cairn::domain::AppError;
use cairn::domain::customer::Page;
use cairn::domain::sales::forecast::{ForecastQuery, ForecastReport};
use cairn::domain::sales::payments::{PaymentPlan, PaymentTerm};
use cairn::domain::sales::*;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[server(endpoint = "sales_board", input = Json)]
pub async fn sales_board(query: BoardQuery) -> Result<BoardView, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::sales::board::board(&store()?, &actor, &query).await
        }
        .await,
    )
}

/// More cards of one column, from `offset` on (the board pages them in
/// as a column scrolls).
#[server(endpoint = "sales_column", input = Json)]
pub async fn sales_column(
    query: BoardQuery,
    stage_id: i64,
    offset: u64,
) -> Result<Vec<DealCard>, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::sales::board::column_cards(&store()?, &actor, &query, stage_id, offset)
                .await
        }
        .await,
    )
}

/// One card as the server has it (after a conflict). Not `deal_card`:
/// the macro would name its argument struct `DealCard`, shadowing ours.
#[server(endpoint = "card_of_deal")]
pub async fn card_of_deal(id: i64) -> Result<DealCard, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::sales::board::card(&store()?, &actor, id).await
        }
        .await,
    )
}

#[server(endpoint = "move_deal", input = Json)]
pub async fn move_deal(request: MoveRequest) -> Result<DealCard, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::sales::moves::move_deal(&store()?, &actor, request).await
        }
        .await,
    )
}

#[server(endpoint = "get_deal")]
pub async fn get_deal(id: i64) -> Result<DealView, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::sales::deals::get(&store()?, &actor, id).await
        }
        .await,
    )
}

/// Creates (`id` none) or edits a deal.
#[server(endpoint = "save_deal", input = Json)]
pub async fn save_deal(
    id: Option<i64>,
    version: i64,
    input: DealInput,
) -> Result<DealView, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            let s = store()?;
            match id {
                None => cairn::store::sales::deals::create(&s, &actor, input).await,
                Some(id) => {
                    cairn::store::sales::deals::update(&s, &actor, id, version, input).await
                }
            }
        }
        .await,
    )
}

#[server(endpoint = "delete_deal")]
pub async fn delete_deal(id: i64, version: i64) -> Result<(), AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::sales::deals::delete(&store()?, &actor, id, version).await
        }
        .await,
    )
}

/// The deals of one account (its 360° view), every pipeline.
#[server(endpoint = "account_deals")]
pub async fn account_deals(account_id: i64) -> Result<Vec<DealCard>, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::sales::deals::of_account(&store()?, &actor, account_id).await
        }
        .await,
    )
}

/// The list view: the board's deals as sortable rows.
#[server(endpoint = "list_deals", input = Json)]
pub async fn list_deals(
    query: BoardQuery,
    status: Option<DealStatus>,
    sort: cairn::domain::sales::board::DealSort,
    desc: bool,
    page: u32,
) -> Result<Page<DealCard>, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::sales::deals::list(&store()?, &actor, &query, status, sort, desc, page)
                .await
        }
        .await,
    )
}

#[server(endpoint = "list_pipelines")]
pub async fn list_pipelines() -> Result<Vec<Pipeline>, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::sales::pipelines::list(&store()?, &actor).await
        }
        .await,
    )
}

#[server(endpoint = "save_pipeline", input = Json)]
pub async fn save_pipeline(
    id: Option<i64>,
    version: i64,
    input: PipelineInput,
) -> Result<Pipeline, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::sales::pipelines::save(&store()?, &actor, id, version, input).await
        }
        .await,
    )
}

#[server(endpoint = "sales_forecast", input = Json)]
pub async fn sales_forecast(query: ForecastQuery) -> Result<ForecastReport, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::sales::forecast::report(&store()?, &actor, &query).await
        }
        .await,
    )
}

/// Admin › Pipelines: every pipeline, for admins only.
#[server(endpoint = "admin_pipelines")]
pub async fn admin_pipelines() -> Result<Vec<Pipeline>, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::sales::pipelines::list_for_admin(&store()?, &actor).await
        }
        .await,
    )
}

/// The deal's payment terms, each with its milestone's forecast date.
#[server(endpoint = "deal_payments")]
pub async fn deal_payments(deal_id: i64) -> Result<PaymentPlan, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::sales::payments::get(&store()?, &actor, deal_id).await
        }
        .await,
    )
}

/// Replaces the deal's payment terms if `version` is still theirs.
#[server(endpoint = "deal_payments_save", input = Json)]
pub async fn save_deal_payments(
    deal_id: i64,
    version: i64,
    terms: Vec<PaymentTerm>,
) -> Result<PaymentPlan, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::sales::payments::save(&store()?, &actor, deal_id, version, terms).await
        }
        .await,
    )
}
