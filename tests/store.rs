//! The store's behaviour on real databases (SQLite, and PostgreSQL when
//! reachable): permissions, validation without partial writes, versioned
//! updates under concurrency, sessions, sign-in throttling, audit, backup.

mod support;

use std::collections::HashMap;

use cairn::domain::user::ProfileEdit;
use cairn::domain::{AppError, Role};
use cairn::store::sessions::{DbSessionStore, USER_KEY};
use cairn::store::{audit, sessions, users};
use support::{PASSWORD, actor, databases, new_user};
use tower_sessions::SessionStore;
use tower_sessions::session::{Id, Record};

#[tokio::test]
async fn migrations_are_idempotent() {
    for db in databases().await {
        db.store.migrate().await.expect("second migrate");
        assert!(
            db.store
                .pending_migrations()
                .await
                .expect("pending")
                .is_empty(),
            "{}",
            db.name
        );
    }
}

#[tokio::test]
async fn first_run_setup_creates_one_admin_and_only_once() {
    for db in databases().await {
        let s = &db.store;
        let admin = users::setup_first_admin(s, new_user("root", Role::Viewer))
            .await
            .expect("setup");
        assert_eq!(admin.role, Role::Admin, "setup always makes an admin");
        let again = users::setup_first_admin(s, new_user("intruder", Role::Admin)).await;
        assert_eq!(again, Err(AppError::Forbidden), "{}", db.name);
        assert_eq!(users::count(s).await.expect("count"), 1);
    }
}

#[tokio::test]
async fn only_admins_create_users_and_bad_input_writes_nothing() {
    for db in databases().await {
        let s = &db.store;
        let admin = actor(s, "admin", Role::Admin).await;
        let viewer = actor(s, "viewer", Role::Viewer).await;
        let manager = actor(s, "manager", Role::Manager).await;

        for who in [viewer, manager] {
            let r = users::create(s, &who, new_user("sneaky", Role::Admin)).await;
            assert_eq!(r, Err(AppError::Forbidden), "{} {:?}", db.name, who.role);
            assert_eq!(users::list(s, &who).await, Err(AppError::Forbidden));
        }

        let mut bad = new_user("newbie", Role::Sales);
        bad.email = "not-an-email".into();
        match users::create(s, &admin, bad).await {
            Err(AppError::Validation { field, .. }) => assert_eq!(field, "email"),
            other => panic!("expected a validation error, got {other:?}"),
        }
        let dup = users::create(s, &admin, new_user("viewer", Role::Sales)).await;
        assert_eq!(dup, Err(AppError::invalid("username", "is already taken")));
        let mut no_team = new_user("teamless", Role::Sales);
        no_team.team_id = Some(9999);
        assert_eq!(
            users::create(s, &admin, no_team).await,
            Err(AppError::invalid("team", "does not exist"))
        );
        assert_eq!(
            users::count(s).await.expect("count"),
            3,
            "{}: nothing written",
            db.name
        );

        let created = users::create(s, &admin, new_user("Newbie", Role::Sales))
            .await
            .expect("create");
        assert_eq!(created.username, "newbie", "usernames are normalised");
        let trail = audit::history(s.conn(), "user", &created.id.to_string())
            .await
            .expect("audit");
        assert_eq!(trail.len(), 1);
        assert_eq!(trail[0].actor_id, Some(admin.user_id));
        assert_eq!(trail[0].action, "create");
        assert!(
            trail[0]
                .after
                .as_deref()
                .is_some_and(|a| a.contains("\"newbie\""))
        );
        assert!(
            !trail[0].after.as_deref().unwrap_or("").contains("argon2"),
            "the audit log never holds a password hash"
        );
    }
}

#[tokio::test]
async fn profile_edits_are_versioned_and_a_stale_edit_is_a_conflict() {
    for db in databases().await {
        let s = &db.store;
        let me = actor(s, "ada", Role::Sales).await;
        let other = actor(s, "bob", Role::Sales).await;
        let v1 = users::get(s, &me, me.user_id).await.expect("get");

        let edit = |name: &str, version| ProfileEdit {
            display_name: name.into(),
            email: "ada@example.com".into(),
            version,
        };
        let saved = users::update_profile(s, &me, me.user_id, edit("Ada L.", v1.version))
            .await
            .expect("first");
        assert_eq!(saved.version, v1.version + 1);
        let stale = users::update_profile(s, &me, me.user_id, edit("Ada Stale", v1.version)).await;
        assert_eq!(
            stale,
            Err(AppError::Conflict {
                entity: "user".into(),
                current_version: saved.version
            }),
            "{}",
            db.name
        );
        assert_eq!(
            users::get(s, &me, me.user_id)
                .await
                .expect("get")
                .display_name,
            "Ada L."
        );

        // Nobody edits someone else's profile (except an admin).
        let r = users::update_profile(s, &other, me.user_id, edit("Hijack", saved.version)).await;
        assert_eq!(r, Err(AppError::Forbidden));

        let trail = audit::history(s.conn(), "user", &me.user_id.to_string())
            .await
            .expect("audit");
        let last = trail.last().expect("an audit row");
        assert_eq!(last.action, "update_profile");
        assert!(
            last.before
                .as_deref()
                .is_some_and(|b| b.contains("ada person"))
        );
        assert!(last.after.as_deref().is_some_and(|a| a.contains("Ada L.")));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_edits_from_the_same_version_let_exactly_one_win() {
    for db in databases().await {
        let s = db.store.clone();
        let me = actor(&s, "carol", Role::Manager).await;
        let version = users::get(&s, &me, me.user_id).await.expect("get").version;
        let tasks: Vec<_> = (0..16)
            .map(|i| {
                let s = s.clone();
                tokio::spawn(async move {
                    users::update_profile(
                        &s,
                        &me,
                        me.user_id,
                        ProfileEdit {
                            display_name: format!("Writer {i}"),
                            email: "carol@example.com".into(),
                            version,
                        },
                    )
                    .await
                })
            })
            .collect();
        let results = futures::future::join_all(tasks).await;
        let wins: Vec<_> = results
            .iter()
            .filter_map(|r| r.as_ref().ok()?.as_ref().ok())
            .collect();
        let conflicts = results
            .iter()
            .filter(|r| matches!(r, Ok(Err(AppError::Conflict { .. }))))
            .count();
        assert_eq!(wins.len(), 1, "{}: exactly one writer wins", db.name);
        assert_eq!(conflicts, 15, "{}: every other writer is told", db.name);
        let now = users::get(&s, &me, me.user_id).await.expect("get");
        assert_eq!(
            now.display_name, wins[0].display_name,
            "the winner's edit is what is stored"
        );
        assert_eq!(now.version, version + 1);
    }
}

async fn open_session(db: &DbSessionStore, user_id: i64) -> Id {
    let mut record = Record {
        id: Id::default(),
        data: HashMap::from([(USER_KEY.to_owned(), serde_json::json!(user_id))]),
        expiry_date: time::OffsetDateTime::now_utc() + time::Duration::hours(1),
    };
    db.create(&mut record).await.expect("create session");
    record.id
}

#[tokio::test]
async fn disabling_a_user_ends_all_their_sessions_and_they_cannot_sign_in() {
    for db in databases().await {
        let s = &db.store;
        let admin = actor(s, "admin", Role::Admin).await;
        let victim = actor(s, "dave", Role::Service).await;
        let sessions_db = DbSessionStore::new(s.clone());
        let a = open_session(&sessions_db, victim.user_id).await;
        open_session(&sessions_db, victim.user_id).await;
        let admins = open_session(&sessions_db, admin.user_id).await;
        assert_eq!(
            sessions::count_for_user(s, victim.user_id)
                .await
                .expect("count"),
            2
        );
        assert!(sessions_db.load(&a).await.expect("load").is_some());

        let version = users::get(s, &admin, victim.user_id)
            .await
            .expect("get")
            .version;
        assert_eq!(
            users::set_active(s, &victim, victim.user_id, false, version).await,
            Err(AppError::Forbidden),
            "a non-admin cannot disable"
        );
        assert_eq!(
            users::set_active(s, &admin, admin.user_id, false, 1).await,
            Err(AppError::invalid("active", "you cannot disable yourself"))
        );
        let disabled = users::set_active(s, &admin, victim.user_id, false, version)
            .await
            .expect("disable");
        assert!(!disabled.active);
        assert_eq!(
            sessions::count_for_user(s, victim.user_id)
                .await
                .expect("count"),
            0,
            "{}",
            db.name
        );
        assert!(sessions_db.load(&a).await.expect("load").is_none());
        assert!(
            sessions_db.load(&admins).await.expect("load").is_some(),
            "others keep theirs"
        );
        assert_eq!(
            users::authenticate(s, "dave", PASSWORD).await,
            Err(AppError::BadCredentials)
        );
        assert!(
            users::resolve_session_user(s, victim.user_id)
                .await
                .expect("resolve")
                .is_none()
        );
    }
}

#[tokio::test]
async fn sign_in_is_throttled_after_repeated_failures() {
    for db in databases().await {
        let s = &db.store;
        actor(s, "erin", Role::Sales).await;
        assert!(
            users::authenticate(s, "ERIN ", PASSWORD).await.is_ok(),
            "case and spaces forgiven"
        );
        assert_eq!(
            users::authenticate(s, "nobody", PASSWORD).await,
            Err(AppError::BadCredentials)
        );
        for _ in 0..users::FREE_ATTEMPTS - 1 {
            assert_eq!(
                users::authenticate(s, "erin", "wrong password!").await,
                Err(AppError::BadCredentials)
            );
        }
        assert!(matches!(
            users::authenticate(s, "erin", "wrong password!").await,
            Err(AppError::TooManyAttempts { retry_after_secs }) if retry_after_secs > 0
        ));
        // Even the right password waits out the throttle.
        assert!(
            matches!(
                users::authenticate(s, "erin", PASSWORD).await,
                Err(AppError::TooManyAttempts { .. })
            ),
            "{}",
            db.name
        );
    }
}

#[tokio::test]
async fn changing_the_password_ends_every_session_and_checks_the_old_one() {
    for db in databases().await {
        let s = &db.store;
        let me = actor(s, "frank", Role::Pmo).await;
        let sessions_db = DbSessionStore::new(s.clone());
        open_session(&sessions_db, me.user_id).await;
        let wrong =
            users::change_password(s, &me, "not my password", "another long passphrase").await;
        assert_eq!(
            wrong,
            Err(AppError::invalid(
                "current_password",
                "is not your current password"
            ))
        );
        let weak = users::change_password(s, &me, PASSWORD, "short").await;
        assert!(
            matches!(weak, Err(AppError::Validation { ref field, .. }) if field == "new_password")
        );
        assert_eq!(
            sessions::count_for_user(s, me.user_id)
                .await
                .expect("count"),
            1
        );

        users::change_password(s, &me, PASSWORD, "another long passphrase")
            .await
            .expect("change");
        assert_eq!(
            sessions::count_for_user(s, me.user_id)
                .await
                .expect("count"),
            0,
            "{}",
            db.name
        );
        assert_eq!(
            users::authenticate(s, "frank", PASSWORD).await,
            Err(AppError::BadCredentials)
        );
        assert!(
            users::authenticate(s, "frank", "another long passphrase")
                .await
                .is_ok()
        );
    }
}

#[tokio::test]
async fn roles_change_with_versions_and_an_admin_cannot_demote_themself() {
    for db in databases().await {
        let s = &db.store;
        let admin = actor(s, "admin", Role::Admin).await;
        let gina = actor(s, "gina", Role::Sales).await;
        let v = users::get(s, &admin, gina.user_id)
            .await
            .expect("get")
            .version;
        let promoted = users::set_role(s, &admin, gina.user_id, Role::Manager, v)
            .await
            .expect("role");
        assert_eq!(promoted.role, Role::Manager);
        assert!(matches!(
            users::set_role(s, &admin, gina.user_id, Role::Viewer, v).await,
            Err(AppError::Conflict { .. })
        ));
        assert_eq!(
            users::set_role(s, &admin, admin.user_id, Role::Viewer, 1).await,
            Err(AppError::invalid(
                "role",
                "you cannot take the administrator role from yourself"
            ))
        );
        assert_eq!(
            users::set_role(s, &gina, gina.user_id, Role::Admin, promoted.version).await,
            Err(AppError::Forbidden)
        );
    }
}

#[tokio::test]
async fn demo_seed_creates_one_user_per_role_once() {
    for db in databases().await {
        let s = &db.store;
        assert_eq!(
            cairn::store::seed::demo(s).await,
            Ok(cairn::store::seed::Seeded::Created(6))
        );
        assert_eq!(
            cairn::store::seed::demo(s).await,
            Ok(cairn::store::seed::Seeded::AlreadyPopulated)
        );
        for (username, role, password, team) in cairn::store::seed::DEMO_USERS {
            let u = users::authenticate(s, username, password)
                .await
                .expect("demo sign-in");
            assert_eq!(u.role, role);
            assert_eq!(u.team_name.as_deref(), team);
        }
        // The demo desk has open tickets and a few weeks of history.
        let agent = cairn::store::seed::demo_actor(s, "service")
            .await
            .expect("agent");
        let open = cairn::store::service::tickets::list(s, &agent, &Default::default())
            .await
            .expect("queue");
        assert_eq!(open.len(), 4, "{}", db.name);
        let today = chrono::Utc::now().date_naive();
        let q = cairn::domain::service::report::ServiceReportQuery {
            from: today - chrono::Duration::days(60),
            to: today,
            bucket: cairn::domain::service::report::Bucket::Week,
        };
        let r = cairn::store::service::report::service_report(s, &agent, q)
            .await
            .expect("report");
        assert_eq!((r.opened_total(), r.resolved, r.backlog), (9, 5, 4));
        assert_eq!(r.ratings.iter().sum::<u32>(), 4);
        // Seeded at any hour, the desk's history took working time.
        assert!(r.mean_resolve_minutes.is_some_and(|m| m > 0), "{r:?}");
        assert!(r.mean_response_minutes.is_some_and(|m| m > 0), "{r:?}");
        // Two demo campaigns, the finished trade show with figures.
        let manager = cairn::store::seed::demo_actor(s, "manager")
            .await
            .expect("manager");
        let campaigns = cairn::store::marketing::campaigns::list(s, &manager)
            .await
            .expect("campaigns");
        assert_eq!(campaigns.len(), 2, "{}", db.name);
        let fair = campaigns
            .iter()
            .find(|c| c.campaign.name == "Spring trade show 2026")
            .expect("trade show");
        let m = &fair.metrics;
        assert!(m.members > 3, "{m:?}");
        // Two invited contacts answered and the booth's lead came (it joined
        // as one who responded); one contact converted.
        assert_eq!((m.by_status[1], m.by_status[2], m.leads), (3, 1, 1));
        assert!(m.influenced_deals > 0 && m.roi.is_some(), "{m:?}");
    }
}

#[tokio::test]
async fn sqlite_backup_is_a_consistent_openable_copy() {
    for db in databases().await {
        let s = &db.store;
        cairn::store::seed::demo(s).await.expect("seed");
        let dir = tempfile::tempdir().expect("dir");
        let target = dir.path().join("backup.db");
        let result = cairn::store::backup::backup(s, &target).await;
        if db.name == "postgres" {
            assert!(matches!(
                result,
                Err(cairn::store::backup::BackupError::Postgres)
            ));
            continue;
        }
        result.expect("backup");
        assert!(matches!(
            cairn::store::backup::backup(s, &target).await,
            Err(cairn::store::backup::BackupError::Exists(_))
        ));
        let copy = cairn::store::Store::open(&format!("sqlite://{}", target.display()))
            .await
            .expect("open copy");
        assert_eq!(users::count(&copy).await.expect("count"), 6);
        assert!(
            users::authenticate(&copy, "admin", "cairn-admin-demo")
                .await
                .is_ok()
        );
    }
}
