//! Refused authorizations leave a trace (issue 10, audit): each 403 is an
//! audit row naming the caller and what was asked, stored as JSON so a
//! crafted path cannot forge entries.

use axum::http::StatusCode;
use cairn::store::entity::audit_log;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::TestApp;

#[tokio::test]
async fn a_refused_call_is_an_audit_row_with_who_and_what() {
    let app = TestApp::new(true).await;
    let viewer = app.sign_in("viewer", "cairn-viewer-demo").await;
    let denied = || {
        audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq("denied"))
            .all(app.store.conn())
    };
    assert!(denied().await.expect("audit").is_empty());

    let res = app.post("/api/list_users", Some(&viewer), "").await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // Allowed calls leave no refusal behind.
    let res = app.post("/api/my_profile", Some(&viewer), "").await;
    assert_eq!(res.status(), StatusCode::OK);
    // A path with an encoded line break stays one JSON value.
    let res = app
        .post("/api/list_users%0AINFO%20forged", Some(&viewer), "")
        .await;
    let rows = denied().await.expect("audit");
    let viewer_id = cairn::store::users::operator_actor(&app.store, Some("viewer"))
        .await
        .expect("viewer")
        .user_id;
    assert!(!rows.is_empty());
    let first = &rows[0];
    assert_eq!(first.actor_id, Some(viewer_id));
    assert_eq!(first.entity, "request");
    let what: serde_json::Value =
        serde_json::from_str(first.after.as_deref().expect("what")).expect("json");
    assert_eq!(what["path"], "/api/list_users");
    assert_eq!(what["method"], "POST");
    if res.status() == StatusCode::FORBIDDEN {
        let last = rows.last().expect("row");
        assert!(!last.after.as_deref().unwrap_or_default().contains('\n'));
    }
}

#[tokio::test]
async fn arguments_that_do_not_decode_are_a_named_422_not_a_500() {
    let app = TestApp::new(true).await;
    let admin = app.sign_in("admin", "cairn-admin-demo").await;
    // get_account takes a form; a JSON body lacks its `id`.
    let res = app
        .post_json("/api/get_account", Some(&admin), r#"{"nope":1}"#)
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let err = super::json_of(res).await;
    assert_eq!(err["Validation"]["field"], "request");
    assert!(
        err["Validation"]["reason"]
            .as_str()
            .is_some_and(|r| r.contains("id")),
        "{err}"
    );
    // A real failure inside a call keeps its own status.
    let res = app
        .post("/api/get_account", Some(&admin), "id=999999")
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}
