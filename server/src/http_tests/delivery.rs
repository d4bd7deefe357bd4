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
    // The PMO uses templates but does not edit them: the admin list is refused.
    assert_eq!(
        app.post("/api/project_templates_admin", Some(&pmo), "")
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
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

/// Change requests and payment terms over HTTP: readers list, the
/// project's people draft and submit, only a manager (or admin)
/// approves; payment terms are refused by field at 90 % and to viewers.
#[tokio::test]
async fn change_and_payment_endpoints_check_who() {
    let app = TestApp::new(true).await;
    let p = super::demo_project(&app).await;
    let project = format!("project_id={}", p.id);
    let won = deal_id(&app, "Northwind 2026 licences").await;
    let deal = format!("deal_id={won}");
    for (path, body) in [
        ("/api/project_changes", project.clone()),
        ("/api/deal_payments", deal.clone()),
    ] {
        let status = app.post(path, None, &body).await.status();
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{path}");
    }
    let draft = serde_json::json!({ "project_id": p.id, "id": null, "version": 0, "input": {
        "title": "More reports", "description": "", "reason": "Asked for", "scope_impact": "",
        "schedule_days": 2, "cost_impact": 500_000, "currency": "USD", "changes": []
    } })
    .to_string();
    let viewer = app.sign_in("viewer", "cairn-viewer-demo").await;
    assert_eq!(
        app.post_json("/api/change_request_save", Some(&viewer), &draft)
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let pmo = app.sign_in("pmo", "cairn-pmo-demo").await;
    let made = app
        .post_json("/api/change_request_save", Some(&pmo), &draft)
        .await;
    assert_eq!(made.status(), StatusCode::OK);
    let made = json_of(made).await;
    let id = made["id"].as_i64().expect("id");
    let step = |version: i64, to: &str| {
        serde_json::json!({ "id": id, "version": version, "to": to, "note": "" }).to_string()
    };
    let submitted = json_of(
        app.post_json(
            "/api/change_request_move",
            Some(&pmo),
            &step(1, "Submitted"),
        )
        .await,
    )
    .await;
    assert_eq!(submitted["status"], "Submitted");
    assert_eq!(
        app.post_json("/api/change_request_move", Some(&pmo), &step(2, "Approved"))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let manager = app.sign_in("manager", "cairn-manager-demo").await;
    let approved = app
        .post_json(
            "/api/change_request_move",
            Some(&manager),
            &step(2, "Approved"),
        )
        .await;
    assert_eq!(approved.status(), StatusCode::OK);
    let log = json_of(
        app.post("/api/project_changes", Some(&viewer), &project)
            .await,
    )
    .await;
    assert_eq!(log[0]["status"], "Approved");

    // Payment terms on the demo's won deal: its project's milestones.
    let sales = app.sign_in("sales", "cairn-sales-demo").await;
    let plan = json_of(app.post("/api/deal_payments", Some(&sales), &deal).await).await;
    assert_eq!(plan["editable"], true);
    let milestone = plan["milestones"][0]["id"].clone();
    let terms = |percent: u8| {
        serde_json::json!({ "deal_id": won, "version": 0, "terms": [
            { "percent": percent, "task_id": milestone }
        ] })
        .to_string()
    };
    let short = app
        .post_json("/api/deal_payments_save", Some(&sales), &terms(90))
        .await;
    assert_eq!(short.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(json_of(short).await.to_string().contains("payment_terms"));
    assert_eq!(
        app.post_json("/api/deal_payments_save", Some(&viewer), &terms(100))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let saved = app
        .post_json("/api/deal_payments_save", Some(&sales), &terms(100))
        .await;
    assert_eq!(saved.status(), StatusCode::OK);
    assert_eq!(json_of(saved).await["terms"][0]["amount"], 4_000_000);
}
