//! Importing files into the store on SQLite and PostgreSQL: the CRM sample
//! data set (accounts, sales teams, the sales pipeline) cleaned through
//! mappings, checked against the forecast the reports page shows; and the
//! guarantees: a failed import changes nothing, undo restores, undo refuses
//! after a later edit, roles that may not import are refused.

mod support;

use std::collections::BTreeMap;

use cairn::domain::customer::AccountInput;
use cairn::domain::import::{
    Choice, Counts, Decisions, GroupChoice, Kind, Mapping, ReadOptions, Table, read_csv,
};
use cairn::domain::sales::forecast::ForecastQuery;
use cairn::domain::{Actor, AppError, Role};
use cairn::store::Store;
use cairn::store::customers::accounts;
use cairn::store::import;
use cairn::store::sales::forecast;
use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, Statement};
use support::{actor, actor_in, databases};

fn testdata(relative: &str) -> Vec<u8> {
    let path = format!(
        "{}/../shared/testdata/{relative}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("test data {path} is missing ({e})"))
}

fn table(relative: &str) -> Table {
    read_csv(&testdata(relative), &ReadOptions::default()).expect("read")
}

fn csv(text: &str) -> Table {
    read_csv(text.as_bytes(), &ReadOptions::default()).expect("read")
}

fn mapping(name: &str) -> Mapping {
    let path = format!(
        "{}/tests/data/import/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(&path).expect("mapping")).expect("json")
}

const TABLES: [&str; 13] = [
    "accounts",
    "contacts",
    "deals",
    "stage_visits",
    "deal_contacts",
    "users",
    "teams",
    "audit_log",
    "search_terms",
    "record_tags",
    "imports",
    "import_records",
    "stages",
];

/// Per table: row count, sum of ids (or of record ids) and of versions
/// where there are any — equal before and after means nothing was added,
/// removed or changed.
async fn checksum(s: &Store) -> BTreeMap<&'static str, (i64, i64, i64)> {
    let mut out = BTreeMap::new();
    for t in TABLES {
        let (id, version) = match t {
            "search_terms" | "record_tags" => ("record_id", "0"),
            "deal_contacts" => ("deal_id", "0"),
            "stage_visits" | "audit_log" | "teams" | "imports" | "import_records" => ("id", "0"),
            _ => ("id", "version"),
        };
        let sql = format!(
            "SELECT COUNT(*) AS n, CAST(COALESCE(SUM({id}), 0) AS BIGINT) AS ids, CAST(COALESCE(SUM({version}), 0) AS BIGINT) AS versions FROM {t}"
        );
        let row = s
            .conn()
            .query_one_raw(Statement::from_string(s.conn().get_database_backend(), sql))
            .await
            .expect("checksum")
            .expect("a row");
        out.insert(
            t,
            (
                row.try_get::<i64>("", "n").expect("n"),
                row.try_get::<i64>("", "ids").expect("ids"),
                row.try_get::<i64>("", "versions").expect("versions"),
            ),
        );
    }
    out
}

async fn count(s: &Store, sql: &str) -> i64 {
    let row = s
        .conn()
        .query_one_raw(Statement::from_string(
            s.conn().get_database_backend(),
            format!("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM {sql}"),
        ))
        .await
        .expect("count")
        .expect("row");
    row.try_get::<i64>("", "n").expect("n")
}

fn none() -> Decisions {
    Decisions::default()
}

/// What the CSV itself says about the deals.
struct Expected {
    open_per_stage: BTreeMap<String, u64>,
    won: u64,
    lost: u64,
    won_value_cents: i64,
}

fn expected_from_csv() -> Expected {
    let bytes = testdata("crm/sales_pipeline.csv");
    let mut r = csv::ReaderBuilder::new().from_reader(&bytes[..]);
    let headers = r.headers().expect("headers").clone();
    let col = |n: &str| headers.iter().position(|h| h == n).expect("column");
    let (stage, value) = (col("deal_stage"), col("close_value"));
    let mut e = Expected {
        open_per_stage: BTreeMap::new(),
        won: 0,
        lost: 0,
        won_value_cents: 0,
    };
    for rec in r.records() {
        let rec = rec.expect("record");
        match &rec[stage] {
            "Won" => {
                e.won += 1;
                e.won_value_cents += rec[value].parse::<i64>().expect("value") * 100;
            }
            "Lost" => e.lost += 1,
            other => *e.open_per_stage.entry(other.to_owned()).or_default() += 1,
        }
    }
    e
}

#[tokio::test]
async fn the_crm_sample_imports_and_the_forecast_agrees_with_the_csv() {
    let expected = expected_from_csv();
    for db in databases().await {
        let s = &db.store;
        let admin = actor(s, "admin", Role::Admin).await;

        // Sales teams: 35 agents, their 6 managers and 3 regional offices.
        let (t, m) = (table("crm/sales_teams.csv"), mapping("sales_teams"));
        let dry = import::dry_run(s, &admin, Kind::Users, &t, &m, &none())
            .await
            .expect("dry run");
        assert_eq!(
            dry.counts,
            Counts {
                create: 35,
                ..Default::default()
            },
            "{}",
            db.name
        );
        assert_eq!(dry.also_created.len(), 9, "{:?}", dry.also_created);
        assert!(dry.also_created.contains(&"team Central".to_owned()));
        assert!(
            dry.also_created
                .contains(&"user Dustin Brinkmann".to_owned())
        );
        let users = import::commit(s, &admin, Kind::Users, "sales_teams.csv", &t, &m, &none())
            .await
            .expect("commit users");
        assert_eq!(count(s, "users").await, 1 + 35 + 6);
        assert_eq!(count(s, "teams").await, 3);
        assert_eq!(
            count(s, "users u JOIN teams t ON t.id = u.team_id WHERE u.username = 'dustin.brinkmann' AND u.role = 'manager' AND t.name = 'Central'").await,
            1
        );

        // Accounts: the misspelt sector is corrected by the value map.
        let (t, m) = (table("crm/accounts.csv"), mapping("accounts"));
        let dry = import::dry_run(s, &admin, Kind::Accounts, &t, &m, &none())
            .await
            .expect("dry run");
        assert_eq!(dry.counts.error, 0, "{:?}", dry.errors);
        // Whatever the fuzzy rule groups in this file, every account is
        // a different company: create them all.
        let all = Decisions {
            groups: dry
                .duplicates
                .iter()
                .map(|g| GroupChoice {
                    key: g.key,
                    choice: Choice::Create,
                })
                .collect(),
            skip_errors: false,
        };
        let acc = import::commit(s, &admin, Kind::Accounts, "accounts.csv", &t, &m, &all)
            .await
            .expect("commit accounts");
        assert_eq!(acc.counts.create, 85);
        assert_eq!(count(s, "accounts WHERE industry = 'Technology'").await, 12);
        assert_eq!(
            count(s, "accounts WHERE lower(industry) = 'technolgy'").await,
            0
        );
        assert_eq!(
            count(
                s,
                "accounts WHERE name = 'Acme Corporation' AND annual_revenue = 1100040000"
            )
            .await,
            1
        );
        assert!(count(s, "search_terms WHERE kind = 'account'").await > 85);

        // Deals: stages mapped to the default pipeline, Won/Lost closed,
        // US dates, the misspelt product corrected, no account allowed.
        let (t, m) = (table("crm/sales_pipeline.csv"), mapping("sales_pipeline"));
        let started = std::time::Instant::now();
        let dry = import::dry_run(s, &admin, Kind::Deals, &t, &m, &none())
            .await
            .expect("dry run");
        assert_eq!(
            dry.counts,
            Counts {
                create: 8800,
                ..Default::default()
            },
            "{:?}",
            &dry.errors[..dry.errors.len().min(3)]
        );
        let deals = import::commit(
            s,
            &admin,
            Kind::Deals,
            "sales_pipeline.csv",
            &t,
            &m,
            &none(),
        )
        .await
        .expect("commit deals");
        eprintln!(
            "{}: 8,800 deals dry run + commit (debug build) {:?}",
            db.name,
            started.elapsed()
        );
        assert_eq!(deals.counts.create, 8800);
        assert_eq!(count(s, "deals").await, 8800);
        assert_eq!(count(s, "deals WHERE title = 'GTXPro'").await, 0);
        assert_eq!(count(s, "deals WHERE title = 'GTX Pro'").await, 1480);
        assert_eq!(count(s, "deals WHERE account_id IS NULL").await, 1425);
        assert_eq!(count(s, "stage_visits").await, 8800);

        // The forecast page's own numbers, over the CSV's years.
        let report = forecast::report(
            s,
            &admin,
            &ForecastQuery {
                currency: Some("USD".into()),
                from: NaiveDate::from_ymd_opt(2016, 1, 1),
                to: NaiveDate::from_ymd_opt(2017, 12, 31),
                ..Default::default()
            },
        )
        .await
        .expect("forecast");
        let f = &report.forecast;
        assert_eq!(
            (f.won, f.lost),
            (expected.won, expected.lost),
            "{}",
            db.name
        );
        let rate = 100.0 * expected.won as f64 / (expected.won + expected.lost) as f64;
        assert!((f.win_rate_pct.expect("win rate") - rate).abs() < 1e-9);
        let n = i128::from(expected.won);
        let average = (i128::from(expected.won_value_cents) * 2 + n) / (2 * n);
        assert_eq!(f.average_won_amount.map(i128::from), Some(average));
        let stage_name = |id: Option<i64>| {
            report
                .stages
                .iter()
                .find(|(s, _)| Some(*s) == id)
                .map(|(_, n)| n.clone())
                .unwrap_or_default()
        };
        let per_stage: BTreeMap<String, u64> = f
            .by_stage
            .iter()
            .filter(|g| g.deals > 0)
            .map(|g| (stage_name(g.key), g.deals))
            .collect();
        let want: BTreeMap<String, u64> = [
            (
                "Qualification".to_owned(),
                expected.open_per_stage["Prospecting"],
            ),
            (
                "Needs analysis".to_owned(),
                expected.open_per_stage["Engaging"],
            ),
        ]
        .into();
        assert_eq!(per_stage, want, "{}", db.name);

        // History lists the three imports, newest first.
        let h = import::history(s, &admin).await.expect("history");
        assert_eq!(
            h.iter().map(|i| i.id).collect::<Vec<_>>(),
            [deals.import_id, acc.import_id, users.import_id]
        );

        // The accounts cannot be undone while imported deals use them.
        match import::undo(s, &admin, acc.import_id).await {
            Err(AppError::Validation { reason, .. }) => {
                assert!(reason.contains("this import did not create"), "{reason}")
            }
            other => panic!("{other:?}"),
        }
        // Undoing the deals, then the accounts, removes them all.
        import::undo(s, &admin, deals.import_id)
            .await
            .expect("undo deals");
        assert_eq!(
            (count(s, "deals").await, count(s, "stage_visits").await),
            (0, 0)
        );
        import::undo(s, &admin, acc.import_id)
            .await
            .expect("undo accounts");
        assert_eq!(count(s, "accounts").await, 0);
        assert_eq!(count(s, "search_terms WHERE kind = 'account'").await, 0);
        let again = import::undo(s, &admin, acc.import_id).await;
        assert!(
            matches!(again, Err(AppError::Validation { .. })),
            "{again:?}"
        );
    }
}

#[tokio::test]
async fn a_failing_import_leaves_the_database_exactly_as_before() {
    for db in databases().await {
        let s = &db.store;
        let admin = actor(s, "admin", Role::Admin).await;
        let (t, m) = (table("crm/accounts.csv"), mapping("accounts"));
        let all_create = |d: &cairn::domain::import::DryRun| Decisions {
            groups: d
                .duplicates
                .iter()
                .map(|g| GroupChoice {
                    key: g.key,
                    choice: Choice::Create,
                })
                .collect(),
            skip_errors: false,
        };
        let dry = import::dry_run(s, &admin, Kind::Accounts, &t, &m, &none())
            .await
            .expect("dry");
        import::commit(
            s,
            &admin,
            Kind::Accounts,
            "accounts.csv",
            &t,
            &m,
            &all_create(&dry),
        )
        .await
        .expect("accounts");
        let before = checksum(s).await;

        // A row error refuses the whole file.
        let bad = csv(
            "product,account,deal_stage,close_value\nGTX Basic,Acme Corporation,Won,100\nGTX Pro,Nowhere Ltd,Won,200\n",
        );
        let mut dm = Mapping::suggested(Kind::Deals, &bad.headers);
        dm.columns[0].field = Some(cairn::domain::import::Field::DealTitle);
        dm.defaults.currency = Some("USD".into());
        dm.stages
            .insert("Won".into(), cairn::domain::import::StageTarget::Won);
        let dry = import::dry_run(s, &admin, Kind::Deals, &bad, &dm, &none())
            .await
            .expect("dry");
        assert_eq!((dry.counts.create, dry.counts.error), (1, 1));
        assert_eq!(dry.errors[0].row, 3);
        assert_eq!(dry.errors[0].column, "account");
        assert!(
            dry.errors[0]
                .reason
                .contains("no account is named \"Nowhere Ltd\""),
            "{:?}",
            dry.errors
        );
        let refused = import::commit(s, &admin, Kind::Deals, "bad.csv", &bad, &dm, &none()).await;
        assert!(
            matches!(refused, Err(AppError::Validation { .. })),
            "{refused:?}"
        );
        assert_eq!(checksum(s).await, before, "{}", db.name);

        // A failure inside the transaction, after thousands of rows were
        // written: a trigger refuses the last deal of the file.
        let backend = s.conn().get_database_backend();
        let sqls: &[&str] = if db.name == "sqlite" {
            &[
                "CREATE TRIGGER boom BEFORE INSERT ON deals WHEN NEW.title = 'BOOM' BEGIN SELECT RAISE(ABORT, 'boom'); END",
            ]
        } else {
            &[
                "CREATE FUNCTION boom() RETURNS trigger AS $$ BEGIN IF NEW.title = 'BOOM' THEN RAISE EXCEPTION 'boom'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql",
                "CREATE TRIGGER boom BEFORE INSERT ON deals FOR EACH ROW EXECUTE FUNCTION boom()",
            ]
        };
        for sql in sqls {
            s.conn()
                .execute_raw(Statement::from_string(backend, *sql))
                .await
                .expect("trigger");
        }
        let mut text = String::from("product,account,deal_stage,close_value\n");
        for i in 0..5_000 {
            text.push_str(&format!("Deal {i},Acme Corporation,Won,{i}\n"));
        }
        text.push_str("BOOM,Acme Corporation,Won,1\n");
        let big = csv(&text);
        let failed = import::commit(s, &admin, Kind::Deals, "big.csv", &big, &dm, &none()).await;
        assert!(matches!(failed, Err(AppError::Internal(_))), "{failed:?}");
        assert_eq!(checksum(s).await, before, "{}", db.name);
    }
}

#[tokio::test]
async fn undo_restores_updates_and_refuses_after_a_later_edit() {
    for db in databases().await {
        let s = &db.store;
        let admin = actor(s, "admin", Role::Admin).await;
        let acme = accounts::create(
            s,
            &admin,
            AccountInput {
                name: "Acme Corporation".into(),
                email: "sales@acme.example".into(),
                industry: "Retail".into(),
                ..Default::default()
            },
        )
        .await
        .expect("acme");
        let before = checksum(s).await;
        let file = csv(
            "name,email,industry\nACME Corp.,sales@acme.example,Software\nGlobex,info@globex.example,Energy\n",
        );
        let m = Mapping::suggested(Kind::Accounts, &file.headers);
        let dry = import::dry_run(s, &admin, Kind::Accounts, &file, &m, &none())
            .await
            .expect("dry");
        assert_eq!(dry.duplicates.len(), 1, "{:?}", dry.duplicates);
        let g = &dry.duplicates[0];
        assert_eq!((g.key, g.rows.clone()), (2, vec![2]));
        assert_eq!(g.existing[0].id, acme.id);
        assert!(
            g.reasons.contains(&"same email".to_owned()),
            "{:?}",
            g.reasons
        );
        // Without a choice the duplicate is skipped.
        assert_eq!(
            dry.counts,
            Counts {
                create: 1,
                skip: 1,
                ..Default::default()
            }
        );
        let update = Decisions {
            groups: vec![GroupChoice {
                key: 2,
                choice: Choice::Update { id: acme.id },
            }],
            skip_errors: false,
        };
        let dry = import::dry_run(s, &admin, Kind::Accounts, &file, &m, &update)
            .await
            .expect("dry");
        assert_eq!(
            dry.counts,
            Counts {
                create: 1,
                update: 1,
                ..Default::default()
            }
        );
        let done = import::commit(s, &admin, Kind::Accounts, "a.csv", &file, &m, &update)
            .await
            .expect("commit");
        let now = accounts::get(s, &admin, acme.id).await.expect("acme");
        assert_eq!(
            (now.name.as_str(), now.industry.as_str(), now.version),
            ("ACME Corp.", "Software", 2)
        );
        import::undo(s, &admin, done.import_id).await.expect("undo");
        let back = accounts::get(s, &admin, acme.id).await.expect("acme");
        assert_eq!(
            (back.name.as_str(), back.industry.as_str()),
            ("Acme Corporation", "Retail")
        );
        assert_eq!(count(s, "accounts").await, 1);
        let after = checksum(s).await;
        for t in [
            "accounts",
            "search_terms",
            "record_tags",
            "contacts",
            "deals",
        ] {
            let (b, a) = (before[t], after[t]);
            // The restore is itself an edit: the version moved on.
            assert_eq!((b.0, b.1), (a.0, a.1), "{t} on {}", db.name);
        }

        // A record edited after the import: undo refuses, nothing changes.
        let done = import::commit(s, &admin, Kind::Accounts, "a.csv", &file, &m, &none())
            .await
            .expect("commit");
        let globex = accounts::list(s, &admin, &Default::default(), false)
            .await
            .expect("list")
            .items
            .into_iter()
            .find(|a| a.name == "Globex")
            .expect("globex");
        let g = accounts::get(s, &admin, globex.id).await.expect("globex");
        let mut input = g.to_input();
        input.industry = "Utilities".into();
        accounts::update(s, &admin, g.id, g.version, input)
            .await
            .expect("edit");
        let before_undo = checksum(s).await;
        match import::undo(s, &admin, done.import_id).await {
            Err(AppError::Conflict {
                entity,
                current_version,
            }) => {
                assert!(entity.contains(&format!("account {}", g.id)), "{entity}");
                assert_eq!(current_version, 2);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(checksum(s).await, before_undo, "{}", db.name);
    }
}

#[tokio::test]
async fn roles_that_may_not_import_are_refused() {
    for db in databases().await {
        let s = &db.store;
        let viewer = actor(s, "vera", Role::Viewer).await;
        let ann: Actor = actor_in(s, "ann", Role::Sales, "East").await;
        let _bob = actor_in(s, "bob", Role::Sales, "West").await;
        let before = checksum(s).await;
        let accounts_file = csv("name\nAcme\n");
        let am = Mapping::suggested(Kind::Accounts, &accounts_file.headers);
        for (who, kind, file, m) in [
            (&viewer, Kind::Accounts, &accounts_file, &am),
            (
                &ann,
                Kind::Users,
                &table("crm/sales_teams.csv"),
                &mapping("sales_teams"),
            ),
        ] {
            let dry = import::dry_run(s, who, kind, file, m, &none()).await;
            assert_eq!(dry.err(), Some(AppError::Forbidden), "{kind:?}");
            let c = import::commit(s, who, kind, "f.csv", file, m, &none()).await;
            assert_eq!(c.err(), Some(AppError::Forbidden), "{kind:?}");
        }
        // A sales person imports deals of their own, not a colleague's
        // of another team.
        let deals = csv("title,owner,amount\nMine,ann,100\nTheirs,bob,200\n");
        let mut dm = Mapping::suggested(Kind::Deals, &deals.headers);
        dm.defaults.currency = Some("CNY".into());
        let dry = import::dry_run(s, &ann, Kind::Deals, &deals, &dm, &none())
            .await
            .expect("dry");
        assert_eq!((dry.counts.create, dry.counts.error), (1, 1));
        assert_eq!(dry.errors[0].row, 3);
        assert!(
            dry.errors[0].reason.starts_with("you may not"),
            "{:?}",
            dry.errors
        );
        assert!(
            import::commit(s, &ann, Kind::Deals, "d.csv", &deals, &dm, &none())
                .await
                .is_err()
        );
        assert_eq!(checksum(s).await, before, "{}", db.name);
        // With skip_errors, only her own deal goes in.
        let skip = Decisions {
            skip_errors: true,
            ..Default::default()
        };
        let c = import::commit(s, &ann, Kind::Deals, "d.csv", &deals, &dm, &skip)
            .await
            .expect("commit");
        assert_eq!((c.counts.create, c.errors.len()), (1, 1));
        // Bob may not undo Ann's import.
        let bob_actor = Actor {
            user_id: _bob.user_id,
            role: Role::Sales,
            team_id: _bob.team_id,
        };
        assert_eq!(
            import::undo(s, &bob_actor, c.import_id).await.err(),
            Some(AppError::Forbidden)
        );
    }
}
