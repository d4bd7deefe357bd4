//! The printable 360° page of an account: everything on it in one read,
//! each part through the service that owns it (and its permission rule).

use chrono::Utc;

use crate::domain::customer::{AccountDossier, ListQuery};
use crate::domain::project::ProjectQuery;
use crate::domain::{Actor, AppError, AppResult};
use crate::store::Store;

/// Activities and changes printed (the newest).
const TIMELINE_ITEMS: u64 = 100;

pub async fn account_dossier(store: &Store, actor: &Actor, id: i64) -> AppResult<AccountDossier> {
    let account = super::accounts::get(store, actor, id).await?;
    let contacts = super::contacts::list(
        store,
        actor,
        &ListQuery {
            per_page: 100,
            ..Default::default()
        },
        false,
        Some(id),
    )
    .await?
    .items;
    let deals = visible(crate::store::sales::deals::of_account(store, actor, id).await)?;
    let projects = visible(
        crate::store::projects::list(
            store,
            actor,
            &ProjectQuery {
                account_id: Some(id),
                page: 1,
                ..Default::default()
            },
        )
        .await
        .map(|p| p.items),
    )?;
    let timeline = super::timeline::account_timeline(store, actor, id, None, TIMELINE_ITEMS)
        .await?
        .items;
    Ok(AccountDossier {
        account,
        contacts,
        deals,
        projects,
        timeline,
        generated_at: Utc::now(),
    })
}

/// A part of the page the reader may not see is left out, not an error
/// (a service agent may read the account but not its deals).
fn visible<T>(r: AppResult<T>) -> AppResult<Option<T>> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(AppError::Forbidden) => Ok(None),
        Err(e) => Err(e),
    }
}
