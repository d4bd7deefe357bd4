//! Service: tickets, their comments and status moves. Every body resolves
//! the actor and calls one `cairn::store::service` function, which checks
//! the permission.

use cairn::domain::AppError;
use cairn::domain::service::report::{Bucket, ServiceReport};
use cairn::domain::service::{
    CommentInput, Rating, TicketDetail, TicketInput, TicketQuery, TicketStatus, TicketView,
};
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The service report over a range (volume, backlog, SLA attainment,
/// mean times, satisfaction) of the tickets the caller may read. What
/// the URL leaves out is the last six months by month, as of the
/// server's today (the browser has no clock to ask in wasm).
#[server(endpoint = "service_report", input = Json)]
pub async fn load_service_report(
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    bucket: Option<Bucket>,
) -> Result<ServiceReport, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            use cairn::domain::service::report::ServiceReportQuery;
            let store = store()?;
            // "Today" at the desk: its days are what the report counts by.
            let (levels, _) = cairn::store::service::levels::get(&store, &actor).await?;
            let today = chrono::Utc::now()
                .with_timezone(&levels.offset())
                .date_naive();
            let default = ServiceReportQuery::default_for(today);
            let query = ServiceReportQuery {
                from: from.unwrap_or(default.from),
                to: to.unwrap_or(default.to),
                bucket: bucket.unwrap_or(default.bucket),
            };
            cairn::store::service::report::service_report(&store, &actor, query).await
        }
        .await,
    )
}

#[server(endpoint = "list_tickets", input = Json)]
pub async fn list_tickets(query: TicketQuery) -> Result<Vec<TicketView>, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::service::tickets::list(&store()?, &actor, &query).await
        }
        .await,
    )
}

/// The service board's tickets: open ones and those done lately.
#[server(endpoint = "service_board", input = Json)]
pub async fn service_board(query: TicketQuery) -> Result<Vec<TicketView>, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::service::tickets::board(&store()?, &actor, &query).await
        }
        .await,
    )
}

#[server(endpoint = "load_ticket")]
pub async fn load_ticket(id: i64) -> Result<TicketDetail, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::service::tickets::get(&store()?, &actor, id).await
        }
        .await,
    )
}

/// Opens a ticket (`id` = `None`) or edits one at `version`.
#[server(endpoint = "save_ticket", input = Json)]
pub async fn save_ticket(
    id: Option<i64>,
    version: i64,
    input: TicketInput,
) -> Result<TicketView, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            let s = store()?;
            match id {
                None => cairn::store::service::tickets::create(&s, &actor, input).await,
                Some(id) => {
                    cairn::store::service::tickets::update(&s, &actor, id, version, input).await
                }
            }
        }
        .await,
    )
}

#[server(endpoint = "move_ticket", input = Json)]
pub async fn move_ticket(
    id: i64,
    version: i64,
    status: TicketStatus,
    rating: Option<Rating>,
) -> Result<TicketView, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::service::tickets::set_status(
                &store()?,
                &actor,
                id,
                version,
                status,
                rating,
            )
            .await
        }
        .await,
    )
}

#[server(endpoint = "comment_ticket", input = Json)]
pub async fn comment_ticket(id: i64, input: CommentInput) -> Result<TicketDetail, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::service::tickets::comment(&store()?, &actor, id, input).await
        }
        .await,
    )
}

/// The service levels; `for_edit` asks for them as an admin would (the
/// page's status is then 403 for others).
#[server(endpoint = "get_service_levels")]
pub async fn get_service_levels(
    for_edit: bool,
) -> Result<(cairn::domain::service::ServiceLevels, i64), AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            if for_edit {
                cairn::domain::authorize(
                    &actor,
                    cairn::domain::Action::Update,
                    cairn::domain::Resource::Module(cairn::domain::Module::Admin),
                )?;
            }
            cairn::store::service::levels::get(&store()?, &actor).await
        }
        .await,
    )
}

#[server(endpoint = "save_service_levels", input = Json)]
pub async fn save_service_levels(
    levels: cairn::domain::service::ServiceLevels,
    version: i64,
) -> Result<(cairn::domain::service::ServiceLevels, i64), AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::service::levels::set(&store()?, &actor, levels, version).await
        }
        .await,
    )
}
