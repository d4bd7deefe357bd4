//! Import (issue 7): the wizard's server functions. The file travels as
//! an [`Upload`] (bytes base64 in the JSON body) with every call that needs
//! it, and is read again on the server each time; the store checks who may
//! import what. See ARCHITECTURE.md, "Import wizard".

use cairn::domain::AppError;
use cairn::domain::import::{
    Committed, Decisions, DryRun, ImportSummary, Kind, Mapping, Preview, Upload,
};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The file read for the first screens: detected encoding, delimiter and
/// header row (or the upload's overrides), the first rows, the suggested
/// mapping and each column's values.
#[server(endpoint = "import_preview", input = Json)]
pub async fn import_preview(kind: Kind, upload: Upload) -> Result<Preview, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::import::authorize_import(&actor, kind)?;
            cairn::domain::import::preview(&upload, kind)
        }
        .await,
    )
}

#[server(endpoint = "import_dry_run", input = Json)]
pub async fn import_dry_run(
    upload: Upload,
    mapping: Mapping,
    decisions: Decisions,
) -> Result<DryRun, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            let table = upload.table()?;
            cairn::store::import::dry_run(
                &store()?,
                &actor,
                mapping.kind,
                &table,
                &mapping,
                &decisions,
            )
            .await
        }
        .await,
    )
}

/// The dry run's row errors as the CSV report (row, column, reason).
#[server(endpoint = "import_error_report", input = Json)]
pub async fn import_error_report(
    upload: Upload,
    mapping: Mapping,
    decisions: Decisions,
) -> Result<String, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            let table = upload.table()?;
            let dry = cairn::store::import::dry_run(
                &store()?,
                &actor,
                mapping.kind,
                &table,
                &mapping,
                &decisions,
            )
            .await?;
            Ok(cairn::domain::import::errors_csv(&dry.errors))
        }
        .await,
    )
}

#[server(endpoint = "import_commit", input = Json)]
pub async fn import_commit(
    upload: Upload,
    mapping: Mapping,
    decisions: Decisions,
) -> Result<Committed, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            let table = upload.table()?;
            cairn::store::import::commit(
                &store()?,
                &actor,
                mapping.kind,
                &upload.file_name,
                &table,
                &mapping,
                &decisions,
            )
            .await
        }
        .await,
    )
}

/// Imports, newest first (admins: everyone's; others: their own).
#[server(endpoint = "import_history")]
pub async fn import_history() -> Result<Vec<ImportSummary>, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::import::history(&store()?, &actor).await
        }
        .await,
    )
}

#[server(endpoint = "import_undo")]
pub async fn import_undo(id: i64) -> Result<ImportSummary, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::import::undo(&store()?, &actor, id).await
        }
        .await,
    )
}
