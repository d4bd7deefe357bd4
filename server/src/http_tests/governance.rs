//! Costs, quality, closeout and the slip threshold over HTTP: readers
//! read, only those who may change the project write, bad input is 422
//! by field, a sign-off waits for its checklist and defects, an archived
//! project refuses every change until an admin reopens it, and only
//! admins set the slip threshold.

use axum::http::StatusCode;

use super::{TestApp, json_of};

/// A fresh PMO project from the built-in template, and its Cutover task.
async fn rollout(app: &TestApp) -> (i64, i64) {
    use cairn::domain::project::{CalendarKey, ProjectInput, ProjectStatus};
    let pmo = cairn::store::seed::demo_actor(&app.store, "pmo")
        .await
        .expect("pmo");
    let builtin = cairn::store::projects::templates::list(&app.store, &pmo)
        .await
        .expect("templates")[0]
        .id;
    let p = cairn::store::projects::start::create(
        &app.store,
        &pmo,
        ProjectInput {
            name: "Governed rollout".into(),
            account_id: None,
            deal_id: None,
            manager_id: None,
            calendar: CalendarKey::Standard,
            start: chrono::NaiveDate::from_ymd_opt(2030, 3, 4).expect("date"),
            status: ProjectStatus::Active,
        },
        Some(builtin),
    )
    .await
    .expect("project");
    let plan = cairn::store::projects::plan(&app.store, &pmo, p.id)
        .await
        .expect("plan");
    let leaf = plan
        .tasks
        .iter()
        .find(|t| t.name == "Cutover")
        .expect("a leaf task")
        .id;
    (p.id, leaf)
}

async fn refusal(res: axum::response::Response) -> String {
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    json_of(res).await.to_string()
}

#[tokio::test]
async fn cost_quality_and_closeout_endpoints_check_who_and_what() {
    let app = TestApp::new(true).await;
    let (p, cutover) = rollout(&app).await;
    let project = format!("project_id={p}");
    for path in ["/api/project_costs", "/api/project_quality"] {
        assert_eq!(
            app.post(path, None, &project).await.status(),
            StatusCode::UNAUTHORIZED,
            "{path}"
        );
    }
    let viewer = app.sign_in("viewer", "cairn-viewer-demo").await;
    let pmo = app.sign_in("pmo", "cairn-pmo-demo").await;
    let admin = app.sign_in("admin", "cairn-admin-demo").await;

    // Costs: the viewer reads, cannot write; the PMO budgets and books.
    let costs = json_of(
        app.post("/api/project_costs", Some(&viewer), &project)
            .await,
    )
    .await;
    assert_eq!(costs["editable"], false);
    let budget = serde_json::json!({ "project_id": p, "edits": [
        { "task_id": cutover, "version": 0, "budget": { "rate": 12_000, "fixed": 30_000 } }
    ] })
    .to_string();
    assert_eq!(
        app.post_json("/api/project_budgets_save", Some(&viewer), &budget)
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let saved = app
        .post_json("/api/project_budgets_save", Some(&pmo), &budget)
        .await;
    assert_eq!(saved.status(), StatusCode::OK);
    let saved = json_of(saved).await;
    // 8 h at 120.00 + 300.00 = 1,260.00.
    assert_eq!(saved["total"]["bac"], 126_000);
    let entry = |day: &str, amount: i64| {
        serde_json::json!({ "project_id": p, "input": {
            "task_id": cutover, "day": day, "amount": amount, "note": "rehearsal"
        } })
        .to_string()
    };
    let body = refusal(
        app.post_json("/api/cost_entry_add", Some(&pmo), &entry("2999-01-01", 100))
            .await,
    )
    .await;
    assert!(body.contains("day"), "{body}");
    let today = chrono::Utc::now().date_naive().to_string();
    let booked = app
        .post_json("/api/cost_entry_add", Some(&pmo), &entry(&today, 45_000))
        .await;
    assert_eq!(booked.status(), StatusCode::OK);
    assert_eq!(json_of(booked).await["total"]["ac"], 45_000);

    // Quality: a deliverable with two criteria, a defect against it.
    let deliverable = |id: Option<i64>, version: i64, met: bool| {
        serde_json::json!({ "project_id": p, "id": id, "version": version, "input": {
            "name": "Migrated data", "description": "", "task_id": cutover,
            "criteria": [ { "text": "All accounts moved", "met": met }, { "text": "Owners kept", "met": met } ]
        } })
        .to_string()
    };
    assert_eq!(
        app.post_json(
            "/api/deliverable_save",
            Some(&viewer),
            &deliverable(None, 0, false)
        )
        .await
        .status(),
        StatusCode::FORBIDDEN
    );
    let q = json_of(
        app.post_json(
            "/api/deliverable_save",
            Some(&pmo),
            &deliverable(None, 0, false),
        )
        .await,
    )
    .await;
    let d = &q["deliverables"][0];
    let (d_id, d_version) = (
        d["id"].as_i64().expect("id"),
        d["version"].as_i64().expect("v"),
    );
    assert_eq!(d["status"], "Open");
    let sign = |version: i64| {
        serde_json::json!({ "id": d_id, "version": version,
            "signed": { "name": "Li Wei (Northwind)", "on": today } })
        .to_string()
    };
    let body = refusal(
        app.post_json("/api/deliverable_sign_off", Some(&pmo), &sign(d_version))
            .await,
    )
    .await;
    assert!(body.contains("criteria"), "{body}");
    let q = json_of(
        app.post_json(
            "/api/deliverable_save",
            Some(&pmo),
            &deliverable(Some(d_id), d_version, true),
        )
        .await,
    )
    .await;
    assert_eq!(q["deliverables"][0]["status"], "Ready");
    let d_version = q["deliverables"][0]["version"].as_i64().expect("v");
    let defect = |id: Option<i64>, version: i64, status: &str| {
        serde_json::json!({ "project_id": p, "id": id, "version": version, "input": {
            "title": "Duplicate contacts", "description": "", "severity": "High",
            "status": status, "deliverable_id": d_id
        } })
        .to_string()
    };
    let q = json_of(
        app.post_json("/api/defect_save", Some(&pmo), &defect(None, 0, "Open"))
            .await,
    )
    .await;
    let f_id = q["defects"][0]["id"].as_i64().expect("id");
    let body = refusal(
        app.post_json("/api/deliverable_sign_off", Some(&pmo), &sign(d_version))
            .await,
    )
    .await;
    assert!(body.contains("defects"), "{body}");
    let ok = app
        .post_json(
            "/api/defect_save",
            Some(&pmo),
            &defect(Some(f_id), 1, "Resolved"),
        )
        .await;
    assert_eq!(ok.status(), StatusCode::OK);
    let signed = app
        .post_json("/api/deliverable_sign_off", Some(&pmo), &sign(d_version))
        .await;
    assert_eq!(signed.status(), StatusCode::OK);
    let q = json_of(signed).await;
    assert_eq!(q["deliverables"][0]["status"], "SignedOff");
    assert_eq!(q["deliverables"][0]["signed"]["name"], "Li Wei (Northwind)");

    // Closeout: lessons required; then the project is read only.
    let version = q["version"].as_i64().expect("project version");
    let close = |lessons: &str| {
        serde_json::json!({ "project_id": p, "version": version, "archive": true, "lessons": {
            "went_well": lessons, "to_improve": "", "recommendations": ""
        } })
        .to_string()
    };
    let body = refusal(
        app.post_json("/api/project_close", Some(&pmo), &close(" "))
            .await,
    )
    .await;
    assert!(body.contains("lessons"), "{body}");
    let closed = app
        .post_json(
            "/api/project_close",
            Some(&pmo),
            &close("Early data cleansing"),
        )
        .await;
    assert_eq!(closed.status(), StatusCode::OK);
    let q = json_of(closed).await;
    assert!(q["closeout"].is_object());
    assert_eq!(q["editable"], false);
    let body = refusal(
        app.post_json("/api/cost_entry_add", Some(&pmo), &entry(&today, 1))
            .await,
    )
    .await;
    assert!(body.contains("archived"), "{body}");
    let version =
        json_of(app.post("/api/project_quality", Some(&pmo), &project).await).await["version"]
            .as_i64()
            .expect("version");
    let reopen = serde_json::json!({ "project_id": p, "version": version }).to_string();
    assert_eq!(
        app.post_json("/api/project_reopen", Some(&pmo), &reopen)
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let reopened = app
        .post_json("/api/project_reopen", Some(&admin), &reopen)
        .await;
    assert_eq!(reopened.status(), StatusCode::OK);
    assert_eq!(json_of(reopened).await["editable"], true);
}

#[tokio::test]
async fn only_admins_set_the_slip_threshold() {
    let app = TestApp::new(true).await;
    let pmo = app.sign_in("pmo", "cairn-pmo-demo").await;
    assert_eq!(
        app.post("/api/slip_settings", Some(&pmo), "")
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let admin = app.sign_in("admin", "cairn-admin-demo").await;
    let got = json_of(app.post("/api/slip_settings", Some(&admin), "").await).await;
    assert_eq!(got[0]["threshold_days"], 5);
    let version = got[1].as_i64().expect("version");
    let save = |days: i64| {
        serde_json::json!({ "settings": { "threshold_days": days }, "version": version })
            .to_string()
    };
    assert_eq!(
        app.post_json("/api/slip_settings_save", Some(&pmo), &save(10))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let body = refusal(
        app.post_json("/api/slip_settings_save", Some(&admin), &save(400))
            .await,
    )
    .await;
    assert!(body.contains("threshold_days"), "{body}");
    let saved = app
        .post_json("/api/slip_settings_save", Some(&admin), &save(10))
        .await;
    assert_eq!(saved.status(), StatusCode::OK);
    assert_eq!(json_of(saved).await[0]["threshold_days"], 10);
}
