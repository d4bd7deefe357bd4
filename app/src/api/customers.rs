//! Customers: accounts, contacts, leads, activities, search and grading.
//! Arguments travel as JSON (nested inputs, enums); every body resolves
//! the actor and calls one `cairn::store::customers` service, which does
//! the permission check.

use cairn::domain::AppError;
use cairn::domain::customer::*;
use cairn::domain::user::{Colleague, TeamView};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Pickers and filters for the customer pages.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, Default)]
pub struct Directory {
    pub people: Vec<Colleague>,
    pub teams: Vec<TeamView>,
    pub industries: Vec<String>,
}

#[server(endpoint = "customer_directory")]
pub async fn customer_directory() -> Result<Directory, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            let s = store()?;
            Ok(Directory {
                industries: cairn::store::customers::accounts::industries(&s, &actor).await?,
                people: cairn::store::users::directory(&s).await?,
                teams: cairn::store::users::teams(&s).await?,
            })
        }
        .await,
    )
}

#[server(endpoint = "list_accounts", input = Json)]
pub async fn list_accounts(query: ListQuery, trash: bool) -> Result<Page<AccountRow>, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::customers::accounts::list(&store()?, &actor, &query, trash).await
        }
        .await,
    )
}

#[server(endpoint = "get_account")]
pub async fn get_account(id: i64) -> Result<AccountView, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::customers::accounts::get(&store()?, &actor, id).await
        }
        .await,
    )
}

/// Creates (`id` = None) or updates an account.
#[server(endpoint = "save_account", input = Json)]
pub async fn save_account(
    id: Option<i64>,
    version: i64,
    input: AccountInput,
) -> Result<AccountView, AppError> {
    use super::server::*;
    use cairn::store::customers::accounts;
    respond(
        async {
            let (actor, _) = actor().await?;
            match id {
                None => accounts::create(&store()?, &actor, input).await,
                Some(id) => accounts::update(&store()?, &actor, id, version, input).await,
            }
        }
        .await,
    )
}

#[server(endpoint = "set_account_deleted")]
pub async fn set_account_deleted(
    id: i64,
    version: i64,
    deleted: bool,
) -> Result<AccountView, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::customers::accounts::set_deleted(&store()?, &actor, id, version, deleted)
                .await
        }
        .await,
    )
}

#[server(endpoint = "account_timeline", input = Json)]
pub async fn account_timeline(
    id: i64,
    before: Option<DateTime<Utc>>,
) -> Result<TimelinePage, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::customers::timeline::account_timeline(&store()?, &actor, id, before, 20)
                .await
        }
        .await,
    )
}

/// Everything on the account's printable page, in one call.
#[server(endpoint = "account_dossier")]
pub async fn load_account_dossier(id: i64) -> Result<AccountDossier, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::customers::dossier::account_dossier(&store()?, &actor, id).await
        }
        .await,
    )
}

#[server(endpoint = "list_contacts", input = Json)]
pub async fn list_contacts(
    query: ListQuery,
    trash: bool,
    account_id: Option<i64>,
) -> Result<Page<ContactRow>, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::customers::contacts::list(&store()?, &actor, &query, trash, account_id)
                .await
        }
        .await,
    )
}

#[server(endpoint = "get_contact")]
pub async fn get_contact(id: i64) -> Result<ContactView, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::customers::contacts::get(&store()?, &actor, id).await
        }
        .await,
    )
}

#[server(endpoint = "save_contact", input = Json)]
pub async fn save_contact(
    id: Option<i64>,
    version: i64,
    input: ContactInput,
) -> Result<ContactView, AppError> {
    use super::server::*;
    use cairn::store::customers::contacts;
    respond(
        async {
            let (actor, _) = actor().await?;
            match id {
                None => contacts::create(&store()?, &actor, input).await,
                Some(id) => contacts::update(&store()?, &actor, id, version, input).await,
            }
        }
        .await,
    )
}

#[server(endpoint = "set_contact_deleted")]
pub async fn set_contact_deleted(
    id: i64,
    version: i64,
    deleted: bool,
) -> Result<ContactView, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::customers::contacts::set_deleted(&store()?, &actor, id, version, deleted)
                .await
        }
        .await,
    )
}

#[server(endpoint = "list_leads", input = Json)]
pub async fn list_leads(query: ListQuery, trash: bool) -> Result<Page<LeadView>, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::customers::leads::list(&store()?, &actor, &query, trash).await
        }
        .await,
    )
}

#[server(endpoint = "get_lead")]
pub async fn get_lead(id: i64) -> Result<LeadView, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::customers::leads::get(&store()?, &actor, id).await
        }
        .await,
    )
}

#[server(endpoint = "save_lead", input = Json)]
pub async fn save_lead(
    id: Option<i64>,
    version: i64,
    input: LeadInput,
) -> Result<LeadView, AppError> {
    use super::server::*;
    use cairn::store::customers::leads;
    respond(
        async {
            let (actor, _) = actor().await?;
            match id {
                None => leads::create(&store()?, &actor, input).await,
                Some(id) => leads::update(&store()?, &actor, id, version, input).await,
            }
        }
        .await,
    )
}

#[server(endpoint = "set_lead_status", input = Json)]
pub async fn set_lead_status(
    id: i64,
    version: i64,
    status: LeadStatus,
    reason: String,
) -> Result<LeadView, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::customers::leads::set_status(
                &store()?,
                &actor,
                id,
                version,
                status,
                &reason,
            )
            .await
        }
        .await,
    )
}

#[server(endpoint = "set_lead_deleted")]
pub async fn set_lead_deleted(id: i64, version: i64, deleted: bool) -> Result<LeadView, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::customers::leads::set_deleted(&store()?, &actor, id, version, deleted)
                .await
        }
        .await,
    )
}

#[server(endpoint = "lead_matches")]
pub async fn lead_matches(id: i64) -> Result<ConversionMatches, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::customers::leads::matches(&store()?, &actor, id).await
        }
        .await,
    )
}

#[server(endpoint = "convert_lead", input = Json)]
pub async fn convert_lead(id: i64, plan: ConvertPlan) -> Result<ConvertResult, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::customers::leads::convert(&store()?, &actor, id, plan).await
        }
        .await,
    )
}

#[server(endpoint = "log_activity", input = Json)]
pub async fn log_activity(input: ActivityInput) -> Result<ActivityView, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::customers::activities::log(&store()?, &actor, input).await
        }
        .await,
    )
}

#[server(endpoint = "set_task_done")]
pub async fn set_task_done(id: i64, version: i64, done: bool) -> Result<ActivityView, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::customers::activities::set_done(&store()?, &actor, id, version, done)
                .await
        }
        .await,
    )
}

/// My tasks due today and overdue (days in UTC; per-user time zones come
/// with user preferences).
#[server(endpoint = "my_day")]
pub async fn my_day() -> Result<(chrono::NaiveDate, Vec<ActivityView>), AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            let now = Utc::now();
            let today = now.date_naive();
            let start = today.and_time(chrono::NaiveTime::MIN).and_utc();
            let list = cairn::store::customers::activities::my_day(&store()?, &actor, today, start)
                .await?;
            Ok((today, list))
        }
        .await,
    )
}

#[server(endpoint = "record_activities", input = Json)]
pub async fn record_activities(kind: RecordKind, id: i64) -> Result<Vec<ActivityView>, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::customers::activities::for_record(&store()?, &actor, kind, id, 50).await
        }
        .await,
    )
}

#[server(endpoint = "search")]
pub async fn search(q: String) -> Result<Vec<SearchHit>, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::customers::search::search(&store()?, &actor, &q).await
        }
        .await,
    )
}

/// The grading rules; `for_edit` (the admin page) requires an admin, so
/// the page's status is the server's refusal.
#[server(endpoint = "get_grade_rules")]
pub async fn get_grade_rules(for_edit: bool) -> Result<(GradeRules, i64), AppError> {
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
            cairn::store::customers::grading::get_rules(&store()?, &actor).await
        }
        .await,
    )
}

#[server(endpoint = "save_grade_rules", input = Json)]
pub async fn save_grade_rules(
    rules: GradeRules,
    version: i64,
) -> Result<(GradeRules, i64), AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::customers::grading::set_rules(&store()?, &actor, rules, version).await
        }
        .await,
    )
}
