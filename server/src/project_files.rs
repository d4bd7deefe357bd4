//! Microsoft Project XML, CSV and iCalendar files of a project, as plain
//! HTTP endpoints (a link downloads a file with its name; a file is
//! posted as it is, not inside a server function's JSON):
//!
//! - `POST /api/projects/import.xml?name=&account_id=&deal_id=&manager_id=&status=`
//!   — the body is the XML (UTF-8, or UTF-16 with a byte order mark, at
//!   most `MAX_MSPDI_BYTES`); 201 with the [`ImportedProject`] as JSON
//!   and `Location: /projects/{id}`. A refusal is its status with the
//!   `AppError` as JSON (as server functions send it), so the page can
//!   show the field and reason.
//! - `GET /api/projects/{id}/export.xml` — MSPDI for Microsoft Project.
//! - `GET /api/projects/{id}/schedule.csv` — the schedule (UTF-8 + BOM).
//! - `GET /api/projects/{id}/milestones.ics` — milestones as iCalendar.
//!
//! 401 without a session; 403 / 404 as the store decides (who may create
//! projects imports; who may read one exports it).

use app::api::server::CurrentUser;
use axum::Extension;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use cairn::domain::AppError;
use cairn::domain::project::ProjectStatus;
use cairn::domain::project::interchange::{ImportOptions, read};
use cairn::store::projects;

use crate::export::refusal;
use crate::state::AppState;

/// The query's import options; a value that is not one is refused
/// rather than ignored.
fn options(pairs: &[(String, String)]) -> Result<ImportOptions, AppError> {
    let mut o = ImportOptions::default();
    let id = |field: &str, v: &str| {
        v.parse::<i64>()
            .map_err(|_| AppError::invalid(field, "is not an id"))
    };
    for (k, v) in pairs {
        let v = v.trim();
        if v.is_empty() {
            continue;
        }
        match k.as_str() {
            "name" => o.name = Some(v.to_owned()),
            "account_id" => o.account_id = Some(id("account_id", v)?),
            "deal_id" => o.deal_id = Some(id("deal_id", v)?),
            "manager_id" => o.manager_id = Some(id("manager_id", v)?),
            "status" => {
                o.status = Some(
                    ProjectStatus::parse(v)
                        .ok_or_else(|| AppError::invalid("status", "is not a project status"))?,
                )
            }
            _ => {}
        }
    }
    Ok(o)
}

/// A refusal of the import as JSON.
fn json_refusal(e: &AppError) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let e = match e {
        AppError::Internal(_) => AppError::Internal("internal error".into()),
        other => other.clone(),
    };
    (status, axum::Json(e)).into_response()
}

pub async fn import_xml(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentUser>,
    Query(pairs): Query<Vec<(String, String)>>,
    body: Bytes,
) -> Response {
    let Some((actor, _)) = current.0 else {
        return json_refusal(&AppError::Unauthenticated);
    };
    let done = async {
        let options = options(&pairs)?;
        let xml = read::decode(&body)?;
        projects::import_mspdi(&state.store, &actor, &xml, &options).await
    }
    .await;
    match done {
        Ok(done) => (
            StatusCode::CREATED,
            [(header::LOCATION, format!("/projects/{}", done.id))],
            axum::Json(done),
        )
            .into_response(),
        Err(e) => json_refusal(&e),
    }
}

/// A download: the body with its type and file name.
fn file(body: impl IntoResponse, content_type: &str, name: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response()
}

pub async fn export_xml(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentUser>,
    Path(id): Path<i64>,
) -> Response {
    let Some((actor, _)) = current.0 else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    match projects::export_mspdi(&state.store, &actor, id).await {
        Ok(xml) => file(
            xml,
            "application/xml; charset=utf-8",
            format!("project-{id}.xml"),
        ),
        Err(e) => refusal(&e),
    }
}

pub async fn schedule_csv(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentUser>,
    Path(id): Path<i64>,
) -> Response {
    let Some((actor, _)) = current.0 else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    match projects::schedule_csv(&state.store, &actor, id).await {
        Ok(csv) => file(
            csv,
            "text/csv; charset=utf-8",
            format!("project-{id}-schedule.csv"),
        ),
        Err(e) => refusal(&e),
    }
}

pub async fn milestones_ics(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentUser>,
    Path(id): Path<i64>,
) -> Response {
    let Some((actor, _)) = current.0 else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    match projects::milestones_ics(&state.store, &actor, id).await {
        Ok(ics) => file(
            ics,
            "text/calendar; charset=utf-8",
            format!("project-{id}-milestones.ics"),
        ),
        Err(e) => refusal(&e),
    }
}
