//! Marketing: campaigns and their members. Each body resolves the actor
//! and calls one `cairn::store::marketing` function, which checks the
//! permission.

use cairn::domain::AppError;
use cairn::domain::customer::Named;
use cairn::domain::marketing::{
    AccountMembership, AddedMembers, Audience, CampaignDetail, CampaignInput, CampaignRow,
    CampaignView, MemberRef, MemberStatus, MemberView,
};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[server(endpoint = "list_campaigns")]
pub async fn list_campaigns() -> Result<Vec<CampaignRow>, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::marketing::campaigns::list(&store()?, &actor).await
        }
        .await,
    )
}

/// The campaigns an account's contacts are in (its 360° view).
#[server(endpoint = "account_campaigns")]
pub async fn account_campaigns(account_id: i64) -> Result<Vec<AccountMembership>, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::marketing::memberships::of_account(&store()?, &actor, account_id).await
        }
        .await,
    )
}

#[server(endpoint = "load_campaign")]
pub async fn load_campaign(id: i64) -> Result<CampaignDetail, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::marketing::campaigns::get(&store()?, &actor, id).await
        }
        .await,
    )
}

/// The campaigns a lead may come from (empty without marketing).
#[server(endpoint = "campaign_options")]
pub async fn campaign_options() -> Result<Vec<Named>, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::marketing::campaigns::options(&store()?, &actor).await
        }
        .await,
    )
}

/// Creates a campaign (`id` = `None`) or edits one at `version`.
#[server(endpoint = "save_campaign", input = Json)]
pub async fn save_campaign(
    id: Option<i64>,
    version: i64,
    input: CampaignInput,
) -> Result<CampaignView, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            let store = store()?;
            match id {
                None => cairn::store::marketing::campaigns::create(&store, &actor, input).await,
                Some(id) => {
                    cairn::store::marketing::campaigns::update(&store, &actor, id, version, input)
                        .await
                }
            }
        }
        .await,
    )
}

#[server(endpoint = "delete_campaign")]
pub async fn delete_campaign(id: i64, version: i64) -> Result<(), AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::marketing::campaigns::delete(&store()?, &actor, id, version).await
        }
        .await,
    )
}

#[server(endpoint = "add_campaign_members", input = Json)]
pub async fn add_campaign_members(
    campaign_id: i64,
    members: Vec<MemberRef>,
) -> Result<AddedMembers, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::marketing::members::add(&store()?, &actor, campaign_id, members).await
        }
        .await,
    )
}

/// How many people an audience filter matches now.
#[server(endpoint = "preview_audience", input = Json)]
pub async fn preview_audience(campaign_id: i64, audience: Audience) -> Result<u32, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::marketing::members::preview(&store()?, &actor, campaign_id, audience)
                .await
        }
        .await,
    )
}

/// Adds everyone the audience matches and saves it on the campaign.
#[server(endpoint = "add_campaign_audience", input = Json)]
pub async fn add_campaign_audience(
    campaign_id: i64,
    version: i64,
    audience: Audience,
) -> Result<AddedMembers, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::marketing::members::add_audience(
                &store()?,
                &actor,
                campaign_id,
                version,
                audience,
            )
            .await
        }
        .await,
    )
}

#[server(endpoint = "set_member_status", input = Json)]
pub async fn set_member_status(
    member_id: i64,
    version: i64,
    status: MemberStatus,
) -> Result<MemberView, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::marketing::members::set_status(
                &store()?,
                &actor,
                member_id,
                version,
                status,
            )
            .await
        }
        .await,
    )
}

#[server(endpoint = "remove_campaign_member")]
pub async fn remove_campaign_member(member_id: i64) -> Result<(), AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::marketing::members::remove(&store()?, &actor, member_id).await
        }
        .await,
    )
}
