//! The dashboard's server functions over HTTP: anonymous calls are
//! refused, every signed-in reader gets their tiles, only administrators
//! read and save the targets (422 on a bad field, 409 on a stale version).

use axum::http::StatusCode;

use super::{TestApp, json_of};

#[tokio::test]
async fn dashboard_and_targets_check_the_caller() {
    let app = TestApp::new(true).await;
    for path in ["/api/dashboard", "/api/get_targets"] {
        let status = app.post(path, None, "").await.status();
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{path}");
    }
    let targets = |version: i64, win: u8| {
        format!(
            r#"{{"targets":{{"currency":"CNY","revenue":100000000,"team_revenue":[],"win_rate_pct":{win},"coverage_tenths":30,"sla_attainment_pct":null,"satisfaction_tenths":null,"projects_at_risk":null}},"version":{version}}}"#
        )
    };
    let status = app
        .post_json("/api/save_targets", None, &targets(0, 50))
        .await
        .status();
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // A sales person: their tiles, no targets page.
    let sales = app.sign_in("sales", "cairn-sales-demo").await;
    let d = json_of(app.post("/api/dashboard", Some(&sales), "").await).await;
    let kinds: Vec<&str> = d["tiles"]
        .as_array()
        .expect("tiles")
        .iter()
        .filter_map(|t| t["kpi"].as_str())
        .collect();
    assert!(kinds.contains(&"Revenue"), "{kinds:?}");
    // A service agent: the desk's tiles, no sales ones (they cannot read sales).
    let agent = app.sign_in("service", "cairn-service-demo").await;
    let d = json_of(app.post("/api/dashboard", Some(&agent), "").await).await;
    let kinds: Vec<&str> = d["tiles"]
        .as_array()
        .expect("tiles")
        .iter()
        .filter_map(|t| t["kpi"].as_str())
        .collect();
    assert!(kinds.contains(&"SlaAttainment"), "{kinds:?}");
    assert!(!kinds.contains(&"Revenue"), "{kinds:?}");
    for (path, status) in [
        (
            app.post("/api/get_targets", Some(&sales), "")
                .await
                .status(),
            "get",
        ),
        (
            app.post_json("/api/save_targets", Some(&sales), &targets(0, 50))
                .await
                .status(),
            "save",
        ),
    ] {
        assert_eq!(path, StatusCode::FORBIDDEN, "{status}");
    }

    let admin = app.sign_in("admin", "cairn-admin-demo").await;
    let got = json_of(app.post("/api/get_targets", Some(&admin), "").await).await;
    let version = got[1].as_i64().expect("version");
    let res = app
        .post_json("/api/save_targets", Some(&admin), &targets(version, 150))
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = app
        .post_json("/api/save_targets", Some(&admin), &targets(version, 50))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app
        .post_json("/api/save_targets", Some(&admin), &targets(version, 55))
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let d = json_of(app.post("/api/dashboard", Some(&admin), "").await).await;
    let revenue = &d["tiles"][0];
    assert_eq!(revenue["kpi"], "Revenue");
    assert_eq!(revenue["target"]["Money"]["amount"], 100000000);
}
