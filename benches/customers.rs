//! The customer pages at scale: p50/p95 of the account list query, the
//! search box and the 360° view of an account, on a database seeded with
//! `cairn seed --scale` (100k accounts by default), on SQLite and, when
//! `CAIRN_BENCH_POSTGRES_URL` names a server, on a fresh PostgreSQL
//! database. A scripted load test rather than criterion: what matters is
//! the latency distribution over varied realistic inputs against the
//! issue's budgets, not micro-level regressions of one input.
//!
//! ```sh
//! cargo bench --features ssr --bench customers
//! CAIRN_BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres \
//!   CAIRN_BENCH_ACCOUNTS=100000 cargo bench --features ssr --bench customers
//! ```
//!
//! `CAIRN_BENCH_ITERS` sets the measured iterations per operation (300).

use std::future::Future;
use std::time::{Duration, Instant};

use cairn::domain::customer::{
    Grade, Lifecycle, ListQuery, RecordKind, SortKey, fields::phone_national,
};
use cairn::domain::user::NewUser;
use cairn::domain::{Actor, Role};
use cairn::store::Store;
use cairn::store::customers::{accounts, contacts, scale, search, timeline};
use cairn::store::entity::{account, contact};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect, Statement,
};

const LIST_BUDGET: Duration = Duration::from_millis(50);
const SEARCH_BUDGET: Duration = Duration::from_millis(20);
const VIEW_BUDGET: Duration = Duration::from_millis(50);
const WARM_UP: usize = 30;

fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::main]
async fn main() {
    // `cargo bench` passes `--bench`; there is nothing to filter here.
    let n = env_num("CAIRN_BENCH_ACCOUNTS", 100_000);
    let iters = env_num("CAIRN_BENCH_ITERS", 300) as usize;
    let mut rows = Vec::new();
    let mut seeds = Vec::new();

    // CAIRN_BENCH_SQLITE_DIR keeps the SQLite database (to EXPLAIN its
    // queries afterwards) and reuses it when it was seeded already.
    let dir = tempfile::tempdir().expect("temp dir");
    let keep = std::env::var("CAIRN_BENCH_SQLITE_DIR").ok();
    let path = keep
        .as_deref()
        .map(std::path::Path::new)
        .unwrap_or(dir.path());
    let url = Store::sqlite_url_in(path).expect("sqlite url");
    let store = Store::open(&url).await.expect("open sqlite");
    if let Ok(pragmas) = std::env::var("CAIRN_BENCH_SQLITE_PRAGMAS") {
        connection_pragmas(&store, &pragmas).await;
    }
    let (r, seed) = run("sqlite", &store, n, iters).await;
    rows.extend(r);
    seeds.push(seed);
    drop(store);

    match std::env::var("CAIRN_BENCH_POSTGRES_URL") {
        Ok(admin_url) if !admin_url.is_empty() => {
            // CAIRN_BENCH_POSTGRES_DB keeps (and reuses) a named database.
            let keep = std::env::var("CAIRN_BENCH_POSTGRES_DB").ok();
            let (store, name) = postgres_database(&admin_url, keep.as_deref()).await;
            let (r, seed) = run("postgres", &store, n, iters).await;
            rows.extend(r);
            seeds.push(seed);
            store.conn().clone().close().await.expect("close");
            if keep.is_none() {
                drop_postgres(&admin_url, &name).await;
            }
        }
        _ => eprintln!("PostgreSQL: set CAIRN_BENCH_POSTGRES_URL to measure it too"),
    }

    println!();
    for s in &seeds {
        println!("{s}");
    }
    println!(
        "{:<22} {:<9} {:>5} {:>9} {:>9} {:>9} {:>8}  result",
        "operation", "backend", "n", "p50", "p95", "max", "budget"
    );
    let mut over = 0;
    for r in &rows {
        let pass = r.budget.is_none_or(|b| r.p95 < b);
        if !pass {
            over += 1;
        }
        println!(
            "{:<22} {:<9} {:>5} {:>9} {:>9} {:>9} {:>8}  {}",
            r.op,
            r.backend,
            r.n,
            ms(r.p50),
            ms(r.p95),
            ms(r.max),
            r.budget.map(ms).unwrap_or_else(|| "-".into()),
            match (r.budget, pass) {
                (None, _) => "info",
                (Some(_), true) => "PASS",
                (Some(_), false) => "FAIL",
            }
        );
    }
    println!(
        "{}",
        if over == 0 {
            "all operations within budget (p95)".to_owned()
        } else {
            format!("{over} operation(s) over budget (p95)")
        }
    );
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

struct Row {
    op: &'static str,
    backend: &'static str,
    n: usize,
    p50: Duration,
    p95: Duration,
    max: Duration,
    budget: Option<Duration>,
}

/// Runs `f` on the inputs in turn, `WARM_UP` times, then `iters` times
/// measured. With `CAIRN_BENCH_VERBOSE` set, shows the slowest inputs;
/// `CAIRN_BENCH_ONLY` runs only the operations whose name contains it.
async fn measure<T, F, Fut>(
    op: &'static str,
    backend: &'static str,
    budget: Option<Duration>,
    iters: usize,
    inputs: &[T],
    mut f: F,
) -> Option<Row>
where
    T: std::fmt::Debug,
    F: FnMut(&T) -> Fut,
    Fut: Future<Output = ()>,
{
    if let Ok(only) = std::env::var("CAIRN_BENCH_ONLY")
        && !op.contains(only.as_str())
    {
        return None;
    }
    for i in 0..WARM_UP {
        f(&inputs[i % inputs.len()]).await;
    }
    let mut times = Vec::with_capacity(iters);
    for i in 0..iters {
        let input = &inputs[(WARM_UP + i) % inputs.len()];
        let t = Instant::now();
        f(input).await;
        times.push((t.elapsed(), input));
    }
    times.sort_by_key(|t| t.0);
    let at = |pct: usize| times[(times.len() * pct).div_ceil(100).saturating_sub(1)].0;
    let row = Row {
        op,
        backend,
        n: times.len(),
        p50: at(50),
        p95: at(95),
        max: times[times.len() - 1].0,
        budget,
    };
    eprintln!(
        "  {backend:<9} {op:<22} p50 {:>9} p95 {:>9}",
        ms(row.p50),
        ms(row.p95)
    );
    if std::env::var_os("CAIRN_BENCH_VERBOSE").is_some() {
        for (d, input) in times.iter().rev().take(5) {
            eprintln!("      {:>9}  {input:?}", ms(*d));
        }
    }
    Some(row)
}

struct People {
    admin: Actor,
    sales: Vec<Actor>,
}

async fn people(store: &Store) -> People {
    use cairn::store::entity::user;
    let existing = user::Entity::find().all(store.conn()).await.expect("users");
    if !existing.is_empty() {
        let actor = |u: &user::Model| Actor {
            user_id: u.id,
            role: Role::parse(&u.role).expect("role"),
            team_id: u.team_id,
        };
        return People {
            admin: existing
                .iter()
                .find(|u| u.role == "admin")
                .map(actor)
                .expect("an admin"),
            sales: existing
                .iter()
                .filter(|u| u.role == "sales")
                .map(actor)
                .collect(),
        };
    }
    let user = |username: &str, role: Role, team_id: Option<i64>| NewUser {
        username: username.to_owned(),
        display_name: format!("Bench {username}"),
        email: format!("{username}@bench.example"),
        role,
        team_id,
        password: "a long enough bench passphrase".to_owned(),
    };
    let as_actor = |v: cairn::domain::user::UserView| Actor {
        user_id: v.id,
        role: v.role,
        team_id: v.team_id,
    };
    let admin = cairn::store::users::create_as_operator(store, user("admin", Role::Admin, None))
        .await
        .expect("admin");
    let mut sales = Vec::new();
    for (team, names) in [("East", ["ann", "bob"]), ("West", ["cat", "dan"])] {
        let t = cairn::store::users::ensure_team(store, team)
            .await
            .expect("team");
        for name in names {
            let v =
                cairn::store::users::create_as_operator(store, user(name, Role::Sales, Some(t.id)))
                    .await
                    .expect("sales user");
            sales.push(as_actor(v));
        }
    }
    People {
        admin: as_actor(admin),
        sales,
    }
}

/// Realistic search box inputs, cut from the seeded records: a prefix of
/// a name word, two words, a Chinese fragment, pinyin, phone digits, an
/// email prefix, a person's name.
fn search_inputs(
    rng: &mut StdRng,
    accs: &[account::Model],
    cons: &[contact::Model],
) -> Vec<String> {
    let prefix = |rng: &mut StdRng, w: &str, min: usize| -> String {
        let n = w.chars().count();
        let take = rng.gen_range(Ord::min(min, n)..=n);
        w.chars().take(take).collect()
    };
    let mut out = Vec::new();
    while out.len() < 400 {
        let a = &accs[rng.gen_range(0..accs.len())];
        let c = &cons[rng.gen_range(0..cons.len())];
        let q = match rng.gen_range(0..8) {
            0 | 1 if a.name.is_ascii() => {
                let w = a.name.split(' ').next().unwrap_or("");
                prefix(rng, &w.to_lowercase(), 3)
            }
            2 if a.name.is_ascii() => {
                let ws: Vec<&str> = a.name.split(' ').collect();
                let last = ws.get(ws.len().saturating_sub(2)).copied().unwrap_or("");
                format!("{} {}", prefix(rng, ws[0], 3), prefix(rng, last, 2))
            }
            0..=2 => {
                // A Chinese name: two or three characters from its middle
                // ("云帆", "帆科技").
                let chars: Vec<char> = a.name.chars().collect();
                let len = rng.gen_range(2..=3);
                let start = rng.gen_range(2..chars.len().saturating_sub(len).max(3));
                chars[start..Ord::min(start + len, chars.len())]
                    .iter()
                    .collect()
            }
            3 if !a.name.is_ascii() => {
                // Pinyin of the trade name, as typed on a Latin keyboard.
                let mut labels = a.domain.split(|c: char| c == '.' || c.is_ascii_digit());
                prefix(rng, labels.next().unwrap_or("yun"), 3)
            }
            3 | 4 if !c.phone.is_empty() => {
                let key: String = c.phone.chars().filter(char::is_ascii_digit).collect();
                let national = phone_national(&key).unwrap_or(&key).to_owned();
                let n = rng.gen_range(5..=Ord::min(9, national.len()));
                national[..n].to_owned()
            }
            5 if !c.email.is_empty() => prefix(rng, &c.email, 4),
            6 => {
                let mut w = c.name.split(' ');
                let first = w.next().unwrap_or("");
                match w.next() {
                    Some(last) => format!("{first} {}", prefix(rng, last, 1)),
                    None => prefix(rng, first, 1),
                }
            }
            _ => continue,
        };
        if !q.trim().is_empty() {
            out.push(q);
        }
    }
    out
}

fn list_queries(rng: &mut StdRng, industries: &[String]) -> Vec<ListQuery> {
    let grades = [Grade::A, Grade::B, Grade::C, Grade::D];
    let tags = ["vip", "partner", "重点", "trial"];
    (0..200)
        .map(|i| {
            let mut q = ListQuery::default();
            match i % 8 {
                0 => {}
                1 => q.grade = Some(grades[rng.gen_range(0..4)]),
                2 => q.lifecycle = Some(Lifecycle::ALL[rng.gen_range(0..4)]),
                3 => q.tag = Some(tags[rng.gen_range(0..tags.len())].to_owned()),
                4 => q.industry = Some(industries[rng.gen_range(0..industries.len())].clone()),
                5 => q.page = rng.gen_range(2..=400),
                6 => {
                    q.lifecycle = Some(Lifecycle::Customer);
                    q.industry = Some(industries[rng.gen_range(0..industries.len())].clone());
                }
                _ => {
                    q.grade = Some(grades[rng.gen_range(0..2)]);
                    q.page = rng.gen_range(1..=10);
                }
            }
            q.normalized()
        })
        .collect()
}

/// The measurements, and the seed's summary line.
async fn run(backend: &'static str, store: &Store, n: u64, iters: usize) -> (Vec<Row>, String) {
    let p = people(store).await;
    let seeded = account::Entity::find()
        .count(store.conn())
        .await
        .expect("count");
    let summary = if seeded >= n {
        format!("{backend}: reused a database of {seeded} accounts")
    } else {
        eprintln!("{backend}: seeding {n} accounts …");
        let report = scale::scale(store, n, &[]).await.expect("scale seed");
        format!("{backend}: {report}")
    };
    eprintln!("{summary}");
    let conn = store.conn();
    let mut rng = StdRng::seed_from_u64(7);

    // Inputs, drawn from the seeded data (not measured).
    let ids: Vec<i64> = account::Entity::find()
        .select_only()
        .column(account::Column::Id)
        .into_tuple()
        .all(conn)
        .await
        .expect("ids");
    let sample_ids: Vec<i64> = (0..500).map(|_| ids[rng.gen_range(0..ids.len())]).collect();
    let accs = account::Entity::find()
        .filter(account::Column::Id.is_in(sample_ids.clone()))
        .all(conn)
        .await
        .expect("accounts");
    let cons = contact::Entity::find()
        .filter(contact::Column::AccountId.is_in(sample_ids.clone()))
        .all(conn)
        .await
        .expect("contacts");
    let industries = accounts::industries(store, &p.admin)
        .await
        .expect("industries");
    let queries = list_queries(&mut rng, &industries);
    let words = search_inputs(&mut rng, &accs, &cons);
    let everyone: Vec<&Actor> = std::iter::once(&p.admin).chain(&p.sales).collect();
    // The sales people's own accounts, for their 360° views.
    let own: Vec<(&Actor, i64)> = accs
        .iter()
        .filter_map(|a| {
            let who = p
                .sales
                .iter()
                .find(|s| s.team_id.is_some() && s.team_id == a.team_id)?;
            Some((who, a.id))
        })
        .collect();

    // The list as people page through it: sorted by name, unfiltered or
    // by one filter, some pages deep; as the admin and in a sales person's
    // scope. Other sorts and the text filter are reported for information.
    let admin_lists: Vec<(Actor, ListQuery)> =
        queries.iter().map(|q| (p.admin, q.clone())).collect();
    let sales_lists: Vec<(Actor, ListQuery)> = queries
        .iter()
        .enumerate()
        .map(|(i, q)| (p.sales[i % p.sales.len()], q.clone()))
        .collect();
    let other_sorts: Vec<(Actor, ListQuery)> = [
        SortKey::Grade,
        SortKey::Lifecycle,
        SortKey::LastActivity,
        SortKey::Updated,
        SortKey::Created,
    ]
    .into_iter()
    .enumerate()
    .flat_map(|(i, sort)| {
        [false, true].map(|desc| {
            let who = if desc {
                p.admin
            } else {
                p.sales[i % p.sales.len()]
            };
            (
                who,
                ListQuery {
                    sort,
                    desc,
                    ..Default::default()
                }
                .normalized(),
            )
        })
    })
    .collect();
    let texts: Vec<(Actor, ListQuery)> = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            (
                *everyone[i % everyone.len()],
                ListQuery {
                    q: w.clone(),
                    ..Default::default()
                }
                .normalized(),
            )
        })
        .collect();
    let list = |(who, q): &(Actor, ListQuery)| {
        let (who, q) = (*who, q.clone());
        async move {
            accounts::list(store, &who, &q, false).await.expect("list");
        }
    };
    let find = |(who, w): &(Actor, String)| {
        let (who, w) = (*who, w.clone());
        async move {
            search::search(store, &who, &w).await.expect("search");
        }
    };
    let admin_words: Vec<(Actor, String)> = words.iter().map(|w| (p.admin, w.clone())).collect();
    let sales_words: Vec<(Actor, String)> = words
        .iter()
        .enumerate()
        .map(|(i, w)| (p.sales[i % p.sales.len()], w.clone()))
        .collect();
    let per_100 = ListQuery {
        per_page: 100,
        ..Default::default()
    }
    .normalized();
    let views: Vec<(Actor, i64)> = accs
        .iter()
        .map(|a| (p.admin, a.id))
        .zip(own.iter().map(|(who, id)| (**who, *id)))
        .flat_map(|(a, b)| [a, b])
        .collect();
    let view = |(who, id): &(Actor, i64)| {
        let (who, id, per_100) = (*who, *id, &per_100);
        async move {
            accounts::get(store, &who, id).await.expect("account");
            contacts::list(store, &who, per_100, false, Some(id))
                .await
                .expect("contacts");
            timeline::account_timeline(store, &who, id, None, 20)
                .await
                .expect("timeline");
        }
    };
    let rows: Vec<Row> = [
        measure(
            "list (admin)",
            backend,
            Some(LIST_BUDGET),
            iters,
            &admin_lists,
            list,
        )
        .await,
        measure(
            "list (sales scope)",
            backend,
            Some(LIST_BUDGET),
            iters,
            &sales_lists,
            list,
        )
        .await,
        measure(
            "list (other sorts)",
            backend,
            None,
            iters,
            &other_sorts,
            list,
        )
        .await,
        measure("list (text filter)", backend, None, iters, &texts, list).await,
        measure(
            "search (admin)",
            backend,
            Some(SEARCH_BUDGET),
            iters,
            &admin_words,
            find,
        )
        .await,
        measure(
            "search (sales scope)",
            backend,
            Some(SEARCH_BUDGET),
            iters,
            &sales_words,
            find,
        )
        .await,
        measure("360° view", backend, Some(VIEW_BUDGET), iters, &views, view).await,
    ]
    .into_iter()
    .flatten()
    .collect();
    let hits = search::search(store, &p.admin, &words[0])
        .await
        .expect("search");
    eprintln!(
        "{backend}: e.g. search {:?} → {} hits ({} accounts)",
        words[0],
        hits.len(),
        hits.iter()
            .filter(|h| h.kind == RecordKind::Account)
            .count()
    );
    (rows, summary)
}

/// An experiment, not the shipped configuration: applies per-connection
/// pragmas (e.g. `mmap_size=1073741824;cache_size=-65536`) to every
/// connection of the store's pool (8), by holding that many transactions
/// at once, to see what a different `Store::connect` would give.
async fn connection_pragmas(store: &Store, pragmas: &str) {
    use sea_orm::TransactionTrait;
    let mut held = Vec::new();
    for _ in 0..8 {
        let txn = store.conn().begin().await.expect("begin");
        for p in pragmas.split(';').filter(|p| !p.trim().is_empty()) {
            txn.execute_unprepared(&format!("PRAGMA {p}"))
                .await
                .expect("pragma");
        }
        held.push(txn);
    }
    for txn in held {
        txn.rollback().await.expect("rollback");
    }
    eprintln!("sqlite: every connection got PRAGMA {pragmas}");
}

/// A fresh database for this run, or the database `keep` (created when
/// it does not exist yet).
async fn postgres_database(admin_url: &str, keep: Option<&str>) -> (Store, String) {
    let name = keep
        .map(str::to_owned)
        .unwrap_or_else(|| format!("cairn_bench_{}", std::process::id()));
    let admin = sea_orm::Database::connect(admin_url)
        .await
        .expect("connect to PostgreSQL");
    let exists = admin
        .query_one_raw(Statement::from_sql_and_values(
            admin.get_database_backend(),
            "SELECT 1 AS one FROM pg_database WHERE datname = $1",
            [name.clone().into()],
        ))
        .await
        .expect("look for the bench database")
        .is_some();
    if !exists {
        admin
            .execute_raw(Statement::from_string(
                admin.get_database_backend(),
                format!("CREATE DATABASE {name}"),
            ))
            .await
            .expect("create bench database");
    }
    admin.close().await.expect("close");
    let base = admin_url
        .rsplit_once('/')
        .map(|(b, _)| b)
        .unwrap_or(admin_url);
    let store = Store::open(&format!("{base}/{name}"))
        .await
        .expect("open PostgreSQL bench database");
    (store, name)
}

async fn drop_postgres(admin_url: &str, name: &str) {
    let admin = sea_orm::Database::connect(admin_url)
        .await
        .expect("connect to PostgreSQL");
    admin
        .execute_raw(Statement::from_string(
            admin.get_database_backend(),
            format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
        ))
        .await
        .expect("drop bench database");
}
