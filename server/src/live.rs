//! Live updates as server-sent events.
//!
//! `GET /api/sales/events?pipeline=ID`: the board's live updates as
//! server-sent events. Each event is checked against the subscriber's
//! read permission before it is sent (a sales person never receives
//! another team's card), and filtered to the pipeline on screen.
//!
//! A subscriber that falls behind the hub's buffer gets a `resync` event
//! and reloads its board; the stream ends when the server shuts down.

use std::convert::Infallible;
use std::time::Duration;

use app::api::server::CurrentUser;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use cairn::domain::sales::BoardEvent;
use cairn::domain::{Action, Actor, AppError, Module, Resource, allowed, authorize};
use futures_util::stream::{self, Stream};
use serde::Deserialize;
use tokio::sync::broadcast::error::RecvError;

use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub struct Params {
    pipeline: i64,
}

/// Whether `actor` may see this event at all, and it concerns `pipeline`.
fn visible(actor: &Actor, pipeline: i64, e: &BoardEvent) -> bool {
    let record = |owner_id, team_id| Resource::Record {
        module: Module::Sales,
        owner_id,
        team_id,
    };
    match e {
        BoardEvent::Card {
            pipeline_id, card, ..
        } => {
            *pipeline_id == pipeline
                && allowed(
                    actor,
                    Action::Read,
                    record(card.owner.as_ref().map(|o| o.id), card.team_id),
                )
        }
        BoardEvent::Removed {
            pipeline_id,
            owner_id,
            team_id,
            ..
        } => *pipeline_id == pipeline && allowed(actor, Action::Read, record(*owner_id, *team_id)),
        BoardEvent::PipelineChanged { pipeline_id } => *pipeline_id == pipeline,
        BoardEvent::Notified { .. } => false,
    }
}

fn stream_of(
    state: AppState,
    actor: Actor,
    pipeline: i64,
) -> impl Stream<Item = Result<Event, Infallible>> {
    let rx = state.store.hub().subscribe();
    stream::unfold(rx, move |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok(e) if visible(&actor, pipeline, &e) => {
                    let data = serde_json::to_string(&e).unwrap_or_default();
                    return Some((Ok(Event::default().event("board").data(data)), rx));
                }
                Ok(_) => continue,
                Err(RecvError::Lagged(_)) => {
                    return Some((Ok(Event::default().event("resync").data("{}")), rx));
                }
                Err(RecvError::Closed) => return None,
            }
        }
    })
}

pub async fn sales_events(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentUser>,
    Query(p): Query<Params>,
) -> Response {
    let Some((actor, _)) = current.0 else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    if authorize(&actor, Action::Read, Resource::Module(Module::Sales)).is_err() {
        return StatusCode::FORBIDDEN.into_response();
    }
    Sse::new(stream_of(state, actor, p.pipeline))
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}

/// `GET /api/projects/{id}/events`: the plan's saved batches as
/// server-sent events named `plan` (data: a `PlanEvent`), `resync` when
/// this subscriber fell behind (the browser reloads the plan). Reading
/// the project is checked once, by the store, when the stream opens.
pub async fn project_events(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentUser>,
    Path(project_id): Path<i64>,
) -> Response {
    let Some((actor, _)) = current.0 else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    // Subscribe before the check, so nothing saved meanwhile is missed.
    let rx = state.store.plans().subscribe();
    if let Err(e) =
        cairn::store::projects::plan::readable_project(&state.store, &actor, project_id).await
    {
        return match e {
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::NotFound { .. } => StatusCode::NOT_FOUND,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        }
        .into_response();
    }
    let events = stream::unfold(rx, move |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok(e) if e.project_id == project_id => {
                    let data = serde_json::to_string(&e).unwrap_or_default();
                    return Some((
                        Ok::<_, Infallible>(Event::default().event("plan").data(data)),
                        rx,
                    ));
                }
                Ok(_) => continue,
                Err(RecvError::Lagged(_)) => {
                    return Some((Ok(Event::default().event("resync").data("{}")), rx));
                }
                Err(RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(events)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}

/// `GET /api/notifications/events`: a `notify` event each time the
/// signed-in user gets a notification (the bell then fetches them), from
/// the board's hub; `resync` when this subscriber fell behind.
pub async fn notification_events(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentUser>,
) -> Response {
    let Some((actor, _)) = current.0 else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let rx = state.store.hub().subscribe();
    let stream = stream::unfold(rx, move |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok(BoardEvent::Notified { user_id }) if user_id == actor.user_id => {
                    return Some((
                        Ok::<_, Infallible>(Event::default().event("notify").data("{}")),
                        rx,
                    ));
                }
                Ok(_) => continue,
                Err(RecvError::Lagged(_)) => {
                    return Some((Ok(Event::default().event("resync").data("{}")), rx));
                }
                Err(RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use cairn::domain::Role;
    use cairn::domain::customer::Named;
    use cairn::domain::sales::{DealCard, DealStatus};

    fn card(owner: i64, team: Option<i64>) -> DealCard {
        DealCard {
            id: 1,
            title: "t".into(),
            account: None,
            amount: 1,
            currency: "CNY".into(),
            probability: 10,
            probability_overridden: false,
            owner: Some(Named {
                id: owner,
                name: "o".into(),
            }),
            team_id: team,
            stage_id: 1,
            status: DealStatus::Open,
            rank: "80".into(),
            version: 1,
            expected_close: None,
            entered_stage_at: chrono::Utc::now(),
        }
    }

    #[test]
    fn events_reach_only_readers_of_the_card_and_its_pipeline() {
        let east = Actor {
            user_id: 1,
            role: Role::Sales,
            team_id: Some(10),
        };
        let e = |owner, team, pipeline_id| BoardEvent::Card {
            pipeline_id,
            card: card(owner, team),
            before: None,
            by: 99,
        };
        assert!(visible(&east, 5, &e(2, Some(10), 5)), "a teammate's card");
        assert!(
            !visible(&east, 5, &e(3, Some(20), 5)),
            "another team's card"
        );
        assert!(!visible(&east, 6, &e(2, Some(10), 5)), "another pipeline");
        let admin = Actor {
            user_id: 7,
            role: Role::Admin,
            team_id: None,
        };
        assert!(visible(&admin, 5, &e(3, Some(20), 5)));
    }
}
