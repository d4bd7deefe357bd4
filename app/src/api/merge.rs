//! Duplicates (issue 7): the review queue, "not duplicates", merging and
//! undoing a merge, the history. Each body resolves the actor and calls
//! `cairn::store::customers::merge`, which checks that the actor may edit
//! every record involved. See ARCHITECTURE.md, "Merging duplicates".

use cairn::domain::AppError;
use cairn::domain::customer::merge::{
    Dismissal, MergeColumn, MergeInput, MergeKind, MergeOutcome, MergeSummary, ReviewPage,
};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The first `limit` groups of accounts or contacts that look like
/// duplicates, largest first, among the records the caller can see, and
/// how many groups there are.
#[server(endpoint = "duplicate_groups", input = Json)]
pub async fn duplicate_groups(kind: MergeKind, limit: usize) -> Result<ReviewPage, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::customers::merge::duplicates_page(&store()?, &actor, kind, 0, limit).await
        }
        .await,
    )
}

/// "These are not duplicates": the group's pairs are not proposed again.
#[server(endpoint = "dismiss_duplicates", input = Json)]
pub async fn dismiss_duplicates(kind: MergeKind, ids: Vec<i64>) -> Result<(), AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::customers::merge::dismiss(&store()?, &actor, kind, ids).await
        }
        .await,
    )
}

/// The newest "not duplicates" marks the caller can see, each with its
/// records, newest first.
#[server(endpoint = "list_dismissals", input = Json)]
pub async fn list_dismissals(kind: MergeKind) -> Result<Vec<Dismissal>, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::customers::merge::dismissals(&store()?, &actor, kind).await
        }
        .await,
    )
}

/// Takes a "not duplicates" mark back: the records may be proposed again.
#[server(endpoint = "undo_dismissal", input = Json)]
pub async fn undo_dismissal(kind: MergeKind, ids: Vec<i64>) -> Result<(), AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::customers::merge::restore(&store()?, &actor, kind, ids).await
        }
        .await,
    )
}

#[server(endpoint = "merge_records", input = Json)]
pub async fn merge_records(input: MergeInput) -> Result<MergeOutcome, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::customers::merge::merge(&store()?, &actor, input).await
        }
        .await,
    )
}

#[server(endpoint = "undo_merge")]
pub async fn undo_merge(id: i64) -> Result<MergeSummary, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::customers::merge::undo(&store()?, &actor, id).await
        }
        .await,
    )
}

/// Recent merges of `kind` whose survivor the caller can see, newest first.
#[server(endpoint = "merge_history", input = Json)]
pub async fn merge_history(kind: MergeKind) -> Result<Vec<MergeSummary>, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::customers::merge::history(&store()?, &actor, kind).await
        }
        .await,
    )
}

/// The records of a merge as its screen lines them up, in the order asked.
#[server(endpoint = "merge_columns", input = Json)]
pub async fn merge_columns(kind: MergeKind, ids: Vec<i64>) -> Result<Vec<MergeColumn>, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::customers::merge::columns(&store()?, &actor, kind, &ids).await
        }
        .await,
    )
}
