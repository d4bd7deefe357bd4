//! The service board and the account's campaigns over HTTP: both refuse
//! anonymous calls; the board answers every role that reads service; the
//! campaigns of an account are refused to roles without marketing and
//! answer 404 for an account that does not exist.

use axum::http::StatusCode;

use super::{TestApp, json_of};

const OPEN: &str = r#"{"query":{"status":null,"mine":false,"team_id":null,"account_id":null}}"#;

#[tokio::test]
async fn the_service_board_and_an_accounts_campaigns_check_the_caller() {
    let app = TestApp::new(true).await;
    let res = app.post_json("/api/service_board", None, OPEN).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = app
        .post("/api/account_campaigns", None, "account_id=1")
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);

    // A ticket resolved now: whether the demo's own resolved tickets are
    // still inside the board's fortnight depends on the weekday the seed
    // ran (one opened on a weekend moves to the Friday before).
    {
        use cairn::domain::service::{TicketQuery, TicketStatus};
        use cairn::store::service::tickets;
        let admin = cairn::store::users::operator_actor(&app.store, None)
            .await
            .expect("admin");
        let open = tickets::board(&app.store, &admin, &TicketQuery::default())
            .await
            .expect("board");
        let t = open
            .iter()
            .find(|t| t.status == TicketStatus::InProgress)
            .expect("a ticket in progress");
        tickets::set_status(
            &app.store,
            &admin,
            t.id,
            t.version,
            TicketStatus::Resolved,
            None,
        )
        .await
        .expect("resolved");
    }
    let service = app.sign_in("service", "cairn-service-demo").await;
    let res = app
        .post_json("/api/service_board", Some(&service), OPEN)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let board = json_of(res).await;
    let statuses: Vec<&str> = board
        .as_array()
        .map(|l| l.iter().filter_map(|t| t["status"].as_str()).collect())
        .unwrap_or_default();
    assert!(!statuses.is_empty(), "the demo desk has tickets: {board}");
    assert!(
        statuses.contains(&"Resolved") || statuses.contains(&"Closed"),
        "done lately are on the board too: {statuses:?}"
    );
    let res = app
        .post("/api/account_campaigns", Some(&service), "account_id=1")
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    let manager = app.sign_in("manager", "cairn-manager-demo").await;
    let res = app
        .post(
            "/api/account_campaigns",
            Some(&manager),
            "account_id=999999",
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = app
        .post("/api/account_campaigns", Some(&manager), "account_id=1")
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(json_of(res).await.is_array());
}
