//! `GET /api/export/{list}.{csv|xlsx}?<the list page's parameters>`: a
//! list with its current filters and sort — every page of it — as CSV or
//! XLSX. Lists: `accounts`, `contacts`, `leads`, `deals`.
//!
//! The rows are the store's (`store::…::export`), so the file holds
//! exactly what the caller may see on the page, filtered the same way.

use app::api::server::CurrentUser;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use cairn::domain::AppError;
use cairn::domain::customer::ListQuery;
use cairn::domain::export::{self, Sheet};
use cairn::domain::sales::board::{BoardQuery, DealSort};
use cairn::domain::sales::deal::DealStatus;
use cairn::store::customers::{accounts, contacts, leads};
use cairn::store::sales::deals;

use crate::export::refusal;
use crate::state::AppState;

/// The file formats a list exports to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Csv,
    Xlsx,
}

pub async fn list_export(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentUser>,
    Path(file): Path<String>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    let Some((actor, _)) = current.0 else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let Some((list, format)) = file.rsplit_once('.') else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let format = match format {
        "csv" => Format::Csv,
        "xlsx" => Format::Xlsx,
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    let params = || pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()));
    let get = |key: &str| params().find(|(k, _)| *k == key).map(|(_, v)| v);
    let trash = get("trash") == Some("1");
    let store = &state.store;
    let sheet: Result<Sheet, AppError> = match list {
        "accounts" => accounts::export(store, &actor, &ListQuery::from_params(params()), trash)
            .await
            .map(|r| export::accounts(&r)),
        "contacts" => contacts::export(store, &actor, &ListQuery::from_params(params()), trash)
            .await
            .map(|r| export::contacts(&r)),
        "leads" => leads::export(store, &actor, &ListQuery::from_params(params()), trash)
            .await
            .map(|r| export::leads(&r)),
        "deals" => {
            let status = get("status").and_then(DealStatus::parse);
            let sort = get("sort").and_then(DealSort::parse).unwrap_or_default();
            let desc = get("desc") == Some("1");
            deals::export(store, &actor, &BoardQuery::from_pairs(params()), status, sort, desc)
                .await
                .map(|(rows, stages)| {
                    export::deals(&rows, |id| stages.get(&id).cloned().unwrap_or_default())
                })
        }
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    let sheet = match sheet {
        Ok(s) => s,
        Err(e) => return refusal(&e),
    };
    let (body, content_type) = match format {
        Format::Csv => (
            sheet.to_csv().map_err(|e| e.to_string()),
            "text/csv; charset=utf-8",
        ),
        Format::Xlsx => (
            crate::xlsx::to_xlsx(&sheet).map_err(|e| e.to_string()),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    };
    match body {
        Ok(body) => (
            [
                (header::CONTENT_TYPE, content_type.to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!(
                        "attachment; filename=\"{}-{}.{}\"",
                        sheet.title,
                        chrono::Utc::now().format("%Y-%m-%d"),
                        if format == Format::Csv { "csv" } else { "xlsx" }
                    ),
                ),
                (header::CACHE_CONTROL, "no-store".to_owned()),
            ],
            body,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, list, "list export");
            refusal(&AppError::Internal("export".into()))
        }
    }
}
