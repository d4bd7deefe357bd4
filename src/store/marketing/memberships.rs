//! The campaigns an account's people are in, for the account's 360° view:
//! each membership of a contact of the account that the reader may see,
//! in a campaign the reader may see.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::campaigns::check_read;
use crate::domain::customer::Named;
use crate::domain::marketing::{AccountMembership, MemberStatus};
use crate::domain::{Action, Actor, AppResult, Module, Resource, authorize};
use crate::store::Store;
use crate::store::customers::common::authorize_read;
use crate::store::db::internal;
use crate::store::entity::{campaign, campaign_member, contact};

/// Newest first. Refused without the marketing module or when the account
/// cannot be read.
pub async fn of_account(
    store: &Store,
    actor: &Actor,
    account_id: i64,
) -> AppResult<Vec<AccountMembership>> {
    authorize(actor, Action::Read, Resource::Module(Module::Marketing))?;
    crate::store::customers::accounts::get(store, actor, account_id).await?;
    let conn = store.conn();
    let people: HashMap<i64, String> = contact::Entity::find()
        .select_only()
        .columns([
            contact::Column::Id,
            contact::Column::Name,
            contact::Column::OwnerId,
            contact::Column::TeamId,
        ])
        .filter(contact::Column::AccountId.eq(account_id))
        .filter(contact::Column::DeletedAt.is_null())
        .into_tuple::<(i64, String, Option<i64>, Option<i64>)>()
        .all(conn)
        .await
        .map_err(internal)?
        .into_iter()
        .filter(|(_, _, owner, team)| authorize_read(actor, *owner, *team, "contact").is_ok())
        .map(|(id, name, _, _)| (id, name))
        .collect();
    if people.is_empty() {
        return Ok(Vec::new());
    }
    let members = campaign_member::Entity::find()
        .filter(campaign_member::Column::ContactId.is_in(people.keys().copied()))
        .order_by_desc(campaign_member::Column::AddedAt)
        .order_by_desc(campaign_member::Column::Id)
        .all(conn)
        .await
        .map_err(internal)?;
    let campaigns: HashMap<i64, campaign::Model> = campaign::Entity::find()
        .filter(campaign::Column::Id.is_in(members.iter().map(|m| m.campaign_id)))
        .all(conn)
        .await
        .map_err(internal)?
        .into_iter()
        .filter(|c| check_read(actor, c).is_ok())
        .map(|c| (c.id, c))
        .collect();
    Ok(members
        .into_iter()
        .filter_map(|m| {
            let c = campaigns.get(&m.campaign_id)?;
            let contact_id = m.contact_id?;
            Some(AccountMembership {
                campaign: Named {
                    id: c.id,
                    name: c.name.clone(),
                },
                contact: Named {
                    id: contact_id,
                    name: people.get(&contact_id)?.clone(),
                },
                status: MemberStatus::parse(&m.status).unwrap_or_default(),
                added_at: m.added_at,
            })
        })
        .collect())
}
