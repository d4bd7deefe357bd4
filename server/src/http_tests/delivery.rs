//! The deal-to-project endpoints over HTTP: templates (project creators
//! read, admins write, a bad outline is 422 by field), the delivery
//! figures of a deal and an account, and the start of a won deal's
//! project (the deal's owner may, naming a project manager; a second
//! start is refused).

use axum::http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::{TestApp, json_of};

async fn deal_id(app: &TestApp, title: &str) -> i64 {
    cairn::store::entity::deal::Entity::find()
        .filter(cairn::store::entity::deal::Column::Title.eq(title))
        .one(app.store.conn())
        .await
        .expect("query")
        .expect("a demo deal")
        .id
}

#[tokio::test]
async fn delivery_endpoints_check_who_and_what() {
    let app = TestApp::new(true).await;
    let won = deal_id(&app, "Northwind 2026 licences").await;
    let deal = format!("deal_id={won}");
    for (path, body) in [
        ("/api/project_templates", String::new()),
        ("/api/delivery_of_deal", deal.clone()),
        ("/api/delivery_offer", deal.clone()),
    ] {
        let status = app.post(path, None, &body).await.status();
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{path}");
    }

    // The demo rollout delivers the won Northwind deal: its go-live
    // milestone and health reach the deal's owner.
    let sales = app.sign_in("sales", "cairn-sales-demo").await;
    let on_deal = json_of(app.post("/api/delivery_of_deal", Some(&sales), &deal).await).await;
    let d = &on_deal.as_array().expect("a list")[0];
    assert_eq!(d["name"], "Northwind CRM rollout");
    assert_eq!(d["go_live_is_milestone"], true);
    assert!(d["go_live"].is_string());
    assert!(["OnTrack", "AtRisk", "OffTrack"].contains(&d["health"].as_str().expect("health")));

    // Templates: sales may not read or write them; admins write.
    assert_eq!(
        app.post("/api/project_templates", Some(&sales), "")
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let template = |pred: &str| {
        serde_json::json!({ "id": null, "version": 0, "input": {
            "name": "Quick", "name_zh": "", "body": { "rows": [
                { "level": 0, "name": "Set up", "days": 2 },
                { "level": 0, "name": "Live", "days": 0, "predecessors": pred, "go_live": true }
            ] }
        } })
        .to_string()
    };
    assert_eq!(
        app.post_json("/api/project_template_save", Some(&sales), &template("1"))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let admin = app.sign_in("admin", "cairn-admin-demo").await;
    let bad = app
        .post_json("/api/project_template_save", Some(&admin), &template("3"))
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(json_of(bad).await.to_string().contains("predecessor 3"));
    let made = app
        .post_json("/api/project_template_save", Some(&admin), &template("1"))
        .await;
    assert_eq!(made.status(), StatusCode::OK);
    let made = json_of(made).await;
    let pmo = app.sign_in("pmo", "cairn-pmo-demo").await;
    let listed = json_of(app.post("/api/project_templates", Some(&pmo), "").await).await;
    assert!(
        listed
            .as_array()
            .expect("list")
            .iter()
            .any(|t| t["id"] == made["id"])
    );

    // The won deal has its project: the offer says so, a second start
    // is refused by field.
    let offer = json_of(app.post("/api/delivery_offer", Some(&sales), &deal).await).await;
    assert_eq!(offer["won"], true);
    assert!(offer["project"]["id"].is_i64());
    let pmo_id = offer["managers"][0]["id"].clone();
    let start = serde_json::json!({ "input": {
        "deal_id": won, "template_id": made["id"], "name": "Again",
        "start": "2030-03-04", "manager_id": pmo_id, "calendar": "Standard"
    } })
    .to_string();
    let again = app
        .post_json("/api/delivery_start", Some(&sales), &start)
        .await;
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(json_of(again).await.to_string().contains("already has"));
    // A viewer may read the figures but not start anything.
    let viewer = app.sign_in("viewer", "cairn-viewer-demo").await;
    assert_eq!(
        app.post("/api/delivery_of_deal", Some(&viewer), &deal)
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        app.post_json("/api/delivery_start", Some(&viewer), &start)
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
}
