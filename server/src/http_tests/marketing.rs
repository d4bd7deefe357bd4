//! The marketing endpoints over HTTP: every one refuses anonymous calls,
//! service agents cannot even list campaigns, sales people read them but
//! may not create one, and a manager's writes carry their checks through
//! (field errors 422, stale versions 409).

use axum::http::StatusCode;

use super::{TestApp, json_of};

fn campaign(name: &str, start: &str, end: &str) -> String {
    format!(
        r#"{{"id":null,"version":0,"input":{{"name":"{name}","kind":"Event","status":"Active","start_on":{start},"end_on":{end},"budget":2000000,"actual_cost":500000,"currency":"CNY","description":"","owner_id":null}}}}"#
    )
}

#[tokio::test]
async fn marketing_endpoints_check_the_caller_and_the_record() {
    let app = TestApp::new(true).await;
    let ok = campaign("Expo", "null", "null");
    let json_calls = [
        ("/api/save_campaign", ok.as_str()),
        (
            "/api/add_campaign_members",
            r#"{"campaign_id":1,"members":[{"Contact":1}]}"#,
        ),
        (
            "/api/preview_audience",
            r#"{"campaign_id":1,"audience":{"kind":"Contacts","query":{}}}"#,
        ),
        (
            "/api/add_campaign_audience",
            r#"{"campaign_id":1,"version":1,"audience":{"kind":"Contacts","query":{}}}"#,
        ),
        (
            "/api/set_member_status",
            r#"{"member_id":1,"version":1,"status":"Responded"}"#,
        ),
    ];
    let form_calls = [
        ("/api/list_campaigns", ""),
        ("/api/load_campaign", "id=1"),
        ("/api/campaign_options", ""),
        ("/api/delete_campaign", "id=1&version=1"),
        ("/api/remove_campaign_member", "member_id=1"),
    ];
    for (path, body) in json_calls {
        let status = app.post_json(path, None, body).await.status();
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{path}");
    }
    for (path, body) in form_calls {
        let status = app.post(path, None, body).await.status();
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{path}");
    }

    let service = app.sign_in("service", "cairn-service-demo").await;
    let res = app.post("/api/list_campaigns", Some(&service), "").await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // The lead form's options are simply empty for them.
    let res = app.post("/api/campaign_options", Some(&service), "").await;
    assert_eq!(json_of(res).await, serde_json::json!([]));

    let sales = app.sign_in("sales", "cairn-sales-demo").await;
    let res = app.post("/api/list_campaigns", Some(&sales), "").await;
    assert_eq!(res.status(), StatusCode::OK);
    let demo = json_of(res).await;
    let fair = demo
        .as_array()
        .and_then(|l| {
            l.iter()
                .find(|r| r["campaign"]["name"] == "Spring trade show 2026")
        })
        .cloned()
        .unwrap_or_else(|| panic!("the demo trade show: {demo}"));
    assert!(fair["metrics"]["members"].as_u64().is_some_and(|n| n > 0));
    let res = app.post_json("/api/save_campaign", Some(&sales), &ok).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    let manager = app.sign_in("manager", "cairn-manager-demo").await;
    let backwards = campaign("Expo", r#""2026-03-02""#, r#""2026-03-01""#);
    let res = app
        .post_json("/api/save_campaign", Some(&manager), &backwards)
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json_of(res).await["Validation"]["field"], "end_on");
    let res = app
        .post_json("/api/save_campaign", Some(&manager), &ok)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let created = json_of(res).await;
    let id = created["id"].as_i64().expect("id");

    // A contact of the demo trade show joins the new campaign.
    let fair_id = fair["campaign"]["id"].as_i64().expect("fair id");
    let res = app
        .post(
            "/api/load_campaign",
            Some(&manager),
            &format!("id={fair_id}"),
        )
        .await;
    let detail = json_of(res).await;
    let contact = detail["members"]
        .as_array()
        .and_then(|m| m.iter().find_map(|m| m["member"]["Contact"].as_i64()))
        .expect("a contact member");
    let add = format!(r#"{{"campaign_id":{id},"members":[{{"Contact":{contact}}}]}}"#);
    let res = app
        .post_json("/api/add_campaign_members", Some(&manager), &add)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        json_of(res).await,
        serde_json::json!({"added": 1, "already": 0})
    );
    // Sales may read it, not add to it.
    let res = app
        .post_json("/api/add_campaign_members", Some(&sales), &add)
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app
        .post("/api/load_campaign", Some(&manager), &format!("id={id}"))
        .await;
    let member = json_of(res).await["members"][0].clone();
    let member_id = member["id"].as_i64().expect("member id");
    let stale = format!(r#"{{"member_id":{member_id},"version":7,"status":"Responded"}}"#);
    let res = app
        .post_json("/api/set_member_status", Some(&manager), &stale)
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let fresh = format!(r#"{{"member_id":{member_id},"version":1,"status":"Responded"}}"#);
    let res = app
        .post_json("/api/set_member_status", Some(&manager), &fresh)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(json_of(res).await["status"], "Responded");
    let res = app
        .post(
            "/api/delete_campaign",
            Some(&sales),
            &format!("id={id}&version=1"),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app
        .post(
            "/api/delete_campaign",
            Some(&manager),
            &format!("id={id}&version=1"),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
}
