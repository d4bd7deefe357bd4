//! Automation rules (administrators) and everyone's notifications. Each
//! body resolves the actor and calls one `cairn::store::automation`
//! function, which checks the permission.

use cairn::domain::AppError;
use cairn::domain::automation::{Inbox, RuleChoices, RuleInput, RuleView};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[server(endpoint = "list_rules")]
pub async fn list_rules() -> Result<Vec<RuleView>, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::automation::rules::list(&store()?, &actor).await
        }
        .await,
    )
}

/// The stages, campaigns, teams and people the rule editor offers.
#[server(endpoint = "rule_choices")]
pub async fn load_rule_choices() -> Result<RuleChoices, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            let s = store()?;
            // Only those who may edit rules need the pickers.
            cairn::store::automation::rules::list(&s, &actor).await?;
            let mut stages = Vec::new();
            for p in cairn::store::sales::pipelines::list(&s, &actor).await? {
                for st in p.stages {
                    stages.push((st.id, format!("{} · {}", p.name, st.name)));
                }
            }
            let pairs = |v: Vec<cairn::domain::customer::Named>| {
                v.into_iter().map(|n| (n.id, n.name)).collect::<Vec<_>>()
            };
            Ok(RuleChoices {
                stages,
                campaigns: pairs(cairn::store::marketing::campaigns::options(&s, &actor).await?),
                teams: cairn::store::users::teams(&s)
                    .await?
                    .into_iter()
                    .map(|t| (t.id, t.name))
                    .collect(),
                people: cairn::store::users::directory(&s)
                    .await?
                    .into_iter()
                    .map(|p| (p.id, p.name))
                    .collect(),
            })
        }
        .await,
    )
}

/// Creates a rule (`id` = `None`) or rewrites one at `version`.
#[server(endpoint = "save_rule", input = Json)]
pub async fn save_rule(
    id: Option<i64>,
    version: i64,
    input: RuleInput,
) -> Result<RuleView, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            let s = store()?;
            match id {
                None => cairn::store::automation::rules::create(&s, &actor, input).await,
                Some(id) => {
                    cairn::store::automation::rules::update(&s, &actor, id, version, input).await
                }
            }
        }
        .await,
    )
}

#[server(endpoint = "delete_rule")]
pub async fn delete_rule(id: i64, version: i64) -> Result<(), AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::automation::rules::delete(&store()?, &actor, id, version).await
        }
        .await,
    )
}

#[server(endpoint = "my_notifications")]
pub async fn my_notifications() -> Result<Inbox, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::automation::notifications::inbox(&store()?, &actor).await
        }
        .await,
    )
}

/// Marks the caller's notifications read: `ids`, or all when empty.
#[server(endpoint = "mark_notifications_read", input = Json)]
pub async fn mark_notifications_read(ids: Vec<i64>) -> Result<u64, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            let ids = (!ids.is_empty()).then_some(ids);
            cairn::store::automation::notifications::mark_read(&store()?, &actor, ids).await
        }
        .await,
    )
}
