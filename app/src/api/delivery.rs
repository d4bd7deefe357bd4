//! From won deal to delivery project and back: project templates (read
//! by whoever creates projects, edited by admins), the start of a won
//! deal's delivery project, and the delivery figures shown on the deal and
//! the account. Each body resolves the actor and calls one
//! `cairn::store::projects` service, which checks the permission.

use cairn::domain::AppError;
use cairn::domain::project::ProjectSummary;
use cairn::domain::project::delivery::{Delivery, SlipSettings, StartOffer, StartProject};
use cairn::domain::project::template::{TemplateInput, TemplateView};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[server(endpoint = "project_templates")]
pub async fn project_templates() -> Result<Vec<TemplateView>, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::projects::templates::list(&store()?, &actor).await
        }
        .await,
    )
}

/// The templates for Admin › Project templates (admins only: the page is
/// refused with 403 to everyone else).
#[server(endpoint = "project_templates_admin")]
pub async fn admin_project_templates() -> Result<Vec<TemplateView>, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::projects::templates::list_to_edit(&store()?, &actor).await
        }
        .await,
    )
}

/// Creates (`id` is `None`) or replaces a template if `version` is still
/// current.
#[server(endpoint = "project_template_save", input = Json)]
pub async fn save_template(
    id: Option<i64>,
    version: i64,
    input: TemplateInput,
) -> Result<TemplateView, AppError> {
    use super::server::*;
    use cairn::store::projects::templates;
    respond(
        async {
            let (actor, _) = actor().await?;
            let store = store()?;
            match id {
                Some(id) => templates::update(&store, &actor, id, version, input).await,
                None => templates::create(&store, &actor, input).await,
            }
        }
        .await,
    )
}

#[server(endpoint = "project_template_delete", input = Json)]
pub async fn delete_template(id: i64, version: i64) -> Result<(), AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::projects::templates::delete(&store()?, &actor, id, version).await
        }
        .await,
    )
}

/// What the "start the delivery project" form offers for a deal.
#[server(endpoint = "delivery_offer")]
pub async fn delivery_offer(deal_id: i64) -> Result<StartOffer, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::projects::start::offer(&store()?, &actor, deal_id).await
        }
        .await,
    )
}

#[server(endpoint = "delivery_start", input = Json)]
pub async fn start_delivery(input: StartProject) -> Result<ProjectSummary, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::projects::start::from_deal(&store()?, &actor, input).await
        }
        .await,
    )
}

#[server(endpoint = "delivery_of_deal")]
pub async fn deal_delivery(deal_id: i64) -> Result<Vec<Delivery>, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::projects::delivery::of_deal(&store()?, &actor, deal_id).await
        }
        .await,
    )
}

#[server(endpoint = "delivery_of_account")]
pub async fn account_delivery(account_id: i64) -> Result<Vec<Delivery>, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::projects::delivery::of_account(&store()?, &actor, account_id).await
        }
        .await,
    )
}

/// The go-live slip threshold, as an admin edits it (403 for others).
#[server(endpoint = "slip_settings")]
pub async fn get_slip_settings() -> Result<(SlipSettings, i64), AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::projects::golive::slip_settings(&store()?, &actor).await
        }
        .await,
    )
}

#[server(endpoint = "slip_settings_save", input = Json)]
pub async fn save_slip_settings(
    settings: SlipSettings,
    version: i64,
) -> Result<(SlipSettings, i64), AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::projects::golive::set_slip_settings(&store()?, &actor, settings, version)
                .await
        }
        .await,
    )
}
